//! Reading a KR statement: its verb, `from X to Y`, `by <date>` and `by N%`.

use super::quantity::{parse_quantity, Quantity};
use crate::text::{find_any, lowercase};
use chrono::{Datelike, NaiveDate};
use compact_str::CompactString;

/// Which way a verb says the metric should move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Up: increase, grow, lift…
    Up,
    /// Down: reduce, cut, shorten…
    Down,
}

impl Direction {
    /// The way a lower-case verb says the metric should move, if it says one.
    fn of_verb(verb: &str) -> Option<Self> {
        Some(match verb {
            "increase" | "grow" | "raise" | "lift" | "boost" | "expand" | "double" | "triple"
            | "accelerate" | "widen" | "extend" => Direction::Up,
            "reduce" | "decrease" | "cut" | "lower" | "shrink" | "drop" | "shorten" | "halve"
            | "minimize" | "minimise" | "eliminate" | "lessen" | "trim" | "compress" => {
                Direction::Down
            }
            _ => return None,
        })
    }
}

/// What a KR statement says, read once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Statement {
    /// The first word, lower-cased.
    pub verb: CompactString,
    /// The direction the verb implies, if it implies one.
    pub direction: Option<Direction>,
    /// `from X to Y`, with each side's byte range in the statement.
    pub from_to: Option<FromTo>,
    /// A `by <date>` deadline: `(month, day)` when it names one.
    pub by_date: Option<ByDate>,
    /// `by 20%`-style relative change, with its byte range.
    pub relative: Option<(usize, usize)>,
    /// Whether any digit appears.
    pub has_number: bool,
}

/// The `from X to Y` part of a statement.
#[derive(Clone, Debug, PartialEq)]
pub struct FromTo {
    /// The starting value.
    pub from: Quantity,
    /// Byte range of the starting value in the statement.
    pub from_range: (usize, usize),
    /// The target value.
    pub to: Quantity,
    /// Byte range of the target value in the statement.
    pub to_range: (usize, usize),
}

/// A `by …` deadline in a statement.
#[derive(Clone, Debug, PartialEq)]
pub struct ByDate {
    /// Month and day when the deadline names one (`Mar 31`, `2026-03-31`).
    pub month_day: Option<(u32, u32)>,
    /// Byte range of the deadline text.
    pub range: (usize, usize),
}

impl ByDate {
    /// Whether the deadline agrees with `due` (same month and day), when it names a day.
    pub fn agrees_with(&self, due: NaiveDate) -> bool {
        self.month_day
            .is_none_or(|(m, d)| due.month() == m && due.day() == d)
    }
}

/// Reads a statement.
pub fn read_statement(text: &str) -> Statement {
    let verb = first_word(text);
    let direction = Direction::of_verb(&verb);
    let (by_date, relative) = read_by(text);
    Statement {
        verb,
        direction,
        from_to: read_from_to(text),
        by_date,
        relative,
        has_number: text.bytes().any(|b| b.is_ascii_digit()),
    }
}

/// The first word of `text`, lower-cased, without punctuation.
pub fn first_word(text: &str) -> CompactString {
    let word = text
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .trim_matches(|c: char| !c.is_alphanumeric());
    CompactString::from(lowercase(word))
}

/// The offset of `word` (ASCII, lower-case) as a whole word surrounded by spaces, at or after `from`.
fn find_word(text: &str, word: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let n = word.len();
    memchr::memchr_iter(b' ', bytes.get(from..)?)
        .map(|space| from + space + 1)
        .find(|&i| {
            i + n < bytes.len()
                && bytes[i + n] == b' '
                && bytes[i..i + n].eq_ignore_ascii_case(word.as_bytes())
        })
}

fn read_from_to(text: &str) -> Option<FromTo> {
    let mut search = 0;
    while let Some(from_at) = find_word(text, "from", search) {
        search = from_at + 1;
        if let Some(found) = from_to_at(text, from_at + "from ".len()) {
            return Some(found);
        }
    }
    None
}

fn from_to_at(text: &str, from_start: usize) -> Option<FromTo> {
    let to_at = find_word(text, "to", from_start)?;
    let to_start = to_at + "to ".len();
    let to_end = value_end(text, to_start);
    let from = parse_quantity(&text[from_start..to_at]).ok()?;
    let to = parse_quantity(&text[to_start..to_end]).ok()?;
    Some(FromTo {
        from,
        from_range: (from_start, to_at - 1),
        to,
        to_range: (to_start, to_end),
    })
}

/// Where a value that starts at `start` ends: before ` by `, ` in `, `, ` or `;`, or a final `.`.
/// A comma without a space after it is a thousands separator (`2,000`), not a stop.
fn value_end(text: &str, start: usize) -> usize {
    const STOPS: [&str; 8] = [
        " by ", " in ", " within ", " for ", ", ", ";", " (", " and ",
    ];
    let rest = &text[start..];
    let end = find_any(rest, &STOPS).map_or(rest.len(), |(i, _)| i);
    start + rest[..end].trim_end().trim_end_matches('.').len()
}

fn read_by(text: &str) -> (Option<ByDate>, Option<(usize, usize)>) {
    let mut by_date = None;
    let mut relative = None;
    let mut from = 0;
    while let Some(at) = find_word(text, "by", from) {
        let start = at + "by ".len();
        let end = value_end(text, start);
        let phrase = &text[start..end];
        if let Some(month_day) = month_day(phrase) {
            by_date = Some(ByDate {
                month_day: Some(month_day),
                range: (start, end),
            });
        } else if is_period_phrase(phrase) {
            by_date = Some(ByDate {
                month_day: None,
                range: (start, end),
            });
        } else if parse_quantity(phrase).is_ok() {
            relative = Some((start, end));
        }
        from = start;
    }
    (by_date, relative)
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Reads `Mar 31`, `31 March`, `March 31, 2026` or `2026-03-31` as (month, day).
fn month_day(phrase: &str) -> Option<(u32, u32)> {
    if let Some(date) = super::cycle::parse_date(phrase.get(..10).unwrap_or(phrase)) {
        return Some((date.month(), date.day()));
    }
    let mut words = phrase
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    let month_of = |w: &str| {
        let prefix = w
            .get(..3)
            .filter(|_| w.bytes().all(|b| b.is_ascii_alphabetic()))?;
        MONTHS
            .iter()
            .position(|m| m.eq_ignore_ascii_case(prefix))
            .map(|i| i as u32 + 1)
    };
    let day_of = |w: &str| w.parse::<u32>().ok().filter(|d| (1..=31).contains(d));
    let (a, b) = (words.next()?, words.next()?);
    match (month_of(a), day_of(b), day_of(a), month_of(b)) {
        (Some(m), Some(d), _, _) | (_, _, Some(d), Some(m)) => Some((m, d)),
        _ => None,
    }
}

fn is_period_phrase(phrase: &str) -> bool {
    let lower = lowercase(phrase);
    [
        "end of",
        "q1",
        "q2",
        "q3",
        "q4",
        "h1",
        "h2",
        "the end",
        "year end",
        "year-end",
        "quarter end",
        "eoq",
        "eoy",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
        || MONTHS.iter().any(|m| lower.starts_with(m))
        || lower.chars().take(4).all(|c| c.is_ascii_digit()) && lower.len() == 4
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every position checked in turn: the plain statement of what `find_word` finds.
    fn find_word_at_every_position(text: &str, word: &str, from: usize) -> Option<usize> {
        let bytes = text.as_bytes();
        let n = word.len();
        (from + 1..bytes.len().saturating_sub(n)).find(|&i| {
            bytes[i - 1] == b' '
                && bytes[i + n] == b' '
                && bytes[i..i + n].eq_ignore_ascii_case(word.as_bytes())
        })
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn find_word_checks_every_word_after_a_space(
            text in proptest::collection::vec(
                proptest::sample::select(vec!["to", "To", "by", "from", "x", "é", "", "tox"]),
                0..8,
            ).prop_map(|words| words.join(" ")),
            word in proptest::sample::select(vec!["to", "by", "from"]),
            from in 0usize..30,
        ) {
            prop_assert_eq!(
                find_word(&text, word, from),
                find_word_at_every_position(&text, word, from)
            );
        }
    }

    #[test]
    fn verbs_give_a_direction() {
        assert_eq!(Direction::of_verb("triple"), Some(Direction::Up));
        assert_eq!(Direction::of_verb("accelerate"), Some(Direction::Up));
        assert_eq!(Direction::of_verb("halve"), Some(Direction::Down));
        assert_eq!(Direction::of_verb("minimise"), Some(Direction::Down));
        assert_eq!(Direction::of_verb("launch"), None);
        assert_eq!(
            read_statement("Grow x from 1 to 2").direction,
            Some(Direction::Up)
        );
    }

    #[test]
    fn reads_a_gold_statement() {
        let s = read_statement("Reduce median time from sign-up to first successful use from 3 days to 1 day by Mar 31");
        assert_eq!(s.direction, Some(Direction::Down));
        let ft = s.from_to.unwrap();
        assert_eq!(ft.from.written_value(), 3.0);
        assert_eq!(ft.to.written_value(), 1.0);
        assert_eq!(s.by_date.unwrap().month_day, Some((3, 31)));
    }

    #[test]
    fn reads_percent_words_and_relative_changes() {
        let s = read_statement(
            "Increase day-7 active account rate from 46 percent to 65 percent by Mar 31.",
        );
        assert_eq!(s.from_to.unwrap().to.value, 65.0);
        let r = read_statement("Increase organic traffic by 20%");
        assert!(r.relative.is_some());
        assert!(r.by_date.is_none());
        assert!(r.from_to.is_none());
    }

    #[test]
    fn thousands_separators_stay_in_the_number() {
        let s = read_statement("Increase activated teams from 1,200 to 2,000 by Dec 31");
        let ft = s.from_to.unwrap();
        assert_eq!((ft.from.value, ft.to.value), (1200.0, 2000.0));
    }

    #[test]
    fn dates_in_several_forms() {
        assert_eq!(month_day("31 March 2026"), Some((3, 31)));
        assert_eq!(month_day("2026-06-30"), Some((6, 30)));
        assert_eq!(month_day("the end of Q2"), None);
        assert!(read_statement("Lift NPS from 24 to 40 by end of Q1")
            .by_date
            .is_some());
    }
}
