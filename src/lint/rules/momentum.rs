//! Signals from the check-in history: silence, repeated red, and falling confidence.

use crate::doc::KeyResult;
use crate::lint::{Context, Rule, Severity};
use crate::score::{rag, Rag, Reading};

fn identified<'a>(ctx: &'a Context<'a>) -> impl Iterator<Item = &'a KeyResult> {
    ctx.doc.key_results().filter(|kr| kr.id.is_some())
}

/// OKR607.
pub static STALE_KEY_RESULT: Rule = Rule {
    code: "OKR607",
    name: "stale-key-result",
    severity: Severity::Warning,
    summary: "An active KR has no check-in within the staleness window",
    help: "record this week's value with `okr checkin <KR> <ACTUAL>`",
    explanation: r#"A weekly rhythm only works if every KR is looked at every week. While the cycle
runs, a KR whose last check-in is older than `staleness_days` (7 by default, set in
okr.yaml) is stale, and so is a KR with no check-in at all once the cycle is older than
that. Stale KRs show as `stale` in `okr status` whatever their last colour was: a KR
nobody has measured is never green.

Bad (checked on 2026-02-20):
```markdown
| 2026-02-02 | O1-KR2 | 55% | 7 | … | … | |
```

Good:
```markdown
| 2026-02-16 | O1-KR2 | 58% | 7 | … | … | |
| 2026-02-02 | O1-KR2 | 55% | 7 | … | … | |
```"#,
    check: |ctx, out| {
        let Some(period) = ctx.doc.front.period().filter(|p| p.contains(ctx.as_of)) else {
            return;
        };
        let window = i64::from(ctx.config.staleness_days);
        for kr in identified(ctx) {
            let span = kr
                .heading
                .id_text
                .as_ref()
                .map_or(kr.heading.span, |i| i.span);
            match ctx.history(kr).last() {
                Some(last) if (ctx.as_of - last.date).num_days() > window => out.report(
                    span,
                    format!(
                        "{} was last checked in on {}, {} days ago",
                        kr.label(),
                        last.date,
                        (ctx.as_of - last.date).num_days()
                    ),
                ),
                None if (ctx.as_of - period.start).num_days() > window => out.report(
                    span,
                    format!(
                        "{} has no check-in since the cycle began on {}",
                        kr.label(),
                        period.start
                    ),
                ),
                _ => {}
            }
        }
    },
};

/// OKR608.
pub static RED_TWICE: Rule = Rule {
    code: "OKR608",
    name: "red-twice",
    severity: Severity::Warning,
    summary: "A KR scored red on two check-ins in a row",
    help: "escalate: find the root cause and ask for help within 48 hours",
    explanation: r#"One red week can be noise. Two in a row is a pattern, and the escalation path is
to raise it: name the root cause, change the bet, and ask for the help the KR needs.
The rule reads the scores of the KR's last two check-ins on or before today.

Bad (baseline 12, target 4 escalations: 11 scores 0.13, red):
```markdown
| 2026-02-09 | O3-KR1 | 11 escalations | 3 | … | … | |
| 2026-01-26 | O3-KR1 | 11 escalations | 4 | … | … | |
```

Good: the second red check-in records the escalation and the help needed, and the
warning is suppressed with a reason, or the next check-in is no longer red."#,
    check: |ctx, out| {
        for kr in identified(ctx) {
            let [.., before, last] = ctx.history(kr) else {
                continue;
            };
            let red = |r: &Reading| {
                r.score()
                    .is_some_and(|s| rag(s, &ctx.config.rag) == Rag::Red)
            };
            if red(before) && red(last) {
                out.report(
                    last.row(ctx.doc),
                    format!(
                        "{} is red on two check-ins in a row ({} on {}, {} on {})",
                        kr.label(),
                        before.actual(ctx.doc),
                        before.date,
                        last.actual(ctx.doc),
                        last.date
                    ),
                );
            }
        }
    },
};

/// OKR609.
pub static CONFIDENCE_DROP: Rule = Rule {
    code: "OKR609",
    name: "confidence-drop",
    severity: Severity::Warning,
    summary: "Confidence fell sharply between two check-ins",
    help: "say what changed in the insight, and adjust the bet or ask for help",
    explanation: r#"Confidence is the owner's forecast. A sudden fall (by `confidence_drop` or more,
a third of the scale unless okr.yaml sets it) usually means something happened that
the score does not show yet. Surface it while there is time to act.

Bad (0-10 scale):
```markdown
| 2026-02-16 | O1-KR1 | 24% | 3 | … | … | |
| 2026-02-09 | O1-KR1 | 23% | 7 | … | … | |
```

Good: the insight explains the fall, and the next action changes the bet."#,
    check: |ctx, out| {
        let threshold = ctx
            .config
            .confidence_drop
            .unwrap_or(ctx.config.confidence.default_drop());
        for kr in identified(ctx) {
            let rated: Vec<(&Reading, f64)> = ctx
                .history(kr)
                .iter()
                .filter_map(|r| r.confidence().map(|c| (r, c)))
                .collect();
            for pair in rated.windows(2) {
                let (before, after) = (pair[0].1, pair[1].1);
                if before - after >= threshold - 1e-9 {
                    out.report(
                        pair[1].0.row(ctx.doc),
                        format!(
                            "{} confidence fell from {before} to {after} since {}",
                            kr.label(),
                            pair[0].0.date
                        ),
                    );
                }
            }
        }
    },
};
