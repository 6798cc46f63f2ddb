//! Cycles: `2026-Q1`, `2026-H1`, `2026-T2`, `2026`, `FY23-Q3`, or an explicit period.
//!
//! Calendar names (`2026-Q1`) are calendar quarters. Fiscal names (`FY23`, `FY23-Q3`)
//! follow the team's [`Calendar`] from `okr.yaml`: the month its year starts and whether
//! `FY23` is the year that ends in 2023 or starts in it.

use chrono::NaiveDate;
use std::cell::Cell;
use std::fmt;

/// How a team's fiscal year runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Calendar {
    /// The month (1–12) the fiscal year starts in.
    pub start_month: u32,
    /// Which calendar year names a fiscal year.
    pub label: FiscalLabel,
}

/// Which calendar year gives a fiscal year its number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FiscalLabel {
    /// `FY23` is the fiscal year that ends in 2023 (most companies' usage).
    #[default]
    End,
    /// `FY23` is the fiscal year that starts in 2023.
    Start,
}

impl Default for Calendar {
    fn default() -> Self {
        Self {
            start_month: 1,
            label: FiscalLabel::End,
        }
    }
}

impl Calendar {
    /// The first day of fiscal year `year`.
    fn fiscal_start(&self, year: i32) -> Option<NaiveDate> {
        let first = match self.label {
            FiscalLabel::End if self.start_month > 1 => year - 1,
            _ => year,
        };
        NaiveDate::from_ymd_opt(first, self.start_month, 1)
    }

    /// Runs `read` with this calendar as the one cycle names are read in on this thread.
    pub fn reading<T>(&self, read: impl FnOnce() -> T) -> T {
        let before = CALENDAR.with(|c| c.replace(*self));
        let result = read();
        CALENDAR.with(|c| c.set(before));
        result
    }
}

thread_local! {
    /// The calendar cycle names are read in: set for the length of one document's parse
    /// by [`Calendar::reading`], the default otherwise.
    static CALENDAR: Cell<Calendar> = Cell::new(Calendar::default());
}

/// The dates a cycle covers, both ends inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

/// Parses a cycle name into its period: `2026-Q1`, `Q1 2026`, `2026 Q1`, `FY22-Q1`,
/// `CY19-Q4`, `2026-H2`, `H1 2026`, `2026-T2`, `2020 Set 1` or a whole year such as `2026`.
///
/// A fiscal (`FY`) name follows the calendar being read in (see [`Calendar::reading`]);
/// a calendar (`CY`) or plain name is calendar time. A `Set N` reads as the Nth quarter.
pub fn parse_cycle(name: &str) -> Option<Period> {
    let tokens: Vec<(usize, &str)> = cycle_tokens(name).collect();
    match read_cycle_tokens(&tokens)? {
        (period, used) if used == tokens.len() => Some(period),
        _ => None,
    }
}

/// The first cycle named anywhere in `text` (a title, a heading, a sentence), with the
/// byte range of its words in `text`.
pub fn find_cycle(text: &str) -> Option<(Period, std::ops::Range<usize>)> {
    if let Some(found) = find_period_sentence(text) {
        return Some(found);
    }
    let tokens: Vec<(usize, &str)> = cycle_tokens(text).collect();
    (0..tokens.len()).find_map(|at| {
        let (period, used) = read_cycle_tokens(&tokens[at..])?;
        let (last_at, last) = tokens[at + used - 1];
        Some((period, tokens[at].0..last_at + last.len()))
    })
}

/// Words of a cycle name with their offsets, split at spaces, `-`, `_`, `/` and `,`.
fn cycle_tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '-' | '_' | '/' | ',' | ':' | '(' | ')'))
        .filter(|word| !word.is_empty())
        .map(move |word| (word.as_ptr() as usize - text.as_ptr() as usize, word))
}

/// Reads a cycle from the start of `tokens`: the period and how many tokens it used.
fn read_cycle_tokens(tokens: &[(usize, &str)]) -> Option<(Period, usize)> {
    let word = |i: usize| tokens.get(i).map(|t| t.1);
    let first = word(0)?;
    if let Some((year, part)) = joined_year_part(first) {
        return Some((period_of(year, part)?, 1));
    }
    if let Some(year) = year_of(first) {
        let year = fiscal(first, year);
        let part = word(1).and_then(part_of);
        let set = (word(1).is_some_and(|w| w.eq_ignore_ascii_case("set")))
            .then(|| word(2).and_then(set_number))
            .flatten();
        return Some(match (part, set) {
            (Some(part), _) => (period_of(year, part)?, 2),
            (None, Some(part)) => (period_of(year, part)?, 3),
            (None, None) => (period_of(year, Part::Year)?, 1),
        });
    }
    let part = part_of(first)?;
    let year = fiscal(word(1)?, year_of(word(1)?)?);
    Some((period_of(year, part)?, 2))
}

/// A year as read: the fiscal year when the word says `FY`, else the calendar year.
#[derive(Clone, Copy)]
enum Year {
    Calendar(i32),
    Fiscal(i32),
}

fn fiscal(word: &str, year: i32) -> Year {
    if word.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("FY")) {
        Year::Fiscal(year)
    } else {
        Year::Calendar(year)
    }
}

/// Which part of a year a cycle covers.
#[derive(Clone, Copy)]
enum Part {
    Year,
    Quarter(u32),
    Half(u32),
    Trimester(u32),
}

fn period_of(year: Year, part: Part) -> Option<Period> {
    let (offset, months) = match part {
        Part::Year => (0, 12),
        Part::Quarter(q) => (3 * (q - 1), 3),
        Part::Half(h) => (6 * (h - 1), 6),
        Part::Trimester(t) => (4 * (t - 1), 4),
    };
    let year_start = match year {
        Year::Calendar(y) => NaiveDate::from_ymd_opt(y, 1, 1)?,
        Year::Fiscal(y) => CALENDAR.with(Cell::get).fiscal_start(y)?,
    };
    let start = year_start.checked_add_months(chrono::Months::new(offset))?;
    let end = start
        .checked_add_months(chrono::Months::new(months))?
        .pred_opt()?;
    Some(Period { start, end })
}

/// `2026`, `FY22`, `FY2022`, `CY19`: the calendar year.
fn year_of(word: &str) -> Option<i32> {
    let upper = word.to_ascii_uppercase();
    let digits = upper
        .strip_prefix("FY")
        .or_else(|| upper.strip_prefix("CY"))
        .unwrap_or(&upper);
    let prefixed = digits.len() != upper.len();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match digits.len() {
        4 => digits.parse().ok().filter(|y| (1900..=2199).contains(y)),
        2 if prefixed => digits.parse::<i32>().ok().map(|y| 2000 + y),
        _ => None,
    }
}

/// `Q1`…`Q4`, `H1`, `H2`, `T1`…`T3`.
fn part_of(word: &str) -> Option<Part> {
    let upper = word.to_ascii_uppercase();
    let (kind, number) = upper.split_at_checked(1)?;
    let n: u32 = number.parse().ok()?;
    match (kind, n) {
        ("Q", 1..=4) => Some(Part::Quarter(n)),
        ("H", 1..=2) => Some(Part::Half(n)),
        ("T", 1..=3) => Some(Part::Trimester(n)),
        _ => None,
    }
}

fn set_number(word: &str) -> Option<Part> {
    match word.parse::<u32>().ok()? {
        n @ 1..=4 => Some(Part::Quarter(n)),
        _ => None,
    }
}

/// A year and part written as one word: `2026Q1`, `FY22Q1`, `2020H2`, `2027T1`.
fn joined_year_part(word: &str) -> Option<(Year, Part)> {
    let upper = word.to_ascii_uppercase();
    let at = upper.rfind(['Q', 'H', 'T'])?;
    if at == 0 {
        return None;
    }
    let year = &upper[..at];
    Some((fiscal(year, year_of(year)?), part_of(&upper[at..])?))
}

/// A sentence such as "this quarter runs from August 1, 2022 to October 31, 2022".
fn find_period_sentence(text: &str) -> Option<(Period, std::ops::Range<usize>)> {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find("from ") {
        let start = from + found + "from ".len();
        from = start;
        let Some((first, first_len)) = long_date(&text[start..]) else {
            continue;
        };
        let rest = &lower[start + first_len..];
        let Some(to) = rest
            .strip_prefix(" to ")
            .or_else(|| rest.strip_prefix(" until "))
        else {
            continue;
        };
        let to_start = start + first_len + (rest.len() - to.len());
        if let Some((last, last_len)) = long_date(&text[to_start..]) {
            if first <= last {
                return Some((
                    Period {
                        start: first,
                        end: last,
                    },
                    start..to_start + last_len,
                ));
            }
        }
    }
    None
}

/// A date written out at the start of `text` (`August 1, 2022`, `1 August 2022`,
/// `2022-08-01`), with the bytes it takes.
pub fn long_date(text: &str) -> Option<(NaiveDate, usize)> {
    if let Some(date) = text.get(..10).and_then(parse_date) {
        return Some((date, 10));
    }
    let words: Vec<(usize, &str)> = cycle_tokens(text).take(3).collect();
    let [(_, a), (_, b), (c_at, c)] = words[..] else {
        return None;
    };
    if words[0].0 != 0 {
        return None;
    }
    let year: i32 = c
        .get(..4)
        .filter(|y| y.bytes().all(|d| d.is_ascii_digit()))?
        .parse()
        .ok()?;
    let (month, day) = match (month_number(a), month_number(b)) {
        (Some(m), None) => (m, b.parse().ok()?),
        (None, Some(m)) => (m, a.parse().ok()?),
        _ => return None,
    };
    Some((NaiveDate::from_ymd_opt(year, month, day)?, c_at + 4))
}

/// `Jan`, `January`, `sept`…: the month's number.
pub fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = word.trim_end_matches('.').to_ascii_lowercase();
    if lower.len() < 3 || !lower.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&lower) || (lower == "sept" && *m == "september"))
        .map(|i| i as u32 + 1)
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

    fn period(name: &str, calendar: Calendar) -> (String, String) {
        let p = calendar
            .reading(|| parse_cycle(name))
            .unwrap_or_else(|| panic!("{name}"));
        (p.start.to_string(), p.end.to_string())
    }

    fn pair(start: &str, end: &str) -> (String, String) {
        (start.to_string(), end.to_string())
    }

    #[test]
    fn fiscal_years_follow_the_calendar() {
        let february = Calendar {
            start_month: 2,
            label: FiscalLabel::End,
        };
        assert_eq!(
            period("FY23-Q3", february),
            pair("2022-08-01", "2022-10-31")
        );
        assert_eq!(period("FY23", february), pair("2022-02-01", "2023-01-31"));
        assert_eq!(
            period("FY23-Q4", february),
            pair("2022-11-01", "2023-01-31")
        );
        let july = Calendar {
            start_month: 7,
            label: FiscalLabel::End,
        };
        assert_eq!(period("FY24", july), pair("2023-07-01", "2024-06-30"));
        assert_eq!(period("FY24-Q1", july), pair("2023-07-01", "2023-09-30"));
        assert_eq!(period("FY24 H2", july), pair("2024-01-01", "2024-06-30"));
        assert_eq!(period("Q2 FY24", july), pair("2023-10-01", "2023-12-31"));
        let july_start = Calendar {
            start_month: 7,
            label: FiscalLabel::Start,
        };
        assert_eq!(period("FY24", july_start), pair("2024-07-01", "2025-06-30"));
        assert_eq!(
            period("FY24Q2", july_start),
            pair("2024-10-01", "2024-12-31")
        );
        // Calendar names stay calendar time whatever the fiscal year.
        assert_eq!(period("2024-Q1", july), pair("2024-01-01", "2024-03-31"));
        assert_eq!(
            period("FY22-Q1", Calendar::default()),
            pair("2022-01-01", "2022-03-31")
        );
        // The calendar applies only while reading.
        assert_eq!(
            parse_cycle("FY24").map(|p| p.start.to_string()).as_deref(),
            Some("2024-01-01")
        );
    }

    #[test]
    fn halves_and_trimesters() {
        let plain = Calendar::default();
        assert_eq!(period("2020H2", plain), pair("2020-07-01", "2020-12-31"));
        assert_eq!(period("H1 2026", plain), pair("2026-01-01", "2026-06-30"));
        assert_eq!(period("2026-T2", plain), pair("2026-05-01", "2026-08-31"));
        assert_eq!(period("T3 2026", plain), pair("2026-09-01", "2026-12-31"));
        assert!(parse_cycle("2026-T4").is_none());
    }
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
    fn cycles_as_people_write_them() {
        let q1 = parse_cycle("2026-Q1");
        for name in [
            "Q1 2026",
            "2026 Q1",
            "q1-2026",
            "2026Q1",
            "FY26-Q1",
            "CY26 Q1",
            "2026 Set 1",
        ] {
            assert_eq!(parse_cycle(name), q1, "{name}");
        }
        assert_eq!(parse_cycle("Q1"), None);
        assert_eq!(parse_cycle("2026 Q1 extra"), None);
        assert_eq!(parse_cycle("FY226"), None);
    }

    #[test]
    fn cycles_found_in_titles_and_sentences() {
        let (period, range) = find_cycle("# Platform OKRs, Q3 2026").unwrap();
        assert_eq!(period, parse_cycle("2026-Q3").unwrap());
        assert_eq!(&"# Platform OKRs, Q3 2026"[range], "Q3 2026");
        let text = "This fiscal quarter will run from August 1, 2022 to October 31, 2022.";
        let (period, range) = find_cycle(text).unwrap();
        assert_eq!((period.start, period.end), (d(2022, 8, 1), d(2022, 10, 31)));
        assert_eq!(&text[range], "August 1, 2022 to October 31, 2022");
        assert_eq!(find_cycle("OKRs for 2021").unwrap().0.days(), 365);
        assert_eq!(find_cycle("Team goals, next quarter"), None);
        assert_eq!(find_cycle("Serve 10000 users"), None);
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
