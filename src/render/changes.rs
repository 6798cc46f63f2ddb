//! `okr diff`'s output: the changes grouped by document, or JSON.

use super::score::{rag_text, score_text};
use super::style::{BOLD, DIM, GREEN, RED, YELLOW};
use crate::config::ScoreScale;
use crate::history::diff::Change;
use std::io::{self, Write};

/// Writes the changes one per line under each document's path, then a count.
pub fn human(out: &mut dyn Write, changes: &[Change], scale: ScoreScale) -> io::Result<()> {
    let mut current: Option<&str> = None;
    for change in changes {
        let path = path_of(change);
        if current != Some(path) {
            if current.is_some() {
                writeln!(out)?;
            }
            writeln!(out, "{BOLD}{path}{BOLD:#}")?;
            current = Some(path);
        }
        writeln!(out, "  {}", line(change, scale))?;
    }
    match changes.len() {
        0 => writeln!(out, "No OKR changes."),
        n => writeln!(out, "\n{n} change{}.", if n == 1 { "" } else { "s" }),
    }
}

/// Writes `{"version": 1, "changes": [...]}`.
pub fn json(out: &mut dyn Write, changes: &[Change]) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct Body<'c> {
        version: u32,
        changes: &'c [Change],
    }
    let body = Body {
        version: 1,
        changes,
    };
    serde_json::to_writer_pretty(&mut *out, &body).map_err(io::Error::other)?;
    writeln!(out)
}

fn path_of(change: &Change) -> &str {
    match change {
        Change::DocumentAdded { path }
        | Change::DocumentRemoved { path }
        | Change::Added { path, .. }
        | Change::Removed { path, .. }
        | Change::Field { path, .. }
        | Change::Grade { path, .. } => path,
    }
}

fn line(change: &Change, scale: ScoreScale) -> String {
    let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".to_string());
    match change {
        Change::DocumentAdded { .. } => format!("{GREEN}+{GREEN:#} new document"),
        Change::DocumentRemoved { .. } => format!("{RED}-{RED:#} document removed"),
        Change::Added { id, statement, .. } => format!("{GREEN}+ {id}{GREEN:#} {statement}"),
        Change::Removed { id, statement, .. } => format!("{RED}- {id}{RED:#} {statement}"),
        Change::Field {
            id,
            field,
            before,
            after,
            ..
        } => format!(
            "{YELLOW}~ {id}{YELLOW:#} {field}: {} → {}",
            shown(before),
            shown(after)
        ),
        Change::Grade {
            id,
            before,
            after,
            rag_before,
            rag_after,
            ..
        } => format!(
            "{DIM}~ {id}{DIM:#} grade: {} → {}",
            graded(*before, *rag_before, scale),
            graded(*after, *rag_after, scale)
        ),
    }
}

fn graded(score: Option<f64>, rag: Option<crate::score::Rag>, scale: ScoreScale) -> String {
    match rag {
        Some(_) => format!("{} {}", score_text(score, scale), rag_text(rag)),
        None => score_text(score, scale),
    }
}
