//! The lint cache: each document's findings kept on disk, keyed by everything they
//! depended on, so that linting an unchanged document costs a read and a hash.
//!
//! An entry is used only when the document's bytes, okr's version, the config's bytes,
//! the as-of date and the fingerprint of every outside thing the rules read (see
//! [`deps::Dep`]) all match. A document whose file stamp (size, times, inode) is the one
//! recorded, and was settled when recorded, is taken to have the same bytes unread. Each directory's entries live in one JSON file under
//! `.okr_cache/` at the repository root, written whole to a temporary file and renamed,
//! so a reader never sees half a file; a file that does not parse is ignored and
//! replaced.
//!
//! A cache cannot lie: a repository could commit a forged `.okr_cache/` that says
//! "no findings". The directory is used only when okr made it on this machine: it
//! records the directory's own device and inode when it creates it, which a checkout
//! cannot reproduce. A cache directory that is a symlink, belongs to another user or
//! holds files git tracks is never used (okr says so once, on stderr); one okr made
//! elsewhere and copied here (not tracked) is emptied and started afresh.

pub mod deps;
pub mod digest;

use crate::files::Stamp;
use crate::lint::{registry, Diagnostic, Severity};
use crate::parallel::Cache;
use chrono::NaiveDate;
use deps::Dep;
use digest::Digest;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The cache directory's name at the repository root.
pub const CACHE_DIR: &str = ".okr_cache";

/// The environment variable that puts the cache somewhere else.
pub const CACHE_DIR_ENV: &str = "OKR_CACHE_DIR";

/// What a document's findings depended on, with each thing's fingerprint then. Documents
/// in one directory mostly share one list, and it is kept once.
pub type DepSet = Arc<[(Dep, Digest)]>;

/// One document's cached findings and what they were computed from. On disk, `deps` is
/// the index of its list in the cache file's table of lists.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Entry<D = DepSet> {
    /// The document's bytes.
    pub content: Digest,
    /// The config's (see [`crate::config::Config::fingerprint`]).
    pub config: Digest,
    /// The document file's stamp when it was read, if settled: while the file's stamp
    /// is still this, its bytes are taken to be `content` without reading them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stamp: Option<Stamp>,
    /// The date the checks treated as today.
    pub as_of: NaiveDate,
    /// Whether the document is a company-level one (other documents ask).
    pub company: bool,
    /// What else the findings read, with its fingerprint then.
    pub deps: D,
    /// The findings.
    pub diagnostics: Vec<Stored>,
}

impl<D> Entry<D> {
    /// The same entry with `deps` in place of its dependencies.
    fn with_deps<E>(self, deps: E) -> Entry<E> {
        Entry {
            content: self.content,
            config: self.config,
            stamp: self.stamp,
            as_of: self.as_of,
            company: self.company,
            deps,
            diagnostics: self.diagnostics,
        }
    }
}

/// What identifies a document's bytes in a lookup.
#[derive(Clone, Copy, Debug)]
pub enum Key {
    /// The file's settled stamp, before reading it.
    Stamp(Stamp),
    /// The digest of the bytes read.
    Content(Digest),
}

impl Key {
    fn matches(self, entry: &Entry) -> bool {
        match self {
            Key::Stamp(stamp) => entry.stamp == Some(stamp),
            Key::Content(content) => entry.content == content,
        }
    }
}

/// A diagnostic as stored: the path is the run's own, and the rule is found by code.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Stored {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    code: String,
    severity: Severity,
    message: String,
    /// Present only when it differs from the rule's own help.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    help: Option<String>,
    source_line: String,
}

impl Stored {
    /// The stored form of `d`.
    pub fn new(d: &Diagnostic) -> Self {
        let rule_help = registry::find_rule(d.code).map(|r| r.help);
        Self {
            line: d.line,
            column: d.column,
            end_line: d.end_line,
            end_column: d.end_column,
            code: d.code.to_string(),
            severity: d.severity,
            message: d.message.clone(),
            help: (rule_help != Some(d.help.as_ref())).then(|| d.help.to_string()),
            source_line: d.source_line.clone(),
        }
    }

    /// The diagnostic again, at `path`; `None` if its rule no longer exists.
    pub fn diagnostic(&self, path: &Arc<Path>) -> Option<Diagnostic> {
        let rule = registry::find_rule(&self.code)?;
        Some(Diagnostic {
            path: Arc::clone(path),
            line: self.line,
            column: self.column,
            end_line: self.end_line,
            end_column: self.end_column,
            code: rule.code,
            name: rule.name,
            severity: self.severity,
            message: self.message.clone(),
            help: self
                .help
                .clone()
                .map_or(Cow::Borrowed(rule.help), Cow::Owned),
            source_line: self.source_line.clone(),
            fix: None,
        })
    }
}

/// A directory's cache file as written.
#[derive(Serialize, Deserialize)]
struct CacheFile {
    /// The okr version that wrote it; any other version's file is ignored.
    okr: String,
    /// The distinct dependency lists, named by index in the entries.
    deps: Vec<Vec<(Dep, Digest)>>,
    /// Entries by file name.
    entries: BTreeMap<String, Entry<usize>>,
}

impl CacheFile {
    /// The file for `entries`, each distinct dependency list written once.
    fn new(entries: BTreeMap<String, Arc<Entry>>) -> Self {
        let mut index: HashMap<DepSet, usize> = HashMap::new();
        let entries = entries
            .into_iter()
            .map(|(name, entry)| {
                let next = index.len();
                let at = *index.entry(Arc::clone(&entry.deps)).or_insert(next);
                (name, Arc::unwrap_or_clone(entry).with_deps(at))
            })
            .collect();
        let mut deps = vec![Vec::new(); index.len()];
        for (set, at) in index {
            deps[at] = set.to_vec();
        }
        Self {
            okr: env!("CARGO_PKG_VERSION").to_string(),
            deps,
            entries,
        }
    }

    /// The entries with their dependency lists; `None` if one names a list not there.
    fn into_entries(self) -> Option<HashMap<String, Arc<Entry>>> {
        let sets: Vec<DepSet> = self.deps.into_iter().map(DepSet::from).collect();
        self.entries
            .into_iter()
            .map(|(name, entry)| {
                let deps = Arc::clone(sets.get(entry.deps)?);
                Some((name, Arc::new(entry.with_deps(deps))))
            })
            .collect()
    }
}

/// Entries read from one directory's cache file.
type Loaded = Arc<HashMap<String, Arc<Entry>>>;

/// Where cache files are kept: under `$OKR_CACHE_DIR` when it is set, else in
/// `.okr_cache/` at the project's root, falling back to the user's cache directory.
#[derive(Clone, Debug, Default)]
pub struct Place {
    forced: Option<PathBuf>,
}

impl Place {
    /// The place the environment chooses.
    pub fn from_env() -> Self {
        Self {
            forced: std::env::var_os(CACHE_DIR_ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
        }
    }

    /// The `kind` file kept for `dir` (an absolute directory), if one can be read and
    /// parsed; a file from another okr version is the caller's to refuse.
    pub fn read<T: DeserializeOwned>(&self, kind: &str, dir: &Path) -> Option<T> {
        self.locations(kind, dir).into_iter().find_map(|file| {
            let bytes = crate::files::read_confined_bytes(&file, crate::files::CACHE_LIMIT).ok()?;
            serde_json::from_slice(&bytes).ok()
        })
    }

    /// Keeps `value` as the `kind` file for `dir`, written whole or not at all, at the
    /// first location that can be written.
    pub fn write<T: Serialize>(&self, kind: &str, dir: &Path, value: &T) -> std::io::Result<()> {
        let json = serde_json::to_vec(value).map_err(std::io::Error::other)?;
        let mut last = Err(std::io::Error::other("nowhere to write the cache"));
        for target in self.locations(kind, dir) {
            last = write_atomically(&target, &json);
            if last.is_ok() {
                break;
            }
        }
        last
    }

    /// Where `dir`'s `kind` file may be, most preferred first.
    fn locations(&self, kind: &str, dir: &Path) -> Vec<PathBuf> {
        let file = format!(
            "{}.json",
            &Digest::of(dir.as_os_str().as_encoded_bytes()).hex()[..32]
        );
        if let Some(forced) = &self.forced {
            return vec![forced.join(kind).join(file)];
        }
        let project = project_root(dir).join(CACHE_DIR);
        let mut found = Vec::new();
        if usable(&project) {
            found.push(project.join(kind).join(&file));
        }
        found.extend(user_cache_dir().map(|d| d.join(kind).join(&file)));
        found
    }
}

/// The kind of cache file that holds a directory's lint entries.
const LINT: &str = "lint";

/// The cache for one run: files read on first use, new entries written by [`LintCache::flush`].
#[derive(Default)]
pub struct LintCache {
    place: Place,
    loaded: Cache<PathBuf, Loaded>,
    fresh: Cache<PathBuf, Vec<(String, Entry)>>,
}

impl LintCache {
    /// A cache at the usual place, or under `$OKR_CACHE_DIR` when it is set.
    pub fn new() -> Self {
        Self {
            place: Place::from_env(),
            ..Self::default()
        }
    }

    /// Where this cache keeps its files.
    pub fn place(&self) -> &Place {
        &self.place
    }

    /// The entry for `path` if `key` and the date match; its config and dependencies are
    /// still to be checked.
    pub fn lookup(&self, path: &Path, key: Key, as_of: NaiveDate) -> Option<Arc<Entry>> {
        let (dir, name) = split(path)?;
        let entries = crate::parallel::cached(&self.loaded, dir.as_path(), || {
            Arc::new(self.read_dir_file(&dir))
        });
        entries
            .get(name)
            .filter(|e| e.as_of == as_of && key.matches(e))
            .cloned()
    }

    /// Keeps `entry` for `path`, to be written by [`LintCache::flush`].
    pub fn store(&self, path: &Path, entry: Entry) {
        let Some((dir, name)) = split(path) else {
            return;
        };
        let mut fresh = self.fresh.lock().expect("fresh lock");
        fresh
            .entry(dir)
            .or_default()
            .push((name.to_string(), entry));
    }

    /// Writes every directory that has new entries. A directory that cannot be written
    /// is left uncached: the cache only ever saves time.
    pub fn flush(self) {
        let fresh = self.fresh.into_inner().expect("fresh lock");
        let loaded = self.loaded.into_inner().expect("loaded lock");
        let place = self.place;
        let dirs: Vec<(PathBuf, Vec<(String, Entry)>)> = fresh.into_iter().collect();
        crate::parallel::map(&dirs, |(dir, entries)| {
            let mut kept: BTreeMap<String, Arc<Entry>> = loaded
                .get(dir)
                .map(|l| l.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default();
            kept.retain(|name, _| dir.join(name).is_file());
            for (name, entry) in entries {
                kept.insert(name.clone(), Arc::new(entry.clone()));
            }
            let _ = place.write(LINT, dir, &CacheFile::new(kept));
        });
    }

    /// The entries in `dir`'s cache file, or none if it is missing, unreadable, from
    /// another okr version, or not valid JSON.
    fn read_dir_file(&self, dir: &Path) -> HashMap<String, Arc<Entry>> {
        self.place
            .read::<CacheFile>(LINT, dir)
            .filter(|f| f.okr == env!("CARGO_PKG_VERSION"))
            .and_then(CacheFile::into_entries)
            .unwrap_or_default()
    }
}

/// A document's directory (absolute) and file name, when the name is UTF-8.
fn split(path: &Path) -> Option<(PathBuf, &str)> {
    let name = path.file_name()?.to_str()?;
    let dir = crate::files::absolute(path.parent().unwrap_or(Path::new(".")));
    Some((dir, name))
}

/// Where the cache for documents in `dir` lives: the git work tree, else the directory
/// above the closest `okrs/`, else the closest directory with okr.yaml, else `dir`.
fn project_root(dir: &Path) -> PathBuf {
    let dir = crate::files::absolute(dir);
    if let Some(git) = dir.ancestors().find(|d| d.join(".git").exists()) {
        return git.to_path_buf();
    }
    for d in dir.ancestors() {
        match d.parent() {
            Some(parent) if d.file_name().is_some_and(|n| n == "okrs") => {
                return parent.to_path_buf()
            }
            _ if d.join(crate::config::CONFIG_FILE).is_file() => return d.to_path_buf(),
            _ => {}
        }
    }
    dir
}

/// The file in a cache directory that records which directory okr made: its device
/// and inode, written when okr creates it.
const ORIGIN: &str = ".okr-origin";

/// What `.gitignore` in a cache directory holds.
const GITIGNORE: &str = "# Written by okr: the cache is never committed.\n*\n";

/// What `CACHEDIR.TAG` in a cache directory holds.
const TAG: &str =
    "Signature: 8a477f597d28d172789f06886806bc55\n# okr's lint cache; `okr clean` removes it.\n";

/// Whether okr may read and write the project cache directory `root`; asked once per
/// directory and process. A refusal is said once on stderr.
fn usable(root: &Path) -> bool {
    static ASKED: std::sync::Mutex<Option<HashMap<PathBuf, bool>>> = std::sync::Mutex::new(None);
    let mut asked = ASKED.lock().expect("cache trust lock");
    let asked = asked.get_or_insert_with(HashMap::new);
    if let Some(&known) = asked.get(root) {
        return known;
    }
    let answer = match trust(root) {
        Ok(()) => true,
        Err(why) => {
            eprintln!(
                "okr: not using the cache at {}: {why}; linting without it (CI should start \
                 from a fresh cache)",
                root.display()
            );
            false
        }
    };
    asked.insert(root.to_path_buf(), answer);
    answer
}

/// Why the cache directory `root` must not be used, if it must not. A directory okr did
/// not make here, that git does not track and that carries okr's tag is emptied, so
/// okr makes it afresh.
fn trust(root: &Path) -> Result<(), String> {
    let meta = match std::fs::symlink_metadata(root) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e.to_string()),
        Ok(meta) => meta,
    };
    if meta.file_type().is_symlink() {
        return Err("it is a symlink".to_string());
    }
    if !meta.is_dir() {
        return Err(format!("it is {}", crate::files::kind_of(&meta)));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid(2) has no preconditions and cannot fail.
        if meta.uid() != unsafe { libc::geteuid() } {
            return Err("it belongs to another user".to_string());
        }
    }
    let origin = crate::files::read_confined(&root.join(ORIGIN), 256).unwrap_or_default();
    if origin == origin_of(&meta) {
        repair(root);
        return Ok(());
    }
    if tracked_by_git(root) {
        return Err("git tracks files in it, so it came with the repository".to_string());
    }
    let tagged = crate::files::read_confined(&root.join("CACHEDIR.TAG"), 4096)
        .is_ok_and(|t| t.starts_with("Signature: 8a477f597d28d172789f06886806bc55"));
    if !tagged {
        return Err("okr did not make it (it has no okr CACHEDIR.TAG)".to_string());
    }
    // Made by okr, but not here (copied with the project, or by an older okr): start over.
    std::fs::remove_dir_all(root).map_err(|e| format!("cannot empty it: {e}"))
}

/// The device and inode of a directory, as recorded in its [`ORIGIN`] file.
fn origin_of(meta: &std::fs::Metadata) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        format!("{} {}\n", meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        String::new()
    }
}

/// Whether git tracks any file under `root` (false where git cannot say).
fn tracked_by_git(root: &Path) -> bool {
    let Some(parent) = root.parent() else {
        return false;
    };
    std::process::Command::new("git")
        .args(["ls-files", "-z", "--"])
        .arg(root)
        .current_dir(parent)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .is_ok_and(|out| out.status.success() && !out.stdout.is_empty())
}

/// Writes the cache directory's `.gitignore` and tag again when they are not what okr
/// wrote (a full disk can leave them empty).
fn repair(root: &Path) {
    for (name, text) in [("CACHEDIR.TAG", TAG), (".gitignore", GITIGNORE)] {
        let path = root.join(name);
        if crate::files::read_confined(&path, 4096).ok().as_deref() != Some(text) {
            let _ = crate::edit::write_atomic(&path, text.as_bytes());
        }
    }
}

/// `$XDG_CACHE_HOME/okr`, else `~/.cache/okr`.
fn user_cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("okr"))
}

/// Writes `bytes` to `target` through a temporary file in the same directory, creating
/// the cache directory (with a `.gitignore` and `CACHEDIR.TAG`) when it is new.
fn write_atomically(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let lint_dir = target
        .parent()
        .ok_or_else(|| std::io::Error::other("no parent"))?;
    if !lint_dir.is_dir() {
        let root = lint_dir.parent().unwrap_or(lint_dir);
        std::fs::create_dir_all(lint_dir)?;
        // The tag first: `okr clean` removes a tagged directory even if the rest failed.
        crate::edit::write_atomic(&root.join("CACHEDIR.TAG"), TAG.as_bytes())?;
        crate::edit::write_atomic(&root.join(".gitignore"), GITIGNORE.as_bytes())?;
        // Only a directory okr made, or one it checked (see `trust`), gets this far.
        if !root.join(ORIGIN).is_file() {
            let meta = std::fs::symlink_metadata(root)?;
            crate::edit::write_atomic(&root.join(ORIGIN), origin_of(&meta).as_bytes())?;
        }
    }
    let mut temp = tempfile::NamedTempFile::new_in(lint_dir)?;
    std::io::Write::write_all(&mut temp, bytes)?;
    temp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

/// Removes the cache that serves documents in `dir`: `.okr_cache/` at its project's root
/// (the git work tree, or the directory above `okrs/`), or the one under
/// `$OKR_CACHE_DIR`; only a directory okr tagged as its cache. Returns what was removed.
pub fn clean(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let root = std::env::var_os(CACHE_DIR_ENV)
        .filter(|v| !v.is_empty())
        .map_or_else(|| project_root(dir).join(CACHE_DIR), PathBuf::from);
    if !root.join("CACHEDIR.TAG").is_file() {
        return Ok(Vec::new());
    }
    std::fs::remove_dir_all(&root)?;
    Ok(vec![root])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(deps: &DepSet) -> Arc<Entry> {
        Arc::new(Entry {
            content: Digest::of(b"text"),
            config: Digest::of(b"config"),
            stamp: None,
            as_of: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            company: false,
            deps: Arc::clone(deps),
            diagnostics: Vec::new(),
        })
    }

    #[test]
    fn a_shared_dependency_list_is_written_once_and_read_back_for_each_entry() {
        let shared: DepSet = vec![(Dep::Company("/r/okrs".into()), Digest::of(b"no"))].into();
        let own: DepSet = vec![(Dep::File("/r/okrs/c.md".into()), Digest::of(b"c"))].into();
        let entries = BTreeMap::from([
            ("a.md".to_string(), entry(&shared)),
            ("b.md".to_string(), entry(&shared)),
            ("c.md".to_string(), entry(&own)),
        ]);
        let file = CacheFile::new(entries);
        assert_eq!(file.deps.len(), 2);
        let json = serde_json::to_vec(&file).unwrap();
        let read: CacheFile = serde_json::from_slice(&json).unwrap();
        let back = read.into_entries().expect("every index names a list");
        assert_eq!(back["a.md"].deps, shared);
        assert_eq!(back["b.md"].deps, shared);
        assert_eq!(back["c.md"].deps, own);
    }

    #[test]
    fn an_entry_naming_a_list_that_is_not_there_spoils_the_file() {
        let shared: DepSet = Vec::new().into();
        let mut file = CacheFile::new(BTreeMap::from([("a.md".to_string(), entry(&shared))]));
        file.deps.clear();
        assert!(file.into_entries().is_none());
    }
}
