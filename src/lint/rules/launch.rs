//! Governance from git when there is no lock file: graded fields checked against the
//! cycle's launch commit (OKR802), and past check-ins that were rewritten (OKR804).

use crate::doc::cycle::parse_date;
use crate::doc::{Column, Document, KeyResult};
use crate::git::Commit;
use crate::govern::launch::Revisions;
use crate::govern::lock::KrLock;
use crate::lint::{Context, Findings, Rule, Severity};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// The document's revisions since its cycle's launch, when it is in git and launched;
/// an error when the clone is too shallow to tell.
fn revisions(ctx: &Context) -> Result<Option<Arc<Revisions>>, String> {
    let path = ctx.doc.source.path();
    let Some(period) = ctx.doc.front.period().filter(|p| p.start <= ctx.as_of) else {
        return Ok(None);
    };
    let Some(history) = ctx.git_history() else {
        return Ok(None);
    };
    let cycle = ctx.doc.front.cycle.as_ref().map(|c| c.raw.value.as_str());
    let Some(launch) = history.launch(cycle, period.start)? else {
        return Ok(None);
    };
    Ok(history
        .relative(path)
        .and_then(|rel| history.revisions(&rel, launch)))
}

fn kr<'d>(doc: &'d Document, id: &str) -> Option<&'d KeyResult> {
    doc.key_results()
        .find(|k| k.id.is_some() && k.label() == id)
}

/// OKR802 without a lock: each launched KR's graded fields against the launch commit.
pub fn locked_change_from_git(
    ctx: &Context,
    out: &mut Findings,
    decided: impl Fn(&str, chrono::NaiveDate) -> bool,
) {
    let revisions = match revisions(ctx) {
        Ok(Some(revisions)) => revisions,
        Ok(None) => return,
        Err(why) => {
            let title = ctx.doc.title.as_ref().map(|t| t.span).unwrap_or_default();
            return out.report(title, why);
        }
    };
    let (launch, launched) = &revisions.launch;
    for kr in ctx.doc.key_results().filter(|k| k.id.is_some()) {
        let id = kr.label();
        let now = KrLock::of(ctx.doc, kr, ctx.config);
        let message = match kr_of(launched, &id, ctx) {
            Some(was) if was.fingerprint == now.fingerprint => continue,
            Some(was) => {
                format!(
                    "{id} changed since its launch in {} on {}: {} ({})",
                    launch.short(),
                    launch.date,
                    was.describe_changes(&now),
                    changed_in(&revisions, &id, &now, ctx)
                )
            }
            None => format!(
                "{id} was added after the launch in {} on {}",
                launch.short(),
                launch.date
            ),
        };
        if !decided(&id, launch.date) {
            let span = kr
                .heading
                .id_text
                .as_ref()
                .map_or(kr.heading.span, |i| i.span);
            out.report(
                span,
                format!("{message}, and no decision-log entry names it"),
            );
        }
    }
}

fn kr_of(doc: &Document, id: &str, ctx: &Context) -> Option<KrLock> {
    kr(doc, id).map(|k| KrLock::of(doc, k, ctx.config))
}

/// Which commit brought the KR's graded fields to `now`: the first one after the last
/// revision that held something else, or the work tree.
fn changed_in(revisions: &Revisions, id: &str, now: &KrLock, ctx: &Context) -> String {
    let same =
        |doc: &Document| kr_of(doc, id, ctx).is_some_and(|k| k.fingerprint == now.fingerprint);
    let mut since: Option<&Commit> = None;
    for (commit, doc) in &revisions.later {
        match (same(doc), since) {
            (true, None) => since = Some(commit),
            (false, _) => since = None,
            (true, Some(_)) => {}
        }
    }
    match since {
        Some(c) => format!("changed in {} on {} by {}", c.short(), c.date, c.author),
        None => "changed in the work tree, not committed yet".to_string(),
    }
}

/// OKR804.
pub static CHECKIN_REWRITTEN: Rule = Rule {
    code: "OKR804",
    name: "checkin-rewritten",
    severity: Severity::Warning,
    summary: "A committed check-in's actual was changed later",
    help: "add a new check-in row instead, and say in its insight what the old number got wrong",
    explanation: r#"A check-in records what the team believed on that day. Rewriting its actual
later makes the history say the team knew something it did not, and moves the trend and
the red-twice signal after the fact. okr reads the document's git history since the
cycle's launch and reports a row whose actual differs from what it said when it was
first committed. Fixing a typo on the same day is the exception: suppress it with a
reason.

Bad: the 2026-02-09 row said `23%` when it was committed, and now says `25%`.

Good: the 2026-02-09 row keeps `23%`; a 2026-02-16 row records `25%` with the
insight "last week's number missed the EU region"."#,
    check: |ctx, out| {
        let Some(table) = &ctx.doc.checkins else {
            return;
        };
        // A clone too shallow to find the launch is reported once, by OKR802.
        let Ok(Some(revisions)) = revisions(ctx) else {
            return;
        };
        let recorded = recorded(&revisions);
        for row in &table.rows {
            let Some(key) = row_key(ctx.doc, row) else {
                continue;
            };
            let Some(history) = recorded.get(&key) else {
                continue;
            };
            let now = cell(ctx.doc, row, Column::Actual);
            let (first, by) = &history.first;
            // The day of the check-in itself may still correct it (`okr checkin --replace`).
            let corrected_on = match &history.last {
                (last, commit) if *last == now => commit.date,
                _ => ctx.as_of,
            };
            let same_day = parse_date(&key.1).is_some_and(|day| corrected_on <= day);
            if now != *first && !same_day {
                out.report(
                    row.span,
                    format!(
                        "the {} check-in of {} read {first} when {} committed it ({}), and now reads {now}",
                        key.1,
                        key.0,
                        by.author,
                        by.short()
                    ),
                );
            }
        }
    },
};

type RowKey = (String, String);

fn cell(doc: &Document, row: &crate::doc::CheckinRow, column: Column) -> String {
    doc.cell(row, column)
        .map(|c| c.value.trim().to_string())
        .unwrap_or_default()
}

fn row_key(doc: &Document, row: &crate::doc::CheckinRow) -> Option<RowKey> {
    let kr = cell(doc, row, Column::Kr).to_uppercase();
    let day = cell(doc, row, Column::Date);
    (!kr.is_empty() && !day.is_empty()).then_some((kr, day))
}

/// A check-in row's actual as first committed, and as last committed, since the launch.
struct Recorded<'r> {
    first: (String, &'r Commit),
    last: (String, &'r Commit),
}

/// Every committed check-in row's [`Recorded`] history.
fn recorded(revisions: &Revisions) -> FxHashMap<RowKey, Recorded<'_>> {
    let mut found: FxHashMap<RowKey, Recorded> = FxHashMap::default();
    let all = std::iter::once((&revisions.launch.0, &revisions.launch.1))
        .chain(revisions.later.iter().map(|(c, d)| (c, d)));
    for (commit, doc) in all {
        let Some(table) = &doc.checkins else { continue };
        for row in &table.rows {
            let Some(key) = row_key(doc, row) else {
                continue;
            };
            let actual = cell(doc, row, Column::Actual);
            match found.get_mut(&key) {
                Some(seen) if seen.last.0 != actual => seen.last = (actual, commit),
                Some(_) => {}
                None => {
                    let first = (actual.clone(), commit);
                    found.insert(
                        key,
                        Recorded {
                            first,
                            last: (actual, commit),
                        },
                    );
                }
            }
        }
    }
    found
}
