//! Arguments shared by the commands that read documents, and how their load errors are shown.

use crate::doc::cycle::{parse_cycle, Period};
use crate::score::{evaluate_document_sets, DocumentScore, Sets};
use crate::workspace::{stream, LoadError, LoadOptions};
use chrono::NaiveDate;
use std::io::{self, Write};
use std::path::PathBuf;

/// Which documents to read, with which config, at which date.
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// Files or directories [default: ./okrs].
    pub paths: Vec<PathBuf>,
    /// Treat this date (YYYY-MM-DD) as today, for repeatable runs.
    #[arg(long, value_parser = super::parse_as_of)]
    pub as_of: Option<NaiveDate>,
    /// Use this config file instead of the closest okr.yaml.
    #[arg(long)]
    pub config: Option<PathBuf>,
}

impl InputArgs {
    /// The options for [`crate::workspace::analyse`].
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            paths: self.paths.clone(),
            config: self.config.clone(),
        }
    }
}

/// Prints each distinct load error once, to stderr.
pub fn report_load_errors(errors: &[LoadError]) -> io::Result<()> {
    let mut stderr = anstream::stderr();
    let mut reported: Vec<String> = Vec::new();
    for e in errors {
        let message = e.to_string();
        if !reported.contains(&message) {
            writeln!(stderr, "okr: error: {message}")?;
            reported.push(message);
        }
    }
    Ok(())
}

/// Which OKR set of a file that holds several (one per quarter) to score.
#[derive(Debug, Default, clap::Args)]
pub struct SetArgs {
    /// Score the set for this cycle (`2026-Q1`, `Q1 2026`) in files that hold one set per
    /// cycle [default: the set running on the as-of date].
    #[arg(long, value_parser = parse_cycle_arg)]
    cycle: Option<Period>,
}

impl SetArgs {
    /// The sets to score.
    pub fn sets(&self) -> Sets {
        self.cycle.map_or(Sets::Current, Sets::Cycle)
    }
}

fn parse_cycle_arg(text: &str) -> Result<Period, String> {
    parse_cycle(text)
        .ok_or_else(|| format!("`{text}` is not a cycle; write 2026-Q1, Q1 2026, 2026-H1 or 2026"))
}

/// Scores every document `inputs` names, for commands that need them all at once.
pub fn scored_documents(
    inputs: &InputArgs,
    sets: Sets,
) -> anyhow::Result<(Vec<DocumentScore>, u8)> {
    let mut documents = Vec::new();
    let (_, status) = stream_scored(
        inputs,
        sets,
        |d| d,
        |d| {
            documents.push(d);
            Ok(())
        },
    )?;
    Ok((documents, status))
}

/// Scores every document `inputs` names, `render`s each on any core, and hands the
/// results to `sink` in path order a window at a time, so memory stays bounded. Load
/// errors are reported at the end. Returns how many documents were scored, and the
/// exit status.
pub fn stream_scored<T: Send>(
    inputs: &InputArgs,
    sets: Sets,
    render: impl Fn(DocumentScore) -> T + Sync,
    sink: impl FnMut(T) -> io::Result<()>,
) -> anyhow::Result<(usize, u8)> {
    let today = super::today(None);
    let as_of = inputs.as_of;
    let streamed = stream(
        &inputs.load_options(),
        |doc, config| render(evaluate_document_sets(doc, config, as_of, today, sets)),
        sink,
    )?;
    report_load_errors(&streamed.errors)?;
    let status = if streamed.errors.is_empty() {
        super::exit::CLEAN
    } else {
        super::exit::FAILURE
    };
    Ok((streamed.analysed, status))
}
