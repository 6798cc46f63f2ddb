//! Grades: a KR's score from its actual (linear, ladder or binary) and the RAG band it falls in.

use crate::config::RagBands;
use crate::doc::ladder::score_on_ladder;
use crate::doc::quantity::{parse_binary, parse_quantity, Quantity};
use crate::doc::Scoring;
use serde::Serialize;

/// A RAG band of the score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Rag {
    /// Root cause and a help request within 48 hours.
    Red,
    /// Adjust the bet within a week.
    Amber,
    /// Keep going.
    Green,
    /// Harvest the learning; consider raising the bar.
    Stretch,
}

/// The band a score falls in. Scores are compared at two decimals, so with the default
/// edges 0.30 is red, 0.31 amber, 0.60 amber, 0.61 green, 0.90 green and 0.91 stretch.
pub fn rag(score: f64, bands: &RagBands) -> Rag {
    let hundredths = (score * 100.0).round() as i64;
    let edge = |x: f64| (x * 100.0).round() as i64;
    if hundredths <= edge(bands.red) {
        Rag::Red
    } else if hundredths <= edge(bands.amber) {
        Rag::Amber
    } else if hundredths <= edge(bands.green) {
        Rag::Green
    } else {
        Rag::Stretch
    }
}

/// Linear attainment: `(actual − baseline) / (target − baseline)`, clamped to 0–1.
///
/// Works for metrics that should fall: 480 ms → 300 ms with 390 ms scores 0.5.
/// Returns `None` when baseline equals target.
pub fn linear(baseline: f64, target: f64, actual: f64) -> Option<f64> {
    let span = target - baseline;
    // `+ 0.0` turns the -0.0 of "no progress on a falling target" into 0.0 (printed "0.00").
    (span.abs() > f64::EPSILON).then(|| ((actual - baseline) / span).clamp(0.0, 1.0) + 0.0)
}

/// Scores one actual (as written in a check-in) by the KR's method.
pub fn score_actual(
    method: &Scoring,
    baseline: Option<&Quantity>,
    target: Option<&Quantity>,
    actual: &str,
) -> Option<f64> {
    match method {
        Scoring::Binary => parse_binary(actual).map(|done| if done { 1.0 } else { 0.0 }),
        _ => score_value(method, baseline, target, &parse_quantity(actual).ok()?),
    }
}

/// Scores a numeric actual by a linear or ladder method; binary KRs have no numeric score.
pub fn score_value(
    method: &Scoring,
    baseline: Option<&Quantity>,
    target: Option<&Quantity>,
    actual: &Quantity,
) -> Option<f64> {
    match method {
        Scoring::Binary => None,
        Scoring::Ladder { bands, .. } => score_on_ladder(bands, actual.value),
        Scoring::Linear => {
            let (baseline, target) = (baseline?, target?);
            let comparable = actual.dimension.compatible(&target.dimension)
                && baseline.dimension.compatible(&target.dimension);
            comparable
                .then(|| linear(baseline.value, target.value, actual.value))
                .flatten()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::ladder::parse_band;
    use crate::source::Span;

    fn q(s: &str) -> Quantity {
        parse_quantity(s).unwrap()
    }

    #[test]
    fn no_progress_on_a_falling_target_is_a_plain_zero() {
        let score = linear(4.0, 2.0, 4.0).unwrap();
        assert!(score == 0.0 && score.is_sign_positive());
        assert_eq!(format!("{score:.2}"), "0.00");
    }

    #[test]
    fn seed_example_one_linear_is_amber() {
        let score =
            score_actual(&Scoring::Linear, Some(&q("18%")), Some(&q("28%")), "24%").unwrap();
        assert!((score - 0.60).abs() < 1e-9, "{score}");
        assert_eq!(rag(score, &RagBands::default()), Rag::Amber);
    }

    #[test]
    fn seed_example_two_ladder_is_green() {
        let bands = [
            "≤ 4 days: 1.0",
            "5 to 6 days: 0.7",
            "7 to 8 days: 0.3",
            "≥ 9 days: 0.0",
        ]
        .iter()
        .map(|b| parse_band(b, Span::default()).unwrap())
        .collect();
        let ladder = Scoring::Ladder {
            bands,
            errors: vec![],
        };
        let score =
            score_actual(&ladder, Some(&q("9 days")), Some(&q("4 days")), "6 days").unwrap();
        assert_eq!(score, 0.7);
        assert_eq!(rag(score, &RagBands::default()), Rag::Green);
    }

    #[test]
    fn decreasing_linear_and_clamping() {
        assert_eq!(linear(480.0, 300.0, 390.0), Some(0.5));
        assert_eq!(linear(480.0, 300.0, 600.0), Some(0.0));
        assert_eq!(linear(480.0, 300.0, 200.0), Some(1.0));
        assert_eq!(linear(10.0, 20.0, 25.0), Some(1.0));
        assert_eq!(linear(5.0, 5.0, 5.0), None);
    }

    #[test]
    fn binary_and_rag_edges() {
        assert_eq!(
            score_actual(&Scoring::Binary, None, None, "done"),
            Some(1.0)
        );
        assert_eq!(score_actual(&Scoring::Binary, None, None, "no"), Some(0.0));
        let bands = RagBands::default();
        assert_eq!(rag(0.30, &bands), Rag::Red);
        assert_eq!(rag(0.31, &bands), Rag::Amber);
        assert_eq!(rag(0.604, &bands), Rag::Amber);
        assert_eq!(rag(0.61, &bands), Rag::Green);
        assert_eq!(rag(0.90, &bands), Rag::Green);
        assert_eq!(rag(0.91, &bands), Rag::Stretch);
    }
}
