//! Source text with byte spans and 1-based line/column lookup.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A half-open byte range `start..end` into a document's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// Builds a span from its two ends.
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// An empty span at `offset`.
    pub const fn at(offset: usize) -> Self {
        Self::new(offset, offset)
    }

    /// Moves both ends by `delta` bytes.
    pub const fn shift(self, delta: usize) -> Self {
        Self::new(self.start + delta, self.end + delta)
    }

    /// A sub-span given relative to this span's start.
    pub const fn sub(self, start: usize, end: usize) -> Self {
        Self::new(self.start + start, self.start + end)
    }
}

/// A 1-based line and column; columns count characters, not bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column number in characters, starting at 1.
    pub column: usize,
}

/// A file's path and full text, with an index of line starts built when first needed
/// (a clean document never needs it).
#[derive(Debug, Clone)]
pub struct SourceFile {
    path: PathBuf,
    text: String,
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// Wraps `text`, read from `path`.
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        Self {
            path: path.into(),
            text,
            line_starts: OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// The path the text came from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text covered by `span`.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    /// The 1-based line and character column of byte `offset`.
    pub fn position(&self, offset: usize) -> Position {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset) - 1;
        let column = self.text[starts[line]..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The positions of `span`'s start and end, finding the line once when both are on it.
    pub fn span_positions(&self, span: Span) -> (Position, Position) {
        let start = self.position(span.start);
        let starts = self.line_starts();
        let line_end = starts.get(start.line).copied().unwrap_or(usize::MAX);
        let begin = self.floor_char_boundary(span.start.min(self.text.len()));
        let end = self.floor_char_boundary(span.end.min(self.text.len()));
        if end < line_end && end >= begin {
            let column = start.column + self.text[begin..end].chars().count();
            return (start, Position { column, ..start });
        }
        (start, self.position(span.end))
    }

    /// The text of 1-based `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let starts = self.line_starts();
        let start = starts[line - 1];
        let end = starts.get(line).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The byte span of 1-based `line`, without its line ending.
    pub fn line_span(&self, line: usize) -> Span {
        let start = self.line_starts()[line - 1];
        Span::new(start, start + self.line_text(line).len())
    }

    /// How many lines the text has.
    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let file = SourceFile::new("x.md", "ab\n≤ 4 days\r\nz".to_string());
        assert_eq!(file.position(0), Position { line: 1, column: 1 });
        assert_eq!(file.position(3), Position { line: 2, column: 1 });
        // '≤' is three bytes but one column.
        assert_eq!(file.position(6), Position { line: 2, column: 2 });
        assert_eq!(file.line_text(2), "≤ 4 days");
        assert_eq!(file.position(file.text().len()).line, 3);
    }

    #[test]
    fn span_positions_agree_with_two_lookups_for_every_span() {
        let text = "ab\n≤ 4 days\r\n\nz é|x";
        let file = SourceFile::new("x.md", text.to_string());
        for start in 0..=text.len() + 1 {
            for end in 0..=text.len() + 1 {
                let span = Span::new(start, end);
                let both = (file.position(start), file.position(end));
                assert_eq!(file.span_positions(span), both, "{start}..{end}");
            }
        }
    }
}
