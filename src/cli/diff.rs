//! `okr diff`: what changed between two revisions, in OKR terms.

use super::at::enter_revision;
use super::inputs::{scored_documents, InputArgs};
use crate::history::diff::diff;
use crate::render::changes;
use crate::score::Sets;
use chrono::NaiveDate;
use std::io::Write;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  okr diff main                  From main to the work tree
  okr diff origin/main HEAD      What a pull request changes
  okr diff HEAD~5 HEAD --format json
  okr diff v2026-q1 HEAD --path okrs/growth";

/// Arguments for `okr diff`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct DiffArgs {
    /// The revision before the change.
    from: String,
    /// The revision after it [default: the work tree].
    to: Option<String>,
    /// Files or directories to compare [default: ./okrs].
    #[arg(long = "path", value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Grade both sides as if today were this date [default: today].
    #[arg(long, value_parser = super::parse_as_of)]
    as_of: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,
}

/// The output formats of `okr diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum DiffFormat {
    /// One line per change, grouped by document.
    Human,
    /// `{"version": 1, "changes": [...]}`.
    Json,
}

/// Runs `okr diff`: 0, or 2 when a side could not be read.
pub fn run(args: DiffArgs) -> anyhow::Result<u8> {
    let inputs = || InputArgs {
        paths: args.paths.clone(),
        as_of: args.as_of,
        config: None,
    };
    let (before, failed_before) = {
        let mut side = inputs();
        let _revision = enter_revision(&args.from, &mut side)?;
        scored_documents(&side, Sets::All)?
    };
    let (after, failed_after) = match &args.to {
        Some(rev) => {
            let mut side = inputs();
            let _revision = enter_revision(rev, &mut side)?;
            scored_documents(&side, Sets::All)?
        }
        None => scored_documents(&inputs(), Sets::All)?,
    };
    let found = diff(&before, &after);
    let scale = after
        .first()
        .or(before.first())
        .map_or(crate::config::ScoreScale::ZeroToOne, |d| d.scale);
    let mut out = super::stdout();
    match args.format {
        DiffFormat::Human => changes::human(&mut out, &found, scale)?,
        DiffFormat::Json => changes::json(&mut out, &found)?,
    }
    out.flush()?;
    Ok(failed_before.max(failed_after))
}
