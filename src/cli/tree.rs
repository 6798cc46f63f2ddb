//! `okr tree`: how team and micro-OKRs ladder into company results.

use super::exit;
use super::inputs::{report_load_errors, InputArgs};
use crate::align::tree::{AlignmentTree, TreeDocument};
use crate::align::{DocFacts, RepoIndex};
use crate::render::tree::render_tree;
use crate::score::evaluate_document;
use crate::workspace::analyse;

const EXAMPLES: &str = "\
Examples:
  okr tree                          The whole tree under ./okrs
  okr tree --as-of 2026-02-15       Scores as they stood on a date";

/// Arguments for `okr tree`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct TreeArgs {
    #[command(flatten)]
    inputs: InputArgs,
    #[command(flatten)]
    at: super::at::AtArgs,
}

/// Runs `okr tree` and returns its exit status.
pub fn run(mut args: TreeArgs) -> anyhow::Result<u8> {
    let _revision = args.at.enter(&mut args.inputs)?;
    let today = super::today(None);
    let as_of = args.inputs.as_of;
    let outcome = analyse(&args.inputs.load_options(), |doc, config| {
        let facts = DocFacts::from_document(doc);
        TreeDocument {
            score: evaluate_document(doc, config, as_of, today),
            level: facts.level,
            name: facts.name,
        }
    });
    report_load_errors(&outcome.errors)?;
    let documents = outcome.results.into_iter().map(|(_, d)| d).collect();
    let tree = AlignmentTree::build(documents, &RepoIndex::new());
    let mut out = super::stdout();
    render_tree(&mut out, &tree)?;
    std::io::Write::flush(&mut out)?;
    Ok(if outcome.errors.is_empty() {
        exit::CLEAN
    } else {
        exit::FAILURE
    })
}
