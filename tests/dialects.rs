//! Every Markdown dialect okr reads: what lint says about each, and `okr fmt`'s promise
//! (idempotent, same model, no byte lost outside the items it rewrites).

use chrono::NaiveDate;
use okr::align::RepoIndex;
use okr::config::Config;
use okr::doc::parse::parse_document;
use okr::edit::fmt::format_text;
use okr::lint::lint_document;
use okr::score::evaluate_document;
use proptest::prelude::*;
use std::path::Path;

const DIALECTS: &str = "tests/fixtures/dialects";

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

/// The scores of `text` as JSON, with where each value came from left out.
fn model(text: &str) -> serde_json::Value {
    let doc = parse_document("t.md", text.to_string());
    let score = evaluate_document(&doc, &Config::default(), Some(as_of()), as_of());
    let mut json = serde_json::to_value(score).unwrap();
    json["path"] = serde_json::Value::Null;
    drop_origins(&mut json);
    json
}

/// Removes every `…_from` key: `okr fmt` moves values into the card, so their origin changes.
fn drop_origins(json: &mut serde_json::Value) {
    match json {
        serde_json::Value::Object(map) => {
            map.retain(|key, _| !key.ends_with("_from"));
            map.values_mut().for_each(drop_origins);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_origins),
        _ => {}
    }
}

fn fixtures() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(DIALECTS)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

#[test]
fn lint_on_each_dialect() {
    // Linted from a directory outside any repository: the fixtures' own git history is
    // not part of what they show.
    let outside = tempfile::tempdir().unwrap();
    for path in fixtures() {
        let text = std::fs::read_to_string(&path).unwrap();
        let copy = outside.path().join(path.file_name().unwrap());
        std::fs::write(&copy, &text).unwrap();
        let doc = parse_document(&copy, text);
        let diagnostics = lint_document(&doc, &Config::default(), as_of(), &RepoIndex::new());
        let report: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.code != "OKR607")
            .map(|d| format!("{}:{} {} {}", d.line, d.column, d.code, d.message))
            .collect();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        insta::assert_snapshot!(name, report.join("\n"));
    }
}

#[test]
fn each_dialect_reads_objectives_and_key_results() {
    let okr_documents = fixtures().into_iter().filter(|p| {
        !p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("not-okr"))
    });
    for path in okr_documents {
        let doc = parse_document(&path, std::fs::read_to_string(&path).unwrap());
        assert!(!doc.objectives.is_empty(), "{}", path.display());
        for objective in &doc.objectives {
            assert!(
                !objective.key_results.is_empty(),
                "{}: {}",
                path.display(),
                objective.heading.statement.value
            );
        }
    }
}

#[test]
fn how_to_pages_are_not_okr_documents() {
    for name in ["not-okr.md", "not-okr-how-to.md"] {
        let path = Path::new(DIALECTS).join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            okr::workspace::read_okr_document(&path, text).is_none(),
            "{name}"
        );
    }
}

#[test]
fn fmt_keeps_the_model_and_is_idempotent_on_every_fixture() {
    for path in fixtures() {
        let text = std::fs::read_to_string(&path).unwrap();
        let once = format_text(&path, &text);
        assert_eq!(model(&text), model(&once), "{}", path.display());
        assert_eq!(
            format_text(&path, &once),
            once,
            "{} is not idempotent",
            path.display()
        );
        assert!(
            parse_document(&path, once.clone()).is_canonical(),
            "{}",
            path.display()
        );
    }
}

#[test]
fn the_seed_template_scores_like_its_canonical_form() {
    let seed = std::fs::read_to_string(Path::new(DIALECTS).join("seed-template.md")).unwrap();
    let gold = std::fs::read_to_string(Path::new(DIALECTS).join("canonical/seed-gold.md")).unwrap();
    assert_eq!(model(&seed), model(&gold));
    let doc = parse_document("seed.md", seed);
    let missing = lint_document(&doc, &Config::default(), as_of(), &RepoIndex::new());
    let codes = ["OKR401", "OKR402", "OKR403", "OKR404", "OKR405"];
    assert!(
        missing.iter().all(|d| !codes.contains(&d.code)),
        "{missing:?}"
    );
}

/// A document in one of the dialects, with marked prose that must survive `okr fmt`.
fn dialect_document() -> impl Strategy<Value = String> {
    let objective = prop_oneof![
        Just("Objective: {s}\n"),
        Just("## {s}\n"),
        Just("### Objective 1: {s}\n"),
        Just("**{s}**\n"),
        Just("* **Objective:** {s}\n"),
        Just("### Objective 1\n{s}\n\n#### Key results:\n"),
        Just("O9. {s}\n"),
        Just("TABLE"),
    ];
    let kr = prop_oneof![
        Just("- KR {n}: Reduce wait time from {b} days to 2 days by Mar 31. Owner: Ana. Source: Helpdesk."),
        Just("- Grow weekly active teams from {b} to 900 by end of Q1 @ana"),
        Just("* [ ] Cut p95 latency from {b} ms to 300 ms (Owner: Li; Source: Telemetry)"),
        Just("1. Key result: Lift NPS from {b} to 40 by EOQ [p1]"),
    ];
    let statements = [
        "Customers get value on day one",
        "Teams trust the platform",
        "Support feels effortless",
    ];
    (
        proptest::collection::vec(
            (objective, proptest::collection::vec(kr, 1..4), 0usize..3),
            1..4,
        ),
        any::<bool>(),
        any::<bool>(),
        (any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(
            move |(objectives, crlf, title_cycle, (bom, set_heading, final_newline))| {
                let mut text = String::from(if title_cycle {
                    "# Team OKRs, Q1 2026\n\n"
                } else {
                    "---\ncycle: 2026-Q1\n---\n# Team\n\n"
                });
                if set_heading {
                    text.push_str("## 2026 Q1\n\n");
                }
                for (i, (shape, krs, which)) in objectives.iter().enumerate() {
                    if *shape == "TABLE" {
                        text.push_str(&format!(
                            "## {}\n\n| Key result | Owner |\n|---|---|\n",
                            statements[*which]
                        ));
                        for n in 0..krs.len() {
                            text.push_str(&format!(
                                "| Raise trial conversion from {} to 20 by Mar 31 | Ana |\n",
                                10 + n
                            ));
                        }
                        text.push_str(&format!("\nKeep-this-prose-{i}.\n\n"));
                        continue;
                    }
                    text.push_str(&shape.replace("{s}", statements[*which]));
                    text.push('\n');
                    let nested = shape.starts_with("* ");
                    for (n, kr) in krs.iter().enumerate() {
                        if nested {
                            text.push_str("    ");
                        }
                        text.push_str(
                            &kr.replace("{n}", &(n + 1).to_string())
                                .replace("{b}", &(10 + n).to_string()),
                        );
                        text.push('\n');
                    }
                    text.push_str(&format!("\nKeep-this-prose-{i}.\n\n"));
                }
                if !final_newline {
                    text.truncate(text.trim_end().len());
                }
                if crlf {
                    text = text.replace('\n', "\r\n");
                }
                if bom {
                    text.insert(0, '\u{feff}');
                }
                text
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn fmt_is_idempotent_keeps_the_model_and_the_prose(text in dialect_document()) {
        let once = format_text(Path::new("t.md"), &text);
        let before = model(&text);
        let krs = before["summary"]["key_results"].as_u64().unwrap_or(0);
        prop_assert!(krs > 0, "nothing read from {:?}: {}", text, before);
        prop_assert_eq!(before, model(&once), "{:?}\n{:?}", text, once);
        prop_assert_eq!(format_text(Path::new("t.md"), &once), once.clone());
        for line in text.lines().filter(|l| l.starts_with("Keep-this-prose")) {
            prop_assert!(once.contains(line), "{:?} lost from {:?}", line, once);
        }
        prop_assert_eq!(text.contains("\r\n"), once.contains("\r\n"));
        prop_assert_eq!(text.ends_with('\n'), once.ends_with('\n'));
        prop_assert_eq!(text.starts_with('\u{feff}'), once.starts_with('\u{feff}'));
    }
}

/// The shapes real files use that okr reads by weighing evidence: how many objectives
/// and key results each fixture holds, and one key result's statement as read.
#[test]
fn shapes_read_from_evidence_read_exactly() {
    let cases = [
        (
            "goals-sections.md",
            3,
            6,
            "Tag 95% of running resources with an owning team",
        ),
        (
            "key-results-sections.md",
            2,
            5,
            "Lift second-month retention from 71% to 85%",
        ),
        (
            "chapter-objectives.md",
            2,
            4,
            "Reach 500 newsletter readers",
        ),
        (
            "id-table.md",
            2,
            5,
            "Grow self-service connectors from 4 to 15",
        ),
        ("languages.md", 3, 6, "配置相关工单数"),
        ("id-heading-table.md", 2, 4, "Rota rule breaks per week"),
        ("dash-labels.md", 2, 5, "the test suite runs on every push"),
        ("flat-o-kr.md", 2, 2, "Learn 3 pieces end to end (1/3)"),
        (
            "key-results-paragraph.md",
            2,
            4,
            "keep model spend under $2,000 a month",
        ),
    ];
    for (name, objectives, krs, statement) in cases {
        let path = Path::new(DIALECTS).join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = okr::workspace::read_okr_document(&path, text).expect(name);
        let read: Vec<&str> = doc
            .objectives
            .iter()
            .flat_map(|o| &o.key_results)
            .map(|k| k.heading.statement.value.as_str())
            .collect();
        assert_eq!(doc.objectives.len(), objectives, "{name}");
        assert_eq!(read.len(), krs, "{name}: {read:?}");
        assert!(read.contains(&statement), "{name}: {read:?}");
    }
}
