//! Exports, shell completions, the man page, the git hook and the HTML report.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

const SUPPORT: &str = "tests/fixtures/score/support.md";

fn okr() -> Command {
    let mut cmd = Command::cargo_bin("okr").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn export_csv_and_json() {
    let csv = stdout(okr().args([
        "export",
        SUPPORT,
        "--as-of",
        "2026-02-20",
        "--format",
        "csv",
    ]));
    insta::assert_snapshot!("export_csv", csv);
    let json = stdout(okr().args([
        "export",
        SUPPORT,
        "--as-of",
        "2026-02-20",
        "--format",
        "json",
    ]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["version"], 1);
    let rows = value["key_results"].as_array().unwrap();
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[2]["score"], 0.3889);
    assert_eq!(
        rows[3]["score"],
        serde_json::Value::Null,
        "no data is null, never 0"
    );
    insta::assert_snapshot!(
        "export_json_first_row",
        serde_json::to_string_pretty(&rows[0]).unwrap()
    );
}

#[test]
fn completions_generate_for_every_shell_and_the_man_page_renders() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(okr().args(["completions", shell]));
        assert!(
            script.contains("checkin") && script.contains("lint"),
            "{shell}"
        );
    }
    let man = stdout(okr().arg("man"));
    assert!(man.starts_with(".ie") && man.contains(".TH okr 1"));
    assert!(man.contains("checkin"));
}
