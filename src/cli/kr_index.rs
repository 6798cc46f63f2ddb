//! Finding which document defines a KR ID, for commands that take one.

use crate::workspace::{analyse, LoadOptions};
use anyhow::bail;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where every KR ID is defined, across the searched documents.
pub struct KrIndex {
    by_id: BTreeMap<String, Vec<(PathBuf, usize)>>,
    /// The documents searched, in path order.
    pub paths: Vec<PathBuf>,
}

impl KrIndex {
    /// Indexes the documents under `file` (a file or directory), or `./okrs`.
    pub fn build(file: Option<PathBuf>, config: Option<PathBuf>) -> anyhow::Result<Self> {
        let options = LoadOptions {
            paths: file.into_iter().collect(),
            config,
        };
        let outcome = analyse(&options, |doc, _| {
            doc.key_results()
                .filter(|kr| kr.id.is_some())
                .map(|kr| {
                    (
                        kr.label().to_uppercase(),
                        doc.source.position(kr.heading.span.start).line,
                    )
                })
                .collect::<Vec<_>>()
        });
        if let Some(e) = outcome.errors.first() {
            bail!("{e}");
        }
        let mut by_id: BTreeMap<String, Vec<(PathBuf, usize)>> = BTreeMap::new();
        let mut paths = Vec::new();
        for (path, krs) in outcome.results {
            for (id, line) in krs {
                by_id.entry(id).or_default().push((path.clone(), line));
            }
            paths.push(path);
        }
        Ok(Self { by_id, paths })
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
