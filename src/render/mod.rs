//! Output formats. Each renderer writes to any `io::Write`, so tests can capture it.

pub mod changes;
pub mod chart;
pub mod diff;
pub mod export;
pub mod github;
pub mod gitlab;
pub mod history_html;
pub mod html;
pub mod human;
pub mod index_html;
pub mod json;
pub mod metrics_html;
pub mod review;
pub mod sarif;
pub mod score;
pub mod status;
pub mod stream;
pub mod style;
pub mod table;
pub mod tree;

use crate::lint::Diagnostic;
use std::io::{self, Write};

/// A lint output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LintFormat {
    /// `path:line:col: severity[CODE] message`, a snippet with a caret, and help.
    Human,
    /// A stable JSON array of findings.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other review tools.
    Sarif,
    /// GitLab Code Quality JSON, for merge requests.
    Gitlab,
}

/// Totals for the closing summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// OKR documents analysed.
    pub files: usize,
    /// Decision logs analysed (not counted as OKR documents).
    pub logs: usize,
    /// Findings of error severity.
    pub errors: usize,
    /// Findings of warning severity.
    pub warnings: usize,
    /// Files or configs that could not be used (already reported on stderr).
    pub failed: usize,
}

/// Writes `diagnostics` in `format`.
pub fn render_diagnostics(
    out: &mut dyn Write,
    format: LintFormat,
    diagnostics: &[Diagnostic],
    summary: Summary,
) -> io::Result<()> {
    match format {
        LintFormat::Human => human::render(out, diagnostics, summary),
        LintFormat::Json => json::render(out, diagnostics),
        LintFormat::Github => github::render(out, diagnostics),
        LintFormat::Sarif => sarif::render(out, diagnostics),
        LintFormat::Gitlab => gitlab::render(out, diagnostics),
    }
}
