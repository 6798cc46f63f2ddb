//! Telling an activity KR from an outcome KR by its statement alone.
//!
//! A statement is an activity when it counts the team's own output (`6 workshops`,
//! `posts published`, `the number of epics`), or when it starts with a verb for doing
//! work (`hold`, `ship`, `complete`) and never says which measure should move. A clause
//! that moves a measure (`… so that weekly active teams rise from 120 to 200`) makes it
//! an outcome, whatever the verb.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

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
    let mut lowered = String::with_capacity(statement.len());
    let words = split_words(statement, &mut lowered);
    let lead = words.iter().position(|w| !w.has(kind::ADVERB));
    let verb = lead.filter(|&l| activity_verbs.iter().any(|v| *v == words[l].lower));
    let output = counted_output(statement, &words)
        .filter(|o| !in_a_rate(&words, o))
        .or_else(|| {
            verb.is_none()
                .then(|| leading_deliverable(statement, &words))
                .flatten()
        });
    // A clause that moves a measure clears either reason; most statements have neither.
    if (output.is_none() && verb.is_none()) || moves_measure_in_clause(&words) {
        return None;
    }
    if output.is_some() {
        return output;
    }
    let lead = verb?;
    (!moves_measure(&words[lead + 1..])).then(|| Activity::Verb {
        verb: words[lead].lower.to_string(),
        range: (words[lead].start, words[lead].end),
    })
}

/// One word of a statement: lower-cased without edge punctuation, with its byte range.
#[derive(Debug)]
struct Word<'a> {
    lower: &'a str,
    start: usize,
    end: usize,
    /// Whether punctuation (`,`, `;`, `:`, `.`) closes the phrase after this word.
    closes: bool,
    /// Its [`kind`] bits.
    kind: u16,
}

impl Word<'_> {
    fn has_digit(&self) -> bool {
        self.lower.bytes().any(|b| b.is_ascii_digit())
    }

    fn is(&self, words: &[&str]) -> bool {
        words.contains(&self.lower)
    }

    fn has(&self, kind: u16) -> bool {
        self.kind & kind != 0
    }
}

/// The words of `text`. Their lower-case forms are written one after another into
/// `lowered` and borrowed from it: one buffer per statement, not one string per word.
fn split_words<'b>(text: &str, lowered: &'b mut String) -> Vec<Word<'b>> {
    let mut found = Vec::with_capacity(16);
    let mut start = 0;
    // Split by byte: a space or tab is never part of a multi-byte character.
    for bytes in text.as_bytes().split(|&b| b == b' ' || b == b'\t') {
        let at = start;
        start += bytes.len() + 1;
        let token = &text[at..at + bytes.len()];
        let core = trim_edges(token);
        if core.is_empty() {
            continue;
        }
        // `trim_matches` keeps a sub-slice, so its offset is a pointer difference.
        let lead = core.as_ptr() as usize - token.as_ptr() as usize;
        let last = token.as_bytes()[token.len() - 1];
        let closes = matches!(last, b',' | b';' | b':') || (last == b'.' && !core.contains('.'));
        let from = lowered.len();
        push_lower(lowered, core);
        found.push((
            from..lowered.len(),
            at + lead,
            at + lead + core.len(),
            closes,
        ));
    }
    let lowered: &'b str = lowered;
    found
        .into_iter()
        .map(|(lower, start, end, closes)| {
            let lower = &lowered[lower];
            Word {
                kind: kind_of(lower),
                lower,
                start,
                end,
                closes,
            }
        })
        .collect()
}

/// Appends `word` in lower case.
fn push_lower(lowered: &mut String, word: &str) {
    if word.is_ascii() {
        let from = lowered.len();
        lowered.push_str(word);
        lowered[from..].make_ascii_lowercase();
    } else {
        lowered.push_str(&word.to_lowercase());
    }
}

/// `token` without leading and trailing punctuation, byte-wise for ASCII edges.
fn trim_edges(token: &str) -> &str {
    let is_edge_byte =
        |b: u8| b.is_ascii() && !(b.is_ascii_alphanumeric() || b == b'%' || b == b'$');
    let trimmed = crate::text::strip_end_bytes(
        crate::text::strip_start_bytes(token, is_edge_byte),
        is_edge_byte,
    );
    match (trimmed.as_bytes().first(), trimmed.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii() && last.is_ascii() => trimmed,
        _ => trimmed.trim_matches(is_edge),
    }
}

fn is_edge(c: char) -> bool {
    if c.is_ascii() {
        !(c.is_ascii_alphanumeric() || matches!(c, '%' | '$'))
    } else {
        !(c.is_alphanumeric() || matches!(c, '€' | '£' | '¥'))
    }
}

/// Whether a later clause (`so that …`, `and lift …`, `, cutting …`) moves a measure.
fn moves_measure_in_clause(words: &[Word]) -> bool {
    (1..words.len()).any(|i| {
        let w = &words[i];
        let opens = w.has(kind::OPENER)
            || w.has(kind::OUTCOME)
            || (w.is(&["and", "to", "then"])
                && words.get(i + 1).is_some_and(|n| n.has(kind::OUTCOME)));
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
        || words.get(i + 1).is_some_and(|n| n.has(kind::UNIT));
    w.lower.contains('%') || money || scaled || (unit && !deadline)
}

fn is_version(words: &[Word], i: usize) -> bool {
    words[i].lower.starts_with('v')
        || (i > 0 && words[i - 1].is(&["phase", "release", "v", "version"]))
}

/// The first place the statement counts its own output, if it does. A number after a
/// preposition (`over 10,000 documents`, `in 2 markets`) gives scope, not a count.
fn counted_output(text: &str, words: &[Word]) -> Option<Activity> {
    (0..words.len()).find_map(|i| {
        let w = &words[i];
        let scope = i > 0 && words[i - 1].has(kind::STOP);
        let (first, last) = if w.has_digit() && !is_version(words, i) && !scope {
            (i, head_of(words, i)?)
        } else if w.is(&["#", "count", "number"])
            && words.get(i + 1).is_some_and(|n| n.lower == "of")
        {
            (i, head_of(words, i + 1)?)
        } else if w.has(kind::DELIVERABLE)
            && words.get(i + 1).is_some_and(|n| n.has(kind::PRODUCED))
        {
            return Some(output(text, words, i, i + 1));
        } else {
            return None;
        };
        words[last]
            .has(kind::DELIVERABLE)
            .then(|| output(text, words, first, last))
    })
}

/// Words that make what follows them a rate, not a count: `share of PRs merged`.
const RATE_WORDS: &[&str] = &[
    "share",
    "rate",
    "percentage",
    "percent",
    "proportion",
    "ratio",
    "fraction",
];

/// Whether counted output sits inside a rate the statement moves (`Increase the share of
/// PRs merged the same day from 35% to 60%`): the customers' or the process's outcome.
fn in_a_rate(words: &[Word], output: &Activity) -> bool {
    let start = output.range().0;
    words
        .iter()
        .take_while(|w| w.start < start)
        .any(|w| w.is(RATE_WORDS))
        && moves_measure(words)
}

/// Number words a statement may count its output with.
const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "twenty", "fifty", "hundred", "dozen",
];

/// A statement that is only a deliverable, with no verb (`Blog post in early September`,
/// `At least six new videos`, `Short video on onboarding`): the noun comes within the
/// first three words, after at most a quantity and one describing word, no digit is
/// written and nothing in the statement moves a measure.
fn leading_deliverable(text: &str, words: &[Word]) -> Option<Activity> {
    // A measure that moves, or a verb that moves something (`Demo day attendance
    // doubles`), makes it an outcome.
    // A written number is judged by the counting above, as a count or as scope
    // (`Sessions of 10 editors run for an hour`).
    if moves_measure(words) || words.iter().any(|w| w.has(kind::OUTCOME) || w.has_digit()) {
        return None;
    }
    let mut i = 0;
    if words.len() > 1 && words[0].lower == "at" && words[1].is(&["least", "most"]) {
        i = 2;
    }
    if words
        .get(i)
        .is_some_and(|w| w.has_digit() || w.is(NUMBER_WORDS) || w.is(&["a", "an"]))
    {
        i += 1;
    }
    let first = i;
    (i..(i + 3).min(words.len()))
        .take_while(|&j| j == i || !words[j - 1].closes)
        .find(|&j| words[j].has(kind::DELIVERABLE))
        .filter(|&j| j <= first + 1 || words[first].has(kind::DETERMINER))
        .filter(|&j| {
            !words[..j]
                .iter()
                .any(|w| w.has(kind::STOP) && !w.is(&["a", "an", "at"]))
        })
        .map(|j| {
            if words.get(j + 1).is_some_and(|n| n.has(kind::DELIVERABLE)) {
                j + 1
            } else {
                j
            }
        })
        // The deliverable ends the statement or a preposition follows it; another word
        // after it starts a sentence about something else (`Interop test suite passes`).
        .filter(|&last| words.get(last + 1).is_none_or(|n| n.has(kind::STOP)))
        .map(|last| output(text, words, 0, last))
}

fn output(text: &str, words: &[Word], first: usize, last: usize) -> Activity {
    let range = (words[first].start, words[last].end);
    Activity::Output {
        words: text[range.0..range.1].to_string(),
        range,
    }
}

fn head_is_deliverable(words: &[Word], i: usize) -> bool {
    head_of(words, i).is_some_and(|h| words[h].has(kind::DELIVERABLE))
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
        } else if head.is_none() && (w.has(kind::DETERMINER) || (skipped_of && w.has_digit())) {
        } else if w.has(kind::STOP) || w.has_digit() || j > i + 6 {
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

/// What a word can mean to the judge, as bits: one lookup per word.
mod kind {
    pub const STOP: u16 = 1;
    pub const OPENER: u16 = 2;
    pub const OUTCOME: u16 = 4;
    pub const PRODUCED: u16 = 8;
    pub const DELIVERABLE: u16 = 16;
    pub const UNIT: u16 = 32;
    pub const DETERMINER: u16 = 64;
    pub const ADVERB: u16 = 128;
}

/// The [`kind`] bits of a lower-case word: one lookup, and one more for a plural
/// deliverable.
fn kind_of(word: &str) -> u16 {
    let kinds = kinds();
    let own = kinds.get(word).copied().unwrap_or(0);
    let plural = word
        .strip_suffix('s')
        .and_then(|w| kinds.get(w))
        .map_or(0, |bits| bits & kind::DELIVERABLE);
    own | plural
}

/// Every listed word with its [`kind`] bits, gathered once.
fn kinds() -> &'static FxHashMap<&'static str, u16> {
    static KINDS: OnceLock<FxHashMap<&'static str, u16>> = OnceLock::new();
    KINDS.get_or_init(|| {
        let lists = [
            (DELIVERABLES, kind::DELIVERABLE),
            (STOP_WORDS, kind::STOP),
            (CLAUSE_OPENERS, kind::OPENER),
            (OUTCOME_VERBS, kind::OUTCOME),
            (PRODUCED, kind::PRODUCED),
            (UNITS, kind::UNIT),
            (DETERMINERS, kind::DETERMINER),
            (ADVERBS, kind::ADVERB),
        ];
        let mut kinds = FxHashMap::default();
        for (words, bit) in lists {
            for word in words {
                *kinds.entry(*word).or_insert(0) |= bit;
            }
        }
        kinds
    })
}

/// Words that end the noun phrase after a number.
const STOP_WORDS: &[&str] = &[
    "a", "about", "across", "after", "among", "an", "and", "are", "at", "before", "by", "during",
    "each", "every", "for", "from", "in", "into", "is", "last", "next", "of", "on", "or", "out",
    "over", "per", "so", "than", "that", "there", "this", "through", "to", "under", "when",
    "where", "which", "while", "who", "with", "within",
];

/// Words that open a clause saying what the work should change.
const CLAUSE_OPENERS: &[&str] = &[
    "bringing",
    "cutting",
    "doubling",
    "driving",
    "growing",
    "halving",
    "improving",
    "increasing",
    "leading",
    "lifting",
    "lowering",
    "moving",
    "raising",
    "reducing",
    "resulting",
    "shrinking",
    "so",
    "such",
    "taking",
    "thereby",
    "which",
];

/// Verbs that move a metric when they open a later clause.
const OUTCOME_VERBS: &[&str] = &[
    "achieve", "boost", "bring", "climb", "climbs", "cut", "decrease", "double", "doubles",
    "drive", "drop", "drops", "fall", "falls", "get", "grow", "halve", "hit", "improve",
    "increase", "lift", "lower", "move", "moves", "raise", "reach", "reduce", "rise", "rises",
    "shorten", "shrink", "take", "triple",
];

/// Participles that say a deliverable was produced by the team.
const PRODUCED: &[&str] = &[
    "attended",
    "built",
    "closed",
    "completed",
    "conducted",
    "created",
    "delivered",
    "deployed",
    "designed",
    "done",
    "drafted",
    "filed",
    "finished",
    "given",
    "held",
    "hosted",
    "implemented",
    "launched",
    "made",
    "merged",
    "opened",
    "organised",
    "organized",
    "posted",
    "produced",
    "published",
    "recorded",
    "released",
    "run",
    "sent",
    "shipped",
    "written",
];

/// Units that make a number a measure rather than a count, on their own or written onto
/// it (`480ms`, `3h`, `2x`).
const UNITS: &[&str] = &[
    "bps", "day", "days", "h", "hour", "hours", "hrs", "min", "mins", "minute", "minutes", "ms",
    "pp", "sec", "second", "seconds", "secs", "week", "weeks", "x",
];

/// Words that may stand between a number and its noun.
const DETERMINERS: &[&str] = &["additional", "all", "extra", "more", "new", "our", "the"];

/// Words before the verb that do not change what the statement asks for.
const ADVERBS: &[&str] = &["finally", "formally", "fully", "officially", "successfully"];

/// Things a team makes or does, as opposed to what customers or the business do.
const DELIVERABLES: &[&str] = &[
    "article",
    "audit",
    "blog",
    "call",
    "campaign",
    "change",
    "checklist",
    "conference",
    "course",
    "dashboard",
    "deliverable",
    "demo",
    "doc",
    "document",
    "email",
    "epic",
    "episode",
    "event",
    "experiment",
    "feature",
    "guide",
    "hackathon",
    "initiative",
    "integration",
    "interview",
    "item",
    "launch",
    "meeting",
    "meetup",
    "milestone",
    "mockup",
    "module",
    "newsletter",
    "outreach",
    "page",
    "plan",
    "playbook",
    "podcast",
    "policies",
    "policy",
    "post",
    "pr",
    "presentation",
    "project",
    "proposal",
    "prototype",
    "release",
    "report",
    "retro",
    "retrospective",
    "review",
    "rfc",
    "roadmap",
    "session",
    "showcase",
    "sop",
    "spec",
    "sprint",
    "stories",
    "story",
    "studies",
    "study",
    "survey",
    "talk",
    "task",
    "template",
    "test",
    "touchpoint",
    "training",
    "tutorial",
    "update",
    "version",
    "video",
    "visit",
    "webinar",
    "whitepaper",
    "workshop",
];

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
    fn a_deliverable_alone_is_output_and_a_rate_of_output_is_not() {
        for (statement, words) in [
            ("Blog post in early September", "Blog post"),
            ("At least six new videos", "At least six new videos"),
            ("Short video on the new onboarding flow", "Short video"),
        ] {
            let found = judged(statement);
            assert!(
                matches!(&found, Some(Activity::Output { words: w, .. }) if w == words),
                "{statement}: {found:?}"
            );
        }
        for outcome in [
            "Increase share of PRs merged same day from 35% to 60%",
            "Demo day attendance doubles",
            "Customers read the blog every week",
            "Sessions of 10 editors run for an hour without a conflict error",
            "Interop test suite passes against the Java client",
        ] {
            assert_eq!(judged(outcome), None, "{outcome}");
        }
        assert!(matches!(
            judged("Decommission the legacy billing service by Nov 30"),
            Some(Activity::Verb { .. })
        ));
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
