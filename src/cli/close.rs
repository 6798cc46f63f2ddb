//! `okr close`: end a graded cycle with a retro and freeze its grades.

use super::exit;
use super::prompt::ask;
use crate::align::index::display_path;
use crate::doc::parse::parse_document;
use crate::edit::{append_block, line_ending, update_locked, with_front_matter_line, write_atomic};
use crate::govern::lock::{doc_key, load, lock_path, scores_fingerprint, to_json, DocLock, KrLock};
use crate::workspace::load_document;
use anyhow::{bail, Context};
use chrono::NaiveDate;
use std::io::IsTerminal;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  okr score okrs/2026-Q1/growth.md --final --learning O1-KR1=\"…\"   first, grade every KR
  okr close okrs/2026-Q1/growth.md --worked \"Weekly check-ins kept us honest\" \\
      --didnt \"Two KRs were tasks\" --change \"Pair every leading KR with a lagging one\"";

/// Arguments for `okr close`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct CloseArgs {
    /// The graded document to close.
    doc: PathBuf,
    /// Retro: what worked.
    #[arg(long)]
    worked: Option<String>,
    /// Retro: what did not.
    #[arg(long)]
    didnt: Option<String>,
    /// Retro: what we will change next cycle.
    #[arg(long)]
    change: Option<String>,
    /// The closing date [default: today].
    #[arg(long, value_parser = super::parse_as_of)]
    date: Option<NaiveDate>,
    /// Use this config file instead of the closest okr.yaml.
    #[arg(long)]
    config: Option<PathBuf>,
}

const RETRO: [(&str, &str); 3] = [
    ("What worked", "what worked"),
    ("What did not", "what did not work"),
    ("What we will change", "what you will change next cycle"),
];

/// Runs `okr close` and returns its exit status.
pub fn run(args: CloseArgs) -> anyhow::Result<u8> {
    let on = super::today(args.date);
    let (doc, config) = load_document(&args.doc, args.config.clone())?;
    let lock_file = lock_path(&args.doc);
    let mut lock = load(&lock_file).map_err(|e| anyhow::anyhow!(e))?;
    let key = doc_key(&args.doc);
    if let Some(closed) = lock.documents.get(&key).and_then(|d| d.closed_on) {
        bail!("{}: already closed on {closed}", args.doc.display());
    }
    let graded: Vec<String> = doc
        .scores
        .iter()
        .flat_map(|t| t.rows.iter())
        .filter_map(|r| r.item.as_ref().map(|i| i.value.trim().to_uppercase()))
        .collect();
    let ungraded: Vec<String> = doc
        .key_results()
        .map(|kr| kr.label())
        .filter(|id| !graded.contains(&id.to_uppercase()))
        .collect();
    if !ungraded.is_empty() {
        bail!(
            "{}: {} not graded; run `okr score {} --final` first",
            args.doc.display(),
            ungraded.join(", "),
            args.doc.display()
        );
    }
    let answers = retro_answers([args.worked, args.didnt, args.change])?;
    update_locked(std::slice::from_ref(&args.doc), |path, text| {
        let doc = parse_document(path, text.to_string());
        let marked = parse_document(
            path,
            with_front_matter_line(&doc, "closed", &on.to_string()),
        );
        let eol = line_ending(text);
        Ok(append_block(
            marked.source.text(),
            &retro_section(&answers).replace('\n', eol),
        ))
    })?;
    let key_results = doc
        .key_results()
        .filter(|kr| kr.id.is_some())
        .map(|kr| (kr.label(), KrLock::of(&doc, kr, &config)))
        .collect();
    let entry = lock.documents.entry(key).or_insert(DocLock {
        locked_on: on,
        key_results,
        closed_on: None,
        scores_fingerprint: None,
    });
    entry.closed_on = Some(on);
    entry.scores_fingerprint = scores_fingerprint(&doc);
    lock.version = 1;
    write_atomic(&lock_file, to_json(&lock).as_bytes())
        .with_context(|| format!("{}: cannot write", lock_file.display()))?;
    println!(
        "okr: closed {} on {on}; grades frozen in {}",
        args.doc.display(),
        display_path(&lock_file)
    );
    Ok(exit::CLEAN)
}

/// The three retro answers, from flags or, on a terminal, prompts.
fn retro_answers(given: [Option<String>; 3]) -> anyhow::Result<[String; 3]> {
    let interactive = std::io::stdin().is_terminal();
    let mut answers: [String; 3] = Default::default();
    for (i, answer) in given.into_iter().enumerate() {
        let (_, prompt) = RETRO[i];
        answers[i] = match answer.filter(|a| !a.trim().is_empty()) {
            Some(a) => a,
            None if interactive => {
                let mut input = std::io::stdin().lock();
                ask(
                    &mut input,
                    &mut std::io::stderr(),
                    &format!("Retro: {prompt}> "),
                )?
                .filter(|a| !a.is_empty())
                .with_context(|| format!("the retro needs {prompt}; nothing was written"))?
            }
            None => bail!("the retro needs --worked, --didnt and --change (or a terminal to ask)"),
        };
    }
    Ok(answers)
}

fn retro_section(answers: &[String; 3]) -> String {
    let mut out = String::from("## Retro\n");
    for ((heading, _), answer) in RETRO.iter().zip(answers) {
        out.push_str(&format!("\n### {heading}\n\n{}\n", answer.trim()));
    }
    out
}
