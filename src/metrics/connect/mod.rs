//! Connectors: each reads one number from a source of truth for an as-of date.
//!
//! They never write to the source: SQL runs in a read-only transaction, and every
//! connector gives up after the configured timeout.

mod command;
mod file;
mod postgres;
mod prometheus;
mod sqlite;

use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How to read a metric's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Query {
    /// A SQL query returning one row with one number.
    Sql {
        /// Where the database is.
        url: SqlUrl,
        /// The query, with `$as_of`, `$cycle_start` and `$cycle_end` parameters.
        text: String,
    },
    /// A PromQL instant query.
    Prometheus {
        /// The server's base URL, without a trailing slash.
        url: String,
        /// The expression.
        expr: String,
    },
    /// A column of a CSV export: the last row on or before the as-of date.
    Csv {
        /// The file.
        path: PathBuf,
        /// The repository holding the dictionary that names it.
        within: PathBuf,
        /// The column holding the value.
        column: String,
        /// The column holding the row's date.
        date_column: String,
    },
    /// A value in a JSON export, found by a JSON pointer.
    Json {
        /// The file.
        path: PathBuf,
        /// The repository holding the dictionary that names it.
        within: PathBuf,
        /// The pointer, such as `/kpis/csat`.
        pointer: String,
    },
    /// A program whose standard output is the value.
    Command {
        /// The program and its arguments.
        argv: Vec<String>,
        /// The directory it runs in: the dictionary's.
        dir: PathBuf,
    },
}

impl Query {
    /// The connector's name, as written in the dictionary.
    pub fn kind(&self) -> &'static str {
        match self {
            Query::Sql {
                url: SqlUrl::Sqlite { .. },
                ..
            } => "sqlite",
            Query::Sql {
                url: SqlUrl::Postgres(_),
                ..
            } => "postgres",
            Query::Prometheus { .. } => "prometheus",
            Query::Csv { .. } | Query::Json { .. } => "file",
            Query::Command { .. } => "command",
        }
    }
}

/// A SQL database: a SQLite file or a PostgreSQL connection string.
#[derive(Clone, Debug, PartialEq)]
pub enum SqlUrl {
    /// A SQLite file, opened read-only.
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// The repository holding the dictionary that names it.
        within: PathBuf,
    },
    /// A PostgreSQL URL or `key=value` string, with no password in it.
    Postgres(String),
}

impl SqlUrl {
    /// Reads `sqlite:PATH` (relative to `base`) or `postgres://…`, refusing passwords.
    pub fn parse(url: &str, base: &Path) -> Result<Self, String> {
        let url = url.trim();
        if let Some(path) = url.strip_prefix("sqlite:") {
            let path = path.trim_start_matches("//");
            return Ok(SqlUrl::Sqlite {
                path: base.join(path),
                within: crate::files::repository_of(base).unwrap_or_else(|| base.to_path_buf()),
            });
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            refuse_password(url)?;
            postgres::check_url(url)?;
            return Ok(SqlUrl::Postgres(url.to_string()));
        }
        Err(format!(
            "query: unknown database `{url}`; use `sqlite:PATH` or `postgres://HOST:PORT/DB`"
        ))
    }
}

/// Refuses a URL that carries a password: dictionaries live in git.
pub fn refuse_password(url: &str) -> Result<(), String> {
    let Some((_, rest)) = url.split_once("://") else {
        return Ok(());
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let has_password = authority
        .rsplit_once('@')
        .is_some_and(|(userinfo, _)| userinfo.contains(':'));
    let in_query = url.split_once('?').is_some_and(|(_, q)| {
        q.split('&')
            .any(|pair| pair.to_ascii_lowercase().starts_with("password="))
    });
    if has_password || in_query {
        return Err("the URL holds a password, and metrics.yaml is committed to git; \
             remove it and set PGPASSWORD or use ~/.pgpass (or the server's own credential file) instead"
            .into());
    }
    Ok(())
}

/// The dates a query can refer to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Window {
    /// The day the value is for.
    pub as_of: NaiveDate,
    /// The cycle's first day, when the document names a cycle.
    pub cycle_start: Option<NaiveDate>,
    /// The cycle's last day.
    pub cycle_end: Option<NaiveDate>,
}

impl Window {
    /// The SQL parameters by name, each with its date when known.
    fn parameters(&self) -> [(&'static str, Option<NaiveDate>); 3] {
        [
            ("as_of", Some(self.as_of)),
            ("cycle_start", self.cycle_start),
            ("cycle_end", self.cycle_end),
        ]
    }
}

/// Limits and permissions for a pull.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// How long one read may take.
    pub timeout: Duration,
    /// What the user allows (never a repository).
    pub trust: crate::trust::Trust,
    /// Whether the repository's okr.yaml asked for `allow_command`, which it cannot grant.
    pub repo_asked_for_command: bool,
}

/// Connections one worker keeps open between reads, so that many metrics on one
/// database pay for one connection and one authentication.
#[derive(Default)]
pub struct Session {
    postgres: postgres::Connections,
    http: Option<ureq::Agent>,
}

/// Reads the query's value for `window`, or says why it cannot.
pub fn read(
    query: &Query,
    window: &Window,
    settings: &Settings,
    session: &mut Session,
) -> Result<f64, String> {
    let value = match query {
        Query::Sql {
            url: SqlUrl::Sqlite { path, within },
            text,
        } => sqlite::read(
            &inside(path, within, settings)?,
            text,
            window,
            settings.timeout,
        ),
        Query::Sql {
            url: SqlUrl::Postgres(url),
            text,
        } => session.postgres.read(url, text, window, settings.timeout),
        Query::Prometheus { url, expr } => {
            let agent = session
                .http
                .get_or_insert_with(|| prometheus::agent(settings.timeout));
            prometheus::read(agent, url, expr, window, settings.timeout)
        }
        Query::Csv {
            path,
            within,
            column,
            date_column,
        } => file::read_csv(
            &inside(path, within, settings)?,
            column,
            date_column,
            window,
        ),
        Query::Json {
            path,
            within,
            pointer,
        } => file::read_json(&inside(path, within, settings)?, pointer),
        Query::Command { argv, dir } => {
            if !settings.trust.allow_command {
                let asked = if settings.repo_asked_for_command {
                    " (okr.yaml's `pull.allow_command` is not honoured)"
                } else {
                    ""
                };
                return Err(format!(
                    "the `command` connector runs a program, so it is off{asked}; {}",
                    crate::trust::how_to_allow_command()
                ));
            }
            command::read(argv, dir, window, settings.timeout)
        }
    }?;
    finite(value)
}

/// `path`, when it is inside the repository `within` (symlinks followed) or the user
/// allows reads outside it. The refusal names the path, never anything in it.
fn inside(path: &Path, within: &Path, settings: &Settings) -> Result<PathBuf, String> {
    if settings.trust.allow_outside_files {
        return Ok(path.to_path_buf());
    }
    let outside = || {
        format!(
            "{}: refused: the file is outside the repository {}; {}",
            path.display(),
            within.display(),
            crate::trust::how_to_allow_outside()
        )
    };
    if !crate::files::normalise(&crate::files::absolute(path)).starts_with(within) {
        return Err(outside());
    }
    crate::files::confine_within(path, within).map_err(|_| outside())
}

fn finite(value: f64) -> Result<f64, String> {
    if !value.is_finite() {
        Err(format!("returned {value}, not a number that can be graded"))
    } else if value.abs() > crate::doc::quantity::MAX_MAGNITUDE {
        Err(format!(
            "returned {value:e}, beyond ±1e15; okr does not record values that large"
        ))
    } else {
        Ok(value)
    }
}

/// Reads a number written as text (`12.5`, ` 3 `), naming what it got otherwise.
fn number_from_text(text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    trimmed
        .parse::<f64>()
        .map_err(|_| format!("returned text `{}`, not a number", shorten(trimmed)))
}

/// At most 60 characters of `text`, for messages.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// A query's `$as_of`-style parameters in the order they first appear, so each
/// database can bind them its own way. Unknown `$names` are refused.
fn sql_parameters(text: &str, window: &Window) -> Result<Vec<(&'static str, NaiveDate)>, String> {
    let mut found: Vec<(&'static str, NaiveDate)> = Vec::new();
    for name in dollar_names(text) {
        let Some((known, date)) = window.parameters().into_iter().find(|(k, _)| *k == name) else {
            return Err(format!(
                "unknown parameter `${name}`; use $as_of, $cycle_start or $cycle_end"
            ));
        };
        let date = date
            .ok_or_else(|| format!("the query uses `${known}`, but the document names no cycle"))?;
        if !found.iter().any(|(k, _)| *k == known) {
            found.push((known, date));
        }
    }
    Ok(found)
}

/// Every `$identifier` outside quotes, in order.
fn dollar_names(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut names = Vec::new();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'\'' || b == b'"' => quote = Some(b),
            None if b == b'$' => {
                let start = i + 1;
                let end = bytes[start..]
                    .iter()
                    .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
                    .map_or(bytes.len(), |p| start + p);
                if end > start && !bytes[start].is_ascii_digit() {
                    names.push(&text[start..end]);
                }
                i = end;
                continue;
            }
            None => {}
        }
        i += 1;
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_urls_are_refused() {
        assert!(refuse_password("postgres://okr:secret@127.0.0.1/kpis").is_err());
        assert!(refuse_password("postgres://127.0.0.1/kpis?password=x").is_err());
        assert!(refuse_password("postgres://okr@127.0.0.1:5432/kpis").is_ok());
        assert!(refuse_password("http://127.0.0.1:9090").is_ok());
    }

    #[test]
    fn parameters_are_found_outside_quotes() {
        let text =
            "SELECT v FROM t WHERE day <= $as_of AND note <> '$cycle_end' AND d >= $cycle_start";
        assert_eq!(dollar_names(text), ["as_of", "cycle_start"]);
        assert_eq!(dollar_names("SELECT $1"), Vec::<&str>::new());
    }
}
