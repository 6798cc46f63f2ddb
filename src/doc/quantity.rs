//! Numbers with units: `18%`, `3 days`, `480 ms`, `1.2k`, `$2M`, `€300k`, `24`.

use crate::text::{lowercase, trim, trim_start};
use compact_str::CompactString;
use std::fmt;

/// The largest magnitude okr records or reads from a source; beyond it a value is a
/// typo or an overflow (and unit conversions of it would overflow to infinity).
pub const MAX_MAGNITUDE: f64 = 1e15;

/// What a quantity measures. Only quantities of one dimension can be compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dimension {
    /// A bare number such as `24` or `1.2k`.
    Count,
    /// A percentage such as `18%` or `46 percent`.
    Percent,
    /// A duration; values are held in seconds so days and weeks compare.
    Time,
    /// Money in one currency, named by its symbol or code (`$`, `EUR`).
    Money(CompactString),
    /// Any other unit word, normalised (`incidents` and `incident` agree).
    Unit(CompactString),
}

impl Dimension {
    /// Whether two quantities of these dimensions can be compared.
    ///
    /// A bare number is compatible with a named unit (`9` and `9 incidents`),
    /// but never with percentages, durations or money.
    pub fn compatible(&self, other: &Dimension) -> bool {
        match (self, other) {
            (Dimension::Count, Dimension::Unit(_)) | (Dimension::Unit(_), Dimension::Count) => true,
            _ => self == other,
        }
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dimension::Count => f.write_str("a plain number"),
            Dimension::Percent => f.write_str("a percentage"),
            Dimension::Time => f.write_str("a duration"),
            Dimension::Money(c) => write!(f, "money ({c})"),
            Dimension::Unit(u) => write!(f, "'{u}'"),
        }
    }
}

/// A parsed value with its dimension. Durations are normalised to seconds.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// The value in the dimension's base unit.
    pub value: f64,
    /// What the value measures.
    pub dimension: Dimension,
    /// Decimal places written in the source number (`4.5` has 1); sets ladder resolution.
    pub decimals: u32,
    /// Seconds per written unit for durations (86 400 for days), else 1.
    pub unit_scale: f64,
}

impl Quantity {
    /// The value in the unit it was written in (`3 days` gives 3).
    pub fn written_value(&self) -> f64 {
        self.value / self.unit_scale
    }

    /// Writes `value` (base units) the way this quantity was written in `written`:
    /// same unit, magnitude and currency, one more decimal place.
    ///
    /// `format_like("28%", 25.25)` gives `25.3%`; `format_like("4 days", 3.5 * 86400.0)` gives `3.5 days`.
    pub fn format_like(&self, written: &str, value: f64) -> String {
        let Some((start, end)) = number_token(written) else {
            return format!("{}", round_to(value, 2));
        };
        let shown = round_to(value / self.written_factor(written), self.decimals + 1);
        format!("{}{shown}{}", &written[..start], &written[end..])
    }

    /// Base units per unit of the number as written in `written` (1000 for `$80k`,
    /// 0.001 for `480 ms`), so a bare number can be read in the same unit.
    pub fn written_factor(&self, written: &str) -> f64 {
        let token: f64 = number_token(written)
            .and_then(|(start, end)| written[start..end].replace(',', "").parse().ok())
            .unwrap_or(0.0);
        if token == 0.0 {
            self.unit_scale
        } else {
            (self.value / token).abs()
        }
    }

    /// Whether this is a plain number with no unit or multiplier (`24`, not `1.2k`).
    pub fn is_bare(&self) -> bool {
        self.dimension == Dimension::Count && self.unit_scale == 1.0
    }

    /// Whether a bare number next to this quantity would be ambiguous without its unit.
    pub fn needs_unit(&self) -> bool {
        matches!(
            self.dimension,
            Dimension::Percent | Dimension::Time | Dimension::Money(_)
        )
    }

    /// The smallest step the source number can express, in base units.
    pub fn resolution(&self) -> f64 {
        10f64.powi(-(self.decimals as i32)) * self.unit_scale
    }
}

/// Why a value could not be read as a quantity.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    /// No number where one was expected.
    #[error("expected a number with an optional unit, such as `18%`, `3 days` or `$2M`")]
    NoNumber,
    /// The number overflows or is not finite.
    #[error("the number is out of range")]
    OutOfRange,
}

const CURRENCY_SYMBOLS: [(char, &str); 4] = [('$', "$"), ('€', "€"), ('£', "£"), ('¥', "¥")];
const CURRENCY_CODES: [&str; 8] = ["usd", "eur", "gbp", "jpy", "chf", "cad", "aud", "inr"];

/// Parses a quantity such as `18%`, `3 days`, `1.2k`, `$2M` or `480 ms`.
pub fn parse_quantity(text: &str) -> Result<Quantity, QuantityError> {
    let text = trim(text);
    let (negative, text) = match text.strip_prefix('-').or_else(|| text.strip_prefix('−')) {
        Some(rest) => (true, trim_start(rest)),
        None => (false, text),
    };
    let (currency, text) = split_currency(text);
    let (number, decimals, rest) = split_number(text).ok_or(QuantityError::NoNumber)?;
    let (magnitude, rest) = split_magnitude(rest);
    let mut value = number * magnitude;
    if negative {
        value = -value;
    }
    if !value.is_finite() {
        return Err(QuantityError::OutOfRange);
    }
    let (dimension, unit_scale) = match currency {
        Some(symbol) => (Dimension::Money(CompactString::const_new(symbol)), 1.0),
        None => classify_unit(rest),
    };
    Ok(Quantity {
        value: value * unit_scale,
        dimension,
        decimals,
        unit_scale,
    })
}

fn split_currency(text: &str) -> (Option<&'static str>, &str) {
    if text
        .as_bytes()
        .first()
        .is_none_or(|&b| b.is_ascii() && b != b'$')
    {
        return (None, text);
    }
    for (symbol, name) in CURRENCY_SYMBOLS {
        if let Some(rest) = text.strip_prefix(symbol) {
            return (Some(name), rest.trim_start());
        }
    }
    (None, text)
}

/// Splits a leading decimal number (commas allowed as thousands separators).
fn split_number(text: &str) -> Option<(f64, u32, &str)> {
    let bytes = text.as_bytes();
    let mut end = 0;
    let mut seen_digit = false;
    let mut decimals = 0;
    let mut in_fraction = false;
    while end < bytes.len() {
        match bytes[end] {
            b'0'..=b'9' => {
                seen_digit = true;
                if in_fraction {
                    decimals += 1;
                }
            }
            b'.' if !in_fraction && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) => {
                in_fraction = true;
            }
            b',' if seen_digit && !in_fraction && is_thousands_group(&bytes[end + 1..]) => {}
            _ => break,
        }
        end += 1;
    }
    if !seen_digit {
        return None;
    }
    end += exponent_len(&bytes[end..]);
    let written = &text[..end];
    let number = if written.contains(',') {
        written.replace(',', "").parse::<f64>().ok()?
    } else {
        written.parse::<f64>().ok()?
    };
    Some((number, decimals, &text[end..]))
}

fn is_thousands_group(rest: &[u8]) -> bool {
    rest.len() >= 3
        && rest[..3].iter().all(u8::is_ascii_digit)
        && !rest.get(3).is_some_and(u8::is_ascii_digit)
}

fn exponent_len(rest: &[u8]) -> usize {
    if !matches!(rest.first(), Some(b'e' | b'E')) {
        return 0;
    }
    let sign = usize::from(matches!(rest.get(1), Some(b'+' | b'-')));
    let digits = rest[1 + sign..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 {
        0
    } else {
        1 + sign + digits
    }
}

fn split_magnitude(rest: &str) -> (f64, &str) {
    let word_end = rest
        .bytes()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    let factor = match &rest[..word_end] {
        "k" | "K" => 1e3,
        "M" | "mn" => 1e6,
        "B" | "bn" => 1e9,
        _ => return (1.0, rest),
    };
    (factor, &rest[word_end..])
}

fn classify_unit(rest: &str) -> (Dimension, f64) {
    let unit = lowercase(trim(rest).trim_end_matches('.'));
    if unit.is_empty() {
        return (Dimension::Count, 1.0);
    }
    if matches!(
        unit.as_ref(),
        "%" | "percent" | "pct" | "pp" | "percentage points"
    ) {
        return (Dimension::Percent, 1.0);
    }
    if let Some(seconds) = seconds_per(&unit) {
        return (Dimension::Time, seconds);
    }
    if CURRENCY_CODES.contains(&unit.as_ref()) {
        return (Dimension::Money(unit.to_ascii_uppercase().into()), 1.0);
    }
    (Dimension::Unit(singular_words(&unit)), 1.0)
}

fn seconds_per(unit: &str) -> Option<f64> {
    Some(match unit {
        "ms" | "msec" | "millisecond" | "milliseconds" => 0.001,
        "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
        "min" | "mins" | "minute" | "minutes" => 60.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
        "d" | "day" | "days" => 86_400.0,
        "w" | "wk" | "wks" | "week" | "weeks" => 604_800.0,
        _ => return None,
    })
}

fn singular_words(unit: &str) -> CompactString {
    let mut out = CompactString::default();
    for word in unit.split_whitespace().map(singular) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn singular(word: &str) -> &str {
    match word.strip_suffix('s') {
        Some(stem) if stem.len() >= 3 && !stem.ends_with('s') => stem,
        _ => word,
    }
}

/// The byte range of the first number (digits, `.` and `,`) in `text`.
fn number_token(text: &str) -> Option<(usize, usize)> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let len = text[start..]
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(text.len() - start);
    Some((start, start + len))
}

/// `value` rounded to `decimals` places, printed without trailing zeros.
fn round_to(value: f64, decimals: u32) -> f64 {
    let factor = 10f64.powi(decimals.min(6) as i32);
    let rounded = (value * factor).round() / factor;
    if rounded == 0.0 {
        0.0
    } else {
        rounded
    }
}

/// Reads a binary KR's actual: `done`, `yes`, `true` or `1` mean achieved.
pub fn parse_binary(text: &str) -> Option<bool> {
    match lowercase(text.trim()).as_ref() {
        "done" | "yes" | "true" | "1" | "achieved" => Some(true),
        "not done" | "no" | "false" | "0" | "not achieved" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Quantity {
        parse_quantity(text).unwrap()
    }

    #[test]
    fn reads_the_formats_the_guides_use() {
        assert_eq!(q("18%").dimension, Dimension::Percent);
        assert_eq!(q("18%").value, 18.0);
        assert_eq!(q("46 percent").dimension, Dimension::Percent);
        assert_eq!(q("3 days").value, 3.0 * 86_400.0);
        assert_eq!(q("2 weeks").value, 14.0 * 86_400.0);
        assert_eq!(q("480 ms").value, 0.48);
        assert_eq!(q("1.2k").value, 1200.0);
        assert_eq!(q("$2M").dimension, Dimension::Money("$".into()));
        assert_eq!(q("$2M").value, 2e6);
        assert_eq!(q("€300k").value, 300_000.0);
        assert_eq!(q("4.4").decimals, 1);
        assert_eq!(q("24").dimension, Dimension::Count);
        assert_eq!(q("1,250 users").value, 1250.0);
        assert_eq!(q("-5").value, -5.0);
        assert_eq!(
            q("9 incidents").dimension,
            Dimension::Unit("incident".into())
        );
    }

    #[test]
    fn days_and_weeks_compare_but_percent_and_days_do_not() {
        assert!(q("2 weeks").dimension.compatible(&q("3 days").dimension));
        assert!(!q("18%").dimension.compatible(&q("3 days").dimension));
        assert!(q("9").dimension.compatible(&q("3 incidents").dimension));
        assert!(!q("$2M").dimension.compatible(&q("€2M").dimension));
    }

    #[test]
    fn rejects_non_numbers_and_overflow() {
        assert_eq!(parse_quantity("soon"), Err(QuantityError::NoNumber));
        assert_eq!(parse_quantity("1e309"), Err(QuantityError::OutOfRange));
        assert_eq!(parse_quantity("NaN"), Err(QuantityError::NoNumber));
        assert_eq!(parse_quantity("-inf"), Err(QuantityError::NoNumber));
    }

    #[test]
    fn formats_a_value_in_the_unit_it_was_written_in() {
        assert_eq!(q("28%").format_like("28%", 25.25), "25.3%");
        assert_eq!(
            q("4 days").format_like("4 days", 3.5 * 86_400.0),
            "3.5 days"
        );
        assert_eq!(q("$2M").format_like("$2M", 1_500_000.0), "$1.5M");
        assert_eq!(q("0 findings").format_like("0 findings", 1.0), "1 findings");
        assert_eq!(
            q("1,250 users").format_like("1,250 users", 1000.0),
            "1000 users"
        );
    }

    #[test]
    fn binary_words() {
        assert_eq!(parse_binary("Done"), Some(true));
        assert_eq!(parse_binary("1"), Some(true));
        assert_eq!(parse_binary("not done"), Some(false));
        assert_eq!(parse_binary("maybe"), None);
    }
}
