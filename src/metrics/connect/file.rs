//! Exports on disk: a CSV column (the last row on or before the as-of date) or a value
//! in a JSON file found by a JSON pointer.

use super::{number_from_text, Window};
use crate::files::{read_regular, CSV_LIMIT};
use chrono::NaiveDate;
use std::path::Path;

/// The `column` value of the latest row dated on or before the as-of date.
pub fn read_csv(
    path: &Path,
    column: &str,
    date_column: &str,
    window: &Window,
) -> Result<f64, String> {
    let text = read_regular(path, CSV_LIMIT).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("{}: cannot read the header row: {e}", path.display()))?
        .clone();
    let find = |name: &str| {
        headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .ok_or_else(|| format!("{}: no `{name}` column", path.display()))
    };
    let (value_at, date_at) = (find(column)?, find(date_column)?);
    let mut best: Option<(NaiveDate, String, u64)> = None;
    for record in reader.records() {
        let record = record.map_err(|e| format!("{}: malformed CSV: {e}", path.display()))?;
        let line = record.position().map_or(0, |p| p.line());
        let cell = record.get(date_at).unwrap_or("");
        let date = crate::doc::cycle::parse_date(cell)
            .ok_or_else(|| format!("{}:{line}: cannot read the date `{cell}`", path.display()))?;
        if date <= window.as_of && best.as_ref().is_none_or(|(d, _, _)| date >= *d) {
            best = Some((date, record.get(value_at).unwrap_or("").to_string(), line));
        }
    }
    let (_, cell, line) =
        best.ok_or_else(|| format!("{}: no row on or before {}", path.display(), window.as_of))?;
    number_from_text(cell.trim_end_matches('%'))
        .map_err(|e| format!("{}:{line}: {column} {e}", path.display()))
}

/// The number at `pointer` in the JSON file.
pub fn read_json(path: &Path, pointer: &str) -> Result<f64, String> {
    let text = read_regular(path, CSV_LIMIT).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{}:{}:{}: invalid JSON: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    match json.pointer(pointer) {
        None => Err(format!("{}: nothing at `{pointer}`", path.display())),
        Some(serde_json::Value::Number(n)) => n
            .as_f64()
            .ok_or_else(|| format!("{}: `{pointer}` is out of range", path.display())),
        Some(serde_json::Value::String(s)) => {
            number_from_text(s).map_err(|e| format!("{}: `{pointer}` {e}", path.display()))
        }
        Some(other) => Err(format!(
            "{}: `{pointer}` holds {}, not a number",
            path.display(),
            match other {
                serde_json::Value::Null => "null",
                serde_json::Value::Bool(_) => "a boolean",
                serde_json::Value::Array(_) => "a list",
                _ => "an object",
            }
        )),
    }
}
