//! Weekly check-ins: validating an update against its KR and inserting it as one table row.
//!
//! A check-in is the only time okr writes to a person's document, so the edit is one
//! inserted row: every other byte, the line endings, a BOM and the final newline stay.

mod insert;

pub use insert::{checkin_row, escape_cell, insert_checkin};

use crate::config::Config;
use crate::doc::quantity::{parse_binary, parse_quantity, Quantity};
use crate::doc::{CheckinRow, Column, Document, KeyResult, Scoring};
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
    /// Replace the KR's row for the same day instead of refusing a second one.
    pub replace: bool,
}

/// Checks `entry` against its KR, the config and today; every reason it does not fit.
pub fn validate(
    doc: &Document,
    kr: &KeyResult,
    entry: &Entry,
    config: &Config,
    today: NaiveDate,
) -> Result<(), String> {
    let mut found = value_problems(doc, kr, entry, config);
    found.extend(date_problems(doc, kr, entry, today));
    if found.is_empty() {
        Ok(())
    } else {
        Err(found.join("; "))
    }
}

/// What is wrong with the table, the actual and the confidence, whatever the date.
pub fn value_problems(
    doc: &Document,
    kr: &KeyResult,
    entry: &Entry,
    config: &Config,
) -> Vec<String> {
    let confidence = entry
        .confidence
        .as_ref()
        .map(|c| check_confidence(c, config));
    [check_table(doc), check_actual(kr, &entry.actual, config)]
        .into_iter()
        .chain(confidence)
        .filter_map(Result::err)
        .collect()
}

/// What is wrong with the entry's date: in the future, outside the KR's cycle, or a
/// day that already has a row for this KR (unless replacing it).
pub fn date_problems(
    doc: &Document,
    kr: &KeyResult,
    entry: &Entry,
    today: NaiveDate,
) -> Vec<String> {
    let mut found = Vec::new();
    if entry.date > today {
        found.push(format!(
            "{} is in the future (today is {today})",
            entry.date
        ));
    }
    let cycle = doc
        .objectives
        .iter()
        .find(|o| o.key_results.iter().any(|k| std::ptr::eq(k, kr)))
        .and_then(|o| doc.cycle_of(o));
    if let Some(p) = cycle.filter(|p| !p.contains(entry.date)) {
        found.push(format!(
            "{} is outside the cycle ({} to {})",
            entry.date, p.start, p.end
        ));
    }
    if let (Some(row), false) = (same_day_row(doc, entry), entry.replace) {
        let line = doc.source.position(row.span.start).line;
        found.push(format!(
            "already has a check-in on {} ({}:{line}); pass --replace to replace that row",
            entry.date,
            doc.source.path().display()
        ));
    }
    found
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
                "{} is a binary KR: answer `done` or `not done` (or yes/no), not `{actual}`",
                kr.label()
            )
        });
    }
    let value = parse_quantity(actual).map_err(|e| format!("`{actual}`: {e}"))?;
    check_sane(kr, actual)?;
    match kr.expected_quantity() {
        Some((q, written)) if !value.dimension.compatible(&q.dimension) => Err(format!(
            "`{actual}` is {}, but {} is measured in {} (`{written}`)",
            value.dimension,
            kr.label(),
            q.dimension,
        )),
        _ => Ok(()),
    }
}

/// A bare number (`69`) rewritten in the KR's unit (`69%`), as [`KeyResult::read_actual`]
/// reads it; `None` when the actual needs no rewriting.
pub fn with_kr_unit(kr: &KeyResult, actual: &str) -> Option<String> {
    let written = parse_quantity(actual).ok()?;
    let bare = written.is_bare() && written.value.abs() <= MAX_MAGNITUDE;
    let (expected, written) = kr.expected_quantity()?;
    let value = kr.read_actual(actual).ok()?.value;
    (bare && expected.needs_unit()).then(|| expected.format_like(written, value))
}

use crate::doc::quantity::MAX_MAGNITUDE;

/// How many baseline–target spans outside the KR a value may lie before it is refused.
const MAX_SPANS: f64 = 1e6;

/// Refuses values no measurement produces: beyond ±1e15, or a million spans off the KR.
fn check_sane(kr: &KeyResult, actual: &str) -> Result<(), String> {
    let Ok(value) = kr.read_actual(actual) else {
        return Ok(());
    };
    if value.written_value().abs() > MAX_MAGNITUDE {
        return Err(format!(
            "`{actual}` is beyond ±1e15; okr does not record values that large"
        ));
    }
    match spans_outside(kr, &value) {
        Some(spans) if spans > MAX_SPANS => Err(format!(
            "`{actual}` lies more than a million baseline–target spans ({} → {}) outside the KR; check the value",
            baseline_text(kr),
            target_text(kr)
        )),
        _ => Ok(()),
    }
}

/// How many baseline–target spans `value` lies beyond the nearer end, when it can be told.
fn spans_outside(kr: &KeyResult, value: &Quantity) -> Option<f64> {
    let baseline = kr.fields.baseline.as_ref()?.ok()?;
    let target = kr.fields.target.as_ref()?.ok()?;
    let span = (target.value - baseline.value).abs();
    let (low, high) = (
        baseline.value.min(target.value),
        baseline.value.max(target.value),
    );
    let beyond = (low - value.value).max(value.value - high);
    (span > 0.0 && value.dimension.compatible(&baseline.dimension)).then(|| beyond / span)
}

/// A warning when `actual` lies more than ten baseline–target spans beyond both ends:
/// `5 days` on a 900 ms → 400 ms KR is more likely a typo than a measurement.
pub fn far_outside(kr: &KeyResult, actual: &str) -> Option<String> {
    let value = kr.read_actual(actual).ok()?;
    (spans_outside(kr, &value)? > 10.0).then(|| {
        format!(
            "{} `{actual}` is more than ten times the baseline–target span ({} → {}) outside it; check the unit",
            kr.label(),
            baseline_text(kr),
            target_text(kr)
        )
    })
}

fn baseline_text(kr: &KeyResult) -> &str {
    kr.fields
        .baseline
        .as_ref()
        .map_or("", |v| v.raw.value.as_str())
}

fn target_text(kr: &KeyResult) -> &str {
    kr.fields
        .target
        .as_ref()
        .map_or("", |v| v.raw.value.as_str())
}

/// The row already recording `entry`'s KR on `entry`'s date, if there is one.
pub fn same_day_row<'d>(doc: &'d Document, entry: &Entry) -> Option<&'d CheckinRow> {
    let date = entry.date.to_string();
    doc.checkins.as_ref()?.rows.iter().find(|row| {
        doc.cell(row, Column::Date)
            .is_some_and(|d| d.value.trim() == date)
            && doc
                .cell(row, Column::Kr)
                .is_some_and(|k| k.value.trim().eq_ignore_ascii_case(entry.kr.trim()))
    })
}

/// Completes an entry that gives no actual from the KR's row for the same day (one
/// `okr pull` wrote, say): it keeps that row's actual and any detail the entry leaves
/// out, and replaces the row in place.
pub fn complete_same_day(doc: &Document, entry: &mut Entry) -> Result<(), String> {
    let row = same_day_row(doc, entry).ok_or_else(|| {
        format!(
            "has no check-in on {} to add to; give the actual (`okr checkin {} <ACTUAL>`)",
            entry.date, entry.kr
        )
    })?;
    let cell = |column| {
        doc.cell(row, column)
            .map(|c| c.value.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    entry.actual = cell(Column::Actual).unwrap_or_default();
    for (field, column) in [
        (&mut entry.confidence, Column::Confidence),
        (&mut entry.insight, Column::Insight),
        (&mut entry.next, Column::Next),
        (&mut entry.help, Column::Help),
    ] {
        if field.is_none() {
            *field = cell(column);
        }
    }
    entry.replace = true;
    Ok(())
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
