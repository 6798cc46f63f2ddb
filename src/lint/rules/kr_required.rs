//! Evidence over opinion: every KR names its baseline, target, due date, owner and source.

use crate::doc::{KeyResult, KrFields, Scoring};
use crate::lint::rules::ids::id_span;
use crate::lint::{Context, Findings, Rule, Severity};

fn report_missing(
    ctx: &Context,
    out: &mut Findings,
    field: &str,
    present: fn(&KrFields) -> bool,
    binary_exempt: bool,
) {
    for kr in ctx.doc.key_results() {
        if present(&kr.fields) || (binary_exempt && is_binary(kr)) {
            continue;
        }
        out.report(
            id_span(&kr.heading),
            format!("{} has no `{field}:`", kr.label()),
        );
    }
}

fn is_binary(kr: &KeyResult) -> bool {
    matches!(
        kr.fields.scoring.as_ref().and_then(|s| s.ok()),
        Some(Scoring::Binary)
    )
}

/// OKR401.
pub static MISSING_BASELINE: Rule = Rule {
    code: "OKR401",
    name: "missing-baseline",
    severity: Severity::Error,
    summary: "A key result has no baseline",
    help: "say `from <baseline> to <target>` in the statement, or add `- Baseline: <value at the start of the cycle>`",
    explanation: r#"The baseline is where the metric stood when the cycle began. Without it,
progress cannot be measured, the score cannot be computed, and a target of "65%" says
nothing about ambition. Binary KRs are exempt.

Bad:
```markdown
### O1-KR2: Increase day-7 active account rate to 65% by Mar 31
- Target: 65%
```

Good:
```markdown
### O1-KR2: Increase day-7 active account rate from 46% to 65% by Mar 31
- Baseline: 46%
- Target: 65%
```"#,
    check: |ctx, out| report_missing(ctx, out, "Baseline", |f| f.baseline.is_some(), true),
};

/// OKR402.
pub static MISSING_TARGET: Rule = Rule {
    code: "OKR402",
    name: "missing-target",
    severity: Severity::Error,
    summary: "A key result has no target",
    help: "say `from <baseline> to <target>` in the statement, or add `- Target: <value to reach by the due date>`",
    explanation: r#"The target is the value that means the KR is fully achieved (a score of 1.0).
Without it there is nothing to score against. Binary KRs are exempt.

Bad:
```markdown
- Baseline: 46%
```

Good:
```markdown
- Baseline: 46%
- Target: 65%
```"#,
    check: |ctx, out| report_missing(ctx, out, "Target", |f| f.target.is_some(), true),
};

/// OKR403.
pub static MISSING_DUE: Rule = Rule {
    code: "OKR403",
    name: "missing-due",
    severity: Severity::Error,
    summary: "A key result has no due date",
    help: "end the statement with `by <date>` (`by Mar 31`, `by end of Q1`), or add `- Due: YYYY-MM-DD`",
    explanation: r#"A key result is time-boxed. The due date sets when it is graded and how pace and
forecast are computed.

Bad:
```markdown
- Target: 65%
```

Good:
```markdown
- Target: 65%
- Due: 2026-03-31
```"#,
    check: |ctx, out| report_missing(ctx, out, "Due", |f| f.due.is_some(), false),
};

/// OKR404.
pub static MISSING_KR_OWNER: Rule = Rule {
    code: "OKR404",
    name: "missing-kr-owner",
    severity: Severity::Error,
    summary: "A key result has no owner",
    help: "add `- Owner: <one person or role>`",
    explanation: r#"Each KR has one accountable owner who reports its movement every week and asks
for help early. A KR that everyone owns, nobody updates.

Bad:
```markdown
### O1-KR1: Reduce median onboarding time from 9 days to 4 days by Mar 31
- Baseline: 9 days
```

Good:
```markdown
### O1-KR1: Reduce median onboarding time from 9 days to 4 days by Mar 31
- Owner: Growth PM
- Baseline: 9 days
```"#,
    check: |ctx, out| report_missing(ctx, out, "Owner", |f| f.owner.is_some(), false),
};

/// OKR405.
pub static MISSING_SOURCE: Rule = Rule {
    code: "OKR405",
    name: "missing-source",
    severity: Severity::Error,
    summary: "A key result has no source of truth",
    help: "add `- Source: <dashboard, query or system where the metric lives>`, ideally a link",
    explanation: r#"The source of truth is where the metric is defined and refreshed. If nobody can
say where the number comes from, the KR is not ready: check-ins become opinions.

Bad:
```markdown
- Owner: Platform lead
```

Good:
```markdown
- Owner: Platform lead
- Source: [Latency dashboard](https://grafana.example.com/d/api)
```"#,
    check: |ctx, out| report_missing(ctx, out, "Source", |f| f.source.is_some(), false),
};
