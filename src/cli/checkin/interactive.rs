//! `okr checkin` with no KR: a walk through the KRs, one question at a time, with a way
//! back and a summary to confirm before anything is written.

use super::{CheckinArgs, Submitted};
use crate::checkin::{far_outside, find_kr, validate, with_kr_unit, Entry};
use crate::cli::kr_index::KrIndex;
use crate::cli::prompt::ask;
use crate::config::Config;
use crate::doc::{Document, Scoring};
use crate::render::score::{rag_text, score_text};
use crate::score::{evaluate_document, method_for};
use crate::workspace::load_document;
use anyhow::bail;
use chrono::NaiveDate;
use std::io::{BufRead, Write};
use std::sync::Arc;

/// The answer that goes back one question.
const BACK: &str = "<";

/// The questions asked for each KR, in order.
const QUESTIONS: [&str; 5] = [
    "actual",
    "confidence",
    "insight",
    "next action",
    "help needed",
];

/// One KR to ask about.
struct Prompt {
    doc: usize,
    id: String,
    header: String,
    binary: bool,
}

/// Asks for each KR's update, then shows what will be written and asks to confirm.
/// Enter at the actual skips a KR, `<` goes back one answer, end of input ends the walk.
pub fn walk(
    index: &KrIndex,
    args: &CheckinArgs,
    date: NaiveDate,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> anyhow::Result<Vec<Submitted>> {
    let docs: Vec<(Document, Arc<Config>)> = index
        .paths
        .iter()
        .map(|p| load_document(p, args.config.clone()))
        .collect::<Result<_, _>>()?;
    let prompts = prompts(&docs, args.owner.as_deref(), date)?;
    writeln!(output, "Enter skips a KR, `{BACK}` goes back one answer.")?;
    let mut walk = Walk {
        docs: &docs,
        prompts: &prompts,
        answers: vec![Default::default(); prompts.len()],
        date,
        replace: args.replace,
        input,
        output,
    };
    walk.run()?;
    let entries = walk.entries();
    if entries.is_empty() || !walk.confirm(&entries)? {
        return Ok(Vec::new());
    }
    Ok(entries
        .into_iter()
        .map(|(doc, entry)| Submitted::new(Some(index.paths[doc].display().to_string()), entry))
        .collect())
}

/// The KRs to ask about, with the header shown before each; an owner filter that
/// matches nobody is an error naming the owners there are.
fn prompts(
    docs: &[(Document, Arc<Config>)],
    owner: Option<&str>,
    date: NaiveDate,
) -> anyhow::Result<Vec<Prompt>> {
    let mut prompts = Vec::new();
    let mut owners = Vec::new();
    for (i, (doc, config)) in docs.iter().enumerate() {
        let scored = evaluate_document(doc, config, Some(date), date);
        for kr in scored.key_results() {
            owners.extend(kr.owner.clone());
            let owned = owner.is_none_or(|o| {
                kr.owner
                    .as_ref()
                    .is_some_and(|k| k.to_lowercase().contains(&o.to_lowercase()))
            });
            let Some(card) = find_kr(doc, &kr.id).filter(|_| owned) else {
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
            prompts.push(Prompt {
                doc: i,
                id: kr.id.clone(),
                header: format!(
                    "\n{}  {}\n  baseline {} · target {} · {last}",
                    kr.id,
                    kr.statement,
                    kr.baseline.as_deref().unwrap_or("—"),
                    kr.target.as_deref().unwrap_or("—")
                ),
                binary: matches!(*method_for(card, config), Scoring::Binary),
            });
        }
    }
    if let (Some(owner), true) = (owner, prompts.is_empty()) {
        owners.sort();
        owners.dedup();
        bail!(
            "no KR owner matches `{owner}`; the owners are: {}",
            if owners.is_empty() {
                "none named".to_string()
            } else {
                owners.join(", ")
            }
        );
    }
    Ok(prompts)
}

/// The answers so far, one row of [`QUESTIONS`] per KR.
struct Walk<'a> {
    docs: &'a [(Document, Arc<Config>)],
    prompts: &'a [Prompt],
    answers: Vec<[String; 5]>,
    date: NaiveDate,
    replace: bool,
    input: &'a mut dyn BufRead,
    output: &'a mut dyn Write,
}

impl Walk<'_> {
    /// Asks every question in turn until the last KR is done or input ends.
    fn run(&mut self) -> anyhow::Result<()> {
        let (mut k, mut q) = (0, 0);
        while k < self.prompts.len() {
            if q == 0 {
                writeln!(self.output, "{}", self.prompts[k].header)?;
            }
            let question = self.question(k, q);
            let Some(answer) = ask(self.input, self.output, &question)? else {
                return Ok(());
            };
            if answer == BACK {
                (k, q) = self.back(k, q)?;
                continue;
            }
            match self.accept(k, q, answer)? {
                Accepted::Retry => {}
                Accepted::SkipKr => (k, q) = (k + 1, 0),
                Accepted::Next if q + 1 == QUESTIONS.len() => (k, q) = (k + 1, 0),
                Accepted::Next => q += 1,
            }
        }
        Ok(())
    }

    fn question(&self, k: usize, q: usize) -> String {
        match q {
            0 if self.prompts[k].binary => "  actual (done / not done; Enter skips)> ".to_string(),
            0 => "  actual (Enter skips)> ".to_string(),
            1 => {
                let scale = self.docs[self.prompts[k].doc].1.confidence.name();
                format!("  confidence ({scale})> ")
            }
            _ => format!("  {}> ", QUESTIONS[q]),
        }
    }

    /// The question before `(k, q)`: the previous one for this KR, else the last one
    /// answered for the previous KR.
    fn back(&mut self, k: usize, q: usize) -> anyhow::Result<(usize, usize)> {
        if q > 0 {
            return Ok((k, q - 1));
        }
        if k == 0 {
            writeln!(self.output, "  nothing to go back to")?;
            return Ok((k, q));
        }
        let previous = if self.answers[k - 1][0].is_empty() {
            0
        } else {
            QUESTIONS.len() - 1
        };
        if previous == 0 {
            writeln!(self.output, "{}", self.prompts[k - 1].header)?;
        }
        Ok((k - 1, previous))
    }

    /// Checks and stores one answer.
    fn accept(&mut self, k: usize, q: usize, answer: String) -> anyhow::Result<Accepted> {
        let prompt = &self.prompts[k];
        let (doc, config) = &self.docs[prompt.doc];
        let card = find_kr(doc, &prompt.id).expect("prompts come from this document");
        if q == 0 && answer.is_empty() {
            self.answers[k] = Default::default();
            return Ok(Accepted::SkipKr);
        }
        let answer = match q {
            0 => with_kr_unit(card, &answer).unwrap_or(answer),
            _ => answer,
        };
        let mut row = self.answers[k].clone();
        row[q] = answer.clone();
        let today = crate::cli::today(None);
        if q < 2 {
            if let Err(e) = validate(doc, card, &self.entry(&prompt.id, &row), config, today) {
                writeln!(self.output, "  {e}; try again")?;
                return Ok(Accepted::Retry);
            }
        }
        if let Some(warning) = far_outside(card, &answer).filter(|_| q == 0) {
            let keep = ask(
                self.input,
                self.output,
                &format!("  {warning}. Keep it? [y/N]> "),
            )?;
            if !keep.is_some_and(|k| k.eq_ignore_ascii_case("y") || k.eq_ignore_ascii_case("yes")) {
                return Ok(Accepted::Retry);
            }
        }
        self.answers[k][q] = answer;
        Ok(Accepted::Next)
    }

    /// Each KR with an actual, as an entry, with the index of its document.
    fn entries(&self) -> Vec<(usize, Entry)> {
        self.prompts
            .iter()
            .zip(&self.answers)
            .filter(|(_, row)| !row[0].is_empty())
            .map(|(p, row)| (p.doc, self.entry(&p.id, row)))
            .collect()
    }

    /// Shows the rows about to be written and asks to go ahead; only `y`, `yes` or
    /// Enter writes them.
    fn confirm(&mut self, entries: &[(usize, Entry)]) -> anyhow::Result<bool> {
        writeln!(
            self.output,
            "\nAbout to write {} check-in(s) for {}:",
            entries.len(),
            self.date
        )?;
        for (_, e) in entries {
            let details = [&e.confidence, &e.insight, &e.next, &e.help]
                .into_iter()
                .zip(["confidence", "insight", "next", "help"])
                .filter_map(|(v, label)| v.as_ref().map(|v| format!("{label}: {v}")))
                .collect::<Vec<_>>();
            writeln!(
                self.output,
                "  {} {}  {}",
                e.kr,
                e.actual,
                details.join(" · ")
            )?;
        }
        let answer = ask(self.input, self.output, "Write them? [Y/n]> ")?;
        let yes = answer.as_deref().is_some_and(|a| {
            a.is_empty() || a.eq_ignore_ascii_case("y") || a.eq_ignore_ascii_case("yes")
        });
        if !yes {
            writeln!(self.output, "Nothing was written.")?;
        }
        Ok(yes)
    }
}

/// What happened to one answer.
enum Accepted {
    /// Stored; go to the next question.
    Next,
    /// Enter at the actual: nothing for this KR.
    SkipKr,
    /// Refused; ask again.
    Retry,
}

impl Walk<'_> {
    /// The entry one KR's answers make.
    fn entry(&self, kr: &str, row: &[String; 5]) -> Entry {
        let optional = |s: &String| (!s.is_empty()).then(|| s.clone());
        Entry {
            kr: kr.to_string(),
            date: self.date,
            actual: row[0].clone(),
            confidence: optional(&row[1]),
            insight: optional(&row[2]),
            next: optional(&row[3]),
            help: optional(&row[4]),
            replace: self.replace,
        }
    }
}
