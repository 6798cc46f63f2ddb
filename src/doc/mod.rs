//! The document model: one OKR set for one cycle, with source spans on every node.
//!
//! A [`Document`] is built once per file by [`parse::parse_document`]; linting,
//! scoring and editing read it and never re-parse the Markdown.

pub mod card;
pub mod cycle;
pub mod detect;
pub mod front;
pub mod ids;
pub mod inline;
pub mod labels;
pub mod ladder;
pub mod list_scan;
pub mod outline;
pub mod parse;
pub mod quantity;
pub mod settle;
pub mod statement;
pub mod table_scan;
pub mod yaml;

use crate::source::{SourceFile, Span};
pub use card::{
    CardLine, FieldConflict, KrFields, ObjectiveFields, Origin, Refresh, Scoring, Signal, Value,
};
use compact_str::CompactString;
use cycle::Period;
pub use front::FrontMatter;
pub use ids::KrId;
use std::borrow::Cow;

/// A value with the span it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it is written.
    pub span: Span,
}

/// One parsed OKR document.
#[derive(Debug)]
pub struct Document {
    /// The file's path and text.
    pub source: SourceFile,
    /// The YAML front-matter.
    pub front: FrontMatter,
    /// The `#` title, if any.
    pub title: Option<Located<CompactString>>,
    /// Objectives in document order, each with its key results.
    pub objectives: Vec<Objective>,
    /// Bets listed under `## Initiatives`.
    pub initiatives: Vec<Initiative>,
    /// The `## Check-ins` table, if present.
    pub checkins: Option<CheckinTable>,
    /// The `## Scores` table written by `okr score --final`, if present.
    pub scores: Option<ScoresTable>,
    /// Every level-2 heading that is not an objective (`Initiatives`, `Check-ins`, `Notes`…).
    pub sections: Vec<Section>,
    /// `<!-- okr-disable … -->` comments.
    pub suppressions: Vec<Suppression>,
    /// Fields given both on a card and in front-matter with different values.
    pub conflicts: Vec<FieldConflict>,
    /// The OKR sets in the file: one per quarter, team or working group section.
    /// Every document has at least one; [`Objective::set`] indexes this list.
    pub sets: Vec<OkrSet>,
}

/// One set of objectives for one cycle. A file may hold several, one per section.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OkrSet {
    /// The heading that opens the set, or `None` for the document as a whole.
    pub heading: Option<Located<CompactString>>,
    /// The set's cycle: from its heading, else the document's.
    pub cycle: Option<Located<Period>>,
}

/// How an objective or key result is written in its file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Form {
    /// `## O1: …` or `### O1-KR1: …` with a card list: what `okr fmt` writes.
    #[default]
    Canonical,
    /// A heading without the canonical ID, or at another level.
    Heading,
    /// A list item.
    Item,
    /// A paragraph line (`Objective: …`, `**…**`, `O1. …`).
    Paragraph,
    /// A table row.
    Row,
}

/// Where and how an objective or key result is written, for rules and `okr fmt`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Written {
    /// The shape it is written in.
    pub form: Form,
    /// The line that names it (heading, item line, paragraph or row).
    pub line: Span,
    /// The whole item: its line and its card, up to the next item.
    pub block: Span,
    /// Whether its ID was given by position because the file writes none.
    pub positional: bool,
    /// The file's own ID for the item (`KR #1`, `2022.M1.01`), kept as an alias.
    pub alias: Option<Located<CompactString>>,
    /// A priority tag (`[p0]`, `P1`), kept apart from the statement.
    pub priority: Option<Located<CompactString>>,
    /// Scores recorded in a table (`Mid-Q Score`, `Final Score`): column and cell.
    pub recorded_scores: Vec<(CompactString, Located<CompactString>)>,
}

impl Document {
    /// Every key result in document order.
    pub fn key_results(&self) -> impl Iterator<Item = &KeyResult> {
        self.objectives.iter().flat_map(|o| o.key_results.iter())
    }

    /// `row`'s cell under `column`, unescaped, read from this document's source.
    pub fn cell(&self, row: &CheckinRow, column: Column) -> Option<Located<Cow<'_, str>>> {
        let span = row.span_of(column)?;
        Some(Located {
            value: unescape_cell(&self.source.text()[span.start..span.end]),
            span,
        })
    }

    /// The cycle of the set `objective` belongs to.
    pub fn cycle_of(&self, objective: &Objective) -> Option<Period> {
        self.sets
            .get(objective.set)
            .and_then(|s| s.cycle.as_ref())
            .map(|c| c.value)
            .or_else(|| self.front.period())
    }

    /// Whether any objective or key result is written in a shape other than the canonical one.
    pub fn is_canonical(&self) -> bool {
        self.objectives.iter().all(|o| {
            o.written.form == Form::Canonical
                && o.key_results
                    .iter()
                    .all(|k| k.written.form == Form::Canonical)
        })
    }
}

/// An objective or key result heading, split into ID and statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Heading {
    /// The whole heading line.
    pub span: Span,
    /// The ID as written before the colon (`O1`, `O1-KR2`), if the heading has one.
    pub id_text: Option<Located<CompactString>>,
    /// The statement after the ID, as plain text.
    pub statement: Located<CompactString>,
}

/// An objective: `## O1: statement`.
#[derive(Clone, Debug)]
pub struct Objective {
    /// The objective's number, when its ID is well formed.
    pub number: Option<u32>,
    /// The heading.
    pub heading: Heading,
    /// The card's lines, as written.
    pub card: Vec<CardLine>,
    /// Typed card fields.
    pub fields: ObjectiveFields,
    /// Key results under this objective.
    pub key_results: Vec<KeyResult>,
    /// How it is written.
    pub written: Written,
    /// Its set in [`Document::sets`].
    pub set: usize,
}

/// A key result: `### O1-KR1: statement`.
#[derive(Clone, Debug)]
pub struct KeyResult {
    /// The KR's ID, when well formed.
    pub id: Option<KrId>,
    /// The heading.
    pub heading: Heading,
    /// The card's lines, as written.
    pub card: Vec<CardLine>,
    /// Typed card fields, merged with any front-matter overrides.
    pub fields: KrFields,
    /// The statement read once: verb, `from X to Y`, `by <date>`.
    pub shape: statement::Statement,
    /// How it is written.
    pub written: Written,
}

impl KeyResult {
    /// The target, else the baseline, as a quantity, with the text it was written as.
    pub fn expected_quantity(&self) -> Option<(&quantity::Quantity, &str)> {
        [&self.fields.target, &self.fields.baseline]
            .into_iter()
            .flatten()
            .find_map(|v| v.ok().map(|q| (q, v.raw.value.as_str())))
    }

    /// Reads an actual. A bare number (`69`) is taken in the unit the target is written
    /// in (`69%`, `450 ms`, `$95k` for a `$120k` target) when that unit is a percentage,
    /// a duration or money.
    pub fn read_actual(&self, text: &str) -> Result<quantity::Quantity, quantity::QuantityError> {
        let value = quantity::parse_quantity(text)?;
        match self.expected_quantity() {
            Some((expected, written)) if value.is_bare() && expected.needs_unit() => {
                Ok(quantity::Quantity {
                    value: value.value * expected.written_factor(written),
                    ..expected.clone()
                })
            }
            _ => Ok(value),
        }
    }

    /// The ID for messages: the parsed ID, the text as written, or `KR`.
    pub fn label(&self) -> String {
        match (&self.id, &self.heading.id_text) {
            (Some(id), _) => id.label().into_string(),
            (None, Some(text)) => text.value.to_string(),
            (None, None) => "key result".to_string(),
        }
    }
}

/// A bet under `## Initiatives` and the KRs it names.
#[derive(Clone, Debug)]
pub struct Initiative {
    /// The list item.
    pub span: Span,
    /// The bet's name (text before the colon).
    pub name: String,
    /// KR IDs named in the item, with their spans.
    pub krs: Vec<Located<CompactString>>,
}

/// A level-2 heading that is not an objective.
#[derive(Clone, Debug)]
pub struct Section {
    /// Lower-case heading text (`check-ins`).
    pub name: String,
    /// The heading line.
    pub span: Span,
    /// From the heading to just before the next level-1 or level-2 heading.
    pub body: Span,
}

/// The `## Check-ins` table.
#[derive(Clone, Debug)]
pub struct CheckinTable {
    /// The whole table.
    pub span: Span,
    /// The header row.
    pub header: Span,
    /// Lower-case column names, in order.
    pub columns: Vec<Located<CompactString>>,
    /// Body rows, top to bottom (latest first).
    pub rows: Vec<CheckinRow>,
}

/// A column of the check-ins table that okr reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// `Date`.
    Date,
    /// `KR`.
    Kr,
    /// `Actual`.
    Actual,
    /// `Confidence`.
    Confidence,
    /// `Insight`.
    Insight,
    /// `Next action`.
    Next,
    /// `Help needed`.
    Help,
}

impl Column {
    /// The column a lower-case header names, if okr reads it.
    pub fn named(header: &str) -> Option<Column> {
        Some(match header {
            "date" => Column::Date,
            "kr" | "key result" => Column::Kr,
            "actual" | "value" => Column::Actual,
            "confidence" => Column::Confidence,
            "insight" => Column::Insight,
            "next action" | "next" => Column::Next,
            "help needed" | "help" => Column::Help,
            _ => return None,
        })
    }
}

/// One check-in row. It holds where each cell's trimmed content is, not the text, so a
/// log of a million rows costs little more than the file: read a cell with
/// [`Document::cell`].
#[derive(Clone, Debug)]
pub struct CheckinRow {
    /// The whole row.
    pub span: Span,
    /// Each [`Column`]'s cell as `(start, end)` byte offsets; `start == u32::MAX` when the
    /// table has no such column.
    cells: [(u32, u32); 7],
}

const NO_CELL: (u32, u32) = (u32::MAX, 0);

impl CheckinRow {
    /// A row at `span` with no cells yet.
    pub(crate) fn new(span: Span) -> Self {
        CheckinRow {
            span,
            cells: [NO_CELL; 7],
        }
    }

    /// Records where `column`'s trimmed content is. Offsets past 4 GiB are not recorded.
    pub(crate) fn set(&mut self, column: Column, span: Span) {
        if let (Ok(start), Ok(end)) = (u32::try_from(span.start), u32::try_from(span.end)) {
            if start != u32::MAX {
                self.cells[column as usize] = (start, end);
            }
        }
    }

    /// Where `column`'s content is, if the table has that column.
    pub fn span_of(&self, column: Column) -> Option<Span> {
        let (start, end) = self.cells[column as usize];
        (start != u32::MAX).then(|| Span::new(start as usize, end as usize))
    }
}

/// A cell's text with `\|` as `|` and `<br>` as a line break.
pub fn unescape_cell(raw: &str) -> Cow<'_, str> {
    if raw.bytes().any(|b| b == b'\\' || b == b'<') {
        Cow::Owned(raw.replace("\\|", "|").replace("<br>", "\n"))
    } else {
        Cow::Borrowed(raw)
    }
}

/// The `## Scores` table: final grades recorded at the end of a cycle.
#[derive(Clone, Debug)]
pub struct ScoresTable {
    /// The whole table.
    pub span: Span,
    /// Body rows, one per objective or key result.
    pub rows: Vec<ScoreRow>,
}

/// One recorded final grade. Missing columns are `None`.
#[derive(Clone, Debug)]
pub struct ScoreRow {
    /// The whole row.
    pub span: Span,
    /// `KR`: the objective or key result ID.
    pub item: Option<Located<CompactString>>,
    /// `Method`, with ladder bands when the method is a ladder.
    pub method: Option<Located<CompactString>>,
    /// `Baseline` as graded.
    pub baseline: Option<Located<CompactString>>,
    /// `Target` as graded.
    pub target: Option<Located<CompactString>>,
    /// `Actual`: the final value.
    pub actual: Option<Located<CompactString>>,
    /// `Score`.
    pub score: Option<Located<CompactString>>,
    /// `Learning`: the lesson that changes next cycle's bets.
    pub learning: Option<Located<CompactString>>,
}

/// An inline suppression comment.
#[derive(Clone, Debug)]
pub struct Suppression {
    /// The comment.
    pub span: Span,
    /// Whole file, or only the next non-blank line.
    pub scope: SuppressionScope,
    /// Rule codes or names as written; empty means every rule.
    pub rules: Vec<String>,
}

/// What a suppression covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuppressionScope {
    /// `okr-disable`: the whole file.
    File,
    /// `okr-disable-next-line`: the 1-based line given.
    Line(usize),
}
