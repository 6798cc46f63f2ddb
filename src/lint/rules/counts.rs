//! Few over many: objectives per document and key results per objective.

use crate::doc::front::Level;
use crate::lint::rules::front_matter::front_anchor;
use crate::lint::rules::ids::id_span;
use crate::lint::{Rule, Severity};

/// OKR201.
pub static OBJECTIVE_COUNT: Rule = Rule {
    code: "OKR201",
    name: "objective-count",
    severity: Severity::Error,
    summary: "Too many or no objectives in the document",
    help: "keep the few objectives that matter most; move the rest to a later cycle",
    explanation: r#"Focus is the point of OKRs. A team sets one to three objectives and the company
at most five (both configurable under `limits`); a micro-OKR has exactly one. A document
with no objective at all is probably missing its `## O1:` heading.

Bad: a team document with four objectives, `## O1` to `## O4`.

Good: the same team picks its three most important outcomes and defers the fourth."#,
    check: |ctx, out| {
        let doc = ctx.doc;
        let limits = &ctx.config.limits;
        let (max, what) = match doc.front.level() {
            Level::Company => (limits.company_objectives, "a company document"),
            Level::Team => (limits.team_objectives, "a team document"),
            Level::Micro => (1, "a micro-OKR"),
        };
        if doc.objectives.is_empty() {
            out.report_with_help(
                front_anchor(ctx),
                "the document has no objectives",
                "okr reads an objective from a `## O1: …` heading, an `Objective: …` line or item, \
                 a bold line, or a heading with a list of key results under it",
            );
        }
        for set in 0..doc.sets.len().max(1) {
            let in_set = || doc.objectives.iter().filter(move |o| o.set == set);
            let count = in_set().count();
            if let Some(extra) = in_set().nth(max) {
                out.report(
                    id_span(&extra.heading),
                    format!(
                        "{what} may have at most {max} objectives per set; this one has {count}"
                    ),
                );
            }
        }
    },
};

/// OKR202.
pub static KR_COUNT: Rule = Rule {
    code: "OKR202",
    name: "kr-count",
    severity: Severity::Error,
    summary: "An objective has too few or too many key results",
    help: "give each objective two to four key results that together prove it",
    explanation: r#"One KR rarely proves an outcome, and more than four dilutes attention. Aim for two
to four per objective (configurable under `limits`), mixing a leading signal and a
lagging result. A micro-OKR takes one or two.

Bad:
```markdown
## O1: Shorten time to value for new SMB customers
### O1-KR1: Increase day-7 active account rate from 46% to 65% by Mar 31
```

Good: add a second KR, such as median time from sign-up to first use."#,
    check: |ctx, out| {
        let limits = &ctx.config.limits;
        let (min, max) = match ctx.doc.front.level() {
            Level::Micro => (1, 2),
            _ => (limits.min_key_results, limits.max_key_results),
        };
        for o in &ctx.doc.objectives {
            let n = o.key_results.len();
            if n < min || n > max {
                out.report(
                    id_span(&o.heading),
                    format!(
                        "this objective has {n} key result{}; expected {min} to {max}",
                        if n == 1 { "" } else { "s" }
                    ),
                );
            }
        }
    },
};
