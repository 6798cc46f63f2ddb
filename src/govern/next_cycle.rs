//! Planning the next cycle from a finished one: each objective and KR is carried,
//! replaced or retired; carried KRs start from their last actual.

use crate::config::Config;
use crate::doc::cycle::Period;
use crate::doc::{Document, KeyResult, Objective};
use crate::score::{method_for, readings, CheckinIndex};
use crate::source::Span;
use std::collections::BTreeMap;

/// What happens to an objective or KR in the next cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Copied with every field; a KR's baseline becomes its last actual.
    Carry,
    /// Its slot gets a blank template to write afresh.
    Replace,
    /// Left out.
    Retire,
}

/// The next cycle's name and dates.
#[derive(Clone, Debug)]
pub struct NextCycle {
    /// `2026-Q2`.
    pub name: String,
    /// Its dates.
    pub period: Period,
}

/// Objective and KR IDs with no choice yet, in document order.
pub fn undecided(doc: &Document, choices: &BTreeMap<String, Choice>) -> Vec<String> {
    let mut missing = Vec::new();
    for objective in &doc.objectives {
        let id = objective_id(objective);
        match choices.get(&id) {
            None => missing.push(id),
            Some(Choice::Carry) => missing.extend(
                objective
                    .key_results
                    .iter()
                    .map(KeyResult::label)
                    .filter(|kr| !choices.contains_key(kr)),
            ),
            Some(_) => {}
        }
    }
    missing
}

/// The new document's text. Every choice must be made (see [`undecided`]).
pub fn plan_next_cycle(
    doc: &Document,
    config: &Config,
    next: &NextCycle,
    choices: &BTreeMap<String, Choice>,
) -> String {
    let text = doc.source.text();
    let ends = block_ends(doc);
    let checkins = CheckinIndex::new(doc);
    let mut out = front_matter(doc, next);
    out.push_str(&preamble(doc, next));
    for objective in &doc.objectives {
        let id = objective_id(objective);
        match choices.get(&id) {
            Some(Choice::Carry) => {
                let head_end = objective
                    .key_results
                    .first()
                    .map_or(ends[&objective.heading.span.start], |kr| {
                        kr.heading.span.start
                    });
                out.push_str(&text[objective.heading.span.start..head_end]);
                for kr in &objective.key_results {
                    let end = ends[&kr.heading.span.start];
                    match choices.get(&kr.label()) {
                        Some(Choice::Carry) => {
                            out.push_str(&carry_kr(doc, &checkins, config, kr, end, next));
                        }
                        Some(Choice::Replace) => out.push_str(&blank_kr(&kr.label())),
                        _ => {}
                    }
                }
            }
            Some(Choice::Replace) => out.push_str(&blank_objective(&id)),
            _ => {}
        }
    }
    out.push_str(&initiatives(doc, choices));
    out.push_str(
        "## Check-ins\n\n| Date | KR | Actual | Confidence | Insight | Next action | Help needed |\n\
         |------|----|--------|------------|---------|-------------|-------------|\n",
    );
    out
}

fn objective_id(objective: &Objective) -> String {
    objective.number.map_or_else(
        || objective.heading.statement.value.to_string(),
        |n| format!("O{n}"),
    )
}

/// For each objective and KR heading, where its block ends: the next heading of
/// level 1 to 3 that okr knows about, or the end of the text.
fn block_ends(doc: &Document) -> BTreeMap<usize, usize> {
    let mut starts: Vec<usize> = doc.sections.iter().map(|s| s.span.start).collect();
    for objective in &doc.objectives {
        starts.push(objective.heading.span.start);
        starts.extend(objective.key_results.iter().map(|k| k.heading.span.start));
    }
    starts.sort_unstable();
    let len = doc.source.text().len();
    starts
        .iter()
        .enumerate()
        .map(|(i, &s)| (s, starts.get(i + 1).copied().unwrap_or(len)))
        .collect()
}

/// The front-matter with the new cycle, without `closed`, `period` or `key_results`
/// overrides (their values belong to the old cycle).
fn front_matter(doc: &Document, next: &NextCycle) -> String {
    let text = doc.source.text();
    let Some(block) = doc.front.block else {
        return format!("---\ncycle: {}\n---\n", next.name);
    };
    let mut out = String::new();
    let mut skipping = false;
    for line in text[block.start..block.end].lines() {
        let top_level = !line.starts_with([' ', '\t']);
        if top_level {
            skipping = ["closed:", "period:", "key_results:"]
                .iter()
                .any(|k| line.starts_with(k));
        }
        if skipping {
            continue;
        }
        if line.starts_with("cycle:") {
            out.push_str(&format!("cycle: {}\n", next.name));
        } else {
            out.push_str(line.trim_end_matches('\r'));
            out.push('\n');
        }
    }
    if doc.front.cycle.is_none() {
        out.insert_str(
            out.find('\n').map_or(0, |i| i + 1),
            &format!("cycle: {}\n", next.name),
        );
    }
    out
}

/// The title (with the old cycle's name replaced) and any text before the first objective.
fn preamble(doc: &Document, next: &NextCycle) -> String {
    let text = doc.source.text();
    let start = doc.front.block.map_or(0, |b| b.end);
    let end = doc
        .objectives
        .first()
        .map_or(text.len(), |o| o.heading.span.start);
    let old = doc
        .front
        .cycle
        .as_ref()
        .map(|c| c.raw.value.to_string())
        .unwrap_or_default();
    let head = text[start..end].replace("\r\n", "\n");
    if old.is_empty() {
        head
    } else {
        head.replace(&old, &next.name)
    }
}

/// A carried KR: every line kept, but the baseline is the last actual, the due date is
/// the new cycle's end, and the statement says the same.
fn carry_kr(
    doc: &Document,
    checkins: &CheckinIndex,
    config: &Config,
    kr: &KeyResult,
    end: usize,
    next: &NextCycle,
) -> String {
    let text = doc.source.text();
    let old_end = doc.front.period().map_or(next.period.start, |p| p.end);
    let last = readings(doc, checkins, kr, &method_for(kr, config), old_end).pop();
    let new_baseline = last
        .filter(|r| r.value().is_some())
        .map(|r| r.actual(doc).into_owned());
    let due = next.period.end;
    let mut edits: Vec<(Span, String)> = Vec::new();
    let statement = &kr.heading.statement;
    if let (Some(b), Some(ft)) = (&new_baseline, &kr.shape.from_to) {
        let (s, e) = ft.from_range;
        edits.push((
            Span::new(statement.span.start + s, statement.span.start + e),
            b.clone(),
        ));
    }
    if let Some(by) = &kr.shape.by_date {
        let (s, e) = by.range;
        edits.push((
            Span::new(statement.span.start + s, statement.span.start + e),
            due.format("%b %-d").to_string(),
        ));
    }
    for line in &kr.card {
        match (line.field, &new_baseline) {
            (Some("baseline"), Some(b)) => edits.push((line.value.span, b.clone())),
            (Some("due"), _) => edits.push((line.value.span, due.to_string())),
            _ => {}
        }
    }
    edits.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
    let mut block = text[kr.heading.span.start..end].to_string();
    for (span, replacement) in edits {
        let (s, e) = (
            span.start - kr.heading.span.start,
            span.end - kr.heading.span.start,
        );
        block.replace_range(s..e, &replacement);
    }
    block.replace("\r\n", "\n")
}

fn blank_kr(id: &str) -> String {
    format!(
        "### {id}: <verb> <metric> from <baseline> to <target> by <date>\n\n\
         - Owner:\n- Baseline:\n- Target:\n- Due:\n- Source:\n- Refresh: weekly\n\n"
    )
}

fn blank_objective(id: &str) -> String {
    format!(
        "## {id}: <the outcome you want next cycle>\n\n- Owner:\n\n{}",
        blank_kr(&format!("{id}-KR1"))
    )
}

/// The `## Initiatives` items that name a carried KR.
fn initiatives(doc: &Document, choices: &BTreeMap<String, Choice>) -> String {
    let carried = |id: &str| choices.get(&id.to_uppercase()) == Some(&Choice::Carry);
    let items: Vec<String> = doc
        .initiatives
        .iter()
        .filter(|i| i.krs.iter().any(|k| carried(&k.value)))
        .map(|i| doc.source.slice(i.span).trim_end().replace("\r\n", "\n"))
        .collect();
    if items.is_empty() {
        String::new()
    } else {
        format!("## Initiatives\n\n{}\n\n", items.join("\n"))
    }
}
