//! SARIF 2.1.0, the format GitHub code scanning and other review tools read.

use crate::lint::{registry, Diagnostic, Rule};
use serde_json::{json, Value};
use std::io::{self, Write};

/// Writes one SARIF log with one run: every rule okr has, and one result per finding.
pub fn render(out: &mut dyn Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
    let mut rules: Vec<&Rule> = registry::RULES.to_vec();
    for rule in registry::LOG_RULES {
        if !rules.iter().any(|r| r.code == rule.code) {
            rules.push(rule);
        }
    }
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| result(d, rules.iter().position(|r| r.code == d.code)))
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "okr",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules.iter().map(|r| descriptor(r)).collect::<Vec<_>>(),
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn descriptor(rule: &Rule) -> Value {
    json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": rule.help},
        "defaultConfiguration": {"level": rule.severity.as_str()},
    })
}

fn result(d: &Diagnostic, rule_index: Option<usize>) -> Value {
    let mut result = json!({
        "ruleId": d.code,
        "level": d.severity.as_str(),
        "message": {"text": format!("{} (help: {})", d.message, d.help)},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(&d.path)},
            "region": {
                "startLine": d.line,
                "startColumn": d.column,
                "endLine": d.end_line,
                "endColumn": d.end_column.max(1),
            },
        }}],
    });
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    result
}

/// A relative path as a URI reference: forward slashes, reserved bytes percent-encoded.
pub fn artifact_uri(path: &std::path::Path) -> String {
    let mut out = String::new();
    for (i, part) in path.components().enumerate() {
        if i > 0 && !out.ends_with('/') {
            out.push('/');
        }
        let part = part.as_os_str().to_string_lossy();
        for b in part.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    out.push(b as char)
                }
                b'/' => out.push('/'),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
    }
    out
}
