//! KR values: they move, in the direction the verb says, in one unit, inside the cycle.

use crate::doc::quantity::Quantity;
use crate::doc::statement::Direction;
use crate::doc::{KeyResult, Refresh};
use crate::lint::{Rule, Severity};
use crate::source::Span;
use crate::text::find_any;

/// Baseline and target with their spans: card fields first, else the statement's `from X to Y`.
fn baseline_target(kr: &KeyResult) -> Option<(Quantity, Span, Quantity, Span)> {
    let f = &kr.fields;
    if let (Some(b), Some(t)) = (&f.baseline, &f.target) {
        return Some((b.ok()?.clone(), b.span(), t.ok()?.clone(), t.span()));
    }
    let ft = kr.shape.from_to.clone()?;
    let span = kr.heading.statement.span;
    Some((
        ft.from,
        span.sub(ft.from_range.0, ft.from_range.1),
        ft.to,
        span.sub(ft.to_range.0, ft.to_range.1),
    ))
}

/// OKR406.
pub static TARGET_EQUALS_BASELINE: Rule = Rule {
    code: "OKR406",
    name: "target-equals-baseline",
    severity: Severity::Error,
    summary: "A key result's target is the same as its baseline",
    help: "set a target that moves the metric; to hold a level, track it as a KPI or health metric",
    explanation: r#"A KR exists to change something. When target and baseline are equal, the KR is
met on day one and linear scoring divides by zero. Keeping a metric steady is health
monitoring, which belongs in KPIs.

Bad:
```markdown
- Baseline: 99.9%
- Target: 99.9%
```

Good:
```markdown
- Baseline: 99.5%
- Target: 99.9%
```"#,
    check: |ctx, out| {
        for kr in ctx.doc.key_results() {
            if let Some((b, _, t, t_span)) = baseline_target(kr) {
                if b.dimension.compatible(&t.dimension) && (b.value - t.value).abs() < 1e-12 {
                    out.report(
                        t_span,
                        format!("{} has the same target as its baseline", kr.label()),
                    );
                }
            }
        }
    },
};

/// OKR407.
pub static DIRECTION_CONTRADICTS_VERB: Rule = Rule {
    code: "OKR407",
    name: "direction-contradicts-verb",
    severity: Severity::Error,
    summary: "The verb says one direction and the numbers say the other",
    help: "fix the verb or swap the numbers so they agree",
    explanation: r#""Reduce churn from 5% to 7%" cannot be right: either the verb or the numbers are
wrong, and scoring follows the numbers. okr reads the direction from baseline to target
and compares it with verbs such as increase, grow, lift (up) and reduce, cut, shorten
(down). Neutral verbs such as "improve" are not checked.

Bad:
```markdown
### O1-KR1: Reduce monthly churn from 5% to 7% by Mar 31
```

Good:
```markdown
### O1-KR1: Reduce monthly churn from 7% to 5% by Mar 31
```"#,
    check: |ctx, out| {
        for kr in ctx.doc.key_results() {
            let s = &kr.shape;
            let (Some(direction), Some((b, _, t, t_span))) = (s.direction, baseline_target(kr))
            else {
                continue;
            };
            let goes_up = t.value > b.value;
            let contradicts = match direction {
                Direction::Up => t.value < b.value,
                Direction::Down => goes_up,
            };
            if contradicts {
                let way = if goes_up { "rises" } else { "falls" };
                out.report(t_span, format!("`{}` implies the other direction, but the metric {way} from baseline to target", s.verb));
            }
        }
    },
};

/// OKR408.
pub static STATEMENT_DISAGREES_WITH_CARD: Rule = Rule {
    code: "OKR408",
    name: "statement-disagrees-with-card",
    severity: Severity::Error,
    summary: "The numbers or date in a KR statement differ from its card",
    help: "make the heading and the card say the same thing",
    explanation: r#"When a heading says "from 46% to 65%" and the card says `Target: 70%`, readers
and the scorer disagree about what success means. okr compares the statement's `from`
and `to` values with `Baseline:` and `Target:` (converting units such as days and
weeks), and its `by <date>` with `Due:`.

Bad:
```markdown
### O1-KR2: Increase day-7 active account rate from 46% to 65% by Mar 31
- Baseline: 46%
- Target: 70%
```

Good:
```markdown
### O1-KR2: Increase day-7 active account rate from 46% to 70% by Mar 31
- Baseline: 46%
- Target: 70%
```"#,
    check: |ctx, out| {
        for kr in ctx.doc.key_results() {
            let s = &kr.shape;
            let span = kr.heading.statement.span;
            let f = &kr.fields;
            if let Some(ft) = &s.from_to {
                let pairs = [
                    (
                        "Baseline",
                        &ft.from,
                        ft.from_range,
                        f.baseline.as_ref().and_then(|v| v.ok()),
                    ),
                    (
                        "Target",
                        &ft.to,
                        ft.to_range,
                        f.target.as_ref().and_then(|v| v.ok()),
                    ),
                ];
                for (field, said, range, card) in pairs {
                    let Some(card) = card else { continue };
                    if said.dimension.compatible(&card.dimension)
                        && (said.value - card.value).abs() > 1e-9
                    {
                        let text = &kr.heading.statement.value[range.0..range.1];
                        out.report(span.sub(range.0, range.1), format!("the statement says `{text}` but the card's `{field}:` is different"));
                    }
                }
            }
            if let (Some(by), Some(due)) = (&s.by_date, f.due.as_ref().and_then(|v| v.ok())) {
                if !by.agrees_with(*due) {
                    let text = &kr.heading.statement.value[by.range.0..by.range.1];
                    out.report(
                        span.sub(by.range.0, by.range.1),
                        format!("the statement says `by {text}` but `Due:` is {due}"),
                    );
                }
            }
        }
    },
};

/// OKR413.
pub static UNIT_MISMATCH: Rule = Rule {
    code: "OKR413",
    name: "unit-mismatch",
    severity: Severity::Error,
    summary: "Baseline and target are in units that cannot be compared",
    help: "use one unit for baseline, target and check-ins (days and weeks convert; % and days do not)",
    explanation: r#"Scoring subtracts the baseline from the target, so both must measure the same
thing. Durations convert between each other (ms, seconds, minutes, hours, days, weeks);
percentages, money in one currency, and counts of one thing each stand alone.

Bad:
```markdown
- Baseline: 46%
- Target: 3 days
```

Good:
```markdown
- Baseline: 46%
- Target: 65%
```"#,
    check: |ctx, out| {
        for kr in ctx.doc.key_results() {
            let f = &kr.fields;
            let (Some(b), Some(t)) = (f.baseline.as_ref(), f.target.as_ref()) else { continue };
            let (Some(bq), Some(tq)) = (b.ok(), t.ok()) else { continue };
            if !bq.dimension.compatible(&tq.dimension) {
                out.report(t.span(), format!("the target is {} but the baseline is {}", tq.dimension, bq.dimension));
            }
        }
    },
};

/// OKR414.
pub static DUE_OUTSIDE_CYCLE: Rule = Rule {
    code: "OKR414",
    name: "due-outside-cycle",
    severity: Severity::Error,
    summary: "A key result is due outside the document's cycle",
    help: "move the due date inside the cycle, or move the KR to the cycle it belongs to",
    explanation: r#"A quarterly OKR set is graded at the end of its quarter. A KR due after the
cycle cannot be graded with it; one due before it began was already over at launch.

Bad (in a 2026-Q1 document):
```markdown
- Due: 2026-05-15
```

Good:
```markdown
- Due: 2026-03-31
```"#,
    check: |ctx, out| {
        let Some(period) = ctx.doc.front.period() else {
            return;
        };
        for kr in ctx.doc.key_results() {
            let Some(due) = &kr.fields.due else { continue };
            if let Some(date) = due.ok().filter(|d| !period.contains(**d)) {
                out.report(
                    due.span(),
                    format!("{} is due {date}, outside the cycle ({period})", kr.label()),
                );
            }
        }
    },
};

/// OKR415.
pub static REFRESH_TOO_SLOW: Rule = Rule {
    code: "OKR415",
    name: "refresh-too-slow",
    severity: Severity::Warning,
    summary: "A key result's data refreshes less often than weekly",
    help: "find a source that refreshes at least weekly, or a leading proxy that does",
    explanation: r#"KRs are steered in weekly check-ins. A metric that refreshes monthly gives two or
three data points a quarter, too few to react to. Such a metric is better tracked as a
KPI, or paired with a faster leading indicator.

Bad:
```markdown
- Refresh: monthly
```

Good:
```markdown
- Refresh: weekly
```"#,
    check: |ctx, out| {
        for kr in ctx.doc.key_results() {
            let Some(refresh) = &kr.fields.refresh else {
                continue;
            };
            if refresh.ok().is_some_and(|r| *r > Refresh::Weekly) {
                out.report(
                    refresh.span(),
                    format!(
                        "{} refreshes `{}`, slower than weekly",
                        kr.label(),
                        refresh.raw.value
                    ),
                );
            }
        }
    },
};

/// OKR416.
pub static MULTIPLE_OWNERS: Rule = Rule {
    code: "OKR416",
    name: "multiple-owners",
    severity: Severity::Error,
    summary: "An objective or key result names more than one owner",
    help: "name one accountable owner; list helpers as `Collaborators:`",
    explanation: r#"Contribution can be many to one; accountability is one to one. With two owners,
each assumes the other is on it. Put the others under `Collaborators:`.

Bad:
```markdown
- Owner: Dana Lee, Sam Roe
```

Good:
```markdown
- Owner: Dana Lee
- Collaborators: Sam Roe
```"#,
    check: |ctx, out| {
        let owners = ctx.doc.objectives.iter().flat_map(|o| {
            std::iter::once(&o.fields.owner).chain(o.key_results.iter().map(|kr| &kr.fields.owner))
        });
        for owner in owners.flatten() {
            if let Some(sep) = owner_separator(&owner.raw.value) {
                out.report(
                    owner.span(),
                    format!(
                        "`{}` names several owners (separated by `{}`)",
                        owner.raw.value,
                        sep.trim()
                    ),
                );
            }
        }
    },
};

fn owner_separator(owner: &str) -> Option<&'static str> {
    let without_links = owner.split("](").next().unwrap_or(owner);
    find_any(without_links, &[",", ";", " and ", " & ", " / ", " + "]).map(|(_, sep)| sep)
}
