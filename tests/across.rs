//! End-to-end tests across documents: the alignment tree, governance (lock, decide,
//! close), the next cycle, init and readiness.

mod common;

use assert_cmd::Command;
use common::{readme_example, stdout};
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const TREE: &str = "tests/fixtures/align";
const GROWTH: &str = "okrs/growth/2026-Q1.md";

fn okr_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("okr").unwrap();
    cmd.env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .current_dir(dir);
    cmd
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// A temporary copy of the alignment fixture tree.
fn tree_copy() -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    copy_dir(Path::new(TREE), dir.path());
    let root = dir.path().to_path_buf();
    (dir, root)
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn tree_shows_company_results_with_their_contributors() {
    let tree = stdout(okr_in(Path::new(".")).args([
        "tree",
        "tests/fixtures/align/okrs",
        "--as-of",
        "2026-11-20",
    ]));
    insta::assert_snapshot!(tree);
}

#[test]
fn lock_change_decide_round_trip() {
    let (_dir, root) = tree_copy();
    okr_in(&root)
        .args(["lock", "--as-of", "2026-01-05"])
        .assert()
        .code(0);
    okr_in(&root)
        .args(["lint", "--as-of", "2026-11-23"])
        .assert()
        .code(0);
    okr_in(&root)
        .args(["lock", "--as-of", "2026-01-06"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already locked on 2026-01-05"));

    edit(&root.join(GROWTH), "- Target: 60%", "- Target: 55%");
    edit(&root.join(GROWTH), "from 46% to 60%", "from 46% to 55%");
    okr_in(&root)
        .args(["lint", "--as-of", "2026-11-23"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "okrs/growth/2026-Q1.md:14:5: error[OKR802] O1-KR1 changed since the lock on 2026-01-05: target 60% → 55%, and no decision-log entry names it",
        ));

    okr_in(&root)
        .args(["decide", "Lower the activation target after the pricing change", "--kr", "O1-KR1"])
        .args(["--file", "okrs/growth", "--evidence", "Trial volume halved", "--change", "Target 60% → 55%", "--date", "2026-02-10"])
        .assert()
        .code(0)
        .stdout("okr: logged the decision of 2026-02-10 in decision-log.md (okrs/growth/2026-Q1.md#O1-KR1)\n");
    let log = fs::read_to_string(root.join("decision-log.md")).unwrap();
    assert!(log.ends_with("## 2026-02-10: Lower the activation target after the pricing change\n\n- KR: okrs/growth/2026-Q1.md#O1-KR1\n- Evidence: Trial volume halved\n- Change: Target 60% → 55%\n"), "{log}");
    okr_in(&root)
        .args(["lint", "--as-of", "2026-11-23"])
        .assert()
        .code(0);

    // A decision dated before the lock does not cover the change.
    fs::write(
        root.join("decision-log.md"),
        log.replace("## 2026-02-10", "## 2026-01-01"),
    )
    .unwrap();
    okr_in(&root)
        .args(["lint", "--as-of", "2026-11-23"])
        .assert()
        .code(1);
    // A decision naming a KR that does not exist is itself a finding.
    fs::write(
        root.join("decision-log.md"),
        log.replace("#O1-KR1", "#O1-KR9"),
    )
    .unwrap();
    okr_in(&root)
        .args(["lint", "--as-of", "2026-11-23"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "decision-log.md:14:7: error[OKR801] okrs/growth/2026-Q1.md has no O1-KR9",
        ));
}

#[test]
fn close_needs_final_grades_then_freezes_them() {
    let (_dir, root) = tree_copy();
    let support = "okrs/support/2026-Q1.md";
    let retro = [
        "--worked",
        "Weekly check-ins",
        "--didnt",
        "Evening cover",
        "--change",
        "Hire in APAC early",
    ];
    okr_in(&root)
        .args(["close", support, "--date", "2026-04-02"])
        .args(retro)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("O1-KR1, O1-KR2 not graded"));
    okr_in(&root)
        .args(["score", support, "--final", "--as-of", "2026-03-31"])
        .args([
            "--learning",
            "O1-KR1=A rota beats hiring",
            "--learning",
            "O1-KR2=Speed drives satisfaction",
        ])
        .assert()
        .code(0);
    let graded = fs::read_to_string(root.join(support)).unwrap();
    okr_in(&root)
        .args(["close", support, "--date", "2026-04-02"])
        .args(retro)
        .assert()
        .code(0);
    let closed = fs::read_to_string(root.join(support)).unwrap();
    assert!(closed.contains("owner: Sam Okafor\nclosed: 2026-04-02\n---\n"));
    assert!(closed.ends_with("## Retro\n\n### What worked\n\nWeekly check-ins\n\n### What did not\n\nEvening cover\n\n### What we will change\n\nHire in APAC early\n"));
    assert!(
        closed.contains(&graded[graded.find("## Scores").unwrap()..]),
        "grades untouched"
    );
    okr_in(&root)
        .args(["lint", support, "--as-of", "2026-11-23"])
        .assert()
        .code(0);
    edit(&root.join(support), "| 0.80 | green |", "| 0.90 | green |");
    okr_in(&root)
        .args(["lint", support, "--as-of", "2026-11-23"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error[OKR803] the grades changed after the cycle was closed on 2026-04-02",
        ));
    okr_in(&root)
        .args(["close", support])
        .args(retro)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already closed"));
    okr_in(&root)
        .args(["score", support, "--final", "--as-of", "2026-03-31"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "closed on 2026-04-02; its grades are final",
        ));
}

#[test]
fn new_cycle_round_trips_to_a_clean_document() {
    let (_dir, root) = tree_copy();
    okr_in(&root)
        .args(["new-cycle", GROWTH, "--cycle", "2026-Q2"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no choice for O1, O2"));
    okr_in(&root)
        .args(["new-cycle", GROWTH, "--cycle", "2026-Q2", "--carry-all"])
        .assert()
        .code(0);
    let next = root.join("okrs/growth/2026-Q2.md");
    let text = fs::read_to_string(&next).unwrap();
    assert!(text.contains("cycle: 2026-Q2\n"));
    assert!(
        text.contains("### O1-KR1: Increase day-7 activation from 52% to 60% by Jun 30\n"),
        "{text}"
    );
    assert!(text.contains("- Baseline: 52%\n- Target: 60%\n- Due: 2026-06-30\n"));
    assert!(
        text.contains("- Contributes to: ../company/2026.md#O1-KR1\n"),
        "links carried"
    );
    assert!(!text.contains("| 2026-03-27 |"), "no check-ins copied");
    let old = fs::read_to_string(root.join(GROWTH)).unwrap();
    for line in old
        .lines()
        .filter(|l| l.starts_with("- ") && !l.starts_with("- Baseline") && !l.starts_with("- Due"))
    {
        assert!(text.contains(line), "field dropped: {line}");
    }
    okr_in(&root)
        .args(["lint", "okrs/growth/2026-Q2.md", "--as-of", "2026-04-02"])
        .assert()
        .code(0);
    okr_in(&root)
        .args(["new-cycle", GROWTH, "--cycle", "2026-Q2", "--carry-all"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));

    okr_in(&root)
        .args([
            "new-cycle",
            GROWTH,
            "--cycle",
            "2026-Q3",
            "--carry",
            "O1,O1-KR1",
            "--replace",
            "O1-KR2",
            "--retire",
            "O2",
        ])
        .assert()
        .code(0);
    let partial = fs::read_to_string(root.join("okrs/growth/2026-Q3.md")).unwrap();
    assert!(partial.contains("### O1-KR1: Increase day-7 activation from 52% to 60% by Sep 30"));
    assert!(partial.contains("### O1-KR2: <verb> <metric> from <baseline> to <target> by <date>"));
    assert!(!partial.contains("## O2:"));
}

#[test]
fn init_scaffolds_a_clean_repository_and_never_overwrites() {
    let dir = TempDir::new().unwrap();
    okr_in(dir.path())
        .args([
            "init",
            "--team",
            "Growth Ops",
            "--cycle",
            "2026-Q2",
            "--readiness",
        ])
        .assert()
        .code(0);
    for file in [
        "okr.yaml",
        "okrs/2026-Q2/growth-ops.md",
        "decision-log.md",
        "readiness.md",
    ] {
        assert!(dir.path().join(file).is_file(), "{file}");
    }
    okr_in(dir.path())
        .args(["lint", "--as-of", "2026-04-02"])
        .assert()
        .code(0);
    let before = fs::read_to_string(dir.path().join("okr.yaml")).unwrap();
    fs::write(dir.path().join("okr.yaml"), "scale: 0-100\n").unwrap();
    okr_in(dir.path())
        .args(["init", "--team", "Growth Ops", "--cycle", "2026-Q2"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("already exist")
                .and(predicate::str::contains("nothing was written")),
        );
    assert_eq!(
        fs::read_to_string(dir.path().join("okr.yaml")).unwrap(),
        "scale: 0-100\n"
    );
    assert!(before.contains("staleness_days: 7"));
}

#[test]
fn readiness_scores_areas_total_and_gate() {
    let dir = TempDir::new().unwrap();
    okr_in(dir.path())
        .args(["init", "--readiness", "--cycle", "2026-Q2"])
        .assert()
        .code(0);
    let path = dir.path().join("readiness.md");
    let text = fs::read_to_string(&path).unwrap();
    // Twelve items at 2 and two at 0: 24 of 28, green.
    let filled = text
        .replacen("- [ ]", "- [2]", 12)
        .replace("- [ ]", "- [0]");
    fs::write(&path, filled).unwrap();
    let report = stdout(okr_in(dir.path()).arg("readiness"));
    insta::assert_snapshot!("readiness_green", report);
    fs::write(&path, text.replacen("- [ ]", "- [3]", 1)).unwrap();
    okr_in(dir.path())
        .arg("readiness")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "readiness.md:7:4: `3` is not a score",
        ));
}

#[test]
fn initiatives_lists_bets_and_krs_without_one() {
    let out = stdout(okr_in(Path::new(".")).args(["initiatives", "examples/good.md"]));
    assert!(out.contains("  O1-KR2  Improve 95th percentile API latency from 480 ms to 300 ms by Mar 31\n    - Hot path optimisation\n"), "{out}");
    assert!(out.ends_with("Every KR has at least one bet.\n"));
    let bare =
        stdout(okr_in(Path::new(".")).args(["initiatives", "tests/fixtures/score/support.md"]));
    assert!(bare.ends_with("6 KRs with no bet: tests/fixtures/score/support.md#O1-KR1, tests/fixtures/score/support.md#O1-KR2, tests/fixtures/score/support.md#O2-KR1, tests/fixtures/score/support.md#O2-KR2, tests/fixtures/score/support.md#O3-KR1, tests/fixtures/score/support.md#O3-KR2\n"), "{bare}");
}

#[test]
fn readme_tree_example_is_real_output() {
    let shown = readme_example(
        "$ okr tree tests/fixtures/align/okrs --as-of 2026-11-20\n",
        "…\n",
    );
    let real = stdout(okr_in(Path::new(".")).args([
        "tree",
        "tests/fixtures/align/okrs",
        "--as-of",
        "2026-11-20",
    ]));
    assert!(real.starts_with(&shown), "README excerpt differs:\n{shown}");
}

/// OKR705 needs to know whether the tree has a company document. A whole-tree run learns
/// it from the documents it lints (and lints the affected ones again); a one-file run
/// reads the files it did not lint; a tree without one reports nothing.
#[test]
fn unaligned_objective_is_found_however_the_tree_is_linted() {
    let bad = Path::new("tests/fixtures/rules/OKR705/bad");
    let team = "okrs/support/2026-Q1.md";
    for target in ["okrs", team] {
        okr_in(bad)
            .args(["lint", target, "--as-of", "2026-02-20"])
            .assert()
            .stdout(predicate::str::contains("2026-Q1.md:9:4: warning[OKR705]"));
    }
    let alone = TempDir::new().unwrap();
    fs::create_dir_all(alone.path().join("okrs/support")).unwrap();
    fs::copy(bad.join(team), alone.path().join(team)).unwrap();
    okr_in(alone.path())
        .args(["lint", "okrs", "--as-of", "2026-02-20"])
        .assert()
        .stdout(predicate::str::contains("OKR705").not());
}

/// With `company:` in okr.yaml, OKR705 trusts the list and never searches the tree: an
/// empty list means no company document even when the tree has one.
#[test]
fn a_configured_company_list_replaces_the_search() {
    let dir = TempDir::new().unwrap();
    copy_dir(Path::new("tests/fixtures/rules/OKR705/bad"), dir.path());
    let team = "okrs/support/2026-Q1.md";
    let lint = |company: &str| {
        fs::write(
            dir.path().join("okrs/okr.yaml"),
            format!("company: {company}\n"),
        )
        .unwrap();
        let out = okr_in(dir.path())
            .args(["lint", team, "--as-of", "2026-02-20", "--no-cache"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("warning[OKR705]")
    };
    assert!(!lint("[]"), "an empty list: no company document");
    assert!(lint("[company/2026.md]"));
    assert!(
        !lint("[company/2027.md]"),
        "a listed file that does not exist"
    );
}
