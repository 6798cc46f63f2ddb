//! Threshold ladders: readable bands that cover the metric once, in order, scored 0–1.

use crate::doc::ladder::{Band, LadderIssue};
use crate::doc::{KeyResult, Located, Scoring};
use crate::lint::rules::ids::id_span;
use crate::lint::{Context, Findings, Rule, Severity};

fn ladders<'a>(
    ctx: &'a Context,
) -> impl Iterator<Item = (&'a KeyResult, &'a [Band], &'a [Located<String>])> {
    ctx.doc
        .key_results()
        .filter_map(|kr| match kr.fields.scoring.as_ref().and_then(|s| s.ok()) {
            Some(Scoring::Ladder { bands, errors }) => {
                Some((kr, bands.as_slice(), errors.as_slice()))
            }
            _ => None,
        })
}

/// Picks the issues one rule reports: the band to point at and the message.
type IssuePicker = fn(&LadderIssue, &[Band]) -> Option<(usize, String)>;

fn report_issues(ctx: &Context, out: &mut Findings, pick: IssuePicker) {
    for (kr, bands, _) in ladders(ctx) {
        for issue in ctx.ladder_issues(kr) {
            if let Some((band, message)) = pick(issue, bands) {
                out.report(bands[band].span, message);
            }
        }
    }
}

/// OKR430.
pub static LADDER_OVERLAP: Rule = Rule {
    code: "OKR430",
    name: "ladder-overlap",
    severity: Severity::Error,
    summary: "Two ladder bands cover the same values",
    help: "make each band start just past where the previous one ends",
    explanation: r#"Each value must earn exactly one score. When bands overlap, a value on the shared
edge has two possible scores and the grade depends on listing order.

Bad:
```markdown
- Scoring: ladder
  - ≤ 5 days: 1.0
  - 5 to 6 days: 0.7
```

Good:
```markdown
- Scoring: ladder
  - ≤ 4 days: 1.0
  - 5 to 6 days: 0.7
```"#,
    check: |ctx, out| {
        report_issues(ctx, out, |issue, _| match issue {
            LadderIssue::Overlap(_, b) => {
                Some((*b, "this band overlaps its neighbour".to_string()))
            }
            _ => None,
        })
    },
};

/// OKR431.
pub static LADDER_GAP: Rule = Rule {
    code: "OKR431",
    name: "ladder-gap",
    severity: Severity::Error,
    summary: "Ladder bands leave values that no band covers",
    help: "close the gap so the bands run continuously",
    explanation: r#"Bands are read at the resolution they are written in: `≤ 4 days` followed by
`5 to 6 days` is continuous in whole days. A value between two such bands (4.5 days)
scores the lower of the two, because it has not reached the better band. A real gap,
such as `≤ 4 days` then `7 to 8 days`, leaves 5 and 6 days undefined.

Bad:
```markdown
  - ≤ 4 days: 1.0
  - 7 to 8 days: 0.3
```

Good:
```markdown
  - ≤ 4 days: 1.0
  - 5 to 6 days: 0.7
  - 7 to 8 days: 0.3
```"#,
    check: |ctx, out| {
        report_issues(ctx, out, |issue, _| match issue {
            LadderIssue::Gap(_, b) => Some((
                *b,
                "values between this band and its neighbour are not covered".to_string(),
            )),
            _ => None,
        })
    },
};

/// OKR432.
pub static LADDER_ORDER: Rule = Rule {
    code: "OKR432",
    name: "ladder-order",
    severity: Severity::Error,
    summary: "Ladder bands are out of order, or score backwards",
    help: "list bands from best to worst (or worst to best), with scores rising toward the target",
    explanation: r#"A ladder reads as a scale: bands listed in one direction along the metric, and
scores that rise as the metric approaches the target. A band out of sequence, or a
higher score further from the target, is almost always a typo.

Bad (a KR that reduces onboarding time):
```markdown
  - ≤ 4 days: 0.0
  - 5 to 6 days: 0.7
  - ≥ 7 days: 1.0
```

Good:
```markdown
  - ≤ 4 days: 1.0
  - 5 to 6 days: 0.7
  - ≥ 7 days: 0.0
```"#,
    check: |ctx, out| {
        report_issues(ctx, out, |issue, _| match issue {
            LadderIssue::OutOfOrder(b) => {
                Some((*b, "this band breaks the order of the ladder".to_string()))
            }
            _ => None,
        });
        for (kr, bands, _) in ladders(ctx) {
            if ctx.ladder_issues(kr).is_empty() && scores_run_backwards(kr, bands) {
                out.report(
                    id_span(&kr.heading),
                    format!(
                        "{}'s ladder scores fall as the metric moves toward its target",
                        kr.label()
                    ),
                );
            }
        }
    },
};

/// Whether better scores sit further from the target than worse ones.
fn scores_run_backwards(kr: &KeyResult, bands: &[Band]) -> bool {
    let f = &kr.fields;
    let (b, t) = match (
        f.baseline.as_ref().and_then(|v| v.ok()),
        f.target.as_ref().and_then(|v| v.ok()),
    ) {
        (Some(b), Some(t)) => (b.value, t.value),
        _ => match &kr.shape.from_to {
            Some(ft) => (ft.from.value, ft.to.value),
            None => return false,
        },
    };
    let mut sorted: Vec<&Band> = bands.iter().collect();
    sorted.sort_by(|x, y| x.midpoint().total_cmp(&y.midpoint()));
    let (low, high) = (sorted.first(), sorted.last());
    let (Some(low), Some(high)) = (low, high) else {
        return false;
    };
    if t > b {
        low.score > high.score
    } else {
        high.score > low.score
    }
}

/// OKR433.
pub static LADDER_SCORE_RANGE: Rule = Rule {
    code: "OKR433",
    name: "ladder-score-range",
    severity: Severity::Error,
    summary: "A ladder band scores outside 0–1",
    help: "use scores between 0.0 (no progress) and 1.0 (target met)",
    explanation: r#"Scores run from 0.0, no measurable progress, to 1.0, target fully achieved. A
band worth 1.5 or -0.2 breaks objective averages and RAG colours.

Bad:
```markdown
  - ≥ 70%: 1.2
```

Good:
```markdown
  - ≥ 70%: 1.0
```"#,
    check: |ctx, out| {
        report_issues(ctx, out, |issue, bands| match issue {
            LadderIssue::ScoreOutOfRange(b) => Some((
                *b,
                format!("the band scores {}, outside 0–1", bands[*b].score),
            )),
            _ => None,
        })
    },
};

/// OKR434.
pub static LADDER_MALFORMED: Rule = Rule {
    code: "OKR434",
    name: "ladder-malformed",
    severity: Severity::Error,
    summary: "A ladder has no bands, an unreadable band, or bands in another unit",
    help: "nest bands under `Scoring: ladder`, one per line, such as `  - 5 to 6 days: 0.7`",
    explanation: r#"`Scoring: ladder` needs its bands as nested bullets, each a range and a score:
`≤ 4 days: 1.0`, `5 to 6 days: 0.7`, `≥ 9 days: 0.0`. `<=`, `>=`, `5–6` and `5-6` work
too. Every band must measure the same unit as the KR's baseline and target.

Bad:
```markdown
- Scoring: ladder
```

Good:
```markdown
- Scoring: ladder
  - ≥ 65%: 1.0
  - 58% to 64%: 0.7
  - ≤ 57%: 0.0
```"#,
    check: |ctx, out| {
        for (kr, bands, errors) in ladders(ctx) {
            for e in errors {
                out.report(e.span, e.value.clone());
            }
            if bands.is_empty() && errors.is_empty() {
                let span = kr
                    .fields
                    .scoring
                    .as_ref()
                    .map_or(kr.heading.span, |s| s.span());
                out.report(
                    span,
                    format!("{} is scored by ladder but lists no bands", kr.label()),
                );
            }
            for issue in ctx.ladder_issues(kr) {
                if let LadderIssue::MixedUnits(b) = issue {
                    out.report(
                        bands[*b].span,
                        "this band's unit differs from the other bands",
                    );
                }
            }
            let target = kr.fields.target.as_ref().and_then(|t| t.ok());
            if let (Some(t), Some(first)) = (target, bands.first()) {
                if !first.dimension.compatible(&t.dimension) {
                    out.report(
                        first.span,
                        format!(
                            "the bands are {} but the target is {}",
                            first.dimension, t.dimension
                        ),
                    );
                }
            }
        }
    },
};
