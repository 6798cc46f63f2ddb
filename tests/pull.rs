//! End-to-end tests of `okr pull` against real sources: SQLite files, CSV and JSON
//! exports, a program, and, when `.ci/services.sh` has started them, a scratch
//! PostgreSQL cluster and a Prometheus scraping itself.

use assert_cmd::Command;
use chrono::Datelike;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const DATE: &str = "2026-11-30";

fn okr_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("okr").unwrap();
    cmd.env("NO_COLOR", "1")
        .env_remove("OKR_ALLOW_COMMAND")
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .env_remove("PGPASSWORD")
        .env("PGPASSFILE", "/nonexistent")
        .current_dir(dir);
    cmd
}

/// A document in `cycle` with two KRs: a conversion rate and a count, each naming a metric.
fn document(cycle: &str, rate_metric: &str, count_metric: &str) -> String {
    format!(
        "---
cycle: {cycle}
team: Growth
owner: Omar Haddad
---

# Growth: {cycle}

## O1: Make checkout effortless for returning customers

- Owner: Omar Haddad

### O1-KR1: Increase checkout conversion from 2.8% to 3.6%

- Owner: Omar Haddad
- Baseline: 2.8%
- Target: 3.6%
- Source: [Warehouse](https://bi.example.com/conversion)
- Metric: {rate_metric}

### O1-KR2: Grow weekly repeat buyers from 100 to 5000

- Owner: Lena Park
- Baseline: 100
- Target: 5000
- Source: [Warehouse](https://bi.example.com/repeat)
- Metric: {count_metric}

## Check-ins

| Date | KR | Actual | Confidence | Insight | Next action | Help needed |
|------|----|--------|------------|---------|-------------|-------------|
| 2026-11-23 | O1-KR1 | 3.0% | 7 | Guest checkout helps | Ship saved cards | |
"
    )
}

/// A repository with `okrs/growth.md`, `metrics.yaml` and optional `okr.yaml`.
struct Workspace {
    dir: TempDir,
}

impl Workspace {
    fn new(doc: &str, metrics: &str) -> Self {
        let dir = TempDir::new().unwrap();
        fs::create_dir_all(dir.path().join("okrs")).unwrap();
        fs::create_dir_all(dir.path().join("data")).unwrap();
        fs::write(dir.path().join("okrs/growth.md"), doc).unwrap();
        fs::write(dir.path().join("metrics.yaml"), metrics).unwrap();
        Workspace { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn doc(&self) -> String {
        fs::read_to_string(self.path("okrs/growth.md")).unwrap()
    }

    fn pull(&self, args: &[&str]) -> Command {
        let mut cmd = okr_in(self.dir.path());
        cmd.arg("pull").args(args);
        cmd
    }

    /// Runs a pull that must fail with exit 2, leave the document as it was, and say `why`.
    fn refused(&self, args: &[&str], why: &str) -> String {
        let before = self.doc();
        let out = self.pull(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(why), "expected `{why}` in:\n{stderr}");
        assert!(stderr.contains("nothing was"), "{stderr}");
        assert_eq!(self.doc(), before, "a refused pull changed the document");
        stderr
    }
}

fn sqlite(path: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(sql).unwrap();
}

const SQLITE_AND_CSV: &str = r#"metrics:
  checkout_conversion:
    definition: Share of returning-customer sessions that end in a paid order
    refresh: daily
    unit: "%"
    valid: {min: 0, max: 100}
    query:
      sql: sqlite:data/kpis.sqlite
      text: SELECT value FROM conversion WHERE day <= $as_of ORDER BY day DESC LIMIT 1
  repeat_buyers:
    refresh: weekly
    valid: {min: 0}
    query: {file: data/buyers.csv, column: buyers}
  repeat_buyers_json:
    query: {file: data/kpis.json, pointer: /weekly/repeat_buyers}
"#;

fn sqlite_workspace(count_metric: &str) -> Workspace {
    let ws = Workspace::new(
        &document("2026-Q4", "checkout_conversion", count_metric),
        SQLITE_AND_CSV,
    );
    sqlite(
        &ws.path("data/kpis.sqlite"),
        "CREATE TABLE conversion (day TEXT, value REAL);
         INSERT INTO conversion VALUES ('2026-11-29', 3.1), ('2026-11-30', 3.25), ('2026-12-02', 3.3);",
    );
    fs::write(
        ws.path("data/buyers.csv"),
        "date,buyers\n2026-11-16,380\n2026-11-30,412\n2026-11-23,395\n2026-12-07,450\n",
    )
    .unwrap();
    fs::write(
        ws.path("data/kpis.json"),
        r#"{"weekly": {"repeat_buyers": 407, "label": "n/a"}}"#,
    )
    .unwrap();
    ws
}

/// The text with every line that is not in `before` removed: what a pull may add.
fn without_added_lines(after: &str, added: &[&str]) -> String {
    after
        .split_inclusive('\n')
        .filter(|line| !added.contains(&line.trim_end()))
        .collect()
}

#[test]
fn a_pull_writes_one_row_per_kr_and_changes_no_other_byte() {
    let ws = sqlite_workspace("repeat_buyers");
    let before = ws.doc();
    let out = ws.pull(&["--date", DATE]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = ws.doc();
    let rows = [
        "| 2026-11-30 | O1-KR1 | 3.25% | | | | |",
        "| 2026-11-30 | O1-KR2 | 412 | | | | |",
    ];
    for row in rows {
        assert_eq!(
            after.matches(row).count(),
            1,
            "{row} missing from:\n{after}"
        );
    }
    assert_eq!(without_added_lines(&after, &rows), before);
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}

#[test]
fn a_json_export_is_read_by_its_pointer() {
    let ws = sqlite_workspace("repeat_buyers_json");
    let out = ws
        .pull(&["--date", DATE, "--dry-run", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[1]["metric"], "repeat_buyers_json");
    assert_eq!(rows[1]["value"], 407.0);
    assert_eq!(rows[1]["written"], false);
}

#[test]
fn a_dry_run_prints_the_rows_and_writes_nothing() {
    let ws = sqlite_workspace("repeat_buyers");
    let before = fs::read(ws.path("okrs/growth.md")).unwrap();
    let out = ws.pull(&["--date", DATE, "--dry-run"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(fs::read(ws.path("okrs/growth.md")).unwrap(), before);
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout), @r"
    okrs/growth.md: | 2026-11-30 | O1-KR1 | 3.25% | | | | |
    okrs/growth.md: | 2026-11-30 | O1-KR2 | 412 | | | | |
    dry run: 2 row(s), nothing written
    ");
}

#[test]
fn only_the_named_metric_is_pulled() {
    let ws = sqlite_workspace("repeat_buyers");
    let out = ws
        .pull(&["--date", DATE, "--dry-run", "--metric", "repeat_buyers"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("O1-KR2 | 412"), "{stdout}");
    assert!(!stdout.contains("O1-KR1"), "{stdout}");
}

#[test]
fn a_value_outside_the_valid_range_is_refused_as_an_anomaly() {
    let ws = sqlite_workspace("repeat_buyers");
    sqlite(
        &ws.path("data/kpis.sqlite"),
        "UPDATE conversion SET value = 325 WHERE day = '2026-11-30';",
    );
    ws.refused(
        &["--date", DATE],
        "anomaly: 325% is outside `checkout_conversion`'s valid range 0% to 100%",
    );
}

#[test]
fn sqlite_queries_must_return_exactly_one_number() {
    let ws = sqlite_workspace("repeat_buyers");
    let cases = [
        (
            "SELECT value FROM conversion WHERE day > '2027-01-01'",
            "the query returned no rows",
        ),
        (
            "SELECT value FROM conversion",
            "the query returned more than one row; it must return one",
        ),
        ("SELECT 'n/a'", "returned text `n/a`, not a number"),
        ("SELECT NULL", "the query returned NULL"),
        ("SELECT 1, 2", "the query returns 2 columns"),
        ("SELECT $as_of_day", "unknown parameter `$as_of_day`"),
        ("SELEC 1", "the query failed"),
    ];
    for (query, why) in cases {
        let metrics = SQLITE_AND_CSV.replace(
            "SELECT value FROM conversion WHERE day <= $as_of ORDER BY day DESC LIMIT 1",
            query,
        );
        fs::write(ws.path("metrics.yaml"), metrics).unwrap();
        ws.refused(&["--date", DATE], why);
    }
}

#[test]
fn a_slow_query_times_out_and_writes_nothing() {
    let ws = sqlite_workspace("repeat_buyers");
    let slow =
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c";
    let metrics = SQLITE_AND_CSV.replace(
        "SELECT value FROM conversion WHERE day <= $as_of ORDER BY day DESC LIMIT 1",
        slow,
    );
    fs::write(ws.path("metrics.yaml"), metrics).unwrap();
    fs::write(ws.path("okr.yaml"), "pull:\n  timeout: 0.3\n").unwrap();
    ws.refused(&["--date", DATE], "the query timed out after 0.3s");
}

#[test]
fn a_missing_export_or_database_names_the_metric_and_the_file() {
    let ws = sqlite_workspace("repeat_buyers");
    fs::remove_file(ws.path("data/buyers.csv")).unwrap();
    fs::remove_file(ws.path("data/kpis.sqlite")).unwrap();
    let stderr = ws.refused(&["--date", DATE], "(metric `repeat_buyers`)");
    assert!(
        stderr.contains("kpis.sqlite: no such SQLite file"),
        "{stderr}"
    );
    assert!(stderr.contains("buyers.csv"), "{stderr}");
}

#[test]
fn a_password_in_a_url_is_refused_with_the_reason() {
    let ws = sqlite_workspace("repeat_buyers");
    let metrics = SQLITE_AND_CSV.replace(
        "sqlite:data/kpis.sqlite",
        "postgres://okr:hunter2@127.0.0.1:5432/kpis",
    );
    fs::write(ws.path("metrics.yaml"), metrics).unwrap();
    let out = ws.pull(&["--date", DATE]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("metrics.yaml:3:1: invalid config: metric `checkout_conversion`: the URL holds a password"), "{stderr}");
    assert!(stderr.contains("PGPASSWORD"), "{stderr}");
    assert!(
        !stderr.contains("hunter2"),
        "the message repeats the password: {stderr}"
    );
}

#[test]
fn the_command_connector_runs_only_when_the_user_allows_it() {
    let ws = sqlite_workspace("buyers_from_script");
    let metrics = format!(
        "{SQLITE_AND_CSV}  buyers_from_script:\n    query: {{command: [sh, -c, 'echo 4$((1+1))0']}}\n"
    );
    fs::write(ws.path("metrics.yaml"), metrics).unwrap();
    ws.refused(
        &["--date", DATE],
        "pass --allow-command, set OKR_ALLOW_COMMAND=1",
    );
    // The repository's own config cannot grant it.
    fs::write(ws.path("okr.yaml"), "pull:\n  allow_command: true\n").unwrap();
    ws.refused(
        &["--date", DATE],
        "okr.yaml's `pull.allow_command` is not honoured",
    );
    let allowed = |cmd: &mut Command| {
        let out = cmd.output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(stdout.contains("| O1-KR2 | 420 |"), "{stdout}");
    };
    allowed(&mut ws.pull(&["--date", DATE, "--dry-run", "--allow-command"]));
    allowed(
        ws.pull(&["--date", DATE, "--dry-run"])
            .env("OKR_ALLOW_COMMAND", "1"),
    );
    let home = TempDir::new().unwrap();
    fs::create_dir_all(home.path().join("okr")).unwrap();
    fs::write(
        home.path().join("okr/config.yaml"),
        "pull:\n  allow_command: true\n",
    )
    .unwrap();
    allowed(
        ws.pull(&["--date", DATE, "--dry-run"])
            .env("XDG_CONFIG_HOME", home.path()),
    );
}

#[test]
fn an_unknown_metric_stops_the_pull() {
    let ws = Workspace::new(
        &document("2026-Q4", "checkout_convresion", "repeat_buyers"),
        SQLITE_AND_CSV,
    );
    ws.refused(
        &["--date", DATE],
        "names the metric `checkout_convresion`, which is not in the dictionary",
    );
}

#[test]
fn a_second_pull_on_the_same_day_needs_replace() {
    let ws = sqlite_workspace("repeat_buyers");
    ws.pull(&["--date", DATE]).assert().success();
    ws.refused(&["--date", DATE], "pass --replace to replace that row");
    sqlite(
        &ws.path("data/kpis.sqlite"),
        "UPDATE conversion SET value = 3.4 WHERE day = '2026-11-30';",
    );
    ws.pull(&["--date", DATE, "--replace"]).assert().success();
    let doc = ws.doc();
    assert!(doc.contains("| 2026-11-30 | O1-KR1 | 3.4% |"), "{doc}");
    assert!(!doc.contains("3.25%"), "{doc}");
}

#[test]
fn okr_metrics_lists_each_metric_with_its_krs_and_latest_value() {
    let ws = sqlite_workspace("repeat_buyers");
    ws.pull(&["--date", DATE]).assert().success();
    let out = okr_in(ws.dir.path()).arg("metrics").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}

// Real servers, started by `.ci/services.sh`. `.ci/run` sets OKR_REQUIRE_SERVICES, so
// there they can never be skipped.

struct Services {
    postgres: String,
    password: String,
    prometheus: String,
}

fn services() -> Option<Services> {
    let found = (|| {
        Some(Services {
            postgres: std::env::var("OKR_TEST_POSTGRES").ok()?,
            password: std::env::var("OKR_TEST_POSTGRES_PASSWORD").ok()?,
            prometheus: std::env::var("OKR_TEST_PROMETHEUS").ok()?,
        })
    })();
    if found.is_none() {
        assert!(
            std::env::var_os("OKR_REQUIRE_SERVICES").is_none(),
            "OKR_REQUIRE_SERVICES is set but the services are not: run `source .ci/services.sh start`"
        );
        eprintln!("skipped: no PostgreSQL/Prometheus (run `source .ci/services.sh start`)");
    }
    found
}

fn postgres_metrics(url: &str, rate_query: &str, count_query: &str) -> String {
    format!(
        "metrics:
  checkout_conversion:
    unit: \"%\"
    valid: {{min: 0, max: 100}}
    query:
      sql: {url}
      text: {rate_query}
  repeat_buyers:
    query: {{sql: \"{url}\", text: \"{count_query}\"}}
"
    )
}

const PG_RATE: &str = "SELECT value FROM conversion WHERE day <= $as_of ORDER BY day DESC LIMIT 1";
const PG_COUNT: &str = "SELECT p95 FROM latency WHERE service = 'checkout' AND day = $as_of";

#[test]
fn postgres_values_are_pulled_with_credentials_from_the_environment() {
    let Some(s) = services() else { return };
    let ws = Workspace::new(
        &document("2026-Q4", "checkout_conversion", "repeat_buyers"),
        &postgres_metrics(&s.postgres, PG_RATE, PG_COUNT),
    );
    let before = ws.doc();
    let out = ws
        .pull(&["--date", DATE])
        .env("PGPASSWORD", &s.password)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = [
        "| 2026-11-30 | O1-KR1 | 3.25% | | | | |",
        "| 2026-11-30 | O1-KR2 | 441 | | | | |",
    ];
    assert_eq!(without_added_lines(&ws.doc(), &rows), before);
    // The password file works as libpq's does.
    let pgpass = ws.path("pgpass");
    fs::write(
        &pgpass,
        format!("# test\n127.0.0.1:*:kpis:okr:{}\n", s.password),
    )
    .unwrap();
    ws.pull(&[
        "--date",
        "2026-11-29",
        "--dry-run",
        "--metric",
        "checkout_conversion",
    ])
    .env("PGPASSFILE", &pgpass)
    .assert()
    .success();
    // Without credentials the server refuses, and the message says why.
    ws.refused(&["--date", "2026-11-28"], "password missing");
}

#[test]
fn postgres_failures_are_clear_and_write_nothing() {
    let Some(s) = services() else { return };
    let down = "postgres://okr@127.0.0.1:1/kpis";
    let cases = [
        (
            s.postgres.as_str(),
            "SELECT value FROM empty",
            "the query returned no rows",
        ),
        (
            s.postgres.as_str(),
            "SELECT p95 FROM latency",
            "the query returned more than one row",
        ),
        (
            s.postgres.as_str(),
            "SELECT note FROM notes",
            "the query returns `note` of type text, not a number",
        ),
        (
            s.postgres.as_str(),
            "SELECT pg_sleep(5)::text::int",
            "timed out",
        ),
        (
            s.postgres.as_str(),
            "SELECT * FROM missing_table",
            "relation \"missing_table\" does not exist",
        ),
        (
            s.postgres.as_str(),
            "SELECT nextval('pulls')",
            "read-only transaction",
        ),
        (
            down,
            "SELECT 1",
            "cannot connect to postgres://okr@127.0.0.1:1/kpis",
        ),
    ];
    for (url, query, why) in cases {
        let ws = Workspace::new(
            &document("2026-Q4", "checkout_conversion", "repeat_buyers"),
            &postgres_metrics(url, PG_RATE, query),
        );
        fs::write(ws.path("okr.yaml"), "pull:\n  timeout: 1\n").unwrap();
        let before = ws.doc();
        let out = ws
            .pull(&["--date", DATE])
            .env("PGPASSWORD", &s.password)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{query}: {stderr}");
        assert!(
            stderr.contains(why),
            "{query}: expected `{why}` in {stderr}"
        );
        assert!(stderr.contains("(metric `repeat_buyers`)"), "{stderr}");
        assert_eq!(ws.doc(), before);
    }
}

/// This quarter, so that Prometheus's "now" is inside the document's cycle.
fn this_quarter() -> String {
    let today = chrono::Local::now().date_naive();
    format!("{}-Q{}", today.year(), today.month0() / 3 + 1)
}

fn prometheus_metrics(url: &str, count_expr: &str) -> String {
    format!(
        "metrics:
  checkout_conversion:
    unit: \"%\"
    query: {{file: rate.csv, column: rate}}
  repeat_buyers:
    refresh: realtime
    query: {{prometheus: \"{url}\", expr: '{count_expr}'}}
"
    )
}

#[test]
fn prometheus_answers_a_real_instant_query() {
    let Some(s) = services() else { return };
    let ws = Workspace::new(
        &document(&this_quarter(), "checkout_conversion", "repeat_buyers"),
        &prometheus_metrics(&s.prometheus, "prometheus_tsdb_head_series"),
    );
    fs::write(ws.path("rate.csv"), "date,rate\n2020-01-01,3.1\n").unwrap();
    let out = ws.pull(&["--format", "json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let series = rows[1]["value"].as_f64().unwrap();
    assert!(
        series >= 1.0,
        "a Prometheus scraping itself has series: {rows}"
    );
    assert!(ws.doc().contains(&format!("| O1-KR2 | {series} |")));
}

#[test]
fn prometheus_failures_are_clear_and_write_nothing() {
    let Some(s) = services() else { return };
    let cases = [
        (
            s.prometheus.as_str(),
            "no_such_metric_anywhere",
            "the query returned no series",
        ),
        (
            s.prometheus.as_str(),
            "prometheus_http_requests_total",
            "series ({",
        ),
        (s.prometheus.as_str(), "0 / 0", "the query returned NaN"),
        (s.prometheus.as_str(), "up[5m]", "use an instant expression"),
        (
            s.prometheus.as_str(),
            "sum(",
            "Prometheus refused the query",
        ),
        (
            "http://127.0.0.1:1",
            "up",
            "cannot reach http://127.0.0.1:1",
        ),
    ];
    for (url, expr, why) in cases {
        let ws = Workspace::new(
            &document(&this_quarter(), "checkout_conversion", "repeat_buyers"),
            &prometheus_metrics(url, expr),
        );
        fs::write(ws.path("rate.csv"), "date,rate\n2020-01-01,3.1\n").unwrap();
        let before = ws.doc();
        let out = ws.pull(&[]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{expr}: {stderr}");
        assert!(stderr.contains(why), "{expr}: expected `{why}` in {stderr}");
        assert_eq!(ws.doc(), before);
    }
}

#[test]
fn the_dashboard_links_each_kr_to_its_metric_definition() {
    let ws = sqlite_workspace("repeat_buyers");
    let metrics = SQLITE_AND_CSV.replace(
        "Share of returning-customer sessions that end in a paid order",
        "Paid orders <script>alert(1)</script> per session",
    );
    fs::write(ws.path("metrics.yaml"), metrics).unwrap();
    okr_in(ws.dir.path())
        .args(["report", "--html", "site", "--as-of", DATE])
        .assert()
        .success();
    let objective = fs::read_to_string(ws.path("site/doc1-o1.html")).unwrap();
    let definitions = fs::read_to_string(ws.path("site/metrics.html")).unwrap();
    let index = fs::read_to_string(ws.path("site/index.html")).unwrap();
    for name in ["checkout-conversion", "repeat-buyers"] {
        let anchor = format!("metric-{name}");
        assert!(
            objective.contains(&format!("href=\"metrics.html#{anchor}\"")),
            "{objective}"
        );
        assert!(
            definitions.contains(&format!("id=\"{anchor}\"")),
            "{definitions}"
        );
    }
    assert!(definitions.contains("Paid orders &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!definitions.contains("<script>"));
    assert!(definitions.contains("<a href=\"doc1-o1.html\">O1-KR1</a>"));
    assert!(
        !definitions.contains("repeat_buyers_json"),
        "unused metrics are left out"
    );
    assert!(index.contains("href=\"metrics.html\""));
}

#[test]
fn checkin_without_an_actual_completes_the_row_a_pull_wrote() {
    let ws = sqlite_workspace("repeat_buyers");
    let before = ws.doc();
    ws.pull(&["--date", DATE]).assert().success();
    okr_in(ws.dir.path())
        .args(["checkin", "O1-KR1", "--date", DATE, "--confidence", "8"])
        .args([
            "--insight",
            "Saved cards | lifted it",
            "--next",
            "Test one-click",
        ])
        .assert()
        .success();
    let rows = [
        "| 2026-11-30 | O1-KR1 | 3.25% | 8 | Saved cards \\| lifted it | Test one-click | |",
        "| 2026-11-30 | O1-KR2 | 412 | | | | |",
    ];
    assert_eq!(
        without_added_lines(&ws.doc(), &rows),
        before,
        "{}",
        ws.doc()
    );
    // With no row for that day there is nothing to complete.
    let out = okr_in(ws.dir.path())
        .args([
            "checkin",
            "O1-KR2",
            "--date",
            "2026-11-29",
            "--confidence",
            "6",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("has no check-in on 2026-11-29 to add to")
    );
}
