//! `okr fmt`.

use super::exit;
use super::inputs::report_load_errors;
use crate::edit::fmt::{format_document, format_text};
use crate::edit::update_locked;
use crate::workspace::{analyse, LoadOptions};
use std::io::Write;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  okr fmt                       Rewrite every document under ./okrs into the card format
  okr fmt notes/okrs.md         Rewrite one file
  okr fmt --check               List the files that would change; exit 1 if any would
  okr fmt --diff okrs/          Show the changes as a unified diff, write nothing";

/// Arguments for `okr fmt`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct FmtArgs {
    /// Files or directories [default: ./okrs].
    paths: Vec<PathBuf>,
    /// Write nothing; list the files that would change and exit 1 if there are any.
    #[arg(long)]
    check: bool,
    /// Write nothing; print the changes as a unified diff (exit 1 if there are any).
    #[arg(long)]
    diff: bool,
    /// Use this config file instead of the closest okr.yaml.
    #[arg(long)]
    config: Option<PathBuf>,
}

/// Runs `okr fmt` and returns its exit status.
pub fn run(args: FmtArgs) -> anyhow::Result<u8> {
    let options = LoadOptions {
        paths: args.paths.clone(),
        config: args.config.clone(),
    };
    let outcome = analyse(&options, |doc, _| {
        let formatted = format_document(doc);
        (formatted != doc.source.text()).then(|| (doc.source.text().to_string(), formatted))
    });
    report_load_errors(&outcome.errors)?;
    let changed: Vec<(PathBuf, (String, String))> = outcome
        .results
        .into_iter()
        .filter_map(|(path, change)| change.map(|c| (path, c)))
        .collect();
    let mut out = super::stdout();
    for (path, (before, after)) in &changed {
        if args.diff {
            write!(out, "{}", crate::render::diff::unified(path, before, after))?;
        } else if args.check {
            writeln!(out, "would reformat {}", path.display())?;
        }
    }
    if !(args.check || args.diff) {
        for (path, _) in &changed {
            update_locked(std::slice::from_ref(path), |p, text| {
                Ok(format_text(p, text))
            })?;
            writeln!(out, "formatted {}", path.display())?;
        }
    }
    out.flush()?;
    let mut stderr = anstream::stderr();
    let verb = if args.check || args.diff {
        "would be reformatted"
    } else {
        "reformatted"
    };
    writeln!(stderr, "{} {verb}", plural_files(changed.len()))?;
    Ok(if !outcome.errors.is_empty() {
        exit::FAILURE
    } else if (args.check || args.diff) && !changed.is_empty() {
        exit::FINDINGS
    } else {
        exit::CLEAN
    })
}

fn plural_files(n: usize) -> String {
    if n == 1 {
        "1 file".to_string()
    } else {
        format!("{n} files")
    }
}
