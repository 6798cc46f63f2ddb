//! `okr diff`: two revisions compared in OKR terms, not lines.

use crate::score::{DocumentScore, KrScore, ObjectiveScore, Rag};
use serde::Serialize;
use std::collections::BTreeMap;

/// One change between the two revisions.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// A document appeared.
    DocumentAdded {
        /// Its path.
        path: String,
    },
    /// A document went away.
    DocumentRemoved {
        /// Its path.
        path: String,
    },
    /// An objective or KR appeared.
    Added {
        /// The document.
        path: String,
        /// `O2` or `O2-KR3`.
        id: String,
        /// Its statement.
        statement: String,
    },
    /// An objective or KR went away.
    Removed {
        /// The document.
        path: String,
        /// `O2` or `O2-KR3`.
        id: String,
        /// Its statement, as it was.
        statement: String,
    },
    /// A written field of a KR or objective changed.
    Field {
        /// The document.
        path: String,
        /// The objective or KR.
        id: String,
        /// `statement`, `baseline`, `target`, `method` or `owner`.
        field: &'static str,
        /// Before (`None` when unset).
        before: Option<String>,
        /// After.
        after: Option<String>,
    },
    /// A grade changed.
    Grade {
        /// The document.
        path: String,
        /// The objective or KR.
        id: String,
        /// Before (`None` when ungraded).
        before: Option<f64>,
        /// After.
        after: Option<f64>,
        /// The band before.
        rag_before: Option<Rag>,
        /// The band after.
        rag_after: Option<Rag>,
    },
}

/// Every change from `before` to `after`, by document path, then objective, then KR.
pub fn diff(before: &[DocumentScore], after: &[DocumentScore]) -> Vec<Change> {
    let index = |docs: &'_ [DocumentScore]| -> BTreeMap<(String, Option<String>), usize> {
        (0..docs.len())
            .map(|i| ((docs[i].path.clone(), docs[i].cycle.clone()), i))
            .collect()
    };
    let (old, new) = (index(before), index(after));
    let mut keys: Vec<&(String, Option<String>)> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut changes = Vec::new();
    for key in keys {
        let path = key.0.clone();
        match (old.get(key), new.get(key)) {
            (Some(&a), Some(&b)) => document(&mut changes, &path, &before[a], &after[b]),
            (None, Some(_)) => changes.push(Change::DocumentAdded { path }),
            (Some(_), None) => changes.push(Change::DocumentRemoved { path }),
            (None, None) => {}
        }
    }
    changes
}

/// An objective or a KR: matched across revisions by its ID.
trait Item {
    fn id(&self) -> &str;
    fn statement(&self) -> &str;
}

impl Item for ObjectiveScore {
    fn id(&self) -> &str {
        &self.id
    }
    fn statement(&self) -> &str {
        &self.statement
    }
}

impl Item for KrScore {
    fn id(&self) -> &str {
        &self.id
    }
    fn statement(&self) -> &str {
        &self.statement
    }
}

/// Pairs `before` and `after` by ID: an item on one side only is added or removed, and
/// `compare` reports what changed in an item on both.
fn pair_up<T: Item>(
    out: &mut Vec<Change>,
    path: &str,
    before: &[T],
    after: &[T],
    compare: impl Fn(&mut Vec<Change>, &str, &T, &T),
) {
    let old: BTreeMap<&str, &T> = before.iter().map(|t| (t.id(), t)).collect();
    let new: BTreeMap<&str, &T> = after.iter().map(|t| (t.id(), t)).collect();
    for id in merged_ids(&old, &new) {
        match (old.get(id), new.get(id)) {
            (Some(a), Some(b)) => {
                field(
                    out,
                    path,
                    id,
                    "statement",
                    Some(a.statement()),
                    Some(b.statement()),
                );
                compare(out, id, a, b);
            }
            (None, Some(b)) => out.push(added(path, id, b.statement())),
            (Some(a), None) => out.push(removed(path, id, a.statement())),
            (None, None) => {}
        }
    }
}

fn document(out: &mut Vec<Change>, path: &str, before: &DocumentScore, after: &DocumentScore) {
    pair_up(
        out,
        path,
        &before.objectives,
        &after.objectives,
        |out, id, a, b| {
            grade(out, path, id, (a.score, a.rag), (b.score, b.rag));
            pair_up(
                out,
                path,
                &a.key_results,
                &b.key_results,
                |out, id, a, b| {
                    field(
                        out,
                        path,
                        id,
                        "baseline",
                        a.baseline.as_deref(),
                        b.baseline.as_deref(),
                    );
                    field(
                        out,
                        path,
                        id,
                        "target",
                        a.target.as_deref(),
                        b.target.as_deref(),
                    );
                    field(out, path, id, "method", Some(a.method), Some(b.method));
                    field(
                        out,
                        path,
                        id,
                        "owner",
                        a.owner.as_deref(),
                        b.owner.as_deref(),
                    );
                    grade(out, path, id, (a.score, a.rag), (b.score, b.rag));
                },
            );
        },
    );
}

/// The IDs of both maps, in order, once each.
fn merged_ids<'a, T>(old: &BTreeMap<&'a str, T>, new: &BTreeMap<&'a str, T>) -> Vec<&'a str> {
    let mut ids: Vec<&str> = old.keys().chain(new.keys()).copied().collect();
    ids.sort();
    ids.dedup();
    ids
}

fn added(path: &str, id: &str, statement: &str) -> Change {
    Change::Added {
        path: path.to_string(),
        id: id.to_string(),
        statement: statement.to_string(),
    }
}

fn removed(path: &str, id: &str, statement: &str) -> Change {
    Change::Removed {
        path: path.to_string(),
        id: id.to_string(),
        statement: statement.to_string(),
    }
}

fn field(
    out: &mut Vec<Change>,
    path: &str,
    id: &str,
    field: &'static str,
    before: Option<&str>,
    after: Option<&str>,
) {
    let (before, after) = (before.map(str::trim), after.map(str::trim));
    if before != after {
        out.push(Change::Field {
            path: path.to_string(),
            id: id.to_string(),
            field,
            before: before.map(str::to_string),
            after: after.map(str::to_string),
        });
    }
}

type Graded = (Option<f64>, Option<Rag>);

fn grade(out: &mut Vec<Change>, path: &str, id: &str, before: Graded, after: Graded) {
    let hundredths = |s: Option<f64>| s.map(|s| (s * 100.0).round() as i64);
    if hundredths(before.0) != hundredths(after.0) || before.1 != after.1 {
        out.push(Change::Grade {
            path: path.to_string(),
            id: id.to_string(),
            before: before.0,
            after: after.0,
            rag_before: before.1,
            rag_after: after.1,
        });
    }
}
