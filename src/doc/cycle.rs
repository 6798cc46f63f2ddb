//! Cycles: `2026-Q1`, `2026-H1`, `2026`, or an explicit period.

use chrono::NaiveDate;
use std::fmt;

/// The dates a cycle covers, both ends inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Period {
    /// First day of the cycle.
    pub start: NaiveDate,
    /// Last day of the cycle.
    pub end: NaiveDate,
}

impl Period {
    /// Whether `date` falls inside the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// Length in days, counting both ends.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} to {}", self.start, self.end)
    }
}

/// Parses a cycle name into its period: `2026-Q1`, `2026-H2` or `2026`.
pub fn parse_cycle(name: &str) -> Option<Period> {
    let name = name.trim();
    let (year, part) = match name.split_once('-') {
        Some((y, p)) => (y, Some(p)),
        None => (name, None),
    };
    if year.len() != 4 {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let (first_month, months) = match part.map(str::to_ascii_uppercase).as_deref() {
        None => (1, 12),
        Some("Q1") => (1, 3),
        Some("Q2") => (4, 3),
        Some("Q3") => (7, 3),
        Some("Q4") => (10, 3),
        Some("H1") => (1, 6),
        Some("H2") => (7, 6),
        Some(_) => return None,
    };
    let start = NaiveDate::from_ymd_opt(year, first_month, 1)?;
    let end = start
        .checked_add_months(chrono::Months::new(months))?
        .pred_opt()?;
    Some(Period { start, end })
}

/// Parses a strict ISO date (`2026-03-31`), rejecting impossible days.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.trim().as_bytes();
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *bytes else {
        return None;
    };
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let year = i32::try_from(number(&[y1, y2, y3, y4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&[m1, m2])?, number(&[d1, d2])?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn quarters_halves_and_years() {
        assert_eq!(
            parse_cycle("2026-Q1"),
            Some(Period {
                start: d(2026, 1, 1),
                end: d(2026, 3, 31)
            })
        );
        assert_eq!(parse_cycle("2026-Q4").unwrap().end, d(2026, 12, 31));
        assert_eq!(parse_cycle("2026-H2").unwrap().start, d(2026, 7, 1));
        assert_eq!(parse_cycle("2026").unwrap().days(), 365);
        assert_eq!(parse_cycle("2026-Q5"), None);
        assert_eq!(parse_cycle("next quarter"), None);
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("9999-99-99"), None);
        assert_eq!(parse_date("2026-03-31"), Some(d(2026, 3, 31)));
        assert_eq!(parse_date(" 2024-02-29 "), Some(d(2024, 2, 29)));
        assert_eq!(parse_date("2026-3-31"), None);
        assert_eq!(parse_date("+202-03-31"), None);
        assert_eq!(parse_date("2026/03/31"), None);
        assert_eq!(parse_date("２０２６-03-31"), None);
    }
}
