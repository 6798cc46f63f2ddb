//! `okr readiness`: score the Readiness Quick Check.

use super::exit;
use crate::readiness::{score, Gate};
use crate::render::style::{rag_style, BOLD, DIM};
use crate::score::Rag;
use anyhow::{bail, Context};
use std::io::Write;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  okr init --readiness          Write readiness.md with the fourteen items
  okr readiness                 Score readiness.md
  okr readiness docs/ready.md";

/// Arguments for `okr readiness`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct ReadinessArgs {
    /// The filled-in checklist.
    #[arg(default_value = "readiness.md")]
    file: PathBuf,
}

/// Runs `okr readiness` and returns its exit status.
pub fn run(args: ReadinessArgs) -> anyhow::Result<u8> {
    let text = std::fs::read_to_string(&args.file).with_context(|| {
        format!(
            "{}: cannot read (write one with `okr init --readiness`)",
            args.file.display()
        )
    })?;
    let areas = score(&text).map_err(|e| {
        anyhow::anyhow!(
            "{}:{}:{}: {}",
            args.file.display(),
            e.line,
            e.column,
            e.message
        )
    })?;
    if areas.is_empty() {
        bail!("{}: no scored checklist items found", args.file.display());
    }
    let mut out = anstream::stdout().lock();
    writeln!(out, "{BOLD}Readiness: {}{BOLD:#}", args.file.display())?;
    for area in &areas {
        writeln!(out, "  {:<32} {:>2} / {}", area.name, area.points, area.max)?;
    }
    let total: u32 = areas.iter().map(|a| a.points).sum();
    let max: u32 = areas.iter().map(|a| a.max).sum();
    let gate = Gate::of(total);
    let style = rag_style(Some(match gate {
        Gate::Green => Rag::Green,
        Gate::Amber => Rag::Amber,
        Gate::Red => Rag::Red,
    }));
    writeln!(
        out,
        "  {:<32} {total:>2} / {max}  {style}{gate}{style:#}: {}",
        "Total",
        gate.advice()
    )?;
    let unscored: u32 = areas.iter().map(|a| a.unscored).sum();
    if unscored > 0 {
        writeln!(
            out,
            "  {DIM}{unscored} items not scored yet count as 0{DIM:#}"
        )?;
    }
    Ok(exit::CLEAN)
}
