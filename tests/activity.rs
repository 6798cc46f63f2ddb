//! OKR410's judge against a labelled set of KR statements: precision and recall.

use okr::config::DEFAULT_ACTIVITY_VERBS;
use okr::lint::activity::judge;

fn statements(name: &str) -> Vec<String> {
    let path = format!(
        "{}/tests/fixtures/activity/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Precision and recall of the judge on one labelled pair of files, printed and returned.
fn measure(activity: &str, outcome: &str) -> (f64, f64) {
    let verbs: Vec<String> = DEFAULT_ACTIVITY_VERBS
        .iter()
        .map(|v| v.to_string())
        .collect();
    let activities = statements(activity);
    let outcomes = statements(outcome);
    let missed: Vec<&String> = activities
        .iter()
        .filter(|s| judge(s, &verbs).is_none())
        .collect();
    let wrong: Vec<&String> = outcomes
        .iter()
        .filter(|s| judge(s, &verbs).is_some())
        .collect();
    let found = activities.len() - missed.len();
    let precision = found as f64 / (found + wrong.len()) as f64;
    let recall = found as f64 / activities.len() as f64;
    eprintln!(
        "OKR410 on {} activity and {} outcome statements: precision {precision:.3}, recall {recall:.3}",
        activities.len(),
        outcomes.len()
    );
    eprintln!("missed activities: {missed:#?}\noutcomes taken for activities: {wrong:#?}");
    (precision, recall)
}

#[test]
fn activity_judge_has_high_precision_and_recall() {
    assert!(statements("activity.txt").len() >= 60 && statements("outcome.txt").len() >= 60);
    let (precision, recall) = measure("activity.txt", "outcome.txt");
    assert!(precision >= 0.95 && recall >= 0.95);
}

#[test]
fn activity_judge_holds_up_on_statements_it_was_not_tuned_on() {
    let (precision, recall) = measure("holdout-activity.txt", "holdout-outcome.txt");
    assert!(precision >= 0.9 && recall >= 0.9);
}
