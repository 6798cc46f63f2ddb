//! Threshold ladders: bands such as `≤ 4 days: 1.0` or `5 to 6 days: 0.7`.
//!
//! A value inside a band scores that band. A value that falls between two bands
//! written at whole-unit resolution (4.5 days between `≤ 4` and `5 to 6`) has not
//! reached the better band, so it scores the lower of the two neighbours. A value
//! beyond the outermost band scores that band.

use super::quantity::{parse_quantity, Dimension, Quantity};
use crate::source::Span;
use crate::text::find_short;

/// One end of a band.
#[derive(Clone, Debug, PartialEq)]
pub struct Bound {
    /// The value in base units.
    pub value: f64,
    /// Whether the value itself belongs to the band.
    pub inclusive: bool,
    /// Smallest step of the number as written (1 for `4`, 0.1 for `4.5`).
    pub resolution: f64,
}

/// One rung of a ladder.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// Lower end, or `None` for open-ended (`≤ 4 days`).
    pub lower: Option<Bound>,
    /// Upper end, or `None` for open-ended (`≥ 9 days`).
    pub upper: Option<Bound>,
    /// The score a value in this band earns.
    pub score: f64,
    /// What the bounds measure.
    pub dimension: Dimension,
    /// Where the band is written.
    pub span: Span,
}

impl Band {
    /// Whether `value` (in base units) falls in this band.
    pub fn contains(&self, value: f64) -> bool {
        let above = self.lower.as_ref().is_none_or(|b| {
            if b.inclusive {
                value >= b.value - EPSILON
            } else {
                value > b.value + EPSILON
            }
        });
        let below = self.upper.as_ref().is_none_or(|b| {
            if b.inclusive {
                value <= b.value + EPSILON
            } else {
                value < b.value - EPSILON
            }
        });
        above && below
    }

    /// A value that orders bands along the metric's axis.
    pub fn midpoint(&self) -> f64 {
        match (&self.lower, &self.upper) {
            (Some(l), Some(u)) => (l.value + u.value) / 2.0,
            (Some(l), None) => l.value,
            (None, Some(u)) => u.value,
            (None, None) => 0.0,
        }
    }
}

const EPSILON: f64 = 1e-9;

/// Why a band line could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BandError {
    /// No `: score` after the range.
    #[error("a band needs a range and a score, such as `5 to 6 days: 0.7`")]
    MissingScore,
    /// The score is not a number.
    #[error("the band score `{0}` is not a number")]
    BadScore(String),
    /// The range could not be read.
    #[error("cannot read the range `{0}`; write `≤ 4 days`, `5 to 6 days` or `≥ 9 days`")]
    BadRange(String),
}

/// Parses one band line such as `≥ 65%: 1.0`.
pub fn parse_band(text: &str, span: Span) -> Result<Band, BandError> {
    let (range, score) = text.rsplit_once(':').ok_or(BandError::MissingScore)?;
    let score_text = score.trim();
    let score = score_text
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite())
        .ok_or_else(|| BandError::BadScore(score_text.to_string()))?;
    let bad_range = || BandError::BadRange(range.trim().to_string());
    let (lower, upper, dimension) = parse_range(range.trim()).ok_or_else(bad_range)?;
    Ok(Band {
        lower,
        upper,
        score,
        dimension,
        span,
    })
}

type Range = (Option<Bound>, Option<Bound>, Dimension);

fn parse_range(text: &str) -> Option<Range> {
    const OPEN: [(&str, bool, bool); 6] = [
        ("≤", true, true),
        ("<=", true, true),
        ("<", true, false),
        ("≥", false, true),
        (">=", false, true),
        (">", false, false),
    ];
    for (prefix, is_upper, inclusive) in OPEN {
        if let Some(rest) = text.strip_prefix(prefix) {
            let q = parse_quantity(rest).ok()?;
            let bound = Some(bound(&q, inclusive));
            let dim = q.dimension;
            return Some(if is_upper {
                (None, bound, dim)
            } else {
                (bound, None, dim)
            });
        }
    }
    if let Some(rest) = text.strip_suffix('+') {
        let q = parse_quantity(rest).ok()?;
        return Some((Some(bound(&q, true)), None, q.dimension));
    }
    match split_between(text) {
        Some((low, high)) => {
            let high = parse_quantity(high).ok()?;
            let low = parse_quantity_like(low, high.unit_scale, &high.dimension)?;
            Some((
                Some(bound(&low, true)),
                Some(bound(&high, true)),
                high.dimension,
            ))
        }
        None => {
            let q = parse_quantity(text).ok()?;
            Some((Some(bound(&q, true)), Some(bound(&q, true)), q.dimension))
        }
    }
}

/// Reads the low end of `5 to 6 days`, borrowing the high end's unit if it has none.
fn parse_quantity_like(text: &str, scale: f64, dimension: &Dimension) -> Option<Quantity> {
    let mut q = parse_quantity(text).ok()?;
    if q.dimension == Dimension::Count && *dimension != Dimension::Count {
        q.value *= scale;
        q.unit_scale = scale;
        q.dimension = dimension.clone();
    }
    Some(q)
}

fn split_between(text: &str) -> Option<(&str, &str)> {
    for sep in [" to ", "–", "—", " - "] {
        if let Some(at) = find_short(text, sep) {
            return Some((&text[..at], &text[at + sep.len()..]));
        }
    }
    // `5-6 days`: a hyphen between two numbers, not a leading minus sign.
    let bytes = text.as_bytes();
    (1..bytes.len())
        .find(|&i| bytes[i] == b'-' && bytes[i - 1].is_ascii_digit())
        .map(|i| (&text[..i], &text[i + 1..]))
}

fn bound(q: &Quantity, inclusive: bool) -> Bound {
    Bound {
        value: q.value,
        inclusive,
        resolution: q.resolution(),
    }
}

/// A problem with how a ladder's bands fit together.
#[derive(Clone, Debug, PartialEq)]
pub enum LadderIssue {
    /// Two bands claim the same values.
    Overlap(usize, usize),
    /// Values between two bands belong to neither.
    Gap(usize, usize),
    /// Bands are not listed in one direction along the metric.
    OutOfOrder(usize),
    /// A score outside 0–1.
    ScoreOutOfRange(usize),
    /// Bands measure incompatible units.
    MixedUnits(usize),
}

/// Checks a ladder's shape: listing order, overlaps, gaps and score range.
pub fn check_ladder(bands: &[Band]) -> Vec<LadderIssue> {
    let mut issues: Vec<LadderIssue> = bands
        .iter()
        .enumerate()
        .filter(|(_, b)| !(0.0..=1.0).contains(&b.score))
        .map(|(i, _)| LadderIssue::ScoreOutOfRange(i))
        .collect();
    if let Some(i) = (1..bands.len()).find(|&i| !bands[i].dimension.compatible(&bands[0].dimension))
    {
        issues.push(LadderIssue::MixedUnits(i));
        return issues;
    }
    if let Some(i) = listing_break(bands) {
        issues.push(LadderIssue::OutOfOrder(i));
        return issues;
    }
    let mut order: Vec<usize> = (0..bands.len()).collect();
    order.sort_by(|&a, &b| bands[a].midpoint().total_cmp(&bands[b].midpoint()));
    for pair in order.windows(2) {
        let (lo, hi) = (&bands[pair[0]], &bands[pair[1]]);
        let (first, second) = (pair[0].min(pair[1]), pair[0].max(pair[1]));
        match (&lo.upper, &hi.lower) {
            (Some(u), Some(l)) => {
                let touching_inclusive = u.inclusive && l.inclusive;
                if l.value < u.value - EPSILON
                    || (touching_inclusive && (l.value - u.value).abs() < EPSILON)
                {
                    issues.push(LadderIssue::Overlap(first, second));
                } else if l.value - u.value > allowed_step(u, l) + EPSILON {
                    issues.push(LadderIssue::Gap(first, second));
                }
            }
            _ => issues.push(LadderIssue::Overlap(first, second)),
        }
    }
    issues
}

/// The largest gap two neighbouring bounds may leave at their written resolution.
fn allowed_step(upper: &Bound, lower: &Bound) -> f64 {
    if upper.inclusive && lower.inclusive {
        upper.resolution.min(lower.resolution)
    } else {
        0.0
    }
}

/// The first band that breaks a one-directional listing, if any.
fn listing_break(bands: &[Band]) -> Option<usize> {
    let mids: Vec<f64> = bands.iter().map(Band::midpoint).collect();
    let ascending = mids.windows(2).all(|w| w[0] <= w[1]);
    let descending = mids.windows(2).all(|w| w[0] >= w[1]);
    if ascending || descending {
        return None;
    }
    let rising = mids.get(1).is_some_and(|m| *m >= mids[0]);
    (1..mids.len()).find(|&i| (mids[i] >= mids[i - 1]) != rising)
}

/// Scores `value` (in base units) on the ladder; see the module docs for values between bands.
pub fn score_on_ladder(bands: &[Band], value: f64) -> Option<f64> {
    if let Some(band) = bands.iter().find(|b| b.contains(value)) {
        return Some(band.score);
    }
    let below = bands
        .iter()
        .filter(|b| b.midpoint() < value)
        .max_by(|a, b| a.midpoint().total_cmp(&b.midpoint()));
    let above = bands
        .iter()
        .filter(|b| b.midpoint() > value)
        .min_by(|a, b| a.midpoint().total_cmp(&b.midpoint()));
    match (below, above) {
        (Some(a), Some(b)) => Some(a.score.min(b.score)),
        (Some(a), None) | (None, Some(a)) => Some(a.score),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ladder(lines: &[&str]) -> Vec<Band> {
        lines
            .iter()
            .map(|l| parse_band(l, Span::default()).unwrap())
            .collect()
    }

    fn days(n: f64) -> f64 {
        n * 86_400.0
    }

    #[test]
    fn seed_cycle_time_ladder_is_contiguous_and_scores_six_days_at_point_seven() {
        let bands = ladder(&[
            "≤ 4 days: 1.0",
            "5 to 6 days: 0.7",
            "7 to 8 days: 0.3",
            "≥ 9 days: 0.0",
        ]);
        assert_eq!(check_ladder(&bands), vec![]);
        assert_eq!(score_on_ladder(&bands, days(6.0)), Some(0.7));
        assert_eq!(score_on_ladder(&bands, days(4.0)), Some(1.0));
        // Between bands: the better band has not been reached.
        assert_eq!(score_on_ladder(&bands, days(4.5)), Some(0.7));
        assert_eq!(score_on_ladder(&bands, days(8.5)), Some(0.0));
        assert_eq!(score_on_ladder(&bands, days(30.0)), Some(0.0));
    }

    #[test]
    fn percent_ladder_listed_high_to_low() {
        let bands = ladder(&[
            "≥ 65%: 1.0",
            "58% to 64%: 0.7",
            "50% to 57%: 0.3",
            "≤ 49%: 0.0",
        ]);
        assert_eq!(check_ladder(&bands), vec![]);
        assert_eq!(score_on_ladder(&bands, 64.5), Some(0.7));
    }

    #[test]
    fn accepts_ascii_and_dash_forms() {
        let bands = ladder(&[
            "<= 4 days: 1.0",
            "5–6 days: 0.7",
            "7-8 days: 0.3",
            ">= 9 days: 0",
        ]);
        assert_eq!(check_ladder(&bands), vec![]);
    }

    #[test]
    fn finds_gaps_overlaps_order_and_range() {
        let gap = ladder(&["≤ 4 days: 1.0", "7 to 8 days: 0.3"]);
        assert_eq!(check_ladder(&gap), vec![LadderIssue::Gap(0, 1)]);
        let overlap = ladder(&["≤ 5 days: 1.0", "5 to 6 days: 0.7"]);
        assert_eq!(check_ladder(&overlap), vec![LadderIssue::Overlap(0, 1)]);
        let order = ladder(&["≤ 4 days: 1.0", "7 to 8 days: 0.3", "5 to 6 days: 0.7"]);
        assert_eq!(check_ladder(&order), vec![LadderIssue::OutOfOrder(2)]);
        let range = ladder(&["≤ 4 days: 1.5", "≥ 5 days: 0"]);
        assert_eq!(check_ladder(&range), vec![LadderIssue::ScoreOutOfRange(0)]);
    }

    #[test]
    fn band_errors_are_explained() {
        assert_eq!(
            parse_band("5 to 6 days", Span::default()),
            Err(BandError::MissingScore)
        );
        assert!(matches!(
            parse_band("soon: 1", Span::default()),
            Err(BandError::BadRange(_))
        ));
        assert!(matches!(
            parse_band("≤ 4: high", Span::default()),
            Err(BandError::BadScore(_))
        ));
    }
}
