//! Positions as the editor counts them (lines and UTF-16 code units), file URIs, and
//! incremental edits to an open buffer.

use lsp_types::{Position, Range, Uri};
use std::path::{Path, PathBuf};

/// Where each line of a text starts, for converting between bytes and editor positions
/// in O(log lines) rather than by scanning the text.
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    /// Indexes `text`'s lines.
    pub fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// The line (0-based) holding `offset`, with its start.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        (line, self.starts[line])
    }

    /// Line `line`'s text, without its line break.
    fn line_text(&self, line: usize) -> &'t str {
        let Some(&start) = self.starts.get(line) else {
            return "";
        };
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |&e| e - 1);
        self.text[start..end].trim_end_matches('\r')
    }

    /// The byte offset of an LSP position; past the end of a line is its end.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let mut units = 0;
        let line = self.line_text(position.line as usize);
        for (i, c) in line.char_indices() {
            if units >= position.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + line.len()
    }

    /// The LSP position of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_boundary(self.text, offset.min(self.text.len()));
        let (line, start) = self.line_of(offset);
        let character: usize = self.text[start..offset].chars().map(char::len_utf16).sum();
        Position::new(line as u32, character as u32)
    }

    /// The LSP range of a byte span.
    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end))
    }

    /// The byte offset of a 1-based line and character column (as okr reports them).
    pub fn offset_of_line_column(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        self.text[start..]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(self.text.len(), |(i, _)| start + i)
    }
}

/// The byte offset of an LSP position in `text`.
pub fn offset(text: &str, position: Position) -> usize {
    Lines::new(text).offset(position)
}

/// The LSP position of a byte offset in `text`.
pub fn position(text: &str, offset: usize) -> Position {
    Lines::new(text).position(offset)
}

/// The LSP range of a byte span in `text`.
pub fn range(text: &str, start: usize, end: usize) -> Range {
    Lines::new(text).range(start, end)
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Applies one content change: a range replacement, or the whole text.
pub fn apply_change(text: &mut String, range: Option<Range>, new_text: &str) {
    match range {
        Some(range) => {
            let start = offset(text, range.start);
            let end = offset(text, range.end).max(start);
            text.replace_range(start..end, new_text);
        }
        None => *text = new_text.to_string(),
    }
}

/// The file a `file://` URI names.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let path = rest.find('/').map(|i| &rest[i..])?;
    Some(PathBuf::from(percent_decode(path)))
}

/// The `file://` URI of an absolute path.
pub fn uri_of(path: &Path) -> Uri {
    let mut out = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out.parse().expect("a percent-encoded file URI is valid")
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| {
            std::str::from_utf8(h)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        });
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let text = "a\n€x😀y\n";
        let at_y = text.find('y').unwrap();
        assert_eq!(position(text, at_y), Position::new(1, 4));
        assert_eq!(offset(text, Position::new(1, 4)), at_y);
        assert_eq!(offset(text, Position::new(9, 0)), text.len());
    }

    #[test]
    fn edits_replace_ranges() {
        let mut text = String::from("one\ntwo\n");
        apply_change(
            &mut text,
            Some(Range::new(Position::new(1, 0), Position::new(1, 3))),
            "2",
        );
        assert_eq!(text, "one\n2\n");
    }

    #[test]
    fn uris_round_trip() {
        let path = Path::new("/tmp/a dir/ü.md");
        assert_eq!(path_of(&uri_of(path)).unwrap(), path);
    }
}
