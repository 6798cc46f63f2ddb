//! The dashboard's `metrics.html`: each metric the KRs use, with its dictionary entry
//! and the KRs that use it, so every KR links to the definition of its number.

use super::html::{esc, objective_file, page};
use crate::metrics::Metric;
use crate::report::ReportDocument;
use std::collections::BTreeMap;

/// The anchor of a metric's entry on `metrics.html`.
pub fn metric_anchor(name: &str) -> String {
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("metric-{slug}")
}

/// A link from a KR to its metric's entry.
pub fn metric_link(name: &str) -> String {
    format!(
        "<a href=\"metrics.html#{}\">{}</a>",
        esc(&metric_anchor(name)),
        esc(name)
    )
}

/// The metrics page under construction: every metric a KR names, with its definition
/// and links to the KRs using it. It holds only the KRs that name a metric.
#[derive(Debug, Default)]
pub struct MetricsPage {
    used: BTreeMap<String, (Metric, Vec<String>)>,
    any: bool,
}

impl MetricsPage {
    /// Adds the document that is `index`th in path order.
    pub fn add(&mut self, index: usize, doc: &ReportDocument) {
        self.any |= !doc.metrics.is_empty();
        for objective in &doc.score.objectives {
            for kr in &objective.key_results {
                let Some((_, metric)) = doc.metrics.iter().find(|(id, _)| *id == kr.id) else {
                    continue;
                };
                let link = format!(
                    "<a href=\"{}\">{}</a> <span class=\"muted\">{}</span>",
                    objective_file(index, objective),
                    esc(&kr.id),
                    esc(&doc.score.path)
                );
                self.used
                    .entry(metric.name.to_lowercase())
                    .or_insert_with(|| (metric.clone(), Vec::new()))
                    .1
                    .push(link);
            }
        }
    }

    /// Whether any document's KR names a metric of its dictionary.
    pub fn is_wanted(&self) -> bool {
        self.any
    }

    /// The page.
    pub fn render(&self) -> String {
        let mut body = String::from(
            "<nav><a href=\"index.html\">← All objectives</a></nav>\n<h1>Metric definitions</h1>\n",
        );
        for (metric, krs) in self.used.values() {
            body.push_str(&entry(metric, krs));
        }
        page("Metric definitions", &body)
    }
}

fn entry(metric: &Metric, krs: &[String]) -> String {
    let spec = &metric.spec;
    let valid = spec
        .valid
        .as_ref()
        .map(|v| v.describe(|x| metric.actual_text(x)));
    let connector = metric.query.as_ref().map(|q| q.kind().to_string());
    let rows = [
        ("Definition", spec.definition.clone()),
        ("Technical definition", spec.technical.clone()),
        ("Owner", spec.owner.clone()),
        ("Steward", spec.steward.clone()),
        ("Source system", spec.source.clone()),
        ("Refresh", spec.refresh.clone()),
        ("Unit", spec.unit.clone()),
        ("Valid range", valid),
        ("Pulled by", connector),
        ("Defined in", Some(metric.place.to_string())),
    ];
    let mut out = format!(
        "<section class=\"kr\" id=\"{}\"><h2>{}</h2>\n<dl>",
        esc(&metric_anchor(&metric.name)),
        esc(&metric.name)
    );
    for (label, value) in rows {
        if let Some(value) = value {
            out.push_str(&format!("<dt>{label}</dt><dd>{}</dd>", esc(&value)));
        }
    }
    out.push_str(&format!(
        "<dt>Related KRs</dt><dd>{}</dd></dl></section>\n",
        krs.join(", ")
    ));
    out
}
