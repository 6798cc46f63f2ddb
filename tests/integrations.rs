//! Exports, shell completions, the man page, the git hook and the HTML report.

mod common;

use assert_cmd::Command;
use common::stdout;
use predicates::prelude::*;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

const SUPPORT: &str = "tests/fixtures/score/support.md";

fn okr() -> Command {
    let mut cmd = Command::cargo_bin("okr").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

#[test]
fn export_csv_and_json() {
    let csv = stdout(okr().args([
        "export",
        SUPPORT,
        "--as-of",
        "2026-02-20",
        "--format",
        "csv",
    ]));
    insta::assert_snapshot!("export_csv", csv);
    let json = stdout(okr().args([
        "export",
        SUPPORT,
        "--as-of",
        "2026-02-20",
        "--format",
        "json",
    ]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["version"], 1);
    let rows = value["key_results"].as_array().unwrap();
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[2]["score"], 0.3889);
    assert_eq!(
        rows[0]["confidence"].to_string(),
        "6",
        "confidence as entered, not 6.0"
    );
    assert_eq!(
        rows[3]["score"],
        serde_json::Value::Null,
        "no data is null, never 0"
    );
    insta::assert_snapshot!(
        "export_json_first_row",
        serde_json::to_string_pretty(&rows[0]).unwrap()
    );
}

#[test]
fn completions_generate_for_every_shell_and_the_man_page_renders() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(okr().args(["completions", shell]));
        assert!(
            script.contains("checkin") && script.contains("lint"),
            "{shell}"
        );
    }
    let man = stdout(okr().arg("man"));
    assert!(man.starts_with(".ie") && man.contains(".TH okr 1"));
    assert!(man.contains("checkin"));
}

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .current_dir(dir)
        .env("PATH", path_with_okr())
        .output()
        .unwrap()
}

/// PATH with the directory of the built `okr` first, as an installed binary would be.
fn path_with_okr() -> String {
    let bin = assert_cmd::cargo::cargo_bin("okr");
    format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

#[test]
fn the_git_hook_blocks_bad_okrs_and_lets_good_ones_through() {
    let dir = TempDir::new().unwrap();
    assert!(git(dir.path(), &["init", "-q"]).status.success());
    okr()
        .current_dir(dir.path())
        .args(["hook", "install"])
        .assert()
        .code(0);
    okr()
        .current_dir(dir.path())
        .args(["hook", "install"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists; pass --force"));
    okr()
        .current_dir(dir.path())
        .args(["hook", "install", "--force"])
        .assert()
        .code(0);

    fs::create_dir_all(dir.path().join("okrs")).unwrap();
    fs::copy("examples/bad.md", dir.path().join("okrs/bad okrs.md")).unwrap();
    fs::write(dir.path().join("README.md"), "# Not an OKR document\n").unwrap();
    git(dir.path(), &["add", "."]);
    let blocked = git(dir.path(), &["commit", "-q", "-m", "bad"]);
    assert!(!blocked.status.success(), "the hook must block a bad OKR");
    assert!(String::from_utf8_lossy(&blocked.stderr).contains("error[OKR302]"));

    git(dir.path(), &["rm", "-q", "--cached", "okrs/bad okrs.md"]);
    fs::remove_file(dir.path().join("okrs/bad okrs.md")).unwrap();
    fs::copy("examples/good.md", dir.path().join("okrs/good.md")).unwrap();
    git(dir.path(), &["add", "."]);
    let passed = git(dir.path(), &["commit", "-q", "-m", "good"]);
    assert!(
        passed.status.success(),
        "{}",
        String::from_utf8_lossy(&passed.stdout)
    );
}

#[test]
fn the_dashboard_escapes_every_user_string() {
    let dir = TempDir::new().unwrap();
    let hostile = fs::read_to_string(SUPPORT)
        .unwrap()
        .replace(
            "# Support: 2026-Q1\n",
            "# Support: 2026-Q1\n\nRead **this** first. <script>alert(2)</script> [click](javascript:alert(3))\n",
        )
        .replace("Increase help-centre deflection", "<script>alert(1)</script> help-centre deflection")
        .replace("Owner: Dana Reyes\n- Baseline: 18%", "Owner: <img src=x onerror=alert(4)>\n- Baseline: 18%")
        .replace("New articles answer billing questions", "<script>alert(5)</script>")
        .replace("Write refund articles", "<img src=y onerror=alert(6)>")
        .replace("Frontend pairing", "<iframe src=javascript:alert(7)>");
    fs::write(dir.path().join("hostile.md"), hostile).unwrap();
    okr()
        .current_dir(dir.path())
        .args([
            "report",
            "--html",
            "site",
            "hostile.md",
            "--as-of",
            "2026-02-20",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("wrote 4 pages"));
    let page = fs::read_to_string(dir.path().join("site/doc1-o1.html")).unwrap();
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; help-centre deflection"));
    assert!(page.contains("&lt;img src=x onerror=alert(4)&gt;"));
    assert!(
        page.contains("&lt;script&gt;alert(5)&lt;/script&gt;"),
        "insight escaped in the thread"
    );
    assert!(
        page.contains("&lt;img src=y onerror=alert(6)&gt;"),
        "next action escaped"
    );
    let index = fs::read_to_string(dir.path().join("site/index.html")).unwrap();
    assert!(
        index.contains("Help: &lt;iframe src="),
        "help request escaped in needs attention"
    );
    assert!(page.contains("<strong>this</strong>"), "prose is rendered");
    for html in fs::read_dir(dir.path().join("site")).unwrap() {
        let text = fs::read_to_string(html.unwrap().path()).unwrap();
        assert!(!text.contains("<script"), "no script element");
        assert!(!text.contains("<img"), "no raw HTML element");
        assert!(!text.contains("<iframe"), "no raw HTML element");
        assert!(!text.contains("javascript:alert(3)"), "no javascript: link");
    }
    let index = fs::read_to_string(dir.path().join("site/index.html")).unwrap();
    assert!(
        index.contains(r#"<span class="rag rag-amber">amber</span>"#),
        "RAG as a word, not only a colour"
    );
    assert!(index.contains("@media print"));
}

/// `index.html` without its style sheet, for a snapshot that reads as the page's content.
fn index_body(site: &Path) -> String {
    let index = fs::read_to_string(site.join("index.html")).unwrap();
    let body = index.split("</style>").nth(1).unwrap();
    body.replace("><", ">\n<")
}

#[test]
fn the_dashboard_index_counts_bands_and_lists_attention_in_path_order() {
    let dir = TempDir::new().unwrap();
    fs::copy(SUPPORT, dir.path().join("a-support.md")).unwrap();
    fs::copy("examples/good.md", dir.path().join("b-good.md")).unwrap();
    okr()
        .current_dir(dir.path())
        .args(["report", "--html", "site", ".", "--as-of", "2026-02-20"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("wrote 5 pages"));
    insta::assert_snapshot!(index_body(&dir.path().join("site")));
}

#[test]
fn the_dashboard_says_so_when_nothing_needs_attention() {
    let dir = TempDir::new().unwrap();
    okr()
        .current_dir(dir.path())
        .args(["report", "--html", "site", "--as-of", "2026-01-10"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/good.md"))
        .assert()
        .code(0);
    let body = index_body(&dir.path().join("site"));
    assert!(body.contains(
        "<h2>Needs attention</h2>\n<p class=\"muted\">Nothing: no help asked for, nothing red, stale or forecast to miss.</p>"
    ), "{body}");
    assert!(!body.contains("<ul>"), "{body}");
}
