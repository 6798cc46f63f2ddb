//! A lint run over many documents: every document linted (or taken from the cache) on
//! every core, the company question settled once for the whole run, then the decision
//! logs.

use super::rules::detection::UNREAD_OKR_FILE;
use super::{lint_decision_log, lint_document, lint_document_tracked, Diagnostic};
use crate::align::index::display_path;
use crate::align::RepoIndex;
use crate::cache::deps::{Dep, Fingerprints};
use crate::cache::digest::Digest;
use crate::cache::{Entry, Key, LintCache, Stored};
use crate::config::Config;
use crate::doc::front::Level;
use crate::doc::Document;
use crate::files::absolute;
use crate::files::Stamp;
use crate::govern::decision_log::DECISION_LOG;
use crate::workspace::{
    analyse_unopened, load_document, Configs, LoadError, LoadOptions, Opened, Outcome, Reading,
};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Lints every OKR document `options` names, then the decision log of each one's
/// repository (and any `decision-log.md` named directly). Results are in path order.
pub fn lint_paths(options: &LoadOptions, as_of: NaiveDate) -> Outcome<Vec<Diagnostic>> {
    lint_run(options, as_of, None)
}

/// [`lint_paths`], taking unchanged documents' findings from `cache` and keeping the
/// new ones there.
pub fn lint_paths_cached(
    options: &LoadOptions,
    as_of: NaiveDate,
    cache: LintCache,
) -> Outcome<Vec<Diagnostic>> {
    let outcome = lint_run(options, as_of, Some(&cache));
    cache.flush();
    outcome
}

/// One document's result before the run's cross-document answers are in.
enum Linted {
    /// Linted in this run.
    Fresh(Fresh),
    /// Found in the cache; its dependencies are still to be checked. `restamp` is the
    /// file's new stamp when it was found by content under another.
    Cached {
        entry: Arc<Entry>,
        restamp: Option<Stamp>,
    },
}

/// A document linted in this run, with what a cache entry needs.
struct Fresh {
    diagnostics: Vec<Diagnostic>,
    deps: Vec<Dep>,
    content: Digest,
    stamp: Option<Stamp>,
    config: Digest,
    company: bool,
}

/// Everything one run shares: the index, the configs and the cache.
struct Run<'a> {
    repo: RepoIndex,
    configs: Configs,
    cache: Option<&'a LintCache>,
    as_of: NaiveDate,
}

fn lint_run(
    options: &LoadOptions,
    as_of: NaiveDate,
    cache: Option<&LintCache>,
) -> Outcome<Vec<Diagnostic>> {
    let repo = RepoIndex::watching_company();
    let run = Run {
        repo: match cache {
            Some(cache) => repo.keeping_heads(cache.place().clone()),
            None => repo,
        },
        configs: Configs::new(options.config.clone()),
        cache,
        as_of,
    };
    let mut outcome = analyse_unopened(options, |path| run.first_pass(path));
    run.relint_deferred(&mut outcome, options);
    let mut outcome = run.finish(outcome);
    let documents = outcome.results.len();
    run.lint_logs(&mut outcome, options);
    // The documents are in path order; only decision logs need placing among them.
    if outcome.results.len() > documents {
        outcome.results.sort_by(|a, b| a.0.cmp(&b.0));
    }
    outcome
}

impl Run<'_> {
    /// A document's cached entry if its stamp or text, config and date match (the file
    /// is opened only when the stamp does not); else its findings.
    fn first_pass(&self, path: &Path) -> Result<Option<Linted>, LoadError> {
        if let Some(stamp) = self.cache.and_then(|_| crate::workspace::stamp(path)) {
            if let Some(entry) = self.lookup(path, Key::Stamp(stamp))? {
                return Ok(Some(self.cached(path, entry, None)));
            }
        }
        let opened = Opened::open(path)?;
        let stamp = opened.stamp();
        let text = opened.text()?;
        let content = self.digest(&text);
        if let Some(entry) = self.lookup(path, Key::Content(content))? {
            return Ok(Some(self.cached(path, entry, stamp)));
        }
        Ok(self
            .lint_text(path, text, content, stamp)?
            .map(Linted::Fresh))
    }

    fn cached(&self, path: &Path, entry: Arc<Entry>, stamp: Option<Stamp>) -> Linted {
        self.repo.note_read(path, entry.company);
        if entry.deps.iter().any(|(d, _)| matches!(d, Dep::Company(_))) {
            self.repo.defer_company(path);
        }
        let restamp = stamp.filter(|s| entry.stamp != Some(*s));
        Linted::Cached { entry, restamp }
    }

    /// Parses and lints `text`, read from `path`; `None` if it is not an OKR document.
    fn lint_text(
        &self,
        path: &Path,
        text: String,
        content: Digest,
        stamp: Option<Stamp>,
    ) -> Result<Option<Fresh>, LoadError> {
        let (doc, unread) = match crate::workspace::read_markdown(path, text) {
            Reading::Okr(doc) => (doc, false),
            Reading::Unread(doc) => (doc, true),
            Reading::Prose => return Ok(None),
        };
        let config = self.configs.for_file(path)?;
        let doc = crate::workspace::in_calendar(doc, &config);
        self.repo.note_linted(&doc);
        let mut fresh = self.lint(&doc, &config, content, stamp);
        if unread {
            // Only the warning that nothing was read: the rules about objectives and
            // key results have nothing to judge.
            fresh.diagnostics.retain(|d| d.code == UNREAD_OKR_FILE.code);
        }
        Ok(Some(fresh))
    }

    /// The digest of a document's text, worked out only when there is a cache.
    fn digest(&self, text: &str) -> Digest {
        match self.cache {
            Some(_) => Digest::of(text.as_bytes()),
            None => Digest::default(),
        }
    }

    fn lookup(&self, path: &Path, key: Key) -> Result<Option<Arc<Entry>>, LoadError> {
        let Some(entry) = self.cache.and_then(|c| c.lookup(path, key, self.as_of)) else {
            return Ok(None);
        };
        let config = self.configs.for_file(path)?;
        Ok((entry.config == config.fingerprint).then_some(entry))
    }

    fn lint(
        &self,
        doc: &Document,
        config: &Config,
        content: Digest,
        stamp: Option<Stamp>,
    ) -> Fresh {
        let (diagnostics, deps) = match self.cache {
            Some(_) => lint_document_tracked(doc, config, self.as_of, &self.repo),
            None => (
                lint_document(doc, config, self.as_of, &self.repo),
                Vec::new(),
            ),
        };
        Fresh {
            diagnostics,
            deps,
            content,
            stamp,
            config: config.fingerprint,
            company: doc.front.level() == Level::Company,
        }
    }

    /// Lints again the documents whose tree turned out to have a company document once
    /// every document had been read (see [`RepoIndex::watching_company`]). Cached
    /// results wait for [`Run::finish`], which checks them against the settled answer.
    fn relint_deferred(&self, outcome: &mut Outcome<Linted>, options: &LoadOptions) {
        let redo = self.repo.settle_company(&options.roots());
        if redo.is_empty() {
            return;
        }
        let redo: BTreeSet<PathBuf> = redo.into_iter().collect();
        let lint_again = |(path, linted): &mut (PathBuf, Linted)| {
            if let Linted::Fresh(fresh) = linted {
                if redo.contains(path) {
                    if let Ok(Some(again)) = self.lint_file(path) {
                        fresh.diagnostics = again.diagnostics;
                    }
                }
            }
        };
        crate::parallel::map_mut(&mut outcome.results, lint_again);
    }

    /// Reads, parses and lints `path` now, after the run's answers are in.
    fn lint_file(&self, path: &Path) -> Result<Option<Fresh>, LoadError> {
        let opened = Opened::open(path)?;
        let stamp = opened.stamp();
        let text = opened.text()?;
        let content = self.digest(&text);
        self.lint_text(path, text, content, stamp)
    }

    /// Checks each cached result's dependencies, lints the documents whose changed, and
    /// stores every new result in the cache.
    fn finish(&self, mut outcome: Outcome<Linted>) -> Outcome<Vec<Diagnostic>> {
        let fingerprints = Fingerprints::new(&self.repo);
        let settle =
            |(path, linted): &mut (PathBuf, Linted)| self.settle(path, linted, &fingerprints);
        // Without a cache nothing is checked or stored: each result only moves.
        let results: Vec<_> = match self.cache {
            Some(_) => crate::parallel::map_mut(&mut outcome.results, settle),
            None => outcome.results.iter_mut().map(settle).collect(),
        };
        let mut errors = outcome.errors;
        let mut found = Vec::with_capacity(results.len());
        for ((path, _), result) in outcome.results.into_iter().zip(results) {
            match result {
                Ok(diagnostics) => found.push((path, diagnostics)),
                Err(e) => errors.push(e),
            }
        }
        Outcome {
            results: found,
            skipped: outcome.skipped,
            errors,
        }
    }

    fn settle(
        &self,
        path: &Path,
        linted: &mut Linted,
        fingerprints: &Fingerprints,
    ) -> Result<Vec<Diagnostic>, LoadError> {
        let fresh = match linted {
            Linted::Cached { entry, restamp } => match reuse(path, entry, fingerprints) {
                Some(diagnostics) => {
                    self.restamp(path, entry, *restamp);
                    return Ok(diagnostics);
                }
                None => match self.lint_file(path)? {
                    Some(fresh) => fresh,
                    None => return Ok(Vec::new()),
                },
            },
            Linted::Fresh(fresh) => Fresh {
                diagnostics: std::mem::take(&mut fresh.diagnostics),
                deps: std::mem::take(&mut fresh.deps),
                ..*fresh
            },
        };
        self.store(path, &fresh, fingerprints);
        Ok(fresh.diagnostics)
    }

    /// Keeps `entry` again under the file's new stamp, so the next run need not read it.
    fn restamp(&self, path: &Path, entry: &Entry, stamp: Option<Stamp>) {
        if let (Some(cache), Some(stamp)) = (self.cache, stamp) {
            let entry = Entry {
                stamp: Some(stamp),
                ..entry.clone()
            };
            cache.store(path, entry);
        }
    }

    fn store(&self, path: &Path, fresh: &Fresh, fingerprints: &Fingerprints) {
        let Some(cache) = self.cache else { return };
        let Some(deps) = fingerprints.all(&fresh.deps) else {
            return;
        };
        cache.store(
            path,
            Entry {
                content: fresh.content,
                stamp: fresh.stamp,
                config: fresh.config,
                as_of: self.as_of,
                company: fresh.company,
                deps: deps.into(),
                diagnostics: fresh.diagnostics.iter().map(Stored::new).collect(),
            },
        );
    }

    /// Lints the decision log of every linted document's repository, and any named.
    fn lint_logs(&self, outcome: &mut Outcome<Vec<Diagnostic>>, options: &LoadOptions) {
        let named = options
            .paths
            .iter()
            .filter(|p| p.file_name().is_some_and(|n| n == DECISION_LOG))
            .cloned();
        let mut dirs: Vec<&Path> = outcome
            .results
            .iter()
            .filter_map(|(p, _)| p.parent())
            .collect();
        // Documents come in path order, so one directory's are together.
        dirs.dedup();
        let logs: BTreeSet<PathBuf> = dirs
            .into_iter()
            .map(|dir| self.repo.decision_log_in(dir))
            .collect::<BTreeSet<PathBuf>>()
            .into_iter()
            .filter(|p| p.is_file())
            .map(|p| PathBuf::from(display_path(&p)))
            .chain(named)
            .collect();
        for log in logs {
            outcome.skipped.retain(|s| absolute(s) != absolute(&log));
            match load_document(&log, options.config.clone()) {
                Ok((doc, config)) => {
                    let found = lint_decision_log(&doc, &config, self.as_of, &self.repo);
                    outcome.results.push((log, found));
                }
                Err(e) => outcome.errors.push(e),
            }
        }
    }
}

/// The cached findings when every dependency is as it was.
fn reuse(path: &Path, entry: &Entry, fingerprints: &Fingerprints) -> Option<Vec<Diagnostic>> {
    let unchanged = entry
        .deps
        .iter()
        .all(|(dep, then)| fingerprints.of(dep) == Some(*then));
    if !unchanged {
        return None;
    }
    let path: Arc<Path> = Arc::from(path);
    entry
        .diagnostics
        .iter()
        .map(|d| d.diagnostic(&path))
        .collect()
}
