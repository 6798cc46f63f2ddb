//! Objective and key result IDs: `O1` and `O1-KR2`.

use crate::text::find_short;
use compact_str::CompactString;
use std::fmt;
use std::str::FromStr;

/// A key result ID such as `O1-KR2`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KrId {
    /// The objective's number.
    pub objective: u32,
    /// The key result's number within the objective.
    pub kr: u32,
}

impl fmt::Display for KrId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

impl KrId {
    /// The ID as written in documents (`O1-KR2`), without the formatting machinery.
    pub fn label(&self) -> CompactString {
        let mut label = CompactString::const_new("O");
        push_number(&mut label, self.objective);
        label.push_str("-KR");
        push_number(&mut label, self.kr);
        label
    }
}

fn push_number(out: &mut CompactString, n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

impl FromStr for KrId {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        let at = find_short(s, "-KR").ok_or(())?;
        let (o, k) = (&s[..at], &s[at + 3..]);
        Ok(KrId {
            objective: parse_objective_id(o).ok_or(())?,
            kr: positive(k).ok_or(())?,
        })
    }
}

/// Parses `O1` into 1.
pub fn parse_objective_id(s: &str) -> Option<u32> {
    positive(s.strip_prefix('O')?)
}

fn positive(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.starts_with('0') {
        return None;
    }
    digits.parse().ok()
}

/// How a heading's text splits into an ID and a statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeadingId<'a> {
    /// `O1: statement`.
    Objective(u32, &'a str),
    /// `O1-KR2: statement`.
    KeyResult(KrId, &'a str),
    /// Text before a colon that tries to be an ID but is not well formed.
    Malformed(&'a str, &'a str),
    /// No ID at all.
    None,
}

/// Splits heading text such as `O1-KR2: Reduce churn…` into its ID and statement.
pub fn split_heading(text: &str) -> HeadingId<'_> {
    let Some((prefix, rest)) = text.split_once(':') else {
        return match first_word_id(text) {
            Some(word) => HeadingId::Malformed(word, text[word.len()..].trim()),
            None => HeadingId::None,
        };
    };
    let id = prefix.trim();
    let statement = rest.trim();
    if let Some(n) = parse_objective_id(id) {
        return HeadingId::Objective(n, statement);
    }
    if let Ok(kr) = id.parse::<KrId>() {
        return HeadingId::KeyResult(kr, statement);
    }
    if looks_like_id(id) {
        HeadingId::Malformed(id, statement)
    } else {
        HeadingId::None
    }
}

/// A first word such as `O1` or `KR2` in a heading with no colon.
fn first_word_id(text: &str) -> Option<&str> {
    let word = text.split_whitespace().next()?;
    let is_id = parse_objective_id(word).is_some() || word.parse::<KrId>().is_ok();
    (is_id || (looks_like_id(word) && word.len() <= 8)).then_some(word)
}

/// Whether a short prefix reads like an attempt at an ID (`Objective 1`, `KR2`, `o1`, `O1.KR1`).
fn looks_like_id(prefix: &str) -> bool {
    let lower = prefix.to_ascii_lowercase();
    let has_digit = lower.bytes().any(|b| b.is_ascii_digit());
    let words = lower.split_whitespace().count();
    let starts = ["o", "kr", "objective", "key result", "okr"]
        .iter()
        .any(|p| lower.starts_with(p));
    has_digit && starts && words <= 3 && lower.len() <= 20
}

/// Finds every well-formed KR ID in free text, with byte offsets.
pub fn find_kr_ids(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let boundary = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if bytes[i] == b'O' && boundary {
            let end = id_end(bytes, i);
            if end > i && !bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                let candidate = &text[i..end];
                if candidate.parse::<KrId>().is_ok() {
                    found.push((i, candidate));
                    i = end;
                    continue;
                }
            }
        }
        i += 1;
    }
    found
}

fn id_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start + 1;
    while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'-') {
        end += 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_headings() {
        assert_eq!(split_heading("O1: Grow"), HeadingId::Objective(1, "Grow"));
        assert_eq!(
            split_heading("O2-KR3: Cut churn"),
            HeadingId::KeyResult(
                KrId {
                    objective: 2,
                    kr: 3
                },
                "Cut churn"
            )
        );
        assert_eq!(
            split_heading("Objective 1: Grow"),
            HeadingId::Malformed("Objective 1", "Grow")
        );
        assert_eq!(
            split_heading("KR1: Cut"),
            HeadingId::Malformed("KR1", "Cut")
        );
        assert_eq!(
            split_heading("O01: Grow"),
            HeadingId::Malformed("O01", "Grow")
        );
        assert_eq!(split_heading("O1 Grow"), HeadingId::Malformed("O1", "Grow"));
        assert_eq!(split_heading("Check-ins"), HeadingId::None);
        assert_eq!(split_heading("Notes: on 2026 planning"), HeadingId::None);
    }

    #[test]
    fn ids_print_and_parse_back() {
        for (objective, kr) in [(1, 2), (12, 30), (4_294_967_295, 10), (0, 0)] {
            let id = KrId { objective, kr };
            let text = format!("O{objective}-KR{kr}");
            assert_eq!(id.label(), text);
            assert_eq!(id.to_string(), text);
        }
        assert_eq!(
            "O3-KR14".parse(),
            Ok(KrId {
                objective: 3,
                kr: 14
            })
        );
        for bad in ["O3-KR", "O3KR1", "-KR1", "O3-KR01", "O3-Kr1", "é-KR1"] {
            assert_eq!(bad.parse::<KrId>(), Err(()), "{bad}");
        }
    }

    #[test]
    fn finds_ids_in_prose() {
        let ids: Vec<&str> = find_kr_ids("Checklist: O1-KR1, O1-KR2 and XO1-KR3, O1-KR")
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert_eq!(ids, vec!["O1-KR1", "O1-KR2"]);
    }
}
