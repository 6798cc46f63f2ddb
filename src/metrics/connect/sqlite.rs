//! SQLite files, opened read-only, with a deadline enforced by SQLite's progress handler.

use super::{number_from_text, sql_parameters, Window};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::{Duration, Instant};

/// Runs `text` against the SQLite file at `path` and reads its one value.
pub fn read(path: &Path, text: &str, window: &Window, timeout: Duration) -> Result<f64, String> {
    let parameters = sql_parameters(text, window)?;
    if !path.is_file() {
        return Err(format!("{}: no such SQLite file", path.display()));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)
        .map_err(|e| format!("{}: cannot open: {e}", path.display()))?;
    let _ = conn.busy_timeout(timeout);
    let deadline = Instant::now() + timeout;
    conn.progress_handler(10_000, Some(move || Instant::now() > deadline))
        .and_then(|()| conn.pragma_update(None, "query_only", true))
        .map_err(|e| format!("{}: cannot open read-only: {e}", path.display()))?;
    query(&conn, text, &parameters).map_err(|e| match e {
        Failure::Sqlite(rusqlite::Error::SqliteFailure(f, _))
            if f.code == rusqlite::ErrorCode::OperationInterrupted =>
        {
            format!(
                "the query timed out after {}",
                super::super::pull::seconds(timeout)
            )
        }
        Failure::Sqlite(e) => format!("the query failed: {e}"),
        Failure::Shape(message) => message,
    })
}

enum Failure {
    Sqlite(rusqlite::Error),
    Shape(String),
}

impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Self {
        Failure::Sqlite(e)
    }
}

fn query(
    conn: &Connection,
    text: &str,
    parameters: &[(&'static str, chrono::NaiveDate)],
) -> Result<f64, Failure> {
    let mut statement = conn.prepare(text)?;
    if statement.column_count() != 1 {
        return Err(Failure::Shape(format!(
            "the query returns {} columns; it must return one",
            statement.column_count()
        )));
    }
    for (name, date) in parameters {
        if let Some(index) = statement.parameter_index(&format!("${name}"))? {
            statement.raw_bind_parameter(index, date.to_string())?;
        }
    }
    let mut rows = statement.raw_query();
    let Some(row) = rows.next()? else {
        return Err(Failure::Shape("the query returned no rows".into()));
    };
    let value = match row.get_ref(0)? {
        ValueRef::Integer(i) => Ok(i as f64),
        ValueRef::Real(r) => Ok(r),
        ValueRef::Null => Err("the query returned NULL".to_string()),
        ValueRef::Text(t) => number_from_text(&String::from_utf8_lossy(t)),
        ValueRef::Blob(_) => Err("the query returned a blob, not a number".to_string()),
    }
    .map_err(Failure::Shape)?;
    if rows.next()?.is_some() {
        return Err(Failure::Shape(
            "the query returned more than one row; it must return one (add LIMIT 1 or aggregate)"
                .to_string(),
        ));
    }
    Ok(value)
}
