//! `okr decide`: append a decision to the repository's decision log.

use super::exit;
use super::kr_index::KrIndex;
use crate::align::index::{decision_log_for, display_path, write_root};
use crate::edit::{append_block, line_ending, update_locked, write_atomic};
use crate::files::absolute;
use crate::govern::decision_log::{log_header, render_entry, NewDecision};
use anyhow::{bail, Context};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

const EXAMPLES: &str = "\
Examples:
  okr decide \"Lower the activation target after the pricing change\" --kr O1-KR1 \\
      --evidence \"Trial volume halved in February\" --owner \"Dana Lee\" --change \"Target 60% → 55%\"
  okr decide \"Drop the partner channel bet\" --kr okrs/growth/2026-Q1.md#O2-KR1 --due 2026-03-01";

/// Arguments for `okr decide`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct DecideArgs {
    /// The decision, in one sentence.
    decision: String,
    /// A KR (or objective) the decision changes: an ID, or path#ID. Repeat for several.
    #[arg(long = "kr", required = true, value_name = "KR")]
    krs: Vec<String>,
    /// What the decision rests on.
    #[arg(long)]
    evidence: Option<String>,
    /// Who carries it out.
    #[arg(long)]
    owner: Option<String>,
    /// When the change is due.
    #[arg(long)]
    due: Option<String>,
    /// The resulting change to the OKRs, such as "Target 60% → 55%".
    #[arg(long)]
    change: Option<String>,
    /// The day of the decision [default: today].
    #[arg(long, value_parser = super::parse_as_of)]
    date: Option<NaiveDate>,
    /// The document (or directory) where bare KR IDs are looked up [default: ./okrs].
    #[arg(long)]
    file: Option<PathBuf>,
    /// Use this config file instead of the closest okr.yaml.
    #[arg(long)]
    config: Option<PathBuf>,
}

/// Runs `okr decide` and returns its exit status.
pub fn run(args: DecideArgs) -> anyhow::Result<u8> {
    let index = KrIndex::build(args.file.clone(), args.config.clone())?;
    let located: Vec<(PathBuf, String)> = args
        .krs
        .iter()
        .map(|kr| locate(&index, kr, super::today(args.date)))
        .collect::<anyhow::Result<_>>()?;
    let logs: Vec<PathBuf> = located
        .iter()
        .map(|(doc, _)| decision_log_for(doc))
        .collect();
    if logs.iter().any(|l| *l != logs[0]) {
        bail!("the KRs are governed by different decision logs; log the decision once per log");
    }
    let log = logs[0].clone();
    let root = write_root(&std::env::current_dir()?);
    for path in located.iter().map(|(doc, _)| doc).chain([&log]) {
        if !absolute(path).starts_with(&root) {
            bail!(
                "{} is outside this repository ({}); okr writes only inside it",
                path.display(),
                root.display()
            );
        }
    }
    let entry = NewDecision {
        date: super::today(args.date),
        decision: args.decision.clone(),
        krs: located
            .iter()
            .map(|(doc, id)| reference(&log, doc, id))
            .collect(),
        evidence: args.evidence,
        owner: args.owner,
        due: args.due,
        change: args.change,
    };
    append(&log, &render_entry(&entry))?;
    println!(
        "okr: logged the decision of {} in {} ({})",
        entry.date,
        display_path(&log),
        entry.krs.join(", ")
    );
    Ok(exit::CLEAN)
}

/// The document defining `kr` (an ID, or path#ID) on `date`, and the ID.
fn locate(index: &KrIndex, kr: &str, date: NaiveDate) -> anyhow::Result<(PathBuf, String)> {
    match kr.rsplit_once('#') {
        Some((path, id)) => {
            let doc = PathBuf::from(path);
            if !doc.is_file() {
                bail!("{path}: no such document");
            }
            Ok((absolute(&doc), id.trim().to_uppercase()))
        }
        None => {
            let doc = index.locate(kr, date).map_err(|e| anyhow::anyhow!(e))?;
            Ok((absolute(doc), kr.trim().to_uppercase()))
        }
    }
}

/// `okrs/growth/2026-Q1.md#O1-KR1`, relative to the log's directory.
fn reference(log: &Path, doc: &Path, id: &str) -> String {
    let dir = log.parent().unwrap_or(Path::new("/"));
    let relative = doc.strip_prefix(dir).unwrap_or(doc);
    let path: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    format!("{}#{id}", path.join("/"))
}

/// Appends `entry` to the log under a lock, or creates the log with a header.
fn append(log: &Path, entry: &str) -> anyhow::Result<()> {
    if log.is_file() {
        return update_locked(&[log.to_path_buf()], |_, text| {
            Ok(append_block(text, &entry.replace('\n', line_ending(text))))
        });
    }
    let text = format!("{}\n{entry}", log_header());
    write_atomic(log, text.as_bytes()).with_context(|| format!("{}: cannot write", log.display()))
}
