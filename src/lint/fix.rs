//! Mechanical fixes a finding can carry: byte-exact replacements in the document that
//! an editor offers as a quick fix.

use crate::source::Span;

/// One replacement in the document's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// The bytes replaced (empty for an insertion).
    pub span: Span,
    /// What replaces them.
    pub text: String,
}

/// A fix: what it does, and its edits, which never overlap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What applying it does, for the editor's menu.
    pub title: String,
    /// The replacements.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix of one replacement.
    pub fn replace(title: impl Into<String>, span: Span, text: impl Into<String>) -> Self {
        Fix {
            title: title.into(),
            edits: vec![Edit {
                span,
                text: text.into(),
            }],
        }
    }

    /// `text` with every edit applied.
    pub fn apply(&self, text: &str) -> String {
        let mut edits: Vec<&Edit> = self.edits.iter().collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        let mut out = text.to_string();
        for edit in edits {
            out.replace_range(edit.span.start..edit.span.end, &edit.text);
        }
        out
    }
}
