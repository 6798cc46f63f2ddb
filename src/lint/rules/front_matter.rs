//! Front-matter: present, valid YAML, with a cycle and an owner, and no stray keys.

use crate::doc::front::KNOWN_KEYS;
use crate::lint::{Context, Rule, Severity};
use crate::source::Span;
use crate::text::did_you_mean;

/// OKR001.
pub static INVALID_FRONT_MATTER: Rule = Rule {
    code: "OKR001",
    name: "invalid-front-matter",
    severity: Severity::Error,
    summary: "The YAML front-matter cannot be read",
    help: "fix the YAML between the `---` fences; quote values that contain `:` or `#`",
    explanation: r#"The block between the opening and closing `---` lines must be valid YAML
mapping keys to values. When it cannot be read, okr knows neither the cycle nor the
owner, so every date check is guessing. The finding points at the exact line and column
where the YAML parser gave up, mapped into the Markdown file.

Bad:
```markdown
---
cycle: 2026-Q1
cycle: 2026-Q2
---
```

Good:
```markdown
---
cycle: 2026-Q2
team: Growth
owner: Dana Lee
---
```"#,
    check: |ctx, out| {
        if let Some(err) = &ctx.doc.front.error {
            out.report(err.span, format!("front-matter: {}", err.value));
        }
    },
};

/// OKR002.
pub static MISSING_CYCLE: Rule = Rule {
    code: "OKR002",
    name: "missing-cycle",
    severity: Severity::Error,
    summary: "The document does not say which cycle it covers",
    help: "add `cycle: 2026-Q1` (or 2026-H1, 2026, or a `period` with start and end) to the front-matter",
    explanation: r#"Every OKR set belongs to one time box. Without it, due dates, check-in dates
and staleness cannot be checked, and scores cannot be computed at the right moment.

Bad:
```markdown
---
team: Growth
owner: Dana Lee
---
```

Good:
```markdown
---
cycle: 2026-Q1
team: Growth
owner: Dana Lee
---
```"#,
    check: |ctx, out| {
        let front = &ctx.doc.front;
        if front.error.is_none() && front.cycle.is_none() && front.period.is_none() {
            out.report(front_anchor(ctx), "the front-matter has no `cycle`");
        }
    },
};

/// OKR003.
pub static MISSING_DOC_OWNER: Rule = Rule {
    code: "OKR003",
    name: "missing-document-owner",
    severity: Severity::Error,
    summary: "The document has no accountable owner",
    help: "add `owner: <one person>` to the front-matter",
    explanation: r#"Someone must be accountable for the whole set: the person who publishes it,
runs the weekly check-in and answers for the scores. Name one person.

Bad:
```markdown
---
cycle: 2026-Q1
team: Growth
---
```

Good:
```markdown
---
cycle: 2026-Q1
team: Growth
owner: Dana Lee
---
```"#,
    check: |ctx, out| {
        let front = &ctx.doc.front;
        if front.error.is_none()
            && front
                .owner
                .as_ref()
                .is_none_or(|o| o.value.trim().is_empty())
        {
            out.report(front_anchor(ctx), "the front-matter has no `owner`");
        }
    },
};

/// OKR004.
pub static UNKNOWN_FRONT_MATTER_KEY: Rule = Rule {
    code: "OKR004",
    name: "unknown-front-matter-key",
    severity: Severity::Warning,
    summary: "A front-matter key okr does not know",
    help: "remove the key or fix its spelling",
    explanation: r#"okr reads `cycle`, `period`, `team`, `owner`, `level`, `parent`, `title` and
`key_results`. Any other key is ignored, which usually means a typo: `owenr` silently
leaves the document without an owner.

Bad:
```markdown
---
cycle: 2026-Q1
owenr: Dana Lee
---
```

Good:
```markdown
---
cycle: 2026-Q1
owner: Dana Lee
---
```"#,
    check: |ctx, out| {
        for key in &ctx.doc.front.keys {
            if KNOWN_KEYS.contains(&key.value.as_str()) {
                continue;
            }
            let message = format!("unknown front-matter key `{}`", key.value);
            match did_you_mean(&key.value, KNOWN_KEYS.iter().copied()) {
                Some(s) => out.report_with_help(key.span, message, format!("did you mean `{s}`?")),
                None => out.report(key.span, message),
            }
        }
    },
};

/// OKR005.
pub static INVALID_FRONT_MATTER_VALUE: Rule = Rule {
    code: "OKR005",
    name: "invalid-front-matter-value",
    severity: Severity::Error,
    summary: "A front-matter value has the wrong form",
    help: "write `cycle` as 2026-Q1, 2026-H1 or 2026; `level` as company, team or micro",
    explanation: r#"Front-matter values are read strictly so that mistakes surface early: a cycle
must name a quarter, half or year; an explicit period needs real start and end dates in
order; the level is company, team or micro; text fields hold one value, not a list.

Bad:
```markdown
---
cycle: Q1 next year
level: department
---
```

Good:
```markdown
---
cycle: 2027-Q1
level: team
---
```"#,
    check: |ctx, out| {
        let front = &ctx.doc.front;
        for problem in &front.problems {
            out.report(problem.span, problem.value.clone());
        }
        let errors = [
            front
                .cycle
                .as_ref()
                .and_then(|v| v.parsed.as_ref().err().map(|e| (v.span(), e))),
            front
                .period
                .as_ref()
                .and_then(|v| v.parsed.as_ref().err().map(|e| (v.span(), e))),
            front
                .level
                .as_ref()
                .and_then(|v| v.parsed.as_ref().err().map(|e| (v.span(), e))),
        ];
        for (span, message) in errors.into_iter().flatten() {
            out.report(span, message.clone());
        }
    },
};

/// OKR006.
pub static CONFLICTING_FIELD: Rule = Rule {
    code: "OKR006",
    name: "conflicting-field",
    severity: Severity::Error,
    summary: "A KR field differs between its card and the front-matter",
    help: "keep the field in one place, or make both values the same",
    explanation: r#"Generated documents may give KR fields in front-matter under `key_results`.
When the card in the body gives the same field a different value, readers on GitHub see
one number while okr scores another. okr uses the card's value and reports the conflict.

Bad:
```markdown
---
key_results:
  O1-KR1: {baseline: 3 days}
---
### O1-KR1: Reduce onboarding time from 4 days to 1 day by Mar 31
- Baseline: 4 days
```

Good: give the baseline once, either on the card or in front-matter."#,
    check: |ctx, out| {
        for c in &ctx.doc.conflicts {
            out.report(
                c.card.span,
                format!(
                    "{} {} is `{}` here but `{}` in the front-matter",
                    c.kr, c.field, c.card.value, c.front.value
                ),
            );
        }
    },
};

/// Where document-level findings point: the front-matter block, or the first line.
pub fn front_anchor(ctx: &Context) -> Span {
    let doc = ctx.doc;
    match doc.front.block {
        Some(block) => Span::new(block.start, block.start + 3),
        None => doc.source.line_span(1),
    }
}
