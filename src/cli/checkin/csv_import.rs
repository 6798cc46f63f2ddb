//! `okr checkin --from FILE.csv`: rows of kr, actual, date and optional details.

use crate::checkin::Entry;
use anyhow::{bail, Context};
use std::path::Path;

const REQUIRED: [&str; 3] = ["kr", "actual", "date"];

/// Reads every row as an entry labelled `FILE.csv:LINE`, or the reason it cannot be read.
pub fn read(path: &Path) -> anyhow::Result<Vec<(String, Result<Entry, String>)>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
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
        entries.push((
            format!("{}:{line}", path.display()),
            entry(&headers, &record),
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

fn entry(headers: &[String], record: &csv::StringRecord) -> Result<Entry, String> {
    let mut entry = Entry::default();
    let mut date = None;
    for (column, value) in headers.iter().zip(record.iter()) {
        let text = (!value.is_empty()).then(|| value.to_string());
        match canonical(column) {
            Some("kr") => entry.kr = value.to_uppercase(),
            Some("actual") => entry.actual = value.to_string(),
            Some("date") => date = Some(value.to_string()),
            Some("confidence") => entry.confidence = text,
            Some("insight") => entry.insight = text,
            Some("next") => entry.next = text,
            _ => entry.help = text,
        }
    }
    if entry.kr.is_empty() {
        return Err("the kr cell is empty".to_string());
    }
    let date = date.unwrap_or_default();
    entry.date = crate::doc::cycle::parse_date(&date)
        .ok_or_else(|| format!("{}: `{date}` is not a date in YYYY-MM-DD form", entry.kr))?;
    Ok(entry)
}
