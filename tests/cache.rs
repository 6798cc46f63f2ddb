//! The lint cache can't go stale. Each test plants a marker finding in every cached
//! entry: a run that shows the marker used the cache, and a run after a change that
//! matters must not show it.

use assert_cmd::Command;
use serde_json::{json, Value};
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const AS_OF: &str = "2026-12-01";
const MARKER: &str = "planted in the cache by the test";

/// A repository with a company document and a team document linking to it.
fn workspace() -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let root = dir.path().canonicalize().unwrap();
    fs::create_dir_all(root.join("okrs/company")).unwrap();
    fs::create_dir_all(root.join("okrs/growth")).unwrap();
    fs::write(root.join("okr.yaml"), "staleness_days: 100000\n").unwrap();
    fs::copy("tests/fixtures/lsp/company.md", root.join(COMPANY)).unwrap();
    fs::copy("tests/fixtures/lsp/team.md", root.join(TEAM)).unwrap();
    (dir, root)
}

const COMPANY: &str = "okrs/company/2026.md";
const TEAM: &str = "okrs/growth/2026-Q4.md";

fn okr(root: &Path) -> Command {
    let mut cmd = Command::cargo_bin("okr").unwrap();
    cmd.env("NO_COLOR", "1")
        .env_remove("OKR_CACHE_DIR")
        .env_remove("OKR_NO_CACHE")
        .current_dir(root);
    cmd
}

/// `okr lint okrs --format json`: each finding as `path code message`.
fn lint(root: &Path, extra: &[&str]) -> Vec<String> {
    lint_on(root, AS_OF, extra)
}

/// [`lint`] as of another day.
fn lint_on(root: &Path, as_of: &str, extra: &[&str]) -> Vec<String> {
    lint_these(root, &["okrs"], as_of, extra)
}

/// `okr lint PATHS --format json`: each finding as `path code message`.
fn lint_these(root: &Path, paths: &[&str], as_of: &str, extra: &[&str]) -> Vec<String> {
    let out = okr(root)
        .arg("lint")
        .args(paths)
        .args(["--format", "json", "--as-of", as_of])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.code().unwrap() < 2, "{out:?}");
    let found: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    found
        .iter()
        .map(|d| format!("{} {} {}", d["path"], d["code"], d["message"]).replace('"', ""))
        .collect()
}

fn cache_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root.join(".okr_cache/lint"))
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// Adds the marker finding to every cached entry (and lets `edit` change the file).
fn plant(root: &Path, edit: impl Fn(&mut Value)) {
    let files = cache_files(root);
    assert!(!files.is_empty(), "the first run wrote no cache");
    for file in files {
        let mut cache: Value = serde_json::from_slice(&fs::read(&file).unwrap()).unwrap();
        for entry in cache["entries"].as_object_mut().unwrap().values_mut() {
            entry["diagnostics"].as_array_mut().unwrap().push(json!({
                "line": 1, "column": 1, "end_line": 1, "end_column": 2, "code": "OKR003",
                "severity": "warning", "message": MARKER, "source_line": "---"
            }));
        }
        edit(&mut cache);
        fs::write(&file, serde_json::to_vec(&cache).unwrap()).unwrap();
    }
}

fn planted(found: &[String], doc: &str) -> bool {
    found
        .iter()
        .any(|f| f.contains(MARKER) && f.starts_with(doc))
}

#[test]
fn a_repeat_run_reads_the_cache_and_agrees_with_a_fresh_one() {
    let (_dir, root) = workspace();
    let first = lint(&root, &[]);
    assert_eq!(first, lint(&root, &["--no-cache"]));
    let ignore = fs::read_to_string(root.join(".okr_cache/.gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
    assert_eq!(lint(&root, &[]), first, "a warm run changes nothing");
    plant(&root, |_| {});
    let warm = lint(&root, &[]);
    assert!(planted(&warm, TEAM) && planted(&warm, COMPANY), "{warm:?}");
    assert!(!lint(&root, &["--no-cache"])
        .iter()
        .any(|f| f.contains(MARKER)));
}

#[test]
fn editing_a_company_kr_invalidates_the_team_documents_that_link_to_it() {
    let (_dir, root) = workspace();
    assert!(lint(&root, &[]).iter().all(|f| !f.contains("OKR7")));
    plant(&root, |_| {});
    let company = root.join(COMPANY);
    let text = fs::read_to_string(&company).unwrap();
    fs::write(&company, text.replace("O1-KR2", "O1-KR3")).unwrap();
    let found = lint(&root, &[]);
    assert!(!planted(&found, TEAM), "stale team result: {found:?}");
    assert!(
        found
            .iter()
            .any(|f| f.starts_with(TEAM) && f.contains("has no O1-KR2")),
        "{found:?}"
    );
    assert_eq!(found, lint(&root, &["--no-cache"]));
}

#[test]
fn an_unrelated_edit_keeps_the_other_documents_cached() {
    let (_dir, root) = workspace();
    lint(&root, &[]);
    plant(&root, |_| {});
    let team = root.join(TEAM);
    let text = fs::read_to_string(&team).unwrap();
    fs::write(
        &team,
        text.replace("Objectives stay short", "Objectives stay brief"),
    )
    .unwrap();
    let found = lint(&root, &[]);
    assert!(!planted(&found, TEAM), "{found:?}");
    assert!(
        planted(&found, COMPANY),
        "the company document did not change: {found:?}"
    );
}

#[test]
fn a_config_change_invalidates_everything_under_it() {
    let (_dir, root) = workspace();
    lint(&root, &[]);
    plant(&root, |_| {});
    fs::write(root.join("okr.yaml"), "staleness_days: 100000\n# edited\n").unwrap();
    let found = lint(&root, &[]);
    assert!(!found.iter().any(|f| f.contains(MARKER)), "{found:?}");
}

#[test]
fn another_as_of_date_or_okr_version_misses() {
    let (_dir, root) = workspace();
    lint(&root, &[]);
    plant(&root, |_| {});
    let other_day = lint_on(&root, "2026-12-02", &[]);
    assert!(!other_day.iter().any(|f| f.contains(MARKER)));
    // The run above rewrote the cache for its own day; plant again, as another version.
    plant(&root, |cache| cache["okr"] = json!("0.0.0-older"));
    let found = lint_on(&root, "2026-12-02", &[]);
    assert!(!found.iter().any(|f| f.contains(MARKER)), "{found:?}");
}

#[test]
fn a_truncated_cache_file_is_ignored_and_rebuilt() {
    let (_dir, root) = workspace();
    let fresh = lint(&root, &[]);
    for file in cache_files(&root) {
        let bytes = fs::read(&file).unwrap();
        fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    }
    assert_eq!(lint(&root, &[]), fresh);
    for file in cache_files(&root) {
        serde_json::from_slice::<Value>(&fs::read(&file).unwrap()).expect("rebuilt whole");
    }
    plant(&root, |_| {});
    assert!(
        lint(&root, &[]).iter().any(|f| f.contains(MARKER)),
        "rebuilt and used"
    );
}

#[test]
fn processes_writing_the_cache_at_once_leave_a_whole_file() {
    let (_dir, root) = workspace();
    let fresh = lint(&root, &["--no-cache"]);
    for round in 0..5 {
        // Each round edits the team document, so that every process writes.
        let team = root.join(TEAM);
        let text = fs::read_to_string(&team).unwrap();
        fs::write(&team, format!("{text}\n<!-- round {round} -->\n")).unwrap();
        let runs: Vec<_> = (0..4)
            .map(|_| {
                std::process::Command::new(env!("CARGO_BIN_EXE_okr"))
                    .args(["lint", "okrs", "--format", "json", "--as-of", AS_OF])
                    .env_remove("OKR_CACHE_DIR")
                    .current_dir(&root)
                    .stdout(std::process::Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for run in runs {
            let status = run.wait_with_output().unwrap().status;
            assert!(status.code().unwrap() < 2);
        }
        for file in cache_files(&root) {
            serde_json::from_slice::<Value>(&fs::read(&file).unwrap()).expect("a whole file");
        }
        assert_eq!(lint(&root, &[]), fresh);
    }
}

#[test]
fn no_cache_writes_nothing_and_clean_removes_the_cache() {
    let (_dir, root) = workspace();
    lint(&root, &["--no-cache"]);
    assert!(!root.join(".okr_cache").exists());
    okr(&root)
        .args(["lint", "okrs", "--as-of", AS_OF])
        .env("OKR_NO_CACHE", "1")
        .output()
        .unwrap();
    assert!(
        !root.join(".okr_cache").exists(),
        "OKR_NO_CACHE=1 is --no-cache"
    );
    lint(&root, &[]);
    assert!(root.join(".okr_cache").is_dir());
    okr(&root)
        .arg("clean")
        .assert()
        .success()
        .stdout(predicates::str::contains("removed"));
    assert!(!root.join(".okr_cache").exists());
    okr(&root)
        .arg("clean")
        .assert()
        .success()
        .stdout("okr: no cache to remove\n");
}

#[test]
fn okr_cache_dir_moves_the_cache() {
    let (_dir, root) = workspace();
    let elsewhere = TempDir::new().unwrap();
    okr(&root)
        .args(["lint", "okrs", "--as-of", AS_OF])
        .env("OKR_CACHE_DIR", elsewhere.path())
        .output()
        .unwrap();
    assert!(!root.join(".okr_cache").exists());
    assert!(elsewhere.path().join("lint").read_dir().unwrap().count() > 0);
}

#[test]
fn a_settled_file_is_known_by_its_stamp_and_any_write_to_it_is_seen() {
    let (_dir, root) = workspace();
    // A file written in the last two seconds is never trusted by its stamp.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    lint(&root, &[]);
    // Only the stamp can match now: every entry's content digest is wrong.
    plant(&root, |cache| {
        for entry in cache["entries"].as_object_mut().unwrap().values_mut() {
            assert!(entry["stamp"].is_object(), "no stamp recorded: {entry}");
            entry["content"] = json!("0".repeat(64));
        }
    });
    let warm = lint(&root, &[]);
    assert!(planted(&warm, TEAM) && planted(&warm, COMPANY), "{warm:?}");
    // Same size, modification time put back: the change time still moves.
    let team = root.join(TEAM);
    let modified = fs::metadata(&team).unwrap().modified().unwrap();
    let text = fs::read_to_string(&team).unwrap();
    fs::write(
        &team,
        text.replace("Objectives stay short", "Objectives stay SHORT"),
    )
    .unwrap();
    fs::File::options()
        .write(true)
        .open(&team)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let found = lint(&root, &[]);
    assert!(!planted(&found, TEAM), "stale by stamp: {found:?}");
    assert!(planted(&found, COMPANY), "{found:?}");
}

#[test]
fn a_file_found_by_content_under_a_new_stamp_is_restamped() {
    let (_dir, root) = workspace();
    lint(&root, &[]);
    let stamps = |root: &Path| -> usize {
        cache_files(root)
            .iter()
            .map(|f| serde_json::from_slice::<Value>(&fs::read(f).unwrap()).unwrap())
            .map(|c| {
                let entries = c["entries"].as_object().unwrap().clone();
                entries.values().filter(|e| e["stamp"].is_object()).count()
            })
            .sum()
    };
    assert_eq!(stamps(&root), 0, "files written just now are not stamped");
    std::thread::sleep(std::time::Duration::from_millis(2100));
    lint(&root, &[]);
    assert_eq!(stamps(&root), 2, "both documents are stamped once settled");
}

/// [`workspace`] without the company document and without the team's links to it.
fn unaligned_workspace() -> (TempDir, PathBuf) {
    let (dir, root) = workspace();
    fs::remove_file(root.join(COMPANY)).unwrap();
    let team = root.join(TEAM);
    let text = fs::read_to_string(&team).unwrap();
    let unlinked: String = text
        .lines()
        .filter(|l| !l.starts_with("parent:") && !l.starts_with("- Contributes to:"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(&team, unlinked).unwrap();
    (dir, root)
}

#[test]
fn a_company_document_added_anywhere_in_the_tree_invalidates_unlinked_team_documents() {
    for args in [&["okrs"][..], &[TEAM][..]] {
        let (_dir, root) = unaligned_workspace();
        let before = lint_these(&root, args, AS_OF, &[]);
        assert!(!before.iter().any(|f| f.contains("OKR705")), "{before:?}");
        plant(&root, |_| {});
        let warm = lint_these(&root, args, AS_OF, &[]);
        assert!(warm.iter().any(|f| f.contains(MARKER)), "cached");
        fs::copy("tests/fixtures/lsp/company.md", root.join(COMPANY)).unwrap();
        let after = lint_these(&root, args, AS_OF, &[]);
        assert!(
            !after.iter().any(|f| f.contains(MARKER)),
            "stale: {after:?}"
        );
        assert!(
            after.iter().any(|f| f.contains("OKR705")),
            "{args:?}: {after:?}"
        );
    }
}

#[test]
fn a_decision_logged_for_a_locked_kr_invalidates_the_document_it_governs() {
    let (_dir, root) = workspace();
    okr(&root)
        .args(["lock", "--as-of", AS_OF])
        .assert()
        .success();
    let team = root.join(TEAM);
    let text = fs::read_to_string(&team).unwrap();
    fs::write(&team, text.replace("- Target: 3.6%", "- Target: 3.5%")).unwrap();
    let changed = |found: &[String]| found.iter().any(|f| f.contains("OKR802"));
    assert!(
        changed(&lint(&root, &[])),
        "the target moved since the lock"
    );
    plant(&root, |_| {});
    assert!(planted(&lint(&root, &[]), TEAM), "cached");
    okr(&root)
        .args(["decide", "Lower the target after the pricing change"])
        .args(["--kr", &format!("{TEAM}#O1-KR1")])
        .assert()
        .success();
    let found = lint(&root, &[]);
    assert!(!planted(&found, TEAM), "stale: {found:?}");
    assert!(
        !changed(&found),
        "the decision covers the change: {found:?}"
    );
    assert!(
        planted(&found, COMPANY),
        "no change of the company's read the log: {found:?}"
    );
}

#[test]
fn a_sibling_rewritten_in_place_as_a_company_document_is_seen_by_a_single_file_lint() {
    let (_dir, root) = unaligned_workspace();
    let other = root.join("okrs/support/2026-Q4.md");
    fs::create_dir_all(other.parent().unwrap()).unwrap();
    let text = fs::read_to_string(root.join(TEAM)).unwrap();
    // Padded to the length of `level: company`, so that the rewrite keeps the size.
    let padded = "level: team   \nteam: Support";
    fs::write(&other, text.replace("team: Growth", padded)).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let single = |root: &Path| lint_these(root, &[TEAM], AS_OF, &[]);
    assert!(!single(&root).iter().any(|c| c.contains("OKR705")));
    let heads = fs::read_dir(root.join(".okr_cache/company"))
        .unwrap()
        .count();
    assert_eq!(heads, 1, "the tree's heads are kept once settled");
    assert!(!single(&root).iter().any(|c| c.contains("OKR705")), "warm");
    let modified = fs::metadata(&other).unwrap().modified().unwrap();
    let now_company = fs::read_to_string(&other)
        .unwrap()
        .replace("level: team   ", "level: company");
    fs::write(&other, now_company).unwrap();
    fs::File::options()
        .write(true)
        .open(&other)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    // Settled again, so the rewrite must be told by its stamp, not by its recency.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let found = single(&root);
    assert!(
        found.iter().any(|c| c.contains("OKR705")),
        "stale heads: {found:?}"
    );
    // A truncated heads file is ignored and written whole again.
    let heads = fs::read_dir(root.join(".okr_cache/company"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let bytes = fs::read(&heads).unwrap();
    fs::write(&heads, &bytes[..bytes.len() / 2]).unwrap();
    assert_eq!(single(&root), found);
    serde_json::from_slice::<Value>(&fs::read(&heads).unwrap()).expect("rebuilt whole");
}
