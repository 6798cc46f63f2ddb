//! End-to-end tests of the `okr` binary: exit codes, formats, config discovery, suppression.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use tempfile::TempDir;

const AS_OF: &str = "2026-11-23";
/// The latest weekly check-in in the project's own `okrs/` (see tests/rules.rs).
const DOGFOOD_AS_OF: &str = "2026-12-03";

fn okr() -> Command {
    let mut cmd = Command::cargo_bin("okr").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

fn fixture(name: &str) -> String {
    fs::read_to_string(format!("tests/fixtures/{name}")).unwrap()
}

fn workspace(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn clean_documents_exit_zero() {
    okr()
        .args(["lint", "tests/fixtures/precision", "--as-of", AS_OF])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "All checks passed (3 documents checked)",
        ));
}

#[test]
fn errors_exit_one() {
    okr()
        .args(["lint", "examples/bad.md", "--as-of", AS_OF])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "examples/bad.md:13:8: error[OKR302]",
        ));
}

#[test]
fn warnings_pass_unless_denied() {
    let bad = fixture("rules/OKR303/bad.md");
    let dir = workspace(&[("okrs/long.md", &bad)]);
    okr()
        .current_dir(dir.path())
        .args(["lint", "--as-of", AS_OF])
        .assert()
        .code(0);
    okr()
        .current_dir(dir.path())
        .args(["lint", "--deny-warnings", "--as-of", AS_OF])
        .assert()
        .code(1);
}

#[test]
fn missing_path_and_bad_usage_exit_two() {
    okr()
        .args(["lint", "no/such/dir"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/dir: no such file"));
    okr().args(["lint", "--format", "yaml"]).assert().code(2);
    okr()
        .args(["lint", "--as-of", "2026-02-30"])
        .assert()
        .code(2);
}

#[test]
fn no_paths_lints_okrs_directory() {
    okr()
        .args(["lint", "--as-of", DOGFOOD_AS_OF])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1 document"));
}

#[test]
fn json_output_is_a_stable_array() {
    let out = okr()
        .args([
            "lint",
            "examples/bad.md",
            "--format",
            "json",
            "--as-of",
            AS_OF,
        ])
        .assert()
        .code(1);
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let first = &json.as_array().unwrap()[0];
    insta::assert_json_snapshot!("json_first_finding", first);
}

#[test]
fn github_output_annotates_files() {
    okr().args(["lint", "tests/fixtures/rules/OKR301/bad.md", "--format", "github", "--as-of", AS_OF])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "::error title=OKR301 objective-has-metric,file=tests/fixtures/rules/OKR301/bad.md,line=9,col=28,endLine=9,endColumn=31::the objective contains the number `20%25` (help: move the number",
        ));
}

#[test]
fn closest_config_wins_and_keeps_other_defaults() {
    let long = fixture("rules/OKR303/bad.md");
    let dir = workspace(&[
        ("okr.yaml", "rules:\n  objective-too-long: error\n"),
        ("okrs/a/long.md", &long),
        ("okrs/b/okr.yaml", "rules:\n  OKR303: off\n"),
        ("okrs/b/long.md", &long),
    ]);
    let out = okr()
        .current_dir(dir.path())
        .args(["lint", "--as-of", AS_OF])
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        stdout.contains("okrs/a/long.md:9:8: error[OKR303]"),
        "{stdout}"
    );
    assert!(!stdout.contains("okrs/b/long.md"), "{stdout}");
}

#[test]
fn invalid_config_exits_two_with_location() {
    let dir = workspace(&[
        ("okr.yaml", "limits:\n  objective_wrds: 8\n"),
        ("okrs/x.md", &fixture("precision/gold-a.md")),
    ]);
    okr()
        .current_dir(dir.path())
        .args(["lint"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("okr.yaml:2:3: invalid config"));
}

#[test]
fn suppression_comments_silence_findings() {
    let doc = fixture("rules/OKR301/bad.md");
    let line = doc.replace(
        "## O1:",
        "<!-- okr-disable-next-line objective-has-metric -->\n## O1:",
    );
    let file = doc.replace("# Growth", "<!-- okr-disable OKR301 -->\n# Growth");
    let dir = workspace(&[("okrs/line.md", &line), ("okrs/file.md", &file)]);
    okr()
        .current_dir(dir.path())
        .args(["lint", "--as-of", AS_OF])
        .assert()
        .code(0);
}

#[test]
fn non_okr_markdown_is_skipped_and_listed_when_verbose() {
    let dir = workspace(&[("okrs/README.md", "# Notes\n\nNothing here.\n")]);
    okr()
        .current_dir(dir.path())
        .args(["lint", "--verbose"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("skipped okrs/README.md"));
}

#[test]
fn one_broken_file_does_not_stop_the_others() {
    let dir = workspace(&[
        ("okrs/a.md", "---\ncycle: [unclosed\n---\n## O1: Grow\n"),
        ("okrs/b.md", &fixture("rules/OKR301/bad.md")),
    ]);
    let out = okr()
        .current_dir(dir.path())
        .args(["lint", "--as-of", AS_OF])
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        stdout.contains("okrs/a.md:2:") && stdout.contains("error[OKR001]"),
        "{stdout}"
    );
    assert!(stdout.contains("okrs/b.md:9:28: error[OKR301]"), "{stdout}");
}

#[test]
fn explain_prints_docs_and_suggests_names() {
    okr().args(["explain", "OKR301"]).assert().code(0).stdout(
        predicate::str::contains("objective-has-metric").and(predicate::str::contains("Good")),
    );
    okr()
        .args(["explain", "objective-has-metrc"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "did you mean `objective-has-metric`",
        ));
}

#[test]
fn readme_rule_table_matches_the_registry() {
    let out = okr()
        .args(["rules", "--format", "markdown"])
        .assert()
        .code(0);
    let table = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let readme = fs::read_to_string("README.md").unwrap();
    assert!(
        readme.contains(&table),
        "README rule table is out of date; regenerate it with `okr rules --format markdown`"
    );
}

#[test]
fn hostile_input_gets_findings_or_clear_errors_never_a_panic() {
    let deep_list: String = (0..3000)
        .map(|i| format!("{}- a\n", "  ".repeat(i)))
        .collect();
    let cases: Vec<(&str, String)> = vec![
        ("empty.md", String::new()),
        ("front-only.md", "---\ncycle: 2026-Q1\n---\n".into()),
        ("unterminated.md", "---\ncycle: 2026-Q1\n## O1: x\n".into()),
        (
            "odd-types.md",
            "---\ncycle: [1, {a: b}]\nteam: !!binary aGk=\n---\n## O1: x\n".into(),
        ),
        ("quotes.md", format!("## O1: x\n{}x\n", "> ".repeat(50_000))),
        (
            "brackets.md",
            format!("## O1: x\n{}\n", "[".repeat(100_000)),
        ),
        (
            "deep-yaml.md",
            format!("---\ncycle: {}\n---\n", "[".repeat(100_000)),
        ),
        ("deep-list.md", format!("## O1: x\n{deep_list}")),
        (
            "numbers.md",
            "## O1: x\n### O1-KR1: Cut x from 1e309 to NaN\n- Baseline: -inf\n- Due: 9999-99-99\n"
                .into(),
        ),
        (
            "crlf-bom.md",
            "\u{feff}---\r\ncycle: 2026-Q1\r\n---\r\n## O1: Grow\r\n\t- Owner: A\r\n".into(),
        ),
        (
            "no-ids.md",
            "---\ncycle: 2026-Q1\n---\n## Grow things\n### Do stuff\n".into(),
        ),
    ];
    let files: Vec<(&str, &str)> = cases.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let dir = workspace(&files);
    for (name, _) in &cases {
        let out = okr()
            .current_dir(dir.path())
            .args(["lint", name, "--as-of", AS_OF])
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        let code = out.status.code();
        assert!(
            matches!(code, Some(0..=2)),
            "{name}: exit {code:?}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    fs::write(dir.path().join("bad-utf8.md"), b"## O1: x\n\xff\xfe\n").unwrap();
    okr()
        .current_dir(dir.path())
        .args(["lint", "bad-utf8.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad-utf8.md: cannot read: invalid UTF-8 at 2:1",
        ));
}

/// A reader that stops early (`okr rules --format json | head`) is not an error: the
/// command exits 0 without a message, whatever it was writing.
#[test]
fn a_closed_pipe_is_not_an_error() {
    for args in [
        &["rules", "--format", "json"][..],
        &["rules"],
        &["explain", "OKR101"],
    ] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("okr"))
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{args:?}");
    }
}

/// The statements of the objectives `okr score` graded in a file with one set per quarter.
fn scored_objectives(extra: &[&str]) -> (String, Vec<String>) {
    let mut args = vec![
        "score",
        "tests/fixtures/dialects/headings-bullets.md",
        "--format",
        "json",
        "--as-of",
        "2026-05-01",
    ];
    args.extend_from_slice(extra);
    let out = okr()
        .args(&args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let doc = &json["documents"][0];
    let statements = doc["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["statement"].as_str().unwrap().to_string())
        .collect();
    (doc["cycle"].as_str().unwrap().to_string(), statements)
}

#[test]
fn score_takes_the_running_set_unless_a_cycle_is_named() {
    let (cycle, current) = scored_objectives(&[]);
    assert_eq!(cycle, "2026-Q2");
    assert_eq!(current, ["Large datasets import without pain"]);
    let (cycle, named) = scored_objectives(&["--cycle", "Q1 2026"]);
    assert_eq!(cycle, "2026-Q1");
    assert_eq!(named.len(), 2);
    okr()
        .args([
            "score",
            "tests/fixtures/dialects/headings-bullets.md",
            "--cycle",
            "soon",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a cycle"));
}

#[test]
fn a_named_file_that_is_not_okrs_gets_a_notice_and_nothing_passes_silently() {
    // A file that talks about OKRs but holds none okr can read gets a warning at the
    // first line that does.
    okr()
        .args(["lint", "tests/fixtures/dialects/not-okr.md"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "not-okr.md:1:1: warning[OKR007] this file talks about OKRs here",
        ));
    // Markdown that never mentions them is skipped, with a notice when it was named.
    let dir = workspace(&[(
        "notes.md",
        "# Release notes

- Faster start-up
",
    )]);
    okr()
        .current_dir(dir.path())
        .args(["lint", "notes.md"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No OKR documents found"))
        .stderr(predicate::str::contains("is not an OKR document"))
        .stderr(predicate::str::contains("okr lint -v"));
}

#[test]
fn fmt_check_diff_and_write() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("seed.md");
    fs::copy("tests/fixtures/dialects/seed-template.md", &file).unwrap();
    let before = fs::read_to_string(&file).unwrap();
    okr()
        .arg("fmt")
        .arg(&file)
        .arg("--check")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("would reformat"));
    okr()
        .arg("fmt")
        .arg(&file)
        .arg("--diff")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("+## O1: Shorten time to value"));
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        before,
        "--check and --diff write nothing"
    );
    okr().arg("fmt").arg(&file).assert().success();
    let after = fs::read_to_string(&file).unwrap();
    assert!(after.contains("### O1-KR1: Reduce median time"));
    assert!(after.contains("- Baseline: 3 days"));
    okr()
        .arg("fmt")
        .arg(&file)
        .arg("--check")
        .assert()
        .success();
    okr()
        .arg("lint")
        .arg(&file)
        .args(["--as-of", "2026-02-01"])
        .assert()
        .stdout(predicate::str::contains("OKR107").not())
        .stdout(predicate::str::contains("OKR401").not());
}

#[test]
fn a_check_in_on_the_seed_template_scores_against_the_statement() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("seed.md");
    fs::copy("tests/fixtures/dialects/seed-template.md", &file).unwrap();
    okr()
        .args([
            "checkin",
            "O1-KR1",
            "2 days",
            "--date",
            "2026-02-02",
            "--confidence",
            "7",
            "--file",
        ])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("0.50 amber"));
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.contains("| 2026-02-02 | O1-KR1 | 2 days | 7 |"));
    assert!(
        text.starts_with("# Growth OKRs, Q1 2026\n"),
        "the rest of the file is untouched"
    );
}

#[test]
fn readme_opening_example_is_real_output() {
    let shown = common::readme_example("$ okr lint examples/bad.md\n", "…\n");
    let summary = common::readme_example(&format!("{shown}…\n"), "```");
    let output = okr().args(["lint", "examples/bad.md"]).output().unwrap();
    let real = String::from_utf8(output.stdout).unwrap();
    assert!(real.starts_with(&shown), "README excerpt differs:\n{shown}");
    assert!(
        real.ends_with(&summary),
        "README summary differs:\n{summary}"
    );
}

/// `fiscal_year_start` and `fiscal_year_label` in okr.yaml decide what `FY…` cycles mean,
/// end to end: the cycle's first day is what OKR607 names.
#[test]
fn fiscal_years_follow_okr_yaml() {
    let plan = fixture("calendar/fiscal-plan.md");
    let cases = [
        (
            "fiscal_year_start: February\n",
            "FY23-Q3",
            "2022-09-15",
            "2022-08-01",
        ),
        (
            "fiscal_year_start: 7\n",
            "FY24-Q1",
            "2023-08-15",
            "2023-07-01",
        ),
        (
            "fiscal_year_start: jul\nfiscal_year_label: start\n",
            "FY24-Q2",
            "2024-11-15",
            "2024-10-01",
        ),
        ("", "FY24-Q2", "2024-05-15", "2024-04-01"),
    ];
    for (config, cycle, as_of, began) in cases {
        let dir = workspace(&[
            ("okr.yaml", config),
            ("okrs/plan.md", &plan.replace("CYCLE", cycle)),
        ]);
        okr()
            .current_dir(dir.path())
            .args(["lint", "okrs", "--no-cache", "--as-of", as_of])
            .assert()
            .stdout(predicate::str::contains(format!(
                "no check-in since the cycle began on {began}"
            )));
    }
    let dir = workspace(&[
        ("okr.yaml", "fiscal_year_start: Febtober\n"),
        ("okrs/plan.md", &plan.replace("CYCLE", "FY23-Q3")),
    ]);
    okr()
        .current_dir(dir.path())
        .args(["lint", "okrs"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "okr.yaml:1:1: invalid config: fiscal_year_start: give a month",
        ));
}
