//! Small text helpers shared by rules and commands.

use std::borrow::Cow;

/// `text` lower-cased, borrowed when it is already lower-case ASCII (the usual case for
/// card values and units, so reading them allocates nothing).
pub fn lowercase(text: &str) -> Cow<'_, str> {
    if text
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        Cow::Borrowed(text)
    } else if text.is_ascii() {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Owned(text.to_lowercase())
    }
}

/// Whether `b` is an ASCII character that [`char::is_whitespace`] accepts.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// `text.trim()`: the same result, with ASCII edges trimmed by byte (the usual case).
pub fn trim(text: &str) -> &str {
    trim_end(trim_start(text))
}

/// `text` without the leading bytes `strip` accepts. `strip` must accept only ASCII
/// bytes, so the cut falls on a character boundary.
pub fn strip_start_bytes(text: &str, strip: impl Fn(u8) -> bool) -> &str {
    &text[text.bytes().take_while(|&b| strip(b)).count()..]
}

/// `text` without the trailing bytes `strip` accepts (ASCII bytes only, as for
/// [`strip_start_bytes`]).
pub fn strip_end_bytes(text: &str, strip: impl Fn(u8) -> bool) -> &str {
    &text[..text.len() - text.bytes().rev().take_while(|&b| strip(b)).count()]
}

/// `text.trim_start()`: the same result, with ASCII edges trimmed by byte.
pub fn trim_start(text: &str) -> &str {
    let rest = strip_start_bytes(text, is_ascii_space);
    match rest.as_bytes().first() {
        Some(b) if !b.is_ascii() => rest.trim_start(),
        _ => rest,
    }
}

/// `text.trim_end()`: the same result, with ASCII edges trimmed by byte.
pub fn trim_end(text: &str) -> &str {
    let rest = strip_end_bytes(text, is_ascii_space);
    match rest.as_bytes().last() {
        Some(b) if !b.is_ascii() => rest.trim_end(),
        _ => rest,
    }
}

/// The closest candidate to `word` by edit distance, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance between two strings, by characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The words of `text`, split on white space, with surrounding punctuation removed.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '%' && c != '$'))
        .filter(|w| !w.is_empty())
}

/// Where `needle` first occurs in `text`: a plain scan, with no searcher to set up, for
/// the few bytes of an ID or a ladder band.
pub fn find_short(text: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    let first = *needle.first()?;
    text.as_bytes()
        .windows(needle.len())
        .position(|w| w[0] == first && w == needle)
}

/// The first place in `text` where one of `needles` starts, with that needle (the earlier
/// in the list wins a tie). One pass, no searcher set-up: for the short texts on cards.
pub fn find_any<'n>(text: &str, needles: &[&'n str]) -> Option<(usize, &'n str)> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find_map(|i| {
        // Comparing the first byte inline skips a `memcmp` call at almost every position.
        needles
            .iter()
            .find(|n| {
                n.as_bytes().first().is_none_or(|&b| b == bytes[i])
                    && bytes[i..].starts_with(n.as_bytes())
            })
            .map(|n| (i, *n))
    })
}

/// How many lines start (after indentation) like a heading (`#`) or a list item (`-`,
/// `*`, `+`, `•`, or a number and `.` or `)`): an upper bound on the blocks a reader
/// could take for objectives, key results and card lines. One pass, no allocation.
pub fn heading_and_item_lines(text: &[u8]) -> usize {
    let mut count = 0;
    let mut start = 0;
    while start < text.len() {
        let end = memchr::memchr(b'\n', &text[start..]).map_or(text.len(), |i| start + i);
        let line = &text[start..end];
        let first = line.iter().position(|b| !matches!(b, b' ' | b'\t'));
        if let Some(at) = first {
            let rest = &line[at..];
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            if matches!(rest[0], b'#' | b'-' | b'*' | b'+')
                || rest.starts_with("•".as_bytes())
                || (digits > 0 && matches!(rest.get(digits), Some(b'.' | b')')))
            {
                count += 1;
            }
        }
        start = end + 1;
    }
    count
}

/// Small words of languages OKRs are written in, other than English, that English text
/// almost never holds: articles, prepositions and conjunctions.
const OTHER_FUNCTION_WORDS: &[&str] = &[
    // Spanish, Portuguese, Italian
    "el", "la", "los", "las", "del", "al", "y", "para", "con", "una", "por", "que", "en", "de",
    "os", "do", "da", "dos", "das", "e", "em", "com", "um", "uma", "il", "di", "della", "per",
    "delle", "nel", "gli", // French
    "le", "les", "du", "des", "et", "pour", "avec", "une", "sur", "aux",
    // German, Dutch
    "der", "die", "das", "und", "für", "mit", "von", "zu", "ein", "eine", "den", "het", "een",
    "van", "voor", "naar", "op", // Turkish
    "ve", "bir", "ile", "için",
];

/// English words of the same kind.
const ENGLISH_FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "of", "to", "from", "and", "for", "with", "by", "in", "on", "our", "we",
    "at", "per", "every", "each", "all", "is", "are",
];

/// Every function word, `true` for English: one hash lookup per short word.
fn function_words() -> &'static rustc_hash::FxHashMap<&'static str, bool> {
    static WORDS: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, bool>> =
        std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let other = OTHER_FUNCTION_WORDS.iter().map(|w| (*w, false));
        let english = ENGLISH_FUNCTION_WORDS.iter().map(|w| (*w, true));
        other.chain(english).collect()
    })
}

/// Whether `text` is English, as far as the rules that judge wording know: it is
/// written in Latin letters, and does not hold more function words of another language
/// than of English. A short phrase with no function word at all (`Reduce churn`) counts
/// as English. The rules that read verbs and phrasing judge only English text.
pub fn is_english(text: &str) -> bool {
    let (mut letters, mut latin, mut english, mut other) = (0usize, 0usize, 0usize, 0usize);
    // One pass, no allocation for ASCII words: every function word is short.
    let mut buffer = [0u8; 8];
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        for c in word.chars() {
            letters += 1;
            latin += usize::from(c.is_ascii() || ('\u{c0}'..='\u{24f}').contains(&c));
        }
        if word.len() > buffer.len() {
            continue;
        }
        let owned;
        let lower: &str = if word.is_ascii() {
            let bytes = &mut buffer[..word.len()];
            bytes.copy_from_slice(word.as_bytes());
            bytes.make_ascii_lowercase();
            std::str::from_utf8(bytes).unwrap_or("")
        } else {
            owned = word.to_lowercase();
            &owned
        };
        match function_words().get(lower) {
            Some(true) => english += 1,
            Some(false) => other += 1,
            None => {}
        }
    }
    if letters == 0 || latin * 10 < letters * 9 {
        return letters == 0;
    }
    other == 0 || other < english
}

#[cfg(test)]
mod tests {

    #[test]
    fn tells_english_from_other_languages() {
        for english in [
            "Reduce churn",
            "Everyone spots phishing",
            "Raise the share of PRs merged the same day from 35% to 60%",
            "Cut p95 latency to 300 ms",
            "",
        ] {
            assert!(is_english(english), "{english}");
        }
        for other in [
            "Subir la tasa de cierre del 18% al 30%",
            "Aumentar o NPS dos clientes de 22 para 45",
            "Réduire le temps de réponse pour les clients",
            "Die Ladezeit der Startseite halbieren",
            "Reducir el ciclo de venta medio de 40 a 25 días",
            "让新用户自己完成配置",
            "新規ユーザーの定着率を上げる",
            "Повысить удержание клиентов",
        ] {
            assert!(!is_english(other), "{other}");
        }
    }

    #[test]
    fn counts_heading_and_list_item_lines_only() {
        let text =
            "# T\n\n## O1: a\n- Owner: b\n  * c\n12. d\n3) e\n\t• f\n| row |\nplain 4.\n2026 was\n";
        assert_eq!(heading_and_item_lines(text.as_bytes()), 7);
        assert_eq!(heading_and_item_lines(b""), 0);
        assert_eq!(heading_and_item_lines(b"\n\n   \n-"), 1);
    }
    use super::*;

    #[test]
    fn lowercase_borrows_only_lower_case_ascii() {
        assert!(matches!(lowercase("teams 5%"), Cow::Borrowed("teams 5%")));
        assert_eq!(lowercase("Teams"), "teams");
        assert!(matches!(lowercase("Teams"), Cow::Owned(_)));
        assert_eq!(lowercase("ÉQUIPES"), "équipes");
    }

    proptest::proptest! {
        /// The byte-wise trims agree with the standard library's on any text.
        #[test]
        fn trims_agree_with_std(text in "[ \t\n\r\x0b\x0c\u{85}\u{a0}\u{2003}a-zé|-]{0,12}") {
            proptest::prop_assert_eq!(trim(&text), text.trim());
            proptest::prop_assert_eq!(trim_start(&text), text.trim_start());
            proptest::prop_assert_eq!(trim_end(&text), text.trim_end());
        }
    }

    #[test]
    fn finds_short_needles() {
        assert_eq!(find_short("O1-KR2", "-KR"), Some(2));
        assert_eq!(find_short("5 to 6 to 7", " to "), Some(1));
        assert_eq!(find_short("3–4", "–"), Some(1));
        assert_eq!(find_short("ab", "abc"), None);
        assert_eq!(find_short("abc", ""), None);
    }

    #[test]
    fn finds_the_earliest_needle() {
        assert_eq!(find_any("a and b, c", &[",", " and "]), Some((1, " and ")));
        assert_eq!(find_any("x;y", &[";", ";y"]), Some((1, ";")));
        assert_eq!(find_any("é, b", &[","]), Some((2, ",")));
        assert_eq!(find_any("plain", &[",", " and "]), None);
        assert_eq!(find_any("", &[","]), None);
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("baseine", ["baseline", "target"]),
            Some("baseline")
        );
        assert_eq!(did_you_mean("colour", ["baseline", "target"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
