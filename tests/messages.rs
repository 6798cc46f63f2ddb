//! What okr says when something is wrong before any document is read: config typos,
//! missing paths, an empty directory. Nothing may read as a clean run after a fatal error.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use tempfile::TempDir;

fn okr_in(dir: &TempDir) -> Command {
    let mut cmd = Command::cargo_bin("okr").unwrap();
    cmd.current_dir(dir.path()).env("NO_COLOR", "1");
    cmd
}

fn repo_with_config(config: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    fs::create_dir(dir.path().join("okrs")).unwrap();
    fs::copy("examples/good.md", dir.path().join("okrs/good.md")).unwrap();
    fs::write(dir.path().join("okr.yaml"), config).unwrap();
    dir
}

#[test]
fn an_unknown_rule_in_the_config_stops_the_run_with_a_suggestion() {
    let dir = repo_with_config("rules: {OKR999: off, objective-to-long: off}\n");
    okr_in(&dir)
        .args(["lint", "--as-of", "2026-02-10"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "okr.yaml:1:9: invalid config: rules: unknown rule `OKR999`",
        ));
    fs::write(
        dir.path().join("okr.yaml"),
        "rules:\n  objective-to-long: off\n",
    )
    .unwrap();
    okr_in(&dir)
        .args(["lint", "--as-of", "2026-02-10"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "okr.yaml:2:3: invalid config: rules: unknown rule `objective-to-long`; did you mean `objective-too-long`?",
        ));
}

#[test]
fn an_unknown_key_gets_a_suggestion_and_bad_bands_point_at_rag() {
    let dir = repo_with_config("limits:\n  objektive_words: 8\n");
    okr_in(&dir)
        .args(["status"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "unknown key `objektive_words`; did you mean `objective_words`?",
        ));
    fs::write(
        dir.path().join("okr.yaml"),
        "staleness_days: 7\nrag:\n  red: 0.7\n",
    )
    .unwrap();
    okr_in(&dir)
        .args(["lint"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "okr.yaml:2:1: invalid config: rag bands must rise",
        ));
}

#[test]
fn a_directory_without_okrs_suggests_init_and_claims_nothing() {
    let dir = TempDir::new().unwrap();
    for args in [
        &["lint"][..],
        &["status"],
        &["score"],
        &["report", "--html", "site"],
    ] {
        okr_in(&dir)
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(
                "no okrs/ directory here; run `okr init`",
            ));
    }
    assert!(
        !dir.path().join("site").exists(),
        "report wrote pages after a fatal error"
    );
}

#[test]
fn a_missing_path_next_to_a_good_one_is_not_a_clean_run() {
    let dir = repo_with_config("");
    okr_in(&dir)
        .args([
            "lint",
            "okrs/good.md",
            "okrs/missing.md",
            "--as-of",
            "2026-02-10",
        ])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("All checks passed").not())
        .stdout(predicate::str::contains(
            "in 1 document; 1 file could not be read.",
        ))
        .stderr(predicate::str::contains(
            "okrs/missing.md: no such file or directory",
        ));
}

#[test]
fn report_counts_its_pages_in_good_english() {
    let dir = repo_with_config("");
    fs::write(
        dir.path().join("okrs/other.md"),
        "---\ncycle: 2026-Q1\nteam: Ops\nowner: Ann\n---\n# Ops\n",
    )
    .unwrap();
    okr_in(&dir)
        .args(["report", "--html", "site", "okrs/other.md"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("okr: wrote 1 page to site"));
}

#[test]
fn the_decision_log_is_not_counted_as_an_okr_document() {
    let dir = repo_with_config("");
    fs::create_dir(dir.path().join(".git")).unwrap();
    fs::write(dir.path().join("decision-log.md"), "# Decision log\n").unwrap();
    okr_in(&dir)
        .args(["lint", "--as-of", "2026-02-10"])
        .assert()
        .stdout(predicate::str::contains(
            "in 1 document and the decision log.",
        ));
}
