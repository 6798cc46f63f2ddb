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

/// A document with `body` after a small valid front-matter block.
fn with_front(body: &str) -> String {
    format!("---\ncycle: 2026-Q1\n---\n# T\n\n{body}")
}

/// The rest of the hostile list, one file each. Every case must be handled (exit 0, 1
/// or 2, no panic, within the time and memory caps) by lint, score and status, and
/// `expect` must appear in lint's output (stdout and stderr together).
#[test]
fn hostile_documents_are_each_handled() {
    let laughs = {
        let mut yaml = String::from("---\ncycle: 2026-Q1\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            yaml.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        yaml + "---\n## O1: Grow\n"
    };
    let deep_list: String = (0..5_000)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect();
    let cases: Vec<(&str, String, &str)> = vec![
        ("empty.md", String::new(), "not an OKR document"),
        ("front-only.md", "---\ncycle: 2026-Q1\nowner: Ana\n---\n".into(), "OKR"),
        ("unterminated.md", "---\ncycle: 2026-Q1\n## O1: Grow\n".into(), "unterminated.md:1:1"),
        ("laughs.md", laughs, "too large once its aliases are expanded"),
        ("odd-types.md", "---\ncycle: [1, {a: b}]\nowner: !!binary aGVsbG8=\nteam: !custom x\n---\n## O1: Grow\n".into(), "odd-types.md:2:"),
        ("deep-list.md", with_front(&format!("## O1: Grow\n\n{deep_list}")), "deep-list.md:"),
        ("quotes.md", with_front(&format!("## O1: Grow\n\n{}x\n", ">".repeat(50_000))), "quotes.md:"),
        ("brackets.md", with_front(&format!("## O1: Grow\n\n{}\n", "[".repeat(100_000))), "brackets.md:"),
        ("crlf.md", with_front("## O1: Grow\n\n### O1-KR1: Raise x from 1 to 2 by Mar 31\n\n- Owner: A\n").replace('\n', "\r\n"), "crlf.md:"),
        ("bom.md", format!("\u{feff}{}", with_front("## O1: Grow 10x\n")), "bom.md:"),
        ("no-ids.md", with_front("## Grow the business\n\n### Raise x from 1 to 2\n\n- Owner: A\n"), "no-ids.md:"),
    ];
    let dir = TempDir::new().unwrap();
    for (name, text, _) in &cases {
        fs::write(dir.path().join(name), text).unwrap();
    }
    for (name, _, expect) in &cases {
        let (_, stdout, stderr) =
            assert_handled(dir.path(), &format!("lint {name} -v --as-of 2026-02-20"));
        assert!(
            stdout.contains(expect) || stderr.contains(expect),
            "{name}: expected {expect:?}\nstdout: {stdout}\nstderr: {stderr}"
        );
        assert_handled(
            dir.path(),
            &format!("score {name} --as-of 2026-02-20 --format json"),
        );
        assert_handled(dir.path(), &format!("status {name} --as-of 2026-02-20"));
    }
}

/// A file that cannot be read is an IO error with exit 2 and the path named; the other
/// documents are still linted. Tests may run as root, who can read any mode, so the
/// unreadable file is a link to `/proc/self/mem`, whose first page never reads.
#[test]
fn an_unreadable_document_is_reported_and_the_rest_linted() {
    let dir = TempDir::new().unwrap();
    fs::create_dir_all(dir.path().join("okrs")).unwrap();
    std::os::unix::fs::symlink("/proc/self/mem", dir.path().join("okrs/unreadable.md")).unwrap();
    fs::copy("examples/good.md", dir.path().join("okrs/good.md")).unwrap();
    let (code, stdout, stderr) = assert_handled(dir.path(), "lint okrs --as-of 2026-02-20");
    assert_eq!(code, 2, "stdout: {stdout}\nstderr: {stderr}");
    // It leads out of the repository, so it is not even opened.
    assert!(
        stderr.contains("unreadable.md: refused: a symlink leads it outside"),
        "{stderr}"
    );
    assert!(stdout.contains("1 document"), "{stdout}");
}
