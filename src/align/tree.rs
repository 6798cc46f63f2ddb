//! The alignment tree: every objective and KR, with the documents that contribute to it
//! hanging underneath.

use super::index::RepoIndex;
use super::link::parse_targets;
use crate::doc::front::Level;
use crate::files::absolute;
use crate::score::{DocumentScore, Rag};
use std::collections::HashMap;
use std::path::PathBuf;

/// One objective or KR in the tree.
#[derive(Clone, Debug)]
pub struct Node {
    /// Index of its document in [`AlignmentTree::documents`].
    pub doc: usize,
    /// `O1` or `O1-KR2`.
    pub id: String,
    /// The statement.
    pub statement: String,
    /// Its own score (never the contributors').
    pub score: Option<f64>,
    /// Its band.
    pub rag: Option<Rag>,
    /// Its own KRs (for an objective), then the nodes that contribute to it.
    pub children: Vec<usize>,
    /// How many of `children` come from other documents' links.
    pub contributors: Vec<usize>,
}

/// A document in the tree.
#[derive(Clone, Debug)]
pub struct TreeDocument {
    /// The scored document.
    pub score: DocumentScore,
    /// Its level.
    pub level: Level,
    /// `team`, or the title.
    pub name: String,
}

/// Objectives that hang under nothing, each with its subtree.
#[derive(Clone, Debug, Default)]
pub struct AlignmentTree {
    /// The documents, in the order given.
    pub documents: Vec<TreeDocument>,
    /// Every node.
    pub nodes: Vec<Node>,
    /// Top-level objectives: company first, then by document order.
    pub roots: Vec<usize>,
}

impl AlignmentTree {
    /// Builds the tree from scored documents, resolving their links with `repo`.
    pub fn build(documents: Vec<TreeDocument>, repo: &RepoIndex) -> Self {
        let mut tree = AlignmentTree {
            documents,
            ..Default::default()
        };
        let mut objectives = Vec::new();
        for (d, doc) in tree.documents.iter().enumerate() {
            for objective in &doc.score.objectives {
                let o = tree.nodes.len();
                tree.nodes.push(node(
                    d,
                    &objective.id,
                    &objective.statement,
                    objective.score,
                    objective.rag,
                ));
                for kr in &objective.key_results {
                    let k = tree.nodes.len();
                    tree.nodes
                        .push(node(d, &kr.id, &kr.statement, kr.score, kr.rag));
                    tree.nodes[o].children.push(k);
                }
                objectives.push(o);
            }
        }
        let by_key: HashMap<(PathBuf, String), usize> = tree
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| ((tree.doc_path(n.doc), n.id.clone()), i))
            .collect();
        let parents: Vec<Option<usize>> = (0..tree.nodes.len())
            .map(|i| tree.parent_of(i, repo, &by_key))
            .collect();
        for (i, parent) in parents.iter().enumerate() {
            if let Some(&p) = parent.as_ref() {
                tree.nodes[p].children.push(i);
                tree.nodes[p].contributors.push(i);
            }
        }
        let rank = |d: usize| match tree.documents[d].level {
            Level::Company => 0,
            Level::Team => 1,
            Level::Micro => 2,
        };
        let mut roots: Vec<usize> = objectives
            .into_iter()
            .filter(|&o| parents[o].is_none())
            .collect();
        roots.sort_by_key(|&o| (rank(tree.nodes[o].doc), tree.nodes[o].doc));
        tree.roots = roots;
        tree
    }

    /// The node `i`'s own link (or, for an objective, the document's `parent`) resolved
    /// to a node of the tree.
    fn parent_of(
        &self,
        i: usize,
        repo: &RepoIndex,
        by_key: &HashMap<(PathBuf, String), usize>,
    ) -> Option<usize> {
        let node = &self.nodes[i];
        let path = self.doc_path(node.doc);
        let facts = repo.facts(&path)?;
        let own = facts
            .links
            .iter()
            .find(|(id, _)| *id == node.id)
            .map(|(_, l)| l.as_str());
        let is_objective = !node.id.contains("-KR");
        let link = own.or(if is_objective {
            facts.parent.as_deref()
        } else {
            None
        })?;
        let target = parse_targets(link).into_iter().next()?.ok()?;
        let resolved = repo.resolve(&path, &target).ok()?;
        by_key
            .get(&(resolved.facts.path.clone(), resolved.id))
            .copied()
    }

    fn doc_path(&self, doc: usize) -> PathBuf {
        absolute(&PathBuf::from(&self.documents[doc].score.path))
    }
}

fn node(doc: usize, id: &str, statement: &str, score: Option<f64>, rag: Option<Rag>) -> Node {
    Node {
        doc,
        id: id.to_string(),
        statement: statement.to_string(),
        score,
        rag,
        children: Vec::new(),
        contributors: Vec::new(),
    }
}
