//! The HTML dashboard's content: scored documents with their prose, bets and decisions.

use crate::align::index::decision_log_for;
use crate::align::parse_targets;
use crate::config::Config;
use crate::doc::parse::parse_document;
use crate::doc::{Column, Document, Scoring};
use crate::files::absolute;
use crate::govern::decision_log::decisions;
use crate::score::{evaluate_document, DocumentScore};
use chrono::NaiveDate;

mod site;
pub use site::Site;

/// A logged decision that names KRs of a reported document.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionNote {
    /// Its date.
    pub date: Option<NaiveDate>,
    /// The decision.
    pub title: String,
    /// IDs of this document's KRs it names.
    pub krs: Vec<String>,
}

/// A bet from `## Initiatives`.
#[derive(Clone, Debug, PartialEq)]
pub struct Bet {
    /// Its name.
    pub name: String,
    /// The KR IDs it names.
    pub krs: Vec<String>,
}

/// One check-in in a KR's thread of weekly updates.
#[derive(Clone, Debug, PartialEq)]
pub struct Update {
    /// The KR it updates.
    pub kr: String,
    /// Its date as written.
    pub date: String,
    /// The actual.
    pub actual: String,
    /// The confidence as written.
    pub confidence: Option<f64>,
    /// What was learned.
    pub insight: String,
    /// The next action.
    pub next: String,
    /// Help asked for.
    pub help: String,
}

/// One document, ready to render.
#[derive(Clone, Debug)]
pub struct ReportDocument {
    /// Scores at the as-of date.
    pub score: DocumentScore,
    /// The Markdown between the title and the first objective.
    pub preamble: String,
    /// The bets.
    pub bets: Vec<Bet>,
    /// Decisions naming its KRs.
    pub decisions: Vec<DecisionNote>,
    /// Every check-in row, latest first (the table's own order).
    pub updates: Vec<Update>,
    /// The RAG bands its config sets, for the charts' zones.
    pub rag: crate::config::RagBands,
    /// Each ladder KR's bands as `(lower, upper, score)` in base units, by KR ID.
    pub ladders: Vec<(String, Vec<Rung>)>,
    /// The dictionary entry of each KR that names a known metric, by KR ID.
    pub metrics: Vec<(String, crate::metrics::Metric)>,
}

/// One band of a ladder, for a chart: its ends in base units (open when `None`) and score.
pub type Rung = (Option<f64>, Option<f64>, f64);

/// Gathers everything the dashboard shows about `doc`.
pub fn report_document(
    doc: &Document,
    config: &Config,
    as_of: Option<NaiveDate>,
    today: NaiveDate,
) -> ReportDocument {
    let text = doc.source.text();
    let start = doc
        .title
        .as_ref()
        .map_or(doc.front.block.map_or(0, |b| b.end), |t| {
            line_end(text, t.span.end)
        });
    let end = doc
        .objectives
        .first()
        .map_or(text.len(), |o| o.heading.span.start)
        .max(start);
    ReportDocument {
        score: evaluate_document(doc, config, as_of, today),
        preamble: text[start..end].trim().to_string(),
        bets: doc
            .initiatives
            .iter()
            .map(|i| Bet {
                name: i.name.clone(),
                krs: i
                    .krs
                    .iter()
                    .map(|k| k.value.as_str().to_uppercase())
                    .collect(),
            })
            .collect(),
        decisions: decisions_for(doc),
        updates: updates(doc),
        rag: config.rag.clone(),
        ladders: doc
            .key_results()
            .filter_map(|kr| match kr.fields.scoring.as_ref().and_then(|s| s.ok()) {
                Some(Scoring::Ladder { bands, .. }) => Some((
                    kr.label(),
                    bands
                        .iter()
                        .map(|b| {
                            (
                                b.lower.as_ref().map(|l| l.value),
                                b.upper.as_ref().map(|u| u.value),
                                b.score,
                            )
                        })
                        .collect(),
                )),
                _ => None,
            })
            .collect(),
        metrics: crate::metrics::krs_with_metrics(doc)
            .filter_map(|(kr, name)| {
                let metric = config.dictionary.get(name)?;
                Some((kr.label(), metric.clone()))
            })
            .collect(),
    }
}

/// The check-ins table as a thread of updates, in the table's order (latest first).
fn updates(doc: &Document) -> Vec<Update> {
    let Some(table) = &doc.checkins else {
        return Vec::new();
    };
    let cell = |row, column| {
        doc.cell(row, column)
            .map_or(String::new(), |c| c.value.trim().to_string())
    };
    table
        .rows
        .iter()
        .map(|row| Update {
            kr: cell(row, Column::Kr).to_uppercase(),
            date: cell(row, Column::Date),
            actual: cell(row, Column::Actual),
            confidence: cell(row, Column::Confidence).parse().ok(),
            insight: cell(row, Column::Insight),
            next: cell(row, Column::Next),
            help: cell(row, Column::Help),
        })
        .collect()
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// Entries of the governing decision log that name a KR of `doc`.
fn decisions_for(doc: &Document) -> Vec<DecisionNote> {
    let log = decision_log_for(doc.source.path());
    let Ok(text) = crate::files::read_confined(&log, crate::files::LOG_LIMIT) else {
        return Vec::new();
    };
    let me = absolute(doc.source.path());
    let dir = log.parent().map(|d| d.to_path_buf()).unwrap_or_default();
    let ids: Vec<String> = doc.key_results().map(|k| k.label()).collect();
    let parsed = parse_document(&log, text);
    decisions(&parsed)
        .into_iter()
        .filter_map(|d| {
            let krs: Vec<String> = d
                .krs
                .iter()
                .flat_map(|k| parse_targets(&k.value))
                .filter_map(Result::ok)
                .filter(|t| t.path.is_empty() || absolute(&dir.join(&t.path)) == me)
                .map(|t| t.id)
                .filter(|id| ids.contains(id))
                .collect();
            (!krs.is_empty()).then_some(DecisionNote {
                date: d.date,
                title: d.title,
                krs,
            })
        })
        .collect()
}
