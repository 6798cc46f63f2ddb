//! OKRs across revisions: what changed between two of them, and a KR's change log.

pub mod diff;
pub mod log;
