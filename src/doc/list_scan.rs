//! A line scanner for card lists: the `- Field: value` lines under objective and KR
//! headings, with at most one level of `  - ` children (ladder bands).
//!
//! Cards are most of a document's lines and their shape is rigid, so they can be read
//! by lines instead of by the Markdown parser. The scanner takes a list only where
//! pulldown-cmark would report exactly the same list and items: after a heading and a
//! blank line, every line a plain item, ending at a blank line that no continuation
//! follows. Anything else is left to the parser.

use super::table_scan::{line_end, Lines};
use crate::text::{strip_start_bytes, trim};
use std::ops::Range;

/// A card list the scanner read.
#[derive(Debug, PartialEq)]
pub struct ScannedList {
    /// From the first item's marker to the end of the last line, line ending included.
    pub span: Range<usize>,
    /// The top-level items, in order.
    pub items: Vec<ScannedItem>,
}

/// One top-level item and its children.
#[derive(Debug, PartialEq)]
pub struct ScannedItem {
    /// From the marker to the end of its last line (its children's included).
    pub span: Range<usize>,
    /// Each child item's line.
    pub children: Vec<Range<usize>>,
}

/// Every card list in `text[range]` the scanner can read exactly, in order. Scanning
/// stops at the first line that could hide a later list's context (a code fence, an
/// HTML block, a tab in the indentation); a document with carriage returns is left to
/// the parser whole.
pub fn card_lists(text: &str, range: Range<usize>) -> Vec<ScannedList> {
    let mut lists = Vec::new();
    if memchr::memchr(b'\r', &text.as_bytes()[range.clone()]).is_some() {
        return lists;
    }
    let mut at = range.start;
    let mut after_heading = false;
    let mut previous_blank = false;
    while at < range.end {
        let line = at..line_end(text, at);
        let content = &text[line.clone()];
        if !plain_line(content) {
            break;
        }
        if after_heading && previous_blank && item_text(content, "- ").is_some() {
            let list = read_list(text, line.clone()).filter(|l| l.span.end <= range.end);
            if let Some(list) = list {
                at = list.span.end;
                lists.push(list);
                after_heading = false;
                previous_blank = true;
                continue;
            }
        }
        let blank = content.trim_ascii().is_empty();
        if !blank {
            after_heading = atx_level(content).is_some();
        }
        previous_blank = blank;
        at = line.end;
    }
    lists
}

/// The headings in `text[range]` with their levels, when the range holds nothing but
/// empty lines and plain ATX headings (no HTML, escapes, code spans, tabs or carriage
/// returns): the text between two card lists. Each range is the heading's line, as
/// pulldown-cmark reports it.
pub fn plain_headings(text: &str, range: Range<usize>) -> Option<Vec<(u8, Range<usize>)>> {
    headings_among(text, range, false)
}

/// [`plain_headings`], also passing over plain paragraph lines: lines that start with an
/// ASCII letter and hold no HTML, escapes, code spans, tabs or carriage returns. Such a
/// paragraph gives no event a reader keeps, and no line it allows can turn it into a
/// setext heading or a table.
pub fn headings_and_paragraphs(text: &str, range: Range<usize>) -> Option<Vec<(u8, Range<usize>)>> {
    headings_among(text, range, true)
}

fn headings_among(
    text: &str,
    range: Range<usize>,
    paragraphs: bool,
) -> Option<Vec<(u8, Range<usize>)>> {
    let mut headings = Vec::new();
    let mut at = range.start;
    while at < range.end {
        let end = line_end(text, at).min(range.end);
        let line = &text[at..end];
        if paragraphs && line.starts_with(|c: char| c.is_ascii_alphabetic()) {
            if has_any(line, b"<\\`\r\t") {
                return None;
            }
        } else if line != "\n" {
            let level = atx_level(line)?;
            let content = line[level..].strip_prefix(' ')?;
            let plain =
                content.starts_with(|c: char| !c.is_whitespace()) && !has_any(content, b"<\\`\r\t");
            if !plain {
                return None;
            }
            headings.push((level as u8, at..end));
        }
        at = end;
    }
    Some(headings)
}

/// The list starting at `first`, when every line up to a blank line (or the end) is a
/// plain item or child and nothing after the blank lines could continue it.
fn read_list(text: &str, first: Range<usize>) -> Option<ScannedList> {
    let mut items: Vec<ScannedItem> = Vec::new();
    let mut lines = Lines::new(text, first.start);
    let mut end = first.start;
    let mut trailing = None;
    for line in lines.by_ref() {
        let content = &text[line.clone()];
        if trim(content).is_empty() {
            trailing = Some(line);
            break;
        }
        if item_text(content, "- ").is_some() {
            items.push(ScannedItem {
                span: line.clone(),
                children: Vec::new(),
            });
        } else if item_text(content, "  - ").is_some() {
            let parent = items.last_mut()?;
            parent.span.end = line.end;
            parent.children.push(line.start + 2..line.end);
        } else {
            return None;
        }
        end = line.end;
    }
    if !(end == text.len() || text[..end].ends_with('\n')) {
        return None;
    }
    // The parser counts the empty lines after a list as part of its last item.
    let mut next = trailing;
    while let Some(line) = next.clone().filter(|l| trim(&text[l.clone()]).is_empty()) {
        if &text[line.clone()] != "\n" {
            return None;
        }
        end = line.end;
        next = lines.next();
    }
    if next.is_some_and(|l| could_continue(&text[l])) {
        return None;
    }
    let last = items.last_mut()?;
    last.span.end = end;
    if let Some(child) = last.children.last_mut() {
        child.end = end;
    }
    Some(ScannedList {
        span: first.start..end,
        items,
    })
}

/// The text after `marker` when the line is a one-line item pulldown-cmark reads as
/// plain text: one space after the marker, then a letter, a digit (not an ordered-list
/// marker) or a non-ASCII character, and no `<` anywhere.
fn item_text<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(marker)?;
    let first = *rest.as_bytes().first()?;
    let plain_start = first.is_ascii_alphanumeric() || !first.is_ascii();
    let ordered = first.is_ascii_digit() && {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        matches!(rest.as_bytes().get(digits), Some(b'.' | b')'))
    };
    let plain = memchr::memchr(b'<', rest.as_bytes()).is_none();
    (plain_start && !ordered && plain).then_some(rest)
}

/// Whether `text` holds any of the five `bytes`.
fn has_any(text: &str, bytes: &[u8; 5]) -> bool {
    let text = text.as_bytes();
    memchr::memchr3(bytes[0], bytes[1], bytes[2], text).is_some()
        || memchr::memchr2(bytes[3], bytes[4], text).is_some()
}

/// Whether a line after blank lines would still belong to the list: indented, or
/// another list item.
fn could_continue(line: &str) -> bool {
    line.starts_with([' ', '-', '*', '+']) || line.starts_with(|c: char| c.is_ascii_digit())
}

/// The level of an ATX heading starting at column 0: one to six `#` followed by a
/// space, the line's end or the text's end.
fn atx_level(line: &str) -> Option<usize> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    let rest = &line[hashes..];
    ((1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with([' ', '\n'])))
        .then_some(hashes)
}

/// Whether a line leaves the parser at the top level with nothing open that spans
/// blank lines: no code fence, no HTML block other than a one-line comment and no tab
/// in its indentation.
fn plain_line(line: &str) -> bool {
    let body = strip_start_bytes(line, |b| b == b' ');
    let opens = |p: &str| body.starts_with(p);
    !opens("\t")
        && !opens("```")
        && !opens("~~~")
        && (!opens("<") || (opens("<!--") && body.contains("-->")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_card_with_ladder_children() {
        let text = "### O1-KR1: Grow\n\n- Owner: Ana\n- Scoring: ladder\n  - ≤ 5: 1.0\n  - 6 or more: 0\n\n## Next\n";
        let lists = card_lists(text, 0..text.len());
        assert_eq!(lists.len(), 1);
        let list = &lists[0];
        assert_eq!(
            &text[list.span.clone()],
            "- Owner: Ana\n- Scoring: ladder\n  - ≤ 5: 1.0\n  - 6 or more: 0\n\n"
        );
        assert_eq!(&text[list.items[0].span.clone()], "- Owner: Ana\n");
        assert_eq!(
            &text[list.items[1].span.clone()],
            "- Scoring: ladder\n  - ≤ 5: 1.0\n  - 6 or more: 0\n\n"
        );
        assert_eq!(
            &text[list.items[1].children[1].clone()],
            "- 6 or more: 0\n\n"
        );
    }

    #[test]
    fn leaves_anything_unusual_to_the_parser() {
        let cases = [
            "Para\n\n- Owner: Ana\n",
            "### H\n- Owner: Ana\n",
            "### H\n\n- Owner: Ana\nlazy\n",
            "### H\n\n- Owner: Ana\n\n  continued\n",
            "### H\n\n- Owner: Ana\n\n- Target: 2\n",
            "### H\n\n- 1. ordered\n",
            "### H\n\n- Owner: <!-- x -->\n",
            "### H\n\n- > quote\n",
            "### H\n\n-  two spaces\n",
            "```\n### H\n\n- Owner: Ana\n\n```\n",
            "### H\r\n\r\n- Owner: Ana\r\n",
            "<div>\n### H\n\n- Owner: Ana\n\n</div>\n",
        ];
        for text in cases {
            assert_eq!(card_lists(text, 0..text.len()), vec![], "{text:?}");
        }
    }
}
