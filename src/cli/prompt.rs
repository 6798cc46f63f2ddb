//! Line prompts for interactive commands, over any reader and writer so tests can script them.

use std::io::{self, BufRead, Write};

/// Writes `question`, reads one line, and returns it trimmed; `None` at end of input.
pub fn ask(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    question: &str,
) -> io::Result<Option<String>> {
    write!(output, "{question}")?;
    output.flush()?;
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    Ok(Some(line.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_one_trimmed_line_per_question() {
        let mut input = io::Cursor::new("  first answer \n\n");
        let mut output = Vec::new();
        assert_eq!(
            ask(&mut input, &mut output, "a? ").unwrap().as_deref(),
            Some("first answer")
        );
        assert_eq!(
            ask(&mut input, &mut output, "b? ").unwrap().as_deref(),
            Some("")
        );
        assert_eq!(ask(&mut input, &mut output, "c? ").unwrap(), None);
        assert_eq!(String::from_utf8(output).unwrap(), "a? b? c? ");
    }
}
