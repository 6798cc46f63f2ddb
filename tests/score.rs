//! End-to-end tests of `okr score` and `okr status` on the support fixture.

mod common;

use assert_cmd::Command;
use common::{readme_example, stdout};
use predicates::prelude::*;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

const SUPPORT: &str = "tests/fixtures/score/support.md";
const MID_CYCLE: &str = "2026-02-20";

fn okr() -> Command {
    let mut cmd = Command::cargo_bin("okr").unwrap();
    cmd.env("NO_COLOR", "1").env("COLUMNS", "100");
    cmd
}

/// A temporary copy of the support fixture, with optional extra files.
fn copy_of_support(text: &str, extra: &[(&str, &str)]) -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("support.md");
    fs::write(&path, text).unwrap();
    for (name, body) in extra {
        fs::write(dir.path().join(name), body).unwrap();
    }
    (dir, path)
}

fn support() -> String {
    fs::read_to_string(SUPPORT).unwrap()
}

const LEARNINGS: [&str; 6] = [
    "O1-KR1=Billing articles deflect the most tickets",
    "O1-KR2=A triage rota beats more headcount",
    "O2-KR1=The CDN was not the bottleneck",
    "O2-KR2=Search analytics | arrived too late to act on",
    "O3-KR1=Two accounts drive most escalations",
    "O3-KR2=Announce the status page in the product",
];

fn grade_final(path: &Path, as_of: &str) -> Command {
    let mut cmd = okr();
    cmd.arg("score")
        .arg(path)
        .args(["--final", "--as-of", as_of]);
    for learning in LEARNINGS {
        cmd.args(["--learning", learning]);
    }
    cmd
}

#[test]
fn json_contract() {
    let json = stdout(okr().args(["score", SUPPORT, "--as-of", MID_CYCLE, "--format", "json"]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let kr = &value["documents"][0]["objectives"][0]["key_results"][0];
    assert_eq!(kr["score"], 0.6);
    assert_eq!(kr["rag"], "amber");
    insta::assert_snapshot!(json);
}

#[test]
fn json_scores_stay_on_zero_to_one_when_display_is_zero_to_hundred() {
    let (dir, path) = copy_of_support(&support(), &[("okr.yaml", "scale: 0-100\n")]);
    let human =
        stdout(
            okr()
                .current_dir(dir.path())
                .args(["score", "support.md", "--as-of", MID_CYCLE]),
        );
    assert!(human.contains("  60  "), "{human}");
    assert!(!human.contains("0.60"), "{human}");
    let json = stdout(
        okr()
            .args(["score", "--format", "json", "--as-of", MID_CYCLE])
            .arg(&path),
    );
    assert!(json.contains("\"score\": 0.6,"), "{json}");
}

#[test]
fn human_and_markdown_tables() {
    let human = stdout(okr().args(["score", SUPPORT, "--as-of", MID_CYCLE]));
    insta::assert_snapshot!("score_human", human);
    let markdown = stdout(okr().args([
        "score", SUPPORT, "--as-of", MID_CYCLE, "--format", "markdown",
    ]));
    insta::assert_snapshot!("score_markdown", markdown);
}

#[test]
fn status_dashboard() {
    let status = stdout(okr().args(["status", SUPPORT, "--as-of", MID_CYCLE]));
    assert!(status.lines().all(|l| l.chars().count() <= 100), "{status}");
    insta::assert_snapshot!("status_100_columns", status);
}

#[test]
fn status_fits_narrow_terminals() {
    for width in [40, 60, 80] {
        let status = stdout(
            okr()
                .env("COLUMNS", width.to_string())
                .args(["status", SUPPORT, "--as-of", MID_CYCLE]),
        );
        let widest = status.lines().map(|l| l.chars().count()).max().unwrap();
        assert!(widest <= width, "{widest} > {width}:\n{status}");
        assert!(
            status.contains("O3-KR1") && status.contains("stale (red)"),
            "{status}"
        );
    }
    let narrow = stdout(
        okr()
            .env("COLUMNS", "60")
            .args(["status", SUPPORT, "--as-of", MID_CYCLE]),
    );
    insta::assert_snapshot!("status_60_columns", narrow);
}

#[test]
fn status_filters() {
    let ids = |args: &[&str]| -> Vec<String> {
        let out = stdout(
            okr()
                .args(["status", SUPPORT, "--as-of", MID_CYCLE])
                .args(args),
        );
        out.lines()
            .filter_map(|l| l.split_whitespace().next())
            .filter(|w| w.contains("-KR"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(ids(&["--owner", "SAM"]), ["O1-KR2", "O3-KR1"]);
    assert_eq!(ids(&["--stale"]), ["O3-KR1"]);
    assert_eq!(
        ids(&["--rag", "amber,green"]),
        ["O1-KR1", "O1-KR2", "O2-KR1"]
    );
    assert_eq!(ids(&["--team", "support", "--rag", "stretch"]), ["O3-KR2"]);
    let none = stdout(okr().args(["status", SUPPORT, "--as-of", MID_CYCLE, "--team", "sales"]));
    assert_eq!(none, "No key results match.\n");
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let plain = stdout(okr().args(["status", SUPPORT, "--as-of", MID_CYCLE]));
    assert!(!plain.contains('\u{1b}'));
    let coloured =
        stdout(okr().args(["status", SUPPORT, "--as-of", MID_CYCLE, "--color", "always"]));
    assert!(
        coloured.contains("\u{1b}[1m\u{1b}[31m") || coloured.contains("\u{1b}[31m"),
        "{coloured}"
    );
}

#[test]
fn final_grades_append_a_scores_section_and_touch_nothing_else() {
    let original = support().replace('\n', "\r\n");
    let (_dir, path) = copy_of_support(&original, &[]);
    grade_final(&path, "2026-03-31").assert().code(0);
    let graded = fs::read_to_string(&path).unwrap();
    assert!(
        graded.starts_with(&original),
        "the original bytes are a prefix"
    );
    let added = &graded[original.len()..];
    assert!(!added.replace("\r\n", "").contains('\n'), "CRLF is kept");
    insta::assert_snapshot!("final_scores_section", added.replace("\r\n", "\n"));
    // Grading again with the same inputs changes nothing.
    grade_final(&path, "2026-03-31")
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "already records these final grades",
        ));
    assert_eq!(fs::read_to_string(&path).unwrap(), graded);
}

#[test]
fn final_grades_refuse_back_fitted_targets_and_methods() {
    let (_dir, path) = copy_of_support(&support(), &[]);
    grade_final(&path, "2026-03-31").assert().code(0);
    let graded = fs::read_to_string(&path).unwrap();
    let tampered = graded
        .replacen("- Target: 28%", "- Target: 25%", 1)
        .replacen("- Scoring: binary", "- Scoring: linear", 1);
    fs::write(&path, &tampered).unwrap();
    grade_final(&path, "2026-03-31")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "support.md:17:11: error: O1-KR1 target changed since final grading: recorded `28%`, now `25%`",
        ))
        .stderr(predicate::str::contains("O3-KR2 method changed"));
    assert_eq!(fs::read_to_string(&path).unwrap(), tampered);
}

#[test]
fn final_grades_need_the_final_week_and_a_learning_per_kr() {
    let (_dir, path) = copy_of_support(&support(), &[]);
    grade_final(&path, MID_CYCLE)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("final grades open on 2026-03-25"));
    okr()
        .arg("score")
        .arg(&path)
        .args([
            "--final",
            "--as-of",
            "2026-03-31",
            "--learning",
            "O1-KR1=Articles work",
        ])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no learning for O1-KR2, O2-KR1, O2-KR2, O3-KR1, O3-KR2",
        ));
    okr()
        .arg("score")
        .arg(&path)
        .args([
            "--final",
            "--as-of",
            "2026-03-31",
            "--learning",
            "O9-KR1=nope",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "O9-KR1, which is not a key result",
        ));
    assert_eq!(fs::read_to_string(&path).unwrap(), support());
    okr()
        .args(["score", "--final", "tests/fixtures/precision"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("one document at a time"));
}

#[test]
fn learnings_already_recorded_are_kept_on_a_re_grade() {
    let (_dir, path) = copy_of_support(&support(), &[]);
    grade_final(&path, "2026-03-31").assert().code(0);
    okr()
        .arg("score")
        .arg(&path)
        .args([
            "--final",
            "--as-of",
            "2026-03-31",
            "--learning",
            "O1-KR1=Rewritten lesson",
        ])
        .write_stdin("")
        .assert()
        .code(0);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("| Rewritten lesson |"));
    assert!(text.contains("| A triage rota beats more headcount |"));
    assert_eq!(text.matches("## Scores").count(), 1);
}

#[test]
fn readme_status_example_is_real_output() {
    let shown = readme_example(
        "$ okr status tests/fixtures/score/support.md --as-of 2026-02-20\n",
        "```",
    );
    let real = stdout(okr().args(["status", SUPPORT, "--as-of", MID_CYCLE]));
    assert_eq!(shown, real);
}

#[test]
fn status_notes_show_the_latest_insight_and_next_action() {
    let plain = stdout(okr().args(["status", SUPPORT, "--as-of", MID_CYCLE]));
    assert!(
        plain.contains("    help: Frontend pairing\n"),
        "help always shows:\n{plain}"
    );
    assert!(!plain.contains("insight:"));
    let notes = stdout(okr().args(["status", SUPPORT, "--as-of", MID_CYCLE, "--notes"]));
    assert!(
        notes.contains(
            "    insight: New articles answer billing questions\n    next: Write refund articles\n"
        ),
        "{notes}"
    );
}

/// Score, status and export write their output a window of documents at a time; over
/// more documents than one window the output is still whole, in path order, and each
/// document's part is what scoring it alone prints.
#[test]
fn output_streamed_over_several_windows_is_whole_and_in_order() {
    let dir = TempDir::new().unwrap();
    let text = fs::read_to_string(SUPPORT).unwrap();
    let count = 1500;
    for i in 0..count {
        let sub = dir.path().join(format!("d{}", i % 7));
        fs::create_dir_all(&sub).unwrap();
        fs::write(sub.join(format!("team-{i:04}.md")), &text).unwrap();
    }
    let run = |args: &[&str]| {
        let out = okr()
            .arg(args[0])
            .arg(dir.path())
            .args(&args[1..])
            .args(["--as-of", MID_CYCLE])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let scores: serde_json::Value =
        serde_json::from_str(&run(&["score", "--format", "json"])).unwrap();
    let paths: Vec<&str> = scores["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), count);
    assert!(paths.windows(2).all(|w| w[0] < w[1]), "path order");
    let alone = stdout(okr().args(["score", SUPPORT, "--as-of", MID_CYCLE]));
    let human = run(&["score"]);
    let body = alone.split_once('\n').unwrap().1;
    assert_eq!(human.matches(body).count(), count, "each document as alone");
    let export: serde_json::Value =
        serde_json::from_str(&run(&["export", "--format", "json"])).unwrap();
    let rows = export["key_results"].as_array().unwrap().len();
    let csv = run(&["export"]);
    assert_eq!(
        csv.lines().count(),
        rows + 1,
        "one header, then the same rows"
    );
    assert_eq!(rows % count, 0);
    let status = run(&["status"]);
    assert_eq!(status.matches("Next steps").count(), 1);
    assert!(status.trim_end().lines().count() > count);
}
