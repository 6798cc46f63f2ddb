//! `okr review` on a fixture with two weeks of check-ins that covers every kind of item:
//! a band change, a help request, red twice, stale, a confidence drop, a forecast miss, a
//! missing check-in and a logged decision.

use assert_cmd::Command;

fn review(format: &str) -> String {
    let output = Command::cargo_bin("okr")
        .unwrap()
        .env("NO_COLOR", "1")
        .args([
            "review",
            "tests/fixtures/review",
            "--as-of",
            "2026-02-20",
            "--since",
            "2026-02-14",
        ])
        .args(["--format", format])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn review_human() {
    insta::assert_snapshot!(review("human"));
}

#[test]
fn review_markdown() {
    insta::assert_snapshot!(review("markdown"));
}

#[test]
fn review_json() {
    let json: serde_json::Value = serde_json::from_str(&review("json")).unwrap();
    insta::assert_json_snapshot!(json);
}

#[test]
fn every_kind_of_item_is_on_the_agenda() {
    let json: serde_json::Value = serde_json::from_str(&review("json")).unwrap();
    let krs = json["key_results"].as_array().unwrap();
    let flagged = |id: &str, attention: &str| {
        krs.iter().find(|k| k["id"] == id).is_some_and(|k| {
            k["attention"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a == attention)
        })
    };
    assert!(flagged("O1-KR2", "help"));
    assert!(flagged("O1-KR2", "red-twice"));
    assert!(flagged("O1-KR2", "confidence-drop"));
    assert!(flagged("O2-KR1", "forecast-miss"));
    assert!(flagged("O2-KR2", "stale"));
    assert!(flagged("O2-KR2", "no-check-in"));
    let o1_kr1 = krs.iter().find(|k| k["id"] == "O1-KR1").unwrap();
    assert_eq!(o1_kr1["band_changed"], true);
    assert_eq!(json["missing_by_owner"]["Priya Nair"][0], "O2-KR2");
    assert_eq!(
        json["decisions"].as_array().unwrap().len(),
        1,
        "only the one in the period"
    );
}

#[test]
fn a_since_after_the_as_of_date_is_refused() {
    Command::cargo_bin("okr")
        .unwrap()
        .args([
            "review",
            "tests/fixtures/review",
            "--as-of",
            "2026-02-20",
            "--since",
            "2026-03-01",
        ])
        .assert()
        .code(2);
}

#[test]
fn readme_review_example_is_real_output() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let command = "$ okr review tests/fixtures/review --as-of 2026-02-20 --since 2026-02-14\n";
    let start = readme.find(command).expect("README shows the review") + command.len();
    let shown = &readme[start..start + readme[start..].find("…\n").unwrap()];
    assert!(
        review("human").starts_with(shown),
        "README excerpt differs:\n{shown}"
    );
}
