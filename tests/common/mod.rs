//! Helpers shared by the end-to-end test files.

#![allow(dead_code)] // each test file uses a subset

use assert_cmd::Command;

/// Runs `cmd`, asserts success, and returns its standard output.
pub fn stdout(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The README text shown after `command` (a `$ okr …` line), up to `end`.
pub fn readme_example(command: &str, end: &str) -> String {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme.find(command).expect("README shows the example") + command.len();
    readme[start..start + readme[start..].find(end).unwrap()].to_string()
}
