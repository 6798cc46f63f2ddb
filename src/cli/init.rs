//! `okr init`: start a repository with okr.yaml, a first OKR document and a decision log.

use super::exit;
use crate::config::CONFIG_FILE;
use crate::doc::cycle::parse_cycle;
use crate::edit::write_atomic;
use crate::govern::decision_log::{log_header, DECISION_LOG};
use anyhow::{bail, Context};
use chrono::Datelike;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  okr init                                  okr.yaml, okrs/<this quarter>/team.md, decision-log.md
  okr init --team Growth --cycle 2026-Q2
  okr init --readiness                      Also readiness.md, the fourteen-item launch check";

const TEMPLATE: &str = include_str!("../../examples/template.md");

/// Every setting with its default, commented; `Config::parse` of this equals the defaults.
pub const OKR_YAML: &str = "\
# okr settings. Every key is optional; the values below are the defaults.
# The closest okr.yaml above a document applies to it.

limits:
  team_objectives: 3        # most objectives in a team document
  company_objectives: 5     # most objectives in a company document (level: company)
  min_key_results: 2        # per objective (a micro-OKR takes 1 to 2)
  max_key_results: 4
  objective_words: 12       # longest objective statement, in words

rules: {}                   # per-rule level by code or name: off, warning or error
                            # e.g. {OKR303: off, binary-majority: error}

confidence: 0-10            # the scale check-ins use: 0-2, 1-5, 0-10 or 0-1
scale: 0-1                  # how scores are shown: 0-1 or 0-100 (JSON always 0-1)
rag:                        # upper edge of each band, compared at two decimals
  red: 0.30
  amber: 0.60
  green: 0.90               # above green is stretch
staleness_days: 7           # a running KR without a check-in for longer is stale
confidence_drop: null       # confidence fall that OKR609 reports; null = a third of the scale
scoring: linear             # method for KRs whose card names none: linear or binary
";

/// Arguments for `okr init`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct InitArgs {
    /// The team the first document belongs to.
    #[arg(long, default_value = "Team")]
    team: String,
    /// The first cycle [default: the current quarter].
    #[arg(long)]
    cycle: Option<String>,
    /// Also write readiness.md, the Readiness Quick Check.
    #[arg(long)]
    readiness: bool,
    /// Where to create the files.
    #[arg(long, default_value = ".")]
    dir: PathBuf,
}

/// Runs `okr init` and returns its exit status.
pub fn run(args: InitArgs) -> anyhow::Result<u8> {
    let today = super::today(None);
    let cycle = args
        .cycle
        .clone()
        .unwrap_or_else(|| format!("{}-Q{}", today.year(), today.month0() / 3 + 1));
    let period = parse_cycle(&cycle)
        .with_context(|| format!("`{cycle}` is not a cycle such as 2026-Q2, 2026-H2 or 2027"))?;
    let slug: String = args
        .team
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let mut files: Vec<(PathBuf, String)> = vec![
        (args.dir.join(CONFIG_FILE), OKR_YAML.to_string()),
        (
            args.dir
                .join("okrs")
                .join(&cycle)
                .join(format!("{slug}.md")),
            first_document(&args.team, &cycle, period.end),
        ),
        (args.dir.join(DECISION_LOG), log_header()),
    ];
    if args.readiness {
        files.push((args.dir.join("readiness.md"), crate::readiness::template()));
    }
    let existing: Vec<String> = files
        .iter()
        .filter(|(p, _)| p.exists())
        .map(|(p, _)| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        bail!(
            "{} already exist; okr init never overwrites, and nothing was written",
            existing.join(", ")
        );
    }
    for (path, text) in &files {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("{}: cannot create", dir.display()))?;
        }
        write_atomic(path, text.as_bytes())
            .with_context(|| format!("{}: cannot write", path.display()))?;
        println!("okr: wrote {}", path.display());
    }
    println!("Next: edit {}, then run `okr lint`.", files[1].0.display());
    Ok(exit::CLEAN)
}

/// The bundled template, moved to `team` and `cycle`.
fn first_document(team: &str, cycle: &str, end: chrono::NaiveDate) -> String {
    TEMPLATE
        .replace("cycle: 2026-Q1 ", &format!("cycle: {cycle} "))
        .replace("team: Your team ", &format!("team: {team} "))
        .replace("# Your team: 2026-Q1", &format!("# {team}: {cycle}"))
        .replace("2026-03-31", &end.to_string())
        .replace("by Mar 31", &format!("by {}", end.format("%b %-d")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn the_scaffolded_config_is_the_default_config() {
        assert_eq!(Config::parse(OKR_YAML).unwrap(), Config::default());
    }
}
