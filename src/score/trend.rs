//! Pace against the calendar, and a least-squares trend for forecasts.

use serde::Serialize;

/// How far progress may lead or trail the calendar and still count as on pace.
pub const PACE_TOLERANCE: f64 = 0.10;

/// Progress toward the target compared with the share of time elapsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pace {
    /// More than [`PACE_TOLERANCE`] ahead of the calendar.
    Ahead,
    /// Within [`PACE_TOLERANCE`] of the calendar.
    OnPace,
    /// More than [`PACE_TOLERANCE`] behind the calendar.
    Behind,
}

impl Pace {
    /// The label shown in tables.
    pub fn label(self) -> &'static str {
        match self {
            Pace::Ahead => "ahead",
            Pace::OnPace => "on pace",
            Pace::Behind => "behind",
        }
    }
}

/// Compares `progress` (share of the way from baseline to target) with `elapsed`
/// (share of the time from cycle start to due date), both 0–1.
pub fn pace(progress: f64, elapsed: f64) -> Pace {
    let lead = ((progress - elapsed) * 100.0).round() / 100.0;
    if lead > PACE_TOLERANCE {
        Pace::Ahead
    } else if lead < -PACE_TOLERANCE {
        Pace::Behind
    } else {
        Pace::OnPace
    }
}

/// A straight line `y = intercept + slope · x`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Line {
    /// Change in y per unit of x.
    pub slope: f64,
    /// y at x = 0.
    pub intercept: f64,
}

impl Line {
    /// y at `x`.
    pub fn at(&self, x: f64) -> f64 {
        self.intercept + self.slope * x
    }
}

/// The ordinary least-squares line through `points`; `None` with fewer than two distinct x.
pub fn least_squares(points: &[(f64, f64)]) -> Option<Line> {
    let n = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    (sxx > 0.0 && sxx.is_finite()).then(|| {
        let slope = sxy / sxx;
        Line {
            slope,
            intercept: mean_y - slope * mean_x,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pace_uses_a_ten_point_tolerance() {
        assert_eq!(pace(0.60, 0.50), Pace::OnPace);
        assert_eq!(pace(0.61, 0.50), Pace::Ahead);
        assert_eq!(pace(0.40, 0.50), Pace::OnPace);
        assert_eq!(pace(0.39, 0.50), Pace::Behind);
    }

    #[test]
    fn least_squares_fits_exact_and_noisy_lines() {
        let exact = least_squares(&[(0.0, 10.0), (7.0, 12.0), (14.0, 14.0)]).unwrap();
        assert!((exact.slope - 2.0 / 7.0).abs() < 1e-12);
        assert!((exact.at(70.0) - 30.0).abs() < 1e-9);
        // y = 1, 2, 2, 5 at x = 0..3: slope 1.2, intercept 0.7.
        let noisy = least_squares(&[(0.0, 1.0), (1.0, 2.0), (2.0, 2.0), (3.0, 5.0)]).unwrap();
        assert!((noisy.slope - 1.2).abs() < 1e-12);
        assert!((noisy.intercept - 0.7).abs() < 1e-12);
        assert_eq!(least_squares(&[(3.0, 1.0), (3.0, 2.0)]), None);
        assert_eq!(least_squares(&[(3.0, 1.0)]), None);
    }
}
