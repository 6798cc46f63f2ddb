//! KRs and the metric dictionary: the metric exists once, measures what the KR
//! measures, refreshes often enough to steer by, and check-ins stay in its valid range.

use super::checkins::{kr_of, rows};
use crate::doc::{Column, KeyResult, Refresh};
use crate::lint::{Context, Findings, Rule, Severity};
use crate::metrics::pull::unit_problem;
use crate::metrics::{metric_name, Metric};
use crate::text::did_you_mean;

/// Each KR that names a metric, with the `Metric:` value's span and what it names.
fn named<'a>(
    ctx: &'a Context,
) -> impl Iterator<Item = (&'a KeyResult, crate::source::Span, &'a str)> {
    ctx.doc.key_results().filter_map(|kr| {
        let field = kr.fields.metric.as_ref()?;
        metric_name(kr).map(|name| (kr, field.span(), name))
    })
}

/// Each KR whose metric is in the dictionary, with the metric.
fn resolved<'a>(
    ctx: &'a Context,
) -> impl Iterator<Item = (&'a KeyResult, crate::source::Span, &'a Metric)> {
    named(ctx).filter_map(|(kr, span, name)| {
        ctx.config
            .dictionary
            .get(name)
            .map(|metric| (kr, span, metric))
    })
}

/// OKR440.
pub static UNKNOWN_METRIC: Rule = Rule {
    code: "OKR440",
    name: "unknown-metric",
    severity: Severity::Error,
    summary: "A key result names a metric the dictionary does not define",
    help: "define the metric in metrics.yaml, or fix the name",
    explanation: r#"`Metric:` ties a KR to an entry in the metric dictionary (`metrics.yaml`, or
`metrics:` in okr.yaml). The entry says what the number means, who owns it, its valid
range and how `okr pull` reads it. A name with no entry means none of that is known, and
the KR cannot be pulled.

Bad:
```markdown
- Metric: checkout_convresion
```

Good:
```markdown
- Metric: checkout_conversion
```"#,
    check: |ctx, out| {
        let dictionary = &ctx.config.dictionary;
        for (kr, span, name) in named(ctx) {
            if dictionary.get(name).is_some() {
                continue;
            }
            let names = dictionary.metrics().map(|m| m.name.as_str());
            let help = match did_you_mean(name, names) {
                Some(near) => format!("did you mean `{near}`?"),
                None if dictionary.is_empty() => {
                    "no metrics.yaml governs this document; create one next to okr.yaml".into()
                }
                None => "`okr metrics` lists the dictionary".into(),
            };
            out.report_with_help(
                span,
                format!(
                    "{} names the metric `{name}`, which is not in the dictionary",
                    kr.label()
                ),
                help,
            );
        }
    },
};

/// OKR441.
pub static METRIC_UNIT_MISMATCH: Rule = Rule {
    code: "OKR441",
    name: "metric-unit-mismatch",
    severity: Severity::Error,
    summary: "A key result's metric is measured in a unit its target cannot compare with",
    help: "fix the metric's `unit`, or point the KR at the metric that measures its target",
    explanation: r#"A pulled value is written as the KR's actual and graded against its baseline
and target. When the dictionary says the metric is in milliseconds and the KR's target
is a percentage, every pulled value is either refused or graded as nonsense.

Bad (the metric's unit is `ms`):
```markdown
- Target: 99.5%
- Metric: api_p95
```

Good:
```markdown
- Target: 300 ms
- Metric: api_p95
```"#,
    check: |ctx, out| {
        for (kr, span, metric) in resolved(ctx) {
            if let Some(problem) = unit_problem(metric, kr) {
                out.report(span, problem);
            }
        }
    },
};

/// OKR442.
pub static METRIC_REFRESH_TOO_SLOW: Rule = Rule {
    code: "OKR442",
    name: "metric-refresh-too-slow",
    severity: Severity::Warning,
    summary: "A key result's metric refreshes less often than weekly",
    help: "find a source that refreshes at least weekly, or a faster leading metric",
    explanation: r#"Check-ins are weekly. A metric whose source refreshes monthly shows the same
number for weeks, so the KR cannot be steered by it. This is OKR415 for the refresh the
metric dictionary records, which is the data steward's word on it.

Bad (in metrics.yaml):
```yaml
nps:
  refresh: quarterly
```

Good:
```yaml
nps:
  refresh: weekly
```"#,
    check: |ctx, out| {
        for (kr, span, metric) in resolved(ctx) {
            if metric.refresh.is_some_and(|r| r > Refresh::Weekly) {
                out.report(
                    span,
                    format!(
                        "{}'s metric `{}` refreshes `{}` ({}), slower than weekly",
                        kr.label(),
                        metric.name,
                        metric.spec.refresh.as_deref().unwrap_or(""),
                        metric.place
                    ),
                );
            }
        }
    },
};

/// OKR443.
pub static CHECKIN_OUTSIDE_VALID_RANGE: Rule = Rule {
    code: "OKR443",
    name: "checkin-outside-valid-range",
    severity: Severity::Warning,
    summary: "A check-in's actual is outside its metric's valid range",
    help: "check the number at its source; a real change of range belongs in metrics.yaml",
    explanation: r#"The dictionary's `valid` range is what the metric can plausibly be: a
conversion rate between 0% and 100%, a latency above 0 ms. A check-in outside it is
almost always a typo, a unit slip or a broken pipeline, and it would be graded as if it
were real.

Bad (valid is 0 to 100):
```markdown
| 2026-11-30 | O1-KR1 | 340% | 7 | ... |
```

Good:
```markdown
| 2026-11-30 | O1-KR1 | 3.4% | 7 | ... |
```"#,
    check: |ctx, out| {
        let dictionary = &ctx.config.dictionary;
        if dictionary.is_empty() {
            return;
        }
        for row in rows(ctx) {
            let Some(kr) = kr_of(ctx, row) else { continue };
            let Some(metric) = metric_name(kr).and_then(|name| dictionary.get(name)) else {
                continue;
            };
            report_out_of_range(ctx, out, row, kr, metric);
        }
    },
};

fn report_out_of_range(
    ctx: &Context,
    out: &mut Findings,
    row: &crate::doc::CheckinRow,
    kr: &KeyResult,
    metric: &Metric,
) {
    let Some(cell) = ctx.doc.cell(row, Column::Actual) else {
        return;
    };
    let Ok(actual) = kr.read_actual(&cell.value) else {
        return;
    };
    if !actual.dimension.compatible(&metric.dimension()) {
        return;
    }
    if let Some(problem) = metric.out_of_range(metric.in_unit(&actual)) {
        out.report(cell.span, format!("{}: {problem}", kr.label()));
    }
}

/// OKR444.
pub static DUPLICATE_METRIC: Rule = Rule {
    code: "OKR444",
    name: "duplicate-metric",
    severity: Severity::Error,
    summary: "A key result's metric is defined twice",
    help: "keep one definition, in metrics.yaml, and delete the other",
    explanation: r#"One metric, one definition. When `metrics.yaml` and the `metrics:` section of
okr.yaml both define a name, the two drift apart: a new query lands in one, a changed
valid range in the other. okr uses the `metrics.yaml` entry and reports the KRs that
rely on it. A name repeated inside one file is refused when the file is read.

Bad (in okr.yaml, with the same name in metrics.yaml):
```yaml
metrics:
  checkout_conversion:
    unit: "%"
```

Good: the `metrics:` section removed from okr.yaml."#,
    check: |ctx, out| {
        for (kr, span, name) in named(ctx) {
            if let Some(duplicate) = ctx.config.dictionary.duplicate(name) {
                out.report(
                    span,
                    format!(
                        "{}'s metric `{}` is defined twice: {} (used) and {}",
                        kr.label(),
                        duplicate.name,
                        duplicate.kept,
                        duplicate.other
                    ),
                );
            }
        }
    },
};
