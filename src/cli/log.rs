//! `okr log`: a KR's history from git.

use super::kr_index::KrIndex;
use crate::align::RepoIndex;
use crate::git::Git;
use crate::history::log::{kr_log, KrChange, LogEntry};
use crate::render::style::{BOLD, DIM, RED, YELLOW};
use crate::workspace::config_for;
use anyhow::Context as _;
use std::io::Write;
use std::path::{Path, PathBuf};

const EXAMPLES: &str = "\
Examples:
  okr log O1-KR2                     Every commit that changed O1-KR2
  okr log O1-KR2 --since v2026-q1    Only the commits after a tag
  okr log O1-KR2 --format json | jq '.[] | select(.changes[].kind == \"locked\")'";

/// Arguments for `okr log`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct LogArgs {
    /// The KR ID, such as O1-KR2.
    kr: String,
    /// Only commits after this revision.
    #[arg(long, value_name = "REV")]
    since: Option<String>,
    /// The document defining the KR, or a directory to search [default: ./okrs].
    #[arg(long)]
    file: Option<PathBuf>,
    /// Use this config file instead of the closest okr.yaml.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LogFormat::Human)]
    format: LogFormat,
}

/// The output formats of `okr log`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    /// One block per commit.
    Human,
    /// An array of commits with their changes.
    Json,
}

/// Runs `okr log`.
pub fn run(args: LogArgs) -> anyhow::Result<u8> {
    let index = KrIndex::build(args.file.clone(), args.config.clone())?;
    let doc_path = index
        .locate(&args.kr, super::today(None))
        .map_err(anyhow::Error::msg)?
        .to_path_buf();
    let here = std::env::current_dir().context("cannot read the working directory")?;
    let git = Git::discover(&here).context("okr log reads history from git")?;
    let in_repo = repo_relative(&git, &doc_path)?;
    let config = config_for(&doc_path, args.config.clone())?;
    let log = repo_relative_new(&git, &RepoIndex::new().decision_log(&doc_path))?;
    let id = args.kr.trim().to_uppercase();
    let entries = kr_log(&git, &in_repo, &id, args.since.as_deref(), &config, &log)?;
    let mut out = super::stdout();
    match args.format {
        LogFormat::Human => human(&mut out, &id, &doc_path, &entries)?,
        LogFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &entries)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(super::exit::CLEAN)
}

/// `path` (which may not exist in the work tree) from the top directory.
fn repo_relative_new(git: &Git, path: &Path) -> anyhow::Result<PathBuf> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default();
    Ok(repo_relative(git, dir)?.join(name))
}

fn repo_relative(git: &Git, path: &Path) -> anyhow::Result<PathBuf> {
    let root = git.root().canonicalize()?;
    let full = path
        .canonicalize()
        .with_context(|| format!("{}: cannot resolve", path.display()))?;
    full.strip_prefix(&root)
        .map(Path::to_path_buf)
        .map_err(|_| anyhow::anyhow!("{} is outside the repository", path.display()))
}

fn human(out: &mut dyn Write, id: &str, path: &Path, entries: &[LogEntry]) -> std::io::Result<()> {
    let n = entries.len();
    let commits = if n == 1 { "commit" } else { "commits" };
    writeln!(
        out,
        "{BOLD}{id}{BOLD:#} in {}: {n} {commits}",
        path.display()
    )?;
    for entry in entries {
        writeln!(out)?;
        writeln!(
            out,
            "{YELLOW}{}{YELLOW:#} {} {BOLD}{}{BOLD:#} {DIM}{}{DIM:#}",
            &entry.commit[..entry.commit.len().min(7)],
            entry.date,
            entry.author,
            entry.subject
        )?;
        for change in &entry.changes {
            writeln!(out, "  {}", describe(change))?;
        }
    }
    Ok(())
}

fn describe(change: &KrChange) -> String {
    match change {
        KrChange::Created { statement } => format!("created: {statement}"),
        KrChange::Deleted => "deleted".to_string(),
        KrChange::Statement { before, after } => format!("statement: {before} → {after}"),
        KrChange::Locked {
            field,
            before,
            after,
            decision,
        } => match decision {
            Some(d) => format!("{field}: {before} → {after} (decision {d})"),
            None => format!("{field}: {before} → {after} {RED}(no decision){RED:#}"),
        },
        KrChange::CheckinAdded { day, actual } => format!("check-in added: {day} {actual}"),
        KrChange::CheckinEdited { day, before, after } => {
            format!("{RED}past check-in edited{RED:#}: {day} {before} → {after}")
        }
        KrChange::CheckinDeleted { day } => format!("{RED}check-in deleted{RED:#}: {day}"),
    }
}
