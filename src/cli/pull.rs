//! `okr pull`: read each KR's actual from its metric's source of truth and record it
//! as a check-in, with the same all-or-nothing write as `okr checkin --from`.

use super::checkin::{plan, report, write, Planned, Recording, Submitted};
use super::exit;
use super::kr_index::Documents;
use crate::checkin::{checkin_row, Entry};
use crate::config::Config;
use crate::metrics::connect::Settings;
use crate::metrics::pull::{actual_for, fetch_all, targets, Request, Target};
use crate::workspace::{load_documents, LoadOptions};
use anyhow::bail;
use chrono::NaiveDate;
use clap::ValueEnum;
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

const EXAMPLES: &str = "\
Examples:
  okr pull                          Pull every KR that names a metric, as of today
  okr pull --dry-run                Show the rows it would write, and write nothing
  okr pull --date 2026-11-30        Values as of a past day (each source is asked for that day)
  okr pull --metric api_p95         Only the KRs using this metric
  okr pull okrs/2026-Q4/growth.md   Only this document

A KR names a metric with `- Metric: <name>`; metrics.yaml says how to read it.";

/// Arguments for `okr pull`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct PullArgs {
    /// Documents or directories [default: ./okrs].
    paths: Vec<PathBuf>,
    /// The day the values are for [default: today].
    #[arg(long, value_parser = super::parse_as_of)]
    date: Option<NaiveDate>,
    /// Print the rows that would be written, and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Only KRs using this metric (repeatable).
    #[arg(long = "metric", value_name = "NAME")]
    metrics: Vec<String>,
    /// Replace a same-day check-in instead of refusing it.
    #[arg(long)]
    replace: bool,
    /// How many metrics to read at once [default: `pull.jobs` in okr.yaml, 8].
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PullFormat::Human)]
    format: PullFormat,
    /// Use this config file instead of the closest okr.yaml.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Let `command` metrics run their program. A repository cannot allow this itself;
    /// also `OKR_ALLOW_COMMAND=1` or `pull: {allow_command: true}` in your own
    /// ~/.config/okr/config.yaml.
    #[arg(long)]
    allow_command: bool,
    /// Let file and SQLite metrics read files outside the repository (also
    /// `OKR_ALLOW_OUTSIDE_FILES=1` or `pull: {allow_outside_files: true}` in your own config).
    #[arg(long)]
    allow_outside_files: bool,
}

/// How `okr pull` reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum PullFormat {
    /// Rows and new scores, for people.
    Human,
    /// One object per pulled KR, for scripts.
    Json,
}

/// A pulled value, as reported in JSON.
#[derive(Serialize)]
struct PulledRow<'a> {
    path: &'a std::path::Path,
    kr: &'a str,
    metric: &'a str,
    date: NaiveDate,
    value: f64,
    actual: &'a str,
    written: bool,
}

/// The KRs to pull, each with its document, and how to pull them.
struct Found {
    targets: Vec<(PathBuf, Target)>,
    settings: Settings,
    jobs: usize,
    /// The documents read, kept so that none is parsed twice.
    docs: Documents,
}

/// A metric's name and the value read for it.
type Value = (String, f64);

/// Runs `okr pull` and returns its exit status.
pub fn run(args: PullArgs) -> anyhow::Result<u8> {
    crate::trust::set(crate::trust::Trust {
        allow_command: args.allow_command,
        allow_outside_files: args.allow_outside_files,
    })
    .map_err(|e| anyhow::anyhow!(e))?;
    let today = super::today(None);
    let date = args.date.unwrap_or(today);
    let Found {
        targets: found,
        settings,
        jobs,
        mut docs,
    } = find_targets(&args, date)?;
    if found.is_empty() {
        eprintln!("okr: no key result names a metric; add `- Metric: <name>` to a KR card");
        return Ok(exit::CLEAN);
    }
    let requests: Vec<Request<'_>> = found
        .iter()
        .map(|(_, t)| Request {
            metric: &t.metric,
            window: t.window,
        })
        .collect();
    let bound = args.jobs.map_or(jobs, usize::from);
    let values = fetch_all(
        &requests,
        &settings,
        bound,
        &progress_printer(requests.len()),
    );
    let (entries, pulled) = entries(&found, values, date, &docs)?;
    let recording = Recording {
        replace: args.replace,
        config: args.config.clone(),
    };
    let planned = plan(None, &mut docs, entries, &recording, today)?;
    if args.dry_run {
        print_rows(&planned, &pulled, &docs, args.format, false)?;
        return Ok(exit::CLEAN);
    }
    let written = write(&planned, docs, &args.config, today)?;
    match args.format {
        PullFormat::Human => report(&planned, &written)?,
        PullFormat::Json => print_rows(&planned, &pulled, &written, args.format, true)?,
    }
    Ok(exit::CLEAN)
}

/// Every KR to pull, with the pull settings of the first config met.
fn find_targets(args: &PullArgs, date: NaiveDate) -> anyhow::Result<Found> {
    let options = LoadOptions {
        paths: args.paths.clone(),
        config: args.config.clone(),
    };
    let outcome = load_documents(&options);
    if let Some(e) = outcome.errors.first() {
        bail!("{e}");
    }
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let mut settings = None;
    let mut docs = Documents::new();
    for (path, (doc, config)) in outcome.results {
        let before = found.len();
        for target in targets(&doc, &config.dictionary, date, &args.metrics) {
            match target {
                Ok(t) => found.push((path.clone(), t)),
                Err(problem) => problems.push(problem),
            }
        }
        settings.get_or_insert_with(|| settings_of(&config));
        if found.len() > before {
            docs.insert(path, (doc, config));
        }
    }
    if !problems.is_empty() {
        bail!("{}\nnothing was pulled", problems.join("\n"));
    }
    let (settings, jobs) = settings.unwrap_or_else(|| settings_of(&Config::default()));
    Ok(Found {
        targets: found,
        settings,
        jobs,
        docs,
    })
}

fn settings_of(config: &Config) -> (Settings, usize) {
    let pull = &config.pull;
    let settings = Settings {
        timeout: Duration::from_secs_f64(
            pull.timeout.clamp(0.001, crate::config::MAX_PULL_TIMEOUT),
        ),
        trust: crate::trust::current(),
        repo_asked_for_command: pull.allow_command,
    };
    (settings, pull.jobs)
}

/// `pulling 12/100` on a terminal, for more than a few metrics.
fn progress_printer(total: usize) -> impl Fn(usize, usize) + Sync {
    let show = total > 3 && std::io::stderr().is_terminal();
    move |done, of| {
        if show {
            let end = if done == of { "\n" } else { "" };
            eprint!("\rokr: pulled {done}/{of} metrics{end}");
        }
    }
}

/// A check-in entry per pulled value, or every failure and anomaly at once.
fn entries(
    found: &[(PathBuf, Target)],
    values: Vec<Result<f64, String>>,
    date: NaiveDate,
    docs: &Documents,
) -> anyhow::Result<(Vec<Submitted>, Vec<Value>)> {
    let mut submitted = Vec::new();
    let mut pulled = Vec::new();
    let mut problems = Vec::new();
    for ((path, target), value) in found.iter().zip(values) {
        let origin = format!(
            "{}:{}: {} (metric `{}`)",
            path.display(),
            target.line,
            target.kr,
            target.metric.name
        );
        let actual = value.and_then(|v| {
            let (doc, _) = &docs[path];
            let kr = crate::checkin::find_kr(doc, &target.kr)
                .ok_or_else(|| format!("{} is no longer in the document", target.kr))?;
            actual_for(&target.metric, kr, v).map(|a| (a, v))
        });
        match actual {
            Ok((actual, value)) => {
                pulled.push((target.metric.name.clone(), value));
                submitted.push(Submitted::for_document(
                    format!("{}:{}", path.display(), target.line),
                    path.clone(),
                    entry(&target.kr, date, actual),
                ));
            }
            Err(problem) => problems.push(format!("{origin}: {problem}")),
        }
    }
    if !problems.is_empty() {
        bail!("{}\nnothing was written", problems.join("\n"));
    }
    Ok((submitted, pulled))
}

fn entry(kr: &str, date: NaiveDate, actual: String) -> Entry {
    Entry {
        kr: kr.to_uppercase(),
        date,
        actual,
        confidence: None,
        insight: None,
        next: None,
        help: None,
        replace: false,
    }
}

/// The rows as they are (or would be) written: `path: | date | KR | actual | … |`.
fn print_rows(
    planned: &[Planned],
    pulled: &[Value],
    docs: &Documents,
    format: PullFormat,
    written: bool,
) -> anyhow::Result<()> {
    let mut out = anstream::stdout().lock();
    match format {
        PullFormat::Human => {
            for p in planned {
                let row = docs
                    .get(&p.path)
                    .map_or_else(String::new, |(doc, _)| checkin_row(doc, &p.entry));
                writeln!(out, "{}: {row}", p.path.display())?;
            }
            writeln!(out, "dry run: {} row(s), nothing written", planned.len())?;
        }
        PullFormat::Json => {
            // Planning keeps the entries' order: all rows share one date.
            let rows: Vec<PulledRow<'_>> = planned
                .iter()
                .zip(pulled)
                .map(|(p, (metric, value))| PulledRow {
                    path: &p.path,
                    kr: &p.entry.kr,
                    metric,
                    date: p.entry.date,
                    value: *value,
                    actual: &p.entry.actual,
                    written,
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &rows)?;
            writeln!(out)?;
        }
    }
    Ok(())
}
