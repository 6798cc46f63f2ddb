//! `okr tree`: the alignment tree with each node's own score.

use super::score::{rag_text, score_text};
use super::style::{rag_style, BOLD, DIM};
use super::table::{terminal_width, truncate};
use crate::align::tree::AlignmentTree;
use crate::config::ScoreScale;
use std::io::{self, Write};

/// Writes every root objective and, indented under each node, its KRs and contributors.
pub fn render_tree(out: &mut dyn Write, tree: &AlignmentTree) -> io::Result<()> {
    let width = terminal_width();
    let mut last_doc = None;
    for &root in &tree.roots {
        let doc = tree.nodes[root].doc;
        if last_doc != Some(doc) {
            let d = &tree.documents[doc];
            let cycle = d.score.cycle.as_deref().unwrap_or("no cycle");
            writeln!(
                out,
                "{BOLD}{} · {cycle}{BOLD:#}  {DIM}{}{DIM:#}",
                d.name, d.score.path
            )?;
            last_doc = Some(doc);
        }
        write_node(out, tree, root, None, 1, width)?;
    }
    if tree.roots.is_empty() {
        writeln!(out, "No objectives found.")?;
    }
    Ok(())
}

fn write_node(
    out: &mut dyn Write,
    tree: &AlignmentTree,
    i: usize,
    parent: Option<usize>,
    depth: usize,
    width: usize,
) -> io::Result<()> {
    let node = &tree.nodes[i];
    let label = if parent.is_some_and(|p| tree.nodes[p].doc != node.doc) {
        format!("↳ {} {}", tree.documents[node.doc].name, node.id)
    } else {
        node.id.clone()
    };
    let scale = tree.documents[node.doc].score.scale;
    let style = rag_style(node.rag);
    let indent = "  ".repeat(depth);
    let grade = format!(
        "{:<7}  {:<7}",
        score_text(node.score, scale),
        rag_text(node.rag)
    );
    let used = indent.chars().count() + label.chars().count() + grade.len() + 4;
    let statement = truncate(&node.statement, width.saturating_sub(used));
    writeln!(out, "{indent}{label}  {style}{grade}{style:#}  {statement}")?;
    for &child in &node.children {
        write_node(out, tree, child, Some(i), depth + 1, width)?;
    }
    if !node.contributors.is_empty() {
        writeln!(out, "{indent}  {DIM}{}{DIM:#}", rollup(tree, i, scale))?;
    }
    Ok(())
}

/// `contributors: 2 · mean 0.55 · O1-KR1 is scored on its own metric`.
fn rollup(tree: &AlignmentTree, i: usize, scale: ScoreScale) -> String {
    let node = &tree.nodes[i];
    let scores: Vec<f64> = node
        .contributors
        .iter()
        .filter_map(|&c| tree.nodes[c].score)
        .collect();
    let mean = (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
    format!(
        "contributors: {} · mean {} · {} is scored on its own metric",
        node.contributors.len(),
        score_text(mean, scale),
        node.id
    )
}
