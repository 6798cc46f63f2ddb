//! `okr report --html DIR`: the static dashboard.

use super::exit;
use super::inputs::{report_load_errors, InputArgs};
use crate::history::cycles::cycle_record;
use crate::report::{report_document, Site};
use crate::workspace::stream;
use anyhow::Context;
use std::io::IsTerminal;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  okr report --html site/                    Dashboard for ./okrs
  okr report --html site/ okrs/2026-Q2/      One cycle
  chromium --headless --screenshot=shot.png site/index.html";

/// Arguments for `okr report`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct ReportArgs {
    /// Write the HTML dashboard into this directory (created if needed).
    #[arg(long, value_name = "OUT_DIR")]
    html: PathBuf,
    #[command(flatten)]
    inputs: InputArgs,
    #[command(flatten)]
    at: super::at::AtArgs,
}

/// Runs `okr report` and returns its exit status.
pub fn run(mut args: ReportArgs) -> anyhow::Result<u8> {
    if args.at.at.is_some() {
        // The revision is read from elsewhere; the pages still go where the user said.
        args.html = std::path::absolute(&args.html)
            .with_context(|| format!("{}: cannot resolve", args.html.display()))?;
    }
    let _revision = args.at.enter(&mut args.inputs)?;
    let today = super::today(None);
    let as_of = args.inputs.as_of;
    let closed_by = as_of.unwrap_or(today);
    let mut site = Site::new(&args.html)?;
    let progress = std::io::stderr().is_terminal();
    let mut shown = 0;
    let streamed = stream(
        &args.inputs.load_options(),
        |doc, config| {
            (
                report_document(doc, config, as_of, today),
                cycle_record(doc, config, closed_by),
            )
        },
        |(doc, record)| {
            site.add(&doc, record.as_ref())?;
            if progress && site.pages() >= shown + 1000 {
                shown = site.pages();
                eprint!("\rokr: writing pages {shown}");
            }
            Ok(())
        },
    )?;
    if shown > 0 {
        eprintln!();
    }
    report_load_errors(&streamed.errors)?;
    if streamed.analysed == 0 && !streamed.errors.is_empty() {
        return Ok(exit::FAILURE);
    }
    let (index, pages) = site.finish()?;
    let pages_written = match pages {
        1 => "1 page".to_string(),
        n => format!("{n} pages"),
    };
    let left_out = match streamed.errors.len() {
        0 => String::new(),
        1 => ", leaving out 1 file that could not be read".to_string(),
        n => format!(", leaving out {n} files that could not be read"),
    };
    println!(
        "okr: wrote {pages_written} to {}{left_out}",
        index.display()
    );
    Ok(if streamed.errors.is_empty() {
        exit::CLEAN
    } else {
        exit::FAILURE
    })
}
