//! KR statements: outcomes with numbers, in the form "verb metric from X to Y by date".

use crate::doc::KeyResult;
use crate::lint::activity::Activity;
use crate::lint::{Rule, Severity};
use crate::source::Span;

fn statement_span(kr: &KeyResult, range: (usize, usize)) -> Span {
    kr.heading.statement.span.sub(range.0, range.1)
}

/// OKR409.
pub static STATEMENT_FORM: Rule = Rule {
    code: "OKR409",
    name: "statement-form",
    severity: Severity::Warning,
    summary: "A KR statement does not say `from X to Y`",
    help: "rewrite as `<verb> <metric> from <baseline> to <target> by <date>`",
    explanation: r#"A KR reads best as one line that carries its own evidence: a verb, the metric,
where it starts, where it should end, and when. Readers then need not open the card to
know what success means. A `by <date>` part may be left out when the card has `Due:`.

Bad:
```markdown
### O1-KR2: Day-7 active account rate should reach 65%
```

Good:
```markdown
### O1-KR2: Increase day-7 active account rate from 46% to 65% by Mar 31
```

Languages: this rule reads English wording only. A statement in another language (okr
tells by its script and its small words, such as `del`, `le` or `und`) gets no verdict
from it."#,
    check: |ctx, out| {
        for kr in ctx.doc.key_results() {
            let s = &kr.shape;
            let other_rule_applies =
                !s.has_number || ctx.activity(kr).is_some() || s.relative.is_some();
            // `from … to … by` is read in English only.
            if other_rule_applies || !crate::text::is_english(&kr.heading.statement.value) {
                continue;
            }
            if s.from_to.is_none() {
                out.report(
                    kr.heading.statement.span,
                    format!(
                        "{} does not say where the metric moves `from` and `to`",
                        kr.label()
                    ),
                );
            } else if s.by_date.is_none() && kr.fields.due.is_none() {
                out.report(
                    kr.heading.statement.span,
                    format!("{} does not say `by` when", kr.label()),
                );
            }
        }
    },
};

/// OKR410.
pub static ACTIVITY_AS_KR: Rule = Rule {
    code: "OKR410",
    name: "activity-as-key-result",
    severity: Severity::Error,
    summary: "A key result is a task or output, not a result",
    help: "ask what this work should change, and measure that change instead; list the work under `## Initiatives`",
    explanation: r#"If a KR can be done without any customer or business behaviour changing, it is a
task. "Hold 6 workshops", "Ship SOP v3" and "Complete the design document" are work you
believe will help; they belong under `## Initiatives` as bets. The KR measures what the
work should move.

The rule reads the statement alone, so a card with `Baseline: 0 workshops` does not turn
a task into a result. It reports a statement that counts the team's own output (workshops
held, posts published, epics created, features shipped, documents completed, even as
`from 4 to 12`), and one that starts with a verb for doing work (`activity_verbs` in
okr.yaml) without naming a percentage, amount, duration or `from X to Y` it should move.
A clause that moves a customer or business measure makes it an outcome, whatever the verb:
"Launch the self-serve plan so that weekly active teams rise from 120 to 200".

Bad:
```markdown
### O1-KR1: Hold 6 cross-team workshops
```

Good:
```markdown
### O1-KR1: Reduce monthly incident rate for tier-one services from 9 to 3 by Mar 31

## Initiatives
- Cross-team reliability workshops: O1-KR1
```

Languages: this rule reads English wording only. A statement in another language (okr
tells by its script and its small words, such as `del`, `le` or `und`) gets no verdict
from it."#,
    check: |ctx, out| {
        for kr in ctx.doc.key_results() {
            let Some(activity) = ctx.activity(kr) else {
                continue;
            };
            let message = match activity {
                Activity::Verb { verb, .. } => format!(
                    "{} describes an activity (`{verb}`), not a measurable result",
                    kr.label()
                ),
                Activity::Output { words, .. } => format!(
                    "{} counts the team's own output (`{words}`), not a change it causes",
                    kr.label()
                ),
            };
            out.report(statement_span(kr, activity.range()), message);
        }
    },
};

/// OKR411.
pub static VAGUE_KR: Rule = Rule {
    code: "OKR411",
    name: "vague-key-result",
    severity: Severity::Error,
    summary: "A key result has no number at all",
    help: "name the metric and the values it should move between",
    explanation: r#""Improve NPS" cannot be graded: nobody can say at the end of the cycle whether
it happened. A KR must be verifiable, which means a number that moves.

Bad:
```markdown
### O2-KR3: Improve NPS
```

Good:
```markdown
### O2-KR3: Increase quarter-to-date enterprise NPS from 24 to 40 by Mar 31
```

In a table of key results the row is the statement: a row that names the metric and
gives its target in a column is measurable."#,
    check: |ctx, out| {
        for kr in ctx.doc.key_results() {
            let s = &kr.shape;
            let binary = kr
                .fields
                .scoring
                .as_ref()
                .and_then(|v| v.ok())
                .is_some_and(|m| m.name() == "binary");
            // In a table the row is the statement: a target column measures the KR
            // (`| Rota rule breaks per week | 9 | 0 |`). A card's numbers do not make a
            // vague heading measurable.
            let row_target = kr.written.form == crate::doc::Form::Row
                && kr.fields.target.as_ref().is_some_and(|t| t.ok().is_some());
            if !s.has_number && ctx.activity(kr).is_none() && !binary && !row_target {
                out.report(
                    kr.heading.statement.span,
                    format!("{} has no number to measure", kr.label()),
                );
            }
        }
    },
};

/// OKR412.
pub static RELATIVE_ONLY: Rule = Rule {
    code: "OKR412",
    name: "relative-only-target",
    severity: Severity::Error,
    summary: "A key result gives only a relative change with no baseline",
    help: "state the starting value: `from 12,000 to 14,400` rather than `by 20%`",
    explanation: r#""Increase traffic by 20%" hides the starting point. Twenty percent of what, and
measured when? Without a baseline the target cannot be checked, and a lucky first week
can make the KR look done.

Bad:
```markdown
### O1-KR3: Increase organic traffic by 20%
```

Good:
```markdown
### O1-KR3: Increase weekly organic visits from 12,000 to 14,400 by Mar 31
- Baseline: 12,000
- Target: 14,400
```"#,
    check: |ctx, out| {
        for kr in ctx.doc.key_results() {
            let s = &kr.shape;
            if let (Some(range), None, None) = (s.relative, &s.from_to, &kr.fields.baseline) {
                out.report(
                    statement_span(kr, range),
                    format!("{} states only a relative change", kr.label()),
                );
            }
        }
    },
};
