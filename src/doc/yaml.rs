//! A small YAML tree with byte spans, read with serde-saphyr under strict budgets.

use crate::source::Span;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

/// A YAML value with the byte span of where it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub kind: NodeKind,
    /// Where the value is written, relative to the YAML text.
    pub span: Span,
}

/// The shape of a YAML value. Scalars keep their text.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// `null`, `~` or nothing.
    Null,
    /// Any scalar: string, number or boolean, as text.
    Scalar(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The scalar's text, if this is a scalar.
    pub fn as_scalar(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The mapping's entries, if this is a mapping.
    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            NodeKind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// A short name for the value's shape, for error messages.
    pub fn shape(&self) -> &'static str {
        match self.kind {
            NodeKind::Null => "nothing",
            NodeKind::Scalar(_) => "a value",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }
}

/// A YAML error with its byte offset in the YAML text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// What went wrong, without a location suffix.
    pub message: String,
    /// Byte offset in the YAML text, when known.
    pub offset: Option<usize>,
    /// 1-based line and column in the YAML text, when known.
    pub line_col: Option<(usize, usize)>,
}

/// Parses YAML into a [`Node`] tree, refusing alias bombs and deep nesting.
pub fn parse_yaml(text: &str) -> Result<Node, YamlError> {
    match flat_mapping(text) {
        Some(flat) => Ok(flat),
        None => parse_full(text),
    }
}

/// The budgets that keep hostile YAML (alias bombs, deep nesting) bounded.
const MAX_DEPTH: usize = 64;
const MAX_ALIASES: usize = 64;
const MAX_ANCHORS: usize = 64;
const MAX_NODES: usize = 50_000;

/// Parses any YAML with serde-saphyr under the budgets.
fn parse_full(text: &str) -> Result<Node, YamlError> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_aliases: MAX_ALIASES,
            max_anchors: MAX_ANCHORS,
            max_nodes: MAX_NODES,
            max_total_scalar_bytes: 1 << 20,
        },
    };
    let spanned: Spanned<NodeKind> =
        serde_saphyr::from_str_with_options(text, options).map_err(yaml_error)?;
    Ok(node(spanned))
}

/// The common case read without the YAML parser: one `key: word …` per line, where
/// every value is unambiguously a plain string (so the full parser would read the same
/// tree). Anything else, including comments, quotes, nesting, numbers, booleans and
/// repeated keys, returns `None` and goes through serde-saphyr.
fn flat_mapping(text: &str) -> Option<Node> {
    if text.contains(['\r', '\t']) {
        return None;
    }
    let mut entries: Vec<(Node, Node)> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let line = line.trim_end_matches('\n');
        if line.trim().is_empty() {
            continue;
        }
        let (key, value) = flat_entry(line, start)?;
        if entries.iter().any(|(k, _)| k.kind == key.kind) {
            return None;
        }
        entries.push((key, value));
    }
    let first = entries.first()?.0.span.start;
    Some(Node {
        kind: NodeKind::Map(entries),
        span: Span::new(first, first),
    })
}

fn flat_entry(line: &str, start: usize) -> Option<(Node, Node)> {
    let (key, rest) = line.split_once(": ")?;
    let key_ok = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && !is_reserved_word(key);
    let value = rest.trim();
    if !key_ok || !is_plain_word_string(value) {
        return None;
    }
    let value_start = start + key.len() + 2 + (rest.len() - rest.trim_start().len());
    let scalar = |text: &str, at: usize| Node {
        kind: NodeKind::Scalar(text.to_string()),
        span: Span::new(at, at + text.len()),
    };
    Some((scalar(key, start), scalar(value, value_start)))
}

/// Whether a plain scalar can only be read as this exact string: it uses no YAML
/// indicators, is not a boolean or null word, and starts with a letter, or with a digit
/// but holds a letter no number can (`2026-Q1`, `12 weeks`).
fn is_plain_word_string(value: &str) -> bool {
    let not_a_number =
        |c: char| c.is_ascii_alphabetic() && !"abcdefox".contains(c.to_ascii_lowercase());
    let starts_well = value.starts_with(|c: char| c.is_ascii_alphabetic())
        || (value.starts_with(|c: char| c.is_ascii_digit()) && value.contains(not_a_number));
    starts_well
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '/' | '(' | ')'))
        && !is_reserved_word(value)
}

/// Words YAML may read as a boolean or null.
fn is_reserved_word(word: &str) -> bool {
    const RESERVED: &[&str] = &["true", "false", "yes", "no", "on", "off", "null", "y", "n"];
    RESERVED.iter().any(|r| word.eq_ignore_ascii_case(r))
}

/// What a front-matter block that breaks the parser's budgets is told, in place of the
/// library's internal counters.
fn budget_message() -> String {
    format!(
        "the YAML is too large once its aliases are expanded (okr allows {MAX_NODES} nodes, \
         {MAX_ANCHORS} anchors, {MAX_ALIASES} aliases and {MAX_DEPTH} levels of nesting)"
    )
}

pub(crate) fn yaml_error(err: serde_saphyr::Error) -> YamlError {
    let location = err.location();
    let plain = err
        .without_snippet()
        .render_with_options(serde_saphyr::render_options! {
            snippets: serde_saphyr::SnippetMode::Off,
        });
    let message = if plain.starts_with("budget breached") {
        budget_message()
    } else {
        match plain.rfind(" at line ") {
            Some(i) => plain[..i].to_string(),
            None => plain,
        }
    };
    // Drop advice aimed at library users, such as "set DuplicateKeyPolicy in Options".
    let message = match message.find(", set ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    YamlError {
        message: suggest_field(message),
        offset: location
            .and_then(|l| l.span().byte_offset())
            .map(|o| o as usize),
        line_col: location.map(|l| (l.line() as usize, l.column() as usize)),
    }
}

/// Adds a did-you-mean to serde's "unknown field `x`, expected one of a, b" message.
fn suggest_field(message: String) -> String {
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return message;
    };
    let Some((name, expected)) = rest.split_once("`, expected one of ") else {
        return message;
    };
    let keys = expected.split(", ").map(|k| k.trim_matches('`'));
    match crate::text::did_you_mean(name, keys) {
        Some(near) => format!("unknown key `{name}`; did you mean `{near}`? (keys: {expected})"),
        None => format!("unknown key `{name}` (keys: {expected})"),
    }
}

fn node(spanned: Spanned<NodeKind>) -> Node {
    let span = spanned.referenced.span();
    let start = span.byte_offset().unwrap_or(0) as usize;
    let len = span.byte_len().unwrap_or(0) as usize;
    Node {
        kind: spanned.value,
        span: Span::new(start, start + len),
    }
}

impl<'de> Deserialize<'de> for NodeKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = NodeKind;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<NodeKind, E> {
        Ok(NodeKind::Scalar(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<NodeKind, E> {
        Ok(NodeKind::Scalar(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<NodeKind, E> {
        Ok(NodeKind::Scalar(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<NodeKind, E> {
        Ok(NodeKind::Scalar(v.to_string()))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<NodeKind, E> {
        Ok(NodeKind::Scalar(v.to_string()))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<NodeKind, E> {
        Ok(NodeKind::Scalar(String::from_utf8_lossy(v).into_owned()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<NodeKind, E> {
        Ok(NodeKind::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<NodeKind, E> {
        Ok(NodeKind::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<NodeKind, D::Error> {
        d.deserialize_any(NodeVisitor)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NodeKind, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<NodeKind>>()? {
            items.push(node(item));
        }
        Ok(NodeKind::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NodeKind, A::Error> {
        let mut entries = Vec::new();
        while let Some((k, v)) = map.next_entry::<Spanned<NodeKind>, Spanned<NodeKind>>()? {
            entries.push((node(k), node(v)));
        }
        Ok(NodeKind::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_spans_and_order() {
        let text = "cycle: 2026-Q1\nteam:   Growth\nn: 2026\n";
        let root = parse_yaml(text).unwrap();
        let map = root.as_map().unwrap();
        assert_eq!(map[0].0.as_scalar(), Some("cycle"));
        assert_eq!(&text[map[1].1.span.start..map[1].1.span.end], "Growth");
        assert_eq!(map[2].1.as_scalar(), Some("2026"));
    }

    #[test]
    fn the_flat_fast_path_takes_ordinary_front_matter() {
        let text = "cycle: 2026-Q1\nteam: Growth (EU)\nowner: Dana Lee\n\nlevel: company\n";
        assert!(flat_mapping(text).is_some());
        assert_eq!(flat_mapping(text).map(Ok), Some(parse_full(text)));
        for fallback in [
            "a: 1",
            "a: yes",
            "a: x # c",
            "a:\n  b: c",
            "a: 'q'",
            "a: x\na: y",
        ] {
            assert_eq!(flat_mapping(fallback), None, "{fallback}");
        }
    }

    proptest::proptest! {
        /// Whenever the fast path answers, the full parser gives the same tree and spans.
        #[test]
        fn the_flat_fast_path_agrees_with_the_full_parser(
            lines in proptest::collection::vec(
                (
                    "[a-z_][a-z0-9_-]{0,8}|cycle|team|[0-9]x|-k",
                    " {1,3}",
                    "[A-Za-z][A-Za-z0-9 ._/()-]{0,12}|inf|NaN|Infinity|nan|True|No|~|null|e5|x:y|[0-9][0-9A-Za-z_ .-]{0,8}",
                    " {0,2}",
                ),
                0..6,
            ),
            blank in proptest::bool::ANY,
        ) {
            let mut text = String::new();
            for (key, gap, value, tail) in &lines {
                text.push_str(&format!("{key}:{gap}{value}{tail}\n"));
                if blank {
                    text.push('\n');
                }
            }
            if let Some(fast) = flat_mapping(&text) {
                proptest::prop_assert_eq!(Ok(fast), parse_full(&text), "{:?}", text);
            }
        }
    }

    #[test]
    fn reports_duplicates_at_their_line() {
        let err = parse_yaml("cycle: a\ncycle: b\n").unwrap_err();
        assert_eq!(err.line_col, Some((2, 1)));
        assert!(err.message.contains("duplicate"), "{}", err.message);
    }

    #[test]
    fn refuses_alias_bombs_and_deep_nesting() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            };
            bomb.push_str(&format!("b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        assert!(parse_yaml(&bomb).is_err());
        let deep = format!("x: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse_yaml(&deep).is_err());
    }
}
