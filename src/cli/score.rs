//! `okr score`: grades per KR, objective and document, and `--final` for the end of a cycle.

use super::exit;
use super::inputs::{stream_scored, InputArgs, SetArgs};
use super::prompt::ask;
use crate::doc::Document;
use crate::edit::final_scores::{backfits, recorded_learnings, with_scores_section, Backfit};
use crate::edit::write_atomic;
use crate::govern::lock::{doc_key, load, lock_path};
use crate::render::score::{render_scores, score_text, ScoreFormat, ScoreStream};
use crate::score::{evaluate_document, CycleState, DocumentScore};
use crate::workspace::{discover, load_document};
use anyhow::{bail, Context};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::Path;

const EXAMPLES: &str = "\
Examples:
  okr score                                   Grades for every document under ./okrs
  okr score --as-of 2026-02-15                Grades as they stood on a date
  okr score --format markdown                 Tables to paste into a PR or chat
  okr score --format json | jq '.documents[0].score'
  okr score okrs/2026-Q1/growth.md --final --learning O1-KR1=\"Pricing pages convert, ads do not\"
                                              Record final grades and learnings in the document";

/// Days before the cycle's end from which final grading is allowed: the final week.
const FINAL_WEEK_DAYS: i64 = 7;

/// Arguments for `okr score`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct ScoreArgs {
    #[command(flatten)]
    inputs: InputArgs,
    #[command(flatten)]
    at: super::at::AtArgs,
    #[command(flatten)]
    sets: SetArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScoreFormat::Human)]
    format: ScoreFormat,
    /// Record final grades and one learning per KR in the document's `## Scores` section.
    #[arg(long = "final")]
    final_grades: bool,
    /// A learning for `--final`, as KR=TEXT; repeat for each KR. Prompted for when missing.
    #[arg(long = "learning", value_name = "KR=TEXT", value_parser = parse_learning, requires = "final_grades")]
    learnings: Vec<(String, String)>,
}

fn parse_learning(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((kr, learning)) if !kr.trim().is_empty() && !learning.trim().is_empty() => {
            Ok((kr.trim().to_uppercase(), learning.trim().to_string()))
        }
        _ => Err(format!(
            "`{text}` is not KR=TEXT, such as O1-KR2=\"Onboarding emails moved activation\""
        )),
    }
}

/// Runs `okr score` and returns its exit status.
pub fn run(mut args: ScoreArgs) -> anyhow::Result<u8> {
    if args.final_grades {
        anyhow::ensure!(
            args.at.at.is_none(),
            "--final writes the grades into the documents, so it cannot read an old revision"
        );
        return run_final(args);
    }
    let _revision = args.at.enter(&mut args.inputs)?;
    let mut out = super::stdout();
    let format = args.format;
    let mut stream = ScoreStream::start(&mut out, format)?;
    let render = |doc: DocumentScore| ScoreStream::render(format, &doc);
    let (_, status) = stream_scored(&args.inputs, args.sets.sets(), render, |text| {
        stream.push(&text?)
    })?;
    stream.finish()?;
    out.flush()?;
    Ok(status)
}

/// Seed 002's end-of-cycle protocol: grade with the agreed method, record each KR's
/// final score and one learning, and never back-fit.
fn run_final(args: ScoreArgs) -> anyhow::Result<u8> {
    let (files, errors) = discover(&args.inputs.load_options());
    if let Some(e) = errors.first() {
        bail!("{e}");
    }
    let [path] = &files[..] else {
        bail!("--final grades one document at a time; name it, e.g. `okr score okrs/2026-Q1/team.md --final`");
    };
    let (doc, config) = load_document(path, args.inputs.config.clone())?;
    refuse_closed(path)?;
    let report = evaluate_document(&doc, &config, args.inputs.as_of, super::today(None));
    check_final_week(&report)?;
    let found = backfits(&doc, &config);
    if !found.is_empty() {
        report_backfits(&doc, &found)?;
        return Ok(exit::FINDINGS);
    }
    let learnings = gather_learnings(&doc, &report, args.learnings)?;
    let updated = with_scores_section(&doc, &report, &config, &learnings);
    write_if_changed(path, doc.source.text(), &updated)?;
    render_scores(&mut anstream::stdout().lock(), args.format, &[report])?;
    Ok(exit::CLEAN)
}

/// A closed cycle's grades are history: `okr close` froze them.
fn refuse_closed(path: &Path) -> anyhow::Result<()> {
    let lock = load(&lock_path(path)).map_err(|e| anyhow::anyhow!(e))?;
    if let Some(on) = lock.documents.get(&doc_key(path)).and_then(|d| d.closed_on) {
        bail!(
            "{}: the cycle was closed on {on}; its grades are final",
            path.display()
        );
    }
    Ok(())
}

fn check_final_week(report: &DocumentScore) -> anyhow::Result<()> {
    let Some(period) = report.period else {
        bail!(
            "{}: final grades need a cycle; add `cycle:` to the front-matter",
            report.path
        );
    };
    let opens = period.end - chrono::Days::new(FINAL_WEEK_DAYS as u64 - 1);
    if report.state != CycleState::Over && report.as_of < opens {
        bail!(
            "{}: cycle {} runs until {}; final grades open on {} (or pass --as-of to grade a date in the final week)",
            report.path,
            report.cycle.as_deref().unwrap_or("?"),
            period.end,
            opens
        );
    }
    Ok(())
}

fn report_backfits(doc: &Document, found: &[Backfit]) -> anyhow::Result<()> {
    let mut stderr = anstream::stderr();
    for b in found {
        let at = doc.source.position(b.span.start);
        writeln!(
            stderr,
            "{}:{}:{}: error: {} {} changed since final grading: recorded `{}`, now `{}`",
            doc.source.path().display(),
            at.line,
            at.column,
            b.kr,
            b.field,
            b.recorded,
            b.now
        )?;
    }
    writeln!(
        stderr,
        "  = help: final grades use the method and targets agreed at the start; restore the graded values instead of back-fitting"
    )?;
    Ok(())
}

/// Recorded learnings, overridden by `--learning`, with the rest prompted for on a terminal.
fn gather_learnings(
    doc: &Document,
    report: &DocumentScore,
    given: Vec<(String, String)>,
) -> anyhow::Result<BTreeMap<String, String>> {
    let mut learnings = recorded_learnings(doc);
    for (kr, text) in given {
        if !report.key_results().any(|k| k.id.eq_ignore_ascii_case(&kr)) {
            bail!(
                "--learning names {kr}, which is not a key result in {}",
                report.path
            );
        }
        learnings.insert(kr, text);
    }
    let missing: Vec<_> = report
        .key_results()
        .filter(|kr| !learnings.contains_key(&kr.id.to_uppercase()))
        .collect();
    if missing.is_empty() {
        return Ok(learnings);
    }
    if !std::io::stdin().is_terminal() {
        let ids: Vec<&str> = missing.iter().map(|k| k.id.as_str()).collect();
        bail!(
            "no learning for {}: record one per KR with --learning {}=\"what will change next cycle's bets\"",
            ids.join(", "),
            ids[0]
        );
    }
    let (mut input, mut output) = (std::io::stdin().lock(), std::io::stderr());
    for kr in missing {
        let question = format!(
            "{} ({} {}) {}\n  learning> ",
            kr.id,
            score_text(kr.score, report.scale),
            crate::render::score::rag_text(kr.rag),
            kr.statement
        );
        match ask(&mut input, &mut output, &question)? {
            Some(text) if !text.is_empty() => {
                learnings.insert(kr.id.to_uppercase(), text);
            }
            _ => bail!("{} needs a learning; nothing was written", kr.id),
        }
    }
    Ok(learnings)
}

/// Writes `updated` atomically unless it equals `original`, refusing if the file changed meanwhile.
fn write_if_changed(path: &Path, original: &str, updated: &str) -> anyhow::Result<()> {
    let mut stderr = anstream::stderr();
    if original == updated {
        writeln!(
            stderr,
            "okr: {} already records these final grades",
            path.display()
        )?;
        return Ok(());
    }
    let now = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    if now != original.as_bytes() {
        bail!(
            "{}: the file changed while grading; nothing was written, run again",
            path.display()
        );
    }
    write_atomic(path, updated.as_bytes())
        .with_context(|| format!("{}: cannot write", path.display()))?;
    writeln!(
        stderr,
        "okr: recorded final grades in {} (## Scores)",
        path.display()
    )?;
    Ok(())
}
