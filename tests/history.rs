//! `okr history` on fixtures with known answers: Alpha lands above 0.9 every cycle
//! (sandbagging), Beta below 0.3 (overreach) and carries one KR over two cycles, Gamma's
//! one closed cycle averages 0.70 with a grade frozen at close, and Gamma's running
//! cycle is left out.

use assert_cmd::Command;

fn history(extra: &[&str]) -> String {
    let output = Command::cargo_bin("okr")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["history", "tests/fixtures/history", "--as-of", "2026-01-15"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn teams() -> serde_json::Value {
    serde_json::from_str(&history(&["--format", "json"])).unwrap()
}

#[test]
fn history_human() {
    insta::assert_snapshot!(history(&[]));
}

#[test]
fn calibration_verdicts_match_the_fixtures() {
    let teams = teams();
    let verdicts: Vec<(&str, &str)> = teams
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["team"].as_str().unwrap(),
                t["calibration"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            ("Alpha", "sandbagging"),
            ("Beta", "overreach"),
            ("Gamma", "calibrated")
        ]
    );
}

#[test]
fn means_shares_and_confidence_are_computed_from_the_final_grades() {
    let teams = teams();
    let alpha = &teams[0]["cycles"];
    // Q3: 1.00 and 0.95; Q4: 0.92 and 1.00.
    assert!((alpha[0]["mean_score"].as_f64().unwrap() - 0.975).abs() < 1e-9);
    assert!((alpha[1]["mean_score"].as_f64().unwrap() - 0.96).abs() < 1e-9);
    assert_eq!(alpha[0]["share_at_one"].as_f64(), Some(0.5));
    assert!((alpha[0]["mean_starting_confidence"].as_f64().unwrap() - 0.9).abs() < 1e-9);
    // Gamma's O1-KR2 scores 0.50 from its check-in but was frozen at 0.80 by the close.
    let gamma = &teams[2]["cycles"];
    assert_eq!(
        gamma.as_array().unwrap().len(),
        1,
        "the running 2026-Q1 cycle is left out"
    );
    assert_eq!(gamma[0]["key_results"][1]["score"].as_f64(), Some(0.8));
    assert!((gamma[0]["mean_score"].as_f64().unwrap() - 0.7).abs() < 1e-9);
}

#[test]
fn a_kr_carried_over_without_reaching_the_bar_is_listed() {
    let teams = teams();
    let carried = teams[1]["carried_over"].as_array().unwrap();
    assert_eq!(carried.len(), 1);
    let cycles: Vec<&str> = carried[0]["cycles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[0].as_str().unwrap())
        .collect();
    assert_eq!(cycles, ["2025-Q3", "2025-Q4"]);
    assert!(teams[0]["carried_over"].as_array().unwrap().is_empty());
}

#[test]
fn cycles_limits_each_team_to_its_latest() {
    let teams: serde_json::Value =
        serde_json::from_str(&history(&["--cycles", "1", "--format", "json"])).unwrap();
    let alpha = teams[0]["cycles"].as_array().unwrap();
    assert_eq!(alpha.len(), 1);
    assert_eq!(alpha[0]["cycle"], "2025-Q4");
    // One cycle cannot carry a KR over.
    assert!(teams[1]["carried_over"].as_array().unwrap().is_empty());
}

#[test]
fn the_dashboard_has_a_cross_cycle_page_with_the_same_figures() {
    let site = tempfile::tempdir().unwrap();
    let fixtures = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir("tests/fixtures/history").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        // A team name that must be escaped, not run.
        let text = text.replace("team: Beta", "team: Beta <script>alert(1)</script>");
        std::fs::write(fixtures.path().join(path.file_name().unwrap()), text).unwrap();
    }
    Command::cargo_bin("okr")
        .unwrap()
        .args(["report", "--html"])
        .arg(site.path())
        .arg(fixtures.path())
        .args(["--as-of", "2026-01-15"])
        .assert()
        .success();
    let page = std::fs::read_to_string(site.path().join("history.html")).unwrap();
    assert!(page.contains("<h2>Alpha</h2>"), "{page}");
    assert!(page.contains("<td>2025-Q3</td><td class=\"num\">2</td><td class=\"num\">0.98</td><td class=\"num\">50%</td>"), "{page}");
    assert!(page.contains("Calibration: sandbagging"), "{page}");
    assert!(
        page.contains("Raise weekly active teams from 10 to 100 teams by Dec 31"),
        "{page}"
    );
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(page.contains("&lt;script&gt;"), "{page}");
    let index = std::fs::read_to_string(site.path().join("index.html")).unwrap();
    assert!(index.contains("href=\"history.html\""));
}
