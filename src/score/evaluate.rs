//! One document evaluated at an as-of date: each KR's score, health, pace and forecast,
//! and each objective's roll-up.

use super::grade::{linear, rag, score_value, Rag};
use super::history::{readings, CheckinIndex, Reading};
use super::sets::Sets;
use super::trend::{least_squares, pace, Pace};
use crate::config::{Config, DefaultScoring, ScoreScale};
use crate::doc::card::raw_text;
use crate::doc::cycle::Period;
use crate::doc::quantity::Quantity;
use crate::doc::{Column, Document, KeyResult, Objective, Origin, Scoring};
use chrono::NaiveDate;
use compact_str::CompactString;
use serde::{Serialize, Serializer};
use std::borrow::Cow;

/// Where the as-of date falls in the cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CycleState {
    /// Before the first day.
    Upcoming,
    /// Between the first and the last day.
    Active,
    /// After the last day.
    Over,
    /// The document has no readable cycle.
    Undated,
}

/// A KR's health: its RAG, unless it has no data or has gone quiet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Health {
    /// No scored check-in yet.
    Pending,
    /// No check-in within the staleness window while the cycle runs. Silence is never green.
    Stale,
    /// Score in the red band.
    Red,
    /// Score in the amber band.
    Amber,
    /// Score in the green band.
    Green,
    /// Score in the stretch band.
    Stretch,
}

impl Health {
    /// The label shown in tables.
    pub fn label(self) -> &'static str {
        match self {
            Health::Pending => "pending",
            Health::Stale => "stale",
            Health::Red => "red",
            Health::Amber => "amber",
            Health::Green => "green",
            Health::Stretch => "stretch",
        }
    }
}

impl From<Rag> for Health {
    fn from(rag: Rag) -> Self {
        match rag {
            Rag::Red => Health::Red,
            Rag::Amber => Health::Amber,
            Rag::Green => Health::Green,
            Rag::Stretch => Health::Stretch,
        }
    }
}

/// The trend of a KR's check-ins projected to its due date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Forecast {
    /// The date projected to: the KR's due date, or the cycle's end.
    pub date: NaiveDate,
    /// The projected actual, in the target's unit.
    pub actual: String,
    /// The projected actual's score.
    #[serde(serialize_with = "rounded")]
    pub score: f64,
    /// Whether the projection falls short of the target.
    pub misses_target: bool,
}

/// One check-in as shown in a KR's history.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    /// The check-in date.
    pub date: NaiveDate,
    /// The actual as written.
    pub actual: String,
    /// Its score, or `null` when it cannot be scored.
    #[serde(serialize_with = "rounded_option")]
    pub score: Option<f64>,
}

/// Everything known about one KR at the as-of date.
#[derive(Clone, Debug, Serialize)]
pub struct KrScore {
    /// `O1-KR2`.
    pub id: String,
    /// The statement from the heading.
    pub statement: String,
    /// The KR's owner, or its objective's, or the document's.
    pub owner: Option<String>,
    /// `linear`, `ladder` or `binary`.
    pub method: &'static str,
    /// The baseline as written.
    pub baseline: Option<String>,
    /// The target as written.
    pub target: Option<String>,
    /// The due date, when it parses.
    pub due: Option<NaiveDate>,
    /// The latest actual on or before the as-of date, as written.
    pub actual: Option<String>,
    /// The date of that check-in.
    pub actual_date: Option<NaiveDate>,
    /// The score 0–1, or `null` with no data.
    #[serde(serialize_with = "rounded_option")]
    pub score: Option<f64>,
    /// The score's band, or `null` with no data.
    pub rag: Option<Rag>,
    /// The score at the check-in before the latest.
    #[serde(serialize_with = "rounded_option")]
    pub previous_score: Option<f64>,
    /// The latest confidence as checked in, on the configured scale.
    pub confidence: Option<f64>,
    /// The confidence at the check-in before the latest.
    pub previous_confidence: Option<f64>,
    /// The latest check-in's insight.
    pub insight: Option<String>,
    /// The latest check-in's next action.
    pub next: Option<String>,
    /// The latest check-in's request for help, if it made one.
    pub help: Option<String>,
    /// Pending, stale, or the RAG.
    pub health: Health,
    /// Share of the way from baseline to target, 0–1.
    #[serde(serialize_with = "rounded_option")]
    pub progress: Option<f64>,
    /// Share of the time from cycle start to due date, 0–1.
    #[serde(serialize_with = "rounded_option")]
    pub elapsed: Option<f64>,
    /// Progress against elapsed time.
    pub pace: Option<Pace>,
    /// The least-squares trend projected to the due date.
    pub forecast: Option<Forecast>,
    /// Red on each of the last two check-ins: escalate.
    pub red_twice: bool,
    /// Check-ins on or before the as-of date, oldest first.
    pub checkins: Vec<Point>,
    /// Where the baseline was read from: card, statement, inline, table or front-matter.
    pub baseline_from: Option<Origin>,
    /// Where the target was read from.
    pub target_from: Option<Origin>,
    /// Where the due date was read from.
    pub due_from: Option<Origin>,
}

/// An objective's roll-up.
#[derive(Clone, Debug, Serialize)]
pub struct ObjectiveScore {
    /// `O1`.
    pub id: String,
    /// The statement from the heading.
    pub statement: String,
    /// The weighted or plain mean of the KR scores that have data.
    #[serde(serialize_with = "rounded_option")]
    pub score: Option<f64>,
    /// The score's band.
    pub rag: Option<Rag>,
    /// Some KRs have no data and were left out of the mean.
    pub partial: bool,
    /// The mean used the KRs' weights.
    pub weighted: bool,
    /// The key results.
    pub key_results: Vec<KrScore>,
}

/// Counts over a document's KRs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ScoreSummary {
    /// All KRs.
    pub key_results: usize,
    /// KRs with a score.
    pub scored: usize,
    /// KRs with health `pending`.
    pub pending: usize,
    /// KRs with health `stale`.
    pub stale: usize,
    /// KRs scored red.
    pub red: usize,
    /// KRs scored amber.
    pub amber: usize,
    /// KRs scored green.
    pub green: usize,
    /// KRs scored stretch.
    pub stretch: usize,
    /// KRs behind pace.
    pub behind: usize,
    /// KRs whose forecast misses the target.
    pub projected_to_miss: usize,
    /// KRs red on their last two check-ins.
    pub red_twice: usize,
}

/// One document evaluated at an as-of date.
#[derive(Clone, Debug, Serialize)]
pub struct DocumentScore {
    /// The file.
    pub path: String,
    /// The `#` title.
    pub title: Option<String>,
    /// `team` from front-matter.
    pub team: Option<String>,
    /// `cycle` from front-matter, as written.
    pub cycle: Option<String>,
    /// The cycle's dates.
    pub period: Option<Period>,
    /// The date scores are taken at.
    pub as_of: NaiveDate,
    /// Where the as-of date falls in the cycle.
    pub state: CycleState,
    /// Share of the cycle elapsed at the as-of date, 0–1.
    #[serde(serialize_with = "rounded_option")]
    pub elapsed: Option<f64>,
    /// Mean of the objective scores.
    #[serde(serialize_with = "rounded_option")]
    pub score: Option<f64>,
    /// The mean's band.
    pub rag: Option<Rag>,
    /// The confidence scale from okr.yaml.
    pub confidence_scale: &'static str,
    /// How scores are displayed (JSON always carries 0–1).
    #[serde(skip)]
    pub scale: ScoreScale,
    /// Counts over the KRs.
    pub summary: ScoreSummary,
    /// The objectives in document order.
    pub objectives: Vec<ObjectiveScore>,
}

impl DocumentScore {
    /// Every KR in document order.
    pub fn key_results(&self) -> impl Iterator<Item = &KrScore> {
        self.objectives.iter().flat_map(|o| o.key_results.iter())
    }
}

/// Evaluates `doc` at `as_of`, or, when not given, at `today` (the cycle's last day once it is over).
pub fn evaluate_document(
    doc: &Document,
    config: &Config,
    as_of: Option<NaiveDate>,
    today: NaiveDate,
) -> DocumentScore {
    evaluate_document_sets(doc, config, as_of, today, Sets::All)
}

/// [`evaluate_document`] for only some of the file's OKR sets (see [`Sets`]).
pub fn evaluate_document_sets(
    doc: &Document,
    config: &Config,
    as_of: Option<NaiveDate>,
    today: NaiveDate,
    sets: Sets,
) -> DocumentScore {
    let chosen = super::sets::chosen(doc, sets, as_of.unwrap_or(today));
    let mut evaluator = Evaluator::new(doc, config, as_of, today);
    let set_cycle = chosen.as_ref().and_then(|(_, period)| *period);
    if let Some(period) = set_cycle {
        evaluator = evaluator.in_period(period, as_of, today);
    }
    let (period, as_of, state) = (evaluator.period, evaluator.as_of, evaluator.state);
    let all: Vec<&Objective> = doc.objectives.iter().collect();
    let objectives: Vec<ObjectiveScore> = chosen
        .map_or(all, |(objectives, _)| objectives)
        .into_iter()
        .map(|o| evaluator.objective(o))
        .collect();
    let score = mean(objectives.iter().filter_map(|o| o.score));
    let mut report = DocumentScore {
        path: doc.source.path().display().to_string(),
        title: doc.title.as_ref().map(|t| t.value.to_string()),
        team: doc.front.team.as_ref().map(|t| t.value.to_string()),
        cycle: set_cycle
            .map(crate::doc::settle::cycle_name)
            .or_else(|| doc.front.cycle.as_ref().map(|c| c.raw.value.to_string())),
        period,
        as_of,
        state,
        elapsed: period.and_then(|p| share(p.start, p.end, as_of)),
        score,
        rag: score.map(|s| rag(s, &config.rag)),
        confidence_scale: config.confidence.name(),
        scale: config.scale,
        summary: ScoreSummary::default(),
        objectives,
    };
    report.summary = summarise(report.key_results());
    report
}

/// Evaluates one KR of `doc`, as [`evaluate_document`] would, without scoring the others:
/// for a check-in's report on a document with a long history.
pub fn evaluate_key_result(
    doc: &Document,
    config: &Config,
    kr: &KeyResult,
    as_of: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<KrScore> {
    let evaluator = Evaluator::new(doc, config, as_of, today);
    let objective = doc
        .objectives
        .iter()
        .find(|o| o.key_results.iter().any(|k| std::ptr::eq(k, kr)))?;
    Some(evaluator.key_result(kr, evaluator.owner(objective).as_deref()))
}

/// The as-of date and the cycle's state. An explicit date wins; otherwise today,
/// or the cycle's last day once the cycle is over.
fn resolve_as_of(
    period: Option<Period>,
    explicit: Option<NaiveDate>,
    today: NaiveDate,
) -> (NaiveDate, CycleState) {
    let reference = explicit.unwrap_or(today);
    let Some(period) = period else {
        return (reference, CycleState::Undated);
    };
    let state = if reference < period.start {
        CycleState::Upcoming
    } else if reference > period.end {
        CycleState::Over
    } else {
        CycleState::Active
    };
    match (explicit, state) {
        (None, CycleState::Over) => (period.end, state),
        _ => (reference, state),
    }
}

struct Evaluator<'a> {
    doc: &'a Document,
    config: &'a Config,
    period: Option<Period>,
    as_of: NaiveDate,
    state: CycleState,
    /// The document's check-in rows by KR.
    checkins: CheckinIndex,
}

impl<'a> Evaluator<'a> {
    fn new(
        doc: &'a Document,
        config: &'a Config,
        as_of: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Self {
        let period = doc.front.period();
        let (as_of, state) = resolve_as_of(period, as_of, today);
        Evaluator {
            doc,
            config,
            period,
            as_of,
            state,
            checkins: CheckinIndex::new(doc),
        }
    }

    /// The same evaluator for one set's cycle.
    fn in_period(self, period: Period, as_of: Option<NaiveDate>, today: NaiveDate) -> Self {
        let (as_of, state) = resolve_as_of(Some(period), as_of, today);
        Evaluator {
            period: Some(period),
            as_of,
            state,
            ..self
        }
    }

    /// The objective's owner, or the document's.
    fn owner(&self, objective: &Objective) -> Option<CompactString> {
        objective
            .fields
            .owner
            .as_ref()
            .map(|o| o.raw.value.clone())
            .or_else(|| self.doc.front.owner.as_ref().map(|o| o.value.clone()))
    }

    fn objective(&self, objective: &Objective) -> ObjectiveScore {
        let owner = self.owner(objective);
        let key_results: Vec<KrScore> = objective
            .key_results
            .iter()
            .map(|kr| self.key_result(kr, owner.as_deref()))
            .collect();
        let weights: Option<Vec<f64>> = objective
            .key_results
            .iter()
            .map(|kr| kr.fields.weight.as_ref().and_then(|w| w.ok()).copied())
            .collect();
        let weighted = weights.is_some() && !key_results.is_empty();
        let weights = weights.unwrap_or_else(|| vec![1.0; key_results.len()]);
        let score = weighted_mean(key_results.iter().map(|k| k.score).zip(weights));
        ObjectiveScore {
            id: objective_id(objective),
            statement: objective.heading.statement.value.to_string(),
            score,
            rag: score.map(|s| rag(s, &self.config.rag)),
            partial: key_results.iter().any(|k| k.score.is_none()),
            weighted,
            key_results,
        }
    }

    fn key_result(&self, kr: &KeyResult, objective_owner: Option<&str>) -> KrScore {
        let method = method_for(kr, self.config);
        let history = readings(self.doc, &self.checkins, kr, &method, self.as_of);
        let latest = history.last();
        let score = latest.and_then(|r| r.score());
        let rag = score.map(|s| rag(s, &self.config.rag));
        let due = kr
            .fields
            .due
            .as_ref()
            .and_then(|d| d.ok())
            .copied()
            .or(self.period.map(|p| p.end));
        let elapsed = self
            .period
            .zip(due)
            .and_then(|(p, due)| share(p.start, due, self.as_of));
        let progress = latest.and_then(|r| progress(kr, &method, r.value()?));
        KrScore {
            id: kr.label(),
            statement: kr.heading.statement.value.to_string(),
            owner: raw_text(&kr.fields.owner).or(objective_owner.map(str::to_string)),
            method: method.name(),
            baseline: raw_text(&kr.fields.baseline),
            target: raw_text(&kr.fields.target),
            due: kr.fields.due.as_ref().and_then(|d| d.ok()).copied(),
            actual: latest.map(|r| r.actual(self.doc).into_owned()),
            actual_date: latest.map(|r| r.date),
            score,
            rag,
            previous_score: history.iter().rev().nth(1).and_then(|r| r.score()),
            confidence: latest.and_then(|r| r.confidence()),
            previous_confidence: history.iter().rev().nth(1).and_then(|r| r.confidence()),
            insight: latest.and_then(|r| self.note(r, Column::Insight)),
            next: latest.and_then(|r| self.note(r, Column::Next)),
            help: latest.and_then(|r| self.note(r, Column::Help)),
            health: self.health(latest, rag),
            progress,
            elapsed,
            pace: progress.zip(elapsed).map(|(p, e)| pace(p, e)),
            forecast: due.and_then(|due| self.forecast(kr, &method, &history, due)),
            red_twice: red_twice(&history, self.config),
            checkins: history
                .iter()
                .map(|r| Point {
                    date: r.date,
                    actual: r.actual(self.doc).into_owned(),
                    score: r.score(),
                })
                .collect(),
            baseline_from: kr.fields.baseline.as_ref().map(|v| v.origin),
            target_from: kr.fields.target.as_ref().map(|v| v.origin),
            due_from: kr.fields.due.as_ref().map(|v| v.origin),
        }
    }

    /// A note cell of the check-in row `reading` came from; `None` when blank (or `-`).
    fn note(&self, reading: &Reading, column: Column) -> Option<String> {
        let text = reading.cell(self.doc, column)?;
        let text = text.trim();
        (!text.is_empty() && !matches!(text, "-" | "—" | "–" | "n/a" | "none"))
            .then(|| text.to_string())
    }

    fn health(&self, latest: Option<&Reading>, rag: Option<Rag>) -> Health {
        let Some(latest) = latest else {
            return Health::Pending;
        };
        let quiet_days = (self.as_of - latest.date).num_days();
        if self.state == CycleState::Active && quiet_days > i64::from(self.config.staleness_days) {
            return Health::Stale;
        }
        rag.map_or(Health::Pending, Health::from)
    }

    /// Projects the least-squares line through the check-ins to the due date.
    fn forecast(
        &self,
        kr: &KeyResult,
        method: &Scoring,
        history: &[Reading],
        due: NaiveDate,
    ) -> Option<Forecast> {
        let target = kr.fields.target.as_ref()?;
        let target_value = target.ok()?;
        let first = history.first()?.date;
        if due < self.as_of || matches!(method, Scoring::Binary) {
            return None;
        }
        let points: Vec<(f64, f64)> = history
            .iter()
            .filter_map(|r| Some((days_between(first, r.date), r.value()?)))
            .collect();
        let projected = least_squares(&points)?.at(days_between(first, due));
        let quantity = Quantity {
            value: projected,
            ..target_value.clone()
        };
        let baseline = kr.fields.baseline.as_ref().and_then(|b| b.ok());
        let score = score_value(method, baseline, Some(target_value), &quantity)?;
        Some(Forecast {
            date: due,
            actual: target_value.format_like(&target.raw.value, projected),
            score,
            misses_target: (score * 100.0).round() < 100.0,
        })
    }
}

/// The KR's scoring method: its card's `Scoring:` (borrowed), or the okr.yaml default.
pub fn method_for<'k>(kr: &'k KeyResult, config: &Config) -> Cow<'k, Scoring> {
    match kr.fields.scoring.as_ref().and_then(|s| s.ok()) {
        Some(method) => Cow::Borrowed(method),
        None => Cow::Owned(match config.scoring {
            DefaultScoring::Linear => Scoring::Linear,
            DefaultScoring::Binary => Scoring::Binary,
        }),
    }
}

/// Share of the way from baseline to target, for numeric KRs, of an `actual` in the
/// target's base unit; clamped to 0–1.
fn progress(kr: &KeyResult, method: &Scoring, actual: f64) -> Option<f64> {
    if matches!(method, Scoring::Binary) {
        return None;
    }
    let baseline = kr.fields.baseline.as_ref()?.ok()?;
    let target = kr.fields.target.as_ref()?.ok()?;
    baseline
        .dimension
        .compatible(&target.dimension)
        .then(|| linear(baseline.value, target.value, actual))
        .flatten()
}

fn red_twice(history: &[Reading], config: &Config) -> bool {
    let is_red = |r: &Reading| r.score().is_some_and(|s| rag(s, &config.rag) == Rag::Red);
    history.len() >= 2 && history.iter().rev().take(2).all(is_red)
}

fn summarise<'a>(krs: impl Iterator<Item = &'a KrScore>) -> ScoreSummary {
    let mut s = ScoreSummary::default();
    for kr in krs {
        s.key_results += 1;
        s.scored += usize::from(kr.score.is_some());
        match kr.health {
            Health::Pending => s.pending += 1,
            Health::Stale => s.stale += 1,
            _ => {}
        }
        match kr.rag {
            Some(Rag::Red) => s.red += 1,
            Some(Rag::Amber) => s.amber += 1,
            Some(Rag::Green) => s.green += 1,
            Some(Rag::Stretch) => s.stretch += 1,
            None => {}
        }
        s.behind += usize::from(kr.pace == Some(Pace::Behind));
        s.projected_to_miss += usize::from(kr.forecast.as_ref().is_some_and(|f| f.misses_target));
        s.red_twice += usize::from(kr.red_twice);
    }
    s
}

fn objective_id(objective: &Objective) -> String {
    match (objective.number, &objective.heading.id_text) {
        (Some(n), _) => format!("O{n}"),
        (None, Some(text)) => text.value.to_string(),
        (None, None) => "objective".to_string(),
    }
}

/// The share of the days from `start` to `end` that have passed at `at`, clamped to 0–1.
fn share(start: NaiveDate, end: NaiveDate, at: NaiveDate) -> Option<f64> {
    let total = days_between(start, end);
    (total > 0.0).then(|| (days_between(start, at) / total).clamp(0.0, 1.0))
}

fn days_between(from: NaiveDate, to: NaiveDate) -> f64 {
    (to - from).num_days() as f64
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    weighted_mean(values.map(|v| (Some(v), 1.0)))
}

/// The weighted mean of the values that are present; `None` when none are.
fn weighted_mean(values: impl Iterator<Item = (Option<f64>, f64)>) -> Option<f64> {
    let (sum, weight) = values
        .filter_map(|(v, w)| v.map(|v| (v * w, w)))
        .fold((0.0, 0.0), |(s, t), (vw, w)| (s + vw, t + w));
    (weight > 0.0).then(|| sum / weight)
}

fn rounded<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((value * 10_000.0).round() / 10_000.0)
}

fn rounded_option<S: Serializer>(value: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => rounded(v, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::parse::parse_document;

    const SUPPORT: &str = include_str!("../../tests/fixtures/score/support.md");

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn evaluate(as_of: Option<&str>, today: &str) -> DocumentScore {
        let doc = parse_document("support.md", SUPPORT.to_string());
        evaluate_document(&doc, &Config::default(), as_of.map(date), date(today))
    }

    #[test]
    fn one_kr_evaluates_as_in_the_whole_document() {
        let doc = parse_document("support.md", SUPPORT.to_string());
        let config = Config::default();
        for as_of in [None, Some(date("2026-02-10")), Some(date("2026-03-31"))] {
            let whole = evaluate_document(&doc, &config, as_of, date("2026-02-20"));
            let alone = doc
                .key_results()
                .map(|kr| evaluate_key_result(&doc, &config, kr, as_of, date("2026-02-20")));
            let whole: Vec<String> = whole.key_results().map(|k| format!("{k:?}")).collect();
            let alone: Vec<String> = alone.map(|k| format!("{:?}", k.unwrap())).collect();
            assert!(!whole.is_empty());
            assert_eq!(whole, alone);
        }
    }

    fn kr<'a>(report: &'a DocumentScore, id: &str) -> &'a KrScore {
        report.key_results().find(|k| k.id == id).unwrap()
    }

    fn close(actual: Option<f64>, expected: f64) {
        let actual = actual.expect("a score");
        assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
    }

    #[test]
    fn seed_examples_and_weighted_objective() {
        let r = evaluate(Some("2026-02-20"), "2026-11-23");
        close(kr(&r, "O1-KR1").score, 0.60);
        assert_eq!(kr(&r, "O1-KR1").rag, Some(Rag::Amber));
        close(kr(&r, "O1-KR2").score, 0.70);
        assert_eq!(kr(&r, "O1-KR2").rag, Some(Rag::Green));
        // 0.6 × 0.60 + 0.4 × 0.70
        assert!(r.objectives[0].weighted);
        close(r.objectives[0].score, 0.64);
        assert_eq!(r.objectives[0].rag, Some(Rag::Green));
    }

    #[test]
    fn krs_without_data_are_left_out_and_mark_the_objective_partial() {
        let r = evaluate(Some("2026-02-20"), "2026-11-23");
        let o2 = &r.objectives[1];
        assert_eq!(kr(&r, "O2-KR2").score, None);
        assert_eq!(kr(&r, "O2-KR2").rag, None);
        assert_eq!(kr(&r, "O2-KR2").health, Health::Pending);
        // 480 ms → 300 ms at 410 ms: 70 / 180.
        close(o2.score, 7.0 / 18.0);
        assert!(o2.partial && !o2.weighted);
        // Objectives 0.64, 7/18 and (0.125 + 1.0) / 2.
        close(r.score, (0.64 + 7.0 / 18.0 + 0.5625) / 3.0);
    }

    #[test]
    fn stale_overrides_red_and_red_twice_is_flagged() {
        let r = evaluate(Some("2026-02-20"), "2026-11-23");
        let escalations = kr(&r, "O3-KR1");
        close(escalations.score, 0.125);
        assert_eq!(escalations.rag, Some(Rag::Red));
        assert_eq!(
            escalations.health,
            Health::Stale,
            "last check-in 11 days ago"
        );
        assert!(escalations.red_twice);
        assert!(!kr(&r, "O1-KR1").red_twice);
        // Seven days after the last check-in is still fresh.
        let fresh = evaluate(Some("2026-02-16"), "2026-11-23");
        assert_eq!(kr(&fresh, "O3-KR1").health, Health::Red);
        assert_eq!(r.summary.stale, 1);
        assert_eq!(r.summary.red_twice, 1);
    }

    #[test]
    fn forecast_projects_the_least_squares_line_to_the_due_date() {
        let r = evaluate(Some("2026-02-20"), "2026-11-23");
        // 19, 21, 22, 24 % at days 0, 14, 28, 42: slope 0.8/7 per day, 28.81% at day 85.
        let deflection = kr(&r, "O1-KR1").forecast.as_ref().unwrap();
        assert_eq!(deflection.actual, "28.8%");
        assert_eq!(deflection.score, 1.0);
        assert!(!deflection.misses_target);
        // 450 → 410 ms over 28 days reaches 348.57 ms by Mar 31: (480 − 348.57) / 180.
        let load = kr(&r, "O2-KR1").forecast.as_ref().unwrap();
        assert_eq!(load.actual, "348.6 ms");
        assert!((load.score - (480.0 - (450.0 - 710.0 / 7.0)) / 180.0).abs() < 1e-9);
        assert!(load.misses_target);
        // One check-in is not a trend; binary KRs have none.
        assert!(kr(&r, "O3-KR2").forecast.is_none());
        assert!(kr(&r, "O2-KR2").forecast.is_none());
    }

    #[test]
    fn pace_compares_progress_with_time_elapsed() {
        let r = evaluate(Some("2026-02-20"), "2026-11-23");
        // 50 of 89 days have passed: 0.56.
        close(kr(&r, "O1-KR1").elapsed, 50.0 / 89.0);
        assert_eq!(kr(&r, "O1-KR1").pace, Some(Pace::OnPace));
        assert_eq!(kr(&r, "O2-KR1").pace, Some(Pace::Behind));
        assert_eq!(kr(&r, "O3-KR2").pace, None, "binary KRs have no pace");
    }

    #[test]
    fn as_of_defaults_to_today_or_the_cycle_end() {
        let during = evaluate(None, "2026-02-20");
        assert_eq!(
            (during.as_of, during.state),
            (date("2026-02-20"), CycleState::Active)
        );
        let after = evaluate(None, "2026-11-23");
        assert_eq!(
            (after.as_of, after.state),
            (date("2026-03-31"), CycleState::Over)
        );
        assert_eq!(
            kr(&after, "O3-KR1").health,
            Health::Red,
            "no staleness once the cycle is over"
        );
        let before = evaluate(Some("2026-01-01"), "2026-11-23");
        assert_eq!(before.summary.scored, 0);
        let early = evaluate(Some("2025-12-01"), "2026-11-23");
        assert_eq!(early.state, CycleState::Upcoming);
    }
}
