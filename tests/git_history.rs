//! History from git, against real repositories built in temporary directories: `--at`,
//! `okr log`, `okr diff`, OKR802 from the launch commit and OKR804.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

const DOC: &str = "okrs/growth.md";

/// A repository whose growth document has one cycle of history (2026-Q1) and whose
/// second cycle (2026-Q2) starts in a later commit.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.write(
            DOC,
            &std::fs::read_to_string("tests/fixtures/git/growth.md").unwrap(),
        );
        repo.commit("2026-01-05", "Launch Q1");
        repo.edit(|t| t + "| 2026-01-12 | O1-KR1 | 44% | 7 | First week | Keep going | |\n");
        repo.commit("2026-01-12", "Week 2 check-in");
        repo.edit(|t| t.replace("- Target: 60%", "- Target: 55%"));
        repo.commit("2026-02-02", "Lower the activation target");
        repo.write(
            "decision-log.md",
            "# Decision log\n\n## 2026-02-09: Report time counts working days\n\n- KR: okrs/growth.md#O1-KR2\n- Change: Target 2 days → 3 days\n",
        );
        repo.edit(|t| t.replace("- Target: 2 days", "- Target: 3 days"));
        repo.commit("2026-02-09", "Report time target with a decision");
        repo.edit(|t| {
            t.replace(
                "| 2026-01-12 | O1-KR1 | 44% |",
                "| 2026-01-12 | O1-KR1 | 47% |",
            ) + "| 2026-02-16 | O1-KR1 | 50% | 6 | Slower | Try the checklist | |\n"
        });
        repo.commit("2026-02-16", "Rewrite week 2, add week 7");
        repo.write(
            "okrs/growth-q2.md",
            &std::fs::read_to_string("tests/fixtures/git/growth.md")
                .unwrap()
                .replace("2026-Q1", "2026-Q2")
                .replace("Mar 31", "Jun 30")
                .replace("2026-03-31", "2026-06-30"),
        );
        repo.commit("2026-04-01", "Launch Q2");
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn git(&self, args: &[&str]) -> String {
        let out = std::process::Command::new("git")
            .args([
                "-c",
                "user.name=Dana Lee",
                "-c",
                "user.email=dana@example.com",
            ])
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(self.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn write(&self, path: &str, text: &str) {
        let path: PathBuf = self.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn edit(&self, change: impl Fn(String) -> String) {
        let text = std::fs::read_to_string(self.path().join(DOC)).unwrap();
        self.write(DOC, &change(text));
    }

    fn commit(&self, day: &str, message: &str) {
        self.git(&["add", "-A"]);
        let date = format!("{day}T10:00:00+00:00");
        let out = std::process::Command::new("git")
            .args([
                "-c",
                "user.name=Dana Lee",
                "-c",
                "user.email=dana@example.com",
            ])
            .args(["-c", "commit.gpgsign=false", "commit", "-q", "-m", message])
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .current_dir(self.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// The commit whose subject is `message`.
    fn commit_id(&self, message: &str) -> String {
        let log = self.git(&["log", "--format=%h %s"]);
        let line = log.lines().find(|l| l.ends_with(message)).unwrap();
        line.split(' ').next().unwrap().to_string()
    }

    fn okr(&self, args: &[&str]) -> std::process::Output {
        Command::cargo_bin("okr")
            .unwrap()
            .env("NO_COLOR", "1")
            .current_dir(self.path())
            .args(args)
            .output()
            .unwrap()
    }

    /// `okr args` standard output, with each commit id replaced by `<subject>`.
    fn okr_stdout(&self, args: &[&str]) -> String {
        let out = self.okr(args);
        let mut text = String::from_utf8(out.stdout).unwrap();
        for line in self.git(&["log", "--format=%h %s"]).lines() {
            let (id, subject) = line.split_once(' ').unwrap();
            text = text.replace(id, &format!("<{subject}>"));
        }
        text
    }
}

fn target_of(json: &str, kr: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    value["documents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["objectives"].as_array().unwrap())
        .flat_map(|o| o["key_results"].as_array().unwrap())
        .find(|k| k["id"] == kr)
        .map(|k| k["target"].as_str().unwrap().to_string())
        .unwrap()
}

#[test]
fn at_reads_the_documents_as_they_were_without_touching_the_work_tree() {
    let repo = Repo::new();
    let launch = repo.commit_id("Launch Q1");
    let args = ["score", DOC, "--as-of", "2026-01-20", "--format", "json"];
    let then = repo.okr(&[&args[..], &["--at", &launch]].concat());
    assert!(
        then.status.success(),
        "{}",
        String::from_utf8_lossy(&then.stderr)
    );
    let then = String::from_utf8(then.stdout).unwrap();
    assert_eq!(target_of(&then, "O1-KR1"), "60%");
    assert!(then.contains("\"path\": \"okrs/growth.md\""), "{then}");
    let now = String::from_utf8(repo.okr(&args).stdout).unwrap();
    assert_eq!(target_of(&now, "O1-KR1"), "55%");
    // The Q2 document did not exist at the launch of Q1.
    let status = repo.okr(&["status", "--at", &launch, "--as-of", "2026-01-20"]);
    let status = String::from_utf8(status.stdout).unwrap();
    assert!(
        !status.contains("growth-q2.md") && status.contains("growth.md"),
        "{status}"
    );
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn at_an_unknown_revision_is_a_usage_error() {
    let repo = Repo::new();
    let out = repo.okr(&["status", "--at", "no-such-tag"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("`no-such-tag` is not a commit"), "{stderr}");
}

#[test]
fn log_lists_target_moves_with_and_without_a_decision() {
    let repo = Repo::new();
    // Both cycles define the IDs, so the document is named.
    let log = |kr| repo.okr_stdout(&["log", kr, "--file", DOC]);
    insta::assert_snapshot!(log("O1-KR1"));
    insta::assert_snapshot!(log("O1-KR2"));
    let ambiguous = repo.okr(&["log", "O1-KR1"]);
    assert_eq!(ambiguous.status.code(), Some(2));
}

#[test]
fn lint_without_a_lock_takes_the_launch_from_git() {
    let repo = Repo::new();
    let out = repo.okr_stdout(&["lint", DOC, "--as-of", "2026-02-20"]);
    insta::assert_snapshot!(out);
}

#[test]
fn a_launch_tag_moves_the_launch() {
    let repo = Repo::new();
    let lowered = repo.commit_id("Lower the activation target");
    repo.git(&["tag", "okr-launch/2026-Q1", &lowered]);
    let out = repo.okr_stdout(&["lint", DOC, "--as-of", "2026-02-20"]);
    assert!(!out.contains("OKR802"), "{out}");
    // The check-in was rewritten after the tagged launch, so that is still reported.
    assert!(out.contains("OKR804"), "{out}");
}

#[test]
fn diff_reports_okr_changes_between_revisions() {
    let repo = Repo::new();
    let launch = repo.commit_id("Launch Q1");
    insta::assert_snapshot!(repo.okr_stdout(&["diff", &launch, "HEAD", "--as-of", "2026-02-20"]));
    let json = repo.okr_stdout(&["diff", &launch, "--as-of", "2026-02-20", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let kinds: Vec<&str> = value["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "document_added").count(),
        1,
        "{json}"
    );
    assert!(
        kinds.contains(&"field") && kinds.contains(&"grade"),
        "{json}"
    );
}

#[test]
fn a_shallow_clone_says_the_launch_is_missing() {
    let repo = Repo::new();
    let launch = repo.commit_id("Launch Q1");
    let shallow = tempfile::tempdir().unwrap();
    let source = format!("file://{}", repo.path().display());
    let out = std::process::Command::new("git")
        .args(["clone", "-q", "--depth", "2", &source, "clone"])
        .current_dir(shallow.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let clone = shallow.path().join("clone");
    let okr = |args: &[&str]| {
        Command::cargo_bin("okr")
            .unwrap()
            .env("NO_COLOR", "1")
            .current_dir(&clone)
            .args(args)
            .output()
            .unwrap()
    };
    let lint = String::from_utf8(okr(&["lint", DOC, "--as-of", "2026-02-20"]).stdout).unwrap();
    assert!(
        lint.contains("is not in this shallow clone, whose history starts on 2026-02-16"),
        "{lint}"
    );
    assert!(lint.contains("git fetch --unshallow"), "{lint}");
    let at = okr(&["status", "--at", &launch]);
    assert_eq!(at.status.code(), Some(2));
    let stderr = String::from_utf8(at.stderr).unwrap();
    assert!(
        stderr.contains("is not a commit in this shallow clone"),
        "{stderr}"
    );
}

#[test]
fn outside_git_the_history_commands_say_so_and_the_others_are_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join(DOC);
    std::fs::create_dir_all(doc.parent().unwrap()).unwrap();
    std::fs::copy("tests/fixtures/git/growth.md", &doc).unwrap();
    let okr = |args: &[&str]| {
        Command::cargo_bin("okr")
            .unwrap()
            .env("NO_COLOR", "1")
            .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    for args in [
        &["log", "O1-KR1"][..],
        &["status", "--at", "HEAD"],
        &["diff", "HEAD"],
    ] {
        let out = okr(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains("is not inside a git repository"),
            "{args:?}: {stderr}"
        );
    }
    let lint = okr(&["lint", DOC, "--as-of", "2026-02-20"]);
    let lint = String::from_utf8(lint.stdout).unwrap();
    assert!(
        !lint.contains("OKR802") && !lint.contains("OKR804"),
        "{lint}"
    );
    assert!(lint.contains("OKR607"), "{lint}");
}
