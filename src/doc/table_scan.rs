//! A line scanner for the body of a long check-ins table.
//!
//! Check-in tables grow by a row a week per KR and end up as most of a document's bytes.
//! Their rows are simple (`| … | … |` on one line), so they can be split without running
//! the full Markdown parser over them. The scanner accepts only rows it can split exactly
//! as pulldown-cmark would; anything unusual returns `None` and the caller parses as usual.

use pulldown_cmark::Alignment;
use std::ops::Range;

/// The body rows of a check-ins table, found by lines.
#[derive(Debug, PartialEq)]
pub struct TableBody {
    /// Where the header row starts.
    pub header: usize,
    /// Where the first body row starts (just after the delimiter row).
    pub start: usize,
    /// Where the rows end: after the last row's line ending.
    pub end: usize,
}

/// The body of the table right under the first `## Check-ins` heading after `from`,
/// when every row is one the scanner can split; `None` otherwise.
pub fn checkins_table_body(text: &str, from: usize) -> Option<TableBody> {
    let mut lines = Lines::new(text, checkins_heading_end(text, from)?);
    let header = lines.find(|line| !is_blank(&text[line.clone()]))?;
    let delimiter = lines.next()?;
    if !text[header.clone()].starts_with('|') || !is_delimiter_row(&text[delimiter.clone()]) {
        return None;
    }
    let start = delimiter.end;
    let mut end = start;
    for line in lines {
        let line_text = &text[line.clone()];
        if is_blank(line_text) {
            break;
        }
        row_content(line_text)?;
        end = line.end;
    }
    Some(TableBody {
        header: header.start,
        start,
        end,
    })
}

/// The cells of the row at `line` (a range of `text`, with its line ending), as
/// pulldown-cmark reports them for a table of `columns` columns: the text between pipes,
/// extra cells dropped, missing ones empty at the end of the line.
///
/// The row must be one [`checkins_table_body`] accepted.
pub fn row_cells(text: &str, line: Range<usize>, columns: usize) -> Vec<Range<usize>> {
    let content = trimmed_row(&text[line.clone()]);
    let inner_start = line.start + 1;
    let inner = content
        .get(1..content.len().saturating_sub(1))
        .unwrap_or_default();
    let mut cells = Vec::with_capacity(columns);
    let mut at = inner_start;
    let mut rest = inner.as_bytes();
    while cells.len() < columns {
        let Some(len) = rest.iter().position(|&b| b == b'|') else {
            cells.push(at..at + rest.len());
            break;
        };
        cells.push(at..at + len);
        at += len + 1;
        rest = &rest[len + 1..];
    }
    while cells.len() < columns {
        cells.push(line.end..line.end);
    }
    cells
}

/// The lines of `text` from `at`, each with its line ending.
pub(crate) struct Lines<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Lines<'t> {
    /// The lines from byte `at`, which must start a line.
    pub(crate) fn new(text: &'t str, at: usize) -> Self {
        Self { text, at }
    }
}

impl Iterator for Lines<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        if self.at >= self.text.len() {
            return None;
        }
        let start = self.at;
        self.at = line_end(self.text, start);
        Some(start..self.at)
    }
}

/// Where the line starting at `at` ends, after its line ending.
pub(crate) fn line_end(text: &str, at: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i + 1)
}

/// Where the line of the first check-ins heading at or after `from` ends. Only lines
/// starting `## ` are looked at.
fn checkins_heading_end(text: &str, from: usize) -> Option<usize> {
    // `#` is rare outside headings, so hopping between them beats a substring search.
    let mut at = from;
    loop {
        let hash = at + memchr::memchr(b'#', &text.as_bytes()[at..])?;
        let end = line_end(text, hash);
        let line_start = hash == from || text.as_bytes()[hash - 1] == b'\n';
        if line_start && is_checkins_heading(&text[hash..end]) {
            return Some(end);
        }
        at = end;
    }
}

fn is_blank(line: &str) -> bool {
    crate::text::trim(line).is_empty()
}

fn is_checkins_heading(line: &str) -> bool {
    let Some(title) = line.strip_prefix("## ") else {
        return false;
    };
    let title = title.trim().trim_end_matches('#').trim();
    ["check-ins", "checkins", "check ins", "weekly check-ins"]
        .iter()
        .any(|name| title.eq_ignore_ascii_case(name))
}

fn is_delimiter_row(line: &str) -> bool {
    let line = line.trim_end();
    line.starts_with('|')
        && line.contains('-')
        && line.bytes().all(|b| matches!(b, b'|' | b'-' | b':' | b' '))
}

/// How many cells a plain header row has, when it is one the scanner can split.
pub(crate) fn header_cell_count(line: &str) -> Option<usize> {
    let content = row_content(line)?;
    Some(content[1..content.len() - 1].split('|').count())
}

/// Each column's alignment, when `line` is a delimiter row pulldown-cmark accepts:
/// every cell dashes with an optional colon at either end.
pub(crate) fn delimiter_alignments(line: &str) -> Option<Vec<Alignment>> {
    let content = row_content(line)?;
    content[1..content.len() - 1]
        .split('|')
        .map(|cell| {
            let cell = cell.trim_matches(' ');
            let left = cell.starts_with(':');
            let right = cell.ends_with(':') && cell.len() > 1;
            let dashes = &cell[usize::from(left)..cell.len() - usize::from(right)];
            if dashes.is_empty() || !dashes.bytes().all(|b| b == b'-') {
                return None;
            }
            Some(match (left, right) {
                (true, true) => Alignment::Center,
                (true, false) => Alignment::Left,
                (false, true) => Alignment::Right,
                (false, false) => Alignment::None,
            })
        })
        .collect()
}

/// A row's text from its opening to its closing pipe, when the row is plain enough to
/// split by hand: no escapes, code spans, tabs or HTML comments, pipes at both ends.
fn row_content(line: &str) -> Option<&str> {
    let content = trimmed_row(line);
    let bytes = content.as_bytes();
    let plain = !bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\\' | b'`' | b'\r' | b'\t' => true,
        b'<' => bytes[i + 1..].starts_with(b"!--"),
        _ => false,
    });
    (plain && content.len() >= 2 && content.starts_with('|') && content.ends_with('|'))
        .then_some(content)
}

fn trimmed_row(line: &str) -> &str {
    crate::text::strip_end_bytes(line, |b| matches!(b, b'\n' | b'\r' | b' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_ins_heading_is_found_only_at_a_line_start() {
        let text =
            "# T\n\nA #tag ## Check-ins mid-line\n### Check-ins\n## Notes #\n## Check-ins\n| a |\n";
        let end = checkins_heading_end(text, 0).expect("a heading");
        assert_eq!(
            &text[..end],
            "# T\n\nA #tag ## Check-ins mid-line\n### Check-ins\n## Notes #\n## Check-ins\n"
        );
        assert_eq!(checkins_heading_end("## Check-ins", 0), Some(12));
        assert_eq!(checkins_heading_end("text ## Check-ins\n", 0), None);
    }
}
