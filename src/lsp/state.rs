//! What the server knows: the open buffers, laid over the files on disk, and one
//! repository index shared by every lint, so cross-document rules see unsaved edits.

use crate::align::index::RepoIndex;
use crate::config::Config;
use crate::doc::detect::{is_okr_document, looks_like_okr};
use crate::doc::parse::parse_document;
use crate::doc::Document;
use crate::lint::{lint_document, Diagnostic};
use crate::workspace::{config_for, read_okr_document};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An open buffer.
pub struct Buffer {
    /// Its text as the editor has it.
    pub text: String,
    /// The editor's version number.
    pub version: i32,
    /// The text parsed, when it is an OKR document.
    parsed: Option<Document>,
    /// Why the text is not parsed at all: it is larger than okr reads from a file.
    refused: Option<String>,
}

/// Whether a parsed buffer is an OKR document, as `okr lint` decides for a file.
fn is_okr(doc: &Document) -> bool {
    looks_like_okr(doc.source.text()) && is_okr_document(doc)
}

/// The server's view of the workspace.
#[derive(Default)]
pub struct State {
    /// Open buffers by absolute path.
    pub open: HashMap<PathBuf, Buffer>,
    repo: RepoIndex,
    configs: HashMap<PathBuf, Arc<Config>>,
    /// The workspace folder, when the client named one.
    pub root: Option<PathBuf>,
}

impl State {
    /// A view of the workspace folder `root` (or of each file's own repository).
    pub fn new(root: Option<PathBuf>) -> Self {
        State {
            root,
            ..State::default()
        }
    }

    /// A buffer was opened or changed: later lookups see its text, not the file's.
    pub fn update(&mut self, path: PathBuf, text: String, version: i32) {
        // The limits `okr lint` applies to a file, so an editor buffer cannot take more
        // memory than the same text on disk.
        let refused = if text.len() as u64 > crate::files::DOCUMENT_LIMIT {
            Some(format!(
                "the buffer is larger than the {} MB okr reads from a document",
                crate::files::DOCUMENT_LIMIT >> 20
            ))
        } else {
            crate::files::check_document(&text)
                .err()
                .map(|e| e.to_string())
        };
        let parsed = refused.is_none().then(|| {
            let doc = parse_document(&path, text.clone());
            self.repo.remember(&doc);
            doc
        });
        self.open.insert(
            path,
            Buffer {
                text,
                version,
                parsed: parsed.filter(is_okr),
                refused,
            },
        );
    }

    /// A buffer was closed: the file on disk is the truth again.
    pub fn close(&mut self, path: &Path) {
        self.open.remove(path);
        self.repo.forget(path);
    }

    /// A file that other documents depend on changed on disk (okr.yaml, metrics.yaml,
    /// the decision log, the lock, a new document): everything is read again.
    pub fn reload(&mut self) {
        self.configs.clear();
        self.repo = RepoIndex::new();
        for (path, buffer) in self.open.iter().filter(|(_, b)| b.refused.is_none()) {
            self.repo
                .remember(&parse_document(path, buffer.text.clone()));
        }
    }

    /// The text of `path`: the open buffer's, else the file's.
    pub fn text(&self, path: &Path) -> Option<String> {
        match self.open.get(path) {
            Some(buffer) => Some(buffer.text.clone()),
            None => crate::files::read_document(path).ok(),
        }
    }

    /// `path` parsed, when it is an OKR document.
    pub fn document(&self, path: &Path) -> Option<Document> {
        read_okr_document(path, self.text(path)?)
    }

    /// The config governing `path`, read once until [`State::reload`].
    pub fn config(&mut self, path: &Path) -> Result<Arc<Config>, String> {
        if let Some(found) = self.configs.get(path) {
            return Ok(found.clone());
        }
        let config = config_for(path, None).map_err(|e| e.to_string())?;
        self.configs.insert(path.to_path_buf(), config.clone());
        Ok(config)
    }

    /// Every finding `okr lint` would report for the buffer at `path`.
    pub fn lint(
        &mut self,
        path: &Path,
        today: chrono::NaiveDate,
    ) -> Result<Vec<Diagnostic>, String> {
        let config = self.config(path)?;
        let lint = |doc: &Document| match crate::workspace::reread_in_calendar(doc, &config) {
            Some(doc) => lint_document(&doc, &config, today, &self.repo),
            None => lint_document(doc, &config, today, &self.repo),
        };
        Ok(match self.open.get(path) {
            Some(Buffer {
                refused: Some(why), ..
            }) => return Err(format!("{}: not linted: {why}", path.display())),
            Some(buffer) => buffer.parsed.as_ref().map(lint),
            None => self.document(path).as_ref().map(lint),
        }
        .unwrap_or_default())
    }

    /// The OKR documents of `path`'s alignment tree, and the open ones.
    pub fn tree(&self, path: &Path) -> Vec<PathBuf> {
        let mut docs = self.repo.tree(path);
        for open in self.open.keys() {
            if !docs.contains(open) {
                docs.push(open.clone());
            }
        }
        docs
    }
}
