//! Writing back to documents: atomic file replacement and byte-exact splicing.
//!
//! Every write goes through [`write_atomic`], and every edit replaces one span of the
//! original text, so bytes outside that span are never touched.

mod atomic;
mod batch;
pub mod final_scores;
pub mod fmt;
mod lock;

pub use atomic::{stage, write_atomic, Commit, Staged};
pub use batch::Batch;
pub use lock::update_locked;

use crate::source::Span;

/// The line ending a document mostly uses: `\r\n` when most lines end that way.
pub fn line_ending(text: &str) -> &'static str {
    let crlf = text.matches("\r\n").count();
    let lf = text.matches('\n').count();
    if crlf * 2 > lf {
        "\r\n"
    } else {
        "\n"
    }
}

/// `text` with `span` replaced by `with`.
pub fn splice(text: &str, span: Span, with: &str) -> String {
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(&text[..span.start]);
    out.push_str(with);
    out.push_str(&text[span.end..]);
    out
}

/// `text` with `block` appended at the end, after a blank line.
///
/// The original text stays a prefix of the result, and a file that did not end in a
/// newline still does not.
pub fn append_block(text: &str, block: &str) -> String {
    let eol = line_ending(text);
    let mut out = text.to_string();
    let had_final_newline = text.is_empty() || text.ends_with('\n');
    if !had_final_newline {
        out.push_str(eol);
    }
    if !out.is_empty() && !out.ends_with(&format!("{eol}{eol}")) {
        out.push_str(eol);
    }
    out.push_str(block);
    if !had_final_newline {
        out.truncate(out.trim_end_matches(['\r', '\n']).len());
    }
    out
}

/// `doc`'s text with `key: value` added as the last line of its front-matter (a block is
/// created after any BOM when there is none).
pub fn with_front_matter_line(doc: &crate::doc::Document, key: &str, value: &str) -> String {
    let text = doc.source.text();
    let eol = line_ending(text);
    let line = format!("{key}: {value}{eol}");
    match doc.front.block {
        Some(block) => {
            let inside = &text[block.start..block.end];
            let closing = inside
                .trim_end_matches(['\r', '\n'])
                .rfind('\n')
                .map_or(block.end, |i| block.start + i + 1);
            splice(text, Span::at(closing), &line)
        }
        None => {
            let at = if text.starts_with('\u{feff}') { 3 } else { 0 };
            splice(text, Span::at(at), &format!("---{eol}{line}---{eol}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_line_endings() {
        assert_eq!(line_ending("a\r\nb\r\n"), "\r\n");
        assert_eq!(line_ending("a\nb\n"), "\n");
        assert_eq!(line_ending(""), "\n");
    }

    #[test]
    fn appends_after_exactly_one_blank_line() {
        assert_eq!(append_block("a\n", "B\n"), "a\n\nB\n");
        assert_eq!(append_block("a", "B\n"), "a\n\nB");
        assert_eq!(append_block("a\n\n", "B\n"), "a\n\nB\n");
        assert_eq!(append_block("a\r\n", "B\r\n"), "a\r\n\r\nB\r\n");
        assert_eq!(splice("abcdef", Span::new(2, 4), "XY"), "abXYef");
    }
}
