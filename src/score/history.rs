//! A KR's check-ins, oldest first, read for scoring.

use super::grade::{score_actual, score_value};
use crate::doc::cycle::parse_date;
use crate::doc::{Column, Document, KeyResult, Scoring};
use crate::source::Span;
use chrono::NaiveDate;
use compact_str::CompactString;
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// One check-in of one KR.
///
/// A long table holds a million of these, so it is 32 bytes: the numbers are kept as
/// `f64` with NaN for "none" (none of them can be NaN when present) behind accessors,
/// and the text is read back from the row.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    /// The check-in date.
    pub date: NaiveDate,
    /// The position in the table of the row it was read from.
    at: u32,
    score: f64,
    confidence: f64,
    value: f64,
}

/// `number` as stored in a [`Reading`].
fn stored(number: Option<f64>) -> f64 {
    number.filter(|n| !n.is_nan()).unwrap_or(f64::NAN)
}

/// A stored number back as an option.
fn present(number: f64) -> Option<f64> {
    (!number.is_nan()).then_some(number)
}

impl Reading {
    /// The actual's score by the KR's method; `None` when it cannot be scored.
    pub fn score(&self) -> Option<f64> {
        present(self.score)
    }

    /// The confidence as checked in, on the configured scale.
    pub fn confidence(&self) -> Option<f64> {
        present(self.confidence)
    }

    /// The actual in its dimension's base unit, when it reads as a number comparable
    /// with the target (any number when the KR has no target).
    pub fn value(&self) -> Option<f64> {
        present(self.value)
    }

    /// The cell under `column` of the row this reading came from, unescaped.
    pub fn cell<'d>(&self, doc: &'d Document, column: Column) -> Option<Cow<'d, str>> {
        let row = doc.checkins.as_ref()?.rows.get(self.at as usize)?;
        Some(doc.cell(row, column)?.value)
    }

    /// The table row it was read from.
    pub fn row(&self, doc: &Document) -> Span {
        doc.checkins
            .as_ref()
            .and_then(|t| t.rows.get(self.at as usize))
            .map_or(Span::default(), |r| r.span)
    }

    /// The actual as written (never empty: rows without one are not readings).
    pub fn actual<'d>(&self, doc: &'d Document) -> Cow<'d, str> {
        self.cell(doc, Column::Actual).unwrap_or_default()
    }
}

/// Where each KR's check-in rows are, found in one pass over the table so that reading
/// every KR's history costs one scan, not one scan per KR.
pub struct CheckinIndex {
    /// Row positions in table order, by the KR cell's trimmed, ASCII-lower-cased text.
    rows: FxHashMap<CompactString, Vec<u32>>,
}

impl CheckinIndex {
    /// Indexes `doc`'s check-ins table (empty when it has none).
    pub fn new(doc: &Document) -> Self {
        let mut rows: FxHashMap<CompactString, Vec<u32>> = FxHashMap::default();
        let table = doc.checkins.as_ref().map_or(&[][..], |t| &t.rows[..]);
        for (at, row) in (0u32..).zip(table) {
            if let Some(span) = row.span_of(Column::Kr) {
                let written = doc.source.text()[span.start..span.end].trim();
                let key = CompactString::from(written).to_ascii_lowercase();
                rows.entry(key).or_default().push(at);
            }
        }
        CheckinIndex { rows }
    }

    /// Each KR cell's rows, top to bottom, in no particular order of KRs.
    pub fn groups(&self) -> impl Iterator<Item = &[u32]> {
        self.rows.values().map(Vec::as_slice)
    }

    /// The positions of the rows naming `label`, top to bottom.
    fn of(&self, label: &str) -> &[u32] {
        self.rows
            .get(label.to_ascii_lowercase().as_str())
            .map_or(&[], Vec::as_slice)
    }
}

/// The check-ins of `kr` dated on or before `as_of`, oldest first; `index` is the
/// document's [`CheckinIndex`].
///
/// Rows with no readable date or no actual are left out (lint reports them). The table
/// is written latest first, so among rows with the same date the upper one is the later.
pub fn readings(
    doc: &Document,
    index: &CheckinIndex,
    kr: &KeyResult,
    method: &Scoring,
    as_of: NaiveDate,
) -> Vec<Reading> {
    let Some(table) = &doc.checkins else {
        return Vec::new();
    };
    let at = index.of(&kr.label());
    let baseline = kr.fields.baseline.as_ref().and_then(|v| v.ok());
    let target = kr.fields.target.as_ref().and_then(|v| v.ok());
    let mut found: Vec<Reading> = Vec::with_capacity(at.len());
    for (&at, row) in at.iter().rev().map(|i| (i, &table.rows[*i as usize])) {
        let Some(date) = doc
            .cell(row, Column::Date)
            .and_then(|c| parse_date(&c.value))
        else {
            continue;
        };
        let Some(actual) = doc.cell(row, Column::Actual) else {
            continue;
        };
        let actual = actual.value;
        if date > as_of || actual.is_empty() {
            continue;
        }
        let value = kr.read_actual(&actual).ok();
        let score = match (method, &value) {
            (Scoring::Binary, _) => score_actual(method, baseline, target, &actual),
            (_, Some(value)) => score_value(method, baseline, target, value),
            (_, None) => None,
        };
        let comparable = value
            .filter(|v| target.is_none_or(|t| v.dimension.compatible(&t.dimension)))
            .map(|v| v.value);
        let confidence = doc
            .cell(row, Column::Confidence)
            .and_then(|c| parse_confidence(&c.value));
        found.push(Reading {
            date,
            at,
            score: stored(score),
            confidence: stored(confidence),
            value: stored(comparable),
        });
    }
    found.sort_by_key(|r| r.date);
    found
}

/// Reads `8`, `0.7` or `8/10` as a confidence value.
fn parse_confidence(text: &str) -> Option<f64> {
    let number = text.split('/').next()?.trim();
    number.parse::<f64>().ok().filter(|c| c.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::parse::parse_document;

    const DOC: &str = "---\ncycle: 2026-Q1\n---\n## O1: Grow\n\n### O1-KR1: Raise x from 10% to 20% by Mar 31\n\n- Baseline: 10%\n- Target: 20%\n\n## Check-ins\n\n| Date | KR | Actual | Confidence |\n|---|---|---|---|\n| 2026-02-01 | O1-KR1 | 16% | 7/10 |\n| 2026-01-15 | o1-kr1 | 12% | 6 |\n| 2026-01-15 | O1-KR1 | 11% | |\n| 2026-01-08 | O1-KR2 | 50% | 5 |\n| nope | O1-KR1 | 13% | 5 |\n";

    #[test]
    fn reads_oldest_first_and_stops_at_the_as_of_date() {
        let doc = parse_document("t.md", DOC.to_string());
        let kr = doc.key_results().next().unwrap();
        let index = CheckinIndex::new(&doc);
        let all = readings(
            &doc,
            &index,
            kr,
            &Scoring::Linear,
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        );
        let actuals: Vec<String> = all.iter().map(|r| r.actual(&doc).into_owned()).collect();
        assert_eq!(actuals, ["11%", "12%", "16%"]);
        assert_eq!(all[2].score(), Some(0.6));
        assert_eq!(all[2].confidence(), Some(7.0));
        assert_eq!(all[0].confidence(), None);
        let early = readings(
            &doc,
            &index,
            kr,
            &Scoring::Linear,
            NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
        );
        assert_eq!(early.len(), 2);
    }
}
