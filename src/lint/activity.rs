//! Telling an activity KR from an outcome KR by its statement alone.
//!
//! A statement is an activity when it counts the team's own output (`6 workshops`,
//! `posts published`, `the number of epics`), or when it starts with a verb for doing
//! work (`hold`, `ship`, `complete`) and never says which measure should move. A clause
//! that moves a measure (`… so that weekly active teams rise from 120 to 200`) makes it
//! an outcome, whatever the verb.

use crate::doc::statement::first_word;

/// Why a statement reads as an activity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Activity {
    /// It starts with a verb for doing work and moves no measure.
    Verb {
        /// The verb, lower-cased.
        verb: String,
        /// Its byte range in the statement.
        range: (usize, usize),
    },
    /// It counts the team's own deliverables.
    Output {
        /// The words that count them, as written.
        words: String,
        /// Their byte range in the statement.
        range: (usize, usize),
    },
}

impl Activity {
    /// The byte range a finding points at.
    pub fn range(&self) -> (usize, usize) {
        match self {
            Activity::Verb { range, .. } | Activity::Output { range, .. } => *range,
        }
    }
}

/// Judges a KR statement; `None` means it reads as an outcome (or cannot be told).
pub fn judge(statement: &str, activity_verbs: &[String]) -> Option<Activity> {
    let words = split_words(statement);
    if words.is_empty() || moves_measure_in_clause(&words) {
        return None;
    }
    if let Some(output) = counted_output(statement, &words) {
        return Some(output);
    }
    let verb = first_word(statement);
    let lead = words
        .iter()
        .position(|w| !ADVERBS.contains(&w.lower.as_str()))?;
    let starts_with_activity = activity_verbs.iter().any(|v| *v == words[lead].lower)
        || (lead == 0 && activity_verbs.iter().any(|v| *v == verb));
    (starts_with_activity && !moves_measure(&words[lead + 1..])).then(|| Activity::Verb {
        verb: words[lead].lower.clone(),
        range: (words[lead].start, words[lead].end),
    })
}

/// One word of a statement: lower-cased without edge punctuation, with its byte range.
#[derive(Debug)]
struct Word {
    lower: String,
    start: usize,
    end: usize,
    /// Whether punctuation (`,`, `;`, `:`, `.`) closes the phrase after this word.
    closes: bool,
}

impl Word {
    fn has_digit(&self) -> bool {
        self.lower.bytes().any(|b| b.is_ascii_digit())
    }

    fn is(&self, words: &[&str]) -> bool {
        words.contains(&self.lower.as_str())
    }
}

fn split_words(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut at = 0;
    for raw in text.split_inclusive(char::is_whitespace) {
        let start = at;
        at += raw.len();
        let token = raw.trim_end();
        let lead = token.len() - token.trim_start_matches(is_edge).len();
        let core = token.trim_matches(is_edge);
        if core.is_empty() {
            continue;
        }
        let closes =
            token.ends_with([',', ';', ':']) || (token.ends_with('.') && !core.contains('.'));
        words.push(Word {
            lower: core.to_lowercase(),
            start: start + lead,
            end: start + lead + core.len(),
            closes,
        });
    }
    words
}

fn is_edge(c: char) -> bool {
    !(c.is_alphanumeric() || matches!(c, '%' | '$' | '€' | '£' | '¥'))
}

/// Whether a later clause (`so that …`, `and lift …`, `, cutting …`) moves a measure.
fn moves_measure_in_clause(words: &[Word]) -> bool {
    (1..words.len()).any(|i| {
        let w = &words[i];
        let opens = w.is(CLAUSE_OPENERS)
            || w.is(OUTCOME_VERBS)
            || (w.is(&["and", "to", "then"])
                && words.get(i + 1).is_some_and(|n| n.is(OUTCOME_VERBS)));
        opens && moves_any_count(&words[i + 1..])
    })
}

/// Whether `words` hold a number that is not a count of the team's own output.
fn moves_any_count(words: &[Word]) -> bool {
    (0..words.len()).any(|i| words[i].has_digit() && !head_is_deliverable(words, i))
}

/// Whether `words` move a measure: `from X to Y`, a percentage, money or a duration.
fn moves_measure(words: &[Word]) -> bool {
    from_to(words)
        || (0..words.len()).any(|i| is_measure(words, i) && !head_is_deliverable(words, i))
}

fn from_to(words: &[Word]) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        w.lower == "from"
            && words[i + 1..]
                .iter()
                .take(4)
                .position(|n| n.lower == "to")
                .is_some_and(|to| words.get(i + to + 2).is_some_and(Word::has_digit))
    })
}

fn is_measure(words: &[Word], i: usize) -> bool {
    let w = &words[i];
    if !w.has_digit() || is_version(words, i) {
        return false;
    }
    let deadline = i > 0 && words[i - 1].is(&["by", "in", "within", "before"]);
    let money = w.lower.starts_with(['$', '€', '£', '¥']);
    let scaled = w.lower.ends_with(['k', 'm']) && w.lower.as_bytes()[0].is_ascii_digit();
    let unit = UNITS
        .iter()
        .any(|u| w.lower.ends_with(u) && w.lower.len() > u.len())
        || words.get(i + 1).is_some_and(|n| n.is(UNITS));
    w.lower.contains('%') || money || scaled || (unit && !deadline)
}

fn is_version(words: &[Word], i: usize) -> bool {
    words[i].lower.starts_with('v')
        || (i > 0 && words[i - 1].is(&["version", "v", "release", "phase"]))
}

/// The first place the statement counts its own output, if it does. A number after a
/// preposition (`over 10,000 documents`, `in 2 markets`) gives scope, not a count.
fn counted_output(text: &str, words: &[Word]) -> Option<Activity> {
    (0..words.len()).find_map(|i| {
        let w = &words[i];
        let scope = i > 0 && words[i - 1].is(STOP_WORDS);
        let (first, last) = if w.has_digit() && !is_version(words, i) && !scope {
            (i, head_of(words, i)?)
        } else if w.is(&["number", "count", "#"])
            && words.get(i + 1).is_some_and(|n| n.lower == "of")
        {
            (i, head_of(words, i + 1)?)
        } else if is_deliverable(&w.lower) && words.get(i + 1).is_some_and(|n| n.is(PRODUCED)) {
            return Some(output(text, words, i, i + 1));
        } else {
            return None;
        };
        is_deliverable(&words[last].lower).then(|| output(text, words, first, last))
    })
}

fn output(text: &str, words: &[Word], first: usize, last: usize) -> Activity {
    let range = (words[first].start, words[last].end);
    Activity::Output {
        words: text[range.0..range.1].to_string(),
        range,
    }
}

fn head_is_deliverable(words: &[Word], i: usize) -> bool {
    head_of(words, i).is_some_and(|h| is_deliverable(&words[h].lower))
}

/// The index of the last word of the noun phrase after the number (or `of`) at `i`.
fn head_of(words: &[Word], i: usize) -> Option<usize> {
    let mut head = None;
    let mut j = i + 1;
    let mut skipped_of = words[i].lower == "of";
    if words[i].closes {
        return None;
    }
    while let Some(w) = words.get(j) {
        if head.is_none() && !skipped_of && w.lower == "of" {
            skipped_of = true;
        } else if head.is_none() && (w.is(DETERMINERS) || (skipped_of && w.has_digit())) {
        } else if w.is(STOP_WORDS) || w.has_digit() || j > i + 6 {
            break;
        } else {
            head = Some(j);
            if w.closes {
                break;
            }
        }
        j += 1;
    }
    head
}

fn is_deliverable(word: &str) -> bool {
    DELIVERABLES.contains(&word)
        || word
            .strip_suffix('s')
            .is_some_and(|stem| DELIVERABLES.contains(&stem))
}

/// Words before the verb that do not change what the statement asks for.
const ADVERBS: &[&str] = &["successfully", "fully", "formally", "officially", "finally"];

/// Words that open a clause saying what the work should change.
const CLAUSE_OPENERS: &[&str] = &[
    "so",
    "such",
    "resulting",
    "leading",
    "which",
    "thereby",
    "lifting",
    "raising",
    "cutting",
    "reducing",
    "increasing",
    "growing",
    "improving",
    "lowering",
    "driving",
    "taking",
    "bringing",
    "moving",
    "shrinking",
    "halving",
    "doubling",
];

/// Verbs that move a metric when they open a later clause.
const OUTCOME_VERBS: &[&str] = &[
    "increase", "grow", "raise", "lift", "boost", "double", "triple", "reduce", "decrease", "cut",
    "lower", "shrink", "shorten", "halve", "reach", "achieve", "hit", "improve", "rise", "rises",
    "fall", "falls", "drop", "drops", "climb", "climbs", "move", "moves", "bring", "drive", "take",
    "get",
];

/// Participles that say a deliverable was produced by the team.
const PRODUCED: &[&str] = &[
    "held",
    "hosted",
    "sent",
    "published",
    "created",
    "launched",
    "completed",
    "shipped",
    "written",
    "delivered",
    "run",
    "conducted",
    "built",
    "released",
    "deployed",
    "produced",
    "recorded",
    "posted",
    "made",
    "done",
    "finished",
    "organised",
    "organized",
    "given",
    "filed",
    "closed",
    "merged",
    "attended",
    "opened",
    "drafted",
    "designed",
    "implemented",
];

/// Things a team makes or does, as opposed to what customers or the business do.
const DELIVERABLES: &[&str] = &[
    "workshop",
    "webinar",
    "newsletter",
    "post",
    "blog",
    "article",
    "epic",
    "feature",
    "document",
    "doc",
    "meeting",
    "session",
    "training",
    "course",
    "module",
    "release",
    "campaign",
    "video",
    "episode",
    "podcast",
    "demo",
    "presentation",
    "talk",
    "event",
    "interview",
    "call",
    "email",
    "pr",
    "test",
    "dashboard",
    "playbook",
    "guide",
    "studies",
    "study",
    "whitepaper",
    "checklist",
    "task",
    "milestone",
    "deliverable",
    "initiative",
    "project",
    "sprint",
    "prototype",
    "mockup",
    "spec",
    "rfc",
    "proposal",
    "audit",
    "hackathon",
    "meetup",
    "conference",
    "launch",
    "version",
    "integration",
    "story",
    "stories",
    "page",
    "tutorial",
    "report",
    "template",
    "sop",
    "policy",
    "policies",
    "plan",
    "roadmap",
    "experiment",
    "survey",
    "review",
    "retro",
    "retrospective",
    "showcase",
    "outreach",
    "touchpoint",
    "visit",
    "item",
    "change",
    "update",
];

/// Units that make a number a measure rather than a count.
const UNITS: &[&str] = &[
    "ms", "sec", "secs", "second", "seconds", "minute", "minutes", "min", "mins", "hour", "hours",
    "hrs", "h", "day", "days", "week", "weeks", "pp", "bps", "x",
];

/// Words that end the noun phrase after a number.
const STOP_WORDS: &[&str] = &[
    "for", "with", "in", "to", "by", "per", "across", "from", "and", "or", "that", "so", "on",
    "at", "within", "each", "every", "than", "over", "under", "before", "after", "into", "among",
    "through", "during", "while", "which", "who", "where", "when", "about", "a", "an", "is", "are",
    "of", "out", "this", "next", "last", "there",
];

/// Words that may stand between a number and its noun.
const DETERMINERS: &[&str] = &["the", "our", "all", "new", "more", "additional", "extra"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DEFAULT_ACTIVITY_VERBS;

    fn judged(text: &str) -> Option<Activity> {
        let verbs: Vec<String> = DEFAULT_ACTIVITY_VERBS
            .iter()
            .map(|v| v.to_string())
            .collect();
        judge(text, &verbs)
    }

    #[test]
    fn counts_of_own_output_point_at_the_count() {
        let found = judged("Hold 6 cross-team workshops").unwrap();
        assert_eq!(
            found,
            Activity::Output {
                words: "6 cross-team workshops".into(),
                range: (5, 27)
            }
        );
        let found = judged("Increase blog posts published from 4 to 12").unwrap();
        assert!(matches!(found, Activity::Output { ref words, .. } if words == "posts published"));
    }

    #[test]
    fn a_clause_that_moves_a_metric_makes_an_outcome() {
        assert_eq!(
            judged("Launch the self-serve plan so that weekly active teams rise from 120 to 200"),
            None
        );
        assert!(judged("Launch the self-serve plan so that more teams sign up").is_some());
    }

    #[test]
    fn activity_verbs_need_no_measure_to_be_activities() {
        assert!(matches!(
            judged("Launch version 3.0 of the service"),
            Some(Activity::Verb { .. })
        ));
        assert_eq!(judged("Deliver 99.9% uptime for the payments API"), None);
        assert_eq!(
            judged("Increase trial-to-paid conversion from 8% to 12%"),
            None
        );
    }
}
