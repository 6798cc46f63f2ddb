//! What a line of an OKR file says it is: an objective, a key result, a card field, or
//! plain text. Shared by every dialect reader.

use super::card::canonical_field;
use super::ids::{parse_objective_id, KrId};
use crate::text::{trim, trim_start};

/// What a line's leading label makes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Label<'a> {
    /// `Objective: …`, `Company objective 2: …`, `O1: …`, `O1. …`.
    Objective {
        /// The objective's number when the label gives one as an ID (`O3`).
        number: Option<u32>,
        /// The label as written, kept as the file's own ID when it numbers the item.
        alias: Option<&'a str>,
        /// The text after the label.
        rest: &'a str,
    },
    /// `Key result: …`, `KR 2: …`, `CEO KR: …`, `O1-KR2: …`, `KR #1 …`, `2022.M1.01 …`.
    KeyResult {
        /// The KR's ID when the label is a canonical one.
        id: Option<KrId>,
        /// The file's own ID for the KR, when the label numbers it.
        alias: Option<&'a str>,
        /// A role or name before the label (`CEO` in `CEO KR:`).
        owner: Option<&'a str>,
        /// The text after the label.
        rest: &'a str,
    },
    /// A card field such as `Owner: …`.
    Field {
        /// The canonical field name.
        field: &'static str,
    },
    /// No label: plain text.
    Plain,
}

/// Removes list numbering (`1. `, `2) `), `**` or `__` around a leading label, and
/// returns the text that a label is read from. `text` is one line's content.
pub fn strip_decoration(text: &str) -> &str {
    let text = strip_tags(trim_start(text));
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < 4 {
        if let Some(rest) = text[digits..].strip_prefix(['.', ')']) {
            if rest.starts_with(' ') {
                return trim_start(rest);
            }
        }
    }
    text
}

/// `text` without what people put before a label: status symbols and emoji (`🟢 `,
/// `✅ `, `• `) and a short bracketed tag such as a priority (`[P0] `, `(P1) `).
fn strip_tags(mut text: &str) -> &str {
    loop {
        let symbols = text
            .char_indices()
            .find(|(_, c)| c.is_ascii() || c.is_alphanumeric())
            .map_or(text.len(), |(i, _)| i);
        if symbols > 0 && text[symbols..].starts_with([' ', '\t']) {
            text = trim_start(&text[symbols..]);
            continue;
        }
        let tag = [('[', ']'), ('(', ')')]
            .into_iter()
            .find_map(|(open, close)| {
                let inner = text.strip_prefix(open)?;
                let end = inner.find(close)?;
                let word = &inner[..end];
                let short = !word.is_empty() && word.len() <= 8 && !word.contains(' ');
                let after = &inner[end + 1..];
                (short && after.starts_with(' ') && !word.starts_with(['x', 'X', ' ']))
                    .then(|| trim_start(after))
            });
        match tag {
            Some(rest) if !rest.is_empty() => text = rest,
            _ => return text,
        }
    }
}

/// Reads the label at the start of `text`.
pub fn read_label(text: &str) -> Label<'_> {
    let text = strip_decoration(text);
    if let Some(label) = id_label(text) {
        return label;
    }
    let Some((label, rest)) = split_label(text).or_else(|| dot_label(text)) else {
        return scheme_id(text).unwrap_or(Label::Plain);
    };
    let (core, hint) = split_hint(label);
    for candidate in [Some(core), hint].into_iter().flatten() {
        let lower = if candidate.is_ascii() {
            candidate.to_ascii_lowercase()
        } else {
            candidate.to_lowercase()
        };
        let lower = in_english(&lower);
        if let Some(label) = objective_label(&lower, candidate, rest) {
            return label;
        }
        if let Some(label) = kr_label(&lower, candidate, rest) {
            return label;
        }
    }
    match canonical_field(core) {
        Some(field) => Label::Field { field },
        None => Label::Plain,
    }
}

/// `Objective. Grow`, `Objective 2. Grow` or `Objective 1 - Grow`: the label ends with a
/// full stop or a dash instead of a colon. Only for the word objective, where a sentence
/// cannot start that way.
fn dot_label(text: &str) -> Option<(&str, &str)> {
    let (label, rest) = [". ", " - ", " – ", " — "]
        .iter()
        .filter_map(|sep| text.split_once(sep))
        .min_by_key(|(label, _)| label.len())?;
    let lower = label.to_ascii_lowercase();
    let number = lower.strip_prefix("objective")?.trim();
    (number.is_empty() || number.bytes().all(|b| b.is_ascii_digit())).then(|| (label, trim(rest)))
}

/// The words for "objective" and "key result" in the languages OKR files are written
/// in, with the English word okr reads in their place.
const LABEL_WORDS: &[(&str, &str)] = &[
    // Key results first: several contain the word for objective or result.
    ("resultados clave", "key result"),
    ("resultado clave", "key result"),
    ("resultados-chave", "key result"),
    ("resultado-chave", "key result"),
    ("resultados chave", "key result"),
    ("resultado chave", "key result"),
    ("résultats clés", "key result"),
    ("résultat clé", "key result"),
    ("resultats cles", "key result"),
    ("resultat cle", "key result"),
    ("schlüsselergebnisse", "key result"),
    ("schlüsselergebnis", "key result"),
    ("kernresultaten", "key result"),
    ("kernresultaat", "key result"),
    ("risultati chiave", "key result"),
    ("risultato chiave", "key result"),
    ("anahtar sonuçlar", "key result"),
    ("anahtar sonuç", "key result"),
    ("ключевые результаты", "key result"),
    ("ключевой результат", "key result"),
    ("关键结果", "key result"),
    ("關鍵結果", "key result"),
    ("主要な結果", "key result"),
    ("成果指標", "key result"),
    ("キーリザルト", "key result"),
    ("핵심 결과", "key result"),
    ("핵심결과", "key result"),
    ("نتایج کلیدی", "key result"),
    ("نتیجه کلیدی", "key result"),
    ("objetivos", "objective"),
    ("objetivo", "objective"),
    ("objectifs", "objective"),
    ("objectif", "objective"),
    ("ziele", "objective"),
    ("ziel", "objective"),
    ("doelstelling", "objective"),
    ("doel", "objective"),
    ("obiettivi", "objective"),
    ("obiettivo", "objective"),
    ("hedef", "objective"),
    ("amaç", "objective"),
    ("цели", "objective"),
    ("цель", "objective"),
    ("目标", "objective"),
    ("目標", "objective"),
    ("목표", "objective"),
    ("هدف", "objective"),
];

/// A lower-case label with its leading word for objective or key result, in any language
/// of [`LABEL_WORDS`], put in English: `objetivo 2` reads as `objective 2`, `关键结果1`
/// as `key result 1`.
pub fn in_english(lower: &str) -> std::borrow::Cow<'_, str> {
    const ASCII_STARTS: &[&str] = &["doe", "hed", "ker", "obi", "obje", "res", "ris", "zie"];
    if lower.is_ascii() && !ASCII_STARTS.iter().any(|s| lower.starts_with(s)) {
        // No ASCII word of the table starts otherwise; most labels (`owner`, `due`,
        // `key result`) leave here.
        return std::borrow::Cow::Borrowed(lower);
    }
    for (word, english) in LABEL_WORDS {
        if let Some(rest) = lower.strip_prefix(word) {
            // The whole word: what follows is nothing, a number, a space or punctuation
            // (in scripts without spaces, `目标值` is another word than `目标`).
            let whole = rest.is_empty() || rest.starts_with(|c: char| !c.is_alphabetic());
            if whole {
                return std::borrow::Cow::Owned(format!("{english} {}", rest.trim_start()));
            }
        }
    }
    std::borrow::Cow::Borrowed(lower)
}

/// A label and the gloss in parentheses after it: `Hedef (Objective)` gives
/// `("Hedef", Some("Objective"))`, so a label in another language with an English
/// gloss reads like the English one.
fn split_hint(label: &str) -> (&str, Option<&str>) {
    match label.strip_suffix(')').and_then(|l| l.rsplit_once('(')) {
        Some((core, hint)) => (trim(core), Some(trim(hint))),
        None => (label, None),
    }
}

/// `O1: …`, `O1. …`, `O1-KR2: …` and `O1) …`.
fn id_label(text: &str) -> Option<Label<'_>> {
    let end = text.find([':', '.', ')', ' '])?;
    let (id, after) = (&text[..end], &text[end..]);
    let rest = match after.as_bytes().first() {
        Some(b':' | b'.' | b')') => after[1..].strip_prefix(' ')?,
        _ => after
            .strip_prefix(" - ")
            .or_else(|| after.strip_prefix(" – "))
            .or_else(|| after.strip_prefix(" — "))?,
    };
    let rest = trim_start(rest);
    if let Some(kr) = numbered_kr(id) {
        return Some(Label::KeyResult {
            id: None,
            alias: Some(kr),
            owner: None,
            rest,
        });
    }
    if let Some(number) = parse_objective_id(id) {
        return Some(Label::Objective {
            number: Some(number),
            alias: None,
            rest,
        });
    }
    let kr = id.parse::<KrId>().ok()?;
    Some(Label::KeyResult {
        id: Some(kr),
        alias: None,
        owner: None,
        rest,
    })
}

/// `KR1`, `KR12`: a KR numbered in the file's own scheme.
fn numbered_kr(id: &str) -> Option<&str> {
    let digits = id.get(2..).filter(|_| id[..2].eq_ignore_ascii_case("kr"))?;
    is_number(digits).then_some(id)
}

/// The text before the first colon, when it is short enough to be a label, and the
/// text after it. Bold around the label (`**Owner:** x`, `**Owner**: x`) is removed.
pub fn split_label(text: &str) -> Option<(&str, &str)> {
    let (body, bold) = match text.strip_prefix("**").or_else(|| text.strip_prefix("__")) {
        Some(inner) => (inner, true),
        None => (text, false),
    };
    // An ASCII colon, or the full-width one Chinese and Japanese text uses.
    let (colon, width) = match (body.find(':'), body.find('：')) {
        (Some(a), Some(b)) if b < a => (b, '：'.len_utf8()),
        (Some(a), _) => (a, 1),
        (None, Some(b)) => (b, '：'.len_utf8()),
        (None, None) => return None,
    };
    let label = &body[..colon];
    let label = if bold {
        label.trim_end_matches(['*', '_'])
    } else {
        label
    };
    let sentence_dot = label
        .char_indices()
        .any(|(i, c)| c == '.' && !label[i + 1..].starts_with(|d: char| d.is_ascii_digit()));
    let stray_paren = label.contains('(') && !label.ends_with(')');
    if label.is_empty()
        || label.len() > 40
        || sentence_dot
        || stray_paren
        || label.contains(['[', '`', '*'])
    {
        return None;
    }
    let mut rest = &body[colon + width..];
    if bold {
        rest = rest
            .strip_prefix("**")
            .or_else(|| rest.strip_prefix("__"))
            .unwrap_or(rest);
    }
    if !rest.is_empty() && !rest.starts_with([' ', '\t', '*', '_']) && width == 1 {
        return None;
    }
    Some((trim(label), trim(rest)))
}

/// An objective label: `objective`, `objective 2`, `company objective`, `team objective 1`.
fn objective_label<'a>(lower: &str, label: &'a str, rest: &'a str) -> Option<Label<'a>> {
    let words: Vec<&str> = lower.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| matches!(*w, "objective" | "objectives" | "obj" | "okr"))
        // `O: …`, the shortest label people write.
        .or_else(|| (words == ["o"]).then_some(0))?;
    let numbered = match &words[at + 1..] {
        [] => false,
        [n] => is_number(n),
        _ => return None,
    };
    if words[at] == "okr" && !numbered {
        return None;
    }
    (at <= 1).then_some(Label::Objective {
        number: None,
        alias: numbered.then_some(label),
        rest: strip_bold_end(rest),
    })
}

/// A KR label: `kr`, `kr 2`, `kr2`, `kr #1`, `key result 3`, `ceo kr`, `company key result`.
fn kr_label<'a>(lower: &str, label: &'a str, rest: &'a str) -> Option<Label<'a>> {
    let words: Vec<&str> = lower.split_whitespace().collect();
    let (at, width) = words.iter().enumerate().find_map(|(i, w)| {
        if *w == "kr" || (w.starts_with("kr") && is_number(w[2..].trim_start_matches('#'))) {
            Some((i, 1))
        } else if *w == "key" && words.get(i + 1).is_some_and(|n| n.starts_with("result")) {
            Some((i, 2))
        } else {
            None
        }
    })?;
    let after = &words[at + width..];
    let numbered = match after {
        [] => width == 1 && words[at].len() > 2,
        [n] => is_number(n.trim_start_matches('#')),
        _ => return None,
    };
    if at > 1 {
        return None;
    }
    let owner = (at == 1).then(|| label.split_whitespace().next()).flatten();
    let owner = owner.filter(|o| !matches!(o.to_ascii_lowercase().as_str(), "company" | "team"));
    Some(Label::KeyResult {
        id: None,
        alias: numbered.then_some(label),
        owner,
        rest: strip_bold_end(rest),
    })
}

/// `3`, `12`, or a dotted number such as `1.2`.
fn is_number(word: &str) -> bool {
    !word.is_empty()
        && word
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

/// A file's own ID with no colon: `KR #1 …`, `2022.M1.01 …`.
fn scheme_id(text: &str) -> Option<Label<'_>> {
    let (first, rest) = text.split_once(' ')?;
    let kr_hash = first.eq_ignore_ascii_case("kr") && rest.starts_with('#');
    if kr_hash {
        let (number, rest) = rest.split_once(' ')?;
        let alias = &text[..first.len() + 1 + number.len()];
        return is_number(&number[1..]).then(|| Label::KeyResult {
            id: None,
            alias: Some(alias),
            owner: None,
            rest: trim_start(rest),
        });
    }
    let dotted = first.matches('.').count() >= 2
        && first.bytes().any(|b| b.is_ascii_digit())
        && first
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.')
        && !first.ends_with('.');
    dotted.then(|| Label::KeyResult {
        id: None,
        alias: Some(first),
        owner: None,
        rest: trim_start(rest),
    })
}

/// A bold label's closing `**` when the whole line was bold (`**Objective: x**`).
fn strip_bold_end(rest: &str) -> &str {
    rest.strip_suffix("**")
        .or_else(|| rest.strip_suffix("__"))
        .map_or(rest, crate::text::trim_end)
}

/// The text of a line that is bold from end to end (`**Ship it**`), without the bold,
/// when it reads like an objective: one phrase, not a shouted notice (`**WORK IN PROGRESS.**`).
pub fn bold_line(text: &str) -> Option<&str> {
    let inner = text
        .strip_prefix("**")
        .and_then(|t| t.strip_suffix("**"))
        .or_else(|| text.strip_prefix("__").and_then(|t| t.strip_suffix("__")))?;
    let inner = trim(inner);
    let shouted = !inner.bytes().any(|b| b.is_ascii_lowercase());
    let sentences = inner.ends_with(['.', '!']) || inner.contains(". ");
    (!inner.is_empty() && !inner.contains("**") && !shouted && !sentences).then_some(inner)
}

/// Headings and labels that name a part of the file other than an objective.
pub fn is_other_section(text: &str) -> bool {
    const NAMES: &[&str] = &[
        "initiatives",
        "bets",
        "check-ins",
        "checkins",
        "check ins",
        "weekly check-ins",
        "scores",
        "final scores",
        "notes",
        "overview",
        "summary",
        "background",
        "context",
        "introduction",
        "about",
        "links",
        "resources",
        "references",
        "appendix",
        "glossary",
        "faq",
        "contents",
        "table of contents",
        "team",
        "members",
        "timeline",
        "schedule",
        "retrospective",
        "retro",
        "lessons",
        "learnings",
        "risks",
        "dependencies",
        "non-goals",
        "out of scope",
        "process",
        "how to",
        "instructions",
        "template",
        "archive",
        "history",
        "changelog",
        "status",
        "legend",
        "decisions",
        "decision log",
        "mission",
        "vision",
        "strategy",
        "principles",
        "values",
        "north star",
        "meetings",
        "concepts",
        "definitions",
        "examples",
        "example",
        "reading",
        "methodology",
        "getting started",
        "roles",
        "tips",
        "how it works",
        "why",
    ];
    let lower = crate::text::lowercase(text.trim().trim_end_matches(':'));
    let lower = lower.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ');
    lower.starts_with("initiatives")
        || NAMES.iter().any(|name| {
            let named_first = lower
                .strip_prefix(name)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(" ("));
            let named_last = lower
                .strip_suffix(name)
                .is_some_and(|head| head.ends_with(' ') && head.split_whitespace().count() <= 2);
            named_first || named_last
        })
}

/// Whether a heading names a cycle and little else (`Q1 2026`, `2026 Q1 OKRs`).
pub fn names_cycle(text: &str) -> bool {
    super::cycle::find_cycle(text).is_some() && text.split_whitespace().count() <= 5
}

/// A heading that only announces the key results below it (`### Key results`).
pub fn is_kr_section(text: &str) -> bool {
    // `Key results`, `Key results:`, `**Key results**:`, `**Key results:**`.
    let bare = text
        .trim()
        .trim_end_matches(':')
        .trim_matches(['*', '_'])
        .trim_end_matches(':');
    let lower = bare.to_lowercase();
    let lower = in_english(&lower);
    let lower = lower.trim_end();
    matches!(lower, "key results" | "key result" | "krs" | "results")
}

/// A short label with no number that groups the key results nested under it
/// (`Features`, `Runtime support`).
pub fn is_group_label(text: &str) -> bool {
    text.split_whitespace().count() <= 3
        && !text.bytes().any(|b| b.is_ascii_digit())
        && !matches!(
            read_label(text),
            Label::KeyResult { .. } | Label::Field { .. }
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn objective(text: &str) -> Option<&str> {
        match read_label(text) {
            Label::Objective { rest, .. } => Some(rest),
            _ => None,
        }
    }

    fn kr(text: &str) -> Option<(&str, Option<&str>, Option<&str>)> {
        match read_label(text) {
            Label::KeyResult {
                rest, alias, owner, ..
            } => Some((rest, alias, owner)),
            _ => None,
        }
    }

    #[test]
    fn objective_labels() {
        for line in [
            "Objective: Grow",
            "Company objective: Grow",
            "**Objective: Grow**",
            "**Objective:** Grow",
            "Objective 2: Grow",
            "1. **OBJECTIVE: Grow**",
            "O3: Grow",
            "O3. Grow",
            "OKR 2: Grow",
            "**Hedef (Objective):** Grow",
        ] {
            assert_eq!(objective(line), Some("Grow"), "{line}");
        }
        assert_eq!(
            objective("Objectives and key results are great. Really"),
            None
        );
        assert_eq!(objective("Our objective this year is clear: grow"), None);
    }

    #[test]
    fn key_result_sections_in_any_dress() {
        for heading in [
            "Key results",
            "Key Results:",
            "**Key Results**:",
            "**Key results:**",
            "__KRs__",
            "Resultados clave",
        ] {
            assert!(is_kr_section(heading), "{heading}");
        }
        assert!(!is_kr_section("Key results we missed last year"));
    }

    #[test]
    fn labels_in_other_languages_and_after_tags() {
        assert_eq!(objective("Objetivo 2: Crecer"), Some("Crecer"));
        assert_eq!(
            objective("**Objectif :** Grandir"),
            Some("Grandir"),
            "French spacing"
        );
        assert_eq!(objective("Ziel: Wachsen"), Some("Wachsen"));
        assert_eq!(objective("目标 3：增长"), Some("增长"));
        assert_eq!(objective("🎯 Objective: Grow"), Some("Grow"));
        assert_eq!(objective("[P1] Objective: Grow"), Some("Grow"));
        assert_eq!(objective("Objective. Grow"), Some("Grow"));
        assert_eq!(objective("Objective 3. Grow"), Some("Grow"));
        assert_eq!(objective("Objectives. We set them quarterly"), None);
        assert_eq!(
            objective("Objective 1 - Move the server"),
            Some("Move the server")
        );
        assert_eq!(objective("O: Build a product"), Some("Build a product"));
        assert_eq!(objective("Oh: no"), None);
        assert_eq!(
            kr("Resultado clave 1.1: Subir x"),
            Some(("Subir x", Some("Resultado clave 1.1"), None))
        );
        assert_eq!(
            kr("关键结果1：提高 x"),
            Some(("提高 x", Some("关键结果1"), None))
        );
        assert_eq!(
            kr("[P0] Key Result 2: Cut x"),
            Some(("Cut x", Some("Key Result 2"), None))
        );
        assert_eq!(kr("✅ KR: Cut x"), Some(("Cut x", None, None)));
        // A checkbox and a link are not tags; a word glued to the label is another word.
        assert_eq!(kr("[x] KR: Cut x"), None);
        assert_eq!(in_english("目标值"), "目标值");
        assert_eq!(in_english("objetivos"), "objective ");
    }

    #[test]
    fn kr_labels() {
        assert_eq!(kr("KR: Cut x"), Some(("Cut x", None, None)));
        assert_eq!(kr("KR 1: Cut x"), Some(("Cut x", Some("KR 1"), None)));
        assert_eq!(kr("KR2: Cut x"), Some(("Cut x", Some("KR2"), None)));
        assert_eq!(kr("Key Result: Cut x"), Some(("Cut x", None, None)));
        assert_eq!(kr("CEO KR: Cut x"), Some(("Cut x", None, Some("CEO"))));
        assert_eq!(kr("Company key result: Cut x"), Some(("Cut x", None, None)));
        assert_eq!(kr("KR #1 Cut x"), Some(("Cut x", Some("KR #1"), None)));
        assert_eq!(
            kr("2022.M1.01 Cut x"),
            Some(("Cut x", Some("2022.M1.01"), None))
        );
        assert_eq!(kr("Krypton: no"), None);
        assert_eq!(kr("KR7 - Cut x"), Some(("Cut x", Some("KR7"), None)));
        assert_eq!(kr("KR 1.2: Cut x"), Some(("Cut x", Some("KR 1.2"), None)));
        assert_eq!(
            kr("**KR 1 (Value):** Cut x"),
            Some(("Cut x", Some("KR 1"), None))
        );
        assert_eq!(kr("Anahtar (Key Results):"), Some(("", None, None)));
        assert_eq!(objective("O2 - Grow"), Some("Grow"));
        assert!(matches!(
            read_label("O1-KR2: Cut"),
            Label::KeyResult { id: Some(_), .. }
        ));
    }

    #[test]
    fn fields_and_plain_text() {
        assert_eq!(
            read_label("**Owner:** Ana"),
            Label::Field { field: "owner" }
        );
        assert_eq!(
            read_label("**Baseline**: 18%"),
            Label::Field { field: "baseline" }
        );
        assert_eq!(read_label("Gossipsub interops with go"), Label::Plain);
        assert_eq!(read_label("Note: see https://x"), Label::Plain);
        assert_eq!(
            bold_line("**Handle large datasets**"),
            Some("Handle large datasets")
        );
        assert_eq!(bold_line("**a** and **b**"), None);
        assert!(is_other_section("Initiatives (bets)"));
        assert!(is_other_section("2. Notes"));
        assert!(!is_other_section("Connectivity magic"));
        assert!(is_other_section("Key Concepts"));
        assert!(is_other_section("External References"));
        assert!(!is_other_section("Grow the partner team"));
    }
}
