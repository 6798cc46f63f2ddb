//! End-to-end tests of `okr checkin`: the one write okr makes to a person's document.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const SUPPORT: &str = "tests/fixtures/score/support.md";

fn okr_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("okr").unwrap();
    cmd.env("NO_COLOR", "1").current_dir(dir);
    cmd
}

/// A workspace with `okrs/support.md` (or the given text) and returns its path.
fn workspace(text: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    fs::create_dir_all(dir.path().join("okrs")).unwrap();
    let path = dir.path().join("okrs/support.md");
    fs::write(&path, text).unwrap();
    (dir, path)
}

/// `okr checkin --interactive --owner OWNER` on 2026-02-21, fed `answers`.
fn walk(dir: &Path, owner: &str, answers: impl Into<String>) -> Command {
    let mut cmd = okr_in(dir);
    cmd.args([
        "checkin",
        "--interactive",
        "--owner",
        owner,
        "--date",
        "2026-02-21",
    ])
    .write_stdin(answers.into());
    cmd
}

fn support() -> String {
    fs::read_to_string(SUPPORT).unwrap()
}

/// The lines of `after` that are not in `before`, asserting they were inserted in one
/// place and every original byte is kept.
fn added_lines(before: &str, after: &str) -> Vec<String> {
    let old: Vec<&str> = before.split_inclusive('\n').collect();
    let new: Vec<&str> = after.split_inclusive('\n').collect();
    let head = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    assert_eq!(
        head + tail,
        old.len(),
        "only an insertion: every original line is kept"
    );
    new[head..new.len() - tail]
        .iter()
        .map(|l| l.trim_end().to_string())
        .collect()
}

#[test]
fn one_row_goes_on_top_and_nothing_else_changes() {
    let (dir, path) = workspace(&support());
    okr_in(dir.path())
        .args([
            "checkin",
            "o2-kr2",
            "58%",
            "--date",
            "2026-02-20",
            "--confidence",
            "6",
        ])
        .args([
            "--insight",
            "Synonyms | stemming helped",
            "--next",
            "Tune ranking",
        ])
        .assert()
        .code(0)
        .stdout("O2-KR2 58% on 2026-02-20: 0.33 amber, behind · okrs/support.md\n");
    let after = fs::read_to_string(&path).unwrap();
    assert_eq!(
        added_lines(&support(), &after),
        ["| 2026-02-20 | O2-KR2 | 58% | 6 | Synonyms \\| stemming helped | Tune ranking | |"]
    );
    let header = after.find("|------|").unwrap();
    assert!(
        after[header..].lines().nth(1).unwrap().contains("O2-KR2"),
        "newest row first"
    );
}

#[test]
fn the_report_shows_the_change_since_the_last_check_in() {
    let (dir, _) = workspace(&support());
    okr_in(dir.path())
        .args(["checkin", "O1-KR1", "25%", "--date", "2026-02-21"])
        .assert()
        .code(0)
        .stdout("O1-KR1 25% on 2026-02-21: 0.70 green (+0.10), ahead · okrs/support.md\n");
}

#[test]
fn invalid_input_is_refused_and_the_file_is_untouched() {
    let (dir, path) = workspace(&support());
    let cases: [(&[&str], &str); 5] = [
        (
            &["O2-KR2", "58 days", "--date", "2026-02-20"],
            "`58 days` is a duration, but O2-KR2 is measured in a percentage",
        ),
        (
            &["O2-KR2", "58%", "--date", "2026-04-20"],
            "2026-04-20 is outside the cycle (2026-01-01 to 2026-03-31)",
        ),
        (
            &["O2-KR2", "58%", "--date", "2099-01-10"],
            "is in the future",
        ),
        (
            &[
                "O2-KR2",
                "58%",
                "--date",
                "2026-02-20",
                "--confidence",
                "11",
            ],
            "not on the 0-10 scale",
        ),
        (
            &["O3-KR2", "maybe", "--date", "2026-02-20"],
            "O3-KR2 is a binary KR",
        ),
    ];
    for (args, message) in cases {
        okr_in(dir.path())
            .arg("checkin")
            .args(args)
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains(message)
                    .and(predicate::str::contains("nothing was written")),
            );
    }
    assert_eq!(fs::read_to_string(&path).unwrap(), support());
}

#[test]
fn an_ambiguous_kr_lists_the_candidates() {
    let (dir, _) = workspace(&support());
    fs::write(dir.path().join("okrs/copy.md"), support()).unwrap();
    okr_in(dir.path())
        .args(["checkin", "O1-KR1", "25%", "--date", "2026-02-21"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "O1-KR1 is defined in 2 documents and 2 of them have a cycle containing 2026-02-21; pick one with --file",
        ))
        .stderr(predicate::str::contains("okrs/copy.md:13"))
        .stderr(predicate::str::contains("okrs/support.md:13"));
    okr_in(dir.path())
        .args([
            "checkin",
            "O1-KR1",
            "25%",
            "--date",
            "2026-02-21",
            "--file",
            "okrs/copy.md",
        ])
        .assert()
        .code(0);
}

#[test]
fn a_missing_section_is_created_keeping_bom_crlf_and_no_final_newline() {
    let body = support();
    let without = body[..body.find("## Check-ins").unwrap()].trim_end();
    let original = format!("\u{feff}{}", without.replace('\n', "\r\n"));
    let (dir, path) = workspace(&original);
    okr_in(dir.path())
        .args(["checkin", "O1-KR1", "25%", "--date", "2026-02-21"])
        .assert()
        .code(0);
    let after = fs::read_to_string(&path).unwrap();
    assert!(after.starts_with(&original));
    let added = &after[original.len()..];
    assert!(!added.ends_with('\n'), "still no final newline");
    assert_eq!(
        added.matches('\n').count(),
        added.matches("\r\n").count(),
        "CRLF kept"
    );
    assert_eq!(
        added.replace("\r\n", "\n"),
        "\n\n## Check-ins\n\n| Date | KR | Actual | Confidence | Insight | Next action | Help needed |\n|------|----|--------|------------|---------|-------------|-------------|\n| 2026-02-21 | O1-KR1 | 25% | | | | |"
    );
}

#[test]
fn a_read_only_file_gets_a_clear_error_and_stays_as_it_was() {
    let (dir, path) = workspace(&support());
    let mut perms = fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(&path, perms).unwrap();
    okr_in(dir.path())
        .args(["checkin", "O1-KR1", "25%", "--date", "2026-02-21"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "okrs/support.md: cannot write: the file is read-only",
        ));
    assert_eq!(fs::read_to_string(&path).unwrap(), support());
}

#[test]
fn a_malformed_table_is_refused() {
    let broken = support().replace("| Date | KR | Actual |", "| Date | Key | Actual |");
    let (dir, path) = workspace(&broken);
    okr_in(dir.path())
        .args(["checkin", "O1-KR1", "25%", "--date", "2026-02-21"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "okrs/support.md:91:1 has no KR column",
        ));
    assert_eq!(fs::read_to_string(&path).unwrap(), broken);
}

#[test]
fn csv_import_is_all_or_nothing_across_documents() {
    let (dir, path) = workspace(&support());
    let other = support()
        .replace("team: Support", "team: Success")
        .replace("O1", "O4")
        .replace("O2", "O5")
        .replace("O3", "O6");
    let other_path = dir.path().join("okrs/success.md");
    fs::write(&other_path, &other).unwrap();
    let bad = "kr,actual,date,confidence\nO1-KR1,25%,2026-02-21,7\nO4-KR1,26%,2026-02-21,7\nO3-KR1,10 days,2026-02-21,\nO1-KR9,1,nope,\nO2-KR1,5%,2026-04-30,15\n";
    fs::write(dir.path().join("bad.csv"), bad).unwrap();
    okr_in(dir.path())
        .args(["checkin", "--from", "bad.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.csv:4: O3-KR1: `10 days` is a duration",
        ))
        .stderr(predicate::str::contains(
            "bad.csv:5: `nope` is not a date in YYYY-MM-DD form; no key result O1-KR9 in the searched documents; did you mean O1-KR1?",
        ))
        // Every problem of a row is listed, not only the first.
        .stderr(predicate::str::contains(
            "bad.csv:6: O2-KR1: `5%` is a percentage, but O2-KR1 is measured in a duration (`300 ms`); \
             confidence `15` is not on the 0-10 scale set in okr.yaml; \
             2026-04-30 is outside the cycle (2026-01-01 to 2026-03-31)",
        ));
    assert_eq!(fs::read_to_string(&path).unwrap(), support());
    assert_eq!(fs::read_to_string(&other_path).unwrap(), other);

    let good = "KR,Actual,Date,Insight\nO1-KR1,25%,2026-02-21,\"Refund articles, finally\"\nO4-KR1,26%,2026-02-21,\nO1-KR1,26%,2026-02-28,\n";
    fs::write(dir.path().join("good.csv"), good).unwrap();
    okr_in(dir.path())
        .args(["checkin", "--from", "good.csv"])
        .assert()
        .code(0);
    let after = fs::read_to_string(&path).unwrap();
    assert_eq!(
        added_lines(&support(), &after),
        [
            "| 2026-02-28 | O1-KR1 | 26% | | | | |",
            "| 2026-02-21 | O1-KR1 | 25% | | Refund articles, finally | | |"
        ]
    );
    assert_eq!(
        added_lines(&other, &fs::read_to_string(&other_path).unwrap()).len(),
        1
    );
}

#[test]
fn csv_headers_are_checked() {
    let (dir, _) = workspace(&support());
    fs::write(dir.path().join("typo.csv"), "kr,actuall,date\n").unwrap();
    okr_in(dir.path())
        .args(["checkin", "--from", "typo.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "typo.csv:1: unknown column `actuall`",
        ));
}

#[test]
fn interactive_mode_reads_scripted_answers() {
    let (dir, path) = workspace(&support());
    // O2-KR1: a bad unit, then a good value, a bad confidence, then 7 and an insight.
    // O2-KR2: Enter skips it. Then `y` confirms the summary.
    let answers = "12%\n400 ms\n11\n7\nCDN for images\n\nPairing with frontend\n\ny\n";
    walk(dir.path(), "priya", answers)
        .assert()
        .code(0)
        .stdout("O2-KR1 400 ms on 2026-02-21: 0.44 amber (+0.06), behind · okrs/support.md\n")
        .stderr(predicate::str::contains(
            "`12%` is a percentage, but O2-KR1 is measured in a duration",
        ))
        .stderr(predicate::str::contains(
            "baseline 480 ms · target 300 ms · last 410 ms on 2026-02-16 (0.39 amber)",
        ));
    assert_eq!(
        added_lines(&support(), &fs::read_to_string(&path).unwrap()),
        ["| 2026-02-21 | O2-KR1 | 400 ms | 7 | CDN for images | | Pairing with frontend |"]
    );
}

#[test]
fn no_arguments_without_a_terminal_is_a_clear_error() {
    let (dir, _) = workspace(&support());
    okr_in(dir.path())
        .arg("checkin")
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("stdin is not a terminal"));
}

#[test]
fn twelve_parallel_writers_lose_no_row() {
    let (dir, path) = workspace(&support());
    let binary = assert_cmd::cargo::cargo_bin("okr");
    let children: Vec<_> = (0..12)
        .map(|i| {
            std::process::Command::new(&binary)
                .current_dir(dir.path())
                .args([
                    "checkin",
                    "O1-KR1",
                    &format!("{}%", 20 + i),
                    "--date",
                    &format!("2026-02-{}", 17 + i),
                ])
                .args(["--insight", &format!("writer {i}")])
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let after = fs::read_to_string(&path).unwrap();
    let added = added_lines(&support(), &after);
    assert_eq!(added.len(), 12, "{added:#?}");
    for i in 0..12 {
        assert!(
            after.contains(&format!("| writer {i} |")),
            "row {i} is kept"
        );
    }
    let leftovers = fs::read_dir(dir.path().join("okrs")).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary files are left behind");
}

#[test]
fn with_two_cycles_side_by_side_the_date_picks_the_document() {
    let (dir, q1) = workspace(&support());
    let q2_text = support().replace("cycle: 2026-Q1", "cycle: 2026-Q2");
    let q2 = dir.path().join("okrs/support-q2.md");
    fs::write(&q2, &q2_text).unwrap();
    okr_in(dir.path())
        .args(["checkin", "O1-KR1", "25%", "--date", "2026-02-21"])
        .assert()
        .code(0)
        .stdout(predicate::str::ends_with("okrs/support.md\n"));
    okr_in(dir.path())
        .args(["checkin", "O1-KR1", "19%", "--date", "2026-04-14"])
        .assert()
        .code(0)
        .stdout(predicate::str::ends_with("okrs/support-q2.md\n"));
    assert_eq!(
        added_lines(&support(), &fs::read_to_string(&q1).unwrap()).len(),
        1
    );
    assert_eq!(
        added_lines(&q2_text, &fs::read_to_string(&q2).unwrap()).len(),
        1
    );
}

#[test]
fn a_second_check_in_on_the_same_day_needs_replace() {
    let (dir, path) = workspace(&support());
    let checkin = |actual: &str| {
        let mut cmd = okr_in(dir.path());
        cmd.args(["checkin", "O1-KR1", actual, "--date", "2026-02-21"]);
        cmd
    };
    checkin("25%").assert().code(0);
    let once = fs::read_to_string(&path).unwrap();
    checkin("26%")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "okr: error: O1-KR1: already has a check-in on 2026-02-21 (okrs/support.md:93); pass --replace to replace that row",
        ))
        .stderr(predicate::str::contains("command line").not());
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        once,
        "refused, untouched"
    );
    checkin("26%").arg("--replace").assert().code(0);
    assert_eq!(
        added_lines(&support(), &fs::read_to_string(&path).unwrap()),
        ["| 2026-02-21 | O1-KR1 | 26% | | | | |"],
        "the row is replaced in place, not added"
    );
}

#[test]
fn a_bare_number_takes_the_kr_unit_and_a_wild_value_is_warned_about() {
    let (dir, path) = workspace(&support());
    okr_in(dir.path())
        .args(["checkin", "O1-KR1", "24", "--date", "2026-02-21"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("O1-KR1 24% on 2026-02-21"));
    okr_in(dir.path())
        .args(["checkin", "O2-KR1", "450", "--date", "2026-02-21"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("O2-KR1 450 ms on 2026-02-21"))
        .stderr("");
    okr_in(dir.path())
        .args(["checkin", "O2-KR1", "5 min", "--date", "2026-02-22"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "okr: warning: O2-KR1 `5 min` is more than ten times the baseline–target span (480 ms → 300 ms) outside it",
        ));
    let added = added_lines(&support(), &fs::read_to_string(&path).unwrap());
    assert!(
        added.contains(&"| 2026-02-21 | O1-KR1 | 24% | | | | |".to_string()),
        "{added:#?}"
    );
    assert!(
        added.contains(&"| 2026-02-21 | O2-KR1 | 450 ms | | | | |".to_string()),
        "{added:#?}"
    );
}

#[test]
fn an_unknown_kr_gets_the_nearest_ids() {
    let (dir, _) = workspace(&support());
    okr_in(dir.path())
        .args(["checkin", "O1-KR7", "25%", "--date", "2026-02-21"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "okr: error: no key result O1-KR7 in the searched documents; did you mean O1-KR1? (nearest: O1-KR1, O1-KR2, O2-KR1)",
        ));
}

#[test]
fn interactive_walk_goes_back_shows_a_summary_and_can_be_declined() {
    let (dir, path) = workspace(&support());
    // Sam's O1-KR2: `9`, then back to fix it to `8`, confidence 6, Enter through the rest.
    // O3-KR1: `10` with an insight. Then the summary is declined.
    let answers = "9\n<\n8\n6\n\n\n\n10\n\nFewer pages\n\n\nn\n";
    walk(dir.path(), "sam", answers)
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "About to write 2 check-in(s) for 2026-02-21:",
        ))
        .stderr(predicate::str::contains("  O1-KR2 8 days  confidence: 6\n"))
        .stderr(predicate::str::contains(
            "  O3-KR1 10  insight: Fewer pages\n",
        ))
        .stderr(predicate::str::contains(
            "Write them? [Y/n]> Nothing was written.",
        ));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        support(),
        "declined: untouched"
    );
}

#[test]
fn interactive_binary_krs_ask_for_done_or_not_done() {
    let (dir, path) = workspace(&support());
    let answers = "50%\ndone\n\n\n\n\ny\n";
    walk(dir.path(), "dana", format!("\n{answers}"))
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "actual (done / not done; Enter skips)> ",
        ))
        .stderr(predicate::str::contains(
            "O3-KR2 is a binary KR: answer `done` or `not done` (or yes/no), not `50%`; try again",
        ));
    assert_eq!(
        added_lines(&support(), &fs::read_to_string(&path).unwrap()),
        ["| 2026-02-21 | O3-KR2 | done | | | | |"]
    );
}

#[test]
fn an_owner_nobody_matches_is_named() {
    let (dir, _) = workspace(&support());
    okr_in(dir.path())
        .args(["checkin", "--interactive", "--owner", "nobody"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no KR owner matches `nobody`; the owners are: Dana Reyes, Priya Nair, Sam Okafor",
        ));
}

#[test]
fn interactive_walk_questions_a_value_far_outside_the_kr() {
    let (dir, path) = workspace(&support());
    // Priya's O2-KR1 (480 ms → 300 ms): `5 min` is questioned and refused, then 400 ms.
    let answers = "5 min\nn\n400\n\n\n\n\n\ny\n";
    walk(dir.path(), "priya", answers)
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "O2-KR1 `5 min` is more than ten times",
        ))
        .stderr(predicate::str::contains("Keep it? [y/N]> "));
    assert_eq!(
        added_lines(&support(), &fs::read_to_string(&path).unwrap()),
        ["| 2026-02-21 | O2-KR1 | 400 ms | | | | |"]
    );
}
