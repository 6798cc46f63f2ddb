//! `okr report --html DIR`: the static dashboard.

use super::exit;
use super::inputs::{report_load_errors, InputArgs};
use crate::edit::write_atomic;
use crate::history::cycles::{cycle_record, team_histories, DEFAULT_CYCLES};
use crate::render::history_html::history_page;
use crate::render::html::{index_page, objective_file, objective_page};
use crate::render::metrics_html::metrics_page;
use crate::report::{report_document, ReportDocument};
use crate::workspace::analyse;
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
    let outcome = analyse(&args.inputs.load_options(), |doc, config| {
        (
            report_document(doc, config, as_of, today),
            cycle_record(doc, config, closed_by),
        )
    });
    report_load_errors(&outcome.errors)?;
    let (docs, records): (Vec<ReportDocument>, Vec<_>) =
        outcome.results.into_iter().map(|(_, d)| d).unzip();
    let teams = team_histories(
        records.into_iter().flatten().collect(),
        usize::from(DEFAULT_CYCLES),
    );
    if docs.is_empty() && !outcome.errors.is_empty() {
        return Ok(exit::FAILURE);
    }
    std::fs::create_dir_all(&args.html)
        .with_context(|| format!("{}: cannot create", args.html.display()))?;
    let mut pages = vec![(
        PathBuf::from("index.html"),
        index_page(&docs, !teams.is_empty()),
    )];
    if !teams.is_empty() {
        pages.push((PathBuf::from("history.html"), history_page(&teams)));
    }
    if docs.iter().any(|d| !d.metrics.is_empty()) {
        pages.push((PathBuf::from("metrics.html"), metrics_page(&docs)));
    }
    for (i, doc) in docs.iter().enumerate() {
        for objective in &doc.score.objectives {
            pages.push((
                PathBuf::from(objective_file(i, objective)),
                objective_page(doc, objective),
            ));
        }
    }
    let progress = std::io::stderr().is_terminal() && pages.len() > 200;
    for (n, (name, html)) in pages.iter().enumerate() {
        let path = args.html.join(name);
        write_atomic(&path, html.as_bytes())
            .with_context(|| format!("{}: cannot write", path.display()))?;
        if progress && n % 100 == 0 {
            eprint!("\rokr: writing pages {n}/{}", pages.len());
        }
    }
    if progress {
        eprintln!();
    }
    let pages_written = match pages.len() {
        1 => "1 page".to_string(),
        n => format!("{n} pages"),
    };
    let left_out = match outcome.errors.len() {
        0 => String::new(),
        1 => ", leaving out 1 file that could not be read".to_string(),
        n => format!(", leaving out {n} files that could not be read"),
    };
    println!(
        "okr: wrote {pages_written} to {}{left_out}",
        args.html.join("index.html").display()
    );
    Ok(if outcome.errors.is_empty() {
        exit::CLEAN
    } else {
        exit::FAILURE
    })
}
