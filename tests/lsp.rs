//! `okr lsp` driven over JSON-RPC through its whole lifecycle, as an editor would.

use serde_json::{json, Value};
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use tempfile::TempDir;

struct Client {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: i64,
    /// Notifications read while waiting for a response.
    pending: Vec<Value>,
}

impl Client {
    fn start(root: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_okr"))
            .arg("lsp")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut client = Client {
            child,
            stdin,
            stdout,
            next_id: 1,
            pending: Vec::new(),
        };
        let init = client.request(
            "initialize",
            json!({"capabilities": {}, "workspaceFolders": [{"uri": uri(root), "name": "okrs"}]}),
        );
        assert!(init["result"]["capabilities"]["hoverProvider"]
            .as_bool()
            .unwrap());
        client.notify("initialized", json!({}));
        client
    }

    fn write(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn read(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            assert!(
                self.stdout.read_line(&mut line).unwrap() > 0,
                "the server closed stdout"
            );
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.write(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.read();
            if message["id"] == id {
                return message;
            }
            self.pending.push(message);
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.write(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next diagnostics published for `path`.
    fn diagnostics(&mut self, path: &Path) -> Vec<Value> {
        let wanted = uri(path);
        loop {
            let message = if self.pending.is_empty() {
                self.read()
            } else {
                self.pending.remove(0)
            };
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == wanted
            {
                return message["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    fn shutdown(mut self) {
        let answer = self.request("shutdown", Value::Null);
        assert!(answer["error"].is_null());
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status}");
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    let mut codes: Vec<String> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    codes.sort();
    codes
}

/// A repository with a company document and a team document linking to it.
fn workspace() -> (TempDir, PathBuf, PathBuf, PathBuf) {
    let dir = TempDir::new().unwrap();
    let root = dir.path().canonicalize().unwrap();
    fs::create_dir_all(root.join("okrs/company")).unwrap();
    fs::create_dir_all(root.join("okrs/growth")).unwrap();
    // No staleness findings, so that a fixed document lints clean on any day.
    fs::write(root.join("okr.yaml"), "staleness_days: 100000\n").unwrap();
    let company = root.join("okrs/company/2026.md");
    fs::copy("tests/fixtures/lsp/company.md", &company).unwrap();
    let team = root.join("okrs/growth/2026-Q4.md");
    fs::copy("tests/fixtures/lsp/team.md", &team).unwrap();
    (dir, root, company, team)
}

fn open(client: &mut Client, path: &Path) -> Vec<Value> {
    let text = fs::read_to_string(path).unwrap();
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(path), "languageId": "markdown", "version": 1, "text": text}}),
    );
    client.diagnostics(path)
}

/// The LSP position of the first `needle` in `path`'s text (ASCII fixtures).
fn at(path: &Path, needle: &str) -> Value {
    let text = fs::read_to_string(path).unwrap();
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in {}", path.display()));
    let line = text[..offset].matches('\n').count();
    let character = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": character + 1})
}

fn position_params(path: &Path, needle: &str) -> Value {
    json!({"textDocument": {"uri": uri(path)}, "position": at(path, needle)})
}

#[test]
fn diagnostics_follow_edits_in_this_and_other_documents() {
    let (_dir, root, company, team) = workspace();
    let mut client = Client::start(&root);
    let found = open(&mut client, &team);
    let before = codes(&found);
    assert!(
        !before.contains(&"OKR410".to_string()) && !before.contains(&"OKR701".to_string()),
        "{found:#?}"
    );
    // An activity KR, typed: the finding appears, with its code and documentation link.
    let line = at(&team, "Increase checkout conversion")["line"].clone();
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&team), "version": 2},
               "contentChanges": [{"range": {"start": {"line": line, "character": 12},
                                              "end": {"line": line, "character": 200}},
                                   "text": "Launch the new checkout page"}]}),
    );
    let found = client.diagnostics(&team);
    assert!(codes(&found).contains(&"OKR410".to_string()), "{found:#?}");
    let activity = found.iter().find(|d| d["code"] == "OKR410").unwrap();
    let doc = activity["codeDescription"]["href"].as_str().unwrap();
    let explanation = fs::read_to_string(doc.strip_prefix("file://").unwrap()).unwrap();
    assert!(explanation.starts_with("# OKR410"), "{explanation}");
    assert_eq!(activity["source"], "okr");
    // Renaming the company KR the team links to breaks the link, before anything is saved.
    open(&mut client, &company);
    let renamed = fs::read_to_string(&company)
        .unwrap()
        .replace("### O1-KR2:", "### O1-KR9:");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&company), "version": 2},
               "contentChanges": [{"text": renamed}]}),
    );
    let team_found = loop {
        let found = client.diagnostics(&team);
        if codes(&found).contains(&"OKR701".to_string()) {
            break found;
        }
    };
    assert!(team_found
        .iter()
        .any(|d| d["message"].as_str().unwrap().contains("O1-KR2")));
    client.shutdown();
}

#[test]
fn hover_shows_a_kr_anywhere_and_a_rule_by_code() {
    let (_dir, root, _company, team) = workspace();
    let mut client = Client::start(&root);
    open(&mut client, &team);
    let hover = client.request(
        "textDocument/hover",
        position_params(&team, "company/2026.md#O1-KR2"),
    );
    let text = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("**O1-KR2**: Increase net revenue retention"),
        "{text}"
    );
    assert!(text.contains("104% → 106% (2026-11-23) → 110%"), "{text}");
    assert!(text.contains("owner Ana Ruiz"), "{text}");
    let hover = client.request("textDocument/hover", position_params(&team, "OKR303"));
    let text = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(text.starts_with("# OKR303 `objective-too-long`"), "{text}");
    let nothing = client.request("textDocument/hover", position_params(&team, "Growth"));
    assert!(nothing["result"].is_null());
    client.shutdown();
}

#[test]
fn definition_references_and_symbols_cross_documents() {
    let (_dir, root, company, team) = workspace();
    fs::write(
        root.join("prd.md"),
        "# Checkout PRD\n\nMoves O1-KR2 of the company.\n",
    )
    .unwrap();
    let mut client = Client::start(&root);
    open(&mut client, &team);
    let definition = client.request(
        "textDocument/definition",
        position_params(&team, "company/2026.md#O1-KR2"),
    );
    let location = &definition["result"][0];
    assert_eq!(location["uri"], uri(&company));
    assert_eq!(
        location["range"]["start"]["line"],
        at(&company, "### O1-KR2:")["line"]
    );
    let references = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri(&team)}, "position": at(&team, "company/2026.md#O1-KR2"),
               "context": {"includeDeclaration": true}}),
    );
    let mut files: Vec<String> = references["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            l["uri"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    files.sort();
    files.dedup();
    assert_eq!(files, ["2026-Q4.md", "2026.md", "prd.md"], "{references:#}");
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&team)}}),
    );
    let outline: Vec<String> = symbols["result"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| {
            std::iter::once(o["name"].as_str().unwrap().to_string()).chain(
                o["children"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|k| format!("  {}", k["name"].as_str().unwrap())),
            )
        })
        .collect();
    assert_eq!(outline, ["O1", "  O1-KR1", "  O1-KR2"]);
    let search = client.request("workspace/symbol", json!({"query": "retention"}));
    let names: Vec<&str> = search["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["O1-KR2: Increase net revenue retention from 104% to 110%"]
    );
    client.shutdown();
}

#[test]
fn formatting_applies_okr_fmt() {
    let (_dir, root, _company, team) = workspace();
    fs::copy("tests/fixtures/dialects/labelled.md", &team).unwrap();
    let copy = root.join("copy.md");
    fs::copy("tests/fixtures/dialects/labelled.md", &copy).unwrap();
    std::process::Command::new(env!("CARGO_BIN_EXE_okr"))
        .arg("fmt")
        .arg(&copy)
        .output()
        .unwrap();
    let expected = fs::read_to_string(&copy).unwrap();
    assert_ne!(
        expected,
        fs::read_to_string(&team).unwrap(),
        "okr fmt has work to do"
    );
    let mut client = Client::start(&root);
    open(&mut client, &team);
    let edits = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri(&team)}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(edits["result"][0]["newText"].as_str().unwrap(), expected);
    assert_eq!(
        edits["result"][0]["range"]["start"],
        json!({"line": 0, "character": 0})
    );
    client.shutdown();
}

#[test]
fn malformed_messages_and_a_vanished_client_never_panic() {
    let dir = TempDir::new().unwrap();
    // Garbage instead of a header, then the client goes away.
    let mut child = Command::new(env!("CARGO_BIN_EXE_okr"))
        .arg("lsp")
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Content-Length: 5\r\n\r\n{oops")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    // A request with wrong params gets an error response, and the server keeps going.
    let (_dir, root, _company, team) = workspace();
    let mut client = Client::start(&root);
    let bad = client.request("textDocument/hover", json!({"nonsense": true}));
    assert_eq!(bad["error"]["code"], -32602);
    let unknown = client.request("textDocument/rename", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    open(&mut client, &team);
    // The client disappears without shutdown: the server exits, without a panic.
    drop(client.stdin);
    let status = client.child.wait().unwrap();
    let mut stderr = String::new();
    if let Some(mut e) = client.child.stderr.take() {
        e.read_to_string(&mut stderr).unwrap();
    }
    assert_eq!(status.code(), Some(1), "{status}: {stderr}");
    assert!(
        stderr.contains("went away without shutting the server down"),
        "{stderr}"
    );
}

fn change_whole(client: &mut Client, path: &Path, version: i32, text: &str) -> Vec<Value> {
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(path), "version": version}, "contentChanges": [{"text": text}]}),
    );
    client.diagnostics(path)
}

/// Applies one code action's edits to `text` (edits of one file, in any order).
fn apply(text: &str, action: &Value, path: &Path) -> String {
    let mut edits = action["edit"]["changes"][uri(path)]
        .as_array()
        .unwrap()
        .clone();
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let character = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + character
    };
    edits.sort_by_key(|e| std::cmp::Reverse(offset(&e["range"]["start"])));
    let mut out = text.to_string();
    for e in edits {
        let (start, end) = (offset(&e["range"]["start"]), offset(&e["range"]["end"]));
        out.replace_range(start..end, e["newText"].as_str().unwrap());
    }
    out
}

fn actions_at(client: &mut Client, path: &Path, needle: &str) -> Vec<Value> {
    let start = at(path, needle);
    let answer = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri(path)}, "range": {"start": start, "end": start},
               "context": {"diagnostics": []}}),
    );
    answer["result"].as_array().unwrap().clone()
}

#[test]
fn quick_fixes_apply_and_the_result_lints_clean() {
    let (_dir, root, _company, team) = workspace();
    let original = fs::read_to_string(&team).unwrap();
    let typo = original.replace("- Baseline: 2.8%", "- Baseine: 2.8%");
    fs::write(&team, &typo).unwrap();
    let mut client = Client::start(&root);
    let found = open(&mut client, &team);
    assert!(codes(&found).contains(&"OKR104".to_string()), "{found:#?}");
    let actions = actions_at(&mut client, &team, "Baseine");
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Rename to `Baseline`",
            "Suppress OKR104 on this line",
            "Suppress OKR104 in this file",
            "Rewrite into the canonical form (okr fmt)"
        ],
        "{actions:#?}"
    );
    let fixed = apply(&typo, &actions[0], &team);
    assert_eq!(fixed, original);
    let found = change_whole(&mut client, &team, 2, &fixed);
    assert!(
        found.is_empty(),
        "the fixed document lints clean: {found:#?}"
    );
    // Suppressing for the file silences it, and the comment goes under the front-matter.
    let suppressed = apply(&typo, &actions[2], &team);
    assert!(
        suppressed.contains("---\n<!-- okr-disable OKR104 -->\n\n# Growth"),
        "{suppressed}"
    );
    let found = change_whole(&mut client, &team, 3, &suppressed);
    assert!(
        !codes(&found).iter().any(|c| c == "OKR104" || c == "OKR901"),
        "{found:#?}"
    );
    client.shutdown();
}

#[test]
fn unused_suppressions_and_unsorted_checkins_are_fixed_in_place() {
    let (_dir, root, _company, team) = workspace();
    let original = fs::read_to_string(&team).unwrap();
    let rows = "| 2026-11-23 | O1-KR1 | 3.0% | 7 | Guest checkout helps | Ship saved cards | |\n\
                | 2026-11-23 | O1-KR2 | 452 ms | 6 | Cache warms slowly | Pre-warm on deploy | |\n";
    let older = "| 2026-11-16 | O1-KR1 | 2.9% | 6 | Baseline week | Ship guest checkout | |\n";
    let sorted = original.replace(rows, &format!("{rows}{older}"));
    let unsorted = original.replace(rows, &format!("{older}{rows}")).replace(
        "# Growth: 2026-Q4\n\n",
        "# Growth: 2026-Q4\n\n<!-- okr-disable OKR303 -->\n",
    );
    fs::write(&team, &unsorted).unwrap();
    let mut client = Client::start(&root);
    let found = open(&mut client, &team);
    assert!(codes(&found).contains(&"OKR603".to_string()), "{found:#?}");
    assert!(codes(&found).contains(&"OKR901".to_string()), "{found:#?}");
    let remove = actions_at(&mut client, &team, "<!-- okr-disable OKR303");
    assert_eq!(remove[0]["title"], "Remove the unused suppression");
    let text = apply(&unsorted, &remove[0], &team);
    change_whole(&mut client, &team, 2, &text);
    fs::write(&team, &text).unwrap(); // `at` reads positions from the file
    let sort = actions_at(&mut client, &team, "2026-11-23 | O1-KR1");
    assert_eq!(sort[0]["title"], "Sort the check-ins, latest first");
    let text = apply(&text, &sort[0], &team);
    assert_eq!(text, sorted);
    let found = change_whole(&mut client, &team, 3, &text);
    assert!(
        !codes(&found).iter().any(|c| c == "OKR603" || c == "OKR901"),
        "{found:#?}"
    );
    client.shutdown();
}

#[test]
fn statement_values_move_into_the_card_on_request() {
    let (_dir, root, _company, team) = workspace();
    let original = fs::read_to_string(&team).unwrap();
    let bare = original.replace("- Baseline: 2.8%\n- Target: 3.6%\n- Due: 2026-12-31\n", "");
    fs::write(&team, &bare).unwrap();
    let mut client = Client::start(&root);
    open(&mut client, &team);
    let actions = actions_at(&mut client, &team, "Increase checkout conversion");
    let moved = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Move the statement's baseline")
        })
        .unwrap_or_else(|| panic!("{actions:#?}"));
    let text = apply(&bare, moved, &team);
    for line in ["- Baseline: 2.8%", "- Target: 3.6%", "- Due: 2026-12-31"] {
        assert!(text.contains(line), "{text}");
    }
    let found = change_whole(&mut client, &team, 2, &text);
    assert!(found.is_empty(), "{found:#?}");
    client.shutdown();
}

#[test]
fn completion_offers_ids_fields_values_and_today() {
    let (_dir, root, _company, team) = workspace();
    let mut client = Client::start(&root);
    open(&mut client, &team);
    let original = fs::read_to_string(&team).unwrap();
    let complete = |client: &mut Client, text: &str, version: i32, needle: &str| -> Vec<String> {
        change_whole(client, &team, version, text);
        let offset = text.find(needle).unwrap() + needle.len();
        let line = text[..offset].matches('\n').count();
        let character = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let answer = client.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri(&team)}, "position": {"line": line, "character": character}}),
        );
        answer["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    let row = original.replace(
        "|-------------|-------------|\n",
        "|------------|-------------|\n| 2026-11-30 | O1-K\n",
    );
    assert_eq!(
        complete(&mut client, &row, 2, "| 2026-11-30 | O1-K"),
        ["O1", "O1-KR1", "O1-KR2"]
    );
    let date = original.replace(
        "|-------------|-------------|\n",
        "|------------|-------------|\n| 2\n",
    );
    let today = chrono::Local::now().date_naive().to_string();
    assert_eq!(
        complete(&mut client, &date, 3, "|------------|-------------|\n| "),
        [today]
    );
    let refresh = original.replace(
        "- Due: 2026-12-31\n- Source: [Warehouse]",
        "- Due: 2026-12-31\n- Refresh: w\n- Source: [Warehouse]",
    );
    assert!(complete(&mut client, &refresh, 4, "- Refresh: ").contains(&"weekly".to_string()));
    let link = original.replace(
        "- Contributes to: ../company/2026.md#O1-KR2",
        "- Contributes to: ",
    );
    let links = complete(&mut client, &link, 5, "- Contributes to: ");
    assert!(
        links.contains(&"../company/2026.md#O1-KR2".to_string()),
        "{links:?}"
    );
    let field = original.replace("- Owner: Lena Park\n", "- Owner: Lena Park\n- Si\n");
    let fields = complete(&mut client, &field, 6, "- Owner: Lena Park\n- ");
    assert!(
        fields.contains(&"Signal".to_string()) && fields.contains(&"Baseline".to_string()),
        "{fields:?}"
    );
    client.shutdown();
}

#[test]
fn inlay_hints_show_each_krs_score_and_rag() {
    let (_dir, root, company, _team) = workspace();
    let mut client = Client::start(&root);
    open(&mut client, &company);
    let hints = client.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri(&company)},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}}}),
    );
    let labels: Vec<(u64, &str)> = hints["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["position"]["line"].as_u64().unwrap(),
                h["label"].as_str().unwrap(),
            )
        })
        .collect();
    let kr2_line = at(&company, "### O1-KR2")["line"].as_u64().unwrap();
    // (2.4 - 2.1) / (2.4 - 1.5) = 0.33; (106 - 104) / (110 - 104) = 0.33.
    assert_eq!(
        labels,
        [(kr2_line - 8, "0.33 amber"), (kr2_line, "0.33 amber")],
        "{hints:#}"
    );
    client.shutdown();
}
