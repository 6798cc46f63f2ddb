//! What each state of a KR asks of the team (seed 002's triggers for action).

use super::{Health, KrScore, Rag};

/// Each state with the action it calls for, in the order the dashboard lists them.
pub const ACTIONS: [(&str, &str); 7] = [
    (
        "red",
        "find the root cause and ask for help within 48 hours",
    ),
    ("amber", "adjust the bet within a week"),
    ("green", "keep going"),
    (
        "stretch",
        "harvest the learning and consider raising the bar",
    ),
    ("stale", "check in: silence is never green"),
    (
        "escalate",
        "red on two check-ins in a row: take it up a level",
    ),
    ("at risk", "the trend misses the target by the due date"),
];

/// The states that most need a decision come first.
const PRIORITY: [&str; 7] = [
    "escalate", "red", "stale", "at risk", "amber", "stretch", "green",
];

/// Whether `kr` is in `state` (a band name, `stale`, `escalate` or `at risk`).
pub fn in_state(kr: &KrScore, state: &str) -> bool {
    match state {
        "stale" => kr.health == Health::Stale,
        "escalate" => kr.red_twice,
        "at risk" => kr.forecast.as_ref().is_some_and(|f| f.misses_target),
        // A stale KR is never told to keep going; red and amber still need their action.
        "green" | "stretch" if kr.health == Health::Stale => false,
        colour => kr.rag.is_some() && kr.rag == rag_named(colour),
    }
}

/// The most pressing state `kr` is in, with its action.
pub fn action_for(kr: &KrScore) -> Option<(&'static str, &'static str)> {
    let state = PRIORITY.into_iter().find(|s| in_state(kr, s))?;
    ACTIONS.into_iter().find(|(s, _)| *s == state)
}

/// The band a state names, if it names one.
pub fn rag_named(name: &str) -> Option<Rag> {
    match name {
        "red" => Some(Rag::Red),
        "amber" => Some(Rag::Amber),
        "green" => Some(Rag::Green),
        "stretch" => Some(Rag::Stretch),
        _ => None,
    }
}
