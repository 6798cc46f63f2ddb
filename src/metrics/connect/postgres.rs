//! PostgreSQL, in a read-only transaction with a statement timeout. Credentials come
//! from libpq's environment variables (`PGUSER`, `PGPASSWORD`) or its password file
//! (`PGPASSFILE`, else `~/.pgpass`), never from the dictionary.

use super::{sql_parameters, Window};
use postgres::types::Type;
use postgres::{Client, Config, NoTls};
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

/// Checks that `url` is a connection string the client can read.
pub fn check_url(url: &str) -> Result<(), String> {
    url.parse::<Config>()
        .map(drop)
        .map_err(|e| format!("query: cannot read the PostgreSQL URL: {e}"))
}

/// Open connections by URL. A connection that failed is dropped, never reused.
#[derive(Default)]
pub struct Connections {
    open: HashMap<String, Client>,
}

impl Connections {
    /// Runs `text` on the connection for `url` (opened on first use) and reads its value.
    pub fn read(
        &mut self,
        url: &str,
        text: &str,
        window: &Window,
        timeout: Duration,
    ) -> Result<f64, String> {
        let parameters = sql_parameters(text, window)?;
        let client = match self.open.entry(url.to_string()) {
            Entry::Occupied(open) => open.into_mut(),
            Entry::Vacant(slot) => slot.insert(connect(url, timeout)?),
        };
        let value = read(client, text, &parameters, timeout);
        if client.is_closed() {
            self.open.remove(url);
        }
        value
    }
}

/// Runs `text` in a read-only transaction and reads its one value.
fn read(
    client: &mut Client,
    text: &str,
    parameters: &[(&'static str, chrono::NaiveDate)],
    timeout: Duration,
) -> Result<f64, String> {
    let mut transaction = client
        .build_transaction()
        .read_only(true)
        .start()
        .map_err(|e| failure("cannot start a read-only transaction", &e))?;
    transaction
        .batch_execute(&format!(
            "SET LOCAL statement_timeout = {}",
            timeout.as_millis().max(1)
        ))
        .map_err(|e| failure("cannot set the statement timeout", &e))?;
    let (numbered, order) = numbered(text, parameters);
    let types = vec![Type::DATE; order.len()];
    let statement = transaction
        .prepare_typed(&numbered, &types)
        .map_err(|e| failure("the query failed", &e))?;
    check_column(&statement)?;
    let wrapped = format!(
        "SELECT okr_value::float8 FROM ({}) AS okr_pull(okr_value) LIMIT 2",
        numbered.trim().trim_end_matches(';')
    );
    let dates: Vec<chrono::NaiveDate> = order.iter().map(|(_, d)| *d).collect();
    let values: Vec<&(dyn postgres::types::ToSql + Sync)> = dates
        .iter()
        .map(|d| d as &(dyn postgres::types::ToSql + Sync))
        .collect();
    let rows = transaction
        .prepare_typed(&wrapped, &types)
        .and_then(|wrapped| transaction.query(&wrapped, &values))
        .map_err(|e| failure("the query failed", &e))?;
    match rows.as_slice() {
        [] => Err("the query returned no rows".into()),
        [row] => row
            .get::<_, Option<f64>>(0)
            .ok_or_else(|| "the query returned NULL".to_string()),
        _ => Err(
            "the query returned more than one row; it must return one (add LIMIT 1 or aggregate)"
                .to_string(),
        ),
    }
}

fn connect(url: &str, timeout: Duration) -> Result<Client, String> {
    let mut config: Config = url
        .parse()
        .map_err(|e| format!("cannot read the PostgreSQL URL: {e}"))?;
    if config.get_user().is_none() {
        if let Ok(user) = std::env::var("PGUSER") {
            config.user(&user);
        }
    }
    if let Some(password) = password_for(&config) {
        config.password(password);
    }
    config.connect_timeout(timeout);
    config.application_name("okr pull");
    config
        .connect(NoTls)
        .map_err(|e| failure(&format!("cannot connect to {}", shown(url)), &e))
}

/// The URL without its query string, for messages.
fn shown(url: &str) -> &str {
    url.split('?').next().unwrap_or(url)
}

/// `PGPASSWORD`, else the first matching line of the password file.
fn password_for(config: &Config) -> Option<String> {
    if let Ok(password) = std::env::var("PGPASSWORD") {
        return Some(password);
    }
    let file = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pgpass")))?;
    let text = std::fs::read_to_string(file).ok()?;
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        _ => "localhost".to_string(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let db = config.get_dbname().unwrap_or("").to_string();
    let user = config.get_user().map(str::to_string).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(pgpass_fields)
        .find(|f| {
            f.len() == 5
                && [&host, &port, &db, &user]
                    .iter()
                    .zip(&f[..4])
                    .all(|(want, got)| got == "*" || got == *want)
        })
        .map(|f| f[4].clone())
}

/// A password-file line's five fields; `\:` and `\\` are escapes.
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => fields.last_mut().unwrap().extend(chars.next()),
            ':' => fields.push(String::new()),
            c => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

/// The query with `$as_of`-style names replaced by `$1`, `$2`…, and their dates in order.
fn numbered(
    text: &str,
    parameters: &[(&'static str, chrono::NaiveDate)],
) -> (String, Vec<(&'static str, chrono::NaiveDate)>) {
    let mut out = text.to_string();
    // Longest names first, so `$cycle_start` is never split.
    let mut by_length = parameters.to_vec();
    by_length.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
    for (name, _) in &by_length {
        let index = parameters.iter().position(|(n, _)| n == name).unwrap_or(0) + 1;
        out = replace_name(&out, name, &format!("${index}"));
    }
    (out, parameters.to_vec())
}

/// Replaces `$name` when it is not followed by more identifier characters.
fn replace_name(text: &str, name: &str, with: &str) -> String {
    let needle = format!("${name}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(&needle) {
        let after = &rest[at + needle.len()..];
        let whole = !after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        out.push_str(&rest[..at]);
        out.push_str(if whole { with } else { &needle });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// One column, of a type that converts to a number.
fn check_column(statement: &postgres::Statement) -> Result<(), String> {
    let columns = statement.columns();
    let [column] = columns else {
        return Err(format!(
            "the query returns {} columns; it must return one",
            columns.len()
        ));
    };
    let numeric = [
        Type::INT2,
        Type::INT4,
        Type::INT8,
        Type::FLOAT4,
        Type::FLOAT8,
        Type::NUMERIC,
    ];
    if numeric.contains(column.type_()) {
        Ok(())
    } else {
        Err(format!(
            "the query returns `{}` of type {}, not a number",
            column.name(),
            column.type_()
        ))
    }
}

/// A client error with its server message, when there is one.
fn failure(what: &str, e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        if db.code() == &postgres::error::SqlState::QUERY_CANCELED {
            return "the query timed out (statement_timeout)".to_string();
        }
        return format!("{what}: {}", db.message());
    }
    let cause = std::error::Error::source(e).map_or(e.to_string(), |s| s.to_string());
    format!("{what}: {cause}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_positional_parameters() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let (text, _) = numbered(
            "SELECT v FROM t WHERE day <= $as_of AND $as_of_x = 1 AND d >= $cycle_start",
            &[("as_of", d), ("cycle_start", d)],
        );
        assert_eq!(
            text,
            "SELECT v FROM t WHERE day <= $1 AND $as_of_x = 1 AND d >= $2"
        );
    }

    #[test]
    fn password_file_fields_unescape() {
        assert_eq!(
            pgpass_fields(r"db\:1:5432:*:okr:pa\:ss"),
            ["db:1", "5432", "*", "okr", "pa:ss"]
        );
    }
}
