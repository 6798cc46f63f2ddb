//! Change governance: the decision log, the launch lock, and the closed cycle.

pub mod decision_log;
pub mod launch;
pub mod lock;
pub mod next_cycle;
