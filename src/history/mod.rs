//! OKRs across revisions and cycles: what changed between two revisions, a KR's change
//! log, and what a team's closed cycles add up to.

pub mod cycles;
pub mod diff;
pub mod log;
pub mod spool;
