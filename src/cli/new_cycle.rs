//! `okr new-cycle`: scaffold the next cycle's document from a finished one.

use super::exit;
use super::prompt::ask;
use crate::doc::cycle::parse_cycle;
use crate::edit::write_atomic;
use crate::govern::next_cycle::{plan_next_cycle, undecided, Choice, NextCycle};
use crate::workspace::load_document;
use anyhow::{bail, Context};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

const EXAMPLES: &str = "\
Examples:
  okr new-cycle okrs/2026-Q1/growth.md --cycle 2026-Q2 --carry-all
  okr new-cycle okrs/2026-Q1/growth.md --cycle 2026-Q2 --carry O1,O1-KR1 --replace O1-KR2 --retire O2
  okr new-cycle okrs/2026-Q1/growth.md --cycle 2026-Q2      Asks about each objective and KR";

/// Arguments for `okr new-cycle`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct NewCycleArgs {
    /// The finished cycle's document.
    doc: PathBuf,
    /// The next cycle: 2026-Q2, 2026-H2 or 2027.
    #[arg(long)]
    cycle: String,
    /// Objectives and KRs to carry over (comma-separated IDs).
    #[arg(long, value_delimiter = ',')]
    carry: Vec<String>,
    /// Objectives and KRs to replace with a blank template.
    #[arg(long, value_delimiter = ',')]
    replace: Vec<String>,
    /// Objectives and KRs to leave behind.
    #[arg(long, value_delimiter = ',')]
    retire: Vec<String>,
    /// Carry everything not named by --replace or --retire.
    #[arg(long)]
    carry_all: bool,
    /// Where to write [default: the same path with the cycle name swapped].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Use this config file instead of the closest okr.yaml.
    #[arg(long)]
    config: Option<PathBuf>,
}

/// Runs `okr new-cycle` and returns its exit status.
pub fn run(args: NewCycleArgs) -> anyhow::Result<u8> {
    let period = parse_cycle(&args.cycle).with_context(|| {
        format!(
            "`{}` is not a cycle such as 2026-Q2, 2026-H2 or 2027",
            args.cycle
        )
    })?;
    let (doc, config) = load_document(&args.doc, args.config.clone())?;
    let old = doc.front.cycle.as_ref().map(|c| c.raw.value.clone());
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| next_path(&args.doc, old.as_deref(), &args.cycle));
    if out.exists() {
        bail!(
            "{}: already exists; okr new-cycle never overwrites (pass --out)",
            out.display()
        );
    }
    let mut choices = given_choices(&args);
    let ids: Vec<String> = doc
        .objectives
        .iter()
        .filter_map(|o| o.number.map(|n| format!("O{n}")))
        .chain(doc.key_results().map(|k| k.label()))
        .collect();
    if let Some(unknown) = choices.keys().find(|id| !ids.contains(id)) {
        bail!(
            "{unknown} is not an objective or KR of {}",
            args.doc.display()
        );
    }
    if args.carry_all {
        for id in &ids {
            choices.entry(id.clone()).or_insert(Choice::Carry);
        }
    }
    ask_remaining(&doc, &mut choices)?;
    let next = NextCycle {
        name: args.cycle.clone(),
        period,
    };
    let text = plan_next_cycle(&doc, &config, &next, &choices);
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create", dir.display()))?;
    }
    write_atomic(&out, text.as_bytes())
        .with_context(|| format!("{}: cannot write", out.display()))?;
    let carried = choices.values().filter(|c| **c == Choice::Carry).count();
    println!(
        "okr: wrote {} for {} ({carried} objectives and KRs carried; check-ins, scores and retro stay in {})",
        out.display(),
        args.cycle,
        args.doc.display()
    );
    Ok(exit::CLEAN)
}

fn given_choices(args: &NewCycleArgs) -> BTreeMap<String, Choice> {
    let mut choices = BTreeMap::new();
    for (ids, choice) in [
        (&args.carry, Choice::Carry),
        (&args.replace, Choice::Replace),
        (&args.retire, Choice::Retire),
    ] {
        for id in ids {
            choices.insert(id.trim().to_uppercase(), choice);
        }
    }
    choices
}

/// Asks about every undecided objective and KR on a terminal; elsewhere, fails listing them.
fn ask_remaining(
    doc: &crate::doc::Document,
    choices: &mut BTreeMap<String, Choice>,
) -> anyhow::Result<()> {
    let interactive = std::io::stdin().is_terminal();
    loop {
        let missing = undecided(doc, choices);
        let Some(id) = missing.first() else {
            return Ok(());
        };
        if !interactive {
            bail!(
                "no choice for {}: pass --carry, --replace or --retire (or --carry-all)",
                missing.join(", ")
            );
        }
        let mut input = std::io::stdin().lock();
        let answer = ask(
            &mut input,
            &mut std::io::stderr(),
            &format!("{id}: [c]arry, [r]eplace or re[t]ire? "),
        )?
        .context("no answer; nothing was written")?;
        let choice = match answer.to_lowercase().as_str() {
            "c" | "carry" => Choice::Carry,
            "r" | "replace" => Choice::Replace,
            "t" | "retire" => Choice::Retire,
            _ => continue,
        };
        choices.insert(id.clone(), choice);
    }
}

/// `okrs/2026-Q1/growth.md` → `okrs/2026-Q2/growth.md`; without the old name in the path,
/// `growth-2026-Q2.md` beside the original.
fn next_path(doc: &Path, old: Option<&str>, new: &str) -> PathBuf {
    let text = doc.to_string_lossy();
    match old.filter(|o| !o.is_empty() && text.contains(*o)) {
        Some(old) => PathBuf::from(text.replace(old, new)),
        None => {
            let stem = doc
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
            doc.with_file_name(format!("{stem}-{new}.md"))
        }
    }
}
