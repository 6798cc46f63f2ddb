//! The key results of one objective as a set: binary minority, signal balance, weights.

use crate::doc::{Objective, Scoring, Signal};
use crate::lint::rules::ids::id_span;
use crate::lint::{Rule, Severity};

/// OKR417.
pub static BINARY_MAJORITY: Rule = Rule {
    code: "OKR417",
    name: "binary-majority",
    severity: Severity::Warning,
    summary: "Binary KRs are not a minority within their objective",
    help: "turn some done/not-done KRs into measured ones; keep binary KRs rare",
    explanation: r#"A done/not-done KR gives no sense of progress until the day it flips, and often
hides a task. Numbers and percentages are better. Keep binary KRs a clear minority: fewer
than half of an objective's KRs.

Bad: an objective with two KRs, one of them `Scoring: binary`.

Good: the same objective with a third, measured KR, or the binary KR rewritten as a
metric that moves."#,
    check: |ctx, out| {
        for o in &ctx.doc.objectives {
            let binary = o
                .key_results
                .iter()
                .filter(|kr| method(kr) == Some("binary"))
                .count();
            if binary > 0 && binary * 2 >= o.key_results.len() {
                out.report(
                    id_span(&o.heading),
                    format!("{binary} of {} key results are binary", o.key_results.len()),
                );
            }
        }
    },
};

fn method(kr: &crate::doc::KeyResult) -> Option<&'static str> {
    kr.fields
        .scoring
        .as_ref()
        .and_then(|s| s.ok())
        .map(Scoring::name)
}

/// OKR418.
pub static UNBALANCED_SIGNALS: Rule = Rule {
    code: "OKR418",
    name: "unbalanced-signals",
    severity: Severity::Warning,
    summary: "An objective's KRs are all leading or all lagging",
    help: "pair a leading signal that moves weekly with a lagging result that proves impact",
    explanation: r#"Leading indicators (behaviour, flow) move early and tell you whether the bets
work; lagging indicators (revenue, retention) prove the outcome. A set with only one kind
is either blind until the end or never proves impact. The rule applies once any KR of
the objective gives `Signal:`.

Bad: two KRs, both `Signal: lagging`.

Good: one `Signal: leading` and one `Signal: lagging`."#,
    check: |ctx, out| {
        if ctx.doc.front.level() == crate::doc::front::Level::Micro {
            return; // a one- or two-KR experiment need not pair signals
        }
        for o in &ctx.doc.objectives {
            let signals: Vec<Signal> = o
                .key_results
                .iter()
                .filter_map(|kr| kr.fields.signal.as_ref().and_then(|s| s.ok()).copied())
                .collect();
            if signals.is_empty() {
                continue;
            }
            let has = |s: Signal| signals.contains(&s);
            if !(has(Signal::Leading) && has(Signal::Lagging)) {
                let missing = if has(Signal::Leading) {
                    "lagging"
                } else {
                    "leading"
                };
                out.report(
                    id_span(&o.heading),
                    format!("this objective has no {missing} key result"),
                );
            }
        }
    },
};

/// OKR419.
pub static WEIGHTS_SUM: Rule = Rule {
    code: "OKR419",
    name: "weights-sum",
    severity: Severity::Error,
    summary: "An objective's KR weights do not add up to 1",
    help: "adjust the weights so they sum to exactly 1 (for example 0.5, 0.3, 0.2)",
    explanation: r#"When KRs carry different strategic weight, agree the weights up front and the
objective score becomes their weighted mean. Weights that do not sum to 1 make that
mean meaningless.

Bad:
```markdown
- Weight: 0.5
- Weight: 0.3
```

Good:
```markdown
- Weight: 0.6
- Weight: 0.4
```"#,
    check: |ctx, out| {
        for o in &ctx.doc.objectives {
            let weights = weights(o);
            if weights.len() == o.key_results.len() && !weights.is_empty() {
                let sum: f64 = weights.iter().sum();
                if (sum - 1.0).abs() > 0.001 {
                    out.report(
                        id_span(&o.heading),
                        format!("the key result weights sum to {}, not 1", round3(sum)),
                    );
                }
            }
        }
    },
};

fn weights(o: &Objective) -> Vec<f64> {
    o.key_results
        .iter()
        .filter_map(|kr| kr.fields.weight.as_ref().and_then(|w| w.ok()).copied())
        .collect()
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// OKR420.
pub static WEIGHTS_PARTIAL: Rule = Rule {
    code: "OKR420",
    name: "weights-partial",
    severity: Severity::Error,
    summary: "Some KRs of an objective have weights and others do not",
    help: "give every KR of the objective a weight, or remove them all",
    explanation: r#"Weights are all or none within an objective: the weighted mean needs a weight
for every KR, and a missing one cannot be guessed.

Bad: three KRs, two with `Weight:`.

Good: all three with weights that sum to 1, or none."#,
    check: |ctx, out| {
        for o in &ctx.doc.objectives {
            let given = o
                .key_results
                .iter()
                .filter(|kr| kr.fields.weight.is_some())
                .count();
            if given > 0 && given < o.key_results.len() {
                for kr in o.key_results.iter().filter(|kr| kr.fields.weight.is_none()) {
                    out.report(
                        id_span(&kr.heading),
                        format!("{} has no `Weight:` but its siblings do", kr.label()),
                    );
                }
            }
        }
    },
};
