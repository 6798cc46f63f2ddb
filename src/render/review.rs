//! `okr review` output: the weekly meeting's agenda in the terminal, as a Markdown post,
//! or as JSON.

use super::score::{rag_text, score_text};
use super::style::{BOLD, RED, YELLOW};
use crate::config::ScoreScale;
use crate::score::review::{Action, Attention, Review, ReviewKr, Snapshot};
use std::io::{self, Write};

/// The output formats of `okr review`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReviewFormat {
    /// Sections for the meeting, in the terminal.
    Human,
    /// A post to paste into chat or a PR: a few lines per KR.
    Markdown,
    /// The whole review as one JSON object.
    Json,
}

/// Writes `review` in `format`; scores are shown on `scale`.
pub fn render_review(
    out: &mut dyn Write,
    format: ReviewFormat,
    review: &Review,
    scale: ScoreScale,
) -> io::Result<()> {
    match format {
        ReviewFormat::Human => human(out, review, scale),
        ReviewFormat::Markdown => markdown(out, review, scale),
        ReviewFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, review)?;
            writeln!(out)
        }
    }
}

/// The agenda's sections after "Moved": what each lists, and its heading.
const SECTIONS: [(Attention, &str); 7] = [
    (
        Attention::RedTwice,
        "Escalate: red twice in a row (within 48 hours)",
    ),
    (Attention::Red, "Red"),
    (
        Attention::Stale,
        "Stale: no check-in within the staleness window",
    ),
    (Attention::ForecastMiss, "Forecast to miss the target"),
    (Attention::Behind, "Behind pace"),
    (Attention::ConfidenceDrop, "Confidence dropped"),
    (Attention::Amber, "Amber"),
];

fn human(out: &mut dyn Write, review: &Review, scale: ScoreScale) -> io::Result<()> {
    writeln!(
        out,
        "{BOLD}Review {} to {}{BOLD:#} ({} key results)",
        review.since,
        review.as_of,
        review.key_results.len()
    )?;
    section(out, "Moved", review.moved(), |kr| moved_line(kr, scale))?;
    section(out, "Help requested", review.with(Attention::Help), |kr| {
        format!(
            "{}  {}: {}",
            kr.id,
            kr.owner.as_deref().unwrap_or("no owner"),
            kr.help.as_deref().unwrap_or_default()
        )
    })?;
    for (attention, title) in SECTIONS {
        section(out, title, review.with(attention), |kr| {
            attention_line(kr, attention, scale)
        })?;
    }
    if !review.missing_by_owner.is_empty() {
        writeln!(out, "\n{BOLD}No check-in since {}{BOLD:#}", review.since)?;
        for (owner, ids) in &review.missing_by_owner {
            writeln!(out, "  {owner}: {}", ids.join(", "))?;
        }
    }
    if !review.decisions.is_empty() {
        writeln!(out, "\n{BOLD}Decisions{BOLD:#}")?;
        for d in &review.decisions {
            writeln!(out, "  {}  {} ({})", d.date, d.title, d.krs.join(", "))?;
        }
    }
    actions(out, review)
}

/// A titled list, left out when empty.
fn section<'r>(
    out: &mut dyn Write,
    title: &str,
    krs: impl Iterator<Item = &'r ReviewKr>,
    line: impl Fn(&ReviewKr) -> String,
) -> io::Result<()> {
    let lines: Vec<String> = krs.map(line).collect();
    if lines.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{BOLD}{title}{BOLD:#}")?;
    for l in lines {
        writeln!(out, "  {l}")?;
    }
    Ok(())
}

/// `O1-KR1  24% → 25%  0.60 → 0.70  amber → green`.
fn moved_line(kr: &ReviewKr, scale: ScoreScale) -> String {
    let now = kr.now.as_ref();
    let band = match (&kr.then, now) {
        (Some(t), Some(n)) if kr.band_changed => {
            format!("  {} → {}", rag_text(t.rag), rag_text(n.rag))
        }
        (_, Some(n)) => format!("  {}", rag_text(n.rag)),
        _ => String::new(),
    };
    format!(
        "{}  {} → {}  {} → {}{band}",
        kr.id,
        actual(kr.then.as_ref()),
        actual(now),
        score_text(kr.then.as_ref().and_then(|t| t.score), scale),
        score_text(now.and_then(|n| n.score), scale)
    )
}

fn actual(snapshot: Option<&Snapshot>) -> &str {
    snapshot.map_or("—", |s| s.actual.as_str())
}

fn attention_line(kr: &ReviewKr, attention: Attention, scale: ScoreScale) -> String {
    let detail = match attention {
        Attention::ConfidenceDrop => match kr.confidence {
            (Some(a), Some(b)) => format!("confidence {a} → {b}"),
            _ => String::new(),
        },
        Attention::Stale => kr.now.as_ref().map_or("never checked in".to_string(), |n| {
            format!("last {} on {}", n.actual, n.date)
        }),
        _ => format!(
            "{} {}",
            actual(kr.now.as_ref()),
            score_text(kr.now.as_ref().and_then(|n| n.score), scale)
        ),
    };
    format!(
        "{}  {detail}  {}",
        kr.id,
        kr.owner.as_deref().unwrap_or("no owner")
    )
}

fn actions(out: &mut dyn Write, review: &Review) -> io::Result<()> {
    let needing: Vec<&ReviewKr> = review
        .key_results
        .iter()
        .filter(|kr| kr.action.is_some_and(|a| a.state != "green"))
        .collect();
    if needing.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{BOLD}Actions{BOLD:#}")?;
    for kr in needing {
        let Some(Action { state, action }) = kr.action else {
            continue;
        };
        let style = if matches!(state, "red" | "escalate" | "stale") {
            RED
        } else {
            YELLOW
        };
        writeln!(out, "  {}  {style}{state}{style:#}: {action}", kr.id)?;
    }
    Ok(())
}

/// Seed 002's weekly update, per KR: snapshot, score and band, insight, next action, help.
fn markdown(out: &mut dyn Write, review: &Review, scale: ScoreScale) -> io::Result<()> {
    writeln!(
        out,
        "## Weekly review, {} to {}",
        review.since, review.as_of
    )?;
    for kr in &review.key_results {
        writeln!(out, "\n### {}: {}", kr.id, escape(&kr.statement))?;
        let snapshot = match &kr.now {
            Some(n) if kr.checked_in => format!("{} on {}", escape(&n.actual), n.date),
            Some(n) => format!(
                "{} on {} (no check-in this period)",
                escape(&n.actual),
                n.date
            ),
            None => "no check-in yet".to_string(),
        };
        writeln!(out, "- **Snapshot:** {snapshot}")?;
        let now = kr.now.as_ref();
        let action = kr
            .action
            .map_or(String::new(), |a| format!(" ({}: {})", a.state, a.action));
        let was = match &kr.then {
            Some(t) if kr.checked_in => {
                format!(", was {} {}", score_text(t.score, scale), rag_text(t.rag))
            }
            _ => String::new(),
        };
        writeln!(
            out,
            "- **Score:** {} {}{was}{action}",
            score_text(now.and_then(|n| n.score), scale),
            rag_text(now.and_then(|n| n.rag))
        )?;
        for (label, text) in [
            ("Insight", &kr.insight),
            ("Next", &kr.next),
            ("Help", &kr.help),
        ] {
            if let Some(text) = text {
                writeln!(out, "- **{label}:** {}", escape(text))?;
            }
        }
    }
    Ok(())
}

/// Text safe inside a Markdown list item: the table escape, and no raw HTML.
fn escape(text: &str) -> String {
    super::score::escape(text)
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
