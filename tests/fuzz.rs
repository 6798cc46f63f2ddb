//! Fuzzing with proptest: mutated seed documents (tests/fixtures/fuzz/) and documents
//! assembled from OKR-shaped fragments go through parsing, every lint rule, scoring, the
//! renderers and the check-in writer. Nothing may panic.
//!
//! `cargo test --test fuzz` runs 256 cases; CI runs more with `PROPTEST_CASES`.

use chrono::NaiveDate;
use okr::align::RepoIndex;
use okr::checkin::{insert_checkin, Entry};
use okr::config::Config;
use okr::doc::parse::parse_document;
use okr::lint::lint_document;
use okr::render::{render_diagnostics, LintFormat, Summary};
use okr::score::evaluate_document;
use proptest::prelude::*;

fn seeds() -> Vec<String> {
    let mut found: Vec<_> = std::fs::read_dir("tests/fixtures/fuzz")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    found.sort();
    found
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

const FRAGMENTS: &[&str] = &[
    "---",
    "cycle: 2026-Q1",
    "level: micro",
    "parent: a.md#O1-KR1",
    "period: {start: 2026-01-01, end: 2026-01-10}",
    "# Title",
    "## O1: Grow",
    "## O2:",
    "### O1-KR1: Raise x from 10% to 20% by Mar 31",
    "### O1-KR2: Launch it",
    "- Owner: A",
    "- Baseline: 9 days",
    "- Target: 4 days",
    "- Due: 2026-03-31",
    "- Scoring: ladder",
    "  - ≤ 4 days: 1.0",
    "  - 5 to 6 days: 0.7",
    "- Weight: 0.5",
    "- Contributes to: ../x.md#O1-KR1",
    "## Check-ins",
    "| Date | KR | Actual | Confidence |",
    "|---|---|---|---|",
    "| 2026-02-01 | O1-KR1 | 12% | 7 |",
    "## Scores",
    "| KR | Method | Score |",
    "## Initiatives",
    "- Bet: O1-KR1",
    "<!-- okr-disable OKR301 -->",
    "> quote",
    "```",
    "    code",
    "\t",
    "",
    "1e309",
    "NaN",
    "\u{feff}",
    "\r",
    "|",
    "\\|",
    "[",
    "*",
    "é漢😀",
];

fn assembled() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
            1 => ".{0,20}",
        ],
        0..60,
    )
    .prop_map(|parts| parts.join("\n"))
}

/// A seed with a few character-level edits: insert, delete or replace.
fn mutated() -> impl Strategy<Value = String> {
    let seeds = seeds();
    (
        0..seeds.len(),
        prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, ".{0,3}"), 0..12),
    )
        .prop_map(move |(seed, edits)| {
            let mut chars: Vec<char> = seeds[seed].chars().collect();
            for (at, kind, text) in edits {
                let i = at.index(chars.len() + 1);
                let end = if kind == 0 {
                    i
                } else {
                    (i + 1).min(chars.len())
                };
                let insert: Vec<char> = if kind == 1 {
                    Vec::new()
                } else {
                    text.chars().collect()
                };
                chars.splice(i..end, insert);
            }
            chars.into_iter().collect()
        })
}

fn exercise(text: String) {
    let as_of = NaiveDate::from_ymd_opt(2026, 2, 20).unwrap();
    let doc = parse_document("fuzz.md", text);
    let config = Config::default();
    let found = lint_document(&doc, &config, as_of, &RepoIndex::new());
    let mut out = Vec::new();
    render_diagnostics(&mut out, LintFormat::Human, &found, Summary::default()).unwrap();
    evaluate_document(&doc, &config, Some(as_of), as_of);
    let first = doc
        .key_results()
        .find(|k| k.id.is_some())
        .map(|k| k.label());
    if let Some(kr) = first {
        let entry = Entry {
            kr,
            date: as_of,
            actual: "12% | x\nnext".into(),
            ..Entry::default()
        };
        let updated = insert_checkin(&doc, &entry);
        assert!(updated.len() > doc.source.text().len());
        parse_document("fuzz.md", updated);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn assembled_documents_never_panic(text in assembled()) {
        exercise(text);
    }

    #[test]
    fn mutated_seeds_never_panic(text in mutated()) {
        exercise(text);
    }
}
