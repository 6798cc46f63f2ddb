//! The static HTML dashboard: an index and one page per objective. No scripts, no
//! network: styles and charts are inline, and every user string is escaped.

use super::chart::{kr_chart, Zones};
use super::metrics_html::metric_link;
use super::score::{confidence_text, is_low_confidence, rag_text, score_text};
use crate::report::ReportDocument;
use crate::score::{Health, KrScore, ObjectiveScore, Rag};

const STYLE: &str = r#"
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:60rem;padding:1.5rem;color:#1d232a;background:#fff}
h1{font-size:1.6rem;margin:.2rem 0 1rem}h2{font-size:1.2rem;margin:1.8rem 0 .4rem}h3{font-size:1rem;margin:1.2rem 0 .3rem}
a{color:#1c5fb8}nav{margin-bottom:1rem;font-size:.9rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #dde2e7;vertical-align:top}
th{font-weight:600;background:#f4f6f8}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.rag{display:inline-block;padding:0 .45rem;border-radius:.6rem;font-size:.85rem;font-weight:600;border:1px solid}
.rag-red{background:#fde2e1;color:#9b1c1c;border-color:#e8a3a0}.rag-amber{background:#fff1d6;color:#8a4b00;border-color:#e8c27a}
.rag-green{background:#dff3e4;color:#1d6b35;border-color:#94cfa4}.rag-stretch{background:#dfeafc;color:#1c4f9b;border-color:#9bb9ea}
.rag-none,.health-pending{background:#f1f3f5;color:#4d5761;border-color:#cfd5db}.health-stale{background:#f3e5f7;color:#6b2580;border-color:#c9a0d6}
.counts span{margin-right:.6rem}.kr{border:1px solid #dde2e7;border-radius:.5rem;padding:.8rem 1rem;margin:1rem 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.5rem 0}dt{color:#4d5761}dd{margin:0}
.chart{width:100%;max-width:560px;height:auto;display:block;margin:.5rem 0}.chart text{font-size:11px;fill:#4d5761}
.chart .axis{stroke:#9aa5b1}.chart .target{stroke:#1d6b35;stroke-dasharray:6 4}.chart .actual{fill:none;stroke:#1c5fb8;stroke-width:2}
.chart .point{fill:#1c5fb8}.chart .forecast{stroke:#8a4b00;stroke-dasharray:2 4;stroke-width:2}
.prose{color:#333}.muted{color:#4d5761}.low{background:#fde2e1;color:#9b1c1c;font-weight:600;padding:0 .3rem;border-radius:.3rem}
.help{color:#9b1c1c}.attention li{margin:.3rem 0}.thread{overflow-x:auto}.thread h4{margin:.6rem 0 .2rem;font-size:.9rem}.thread td,.thread th{font-size:.85rem}
.chart .tick{stroke:#e4e8ec}.chart .baseline{stroke:#9b1c1c;stroke-dasharray:3 3}.chart .zone-red{fill:#fde2e1}.chart .zone-amber{fill:#fff1d6}.chart .zone-green{fill:#dff3e4}
@media (max-width:600px){body{padding:.8rem;font-size:14px}dl{grid-template-columns:1fr}table{font-size:.8rem}th,td{padding:.25rem .3rem}}
@media print{nav{display:none}body{max-width:none;padding:0;font-size:11pt}.kr{break-inside:avoid}a{color:inherit;text-decoration:none}}
"#;

/// Escapes text for HTML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Markdown prose as HTML; raw HTML in it is dropped, never passed through.
pub fn prose(markdown: &str) -> String {
    let options = comrak::Options::default();
    comrak::markdown_to_html(markdown, &options)
}

/// A whole page around `body`, with the dashboard's style.
pub(crate) fn page(title: &str, body: &str) -> String {
    format!("{}{body}{PAGE_FOOT}", page_head(title))
}

/// A page's start, up to and including `<body>`.
pub(super) fn page_head(title: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body>\n",
        esc(title)
    )
}

/// A page's end, after its body.
pub(super) const PAGE_FOOT: &str = "\n</body></html>\n";

/// The badge for a band: the colour plus the word, so colour is never the only signal.
pub(super) fn rag_badge(rag: Option<Rag>) -> String {
    match rag {
        Some(r) => format!(r#"<span class="rag rag-{0}">{0}</span>"#, rag_text(Some(r))),
        None => r#"<span class="rag rag-none">no data</span>"#.to_string(),
    }
}

fn health_badge(health: Health) -> String {
    match health {
        Health::Pending | Health::Stale => {
            format!(r#"<span class="rag health-{0}">{0}</span>"#, health.label())
        }
        _ => format!(r#"<span class="rag rag-{0}">{0}</span>"#, health.label()),
    }
}

/// The file name of an objective's page.
pub fn objective_file(doc_index: usize, objective: &ObjectiveScore) -> String {
    let id: String = objective
        .id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    format!("doc{}-{}.html", doc_index + 1, id.to_lowercase())
}

/// One objective's page: each KR's numbers and chart, then its bets and decisions.
pub fn objective_page(doc: &ReportDocument, objective: &ObjectiveScore) -> String {
    let s = &doc.score;
    let mut body = format!(
        "<nav><a href=\"index.html\">← All objectives</a> · {}</nav>\n<h1>{}: {}</h1>\n<p>Score {} {}{}</p>\n",
        esc(&s.path),
        esc(&objective.id),
        esc(&objective.statement),
        score_text(objective.score, s.scale),
        rag_badge(objective.rag),
        if objective.partial { " <span class=\"muted\">(partial: KRs without data left out)</span>" } else { "" }
    );
    if !doc.preamble.is_empty() {
        body.push_str(&format!(
            "<div class=\"prose\">{}</div>\n",
            prose(&doc.preamble)
        ));
    }
    for kr in &objective.key_results {
        let zones = match doc.ladders.iter().find(|(id, _)| *id == kr.id) {
            Some((_, rungs)) => Zones::Ladder(rungs, &doc.rag),
            None => Zones::Linear(&doc.rag),
        };
        let metric = doc
            .metrics
            .iter()
            .find(|(id, _)| *id == kr.id)
            .map(|(_, m)| m.name.as_str());
        body.push_str(&kr_section(s, kr, zones, metric));
        body.push_str(&thread(doc, kr));
    }
    let ids: Vec<&str> = objective
        .key_results
        .iter()
        .map(|k| k.id.as_str())
        .collect();
    let bets: Vec<String> = doc
        .bets
        .iter()
        .filter(|b| b.krs.iter().any(|k| ids.contains(&k.as_str())))
        .map(|b| {
            format!(
                "<li>{} <span class=\"muted\">({})</span></li>",
                esc(&b.name),
                esc(&b.krs.join(", "))
            )
        })
        .collect();
    body.push_str("<h2>Initiatives</h2>\n");
    body.push_str(&list_or(&bets, "No bet names these key results."));
    let decisions: Vec<String> = doc
        .decisions
        .iter()
        .filter(|d| d.krs.iter().any(|k| ids.contains(&k.as_str())))
        .map(|d| {
            let date = d
                .date
                .map_or_else(|| "undated".to_string(), |d| d.to_string());
            format!(
                "<li>{} — {} <span class=\"muted\">({})</span></li>",
                date,
                esc(&d.title),
                esc(&d.krs.join(", "))
            )
        })
        .collect();
    body.push_str("<h2>Decisions</h2>\n");
    body.push_str(&list_or(
        &decisions,
        "No logged decision names these key results.",
    ));
    page(&format!("{}: {}", objective.id, objective.statement), &body)
}

/// Seed 002's weekly update thread for one KR, latest first.
fn thread(doc: &ReportDocument, kr: &KrScore) -> String {
    let scale = doc.score.confidence_scale;
    let rows: Vec<String> = doc
        .updates
        .iter()
        .filter(|u| u.kr == kr.id.to_uppercase())
        .map(|u| {
            let confidence = u.confidence.map_or_else(
                || "—".to_string(),
                |c| {
                    let class = if is_low_confidence(c, scale) { " class=\"low\"" } else { "" };
                    format!("<span{class}>{}</span>", esc(&confidence_text(Some(c), scale)))
                },
            );
            format!(
                "<tr><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{confidence}</td><td>{}</td><td>{}</td><td class=\"help\">{}</td></tr>",
                esc(&u.date),
                esc(&u.actual),
                esc(&u.insight),
                esc(&u.next),
                esc(&u.help)
            )
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    format!(
        "<div class=\"thread\"><h4>{}: weekly updates</h4><table><thead><tr><th>Date</th><th>Actual</th><th>Confidence</th><th>Insight</th><th>Next action</th><th>Help needed</th></tr></thead><tbody>{}</tbody></table></div>\n",
        esc(&kr.id),
        rows.join("")
    )
}

pub(super) fn list_or(items: &[String], empty: &str) -> String {
    if items.is_empty() {
        format!("<p class=\"muted\">{}</p>\n", esc(empty))
    } else {
        format!("<ul>{}</ul>\n", items.join(""))
    }
}

fn kr_section(
    doc: &crate::score::DocumentScore,
    kr: &KrScore,
    zones: Zones,
    metric: Option<&str>,
) -> String {
    let dash = || "—".to_string();
    let latest = match (&kr.actual, kr.actual_date) {
        (Some(a), Some(d)) => format!("{} <span class=\"muted\">on {d}</span>", esc(a)),
        _ => "no check-in yet".to_string(),
    };
    let forecast = kr.forecast.as_ref().map_or_else(dash, |f| {
        let miss = if f.misses_target {
            " (misses the target)"
        } else {
            ""
        };
        esc(&format!(
            "{} by {} → {}{miss}",
            f.actual,
            f.date,
            score_text(Some(f.score), doc.scale)
        ))
    });
    let rows = [
        ("Baseline", esc(kr.baseline.as_deref().unwrap_or("—"))),
        ("Latest", latest),
        ("Target", esc(kr.target.as_deref().unwrap_or("—"))),
        (
            "Score",
            format!("{} {}", score_text(kr.score, doc.scale), rag_badge(kr.rag)),
        ),
        (
            "Confidence",
            kr.confidence.map_or_else(dash, |c| {
                let class = if is_low_confidence(c, doc.confidence_scale) {
                    " class=\"low\""
                } else {
                    ""
                };
                format!(
                    "<span{class}>{}</span>",
                    esc(&confidence_text(Some(c), doc.confidence_scale))
                )
            }),
        ),
        ("Health", health_badge(kr.health)),
        ("Pace", kr.pace.map_or_else(dash, |p| p.label().to_string())),
        ("Forecast", forecast),
        ("Owner", esc(kr.owner.as_deref().unwrap_or("—"))),
        ("Metric", metric.map_or_else(dash, metric_link)),
    ];
    let mut out = format!(
        "<section class=\"kr\"><h3>{}: {}</h3>\n<dl>",
        esc(&kr.id),
        esc(&kr.statement)
    );
    for (label, value) in rows {
        out.push_str(&format!("<dt>{label}</dt><dd>{value}</dd>"));
    }
    out.push_str("</dl>\n");
    if let Some(period) = doc.period {
        if let Some(chart) = kr_chart(kr, period.start, kr.due.unwrap_or(period.end), zones) {
            out.push_str(&chart);
        }
    }
    out.push_str("</section>\n");
    out
}
