//! Micro-OKRs: one objective, one or two KRs, at most four weeks, laddering into a parent KR.

use crate::doc::front::Level;
use crate::lint::{Context, Rule, Severity};

/// The longest a micro-OKR may run, in days.
pub const MICRO_MAX_DAYS: i64 = 28;

fn is_micro(ctx: &Context) -> bool {
    ctx.doc.front.level() == Level::Micro
}

/// OKR707.
pub static MICRO_TOO_LONG: Rule = Rule {
    code: "OKR707",
    name: "micro-too-long",
    severity: Severity::Error,
    summary: "A micro-OKR runs longer than four weeks",
    help: "shorten the period to 28 days or less, or make it a team document",
    explanation: r#"A micro-OKR is a short, sharp experiment: one objective, one or two KRs, four
weeks at most. Longer than that, it is a team OKR and should be written as one.

Bad:
```yaml
level: micro
period: {start: 2026-01-05, end: 2026-03-31}
```

Good:
```yaml
level: micro
period: {start: 2026-02-02, end: 2026-02-27}
```"#,
    check: |ctx, out| {
        let Some(period) = ctx.doc.front.period().filter(|_| is_micro(ctx)) else {
            return;
        };
        if period.days() > MICRO_MAX_DAYS {
            let span = ctx
                .doc
                .front
                .period
                .as_ref()
                .map(|p| p.span())
                .or(ctx.doc.front.cycle.as_ref().map(|c| c.span()))
                .unwrap_or_default();
            out.report(
                span,
                format!(
                    "this micro-OKR runs {} days; the limit is {MICRO_MAX_DAYS}",
                    period.days()
                ),
            );
        }
    },
};

/// OKR708.
pub static MICRO_WITHOUT_PARENT: Rule = Rule {
    code: "OKR708",
    name: "micro-without-parent",
    severity: Severity::Error,
    summary: "A micro-OKR names no parent KR",
    help: "add `parent: path/to/team.md#O1-KR2` to the front-matter",
    explanation: r#"A micro-OKR exists to move one team KR faster. Without a `parent`, nobody can tell
which result the experiment serves or read its outcome into the parent's check-ins.

Bad:
```yaml
level: micro
```

Good:
```yaml
level: micro
parent: ../growth.md#O1-KR2
```"#,
    check: |ctx, out| {
        if is_micro(ctx) && ctx.doc.front.parent.is_none() {
            let span = ctx
                .doc
                .front
                .level
                .as_ref()
                .map(|l| l.span())
                .unwrap_or_default();
            out.report(span, "this micro-OKR has no `parent`");
        }
    },
};
