//! `okr log`: every commit that changed one KR, and the decisions that covered it.

use crate::config::Config;
use crate::doc::parse::parse_document;
use crate::doc::{Column, Document, KeyResult};
use crate::git::{Git, GitError, Objects};
use crate::govern::decision_log::{decisions, Decision};
use crate::govern::lock::KrLock;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// What one commit did to the KR.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LogEntry {
    /// The commit id.
    pub commit: String,
    /// The commit date.
    pub date: NaiveDate,
    /// Its author.
    pub author: String,
    /// The first line of its message.
    pub subject: String,
    /// What changed, in order.
    pub changes: Vec<KrChange>,
}

/// One change to the KR in one commit.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KrChange {
    /// The KR first appears.
    Created {
        /// Its statement.
        statement: String,
    },
    /// The KR is gone.
    Deleted,
    /// The statement was reworded.
    Statement {
        /// Before.
        before: String,
        /// After.
        after: String,
    },
    /// A graded field (baseline, target, scoring or weight) changed.
    Locked {
        /// `baseline`, `target`, `scoring` or `weight`.
        field: &'static str,
        /// Before.
        before: String,
        /// After.
        after: String,
        /// The decision-log entry that covers it: `2026-02-10: Lower the target…`.
        decision: Option<String>,
    },
    /// A check-in row was added.
    CheckinAdded {
        /// Its date as written.
        day: String,
        /// Its actual.
        actual: String,
    },
    /// An existing check-in's actual or confidence was rewritten.
    CheckinEdited {
        /// Its date as written.
        day: String,
        /// The row before, `actual (confidence)`.
        before: String,
        /// The row after.
        after: String,
    },
    /// A check-in row was removed.
    CheckinDeleted {
        /// Its date as written.
        day: String,
    },
}

/// The KR as one revision of its document has it.
#[derive(Clone, Debug, PartialEq)]
pub struct KrState {
    /// The statement.
    pub statement: String,
    /// The graded fields.
    pub graded: KrLock,
    /// Check-ins by the date written in the row: `actual (confidence)`.
    pub checkins: BTreeMap<String, String>,
}

impl KrState {
    /// `id`'s state in `doc`, if the document defines it.
    pub fn of(doc: &Document, id: &str, config: &Config) -> Option<KrState> {
        let kr = doc
            .key_results()
            .find(|k| k.label().eq_ignore_ascii_case(id))?;
        Some(KrState {
            statement: kr.heading.statement.value.to_string(),
            graded: KrLock::of(doc, kr, config),
            checkins: checkins(doc, kr),
        })
    }
}

fn checkins(doc: &Document, kr: &KeyResult) -> BTreeMap<String, String> {
    let label = kr.label();
    let rows = doc.checkins.as_ref().map_or(&[][..], |t| &t.rows[..]);
    rows.iter()
        .filter(|row| {
            doc.cell(row, Column::Kr)
                .is_some_and(|c| c.value.trim().eq_ignore_ascii_case(&label))
        })
        .filter_map(|row| {
            let day = doc.cell(row, Column::Date)?.value.trim().to_string();
            let actual = doc
                .cell(row, Column::Actual)
                .map(|c| c.value.trim().to_string());
            let confidence = doc
                .cell(row, Column::Confidence)
                .map(|c| c.value.trim().to_string());
            let shown = match confidence.filter(|c| !c.is_empty()) {
                Some(c) => format!("{} ({c})", actual.unwrap_or_default()),
                None => actual.unwrap_or_default(),
            };
            Some((day, shown))
        })
        .collect()
}

/// `id`'s state in `path` (from the top directory) at `revision`, if it existed there.
pub fn state_at(
    objects: &mut Objects,
    revision: &str,
    path: &Path,
    id: &str,
    config: &Config,
) -> std::io::Result<Option<KrState>> {
    Ok(objects
        .text_at(revision, path)?
        .and_then(|text| KrState::of(&parse_document(path, text), id, config)))
}

/// Whether the decision names `id` (alone or as `path#ID`).
pub fn names(decision: &Decision, id: &str) -> bool {
    decision.krs.iter().any(|r| {
        let named = r.value.rsplit('#').next().unwrap_or(&r.value);
        named.trim().eq_ignore_ascii_case(id.trim())
    })
}

/// Every commit after `since` (or from the start) that changed `id` in `path`, oldest
/// first. Each graded change is matched with an entry naming the KR in the decision log
/// at `log` (both paths from the top directory) as that commit had it.
pub fn kr_log(
    git: &Git,
    path: &Path,
    id: &str,
    since: Option<&str>,
    config: &Config,
    log: &Path,
) -> Result<Vec<LogEntry>, GitError> {
    let io = |e: std::io::Error| GitError::Failed {
        command: "cat-file".to_string(),
        message: e.to_string(),
    };
    let mut commits = git.log("HEAD", since, &[path])?;
    commits.reverse();
    let mut objects = git.objects()?;
    let mut before = match commits.first() {
        Some(first) => {
            state_at(&mut objects, &format!("{}^", first.id), path, id, config).map_err(io)?
        }
        None => None,
    };
    let mut covered = Coverage::default();
    let mut entries = Vec::new();
    for commit in commits {
        let after = state_at(&mut objects, &commit.id, path, id, config).map_err(io)?;
        let logged = match (&before, &after) {
            (Some(b), Some(a)) if b.graded != a.graded => {
                decisions_at(&mut objects, &commit.id, log, id).map_err(io)?
            }
            _ => Vec::new(),
        };
        let changes = changes(before.as_ref(), after.as_ref(), &mut covered, &logged);
        if !changes.is_empty() {
            entries.push(LogEntry {
                commit: commit.id.clone(),
                date: commit.date,
                author: commit.author.clone(),
                subject: commit.subject.clone(),
                changes,
            });
        }
        before = after;
    }
    Ok(entries)
}

/// The decisions naming `id` in the log as `commit` had it.
fn decisions_at(
    objects: &mut Objects,
    commit: &str,
    log: &Path,
    id: &str,
) -> std::io::Result<Vec<Decision>> {
    let Some(text) = objects.text_at(commit, log)? else {
        return Ok(Vec::new());
    };
    let log = parse_document(log, text);
    Ok(decisions(&log)
        .into_iter()
        .filter(|d| names(d, id))
        .collect())
}

/// What the decisions covered so far, by `(date, title)`.
#[derive(Default)]
struct Coverage {
    used: Vec<(Option<NaiveDate>, String)>,
    /// The entries the log held at the previous graded change.
    earlier: Vec<(Option<NaiveDate>, String)>,
}

impl Coverage {
    /// The first of `logged` (the entries naming the KR at this commit) that is not used
    /// yet and was written since the previous graded change, used up, as `date: title`.
    fn take(&mut self, logged: &[Decision]) -> Option<String> {
        let key = |d: &Decision| (d.date, d.title.clone());
        let earlier = std::mem::replace(&mut self.earlier, logged.iter().map(key).collect());
        let decision = logged
            .iter()
            .find(|d| !self.used.contains(&key(d)) && !earlier.contains(&key(d)))?;
        self.used.push(key(decision));
        let day = decision.date.map(|d| d.to_string()).unwrap_or_default();
        Some(format!("{day}: {}", decision.title.trim()))
    }
}

fn changes(
    before: Option<&KrState>,
    after: Option<&KrState>,
    covered: &mut Coverage,
    logged: &[Decision],
) -> Vec<KrChange> {
    let (before, after) = match (before, after) {
        (None, Some(after)) => {
            return vec![KrChange::Created {
                statement: after.statement.clone(),
            }]
        }
        (Some(_), None) => return vec![KrChange::Deleted],
        (Some(before), Some(after)) => (before, after),
        (None, None) => return Vec::new(),
    };
    let mut out = Vec::new();
    if before.statement != after.statement {
        out.push(KrChange::Statement {
            before: before.statement.clone(),
            after: after.statement.clone(),
        });
    }
    let graded = before.graded.changes(&after.graded);
    let decision = (!graded.is_empty()).then(|| covered.take(logged)).flatten();
    out.extend(
        graded
            .into_iter()
            .map(|(field, before, after)| KrChange::Locked {
                field,
                before,
                after,
                decision: decision.clone(),
            }),
    );
    out.extend(checkin_changes(&before.checkins, &after.checkins));
    out
}

fn checkin_changes(
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
) -> Vec<KrChange> {
    let mut out = Vec::new();
    for (day, row) in after {
        match before.get(day) {
            None => out.push(KrChange::CheckinAdded {
                day: day.clone(),
                actual: row.clone(),
            }),
            Some(old) if old != row => out.push(KrChange::CheckinEdited {
                day: day.clone(),
                before: old.clone(),
                after: row.clone(),
            }),
            Some(_) => {}
        }
    }
    out.extend(
        before
            .keys()
            .filter(|day| !after.contains_key(*day))
            .map(|day| KrChange::CheckinDeleted { day: day.clone() }),
    );
    out
}
