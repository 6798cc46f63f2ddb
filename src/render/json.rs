//! JSON output: a stable array of findings.

use crate::lint::Diagnostic;
use std::io::{self, Write};

/// Writes the findings as a pretty-printed JSON array.
///
/// Each object has `path`, `line`, `column`, `end_line`, `end_column`, `code`, `name`,
/// `severity` (`"error"` or `"warning"`), `message` and `help`. Fields are only ever added.
pub fn render(out: &mut dyn Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, diagnostics)?;
    writeln!(out)
}
