//! Column layout for terminal tables that fit the width they are given.

use anstyle::Style;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

/// One cell: text and its style.
#[derive(Clone, Debug, Default)]
pub struct Cell {
    /// The text, without escape codes.
    pub text: String,
    /// How to colour it.
    pub style: Style,
}

impl Cell {
    /// A cell with a style.
    pub fn styled(text: impl Into<String>, style: Style) -> Self {
        Self {
            text: text.into(),
            style,
        }
    }

    /// An unstyled cell.
    pub fn plain(text: impl Into<String>) -> Self {
        Self::styled(text, Style::new())
    }
}

/// How a column behaves when the table is too wide.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// Columns with a higher number are dropped first; `None` is never dropped.
    pub drop_order: Option<u8>,
    /// The narrowest this column may be cut to with `…`; `None` is never cut.
    pub min: Option<usize>,
}

/// Column widths that fit `width`; `None` marks a dropped column.
///
/// Columns whose body cells are all empty are hidden. When the rest is too wide, cuttable
/// columns shrink to their `min` first, then optional columns are dropped (highest
/// `drop_order` first), and last the cuttable columns shrink further, to four characters.
pub fn fit(
    columns: &[Column],
    rows: &[Vec<Cell>],
    indent: usize,
    width: usize,
) -> Vec<Option<usize>> {
    let body = rows.get(1..).unwrap_or_default();
    let mut widths: Vec<Option<usize>> = (0..columns.len())
        .map(|i| {
            let empty = body.iter().all(|r| r[i].text.is_empty());
            (!empty).then(|| {
                rows.iter()
                    .map(|r| text_width(&r[i].text))
                    .max()
                    .unwrap_or(0)
            })
        })
        .collect();
    shrink(columns, &mut widths, indent, width, |c| c.min);
    while total(&widths, indent) > width {
        let droppable = (0..columns.len())
            .filter(|&i| widths[i].is_some())
            .filter_map(|i| columns[i].drop_order.map(|o| (o, i)))
            .max();
        let Some((_, i)) = droppable else { break };
        widths[i] = None;
    }
    shrink(columns, &mut widths, indent, width, |c| c.min.map(|_| 4));
    widths
}

/// Narrows cuttable columns, widest first, until the table fits or each reaches its floor.
fn shrink(
    columns: &[Column],
    widths: &mut [Option<usize>],
    indent: usize,
    width: usize,
    floor: impl Fn(&Column) -> Option<usize>,
) {
    while total(widths, indent) > width {
        let widest = (0..columns.len())
            .filter_map(|i| Some((widths[i]?, floor(&columns[i])?, i)))
            .filter(|(w, f, _)| w > f)
            .max();
        let Some((w, _, i)) = widest else { return };
        widths[i] = Some(w - 1);
    }
}

fn total(widths: &[Option<usize>], indent: usize) -> usize {
    let (sum, shown) = widths
        .iter()
        .flatten()
        .fold((0, 0usize), |(sum, shown), w| (sum + w, shown + 1));
    indent + sum + 2 * shown.saturating_sub(1)
}

/// Writes one row with the given widths; the last shown column is not padded.
pub fn write_row(
    out: &mut dyn Write,
    row: &[Cell],
    widths: &[Option<usize>],
    indent: usize,
) -> io::Result<()> {
    let mut shown: Vec<(&Cell, usize)> = row
        .iter()
        .zip(widths)
        .filter_map(|(cell, w)| w.map(|w| (cell, w)))
        .collect();
    while shown.last().is_some_and(|(cell, _)| cell.text.is_empty()) {
        shown.pop();
    }
    let mut line = String::with_capacity(2 * (indent + widths.iter().flatten().sum::<usize>()));
    push_spaces(&mut line, indent);
    for (i, (cell, width)) in shown.iter().enumerate() {
        let text = cut(&cell.text, *width);
        let style = cell.style;
        if style == Style::new() {
            line.push_str(&text);
        } else {
            // Writing to a String cannot fail.
            let _ = write!(line, "{style}{text}{style:#}");
        }
        if i + 1 < shown.len() {
            push_spaces(&mut line, width - text_width(&text) + 2);
        }
    }
    line.push('\n');
    out.write_all(line.as_bytes())
}

fn push_spaces(line: &mut String, n: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = n;
    while left > 0 {
        let run = left.min(SPACES.len());
        line.push_str(&SPACES[..run]);
        left -= run;
    }
}

/// Display width, counting one column per character.
pub fn text_width(text: &str) -> usize {
    text.chars().count()
}

/// `text` cut to `width` characters, ending in `…` when cut.
pub fn truncate(text: &str, width: usize) -> String {
    cut(text, width).into_owned()
}

/// [`truncate`], borrowing `text` when it fits.
fn cut(text: &str, width: usize) -> Cow<'_, str> {
    if text.len() <= width || text_width(text) <= width {
        return Cow::Borrowed(text);
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    Cow::Owned(cut)
}

/// The width to lay tables out in: the terminal's, else `$COLUMNS`, else 100; never above 100.
///
/// Worked out once per process: every document's table is laid out in the same width.
pub fn terminal_width() -> usize {
    static WIDTH: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *WIDTH.get_or_init(detect_width)
}

fn detect_width() -> usize {
    let detected = terminal_size::terminal_size()
        .map(|(w, _)| usize::from(w.0))
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok());
    detected.unwrap_or(100).clamp(20, 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<Cell> {
        cells.iter().map(|c| Cell::plain(*c)).collect()
    }

    #[test]
    fn drops_optional_columns_then_truncates() {
        let columns = [
            Column {
                drop_order: None,
                min: None,
            },
            Column {
                drop_order: Some(1),
                min: None,
            },
            Column {
                drop_order: None,
                min: Some(20),
            },
            Column {
                drop_order: Some(2),
                min: None,
            },
        ];
        let rows = [
            row(&["KR", "Owner", "Statement", "Flags"]),
            row(&[
                "O1-KR1",
                "owner name",
                "a long statement that will not fit",
                "",
            ]),
        ];
        // The empty Flags column is hidden.
        assert_eq!(
            fit(&columns, &rows, 0, 80),
            [Some(6), Some(10), Some(34), None]
        );
        // The statement is cut to its minimum before the owner is dropped.
        assert_eq!(
            fit(&columns, &rows, 0, 40),
            [Some(6), Some(10), Some(20), None]
        );
        assert_eq!(fit(&columns, &rows, 0, 30), [Some(6), None, Some(20), None]);
        assert_eq!(fit(&columns, &rows, 2, 20), [Some(6), None, Some(10), None]);
        assert_eq!(truncate("statement", 5), "stat…");
    }
}
