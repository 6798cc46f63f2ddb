//! `okr metrics`: the metric dictionary, with the KRs that use each metric and the
//! latest value checked in for them.

use super::exit;
use crate::metrics::{krs_with_metrics, Metric};
use crate::score::evaluate_key_result;
use crate::workspace::{analyse, config_for, LoadOptions};
use anyhow::bail;
use chrono::NaiveDate;
use clap::ValueEnum;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

const EXAMPLES: &str = "\
Examples:
  okr metrics                       Every metric, its source, and the KRs that use it
  okr metrics --format json | jq '.[] | select(.used_by == [])'   Metrics no KR uses";

/// Arguments for `okr metrics`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct MetricsArgs {
    /// Documents or directories whose KRs are matched to metrics [default: ./okrs].
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = MetricsFormat::Human)]
    format: MetricsFormat,
    /// Use this config file instead of the closest okr.yaml.
    #[arg(long)]
    config: Option<PathBuf>,
}

/// How `okr metrics` reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum MetricsFormat {
    /// A list for people.
    Human,
    /// An array of metrics, for scripts.
    Json,
}

/// A KR that names a metric, and what it last recorded.
#[derive(Clone, Debug, Serialize)]
struct Use {
    path: PathBuf,
    kr: String,
    latest: Option<String>,
    date: Option<NaiveDate>,
}

/// One dictionary entry, as listed.
#[derive(Serialize)]
struct Listed<'a> {
    name: &'a str,
    definition: Option<&'a str>,
    owner: Option<&'a str>,
    steward: Option<&'a str>,
    source: Option<&'a str>,
    refresh: Option<&'a str>,
    unit: Option<&'a str>,
    valid: Option<String>,
    connector: Option<&'static str>,
    defined_at: String,
    used_by: Vec<Use>,
}

/// Runs `okr metrics` and returns its exit status.
pub fn run(args: MetricsArgs) -> anyhow::Result<u8> {
    let today = super::today(None);
    let options = LoadOptions {
        paths: args.paths.clone(),
        config: args.config.clone(),
    };
    let outcome = analyse(&options, |doc, config| {
        let uses: Vec<(String, Use)> = krs_with_metrics(doc)
            .map(|(kr, name)| {
                let scored = evaluate_key_result(doc, config, kr, None, today);
                let key = config
                    .dictionary
                    .get(name)
                    .map_or_else(|| name.to_lowercase(), |m| m.name.to_lowercase());
                let latest = scored.as_ref().and_then(|s| s.actual.clone());
                let date = scored.and_then(|s| s.actual_date);
                let path = doc.source.path().to_path_buf();
                let kr = kr.label();
                (
                    key,
                    Use {
                        path,
                        kr,
                        latest,
                        date,
                    },
                )
            })
            .collect();
        (uses, config.dictionary.clone())
    });
    if let Some(e) = outcome.errors.first() {
        bail!("{e}");
    }
    let mut metrics: BTreeMap<String, Metric> = BTreeMap::new();
    let here = config_for(&Path::new(".").join("metrics.yaml"), args.config.clone())?;
    let mut uses: BTreeMap<String, Vec<Use>> = BTreeMap::new();
    let dictionaries = outcome
        .results
        .into_iter()
        .map(|(_, (found, dictionary))| {
            for (key, used) in found {
                uses.entry(key).or_default().push(used);
            }
            dictionary
        })
        .chain([here.dictionary.clone()])
        .collect::<Vec<_>>();
    for metric in dictionaries.iter().flat_map(|d| d.metrics()) {
        metrics
            .entry(metric.name.to_lowercase())
            .or_insert_with(|| metric.clone());
    }
    if metrics.is_empty() {
        eprintln!("okr: no metric dictionary here; create metrics.yaml (see `okr pull --help`)");
        return Ok(exit::CLEAN);
    }
    let listed: Vec<Listed<'_>> = metrics
        .iter()
        .map(|(key, m)| listed(m, uses.remove(key).unwrap_or_default()))
        .collect();
    let mut out = anstream::stdout().lock();
    match args.format {
        MetricsFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &listed)?;
            writeln!(out)?;
        }
        MetricsFormat::Human => {
            for entry in &listed {
                write_human(&mut out, entry)?;
            }
        }
    }
    Ok(exit::CLEAN)
}

fn listed(m: &Metric, used_by: Vec<Use>) -> Listed<'_> {
    let spec = &m.spec;
    Listed {
        name: &m.name,
        definition: spec.definition.as_deref(),
        owner: spec.owner.as_deref(),
        steward: spec.steward.as_deref(),
        source: spec.source.as_deref(),
        refresh: spec.refresh.as_deref(),
        unit: spec.unit.as_deref(),
        valid: spec
            .valid
            .as_ref()
            .map(|v| v.describe(|x| m.actual_text(x))),
        connector: m.query.as_ref().map(|q| q.kind()),
        defined_at: m.place.to_string(),
        used_by,
    }
}

fn write_human(out: &mut impl Write, m: &Listed<'_>) -> std::io::Result<()> {
    let facts: Vec<String> = [
        m.unit.map(|u| format!("unit {u}")),
        m.refresh.map(|r| format!("refresh {r}")),
        m.valid.as_ref().map(|v| format!("valid {v}")),
        Some(
            m.connector
                .map_or("no query".into(), |c| format!("pulled by {c}")),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    writeln!(out, "{}  ({})  {}", m.name, facts.join(", "), m.defined_at)?;
    if let Some(definition) = m.definition {
        writeln!(out, "  {definition}")?;
    }
    let people: Vec<String> = [
        ("owner", m.owner),
        ("steward", m.steward),
        ("source", m.source),
    ]
    .into_iter()
    .filter_map(|(label, v)| v.map(|v| format!("{label}: {v}")))
    .collect();
    if !people.is_empty() {
        writeln!(out, "  {}", people.join(" · "))?;
    }
    if m.used_by.is_empty() {
        writeln!(out, "  used by no KR")?;
    }
    for used in &m.used_by {
        let latest = match (&used.latest, used.date) {
            (Some(v), Some(d)) => format!("latest {v} on {d}"),
            _ => "no check-in yet".to_string(),
        };
        writeln!(out, "  {} {}: {latest}", used.path.display(), used.kr)?;
    }
    Ok(())
}
