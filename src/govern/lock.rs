//! `okr.lock.json`: what `okr lock` froze at launch and what `okr close` froze at the end.
//!
//! One file per alignment root (beside `okr.yaml`, or in `okrs/`), committed with the
//! documents. Each document is keyed by its path under that root; each KR by its ID, with
//! a fingerprint of baseline, target, scoring method (with ladder bands) and weight, and
//! the values themselves so messages can say what changed. Unrelated edits (statements,
//! notes, check-ins) do not touch the fingerprint.

use crate::align::index::alignment_root;
use crate::config::Config;
use crate::doc::card::raw_text;
use crate::doc::{Document, KeyResult};
use crate::edit::final_scores::method_text;
use crate::files::absolute;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The lock file's name.
pub const LOCK_FILE: &str = "okr.lock.json";

/// The whole lock file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LockFile {
    /// Format version.
    pub version: u32,
    /// Locked documents by path under the alignment root.
    pub documents: BTreeMap<String, DocLock>,
}

/// One launched document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocLock {
    /// The launch date.
    pub locked_on: NaiveDate,
    /// Each KR's graded fields at launch.
    pub key_results: BTreeMap<String, KrLock>,
    /// When `okr close` closed the cycle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_on: Option<NaiveDate>,
    /// Fingerprint of the `## Scores` table at close.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scores_fingerprint: Option<String>,
}

/// A KR's graded fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KrLock {
    /// Hash of the four values below.
    pub fingerprint: String,
    /// `Baseline:` as written.
    pub baseline: Option<String>,
    /// `Target:` as written.
    pub target: Option<String>,
    /// The method, with ladder bands.
    pub scoring: String,
    /// `Weight:` as written.
    pub weight: Option<String>,
}

impl KrLock {
    /// The KR's graded fields as they are now.
    pub fn of(doc: &Document, kr: &KeyResult, config: &Config) -> Self {
        let baseline = raw_text(&kr.fields.baseline);
        let target = raw_text(&kr.fields.target);
        let scoring = method_text(doc, kr, config);
        let weight = raw_text(&kr.fields.weight);
        let fingerprint = fingerprint(&[
            baseline.as_deref().unwrap_or(""),
            target.as_deref().unwrap_or(""),
            &scoring,
            weight.as_deref().unwrap_or(""),
        ]);
        Self {
            fingerprint,
            baseline,
            target,
            scoring,
            weight,
        }
    }

    /// The fields that differ from `now`, as `target 60% → 55%; weight 1 → 2`.
    pub fn describe_changes(&self, now: &KrLock) -> String {
        let changes: Vec<String> = self
            .changes(now)
            .into_iter()
            .map(|(field, was, is)| format!("{field} {was} → {is}"))
            .collect();
        changes.join("; ")
    }

    /// `(field, locked, now)` for each field that differs from `now`.
    pub fn changes(&self, now: &KrLock) -> Vec<(&'static str, String, String)> {
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".to_string());
        [
            ("baseline", show(&self.baseline), show(&now.baseline)),
            ("target", show(&self.target), show(&now.target)),
            ("scoring", self.scoring.clone(), now.scoring.clone()),
            ("weight", show(&self.weight), show(&now.weight)),
        ]
        .into_iter()
        .filter(|(_, a, b)| a.trim() != b.trim())
        .collect()
    }
}

/// A stable 64-bit FNV-1a hash of the parts, trimmed and joined, in hex.
pub fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            hash = fnv(hash, 0x1f);
        }
        for byte in part.trim().bytes() {
            hash = fnv(hash, byte);
        }
    }
    format!("{hash:016x}")
}

fn fnv(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
}

/// The lock file that governs `doc`.
pub fn lock_path(doc: &Path) -> PathBuf {
    alignment_root(doc).join(LOCK_FILE)
}

/// `doc`'s key in its lock file: its path under the alignment root, with `/`.
pub fn doc_key(doc: &Path) -> String {
    key_under(&alignment_root(doc), doc)
}

/// `doc`'s path under the alignment root `root`, with `/`.
pub fn key_under(root: &Path, doc: &Path) -> String {
    let doc = absolute(doc);
    let relative = doc.strip_prefix(root).unwrap_or(&doc);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads a lock file; a missing file is an empty lock.
pub fn load(path: &Path) -> Result<LockFile, String> {
    match crate::files::read_confined(path, crate::files::LOG_LIMIT) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}:{}:{}: invalid lock file: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(LockFile {
            version: 1,
            ..LockFile::default()
        }),
        Err(e) => Err(format!("{}: cannot read: {e}", path.display())),
    }
}

/// The lock file as written: pretty JSON with a final newline.
pub fn to_json(lock: &LockFile) -> String {
    let mut text = serde_json::to_string_pretty(lock).expect("lock files serialise");
    text.push('\n');
    text
}

/// Fingerprint of the `## Scores` table, line endings normalised.
pub fn scores_fingerprint(doc: &Document) -> Option<String> {
    let table = doc.scores.as_ref()?;
    let text = doc.source.slice(table.span).replace("\r\n", "\n");
    Some(fingerprint(&[&text]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_field_sensitive() {
        assert_eq!(fingerprint(&["18%", "28%"]), fingerprint(&[" 18% ", "28%"]));
        assert_ne!(fingerprint(&["18%", "28%"]), fingerprint(&["18%", "25%"]));
        assert_ne!(fingerprint(&["18", "%28%"]), fingerprint(&["18%", "28%"]));
        assert_eq!(fingerprint(&[""]), "cbf29ce484222325");
    }
}
