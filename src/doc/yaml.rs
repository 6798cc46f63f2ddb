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
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: 64,
            max_aliases: 64,
            max_anchors: 64,
            max_nodes: 50_000,
            max_total_scalar_bytes: 1 << 20,
        },
    };
    let spanned: Spanned<NodeKind> =
        serde_saphyr::from_str_with_options(text, options).map_err(yaml_error)?;
    Ok(node(spanned))
}

pub(crate) fn yaml_error(err: serde_saphyr::Error) -> YamlError {
    let location = err.location();
    let plain = err
        .without_snippet()
        .render_with_options(serde_saphyr::render_options! {
            snippets: serde_saphyr::SnippetMode::Off,
        });
    let message = match plain.rfind(" at line ") {
        Some(i) => plain[..i].to_string(),
        None => plain,
    };
    // Drop advice aimed at library users, such as "set DuplicateKeyPolicy in Options".
    let message = match message.find(", set ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    YamlError {
        message,
        offset: location
            .and_then(|l| l.span().byte_offset())
            .map(|o| o as usize),
        line_col: location.map(|l| (l.line() as usize, l.column() as usize)),
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
