//! Finding OKR documents, reading them with their config, and analysing them in parallel.

use crate::config::{Config, ConfigError};
use crate::doc::detect::looks_like_okr;
use crate::doc::parse::parse_document;
use crate::doc::Document;
use crate::parallel::Cache;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// How to find documents and their config.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Files or directories; empty means `./okrs`.
    pub paths: Vec<PathBuf>,
    /// A config file to use instead of discovery.
    pub config: Option<PathBuf>,
}

impl LoadOptions {
    /// The files or directories to read: those given, or `./okrs`.
    pub fn roots(&self) -> Vec<PathBuf> {
        if self.paths.is_empty() {
            vec![PathBuf::from("okrs")]
        } else {
            self.paths.clone()
        }
    }
}

/// A problem that stopped one file (or the run) from being analysed: exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A path given on the command line does not exist.
    #[error("{0}: no such file or directory")]
    Missing(PathBuf),
    /// A path given on the command line is a directory-less special file or a bad link.
    #[error("{path}: not an OKR document: it is {what}")]
    NotRegular {
        /// The path.
        path: PathBuf,
        /// What it is: a FIFO, a device, a symlink loop…
        what: String,
    },
    /// No paths were given and the default `okrs/` directory does not exist.
    #[error("no {0}/ directory here; run `okr init` to create one, or name the files to read")]
    NoOkrsDir(PathBuf),
    /// A file could not be read.
    #[error("{path}: cannot read: {message}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// A config file is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A directory could not be walked.
    #[error("{0}")]
    Walk(String),
}

/// The outcome of analysing every document: results in path order, plus what went wrong.
#[derive(Debug)]
pub struct Outcome<T> {
    /// One result per analysed document, sorted by path.
    pub results: Vec<(PathBuf, T)>,
    /// Markdown files skipped because they do not look like OKR documents.
    pub skipped: Vec<PathBuf>,
    /// Files or configs that could not be used.
    pub errors: Vec<LoadError>,
}

/// Finds documents, parses each once, and runs `analyse` on it, on every core.
pub fn analyse<T, F>(options: &LoadOptions, analyse: F) -> Outcome<T>
where
    T: Send,
    F: Fn(&Document, &Config) -> T + Sync,
{
    let configs = Configs::new(options.config.clone());
    analyse_sources(options, |path, text| {
        analyse_text(path, text, &configs, &analyse)
    })
}

/// Parses `text` and analyses it when it is an OKR document.
fn analyse_text<T>(
    path: &Path,
    text: String,
    configs: &Configs,
    analyse: &impl Fn(&Document, &Config) -> T,
) -> Result<Option<T>, LoadError> {
    let Some(doc) = read_okr_document(path, text) else {
        return Ok(None);
    };
    let config = configs.for_file(path)?;
    let doc = in_calendar(doc, &config);
    Ok(Some(analyse(&doc, &config)))
}

/// How many documents [`stream`] analyses at once.
const WINDOW: usize = 1024;

/// What [`stream`] did besides handing over results.
#[derive(Debug, Default)]
pub struct Streamed {
    /// How many documents were analysed.
    pub analysed: usize,
    /// Markdown files skipped because they do not look like OKR documents.
    pub skipped: Vec<PathBuf>,
    /// Files or configs that could not be used.
    pub errors: Vec<LoadError>,
}

/// [`analyse`], handing each result to `sink` in path order as soon as its window of
/// documents is done, so memory stays bounded however many documents there are.
pub fn stream<T, F, S>(options: &LoadOptions, analyse: F, mut sink: S) -> std::io::Result<Streamed>
where
    T: Send,
    F: Fn(&Document, &Config) -> T + Sync,
    S: FnMut(T) -> std::io::Result<()>,
{
    let (files, errors) = discover(options);
    let configs = Configs::new(options.config.clone());
    let mut streamed = Streamed {
        errors,
        ..Streamed::default()
    };
    for window in files.chunks(WINDOW) {
        let done = crate::parallel::map(window, |path| {
            analyse_text(path, read_text(path)?, &configs, &analyse)
        });
        for (path, result) in window.iter().zip(done) {
            match result {
                Ok(Some(t)) => {
                    streamed.analysed += 1;
                    sink(t)?;
                }
                Ok(None) => streamed.skipped.push(path.clone()),
                Err(e) => streamed.errors.push(e),
            }
        }
    }
    Ok(streamed)
}

/// Finds Markdown files and hands each one's text to `read`, on every core. `read` gives
/// `None` for a file that is not an OKR document.
pub fn analyse_sources<T, F>(options: &LoadOptions, read: F) -> Outcome<T>
where
    T: Send,
    F: Fn(&Path, String) -> Result<Option<T>, LoadError> + Sync,
{
    analyse_unopened(options, |path| read(path, read_text(path)?))
}

/// [`analyse_sources`], handing `read` each file's path before it is opened, so it can
/// decide from the file's [`stamp`] that it need not open it at all.
pub fn analyse_unopened<T, F>(options: &LoadOptions, read: F) -> Outcome<T>
where
    T: Send,
    F: Fn(&Path) -> Result<Option<T>, LoadError> + Sync,
{
    let (files, mut errors) = discover(options);
    let done = crate::parallel::map(&files, |path| read(path));
    let mut results = Vec::with_capacity(files.len());
    let mut skipped = Vec::new();
    for (path, result) in files.into_iter().zip(done) {
        match result {
            Ok(Some(t)) => results.push((path, t)),
            Ok(None) => skipped.push(path),
            Err(e) => errors.push(e),
        }
    }
    Outcome {
        results,
        skipped,
        errors,
    }
}

/// Reads and parses every OKR document `options` finds, each with its config, for
/// commands that go on to edit them. Configs and dictionaries are read once.
pub fn load_documents(options: &LoadOptions) -> Outcome<(Document, Arc<Config>)> {
    let configs = Configs::new(options.config.clone());
    analyse_sources(options, |path, text| {
        read_okr_document(path, text)
            .map(|doc| {
                configs
                    .for_file(path)
                    .map(|config| (in_calendar(doc, &config), config))
            })
            .transpose()
    })
}

/// The config that applies to `path`: `forced`, or the closest okr.yaml.
pub fn config_for(path: &Path, forced: Option<PathBuf>) -> Result<Arc<Config>, LoadError> {
    Configs::new(forced).for_file(path)
}

/// Reads and parses one document with its config, for commands that edit it.
pub fn load_document(
    path: &Path,
    config: Option<PathBuf>,
) -> Result<(Document, Arc<Config>), LoadError> {
    let text = read_text(path)?;
    let config = config_for(path, config)?;
    let doc = in_calendar(parse_document(path, text), &config);
    Ok((doc, config))
}

/// A file's text, or why it cannot be read as UTF-8.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    Opened::open(path)?.text()
}

/// `path`'s stamp, taken by path without opening the file, when it is a regular file
/// that has not been written in the last moments.
pub fn stamp(path: &Path) -> Option<crate::files::Stamp> {
    let meta = std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_file)?;
    crate::files::Stamp::settled(&meta, crate::files::now_nanos())
}

/// A regular file opened for reading and not yet read, with its stamp when it has not
/// been written in the last moments.
pub struct Opened<'a> {
    path: &'a Path,
    file: std::fs::File,
    len: u64,
    stamp: Option<crate::files::Stamp>,
}

impl<'a> Opened<'a> {
    /// Opens `path`, refusing anything but a regular file.
    pub fn open(path: &'a Path) -> Result<Self, LoadError> {
        let (file, meta) = crate::files::open_regular(path).map_err(|e| match e {
            crate::files::OpenError::NotRegular(what) => LoadError::NotRegular {
                path: path.to_path_buf(),
                what,
            },
            crate::files::OpenError::Io(e) => unreadable(path, e),
        })?;
        Ok(Self {
            path,
            file,
            len: meta.len(),
            stamp: crate::files::Stamp::settled(&meta, crate::files::now_nanos()),
        })
    }

    /// The file's stamp as opened, if it is settled enough to trust.
    pub fn stamp(&self) -> Option<crate::files::Stamp> {
        self.stamp
    }

    /// The whole file as UTF-8, when it is at most [`crate::files::DOCUMENT_LIMIT`] bytes.
    pub fn text(mut self) -> Result<String, LoadError> {
        let bytes = crate::files::read_all(&mut self.file, self.len, crate::files::DOCUMENT_LIMIT)
            .map_err(|e| unreadable(self.path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| not_utf8(self.path, &e))?;
        crate::files::check_document(&text).map_err(|e| unreadable(self.path, e))?;
        Ok(text)
    }
}

fn unreadable(path: &Path, e: std::io::Error) -> LoadError {
    LoadError::Unreadable {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn not_utf8(path: &Path, e: &std::string::FromUtf8Error) -> LoadError {
    let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
    let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = valid
        .rsplit(|&b| b == b'\n')
        .next()
        .map_or(0, |l| String::from_utf8_lossy(l).chars().count())
        + 1;
    LoadError::Unreadable {
        path: path.to_path_buf(),
        message: format!("invalid UTF-8 at {line}:{column}; save the file as UTF-8"),
    }
}

/// Parses `text` when it is an OKR document: front-matter that names a cycle, or at
/// least one objective in any shape okr reads. Other Markdown gives `None`.
pub fn read_okr_document(path: &Path, text: String) -> Option<Document> {
    match read_markdown(path, text) {
        Reading::Okr(doc) => Some(doc),
        Reading::Unread(_) | Reading::Prose => None,
    }
}

/// What a Markdown file is to okr.
pub enum Reading {
    /// An OKR document.
    Okr(Document),
    /// A file that talks about OKRs (see [`crate::doc::detect::first_okr_line`]) in
    /// which okr found no objective: lint says so (OKR007) rather than skip it.
    Unread(Document),
    /// Anything else.
    Prose,
}

/// Reads a Markdown file: an OKR document, a file that talks about OKRs without any okr
/// could read, or prose.
pub fn read_markdown(path: &Path, text: String) -> Reading {
    if !looks_like_okr(&text) {
        return Reading::Prose;
    }
    let doc = parse_document(path, text);
    if crate::doc::detect::is_okr_document(&doc) {
        Reading::Okr(doc)
    } else if crate::doc::detect::first_okr_line(doc.source.text()).is_some() {
        Reading::Unread(doc)
    } else {
        Reading::Prose
    }
}

/// `doc` read again in the fiscal calendar `config` sets, when it sets one: `FY…` names
/// in it then mean that calendar's years. Most documents are returned as they are.
pub fn in_calendar(doc: Document, config: &Config) -> Document {
    reread_in_calendar(&doc, config).unwrap_or(doc)
}

/// `doc` parsed again in `config`'s fiscal calendar; `None` when that is the default and
/// the document already reads as it should.
pub fn reread_in_calendar(doc: &Document, config: &Config) -> Option<Document> {
    let calendar = config.calendar();
    (calendar != crate::doc::cycle::Calendar::default()).then(|| {
        let (path, text) = (doc.source.path(), doc.source.text().to_string());
        calendar.reading(|| parse_document(path, text))
    })
}

/// Expands the given paths into Markdown files, honouring `.gitignore` in directories.
pub fn discover(options: &LoadOptions) -> (Vec<PathBuf>, Vec<LoadError>) {
    let roots = options.roots();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for root in &roots {
        if root.is_file() {
            files.push(root.clone());
        } else if root.is_dir() {
            walk_dir(root, &mut files, &mut errors);
        } else if options.paths.is_empty() {
            errors.push(LoadError::NoOkrsDir(root.clone()));
        } else {
            errors.push(match crate::files::not_regular(root) {
                Some(what) => LoadError::NotRegular {
                    path: root.clone(),
                    what,
                },
                None => LoadError::Missing(root.clone()),
            });
        }
    }
    // A walk visits each directory's entries by name, depth first: path order already.
    // Only several roots' lists need merging.
    if roots.len() > 1 {
        files.sort();
        files.dedup();
    }
    (files, errors)
}

/// What a walk refused: symlinks that lead out of the repository and directories whose
/// ignore files are not safe to read, each in a message.
type Refusals = Arc<Mutex<Vec<String>>>;

/// A walk of `root` that honours `.gitignore` and follows links inside the repository,
/// as every okr walk does. It never enters a directory whose `.gitignore` is a symlink,
/// a special file or too large, and never follows a symlink out of the repository that
/// holds `root`; each refusal goes to `refused`. `None` when `root` itself, or a
/// directory above it in the repository, has such an ignore file.
fn walker(root: &Path, refused: &Refusals) -> Option<ignore::WalkBuilder> {
    let boundary = crate::files::repository_of(root).unwrap_or_else(|| root.to_path_buf());
    let above = crate::files::absolute(root);
    let unsafe_above = above
        .ancestors()
        .take_while(|d| d.starts_with(&boundary))
        .find_map(crate::files::unsafe_ignore_file);
    if let Some(why) = unsafe_above {
        refused.lock().expect("refusals lock").push(why);
        return None;
    }
    let mut builder = ignore::WalkBuilder::new(root);
    builder.require_git(false).follow_links(true);
    let refused = Arc::clone(refused);
    builder.filter_entry(move |entry| {
        let why = if entry.path_is_symlink() {
            crate::files::confine_within(entry.path(), &boundary)
                .err()
                .map(|e| format!("{}: {e}", entry.path().display()))
        } else {
            None
        };
        let why = why.or_else(|| {
            entry
                .file_type()
                .is_some_and(|t| t.is_dir())
                .then(|| crate::files::unsafe_ignore_file(entry.path()))
                .flatten()
        });
        match why {
            Some(why) => {
                refused.lock().expect("refusals lock").push(why);
                false
            }
            None => true,
        }
    });
    Some(builder)
}

/// Adds the Markdown files under `root` to `files` in path order, and the walk's
/// errors to `errors` in the order of their messages.
fn walk_dir(root: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<LoadError>) {
    let from = files.len();
    let refused = Refusals::default();
    let mut problems = Vec::new();
    // Sorted once at the end: ignore's sort by name takes each entry's name apart
    // again at every comparison.
    for entry in walker(root, &refused).into_iter().flat_map(|w| w.build()) {
        match entry {
            Ok(e) if is_markdown_file(&e) => files.push(e.into_path()),
            Ok(_) => {}
            Err(e) if is_vanished(&e) => {}
            Err(e) => problems.push(e.to_string()),
        }
    }
    files[from..].sort_by_cached_key(|path| walked_path_key(path));
    problems.extend(std::mem::take(&mut *refused.lock().expect("refusals lock")));
    problems.sort_unstable();
    errors.extend(problems.into_iter().map(LoadError::Walk));
}

/// A key that sorts paths one walk produced as [`Path::cmp`] does: they share a root,
/// then are names joined by separators, so their bytes with every separator made the
/// lowest byte (0, which no path holds) order them component by component.
fn walked_path_key(path: &Path) -> Vec<u8> {
    let separator = |b: u8| b.is_ascii() && std::path::is_separator(char::from(b));
    let bytes = path.as_os_str().as_encoded_bytes();
    bytes
        .iter()
        .map(|&b| if separator(b) { 0 } else { b })
        .collect()
}

/// What `visit` makes of each Markdown file [`discover`] finds under the directory
/// `root`, in no particular order. The walk stops early once `visit` answers
/// [`ControlFlow::Break`]. A small tree is walked on this thread, a larger one on every
/// core.
pub fn walk_markdown<T: Send>(
    root: &Path,
    visit: impl Fn(&ignore::DirEntry) -> ControlFlow<T, Option<T>> + Sync,
) -> Vec<T> {
    match small_tree(root) {
        Some(entries) => walk_entries(entries, visit),
        None => walk_parallel(root, visit),
    }
}

/// Up to this many entries, starting workers costs more than they save: they also read
/// the CPU quota and sleep while idle (2.7 ms for a file alone in its directory).
const SMALL_TREE: usize = 256;

/// The Markdown files under `root`, when the tree has at most [`SMALL_TREE`] entries.
fn small_tree(root: &Path) -> Option<Vec<ignore::DirEntry>> {
    let Some(walker) = walker(root, &Refusals::default()) else {
        return Some(Vec::new());
    };
    let mut walk = walker.build();
    let entries: Vec<_> = walk.by_ref().take(SMALL_TREE).flatten().collect();
    walk.next()
        .is_none()
        .then(|| entries.into_iter().filter(is_markdown_file).collect())
}

fn walk_entries<T>(
    entries: Vec<ignore::DirEntry>,
    visit: impl Fn(&ignore::DirEntry) -> ControlFlow<T, Option<T>>,
) -> Vec<T> {
    let mut found = Vec::new();
    for entry in &entries {
        match visit(entry) {
            ControlFlow::Continue(answer) => found.extend(answer),
            ControlFlow::Break(answer) => {
                found.push(answer);
                break;
            }
        }
    }
    found
}

fn walk_parallel<T: Send>(
    root: &Path,
    visit: impl Fn(&ignore::DirEntry) -> ControlFlow<T, Option<T>> + Sync,
) -> Vec<T> {
    let found = Mutex::new(Vec::new());
    let Some(walker) = walker(root, &Refusals::default()) else {
        return Vec::new();
    };
    walker.build_parallel().run(|| {
        Box::new(|entry| {
            let Ok(e) = entry else {
                return ignore::WalkState::Continue;
            };
            if !is_markdown_file(&e) {
                return ignore::WalkState::Continue;
            }
            let (answer, state) = match visit(&e) {
                ControlFlow::Continue(answer) => (answer, ignore::WalkState::Continue),
                ControlFlow::Break(answer) => (Some(answer), ignore::WalkState::Quit),
            };
            found.lock().expect("walk lock").extend(answer);
            state
        })
    });
    found.into_inner().expect("walk lock")
}

fn is_vanished(e: &ignore::Error) -> bool {
    e.io_error()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
}

/// Whether a walked entry is a Markdown file (links followed).
fn is_markdown_file(entry: &ignore::DirEntry) -> bool {
    entry.file_type().is_some_and(|t| t.is_file()) && is_markdown(entry.path())
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Config per directory: the closest `okr.yaml`, found once per directory, loaded once
/// per file, and shared.
pub struct Configs {
    forced: Option<PathBuf>,
    /// Configs by the `okr.yaml` and `metrics.yaml` that govern a directory.
    by_files: Cache<Governing, Arc<Config>>,
    by_dir: Cache<PathBuf, Governing>,
}

/// The closest `okr.yaml` and `metrics.yaml` above a directory, when there are any.
type Governing = (Option<PathBuf>, Option<PathBuf>);

impl Configs {
    /// Configs found by discovery, or always `forced`.
    pub fn new(forced: Option<PathBuf>) -> Self {
        Self {
            forced,
            by_files: Cache::default(),
            by_dir: Cache::default(),
        }
    }

    /// The closest config and dictionary above `dir`, looked up once per directory.
    fn discovered(&self, dir: &Path) -> Governing {
        crate::parallel::cached(&self.by_dir, dir, || {
            let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
            let config = match &self.forced {
                Some(forced) => Some(forced.clone()),
                None => Config::discover(&absolute),
            };
            (config, crate::metrics::discover(&absolute))
        })
    }

    /// The config for the document at `path`, loaded once per governing file.
    pub fn for_file(&self, path: &Path) -> Result<Arc<Config>, LoadError> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let governing = self.discovered(dir);
        if let Some(found) = self
            .by_files
            .lock()
            .expect("config cache lock")
            .get(&governing)
        {
            return Ok(found.clone());
        }
        let (config_path, metrics_path) = &governing;
        let mut config = match config_path {
            Some(p) => Config::load(p)?,
            None => Config::default(),
        };
        config.dictionary = Arc::new(crate::metrics::load(
            metrics_path.as_deref(),
            &config.metrics,
            config_path.as_deref(),
        )?);
        config.fingerprint = fingerprint(&governing);
        let config = Arc::new(config);
        self.by_files
            .lock()
            .expect("config cache lock")
            .insert(governing, config.clone());
        Ok(config)
    }
}

/// The digest of the governing files' paths and bytes: what a cached result's config was.
fn fingerprint((config, metrics): &Governing) -> crate::cache::digest::Digest {
    let part = |p: &Option<PathBuf>| {
        p.as_ref().map_or_else(Vec::new, |p| {
            let bytes = crate::files::read_confined_bytes(p, crate::files::CONFIG_LIMIT)
                .unwrap_or_default();
            [p.as_os_str().as_encoded_bytes(), b"\0", &bytes].concat()
        })
    };
    let (config, metrics) = (part(config), part(metrics));
    crate::cache::digest::Digest::of_parts([config.as_slice(), metrics.as_slice()])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every Markdown file in a tree of `files` files, found by [`walk_markdown`].
    fn walked(files: usize) -> usize {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..files {
            let sub = dir.path().join(format!("team{}", i % 7));
            std::fs::create_dir_all(&sub).unwrap();
            std::fs::write(sub.join(format!("{i}.md")), "x").unwrap();
            std::fs::write(sub.join(format!("{i}.txt")), "x").unwrap();
        }
        walk_markdown(dir.path(), |e| {
            ControlFlow::Continue(Some(e.path().to_path_buf()))
        })
        .len()
    }

    #[test]
    fn one_root_is_discovered_in_path_order() {
        let dir = tempfile::tempdir().unwrap();
        // Names where byte order and path order disagree: `-`, `.` and `0` sort before
        // `/` by byte, but a directory's files come before a longer sibling name.
        for name in [
            "b/z.md", "b.md", "b-c/a.md", "b0.md", "a/b/c.md", "a.md", "a b/x.md",
        ] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let options = LoadOptions {
            paths: vec![dir.path().to_path_buf()],
            ..LoadOptions::default()
        };
        let (found, errors) = discover(&options);
        let mut sorted = found.clone();
        sorted.sort();
        assert!(errors.is_empty());
        assert_eq!(found.len(), 7);
        assert_eq!(found, sorted);
    }

    #[test]
    fn walked_paths_compare_as_paths_do() {
        let names = [
            "a", "a b", "a-b", "a.b", "a/b", "a/b/c", "a0", "ab", "b", "a/ b", "é",
        ];
        for x in names {
            for y in names {
                let (x, y) = (Path::new("root").join(x), Path::new("root").join(y));
                let by_key = walked_path_key(&x).cmp(&walked_path_key(&y));
                assert_eq!(by_key, x.cmp(&y), "{x:?} {y:?}");
            }
        }
    }

    #[test]
    fn small_and_large_trees_are_walked_whole() {
        assert_eq!(walked(3), 3);
        assert_eq!(walked(SMALL_TREE), SMALL_TREE);
    }

    #[test]
    fn recognises_okr_documents() {
        assert!(looks_like_okr("---\ncycle: 2026-Q1\n---\n"));
        assert!(looks_like_okr("# T\n\n## O1: Grow\n"));
        assert!(!looks_like_okr("# README\n\n## Options\n"));
        assert!(!looks_like_okr("---\ntitle: x\n---\n## Overview\n"));
        assert!(looks_like_okr("Objective: Grow\n\n- KR 1: Cut x\n"));
        assert!(looks_like_okr(
            "# Project OKRs\n\n### Connectivity\n\n* Interop\n"
        ));
        assert!(looks_like_okr("1. **OBJECTIVE: Grow**\n"));
        assert!(looks_like_okr("# Quarterly Objectives and Key Results\n"));
        assert!(!looks_like_okr("# Course\n\n## Learning objectives\n"));
    }

    #[test]
    fn code_and_comments_never_make_an_okr_document() {
        assert!(!looks_like_okr(
            "# How to\n\n```markdown\n## O1: Grow\n```\n"
        ));
        assert!(!looks_like_okr("# How to\n\n~~~\nObjective: x\n~~~\n"));
        assert!(!looks_like_okr("# How to\n\n    ## O1: Grow\n"));
        assert!(!looks_like_okr("# How to\n\n<!--\n## O1: Grow\n-->\n"));
        assert!(!looks_like_okr(
            "Our objectives matter, says the text.\n"[..0].as_ref()
        ));
    }
}
