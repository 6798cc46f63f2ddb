//! Writing a check-in row into the document's `## Check-ins` table, changing nothing else.

use super::Entry;
use crate::doc::{CheckinTable, Document};
use crate::edit::{append_block, line_ending, splice};
use crate::source::Span;

const COLUMNS: [&str; 7] = [
    "Date",
    "KR",
    "Actual",
    "Confidence",
    "Insight",
    "Next action",
    "Help needed",
];

/// The document's text with `entry` as the newest row of its check-ins table.
///
/// The row goes right under the table's delimiter row, in the table's own column order.
/// With `entry.replace`, the KR's row for the same day is rewritten in place instead.
/// Without a table, one is added at the end of the `## Check-ins` section, or a new
/// section is appended at the end of the document.
pub fn insert_checkin(doc: &Document, entry: &Entry) -> String {
    let text = doc.source.text();
    let eol = line_ending(text);
    if let Some(table) = &doc.checkins {
        if let Some(row) = super::same_day_row(doc, entry).filter(|_| entry.replace) {
            return replace_row(text, table, row.span, entry);
        }
        return insert_row(text, table, entry, eol);
    }
    let columns: Vec<String> = COLUMNS.iter().map(|c| c.to_lowercase()).collect();
    let table = new_table(&columns, entry, eol);
    match doc.sections.iter().find(|s| is_checkins(&s.name)) {
        Some(section) if section.body.end < text.len() => {
            let before = &text[..section.body.end];
            let gap = if before.ends_with(&format!("{eol}{eol}")) {
                ""
            } else {
                eol
            };
            splice(
                text,
                Span::at(section.body.end),
                &format!("{gap}{table}{eol}"),
            )
        }
        _ => {
            let block = match doc.sections.iter().any(|s| is_checkins(&s.name)) {
                true => table,
                false => format!("## Check-ins{eol}{eol}{table}"),
            };
            append_block(text, &block)
        }
    }
}

/// The row [`insert_checkin`] would write for `entry`, in the document's column order.
pub fn checkin_row(doc: &Document, entry: &Entry) -> String {
    let columns: Vec<String> = match &doc.checkins {
        Some(table) => table.columns.iter().map(|c| c.value.to_string()).collect(),
        None => COLUMNS.iter().map(|c| c.to_lowercase()).collect(),
    };
    row_text(&columns, entry)
}

fn is_checkins(name: &str) -> bool {
    matches!(
        name,
        "check-ins" | "checkins" | "check ins" | "weekly check-ins"
    )
}

fn insert_row(text: &str, table: &CheckinTable, entry: &Entry, eol: &str) -> String {
    let header_end = line_end(text, table.span.start);
    let delimiter_start = (header_end + 1).min(text.len());
    let delimiter_end = line_end(text, delimiter_start);
    let indent: String = text[delimiter_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let columns: Vec<String> = table.columns.iter().map(|c| c.value.to_string()).collect();
    let row = format!("{indent}{}", row_text(&columns, entry));
    if delimiter_end < text.len() {
        splice(text, Span::at(delimiter_end + 1), &format!("{row}{eol}"))
    } else {
        splice(text, Span::at(text.len()), &format!("{eol}{row}"))
    }
}

/// The row at `row` rewritten for `entry`, in place, keeping its indent and line end.
fn replace_row(text: &str, table: &CheckinTable, row: Span, entry: &Entry) -> String {
    let columns: Vec<String> = table.columns.iter().map(|c| c.value.to_string()).collect();
    let line = &text[row.start..row.end];
    let start = row.start + line.len() - line.trim_start().len();
    let end = row.start + line.trim_end().len();
    splice(text, Span::new(start, end), &row_text(&columns, entry))
}

/// The offset of the `\n` ending the line that contains `at`, or the end of the text.
fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i)
}

fn new_table(columns: &[String], entry: &Entry, eol: &str) -> String {
    let header = format!("| {} |", COLUMNS.join(" | "));
    let delimiter = format!("|{}|", COLUMNS.map(|c| "-".repeat(c.len() + 2)).join("|"));
    format!(
        "{header}{eol}{delimiter}{eol}{}{eol}",
        row_text(columns, entry)
    )
}

/// `| 2026-02-20 | O1-KR1 | 24% | 7 | … |` in the order of `columns` (lower-case names).
fn row_text(columns: &[String], entry: &Entry) -> String {
    let cells: Vec<String> = columns
        .iter()
        .map(|column| match escape_cell(&cell_value(entry, column)) {
            empty if empty.is_empty() => " ".to_string(),
            cell => format!(" {cell} "),
        })
        .collect();
    format!("|{}|", cells.join("|"))
}

/// What `entry` writes under the column named `column` (lower-case); empty if nothing.
fn cell_value(entry: &Entry, column: &str) -> String {
    let value = match column {
        "date" => return entry.date.to_string(),
        "kr" | "key result" => Some(&entry.kr),
        "actual" | "value" => Some(&entry.actual),
        "confidence" => entry.confidence.as_ref(),
        "insight" => entry.insight.as_ref(),
        "next action" | "next" => entry.next.as_ref(),
        "help needed" | "help" => entry.help.as_ref(),
        _ => None,
    };
    value.cloned().unwrap_or_default()
}

/// Cell text that keeps the table a table: `|` becomes `\|` and line breaks become `<br>`.
pub fn escape_cell(text: &str) -> String {
    text.trim()
        .replace("\r\n", "\n")
        .replace(['\r', '\n'], "<br>")
        .replace('|', "\\|")
}
