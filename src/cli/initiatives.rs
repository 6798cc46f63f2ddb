//! `okr initiatives`: the bets behind each KR, and the KRs nobody is betting on.

use super::exit;
use super::inputs::{report_load_errors, InputArgs};
use crate::render::style::{BOLD, DIM, YELLOW};
use crate::workspace::analyse;
use std::io::Write;

const EXAMPLES: &str = "\
Examples:
  okr initiatives                   Bets per KR for every document under ./okrs
  okr initiatives okrs/growth.md";

/// Arguments for `okr initiatives`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct InitiativesArgs {
    #[command(flatten)]
    inputs: InputArgs,
}

/// One KR and the bets that name it.
struct KrBets {
    id: String,
    statement: String,
    bets: Vec<String>,
}

/// Runs `okr initiatives` and returns its exit status.
pub fn run(args: InitiativesArgs) -> anyhow::Result<u8> {
    let outcome = analyse(&args.inputs.load_options(), |doc, _| {
        doc.key_results()
            .filter(|kr| kr.id.is_some())
            .map(|kr| KrBets {
                id: kr.label(),
                statement: kr.heading.statement.value.to_string(),
                bets: doc
                    .initiatives
                    .iter()
                    .filter(|i| {
                        i.krs
                            .iter()
                            .any(|k| k.value.eq_ignore_ascii_case(&kr.label()))
                    })
                    .map(|i| i.name.clone())
                    .collect(),
            })
            .collect::<Vec<_>>()
    });
    report_load_errors(&outcome.errors)?;
    let mut out = super::stdout();
    let mut unbacked = Vec::new();
    for (path, krs) in &outcome.results {
        writeln!(out, "{BOLD}{}{BOLD:#}", path.display())?;
        for kr in krs {
            writeln!(out, "  {}  {DIM}{}{DIM:#}", kr.id, kr.statement)?;
            for bet in &kr.bets {
                writeln!(out, "    - {bet}")?;
            }
            if kr.bets.is_empty() {
                writeln!(out, "    {YELLOW}no bet{YELLOW:#}")?;
                unbacked.push(format!("{}#{}", path.display(), kr.id));
            }
        }
        writeln!(out)?;
    }
    match unbacked.len() {
        0 => writeln!(out, "Every KR has at least one bet.")?,
        n => writeln!(out, "{n} KRs with no bet: {}", unbacked.join(", "))?,
    }
    out.flush()?;
    Ok(if outcome.errors.is_empty() {
        exit::CLEAN
    } else {
        exit::FAILURE
    })
}
