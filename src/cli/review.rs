//! `okr review`: the agenda for the weekly check-in meeting.

use super::inputs::{report_load_errors, InputArgs};
use crate::align::index::decision_log_for;
use crate::govern::decision_log::{decisions, Decision};
use crate::render::review::{render_review, ReviewFormat};
use crate::score::evaluate_document;
use crate::score::review::{review, Scored};
use crate::workspace::{analyse, load_document};
use anyhow::bail;
use chrono::{Days, NaiveDate};
use std::collections::BTreeSet;
use std::io::Write;

const EXAMPLES: &str = "\
Examples:
  okr review                              The last seven days, for ./okrs
  okr review --since 2026-02-10           Everything since the last meeting
  okr review --format markdown | pbcopy   The post for the team channel or the PR
  okr review --format json | jq '.key_results[] | select(.help != null)'";

/// Arguments for `okr review`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct ReviewArgs {
    #[command(flatten)]
    inputs: InputArgs,
    #[command(flatten)]
    at: super::at::AtArgs,
    /// The period's first day, usually the day after the last review [default: a week ago].
    #[arg(long, value_parser = super::parse_as_of, conflicts_with = "week")]
    since: Option<NaiveDate>,
    /// The seven days ending on the as-of date (the default).
    #[arg(long)]
    week: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReviewFormat::Human)]
    format: ReviewFormat,
}

/// Runs `okr review` and returns its exit status.
pub fn run(mut args: ReviewArgs) -> anyhow::Result<u8> {
    let _revision = args.at.enter(&mut args.inputs)?;
    let today = super::today(None);
    let as_of = super::today(args.inputs.as_of);
    let since = args.since.unwrap_or(as_of - Days::new(6));
    if since > as_of {
        bail!("--since {since} is after the as-of date {as_of}");
    }
    let day_before = since - Days::new(1);
    let outcome = analyse(&args.inputs.load_options(), |doc, config| {
        let scored = Scored {
            before: evaluate_document(doc, config, Some(day_before), today),
            after: evaluate_document(doc, config, Some(as_of), today),
            confidence_drop: config
                .confidence_drop
                .unwrap_or(config.confidence.default_drop()),
        };
        (scored, config.scale, decision_log_for(doc.source.path()))
    });
    report_load_errors(&outcome.errors)?;
    if outcome.results.is_empty() && !outcome.errors.is_empty() {
        return Ok(super::exit::FAILURE);
    }
    let logs: BTreeSet<_> = outcome
        .results
        .iter()
        .map(|(_, (_, _, log))| log.clone())
        .collect();
    let scale = outcome
        .results
        .first()
        .map_or(crate::config::ScoreScale::ZeroToOne, |(_, (_, s, _))| *s);
    let scored: Vec<Scored> = outcome
        .results
        .into_iter()
        .map(|(_, (s, _, _))| s)
        .collect();
    let logged: Vec<Decision> = logs
        .iter()
        .filter(|log| log.is_file())
        .filter_map(|log| load_document(log, args.inputs.config.clone()).ok())
        .flat_map(|(doc, _)| decisions(&doc))
        .collect();
    let agenda = review(&scored, &logged, since, as_of);
    let mut out = super::stdout();
    render_review(&mut out, args.format, &agenda, scale)?;
    out.flush()?;
    Ok(if outcome.errors.is_empty() {
        super::exit::CLEAN
    } else {
        super::exit::FAILURE
    })
}
