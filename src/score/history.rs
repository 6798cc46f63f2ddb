//! A KR's check-ins, oldest first, read for scoring.

use super::grade::{score_actual, score_value};
use crate::doc::cycle::parse_date;
use crate::doc::quantity::Quantity;
use crate::doc::{CheckinRow, Column, Document, KeyResult, Scoring};
use crate::source::Span;
use chrono::NaiveDate;
use compact_str::CompactString;

/// One check-in of one KR.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    /// The check-in date.
    pub date: NaiveDate,
    /// The actual as written.
    pub actual: CompactString,
    /// The actual as a number, when it is one.
    pub value: Option<Quantity>,
    /// The actual's score by the KR's method; `None` when it cannot be scored.
    pub score: Option<f64>,
    /// The confidence as checked in, on the configured scale.
    pub confidence: Option<f64>,
    /// The table row it was read from.
    pub row: Span,
}

/// The check-ins of `kr` dated on or before `as_of`, oldest first.
///
/// Rows with no readable date or no actual are left out (lint reports them). The table
/// is written latest first, so among rows with the same date the upper one is the later.
pub fn readings(
    doc: &Document,
    kr: &KeyResult,
    method: &Scoring,
    as_of: NaiveDate,
) -> Vec<Reading> {
    let Some(table) = &doc.checkins else {
        return Vec::new();
    };
    let label = kr.label();
    let baseline = kr.fields.baseline.as_ref().and_then(|v| v.ok());
    let target = kr.fields.target.as_ref().and_then(|v| v.ok());
    let mut found: Vec<Reading> = table
        .rows
        .iter()
        .rev()
        .filter(|row| names_kr(doc, row, &label))
        .filter_map(|row| {
            let date = parse_date(&doc.cell(row, Column::Date)?.value)?;
            let actual = CompactString::from(doc.cell(row, Column::Actual)?.value.trim());
            if date > as_of || actual.is_empty() {
                return None;
            }
            let value = kr.read_actual(&actual).ok();
            let score = match (method, &value) {
                (Scoring::Binary, _) => score_actual(method, baseline, target, &actual),
                (_, Some(value)) => score_value(method, baseline, target, value),
                (_, None) => None,
            };
            Some(Reading {
                date,
                score,
                value,
                confidence: doc
                    .cell(row, Column::Confidence)
                    .and_then(|c| parse_confidence(&c.value)),
                row: row.span,
                actual,
            })
        })
        .collect();
    found.sort_by_key(|r| r.date);
    found
}

fn names_kr(doc: &Document, row: &CheckinRow, label: &str) -> bool {
    row.span_of(Column::Kr).is_some_and(|span| {
        let written = &doc.source.text()[span.start..span.end];
        // Cells are already trimmed of spaces: try the exact length first.
        written.eq_ignore_ascii_case(label)
            || (written.len() > label.len() && written.trim().eq_ignore_ascii_case(label))
    })
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
        let all = readings(
            &doc,
            kr,
            &Scoring::Linear,
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        );
        let actuals: Vec<&str> = all.iter().map(|r| r.actual.as_str()).collect();
        assert_eq!(actuals, ["11%", "12%", "16%"]);
        assert_eq!(all[2].score, Some(0.6));
        assert_eq!(all[2].confidence, Some(7.0));
        assert_eq!(all[0].confidence, None);
        let early = readings(
            &doc,
            kr,
            &Scoring::Linear,
            NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
        );
        assert_eq!(early.len(), 2);
    }
}
