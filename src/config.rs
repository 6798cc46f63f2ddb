//! `okr.yaml`: discovery (closest file wins), defaults and validation.
//!
//! Every section is optional and every key inside a section falls back to its
//! default, so overriding one key keeps the others.

use crate::doc::yaml::YamlError;
use crate::lint::registry;
use crate::metrics::{Dictionary, MetricSpec};
use crate::text::did_you_mean;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The file name looked for in each directory.
pub const CONFIG_FILE: &str = "okr.yaml";

/// Settings for every stage. `Config::default()` is the documented default.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Count and length limits.
    pub limits: Limits,
    /// Per-rule severity by code or name: `off`, `warning` or `error`.
    pub rules: BTreeMap<String, Spanned<RuleLevel>>,
    /// The confidence scale check-ins use.
    pub confidence: ConfidenceScale,
    /// How scores are shown: `0-1` or `0-100`.
    pub scale: ScoreScale,
    /// Upper edges of the RAG bands, compared at two decimals.
    pub rag: RagBands,
    /// Days without a check-in before an active KR counts as stale.
    pub staleness_days: u32,
    /// A confidence fall between two check-ins that OKR609 reports; unset means a third of the scale.
    pub confidence_drop: Option<f64>,
    /// The scoring method for KRs whose card gives none.
    pub scoring: DefaultScoring,
    /// Leading words that mark an output or activity rather than an outcome.
    pub activity_verbs: Vec<String>,
    /// Metrics defined here rather than in `metrics.yaml`.
    pub metrics: BTreeMap<String, Spanned<MetricSpec>>,
    /// How `okr pull` reads metrics.
    pub pull: PullSettings,
    /// The company documents, relative to okr.yaml. When set, okr trusts this list
    /// instead of searching the tree for a `level: company` document (OKR705), so
    /// linting one file never reads its siblings.
    pub company: Option<Vec<PathBuf>>,
    /// The month the fiscal year starts: a name (`February`, `feb`) or a number; January
    /// when unset. `FY…` cycle names follow it.
    pub fiscal_year_start: Option<Spanned<MonthValue>>,
    /// Whether `FY23` is the fiscal year that ends in 2023 (`end`, the default) or the
    /// one that starts in it (`start`).
    pub fiscal_year_label: crate::doc::cycle::FiscalLabel,
    /// The metric dictionary for documents under this config: the closest
    /// `metrics.yaml` joined with `metrics`. Filled in when the config is loaded for a file.
    #[serde(skip)]
    pub dictionary: Arc<Dictionary>,
    /// The digest of the files this config was read from, for cache keys.
    #[serde(skip)]
    pub fingerprint: crate::cache::digest::Digest,
}

/// A month as `okr.yaml` may write it: `2`, `February` or `feb`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum MonthValue {
    /// 1 to 12.
    Number(u32),
    /// A month's name or its first three letters.
    Name(String),
}

impl MonthValue {
    /// The month's number, if it names one.
    pub fn number(&self) -> Option<u32> {
        match self {
            MonthValue::Number(n) => (1..=12).contains(n).then_some(*n),
            MonthValue::Name(name) => crate::doc::cycle::month_number(name.trim()),
        }
    }
}

impl Config {
    /// The fiscal calendar `FY…` cycle names are read in.
    pub fn calendar(&self) -> crate::doc::cycle::Calendar {
        crate::doc::cycle::Calendar {
            start_month: self
                .fiscal_year_start
                .as_ref()
                .and_then(|m| m.value.number())
                .unwrap_or(1),
            label: self.fiscal_year_label,
        }
    }
}

/// The longest `pull.timeout` okr takes, in seconds: an hour.
pub const MAX_PULL_TIMEOUT: f64 = 3600.0;

/// `pull:` in `okr.yaml`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct PullSettings {
    /// Asks for the `command` connector, which runs a program. A repository's file cannot
    /// grant that (see [`crate::trust`]): it is read only to say so when it is refused.
    pub allow_command: bool,
    /// Seconds one read may take before it fails.
    pub timeout: f64,
    /// How many metrics are read at once.
    pub jobs: usize,
}

impl Default for PullSettings {
    fn default() -> Self {
        Self {
            allow_command: false,
            timeout: 10.0,
            jobs: 8,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            limits: Limits::default(),
            rules: BTreeMap::new(),
            confidence: ConfidenceScale::ZeroToTen,
            scale: ScoreScale::ZeroToOne,
            rag: RagBands::default(),
            staleness_days: 7,
            confidence_drop: None,
            scoring: DefaultScoring::Linear,
            activity_verbs: DEFAULT_ACTIVITY_VERBS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            metrics: BTreeMap::new(),
            pull: PullSettings::default(),
            company: None,
            fiscal_year_start: None,
            fiscal_year_label: crate::doc::cycle::FiscalLabel::End,
            dictionary: Arc::default(),
            fingerprint: Default::default(),
        }
    }
}

/// Verbs that start a task or output rather than a measurable change.
pub const DEFAULT_ACTIVITY_VERBS: &[&str] = &[
    "attend",
    "automate",
    "build",
    "complete",
    "conduct",
    "configure",
    "create",
    "decommission",
    "define",
    "deliver",
    "deprecate",
    "deploy",
    "design",
    "develop",
    "document",
    "draft",
    "execute",
    "finish",
    "hold",
    "host",
    "implement",
    "install",
    "integrate",
    "interview",
    "introduce",
    "launch",
    "migrate",
    "organise",
    "organize",
    "pilot",
    "post",
    "prepare",
    "produce",
    "prototype",
    "publish",
    "rebuild",
    "record",
    "redesign",
    "refactor",
    "release",
    "replace",
    "retire",
    "rewrite",
    "roll",
    "run",
    "send",
    "set",
    "ship",
    "sunset",
    "train",
    "upgrade",
    "write",
];

/// Limits on counts and lengths.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Most objectives in a team document.
    pub team_objectives: usize,
    /// Most objectives in a company document.
    pub company_objectives: usize,
    /// Fewest key results per objective.
    pub min_key_results: usize,
    /// Most key results per objective.
    pub max_key_results: usize,
    /// Most words in an objective statement.
    pub objective_words: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            team_objectives: 3,
            company_objectives: 5,
            min_key_results: 2,
            max_key_results: 4,
            objective_words: 12,
        }
    }
}

/// A rule's configured level.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    /// Not checked.
    Off,
    /// Reported; fails only with `--deny-warnings`.
    Warning,
    /// Reported and fails the run.
    Error,
}

/// The scale people enter confidence on.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub enum ConfidenceScale {
    /// 0 off track, 1 at risk, 2 on track.
    #[serde(rename = "0-2")]
    ZeroToTwo,
    /// 1 to 5.
    #[serde(rename = "1-5")]
    OneToFive,
    /// 0 to 10 (the default).
    #[serde(rename = "0-10")]
    ZeroToTen,
    /// 0.0 to 1.0.
    #[serde(rename = "0-1")]
    ZeroToOne,
}

impl ConfidenceScale {
    /// The lowest and highest allowed values.
    pub fn range(self) -> (f64, f64) {
        match self {
            ConfidenceScale::ZeroToTwo => (0.0, 2.0),
            ConfidenceScale::OneToFive => (1.0, 5.0),
            ConfidenceScale::ZeroToTen => (0.0, 10.0),
            ConfidenceScale::ZeroToOne => (0.0, 1.0),
        }
    }

    /// The default drop between two check-ins that OKR609 reports: about a third of the scale.
    pub fn default_drop(self) -> f64 {
        match self {
            ConfidenceScale::ZeroToTwo => 1.0,
            ConfidenceScale::OneToFive => 2.0,
            ConfidenceScale::ZeroToTen => 3.0,
            ConfidenceScale::ZeroToOne => 0.3,
        }
    }

    /// The scale as written in `okr.yaml`.
    pub fn name(self) -> &'static str {
        match self {
            ConfidenceScale::ZeroToTwo => "0-2",
            ConfidenceScale::OneToFive => "1-5",
            ConfidenceScale::ZeroToTen => "0-10",
            ConfidenceScale::ZeroToOne => "0-1",
        }
    }
}

/// How scores are displayed; JSON always carries 0–1.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub enum ScoreScale {
    /// 0.00 to 1.00.
    #[serde(rename = "0-1")]
    ZeroToOne,
    /// 0 to 100.
    #[serde(rename = "0-100")]
    ZeroToHundred,
}

/// The upper edge of each RAG band; stretch runs from `green` to 1.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct RagBands {
    /// Scores up to this are red.
    pub red: f64,
    /// Scores up to this (above red) are amber.
    pub amber: f64,
    /// Scores up to this (above amber) are green; above it is stretch.
    pub green: f64,
}

impl Default for RagBands {
    fn default() -> Self {
        Self {
            red: 0.30,
            amber: 0.60,
            green: 0.90,
        }
    }
}

/// The default scoring method.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum DefaultScoring {
    /// Linear attainment.
    Linear,
    /// Done or not done.
    Binary,
}

/// A config file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid.
    #[error("{path}:{line}:{column}: invalid config: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

impl Config {
    /// Reads and validates a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text =
            crate::files::read_confined(path, crate::files::CONFIG_LIMIT).map_err(|source| {
                ConfigError::Io {
                    path: path.to_path_buf(),
                    source,
                }
            })?;
        let mut config = Config::parse(&text).map_err(|e| {
            let (line, column) = e.line_col.unwrap_or((1, 1));
            ConfigError::Invalid {
                path: path.to_path_buf(),
                line,
                column,
                message: e.message,
            }
        })?;
        let dir = crate::files::absolute(path.parent().unwrap_or(Path::new(".")));
        for doc in config.company.iter_mut().flatten() {
            *doc = crate::files::normalise(&dir.join(&*doc));
        }
        Ok(config)
    }

    /// Parses config text; an empty file is the default config.
    pub fn parse(text: &str) -> Result<Config, YamlError> {
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        let options = serde_saphyr::options! {
            budget: serde_saphyr::budget! { max_depth: 16, max_aliases: 16, max_anchors: 16 },
        };
        let config: Config = serde_saphyr::from_str_with_options(text, options)
            .map_err(crate::doc::yaml::yaml_error)?;
        config.validate(text)?;
        Ok(config)
    }

    fn validate(&self, text: &str) -> Result<(), YamlError> {
        let r = &self.rag;
        if !(0.0 <= r.red && r.red < r.amber && r.amber < r.green && r.green < 1.0) {
            return Err(at_key(
                text,
                "rag",
                "rag bands must rise: 0 <= red < amber < green < 1",
            ));
        }
        let p = &self.pull;
        if !(p.timeout > 0.0 && p.timeout <= MAX_PULL_TIMEOUT) || p.jobs == 0 {
            return Err(at_key(
                text,
                "pull",
                "pull: timeout must be a number of seconds above 0 and at most 3600, and jobs at least 1",
            ));
        }
        if self
            .fiscal_year_start
            .as_ref()
            .is_some_and(|m| m.value.number().is_none())
        {
            return Err(at_key(
                text,
                "fiscal_year_start",
                "fiscal_year_start: give a month, as a name (February) or a number (2)",
            ));
        }
        let l = &self.limits;
        if l.min_key_results > l.max_key_results {
            return Err(at_key(
                text,
                "limits",
                "limits: min_key_results is above max_key_results",
            ));
        }
        self.check_rule_names(text)
    }

    /// Every key under `rules:` must name a rule by code or name.
    fn check_rule_names(&self, text: &str) -> Result<(), YamlError> {
        let known = || {
            registry::RULES
                .iter()
                .chain(registry::LOG_RULES)
                .flat_map(|r| [r.code, r.name])
        };
        let Some((name, level)) = self
            .rules
            .iter()
            .find(|(name, _)| !known().any(|k| k == name.as_str()))
        else {
            return Ok(());
        };
        let hint = match did_you_mean(name, known()) {
            Some(near) => format!("; did you mean `{near}`?"),
            None => "; `okr rules` lists them".to_string(),
        };
        let line = level.referenced.line() as usize;
        let column = text
            .lines()
            .nth(line.saturating_sub(1))
            .and_then(|l| l.find(name.as_str()))
            .map_or(level.referenced.column() as usize, |c| c + 1);
        Err(YamlError {
            message: format!("rules: unknown rule `{name}`{hint}"),
            offset: None,
            line_col: Some((line, column)),
        })
    }

    /// The closest `okr.yaml` at or above `dir`, if any.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .map(|d| d.join(CONFIG_FILE))
            .find(|candidate| candidate.is_file())
    }
}

/// An error placed at the top-level `key:` line, or at the start when the key is not found.
fn at_key(text: &str, key: &str, message: &str) -> YamlError {
    let line = text.lines().position(|l| {
        l.strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    });
    YamlError {
        message: message.to_string(),
        offset: None,
        line_col: Some((line.map_or(1, |i| i + 1), 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_key_overrides_and_the_rest_stay_default() {
        let config = Config::parse("limits:\n  objective_words: 8\n").unwrap();
        assert_eq!(config.limits.objective_words, 8);
        assert_eq!(config.limits.max_key_results, 4);
        assert_eq!(config.confidence, ConfidenceScale::ZeroToTen);
    }

    #[test]
    fn unknown_keys_and_bad_values_fail_with_a_line() {
        let err = Config::parse("confidence: 0-10\nlimit:\n  x: 1\n").unwrap_err();
        assert_eq!(err.line_col.map(|l| l.0), Some(2));
        assert!(Config::parse("confidence: 3-7\n").is_err());
        assert!(Config::parse("rag: {red: 0.7, amber: 0.5, green: 0.9}\n").is_err());
    }

    #[test]
    fn bad_rag_bands_point_at_the_rag_line() {
        let err = Config::parse("staleness_days: 7\nrag:\n  red: 0.7\n").unwrap_err();
        assert_eq!(err.line_col, Some((2, 1)));
    }

    #[test]
    fn unknown_rule_names_fail_with_a_suggestion() {
        let err = Config::parse("rules: {OKR101: off, objective-to-long: off}\n").unwrap_err();
        assert_eq!(
            err.message,
            "rules: unknown rule `objective-to-long`; did you mean `objective-too-long`?"
        );
        assert_eq!(err.line_col, Some((1, 22)));
        let err = Config::parse("rules:\n  OKR999: warning\n").unwrap_err();
        assert_eq!(err.line_col, Some((2, 3)));
        assert!(err.message.contains("OKR999"), "{}", err.message);
    }
}
