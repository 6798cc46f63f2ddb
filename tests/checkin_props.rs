//! Property: inserting a check-in changes nothing but the inserted lines, keeps the BOM,
//! the line endings and the final newline, and the row reads back as written.

use chrono::NaiveDate;
use okr::checkin::{insert_checkin, Entry};
use okr::doc::parse::parse_document;
use okr::doc::Column;
use proptest::prelude::*;

const HEAD: &str = "---\ncycle: 2026-Q1\n---\n# Team\n\n## O1: Customers finish setup alone\n\n### O1-KR1: Increase setup completion from 10% to 20% by Mar 31\n\n- Baseline: 10%\n- Target: 20%\n";
const TABLE: &str = "## Check-ins\n\n| Date | KR | Actual | Confidence | Insight | Next action | Help needed |\n|---|---|---|---|---|---|---|\n";

/// A document built from generated parts, with its line ending applied.
#[derive(Debug, Clone)]
struct Doc {
    bom: bool,
    crlf: bool,
    final_newline: bool,
    filler: Vec<String>,
    table: Option<usize>,
    after: Option<String>,
}

impl Doc {
    fn text(&self) -> String {
        let mut text = String::from(HEAD);
        for line in &self.filler {
            text.push_str(&format!("\n{line}\n"));
        }
        if let Some(rows) = self.table {
            text.push('\n');
            text.push_str(TABLE);
            for i in 0..rows {
                text.push_str(&format!(
                    "| 2026-01-{:02} | O1-KR1 | {}% | 5 | old | | |\n",
                    20 - i,
                    12 + i
                ));
            }
        }
        if let Some(after) = &self.after {
            text.push_str(&format!("\n## Notes\n\n{after}\n"));
        }
        if !self.final_newline {
            text.truncate(text.trim_end().len());
        }
        if self.crlf {
            text = text.replace('\n', "\r\n");
        }
        if self.bom {
            text.insert(0, '\u{feff}');
        }
        text
    }
}

/// A paragraph. It starts with a letter: a line opening with `<?` or a fence would
/// (correctly) turn the rest of the document into HTML or code.
fn prose() -> impl Strategy<Value = String> {
    "[a-zA-Zéß漢][a-zA-Z0-9 ,.!?éß漢字😀*_`<>()-]{0,40}"
}

fn cell() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,.%|éß漢😀*_`<>-]{0,30}"
}

fn doc() -> impl Strategy<Value = Doc> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(prose(), 0..4),
        prop::option::of(0usize..4),
        prop::option::of(prose()),
    )
        .prop_map(|(bom, crlf, final_newline, filler, table, after)| Doc {
            bom,
            crlf,
            final_newline,
            filler,
            table,
            after,
        })
}

fn entry() -> impl Strategy<Value = Entry> {
    (
        1u32..=28,
        0u32..=100,
        cell(),
        cell(),
        (cell(), cell()),
        0u32..=10,
    )
        .prop_map(
            |(day, actual, insight, next, (help_a, help_b), confidence)| Entry {
                kr: "O1-KR1".to_string(),
                date: NaiveDate::from_ymd_opt(2026, 2, day).unwrap(),
                actual: format!("{actual}%"),
                confidence: Some(confidence.to_string()),
                insight: Some(insight),
                next: Some(next),
                // A line break inside a cell must not break the table.
                help: Some(format!("{help_a}\n{help_b}")),
                replace: false,
            },
        )
}

fn blank_to_none(text: &str) -> Option<String> {
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

/// What typed cell text reads back as: its bytes are written as typed, and a `<br>` in a
/// table cell is a line break, as Markdown renders it.
fn as_read(typed: Option<&str>) -> Option<String> {
    typed.and_then(|t| blank_to_none(&t.replace("<br>", "\n")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn insertion_preserves_every_other_byte(doc in doc(), entry in entry()) {
        let original = doc.text();
        let parsed = parse_document("t.md", original.clone());
        let updated = insert_checkin(&parsed, &entry);

        // The result is the original with one contiguous insertion.
        let head = original.bytes().zip(updated.bytes()).take_while(|(a, b)| a == b).count();
        let tail = original.len() - head;
        prop_assert!(updated.len() > original.len());
        prop_assert_eq!(&updated[updated.len() - tail..], &original[head..]);
        let inserted = &updated[head..updated.len() - tail];

        // Line endings, BOM and the final newline are kept.
        let eol = if doc.crlf { "\r\n" } else { "\n" };
        prop_assert_eq!(inserted.matches('\n').count(), inserted.matches(eol).count());
        prop_assert_eq!(updated.starts_with('\u{feff}'), doc.bom);
        prop_assert_eq!(updated.ends_with('\n'), original.ends_with('\n') || original.is_empty());

        // The row reads back as the newest check-in, cell for cell.
        let reread = parse_document("t.md", updated.clone());
        let table = reread.checkins.as_ref().expect("a check-ins table");
        prop_assert_eq!(table.rows.len(), doc.table.unwrap_or(0) + 1);
        let row = &table.rows[0];
        let cell = |column| reread.cell(row, column).and_then(|l| blank_to_none(&l.value));
        prop_assert_eq!(cell(Column::Date), Some(entry.date.to_string()));
        prop_assert_eq!(cell(Column::Actual), Some(entry.actual.clone()));
        prop_assert_eq!(cell(Column::Insight), as_read(entry.insight.as_deref()));
        prop_assert_eq!(cell(Column::Next), as_read(entry.next.as_deref()));
        prop_assert_eq!(cell(Column::Help), as_read(entry.help.as_deref()));
    }
}
