//! Files okr creates honour the umask; files it rewrites keep their mode.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use tempfile::TempDir;

/// Runs `okr ARGS` in `dir` under `umask`, through the shell that sets it.
fn okr_under_umask(dir: &Path, umask: &str, args: &str) {
    let okr = assert_cmd::cargo::cargo_bin("okr");
    let script = format!("umask {umask} && '{}' {args}", okr.display());
    let status = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "okr {args} failed");
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn created_files(umask: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for args in [
        "init",
        "lock",
        "report --html site",
        "decide --kr O1-KR1 'Keep the target through the seasonal dip'",
    ] {
        okr_under_umask(dir.path(), umask, args);
    }
    dir
}

const CREATED: [&str; 6] = [
    "okr.yaml",
    "okrs/2026-Q4/team.md",
    "okrs/okr.lock.json",
    "site/index.html",
    "site/doc1-o1.html",
    "decision-log.md",
];

#[test]
fn new_files_are_world_readable_under_umask_022() {
    let dir = created_files("022");
    for file in CREATED {
        assert_eq!(mode(&dir.path().join(file)), 0o644, "{file}");
    }
}

#[test]
fn new_files_follow_a_stricter_umask_too() {
    let dir = created_files("077");
    for file in CREATED {
        assert_eq!(mode(&dir.path().join(file)), 0o600, "{file}");
    }
}

#[test]
fn a_rewrite_keeps_the_files_own_mode() {
    let dir = created_files("022");
    let doc = dir.path().join("okrs/2026-Q4/team.md");
    std::fs::set_permissions(&doc, std::fs::Permissions::from_mode(0o640)).unwrap();
    okr_under_umask(
        dir.path(),
        "077",
        "checkin O1-KR1 2.5d --confidence 6 --date 2026-12-01",
    );
    assert_eq!(mode(&doc), 0o640);
}
