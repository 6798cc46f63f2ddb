//! Which of a file's OKR sets to score: a file may hold one set per quarter, and
//! `score` and `status` look at the one that is running.

use crate::doc::cycle::Period;
use crate::doc::{Document, Objective};
use chrono::NaiveDate;

/// Which sets of a document to score.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sets {
    /// Every set (`lint`, `export`).
    #[default]
    All,
    /// The set whose cycle contains the as-of date, or else the latest that has begun.
    Current,
    /// The set of this cycle.
    Cycle(Period),
}

/// The objectives to score and the cycle they share, when only some sets are scored.
pub fn chosen(
    doc: &Document,
    sets: Sets,
    reference: NaiveDate,
) -> Option<(Vec<&Objective>, Option<Period>)> {
    let cycles = distinct_cycles(doc);
    let period = match sets {
        Sets::All => return None,
        _ if cycles.len() < 2 => return None,
        Sets::Cycle(period) => period,
        Sets::Current => current(&cycles, reference),
    };
    let objectives = doc
        .objectives
        .iter()
        .filter(|o| doc.cycle_of(o) == Some(period))
        .collect();
    Some((objectives, Some(period)))
}

/// Every cycle the document's objectives belong to, in order of start.
pub fn distinct_cycles(doc: &Document) -> Vec<Period> {
    let mut cycles: Vec<Period> = doc
        .objectives
        .iter()
        .filter_map(|o| doc.cycle_of(o))
        .collect();
    cycles.sort_by_key(|p| (p.start, p.end));
    cycles.dedup();
    cycles
}

/// The cycle running on `reference`; else the latest that has begun; else the first.
fn current(cycles: &[Period], reference: NaiveDate) -> Period {
    let running = cycles.iter().filter(|p| p.contains(reference));
    let shortest = running.min_by_key(|p| p.days());
    let begun = || {
        cycles
            .iter()
            .filter(|p| p.start <= reference)
            .max_by_key(|p| p.start)
    };
    *shortest.or_else(begun).unwrap_or(&cycles[0])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::cycle::parse_cycle;
    use crate::doc::parse::parse_document;

    const TWO_QUARTERS: &str = "# Team OKRs\n\n## 2026 Q1\n\n### Teams ship faster\n\n- Lead time falls from 9 days to 4 days by Mar 31\n\n## 2026 Q2\n\n### Customers trust releases\n\n- Change failure rate falls from 20% to 10% by Jun 30\n";

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_running_quarter_is_chosen() {
        let doc = parse_document("t.md", TWO_QUARTERS.to_string());
        assert_eq!(distinct_cycles(&doc).len(), 2);
        let (objectives, period) = chosen(&doc, Sets::Current, date("2026-05-01")).unwrap();
        assert_eq!(period, parse_cycle("2026-Q2"));
        assert_eq!(objectives.len(), 1);
        assert_eq!(
            objectives[0].heading.statement.value,
            "Customers trust releases"
        );
        let (_, after) = chosen(&doc, Sets::Current, date("2026-09-01")).unwrap();
        assert_eq!(after, parse_cycle("2026-Q2"));
        let (_, before) = chosen(&doc, Sets::Current, date("2025-12-01")).unwrap();
        assert_eq!(before, parse_cycle("2026-Q1"));
    }

    #[test]
    fn a_named_cycle_and_every_set() {
        let doc = parse_document("t.md", TWO_QUARTERS.to_string());
        let q1 = parse_cycle("2026-Q1").unwrap();
        let (objectives, _) = chosen(&doc, Sets::Cycle(q1), date("2026-05-01")).unwrap();
        assert_eq!(objectives[0].heading.statement.value, "Teams ship faster");
        assert!(chosen(&doc, Sets::All, date("2026-05-01")).is_none());
    }
}
