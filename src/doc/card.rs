//! Card fields: the `Field: value` bullets under an objective or key result.

use super::cycle::parse_date;
use super::ladder::{parse_band, Band};
use super::quantity::{parse_quantity, Quantity};
use super::Located;
use crate::source::Span;
use crate::text::lowercase;
use chrono::NaiveDate;
use compact_str::CompactString;

/// Where a field's value was read from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// A `- Field: value` card line.
    #[default]
    Card,
    /// The document's front-matter.
    FrontMatter,
    /// A field written at the end of the KR or objective line (`… Owner: Ana.`).
    Inline,
    /// The KR statement itself (`from 3 days to 1 day by Mar 31`).
    Statement,
    /// A table cell.
    Table,
}

impl Origin {
    /// The name used in JSON and messages.
    pub fn name(self) -> &'static str {
        match self {
            Origin::Card => "card",
            Origin::FrontMatter => "front-matter",
            Origin::Inline => "inline",
            Origin::Statement => "statement",
            Origin::Table => "table",
        }
    }
}

/// One `Field: value` bullet as written.
#[derive(Clone, Debug, PartialEq)]
pub struct CardLine {
    /// The whole list item.
    pub span: Span,
    /// The label before the colon, or `None` for a bullet with no colon.
    pub name: Option<Located<CompactString>>,
    /// The label's canonical field name (see [`canonical_field`]), when it names one.
    pub field: Option<&'static str>,
    /// The text after the colon (or the whole bullet), trimmed.
    pub value: Located<CompactString>,
    /// Nested bullets, such as ladder bands.
    pub children: Vec<Located<CompactString>>,
    /// Where the line was written: a card bullet, inline on the item's line, or a table cell.
    pub origin: Origin,
}

/// A field's raw text and what it parsed to.
#[derive(Clone, Debug, PartialEq)]
pub struct Value<T> {
    /// The text as written and where.
    pub raw: Located<CompactString>,
    /// The typed value, or why it could not be read.
    pub parsed: Result<T, String>,
    /// Where the value was read from.
    pub origin: Origin,
}

impl<T> Value<T> {
    /// The typed value when it parsed.
    pub fn ok(&self) -> Option<&T> {
        self.parsed.as_ref().ok()
    }

    /// Where the value is written.
    pub fn span(&self) -> Span {
        self.raw.span
    }
}

/// The text of an optional field as written.
pub fn raw_text<T>(value: &Option<Value<T>>) -> Option<String> {
    value.as_ref().map(|v| v.raw.value.to_string())
}

/// How often a KR's source of truth refreshes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Refresh {
    /// Streaming or live.
    Realtime,
    /// Every hour.
    Hourly,
    /// Every day.
    Daily,
    /// Every week.
    Weekly,
    /// Every two weeks.
    Biweekly,
    /// Every month.
    Monthly,
    /// Every quarter.
    Quarterly,
    /// Once a year.
    Yearly,
}

impl Refresh {
    /// Reads a refresh frequency such as `daily` or `weekly`.
    pub fn parse(text: &str) -> Result<Self, String> {
        Ok(match lowercase(text.trim()).as_ref() {
            "realtime" | "real-time" | "real time" | "live" | "streaming" => Refresh::Realtime,
            "hourly" => Refresh::Hourly,
            "daily" | "nightly" => Refresh::Daily,
            "weekly" => Refresh::Weekly,
            "biweekly" | "bi-weekly" | "fortnightly" => Refresh::Biweekly,
            "monthly" => Refresh::Monthly,
            "quarterly" => Refresh::Quarterly,
            "yearly" | "annually" | "annual" => Refresh::Yearly,
            other => return Err(format!("unknown refresh `{other}`; use realtime, hourly, daily, weekly, biweekly, monthly, quarterly or yearly")),
        })
    }
}

/// Whether a KR is a leading or a lagging indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signal {
    /// Moves early; predicts the outcome.
    Leading,
    /// Moves late; proves the outcome.
    Lagging,
}

/// How a KR is scored.
#[derive(Clone, Debug, PartialEq)]
pub enum Scoring {
    /// `(actual − baseline) / (target − baseline)`, clamped to 0–1.
    Linear,
    /// Predefined bands; unreadable band lines are kept as errors.
    Ladder {
        /// The bands that parsed.
        bands: Vec<Band>,
        /// Band lines that could not be read, with the reason.
        errors: Vec<Located<String>>,
    },
    /// Done or not done.
    Binary,
}

impl Scoring {
    /// The method's name as written on cards.
    pub fn name(&self) -> &'static str {
        match self {
            Scoring::Linear => "linear",
            Scoring::Ladder { .. } => "ladder",
            Scoring::Binary => "binary",
        }
    }
}

/// An objective's typed card fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ObjectiveFields {
    /// `Owner:`.
    pub owner: Option<Value<CompactString>>,
    /// `Contributes to:`.
    pub contributes_to: Option<Value<CompactString>>,
}

/// A key result's typed card fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KrFields {
    /// `Owner:`.
    pub owner: Option<Value<CompactString>>,
    /// `Baseline:`.
    pub baseline: Option<Value<Quantity>>,
    /// `Target:`.
    pub target: Option<Value<Quantity>>,
    /// `Due:`.
    pub due: Option<Value<NaiveDate>>,
    /// `Source:`.
    pub source: Option<Value<CompactString>>,
    /// `Refresh:`.
    pub refresh: Option<Value<Refresh>>,
    /// `Signal:`.
    pub signal: Option<Value<Signal>>,
    /// `Scoring:` (with ladder bands as nested bullets).
    pub scoring: Option<Value<Scoring>>,
    /// `Weight:` within the objective, 0–1.
    pub weight: Option<Value<f64>>,
    /// `Contributes to:`.
    pub contributes_to: Option<Value<CompactString>>,
    /// `Metric:`, a name in the metric dictionary.
    pub metric: Option<Value<CompactString>>,
}

/// A field given both on the card and in front-matter, with different values.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldConflict {
    /// The KR's ID.
    pub kr: String,
    /// The field's canonical name.
    pub field: &'static str,
    /// The card's value.
    pub card: Located<CompactString>,
    /// The front-matter's value.
    pub front: Located<CompactString>,
}

/// Canonical names of the fields a KR card may carry.
pub const KR_FIELDS: &[&str] = &[
    "owner",
    "baseline",
    "target",
    "due",
    "source",
    "refresh",
    "signal",
    "scoring",
    "weight",
    "contributes to",
    "metric",
    "collaborators",
    "definition",
    "formula",
    "notes",
    "priority",
];

/// Canonical names of the fields an objective card may carry.
pub const OBJECTIVE_FIELDS: &[&str] = &[
    "owner",
    "contributes to",
    "collaborators",
    "notes",
    "description",
];

/// Maps a written label to its canonical field name, accepting common aliases.
pub fn canonical_field(label: &str) -> Option<&'static str> {
    // Labels are nearly always short and ASCII: fold those on the stack.
    let mut buffer = [0u8; 24];
    match fold_ascii_label(label, &mut buffer) {
        Some(key) => field_for_key(key),
        None => field_for_key(normalise_label(label).as_bytes()),
    }
}

/// The canonical field a normalised label names: one of [`KR_FIELDS`] or
/// [`OBJECTIVE_FIELDS`], or an alias of one.
fn field_for_key(key: &[u8]) -> Option<&'static str> {
    Some(match key {
        b"owner" => "owner",
        b"baseline" => "baseline",
        b"target" => "target",
        b"due" | b"due date" | b"deadline" => "due",
        b"source" | b"source of truth" | b"data source" => "source",
        b"refresh" | b"refresh frequency" | b"update frequency" => "refresh",
        b"signal" => "signal",
        b"scoring" | b"scoring method" | b"method" => "scoring",
        b"weight" => "weight",
        b"contributes to" | b"contributes" | b"aligns to" => "contributes to",
        b"collaborators" | b"collaborator" => "collaborators",
        b"definition" | b"measure" | b"measured by" => "definition",
        b"metric" | b"metric name" => "metric",
        b"formula" => "formula",
        b"notes" => "notes",
        b"priority" => "priority",
        b"description" => "description",
        _ => return None,
    })
}

/// [`normalise_label`] into `buffer`, or `None` when the label is not ASCII or does not fit.
fn fold_ascii_label<'b>(label: &str, buffer: &'b mut [u8]) -> Option<&'b [u8]> {
    let mut len = 0;
    let mut gap = false;
    for b in label.bytes() {
        if b.is_ascii_whitespace() || b == b'_' || b == b'-' {
            gap = len > 0;
            continue;
        }
        if !b.is_ascii() {
            return None;
        }
        let needed = len + usize::from(gap) + 1;
        if needed > buffer.len() {
            return None;
        }
        if gap {
            buffer[len] = b' ';
            len += 1;
            gap = false;
        }
        buffer[len] = b.to_ascii_lowercase();
        len += 1;
    }
    Some(&buffer[..len])
}

/// Lower-cases a label and folds `_`, `-` and runs of spaces into single spaces.
pub fn normalise_label(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut gap = false;
    for c in label.chars() {
        if c.is_whitespace() || c == '_' || c == '-' {
            gap = !out.is_empty();
            continue;
        }
        if gap {
            out.push(' ');
            gap = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// A field's raw text and nested bullets, from the card or the front-matter.
#[derive(Clone, Debug)]
pub struct RawField {
    /// The value as written.
    pub value: Located<CompactString>,
    /// Nested bullets (card) or list items (front-matter).
    pub children: Vec<Located<CompactString>>,
}

/// The first line on a card that gives `field`.
fn first_line<'c>(card: &'c [CardLine], field: &str) -> Option<&'c CardLine> {
    card.iter().find(|line| line.field == Some(field))
}

/// Types an objective's card.
pub fn objective_fields(card: &[CardLine]) -> ObjectiveFields {
    let get = |name| first_line(card, name).map(Field::from);
    ObjectiveFields {
        owner: get("owner").map(text_value),
        contributes_to: get("contributes to").map(text_value),
    }
}

/// A field's value and nested bullets, borrowed from the card or the front-matter.
#[derive(Clone, Copy)]
struct Field<'a> {
    value: &'a Located<CompactString>,
    children: &'a [Located<CompactString>],
    origin: Origin,
}

impl<'a> From<&'a CardLine> for Field<'a> {
    fn from(line: &'a CardLine) -> Self {
        Field {
            value: &line.value,
            children: &line.children,
            origin: line.origin,
        }
    }
}

impl<'a> From<&'a RawField> for Field<'a> {
    fn from(raw: &'a RawField) -> Self {
        Field {
            value: &raw.value,
            children: &raw.children,
            origin: Origin::FrontMatter,
        }
    }
}

/// Types a KR's card, filling gaps from front-matter and recording disagreements.
/// `label` names the KR in a conflict; it is only called when there is one.
pub fn kr_fields(
    label: impl Fn() -> String,
    card: &[CardLine],
    front: &[(&'static str, RawField)],
    conflicts: &mut Vec<FieldConflict>,
) -> KrFields {
    let on_card = CardFields::of(card);
    let mut pick = |name: &'static str| -> Option<Field> {
        let from_card = on_card.get(name).map(Field::from);
        let from_front = front
            .iter()
            .find(|(f, _)| *f == name)
            .map(|(_, raw)| Field::from(raw));
        match (from_card, from_front) {
            (Some(c), Some(f)) => {
                if !same_value(name, &c.value.value, &f.value.value) {
                    conflicts.push(FieldConflict {
                        kr: label(),
                        field: name,
                        card: c.value.clone(),
                        front: f.value.clone(),
                    });
                }
                Some(c)
            }
            (c, f) => c.or(f),
        }
    };
    KrFields {
        owner: pick("owner").map(text_value),
        baseline: pick("baseline").map(quantity_value),
        target: pick("target").map(quantity_value),
        due: pick("due").map(date_value),
        source: pick("source").map(text_value),
        refresh: pick("refresh").map(|r| typed(r, Refresh::parse)),
        signal: pick("signal").map(|r| typed(r, parse_signal)),
        scoring: pick("scoring").map(scoring_value),
        weight: pick("weight").map(|r| typed(r, parse_weight)),
        contributes_to: pick("contributes to").map(text_value),
        metric: pick("metric").map(text_value),
    }
}

/// The typed fields of a KR card: the first line giving each, found in one pass.
struct CardFields<'c> {
    lines: [Option<&'c CardLine>; TYPED_KR_FIELDS],
}

/// How many KR fields [`KrFields`] types.
const TYPED_KR_FIELDS: usize = 11;

impl<'c> CardFields<'c> {
    fn of(card: &'c [CardLine]) -> Self {
        let mut lines = [None; TYPED_KR_FIELDS];
        for line in card {
            let slot = line.field.and_then(typed_slot);
            if let Some(slot) = slot.filter(|&s| lines[s].is_none()) {
                lines[slot] = Some(line);
            }
        }
        CardFields { lines }
    }

    fn get(&self, name: &str) -> Option<&'c CardLine> {
        typed_slot(name).and_then(|slot| self.lines[slot])
    }
}

/// Where a canonical field typed by [`KrFields`] is kept in [`CardFields`].
fn typed_slot(field: &str) -> Option<usize> {
    Some(match field {
        "owner" => 0,
        "baseline" => 1,
        "target" => 2,
        "due" => 3,
        "source" => 4,
        "refresh" => 5,
        "signal" => 6,
        "scoring" => 7,
        "weight" => 8,
        "contributes to" => 9,
        "metric" => 10,
        _ => return None,
    })
}

fn same_value(field: &str, a: &str, b: &str) -> bool {
    match field {
        "baseline" | "target" | "weight" => match (parse_quantity(a), parse_quantity(b)) {
            (Ok(x), Ok(y)) => x.dimension == y.dimension && (x.value - y.value).abs() < 1e-9,
            _ => a.trim() == b.trim(),
        },
        _ => a.trim().eq_ignore_ascii_case(b.trim()),
    }
}

fn typed<T>(raw: Field, parse: impl Fn(&str) -> Result<T, String>) -> Value<T> {
    Value {
        raw: raw.value.clone(),
        parsed: parse(&raw.value.value),
        origin: raw.origin,
    }
}

fn text_value(raw: Field) -> Value<CompactString> {
    typed(raw, |s| {
        if s.trim().is_empty() {
            Err("the value is empty".to_string())
        } else {
            Ok(CompactString::from(s.trim()))
        }
    })
}

fn quantity_value(raw: Field) -> Value<Quantity> {
    typed(raw, |s| parse_quantity(s).map_err(|e| e.to_string()))
}

fn date_value(raw: Field) -> Value<NaiveDate> {
    typed(raw, |s| {
        parse_date(s).ok_or_else(|| format!("`{}` is not a real date in YYYY-MM-DD form", s.trim()))
    })
}

fn parse_signal(text: &str) -> Result<Signal, String> {
    match lowercase(text.trim()).as_ref() {
        "leading" => Ok(Signal::Leading),
        "lagging" => Ok(Signal::Lagging),
        other => Err(format!("unknown signal `{other}`; use leading or lagging")),
    }
}

fn parse_weight(text: &str) -> Result<f64, String> {
    let q = parse_quantity(text).map_err(|e| e.to_string())?;
    let w = match q.dimension {
        super::quantity::Dimension::Percent => q.value / 100.0,
        super::quantity::Dimension::Count => q.value,
        _ => return Err("a weight is a plain number such as 0.5, or a percentage".to_string()),
    };
    if (0.0..=1.0).contains(&w) {
        Ok(w)
    } else {
        Err(format!("a weight must be between 0 and 1, not {w}"))
    }
}

fn scoring_value(raw: Field) -> Value<Scoring> {
    typed(raw, |s| match lowercase(s.trim()).as_ref() {
        "linear" => Ok(Scoring::Linear),
        "binary" | "done/not done" | "boolean" => Ok(Scoring::Binary),
        "ladder" | "threshold" | "threshold ladder" | "bands" => Ok(ladder(raw.children)),
        other => Err(format!(
            "unknown scoring method `{other}`; use linear, ladder or binary"
        )),
    })
}

fn ladder(lines: &[Located<CompactString>]) -> Scoring {
    let mut bands: Vec<Band> = Vec::new();
    let mut errors = Vec::new();
    for line in lines {
        match parse_band(&line.value, line.span) {
            Ok(band) => bands.push(band),
            Err(e) => errors.push(Located {
                value: e.to_string(),
                span: line.span,
            }),
        }
    }
    Scoring::Ladder { bands, errors }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_map_to_canonical_names() {
        assert_eq!(canonical_field("Due date"), Some("due"));
        assert_eq!(canonical_field("source_of_truth"), Some("source"));
        assert_eq!(canonical_field("OWNER"), Some("owner"));
        assert_eq!(canonical_field("Contributes to"), Some("contributes to"));
        assert_eq!(canonical_field("Ownr"), None);
        assert_eq!(canonical_field("  Refresh__Frequency "), Some("refresh"));
        assert_eq!(canonical_field("Öwner"), None);
        assert_eq!(canonical_field("Due\u{a0}Date"), Some("due"));
        assert_eq!(canonical_field(&"owner ".repeat(10)), None);
    }

    #[test]
    fn every_canonical_name_names_itself() {
        for name in KR_FIELDS.iter().chain(OBJECTIVE_FIELDS) {
            assert_eq!(canonical_field(name), Some(*name));
        }
    }

    #[test]
    fn labels_normalise_case_separators_and_spaces() {
        assert_eq!(normalise_label("  Source_of-Truth  "), "source of truth");
        assert_eq!(normalise_label("Due\tDate"), "due date");
        assert_eq!(normalise_label("OWNER"), "owner");
        assert_eq!(normalise_label("--"), "");
    }

    #[test]
    fn weights_accept_fractions_and_percentages() {
        assert_eq!(parse_weight("0.5"), Ok(0.5));
        assert_eq!(parse_weight("25%"), Ok(0.25));
        assert!(parse_weight("2").is_err());
    }
}
