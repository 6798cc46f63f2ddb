//! `okr score --final`: the `## Scores` section recording each KR's final grade and one learning.
//!
//! The section also records the method, baseline and target each KR was graded with, so a
//! later re-grade can prove nothing was back-fitted.

use super::{append_block, line_ending, splice};
use crate::config::Config;
use crate::doc::card::raw_text;
use crate::doc::{Document, KeyResult, Scoring};
use crate::render::score::{escape, rag_text, score_text};
use crate::score::{method_for, DocumentScore};
use crate::source::Span;
use std::collections::BTreeMap;

/// A graded field that differs from what the `## Scores` section recorded.
#[derive(Clone, Debug, PartialEq)]
pub struct Backfit {
    /// The KR's ID.
    pub kr: String,
    /// `method`, `baseline` or `target`.
    pub field: &'static str,
    /// The value recorded at grading.
    pub recorded: String,
    /// The value on the card now.
    pub now: String,
    /// Where the current value is written (the KR heading when the field is missing).
    pub span: Span,
}

/// The method as recorded: `linear`, `binary`, or `ladder (≤ 4 days: 1.0; …)` with its bands.
pub fn method_text(doc: &Document, kr: &KeyResult, config: &Config) -> String {
    match &*method_for(kr, config) {
        Scoring::Ladder { bands, .. } => {
            let bands: Vec<&str> = bands
                .iter()
                .map(|b| doc.source.slice(b.span).trim())
                .collect();
            format!("ladder ({})", bands.join("; "))
        }
        other => other.name().to_string(),
    }
}

/// Every method, baseline or target that changed since the cycle was graded.
pub fn backfits(doc: &Document, config: &Config) -> Vec<Backfit> {
    let Some(table) = &doc.scores else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for row in &table.rows {
        let Some(kr) = row.item.as_ref().and_then(|i| find_kr(doc, &i.value)) else {
            continue;
        };
        let current = [
            (
                "method",
                &row.method,
                Some(method_text(doc, kr, config)),
                kr.fields.scoring.as_ref().map(|v| v.span()),
            ),
            (
                "baseline",
                &row.baseline,
                raw_text(&kr.fields.baseline),
                kr.fields.baseline.as_ref().map(|v| v.span()),
            ),
            (
                "target",
                &row.target,
                raw_text(&kr.fields.target),
                kr.fields.target.as_ref().map(|v| v.span()),
            ),
        ];
        for (field, recorded, now, span) in current {
            let recorded = recorded.as_ref().map_or("", |c| c.value.as_str());
            let now = now.unwrap_or_default();
            if recorded.trim() != now.trim() {
                found.push(Backfit {
                    kr: kr.label(),
                    field,
                    recorded: recorded.to_string(),
                    now,
                    span: span.unwrap_or(kr.heading.span),
                });
            }
        }
    }
    found
}

/// Learnings already recorded in the `## Scores` section, by KR ID.
pub fn recorded_learnings(doc: &Document) -> BTreeMap<String, String> {
    let rows = doc.scores.iter().flat_map(|t| t.rows.iter());
    rows.filter_map(|row| {
        let learning = row
            .learning
            .as_ref()
            .filter(|l| !l.value.trim().is_empty())?;
        Some((
            row.item.as_ref()?.value.trim().to_uppercase(),
            learning.value.to_string(),
        ))
    })
    .collect()
}

/// The document's text with its `## Scores` section written (replaced, or appended at the end).
pub fn with_scores_section(
    doc: &Document,
    report: &DocumentScore,
    config: &Config,
    learnings: &BTreeMap<String, String>,
) -> String {
    let text = doc.source.text();
    let eol = line_ending(text);
    let section = scores_section(doc, report, config, learnings).replace('\n', eol);
    match doc.sections.iter().find(|s| s.name == "scores") {
        Some(existing) => {
            let followed = existing.body.end < text.len();
            let block = if followed {
                format!("{section}{eol}")
            } else {
                section
            };
            splice(text, existing.body, &block)
        }
        None => append_block(text, &section),
    }
}

fn scores_section(
    doc: &Document,
    report: &DocumentScore,
    config: &Config,
    learnings: &BTreeMap<String, String>,
) -> String {
    let mut out = format!(
        "## Scores\n\nFinal grades as of {}, recorded by `okr score --final`. The method, baseline and target \
         each KR was graded with are kept here; re-grading with different ones is refused.\n\n",
        report.as_of
    );
    out.push_str("| KR | Method | Baseline | Target | Actual | Score | RAG | Learning |\n");
    out.push_str("|----|--------|----------|--------|--------|------:|-----|----------|\n");
    for (objective, scored) in doc.objectives.iter().zip(&report.objectives) {
        let method = if scored.weighted {
            "weighted mean"
        } else {
            "mean"
        };
        out.push_str(&row(&[
            &scored.id,
            method,
            "",
            "",
            "",
            &score_text(scored.score, report.scale),
            rag_text(scored.rag),
            "",
        ]));
        for (kr, graded) in objective.key_results.iter().zip(&scored.key_results) {
            let learning = learnings
                .get(&graded.id.to_uppercase())
                .map_or("", String::as_str);
            out.push_str(&row(&[
                &graded.id,
                &method_text(doc, kr, config),
                graded.baseline.as_deref().unwrap_or(""),
                graded.target.as_deref().unwrap_or(""),
                graded.actual.as_deref().unwrap_or("no data"),
                &score_text(graded.score, report.scale),
                rag_text(graded.rag),
                learning,
            ]));
        }
    }
    out
}

fn row(cells: &[&str]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| escape(c)).collect();
    format!("| {} |\n", cells.join(" | "))
}

fn find_kr<'d>(doc: &'d Document, id: &str) -> Option<&'d KeyResult> {
    doc.key_results()
        .find(|kr| kr.label().eq_ignore_ascii_case(id.trim()))
}
