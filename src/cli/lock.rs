//! `okr lock`: launch a cycle by freezing each KR's baseline, target, method and weight.

use super::exit;
use super::inputs::{report_load_errors, InputArgs};
use crate::align::index::display_path;
use crate::edit::write_atomic;
use crate::govern::lock::{doc_key, load, lock_path, to_json, DocLock, KrLock};
use crate::workspace::analyse;
use anyhow::{bail, Context};
use std::collections::BTreeMap;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  okr lock                          Launch every document under ./okrs
  okr lock okrs/2026-Q2/            Launch one cycle's documents
  okr lock okrs/growth.md --relock  Freeze the current values again after logged changes";

/// Each KR's frozen fields, by ID.
type KrLocks = BTreeMap<String, KrLock>;

/// Arguments for `okr lock`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct LockArgs {
    #[command(flatten)]
    inputs: InputArgs,
    /// Lock documents that are already locked again, with today's values.
    #[arg(long)]
    relock: bool,
}

/// Runs `okr lock` and returns its exit status.
pub fn run(args: LockArgs) -> anyhow::Result<u8> {
    let on = super::today(args.inputs.as_of);
    let outcome = analyse(&args.inputs.load_options(), |doc, config| {
        doc.key_results()
            .filter(|kr| kr.id.is_some())
            .map(|kr| (kr.label(), KrLock::of(doc, kr, config)))
            .collect::<BTreeMap<_, _>>()
    });
    report_load_errors(&outcome.errors)?;
    if !outcome.errors.is_empty() {
        return Ok(exit::FAILURE);
    }
    let mut by_file: BTreeMap<PathBuf, Vec<(PathBuf, KrLocks)>> = BTreeMap::new();
    for (path, krs) in outcome.results {
        by_file
            .entry(lock_path(&path))
            .or_default()
            .push((path, krs));
    }
    for (file, docs) in by_file {
        let mut lock = load(&file).map_err(|e| anyhow::anyhow!(e))?;
        lock.version = 1;
        for (path, key_results) in docs {
            let key = doc_key(&path);
            if let Some(existing) = lock.documents.get(&key) {
                if !args.relock {
                    bail!(
                        "{}: already locked on {}; pass --relock to freeze today's values",
                        path.display(),
                        existing.locked_on
                    );
                }
            }
            println!(
                "okr: locked {} ({} key results) on {on}",
                path.display(),
                key_results.len()
            );
            lock.documents.insert(
                key,
                DocLock {
                    locked_on: on,
                    key_results,
                    closed_on: None,
                    scores_fingerprint: None,
                },
            );
        }
        write_atomic(&file, to_json(&lock).as_bytes())
            .with_context(|| format!("{}: cannot write", file.display()))?;
        println!("okr: wrote {}", display_path(&file));
    }
    Ok(exit::CLEAN)
}
