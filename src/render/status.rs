//! `okr status`: the weekly dashboard, one line per KR, fitted to the terminal.

use super::score::{confidence_text, document_heading, journey, rag_text, score_text};
use super::style::{health_style, rag_style, BOLD, DIM, MAGENTA, RED};
use super::table::{fit, terminal_width, truncate, write_row, Cell, Column};
use crate::score::actions::{in_state, rag_named, ACTIONS};
use crate::score::{DocumentScore, Health, KrScore, ObjectiveScore};
use std::io::{self, Write};

const SPARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const SPARK_POINTS: usize = 8;
const INDENT: usize = 2;

const COLUMNS: [Column; 9] = [
    fixed(None),      // KR
    fixed(Some(4)),   // trend
    cut(None, 18),    // baseline → latest → target
    fixed(None),      // score
    fixed(None),      // health: the RAG, or stale / pending
    fixed(Some(2)),   // confidence
    fixed(Some(3)),   // pace
    cut(Some(5), 10), // owner
    fixed(Some(6)),   // flags, repeated under "Next steps"
];

const fn fixed(drop_order: Option<u8>) -> Column {
    Column {
        drop_order,
        min: None,
    }
}

const fn cut(drop_order: Option<u8>, min: usize) -> Column {
    Column {
        drop_order,
        min: Some(min),
    }
}

const HEADER: [&str; 9] = [
    "KR",
    "Trend",
    "Base → Now → Target",
    "Score",
    "Health",
    "Conf",
    "Pace",
    "Owner",
    "Flags",
];

/// The dashboard written one document at a time, with "Next steps" for every KR shown.
pub struct StatusStream {
    width: usize,
    /// The IDs in each of [`ACTIONS`]' states, kept only while they fit the line.
    ids: Vec<String>,
    shown: bool,
}

/// One document's dashboard, and the KRs it shows in each state of [`ACTIONS`].
pub struct StatusPart {
    text: Vec<u8>,
    in_states: Vec<Vec<String>>,
}

impl StatusStream {
    /// A dashboard fitted to the terminal.
    pub fn new() -> Self {
        Self {
            width: terminal_width(),
            ids: vec![String::new(); ACTIONS.len()],
            shown: false,
        }
    }

    /// The width the dashboard is fitted to.
    pub fn width(&self) -> usize {
        self.width
    }

    /// `doc`'s part of a dashboard `width` wide; made on any core.
    pub fn render(
        width: usize,
        doc: &DocumentScore,
        keep: &(dyn Fn(&DocumentScore, &KrScore) -> bool + Sync),
        notes: bool,
    ) -> io::Result<StatusPart> {
        let krs: Vec<&KrScore> = doc.key_results().filter(|kr| keep(doc, kr)).collect();
        let mut text = Vec::with_capacity(4096);
        if !krs.is_empty() {
            write_document(&mut text, doc, &krs, width, notes)?;
        }
        let in_states = ACTIONS
            .iter()
            .map(|(state, _)| {
                krs.iter()
                    .filter(|kr| in_state(kr, state))
                    .map(|kr| kr.id.clone())
                    .collect()
            })
            .collect();
        Ok(StatusPart { text, in_states })
    }

    /// Writes one document's part.
    pub fn push(&mut self, out: &mut dyn Write, part: StatusPart) -> io::Result<()> {
        out.write_all(&part.text)?;
        self.shown |= !part.text.is_empty();
        for (ids, more) in self.ids.iter_mut().zip(part.in_states) {
            for id in more {
                // Past the line's width the IDs are cut off, so more change nothing.
                if ids.chars().count() > self.width {
                    break;
                }
                if !ids.is_empty() {
                    ids.push_str(", ");
                }
                ids.push_str(&id);
            }
        }
        Ok(())
    }

    /// Writes "Next steps", or says that no KR matched.
    pub fn finish(self, out: &mut dyn Write) -> io::Result<()> {
        if !self.shown {
            return writeln!(out, "No key results match.");
        }
        writeln!(out, "{BOLD}Next steps{BOLD:#}")?;
        for ((state, action), ids) in ACTIONS.iter().zip(&self.ids) {
            if ids.is_empty() {
                continue;
            }
            let style = match *state {
                "stale" => MAGENTA,
                "escalate" | "at risk" => RED,
                _ => rag_style(rag_named(state)),
            };
            let line = format!("{state:<9} {ids}: {action}");
            let line = truncate(&line, self.width - INDENT);
            let (label, rest) = line.split_at(state.len());
            writeln!(out, "  {style}{label}{style:#}{rest}")?;
        }
        Ok(())
    }
}

impl Default for StatusStream {
    fn default() -> Self {
        Self::new()
    }
}

fn write_document(
    out: &mut dyn Write,
    doc: &DocumentScore,
    krs: &[&KrScore],
    width: usize,
    notes: bool,
) -> io::Result<()> {
    writeln!(
        out,
        "{BOLD}{}{BOLD:#}",
        truncate(&document_heading(doc), width)
    )?;
    writeln!(out, "{DIM}{}{DIM:#}", truncate(&doc.path, width))?;
    let mut rows = vec![HEADER
        .iter()
        .map(|h| Cell::styled(*h, DIM))
        .collect::<Vec<_>>()];
    rows.extend(krs.iter().map(|kr| kr_row(doc, kr)));
    let widths = fit(&COLUMNS, &rows, INDENT, width);
    write_row(out, &rows[0], &widths, INDENT)?;
    let mut row = 1;
    for objective in &doc.objectives {
        let count = objective
            .key_results
            .iter()
            .filter(|kr| krs.iter().any(|k| std::ptr::eq(*k, *kr)))
            .count();
        if count == 0 {
            continue;
        }
        write_objective(out, doc, objective, width)?;
        for (r, kr) in rows[row..row + count].iter().zip(&krs[row - 1..]) {
            write_row(out, r, &widths, INDENT)?;
            write_notes(out, kr, notes, width)?;
        }
        row += count;
    }
    writeln!(out)
}

/// The latest help request (always) and, with `notes`, the insight and next action.
fn write_notes(out: &mut dyn Write, kr: &KrScore, notes: bool, width: usize) -> io::Result<()> {
    let shown = [
        ("insight", &kr.insight, notes),
        ("next", &kr.next, notes),
        ("help", &kr.help, true),
    ];
    for (label, text, show) in shown {
        if let (Some(text), true) = (text, show) {
            let style = if label == "help" { RED } else { DIM };
            let line = truncate(
                &format!("{label}: {}", text.replace('\n', " ")),
                width.saturating_sub(2 * INDENT),
            );
            writeln!(
                out,
                "{:indent$}{style}{line}{style:#}",
                "",
                indent = 2 * INDENT
            )?;
        }
    }
    Ok(())
}

fn write_objective(
    out: &mut dyn Write,
    doc: &DocumentScore,
    o: &ObjectiveScore,
    width: usize,
) -> io::Result<()> {
    let style = rag_style(o.rag);
    let partial = if o.partial && o.score.is_some() {
        " (partial: KRs without data left out)"
    } else {
        ""
    };
    let grade = format!(
        "{:<7}  {:<7}",
        score_text(o.score, doc.scale),
        rag_text(o.rag)
    );
    let room = width.saturating_sub(o.id.len() + grade.chars().count() + 4);
    let statement = truncate(&format!("{}{partial}", o.statement), room);
    writeln!(
        out,
        "{BOLD}{}{BOLD:#}  {style}{grade}{style:#}  {BOLD}{statement}{BOLD:#}",
        o.id
    )
}

fn kr_row(doc: &DocumentScore, kr: &KrScore) -> Vec<Cell> {
    let style = rag_style(kr.rag);
    vec![
        Cell::plain(&kr.id),
        Cell::plain(sparkline(kr)),
        Cell::plain(journey(kr)),
        Cell::styled(score_text(kr.score, doc.scale), style),
        Cell::styled(health_text(kr), health_style(kr.health)),
        Cell::plain(confidence_text(kr.confidence, doc.confidence_scale)),
        Cell::plain(kr.pace.map_or("—", |p| p.label())),
        Cell::plain(kr.owner.clone().unwrap_or_default()),
        Cell::styled(flags(kr).join(", "), RED),
    ]
}

/// The RAG; a stale KR shows `stale` first, because silence is never green.
fn health_text(kr: &KrScore) -> String {
    match (kr.health, kr.rag) {
        (Health::Stale, Some(rag)) => format!("stale ({})", rag_text(Some(rag))),
        (health, _) => health.label().to_string(),
    }
}

/// The scores of the last eight check-ins as bars; `·` marks a check-in with no score.
pub fn sparkline(kr: &KrScore) -> String {
    let skip = kr.checkins.len().saturating_sub(SPARK_POINTS);
    kr.checkins[skip..]
        .iter()
        .map(|p| match p.score {
            Some(s) => SPARKS[((s.clamp(0.0, 1.0) * 7.0).round()) as usize],
            None => '·',
        })
        .collect()
}

fn flags(kr: &KrScore) -> Vec<&'static str> {
    let mut flags = Vec::new();
    if kr.red_twice {
        flags.push("escalate");
    }
    if kr.forecast.as_ref().is_some_and(|f| f.misses_target) {
        flags.push("at risk");
    }
    if kr.help.is_some() {
        flags.push("help");
    }
    flags
}
