//! The `## Check-ins` table: real KRs, real dates in order, actuals in the KR's unit.

use crate::doc::cycle::parse_date;
use crate::doc::quantity::parse_binary;
use crate::doc::{CheckinRow, Column, KeyResult, Scoring};
use crate::lint::{Context, Fix, Rule, Severity};

/// The check-in table's rows, or none.
pub(super) fn rows<'a>(ctx: &'a Context) -> &'a [CheckinRow] {
    ctx.doc.checkins.as_ref().map_or(&[], |t| t.rows.as_slice())
}

/// The KR a check-in row names, when it names one in this document.
pub(super) fn kr_of<'a>(ctx: &'a Context, row: &CheckinRow) -> Option<&'a KeyResult> {
    ctx.doc
        .cell(row, Column::Kr)?
        .value
        .trim()
        .parse()
        .ok()
        .and_then(|id| ctx.key_result(id))
}

/// OKR601.
pub static CHECKIN_UNKNOWN_KR: Rule = Rule {
    code: "OKR601",
    name: "checkin-unknown-kr",
    severity: Severity::Error,
    summary: "A check-in names a KR that is not in the document",
    help: "use the ID of a key result in this document, such as `O1-KR2`",
    explanation: r#"A check-in row updates one KR. If its ID matches no KR, the update is lost: it
never reaches a score, a status line or a trend.

Bad:
```markdown
| 2026-02-09 | O1-KR9 | 58% | 7 | … | … | |
```

Good:
```markdown
| 2026-02-09 | O1-KR2 | 58% | 7 | … | … | |
```"#,
    check: |ctx, out| {
        for row in rows(ctx) {
            match &ctx.doc.cell(row, Column::Kr) {
                Some(kr) if kr_of(ctx, row).is_none() => out.report(
                    kr.span,
                    format!("`{}` is not a key result in this document", kr.value),
                ),
                None => out.report(row.span, "this check-in names no KR"),
                _ => {}
            }
        }
    },
};

/// OKR602.
pub static CHECKIN_BAD_DATE: Rule = Rule {
    code: "OKR602",
    name: "checkin-bad-date",
    severity: Severity::Error,
    summary: "A check-in's date is missing, impossible or in the future",
    help: "write the date the value was measured, as YYYY-MM-DD, no later than today",
    explanation: r#"Check-in dates drive the actual used for scoring, staleness and the forecast. A
date that does not exist, or one in the future, breaks all three. "Today" is the
`--as-of` date when one is given, so CI runs are repeatable.

Bad:
```markdown
| 2026-02-30 | O1-KR2 | 58% | 7 | … | … | |
```

Good:
```markdown
| 2026-02-27 | O1-KR2 | 58% | 7 | … | … | |
```"#,
    check: |ctx, out| {
        for row in rows(ctx) {
            let Some(cell) = &ctx.doc.cell(row, Column::Date) else {
                out.report(row.span, "this check-in has no date");
                continue;
            };
            match parse_date(&cell.value) {
                None => out.report(
                    cell.span,
                    format!("`{}` is not a real date in YYYY-MM-DD form", cell.value),
                ),
                Some(d) if d > ctx.as_of => out.report(
                    cell.span,
                    format!("{d} is in the future (today is {})", ctx.as_of),
                ),
                Some(_) => {}
            }
        }
    },
};

/// OKR603.
pub static CHECKINS_OUT_OF_ORDER: Rule = Rule {
    code: "OKR603",
    name: "checkins-out-of-order",
    severity: Severity::Warning,
    summary: "Check-in rows are not latest first",
    help: "keep the newest check-in at the top of the table",
    explanation: r#"The table is a log with the latest update on top, so a reader sees the current
state first and `okr checkin` knows where to insert. A row dated after the one above it
breaks that order.

Bad:
```markdown
| 2026-02-02 | O1-KR2 | 55% | … |
| 2026-02-09 | O1-KR2 | 58% | … |
```

Good:
```markdown
| 2026-02-09 | O1-KR2 | 58% | … |
| 2026-02-02 | O1-KR2 | 55% | … |
```"#,
    check: |ctx, out| {
        let mut previous = None;
        let mut first = true;
        for row in rows(ctx) {
            let Some(cell) = &ctx.doc.cell(row, Column::Date) else {
                continue;
            };
            let Some(date) = parse_date(&cell.value) else {
                continue;
            };
            if previous.is_some_and(|p| date > p) {
                let message = format!("{date} is newer than the row above it");
                // One fix sorts the whole table; the first finding carries it.
                match first.then(|| sorted_rows(ctx)).flatten() {
                    Some(fix) => {
                        out.report_with_fix(cell.span, message, CHECKINS_OUT_OF_ORDER.help, fix)
                    }
                    None => out.report(cell.span, message),
                }
                first = false;
            }
            previous = Some(date);
        }
    },
};

/// The table's rows reordered latest first (rows without a date keep their place
/// after the dated ones), each row's bytes unchanged.
fn sorted_rows(ctx: &Context) -> Option<Fix> {
    let all = rows(ctx);
    let (first, last) = (all.first()?, all.last()?);
    let text = ctx.doc.source.text();
    let date = |row: &CheckinRow| {
        ctx.doc
            .cell(row, Column::Date)
            .and_then(|c| parse_date(&c.value))
    };
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by_cached_key(|&i| std::cmp::Reverse(date(&all[i])));
    let separators: Vec<&str> = all
        .windows(2)
        .map(|w| &text[w[0].span.end..w[1].span.start])
        .collect();
    let mut sorted = String::with_capacity(last.span.end - first.span.start);
    for (k, i) in order.iter().enumerate() {
        sorted.push_str(&text[all[*i].span.start..all[*i].span.end]);
        if let Some(separator) = separators.get(k) {
            sorted.push_str(separator);
        }
    }
    Some(Fix::replace(
        "Sort the check-ins, latest first",
        crate::source::Span::new(first.span.start, last.span.end),
        sorted,
    ))
}

/// OKR604.
pub static CHECKIN_BAD_ACTUAL: Rule = Rule {
    code: "OKR604",
    name: "checkin-bad-actual",
    severity: Severity::Error,
    summary: "A check-in's actual is missing, unreadable or in the wrong unit",
    help: "record the actual in the KR's unit (days and weeks convert; % and days do not)",
    explanation: r#"The actual is compared with the baseline and target to score the KR, so it must be
a number in a compatible unit. Binary KRs take done, yes, true or 1 (and their
negatives).

Bad (a KR measured in %):
```markdown
| 2026-02-09 | O1-KR2 | 5 days | 7 | … |
```

Good:
```markdown
| 2026-02-09 | O1-KR2 | 58% | 7 | … |
```"#,
    check: |ctx, out| {
        for row in rows(ctx) {
            let Some(kr) = kr_of(ctx, row) else { continue };
            let Some(cell) = ctx
                .doc
                .cell(row, Column::Actual)
                .filter(|c| !c.value.trim().is_empty())
            else {
                out.report(
                    row.span,
                    format!("this check-in for {} has no actual", kr.label()),
                );
                continue;
            };
            if let Some(problem) = actual_problem(kr, &cell.value) {
                out.report(cell.span, problem);
            }
        }
    },
};

fn actual_problem(kr: &KeyResult, actual: &str) -> Option<String> {
    let binary = matches!(
        kr.fields.scoring.as_ref().and_then(|s| s.ok()),
        Some(Scoring::Binary)
    );
    if binary {
        return parse_binary(actual)
            .is_none()
            .then(|| format!("`{actual}` is not done/not done for a binary KR"));
    }
    let value = match kr.read_actual(actual) {
        Ok(v) => v,
        Err(e) => return Some(format!("`{actual}`: {e}")),
    };
    let (unit, _) = kr.expected_quantity()?;
    (!value.dimension.compatible(&unit.dimension)).then(|| {
        format!(
            "the actual is {} but {} is measured as {}",
            value.dimension,
            kr.label(),
            unit.dimension
        )
    })
}

/// OKR605.
pub static CONFIDENCE_OUT_OF_RANGE: Rule = Rule {
    code: "OKR605",
    name: "confidence-out-of-range",
    severity: Severity::Error,
    summary: "A check-in's confidence is not on the configured scale",
    help: "use the scale set as `confidence` in okr.yaml (default 0-10)",
    explanation: r#"Confidence is the team's forward-looking belief that the KR will land, entered by
a person each week. It must sit on one agreed scale (0-2, 1-5, 0-10 or 0-1; the
default is 0-10) so that trends and drops mean something. It is never mixed into the
score.

Bad (scale 0-10):
```markdown
| 2026-02-09 | O1-KR2 | 58% | 70% | … |
```

Good:
```markdown
| 2026-02-09 | O1-KR2 | 58% | 7 | … |
```"#,
    check: |ctx, out| {
        let scale = ctx.config.confidence;
        let (low, high) = scale.range();
        for row in rows(ctx) {
            let Some(cell) = ctx
                .doc
                .cell(row, Column::Confidence)
                .filter(|c| !c.value.trim().is_empty())
            else {
                continue;
            };
            let ok = cell
                .value
                .trim()
                .parse::<f64>()
                .is_ok_and(|c| c >= low && c <= high);
            if !ok {
                out.report(
                    cell.span,
                    format!(
                        "confidence `{}` is outside the {} scale",
                        cell.value,
                        scale.name()
                    ),
                );
            }
        }
    },
};

/// OKR606.
pub static CHECKIN_TABLE_MALFORMED: Rule = Rule {
    code: "OKR606",
    name: "checkin-table-malformed",
    severity: Severity::Error,
    summary: "The check-ins table lacks a required column",
    help: "use the columns: Date | KR | Actual | Confidence | Insight | Next action | Help needed",
    explanation: r#"okr reads check-ins by column name, so the order is free, but `Date`, `KR` and
`Actual` must be present. The full header is
`| Date | KR | Actual | Confidence | Insight | Next action | Help needed |`.

Bad:
```markdown
| When | Value |
|------|-------|
```

Good:
```markdown
| Date | KR | Actual | Confidence | Insight | Next action | Help needed |
|------|----|--------|------------|---------|-------------|-------------|
```"#,
    check: |ctx, out| {
        let Some(table) = &ctx.doc.checkins else {
            return;
        };
        let missing: Vec<String> = ["date", "kr", "actual"]
            .into_iter()
            .filter(|required| {
                !table
                    .columns
                    .iter()
                    .any(|c| c.value == *required || (*required == "kr" && c.value == "key result"))
            })
            .map(|c| format!("`{c}`"))
            .collect();
        if !missing.is_empty() {
            out.report(
                table.header,
                format!("the check-ins table has no {} column", missing.join(", ")),
            );
        }
    },
};

/// OKR610.
pub static DUPLICATE_CHECKIN: Rule = Rule {
    code: "OKR610",
    name: "duplicate-checkin",
    severity: Severity::Error,
    summary: "A KR has two check-in rows for the same day",
    help: "keep one row per KR per day: merge the two, or run `okr checkin … --replace`",
    explanation: r#"A KR is measured once per check-in. Two rows for the same KR on the same day
leave the score to depend on which one happens to come first, and the trend shows a jump
that never happened. `okr checkin` refuses a second row for the same day unless it is
given `--replace`, which rewrites the existing row in place; this rule catches rows
added or merged by hand.

Bad:
```markdown
| 2026-02-09 | O1-KR2 | 58% | 7 | … |
| 2026-02-09 | O1-KR2 | 61% | 7 | … |
```

Good:
```markdown
| 2026-02-09 | O1-KR2 | 61% | 7 | … |
```"#,
    check: |ctx, out| {
        let text = ctx.doc.source.text();
        let raw =
            |row: &CheckinRow, column| row.span_of(column).map(|s| text[s.start..s.end].trim());
        let table = rows(ctx);
        for group in ctx.checkin_index().groups() {
            let mut days: Vec<(&str, u32)> = group
                .iter()
                .filter_map(|&at| Some((raw(&table[at as usize], Column::Date)?, at)))
                .collect();
            days.sort_unstable();
            for same_day in days.chunk_by(|a, b| a.0 == b.0) {
                let [(day, first), (_, second), rest @ ..] = same_day else {
                    continue;
                };
                let (first, second) = (&table[*first as usize], &table[*second as usize]);
                let kr = raw(first, Column::Kr)
                    .unwrap_or_default()
                    .to_ascii_uppercase();
                let line = ctx.doc.source.position(first.span.start).line;
                let more = match rest.len() {
                    0 => String::new(),
                    n => format!(", and {n} more rows repeat it"),
                };
                out.report(
                    second.span,
                    format!("{kr} already has a check-in on {day} (line {line}){more}"),
                );
            }
        }
    },
};
