//! `okr status`: the weekly dashboard in the terminal.

use super::inputs::{stream_scored, InputArgs, SetArgs};
use crate::render::status::StatusStream;
use crate::score::{DocumentScore, Health, KrScore, Rag};

const EXAMPLES: &str = "\
Examples:
  okr status                       Every KR under ./okrs
  okr status --owner dana          KRs Dana owns
  okr status --rag red,amber       Only KRs that need action
  okr status --stale               KRs with no check-in inside the staleness window
  okr status --notes               With each KR's latest insight and next action
  okr status --team growth --as-of 2026-02-15";

/// Arguments for `okr status`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct StatusArgs {
    #[command(flatten)]
    inputs: InputArgs,
    #[command(flatten)]
    at: super::at::AtArgs,
    #[command(flatten)]
    sets: SetArgs,
    /// Only KRs whose owner contains this text (case-insensitive).
    #[arg(long)]
    owner: Option<String>,
    /// Only documents whose `team` contains this text (case-insensitive).
    #[arg(long)]
    team: Option<String>,
    /// Only KRs in these RAG bands (comma-separated or repeated).
    #[arg(long, value_enum, value_delimiter = ',')]
    rag: Vec<Rag>,
    /// Only stale KRs.
    #[arg(long)]
    stale: bool,
    /// Show each KR's latest insight and next action under it (help requests always show).
    #[arg(long)]
    notes: bool,
}

impl StatusArgs {
    fn keeps(&self, doc: &DocumentScore, kr: &KrScore) -> bool {
        let contains = |haystack: Option<&str>, needle: &Option<String>| match needle {
            None => true,
            Some(n) => haystack.is_some_and(|h| h.to_lowercase().contains(&n.to_lowercase())),
        };
        contains(kr.owner.as_deref(), &self.owner)
            && contains(doc.team.as_deref(), &self.team)
            && (self.rag.is_empty() || kr.rag.is_some_and(|r| self.rag.contains(&r)))
            && (!self.stale || kr.health == Health::Stale)
    }
}

/// Runs `okr status` and returns its exit status.
pub fn run(mut args: StatusArgs) -> anyhow::Result<u8> {
    let _revision = args.at.enter(&mut args.inputs)?;
    let mut out = super::stdout();
    let mut stream = StatusStream::new();
    let width = stream.width();
    let keep = |d: &DocumentScore, k: &KrScore| args.keeps(d, k);
    let render = |doc: DocumentScore| StatusStream::render(width, &doc, &keep, args.notes);
    let (read, status) = stream_scored(&args.inputs, args.sets.sets(), render, |part| {
        stream.push(&mut out, part?)
    })?;
    if read == 0 && status != super::exit::CLEAN {
        return Ok(status);
    }
    stream.finish(&mut out)?;
    std::io::Write::flush(&mut out)?;
    Ok(status)
}
