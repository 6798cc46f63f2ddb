//! Links between documents: every `Contributes to:` and `parent` must name exactly one
//! objective or KR that exists, in the same cycle or the year's annual set, without loops.

use crate::align::index::display_path;
use crate::align::{parse_targets, LinkProblem, Resolved, Target};
use crate::doc::front::Level;
use crate::files::absolute;
use crate::lint::{Context, Rule, Severity};
use crate::source::Span;
use std::path::PathBuf;

/// A link written in the document: which node it belongs to, its text and where.
struct Site<'a> {
    node: String,
    text: &'a str,
    span: Span,
}

fn sites<'a>(ctx: &'a Context) -> Vec<Site<'a>> {
    let mut found = Vec::new();
    if let Some(parent) = &ctx.doc.front.parent {
        found.push(Site {
            node: String::new(),
            text: &parent.value,
            span: parent.span,
        });
    }
    for objective in &ctx.doc.objectives {
        if let Some(link) = &objective.fields.contributes_to {
            found.push(Site {
                node: objective
                    .number
                    .map(|n| format!("O{n}"))
                    .unwrap_or_default(),
                text: &link.raw.value,
                span: link.span(),
            });
        }
        for kr in objective.key_results.iter().filter(|k| k.id.is_some()) {
            if let Some(link) = &kr.fields.contributes_to {
                found.push(Site {
                    node: kr.label(),
                    text: &link.raw.value,
                    span: link.span(),
                });
            }
        }
    }
    found
}

/// Each site's well-formed targets, resolved.
fn resolved<'a>(ctx: &'a Context) -> Vec<(Site<'a>, Target, Result<Resolved, LinkProblem>)> {
    let path = ctx.doc.source.path();
    sites(ctx)
        .into_iter()
        .flat_map(|site| {
            parse_targets(site.text)
                .into_iter()
                .filter_map(Result::ok)
                .map(|t| (t.clone(), ctx.resolve(path, &t)))
                .collect::<Vec<_>>()
                .into_iter()
                .map(move |(t, r)| {
                    (
                        Site {
                            node: site.node.clone(),
                            text: site.text,
                            span: site.span,
                        },
                        t,
                        r,
                    )
                })
        })
        .collect()
}

fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| display_path(p))
        .collect::<Vec<_>>()
        .join(", ")
}

/// OKR701.
pub static ALIGNMENT_UNRESOLVED: Rule = Rule {
    code: "OKR701",
    name: "alignment-unresolved",
    severity: Severity::Error,
    summary: "A `Contributes to:` or `parent` link names nothing that exists",
    help: "link to an existing objective or KR as path#ID, relative to this file and inside the repository",
    explanation: r#"Alignment only works when every link lands. A link names another document's
objective or KR, as a path relative to this file with `#ID`, as a Markdown link to
the same, or as a bare ID that exactly one other document in the tree defines. Links
may not leave the repository.

Bad:
```markdown
- Contributes to: company/2026.md#O2-KR9
```

Good:
```markdown
- Contributes to: [Company O2-KR1](../company/2026.md#O2-KR1)
```"#,
    check: |ctx, out| {
        for site in sites(ctx) {
            for target in parse_targets(site.text) {
                if let Err(e) = target {
                    out.report(site.span, e);
                }
            }
        }
        for (site, target, result) in resolved(ctx) {
            match result {
                Err(LinkProblem::Unresolved(why)) => out.report(site.span, why),
                Err(LinkProblem::Outside(path)) => out.report(
                    site.span,
                    format!("{} leads outside the repository ({})", target.path, path.display()),
                ),
                _ => {}
            }
        }
    },
};

/// OKR702.
pub static ALIGNMENT_AMBIGUOUS: Rule = Rule {
    code: "OKR702",
    name: "alignment-ambiguous",
    severity: Severity::Error,
    summary: "A bare ID in a link is defined by more than one document",
    help: "add the document's path: `path/to/doc.md#O2-KR1`",
    explanation: r#"A bare ID such as `O2-KR1` is convenient while only one other document defines
it. As soon as two do, the link could mean either, so it must name the file.

Bad:
```markdown
- Contributes to: O2-KR1
```

Good:
```markdown
- Contributes to: ../company/2026.md#O2-KR1
```"#,
    check: |ctx, out| {
        for (site, target, result) in resolved(ctx) {
            if let Err(LinkProblem::Ambiguous(paths)) = result {
                out.report(
                    site.span,
                    format!("{} is defined in {}", target.id, list(&paths)),
                );
            }
        }
    },
};

/// OKR703.
pub static ALIGNMENT_CYCLE: Rule = Rule {
    code: "OKR703",
    name: "alignment-cycle",
    severity: Severity::Error,
    summary: "Following `Contributes to:` links leads back to where it started",
    help: "links point up the tree, from team to company; remove the link that points back down",
    explanation: r#"Contribution links form a tree: micro-OKRs point to team KRs, team KRs to company
KRs. A loop means no node is the top, and no roll-up can be read from it.

Bad: `team.md` O1-KR1 contributes to `company.md#O1-KR1`, which contributes to
`team.md#O1-KR1`.

Good: the company KR has no `Contributes to:`, or links to the annual set."#,
    check: |ctx, out| {
        let resolved = resolved(ctx);
        if resolved.is_empty() {
            return;
        }
        let me = absolute(ctx.doc.source.path());
        for (site, _, result) in resolved {
            let Ok(first) = result else { continue };
            if let Some(path) = loop_back(ctx, &me, &site.node, first) {
                out.report(
                    site.span,
                    format!(
                        "this link loops back to {}: {}",
                        site.node_label(),
                        path.join(" → ")
                    ),
                );
            }
        }
    },
};

impl Site<'_> {
    fn node_label(&self) -> String {
        if self.node.is_empty() {
            "this document".to_string()
        } else {
            self.node.clone()
        }
    }
}

/// The chain of nodes when following parents from `first` returns to `(me, node)`.
fn loop_back(ctx: &Context, me: &PathBuf, node: &str, first: Resolved) -> Option<Vec<String>> {
    let mut current = first;
    let mut chain = vec![format!(
        "{}#{}",
        display_path(&current.facts.path),
        current.id
    )];
    for _ in 0..64 {
        let under_node = current.id == node || current.id.starts_with(&format!("{node}-KR"));
        if current.facts.path == *me && (under_node || node.is_empty()) {
            return Some(chain);
        }
        let link = current.facts.parent_link(&current.id)?;
        let target = parse_targets(link).into_iter().find_map(Result::ok)?;
        current = ctx.resolve(&current.facts.path, &target).ok()?;
        chain.push(format!(
            "{}#{}",
            display_path(&current.facts.path),
            current.id
        ));
    }
    None
}

/// OKR704.
pub static MULTIPLE_PARENTS: Rule = Rule {
    code: "OKR704",
    name: "multiple-parents",
    severity: Severity::Error,
    summary: "An objective or KR contributes to more than one parent",
    help: "pick the one parent this work moves most; mention the others in notes",
    explanation: r#"Each objective or KR rolls up into one parent, so every score has one place it
counts. Listing several parents splits ownership and double-counts progress.

Bad:
```markdown
- Contributes to: company.md#O1-KR1, company.md#O2-KR2
```

Good:
```markdown
- Contributes to: company.md#O1-KR1
- Notes: also helps company O2-KR2
```"#,
    check: |ctx, out| {
        for site in sites(ctx) {
            let count = parse_targets(site.text).len();
            if count > 1 {
                out.report(
                    site.span,
                    format!("{} names {count} parents", site.node_label()),
                );
            }
        }
    },
};

/// OKR705.
pub static OBJECTIVE_NOT_ALIGNED: Rule = Rule {
    code: "OKR705",
    name: "objective-not-aligned",
    severity: Severity::Warning,
    summary: "A team objective shows no contribution to a company KR",
    help: "add `- Contributes to: path/to/company.md#O1-KR2` to the objective or one of its KRs",
    explanation: r#"When the tree has a company-level document (`level: company`), every team
objective should show which company KR it moves, on the objective or on at least one of
its KRs. An objective with no link is either missing its link or is intentional
divergence worth saying out loud (suppress the warning with a reason).

Bad:
```markdown
## O1: Make onboarding effortless for small teams
```

Good:
```markdown
## O1: Make onboarding effortless for small teams

- Contributes to: ../company/2026.md#O1-KR2
```"#,
    check: |ctx, out| {
        if ctx.doc.front.level() != Level::Team {
            return;
        }
        let unlinked: Vec<_> = ctx
            .doc
            .objectives
            .iter()
            .filter(|o| {
                o.fields.contributes_to.is_none()
                    && o.key_results
                        .iter()
                        .all(|k| k.fields.contributes_to.is_none())
            })
            .collect();
        // Looking for a company document reads the tree, so only when it matters.
        if unlinked.is_empty() || !ctx.has_company_doc() {
            return;
        }
        for objective in unlinked {
            let span = objective
                .heading
                .id_text
                .as_ref()
                .map_or(objective.heading.span, |i| i.span);
            out.report(span, "this objective links to no company objective or KR");
        }
    },
};

/// OKR706.
pub static PARENT_IN_OTHER_CYCLE: Rule = Rule {
    code: "OKR706",
    name: "parent-in-other-cycle",
    severity: Severity::Error,
    summary: "A link points to a document of a different cycle",
    help: "link to the parent's document for this cycle, or to the annual set of the same year",
    explanation: r#"A Q2 team KR cannot move a Q1 company KR: that quarter's grades are closed. Links
stay within one cycle, with one exception: any cycle may contribute to the annual set
of its year (`cycle: 2026`). A micro-OKR's short period must sit inside its parent's.

Bad (in a `cycle: 2026-Q2` document):
```markdown
- Contributes to: ../company/2026-Q1.md#O1-KR1
```

Good:
```markdown
- Contributes to: ../company/2026-Q2.md#O1-KR1
```"#,
    check: |ctx, out| {
        let Some(mine) = ctx.doc.front.period() else {
            return;
        };
        let micro = ctx.doc.front.level() == Level::Micro;
        for (site, target, result) in resolved(ctx) {
            let Ok(parent) = result else { continue };
            let Some(theirs) = parent.facts.period else {
                continue;
            };
            let contains = theirs.start <= mine.start && mine.end <= theirs.end;
            let annual = parent
                .facts
                .cycle
                .as_deref()
                .is_some_and(|c| c.trim().len() == 4);
            if !(theirs == mine || (contains && (annual || micro))) {
                out.report(
                    site.span,
                    format!(
                        "{} is in cycle {} ({theirs}), this document in {mine}",
                        target.id,
                        parent.facts.cycle.as_deref().unwrap_or("?")
                    ),
                );
            }
        }
    },
};
