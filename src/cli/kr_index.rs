//! Finding which document defines a KR ID, for commands that take one.

use crate::config::Config;
use crate::doc::Document;
use crate::workspace::{analyse, load_document, LoadOptions};
use anyhow::bail;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Documents by path, each with its config.
pub type Documents = BTreeMap<PathBuf, (Document, Arc<Config>)>;

/// Where every KR ID is defined, across the searched documents.
pub struct KrIndex {
    by_id: BTreeMap<String, Vec<(PathBuf, usize)>>,
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

    fn from_results(results: Vec<(PathBuf, Vec<(String, usize)>)>) -> Self {
        let mut by_id: BTreeMap<String, Vec<(PathBuf, usize)>> = BTreeMap::new();
        let mut paths = Vec::new();
        for (path, krs) in results {
            for (id, line) in krs {
                by_id.entry(id).or_default().push((path.clone(), line));
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

    /// The one document defining `id`, or why there is not exactly one.
    pub fn locate(&self, id: &str) -> Result<&Path, String> {
        match self.by_id.get(&id.trim().to_uppercase()).map(Vec::as_slice) {
            Some([(path, _)]) => Ok(path),
            Some(many) => Err(format!(
                "{id} is defined in {} documents; pick one with --file:\n{}",
                many.len(),
                many.iter()
                    .map(|(p, line)| format!("  {}:{line}", p.display()))
                    .collect::<Vec<_>>()
                    .join("\n")
            )),
            None => Err(format!("no key result {id} in the searched documents")),
        }
    }
}

/// Each identified KR of `doc`, upper-case, with the line of its heading.
fn kr_lines(doc: &Document) -> Vec<(String, usize)> {
    doc.key_results()
        .filter(|kr| kr.id.is_some())
        .map(|kr| {
            (
                kr.label().to_uppercase(),
                doc.source.position(kr.heading.span.start).line,
            )
        })
        .collect()
}
