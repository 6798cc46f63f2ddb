//! What the editor asks for: diagnostics, hovers, definitions, references, outlines and
//! formatting, each computed from the same library code the command line uses.

use super::state::State;
use super::text::{offset, position, range, uri_of, Lines};
use crate::align::link::parse_targets;
use crate::doc::card::Origin;
use crate::doc::Document;
use crate::lint::{registry, Diagnostic, Severity};
use crate::render::score::{rag_text, score_text};
use crate::score::{evaluate_document, KrScore, ObjectiveScore};
use lsp_types as lsp;
use std::path::{Path, PathBuf};

/// An okr finding as an LSP diagnostic, its code linked to the rule's documentation.
pub fn diagnostic(lines: &Lines, d: &Diagnostic, docs: &Path) -> lsp::Diagnostic {
    let start = lines.offset_of_line_column(d.line, d.column);
    let end = lines
        .offset_of_line_column(d.end_line, d.end_column)
        .max(start);
    let severity = match d.severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
    };
    let message = match d.help.as_ref() {
        "" => d.message.clone(),
        help => format!("{}\nhelp: {help}", d.message),
    };
    lsp::Diagnostic {
        range: lines.range(start, end),
        severity: Some(severity),
        code: Some(lsp::NumberOrString::String(d.code.to_string())),
        code_description: Some(lsp::CodeDescription {
            href: uri_of(&docs.join(format!("{}.md", d.code))),
        }),
        source: Some("okr".to_string()),
        message,
        ..Default::default()
    }
}

/// Writes each rule's explanation to `dir/<CODE>.md`, for diagnostics to link to.
pub fn write_rule_docs(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for rule in registry::RULES.iter().chain(registry::LOG_RULES) {
        let path = dir.join(format!("{}.md", rule.code));
        crate::edit::write_atomic(&path, rule_markdown(rule).as_bytes())?;
    }
    Ok(())
}

fn rule_markdown(rule: &crate::lint::Rule) -> String {
    format!(
        "# {} `{}` ({})\n\n{}.\n\n{}\n\nFix: {}.\n",
        rule.code,
        rule.name,
        rule.severity.as_str(),
        rule.summary,
        rule.explanation,
        rule.help
    )
}

/// The word under the cursor: letters, digits and `-_./#`, with its byte span.
fn word_at(text: &str, at: usize) -> Option<(usize, usize, &str)> {
    let part = |c: char| c.is_alphanumeric() || "-_./#".contains(c);
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| part(*c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .find(|(_, c)| !part(*c))
        .map_or(text.len(), |(i, _)| at + i);
    let word = text[start..end].trim_end_matches(['.', '-']);
    (!word.is_empty()).then_some((start, start + word.len(), word))
}

/// What a word names: a rule, or an objective or KR (in a document, or wherever it resolves).
enum Named {
    Rule(&'static crate::lint::Rule),
    Node { path: Option<String>, id: String },
}

fn named(word: &str) -> Option<Named> {
    if let Some(rule) = registry::find_rule(word).filter(|_| word.len() == 6) {
        return Some(Named::Rule(rule));
    }
    let target = parse_targets(word).into_iter().next()?.ok()?;
    let id = target.id.to_uppercase();
    let valid = id.strip_prefix('O').is_some_and(|rest| {
        let (objective, kr) = rest.split_once("-KR").unwrap_or((rest, "1"));
        [objective, kr]
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    });
    valid.then(|| Named::Node {
        path: (!target.path.is_empty()).then_some(target.path),
        id,
    })
}

/// A KR or objective found in a document, with where its heading is.
struct Found {
    path: PathBuf,
    doc: Document,
    start: usize,
    end: usize,
}

/// The heading span of `id` in `doc`.
fn heading_of(doc: &Document, id: &str) -> Option<(usize, usize)> {
    for objective in &doc.objectives {
        let own = objective.number.map(|n| format!("O{n}"));
        if own.as_deref() == Some(id) {
            let span = objective.heading.span;
            return Some((span.start, span.end));
        }
        for kr in &objective.key_results {
            if kr.id.is_some() && kr.label() == id {
                return Some((kr.heading.span.start, kr.heading.span.end));
            }
        }
    }
    None
}

/// Where the node a word names is defined: the document the link points at, else the
/// current document, else the one other document in the tree that defines it.
fn resolve(state: &State, from: &Path, path: Option<&str>, id: &str) -> Vec<Found> {
    let found = |p: PathBuf| {
        let doc = state.document(&p)?;
        let (start, end) = heading_of(&doc, id)?;
        Some(Found {
            path: p,
            doc,
            start,
            end,
        })
    };
    if let Some(path) = path {
        let base = from.parent().unwrap_or(Path::new("/"));
        return found(crate::files::normalise(&base.join(path)))
            .into_iter()
            .collect();
    }
    if let Some(here) = found(from.to_path_buf()) {
        return vec![here];
    }
    state.tree(from).into_iter().filter_map(found).collect()
}

/// Hover: a rule's explanation, or a KR's or objective's numbers and state.
pub fn hover(state: &mut State, path: &Path, at: lsp::Position) -> Option<lsp::Hover> {
    let text = state.text(path)?;
    let (start, end, word) = word_at(&text, offset(&text, at))?;
    let markdown = match named(word)? {
        Named::Rule(rule) => rule_markdown(rule),
        Named::Node { path: link, id } => {
            let found = resolve(state, path, link.as_deref(), &id);
            let today = chrono::Local::now().date_naive();
            let mut parts = Vec::new();
            for f in &found {
                let config = state.config(&f.path).ok()?;
                parts.push(describe(&f.doc, &config, &id, today)?);
            }
            if parts.is_empty() {
                return None;
            }
            parts.join("\n\n---\n\n")
        }
    };
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(range(&text, start, end)),
    })
}

fn describe(
    doc: &Document,
    config: &crate::config::Config,
    id: &str,
    today: chrono::NaiveDate,
) -> Option<String> {
    let scored = evaluate_document(doc, config, None, today);
    let path = doc.source.path().display();
    let objective = scored.objectives.iter().find(|o| o.id == id);
    if let Some(o) = objective {
        return Some(describe_objective(o, config, &path.to_string()));
    }
    let kr = scored.key_results().find(|k| k.id == id)?;
    Some(describe_kr(kr, config, &path.to_string()))
}

fn describe_kr(kr: &KrScore, config: &crate::config::Config, path: &str) -> String {
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".to_string());
    let latest = match (&kr.actual, kr.actual_date) {
        (Some(a), Some(d)) => format!("{a} ({d})"),
        _ => "no check-in".to_string(),
    };
    format!(
        "**{}**: {}\n\n{} → {} → {}\n\nscore {} · {} · {} · owner {}\n\n`{path}`",
        kr.id,
        kr.statement,
        show(&kr.baseline),
        latest,
        show(&kr.target),
        score_text(kr.score, config.scale),
        rag_text(kr.rag),
        kr.health.label(),
        show(&kr.owner),
    )
}

fn describe_objective(o: &ObjectiveScore, config: &crate::config::Config, path: &str) -> String {
    let krs: Vec<String> = o
        .key_results
        .iter()
        .map(|k| {
            format!(
                "- {} {} {}",
                k.id,
                score_text(k.score, config.scale),
                rag_text(k.rag)
            )
        })
        .collect();
    format!(
        "**{}**: {}\n\nscore {} · {}\n\n{}\n\n`{path}`",
        o.id,
        o.statement,
        score_text(o.score, config.scale),
        rag_text(o.rag),
        krs.join("\n")
    )
}

/// Go to definition: the heading of the KR or objective under the cursor.
pub fn definition(state: &State, path: &Path, at: lsp::Position) -> Vec<lsp::Location> {
    let Some(text) = state.text(path) else {
        return Vec::new();
    };
    let Some((_, _, word)) = word_at(&text, offset(&text, at)) else {
        return Vec::new();
    };
    let Some(Named::Node { path: link, id }) = named(word) else {
        return Vec::new();
    };
    resolve(state, path, link.as_deref(), &id)
        .into_iter()
        .map(|f| lsp::Location {
            uri: uri_of(&f.path),
            range: range(f.doc.source.text(), f.start, f.end),
        })
        .collect()
}

/// Find references: every place in the workspace's Markdown that names the KR or
/// objective under the cursor: its own document, links to it, and bare mentions in
/// files that do not define that ID themselves (PRDs, notes).
pub fn references(state: &State, path: &Path, at: lsp::Position) -> Vec<lsp::Location> {
    let Some(text) = state.text(path) else {
        return Vec::new();
    };
    let Some((_, _, word)) = word_at(&text, offset(&text, at)) else {
        return Vec::new();
    };
    let Some(Named::Node { path: link, id }) = named(word) else {
        return Vec::new();
    };
    let Some(target) = resolve(state, path, link.as_deref(), &id)
        .into_iter()
        .next()
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for file in markdown_files(state, &target.path) {
        let Some(text) = state.text(&file) else {
            continue;
        };
        let defines_its_own = file != target.path
            && state
                .document(&file)
                .is_some_and(|d| heading_of(&d, &id).is_some());
        let lines = Lines::new(&text);
        for (start, end, written) in mentions(&text, &id) {
            let names_target = match written.split_once('#') {
                Some((rel, _)) if !rel.is_empty() => {
                    let base = file.parent().unwrap_or(Path::new("/"));
                    crate::files::normalise(&base.join(rel)) == target.path
                }
                _ => file == target.path || !defines_its_own,
            };
            if names_target {
                found.push(lsp::Location {
                    uri: uri_of(&file),
                    range: lines.range(start, end),
                });
            }
        }
    }
    found
}

/// Markdown files under the repository holding `path`, open buffers included.
fn markdown_files(state: &State, path: &Path) -> Vec<PathBuf> {
    let root = state
        .root
        .clone()
        .unwrap_or_else(|| crate::align::index::repo_root(path));
    let options = crate::workspace::LoadOptions {
        paths: vec![root],
        config: None,
    };
    let mut files = crate::workspace::discover(&options).0;
    for open in state.open.keys() {
        if !files.contains(open) {
            files.push(open.clone());
        }
    }
    files
}

/// Each mention of `id` as a whole word, with any `path#` written before it.
fn mentions<'t>(text: &'t str, id: &str) -> Vec<(usize, usize, &'t str)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find(id) {
        let start = from + i;
        let end = start + id.len();
        from = end;
        let before_ok =
            start == 0 || !bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'#';
        let after_ok =
            end >= bytes.len() || !(bytes[end].is_ascii_alphanumeric() || bytes[end] == b'-');
        if !(before_ok && after_ok) {
            continue;
        }
        let written_start = word_at(text, start).map_or(start, |(s, _, _)| s);
        out.push((start, end, &text[written_start..end]));
    }
    out
}

/// The outline: objectives with their KRs.
pub fn document_symbols(state: &State, path: &Path) -> Vec<lsp::DocumentSymbol> {
    let Some(doc) = state.document(path) else {
        return Vec::new();
    };
    let text = doc.source.text();
    let symbol = |name: String, detail: &str, kind, start: usize, end: usize, children| {
        #[allow(deprecated)]
        lsp::DocumentSymbol {
            name,
            detail: Some(detail.to_string()),
            kind,
            tags: None,
            deprecated: None,
            range: range(text, start, end),
            selection_range: range(text, start, end),
            children,
        }
    };
    doc.objectives
        .iter()
        .map(|o| {
            let krs: Vec<lsp::DocumentSymbol> = o
                .key_results
                .iter()
                .map(|kr| {
                    let span = kr.heading.span;
                    symbol(
                        kr.label(),
                        &kr.heading.statement.value,
                        lsp::SymbolKind::FIELD,
                        span.start,
                        span.end,
                        None,
                    )
                })
                .collect();
            let end = o
                .key_results
                .last()
                .map_or(o.heading.span.end, |k| k.heading.span.end);
            symbol(
                o.number
                    .map_or_else(|| "Objective".to_string(), |n| format!("O{n}")),
                &o.heading.statement.value,
                lsp::SymbolKind::NAMESPACE,
                o.heading.span.start,
                end,
                Some(krs),
            )
        })
        .collect()
}

/// Every KR and objective in the workspace whose ID or statement contains every word
/// of `query`.
pub fn workspace_symbols(state: &State, query: &str) -> Vec<lsp::WorkspaceSymbol> {
    let anchor = state
        .open
        .keys()
        .next()
        .cloned()
        .or_else(|| state.root.as_ref().map(|r| r.join("okrs/x.md")));
    let Some(anchor) = anchor else {
        return Vec::new();
    };
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let matches = |id: &str, statement: &str| {
        let haystack = format!("{id} {statement}").to_lowercase();
        words.iter().all(|w| haystack.contains(w.as_str()))
    };
    let mut out = Vec::new();
    for path in state.tree(&anchor) {
        let Some(doc) = state.document(&path) else {
            continue;
        };
        let text = doc.source.text();
        for o in &doc.objectives {
            let nodes = o.key_results.iter().map(|k| (k.label(), &k.heading));
            let own = o.number.map(|n| (format!("O{n}"), &o.heading));
            for (id, heading) in own.into_iter().chain(nodes) {
                if !matches(&id, &heading.statement.value) {
                    continue;
                }
                out.push(lsp::WorkspaceSymbol {
                    name: format!("{id}: {}", heading.statement.value),
                    kind: lsp::SymbolKind::FIELD,
                    tags: None,
                    container_name: Some(path.display().to_string()),
                    location: lsp::OneOf::Left(lsp::Location {
                        uri: uri_of(&path),
                        range: range(text, heading.span.start, heading.span.end),
                    }),
                    data: None,
                });
            }
        }
    }
    out
}

/// `okr fmt` as one edit replacing the buffer, or none when it is already canonical.
pub fn formatting(state: &State, path: &Path) -> Vec<lsp::TextEdit> {
    let Some(text) = state.text(path) else {
        return Vec::new();
    };
    let formatted = crate::edit::fmt::format_text(path, &text);
    if formatted == text {
        return Vec::new();
    }
    vec![lsp::TextEdit {
        range: lsp::Range::new(lsp::Position::new(0, 0), position(&text, text.len())),
        new_text: formatted,
    }]
}

/// The current score and RAG after each KR heading.
pub fn inlay_hints(state: &mut State, path: &Path) -> Vec<lsp::InlayHint> {
    let Some(doc) = state.document(path) else {
        return Vec::new();
    };
    let Ok(config) = state.config(path) else {
        return Vec::new();
    };
    let today = chrono::Local::now().date_naive();
    let scored = evaluate_document(&doc, &config, None, today);
    let text = doc.source.text();
    let mut hints = Vec::new();
    for kr in doc.key_results().filter(|k| k.id.is_some()) {
        let Some(score) = scored.key_results().find(|s| s.id == kr.label()) else {
            continue;
        };
        let line_end = text[kr.heading.span.start..]
            .find('\n')
            .map_or(text.len(), |i| kr.heading.span.start + i);
        let line_end = if text[..line_end].ends_with('\r') {
            line_end - 1
        } else {
            line_end
        };
        hints.push(lsp::InlayHint {
            position: position(text, line_end),
            label: lsp::InlayHintLabel::String(format!(
                "{} {}",
                score_text(score.score, config.scale),
                rag_text(score.rag)
            )),
            kind: None,
            text_edits: None,
            tooltip: None,
            padding_left: Some(true),
            padding_right: None,
            data: None,
        });
    }
    hints
}

/// Quick fixes and suppressions for the findings in `range`, and `okr fmt` for the file.
pub fn code_actions(
    state: &mut State,
    path: &Path,
    range: lsp::Range,
    docs: &Path,
) -> Vec<lsp::CodeActionOrCommand> {
    let Some(text) = state.text(path) else {
        return Vec::new();
    };
    let today = chrono::Local::now().date_naive();
    let Ok(found) = state.lint(path, today) else {
        return Vec::new();
    };
    let uri = uri_of(path);
    let lines = Lines::new(&text);
    let (from, to) = (lines.offset(range.start), lines.offset(range.end));
    let (mut actions, mut suppressions) = (Vec::new(), Vec::new());
    let formatted = crate::edit::fmt::format_text(path, &text);
    for d in &found {
        let start = lines.offset_of_line_column(d.line, d.column);
        let end = lines.offset_of_line_column(d.end_line, d.end_column);
        if end < from || start > to {
            continue;
        }
        let shown = diagnostic(&lines, d, docs);
        if let Some(fix) = &d.fix {
            let edits = fix
                .edits
                .iter()
                .map(|e| edit(&text, e.span.start, e.span.end, &e.text))
                .collect();
            actions.push(action(
                &fix.title,
                lsp::CodeActionKind::QUICKFIX,
                &uri,
                edits,
                Some(&shown),
                true,
            ));
        }
        if d.code == "OKR107" && formatted != text {
            let edits = vec![edit(&text, 0, text.len(), &formatted)];
            actions.push(action(
                "Pin every ID (okr fmt)",
                lsp::CodeActionKind::QUICKFIX,
                &uri,
                edits,
                Some(&shown),
                true,
            ));
        }
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line = &text[line_start..];
        if !line.trim_start().starts_with('|') {
            let indent: String = line
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            let comment = format!("{indent}<!-- okr-disable-next-line {} -->\n", d.code);
            let title = format!("Suppress {} on this line", d.code);
            let edits = vec![edit(&text, line_start, line_start, &comment)];
            suppressions.push(action(
                &title,
                lsp::CodeActionKind::QUICKFIX,
                &uri,
                edits,
                Some(&shown),
                false,
            ));
        }
        let (at, comment) = file_comment_place(&text, d.code);
        let title = format!("Suppress {} in this file", d.code);
        let edits = vec![edit(&text, at, at, &comment)];
        suppressions.push(action(
            &title,
            lsp::CodeActionKind::QUICKFIX,
            &uri,
            edits,
            Some(&shown),
            false,
        ));
    }
    actions.append(&mut suppressions);
    if formatted != text && statement_values_in_range(state, path, from, to) {
        let edits = vec![edit(&text, 0, text.len(), &formatted)];
        let title = "Move the statement's baseline, target and due date into the card (okr fmt)";
        actions.push(action(
            title,
            lsp::CodeActionKind::REFACTOR_REWRITE,
            &uri,
            edits,
            None,
            false,
        ));
    }
    if formatted != text {
        let edits = vec![edit(&text, 0, text.len(), &formatted)];
        let kind = lsp::CodeActionKind::new("source.format.okr");
        actions.push(action(
            "Rewrite into the canonical form (okr fmt)",
            kind,
            &uri,
            edits,
            None,
            false,
        ));
    }
    actions
}

/// Whether a KR heading in `from..to` gives a value in its statement that its card lacks.
fn statement_values_in_range(state: &State, path: &Path, from: usize, to: usize) -> bool {
    let Some(doc) = state.document(path) else {
        return false;
    };
    let touched = doc.key_results().any(|kr| {
        let span = kr.heading.span;
        let touched = span.start <= to && from <= span.end;
        let f = &kr.fields;
        let from_statement = |origin: Option<Origin>| origin.is_none_or(|o| o == Origin::Statement);
        let missing = (kr.shape.from_to.is_some()
            && (from_statement(f.baseline.as_ref().map(|v| v.origin))
                || from_statement(f.target.as_ref().map(|v| v.origin))))
            || (kr.shape.by_date.is_some() && from_statement(f.due.as_ref().map(|v| v.origin)));
        touched && missing
    });
    touched
}

/// Where a file-wide suppression goes: after the front-matter, else at the top.
fn file_comment_place(text: &str, code: &str) -> (usize, String) {
    let comment = format!("<!-- okr-disable {code} -->\n");
    let Some(rest) = text.strip_prefix("---") else {
        return (0, comment);
    };
    let close = rest
        .match_indices("\n---")
        .map(|(i, _)| 3 + i + 4)
        .find(|&end| {
            text[end..].starts_with('\n') || text[end..].starts_with("\r\n") || end == text.len()
        });
    match close {
        Some(end) => {
            let after = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
            (after, comment)
        }
        None => (0, comment),
    }
}

fn edit(text: &str, start: usize, end: usize, new_text: &str) -> lsp::TextEdit {
    lsp::TextEdit {
        range: range(text, start, end),
        new_text: new_text.to_string(),
    }
}

// lsp-types keys `WorkspaceEdit::changes` by `Uri`, which clippy sees as mutable.
#[allow(clippy::mutable_key_type)]
fn action(
    title: &str,
    kind: lsp::CodeActionKind,
    uri: &lsp::Uri,
    edits: Vec<lsp::TextEdit>,
    diagnostic: Option<&lsp::Diagnostic>,
    preferred: bool,
) -> lsp::CodeActionOrCommand {
    let changes = std::collections::HashMap::from([(uri.clone(), edits)]);
    lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
        title: title.to_string(),
        kind: Some(kind),
        diagnostics: diagnostic.map(|d| vec![d.clone()]),
        edit: Some(lsp::WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        }),
        is_preferred: preferred.then_some(true),
        ..Default::default()
    })
}
