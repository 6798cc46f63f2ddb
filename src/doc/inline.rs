//! Fields written on the same line as a KR or objective: `… by Mar 31. Owner: Ana.
//! Source: Billing.`, `… (Owner: Ana; Source: [link](…))`, `… — Owner: Ana`, `… @ana`,
//! and priority tags such as `[p1]` or `` `P0` ``.

use super::card::canonical_field;
use crate::text::{trim, trim_end};

/// A line split into its statement and the fields written after it. Every part is a
/// slice of the line, so its offset gives its span.
#[derive(Debug, Default, PartialEq)]
pub struct InlineParts<'a> {
    /// The statement without its trailing fields and tags.
    pub statement: &'a str,
    /// `(label, value, canonical field)` in the order written.
    pub fields: Vec<InlineField<'a>>,
    /// A priority tag (`[p1]`, `` `P0` ``, `P2`).
    pub priority: Option<&'a str>,
}

/// One inline field: `(label, value, canonical field)`.
pub type InlineField<'a> = (&'a str, &'a str, &'static str);

/// Fields that may be written inline.
const INLINE_LABELS: &[&str] = &[
    "owner",
    "owners",
    "dri",
    "source",
    "source of truth",
    "due",
    "due date",
    "refresh",
    "signal",
    "weight",
    "baseline",
    "target",
    "scoring",
];

/// Splits `line` into statement, inline fields and priority.
pub fn split_inline(line: &str) -> InlineParts<'_> {
    let (line, priority) = strip_priority(trim(line));
    let line = if priority.is_some() {
        strip_separator(line)
    } else {
        line
    };
    let (line, lead) = leading_handle(line);
    let (statement, fields) = match trailing_parenthesis(line) {
        Some(found) => found,
        None => trailing_fields(line),
    };
    let (statement, handle) = trailing_handle(statement);
    let handle = lead.or(handle);
    let mut fields = fields;
    if let Some(handle) = handle.filter(|_| !fields.iter().any(|f| f.2 == "owner")) {
        fields.push(("@", handle, "owner"));
    }
    InlineParts {
        statement: trim_end(statement.trim_end_matches([' ', '.', ';', ',', '—', '–'])),
        fields,
        priority,
    }
}

/// The text after a leading ` - `, `– ` or `: ` left by a removed tag.
fn strip_separator(line: &str) -> &str {
    let rest = line.trim_start_matches(['-', '–', '—', ':']);
    if rest.len() == line.len() || !(rest.is_empty() || rest.starts_with(' ')) {
        return line;
    }
    trim(rest)
}

/// A leading `@handle - …` naming the owner.
fn leading_handle(line: &str) -> (&str, Option<&str>) {
    match line.split_once(' ') {
        Some((handle, rest)) if is_handle(handle) => (strip_separator(rest), Some(handle)),
        _ => (line, None),
    }
}

fn is_handle(word: &str) -> bool {
    word.len() > 1
        && word.starts_with('@')
        && word[1..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A priority tag at either end: `[p1]`, `` `P0` ``, `P2`, or a badge image whose text names one.
fn strip_priority(line: &str) -> (&str, Option<&str>) {
    let is_priority = |tag: &str| {
        let inner = tag.trim_matches(['[', ']', '`', '(', ')']);
        let inner = inner.strip_prefix(['p', 'P']).unwrap_or("");
        (inner.len() == 1 && inner.as_bytes()[0].is_ascii_digit()) || inner == "X" || inner == "x"
    };
    if let Some((tag, rest)) = line.split_once(' ') {
        if is_priority(tag) {
            return (trim(rest), Some(tag));
        }
    }
    if let Some((rest, tag)) = line.rsplit_once(' ') {
        if is_priority(tag) {
            return (trim_end(rest), Some(tag));
        }
        if let Some(alt) = tag.strip_prefix("![").and_then(|t| t.split_once("](")) {
            if is_priority(alt.0) {
                return (trim_end(rest), Some(tag));
            }
        }
    }
    (line, None)
}

/// `statement (Owner: Ana; Source: Billing)`: every part inside the parentheses a field.
fn trailing_parenthesis(line: &str) -> Option<(&str, Vec<InlineField<'_>>)> {
    let body = line.strip_suffix(')')?;
    let mut depth = 0usize;
    let open = body.char_indices().rev().find_map(|(i, c)| match c {
        ')' => {
            depth += 1;
            None
        }
        '(' if depth == 0 => Some(i),
        '(' => {
            depth -= 1;
            None
        }
        _ => None,
    })?;
    let inside = &body[open + 1..];
    let fields: Option<Vec<_>> = inside.split(';').map(field_part).collect();
    let fields = fields.filter(|f| !f.is_empty())?;
    Some((&line[..open], fields))
}

fn field_part(part: &str) -> Option<InlineField<'_>> {
    let (label, value) = part.split_once(':')?;
    let field = inline_field(label)?;
    Some((trim(label), trim_value(value), field))
}

fn inline_field(label: &str) -> Option<&'static str> {
    let lower = trim(label).to_ascii_lowercase();
    let lower = lower.trim_matches('*');
    if !INLINE_LABELS.contains(&lower) {
        return None;
    }
    match lower {
        "owners" | "dri" => Some("owner"),
        other => canonical_field(other),
    }
}

fn trim_value(value: &str) -> &str {
    trim(trim(value).trim_end_matches(['.', ';', ',']))
}

/// `statement. Owner: Ana. Source: Billing.` and `statement — Owner: Ana`.
fn trailing_fields(line: &str) -> (&str, Vec<InlineField<'_>>) {
    let starts = field_starts(line);
    let Some(&(first, _)) = starts.first() else {
        return (line, Vec::new());
    };
    let mut fields = Vec::new();
    for (i, &(start, colon)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(line.len(), |next| next.0);
        let label = &line[start..colon];
        if let Some(field) = inline_field(label) {
            fields.push((trim(label), trim_value(&line[colon + 1..end]), field));
        }
    }
    (&line[..first], fields)
}

/// Where each inline `Label:` starts (after a separator) and where its colon is.
fn field_starts(line: &str) -> Vec<(usize, usize)> {
    const SEPARATORS: &[&str] = &[". ", "; ", " — ", " – ", " - ", ", ", " | ", "**"];
    let lower = line.to_ascii_lowercase();
    let mut starts = Vec::new();
    for (colon, _) in lower.match_indices(':') {
        let before = &lower[..colon];
        let found = INLINE_LABELS.iter().find_map(|label| {
            let at = before.trim_end_matches('*').strip_suffix(label)?.len();
            let head = &lower[..at];
            (at > 0 && SEPARATORS.iter().any(|s| head.ends_with(s))).then_some(at)
        });
        if let Some(at) = found {
            starts.push((at, colon));
        }
    }
    starts
}

/// A trailing `@handle` naming the owner.
fn trailing_handle(statement: &str) -> (&str, Option<&str>) {
    let trimmed = trim_end(statement);
    match trimmed.rsplit_once(' ') {
        Some((rest, handle)) if is_handle(handle) => (rest, Some(handle)),
        _ => (statement, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_fields_after_the_statement() {
        let parts = split_inline(
            "Reduce time from 3 days to 1 day by Mar 31. Owner: Growth PM. Source: Product analytics.",
        );
        assert_eq!(
            parts.statement,
            "Reduce time from 3 days to 1 day by Mar 31"
        );
        assert_eq!(
            parts.fields,
            vec![
                ("Owner", "Growth PM", "owner"),
                ("Source", "Product analytics", "source")
            ]
        );
    }

    #[test]
    fn parenthesised_and_dashed_fields() {
        let parts = split_inline(
            "Cut p95 from 480 ms to 300 ms (Owner: Ana; Source: [dash](https://x.io/a))",
        );
        assert_eq!(parts.statement, "Cut p95 from 480 ms to 300 ms");
        assert_eq!(
            parts.fields[1],
            ("Source", "[dash](https://x.io/a)", "source")
        );
        let parts = split_inline("Lift NPS from 24 to 40 — Owner: CX lead");
        assert_eq!(parts.statement, "Lift NPS from 24 to 40");
        assert_eq!(parts.fields, vec![("Owner", "CX lead", "owner")]);
    }

    #[test]
    fn handles_and_priorities() {
        let parts = split_inline("Gossipsub interops with go [p1]");
        assert_eq!(
            (parts.statement, parts.priority),
            ("Gossipsub interops with go", Some("[p1]"))
        );
        let parts = split_inline("`P0` Ship the importer @dana");
        assert_eq!(parts.statement, "Ship the importer");
        assert_eq!(parts.fields, vec![("@", "@dana", "owner")]);
        assert_eq!(parts.priority, Some("`P0`"));
        let parts = split_inline("`PX` @magik6k - The Core API is released");
        assert_eq!(parts.statement, "The Core API is released");
        assert_eq!(parts.fields, vec![("@", "@magik6k", "owner")]);
        assert_eq!(split_inline("`PX` - ").statement, "");
        assert_eq!(split_inline("- 3 more users").statement, "- 3 more users");
    }

    #[test]
    fn ordinary_statements_are_left_alone() {
        for line in [
            "Increase NPS from 24 to 40 by Mar 31",
            "Note the source: it matters",
            "Improve the owner experience (measured weekly)",
        ] {
            assert_eq!(split_inline(line).statement, line);
            assert!(split_inline(line).fields.is_empty(), "{line}");
        }
    }
}
