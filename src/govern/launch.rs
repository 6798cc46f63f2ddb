//! A cycle's launch state from git, for governance without a lock file.
//!
//! The launch is the `okr-launch/<cycle>` tag when there is one, else the first commit on
//! the mainline dated on or after the cycle's first day. A document first committed
//! after that is launched by the commit that added it.

use crate::doc::parse::parse_document;
use crate::doc::Document;
use crate::git::{Commit, Git, Objects};
use crate::parallel::Cache;
use chrono::NaiveDate;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A repository's history, opened once per lint run.
#[derive(Debug)]
pub struct GitHistory {
    git: Git,
    root: PathBuf,
    objects: Mutex<Objects>,
    mainline: Vec<Commit>,
    shallow: bool,
    /// Launch commits found, by cycle and start day.
    launches: Cache<LaunchKey, Result<Option<Commit>, String>>,
    /// Revisions read, by path and launch commit: OKR802 and OKR804 share them, and a
    /// language server reads them once per session.
    revised: Cache<RevisionKey, Option<Arc<Revisions>>>,
    /// What each launch commit's tree held and what changed since, by its ID.
    touched: Cache<String, Option<Arc<SinceLaunch>>>,
}

/// The paths a launch commit's tree held, and the paths changed after it.
#[derive(Debug)]
struct SinceLaunch {
    at_launch: HashSet<PathBuf>,
    touched: HashSet<PathBuf>,
}

/// A cycle as written, and its first day.
type LaunchKey = (Option<String>, NaiveDate);

/// A document's path in the repository, and its launch commit's ID.
type RevisionKey = (PathBuf, String);

/// One document's revisions since its cycle's launch.
#[derive(Debug)]
pub struct Revisions {
    /// The launch commit and the document as it stood there.
    pub launch: (Commit, Document),
    /// Every later commit that changed the document, oldest first, with its text then.
    pub later: Vec<(Commit, Document)>,
}

impl GitHistory {
    /// The history of the repository holding `dir`, when it is one with commits.
    pub fn open(dir: &Path) -> Option<GitHistory> {
        let git = Git::discover(dir).ok()?;
        let mainline = git.mainline().ok()?;
        let objects = Mutex::new(git.objects().ok()?);
        let root = git.root().canonicalize().ok()?;
        Some(GitHistory {
            shallow: git.is_shallow(),
            git,
            root,
            objects,
            mainline,
            launches: Mutex::default(),
            revised: Mutex::default(),
            touched: Mutex::default(),
        })
    }

    /// `path` from the repository's top directory.
    pub fn relative(&self, path: &Path) -> Option<PathBuf> {
        let full = path.canonicalize().ok()?;
        full.strip_prefix(&self.root).ok().map(Path::to_path_buf)
    }

    /// The launch commit of `cycle`, which starts on `start` (see the module docs):
    /// `Ok(None)` before any commit is that late, and an error when a shallow clone's
    /// history starts after the cycle did, so the launch cannot be told.
    pub fn launch(&self, cycle: Option<&str>, start: NaiveDate) -> Result<Option<Commit>, String> {
        let key = (cycle.map(str::to_string), start);
        if let Some(found) = self.launches.lock().expect("launch cache").get(&key) {
            return found.clone();
        }
        let found = self.find_launch(cycle, start);
        self.launches
            .lock()
            .expect("launch cache")
            .insert(key, found.clone());
        found
    }

    fn find_launch(&self, cycle: Option<&str>, start: NaiveDate) -> Result<Option<Commit>, String> {
        let tag = cycle.map(|c| format!("okr-launch/{c}"));
        if let Some(tagged) = tag
            .as_ref()
            .and_then(|t| self.git.commit(&format!("refs/tags/{t}")).ok())
        {
            return Ok(Some(tagged));
        }
        let oldest = self.mainline.first().map(|c| c.date);
        if self.shallow && oldest.is_some_and(|d| d > start) {
            return Err(format!(
                "the launch of this cycle (the first commit on or after {start}) is not in this \
                 shallow clone, whose history starts on {}; fetch the history \
                 (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout) or tag the \
                 launch `{}`",
                oldest.unwrap_or(start),
                tag.unwrap_or_else(|| "okr-launch/<cycle>".to_string())
            ));
        }
        Ok(self.mainline.iter().find(|c| c.date >= start).cloned())
    }

    /// `path`'s revisions from its launch at `launch` on, or `None` when it was never
    /// committed since.
    pub fn revisions(&self, path: &Path, launch: Commit) -> Option<Arc<Revisions>> {
        let key = (path.to_path_buf(), launch.id.clone());
        if let Some(found) = self.revised.lock().expect("revision cache").get(&key) {
            return found.clone();
        }
        let found = self.read_revisions(path, launch).map(Arc::new);
        self.revised
            .lock()
            .expect("revision cache")
            .insert(key, found.clone());
        found
    }

    /// The paths in `launch`'s tree and those changed since, asked once per launch: a
    /// document in neither was never committed since, and one not changed needs no
    /// `git log` of its own.
    fn since_launch(&self, launch: &str) -> Option<Arc<SinceLaunch>> {
        crate::parallel::cached(&self.touched, launch, || {
            let files = self.git.files_at(launch).ok()?;
            Some(Arc::new(SinceLaunch {
                at_launch: files.into_iter().map(|(p, _)| p).collect(),
                touched: self.git.touched("HEAD", launch).ok()?,
            }))
        })
    }

    fn read_revisions(&self, path: &Path, launch: Commit) -> Option<Revisions> {
        let known = self.since_launch(&launch.id);
        if known
            .as_ref()
            .is_some_and(|k| !k.at_launch.contains(path) && !k.touched.contains(path))
        {
            return None;
        }
        let changed = known.is_none_or(|k| k.touched.contains(path));
        let mut later: Vec<Commit> = match changed {
            true => self.git.log("HEAD", Some(&launch.id), &[path]).ok()?,
            false => Vec::new(),
        };
        later.reverse();
        let launch = match self.document_at(&launch.id, path) {
            Some(doc) => (launch, doc),
            None if later.is_empty() => return None,
            None => {
                let first = later.remove(0);
                let doc = self.document_at(&first.id, path)?;
                (first, doc)
            }
        };
        let later = later
            .into_iter()
            .filter_map(|c| Some((c.clone(), self.document_at(&c.id, path)?)))
            .collect();
        Some(Revisions { launch, later })
    }

    fn document_at(&self, commit: &str, path: &Path) -> Option<Document> {
        let text = self
            .objects
            .lock()
            .expect("no reader panics holding git")
            .text_at(commit, path)
            .ok()??;
        Some(parse_document(path, text))
    }
}

/// The histories opened so far, by repository top directory; `None` for a directory
/// outside any repository.
#[derive(Debug, Default)]
pub struct Histories {
    opened: Cache<PathBuf, Option<Arc<GitHistory>>>,
}

impl Histories {
    /// The history of the repository at `root` (a directory holding `.git`), opened once.
    pub fn of(&self, root: &Path) -> Option<Arc<GitHistory>> {
        crate::parallel::cached(&self.opened, root, || GitHistory::open(root).map(Arc::new))
    }
}
