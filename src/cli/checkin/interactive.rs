//! `okr checkin` with no KR: a walk through the KRs, one question at a time.

use super::CheckinArgs;
use crate::checkin::{find_kr, validate, Entry};
use crate::cli::kr_index::KrIndex;
use crate::cli::prompt::ask;
use crate::render::score::{rag_text, score_text};
use crate::score::evaluate_document;
use crate::workspace::load_document;
use chrono::NaiveDate;
use std::io::{BufRead, Write};

/// Asks for each KR's update; Enter at the actual skips the KR, end of input stops the walk.
pub fn walk(
    index: &KrIndex,
    args: &CheckinArgs,
    date: NaiveDate,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> anyhow::Result<Vec<(String, Result<Entry, String>)>> {
    let mut entries = Vec::new();
    for path in &index.paths {
        let (doc, config) = load_document(path, args.config.clone())?;
        let scored = evaluate_document(&doc, &config, Some(date), date);
        for kr in scored.key_results() {
            let owned = args.owner.as_ref().is_none_or(|o| {
                kr.owner
                    .as_ref()
                    .is_some_and(|k| k.to_lowercase().contains(&o.to_lowercase()))
            });
            let Some(card) = find_kr(&doc, &kr.id).filter(|_| owned) else {
                continue;
            };
            let last = match (&kr.actual, kr.actual_date) {
                (Some(a), Some(d)) => format!(
                    "last {a} on {d} ({} {})",
                    score_text(kr.score, scored.scale),
                    rag_text(kr.rag)
                ),
                _ => "no check-in yet".to_string(),
            };
            writeln!(
                output,
                "\n{}  {}\n  baseline {} · target {} · {last}",
                kr.id,
                kr.statement,
                kr.baseline.as_deref().unwrap_or("—"),
                kr.target.as_deref().unwrap_or("—")
            )?;
            let today = crate::cli::today(None);
            let check = |entry: &Entry| validate(&doc, card, entry, &config, today);
            let mut entry = Entry {
                kr: kr.id.clone(),
                date,
                ..Entry::default()
            };
            let Some(actual) = ask_until_valid(input, output, "  actual (Enter skips)> ", |a| {
                check(&Entry {
                    actual: a.to_string(),
                    ..entry.clone()
                })
            })?
            else {
                return Ok(entries);
            };
            if actual.is_empty() {
                continue;
            }
            entry.actual = actual;
            let question = format!("  confidence ({})> ", config.confidence.name());
            let confidence = ask_until_valid(input, output, &question, |c| {
                check(&Entry {
                    confidence: optional(Some(c.to_string())),
                    ..entry.clone()
                })
            })?;
            entry.confidence = optional(confidence);
            entry.insight = optional(ask(input, output, "  insight> ")?);
            entry.next = optional(ask(input, output, "  next action> ")?);
            entry.help = optional(ask(input, output, "  help needed> ")?);
            entries.push((path.display().to_string(), Ok(entry)));
        }
    }
    Ok(entries)
}

/// Asks until the answer is empty or passes `check`; `None` at end of input.
fn ask_until_valid(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    question: &str,
    check: impl Fn(&str) -> Result<(), String>,
) -> anyhow::Result<Option<String>> {
    loop {
        let Some(answer) = ask(input, output, question)? else {
            return Ok(None);
        };
        match check(&answer) {
            Err(e) if !answer.is_empty() => writeln!(output, "  {e}; try again")?,
            _ => return Ok(Some(answer)),
        }
    }
}

fn optional(answer: Option<String>) -> Option<String> {
    answer.filter(|a| !a.is_empty())
}
