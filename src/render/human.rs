//! Human-readable diagnostics, in the style of rustc and ruff.

use super::style::{BLUE, BOLD, GREEN, RED, YELLOW};
use super::Summary;
use crate::lint::{Diagnostic, Severity};
use anstyle::Style;
use std::fmt::{self, Write as _};
use std::io::{self, Write};

/// Writes each diagnostic with a snippet and help, then a summary line.
pub fn render(out: &mut dyn Write, diagnostics: &[Diagnostic], summary: Summary) -> io::Result<()> {
    // Each diagnostic is formatted into one reused buffer and written at once: a hundred
    // thousand findings are a few hundred thousand writes through the colour filter otherwise.
    let mut text = String::with_capacity(512);
    for d in diagnostics {
        text.clear();
        format_one(&mut text, d).map_err(io::Error::other)?;
        out.write_all(text.as_bytes())?;
    }
    render_summary(out, summary)
}

fn severity_style(s: Severity) -> Style {
    match s {
        Severity::Error => RED,
        Severity::Warning => YELLOW,
    }
}

fn format_one(out: &mut String, d: &Diagnostic) -> fmt::Result {
    let style = severity_style(d.severity);
    writeln!(
        out,
        "{BOLD}{}:{}:{}:{BOLD:#} {style}{}[{}]{style:#}{BOLD} {}{BOLD:#}",
        d.path.display(),
        d.line,
        d.column,
        d.severity.as_str(),
        d.code,
        d.message
    )?;
    let gutter = Pad(' ', d.line.to_string().len());
    let caret_start = d
        .source_line
        .chars()
        .take(d.column - 1)
        .map(tab_width)
        .sum::<usize>();
    let caret_len = caret_len(d).max(1);
    writeln!(out, "{BLUE}{gutter} |{BLUE:#}")?;
    write!(out, "{BLUE}{} |{BLUE:#} ", d.line)?;
    for part in d.source_line.split('\t').enumerate() {
        if part.0 > 0 {
            out.push_str("    ");
        }
        out.push_str(part.1);
    }
    out.push('\n');
    writeln!(
        out,
        "{BLUE}{gutter} |{BLUE:#} {}{style}{}{style:#}",
        Pad(' ', caret_start),
        Pad('^', caret_len)
    )?;
    writeln!(
        out,
        "{BLUE}{gutter} ={BLUE:#} {BOLD}help{BOLD:#}: {}",
        d.help
    )?;
    writeln!(out)
}

/// A character repeated, written without building the string.
struct Pad(char, usize);

impl fmt::Display for Pad {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (0..self.1).try_for_each(|_| f.write_char(self.0))
    }
}

fn tab_width(c: char) -> usize {
    if c == '\t' {
        4
    } else {
        1
    }
}

/// Caret width: to the span's end on the same line, else to the end of the line.
fn caret_len(d: &Diagnostic) -> usize {
    let line_chars = d.source_line.chars().count();
    let end = if d.end_line == d.line {
        d.end_column - 1
    } else {
        line_chars
    };
    end.min(line_chars).saturating_sub(d.column - 1)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// After a load error nothing may read as a clean run; the error itself is on stderr.
fn render_failed_summary(out: &mut dyn Write, s: Summary, files: &str) -> io::Result<()> {
    if s.files == 0 {
        return Ok(());
    }
    writeln!(
        out,
        "Found {RED}{}{RED:#} and {YELLOW}{}{YELLOW:#} in {files}; {} could not be read.",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.failed, "file")
    )
}

fn render_summary(out: &mut dyn Write, s: Summary) -> io::Result<()> {
    let files = match s.logs {
        0 => plural(s.files, "document"),
        1 => format!("{} and the decision log", plural(s.files, "document")),
        n => format!("{} and {n} decision logs", plural(s.files, "document")),
    };
    if s.failed > 0 {
        return render_failed_summary(out, s, &files);
    }
    if s.files == 0 && s.logs == 0 {
        return writeln!(out, "No OKR documents found, so nothing was linted.");
    }
    if s.errors == 0 && s.warnings == 0 {
        return writeln!(out, "{GREEN}All checks passed{GREEN:#} ({files} checked).");
    }
    writeln!(
        out,
        "Found {RED}{}{RED:#} and {YELLOW}{}{YELLOW:#} in {files}.",
        plural(s.errors, "error"),
        plural(s.warnings, "warning")
    )
}
