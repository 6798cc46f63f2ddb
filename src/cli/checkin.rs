//! `okr checkin`: record a weekly update in the document, one KR at a time, walked
//! through interactively, or imported from CSV. All entries are validated before any
//! file is written.

use super::exit;
use super::kr_index::{Documents, KrIndex};
use crate::checkin::{
    complete_same_day, date_problems, far_outside, find_kr, insert_checkin, validate,
    value_problems, with_kr_unit, Entry,
};
use crate::doc::parse::parse_document;
use crate::edit::update_locked;
use crate::render::score::{rag_text, score_text};
use crate::score::{evaluate_key_result, KrScore};
use crate::workspace::{config_for, load_document};
use anyhow::{bail, Context};
use chrono::NaiveDate;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

mod csv_import;
mod interactive;

const EXAMPLES: &str = "\
Examples:
  okr checkin O1-KR2 24% --confidence 7 --insight \"Billing articles deflect tickets\" --next \"Write refund articles\"
  okr checkin O2-KR1 410ms --file okrs/2026-Q1/support.md --date 2026-02-16
  okr checkin                        Walk through every KR and answer the prompts
  okr checkin --owner dana           Only the KRs Dana owns
  okr checkin --from weekly.csv      Import kr,actual,date[,confidence,insight,next,help]
  okr checkin O1-KR2 --confidence 7 --insight \"…\"   Complete today's row `okr pull` wrote";

/// Arguments for `okr checkin`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct CheckinArgs {
    /// The KR's ID, such as O1-KR2. Leave it out to be walked through every KR.
    kr: Option<String>,
    /// The measured value in the KR's unit (done or not done for binary KRs). Leave it
    /// out to add confidence, insight or next action to the day's row (after `okr pull`).
    #[arg(requires = "kr")]
    actual: Option<String>,
    /// The document (or directory) holding the KR [default: ./okrs].
    #[arg(long)]
    file: Option<PathBuf>,
    /// Confidence on the scale set in okr.yaml (0-10 unless changed).
    #[arg(long)]
    confidence: Option<String>,
    /// One thing learned this week.
    #[arg(long)]
    insight: Option<String>,
    /// The next action.
    #[arg(long)]
    next: Option<String>,
    /// Help needed, if any.
    #[arg(long = "help-needed", value_name = "TEXT")]
    help_needed: Option<String>,
    /// The day the value was measured [default: today].
    #[arg(long, value_parser = super::parse_as_of)]
    date: Option<NaiveDate>,
    /// Interactive mode: only KRs whose owner contains this text.
    #[arg(long)]
    owner: Option<String>,
    /// Import check-ins from a CSV file; every row is validated before anything is written.
    #[arg(long, value_name = "FILE.csv", conflicts_with_all = ["kr", "interactive"])]
    from: Option<PathBuf>,
    /// Ask the interactive questions even when stdin is not a terminal (scripted answers).
    #[arg(long)]
    interactive: bool,
    /// Replace the KR's check-in for the same day instead of refusing a second one.
    #[arg(long)]
    replace: bool,
    /// Use this config file instead of the closest okr.yaml.
    #[arg(long)]
    config: Option<PathBuf>,
}

impl CheckinArgs {
    /// Whether any of confidence, insight, next action or help is given.
    fn gives_narrative(&self) -> bool {
        [
            &self.confidence,
            &self.insight,
            &self.next,
            &self.help_needed,
        ]
        .iter()
        .any(|f| f.is_some())
    }
}

/// An entry as submitted, before it is matched to its KR.
pub struct Submitted {
    /// Where it came from (`weekly.csv:3`); `None` for the command line.
    origin: Option<String>,
    entry: Entry,
    /// Problems found while reading it: an empty KR cell, an unreadable date.
    problems: Vec<String>,
    /// Whether `entry.date` was read; date checks are skipped when it was not.
    date_known: bool,
    /// The document, when the submitter knows it; otherwise it is found by the KR's ID.
    path: Option<PathBuf>,
}

impl Submitted {
    /// An entry read without problems.
    fn new(origin: Option<String>, entry: Entry) -> Self {
        Submitted {
            origin,
            entry,
            problems: Vec::new(),
            date_known: true,
            path: None,
        }
    }

    /// An entry for the KR of that ID in the document at `path`.
    pub(super) fn for_document(origin: String, path: PathBuf, entry: Entry) -> Self {
        Submitted {
            path: Some(path),
            ..Submitted::new(Some(origin), entry)
        }
    }
}

/// A validated entry and the document it goes into.
pub(super) struct Planned {
    /// The document.
    pub path: PathBuf,
    /// The row to write.
    pub entry: Entry,
}

/// How entries are written.
pub(super) struct Recording {
    /// Replace a same-day row instead of refusing it.
    pub replace: bool,
    /// The config given with `--config`.
    pub config: Option<PathBuf>,
}

/// Runs `okr checkin` and returns its exit status.
pub fn run(args: CheckinArgs) -> anyhow::Result<u8> {
    let today = super::today(None);
    let date = args.date.unwrap_or(today);
    let mut index = KrIndex::build(args.file.clone(), args.config.clone())?;
    let mut docs = index.take_documents();
    let entries: Vec<Submitted> = if let Some(csv) = &args.from {
        csv_import::read(csv)?
    } else if let (Some(kr), Some(actual)) = (&args.kr, &args.actual) {
        vec![Submitted::new(None, single_entry(&args, kr, actual, date))]
    } else if let (Some(kr), true) = (&args.kr, args.gives_narrative()) {
        vec![Submitted::new(None, single_entry(&args, kr, "", date))]
    } else if args.kr.is_some() {
        bail!(
            "give the actual after the KR, e.g. `okr checkin {} 24%`",
            args.kr.as_deref().unwrap_or("O1-KR1")
        );
    } else if args.interactive || std::io::stdin().is_terminal() {
        let mut input = std::io::stdin().lock();
        interactive::walk(&index, &args, date, &mut input, &mut std::io::stderr())?
    } else {
        bail!("stdin is not a terminal: pass a KR and an actual (`okr checkin O1-KR2 24%`), --from FILE.csv, or --interactive to read answers from stdin");
    };
    if entries.is_empty() {
        eprintln!("okr: nothing to check in");
        return Ok(exit::CLEAN);
    }
    let recording = Recording {
        replace: args.replace,
        config: args.config.clone(),
    };
    let planned = plan(Some(&index), &mut docs, entries, &recording, today)?;
    let written = write(&planned, docs, &args.config, today)?;
    report(&planned, &written)?;
    Ok(exit::CLEAN)
}

fn single_entry(args: &CheckinArgs, kr: &str, actual: &str, date: NaiveDate) -> Entry {
    Entry {
        kr: kr.trim().to_uppercase(),
        date,
        actual: actual.trim().to_string(),
        confidence: args.confidence.clone(),
        insight: args.insight.clone(),
        next: args.next.clone(),
        help: args.help_needed.clone(),
        replace: args.replace,
    }
}

/// Resolves and validates every entry; any problem stops the run before anything is
/// written, and every problem of every entry is listed.
pub(super) fn plan(
    index: Option<&KrIndex>,
    docs: &mut Documents,
    entries: Vec<Submitted>,
    recording: &Recording,
    today: NaiveDate,
) -> anyhow::Result<Vec<Planned>> {
    let mut problems = Vec::new();
    let mut planned = Vec::new();
    for submitted in entries {
        let origin = submitted.origin.clone();
        let kr = submitted.entry.kr.clone();
        match resolve(index, docs, submitted, recording, today)? {
            Ok(p) => planned.push(p),
            Err(Refused {
                problems: found,
                found_kr,
            }) => {
                let kr = found_kr.then_some(kr.as_str());
                problems.push(problem_line(origin.as_deref(), kr, &found));
            }
        }
    }
    if !problems.is_empty() {
        bail!("{}\nnothing was written", problems.join("\n"));
    }
    planned.sort_by_key(|p| p.entry.date);
    Ok(planned)
}

/// Why an entry cannot be written.
struct Refused {
    problems: Vec<String>,
    /// Whether the KR was found, so the problems are about it (and name it first).
    found_kr: bool,
}

impl Refused {
    fn before_kr(problems: Vec<String>) -> Self {
        Refused {
            problems,
            found_kr: false,
        }
    }
}

/// `weekly.csv:3: O1-KR1: a; b`, leaving out what is unknown.
fn problem_line(origin: Option<&str>, kr: Option<&str>, problems: &[String]) -> String {
    origin
        .into_iter()
        .chain(kr)
        .map(|part| format!("{part}: "))
        .collect::<String>()
        + &problems.join("; ")
}

/// Matches one entry to its KR and checks it; every problem found, when there are any.
fn resolve(
    index: Option<&KrIndex>,
    docs: &mut Documents,
    submitted: Submitted,
    recording: &Recording,
    today: NaiveDate,
) -> anyhow::Result<Result<Planned, Refused>> {
    let Submitted {
        mut entry,
        mut problems,
        date_known,
        path,
        ..
    } = submitted;
    entry.replace |= recording.replace;
    if entry.kr.is_empty() {
        return Ok(Err(Refused::before_kr(problems)));
    }
    let located = match (path, index) {
        (Some(path), _) => Ok(path),
        (None, Some(index)) => index
            .locate(&entry.kr, if date_known { entry.date } else { today })
            .map(Path::to_path_buf),
        (None, None) => Err(format!("{}: no document named", entry.kr)),
    };
    let path = match located {
        Ok(p) => p,
        Err(e) => {
            problems.push(e);
            return Ok(Err(Refused::before_kr(problems)));
        }
    };
    if !docs.contains_key(&path) {
        docs.insert(
            path.clone(),
            load_document(&path, recording.config.clone())?,
        );
    }
    let (doc, config) = &docs[&path];
    let Some(kr) = find_kr(doc, &entry.kr) else {
        problems.push(format!("{}: no such KR in {}", entry.kr, path.display()));
        return Ok(Err(Refused::before_kr(problems)));
    };
    if entry.actual.is_empty() {
        if let Err(problem) = complete_same_day(doc, &mut entry) {
            problems.push(problem);
            return Ok(Err(Refused {
                problems,
                found_kr: true,
            }));
        }
    }
    if let Some(with_unit) = with_kr_unit(kr, &entry.actual) {
        entry.actual = with_unit;
    }
    problems.extend(value_problems(doc, kr, &entry, config));
    if date_known {
        problems.extend(date_problems(doc, kr, &entry, today));
    }
    if !problems.is_empty() {
        return Ok(Err(Refused {
            problems,
            found_kr: true,
        }));
    }
    if let Some(warning) = far_outside(kr, &entry.actual) {
        eprintln!("okr: warning: {warning}");
    }
    Ok(Ok(Planned { path, entry }))
}

/// Inserts every entry under file locks, oldest first so the newest row ends on top.
/// Returns each written document's model, brought up to date without parsing it again.
pub(super) fn write(
    planned: &[Planned],
    mut docs: Documents,
    config: &Option<PathBuf>,
    today: NaiveDate,
) -> anyhow::Result<Documents> {
    let paths: Vec<PathBuf> = planned.iter().map(|p| p.path.clone()).collect();
    let mut written = Documents::new();
    update_locked(&paths, |path, text| {
        // The text read under the lock is usually the text planned from: reuse its parse.
        let (mut doc, config) = match docs.remove(path) {
            Some((doc, config)) if doc.source.text() == text => (doc, config),
            _ => (
                parse_document(path, text.to_string()),
                config_for(path, config.clone())?,
            ),
        };
        let mine: Vec<&Planned> = planned.iter().filter(|p| p.path == path).collect();
        for p in &mine {
            let kr = find_kr(&doc, &p.entry.kr).with_context(|| {
                format!(
                    "{}: {} disappeared while checking in",
                    path.display(),
                    p.entry.kr
                )
            })?;
            validate(&doc, kr, &p.entry, &config, today)
                .map_err(|e| anyhow::anyhow!("{}: {e}", p.entry.kr))?;
            doc = parse_document(path, insert_checkin(&doc, &p.entry));
        }
        let text = doc.source.text().to_string();
        written.insert(path.to_path_buf(), (doc, config));
        Ok(text)
    })?;
    Ok(written)
}

/// One line per entry: the new score, RAG, change since the last check-in, and pace.
pub(super) fn report(planned: &[Planned], written: &Documents) -> anyhow::Result<()> {
    let mut out = anstream::stdout().lock();
    for p in planned {
        let Some((doc, config)) = written.get(&p.path) else {
            continue;
        };
        let scored = find_kr(doc, &p.entry.kr)
            .and_then(|kr| evaluate_key_result(doc, config, kr, Some(p.entry.date), p.entry.date));
        let Some(kr) = scored else {
            continue;
        };
        writeln!(out, "{}", summary(&kr, &config.scale, &p.path))?;
    }
    Ok(())
}

/// `O1-KR1 24% on 2026-02-16: 0.60 amber (+0.20), on pace · okrs/support.md`.
fn summary(kr: &KrScore, scale: &crate::config::ScoreScale, path: &Path) -> String {
    let change = match (kr.score, kr.previous_score) {
        (Some(now), Some(before)) => format!(" ({:+.2})", now - before),
        _ => String::new(),
    };
    let pace = kr
        .pace
        .map_or(String::new(), |p| format!(", {}", p.label()));
    format!(
        "{} {} on {}: {} {}{change}{pace} · {}",
        kr.id,
        kr.actual.as_deref().unwrap_or("?"),
        kr.actual_date.map_or(String::new(), |d| d.to_string()),
        score_text(kr.score, *scale),
        rag_text(kr.rag),
        path.display()
    )
}
