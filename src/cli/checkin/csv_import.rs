//! `okr checkin --from FILE.csv`: rows of kr, actual, date and optional details.

use super::Submitted;
use crate::checkin::Entry;
use anyhow::{bail, Context};
use std::path::Path;

const REQUIRED: [&str; 3] = ["kr", "actual", "date"];

/// Reads every row as an entry labelled `FILE.csv:LINE`, with what is wrong with its cells.
pub fn read(path: &Path) -> anyhow::Result<Vec<Submitted>> {
    let text = crate::files::read_regular(path, crate::files::CSV_LIMIT)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .with_context(|| format!("{}: cannot read the header row", path.display()))?
        .iter()
        .map(|h| h.to_lowercase())
        .collect();
    check_headers(path, &headers)?;
    let mut entries = Vec::new();
    for record in reader.records() {
        let record = record.with_context(|| format!("{}: malformed CSV", path.display()))?;
        let line = record.position().map_or(0, |p| p.line());
        entries.push(entry(
            format!("{}:{line}", path.display()),
            &headers,
            &record,
        ));
    }
    Ok(entries)
}

fn check_headers(path: &Path, headers: &[String]) -> anyhow::Result<()> {
    for column in headers {
        if canonical(column).is_none() {
            bail!(
                "{}:1: unknown column `{column}`; use kr, actual, date, confidence, insight, next, help",
                path.display()
            );
        }
    }
    for required in REQUIRED {
        if !headers.iter().any(|h| canonical(h) == Some(required)) {
            bail!("{}:1: the `{required}` column is missing", path.display());
        }
    }
    Ok(())
}

fn canonical(column: &str) -> Option<&'static str> {
    Some(match column {
        "kr" | "key result" => "kr",
        "actual" | "value" => "actual",
        "date" => "date",
        "confidence" => "confidence",
        "insight" => "insight",
        "next" | "next action" => "next",
        "help" | "help needed" => "help",
        _ => return None,
    })
}

fn entry(origin: String, headers: &[String], record: &csv::StringRecord) -> Submitted {
    let mut entry = Entry::default();
    let mut date = String::new();
    for (column, value) in headers.iter().zip(record.iter()) {
        let text = (!value.is_empty()).then(|| value.to_string());
        match canonical(column) {
            Some("kr") => entry.kr = value.to_uppercase(),
            Some("actual") => entry.actual = value.to_string(),
            Some("date") => date = value.to_string(),
            Some("confidence") => entry.confidence = text,
            Some("insight") => entry.insight = text,
            Some("next") => entry.next = text,
            _ => entry.help = text,
        }
    }
    let mut problems = Vec::new();
    if entry.kr.is_empty() {
        problems.push("the kr cell is empty".to_string());
    }
    let parsed = crate::doc::cycle::parse_date(&date);
    match parsed {
        Some(d) => entry.date = d,
        None => problems.push(format!("`{date}` is not a date in YYYY-MM-DD form")),
    }
    Submitted {
        origin: Some(origin),
        entry,
        problems,
        date_known: parsed.is_some(),
        path: None,
    }
}
