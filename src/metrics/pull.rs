//! Pulling: every KR that names a metric gets its value read from the source of truth,
//! each distinct (metric, date) read once, a bounded number at a time.

use super::connect::{self, Settings, Window};
use super::{metric_name, Dictionary, Metric};
use crate::doc::{Document, KeyResult};
use chrono::NaiveDate;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// One value to read.
#[derive(Clone, Debug)]
pub struct Request<'m> {
    /// The metric.
    pub metric: &'m Metric,
    /// The dates its query may use.
    pub window: Window,
}

/// `10s`, `1.5s`.
pub fn seconds(duration: Duration) -> String {
    format!("{}s", duration.as_secs_f64())
}

/// Reads every request's value, at most `bound` at a time, calling `progress` with
/// the count done after each read. Requests for the same metric and window share one read.
pub fn fetch_all(
    requests: &[Request<'_>],
    settings: &Settings,
    bound: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Vec<Result<f64, String>> {
    let mut distinct: Vec<&Request<'_>> = Vec::new();
    let slots: Vec<usize> = requests
        .iter()
        .map(|r| match distinct.iter().position(|d| same_read(d, r)) {
            Some(i) => i,
            None => {
                distinct.push(r);
                distinct.len() - 1
            }
        })
        .collect();
    let results: Vec<Mutex<Option<Result<f64, String>>>> =
        distinct.iter().map(|_| Mutex::new(None)).collect();
    let (next, done) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let workers = bound.clamp(1, distinct.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                let mut session = connect::Session::default();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(request) = distinct.get(i) else {
                        break;
                    };
                    let value = read_one(request, settings, &mut session);
                    *results[i].lock().expect("result slot") = Some(value);
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1, distinct.len());
                }
            });
        }
    });
    let results: Vec<Result<f64, String>> = results
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .expect("result slot")
                .unwrap_or_else(|| Err("not read".into()))
        })
        .collect();
    slots.into_iter().map(|i| results[i].clone()).collect()
}

fn same_read(a: &Request<'_>, b: &Request<'_>) -> bool {
    a.metric.place == b.metric.place && a.metric.name == b.metric.name && a.window == b.window
}

fn read_one(
    request: &Request<'_>,
    settings: &Settings,
    session: &mut connect::Session,
) -> Result<f64, String> {
    let metric = request.metric;
    let query = metric.query.as_ref().ok_or_else(|| {
        format!(
            "`{}` has no `query` in {}, so it cannot be pulled",
            metric.name, metric.place
        )
    })?;
    connect::read(query, &request.window, settings, session)
}

/// The check-in actual for a pulled value, or why it must not be written: outside the
/// metric's valid range (an anomaly), or in a unit the KR cannot compare with.
pub fn actual_for(metric: &Metric, kr: &KeyResult, value: f64) -> Result<String, String> {
    if let Some(range) = metric.out_of_range(value) {
        return Err(format!(
            "anomaly: {range}; check the source before grading it"
        ));
    }
    if let Some(problem) = unit_problem(metric, kr) {
        return Err(problem);
    }
    Ok(metric.actual_text(value))
}

/// Why the metric's unit cannot be compared with the KR's target, if it cannot.
pub fn unit_problem(metric: &Metric, kr: &KeyResult) -> Option<String> {
    let (expected, written) = kr.expected_quantity()?;
    let dimension = metric.dimension();
    (!dimension.compatible(&expected.dimension)).then(|| {
        format!(
            "`{}` is measured in {dimension}, but {} is written in {} (`{written}`)",
            metric.name,
            kr.label(),
            expected.dimension
        )
    })
}

/// A KR whose actual is to be pulled.
#[derive(Clone, Debug)]
pub struct Target {
    /// The KR's ID as the check-in names it.
    pub kr: String,
    /// The KR heading's line, for messages.
    pub line: usize,
    /// The metric it names.
    pub metric: Metric,
    /// The as-of date and the KR's cycle.
    pub window: Window,
}

/// Every KR of `doc` that names a metric (one of `only`, when given), or, for a name the
/// dictionary lacks, what is wrong.
pub fn targets(
    doc: &Document,
    dictionary: &Dictionary,
    as_of: NaiveDate,
    only: &[String],
) -> Vec<Result<Target, String>> {
    let wanted = |name: &str| only.is_empty() || only.iter().any(|o| o.eq_ignore_ascii_case(name));
    let mut found = Vec::new();
    for objective in &doc.objectives {
        let cycle = doc.cycle_of(objective);
        for kr in &objective.key_results {
            let Some(name) = metric_name(kr).filter(|n| wanted(n)) else {
                continue;
            };
            let line = doc.source.position(kr.heading.span.start).line;
            let place = format!("{}:{line}", doc.source.path().display());
            found.push(match dictionary.get(name) {
                None => Err(format!(
                    "{place}: {} names the metric `{name}`, which is not in the dictionary",
                    kr.label()
                )),
                Some(metric) => Ok(Target {
                    kr: kr.label(),
                    line,
                    metric: metric.clone(),
                    window: Window {
                        as_of,
                        cycle_start: cycle.map(|p| p.start),
                        cycle_end: cycle.map(|p| p.end),
                    },
                }),
            });
        }
    }
    found
}
