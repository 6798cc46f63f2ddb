//! Cycles: `2026-Q1`, `2026-H1`, `2026`, or an explicit period.

use chrono::NaiveDate;
use std::fmt;

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
/// `CY19-Q4`, `2026-H2`, `2020 Set 1` or a whole year such as `2026`.
///
/// Fiscal (`FY`) and calendar (`CY`) prefixes both read as calendar years; a `Set N`
/// reads as the Nth quarter.
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
    let year = year_of(word(1)?)?;
    Some((period_of(year, part)?, 2))
}

/// Which part of a year a cycle covers.
#[derive(Clone, Copy)]
enum Part {
    Year,
    Quarter(u32),
    Half(u32),
}

fn period_of(year: i32, part: Part) -> Option<Period> {
    let (first_month, months) = match part {
        Part::Year => (1, 12),
        Part::Quarter(q) => (3 * q - 2, 3),
        Part::Half(h) => (6 * h - 5, 6),
    };
    let start = NaiveDate::from_ymd_opt(year, first_month, 1)?;
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

/// `Q1`…`Q4`, `H1`, `H2`.
fn part_of(word: &str) -> Option<Part> {
    let upper = word.to_ascii_uppercase();
    let (kind, number) = upper.split_at_checked(1)?;
    let n: u32 = number.parse().ok()?;
    match (kind, n) {
        ("Q", 1..=4) => Some(Part::Quarter(n)),
        ("H", 1..=2) => Some(Part::Half(n)),
        _ => None,
    }
}

fn set_number(word: &str) -> Option<Part> {
    match word.parse::<u32>().ok()? {
        n @ 1..=4 => Some(Part::Quarter(n)),
        _ => None,
    }
}

/// `2026Q1` or `Q12026`-free forms such as `2026Q1` and `FY22Q1`, written as one word.
fn joined_year_part(word: &str) -> Option<(i32, Part)> {
    let upper = word.to_ascii_uppercase();
    let at = upper.rfind(['Q', 'H'])?;
    if at == 0 {
        return None;
    }
    Some((year_of(&upper[..at])?, part_of(&upper[at..])?))
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
