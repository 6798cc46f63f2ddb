//! GitLab Code Quality: a JSON array GitLab shows in merge requests.

use crate::lint::{Diagnostic, Severity};
use serde_json::json;
use std::collections::HashMap;
use std::io::{self, Write};

/// Writes one Code Quality issue per finding, each with a stable, unique fingerprint.
pub fn render(out: &mut dyn Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
    let mut seen: HashMap<u64, usize> = HashMap::new();
    let issues: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let path = d.path.display().to_string();
            let base = fnv1a(&[&path, d.code, &d.message]);
            // The same finding twice in a file (two equal rows) still needs two prints.
            let n = seen.entry(base).or_default();
            *n += 1;
            let fingerprint = format!("{:016x}", fnv1a(&[&base.to_string(), &n.to_string()]));
            json!({
                "description": format!("{} (help: {})", d.message, d.help),
                "check_name": format!("{} {}", d.code, d.name),
                "fingerprint": fingerprint,
                "severity": match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                "location": {"path": path, "lines": {"begin": d.line, "end": d.end_line}},
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

/// FNV-1a over the parts, separated, so the fingerprint is the same on every machine.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}
