//! Card lines: known field names, readable values, no repeats.

use crate::doc::card::{normalise_label, CardLine, KR_FIELDS, OBJECTIVE_FIELDS};
use crate::doc::{Form, KrFields, Value};
use crate::lint::Fix;
use crate::lint::{Findings, Rule, Severity};
use crate::text::did_you_mean;

/// OKR104.
pub static UNKNOWN_FIELD: Rule = Rule {
    code: "OKR104",
    name: "unknown-field",
    severity: Severity::Warning,
    summary: "A card line is not a field okr knows",
    help: "use one of: Owner, Baseline, Target, Due, Source, Refresh, Signal, Scoring, Weight, Contributes to",
    explanation: r#"The bullet list right under an objective or KR heading is its card: one
`Field: value` per line. Field names are case-insensitive. A misspelt field is ignored,
so `Baseine: 3 days` leaves the KR without a baseline; okr suggests the closest name.

Bad:
```markdown
### O1-KR1: Reduce median onboarding time from 9 days to 4 days by Mar 31
- Baseine: 9 days
```

Good:
```markdown
### O1-KR1: Reduce median onboarding time from 9 days to 4 days by Mar 31
- Baseline: 9 days
```"#,
    check: |ctx, out| {
        for o in &ctx.doc.objectives {
            check_names(out, &o.card, OBJECTIVE_FIELDS, o.written.form);
            for kr in &o.key_results {
                check_names(out, &kr.card, KR_FIELDS, kr.written.form);
            }
        }
    },
};

/// `field` with a capital first letter when `written` has one (`Baseline` for `Baseine`).
fn cased_like(field: &str, written: &str) -> String {
    let mut chars = field.chars();
    match (chars.next(), written.chars().next()) {
        (Some(first), Some(w)) if w.is_uppercase() => first.to_uppercase().chain(chars).collect(),
        _ => field.to_string(),
    }
}

/// Reports card lines that are not known fields. Under an item not written in the card
/// format, a bullet with no label, or with a label unlike any field, is a note and is
/// left alone; a near miss such as `Baseine:` is still reported.
fn check_names(out: &mut Findings, card: &[CardLine], known: &[&str], form: Form) {
    for line in card {
        if line.field.is_some_and(|f| known.contains(&f)) {
            continue;
        }
        let Some(name) = &line.name else {
            if form == Form::Canonical {
                out.report(line.value.span, "a card line should be `Field: value`");
            }
            continue;
        };
        let message = format!("unknown field `{}`", name.value);
        let label = normalise_label(&name.value);
        match did_you_mean(&label, known.iter().copied()) {
            Some(s) => {
                let fix = Fix::replace(
                    format!("Rename to `{}`", cased_like(s, &name.value)),
                    name.span,
                    cased_like(s, &name.value),
                );
                out.report_with_fix(name.span, message, format!("did you mean `{s}`?"), fix)
            }
            None if form == Form::Canonical => out.report(name.span, message),
            None => {}
        }
    }
}

/// OKR105.
pub static INVALID_FIELD_VALUE: Rule = Rule {
    code: "OKR105",
    name: "invalid-field-value",
    severity: Severity::Error,
    summary: "A card field's value cannot be read",
    help: "write quantities like `18%`, `3 days` or `$2M`, and dates as YYYY-MM-DD",
    explanation: r#"okr reads card values to score and check KRs: baselines and targets are numbers
with optional units, due dates are ISO dates that exist, refresh is a frequency such as
`weekly`, signal is `leading` or `lagging`, scoring is `linear`, `ladder` or `binary`,
and a weight is a number from 0 to 1.

Bad:
```markdown
- Baseline: about half
- Due: 2026-02-30
```

Good:
```markdown
- Baseline: 46%
- Due: 2026-02-28
```"#,
    check: |ctx, out| {
        for o in &ctx.doc.objectives {
            report_invalid(out, &o.fields.owner, "Owner");
            for kr in &o.key_results {
                report_kr_values(out, &kr.fields);
            }
        }
    },
};

fn report_kr_values(out: &mut Findings, f: &KrFields) {
    report_invalid(out, &f.owner, "Owner");
    report_invalid(out, &f.baseline, "Baseline");
    report_invalid(out, &f.target, "Target");
    report_invalid(out, &f.due, "Due");
    report_invalid(out, &f.source, "Source");
    report_invalid(out, &f.refresh, "Refresh");
    report_invalid(out, &f.signal, "Signal");
    report_invalid(out, &f.scoring, "Scoring");
    report_invalid(out, &f.weight, "Weight");
}

fn report_invalid<T>(out: &mut Findings, value: &Option<Value<T>>, field: &str) {
    if let Some(Value {
        raw,
        parsed: Err(e),
        ..
    }) = value
    {
        out.report(raw.span, format!("{field}: {e}"));
    }
}

/// OKR106.
pub static DUPLICATE_FIELD: Rule = Rule {
    code: "OKR106",
    name: "duplicate-field",
    severity: Severity::Error,
    summary: "A card gives the same field twice",
    help: "keep one line per field; okr reads only the first",
    explanation: r#"When a card lists a field twice, okr uses the first value and readers may
trust the second. Keep one line per field.

Bad:
```markdown
- Target: 65%
- Target: 70%
```

Good:
```markdown
- Target: 70%
```"#,
    check: |ctx, out| {
        let cards =
            ctx.doc.objectives.iter().flat_map(|o| {
                std::iter::once(&o.card).chain(o.key_results.iter().map(|kr| &kr.card))
            });
        for card in cards {
            let mut seen = Vec::new();
            for line in card {
                let (Some(name), Some(field)) = (&line.name, line.field) else {
                    continue;
                };
                if seen.contains(&field) {
                    out.report(
                        name.span,
                        format!("`{}` is given more than once on this card", name.value),
                    );
                } else {
                    seen.push(field);
                }
            }
        }
    },
};
