//! `okr score` output: a table per document (human), pasteable Markdown, or the JSON contract.

use super::stream::PrettyArray;
use super::style::{rag_style, BOLD, DIM};
use super::table::{fit, terminal_width, write_row, Cell, Column};
use crate::config::ScoreScale;
use crate::score::{DocumentScore, KrScore, ObjectiveScore, Rag};
use std::io::{self, Write};

/// An `okr score` output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ScoreFormat {
    /// A table per document, coloured by RAG.
    Human,
    /// The stable JSON contract (scores always 0–1).
    Json,
    /// Markdown tables to paste into a pull request, chat or wiki.
    Markdown,
}

/// Writes `documents` in `format`.
pub fn render_scores(
    out: &mut dyn Write,
    format: ScoreFormat,
    documents: &[DocumentScore],
) -> io::Result<()> {
    let rendered = crate::parallel::map(documents, |doc| ScoreStream::render(format, doc));
    let mut stream = ScoreStream::start(out, format)?;
    for text in rendered {
        stream.push(&text?)?;
    }
    stream.finish()
}

/// `okr score` output written one document at a time, the same bytes as
/// [`render_scores`] writes for the whole list.
pub enum ScoreStream<'a> {
    /// Human or Markdown: documents one after another.
    Text(&'a mut dyn Write),
    /// The JSON contract's `documents` array.
    Json(PrettyArray<'a>),
}

impl<'a> ScoreStream<'a> {
    /// Starts the output.
    pub fn start(out: &'a mut dyn Write, format: ScoreFormat) -> io::Result<Self> {
        Ok(match format {
            ScoreFormat::Json => Self::Json(PrettyArray::start(out, 1, "documents")?),
            ScoreFormat::Human | ScoreFormat::Markdown => Self::Text(out),
        })
    }

    /// One document's output in `format`, made on any core.
    pub fn render(format: ScoreFormat, doc: &DocumentScore) -> io::Result<Vec<u8>> {
        let mut text = Vec::with_capacity(4096);
        match format {
            ScoreFormat::Human => human(&mut text, doc)?,
            ScoreFormat::Markdown => markdown(&mut text, doc)?,
            ScoreFormat::Json => text = PrettyArray::element(doc)?,
        }
        Ok(text)
    }

    /// Writes one document made by [`ScoreStream::render`].
    pub fn push(&mut self, rendered: &[u8]) -> io::Result<()> {
        match self {
            Self::Text(out) => out.write_all(rendered),
            Self::Json(array) => array.push(rendered),
        }
    }

    /// Ends the output.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Self::Text(_) => Ok(()),
            Self::Json(array) => array.finish(),
        }
    }
}

/// `8/10` on bounded scales, the bare number on 0-1, `—` with none.
pub fn confidence_text(confidence: Option<f64>, scale: &str) -> String {
    match (confidence, scale.split_once('-')) {
        (None, _) => "—".to_string(),
        (Some(c), Some((_, max))) if scale != "0-1" => format!("{c}/{max}"),
        (Some(c), _) => format!("{c}"),
    }
}

/// Whether a confidence is in the bottom third of its scale (`0-10`, `1-5`, `0-2`, `0-1`).
pub fn is_low_confidence(confidence: f64, scale: &str) -> bool {
    let Some((low, high)) = scale
        .split_once('-')
        .and_then(|(l, h)| Some((l.parse::<f64>().ok()?, h.parse::<f64>().ok()?)))
    else {
        return false;
    };
    confidence <= low + (high - low) / 3.0
}

/// A score on the configured scale (`0.60` or `60`), or `no data`.
pub fn score_text(score: Option<f64>, scale: ScoreScale) -> String {
    match (score, scale) {
        (None, _) => "no data".to_string(),
        (Some(s), ScoreScale::ZeroToOne) => format!("{:.2}", (s * 100.0).round() / 100.0),
        (Some(s), ScoreScale::ZeroToHundred) => format!("{:.0}", (s * 100.0).round()),
    }
}

/// The RAG label, or empty with no data.
pub fn rag_text(rag: Option<Rag>) -> &'static str {
    match rag {
        Some(Rag::Red) => "red",
        Some(Rag::Amber) => "amber",
        Some(Rag::Green) => "green",
        Some(Rag::Stretch) => "stretch",
        None => "",
    }
}

/// `18% → 24% → 28%`, or `20 → 12 → 5 ms` when all three share a unit word.
pub fn journey(kr: &KrScore) -> String {
    let values = [&kr.baseline, &kr.actual, &kr.target].map(|v| v.as_deref().unwrap_or("—"));
    let unit = |v: &str| v.split_once(' ').map(|(_, u)| u.to_string());
    let shared = unit(values[2]).filter(|u| {
        values
            .iter()
            .all(|v| *v == "—" || unit(v).as_deref() == Some(u.as_str()))
    });
    match shared {
        Some(u) => {
            let numbers = values.map(|v| v.split_once(' ').map_or(v, |(n, _)| n));
            format!("{} {u}", numbers.join(" → "))
        }
        None => values.join(" → "),
    }
}

/// `okr maintainers · 2026-Q4 · as of 2026-11-23 (59% of the cycle)`.
pub fn document_heading(doc: &DocumentScore) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(doc.team.clone().or_else(|| doc.title.clone()));
    parts.extend(doc.cycle.clone());
    let elapsed = doc
        .elapsed
        .map(|e| format!(" ({:.0}% of the cycle)", e * 100.0))
        .unwrap_or_default();
    parts.push(format!("as of {}{elapsed}", doc.as_of));
    parts.join(" · ")
}

/// ID, Method, Baseline → Actual → Target, Score, RAG, Statement.
const COLUMNS: [Column; 6] = [
    column(None, None),
    column(Some(1), None),
    column(None, Some(18)),
    column(None, None),
    column(None, None),
    column(None, Some(16)),
];

const fn column(drop_order: Option<u8>, min: Option<usize>) -> Column {
    Column { drop_order, min }
}

fn human(out: &mut dyn Write, doc: &DocumentScore) -> io::Result<()> {
    writeln!(
        out,
        "{BOLD}{}{BOLD:#}  {DIM}{}{DIM:#}",
        doc.path,
        document_heading(doc)
    )?;
    let header = [
        "ID",
        "Method",
        "Baseline → Actual → Target",
        "Score",
        "RAG",
        "Statement",
    ];
    let mut rows = vec![header
        .iter()
        .map(|h| Cell::styled(*h, BOLD))
        .collect::<Vec<_>>()];
    for objective in &doc.objectives {
        rows.push(objective_row(objective, doc.scale));
        rows.extend(objective.key_results.iter().map(|kr| kr_row(kr, doc.scale)));
    }
    let widths = fit(&COLUMNS, &rows, 2, terminal_width());
    for row in &rows {
        write_row(out, row, &widths, 2)?;
    }
    for line in summary_lines(doc) {
        writeln!(out, "  {line}")?;
    }
    writeln!(out)
}

fn objective_row(o: &ObjectiveScore, scale: ScoreScale) -> Vec<Cell> {
    let style = rag_style(o.rag);
    vec![
        Cell::styled(&o.id, BOLD),
        Cell::plain(if o.weighted { "weighted" } else { "mean" }),
        Cell::styled(partial_text(o), DIM),
        Cell::styled(score_text(o.score, scale), style),
        Cell::styled(rag_text(o.rag), style),
        Cell::styled(&o.statement, BOLD),
    ]
}

fn kr_row(kr: &KrScore, scale: ScoreScale) -> Vec<Cell> {
    let style = rag_style(kr.rag);
    vec![
        Cell::plain(format!("  {}", kr.id)),
        Cell::plain(kr.method),
        Cell::plain(journey(kr)),
        Cell::styled(score_text(kr.score, scale), style),
        Cell::styled(rag_text(kr.rag), style),
        Cell::plain(&kr.statement),
    ]
}

/// `Score 0.53 amber · 6 key results: 5 scored, 1 no data`, then what needs attention.
fn summary_lines(doc: &DocumentScore) -> Vec<String> {
    let s = doc.summary;
    let grade = format!(
        "Score {} {}",
        score_text(doc.score, doc.scale),
        rag_text(doc.rag)
    );
    let mut lines = vec![format!(
        "{} · {} key results: {} scored, {} no data",
        grade.trim_end(),
        s.key_results,
        s.scored,
        s.key_results - s.scored
    )];
    let attention: Vec<String> = [
        (s.stale, "stale"),
        (s.behind, "behind pace"),
        (s.projected_to_miss, "projected to miss"),
        (s.red_twice, "red twice in a row"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if !attention.is_empty() {
        lines.push(format!("Attention: {}", attention.join(" · ")));
    }
    lines
}

/// `partial` when some KRs have no data and were left out of the mean.
fn partial_text(o: &ObjectiveScore) -> &'static str {
    if o.partial && o.score.is_some() {
        "partial"
    } else {
        ""
    }
}

fn markdown(out: &mut dyn Write, doc: &DocumentScore) -> io::Result<()> {
    writeln!(out, "### {}\n", escape(&document_heading(doc)))?;
    writeln!(
        out,
        "| KR | Statement | Method | Baseline | Actual | Target | Score | RAG |"
    )?;
    writeln!(
        out,
        "|----|-----------|--------|----------|--------|--------|------:|-----|"
    )?;
    for o in &doc.objectives {
        writeln!(
            out,
            "| **{}** | **{}** | {} | | | | **{}** | {} |",
            escape(&o.id),
            escape(&o.statement),
            if o.weighted { "weighted" } else { "mean" },
            score_text(o.score, doc.scale),
            rag_badge(o.rag)
        )?;
        for kr in &o.key_results {
            let cell = |v: &Option<String>| v.as_deref().map_or("—".to_string(), escape);
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                escape(&kr.id),
                escape(&kr.statement),
                kr.method,
                cell(&kr.baseline),
                cell(&kr.actual),
                cell(&kr.target),
                score_text(kr.score, doc.scale),
                rag_badge(kr.rag)
            )?;
        }
    }
    writeln!(out)?;
    for line in summary_lines(doc) {
        writeln!(out, "{}  ", escape(&line))?;
    }
    write_updates(out, doc)?;
    writeln!(out)
}

/// Each KR's latest insight, next action and help request, under the table.
fn write_updates(out: &mut dyn Write, doc: &DocumentScore) -> io::Result<()> {
    let lines: Vec<String> = doc
        .key_results()
        .filter_map(|kr| {
            let parts: Vec<String> = [
                ("", &kr.insight),
                ("Next: ", &kr.next),
                ("**Help:** ", &kr.help),
            ]
            .into_iter()
            .filter_map(|(label, text)| text.as_ref().map(|t| format!("{label}{}", escape(t))))
            .collect();
            (!parts.is_empty()).then(|| format!("- **{}**: {}", escape(&kr.id), parts.join(" · ")))
        })
        .collect();
    if !lines.is_empty() {
        writeln!(out, "\n**Latest updates**\n")?;
        for line in lines {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// A RAG label with an emoji for chat and wikis; no data gets no colour.
fn rag_badge(rag: Option<Rag>) -> String {
    let emoji = match rag {
        Some(Rag::Red) => "🔴 ",
        Some(Rag::Amber) => "🟠 ",
        Some(Rag::Green) => "🟢 ",
        Some(Rag::Stretch) => "🔵 ",
        None => "",
    };
    format!("{emoji}{}", rag_text(rag))
}

/// Escapes text for a Markdown table cell.
pub fn escape(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}
