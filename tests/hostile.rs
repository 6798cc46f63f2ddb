//! Hostile input through the real binary: every case ends with findings or a clear
//! error, exit status 0, 1 or 2 (never a panic's 101), within a time and memory bound.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use tempfile::TempDir;

const LIMIT: Duration = Duration::from_secs(20);
/// Address-space cap for the child, in KiB (ulimit -v): 2 GiB.
const MEMORY_KIB: u64 = 2 * 1024 * 1024;

/// Runs `okr ARGS` in `dir` under the memory cap; returns (status, stdout, stderr).
fn run(dir: &Path, args: &str) -> (i32, String, String) {
    let okr = assert_cmd::cargo::cargo_bin("okr");
    let script = format!("ulimit -v {MEMORY_KIB}; exec '{}' {args}", okr.display());
    let child = Command::new("sh")
        .args(["-c", &script])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    // Collect output on another thread, so a full pipe can never stall the child.
    let (done, result) = std::sync::mpsc::channel();
    std::thread::spawn(move || done.send(child.wait_with_output()));
    let Ok(out) = result.recv_timeout(LIMIT) else {
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        panic!("`okr {args}` took longer than {LIMIT:?}");
    };
    let out = out.unwrap();
    let code = out.status.code().unwrap_or(-1);
    (
        code,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_handled(dir: &Path, args: &str) -> (i32, String, String) {
    let (code, stdout, stderr) = run(dir, args);
    assert!(
        matches!(code, 0..=2),
        "`okr {args}` exited {code}\nstdout: {stdout}\nstderr: {stderr}"
    );
    assert!(
        !stderr.contains("panicked"),
        "`okr {args}` panicked: {stderr}"
    );
    (code, stdout, stderr)
}

#[test]
fn large_nul_tab_and_binary_files() {
    let dir = TempDir::new().unwrap();
    // 20 MB: a long preamble and a check-ins table of two hundred thousand rows.
    let support = fs::read_to_string("tests/fixtures/score/support.md").unwrap();
    let prose = "Some prose about the quarter, with *emphasis* and a [link](https://x.example). "
        .repeat(10)
        + "\n\n";
    let mut big = support.replacen("## O1:", &format!("{}## O1:", prose.repeat(20_000)), 1);
    let row = "| 2026-01-05 | O1-KR1 | 19% | 7 | Kick-off week, nothing moved | Publish ten articles | |\n";
    big.push_str(&row.repeat((20 * 1024 * 1024 - big.len()) / row.len() + 1));
    fs::write(dir.path().join("big.md"), big).unwrap();
    // Two thousand objectives in one file: every rule sees them all.
    let objective = "## O1: Grow\n\n### O1-KR1: Raise x from 10% to 20% by Mar 31\n\n- Owner: A\n- Baseline: 10%\n- Target: 20%\n";
    fs::write(
        dir.path().join("many.md"),
        format!("---\ncycle: 2026-Q1\n---\n{}", objective.repeat(2_000)),
    )
    .unwrap();
    fs::write(
        dir.path().join("nul.md"),
        "## O1: Gr\0ow\n\0\0### O1-KR1: \0\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("tabs.md"),
        "---\ncycle:\t2026-Q1\n---\n##\tO1:\tGrow\n\t- Owner:\tA\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("binary.md"),
        [0xff_u8, 0xfe, 0x00, 0x41, 0x80, 0x0a],
    )
    .unwrap();
    for file in ["big.md", "many.md", "nul.md", "tabs.md"] {
        let (code, _, _) = assert_handled(dir.path(), &format!("lint {file} --as-of 2026-02-20"));
        assert_ne!(code, 2, "{file} is readable text");
        assert_handled(dir.path(), &format!("score {file} --as-of 2026-02-20"));
    }
    let (code, _, stderr) = assert_handled(dir.path(), "lint binary.md");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("binary.md: cannot read: invalid UTF-8 at 1:1"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_vanished_files_do_not_stop_the_walk() {
    let dir = TempDir::new().unwrap();
    let okrs = dir.path().join("okrs");
    fs::create_dir_all(okrs.join("team")).unwrap();
    fs::copy("examples/good.md", okrs.join("team/good.md")).unwrap();
    std::os::unix::fs::symlink("..", okrs.join("team/loop")).unwrap();
    std::os::unix::fs::symlink("gone.md", okrs.join("team/vanished.md")).unwrap();
    let (code, stdout, stderr) = assert_handled(dir.path(), "lint --as-of 2026-02-20");
    assert!(stdout.contains("1 document"), "{stdout}");
    assert!(stderr.contains("loop"), "the loop is reported: {stderr}");
    assert_eq!(code, 2, "a walk error is reported with exit 2");
}

#[test]
fn impossible_values_get_findings() {
    let dir = TempDir::new().unwrap();
    fs::write(
        dir.path().join("values.md"),
        "---\ncycle: 2026-Q1\n---\n## O1: Grow\n### O1-KR1: Cut x from 1e309 to NaN by 2026-02-30\n- Baseline: -inf\n- Target: 1e309\n- Due: 2026-02-30\n\n## Check-ins\n\n| Date | KR | Actual |\n|---|---|---|\n| 9999-99-99 | O1-KR1 | NaN |\n",
    )
    .unwrap();
    let (code, stdout, _) = assert_handled(dir.path(), "lint values.md --as-of 2026-02-20");
    assert_eq!(code, 1);
    assert!(
        stdout.contains("OKR105") && stdout.contains("OKR602"),
        "{stdout}"
    );
    assert_handled(
        dir.path(),
        "score values.md --as-of 2026-02-20 --format json",
    );
    assert_handled(dir.path(), "status values.md --as-of 2026-02-20");
}

#[cfg(unix)]
#[test]
fn a_check_in_killed_mid_write_leaves_the_document_whole() {
    let dir = TempDir::new().unwrap();
    fs::create_dir_all(dir.path().join("okrs")).unwrap();
    let mut text = fs::read_to_string("tests/fixtures/score/support.md").unwrap();
    let row = "| 2026-01-05 | O1-KR1 | 19% | 7 | Kick-off | Publish ten articles | |\n";
    while text.len() < 256 * 1024 {
        text.push_str(row);
    }
    let path = dir.path().join("okrs/support.md");
    fs::write(&path, &text).unwrap();
    // A 64 KiB file-size limit: writing the new copy fails part-way (SIGXFSZ kills the process).
    let okr = assert_cmd::cargo::cargo_bin("okr");
    let status = Command::new("sh")
        .args([
            "-c",
            &format!(
                "ulimit -f 128; exec '{}' checkin O1-KR1 25% --date 2026-02-21",
                okr.display()
            ),
        ])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(
        !status.success(),
        "the write cannot complete under the limit"
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        text,
        "the original is byte-identical"
    );
}
