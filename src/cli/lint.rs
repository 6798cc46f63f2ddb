//! `okr lint`.

use super::exit;
use super::inputs::{report_load_errors, InputArgs};
use crate::cache::LintCache;
use crate::govern::decision_log::DECISION_LOG;
use crate::lint::{lint_paths, lint_paths_cached, Diagnostic, Severity};
use crate::render::{render_diagnostics, LintFormat, Summary};
use std::io::Write;

const EXAMPLES: &str = "\
Examples:
  okr lint                          Lint ./okrs
  okr lint okrs/growth.md           Lint one file
  okr lint --format github          Annotations for GitHub Actions
  okr lint --deny-warnings          Fail on warnings too
  okr lint --as-of 2026-03-01       Check dates as if today were 2026-03-01
  okr lint --no-cache               Lint every document afresh (see `okr clean`)";

/// Arguments for `okr lint`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct LintArgs {
    #[command(flatten)]
    inputs: InputArgs,
    #[command(flatten)]
    at: super::at::AtArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    format: LintFormat,
    /// Exit with status 1 when there are warnings, not only errors.
    #[arg(long)]
    deny_warnings: bool,
    /// List the Markdown files skipped because they are not OKR documents.
    #[arg(short, long)]
    verbose: bool,
    /// Neither read nor write the cache of findings in .okr_cache/.
    #[arg(long, env = "OKR_NO_CACHE", value_parser = clap::builder::FalseyValueParser::new())]
    no_cache: bool,
}

/// Runs `okr lint` and returns its exit status.
pub fn run(mut args: LintArgs) -> anyhow::Result<u8> {
    let _revision = args.at.enter(&mut args.inputs)?;
    let as_of = super::today(args.inputs.as_of);
    let options = args.inputs.load_options();
    // A revision's snapshot is thrown away, so its findings are not worth keeping.
    let outcome = if args.no_cache || args.at.at.is_some() {
        lint_paths(&options, as_of)
    } else {
        lint_paths_cached(&options, as_of, LintCache::new())
    };
    let mut stderr = anstream::stderr();
    for path in &outcome.skipped {
        if args.verbose {
            writeln!(
                stderr,
                "okr: skipped {} (not an OKR document)",
                path.display()
            )?;
        } else if args.inputs.paths.contains(path) {
            writeln!(stderr, "{}", not_an_okr_document(path))?;
        }
    }
    report_load_errors(&outcome.errors)?;
    let logs = outcome
        .results
        .iter()
        .filter(|(p, _)| p.file_name().is_some_and(|n| n == DECISION_LOG))
        .count();
    let files = outcome.results.len() - logs;
    // The first file's findings stay where they are and the rest are moved in once, so
    // a lone document with a hundred thousand findings is never copied.
    let total: usize = outcome.results.iter().map(|(_, d)| d.len()).sum();
    let mut files_found = outcome.results.into_iter().map(|(_, d)| d);
    let mut diagnostics: Vec<Diagnostic> = files_found.next().unwrap_or_default();
    diagnostics.reserve_exact(total - diagnostics.len());
    for mut found in files_found {
        diagnostics.append(&mut found);
    }
    let summary = summarise(&diagnostics, (files, logs), outcome.errors.len());
    let mut out = super::stdout();
    render_diagnostics(&mut out, args.format, &diagnostics, summary)?;
    out.flush()?;
    Ok(if !outcome.errors.is_empty() {
        exit::FAILURE
    } else if summary.errors > 0 || (args.deny_warnings && summary.warnings > 0) {
        exit::FINDINGS
    } else {
        exit::CLEAN
    })
}

/// The notice for a file named on the command line that okr read nothing from.
pub fn not_an_okr_document(path: &std::path::Path) -> String {
    format!(
        "okr: {} is not an OKR document, so nothing was read from it.\n  \
         okr reads front-matter with `cycle:`, `## O1: …` headings, `Objective: …` lines \
         or items, bold lines, and headings\n  with key results listed or tabled under them \
         (code blocks and comments never count).\n  Run `okr lint -v` to list every file \
         that was skipped.",
        path.display()
    )
}

/// Counts findings; `read` is the OKR documents and decision logs analysed.
fn summarise(diagnostics: &[Diagnostic], read: (usize, usize), failed: usize) -> Summary {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    Summary {
        files: read.0,
        logs: read.1,
        errors,
        warnings: diagnostics.len() - errors,
        failed,
    }
}
