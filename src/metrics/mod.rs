//! The metric dictionary: what each metric means, who looks after it, the range its
//! values can take, and how to read its current value from the source of truth.
//!
//! It is `metrics.yaml`, found like `okr.yaml` (the closest one above a document), plus
//! any `metrics:` section of `okr.yaml`. A KR names a metric with `Metric: <name>`.

pub mod connect;
pub mod pull;
mod spec;

use crate::config::ConfigError;
use crate::doc::card::Refresh;
use crate::doc::quantity::{parse_quantity, Dimension, Quantity};
use crate::doc::{Document, KeyResult};
pub use spec::{MetricSpec, MetricsFile, QuerySpec, ValidRange};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file name looked for in each directory.
pub const METRICS_FILE: &str = "metrics.yaml";

/// Where a metric is defined: the file and the 1-based line of its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// `metrics.yaml` or `okr.yaml`.
    pub path: PathBuf,
    /// The line of the metric's name.
    pub line: usize,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let here = std::env::current_dir().unwrap_or_default();
        let shown = self.path.strip_prefix(&here).unwrap_or(&self.path);
        write!(f, "{}:{}", shown.display(), self.line)
    }
}

/// One metric, checked and ready to pull.
#[derive(Clone, Debug, PartialEq)]
pub struct Metric {
    /// The name KRs use in `Metric:`.
    pub name: String,
    /// The fields as written.
    pub spec: MetricSpec,
    /// How often the source refreshes, when given.
    pub refresh: Option<Refresh>,
    /// The metric's unit as a quantity of one (`1%`, `1 ms`), when a unit is given.
    pub unit: Option<Quantity>,
    /// How to read the value, when the metric can be pulled.
    pub query: Option<connect::Query>,
    /// Where it is defined.
    pub place: Place,
}

impl Metric {
    /// The unit as written, or nothing for a plain number.
    pub fn unit_text(&self) -> &str {
        self.spec.unit.as_deref().unwrap_or("")
    }

    /// The dimension of the metric's values.
    pub fn dimension(&self) -> Dimension {
        self.unit
            .as_ref()
            .map_or(Dimension::Count, |u| u.dimension.clone())
    }

    /// A value in the metric's unit, written as a check-in actual (`3.4%`, `412 ms`, `$95`).
    pub fn actual_text(&self, value: f64) -> String {
        let number = format_number(value);
        match self.unit_text().trim() {
            "" => number,
            "%" => format!("{number}%"),
            unit if unit.chars().count() == 1 && !unit.chars().all(char::is_alphanumeric) => {
                format!("{unit}{number}")
            }
            unit => format!("{number} {unit}"),
        }
    }

    /// A quantity converted to the metric's unit (`0.412 s` is 412 for a metric in ms).
    pub fn in_unit(&self, quantity: &Quantity) -> f64 {
        match &self.unit {
            Some(unit) if unit.value != 0.0 => quantity.value / unit.value,
            _ => quantity.value,
        }
    }

    /// Why `value` (in the metric's unit) is outside the valid range, if it is.
    pub fn out_of_range(&self, value: f64) -> Option<String> {
        let valid = self.spec.valid.as_ref()?;
        let below = valid.min.is_some_and(|min| value < min);
        let above = valid.max.is_some_and(|max| value > max);
        (below || above).then(|| {
            format!(
                "{} is outside `{}`'s valid range {}",
                self.actual_text(value),
                self.name,
                valid.describe(|v| self.actual_text(v))
            )
        })
    }
}

/// A metric defined in two places.
#[derive(Clone, Debug, PartialEq)]
pub struct Duplicate {
    /// The metric's name.
    pub name: String,
    /// The definition that is used.
    pub kept: Place,
    /// The other definition.
    pub other: Place,
}

/// Every metric a document can name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dictionary {
    metrics: BTreeMap<String, Metric>,
    duplicates: Vec<Duplicate>,
}

impl Dictionary {
    /// Joins the metrics of `metrics.yaml` with those of `okr.yaml`; a name in both is
    /// kept from `metrics.yaml` and recorded as a duplicate.
    pub fn join(file: Vec<Metric>, config: Vec<Metric>) -> Self {
        let mut dictionary = Dictionary::default();
        for metric in file.into_iter().chain(config) {
            let key = metric.name.to_lowercase();
            match dictionary.metrics.get(&key) {
                Some(kept) => dictionary.duplicates.push(Duplicate {
                    name: metric.name.clone(),
                    kept: kept.place.clone(),
                    other: metric.place,
                }),
                None => {
                    dictionary.metrics.insert(key, metric);
                }
            }
        }
        dictionary
    }

    /// The metric with this name, in any case.
    pub fn get(&self, name: &str) -> Option<&Metric> {
        self.metrics.get(&name.trim().to_lowercase())
    }

    /// Every metric, by name.
    pub fn metrics(&self) -> impl Iterator<Item = &Metric> {
        self.metrics.values()
    }

    /// Whether there are no metrics.
    pub fn is_empty(&self) -> bool {
        self.metrics.is_empty()
    }

    /// The second definition of this metric, when it has one.
    pub fn duplicate(&self, name: &str) -> Option<&Duplicate> {
        self.duplicates
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(name.trim()))
    }
}

/// The metric name a KR's card gives, when it gives one.
pub fn metric_name(kr: &KeyResult) -> Option<&str> {
    kr.fields
        .metric
        .as_ref()
        .map(|m| m.raw.value.trim())
        .filter(|name| !name.is_empty())
}

/// Every KR of `doc` that names a metric, with the name.
pub fn krs_with_metrics(doc: &Document) -> impl Iterator<Item = (&KeyResult, &str)> {
    doc.key_results()
        .filter_map(|kr| metric_name(kr).map(|name| (kr, name)))
}

/// The dictionary from `metrics.yaml` (when there is one) and the `metrics:` section of
/// the `okr.yaml` at `config_path`; an invalid definition is an error at its line.
pub fn load(
    metrics_path: Option<&Path>,
    in_config: &BTreeMap<String, serde_saphyr::Spanned<MetricSpec>>,
    config_path: Option<&Path>,
) -> Result<Dictionary, ConfigError> {
    let from_file = match metrics_path {
        Some(path) => {
            let text = crate::files::read_confined(path, crate::files::CONFIG_LIMIT).map_err(
                |source| ConfigError::Io {
                    path: path.to_path_buf(),
                    source,
                },
            )?;
            spec::parse_file(&text, path).map_err(|e| invalid_at(path, e))?
        }
        None => Vec::new(),
    };
    let config_path = config_path.unwrap_or(Path::new(crate::config::CONFIG_FILE));
    let from_config =
        spec::check_all(in_config, config_path).map_err(|e| invalid_at(config_path, e))?;
    Ok(Dictionary::join(from_file, from_config))
}

fn invalid_at(path: &Path, e: crate::doc::yaml::YamlError) -> ConfigError {
    let (line, column) = e.line_col.unwrap_or((1, 1));
    ConfigError::Invalid {
        path: path.to_path_buf(),
        line,
        column,
        message: e.message,
    }
}

/// The closest `metrics.yaml` at or above `dir`, if any.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(METRICS_FILE))
        .find(|candidate| candidate.is_file())
}

/// The unit of a metric as a quantity of one, or why it cannot be read.
pub fn unit_quantity(unit: &str) -> Result<Quantity, String> {
    let unit = unit.trim();
    let text = match unit {
        "%" => "1%".to_string(),
        u if u.chars().count() == 1 && !u.chars().all(char::is_alphanumeric) => format!("{u}1"),
        u => format!("1 {u}"),
    };
    parse_quantity(&text).map_err(|_| format!("cannot read the unit `{unit}`"))
}

/// A number without float noise: `3.4`, `412`, `0.125`.
fn format_number(value: f64) -> String {
    let rounded = (value * 1e6).round() / 1e6;
    if rounded == rounded.trunc() && rounded.abs() < 1e15 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_read_as_quantities_of_one() {
        assert_eq!(unit_quantity("%").unwrap().dimension, Dimension::Percent);
        assert_eq!(unit_quantity("ms").unwrap().dimension, Dimension::Time);
        assert!(matches!(
            unit_quantity("$").unwrap().dimension,
            Dimension::Money(_)
        ));
        assert_eq!(format_number(3.4000000001), "3.4");
        assert_eq!(format_number(412.0), "412");
    }
}
