//! Scoring: grades, RAG, health, pace and forecast for every KR, rolled up per objective.
//!
//! Scores are 0–1 and look backward at measured actuals. Confidence is what people say
//! about the future; it is reported beside the score and never mixed into it.

pub mod actions;
mod evaluate;
mod grade;
mod history;
pub mod review;
pub mod sets;
mod trend;

pub use evaluate::{
    evaluate_document, evaluate_document_sets, evaluate_key_result, method_for, CycleState,
    DocumentScore, Forecast, Health, KrScore, ObjectiveScore, ScoreSummary,
};
pub use grade::{linear, rag, score_actual, score_value, Rag};
pub use history::{readings, CheckinIndex, Reading};
pub use sets::Sets;
pub use trend::{least_squares, pace, Line, Pace, PACE_TOLERANCE};
