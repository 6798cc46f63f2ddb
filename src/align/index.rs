//! Documents beyond the one being read: found under the alignment root, parsed on demand
//! and cached, so links can be resolved and followed from any document.

use super::company::tree_has_company_doc;
use super::link::{parse_targets, Target};
use crate::cache::deps::Dep;
use crate::doc::cycle::Period;
use crate::doc::front::Level;
use crate::doc::parse::parse_document;
use crate::doc::Document;
use crate::files::{absolute, normalise};
use crate::govern::decision_log::{decisions, DECISION_LOG};
use crate::govern::lock::{load, LockFile, LOCK_FILE};
use crate::parallel::Cache;
use crate::workspace::read_okr_document;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// What other documents need to know about one document.
#[derive(Clone, Debug)]
pub struct DocFacts {
    /// The file, absolute and normalised.
    pub path: PathBuf,
    /// `level` from front-matter (team when absent).
    pub level: Level,
    /// `cycle` as written.
    pub cycle: Option<String>,
    /// The cycle's dates.
    pub period: Option<Period>,
    /// `team`, or the title.
    pub name: String,
    /// Objective and KR IDs, upper-case, in document order.
    pub ids: Vec<String>,
    /// Each objective's and KR's `Contributes to:` value, by ID.
    pub links: Vec<(String, String)>,
    /// `parent` from front-matter.
    pub parent: Option<String>,
}

impl DocFacts {
    /// Reads the facts from a parsed document.
    pub fn from_document(doc: &Document) -> Self {
        let mut ids = Vec::new();
        let mut links = Vec::new();
        for objective in &doc.objectives {
            let Some(number) = objective.number else {
                continue;
            };
            let id = format!("O{number}");
            if let Some(link) = &objective.fields.contributes_to {
                links.push((id.clone(), link.raw.value.to_string()));
            }
            ids.push(id);
            for kr in objective.key_results.iter().filter(|k| k.id.is_some()) {
                if let Some(link) = &kr.fields.contributes_to {
                    links.push((kr.label(), link.raw.value.to_string()));
                }
                ids.push(kr.label());
            }
        }
        Self {
            path: absolute(doc.source.path()),
            level: doc.front.level(),
            cycle: doc.front.cycle.as_ref().map(|c| c.raw.value.to_string()),
            period: doc.front.period(),
            name: doc
                .front
                .team
                .as_ref()
                .map(|t| t.value.to_string())
                .or_else(|| doc.title.as_ref().map(|t| t.value.to_string()))
                .unwrap_or_else(|| file_name(doc.source.path())),
            ids,
            links,
            parent: doc.front.parent.as_ref().map(|p| p.value.to_string()),
        }
    }

    /// Whether the document defines this objective or KR.
    pub fn has(&self, id: &str) -> bool {
        self.ids.iter().any(|i| i == id)
    }

    /// The link a node follows upward: its own, else its objective's, else the document's `parent`.
    pub fn parent_link(&self, id: &str) -> Option<&str> {
        let own = |id: &str| {
            self.links
                .iter()
                .find(|(i, _)| i == id)
                .map(|(_, l)| l.as_str())
        };
        own(id)
            .or_else(|| {
                id.split_once("-KR")
                    .and_then(|(objective, _)| own(objective))
            })
            .or(self.parent.as_deref())
    }
}

/// A link that resolved: the target document and the ID in it.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// The target document.
    pub facts: Arc<DocFacts>,
    /// The objective or KR ID.
    pub id: String,
}

/// Why a link did not resolve.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkProblem {
    /// The file or the ID does not exist, or the file is not an OKR document.
    Unresolved(String),
    /// A bare ID that several documents define.
    Ambiguous(Vec<PathBuf>),
    /// The path leaves the repository.
    Outside(PathBuf),
}

/// Facts about every document reached so far, shared by all lint workers.
#[derive(Debug, Default)]
pub struct RepoIndex {
    facts: Cache<PathBuf, Option<Arc<DocFacts>>>,
    trees: Cache<PathBuf, Arc<Tree>>,
    locks: Cache<PathBuf, Arc<Result<LockFile, String>>>,
    logs: Cache<PathBuf, Arc<Vec<DecisionRef>>>,
    dirs: Cache<PathBuf, Arc<DirRoots>>,
    company: Cache<PathBuf, bool>,
    watch: Option<Mutex<CompanyWatch>>,
    heads: Option<crate::cache::Place>,
    histories: crate::govern::launch::Histories,
    id: IndexId,
}

/// Tells one index apart from every other in this process, for [`LAST_ROOTS`].
#[derive(Debug, PartialEq, Eq)]
struct IndexId(u64);

impl Default for IndexId {
    fn default() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        IndexId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

thread_local! {
    /// The last directory this thread asked an index about, with the answer. A worker
    /// takes a directory's documents one after another, and each asks several times, so
    /// most questions repeat the last one: answering them here skips the shared lock and
    /// the shared reference count, which the other workers are touching too.
    static LAST_ROOTS: RefCell<Option<(u64, PathBuf, Arc<DirRoots>)>> = const { RefCell::new(None) };
}

/// What a lint run learns about company documents while it reads its own documents.
#[derive(Debug, Default)]
struct CompanyWatch {
    /// Every document linted so far, as its path was given.
    linted: Vec<PathBuf>,
    /// Alignment roots with a linted company document.
    company_roots: Vec<PathBuf>,
    /// Documents that asked before their tree's answer was known.
    deferred: Vec<PathBuf>,
    /// Whether the answers are in: later questions are answered on the spot.
    settled: bool,
}

/// Where a directory's documents find their tree and their decision log.
#[derive(Debug)]
struct DirRoots {
    alignment: PathBuf,
    decision_log: PathBuf,
    repo: PathBuf,
    /// Whether `repo` is a git work tree.
    in_git: bool,
}

/// A KR named by a decision-log entry, resolved as far as the log allows.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionRef {
    /// The entry's date.
    pub date: Option<chrono::NaiveDate>,
    /// The document, when the reference names one.
    pub path: Option<PathBuf>,
    /// The objective or KR ID.
    pub id: String,
}

/// The OKR documents under one alignment root.
#[derive(Debug)]
struct Tree {
    docs: Vec<PathBuf>,
}

impl RepoIndex {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// The facts of the document at `path`, parsed once; `None` if it is not an OKR document.
    pub fn facts(&self, path: &Path) -> Option<Arc<DocFacts>> {
        let path = absolute(path);
        if let Some(found) = self.facts.lock().expect("facts lock").get(&path) {
            return found.clone();
        }
        let facts = crate::files::read_document(&path)
            .ok()
            .and_then(|text| read_okr_document(&path, text))
            .map(|doc| Arc::new(DocFacts::from_document(&doc)));
        self.facts
            .lock()
            .expect("facts lock")
            .insert(path, facts.clone());
        facts
    }

    /// Records what `doc` says, as other documents see it, in place of its file on disk
    /// (an editor's unsaved buffer).
    pub fn remember(&self, doc: &Document) {
        let facts = (crate::doc::detect::looks_like_okr(doc.source.text())
            && crate::doc::detect::is_okr_document(doc))
        .then(|| Arc::new(DocFacts::from_document(doc)));
        self.facts
            .lock()
            .expect("facts lock")
            .insert(absolute(doc.source.path()), facts);
    }

    /// Drops what is known about `path`, so its file is read again when next needed.
    pub fn forget(&self, path: &Path) {
        self.facts
            .lock()
            .expect("facts lock")
            .remove(&absolute(path));
    }

    /// Every OKR document under the alignment root of `doc`, sorted.
    pub fn tree(&self, doc: &Path) -> Vec<PathBuf> {
        self.tree_of(doc).docs.clone()
    }

    /// An index for a lint run over many documents: it learns each linted document's
    /// level through [`RepoIndex::note_linted`], so the tree is not read a second time
    /// to find company documents, and [`RepoIndex::has_company_doc`] answers `false`
    /// until [`RepoIndex::settle_company`] says which documents need linting again.
    pub fn watching_company() -> Self {
        Self {
            watch: Some(Mutex::default()),
            ..Self::default()
        }
    }

    /// This index, keeping what it learns of each tree's file heads at `place` between
    /// runs (see [`super::company`]).
    pub fn keeping_heads(self, place: crate::cache::Place) -> Self {
        Self {
            heads: Some(place),
            ..self
        }
    }

    /// Records a document a watching lint run has read.
    pub fn note_linted(&self, doc: &Document) {
        self.note_read(doc.source.path(), doc.front.level() == Level::Company);
    }

    /// Records a document a watching lint run has read, or found in its cache, and
    /// whether it is a company document.
    pub fn note_read(&self, path: &Path, company: bool) {
        let Some(watch) = &self.watch else { return };
        let company = company.then(|| self.roots(path, |r| r.alignment.clone()));
        let mut watch = watch.lock().expect("watch lock");
        watch.linted.push(path.to_path_buf());
        watch.company_roots.extend(company);
    }

    /// Asks, on behalf of a cached result for `doc`, for its tree's company answer to
    /// be settled with the others (see [`RepoIndex::settle_company`]).
    pub fn defer_company(&self, doc: &Path) {
        if let Some(watch) = &self.watch {
            watch
                .lock()
                .expect("watch lock")
                .deferred
                .push(doc.to_path_buf());
        }
    }

    /// Whether the tree `doc` belongs to has a company-level document. Reads only the
    /// first kilobyte of each file and stops at the first company document.
    pub fn has_company_doc(&self, doc: &Path) -> bool {
        let root = self.alignment_root(doc);
        if let Some(known) = self.company.lock().expect("company lock").get(&root) {
            return *known;
        }
        if let Some(watch) = &self.watch {
            let mut watch = watch.lock().expect("watch lock");
            if !watch.settled {
                watch.deferred.push(doc.to_path_buf());
                return false;
            }
        }
        self.root_has_company_doc(&root)
    }

    /// Whether the tree under the alignment root `root` has a company-level document,
    /// read once per root (see [`RepoIndex::has_company_doc`]).
    pub fn root_has_company_doc(&self, root: &Path) -> bool {
        let mut company = self.company.lock().expect("company lock");
        *company
            .entry(root.to_path_buf())
            .or_insert_with(|| tree_has_company_doc(root, &Default::default(), self.heads.as_ref()))
    }

    /// The alignment root of `doc` (see [`alignment_root`]), found once per directory.
    pub fn alignment_root(&self, doc: &Path) -> PathBuf {
        self.roots(doc, |r| r.alignment.clone())
    }

    /// Answers the company question for every tree a deferred document belongs to, and
    /// returns the deferred documents whose tree does have a company document: their
    /// findings are incomplete. A tree inside one of the directories the run `walked`
    /// was linted whole; any other tree has its unlinted files read.
    pub fn settle_company(&self, walked: &[PathBuf]) -> Vec<PathBuf> {
        let Some(watch) = &self.watch else {
            return Vec::new();
        };
        let watch = {
            let mut held = watch.lock().expect("watch lock");
            let taken = std::mem::take(&mut *held);
            held.settled = true;
            taken
        };
        if watch.deferred.is_empty() {
            return Vec::new();
        }
        let walked: Vec<PathBuf> = walked
            .iter()
            .filter(|p| p.is_dir())
            .map(|p| absolute(p))
            .collect();
        let linted = std::sync::OnceLock::new();
        let mut redo = Vec::new();
        for doc in watch.deferred {
            let root = self.roots(&doc, |r| r.alignment.clone());
            let mut company = self.company.lock().expect("company lock");
            let answer = *company.entry(root.clone()).or_insert_with(|| {
                if watch.company_roots.contains(&root) {
                    return true;
                }
                if walked.iter().any(|w| root.starts_with(w)) {
                    return false; // linted whole, and no company document among them
                }
                let linted =
                    linted.get_or_init(|| watch.linted.iter().map(|p| absolute(p)).collect());
                tree_has_company_doc(&root, linted, self.heads.as_ref())
            });
            if answer {
                redo.push(doc);
            }
        }
        redo
    }

    /// `read` applied to the roots of `doc`'s directory, which are computed once per
    /// directory as written. `read` must not ask the index again.
    fn roots<R>(&self, doc: &Path, read: impl FnOnce(&DirRoots) -> R) -> R {
        let dir = doc.parent().unwrap_or(Path::new(""));
        LAST_ROOTS.with_borrow_mut(|last| {
            let known = last
                .as_ref()
                .filter(|(id, known, _)| *id == self.id.0 && known.as_os_str() == dir.as_os_str());
            if known.is_none() {
                let roots = crate::parallel::cached(&self.dirs, dir, || {
                    let repo = repo_root(doc);
                    Arc::new(DirRoots {
                        alignment: alignment_root(doc),
                        decision_log: decision_log_for(doc),
                        in_git: repo.join(".git").exists(),
                        repo,
                    })
                });
                *last = Some((self.id.0, dir.to_path_buf(), roots));
            }
            let (_, _, roots) = last.as_ref().expect("filled above");
            read(roots)
        })
    }

    fn tree_of(&self, doc: &Path) -> Arc<Tree> {
        let root = self.roots(doc, |r| r.alignment.clone());
        // Made with the lock held, so workers never read the tree twice.
        crate::parallel::cached(&self.trees, root.as_path(), || {
            let options = crate::workspace::LoadOptions {
                paths: vec![root.clone()],
                config: None,
            };
            let mut docs: Vec<PathBuf> = crate::workspace::discover(&options)
                .0
                .into_iter()
                .filter(|p| {
                    crate::files::read_document(p).is_ok_and(|t| read_okr_document(p, t).is_some())
                })
                .map(|p| absolute(&p))
                .collect();
            docs.sort();
            Arc::new(Tree { docs })
        })
    }

    /// The repository `doc` belongs to (see [`repo_root`]), found once per directory.
    pub fn repo_root(&self, doc: &Path) -> PathBuf {
        self.roots(doc, |r| r.repo.clone())
    }

    /// The decision log that governs `doc` (see [`decision_log_for`]), found once per directory.
    pub fn decision_log(&self, doc: &Path) -> PathBuf {
        self.roots(doc, |r| r.decision_log.clone())
    }

    /// The decision log that governs the documents in `dir`.
    pub fn decision_log_in(&self, dir: &Path) -> PathBuf {
        // Any name stands for a document there: only its directory is read.
        self.decision_log(&dir.join(DECISION_LOG))
    }

    /// `doc`'s key in its lock file (see [`crate::govern::lock::doc_key`]), with the
    /// alignment root found once per directory.
    pub fn doc_key(&self, doc: &Path) -> String {
        self.roots(doc, |r| crate::govern::lock::key_under(&r.alignment, doc))
    }

    /// The lock file governing `doc`, read once per alignment root.
    pub fn lock_file(&self, doc: &Path) -> Arc<Result<LockFile, String>> {
        let path = self.lock_path(doc);
        crate::parallel::cached(&self.locks, path.as_path(), || Arc::new(load(&path)))
    }

    /// The git history of `doc`'s repository, opened once; `None` outside git.
    pub fn git_history(&self, doc: &Path) -> Option<Arc<crate::govern::launch::GitHistory>> {
        let repo = self.roots(doc, |r| r.in_git.then(|| r.repo.clone()));
        self.histories.of(&repo?)
    }

    /// The KRs named in the decision log at `doc`'s repository root.
    pub fn decision_refs(&self, doc: &Path) -> Arc<Vec<DecisionRef>> {
        let log = self.roots(doc, |r| r.decision_log.clone());
        if let Some(found) = self.logs.lock().expect("logs lock").get(&log) {
            return found.clone();
        }
        let refs = crate::files::read_confined(&log, crate::files::LOG_LIMIT)
            .map(|text| read_refs(&log, text))
            .unwrap_or_default();
        let refs = Arc::new(refs);
        self.logs
            .lock()
            .expect("logs lock")
            .insert(log, refs.clone());
        refs
    }

    /// Resolves `target`, written in the document at `from`.
    pub fn resolve(&self, from: &Path, target: &Target) -> Result<Resolved, LinkProblem> {
        if target.path.is_empty() {
            return self.resolve_bare(from, &target.id);
        }
        let from = absolute(from);
        let path = target_file(&from, target);
        let repo = self.repo_root(&from);
        if !path.starts_with(&repo) {
            return Err(LinkProblem::Outside(path));
        }
        let Some(facts) = self.facts(&path) else {
            return Err(LinkProblem::Unresolved(format!(
                "{} is not an OKR document in this repository",
                target.path
            )));
        };
        if !facts.has(&target.id) {
            return Err(LinkProblem::Unresolved(format!(
                "{} has no {}",
                target.path, target.id
            )));
        }
        Ok(Resolved {
            facts,
            id: target.id.clone(),
        })
    }

    /// What resolving `target` from `from` reads: the named file, or for a bare ID the
    /// whole tree.
    pub fn link_dep(&self, from: &Path, target: &Target) -> Dep {
        if target.path.is_empty() {
            Dep::Tree(self.roots(from, |r| r.alignment.clone()))
        } else {
            Dep::File(target_file(&absolute(from), target))
        }
    }

    /// The lock file that governs `doc`, whether or not it exists.
    pub fn lock_path(&self, doc: &Path) -> PathBuf {
        self.roots(doc, |r| r.alignment.join(LOCK_FILE))
    }

    /// A bare ID: the one document in the tree, other than `from`, that defines it.
    fn resolve_bare(&self, from: &Path, id: &str) -> Result<Resolved, LinkProblem> {
        let from = absolute(from);
        let matches: Vec<Arc<DocFacts>> = self
            .tree(&from)
            .iter()
            .filter(|p| **p != from)
            .filter_map(|p| self.facts(p))
            .filter(|f| f.has(id))
            .collect();
        match matches.as_slice() {
            [one] => Ok(Resolved {
                facts: one.clone(),
                id: id.to_string(),
            }),
            [] => Err(LinkProblem::Unresolved(format!(
                "no other document in this tree defines {id}"
            ))),
            many => Err(LinkProblem::Ambiguous(
                many.iter().map(|f| f.path.clone()).collect(),
            )),
        }
    }
}

/// The file a link with a path names, from the (absolute) document it is written in.
fn target_file(from: &Path, target: &Target) -> PathBuf {
    let base = from.parent().unwrap_or(Path::new("/"));
    normalise(&base.join(&target.path))
}

fn read_refs(log: &Path, text: String) -> Vec<DecisionRef> {
    let doc = parse_document(log, text);
    let dir = log.parent().unwrap_or(Path::new("/"));
    decisions(&doc)
        .into_iter()
        .flat_map(|d| {
            let date = d.date;
            d.krs.into_iter().filter_map(move |k| {
                let target = parse_targets(&k.value).into_iter().next()?.ok()?;
                let path = (!target.path.is_empty()).then(|| normalise(&dir.join(&target.path)));
                Some(DecisionRef {
                    date,
                    path,
                    id: target.id,
                })
            })
        })
        .collect()
}

/// The directory a document's alignment tree lives in: the closest ancestor holding
/// `okr.yaml` or named `okrs`, else the document's own directory.
pub fn alignment_root(doc: &Path) -> PathBuf {
    let doc = absolute(doc);
    let dir = doc.parent().unwrap_or(Path::new("/")).to_path_buf();
    dir.ancestors()
        .find(|d| {
            d.join(crate::config::CONFIG_FILE).is_file()
                || d.file_name().is_some_and(|n| n == "okrs")
        })
        .map_or(dir.clone(), Path::to_path_buf)
}

/// The repository a document belongs to: the closest ancestor with `.git`, else the
/// parent of its alignment root.
pub fn repo_root(doc: &Path) -> PathBuf {
    let doc = absolute(doc);
    doc.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| {
            let root = alignment_root(&doc);
            root.parent().map_or(root.clone(), Path::to_path_buf)
        })
}

/// The directory okr may write derived files in when run from `dir`: the git work tree,
/// else the closest directory holding `okr.yaml` or `okrs/` (or named `okrs`), else `dir`.
pub fn write_root(dir: &Path) -> PathBuf {
    let dir = absolute(dir);
    let found = dir
        .ancestors()
        .find(|d| d.join(".git").exists())
        .or_else(|| {
            dir.ancestors().find(|d| {
                d.join(crate::config::CONFIG_FILE).is_file()
                    || d.join("okrs").is_dir()
                    || d.file_name().is_some_and(|n| n == "okrs")
            })
        });
    found.map_or(dir.clone(), Path::to_path_buf)
}

/// The decision log that governs `doc`: the closest `decision-log.md` between the
/// document and its repository root, else the one at the root (which may not exist yet).
pub fn decision_log_for(doc: &Path) -> PathBuf {
    let doc = absolute(doc);
    let root = repo_root(&doc);
    doc.ancestors()
        .skip(1)
        .take_while(|d| d.starts_with(&root))
        .map(|d| d.join(DECISION_LOG))
        .find(|log| log.is_file())
        .unwrap_or_else(|| root.join(DECISION_LOG))
}

fn file_name(path: &Path) -> String {
    path.file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
}

/// `path` relative to the current directory when it is under it, for messages.
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir()
        .map(|d| absolute(&d))
        .unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_index_keeps_its_own_answer_for_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        let team = dir.path().join("team");
        std::fs::create_dir(&team).unwrap();
        let doc = team.join("okrs.md");
        let before = RepoIndex::new();
        let outside_git = before.repo_root(&doc);
        std::fs::create_dir(team.join(".git")).unwrap();
        // A new index sees the new work tree, though this thread just asked about the
        // same directory; the old one keeps the answer it found.
        let after = RepoIndex::new();
        assert_eq!(after.repo_root(&doc), absolute(&team));
        assert_eq!(before.repo_root(&doc), outside_git);
        assert_ne!(outside_git, absolute(&team));
    }
}
