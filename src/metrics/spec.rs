//! The dictionary as written in YAML, and its checks into [`Metric`]s.

use super::connect::{Query, SqlUrl};
use super::{unit_quantity, Metric, Place};
use crate::doc::card::Refresh;
use crate::doc::yaml::YamlError;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::path::Path;

/// `metrics.yaml`: one `metrics:` mapping of name to definition.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MetricsFile {
    /// The metrics, by name.
    #[serde(default)]
    pub metrics: BTreeMap<String, Spanned<MetricSpec>>,
}

/// One metric as written, with seed 002's dictionary fields.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MetricSpec {
    /// The business definition, in plain words.
    pub definition: Option<String>,
    /// The technical definition: the formula, tables and columns.
    pub technical: Option<String>,
    /// The accountable person.
    pub owner: Option<String>,
    /// Who runs the data pipeline.
    pub steward: Option<String>,
    /// The system the metric lives in.
    pub source: Option<String>,
    /// How often the source refreshes: `realtime`, `hourly`, `daily`, `weekly`…
    pub refresh: Option<String>,
    /// The unit of the values: `%`, `ms`, `$`, `tickets`, or nothing for a plain number.
    pub unit: Option<String>,
    /// The range a real value stays within; anything outside is an anomaly.
    pub valid: Option<ValidRange>,
    /// How to read the current value.
    pub query: Option<QuerySpec>,
}

/// The expected lowest and highest values, in the metric's unit.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ValidRange {
    /// The lowest plausible value.
    pub min: Option<f64>,
    /// The highest plausible value.
    pub max: Option<f64>,
}

impl ValidRange {
    /// `0% to 100%`, `at least 0 ms`, `at most 40`.
    pub fn describe(&self, show: impl Fn(f64) -> String) -> String {
        match (self.min, self.max) {
            (Some(min), Some(max)) => format!("{} to {}", show(min), show(max)),
            (Some(min), None) => format!("at least {}", show(min)),
            (None, Some(max)) => format!("at most {}", show(max)),
            (None, None) => "(any value)".to_string(),
        }
    }
}

/// How a value is read, as written: exactly one of `sql`, `prometheus`, `file` or `command`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct QuerySpec {
    /// `sqlite:PATH` or `postgres://HOST:PORT/DB`.
    pub sql: Option<String>,
    /// The SQL text, with `$as_of`, `$cycle_start` and `$cycle_end` as parameters.
    pub text: Option<String>,
    /// The Prometheus server's base URL.
    pub prometheus: Option<String>,
    /// The PromQL expression, evaluated as an instant query.
    pub expr: Option<String>,
    /// A CSV or JSON export, relative to the dictionary.
    pub file: Option<String>,
    /// The CSV column holding the value.
    pub column: Option<String>,
    /// The CSV column holding each row's date (default `date`).
    pub date_column: Option<String>,
    /// A JSON pointer to the value, such as `/kpis/csat`.
    pub pointer: Option<String>,
    /// A program and its arguments; its standard output is the value.
    pub command: Option<Vec<String>>,
}

/// A problem in a definition, at a line of the YAML text.
fn invalid(line: usize, message: String) -> YamlError {
    YamlError {
        message,
        offset: None,
        line_col: Some((line, 1)),
    }
}

/// Checks every definition of `metrics`, read from the file at `path`, into metrics.
pub fn check_all(
    metrics: &BTreeMap<String, Spanned<MetricSpec>>,
    path: &Path,
) -> Result<Vec<Metric>, YamlError> {
    let base = path.parent().unwrap_or(Path::new("."));
    metrics
        .iter()
        .map(|(name, spec)| {
            let line = spec.referenced.line() as usize;
            let place = Place {
                path: path.to_path_buf(),
                line,
            };
            check(name, &spec.value, base, place)
                .map_err(|e| invalid(line, format!("metric `{name}`: {e}")))
        })
        .collect()
}

fn check(name: &str, spec: &MetricSpec, base: &Path, place: Place) -> Result<Metric, String> {
    let refresh = spec.refresh.as_deref().map(Refresh::parse).transpose()?;
    let unit = spec
        .unit
        .as_deref()
        .filter(|u| !u.trim().is_empty())
        .map(unit_quantity)
        .transpose()?;
    if let Some(ValidRange {
        min: Some(min),
        max: Some(max),
    }) = &spec.valid
    {
        if min > max {
            return Err(format!("valid: min {min} is above max {max}"));
        }
    }
    let query = spec.query.as_ref().map(|q| query(q, base)).transpose()?;
    Ok(Metric {
        name: name.to_string(),
        spec: spec.clone(),
        refresh,
        unit,
        query,
        place,
    })
}

fn query(q: &QuerySpec, base: &Path) -> Result<Query, String> {
    let kinds = [
        q.sql.is_some(),
        q.prometheus.is_some(),
        q.file.is_some(),
        q.command.is_some(),
    ];
    if kinds.iter().filter(|k| **k).count() != 1 {
        return Err("query: give exactly one of `sql`, `prometheus`, `file` or `command`".into());
    }
    let needs = |field: &Option<String>, name: &str, kind: &str| {
        field
            .clone()
            .filter(|v| !v.trim().is_empty())
            .ok_or_else(|| format!("query: `{kind}` needs `{name}`"))
    };
    if let Some(url) = &q.sql {
        return Ok(Query::Sql {
            url: SqlUrl::parse(url, base)?,
            text: needs(&q.text, "text", "sql")?,
        });
    }
    if let Some(url) = &q.prometheus {
        super::connect::refuse_password(url)?;
        return Ok(Query::Prometheus {
            url: url.trim_end_matches('/').to_string(),
            expr: needs(&q.expr, "expr", "prometheus")?,
        });
    }
    if let Some(file) = &q.file {
        let path = base.join(file);
        let within = crate::files::repository_of(base).unwrap_or_else(|| base.to_path_buf());
        return match (&q.column, &q.pointer) {
            (Some(column), None) => Ok(Query::Csv {
                path,
                within,
                column: column.clone(),
                date_column: q.date_column.clone().unwrap_or_else(|| "date".into()),
            }),
            (None, Some(pointer)) => Ok(Query::Json {
                path,
                within,
                pointer: pointer.clone(),
            }),
            _ => Err("query: `file` needs one of `column` (CSV) or `pointer` (JSON)".into()),
        };
    }
    let argv = q.command.clone().unwrap_or_default();
    if argv.is_empty() {
        return Err("query: `command` needs a program".into());
    }
    Ok(Query::Command {
        argv,
        dir: base.to_path_buf(),
    })
}

/// Reads `metrics.yaml` text; an empty file has no metrics.
pub fn parse_file(text: &str, path: &Path) -> Result<Vec<Metric>, YamlError> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! { max_depth: 16, max_aliases: 16, max_anchors: 16 },
    };
    let file: MetricsFile =
        serde_saphyr::from_str_with_options(text, options).map_err(crate::doc::yaml::yaml_error)?;
    check_all(&file.metrics, path)
}
