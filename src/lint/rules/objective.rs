//! Objectives: qualitative outcomes, short, one sentence, one owner.

use crate::doc::statement::first_word;
use crate::doc::Objective;
use crate::lint::rules::ids::id_span;
use crate::lint::{Context, Rule, Severity};
use crate::source::Span;
use crate::text::{lowercase, words};

/// OKR301.
pub static OBJECTIVE_HAS_METRIC: Rule = Rule {
    code: "OKR301",
    name: "objective-has-metric",
    severity: Severity::Error,
    summary: "An objective contains a number or metric",
    help: "move the number into a key result; keep the objective a qualitative outcome",
    explanation: r#"Objectives say where you want to be; key results carry the numbers that prove
you got there. A number inside the objective ("metric smuggling") duplicates a KR, ties
the objective to one measure, and leaves nothing for the KRs to add. Identifiers such as
`B2B`, `Q3` or `tier-1` are not numbers and are not flagged.

Bad:
```markdown
## O1: Grow SMB revenue by 20% this quarter
```

Good:
```markdown
## O1: Make SMB customers successful enough to expand
### O1-KR1: Lift 30-day expansion from 6% to 12% by Mar 31
```"#,
    check: |ctx, out| {
        for o in &ctx.doc.objectives {
            let statement = &o.heading.statement;
            if let Some((start, len)) = first_numeric_word(&statement.value) {
                let span = Span::new(
                    statement.span.start + start,
                    statement.span.start + start + len,
                );
                out.report(
                    span,
                    format!(
                        "the objective contains the number `{}`",
                        &statement.value[start..start + len]
                    ),
                );
            }
        }
    },
};

/// Byte range of the first word that is a number, percentage or amount.
fn first_numeric_word(text: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        let bare = word.trim_end();
        let lead = bare.len()
            - bare
                .trim_start_matches(['(', '$', '€', '£', '¥', '~', '+', '-', '#'])
                .len();
        if bare[lead..].starts_with(|c: char| c.is_ascii_digit()) {
            return Some((offset, bare.trim_end_matches(['.', ',', ';', ')']).len()));
        }
        offset += word.len();
    }
    None
}

/// OKR302.
pub static OBJECTIVE_IS_PROJECT: Rule = Rule {
    code: "OKR302",
    name: "objective-is-project",
    severity: Severity::Error,
    summary: "An objective reads like a project or an output",
    help: "state the change you want in customers or the business, not the work you will do",
    explanation: r#"An objective names an outcome: a change in state that matters. "Launch",
"Execute", "Ship" or words like "project" and "phase 2" describe work, which belongs in
initiatives. If the objective could be finished without anyone's behaviour changing, it
is a project. The verb list is configurable as `activity_verbs` in okr.yaml.

Bad:
```markdown
## O1: Execute reliability project flawlessly
```

A heading of two or three words with no verb (`Connectivity Magic`, `Improved
Performance`) is a topic, not an objective: it names an area of work without saying what
should be different at the end of the cycle.

Good:
```markdown
## O1: Restore customer trust in reliability for tier-one accounts
```

Languages: this rule reads English wording only. A statement in another language (okr
tells by its script and its small words, such as `del`, `le` or `und`) gets no verdict
from it."#,
    check: |ctx, out| {
        for o in &ctx.doc.objectives {
            if let Some(reason) = project_reason(ctx, o) {
                out.report(o.heading.statement.span, format!("the objective {reason}"));
            }
        }
    },
};

const PROJECT_WORDS: &[&str] = &[
    "project",
    "phase",
    "programme",
    "program",
    "milestone",
    "rollout",
    "roll-out",
];

fn project_reason(ctx: &Context, o: &Objective) -> Option<String> {
    let text = &o.heading.statement.value;
    // Verbs, project words and the topic test are English; other languages get no verdict.
    if !crate::text::is_english(text) {
        return None;
    }
    let verb = first_word(text);
    if ctx.config.activity_verbs.iter().any(|v| *v == verb) {
        return Some(format!("starts with the activity verb `{verb}`"));
    }
    let project = words(text)
        .map(lowercase)
        .find(|w| PROJECT_WORDS.contains(&w.as_ref()) || is_version(w))
        .map(|w| format!("names a project (`{w}`)"));
    project.or_else(|| {
        is_label(text).then(|| "is a topic label, not a change anyone could see".to_string())
    })
}

/// Words that make a short phrase a statement rather than a topic.
const STATEMENT_WORDS: &[&str] = &[
    "is", "are", "be", "become", "becomes", "get", "gets", "feel", "feels", "love", "loves",
    "trust", "trusts", "have", "has", "can", "will", "grow", "grows", "win", "wins", "keep",
    "stay", "stays", "reach", "make", "makes", "own", "owns", "thrive", "thrives",
];

/// Verbs of change that make even two words an objective (`Reduce churn`).
const CHANGE_VERBS: &[&str] = &[
    "reduce",
    "increase",
    "improve",
    "cut",
    "raise",
    "lower",
    "double",
    "halve",
    "boost",
    "lift",
    "eliminate",
    "prevent",
    "stop",
    "shorten",
    "speed",
    "simplify",
    "delight",
    "retain",
    "protect",
    "secure",
    "expand",
    "strengthen",
    "restore",
    "earn",
    "end",
    "remove",
    "triple",
    "accelerate",
    "decrease",
    "minimise",
    "minimize",
    "maximise",
    "maximize",
];

/// Subjects after which a word ending in `s` is the verb: `Everyone spots phishing`.
const SUBJECTS: &[&str] = &[
    "everyone",
    "everybody",
    "nobody",
    "customer",
    "customers",
    "user",
    "users",
    "team",
    "teams",
    "people",
    "each",
    "every",
    "no",
    "our",
    "we",
];

/// A topic such as `Connectivity Magic` or `Improved Performance`: three words or fewer
/// with no verb that says what changes.
fn is_label(text: &str) -> bool {
    let count = words(text).count();
    let mut lower = words(text).map(lowercase);
    let first = lower.next().unwrap_or_default();
    let second = lower.next().unwrap_or_default();
    let verb_first = CHANGE_VERBS.contains(&first.as_ref());
    let subject_verb = SUBJECTS.contains(&first.as_ref()) && second.ends_with('s');
    (1..=3).contains(&count)
        && !verb_first
        && !subject_verb
        && !words(text).any(|w| STATEMENT_WORDS.contains(&lowercase(w).as_ref()))
}

fn is_version(word: &str) -> bool {
    word.strip_prefix('v')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

/// OKR303.
pub static OBJECTIVE_TOO_LONG: Rule = Rule {
    code: "OKR303",
    name: "objective-too-long",
    severity: Severity::Warning,
    summary: "An objective has too many words to remember",
    help: "cut the objective to a short, memorable phrase; put detail in the KRs",
    explanation: r#"People should be able to say their objective from memory. Past a dozen words
(the default `limits.objective_words`) an objective usually carries conditions, metrics
or a plan that belong in the key results.

Bad:
```markdown
## O1: Improve the onboarding experience for new small and medium business customers so that they reach value sooner and stay longer
```

Good:
```markdown
## O1: Shorten time to value for new SMB customers
```"#,
    check: |ctx, out| {
        let limit = ctx.config.limits.objective_words;
        for o in &ctx.doc.objectives {
            let n = words(&o.heading.statement.value).count();
            if n > limit {
                out.report(
                    o.heading.statement.span,
                    format!("the objective has {n} words; the limit is {limit}"),
                );
            }
        }
    },
};

/// OKR304.
pub static OBJECTIVE_MULTIPLE_SENTENCES: Rule = Rule {
    code: "OKR304",
    name: "objective-multiple-sentences",
    severity: Severity::Warning,
    summary: "An objective is more than one sentence",
    help: "keep one sentence; move the explanation into prose under the heading",
    explanation: r#"An objective is one sentence. A second sentence is usually a rationale or a
second objective in disguise. Put context in a paragraph under the heading.

Bad:
```markdown
## O1: Delight new customers. Make support faster too.
```

Good:
```markdown
## O1: Delight new customers in their first month
```"#,
    check: |ctx, out| {
        for o in &ctx.doc.objectives {
            let text = &o.heading.statement.value;
            if let Some(at) = second_sentence(text) {
                let span = Span::new(
                    o.heading.statement.span.start + at,
                    o.heading.statement.span.end,
                );
                out.report(span, "the objective has more than one sentence");
            }
        }
    },
};

/// Byte offset where a second sentence starts, if any.
fn second_sentence(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (1..bytes.len().saturating_sub(1)).find_map(|i| {
        let ends = matches!(bytes[i], b'.' | b'!' | b'?' | b';') && bytes[i + 1] == b' ';
        // Only slice after an ASCII stop, which is always a character boundary.
        let next = ends.then(|| text[i + 1..].trim_start())?;
        next.starts_with(|c: char| c.is_uppercase())
            .then(|| text.len() - next.len())
    })
}

/// OKR305.
pub static OBJECTIVE_MISSING_OWNER: Rule = Rule {
    code: "OKR305",
    name: "objective-missing-owner",
    severity: Severity::Error,
    summary: "An objective has no owner",
    help: "add `- Owner: <one person>` right under the objective heading",
    explanation: r#"Each objective needs one accountable person who integrates the KR signals and
decides trade-offs. Collaborators can help; accountability does not split.

Bad:
```markdown
## O1: Shorten time to value for new SMB customers
```

Good:
```markdown
## O1: Shorten time to value for new SMB customers

- Owner: Dana Lee
```"#,
    check: |ctx, out| {
        for o in &ctx.doc.objectives {
            if o.fields.owner.is_none() {
                out.report(id_span(&o.heading), "this objective has no `Owner:`");
            }
        }
    },
};

#[cfg(test)]
mod tests {

    #[test]
    fn a_rank_is_a_number() {
        assert_eq!(
            first_numeric_word("Be the #1 tool for small teams"),
            Some((7, 2))
        );
        assert_eq!(first_numeric_word("Own the #growth channel"), None);
    }

    #[test]
    fn short_objectives_with_a_verb_are_not_topics() {
        for objective in [
            "Reduce churn",
            "Everyone spots phishing",
            "Customers trust us",
        ] {
            assert!(!is_label(objective), "{objective}");
        }
        for topic in ["Connectivity Magic", "Improved Performance", "Security"] {
            assert!(is_label(topic), "{topic}");
        }
    }
    use super::*;

    #[test]
    fn numbers_but_not_identifiers() {
        assert_eq!(first_numeric_word("Grow revenue by 20% now"), Some((16, 3)));
        assert_eq!(
            first_numeric_word("Win B2B and Q3 for tier-1 accounts"),
            None
        );
        assert_eq!(first_numeric_word("Reach $2M ARR"), Some((6, 3)));
    }

    #[test]
    fn sentences() {
        assert_eq!(second_sentence("Delight users. Make it fast."), Some(15));
        assert_eq!(second_sentence("Delight users, e.g. new ones."), None);
    }

    #[test]
    fn short_phrases_without_a_verb_are_labels() {
        assert!(is_label("Connectivity Magic"));
        assert!(is_label("Improved Performance"));
        assert!(!is_label("Be profitable"));
        assert!(!is_label("Customers trust our uptime"));
        assert!(!is_label("Shorten time to value for new SMB customers"));
    }
}
