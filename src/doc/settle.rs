//! The steps every reader shares once objectives and key results are found: fields
//! written inline, positional IDs, typed fields, and the baseline, target and due date
//! a statement already gives.

use super::card::{kr_fields, objective_fields, CardLine, Origin, Value};
use super::cycle::{find_cycle, Period};
use super::inline::split_inline;
use super::statement::{read_statement, Statement};
use super::{Document, FrontMatter, Heading, KeyResult, KrId, Located, Objective};
use crate::source::Span;
use chrono::{Datelike, NaiveDate};
use compact_str::CompactString;

/// Finishes a document's objectives: see the module documentation.
pub fn settle(doc: &mut Document, text: &str, found_cycle: Option<Located<Period>>) {
    let several_sets = doc.sets.iter().filter(|s| s.cycle.is_some()).count() > 1;
    let found_cycle = sets_cycle(&doc.sets)
        .filter(|_| several_sets)
        .or(found_cycle)
        .or_else(|| sets_cycle(&doc.sets));
    adopt_cycle(&mut doc.front, doc.title.as_ref(), found_cycle);
    let mut conflicts = Vec::new();
    let mut position = 0;
    let document_cycle = doc.front.period();
    for objective in &mut doc.objectives {
        position += 1;
        split_line(
            text,
            &mut objective.heading,
            &mut objective.card,
            &mut objective.written,
        );
        if objective.number.is_none() && objective.heading.id_text.is_none() {
            objective.number = Some(position);
            objective.written.positional = true;
        }
        objective.fields = objective_fields(&objective.card);
        let cycle = doc
            .sets
            .get(objective.set)
            .and_then(|s| s.cycle.as_ref().map(|c| c.value))
            .or(document_cycle);
        settle_key_results(text, objective, &doc.front, cycle, &mut conflicts);
    }
    doc.conflicts = conflicts;
}

fn settle_key_results(
    text: &str,
    objective: &mut Objective,
    front: &FrontMatter,
    cycle: Option<Period>,
    conflicts: &mut Vec<super::FieldConflict>,
) {
    for kr in &mut objective.key_results {
        split_line(text, &mut kr.heading, &mut kr.card, &mut kr.written);
    }
    objective.key_results.retain(|kr| {
        kr.written.form == super::Form::Canonical || !kr.heading.statement.value.is_empty()
    });
    for (index, kr) in objective.key_results.iter_mut().enumerate() {
        if kr.id.is_none() && kr.heading.id_text.is_none() {
            if let Some(number) = objective.number {
                kr.id = Some(KrId {
                    objective: number,
                    kr: index as u32 + 1,
                });
                kr.written.positional = true;
            }
        }
        if kr.written.priority.is_none() {
            kr.written.priority = kr
                .card
                .iter()
                .find(|l| l.field == Some("priority"))
                .map(|l| l.value.clone());
        }
        kr.shape = read_statement(&kr.heading.statement.value);
        let front = front.fields_for(kr);
        kr.fields = kr_fields(|| kr.label(), &kr.card, front, conflicts);
        derive_from_statement(kr, cycle);
    }
}

/// Moves fields written at the end of an item's line into its card, and a priority tag
/// into `written`, leaving the bare statement.
fn split_line(
    text: &str,
    heading: &mut Heading,
    card: &mut Vec<CardLine>,
    written: &mut super::Written,
) {
    let statement = &heading.statement;
    if !might_have_inline_parts(&statement.value) {
        return;
    }
    let start = statement.span.start;
    let Some(source) = text.get(statement.span.start..statement.span.end) else {
        return;
    };
    let parts = split_inline(source);
    let locate = |part: &str| {
        let at = start + (part.as_ptr() as usize - source.as_ptr() as usize);
        Located {
            value: CompactString::from(part),
            span: Span::new(at, at + part.len()),
        }
    };
    if parts.statement.len() == source.len() {
        return;
    }
    let inline: Vec<CardLine> = parts
        .fields
        .iter()
        .map(|(label, value, field)| CardLine {
            span: locate(if *label == "@" { value } else { label }).span,
            name: (*label != "@").then(|| locate(label)),
            field: Some(field),
            value: locate(value),
            children: Vec::new(),
            origin: Origin::Inline,
        })
        .collect();
    card.splice(0..0, inline);
    written.priority = parts.priority.map(locate).or(written.priority.take());
    heading.statement = locate(parts.statement);
}

/// A cheap test that skips [`split_inline`] for plain statements.
fn might_have_inline_parts(statement: &str) -> bool {
    let short_word = |w: Option<&str>| w.is_some_and(|w| w.len() == 2 && w.starts_with(['P', 'p']));
    memchr::memchr3(b':', b'@', b'[', statement.as_bytes()).is_some()
        || statement.contains('`')
        || statement.ends_with(')')
        || short_word(statement.split(' ').next())
        || short_word(statement.rsplit(' ').next())
}

/// Gives a KR the baseline, target and due date its statement says, where the card and
/// front-matter say nothing.
fn derive_from_statement(kr: &mut KeyResult, cycle: Option<Period>) {
    let statement = &kr.heading.statement;
    let located = |range: (usize, usize)| Located {
        value: CompactString::from(&statement.value[range.0..range.1]),
        span: Span::new(
            statement.span.start + range.0,
            statement.span.start + range.1,
        ),
    };
    if let Some(from_to) = &kr.shape.from_to {
        if kr.fields.baseline.is_none() {
            kr.fields.baseline = Some(derived(located(from_to.from_range), from_to.from.clone()));
        }
        if kr.fields.target.is_none() {
            kr.fields.target = Some(derived(located(from_to.to_range), from_to.to.clone()));
        }
    }
    if kr.fields.due.is_none() {
        if let Some((date, range)) = statement_due(&kr.shape, &statement.value, cycle) {
            kr.fields.due = Some(derived(located(range), date));
        }
    }
}

fn derived<T>(raw: Located<CompactString>, value: T) -> Value<T> {
    Value {
        raw,
        parsed: Ok(value),
        origin: Origin::Statement,
    }
}

/// The date a statement's `by …` names, resolved inside the cycle.
fn statement_due(
    shape: &Statement,
    statement: &str,
    cycle: Option<Period>,
) -> Option<(NaiveDate, (usize, usize))> {
    let by = shape.by_date.as_ref()?;
    let phrase = &statement[by.range.0..by.range.1];
    if let Some(date) = phrase.get(..10).and_then(super::cycle::parse_date) {
        return Some((date, (by.range.0, by.range.0 + 10)));
    }
    let cycle = cycle?;
    let date = match by.month_day {
        Some((month, day)) => day_in_cycle(cycle, month, day)?,
        None => period_end(phrase, cycle)?,
    };
    Some((date, by.range))
}

/// The date with this month and day that falls in the cycle, else the one in its first year.
fn day_in_cycle(cycle: Period, month: u32, day: u32) -> Option<NaiveDate> {
    (cycle.start.year()..=cycle.end.year())
        .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
        .find(|d| cycle.contains(*d))
        .or_else(|| NaiveDate::from_ymd_opt(cycle.start.year(), month, day))
}

/// `end of Q1`, `EOQ`, `end of quarter`, `end of year`, `Q2`: the last day it names.
fn period_end(phrase: &str, cycle: Period) -> Option<NaiveDate> {
    let lower = phrase.to_ascii_lowercase();
    let lower = lower.trim();
    if matches!(
        lower,
        "eoq" | "end of quarter" | "the end of the quarter" | "quarter end"
    ) || lower.starts_with("end of cycle")
        || lower.starts_with("the end of the cycle")
    {
        return Some(cycle.end);
    }
    if matches!(
        lower,
        "eoy" | "end of year" | "year end" | "year-end" | "the end of the year"
    ) {
        return NaiveDate::from_ymd_opt(cycle.end.year(), 12, 31);
    }
    let named = lower
        .strip_prefix("the end of ")
        .or_else(|| lower.strip_prefix("end of "))
        .unwrap_or(lower);
    let with_year = if named.split_whitespace().count() == 1 {
        format!("{named} {}", cycle.start.year())
    } else {
        named.to_string()
    };
    super::cycle::parse_cycle(&with_year).map(|period| period.end)
}

/// When every set names its cycle, the span from the first start to the last end.
fn sets_cycle(sets: &[super::OkrSet]) -> Option<Located<Period>> {
    let cycles: Option<Vec<&Located<Period>>> =
        sets.iter().skip(1).map(|s| s.cycle.as_ref()).collect();
    let cycles = cycles.filter(|c| !c.is_empty())?;
    let start = cycles.iter().map(|c| c.value.start).min()?;
    let end = cycles.iter().map(|c| c.value.end).max()?;
    Some(Located {
        value: Period { start, end },
        span: cycles[0].span,
    })
}

/// Takes the cycle from the title (or a heading or sentence the reader found) when the
/// front-matter gives none.
fn adopt_cycle(
    front: &mut FrontMatter,
    title: Option<&Located<CompactString>>,
    found: Option<Located<Period>>,
) {
    if front.cycle.is_some() || front.period.is_some() {
        return;
    }
    let from_title = title.and_then(|t| {
        let (period, range) = find_cycle(&t.value)?;
        Some(Located {
            value: period,
            span: Span::new(t.span.start + range.start, t.span.start + range.end),
        })
    });
    let Some(cycle) = from_title.or(found) else {
        return;
    };
    let name = cycle_name(cycle.value);
    let named = super::cycle::parse_cycle(&name).is_some();
    let value = Some(Value {
        raw: Located {
            value: CompactString::from(if named { name.as_str() } else { "" }),
            span: cycle.span,
        },
        parsed: Ok(cycle.value),
        origin: Origin::Inline,
    });
    if named {
        front.cycle = value;
    } else {
        front.period = value;
    }
}

/// The canonical name of a period: `2026-Q1`, `2026-H2`, `2026`, or its dates.
pub fn cycle_name(period: Period) -> String {
    let (year, month) = (period.start.year(), period.start.month());
    let whole = |months: u32| {
        period.start.day() == 1
            && period
                .start
                .checked_add_months(chrono::Months::new(months))
                .and_then(|d| d.pred_opt())
                == Some(period.end)
    };
    if month == 1 && whole(12) {
        year.to_string()
    } else if (month - 1) % 3 == 0 && whole(3) {
        format!("{year}-Q{}", (month - 1) / 3 + 1)
    } else if (month - 1) % 6 == 0 && whole(6) {
        format!("{year}-H{}", (month - 1) / 6 + 1)
    } else {
        period.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::cycle::parse_cycle;

    #[test]
    fn period_ends_inside_the_cycle() {
        let q1 = parse_cycle("2026-Q1").unwrap();
        let end = |p| period_end(p, q1).map(|d| d.to_string());
        assert_eq!(end("EOQ").as_deref(), Some("2026-03-31"));
        assert_eq!(end("end of quarter").as_deref(), Some("2026-03-31"));
        assert_eq!(end("end of Q1").as_deref(), Some("2026-03-31"));
        assert_eq!(end("the end of Q2").as_deref(), Some("2026-06-30"));
        assert_eq!(end("end of year").as_deref(), Some("2026-12-31"));
        assert_eq!(end("soon"), None);
        let winter = Period {
            start: NaiveDate::from_ymd_opt(2025, 11, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
        };
        assert_eq!(
            day_in_cycle(winter, 1, 15).unwrap().to_string(),
            "2026-01-15"
        );
    }

    #[test]
    fn cycle_names_round_trip() {
        for name in ["2026-Q1", "2026-Q4", "2026-H2", "2026"] {
            assert_eq!(cycle_name(parse_cycle(name).unwrap()), name);
        }
    }
}
