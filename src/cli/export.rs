//! `okr export`: every KR as JSON or CSV.

use super::exit;
use super::inputs::{report_load_errors, InputArgs};
use crate::render::export::{export_rows, render_export, ExportFormat};
use crate::score::{evaluate_document, DocumentScore};
use crate::workspace::analyse;

const EXAMPLES: &str = "\
Examples:
  okr export --format csv > krs.csv         For a spreadsheet or BI import
  okr export --format json | jq '.key_results[] | select(.rag == \"red\")'";

/// Arguments for `okr export`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct ExportArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    format: ExportFormat,
}

/// Runs `okr export` and returns its exit status.
pub fn run(args: ExportArgs) -> anyhow::Result<u8> {
    let today = super::today(None);
    let as_of = args.inputs.as_of;
    let outcome = analyse(&args.inputs.load_options(), |doc, config| {
        evaluate_document(doc, config, as_of, today)
    });
    report_load_errors(&outcome.errors)?;
    let documents: Vec<DocumentScore> = outcome.results.into_iter().map(|(_, d)| d).collect();
    let mut out = super::stdout();
    render_export(&mut out, args.format, &export_rows(&documents))?;
    std::io::Write::flush(&mut out)?;
    Ok(if outcome.errors.is_empty() {
        exit::CLEAN
    } else {
        exit::FAILURE
    })
}
