//! The dashboard's cross-cycle page: `okr history` as HTML.

use super::html::{esc, page_head, PAGE_FOOT};
use crate::history::cycles::{percent, two, TeamHistory};
use std::io::{self, Write};

/// Writes the page listing each team's closed cycles, calibration and carried-over KRs,
/// one team at a time.
pub fn write_history_page(
    teams: impl Iterator<Item = io::Result<TeamHistory>>,
    out: &mut impl Write,
) -> io::Result<()> {
    out.write_all(page_head("OKRs across cycles").as_bytes())?;
    out.write_all(
        "<nav><a href=\"index.html\">← Dashboard</a></nav>\n<h1>Across cycles</h1>\n".as_bytes(),
    )?;
    for team in teams {
        out.write_all(team_section(&team?).as_bytes())?;
    }
    out.write_all(PAGE_FOOT.as_bytes())
}

fn team_section(team: &TeamHistory) -> String {
    let mut body = String::new();
    body.push_str(&format!("<h2>{}</h2>\n", esc(&team.team)));
    body.push_str(
        "<table class=\"history\"><thead><tr><th>Cycle</th><th>KRs</th><th>Mean</th>\
         <th>At 1.0</th><th>Start confidence</th><th>Objectives</th></tr></thead><tbody>\n",
    );
    for c in &team.cycles {
        let objectives: Vec<String> = c
            .record
            .objectives
            .iter()
            .map(|(id, s)| format!("{} {}", esc(id), two(*s)))
            .collect();
        body.push_str(&format!(
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td>{}</td></tr>\n",
            esc(&c.record.cycle),
            c.record.key_results.len(),
            two(c.mean_score),
            percent(c.share_at_one),
            two(c.mean_starting_confidence),
            objectives.join(" · ")
        ));
    }
    body.push_str("</tbody></table>\n");
    body.push_str(&format!(
        "<p class=\"calibration\">Calibration: {}</p>\n",
        esc(team.calibration.explain())
    ));
    if !team.carried_over.is_empty() {
        body.push_str("<p>Carried over without reaching 0.70:</p>\n<ul class=\"carried\">\n");
        for kr in &team.carried_over {
            let runs: Vec<String> = kr
                .cycles
                .iter()
                .map(|(cycle, id, s)| format!("{} {} {}", esc(cycle), esc(id), two(*s)))
                .collect();
            body.push_str(&format!(
                "<li>{} <span class=\"muted\">({})</span></li>\n",
                esc(&kr.statement),
                runs.join(", ")
            ));
        }
        body.push_str("</ul>\n");
    }
    body
}
