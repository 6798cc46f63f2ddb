//! Alignment across documents: `Contributes to:` links from team KRs to company KRs,
//! micro-OKRs' `parent`, and the tree they form.

pub mod company;
pub mod index;
pub mod link;
pub mod tree;

pub use index::{DocFacts, LinkProblem, RepoIndex, Resolved};
pub use link::{parse_targets, Target};
