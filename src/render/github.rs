//! GitHub Actions workflow commands, which show findings inline on pull requests.

use crate::lint::Diagnostic;
use std::io::{self, Write};

/// Writes one `::error`/`::warning` command per finding.
pub fn render(out: &mut dyn Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
    for d in diagnostics {
        writeln!(
            out,
            "::{} title={},file={},line={},col={},endLine={},endColumn={}::{}",
            d.severity.as_str(),
            escape_property(&format!("{} {}", d.code, d.name)),
            escape_property(&d.path.display().to_string()),
            d.line,
            d.column,
            d.end_line,
            d.end_column,
            escape_data(&format!("{} (help: {})", d.message, d.help)),
        )?;
    }
    Ok(())
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
