//! Measures the reader and the rules on a corpus of real OKR files with an answer key:
//! `COUNTS.json` (objectives and KRs a coach counted per file), `EXPECTED.json` (every
//! objective and KR statement, in order) and `labels.json` (a coach's verdict on chosen
//! statements). For each file it prints what was counted and read, how many statements
//! matched the key, how many read items were extra, and which labelled problems lint
//! flagged on the statement's own line; then the totals.
//!
//! Run: `cargo run --release --example corpus -- ../shared/corpus` (or `benches/corpus.sh`);
//! `CORPUS_SHOW=FILE` also lists that file's key statements not read (`-`) and read
//! statements not in the key (`+`).

use okr::config::Config;
use okr::doc::Document;
use okr::lint::lint_document;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The rules that answer each of the coach's problem labels.
const LABEL_RULES: &[(&str, &[&str])] = &[
    ("objective-has-number", &["OKR301"]),
    ("objective-is-project", &["OKR302"]),
    ("kr-is-activity", &["OKR410"]),
    ("kr-no-number", &["OKR411"]),
    ("kr-no-baseline", &["OKR401", "OKR412"]),
];

/// The rules about how an objective is written: an `ok` objective should get none.
const OBJECTIVE_RULES: &[&str] = &["OKR301", "OKR302", "OKR303", "OKR304"];

fn main() {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: corpus DIR (holding COUNTS.json, EXPECTED.json and labels.json)");
        std::process::exit(2);
    };
    let counts = json(&dir.join("COUNTS.json"));
    let expected = json(&dir.join("EXPECTED.json"));
    let labels = json(&dir.join("labels.json"));
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
    let mut total = Totals::default();
    println!(
        "{:<34} {:>9} {:>9} {:>7} {:>6} {:>8}  flagged",
        "file", "obj c/r", "KR c/r", "match", "extra", "ok-quiet"
    );
    let files: BTreeMap<&String, &Value> = counts
        .as_object()
        .expect("COUNTS.json is an object")
        .iter()
        .filter(|(k, _)| !k.starts_with('_'))
        .collect();
    for (name, count) in files {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let doc = okr::workspace::read_okr_document(&path, text.clone());
        let read = Read::of(doc.as_ref());
        let key = &expected[name.as_str()];
        let objectives_counted = count[0].as_u64().unwrap_or(0) as usize;
        let krs_counted = count[1].as_u64().unwrap_or(0) as usize;
        let key_krs: Vec<String> = key["krs"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|k| norm(k["statement"].as_str().unwrap_or("")))
                    .collect()
            })
            .unwrap_or_default();
        let matched = matches(&key_krs, &read.krs);
        if std::env::var("CORPUS_SHOW").is_ok_and(|f| &f == name) {
            for k in &key_krs {
                let found = read.krs.iter().any(|r| same(k, r));
                println!("  key {} {k}", if found { "=" } else { "-" });
            }
            for r in &read.krs {
                if !key_krs.iter().any(|k| same(k, r)) {
                    println!("  read + {r}");
                }
            }
        }
        let extra = read.krs.len().saturating_sub(matched);
        let diagnostics = doc.as_ref().map_or_else(Vec::new, |d| {
            let config = okr::workspace::config_for(&path, None)
                .map(|c| (*c).clone())
                .unwrap_or_else(|_| Config::default());
            lint_document(d, &config, as_of, &okr::align::RepoIndex::new())
        });
        let mut flagged = Vec::new();
        let mut quiet = (0, 0);
        for label in labels.as_array().into_iter().flatten() {
            if label["file"].as_str() != Some(name.as_str()) {
                continue;
            }
            let statement = label["statement"].as_str().unwrap_or("");
            let line = line_of(&text, statement);
            let codes_at = |codes: &[&str]| {
                line.is_some_and(|l| {
                    diagnostics
                        .iter()
                        .any(|d| d.line == l && codes.contains(&d.code))
                })
            };
            for tag in label["labels"].as_array().into_iter().flatten() {
                let tag = tag.as_str().unwrap_or("");
                if tag == "ok" && label["kind"] == "objective" {
                    quiet.1 += 1;
                    if !codes_at(OBJECTIVE_RULES) {
                        quiet.0 += 1;
                    }
                }
                if let Some((_, codes)) = LABEL_RULES.iter().find(|(t, _)| *t == tag) {
                    total.problems += 1;
                    if codes_at(codes) {
                        total.flagged += 1;
                        flagged.push(format!("+{tag}"));
                    } else {
                        flagged.push(format!("-{tag}"));
                        if std::env::var("CORPUS_MISSES").is_ok() {
                            let at: Vec<String> = diagnostics
                                .iter()
                                .filter(|d| Some(d.line) == line)
                                .map(|d| d.code.to_string())
                                .collect();
                            eprintln!("miss {name}:{line:?} {tag} [{}] {statement}", at.join(","));
                        }
                    }
                }
            }
        }
        println!(
            "{:<34} {:>4}/{:<4} {:>4}/{:<4} {:>7} {:>6} {:>4}/{:<3}  {}",
            name,
            objectives_counted,
            read.objectives,
            krs_counted,
            read.krs.len(),
            matched,
            extra,
            quiet.0,
            quiet.1,
            flagged.join(" ")
        );
        total.files += 1;
        total.files_read += usize::from(doc.is_some());
        total.krs_counted += krs_counted;
        total.krs_matched += matched;
        total.krs_found += read.krs.len().min(krs_counted);
        total.extra += extra;
        total.ok_objectives += quiet.1;
        total.quiet += quiet.0;
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!();
    println!(
        "files read:            {} of {}",
        total.files_read, total.files
    );
    println!(
        "KRs found:             {} of {} counted ({:.0}%); statements matching the key: {} ({:.0}%)",
        total.krs_found,
        total.krs_counted,
        pct(total.krs_found, total.krs_counted),
        total.krs_matched,
        pct(total.krs_matched, total.krs_counted)
    );
    println!(
        "extra KRs:             {} ({:.0}% of the counted)",
        total.extra,
        pct(total.extra, total.krs_counted)
    );
    println!(
        "labelled problems:     {} of {} flagged on their own line ({:.0}%)",
        total.flagged,
        total.problems,
        pct(total.flagged, total.problems)
    );
    println!(
        "ok objectives quiet:   {} of {} ({:.0}%)",
        total.quiet,
        total.ok_objectives,
        pct(total.quiet, total.ok_objectives)
    );
}

#[derive(Default)]
struct Totals {
    files: usize,
    files_read: usize,
    krs_counted: usize,
    krs_found: usize,
    krs_matched: usize,
    extra: usize,
    problems: usize,
    flagged: usize,
    ok_objectives: usize,
    quiet: usize,
}

/// What the reader made of a file.
struct Read {
    objectives: usize,
    krs: Vec<String>,
}

impl Read {
    fn of(doc: Option<&Document>) -> Self {
        let Some(doc) = doc else {
            return Read {
                objectives: 0,
                krs: Vec::new(),
            };
        };
        Read {
            objectives: doc.objectives.len(),
            krs: doc
                .objectives
                .iter()
                .flat_map(|o| &o.key_results)
                .map(|k| norm(&k.heading.statement.value))
                .collect(),
        }
    }
}

fn json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Lower case, letters and digits only, words joined by single spaces.
fn norm(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a statement read is the key's: the same words, or one holding the other when
/// the shorter has at least four words (a label or an owner left on one side).
fn same(key: &str, read: &str) -> bool {
    if key == read {
        return true;
    }
    let (short, long) = if key.len() <= read.len() {
        (key, read)
    } else {
        (read, key)
    };
    short.split(' ').count() >= 4 && long.contains(short)
}

/// How many key statements are matched by a read statement, in order.
fn matches(key: &[String], read: &[String]) -> usize {
    let mut used = vec![false; read.len()];
    let mut found = 0;
    for k in key {
        if let Some(i) = (0..read.len()).find(|&i| !used[i] && same(k, &read[i])) {
            used[i] = true;
            found += 1;
        }
    }
    found
}

/// The 1-based line of the file where `statement` is written: the line whose words
/// hold the statement's first words.
fn line_of(text: &str, statement: &str) -> Option<usize> {
    let words: Vec<String> = norm(statement)
        .split(' ')
        .take(6)
        .map(str::to_string)
        .collect();
    let probe = words.join(" ");
    if probe.is_empty() {
        return None;
    }
    text.lines()
        .position(|line| norm(line).contains(&probe))
        .map(|i| i + 1)
}
