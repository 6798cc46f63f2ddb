//! Review-time output: SARIF for GitHub code scanning (checked against the OASIS
//! schema) and GitLab Code Quality JSON.

use assert_cmd::Command;
use serde_json::Value;

fn lint(format: &str) -> Value {
    let out = Command::cargo_bin("okr")
        .unwrap()
        .args([
            "lint",
            "examples/bad.md",
            "tests/fixtures/rules/OKR901/bad.md",
            "--as-of",
            "2026-11-23",
            "--format",
            format,
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0_with_every_finding() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string("tests/fixtures/sarif/sarif-schema-2.1.0.json").unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft7::new(&schema).unwrap();
    let sarif = lint("sarif");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let findings = lint("json");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), findings.as_array().unwrap().len());
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for (result, finding) in results.iter().zip(findings.as_array().unwrap()) {
        assert_eq!(result["ruleId"], finding["code"]);
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], finding["code"]);
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], finding["line"]);
        assert_eq!(region["startColumn"], finding["column"]);
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert_eq!(uri, finding["path"].as_str().unwrap());
    }
    // A result that breaks the schema is caught: the check can fail.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn gitlab_output_has_one_issue_per_finding_with_unique_fingerprints() {
    let issues = lint("gitlab");
    let findings = lint("json");
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), findings.as_array().unwrap().len());
    let mut prints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    prints.sort();
    prints.dedup();
    assert_eq!(prints.len(), issues.len(), "fingerprints repeat");
    for (issue, finding) in issues.iter().zip(findings.as_array().unwrap()) {
        assert_eq!(issue["location"]["path"], finding["path"]);
        assert_eq!(issue["location"]["lines"]["begin"], finding["line"]);
        let severity = if finding["severity"] == "error" {
            "major"
        } else {
            "minor"
        };
        assert_eq!(issue["severity"], severity);
        assert!(issue["check_name"]
            .as_str()
            .unwrap()
            .starts_with(finding["code"].as_str().unwrap()));
    }
    // Fingerprints are stable from run to run.
    assert_eq!(lint("gitlab"), lint("gitlab"));
}
