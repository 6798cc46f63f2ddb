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
            .stderr(Stdio::null())
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
    fs::write(root.join("okr.yaml"), "").unwrap();
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
    assert!(status.code().is_some(), "killed by a signal: {status}");
}
