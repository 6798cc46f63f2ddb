//! `okr history`: what a team's closed cycles add up to.

use super::inputs::{report_load_errors, InputArgs};
use crate::history::cycles::{cycle_record, TeamHistories, TeamHistory, DEFAULT_CYCLES};
use crate::history::cycles::{percent, two};
use crate::render::style::{BOLD, DIM};
use crate::workspace::stream;
use std::io::Write;

const EXAMPLES: &str = "\
Examples:
  okr history                      Every team's closed cycles under ./okrs
  okr history okrs/growth --cycles 4
  okr history --format json | jq '.[] | select(.calibration == \"sandbagging\")'";

/// Arguments for `okr history`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct HistoryArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// How many of each team's latest closed cycles to compare.
    #[arg(long, default_value_t = DEFAULT_CYCLES, value_parser = clap::value_parser!(u16).range(1..))]
    cycles: u16,
    /// Output format.
    #[arg(long, value_enum, default_value_t = HistoryFormat::Human)]
    format: HistoryFormat,
}

/// The output formats of `okr history`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum HistoryFormat {
    /// A table per team, its calibration and its carried-over KRs.
    Human,
    /// An array of teams.
    Json,
}

/// Runs `okr history`.
pub fn run(args: HistoryArgs) -> anyhow::Result<u8> {
    let today = super::today(args.inputs.as_of);
    let mut kept = TeamHistories::new(usize::from(args.cycles));
    let outcome = stream(
        &args.inputs.load_options(),
        |doc, config| cycle_record(doc, config, today),
        |record| {
            record.into_iter().for_each(|r| kept.push(r));
            Ok(())
        },
    )?;
    report_load_errors(&outcome.errors)?;
    let teams = kept.finish();
    let mut out = super::stdout();
    match args.format {
        HistoryFormat::Human => human(&mut out, &teams)?,
        HistoryFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &teams)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(if outcome.errors.is_empty() {
        super::exit::CLEAN
    } else {
        super::exit::FAILURE
    })
}

fn human(out: &mut dyn Write, teams: &[TeamHistory]) -> std::io::Result<()> {
    if teams.is_empty() {
        return writeln!(
            out,
            "No closed cycles yet: a cycle counts once its last day has passed."
        );
    }
    for (i, team) in teams.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{BOLD}{}{BOLD:#}", team.team)?;
        writeln!(
            out,
            "  {DIM}cycle      KRs  mean  at 1.0  start confidence  objectives{DIM:#}"
        )?;
        for c in &team.cycles {
            let objectives: Vec<String> = c
                .record
                .objectives
                .iter()
                .map(|(id, s)| format!("{id} {}", two(*s)))
                .collect();
            writeln!(
                out,
                "  {:<9}  {:>3}  {:>4}  {:>6}  {:>16}  {}",
                c.record.cycle,
                c.record.key_results.len(),
                two(c.mean_score),
                percent(c.share_at_one),
                two(c.mean_starting_confidence),
                objectives.join(" · ")
            )?;
        }
        writeln!(out, "  Calibration: {}", team.calibration.explain())?;
        for kr in &team.carried_over {
            let runs: Vec<String> = kr
                .cycles
                .iter()
                .map(|(cycle, id, s)| format!("{cycle} {id} {}", two(*s)))
                .collect();
            writeln!(
                out,
                "  Carried over without reaching 0.70: {} ({})",
                kr.statement,
                runs.join(", ")
            )?;
        }
    }
    Ok(())
}
