//! Command-line interface: clap definitions and one small module per subcommand.

mod at;
mod checkin;
mod clean;
mod close;
mod decide;
mod diff;
mod explain;
mod export;
mod fmt;
mod history;
mod hook;
mod init;
mod initiatives;
mod inputs;
mod kr_index;
mod lint;
mod lock;
mod log;
mod lsp;
mod metrics;
mod new_cycle;
mod prompt;
mod pull;
mod readiness;
mod report;
mod review;
mod rules;
mod score;
mod shell;
mod status;
mod tree;

use clap::{Parser, Subcommand, ValueEnum};
use std::process::ExitCode;

/// Exit status: success, findings, or the tool could not do its job.
pub mod exit {
    /// No errors.
    pub const CLEAN: u8 = 0;
    /// Findings that fail the run.
    pub const FINDINGS: u8 = 1;
    /// Usage, config or IO failure.
    pub const FAILURE: u8 = 2;
}

const ABOUT: &str = "Lint, score and check in Objectives and Key Results kept as Markdown in git.";

const EXAMPLES: &str = "\
Examples:
  okr lint                      Lint every OKR document under ./okrs
  okr lint okrs/2026-Q1/        Lint one directory
  okr lint --format json        Machine-readable findings
  okr checkin O1-KR2 24% --confidence 7   Record this week's value
  okr status                    The weekly dashboard: one line per KR
  okr score --format markdown   Grades to paste into a PR or chat
  okr explain OKR301            Why a rule exists, with a bad and a good example
  okr rules                     List every rule

Exit status: 0 clean, 1 findings, 2 usage, config or IO failure.";

/// The `okr` command line.
#[derive(Debug, Parser)]
#[command(name = "okr", version, about = ABOUT, after_help = EXAMPLES, propagate_version = true)]
pub struct Cli {
    /// When to colour output; NO_COLOR in the environment is respected.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

/// Colour choice for terminal output.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check OKR documents against the writing standards.
    Lint(lint::LintArgs),
    /// Rewrite documents into the canonical card format: pinned IDs, card lines, no other byte changed.
    Fmt(fmt::FmtArgs),
    /// Record a weekly check-in in the document: one KR, every KR interactively, or a CSV.
    Checkin(checkin::CheckinArgs),
    /// Read each KR's actual from its metric's source of truth and record it as a check-in.
    Pull(pull::PullArgs),
    /// The metric dictionary: each metric, the KRs that use it, and its latest value.
    Metrics(metrics::MetricsArgs),
    /// Grade every KR, objective and document; `--final` records end-of-cycle grades.
    Score(score::ScoreArgs),
    /// The weekly dashboard: score, RAG, confidence, health and pace per KR.
    Status(status::StatusArgs),
    /// The weekly meeting's agenda: what moved, who needs help, what needs a decision.
    Review(review::ReviewArgs),
    /// Every commit that changed one KR: its targets, its check-ins, and the decisions behind them.
    Log(log::LogArgs),
    /// Learning across cycles: each team's closed cycles, its calibration, its starting confidence and its carried-over KRs.
    History(history::HistoryArgs),
    /// What changed between two git revisions, in OKR terms: KRs added or removed, targets moved, grades.
    Diff(diff::DiffArgs),
    /// The alignment tree: company results with the team and micro-OKRs that move them.
    Tree(tree::TreeArgs),
    /// The bets behind each KR, and the KRs with none.
    Initiatives(initiatives::InitiativesArgs),
    /// Append a decision to the repository's decision-log.md.
    Decide(decide::DecideArgs),
    /// Launch a cycle: freeze each KR's baseline, target, method and weight.
    Lock(lock::LockArgs),
    /// Close a graded cycle: add the retro and freeze the grades.
    Close(close::CloseArgs),
    /// Scaffold the next cycle's document: carry, replace or retire each objective and KR.
    NewCycle(new_cycle::NewCycleArgs),
    /// Start a repository: okr.yaml, a first OKR document and decision-log.md.
    Init(init::InitArgs),
    /// Score the Readiness Quick Check (readiness.md).
    Readiness(readiness::ReadinessArgs),
    /// Every KR as one flat row, in JSON or CSV, for BI tools and spreadsheets.
    Export(export::ExportArgs),
    /// Install a git pre-commit hook that lints staged OKR documents.
    Hook(hook::HookArgs),
    /// Build the static HTML dashboard: an index and one page per objective.
    Report(report::ReportArgs),
    /// Remove the lint cache (.okr_cache/ at the repository root).
    Clean(clean::CleanArgs),
    /// Print a shell completion script: bash, zsh, fish, powershell or elvish.
    Completions(shell::CompletionsArgs),
    /// Print the man page (roff) to stdout.
    Man,
    /// The language server: lint findings as you type, hovers, go to definition and more.
    Lsp(lsp::LspArgs),
    /// Explain a rule: what it checks, why, and how to fix it.
    Explain(explain::ExplainArgs),
    /// List every rule with its code, name and default severity.
    Rules(rules::RulesArgs),
}

/// Parses the command line, runs the command and returns its exit status.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                exit::FAILURE
            } else {
                exit::CLEAN
            });
        }
    };
    apply_color(cli.color);
    let status = match cli.command {
        Command::Lint(args) => lint::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::Checkin(args) => checkin::run(args),
        Command::Pull(args) => pull::run(args),
        Command::Metrics(args) => metrics::run(args),
        Command::Score(args) => score::run(args),
        Command::Status(args) => status::run(args),
        Command::Review(args) => review::run(args),
        Command::Tree(args) => tree::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Log(args) => log::run(args),
        Command::History(args) => history::run(args),
        Command::Initiatives(args) => initiatives::run(args),
        Command::Decide(args) => decide::run(args),
        Command::Lock(args) => lock::run(args),
        Command::Close(args) => close::run(args),
        Command::NewCycle(args) => new_cycle::run(args),
        Command::Init(args) => init::run(args),
        Command::Readiness(args) => readiness::run(args),
        Command::Export(args) => export::run(args),
        Command::Hook(args) => hook::run(args),
        Command::Report(args) => report::run(args),
        Command::Clean(args) => clean::run(args),
        Command::Completions(args) => shell::completions(args),
        Command::Man => shell::man(),
        Command::Lsp(args) => lsp::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Rules(args) => rules::run(args),
    };
    match status {
        Ok(code) => ExitCode::from(code),
        Err(e) if is_broken_pipe(&e) => ExitCode::from(exit::CLEAN),
        Err(e) => {
            eprintln!("okr: error: {e:#}");
            ExitCode::from(exit::FAILURE)
        }
    }
}

/// A closed pipe (`okr status | head`) is the reader's choice, not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    let broken = Some(std::io::ErrorKind::BrokenPipe);
    e.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().map(|io| io.kind()) == broken
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == broken
    })
}

fn apply_color(choice: ColorChoice) {
    let choice = match choice {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
}

/// Standard output collected in memory and written on `flush`, with colour stripped then
/// when it should be: a large report costs a few writes, not one system call per line.
pub(crate) struct Stdout {
    buffer: Vec<u8>,
    strip: bool,
}

/// Buffered standard output; call `flush` when done.
pub(crate) fn stdout() -> Stdout {
    Stdout {
        buffer: Vec::with_capacity(64 * 1024),
        strip: anstream::AutoStream::choice(&std::io::stdout()) == anstream::ColorChoice::Never,
    }
}

/// How much output is held before whole lines are written out, so a run with a hundred
/// thousand findings holds a few megabytes, not all of them.
const FLUSH_AT: usize = 8 << 20;

impl Stdout {
    /// Writes the first `len` bytes (whole lines) and keeps the rest.
    fn write_out(&mut self, len: usize) -> std::io::Result<()> {
        use std::io::Write as _;
        let mut out = std::io::stdout().lock();
        let ready = &self.buffer[..len];
        if self.strip {
            // Escape codes never span a line, so blocks of whole lines strip on every core.
            let blocks = line_blocks(ready, 256 * 1024);
            let plain = crate::parallel::map(&blocks, |block| {
                anstream::adapter::strip_bytes(block).into_vec()
            });
            for block in plain {
                out.write_all(&block)?;
            }
        } else {
            out.write_all(ready)?;
        }
        self.buffer.drain(..len);
        out.flush()
    }
}

impl std::io::Write for Stdout {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= FLUSH_AT {
            if let Some(last) = memchr::memrchr(b'\n', &self.buffer) {
                self.write_out(last + 1)?;
            }
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.write_out(self.buffer.len())
    }
}

/// `bytes` cut into blocks of whole lines, each at least `size` bytes but the last.
fn line_blocks(bytes: &[u8], size: usize) -> Vec<&[u8]> {
    let mut blocks = Vec::new();
    let mut rest = bytes;
    while rest.len() > size {
        let Some(newline) = memchr::memchr(b'\n', &rest[size..]) else {
            break;
        };
        let (block, after) = rest.split_at(size + newline + 1);
        blocks.push(block);
        rest = after;
    }
    if !rest.is_empty() {
        blocks.push(rest);
    }
    blocks
}

/// Parses `--as-of` values.
pub(crate) fn parse_as_of(s: &str) -> Result<chrono::NaiveDate, String> {
    crate::doc::cycle::parse_date(s)
        .ok_or_else(|| format!("`{s}` is not a date in YYYY-MM-DD form"))
}

/// Today's date, or the `--as-of` override.
pub(crate) fn today(as_of: Option<chrono::NaiveDate>) -> chrono::NaiveDate {
    as_of.unwrap_or_else(|| chrono::Local::now().date_naive())
}

#[cfg(test)]
mod tests {
    use super::line_blocks;

    #[test]
    fn line_blocks_keep_lines_whole_and_every_byte() {
        let text = b"one\ntwo\nthree\n\nfour";
        for size in 0..text.len() + 2 {
            let blocks = line_blocks(text, size);
            assert_eq!(blocks.concat(), text, "size {size}");
            for block in &blocks[..blocks.len() - 1] {
                assert!(block.ends_with(b"\n") && block.len() > size, "size {size}");
            }
        }
        assert!(line_blocks(b"", 4).is_empty());
    }
}
