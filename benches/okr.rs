//! In-process benchmarks (divan): parsing, linting, scoring and inserting a check-in,
//! each on one document. Run with `cargo bench`.

use chrono::NaiveDate;
use okr::align::RepoIndex;
use okr::checkin::{insert_checkin, Entry};
use okr::config::Config;
use okr::doc::parse::parse_document;
use okr::lint::lint_document;
use okr::score::evaluate_document;

/// The allocator the `okr` binary uses, so these figures match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SUPPORT: &str = include_str!("../tests/fixtures/score/support.md");
/// One document as `benches/gen_corpus.py` writes them.
const CORPUS_DOC: &str = include_str!("fixtures/corpus-doc.md");

fn date(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

/// The support fixture with its check-ins table grown to about `bytes`.
fn big_document(bytes: usize) -> String {
    let row = "| 2026-01-05 | O1-KR1 | 19% | 7 | Kick-off week, nothing moved yet | Publish ten articles | |\n";
    let mut text = SUPPORT.to_string();
    while text.len() < bytes {
        text.push_str(row);
    }
    text
}

fn main() {
    divan::main();
}

/// The floor for one document: every pulldown-cmark event with its offset.
#[divan::bench]
fn floor_corpus_doc() -> usize {
    pulldown_cmark::Parser::new_ext(
        divan::black_box(CORPUS_DOC),
        pulldown_cmark::Options::ENABLE_TABLES,
    )
    .into_offset_iter()
    .count()
}

#[divan::bench]
fn parse_corpus_doc() -> okr::doc::Document {
    parse_document("team.md", divan::black_box(CORPUS_DOC).to_string())
}

#[divan::bench]
fn lint_corpus_doc(bencher: divan::Bencher) {
    let doc = parse_document("team.md", CORPUS_DOC.to_string());
    let config = Config::default();
    let repo = RepoIndex::new();
    // After the cycle, as in the corpus run: a clean document, no diagnostics to render.
    bencher.bench(|| lint_document(&doc, &config, date("2026-04-15"), &repo));
}

#[divan::bench]
fn parse() -> okr::doc::Document {
    parse_document("support.md", divan::black_box(SUPPORT).to_string())
}

#[divan::bench]
fn lint(bencher: divan::Bencher) {
    let doc = parse_document("support.md", SUPPORT.to_string());
    let config = Config::default();
    let repo = RepoIndex::new();
    bencher.bench(|| lint_document(&doc, &config, date("2026-02-20"), &repo));
}

#[divan::bench]
fn score(bencher: divan::Bencher) {
    let doc = parse_document("support.md", SUPPORT.to_string());
    let config = Config::default();
    bencher
        .bench(|| evaluate_document(&doc, &config, Some(date("2026-02-20")), date("2026-11-23")));
}

#[divan::bench(args = [4_000, 1_000_000])]
fn checkin_parse_and_insert(bencher: divan::Bencher, bytes: usize) {
    let text = big_document(bytes);
    let entry = Entry {
        kr: "O1-KR1".into(),
        date: date("2026-02-21"),
        actual: "25%".into(),
        confidence: Some("7".into()),
        insight: Some("Refund articles are live".into()),
        ..Entry::default()
    };
    bencher.bench(|| insert_checkin(&parse_document("support.md", text.clone()), &entry));
}

#[divan::bench]
fn scan_cards_corpus_doc() -> usize {
    let text = divan::black_box(CORPUS_DOC);
    okr::doc::list_scan::card_lists(text, 0..text.len()).len()
}

/// The activity judge over every KR statement of a corpus document: lint's costliest
/// single step per document.
#[divan::bench]
fn judge_corpus_statements(bencher: divan::Bencher) {
    let doc = parse_document("team.md", CORPUS_DOC.to_string());
    let statements: Vec<&str> = doc
        .key_results()
        .map(|kr| kr.heading.statement.value.as_str())
        .collect();
    let verbs = Config::default().activity_verbs;
    bencher.bench(|| {
        statements
            .iter()
            .filter(|s| okr::lint::activity::judge(s, &verbs).is_some())
            .count()
    });
}
