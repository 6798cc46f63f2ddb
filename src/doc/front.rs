//! YAML front-matter: `cycle`, `team`, `owner`, `level`, `parent`, `period` and
//! per-KR fields under `key_results`.

use super::card::{canonical_field, Origin, RawField, Value};
use super::cycle::{parse_cycle, parse_date, Period};
use super::yaml::{parse_yaml, Node, NodeKind};
use super::{KeyResult, Located};
use crate::source::Span;
use compact_str::CompactString;

/// Top-level keys the front-matter understands.
pub const KNOWN_KEYS: &[&str] = &[
    "cycle",
    "period",
    "team",
    "owner",
    "level",
    "parent",
    "key_results",
    "title",
    "closed",
    "quarter",
    "layout",
];

/// Which layer of the organisation a document belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// The company's own set.
    Company,
    /// A team's set (the default).
    Team,
    /// A short experiment laddering into one parent KR.
    Micro,
}

/// The parsed front-matter. Every field is optional; rules decide what is required.
#[derive(Clone, Debug, Default)]
pub struct FrontMatter {
    /// The block including its `---` fences, when present.
    pub block: Option<Span>,
    /// A YAML error or an unterminated block, with where it happened.
    pub error: Option<Located<String>>,
    /// Every top-level key, in order.
    pub keys: Vec<Located<CompactString>>,
    /// Values of the wrong shape (a list where text belongs), with the reason.
    pub problems: Vec<Located<String>>,
    /// `cycle`, read as a period.
    pub cycle: Option<Value<Period>>,
    /// `period: {start, end}`.
    pub period: Option<Value<Period>>,
    /// `team`.
    pub team: Option<Located<CompactString>>,
    /// `owner`.
    pub owner: Option<Located<CompactString>>,
    /// `level`.
    pub level: Option<Value<Level>>,
    /// `parent`.
    pub parent: Option<Located<CompactString>>,
    /// `key_results: {O1-KR1: {baseline: …}}`.
    pub key_results: Vec<FrontKr>,
}

impl FrontMatter {
    /// The cycle's dates: an explicit `period` wins over `cycle`.
    pub fn period(&self) -> Option<Period> {
        self.period
            .as_ref()
            .and_then(|p| p.ok())
            .or_else(|| self.cycle.as_ref().and_then(|c| c.ok()))
            .copied()
    }

    /// The document's level; team when not given.
    pub fn level(&self) -> Level {
        self.level
            .as_ref()
            .and_then(|l| l.ok())
            .copied()
            .unwrap_or(Level::Team)
    }

    /// Front-matter fields for one KR, by canonical field name (none without a `key_results` map).
    pub fn fields_for(&self, kr: &KeyResult) -> &[(&'static str, RawField)] {
        if self.key_results.is_empty() {
            return &[];
        }
        let label = kr.label();
        self.key_results
            .iter()
            .find(|k| k.id.value == label)
            .map_or(&[], |k| k.fields.as_slice())
    }
}

/// Fields for one KR given in front-matter.
#[derive(Clone, Debug)]
pub struct FrontKr {
    /// The KR's ID as written.
    pub id: Located<CompactString>,
    /// Its fields, by canonical name.
    pub fields: Vec<(&'static str, RawField)>,
}

/// Finds the front-matter block at the start of `text` (after any BOM): `(block, yaml)`.
///
/// The block opens with a `---` line and closes with a `---` or `...` line.
/// Returns `Err(opening)` when the block never closes.
pub fn find_block(text: &str, base: usize) -> Option<Result<(Span, Span), Span>> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = first_end + 1;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let block = Span::new(base, base + offset + line.len());
            return Some(Ok((block, Span::new(base + yaml_start, base + offset))));
        }
        offset += line.len();
    }
    Some(Err(Span::new(base, base + first_end)))
}

/// Reads the front-matter of `text`; spans are offsets into `text`.
pub fn parse_front_matter(text: &str, base: usize) -> FrontMatter {
    let mut front = FrontMatter::default();
    let (block, yaml) = match find_block(&text[base..], base) {
        None => return front,
        Some(Err(opening)) => {
            front.error = Some(Located {
                value: "the front-matter opened here is never closed with `---`".to_string(),
                span: opening,
            });
            return front;
        }
        Some(Ok(found)) => found,
    };
    front.block = Some(block);
    let yaml_text = &text[yaml.start..yaml.end];
    if yaml_text.trim().is_empty() {
        return front;
    }
    match parse_yaml(yaml_text) {
        Ok(root) => read_root(&mut front, &root, yaml.start),
        Err(e) => {
            let offset = e.offset.unwrap_or(0).min(yaml_text.len());
            front.error = Some(Located {
                value: e.message,
                span: Span::at(yaml.start + offset),
            });
        }
    }
    front
}

fn located<T>(node: &Node, base: usize, value: impl Into<T>) -> Located<T> {
    Located {
        value: value.into(),
        span: node.span.shift(base),
    }
}

fn read_root(front: &mut FrontMatter, root: &Node, base: usize) {
    let Some(entries) = root.as_map() else {
        front.error = Some(located(
            root,
            base,
            format!(
                "front-matter must be a mapping of keys, not {}",
                root.shape()
            ),
        ));
        return;
    };
    for (key, value) in entries {
        let name = key.as_scalar().unwrap_or_default().to_string();
        front.keys.push(located(key, base, name.as_str()));
        match name.as_str() {
            "cycle" | "quarter" => {
                front.cycle = scalar(front, value, base, "cycle").map(cycle_value)
            }
            "period" => front.period = period_value(front, value, base),
            "team" => front.team = scalar(front, value, base, "team"),
            "owner" => front.owner = scalar(front, value, base, "owner"),
            "parent" => front.parent = scalar(front, value, base, "parent"),
            "level" => front.level = scalar(front, value, base, "level").map(level_value),
            "key_results" => front.key_results = key_results(front, value, base),
            _ => {}
        }
    }
}

fn scalar(
    front: &mut FrontMatter,
    node: &Node,
    base: usize,
    key: &str,
) -> Option<Located<CompactString>> {
    match node.as_scalar() {
        Some(s) => Some(located(node, base, s)),
        None => {
            front.problems.push(located(
                node,
                base,
                format!("`{key}` should be a single value, not {}", node.shape()),
            ));
            None
        }
    }
}

fn cycle_value(raw: Located<CompactString>) -> Value<Period> {
    let parsed = parse_cycle(&raw.value).ok_or_else(|| {
        format!(
            "`{}` is not a cycle; write 2026-Q1, Q1 2026, FY26-Q1, 2026-H1 or 2026, or give a `period`",
            raw.value
        )
    });
    Value {
        raw,
        parsed,
        origin: Origin::FrontMatter,
    }
}

fn level_value(raw: Located<CompactString>) -> Value<Level> {
    let parsed = match raw.value.to_lowercase().as_str() {
        "company" => Ok(Level::Company),
        "team" => Ok(Level::Team),
        "micro" => Ok(Level::Micro),
        other => Err(format!(
            "unknown level `{other}`; use company, team or micro"
        )),
    };
    Value {
        raw,
        parsed,
        origin: Origin::FrontMatter,
    }
}

fn period_value(front: &mut FrontMatter, node: &Node, base: usize) -> Option<Value<Period>> {
    let Some(entries) = node.as_map() else {
        front.problems.push(located(
            node,
            base,
            "`period` should be a mapping with `start` and `end` dates",
        ));
        return None;
    };
    let date = |key: &str| {
        entries
            .iter()
            .find(|(k, _)| k.as_scalar() == Some(key))
            .and_then(|(_, v)| v.as_scalar())
            .and_then(parse_date)
    };
    let raw = located(node, base, "");
    let parsed = match (date("start"), date("end")) {
        (Some(start), Some(end)) if start <= end => Ok(Period { start, end }),
        (Some(_), Some(_)) => Err("the period ends before it starts".to_string()),
        _ => Err("`period` needs `start` and `end` as YYYY-MM-DD dates".to_string()),
    };
    Some(Value {
        raw,
        parsed,
        origin: Origin::FrontMatter,
    })
}

fn key_results(front: &mut FrontMatter, node: &Node, base: usize) -> Vec<FrontKr> {
    let Some(entries) = node.as_map() else {
        front.problems.push(located(
            node,
            base,
            "`key_results` should map KR IDs to their fields",
        ));
        return Vec::new();
    };
    entries
        .iter()
        .map(|(id, fields)| FrontKr {
            id: located(id, base, id.as_scalar().unwrap_or_default()),
            fields: front_kr_fields(front, fields, base),
        })
        .collect()
}

fn front_kr_fields(
    front: &mut FrontMatter,
    node: &Node,
    base: usize,
) -> Vec<(&'static str, RawField)> {
    let Some(entries) = node.as_map() else {
        front.problems.push(located(
            node,
            base,
            "a KR under `key_results` should be a mapping of fields",
        ));
        return Vec::new();
    };
    let mut fields = Vec::new();
    let mut bands = Vec::new();
    for (key, value) in entries {
        let label = key.as_scalar().unwrap_or_default();
        if label == "ladder" {
            bands = list_items(value, base);
            continue;
        }
        let Some(field) = canonical_field(label) else {
            front.problems.push(located(
                key,
                base,
                format!("`{label}` is not a key result field"),
            ));
            continue;
        };
        let text = value.as_scalar().unwrap_or_default().to_string();
        fields.push((
            field,
            RawField {
                value: located(value, base, text),
                children: Vec::new(),
            },
        ));
    }
    // `scoring: ladder` takes its bands from a sibling `ladder: [...]` list.
    if let Some((_, scoring)) = fields.iter_mut().find(|(f, _)| *f == "scoring") {
        scoring.children = bands;
    }
    fields
}

fn list_items(node: &Node, base: usize) -> Vec<Located<CompactString>> {
    match &node.kind {
        NodeKind::Seq(items) => items
            .iter()
            .filter_map(|i| i.as_scalar().map(|s| located(i, base, s)))
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_as_people_write_them_and_site_keys() {
        let front =
            parse_front_matter("---\nquarter: Q1 2026\nlayout: page\ntitle: OKRs\n---\n", 0);
        let cycle = front.cycle.as_ref().and_then(|c| c.ok()).copied();
        assert_eq!(cycle, super::super::cycle::parse_cycle("2026-Q1"));
        assert!(front
            .keys
            .iter()
            .all(|k| KNOWN_KEYS.contains(&k.value.as_str())));
    }

    #[test]
    fn reads_the_issue_example() {
        let text = "---\ncycle: 2026-Q1\nteam: Growth\nowner: Dana Lee\n---\n# Growth\n";
        let front = parse_front_matter(text, 0);
        assert!(front.error.is_none());
        assert_eq!(front.team.as_ref().unwrap().value, "Growth");
        assert_eq!(front.period().unwrap().end.to_string(), "2026-03-31");
    }

    #[test]
    fn maps_yaml_errors_into_the_file() {
        let text = "---\ncycle: 2026-Q1\ncycle: 2026-Q2\n---\n";
        let err = parse_front_matter(text, 0).error.unwrap();
        assert_eq!(err.span.start, text.find("cycle: 2026-Q2").unwrap());
    }

    #[test]
    fn unterminated_block_is_an_error() {
        let front = parse_front_matter("---\ncycle: 2026-Q1\n# Title\n", 0);
        assert!(front.error.unwrap().value.contains("never closed"));
    }

    #[test]
    fn odd_types_are_problems_not_panics() {
        let front =
            parse_front_matter("---\ncycle: [1, {a: b}]\nteam: !!binary aGVsbG8=\n---\n", 0);
        assert!(front.cycle.is_none());
        assert_eq!(front.problems.len(), 1);
    }
}
