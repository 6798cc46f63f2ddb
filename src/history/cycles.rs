//! Learning across cycles: each team's closed cycles side by side, how well its KRs were
//! calibrated, how its starting confidence compared with the result, and the KRs it
//! carried over without reaching 0.7.

use crate::config::Config;
use crate::doc::cycle::Period;
use crate::doc::Document;
use crate::score::{evaluate_document, method_for, readings, CheckinIndex, ObjectiveScore};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How many of each team's latest closed cycles are compared unless told otherwise.
pub const DEFAULT_CYCLES: u16 = 4;

/// A KR score at or above this counts as reaching the bar (seed 004's sweet spot).
pub const SWEET_SPOT: f64 = 0.7;

/// One closed cycle of one team.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CycleRecord {
    /// The document.
    pub path: String,
    /// The team (front-matter `team:`, else the title).
    pub team: String,
    /// The cycle's name as written.
    pub cycle: String,
    /// Its dates.
    pub period: Period,
    /// Each objective's final score.
    pub objectives: Vec<(String, Option<f64>)>,
    /// Each KR's final record.
    pub key_results: Vec<KrFinal>,
}

/// A KR at the end of its cycle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KrFinal {
    /// `O1-KR2`.
    pub id: String,
    /// The statement.
    pub statement: String,
    /// The final score: the `## Scores` table's when the cycle was closed, else the last
    /// check-in's.
    pub score: Option<f64>,
    /// The first check-in's confidence, as a share of the confidence scale (0–1).
    pub starting_confidence: Option<f64>,
}

/// `doc`'s record, when its cycle ended before `today` and it has key results.
pub fn cycle_record(doc: &Document, config: &Config, today: NaiveDate) -> Option<CycleRecord> {
    let period = doc.front.period().filter(|p| p.end < today)?;
    doc.key_results().next()?;
    let report = evaluate_document(doc, config, None, today);
    let frozen = frozen_grades(doc);
    let index = CheckinIndex::new(doc);
    let (low, high) = config.confidence.range();
    let start = |id: &str| {
        let kr = doc.key_results().find(|k| k.label() == id)?;
        let first = readings(doc, &index, kr, &method_for(kr, config), period.end)
            .into_iter()
            .find_map(|r| r.confidence())?;
        Some(((first - low) / (high - low)).clamp(0.0, 1.0))
    };
    let key_results = report
        .key_results()
        .map(|k| KrFinal {
            id: k.id.clone(),
            statement: k.statement.clone(),
            score: frozen.get(&k.id).copied().or(k.score),
            starting_confidence: start(&k.id),
        })
        .collect();
    Some(CycleRecord {
        path: report.path.clone(),
        team: report
            .team
            .clone()
            .or(report.title.clone())
            .unwrap_or_default(),
        cycle: report
            .cycle
            .clone()
            .unwrap_or_else(|| period.start.to_string()),
        period,
        objectives: report
            .objectives
            .iter()
            .map(|o| (o.id.clone(), objective_final(o, &frozen)))
            .collect(),
        key_results,
    })
}

/// An objective's final score: its own frozen row, else (when a KR's grade was frozen)
/// the mean of its KRs' final grades, else its score.
fn objective_final(objective: &ObjectiveScore, frozen: &BTreeMap<String, f64>) -> Option<f64> {
    if let Some(score) = frozen.get(&objective.id) {
        return Some(*score);
    }
    let krs = &objective.key_results;
    if !krs.iter().any(|k| frozen.contains_key(&k.id)) {
        return objective.score;
    }
    mean(
        krs.iter()
            .filter_map(|k| frozen.get(&k.id).copied().or(k.score)),
    )
}

/// The grades `okr close` froze in the `## Scores` table, by ID.
fn frozen_grades(doc: &Document) -> BTreeMap<String, f64> {
    let Some(table) = &doc.scores else {
        return BTreeMap::new();
    };
    table
        .rows
        .iter()
        .filter_map(|row| {
            let id = row.item.as_ref()?.value.trim().to_uppercase();
            let score = row.score.as_ref()?.value.trim().parse::<f64>().ok()?;
            Some((id, if score > 1.0 { score / 100.0 } else { score }))
        })
        .collect()
}

/// One team's cycles, oldest first, with what they add up to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TeamHistory {
    /// The team.
    pub team: String,
    /// Its closed cycles, oldest first.
    pub cycles: Vec<CycleSummary>,
    /// What the cycles say about the KRs' ambition.
    pub calibration: Calibration,
    /// KRs carried over two or more cycles in a row without reaching 0.7.
    pub carried_over: Vec<CarriedOver>,
}

/// One cycle's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CycleSummary {
    /// The cycle's record.
    #[serde(flatten)]
    pub record: CycleRecord,
    /// The mean final KR score (graded KRs only).
    pub mean_score: Option<f64>,
    /// The share of graded KRs at 1.0.
    pub share_at_one: Option<f64>,
    /// The mean starting confidence, 0–1.
    pub mean_starting_confidence: Option<f64>,
}

/// The verdict on a team's ambition over its cycles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Calibration {
    /// Every cycle's mean above 0.9: the targets are too easy.
    Sandbagging,
    /// Every cycle's mean below 0.3: the targets are out of reach.
    Overreach,
    /// The cycles average between 0.6 and 0.8, around the 0.7 sweet spot.
    Calibrated,
    /// Neither: the cycles disagree, or sit between the bands.
    Mixed,
    /// No cycle has a graded KR.
    Unknown,
}

impl Calibration {
    /// The verdict in a sentence.
    pub fn explain(self) -> &'static str {
        match self {
            Calibration::Sandbagging => {
                "sandbagging: every cycle averaged above 0.90, so the targets were within easy reach"
            }
            Calibration::Overreach => {
                "overreach: every cycle averaged below 0.30, so the targets were out of reach"
            }
            Calibration::Calibrated => "calibrated: the cycles average near the 0.70 sweet spot",
            Calibration::Mixed => {
                "mixed: the cycles neither sit near 0.70 nor agree on a direction"
            }
            Calibration::Unknown => "unknown: no KR was graded",
        }
    }
}

/// A share as a whole percentage, or `—`.
pub fn percent(share: Option<f64>) -> String {
    share.map_or("—".to_string(), |s| format!("{:.0}%", s * 100.0))
}

/// A 0–1 figure at two decimals, or `no data`.
pub fn two(value: Option<f64>) -> String {
    crate::render::score::score_text(value, crate::config::ScoreScale::ZeroToOne)
}

/// A KR that came back cycle after cycle without reaching 0.7.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CarriedOver {
    /// The latest statement.
    pub statement: String,
    /// `(cycle, id, score)` for each cycle in the run, oldest first.
    pub cycles: Vec<(String, String, Option<f64>)>,
}

/// The latest closed cycles of each team, gathered one at a time, so memory grows with
/// the teams rather than the documents. `T` is the record itself, or where it was put.
#[derive(Debug)]
pub struct TeamHistories<T = CycleRecord> {
    cycles: usize,
    teams: BTreeMap<String, Vec<(NaiveDate, T)>>,
}

impl<T> TeamHistories<T> {
    /// Keeps the last `cycles` closed cycles of each team (at least one).
    pub fn new(cycles: usize) -> Self {
        Self {
            cycles: cycles.max(1),
            teams: BTreeMap::new(),
        }
    }

    /// Adds the record of `team`'s cycle starting on `start`; of cycles that start on the
    /// same day, the later added counts as the later. Returns the record it displaced.
    pub fn add(&mut self, team: &str, start: NaiveDate, record: T) -> Option<T> {
        let kept = match self.teams.get_mut(team) {
            Some(kept) => kept,
            None => self.teams.entry(team.to_string()).or_default(),
        };
        let at = kept.partition_point(|(s, _)| *s <= start);
        kept.insert(at, (start, record));
        (kept.len() > self.cycles).then(|| kept.remove(0).1)
    }

    /// Whether no team has a closed cycle.
    pub fn is_empty(&self) -> bool {
        self.teams.is_empty()
    }

    /// Each team and its kept records, oldest first, by team name.
    pub fn into_teams(self) -> impl Iterator<Item = (String, Vec<T>)> {
        self.teams
            .into_iter()
            .map(|(team, kept)| (team, kept.into_iter().map(|(_, r)| r).collect()))
    }
}

impl TeamHistories {
    /// Adds one record, keyed by its own team and start.
    pub fn push(&mut self, record: CycleRecord) {
        self.add(&record.team.clone(), record.period.start, record);
    }

    /// Each team's history, by team name.
    pub fn finish(self) -> Vec<TeamHistory> {
        self.into_teams()
            .map(|(team, records)| team_history(team, records))
            .collect()
    }
}

/// `team`'s history from its closed cycles, oldest first.
pub fn team_history(team: String, records: Vec<CycleRecord>) -> TeamHistory {
    let carried_over = carried_over(&records);
    let cycles: Vec<CycleSummary> = records.into_iter().map(summary).collect();
    TeamHistory {
        team,
        calibration: calibration(&cycles),
        carried_over,
        cycles,
    }
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

fn summary(record: CycleRecord) -> CycleSummary {
    let graded: Vec<f64> = record.key_results.iter().filter_map(|k| k.score).collect();
    let at_one = graded
        .iter()
        .filter(|s| (**s * 100.0).round() >= 100.0)
        .count();
    CycleSummary {
        mean_score: mean(graded.iter().copied()),
        share_at_one: (!graded.is_empty()).then(|| at_one as f64 / graded.len() as f64),
        mean_starting_confidence: mean(
            record
                .key_results
                .iter()
                .filter_map(|k| k.starting_confidence),
        ),
        record,
    }
}

fn calibration(cycles: &[CycleSummary]) -> Calibration {
    let means: Vec<f64> = cycles.iter().filter_map(|c| c.mean_score).collect();
    let hundredths = |v: f64| (v * 100.0).round() as i64;
    match mean(means.iter().copied()) {
        None => Calibration::Unknown,
        Some(_) if means.iter().all(|m| hundredths(*m) > 90) => Calibration::Sandbagging,
        Some(_) if means.iter().all(|m| hundredths(*m) < 30) => Calibration::Overreach,
        Some(all) if (60..=80).contains(&hundredths(all)) => Calibration::Calibrated,
        Some(_) => Calibration::Mixed,
    }
}

/// A statement without its numbers, month names and punctuation, so a KR carried into
/// the next cycle with a new baseline and due date still matches.
fn gist(statement: &str) -> String {
    statement
        .split_whitespace()
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty() && crate::doc::cycle::month_number(w).is_none())
        .collect::<Vec<_>>()
        .join(" ")
}

fn carried_over(records: &[CycleRecord]) -> Vec<CarriedOver> {
    let mut runs: BTreeMap<String, CarriedOver> = BTreeMap::new();
    let mut found = Vec::new();
    for (i, record) in records.iter().enumerate() {
        for kr in &record.key_results {
            let key = gist(&kr.statement);
            let entry = (record.cycle.clone(), kr.id.clone(), kr.score);
            let below = kr
                .score
                .is_none_or(|s| (s * 100.0).round() < SWEET_SPOT * 100.0);
            let run = runs.entry(key.clone()).or_insert(CarriedOver {
                statement: kr.statement.clone(),
                cycles: Vec::new(),
            });
            let continues = run
                .cycles
                .last()
                .is_some_and(|(c, ..)| i > 0 && *c == records[i - 1].cycle);
            if !continues {
                run.cycles.clear();
            }
            if below {
                run.cycles.push(entry);
                run.statement = kr.statement.clone();
            } else {
                run.cycles.clear();
            }
        }
    }
    for run in runs.into_values() {
        if run.cycles.len() >= 2 {
            found.push(run);
        }
    }
    found
}
