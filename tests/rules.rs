//! Every rule has a failing and a passing fixture; the failing one's diagnostics are snapshotted.

use chrono::NaiveDate;
use okr::align::RepoIndex;
use okr::config::Config;
use okr::doc::parse::parse_document;
use okr::lint::registry::RULES;
use okr::lint::{lint_document, lint_paths, Diagnostic};
use okr::render::{render_diagnostics, LintFormat, Summary};
use okr::workspace::LoadOptions;
use std::path::Path;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// Lints a fixture: one file, every OKR document in a directory tree with shared links,
/// or the last of a document's versions in `<name>/history/`, committed to a fresh git
/// repository one by one, each on the date its file is named after.
fn lint_fixture(dir: &Path, name: &str) -> Vec<Diagnostic> {
    let tree = dir.join(name);
    if tree.join("history").is_dir() {
        return lint_history(&tree.join("history"));
    }
    if !tree.is_dir() {
        return lint_file(&dir.join(format!("{name}.md")));
    }
    let options = LoadOptions {
        paths: vec![tree],
        config: None,
    };
    let mut found: Vec<Diagnostic> = lint_paths(&options, as_of())
        .results
        .into_iter()
        .flat_map(|(_, d)| d)
        .collect();
    found
        .iter_mut()
        .for_each(|d| d.path = d.path.strip_prefix(dir).unwrap().into());
    found
}

fn lint_history(versions: &Path) -> Vec<Diagnostic> {
    let repo = tempfile::tempdir().unwrap();
    let git = |args: &[&str], date: &str| {
        let out = std::process::Command::new("git")
            .args([
                "-c",
                "user.name=Dana Lee",
                "-c",
                "user.email=dana@example.com",
            ])
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .current_dir(repo.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"], "");
    let mut files: Vec<_> = std::fs::read_dir(versions)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let doc = repo.path().join("doc.md");
    for file in files {
        std::fs::copy(&file, &doc).unwrap();
        let day = file.file_stem().unwrap().to_string_lossy().to_string();
        git(&["add", "-A"], "");
        git(
            &["commit", "-q", "-m", &day],
            &format!("{day}T10:00:00+00:00"),
        );
    }
    let mut found = lint_file(&doc);
    for d in &mut found {
        d.path = Path::new("doc.md").into();
        d.message = without_commit_ids(&d.message);
    }
    found
}

/// `text` with each 7-character commit id in parentheses written `(<commit>)`.
fn without_commit_ids(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('(') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        let id = rest
            .get(..8)
            .filter(|w| w.ends_with(')') && w[..7].bytes().all(|b| b.is_ascii_hexdigit()));
        if id.is_some() {
            out.push_str("<commit>");
            rest = &rest[7..];
        }
    }
    out + rest
}

/// The date of the latest weekly check-in in the project's own `okrs/`: the dogfood
/// documents are linted as of that day (move it with each check-in).
fn dogfood_as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
}

fn lint_file(path: &Path) -> Vec<Diagnostic> {
    lint_file_as_of(path, as_of())
}

fn lint_file_as_of(path: &Path, as_of: NaiveDate) -> Vec<Diagnostic> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = parse_document(path, text);
    lint_document(&doc, &Config::default(), as_of, &RepoIndex::new())
}

fn render_plain(diagnostics: &[Diagnostic]) -> String {
    let mut out = Vec::new();
    let summary = Summary {
        failed: 0,
        logs: 0,
        files: 1,
        errors: diagnostics.len(),
        warnings: 0,
    };
    render_diagnostics(&mut out, LintFormat::Human, diagnostics, summary).unwrap();
    let text = String::from_utf8(out).unwrap();
    let plain = anstream::adapter::strip_str(&text).to_string();
    plain
        .lines()
        .filter(|l| !l.starts_with("Found "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn each_rule_fires_on_its_bad_fixture_and_not_on_its_good_one() {
    for rule in RULES {
        let dir = Path::new("tests/fixtures/rules").join(rule.code);
        let bad: Vec<Diagnostic> = lint_fixture(&dir, "bad")
            .into_iter()
            .filter(|d| d.code == rule.code)
            .collect();
        assert!(
            !bad.is_empty(),
            "{} ({}) did not fire on its bad fixture",
            rule.code,
            rule.name
        );
        let good: Vec<Diagnostic> = lint_fixture(&dir, "good")
            .into_iter()
            .filter(|d| d.code == rule.code)
            .collect();
        assert!(
            good.is_empty(),
            "{} fired on its good fixture:\n{}",
            rule.code,
            render_plain(&good)
        );
        insta::assert_snapshot!(rule.code, render_plain(&bad));
    }
}

#[test]
fn every_fixture_directory_belongs_to_a_rule() {
    for entry in std::fs::read_dir("tests/fixtures/rules").unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            RULES.iter().any(|r| r.code == name),
            "fixture {name} has no rule"
        );
    }
}

#[test]
fn well_written_documents_have_no_findings() {
    let dirs = [
        "tests/fixtures/precision",
        "tests/fixtures/align/okrs/company",
        "tests/fixtures/align/okrs/growth",
        "tests/fixtures/align/okrs/support",
        "tests/fixtures/align/okrs/micro",
        "okrs/2026-Q4",
        "examples",
    ];
    let mut checked = 0;
    for dir in dirs {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.extension().is_none_or(|e| e != "md") || name == "bad.md" {
                continue;
            }
            let date = if dir.starts_with("okrs") {
                dogfood_as_of()
            } else {
                as_of()
            };
            let found = lint_file_as_of(&path, date);
            assert!(
                found.is_empty(),
                "{} is not clean:\n{}",
                path.display(),
                render_plain(&found)
            );
            checked += 1;
        }
    }
    assert!(checked >= 5, "only {checked} precision documents found");
}

#[test]
fn the_seed_anti_pattern_fails_on_the_objective_and_every_kr() {
    let found = lint_file(Path::new("examples/bad.md"));
    let lines: std::collections::BTreeSet<usize> = found
        .iter()
        .filter(|d| d.severity == okr::lint::Severity::Error)
        .map(|d| d.line)
        .collect();
    // The objective heading and each of the three KR headings.
    for line in [13, 15, 17, 19] {
        assert!(lines.contains(&line), "no error on line {line}: {lines:?}");
    }
}
