//! `okr export`: one flat row per KR for BI tools and spreadsheets.

use crate::doc::Origin;
use crate::score::{DocumentScore, Health, Pace, Rag};
use chrono::NaiveDate;
use serde::Serialize;
use std::io::{self, Write};

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// `{"version": 1, "key_results": [...]}`.
    Json,
    /// A header row, then one row per KR; empty cells for missing values.
    Csv,
}

/// One KR, flattened. The field order is the CSV column order; both are stable.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExportRow {
    /// The document's path.
    pub document: String,
    /// `team` from front-matter.
    pub team: Option<String>,
    /// `cycle` from front-matter.
    pub cycle: Option<String>,
    /// The objective's ID.
    pub objective: String,
    /// The KR's ID.
    pub kr: String,
    /// The KR's statement.
    pub statement: String,
    /// The KR's owner (or its objective's, or the document's).
    pub owner: Option<String>,
    /// `linear`, `ladder` or `binary`.
    pub method: &'static str,
    /// The baseline as written.
    pub baseline: Option<String>,
    /// The target as written.
    pub target: Option<String>,
    /// The latest actual as written.
    pub actual: Option<String>,
    /// The date of the latest actual.
    pub actual_date: Option<NaiveDate>,
    /// The due date.
    pub due: Option<NaiveDate>,
    /// The score 0–1, four decimals.
    pub score: Option<f64>,
    /// The RAG band.
    pub rag: Option<Rag>,
    /// The latest confidence on the configured scale, as entered (`7`, not `7.0`).
    #[serde(serialize_with = "as_entered")]
    pub confidence: Option<f64>,
    /// The latest check-in's insight.
    pub insight: Option<String>,
    /// The latest check-in's next action.
    pub next: Option<String>,
    /// The latest check-in's request for help.
    pub help: Option<String>,
    /// Pending, stale, or the band.
    pub health: Health,
    /// Ahead, on pace or behind.
    pub pace: Option<Pace>,
    /// The as-of date of the scores.
    pub as_of: NaiveDate,
    /// Where the baseline was read from: card, statement, inline, table or front-matter.
    pub baseline_from: Option<Origin>,
    /// Where the target was read from.
    pub target_from: Option<Origin>,
    /// Where the due date was read from.
    pub due_from: Option<Origin>,
}

/// Every KR of every document, in document order.
pub fn export_rows(documents: &[DocumentScore]) -> Vec<ExportRow> {
    let mut rows = Vec::new();
    for doc in documents {
        for objective in &doc.objectives {
            for kr in &objective.key_results {
                rows.push(ExportRow {
                    document: doc.path.clone(),
                    team: doc.team.clone(),
                    cycle: doc.cycle.clone(),
                    objective: objective.id.clone(),
                    kr: kr.id.clone(),
                    statement: kr.statement.clone(),
                    owner: kr.owner.clone(),
                    method: kr.method,
                    baseline: kr.baseline.clone(),
                    target: kr.target.clone(),
                    actual: kr.actual.clone(),
                    actual_date: kr.actual_date,
                    due: kr.due,
                    score: kr.score.map(|s| (s * 10_000.0).round() / 10_000.0),
                    rag: kr.rag,
                    confidence: kr.confidence,
                    insight: kr.insight.clone(),
                    next: kr.next.clone(),
                    help: kr.help.clone(),
                    health: kr.health,
                    pace: kr.pace,
                    as_of: doc.as_of,
                    baseline_from: kr.baseline_from,
                    target_from: kr.target_from,
                    due_from: kr.due_from,
                });
            }
        }
    }
    rows
}

/// A whole number as an integer (`7`), anything else as written (`7.5`).
fn as_entered<S: serde::Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => serializer.serialize_some(&(*v as i64)),
        Some(v) => serializer.serialize_some(v),
        None => serializer.serialize_none(),
    }
}

/// Writes the rows in `format`.
pub fn render_export(
    out: &mut dyn Write,
    format: ExportFormat,
    rows: &[ExportRow],
) -> io::Result<()> {
    match format {
        ExportFormat::Json => {
            #[derive(Serialize)]
            struct Export<'a> {
                version: u32,
                key_results: &'a [ExportRow],
            }
            serde_json::to_writer_pretty(
                &mut *out,
                &Export {
                    version: 1,
                    key_results: rows,
                },
            )?;
            writeln!(out)
        }
        ExportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            for row in rows {
                writer.serialize(row).map_err(io::Error::other)?;
            }
            writer.flush()
        }
    }
}
