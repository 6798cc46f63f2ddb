//! `okr export`: every KR as JSON or CSV.

use super::inputs::{stream_scored, InputArgs};
use crate::render::export::{ExportFormat, ExportStream};
use crate::score::{DocumentScore, Sets};

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
    let mut out = super::stdout();
    let format = args.format;
    let mut stream = ExportStream::start(&mut out, format)?;
    let render = |doc: DocumentScore| ExportStream::render(format, &doc);
    let (_, status) = stream_scored(&args.inputs, Sets::All, render, |part| stream.push(part?))?;
    stream.finish()?;
    std::io::Write::flush(&mut out)?;
    Ok(status)
}
