//! Weekly check-ins: validating an update against its KR and inserting it as one table row.
//!
//! A check-in is the only time okr writes to a person's document, so the edit is one
//! inserted row: every other byte, the line endings, a BOM and the final newline stay.

mod insert;

pub use insert::{escape_cell, insert_checkin, record_checkin};

use crate::config::Config;
use crate::doc::quantity::{parse_binary, parse_quantity};
use crate::doc::{Document, KeyResult, Scoring};
use crate::score::method_for;
use chrono::NaiveDate;

/// One weekly update for one KR.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entry {
    /// The KR's ID, such as `O1-KR2`.
    pub kr: String,
    /// The day the value was measured.
    pub date: NaiveDate,
    /// The metric's value, in the KR's unit (or done / not done for binary KRs).
    pub actual: String,
    /// Confidence on the configured scale.
    pub confidence: Option<String>,
    /// What was learned this week.
    pub insight: Option<String>,
    /// The next action.
    pub next: Option<String>,
    /// Help needed, if any.
    pub help: Option<String>,
}

/// Checks `entry` against its KR, the config and today; the reason when it does not fit.
pub fn validate(
    doc: &Document,
    kr: &KeyResult,
    entry: &Entry,
    config: &Config,
    today: NaiveDate,
) -> Result<(), String> {
    check_table(doc)?;
    check_actual(kr, &entry.actual, config)?;
    if let Some(confidence) = &entry.confidence {
        check_confidence(confidence, config)?;
    }
    if entry.date > today {
        return Err(format!(
            "{} is in the future (today is {today})",
            entry.date
        ));
    }
    match doc.front.period() {
        Some(p) if !p.contains(entry.date) => Err(format!(
            "{} is outside the cycle ({} to {})",
            entry.date, p.start, p.end
        )),
        _ => Ok(()),
    }
}

/// An existing table must have the columns a row needs, or the row would lose data.
fn check_table(doc: &Document) -> Result<(), String> {
    let Some(table) = &doc.checkins else {
        return Ok(());
    };
    let has = |names: &[&str]| {
        table
            .columns
            .iter()
            .any(|c| names.contains(&c.value.as_str()))
    };
    let missing: Vec<&str> = [
        ("Date", &["date"][..]),
        ("KR", &["kr", "key result"]),
        ("Actual", &["actual", "value"]),
    ]
    .iter()
    .filter(|(_, names)| !has(names))
    .map(|(label, _)| *label)
    .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let at = doc.source.position(table.span.start);
    Err(format!(
        "the check-ins table at {}:{}:{} has no {} column; fix its header first",
        doc.source.path().display(),
        at.line,
        at.column,
        missing.join(" or ")
    ))
}

/// The actual must be readable and in a unit comparable with the KR's target.
fn check_actual(kr: &KeyResult, actual: &str, config: &Config) -> Result<(), String> {
    if actual.trim().is_empty() {
        return Err("the actual is empty".to_string());
    }
    if matches!(*method_for(kr, config), Scoring::Binary) {
        return parse_binary(actual).map(|_| ()).ok_or_else(|| {
            format!(
                "`{actual}` is not done or not done; {} is a binary KR",
                kr.label()
            )
        });
    }
    let value = parse_quantity(actual).map_err(|e| format!("`{actual}`: {e}"))?;
    let expected = [&kr.fields.target, &kr.fields.baseline]
        .into_iter()
        .find_map(|f| f.as_ref().and_then(|v| v.ok()));
    match expected {
        Some(q) if !value.dimension.compatible(&q.dimension) => Err(format!(
            "`{actual}` is {}, but {} is measured in {} (`{}`)",
            value.dimension,
            kr.label(),
            q.dimension,
            [&kr.fields.target, &kr.fields.baseline]
                .into_iter()
                .flatten()
                .next()
                .map_or("", |v| v.raw.value.as_str())
        )),
        _ => Ok(()),
    }
}

fn check_confidence(text: &str, config: &Config) -> Result<(), String> {
    let (low, high) = config.confidence.range();
    let scale = config.confidence.name();
    match text.trim().parse::<f64>() {
        Ok(c) if (low..=high).contains(&c) => Ok(()),
        _ => Err(format!(
            "confidence `{text}` is not on the {scale} scale set in okr.yaml"
        )),
    }
}

/// The KR with this ID (any case), if the document has it.
pub fn find_kr<'d>(doc: &'d Document, id: &str) -> Option<&'d KeyResult> {
    doc.key_results()
        .find(|kr| kr.id.is_some() && kr.label().eq_ignore_ascii_case(id.trim()))
}
