//! The weekly review: what moved since the last one, who needs help, what needs a decision.
//!
//! Built from the documents alone: each one is scored at the start of the period and at
//! its end, and the two are compared KR by KR.

use super::actions::action_for;
use super::{DocumentScore, Health, KrScore, Rag};
use crate::govern::decision_log::Decision;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// A KR's state at one date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Snapshot {
    /// The latest actual on or before the date, as written.
    pub actual: String,
    /// The day it was checked in.
    pub date: NaiveDate,
    /// Its score.
    pub score: Option<f64>,
    /// Its band.
    pub rag: Option<Rag>,
}

/// Why a KR is on the agenda.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Attention {
    /// Red on two check-ins in a row: escalate within 48 hours.
    RedTwice,
    /// In the red band.
    Red,
    /// Asked for help in its latest check-in.
    Help,
    /// No check-in within the staleness window.
    Stale,
    /// The trend misses the target by the due date.
    ForecastMiss,
    /// Confidence fell by the configured drop or more.
    ConfidenceDrop,
    /// Behind pace.
    Behind,
    /// In the amber band.
    Amber,
    /// No check-in in the period under review.
    NoCheckIn,
}

/// One KR in the review.
#[derive(Clone, Debug, Serialize)]
pub struct ReviewKr {
    /// The document's path.
    pub document: String,
    /// `O1-KR2`.
    pub id: String,
    /// The statement.
    pub statement: String,
    /// Who owns it.
    pub owner: Option<String>,
    /// Its state at the start of the period.
    pub then: Option<Snapshot>,
    /// Its state at the end.
    pub now: Option<Snapshot>,
    /// Whether a check-in was recorded in the period.
    pub checked_in: bool,
    /// Whether the band changed over the period.
    pub band_changed: bool,
    /// Confidence at the start and at the end.
    pub confidence: (Option<f64>, Option<f64>),
    /// The latest insight, next action and help request.
    pub insight: Option<String>,
    /// The latest next action.
    pub next: Option<String>,
    /// The latest request for help.
    pub help: Option<String>,
    /// Why it needs attention, most pressing first; empty when it does not.
    pub attention: Vec<Attention>,
    /// What its most pressing state asks for (seed 002's trigger for its band).
    pub action: Option<Action>,
}

/// A state and the action it calls for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Action {
    /// `escalate`, `red`, `stale`, `at risk`, `amber`, `stretch` or `green`.
    pub state: &'static str,
    /// What to do.
    pub action: &'static str,
}

/// A decision logged in the period.
#[derive(Clone, Debug, Serialize)]
pub struct ReviewDecision {
    /// The day it was decided.
    pub date: NaiveDate,
    /// The decision.
    pub title: String,
    /// The KRs it names.
    pub krs: Vec<String>,
}

/// The whole agenda.
#[derive(Clone, Debug, Serialize)]
pub struct Review {
    /// The period's first day (the day after the last review).
    pub since: NaiveDate,
    /// Its last day.
    pub as_of: NaiveDate,
    /// Every KR, in document order.
    pub key_results: Vec<ReviewKr>,
    /// KRs with no check-in in the period, by owner.
    pub missing_by_owner: BTreeMap<String, Vec<String>>,
    /// Decisions logged in the period.
    pub decisions: Vec<ReviewDecision>,
}

impl Review {
    /// The KRs that show `attention`.
    pub fn with(&self, attention: Attention) -> impl Iterator<Item = &ReviewKr> {
        self.key_results
            .iter()
            .filter(move |kr| kr.attention.contains(&attention))
    }

    /// The KRs whose actual or band changed in the period.
    pub fn moved(&self) -> impl Iterator<Item = &ReviewKr> {
        self.key_results.iter().filter(|kr| {
            kr.checked_in
                && kr.then.as_ref().map(|t| &t.actual) != kr.now.as_ref().map(|n| &n.actual)
        })
    }
}

/// One document scored the day before the period and on its last day, with the
/// confidence fall its config calls a drop.
pub struct Scored {
    /// The document as it stood the day before `since`.
    pub before: DocumentScore,
    /// The document at the as-of date.
    pub after: DocumentScore,
    /// The fall in confidence that counts as a drop.
    pub confidence_drop: f64,
}

/// Compares each document before and after the period, and adds the decisions logged in it.
pub fn review(
    documents: &[Scored],
    decisions: &[Decision],
    since: NaiveDate,
    as_of: NaiveDate,
) -> Review {
    let mut key_results = Vec::new();
    for doc in documents {
        for kr in doc.after.key_results() {
            let then = doc.before.key_results().find(|k| k.id == kr.id);
            key_results.push(review_kr(
                &doc.after.path,
                then,
                kr,
                since,
                doc.confidence_drop,
            ));
        }
    }
    let mut missing_by_owner: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for kr in key_results.iter().filter(|k| !k.checked_in) {
        let owner = kr.owner.clone().unwrap_or_else(|| "no owner".to_string());
        missing_by_owner
            .entry(owner)
            .or_default()
            .push(kr.id.clone());
    }
    Review {
        since,
        as_of,
        key_results,
        missing_by_owner,
        decisions: decisions
            .iter()
            .filter_map(|d| {
                let date = d.date.filter(|date| (since..=as_of).contains(date))?;
                Some(ReviewDecision {
                    date,
                    title: d.title.clone(),
                    krs: d.krs.iter().map(|k| k.value.clone()).collect(),
                })
            })
            .collect(),
    }
}

fn snapshot(kr: &KrScore) -> Option<Snapshot> {
    Some(Snapshot {
        actual: kr.actual.clone()?,
        date: kr.actual_date?,
        score: kr.score,
        rag: kr.rag,
    })
}

fn review_kr(
    document: &str,
    then: Option<&KrScore>,
    now: &KrScore,
    since: NaiveDate,
    confidence_drop: f64,
) -> ReviewKr {
    let checked_in = now.actual_date.is_some_and(|d| d >= since);
    let confidence = (then.and_then(|t| t.confidence), now.confidence);
    let dropped = matches!(confidence, (Some(a), Some(b)) if a - b >= confidence_drop - 1e-9);
    let band_changed = then.is_some_and(|t| t.rag.is_some() && t.rag != now.rag);
    let attention = [
        (now.red_twice, Attention::RedTwice),
        (now.rag == Some(Rag::Red) && !now.red_twice, Attention::Red),
        (now.help.is_some() && checked_in, Attention::Help),
        (now.health == Health::Stale, Attention::Stale),
        (
            now.forecast.as_ref().is_some_and(|f| f.misses_target),
            Attention::ForecastMiss,
        ),
        (dropped, Attention::ConfidenceDrop),
        (now.pace == Some(super::Pace::Behind), Attention::Behind),
        (now.rag == Some(Rag::Amber), Attention::Amber),
        (!checked_in, Attention::NoCheckIn),
    ]
    .into_iter()
    .filter_map(|(on, a)| on.then_some(a))
    .collect();
    ReviewKr {
        document: document.to_string(),
        id: now.id.clone(),
        statement: now.statement.clone(),
        owner: now.owner.clone(),
        then: then.and_then(snapshot),
        now: snapshot(now),
        checked_in,
        band_changed,
        confidence,
        insight: now.insight.clone(),
        next: now.next.clone(),
        help: now.help.clone(),
        attention,
        action: action_for(now).map(|(state, action)| Action { state, action }),
    }
}
