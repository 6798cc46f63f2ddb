//! `okr export`: one flat row per KR for BI tools and spreadsheets.

use super::stream::PrettyArray;
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

/// Every KR of a document, in document order.
pub fn export_rows(doc: &DocumentScore) -> Vec<ExportRow> {
    let mut rows = Vec::new();
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

/// The export written one document at a time, the same bytes as writing every row at
/// once.
pub enum ExportStream<'a> {
    /// `{"version": 1, "key_results": [...]}`.
    Json(PrettyArray<'a>),
    /// A header row, then the rows.
    Csv(Box<csv::Writer<&'a mut dyn Write>>),
}

/// One document's rows, ready for [`ExportStream::push`].
pub enum ExportPart {
    /// Each row as a JSON array element.
    Json(Vec<Vec<u8>>),
    /// The rows, for the CSV writer.
    Csv(Vec<ExportRow>),
}

impl<'a> ExportStream<'a> {
    /// Starts the export.
    pub fn start(out: &'a mut dyn Write, format: ExportFormat) -> io::Result<Self> {
        Ok(match format {
            ExportFormat::Json => Self::Json(PrettyArray::start(out, 1, "key_results")?),
            ExportFormat::Csv => Self::Csv(Box::new(csv::Writer::from_writer(out))),
        })
    }

    /// `doc`'s rows in `format`; made on any core.
    pub fn render(format: ExportFormat, doc: &DocumentScore) -> io::Result<ExportPart> {
        let rows = export_rows(doc);
        Ok(match format {
            ExportFormat::Json => ExportPart::Json(
                rows.iter()
                    .map(PrettyArray::element)
                    .collect::<io::Result<_>>()?,
            ),
            ExportFormat::Csv => ExportPart::Csv(rows),
        })
    }

    /// Writes one document's rows.
    pub fn push(&mut self, part: ExportPart) -> io::Result<()> {
        match (self, part) {
            (Self::Json(array), ExportPart::Json(elements)) => {
                elements.iter().try_for_each(|e| array.push(e))
            }
            (Self::Csv(writer), ExportPart::Csv(rows)) => rows
                .iter()
                .try_for_each(|row| writer.serialize(row).map_err(io::Error::other)),
            _ => Err(io::Error::other("an export part in another format")),
        }
    }

    /// Ends the export.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Self::Json(array) => array.finish(),
            Self::Csv(mut writer) => writer.flush(),
        }
    }
}
