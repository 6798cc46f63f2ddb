//! Completion: KR IDs where a KR is named, card fields and their values, and today's
//! date in a new check-in row.

use super::state::State;
use super::text::offset;
use crate::doc::card::KR_FIELDS;
use crate::doc::{Column, Document};
use lsp_types as lsp;
use std::path::{Component, Path, PathBuf};

/// What the text before the cursor on its line calls for.
pub fn completion(state: &State, path: &Path, at: lsp::Position) -> Vec<lsp::CompletionItem> {
    let Some(text) = state.text(path) else {
        return Vec::new();
    };
    let cursor = offset(&text, at);
    let line_start = text[..cursor].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..cursor];
    let doc = state.document(path);
    let is_log = path
        .file_name()
        .is_some_and(|n| n == crate::govern::decision_log::DECISION_LOG);
    if is_log {
        return linked_ids(state, path, None);
    }
    let Some(doc) = doc else { return Vec::new() };
    let trimmed = before.trim_start();
    if trimmed.starts_with('|') {
        return in_table(&doc, before);
    }
    if let Some((label, _)) = trimmed.trim_start_matches(['-', '*', ' ']).split_once(':') {
        return field_values(state, path, &doc, &label.replace('*', ""));
    }
    if in_section(&doc, cursor, "initiatives") {
        return local_ids(&doc);
    }
    if (trimmed.starts_with("- ") || trimmed == "-") && in_kr_card(&doc, cursor) {
        return KR_FIELDS
            .iter()
            .map(|f| {
                item(
                    &capitalised(f),
                    lsp::CompletionItemKind::FIELD,
                    Some(format!("{}: ", capitalised(f))),
                )
            })
            .collect();
    }
    Vec::new()
}

fn item(label: &str, kind: lsp::CompletionItemKind, insert: Option<String>) -> lsp::CompletionItem {
    lsp::CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        insert_text: insert,
        ..Default::default()
    }
}

fn capitalised(field: &str) -> String {
    let mut chars = field.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// A check-in row: today's date in the first cell, the document's KR IDs in the KR cell.
fn in_table(doc: &Document, before: &str) -> Vec<lsp::CompletionItem> {
    let cell = before.matches('|').count() - before.matches("\\|").count();
    let column = doc
        .checkins
        .as_ref()
        .and_then(|t| t.columns.get(cell.saturating_sub(1)))
        .and_then(|c| Column::named(&c.value.to_lowercase()));
    let first = cell == 1 && doc.checkins.is_none();
    match column {
        Some(Column::Date) => vec![today()],
        None if first => vec![today()],
        Some(Column::Kr) => local_ids(doc),
        _ => Vec::new(),
    }
}

fn today() -> lsp::CompletionItem {
    let date = chrono::Local::now().date_naive().to_string();
    lsp::CompletionItem {
        detail: Some("today".to_string()),
        ..item(&date, lsp::CompletionItemKind::VALUE, None)
    }
}

/// Values for the field being written: methods, refresh rates, signals, links, metrics.
fn field_values(
    state: &State,
    path: &Path,
    doc: &Document,
    label: &str,
) -> Vec<lsp::CompletionItem> {
    let values: &[&str] = match crate::doc::card::canonical_field(label.trim()) {
        Some("refresh") => &[
            "realtime",
            "hourly",
            "daily",
            "weekly",
            "biweekly",
            "monthly",
            "quarterly",
            "yearly",
        ],
        Some("signal") => &["leading", "lagging"],
        Some("scoring") => &["linear", "ladder", "binary"],
        Some("contributes to") => return linked_ids(state, path, Some(doc)),
        Some("metric") => {
            let Ok(config) = crate::workspace::config_for(path, None) else {
                return Vec::new();
            };
            return config
                .dictionary
                .metrics()
                .map(|m| item(&m.name, lsp::CompletionItemKind::VALUE, None))
                .collect();
        }
        _ if label.trim() == "parent" => return linked_ids(state, path, Some(doc)),
        _ => &[],
    };
    values
        .iter()
        .map(|v| item(v, lsp::CompletionItemKind::ENUM_MEMBER, None))
        .collect()
}

/// This document's objective and KR IDs.
fn local_ids(doc: &Document) -> Vec<lsp::CompletionItem> {
    doc.objectives
        .iter()
        .flat_map(|o| {
            let own = o
                .number
                .map(|n| (format!("O{n}"), o.heading.statement.value.to_string()));
            own.into_iter().chain(
                o.key_results
                    .iter()
                    .filter(|k| k.id.is_some())
                    .map(|k| (k.label(), k.heading.statement.value.to_string())),
            )
        })
        .map(|(id, statement)| lsp::CompletionItem {
            detail: Some(statement),
            ..item(&id, lsp::CompletionItemKind::REFERENCE, None)
        })
        .collect()
}

/// IDs in the other documents of the tree, as links relative to `path`.
fn linked_ids(state: &State, path: &Path, doc: Option<&Document>) -> Vec<lsp::CompletionItem> {
    let here = path.parent().unwrap_or(Path::new("/"));
    let mut items = doc.map(local_ids).unwrap_or_default();
    for other in state.tree(path).into_iter().filter(|p| p != path) {
        let Some(target) = state.document(&other) else {
            continue;
        };
        let link = relative(here, &other);
        for mut entry in local_ids(&target) {
            entry.label = format!("{link}#{}", entry.label);
            items.push(entry);
        }
    }
    items
}

/// `to` written relative to the directory `from` (`../company/2026.md`).
fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<Component> = from.components().collect();
    let to_parts: Vec<Component> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for part in &to_parts[common..] {
        out.push(part);
    }
    out.to_string_lossy().into_owned()
}

fn in_section(doc: &Document, at: usize, name: &str) -> bool {
    doc.sections
        .iter()
        .any(|s| s.name.eq_ignore_ascii_case(name) && s.body.start <= at && at <= s.body.end)
}

/// Whether `at` is below a KR heading and before the next heading.
fn in_kr_card(doc: &Document, at: usize) -> bool {
    let text = doc.source.text();
    doc.key_results().any(|kr| {
        let start = kr.heading.span.end;
        let next_heading = text[start..].find("\n#").map_or(text.len(), |i| start + i);
        start <= at && at <= next_heading
    })
}
