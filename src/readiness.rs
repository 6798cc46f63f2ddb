//! The Readiness Quick Check: fourteen items scored 0–2 before a company starts with OKRs.

use std::fmt;

/// The five areas and their items, in the checklist's order.
pub const AREAS: [(&str, &[&str]); 5] = [
    (
        "A. Strategy and North Star",
        &[
            "Strategy themes for the year are written down and shared across the company.",
            "One North Star metric is defined, with an owner.",
            "Priorities are ranked, and three to five of them clearly matter most.",
        ],
    ),
    (
        "B. Sponsorship and roles",
        &[
            "An executive sponsor is named, reachable, and ready to make trade-offs.",
            "An OKR program lead has the time and the mandate to run the rhythm.",
            "Champions in the key functions have time for OKRs in their plans.",
        ],
    ),
    (
        "C. Data and metrics",
        &[
            "Likely KRs have baselines and dependable sources of truth.",
            "Data refreshes often enough for weekly check-ins.",
            "Every critical metric has a data steward.",
        ],
    ),
    (
        "D. Operating rhythm",
        &[
            "Teams already hold short weekly check-ins that end in decisions.",
            "A monthly cross-team forum removes blockers and moves resources.",
            "Notes and decisions are kept where everyone can see them.",
        ],
    ),
    (
        "E. Tooling and transparency",
        &[
            "One OKR space is open to everyone, with owners and links to dashboards.",
            "Task tools stay separate from OKRs, linked only where it helps decisions.",
        ],
    ),
];

/// The checklist `okr init --readiness` writes.
pub fn template() -> String {
    let mut out = String::from(
        "# Readiness Quick Check\n\nScore every item before drafting OKRs: put 0 (not in place), 1 (partly) \
         or 2 (solid) between the brackets, then run `okr readiness`. 22 or more out of 28 means go.\n",
    );
    for (area, items) in AREAS {
        out.push_str(&format!("\n## {area}\n\n"));
        for item in items {
            out.push_str(&format!("- [ ] {item}\n"));
        }
    }
    out
}

/// One area's subtotal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AreaScore {
    /// The area's heading.
    pub name: String,
    /// Points scored.
    pub points: u32,
    /// Points possible: two per item.
    pub max: u32,
    /// Items left blank.
    pub unscored: u32,
}

/// The launch gate the total falls in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// 22–28: go ahead and plan the pilot.
    Green,
    /// 16–21: fix the weakest items first, then pilot narrowly.
    Amber,
    /// 0–15: pause and close the gaps.
    Red,
}

impl Gate {
    /// The gate for a total out of 28.
    pub fn of(total: u32) -> Self {
        match total {
            22.. => Gate::Green,
            16..=21 => Gate::Amber,
            _ => Gate::Red,
        }
    }

    /// What to do next.
    pub fn advice(self) -> &'static str {
        match self {
            Gate::Green => "go ahead and plan the pilot",
            Gate::Amber => "fix the lowest-scoring items first, then start a narrow pilot",
            Gate::Red => "pause, close the gaps in strategy, sponsorship or data, then check again",
        }
    }
}

impl fmt::Display for Gate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Gate::Green => "green",
            Gate::Amber => "amber",
            Gate::Red => "red",
        })
    }
}

/// A checklist line that is not `- [ ]`, `- [0]`, `- [1]` or `- [2]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadinessError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column of the bracket's content.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// Scores a filled-in checklist, area by area.
pub fn score(text: &str) -> Result<Vec<AreaScore>, ReadinessError> {
    let mut areas: Vec<AreaScore> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(name) = line.strip_prefix("## ") {
            areas.push(AreaScore {
                name: name.trim().to_string(),
                points: 0,
                max: 0,
                unscored: 0,
            });
            continue;
        }
        let Some(rest) = line.trim_start().strip_prefix("- [") else {
            continue;
        };
        let Some(area) = areas.last_mut() else {
            continue;
        };
        let column = line.len() - rest.len() + 1;
        let mark = rest.split(']').next().unwrap_or_default().trim();
        area.max += 2;
        match mark {
            "" => area.unscored += 1,
            "0" | "1" | "2" => area.points += mark.parse::<u32>().unwrap_or(0),
            other => {
                return Err(ReadinessError {
                    line: i + 1,
                    column,
                    message: format!(
                        "`{other}` is not a score; write 0, 1 or 2 between the brackets"
                    ),
                })
            }
        }
    }
    areas.retain(|a| a.max > 0);
    Ok(areas)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_has_fourteen_items_worth_twenty_eight() {
        let areas = score(&template()).unwrap();
        assert_eq!(areas.len(), 5);
        assert_eq!(areas.iter().map(|a| a.max).sum::<u32>(), 28);
        assert_eq!(areas.iter().map(|a| a.unscored).sum::<u32>(), 14);
    }

    #[test]
    fn gates_follow_the_guide() {
        assert_eq!(Gate::of(28), Gate::Green);
        assert_eq!(Gate::of(22), Gate::Green);
        assert_eq!(Gate::of(21), Gate::Amber);
        assert_eq!(Gate::of(16), Gate::Amber);
        assert_eq!(Gate::of(15), Gate::Red);
        assert_eq!(Gate::of(0), Gate::Red);
    }

    #[test]
    fn scores_and_rejects_marks() {
        let filled = template()
            .replacen("- [ ]", "- [2]", 3)
            .replacen("- [ ]", "- [1]", 2);
        let areas = score(&filled).unwrap();
        assert_eq!(areas[0].points, 6);
        assert_eq!(areas[1].points, 2);
        assert_eq!(areas[1].unscored, 1);
        let bad = template().replacen("- [ ]", "- [3]", 1);
        let err = score(&bad).unwrap_err();
        assert_eq!((err.line, err.column), (7, 4));
    }
}
