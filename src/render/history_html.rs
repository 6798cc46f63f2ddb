//! The dashboard's cross-cycle page: `okr history` as HTML.

use super::html::{esc, page};
use crate::history::cycles::{percent, two, TeamHistory};

/// The page listing each team's closed cycles, calibration and carried-over KRs.
pub fn history_page(teams: &[TeamHistory]) -> String {
    let mut body =
        String::from("<nav><a href=\"index.html\">← Dashboard</a></nav>\n<h1>Across cycles</h1>\n");
    for team in teams {
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
    }
    page("OKRs across cycles", &body)
}
