//! `okr export`: every KR as JSON or CSV.

use super::inputs::{scored_documents, InputArgs};
use crate::render::export::{export_rows, render_export, ExportFormat};
use crate::score::Sets;

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
    #[command(flatten)]
    at: super::at::AtArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    format: ExportFormat,
}

/// Runs `okr export` and returns its exit status.
pub fn run(mut args: ExportArgs) -> anyhow::Result<u8> {
    let _revision = args.at.enter(&mut args.inputs)?;
    let (documents, status) = scored_documents(&args.inputs, Sets::All)?;
    let mut out = super::stdout();
    render_export(&mut out, args.format, &export_rows(&documents))?;
    std::io::Write::flush(&mut out)?;
    Ok(status)
}
