//! The dashboard's `index.html`, built one document at a time. Each document's section
//! and its KRs that need attention go to spool files as they arrive, so the page can be
//! written for any number of documents in bounded memory.

use super::html::{esc, list_or, objective_file, page_head, rag_badge, PAGE_FOOT};
use super::score::score_text;
use crate::report::ReportDocument;
use crate::score::{Health, KrScore, Rag};
use std::fs::File;
use std::io::{self, BufWriter, Seek, Write};

/// A test of one KR's state.
type KrTest = fn(&KrScore) -> bool;

/// Why a KR needs the team's attention, most pressing first (seed 002's triggers).
const ATTENTION: [(&str, KrTest); 5] = [
    ("asks for help", |k| k.help.is_some()),
    ("escalate: red twice in a row", |k| k.red_twice),
    ("red", |k| k.rag == Some(Rag::Red) && !k.red_twice),
    ("stale", |k| k.health == Health::Stale),
    ("forecast to miss", |k| {
        k.forecast.as_ref().is_some_and(|f| f.misses_target)
    }),
];

/// The bands counted at the top of the page, in their order there.
const BANDS: [Rag; 4] = [Rag::Red, Rag::Amber, Rag::Green, Rag::Stretch];

const NOTHING_NEEDS_ATTENTION: &str =
    "Nothing: no help asked for, nothing red, stale or forecast to miss.";

/// The index page under construction: every document and objective with its grade,
/// the count of KRs per band, and the KRs that need attention.
#[derive(Debug)]
pub struct IndexPage {
    in_band: [usize; 4],
    no_data: usize,
    sections: BufWriter<File>,
    attention: BufWriter<File>,
    needing_attention: usize,
}

impl IndexPage {
    /// An empty index, spooling to anonymous temporary files.
    pub fn new() -> io::Result<Self> {
        Ok(Self {
            in_band: [0; 4],
            no_data: 0,
            sections: BufWriter::new(tempfile::tempfile()?),
            attention: BufWriter::new(tempfile::tempfile()?),
            needing_attention: 0,
        })
    }

    /// Adds the document that is `index`th in path order.
    pub fn add(&mut self, index: usize, doc: &ReportDocument) -> io::Result<()> {
        for kr in doc.score.key_results() {
            if let Some(band) = BANDS.iter().position(|b| kr.rag == Some(*b)) {
                self.in_band[band] += 1;
            }
            self.no_data += usize::from(kr.score.is_none());
        }
        self.sections.write_all(section(index, doc).as_bytes())?;
        for item in attention_items(index, doc) {
            self.attention.write_all(item.as_bytes())?;
            self.needing_attention += 1;
        }
        Ok(())
    }

    /// Writes the page; `history` and `metrics` link the cross-cycle and metric pages.
    pub fn write(self, history: bool, metrics: bool, out: &mut impl Write) -> io::Result<()> {
        out.write_all(page_head("OKR dashboard").as_bytes())?;
        out.write_all(b"<h1>OKR dashboard</h1>\n")?;
        let links: Vec<&str> = [
            (history, "<a href=\"history.html\">Across cycles →</a>"),
            (metrics, "<a href=\"metrics.html\">Metric definitions →</a>"),
        ]
        .into_iter()
        .filter_map(|(shown, link)| shown.then_some(link))
        .collect();
        if !links.is_empty() {
            writeln!(out, "<nav>{}</nav>", links.join(" · "))?;
        }
        out.write_all(b"<p class=\"counts\">")?;
        for (band, n) in BANDS.iter().zip(self.in_band) {
            write!(out, "<span>{n} {}</span>", rag_badge(Some(*band)))?;
        }
        writeln!(out, "<span>{} {}</span></p>", self.no_data, rag_badge(None))?;
        out.write_all(
            b"<section class=\"attention\" id=\"needs-attention\"><h2>Needs attention</h2>\n",
        )?;
        if self.needing_attention == 0 {
            out.write_all(list_or(&[], NOTHING_NEEDS_ATTENTION).as_bytes())?;
        } else {
            out.write_all(b"<ul>")?;
            copy_spool(self.attention, out)?;
            out.write_all(b"</ul>\n")?;
        }
        out.write_all(b"</section>\n")?;
        copy_spool(self.sections, out)?;
        out.write_all(PAGE_FOOT.as_bytes())
    }
}

fn copy_spool(spool: BufWriter<File>, out: &mut impl Write) -> io::Result<()> {
    let mut file = spool.into_inner().map_err(|e| e.into_error())?;
    file.rewind()?;
    io::copy(&mut file, out).map(|_| ())
}

/// A document's heading and its table of objectives.
fn section(index: usize, doc: &ReportDocument) -> String {
    let s = &doc.score;
    let name = s
        .team
        .clone()
        .or_else(|| s.title.clone())
        .unwrap_or_else(|| s.path.clone());
    let mut html = format!(
        "<h2>{} {} {} <span class=\"muted\">· {} · as of {}</span></h2>\n<p class=\"muted\">{}</p>\n",
        esc(&name),
        score_text(s.score, s.scale),
        rag_badge(s.rag),
        esc(&s
            .cycle
            .clone()
            .or_else(|| s.period.map(|p| p.to_string()))
            .unwrap_or_else(|| "no cycle".to_string())),
        s.as_of,
        esc(&s.path)
    );
    html.push_str(
        "<table><thead><tr><th>Objective</th><th>Score</th><th>RAG</th></tr></thead><tbody>\n",
    );
    for o in &s.objectives {
        html.push_str(&format!(
            "<tr><td><a href=\"{}\">{} {}</a></td><td class=\"num\">{}</td><td>{}</td></tr>\n",
            objective_file(index, o),
            esc(&o.id),
            esc(&o.statement),
            score_text(o.score, s.scale),
            rag_badge(o.rag)
        ));
    }
    html.push_str("</tbody></table>\n");
    html
}

/// The attention list's items for one document, each linked to its objective's page.
fn attention_items(index: usize, doc: &ReportDocument) -> Vec<String> {
    let mut items = Vec::new();
    for o in &doc.score.objectives {
        for kr in &o.key_results {
            let why: Vec<&str> = ATTENTION
                .iter()
                .filter(|(_, f)| f(kr))
                .map(|(w, _)| *w)
                .collect();
            if why.is_empty() {
                continue;
            }
            let help = kr.help.as_ref().map_or(String::new(), |h| {
                format!(" <span class=\"help\">Help: {}</span>", esc(h))
            });
            items.push(format!(
                "<li><a href=\"{}\">{}</a> {} {} <span class=\"muted\">{} · {}</span>{help}</li>",
                objective_file(index, o),
                esc(&kr.id),
                esc(&kr.statement),
                rag_badge(kr.rag),
                esc(&why.join(", ")),
                esc(kr.owner.as_deref().unwrap_or("no owner"))
            ));
        }
    }
    items
}
