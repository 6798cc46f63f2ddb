//! A cloned repository is untrusted input. Each test builds a real git repository that
//! attacks the person who runs okr in it, beside an `outside/` tree that stands for the
//! rest of their machine, and checks that nothing outside changed (its files hashed
//! before and after), that no program ran (a sentinel file never appears), that nothing
//! outside was read (a secret marker never appears in any output), and that okr either
//! did its job or exited 2 with a clear message. The unbounded inputs run under an
//! address-space limit of 256 MB.

#![cfg(target_os = "linux")]

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// What the secret outside the repository holds; no output may ever show it.
const SECRET: &str = "SECRET-MARKER-5b1e";

/// Address-space cap for the memory cases, in KiB (`ulimit -v`): 256 MB.
const MEMORY_KIB: u64 = 256 * 1024;

/// A hostile repository `repo/` and the rest of the machine, `outside/`.
struct Scene {
    dir: TempDir,
    before: BTreeMap<PathBuf, Vec<u8>>,
}

/// The front-matter and objective every document here starts with.
macro_rules! head {
    () => {
        "---
cycle: 2026-Q4
owner: Mara Ito
---

# Support: 2026-Q4

## O1: Customers get answers without waiting

- Owner: Mara Ito

"
    };
}

/// A KR document that fails lint (no baseline, no owner) and names a metric.
const BAD_DOC: &str = concat!(
    head!(),
    "### O1-KR1: Grow the tickets answered the same day to 500 a week

- Target: 500
- Metric: first_reply
"
);

/// A document that passes lint.
const GOOD_DOC: &str = concat!(
    head!(),
    "### O1-KR1: Reduce median first reply time from 9 hours to 2 hours by Dec 31

- Owner: Mara Ito
- Baseline: 9 hours
- Target: 2 hours
- Due: 2026-12-31
- Source: [Helpdesk](https://help.example.com/first-reply)

### O1-KR2: Raise the share of tickets solved on first contact from 40% to 65% by Dec 31

- Owner: Jon Bell
- Baseline: 40%
- Target: 65%
- Due: 2026-12-31
- Source: [Helpdesk](https://help.example.com/first-contact)
"
);

impl Scene {
    fn new() -> Self {
        let dir = TempDir::new().unwrap();
        let outside = dir.path().join("outside");
        fs::create_dir_all(outside.join("other-repo")).unwrap();
        fs::write(
            outside.join("secret.txt"),
            format!("{SECRET}: do not print\n"),
        )
        .unwrap();
        fs::write(
            outside.join("secret.csv"),
            format!("date,value\n{SECRET},1\n"),
        )
        .unwrap();
        fs::write(outside.join("other-repo/okr.yaml"), "staleness_days: 7\n").unwrap();
        fs::write(outside.join("other-repo/.gitignore"), "target/\n").unwrap();
        fs::write(outside.join("index.html"), "<p>someone else's page</p>\n").unwrap();
        fs::write(outside.join("decisions.md"), "# Someone else's log\n").unwrap();
        fs::create_dir_all(dir.path().join("tmp")).unwrap();
        let repo = dir.path().join("repo");
        fs::create_dir_all(repo.join("okrs")).unwrap();
        git(&repo, &["init", "-q", "-b", "main"]);
        let mut scene = Scene {
            dir,
            before: BTreeMap::new(),
        };
        scene.before = scene.outside_files();
        scene
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn repo(&self) -> PathBuf {
        self.root().join("repo")
    }

    fn outside(&self) -> PathBuf {
        self.root().join("outside")
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.repo().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn link(&self, rel: &str, target: &Path) {
        let path = self.repo().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        symlink(target, path).unwrap();
    }

    fn commit(&self) -> String {
        git(&self.repo(), &["add", "-A", "-f"]);
        git(
            &self.repo(),
            &["commit", "-q", "-m", "hostile", "--allow-empty"],
        );
        git(&self.repo(), &["rev-parse", "HEAD"]).trim().to_string()
    }

    /// Every file under `outside/` and `tmp/` with its bytes.
    fn outside_files(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = BTreeMap::new();
        for top in ["outside", "tmp"] {
            collect(&self.root().join(top), &mut files);
        }
        files
    }

    /// Runs okr in the repository (TMPDIR inside the scene) with a time bound, optionally
    /// under the memory cap, and checks the three promises.
    fn okr(&self, args: &[&str], capped: bool) -> Outcome {
        self.okr_in(&self.repo(), args, capped, None)
    }

    /// `okr pull --dry-run` for the last day of November, with `extra` arguments.
    fn dry_pull(&self, extra: &[&str]) -> Outcome {
        let mut args = vec!["pull", "--dry-run", "--date", "2026-11-30"];
        args.extend_from_slice(extra);
        self.okr(&args, false)
    }

    fn okr_in(&self, dir: &Path, args: &[&str], capped: bool, input: Option<Vec<u8>>) -> Outcome {
        let okr = assert_cmd::cargo::cargo_bin("okr");
        let mut command = Command::new(&okr);
        command.args(args);
        if capped {
            command = Command::new("sh");
            command
                .arg("-c")
                .arg(format!("ulimit -v {MEMORY_KIB}; exec \"$0\" \"$@\""));
            command.arg(&okr).args(args);
        }
        command
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .env("TMPDIR", self.root().join("tmp"))
            .env("HOME", self.root().join("home"))
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("XDG_CACHE_HOME")
            .env_remove("OKR_CACHE_DIR")
            .env_remove("OKR_ALLOW_COMMAND")
            .env_remove("OKR_ALLOW_OUTSIDE_FILES")
            .stdin(if input.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let started = Instant::now();
        // Reaped below by wait4, which also gives its peak memory.
        #[allow(clippy::zombie_processes)]
        let mut child = command.spawn().unwrap();
        if let Some(input) = input {
            let mut stdin = child.stdin.take().unwrap();
            std::thread::spawn(move || {
                let _ = stdin.write_all(&input);
            });
        }
        let pid = child.id();
        let (stdout, stderr) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
        let drain = |mut from: Box<dyn std::io::Read + Send>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                let _ = from.read_to_end(&mut bytes);
                bytes
            })
        };
        let (out, err) = (drain(Box::new(stdout)), drain(Box::new(stderr)));
        // wait4 rather than Child::wait, for the child's peak memory.
        let (done, result) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut status = 0;
            // SAFETY: an all-zero rusage is valid, and wait4 only writes into the two
            // locals it is given for a child of this process.
            let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
            let waited = unsafe { libc::wait4(pid as i32, &mut status, 0, &mut usage) };
            let _ = done.send((waited, status, usage.ru_maxrss));
        });
        let Ok((waited, status, peak_kb)) = result.recv_timeout(Duration::from_secs(30)) else {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("`okr {}` took longer than 30 s", args.join(" "));
        };
        assert_eq!(waited, pid as i32);
        let code = if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            -1
        };
        let outcome = Outcome {
            code,
            stdout: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
            stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
            took: started.elapsed(),
            peak_mb: peak_kb / 1024,
        };
        let shown = format!("`okr {}`: {outcome:?}", args.join(" "));
        assert!(matches!(outcome.code, 0..=2), "{shown}");
        assert!(!outcome.stderr.contains("panicked"), "{shown}");
        assert!(
            !outcome.stdout.contains(SECRET) && !outcome.stderr.contains(SECRET),
            "a secret from outside the repository was printed: {shown}"
        );
        assert!(
            !self.outside().join("RAN").exists(),
            "a program from the repository ran: {shown}"
        );
        assert_eq!(
            self.outside_files(),
            self.before,
            "a file outside the repository changed: {shown}"
        );
        outcome
    }
}

#[derive(Debug)]
struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
    took: Duration,
    /// The process's peak resident memory.
    peak_mb: i64,
}

impl Outcome {
    fn refused(&self, why: &str) {
        assert_eq!(self.code, 2, "{self:?}");
        assert!(self.stderr.contains(why), "expected `{why}` in {self:?}");
    }
}

fn collect(dir: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            collect(&path, files);
        } else if kind.is_symlink() {
            files.insert(
                path.clone(),
                fs::read_link(&path)
                    .unwrap()
                    .into_os_string()
                    .into_encoded_bytes(),
            );
        } else {
            files.insert(path.clone(), fs::read(&path).unwrap());
        }
    }
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `git` with `input` on stdin.
fn git_with(dir: &Path, args: &[&str], input: &[u8]) -> String {
    let mut child = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "git {args:?}");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// A metrics.yaml whose `first_reply` metric runs a program that leaves a sentinel.
fn command_metric(scene: &Scene) -> String {
    let ran = scene.outside().join("RAN");
    format!(
        "metrics:\n  first_reply:\n    query: {{command: [sh, -c, 'touch {} && echo 3']}}\n",
        ran.display()
    )
}

#[test]
fn a_repository_cannot_allow_its_own_commands() {
    let scene = Scene::new();
    scene.write("okrs/support.md", BAD_DOC);
    scene.write("okr.yaml", "pull:\n  allow_command: true\n");
    scene.write("metrics.yaml", &command_metric(&scene));
    scene.commit();
    for args in [
        &["pull", "--dry-run", "--date", "2026-11-30"][..],
        &["pull", "--date", "2026-11-30"],
    ] {
        let out = scene.okr(args, false);
        out.refused("--allow-command");
        assert!(out.stderr.contains("is not honoured"), "{out:?}");
    }
}

#[test]
fn the_user_can_allow_commands_and_their_children_are_stopped() {
    let scene = Scene::new();
    scene.write("okrs/support.md", BAD_DOC);
    scene.write("okr.yaml", "pull:\n  timeout: 2\n");
    // The program prints its value and leaves a child that holds its output open.
    scene.write(
        "metrics.yaml",
        "metrics:\n  first_reply:\n    query: {command: [sh, -c, 'echo 3; sleep 30 &']}\n",
    );
    let out = scene.dry_pull(&["--allow-command"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("| O1-KR1 | 3"), "{out:?}");
    assert!(out.took < Duration::from_secs(10), "{out:?}");
    // A program that never ends is stopped at the timeout, with its children.
    scene.write(
        "metrics.yaml",
        "metrics:\n  first_reply:\n    query: {command: [sh, -c, 'sleep 30 & sleep 30']}\n",
    );
    let out = scene.dry_pull(&["--allow-command"]);
    out.refused("did not finish within 2s");
    assert!(out.took < Duration::from_secs(10), "{out:?}");
}

#[test]
fn a_pull_timeout_out_of_range_is_a_config_error() {
    let scene = Scene::new();
    scene.write("okrs/support.md", GOOD_DOC);
    scene.write("okr.yaml", "pull:\n  timeout: 1e300\n");
    scene
        .okr(&["pull", "--dry-run"], false)
        .refused("at most 3600");
}

#[test]
fn file_metrics_never_read_outside_the_repository() {
    let scene = Scene::new();
    scene.write("okrs/support.md", BAD_DOC);
    let secret = scene.outside().join("secret.csv");
    for file in [
        secret.display().to_string(),
        "../outside/secret.csv".to_string(),
    ] {
        scene.write(
            "metrics.yaml",
            &format!("metrics:\n  first_reply:\n    query: {{file: '{file}', column: value}}\n"),
        );
        scene.dry_pull(&[]).refused("outside the repository");
    }
    // Nor through a symlink committed inside it.
    scene.link("data/kpis.csv", &secret);
    scene.write(
        "metrics.yaml",
        "metrics:\n  first_reply:\n    query: {file: data/kpis.csv, column: value}\n",
    );
    scene.dry_pull(&[]).refused("--allow-outside-files");
}

#[test]
fn a_config_symlinked_outside_is_not_read() {
    let scene = Scene::new();
    scene.write("okrs/support.md", GOOD_DOC);
    scene.link("okr.yaml", &scene.outside().join("secret.txt"));
    scene.commit();
    scene.okr(&["lint", "okrs"], false).refused("outside");
}

#[test]
fn tree_entries_that_climb_out_are_refused() {
    let scene = Scene::new();
    scene.write("okrs/support.md", GOOD_DOC);
    scene.commit();
    let repo = scene.repo();
    // A tree whose `..` entry holds an okr.yaml: written through, it would land in the
    // parent of the directory okr exports the revision into.
    let blob = git_with(
        &repo,
        &["hash-object", "-w", "--stdin"],
        b"rules: {OKR101: off}\n",
    );
    let inner = git_with(
        &repo,
        &["mktree"],
        format!("100644 blob {blob}\tokr.yaml\n").as_bytes(),
    );
    let okrs = git(&repo, &["rev-parse", "HEAD:okrs"]).trim().to_string();
    let top = git_with(
        &repo,
        &["mktree"],
        format!("040000 tree {inner}\t..\n040000 tree {okrs}\tokrs\n").as_bytes(),
    );
    let commit = git_with(
        &repo,
        &[
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.com",
            "commit-tree",
            &top,
            "-m",
            "climb",
        ],
        b"",
    );
    git(&repo, &["update-ref", "refs/heads/climb", &commit]);
    scene
        .okr(&["lint", "--at", "climb", "okrs"], false)
        .refused("refuses");
    scene.okr(&["diff", "climb"], false).refused("refuses");
    assert!(!scene.root().join("okr.yaml").exists());
}

#[test]
fn a_decision_log_symlinked_outside_is_not_written() {
    let scene = Scene::new();
    scene.write("okrs/support.md", GOOD_DOC);
    scene.link("decision-log.md", &scene.outside().join("decisions.md"));
    scene.commit();
    let out = scene.okr(&["decide", "--kr", "O1-KR1", "Drop the chat pilot"], false);
    out.refused("outside");
    // A device node behind the link is not replaced either.
    fs::remove_file(scene.repo().join("decision-log.md")).unwrap();
    scene.link("decision-log.md", Path::new("/dev/null"));
    scene
        .okr(&["decide", "--kr", "O1-KR1", "Drop the chat pilot"], false)
        .refused("refused");
    assert!(fs::symlink_metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device_like());
}

trait CharDevice {
    fn is_char_device_like(&self) -> bool;
}

impl CharDevice for fs::FileType {
    fn is_char_device_like(&self) -> bool {
        std::os::unix::fs::FileTypeExt::is_char_device(self)
    }
}

#[test]
fn a_report_never_writes_through_a_committed_symlink() {
    let scene = Scene::new();
    scene.write("okrs/support.md", GOOD_DOC);
    scene.link("site/index.html", &scene.outside().join("index.html"));
    scene.commit();
    scene
        .okr(
            &["report", "--html", "site", "--as-of", "2026-11-30"],
            false,
        )
        .refused("outside");
    // A whole output directory that leads out is refused the same way.
    fs::remove_dir_all(scene.repo().join("site")).unwrap();
    scene.link("site", &scene.outside());
    scene
        .okr(
            &["report", "--html", "site", "--as-of", "2026-11-30"],
            false,
        )
        .refused("outside");
}

#[test]
fn a_committed_or_linked_cache_is_not_used() {
    let scene = Scene::new();
    scene.write("okrs/support.md", BAD_DOC);
    scene.commit();
    // A cache directory that is a symlink to another repository.
    scene.link(".okr_cache", &scene.outside().join("other-repo"));
    let out = scene.okr(&["lint", "okrs"], false);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("not using the cache"), "{out:?}");
    fs::remove_file(scene.repo().join(".okr_cache")).unwrap();
    // That run kept its findings in the user's cache instead; start without them.
    fs::remove_dir_all(scene.root().join("home")).unwrap();

    // A cache made here and committed, then made again and forged to say "no
    // findings": left where okr made it, the forgery works, so what follows tests the
    // one thing that differs in a fresh checkout, a directory okr did not make here.
    assert_eq!(scene.okr(&["lint", "okrs"], false).code, 1);
    scene.commit();
    assert_eq!(scene.okr(&["lint", "okrs"], false).code, 1);
    let cache = scene.repo().join(".okr_cache");
    for entry in fs::read_dir(cache.join("lint")).unwrap() {
        let path = entry.unwrap().path();
        let mut json: serde_json::Value =
            serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        for entry in json["entries"].as_object_mut().unwrap().values_mut() {
            entry["diagnostics"] = serde_json::json!([]);
        }
        fs::write(&path, serde_json::to_vec(&json).unwrap()).unwrap();
    }
    let forged = scene.okr(&["lint", "okrs"], false);
    assert_eq!(
        forged.code, 0,
        "the forged cache is read when okr made the directory: {forged:?}"
    );
    // The same bytes in a directory that came with the checkout.
    let copy = scene.root().join("copy");
    assert!(Command::new("cp")
        .arg("-a")
        .arg(&cache)
        .arg(&copy)
        .status()
        .unwrap()
        .success());
    fs::remove_dir_all(&cache).unwrap();
    fs::rename(&copy, &cache).unwrap();
    let out = scene.okr(&["lint", "okrs"], false);
    assert_eq!(out.code, 1, "a committed cache hid the findings: {out:?}");
    assert!(out.stderr.contains("git tracks files in it"), "{out:?}");
}

#[test]
fn a_cache_gitignore_left_empty_is_repaired() {
    let scene = Scene::new();
    scene.write("okrs/support.md", GOOD_DOC);
    scene.commit();
    assert_eq!(scene.okr(&["lint", "okrs"], false).code, 0);
    let ignore = scene.repo().join(".okr_cache/.gitignore");
    let written = fs::read_to_string(&ignore).unwrap();
    fs::write(&ignore, "").unwrap();
    assert_eq!(scene.okr(&["lint", "okrs"], false).code, 0);
    assert_eq!(fs::read_to_string(&ignore).unwrap(), written);
}

#[test]
fn git_never_takes_a_value_as_an_option() {
    let scene = Scene::new();
    scene.write("okrs/support.md", GOOD_DOC);
    scene.commit();
    let out = scene.okr(&["log", "O1-KR1", "--since=--output=pwned"], false);
    assert_eq!(out.code, 2, "{out:?}");
    let made: Vec<_> = fs::read_dir(scene.repo())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("pwned"))
        .collect();
    assert!(made.is_empty(), "git wrote {made:?}");
}

#[test]
fn a_staged_file_named_like_an_option_is_linted_as_a_file() {
    let scene = Scene::new();
    let repo = scene.repo();
    scene.write("okrs/support.md", GOOD_DOC);
    scene.commit();
    let okr = assert_cmd::cargo::cargo_bin("okr");
    let path = format!(
        "{}:{}",
        okr.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new(&okr)
        .args(["hook", "install"])
        .current_dir(&repo)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    // A config that turns every finding off, and a staged file whose name makes a hook
    // that passes names without `--` read it, beside a document that fails.
    scene.write(
        "lenient.md",
        "rules:\n  OKR202: off\n  OKR401: off\n  OKR403: off\n  OKR404: off\n  OKR405: off\n  OKR440: off\n  OKR409: off\n  OKR607: off\n  OKR802: off\n",
    );
    scene.write("--config=lenient.md", "Notes.\n");
    scene.write("okrs/support.md", BAD_DOC);
    git(&repo, &["add", "-A", "--", "."]);
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-q",
            "-m",
            "bad",
        ])
        .current_dir(&repo)
        .env("PATH", path)
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "the hook let a failing document through: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_language_server_refuses_a_huge_message_and_keeps_its_docs_private() {
    let mut scene = Scene::new();
    scene.write("okrs/support.md", GOOD_DOC);
    // Another user's trap at the old fixed path: it must not be followed.
    let version = env!("CARGO_PKG_VERSION");
    symlink(
        scene.outside(),
        scene.root().join(format!("tmp/okr-{version}-rules")),
    )
    .unwrap();
    scene.before = scene.outside_files();
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    let mut input =
        frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#);
    input.push_str(&frame(
        r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
    ));
    input.push_str("Content-Length: 99999999999\r\n\r\n{");
    let out = scene.okr_in(&scene.repo(), &["lsp"], true, Some(input.into_bytes()));
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("larger than the 64 MB"), "{out:?}");
    let left: Vec<_> = fs::read_dir(scene.root().join("tmp"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 1, "the server left files in TMPDIR: {left:?}");
}

// The unbounded inputs, each under the 256 MB cap.

#[test]
fn a_gitignore_that_is_a_device_or_a_fifo_is_refused() {
    let scene = Scene::new();
    scene.write("okrs/support.md", GOOD_DOC);
    scene.link(".gitignore", Path::new("/dev/zero"));
    scene.commit();
    for args in [
        &["lint", "okrs"][..],
        &["status", "okrs"],
        &["score", "okrs"],
    ] {
        scene
            .okr(args, true)
            .refused(".gitignore: refused: it is a symlink");
    }
    fs::remove_file(scene.repo().join(".gitignore")).unwrap();
    // In a subdirectory, and as a FIFO, which would block a reader forever.
    let fifo = scene.repo().join("okrs/.gitignore");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    scene.okr(&["lint", "okrs"], true).refused("it is a FIFO");
    scene.okr(&["lint"], true).refused("it is a FIFO");
}

#[test]
fn lock_files_and_linked_documents_on_dev_zero_are_refused() {
    let scene = Scene::new();
    scene.write("okrs/support.md", GOOD_DOC);
    scene.link("okrs/okr.lock.json", Path::new("/dev/zero"));
    scene.commit();
    // Run without the cap, so a read that does not stop would show in the peak.
    let out = scene.okr(&["lint", "okrs"], false);
    assert!(out.stderr.contains("okr.lock.json: refused"), "{out:?}");
    assert!(out.peak_mb < 64, "{out:?}");
    fs::remove_file(scene.repo().join("okrs/okr.lock.json")).unwrap();
    // A contribution link to a "document" that is /dev/zero, with the cache on and off.
    scene.link("okrs/zero.md", Path::new("/dev/zero"));
    let doc = GOOD_DOC.replace(
        "- Owner: Mara Ito\n\n### O1-KR1",
        "- Owner: Mara Ito\n- Contributes to: zero.md#O1\n\n### O1-KR1",
    );
    scene.write("okrs/support.md", &doc);
    scene.commit();
    for args in [
        &["lint", "okrs/support.md"][..],
        &["lint", "--no-cache", "okrs/support.md"],
    ] {
        let out = scene.okr(args, false);
        assert_eq!(out.code, 1, "{out:?}");
        assert!(
            out.stdout.contains("zero.md is not an OKR document"),
            "{out:?}"
        );
        assert!(out.peak_mb < 64, "{out:?}");
    }
}

#[test]
fn a_huge_document_is_refused_within_the_memory_cap() {
    let scene = Scene::new();
    let mut doc = String::from("---\ncycle: 2026-Q4\n---\n\n# Many\n\n");
    let mut n = 0;
    while doc.len() < 26 << 20 {
        n += 1;
        doc.push_str(&format!(
            "## O{n}: Objective number {n} keeps customers happy\n\n"
        ));
    }
    scene.write("okrs/many.md", &doc);
    for args in [
        &["lint", "okrs"][..],
        &["lint", "--no-cache", "okrs"],
        &["status", "okrs"],
    ] {
        scene
            .okr(args, true)
            .refused("okr reads at most 100000 in one document");
    }
}

/// A one-shot HTTP server on loopback that answers every request with `response`, and
/// counts the requests it got.
struct Server {
    url: String,
    hits: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Server {
    fn answering(response: String) -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = hits.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let mut request = [0u8; 4096];
                let _ = std::io::Read::read(&mut stream, &mut request);
                let _ = stream.write_all(response.as_bytes());
            }
        });
        Server { url, hits }
    }
}

fn http(status: &str, headers: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{headers}Connection: close\r\n\r\n{body}",
        body.len()
    )
}

const PROMETHEUS_OK: &str =
    r#"{"status":"success","data":{"resultType":"scalar","result":[1700000000,"420"]}}"#;

#[test]
fn prometheus_answers_are_taken_only_from_a_successful_answer_at_the_named_url() {
    let scene = Scene::new();
    scene.write("okrs/support.md", BAD_DOC);
    let metric = |url: &str| {
        format!("metrics:\n  first_reply:\n    query: {{prometheus: '{url}', expr: tickets}}\n")
    };
    // An error status with a body that looks like success.
    let failing = Server::answering(http("500 Internal Server Error", "", PROMETHEUS_OK));
    scene.write("metrics.yaml", &metric(&failing.url));
    scene.dry_pull(&[]).refused("answered HTTP 500");
    // A redirect to another port is not followed.
    let elsewhere = Server::answering(http("200 OK", "", PROMETHEUS_OK));
    let redirect = Server::answering(http(
        "302 Found",
        &format!("Location: {}/api/v1/query?query=tickets\r\n", elsewhere.url),
        "",
    ));
    scene.write("metrics.yaml", &metric(&redirect.url));
    scene.dry_pull(&[]).refused("follows no redirects");
    assert_eq!(redirect.hits.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert_eq!(elsewhere.hits.load(std::sync::atomic::Ordering::SeqCst), 0);
    // The same answer from the server named is taken.
    scene.write("metrics.yaml", &metric(&elsewhere.url));
    let out = scene.dry_pull(&[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("| O1-KR1 | 420"), "{out:?}");
}

#[test]
fn a_source_value_too_large_to_record_is_refused() {
    let scene = Scene::new();
    scene.write("okrs/support.md", BAD_DOC);
    scene.write("data/kpis.json", r#"{"tickets": 1e308}"#);
    scene.write(
        "metrics.yaml",
        "metrics:\n  first_reply:\n    query: {file: data/kpis.json, pointer: /tickets}\n",
    );
    let out = scene.dry_pull(&[]);
    out.refused("returned 1e308, beyond ±1e15");
    assert!(!out.stderr.contains("inf"), "{out:?}");
}
