//! Objective and KR IDs: well formed, unique, and nested under the right objective.

use crate::doc::ids::KrId;
use crate::doc::Heading;
use crate::lint::{Rule, Severity};
use std::collections::BTreeMap;

/// OKR101.
pub static MALFORMED_ID: Rule = Rule {
    code: "OKR101",
    name: "malformed-id",
    severity: Severity::Error,
    summary: "An objective or KR heading lacks a well-formed ID",
    help: "write objectives as `## O1: …` and key results as `### O1-KR1: …`",
    explanation: r#"IDs tie everything together: initiatives, check-ins, alignment links and
decision-log entries all name KRs by ID. An objective heading is `## O<n>: statement`
and a key result heading is `### O<n>-KR<m>: statement`, numbers starting at 1.

Bad:
```markdown
## Objective 1: Shorten time to value for new SMB customers
### KR1: Increase day-7 active account rate from 46% to 65% by Mar 31
```

Good:
```markdown
## O1: Shorten time to value for new SMB customers
### O1-KR1: Increase day-7 active account rate from 46% to 65% by Mar 31
```"#,
    check: |ctx, out| {
        for o in &ctx.doc.objectives {
            if o.number.is_none() {
                report_malformed(out, &o.heading, "objective", "O1");
            }
            for kr in &o.key_results {
                if kr.id.is_none() {
                    report_malformed(out, &kr.heading, "key result", "O1-KR1");
                }
            }
        }
    },
};

fn report_malformed(out: &mut crate::lint::Findings, heading: &Heading, what: &str, example: &str) {
    match &heading.id_text {
        Some(id) => out.report(
            id.span,
            format!(
                "`{}` is not a valid {what} ID; expected the form `{example}`",
                id.value
            ),
        ),
        None => out.report(
            heading.statement.span,
            format!("this {what} heading has no ID such as `{example}:`"),
        ),
    }
}

/// OKR107.
pub static POSITIONAL_ID: Rule = Rule {
    code: "OKR107",
    name: "positional-id",
    severity: Severity::Warning,
    summary: "Objectives or key results have no written ID and are numbered by position",
    help: "run `okr fmt` to write the IDs into the file",
    explanation: r#"Check-ins, initiatives, alignment links and the decision log name a key result by
its ID. When a file writes no IDs, okr numbers objectives and key results in document
order (O1, O1-KR1, O1-KR2, O2, …) so that every command works. Those numbers belong to
the positions, not to the items: insert, delete or reorder one and every later ID
changes, and old check-ins point at the wrong KR. `okr fmt` writes the IDs into the
file once, so they stay put.

Bad:
```markdown
Objective: Shorten time to value for new SMB customers
- Reduce median setup time from 3 days to 1 day by Mar 31
```

Good:
```markdown
## O1: Shorten time to value for new SMB customers
### O1-KR1: Reduce median setup time from 3 days to 1 day by Mar 31
```"#,
    check: |ctx, out| {
        let objectives = ctx.doc.objectives.iter().filter(|o| o.written.positional);
        let krs = ctx.doc.key_results().filter(|k| k.written.positional);
        let spans: Vec<_> = objectives
            .map(|o| o.heading.span)
            .chain(krs.map(|k| k.heading.span))
            .collect();
        let count = spans.len();
        if let Some(&first) = spans.iter().min() {
            out.report(
                first,
                format!(
                    "{count} objectives and key results have no written ID; their positional IDs \
                     change whenever an item is added, removed or moved"
                ),
            );
        }
    },
};

/// OKR102.
pub static DUPLICATE_ID: Rule = Rule {
    code: "OKR102",
    name: "duplicate-id",
    severity: Severity::Error,
    summary: "Two objectives or KRs share an ID",
    help: "renumber so every ID in the document is unique",
    explanation: r#"A check-in or initiative that names `O1-KR2` must mean one key result. When two
headings share an ID, updates land on the wrong KR and scores mix two metrics.

Bad:
```markdown
### O1-KR1: Reduce median onboarding time from 9 days to 4 days by Mar 31
### O1-KR1: Increase day-7 active account rate from 46% to 65% by Mar 31
```

Good:
```markdown
### O1-KR1: Reduce median onboarding time from 9 days to 4 days by Mar 31
### O1-KR2: Increase day-7 active account rate from 46% to 65% by Mar 31
```"#,
    check: |ctx, out| {
        // Keyed by (objective, KR) numbers, no KR for the objective itself: no string
        // is built unless an ID repeats.
        let mut seen: BTreeMap<(u32, Option<u32>), usize> = BTreeMap::new();
        let ids = ctx.doc.objectives.iter().flat_map(|o| {
            let own = o.number.map(|n| ((n, None), &o.heading));
            own.into_iter().chain(
                o.key_results
                    .iter()
                    .filter_map(|kr| kr.id.map(|id| ((id.objective, Some(id.kr)), &kr.heading))),
            )
        });
        for (key, heading) in ids {
            let span = id_span(heading);
            if let Some(&first) = seen.get(&key) {
                let first_line = ctx.doc.source.position(first).line;
                let id = match key {
                    (o, None) => format!("O{o}"),
                    (objective, Some(kr)) => KrId { objective, kr }.to_string(),
                };
                out.report(span, format!("`{id}` is already used on line {first_line}"));
            } else {
                seen.insert(key, span.start);
            }
        }
    },
};

/// OKR103.
pub static KR_PREFIX_MISMATCH: Rule = Rule {
    code: "OKR103",
    name: "kr-prefix-mismatch",
    severity: Severity::Error,
    summary: "A KR's ID names a different objective than the one it sits under",
    help: "make the KR's `O<n>` prefix match its objective",
    explanation: r#"A KR's ID starts with its objective's ID, so `O2-KR1` belongs under `## O2`.
A mismatch usually means a KR was moved without renumbering, and check-ins that name it
will be attributed to the wrong objective.

Bad:
```markdown
## O1: Shorten time to value for new SMB customers
### O2-KR1: Increase day-7 active account rate from 46% to 65% by Mar 31
```

Good:
```markdown
## O1: Shorten time to value for new SMB customers
### O1-KR1: Increase day-7 active account rate from 46% to 65% by Mar 31
```"#,
    check: |ctx, out| {
        for o in &ctx.doc.objectives {
            let Some(n) = o.number else { continue };
            for kr in &o.key_results {
                let Some(id) = kr.id else { continue };
                if id.objective != n {
                    let span = id_span(&kr.heading);
                    out.report_with_help(
                        span,
                        format!("`{id}` sits under objective O{n}"),
                        format!(
                            "rename it `O{n}-KR{}`, or move it under O{}",
                            id.kr, id.objective
                        ),
                    );
                }
            }
        }
    },
};

/// Lets rules in other files report a heading's ID span.
pub fn id_span(heading: &Heading) -> crate::source::Span {
    heading.id_text.as_ref().map_or(heading.span, |t| t.span)
}
