//! Finding which document defines a KR ID, for commands that take one.

use crate::config::Config;
use crate::doc::cycle::Period;
use crate::doc::Document;
use crate::text::edit_distance;
use crate::workspace::{analyse, load_document, LoadOptions};
use anyhow::bail;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Documents by path, each with its config.
pub type Documents = BTreeMap<PathBuf, (Document, Arc<Config>)>;

/// A KR's upper-case ID, heading line and cycle, as found in one document.
type KrLine = (String, usize, Option<Period>);

/// One place a KR ID is defined.
struct Definition {
    path: PathBuf,
    line: usize,
    /// The cycle of the KR's set, when the document names one.
    cycle: Option<Period>,
}

/// Where every KR ID is defined, across the searched documents.
pub struct KrIndex {
    by_id: BTreeMap<String, Vec<Definition>>,
    /// The documents searched, in path order.
    pub paths: Vec<PathBuf>,
    /// The parsed document, kept when the search named one file (so it is parsed once).
    documents: Documents,
}

impl KrIndex {
    /// Indexes the documents under `file` (a file or directory), or `./okrs`.
    pub fn build(file: Option<PathBuf>, config: Option<PathBuf>) -> anyhow::Result<Self> {
        if let Some(file) = file.as_ref().filter(|f| f.is_file()) {
            let (doc, config) = load_document(file, config)?;
            let mut index = Self::from_results(vec![(file.clone(), kr_lines(&doc))]);
            index.documents.insert(file.clone(), (doc, config));
            return Ok(index);
        }
        let options = LoadOptions {
            paths: file.into_iter().collect(),
            config,
        };
        let outcome = analyse(&options, |doc, _| kr_lines(doc));
        if let Some(e) = outcome.errors.first() {
            bail!("{e}");
        }
        Ok(Self::from_results(outcome.results))
    }

    fn from_results(results: Vec<(PathBuf, Vec<KrLine>)>) -> Self {
        let mut by_id: BTreeMap<String, Vec<Definition>> = BTreeMap::new();
        let mut paths = Vec::new();
        for (path, krs) in results {
            for (id, line, cycle) in krs {
                by_id.entry(id).or_default().push(Definition {
                    path: path.clone(),
                    line,
                    cycle,
                });
            }
            paths.push(path);
        }
        Self {
            by_id,
            paths,
            documents: Documents::new(),
        }
    }

    /// Hands over the documents parsed while indexing.
    pub fn take_documents(&mut self) -> Documents {
        std::mem::take(&mut self.documents)
    }

    /// The one document defining `id` for a check-in on `date`, or why there is not
    /// exactly one. Among several, the one whose cycle contains the date wins.
    pub fn locate(&self, id: &str, date: NaiveDate) -> Result<&Path, String> {
        let Some(all) = self.by_id.get(&id.trim().to_uppercase()) else {
            return Err(self.unknown(id));
        };
        let in_cycle: Vec<&Definition> = all
            .iter()
            .filter(|d| d.cycle.is_none_or(|c| c.contains(date)))
            .collect();
        if let [only] = &all[..] {
            return Ok(&only.path);
        }
        match &in_cycle[..] {
            [only] => Ok(&only.path),
            [] => Err(ambiguous(
                id,
                &format!("none of them has a cycle containing {date}"),
                all.iter(),
            )),
            many => Err(ambiguous(
                id,
                &format!("{} of them have a cycle containing {date}", many.len()),
                many.iter().copied(),
            )),
        }
    }

    /// The message for an ID no searched document defines, with the nearest IDs.
    fn unknown(&self, id: &str) -> String {
        let wanted = id.trim().to_uppercase();
        let mut near: Vec<(usize, &String)> = self
            .by_id
            .keys()
            .map(|k| (edit_distance(&wanted, k), k))
            .collect();
        near.sort();
        let listed: Vec<&str> = near.iter().take(3).map(|(_, k)| k.as_str()).collect();
        match near.first() {
            Some((d, k)) if *d <= 2 => format!(
                "no key result {id} in the searched documents; did you mean {k}? (nearest: {})",
                listed.join(", ")
            ),
            Some(_) => format!(
                "no key result {id} in the searched documents (nearest: {})",
                listed.join(", ")
            ),
            None => format!("no key result {id}: the searched documents define no KR IDs"),
        }
    }
}

fn ambiguous<'a>(id: &str, why: &str, defs: impl Iterator<Item = &'a Definition>) -> String {
    let listed: Vec<String> = defs
        .map(|d| format!("  {}:{}", d.path.display(), d.line))
        .collect();
    format!(
        "{id} is defined in {} documents and {why}; pick one with --file:\n{}",
        listed.len(),
        listed.join("\n")
    )
}

/// Each identified KR of `doc`, upper-case, with the line of its heading and its cycle.
fn kr_lines(doc: &Document) -> Vec<KrLine> {
    doc.objectives
        .iter()
        .flat_map(|o| o.key_results.iter().map(move |kr| (o, kr)))
        .filter(|(_, kr)| kr.id.is_some())
        .map(|(o, kr)| {
            (
                kr.label().to_uppercase(),
                doc.source.position(kr.heading.span.start).line,
                doc.cycle_of(o),
            )
        })
        .collect()
}
