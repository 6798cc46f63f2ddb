//! Change governance: decisions name real KRs, launched KRs change only with a decision,
//! and a closed cycle's grades stay as graded.

use crate::align::index::display_path;
use crate::align::{parse_targets, LinkProblem};
use crate::files::absolute;
use crate::govern::decision_log::decisions;
use crate::govern::lock::{scores_fingerprint, DocLock, KrLock, LockFile, LOCK_FILE};
use crate::lint::{Context, Rule, Severity};

/// OKR801: runs on the decision log, not on OKR documents.
pub static DECISION_UNKNOWN_KR: Rule = Rule {
    code: "OKR801",
    name: "decision-unknown-kr",
    severity: Severity::Error,
    summary: "A decision-log entry names a KR that does not exist",
    help: "name the KR as path#ID relative to decision-log.md, as `okr decide` writes it",
    explanation: r#"A decision is only traceable if it points at the KR it changed. Each entry's
`- KR:` line names one or more KRs as `path#ID` (relative to the log) or as a bare ID
that exactly one document defines.

Bad:
```markdown
## 2026-02-10: Lower the activation target

- KR: okrs/growth/2026-Q1.md#O1-KR9
```

Good:
```markdown
## 2026-02-10: Lower the activation target

- KR: okrs/growth/2026-Q1.md#O1-KR1
```"#,
    check: |ctx, out| {
        let log = ctx.doc.source.path();
        for decision in decisions(ctx.doc) {
            if decision.date.is_none() {
                out.report(
                    decision.heading,
                    "this entry's date is not a real YYYY-MM-DD date",
                );
            }
            for kr in &decision.krs {
                for target in parse_targets(&kr.value) {
                    let problem = match target {
                        Err(e) => Some(e),
                        Ok(t) => match ctx.resolve(log, &t) {
                            Ok(_) => None,
                            Err(LinkProblem::Unresolved(why)) => Some(why),
                            Err(LinkProblem::Outside(p)) => {
                                Some(format!("{} is outside the repository", p.display()))
                            }
                            Err(LinkProblem::Ambiguous(paths)) => Some(format!(
                                "{} is defined in several documents ({}); add the path",
                                t.id,
                                paths
                                    .iter()
                                    .map(|p| display_path(p))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )),
                        },
                    };
                    if let Some(problem) = problem {
                        out.report(kr.span, problem);
                    }
                }
            }
        }
    },
};

/// OKR802.
pub static LOCKED_CHANGE_UNDECIDED: Rule = Rule {
    code: "OKR802",
    name: "locked-change-undecided",
    severity: Severity::Error,
    summary: "A launched KR's baseline, target, method or weight changed with no logged decision",
    help: "record the decision with `okr decide \"…\" --kr <KR>`, or restore the locked value",
    explanation: r#"Once `okr lock` launches a cycle, the numbers people are graded against are
fixed. Changing a baseline, target, scoring method, ladder or weight afterwards is
sometimes right, but never silent: it needs an entry in decision-log.md, dated on or
after the lock, that names the KR. Statements, notes and check-ins can change freely.

With no lock file, in a git work tree, the launch is read from git: the commit tagged
`okr-launch/<cycle>`, else the first mainline commit dated on or after the cycle's first
day. The finding then names the commit that made the change.

Bad: the target moved from 60% to 55% and the log says nothing.

Good:
```markdown
## 2026-02-10: Lower the activation target after the pricing change

- KR: okrs/growth/2026-Q1.md#O1-KR1
- Change: Target 60% → 55%
```"#,
    check: |ctx, out| {
        let path = ctx.doc.source.path();
        let file = ctx.lock_file();
        let lock = match file.as_ref() {
            Ok(lock) => locked(ctx, lock),
            Err(e) => {
                out.report(
                    ctx.doc.title.as_ref().map(|t| t.span).unwrap_or_default(),
                    e.clone(),
                );
                return;
            }
        };
        let decided_since = |id: &str, since: chrono::NaiveDate| {
            ctx.decision_refs().iter().any(|d| {
                d.id == id
                    && d.path.as_ref().is_none_or(|p| *p == absolute(path))
                    && d.date.is_some_and(|date| date >= since)
            })
        };
        let Some(lock) = lock else {
            return super::launch::locked_change_from_git(ctx, out, decided_since);
        };
        let decided = |id: &str| decided_since(id, lock.locked_on);
        for kr in ctx.doc.key_results().filter(|k| k.id.is_some()) {
            let id = kr.label();
            let now = KrLock::of(ctx.doc, kr, ctx.config);
            let span = kr
                .heading
                .id_text
                .as_ref()
                .map_or(kr.heading.span, |i| i.span);
            let message = match lock.key_results.get(&id) {
                Some(locked) if locked.fingerprint == now.fingerprint => continue,
                Some(locked) => {
                    format!(
                        "{id} changed since the lock on {}: {}",
                        lock.locked_on,
                        locked.describe_changes(&now)
                    )
                }
                None => format!("{id} was added after the lock on {}", lock.locked_on),
            };
            if !decided(&id) {
                out.report(
                    span,
                    format!("{message}, and no decision-log entry names it"),
                );
            }
        }
    },
};

/// OKR803.
pub static CLOSED_GRADES_EDITED: Rule = Rule {
    code: "OKR803",
    name: "closed-grades-edited",
    severity: Severity::Error,
    summary: "The final grades of a closed cycle were edited",
    help: "restore the `## Scores` table as `okr close` left it; grades are history once closed",
    explanation: r#"`okr close` ends a cycle: it requires final grades for every KR, adds the retro,
and records a fingerprint of the `## Scores` table in okr.lock.json. After that the
grades are history. Editing them rewrites the record the next cycle learns from.

Bad: changing `| O1-KR1 | … | 0.60 | amber |` to `0.70 | green` after the close.

Good: leave the table alone; put new insight in the next cycle's document."#,
    check: |ctx, out| {
        let file = ctx.lock_file();
        let Ok(lock) = file.as_ref() else { return };
        let Some(closed) = locked(ctx, lock) else {
            return;
        };
        let (Some(on), Some(expected)) = (closed.closed_on, &closed.scores_fingerprint) else {
            return;
        };
        let now = scores_fingerprint(ctx.doc);
        if now.as_ref() != Some(expected) {
            let span = ctx
                .doc
                .scores
                .as_ref()
                .map(|t| t.span)
                .or(ctx.doc.title.as_ref().map(|t| t.span))
                .unwrap_or_default();
            out.report(
                span,
                format!("the grades changed after the cycle was closed on {on} (see {LOCK_FILE})"),
            );
        }
    },
};

/// This document's entry in the lock file, if it has one.
fn locked<'l>(ctx: &Context, lock: &'l LockFile) -> Option<&'l DocLock> {
    if lock.documents.is_empty() {
        return None;
    }
    lock.documents.get(&ctx.repo.doc_key(ctx.doc.source.path()))
}
