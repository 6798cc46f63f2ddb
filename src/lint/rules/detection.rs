//! Files that talk about OKRs but hold none okr could read: reported, never skipped in
//! silence.

use crate::doc::detect::{first_okr_line, is_okr_document};
use crate::lint::{Rule, Severity};
use crate::source::Span;

/// OKR007.
pub static UNREAD_OKR_FILE: Rule = Rule {
    code: "OKR007",
    name: "unread-okr-file",
    severity: Severity::Warning,
    summary: "A file talks about OKRs, but okr found no objective in it",
    help: "write objectives as `## O1: …` headings or `Objective: …` lines, or name the cycle \
           (front-matter `cycle: 2026-Q1`) so headings with lists under them are read",
    explanation: r#"A file that names objectives, key results or OKRs outside code is probably
meant to hold them. When okr reads no objective from such a file, every other rule stays
silent, and a CI gate on it would pass because nothing was checked. This warning, at the
first line that uses OKR words, says so instead.

okr takes a plain heading with a list under it for an objective only when the file shows
it means goals: it labels an objective in words, names a cycle (front-matter, title, a
heading, a sentence, its file name or folder), has a `Key results` heading, or is titled
about OKRs or goals and its candidates' key results carry numbers.

Bad (no label, no cycle, nothing measurable):
```markdown
# How our team uses OKRs

## Planning
- Draft in week one
```

Good:
```markdown
---
cycle: 2026-Q1
---

## O1: Planning takes one week, not three
```

A page that only explains OKRs can carry `<!-- okr-disable OKR007 -->`, or be left out
of the paths you lint."#,
    check: |ctx, out| {
        if is_okr_document(ctx.doc) {
            return;
        }
        let text = ctx.doc.source.text();
        if let Some((at, line)) = first_okr_line(text) {
            let line = line.trim_end();
            out.report(
                Span::new(at, at + line.len()),
                "this file talks about OKRs here, but okr found no objective in it",
            );
        }
    },
};
