//! Rule families; each file holds one family, and [`super::registry`] lists them all.

pub mod alignment;
pub mod card;
pub mod checkins;
pub mod counts;
pub mod detection;
pub mod front_matter;
pub mod governance;
pub mod ids;
pub mod initiatives;
pub mod kr_required;
pub mod kr_set;
pub mod kr_statement;
pub mod kr_values;
pub mod ladder;
pub mod launch;
pub mod metrics;
pub mod micro;
pub mod momentum;
pub mod objective;
pub mod suppression;
