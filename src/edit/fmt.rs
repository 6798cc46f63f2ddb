//! `okr fmt`: rewrites objectives and key results written in another shape into the
//! canonical card form, splicing only their spans. Every other byte stays.
//!
//! Only meaning-preserving rewrites: IDs are pinned, items become headings with card
//! lists, inline and table fields become card lines, and the baseline, target and due
//! date a statement gives are written out. Statements are never reworded.

use super::{line_ending, splice};
use crate::doc::labels::is_group_label;
use crate::doc::parse::{first_line_of_item, parse_document};
use crate::doc::settle::cycle_name;
use crate::doc::{CardLine, Document, Form, KeyResult, KrFields, Objective, Origin};
use crate::source::Span;
use std::path::Path;

/// The canonical text of the document at `path`; the same text when nothing needs to change.
pub fn format_text(path: &Path, text: &str) -> String {
    format_document(&parse_document(path, text.to_string()))
}

/// The canonical text of `doc`; its own text when nothing needs to change.
pub fn format_document(doc: &Document) -> String {
    let text = doc.source.text();
    let mut edits = regions(doc);
    edits.sort_by_key(|(span, _)| span.start);
    let eol = line_ending(text);
    let mut out = text.to_string();
    for (span, with) in edits.iter().rev() {
        let with = if eol == "\n" {
            with.clone()
        } else {
            with.replace('\n', eol)
        };
        out = splice(&out, *span, &with);
    }
    match front_matter_edit(doc) {
        Some((at, line)) => splice(&out, Span::at(at), &line.replace('\n', eol)),
        None => out,
    }
}

/// Front-matter naming the cycle, when the cycle was read from the text instead.
fn front_matter_edit(doc: &Document) -> Option<(usize, String)> {
    let written = |v: &&crate::doc::Value<_>| v.origin == Origin::Inline;
    let cycle = doc.front.cycle.as_ref().filter(written).or(doc
        .front
        .period
        .as_ref()
        .filter(written))?;
    let period = *cycle.ok()?;
    let name = cycle_name(period);
    let line = match crate::doc::cycle::parse_cycle(&name) {
        Some(_) => format!("cycle: {name}\n"),
        None => format!(
            "period:\n  start: {}\n  end: {}\n",
            period.start, period.end
        ),
    };
    let text = doc.source.text();
    Some(match doc.front.block {
        Some(block) => {
            let after_open = text[block.start..]
                .find('\n')
                .map_or(block.start, |i| block.start + i + 1);
            (after_open, line)
        }
        None => {
            let at = if text.starts_with('\u{feff}') { 3 } else { 0 };
            (at, format!("---\n{line}---\n\n"))
        }
    })
}

/// The spans to rewrite and their canonical text: whole objectives written in another
/// shape, or single canonical KRs that need card lines. Overlapping spans (a table that
/// holds several objectives) are merged.
fn regions(doc: &Document) -> Vec<(Span, String)> {
    let mut regions: Vec<(Span, Vec<Piece>)> = Vec::new();
    for objective in &doc.objectives {
        if objective_needs_rewrite(objective) {
            regions.push((objective.written.block, objective_pieces(objective)));
            continue;
        }
        for kr in objective.key_results.iter().filter(|k| kr_needs_rewrite(k)) {
            regions.push((kr.written.block, kr_pieces(kr)));
        }
    }
    merge(&mut regions);
    regions
        .into_iter()
        .map(|(span, pieces)| (span, render(doc.source.text(), span, pieces)))
        .collect()
}

fn objective_needs_rewrite(objective: &Objective) -> bool {
    objective.number.is_some()
        && (objective.written.form != Form::Canonical
            || objective.written.positional
            || has_moved_fields(&objective.card)
            || objective
                .key_results
                .iter()
                .any(|k| k.written.form != Form::Canonical))
        && objective.key_results.iter().all(|k| k.id.is_some())
}

fn kr_needs_rewrite(kr: &KeyResult) -> bool {
    kr.id.is_some()
        && (has_moved_fields(&kr.card)
            || kr.written.priority.is_some() && !priority_on_card(kr)
            || derived(&kr.fields).next().is_some())
}

/// Whether the KR's priority is already a `Priority:` card line.
fn priority_on_card(kr: &KeyResult) -> bool {
    kr.card
        .iter()
        .any(|l| l.field == Some("priority") && l.origin == Origin::Card)
}

fn has_moved_fields(card: &[CardLine]) -> bool {
    card.iter().any(|l| l.origin != Origin::Card)
}

/// The fields a KR took from its statement: `(label, text)`.
fn derived(fields: &KrFields) -> impl Iterator<Item = (&'static str, String)> + '_ {
    let baseline = fields
        .baseline
        .as_ref()
        .map(|v| (v.origin, "Baseline", v.raw.value.to_string()));
    let target = fields
        .target
        .as_ref()
        .map(|v| (v.origin, "Target", v.raw.value.to_string()));
    let due = fields
        .due
        .as_ref()
        .and_then(|v| Some((v.origin, "Due", v.ok()?.to_string())));
    [baseline, target, due]
        .into_iter()
        .flatten()
        .filter(|(origin, ..)| *origin == Origin::Statement)
        .map(|(_, label, text)| (label, text))
}

/// One thing inside a region, in source order.
enum Piece {
    /// An objective's line, rendered as its heading plus its moved fields.
    Objective(Span, String),
    /// A KR's line, rendered as its heading plus its moved and derived fields.
    KeyResult(Span, String),
    /// A card bullet written as a card bullet, kept with its text.
    Card(Span, Span),
}

impl Piece {
    fn span(&self) -> Span {
        match self {
            Piece::Objective(s, _) | Piece::KeyResult(s, _) | Piece::Card(s, _) => *s,
        }
    }

    /// Source order; an objective before a KR that starts at the same byte (a table row).
    fn order(&self) -> (usize, u8) {
        let rank = match self {
            Piece::Objective(..) => 0,
            Piece::KeyResult(..) => 1,
            Piece::Card(..) => 2,
        };
        (self.span().start, rank)
    }
}

fn objective_pieces(objective: &Objective) -> Vec<Piece> {
    let number = objective.number.unwrap_or_default();
    let mut head = format!("## O{number}: {}\n", objective.heading.statement.value);
    push_moved(&mut head, &objective.card, None);
    let mut pieces = vec![Piece::Objective(item_line(&objective.written), head)];
    pieces.extend(card_pieces(&objective.card));
    for kr in &objective.key_results {
        pieces.extend(kr_pieces(kr));
    }
    pieces
}

fn kr_pieces(kr: &KeyResult) -> Vec<Piece> {
    let id = kr.id.map(|id| id.label()).unwrap_or_default();
    let mut head = format!("### {id}: {}\n", kr.heading.statement.value);
    let tag = kr
        .written
        .priority
        .as_ref()
        .filter(|_| !priority_on_card(kr));
    push_moved(&mut head, &kr.card, tag.map(|p| p.value.as_str()));
    for (column, score) in &kr.written.recorded_scores {
        head.push_str(&format!("- Notes: {column} {}\n", score.value));
    }
    for (label, text) in derived(&kr.fields) {
        head.push_str(&format!("- {label}: {text}\n"));
    }
    let mut pieces = vec![Piece::KeyResult(item_line(&kr.written), head)];
    pieces.extend(card_pieces(&kr.card));
    pieces
}

/// The span an item's own line covers: from its list marker, when it is an item.
fn item_line(written: &crate::doc::Written) -> Span {
    match written.form {
        Form::Item => Span::new(written.block.start, written.line.end),
        _ => written.line,
    }
}

fn card_pieces(card: &[CardLine]) -> impl Iterator<Item = Piece> + '_ {
    card.iter()
        .filter(|l| l.origin == Origin::Card)
        .map(|l| Piece::Card(l.span, l.value.span))
}

/// Card lines for fields written inline or in a table cell, and a priority tag.
fn push_moved(out: &mut String, card: &[CardLine], priority: Option<&str>) {
    for line in card.iter().filter(|l| l.origin != Origin::Card) {
        let label = line.field.map_or("Notes".to_string(), display_name);
        out.push_str(&format!("- {label}: {}\n", line.value.value));
    }
    if let Some(priority) = priority {
        out.push_str(&format!("- Priority: {priority}\n"));
    }
}

/// `contributes to` → `Contributes to`.
fn display_name(field: &str) -> String {
    let mut name = field.to_string();
    if let Some(first) = name.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    name
}

fn merge(regions: &mut Vec<(Span, Vec<Piece>)>) {
    regions.sort_by_key(|(span, _)| span.start);
    let mut merged: Vec<(Span, Vec<Piece>)> = Vec::new();
    for (span, pieces) in regions.drain(..) {
        match merged.last_mut() {
            Some((last, into)) if span.start < last.end => {
                last.end = last.end.max(span.end);
                into.extend(pieces);
            }
            _ => merged.push((span, pieces)),
        }
    }
    *regions = merged;
}

/// The canonical text of a region: each piece rendered in source order, and whatever
/// else the region holds (a description paragraph) kept as it is.
fn render(text: &str, region: Span, mut pieces: Vec<Piece>) -> String {
    pieces.sort_by_key(Piece::order);
    let mut out = String::new();
    let mut at = region.start;
    for piece in &pieces {
        let span = piece.span();
        keep_gap(&mut out, text.get(at..span.start.max(at)).unwrap_or(""));
        match piece {
            Piece::Objective(_, head) | Piece::KeyResult(_, head) => {
                blank_line(&mut out);
                let (heading, card) = head.split_once('\n').unwrap_or((head, ""));
                out.push_str(heading);
                out.push_str("\n\n");
                out.push_str(card);
            }
            Piece::Card(item, value) => out.push_str(&card_text(text, *item, *value)),
        }
        at = at.max(span.end);
    }
    keep_gap(&mut out, text.get(at..region.end.max(at)).unwrap_or(""));
    let original = &text[region.start..region.end];
    let kept_end = &original[original.trim_end().len()..];
    format!("{}{kept_end}", out.trim_end())
}

/// Keeps text between pieces unless it is only blank lines, list markers or table rules.
fn keep_gap(out: &mut String, gap: &str) {
    let meaningful = gap.lines().any(|line| {
        let line = line.trim().trim_start_matches(['-', '*', '+']).trim();
        !line.is_empty()
            && !line.starts_with('|')
            && !line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
    });
    if meaningful {
        blank_line(out);
        for line in gap.trim().lines() {
            out.push_str(group_label(line).unwrap_or(line));
            out.push('\n');
        }
        out.push('\n');
    }
}

/// A bullet that only grouped the key results under it (`- Robustness`), as plain text:
/// once the key results are headings, a bullet there would read as a card line.
fn group_label(line: &str) -> Option<&str> {
    let label = line.trim().strip_prefix(['-', '*', '+'])?.trim();
    is_group_label(label).then_some(label)
}

fn blank_line(out: &mut String) {
    if out.is_empty() {
        return;
    }
    while !out.ends_with("\n\n") {
        out.push('\n');
    }
}

/// A card bullet re-indented to the top level, with `Notes:` before a bullet with no label.
fn card_text(text: &str, item: Span, value: Span) -> String {
    let (first, first_start) = first_line_of_item(text, item);
    let column = first_start - text[..first_start].rfind('\n').map_or(0, |i| i + 1);
    let labelled = value.start > first_start || first.contains(':');
    let mut out = String::from(if labelled { "- " } else { "- Notes: " });
    out.push_str(first);
    out.push('\n');
    let rest = &text[(first_start + first.len()).min(item.end)..item.end];
    for line in rest.lines().skip(1) {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let line = &line[indent.min(column)..];
        if line.trim().is_empty() {
            continue;
        }
        out.push_str("  ");
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
