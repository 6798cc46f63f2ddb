//! What one document's findings depended on beyond its own text and config, and the
//! fingerprint of each such thing now, so a cached result is used only while all of
//! them are unchanged.

use super::digest::Digest;
use crate::align::RepoIndex;
use crate::parallel::Cache;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// One thing outside a document that its lint findings read.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "path", rename_all = "kebab-case")]
pub enum Dep {
    /// A file's bytes, or its absence (a link target, the lock file).
    File(PathBuf),
    /// Every Markdown file under an alignment root (a bare ID was looked up there).
    Tree(PathBuf),
    /// Whether the tree under this alignment root has a company document.
    Company(PathBuf),
    /// Which decision log governs the documents in this directory, and what it says.
    DecisionLog(PathBuf),
    /// The commit checked out in the git repository at this root.
    Git(PathBuf),
}

/// The dependencies a lint recorded, in the order first seen, without repeats.
#[derive(Debug, Default)]
pub struct Deps(Vec<Dep>);

impl Deps {
    /// Records `dep` once.
    pub fn add(&mut self, dep: Dep) {
        if !self.0.contains(&dep) {
            self.0.push(dep);
        }
    }

    /// The recorded dependencies.
    pub fn into_vec(self) -> Vec<Dep> {
        self.0
    }
}

/// Fingerprints of dependencies as they are now, each computed once per run.
pub struct Fingerprints<'a> {
    repo: &'a RepoIndex,
    files: Cache<PathBuf, Digest>,
    trees: Cache<PathBuf, Digest>,
    heads: Cache<PathBuf, Option<Digest>>,
}

impl<'a> Fingerprints<'a> {
    /// Fingerprints answered through `repo`, the same index the lint used.
    pub fn new(repo: &'a RepoIndex) -> Self {
        Self {
            repo,
            files: Mutex::default(),
            trees: Mutex::default(),
            heads: Mutex::default(),
        }
    }

    /// `dep`'s fingerprint now; `None` when it cannot be known (a git layout okr does
    /// not read), which makes a result uncacheable.
    pub fn of(&self, dep: &Dep) -> Option<Digest> {
        match dep {
            Dep::File(path) => Some(self.file(path)),
            Dep::Tree(root) => Some(self.tree(root)),
            Dep::Company(root) => Some(Digest::of(&[u8::from(
                self.repo.root_has_company_doc(root),
            )])),
            Dep::DecisionLog(dir) => {
                let log = self.repo.decision_log_in(dir);
                let content = self.file(&log);
                Some(Digest::of_parts([
                    log.as_os_str().as_encoded_bytes(),
                    content.as_bytes(),
                ]))
            }
            Dep::Git(root) => crate::parallel::cached(&self.heads, root.as_path(), || {
                if !root.join(".git").exists() {
                    return Some(Digest::of(b"outside git"));
                }
                crate::git::checked_out(root).map(|head| Digest::of(head.as_bytes()))
            }),
        }
    }

    /// Every dependency's fingerprint, or `None` if any cannot be known.
    pub fn all(&self, deps: &[Dep]) -> Option<Vec<(Dep, Digest)>> {
        deps.iter()
            .map(|d| self.of(d).map(|f| (d.clone(), f)))
            .collect()
    }

    /// A file's content digest; a missing or unreadable file has its own.
    fn file(&self, path: &Path) -> Digest {
        if let Some(found) = self.files.lock().expect("files lock").get(path) {
            return *found;
        }
        let digest = crate::files::read_confined_bytes(path, crate::files::DOCUMENT_LIMIT)
            .map_or_else(|_| Digest::default(), |b| Digest::of(&b));
        self.files
            .lock()
            .expect("files lock")
            .insert(path.to_path_buf(), digest);
        digest
    }

    /// The digest of every Markdown file's path and content under `root`.
    fn tree(&self, root: &Path) -> Digest {
        crate::parallel::cached(&self.trees, root, || {
            let options = crate::workspace::LoadOptions {
                paths: vec![root.to_path_buf()],
                config: None,
            };
            let files = crate::workspace::discover(&options).0;
            let digests = crate::parallel::map(&files, |p| self.file(&crate::files::absolute(p)));
            let listed: Vec<Vec<u8>> = files
                .iter()
                .zip(&digests)
                .map(|(p, d)| [p.as_os_str().as_encoded_bytes(), &d.as_bytes()[..]].concat())
                .collect();
            Digest::of_parts(listed.iter().map(Vec::as_slice))
        })
    }
}
