//! The decision log: one `## YYYY-MM-DD: decision` section per material change, each
//! naming the KRs it touches.

use crate::doc::cycle::parse_date;
use crate::doc::{Document, Located};
use crate::source::Span;
use chrono::NaiveDate;

/// The file name okr reads and appends to, at the repository root.
pub const DECISION_LOG: &str = "decision-log.md";

/// One logged decision.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    /// The date in the heading, when it parses.
    pub date: Option<NaiveDate>,
    /// The heading line.
    pub heading: Span,
    /// The decision: the heading's text after the date.
    pub title: String,
    /// The KR references in `- KR:` bullets (`path#ID` or a bare ID), each with its span.
    pub krs: Vec<Located<String>>,
}

/// What goes into a new entry.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewDecision {
    /// The day it was decided.
    pub date: NaiveDate,
    /// The decision, one line.
    pub decision: String,
    /// KR references, written `path#ID` relative to the log.
    pub krs: Vec<String>,
    /// What the decision rests on.
    pub evidence: Option<String>,
    /// Who carries it out.
    pub owner: Option<String>,
    /// When the change is due.
    pub due: Option<String>,
    /// The resulting change to the OKRs (`Target 60% → 55%`).
    pub change: Option<String>,
}

/// Every dated section of the log, in file order.
pub fn decisions(doc: &Document) -> Vec<Decision> {
    let text = doc.source.text();
    doc.sections
        .iter()
        .filter_map(|section| {
            let (date, _) = section.name.split_once(':')?;
            let date = date.trim();
            let looks_dated = date.len() == 10 && date.as_bytes()[4] == b'-';
            let heading = doc.source.slice(section.span);
            let title = heading
                .split_once(':')
                .map_or("", |(_, t)| t)
                .trim()
                .to_string();
            looks_dated.then(|| Decision {
                date: parse_date(date),
                heading: section.span,
                title,
                krs: kr_refs(text, section.body),
            })
        })
        .collect()
}

/// `- KR: a.md#O1-KR1, O2-KR2` bullets in `body`, split into references with spans.
fn kr_refs(text: &str, body: Span) -> Vec<Located<String>> {
    let mut found = Vec::new();
    let mut at = body.start;
    for line in text[body.start..body.end].split_inclusive('\n') {
        let trimmed = line.trim_start();
        let lead = line.len() - trimmed.len();
        let value = ["- KR:", "- KRs:", "* KR:", "* KRs:"]
            .iter()
            .find_map(|p| trimmed.strip_prefix(p).map(|v| (p.len(), v)));
        if let Some((prefix, value)) = value {
            let mut offset = at + lead + prefix;
            for part in value.split(',') {
                let item = part.trim();
                let start = offset + (part.len() - part.trim_start().len());
                if !item.is_empty() {
                    found.push(Located {
                        value: item.to_string(),
                        span: Span::new(start, start + item.len()),
                    });
                }
                offset += part.len() + 1;
            }
        }
        at += line.len();
    }
    found
}

/// A new log's opening lines.
pub fn log_header() -> String {
    "# Decision log\n\nMaterial changes to launched OKRs, oldest first. Each entry names the KRs it \
     changes; `okr lint` accepts a change to a locked KR only when an entry dated on or after \
     the lock names it. Add entries with `okr decide`.\n"
        .to_string()
}

/// The Markdown for one entry.
pub fn render_entry(entry: &NewDecision) -> String {
    let mut out = format!("## {}: {}\n\n", entry.date, one_line(&entry.decision));
    out.push_str(&format!("- KR: {}\n", entry.krs.join(", ")));
    let optional = [
        ("Evidence", &entry.evidence),
        ("Owner", &entry.owner),
        ("Due", &entry.due),
        ("Change", &entry.change),
    ];
    for (label, value) in optional {
        if let Some(value) = value {
            out.push_str(&format!("- {label}: {}\n", one_line(value)));
        }
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::parse::parse_document;

    #[test]
    fn rendered_entries_read_back() {
        let entry = NewDecision {
            date: NaiveDate::from_ymd_opt(2026, 2, 10).unwrap(),
            decision: "Lower the activation target\nafter the pricing change".into(),
            krs: vec!["okrs/growth.md#O1-KR1".into(), "O2-KR2".into()],
            evidence: Some("Trial volume halved".into()),
            change: Some("Target 60% → 55%".into()),
            ..Default::default()
        };
        let text = format!("{}\n{}", log_header(), render_entry(&entry));
        let doc = parse_document(DECISION_LOG, text.clone());
        let found = decisions(&doc);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].date, Some(entry.date));
        assert_eq!(
            found[0].title,
            "Lower the activation target after the pricing change"
        );
        let refs: Vec<&str> = found[0].krs.iter().map(|k| k.value.as_str()).collect();
        assert_eq!(refs, ["okrs/growth.md#O1-KR1", "O2-KR2"]);
        let first = &found[0].krs[0];
        assert_eq!(
            &text[first.span.start..first.span.end],
            "okrs/growth.md#O1-KR1"
        );
        assert!(
            text.contains("## 2026-02-10: Lower the activation target after the pricing change\n")
        );
    }
}
