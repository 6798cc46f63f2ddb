//! Markdown → [`Document`], in one pass of pulldown-cmark with source offsets.

use super::card::{canonical_field, CardLine, Origin};
use super::front::parse_front_matter;
use super::ids::{find_kr_ids, split_heading, HeadingId};
use super::labels::{is_kr_section, is_other_section, names_cycle, read_label, Label};
use super::list_scan::{card_lists, headings_and_paragraphs, plain_headings, ScannedList};
use super::outline::read_outline;
use super::settle::settle;
use super::table_scan::{
    checkins_table_body, delimiter_alignments, header_cell_count, line_end, row_cells, TableBody,
};
use super::{
    unescape_cell, CheckinRow, CheckinTable, Column, Document, Form, Heading, Initiative,
    KeyResult, Located, Objective, OkrSet, ScoreRow, ScoresTable, Section, Suppression,
    SuppressionScope, Written,
};
use crate::source::{SourceFile, Span};
use crate::text::{strip_end_bytes, strip_start_bytes, trim, trim_end, trim_start};
use compact_str::CompactString;
use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;
use std::path::PathBuf;

/// Parses `text` (read from `path`) into a [`Document`].
pub fn parse_document(path: impl Into<PathBuf>, text: String) -> Document {
    parse_with(path, text, true)
}

/// Parses with or without the line scanners for card lists and check-in rows.
fn parse_with(path: impl Into<PathBuf>, text: String, scan: bool) -> Document {
    let path = path.into();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let front = parse_front_matter(&text, bom);
    let body_start = front.block.map_or(bom, |b| b.end);
    let mut builder = Builder::new(&text);
    if !(scan && feed_scanning(&mut builder, &text, body_start)) {
        builder = Builder::new(&text);
        feed(&mut builder, &text, body_start..text.len());
    }
    let mut document = builder.finish();
    document.front = front;
    // A cycle the file's name or folder gives (`2019-Q4.md`, `okrs/2020-q2/`), for a
    // file whose text names none.
    let path_cycle = path_cycle(&path);
    let mut found_cycle = None;
    if needs_outline_reader(&document, &text) {
        let cycle_known = path_cycle.is_some()
            || document.front.period().is_some()
            || document
                .front
                .keys
                .iter()
                .any(|k| k.value == "cycle" || k.value == "quarter")
            || document
                .title
                .as_ref()
                .is_some_and(|t| super::cycle::find_cycle(&t.value).is_some());
        let outline = read_outline(&text, body_start, cycle_known);
        document.objectives = outline.objectives;
        document.sets.truncate(1);
        document.sets.extend(outline.sets);
        found_cycle = outline.cycle;
    }
    settle(&mut document, &text, found_cycle.or(path_cycle));
    document.source = SourceFile::new(path, text);
    document
}

/// The cycle the file's name gives, else its closest folder's that names one; it is not
/// written in the text, so its span is empty.
fn path_cycle(path: &std::path::Path) -> Option<Located<super::cycle::Period>> {
    let stem = path.file_stem().map(|s| s.to_string_lossy());
    let folders = path
        .parent()
        .into_iter()
        .flat_map(|p| p.components().rev().take(3))
        .map(|c| c.as_os_str().to_string_lossy());
    stem.into_iter()
        .chain(folders)
        .find_map(|name| super::cycle::find_cycle(&name))
        .map(|(period, _)| Located {
            value: period,
            span: Span::new(0, 0),
        })
}

/// Whether the canonical reader missed what the file writes: no objective with an
/// `O1`-style ID at all, or an objective whose card holds key results as bullets
/// (`- KR 1: …`).
fn needs_outline_reader(doc: &Document, text: &str) -> bool {
    doc.objectives.iter().all(|o| o.number.is_none())
        || doc.objectives.iter().any(|o| {
            o.key_results.is_empty()
                && (o.card.iter().any(|line| {
                    line.field.is_none()
                        && !matches!(read_label(&line_text(line)), Label::Field { .. })
                }) || tables_key_results(&text[o.heading.span.end.min(text.len())..]))
        })
}

/// Whether the text up to the next heading holds a table with a key-result column: an
/// `## O1: …` objective whose KRs are table rows.
fn tables_key_results(after: &str) -> bool {
    after
        .lines()
        .skip(1)
        .take_while(|line| !line.starts_with('#'))
        .filter(|line| line.trim_start().starts_with('|'))
        .take(1)
        .any(|header| {
            header.split('|').any(|cell| {
                let cell = cell.trim().to_ascii_lowercase();
                cell.starts_with("key result") || cell == "kr" || cell == "krs"
            })
        })
}

/// A card line's text as written, label included.
fn line_text(line: &CardLine) -> String {
    match &line.name {
        Some(name) => format!("{}: {}", name.value, line.value.value),
        None => line.value.value.to_string(),
    }
}

/// Runs pulldown-cmark over `range` of `text` and hands every event to the builder.
fn feed(builder: &mut Builder, text: &str, range: Range<usize>) {
    if text[range.clone()].trim_ascii().is_empty() {
        return;
    }
    let base = range.start;
    let parser = Parser::new_ext(&text[range], Options::ENABLE_TABLES).into_offset_iter();
    for (event, at) in parser {
        builder.event(event, at.start + base..at.end + base);
    }
}

/// Feeds the body from `body_start` with the card lists before the check-ins table and
/// the table's rows read by line, and everything else parsed by pulldown-cmark, giving
/// the same events as the full parse. Returns `false` when the parser disagrees about
/// the table; the builder has then seen part of the document and must be discarded.
fn feed_scanning(builder: &mut Builder, text: &str, body_start: usize) -> bool {
    let table = checkins_table_body(text, body_start);
    let cards_end = table.as_ref().map_or(text.len(), |t| t.header);
    let mut at = body_start;
    for list in card_lists(text, body_start..cards_end) {
        feed_gap(builder, text, at..list.span.start);
        feed_list(builder, &list);
        at = list.span.end;
    }
    match table {
        Some(body) => feed_table(builder, text, at, &body),
        None => {
            feed(builder, text, at..text.len());
            true
        }
    }
}

/// The text between two card lists: its headings read by line when it holds only
/// headings, plain paragraphs and empty lines, else parsed.
fn feed_gap(builder: &mut Builder, text: &str, gap: Range<usize>) {
    match headings_and_paragraphs(text, gap.clone()) {
        Some(headings) => feed_headings(builder, headings),
        None => feed(builder, text, gap),
    }
}

/// The events of headings read by line.
fn feed_headings(builder: &mut Builder, headings: Vec<(u8, Range<usize>)>) {
    for (level, range) in headings {
        let level = HeadingLevel::try_from(usize::from(level)).expect("levels 1 to 6");
        let start = Tag::Heading {
            level,
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        };
        builder.event(Event::Start(start), range.clone());
        builder.event(Event::End(TagEnd::Heading(level)), range);
    }
}

/// What pulldown-cmark's events for a scanned card list would do to the builder.
fn feed_list(builder: &mut Builder, list: &ScannedList) {
    builder.list_depth += 1;
    builder.card.reserve(list.items.len());
    for item in &list.items {
        builder.item(item.span.clone());
        if !item.children.is_empty() {
            builder.list_depth += 1;
            for child in &item.children {
                builder.item(child.clone());
            }
            builder.end_list();
        }
    }
    builder.end_list();
}

/// Feeds the text from `from` through the table (its head read by line when plain,
/// else parsed), its body rows split by line, then parses the rest. Returns `false`,
/// when the parser does not end the text before the body with exactly this table at
/// the top level.
fn feed_table(builder: &mut Builder, text: &str, from: usize, body: &TableBody) -> bool {
    let columns = match scan_table_head(text, from, body) {
        Some(head) => Some(feed_table_head(builder, text, head, body)),
        None => parse_table_head(builder, text, from, body),
    };
    let Some(columns) = columns else {
        return false;
    };
    builder.extend_open_table(body.end);
    let mut at = body.start;
    while at < body.end {
        let end = line_end(text, at).min(body.end);
        builder.start_row(at..end);
        feed_cells(builder, text, at..end, columns);
        builder.end_row();
        at = end;
    }
    builder.event(Event::End(TagEnd::Table), body.end..body.end);
    feed(builder, text, body.end..text.len());
    true
}

/// The parts of a table's head that can be read by line.
struct TableHead {
    headings: Vec<(u8, Range<usize>)>,
    header: Range<usize>,
    alignments: Vec<Alignment>,
}

/// The head read by line, when only headings and empty lines come before a plain
/// header row with as many cells as a valid delimiter row.
fn scan_table_head(text: &str, from: usize, body: &TableBody) -> Option<TableHead> {
    let headings = plain_headings(text, from..body.header)?;
    let header = body.header..line_end(text, body.header);
    let alignments = delimiter_alignments(&text[header.end..body.start])?;
    (header_cell_count(&text[header.clone()])? == alignments.len()).then_some(TableHead {
        headings,
        header,
        alignments,
    })
}

fn feed_table_head(builder: &mut Builder, text: &str, head: TableHead, body: &TableBody) -> usize {
    feed_headings(builder, head.headings);
    let columns = head.alignments.len();
    let table = body.header..body.end;
    builder.event(Event::Start(Tag::Table(head.alignments)), table);
    builder.event(Event::Start(Tag::TableHead), head.header.clone());
    feed_cells(builder, text, head.header.clone(), columns);
    builder.event(Event::End(TagEnd::TableHead), head.header);
    columns
}

/// Parses the text from `from` to the table's body with pulldown-cmark, holding back
/// the table's end; the table's column count, when the text ends with exactly this
/// table at the top level.
fn parse_table_head(
    builder: &mut Builder,
    text: &str,
    from: usize,
    body: &TableBody,
) -> Option<usize> {
    let head = Parser::new_ext(&text[from..body.start], Options::ENABLE_TABLES);
    let mut held = None;
    let mut columns = None;
    for (event, at) in head.into_offset_iter() {
        if let Some((event, range)) = held.take() {
            builder.event(event, range);
        }
        if let Event::Start(Tag::Table(alignments)) = &event {
            columns = (at.start + from == body.header).then_some(alignments.len());
        }
        held = Some((event, at.start + from..at.end + from));
    }
    match held {
        Some((Event::End(TagEnd::Table), _)) => columns,
        _ => None,
    }
}

fn feed_cells(builder: &mut Builder, text: &str, line: Range<usize>, columns: usize) {
    for cell in row_cells(text, line, columns) {
        builder.cell(cell);
    }
}

/// Where the walk is in the document's outline.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Preamble,
    Objective,
    KeyResult,
    Section(SectionKind),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SectionKind {
    Initiatives,
    Checkins,
    Scores,
    Other,
}

struct Builder<'t> {
    text: &'t str,
    place: Place,
    card_open: bool,
    list_depth: usize,
    in_heading: Option<(HeadingLevel, Range<usize>)>,
    title: Option<Located<CompactString>>,
    objectives: Vec<Objective>,
    initiatives: Vec<Initiative>,
    sections: Vec<Section>,
    suppressions: Vec<Suppression>,
    checkins: Option<CheckinTable>,
    scores: Option<ScoresTable>,
    table: Option<TableBuilder>,
    card: Vec<CardLine>,
    /// The sets found so far; the document's own is first.
    sets: Vec<OkrSet>,
    /// The set objectives go into now.
    set: usize,
    /// A heading since the last objective that may open a new set.
    container: Option<Located<CompactString>>,
}

/// A table being read: its header and rows of cells.
struct TableBuilder {
    kind: SectionKind,
    span: Span,
    header: Span,
    in_head: bool,
    columns: Vec<Located<CompactString>>,
    row: Option<(Span, Vec<Span>)>,
    /// Rows already read, each typed as soon as it ends so its cells are freed.
    checkin_rows: Vec<CheckinRow>,
    score_rows: Vec<ScoreRow>,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            place: Place::Preamble,
            card_open: false,
            list_depth: 0,
            in_heading: None,
            title: None,
            objectives: Vec::new(),
            initiatives: Vec::new(),
            sections: Vec::new(),
            suppressions: Vec::new(),
            checkins: None,
            scores: None,
            table: None,
            card: Vec::new(),
            sets: vec![OkrSet::default()],
            set: 0,
            container: None,
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => self.in_heading = Some((level, range)),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, range)) = self.in_heading.take() {
                    self.heading(level, range);
                }
            }
            Event::Start(Tag::List(_)) => self.list_depth += 1,
            Event::End(TagEnd::List(_)) => self.end_list(),
            Event::Start(Tag::Item) => self.item(range),
            Event::Html(html) | Event::InlineHtml(html) => self.html(&html, range),
            Event::Start(Tag::Table(_)) => self.start_table(range),
            _ => self.table_event(&event, range),
        }
    }

    fn end_list(&mut self) {
        self.list_depth -= 1;
        if self.list_depth == 0 && self.card_open && !self.card.is_empty() {
            self.close_card();
        }
    }

    fn table_event(&mut self, event: &Event<'_>, range: Range<usize>) {
        let Some(table) = self.table.as_mut() else {
            return;
        };
        let span = Span::new(range.start, range.end);
        match event {
            Event::Start(Tag::TableHead) => {
                table.in_head = true;
                table.header = span;
            }
            Event::End(TagEnd::TableHead) => table.in_head = false,
            Event::Start(Tag::TableRow) => self.start_row(range),
            Event::Start(Tag::TableCell) => self.cell(range),
            Event::End(TagEnd::TableRow) => self.end_row(),
            Event::End(TagEnd::Table) => {
                let table = self.table.take().expect("table is open");
                self.finish_table(table);
            }
            _ => {}
        }
    }

    fn start_row(&mut self, range: Range<usize>) {
        if let Some(table) = self.table.as_mut() {
            let cells = Vec::with_capacity(table.columns.len());
            table.row = Some((Span::new(range.start, range.end), cells));
        }
    }

    fn cell(&mut self, range: Range<usize>) {
        let Some(table) = self.table.as_mut() else {
            return;
        };
        let span = cell_span(self.text, Span::new(range.start, range.end));
        if table.in_head {
            let mut cell = cell_text(self.text, span);
            if cell.value.is_ascii() {
                cell.value.make_ascii_lowercase();
            } else {
                cell.value = cell.value.to_lowercase();
            }
            table.columns.push(cell);
        } else if let Some((_, cells)) = table.row.as_mut() {
            cells.push(span);
        }
    }

    fn end_row(&mut self) {
        let Some(table) = self.table.as_mut() else {
            return;
        };
        if let Some((span, cells)) = table.row.take() {
            match table.kind {
                SectionKind::Checkins => {
                    let row = checkin_row(&table.columns, span, cells);
                    table.checkin_rows.push(row);
                }
                _ => {
                    let cells = cells.into_iter().map(|c| cell_text(self.text, c)).collect();
                    table
                        .score_rows
                        .push(score_row(&table.columns, span, cells));
                }
            }
        }
    }

    /// Starts reading a table when it is the first one in a Check-ins or Scores section.
    fn start_table(&mut self, range: Range<usize>) {
        let kind = match self.place {
            Place::Section(SectionKind::Checkins) if self.checkins.is_none() => {
                SectionKind::Checkins
            }
            Place::Section(SectionKind::Scores) if self.scores.is_none() => SectionKind::Scores,
            _ => return,
        };
        self.table = Some(TableBuilder {
            kind,
            span: Span::new(range.start, range.end),
            header: Span::default(),
            in_head: false,
            columns: Vec::new(),
            row: None,
            checkin_rows: Vec::with_capacity(match kind {
                SectionKind::Checkins => table_lines(self.text, range.start),
                _ => 0,
            }),
            score_rows: Vec::new(),
        });
    }

    /// Makes the table being read end at `end` (its rows are fed after its head).
    fn extend_open_table(&mut self, end: usize) {
        if let Some(table) = self.table.as_mut() {
            table.span.end = end;
        }
    }

    fn finish_table(&mut self, t: TableBuilder) {
        match t.kind {
            SectionKind::Checkins => {
                self.checkins = Some(CheckinTable {
                    span: t.span,
                    header: t.header,
                    rows: t.checkin_rows,
                    columns: t.columns,
                });
            }
            _ => {
                self.scores = Some(ScoresTable {
                    span: t.span,
                    rows: t.score_rows,
                });
            }
        }
    }

    fn heading(&mut self, level: HeadingLevel, range: Range<usize>) {
        if self.card_open && !self.card.is_empty() {
            self.close_card();
        }
        let (content, content_start) = heading_content(self.text, &range);
        let line = Span::new(
            range.start,
            range.start + self.text[range.clone()].trim_end().len(),
        );
        if level <= HeadingLevel::H2 {
            self.close_section(range.start);
        }
        match level {
            HeadingLevel::H1 => {
                // The file's first level-1 heading is its title; a later one is a part
                // of the file, and one that labels an objective (`# Objective 1 - …`) is
                // an objective the outline reader finds.
                let objective = matches!(read_label(content), Label::Objective { rest, .. } if !rest.is_empty());
                if self.title.is_none() && !objective {
                    self.title = Some(Located {
                        value: CompactString::from(content),
                        span: Span::new(content_start, content_start + content.len()),
                    });
                }
                self.place = Place::Preamble;
            }
            HeadingLevel::H2 => self.level_two(content, content_start, line),
            HeadingLevel::H3 if self.under_objective() && starts_with_id(content) => {
                self.key_result(content, content_start, line)
            }
            _ if is_kr_section(content) || names_cycle(content) || is_other_section(content) => {
                self.sub_section(content)
            }
            HeadingLevel::H3 if self.under_objective() => {
                self.key_result(content, content_start, line)
            }
            _ => {}
        }
    }

    fn level_two(&mut self, content: &str, start: usize, line: Span) {
        let parsed = split_heading(content);
        let number = match parsed {
            _ if is_kr_section(content) && self.under_objective() => return,
            HeadingId::Objective(n, _) => Some(n),
            HeadingId::Malformed(id, statement) if !id.contains("KR") && !statement.is_empty() => {
                None
            }
            _ => return self.section(content, line),
        };
        let (id_text, statement) = id_and_statement(content, &parsed);
        let set = self.set_for_objective();
        self.objectives.push(Objective {
            number,
            heading: make_heading(content, start, line, id_text, statement),
            card: Vec::new(),
            fields: Default::default(),
            key_results: Vec::new(),
            written: canonical(line),
            set,
        });
        self.place = Place::Objective;
        self.card_open = true;
    }

    /// The set the next objective belongs to: the last heading between objectives that
    /// is not a known section, or the document's own set.
    fn set_for_objective(&mut self) -> usize {
        let Some(heading) = self.container.take() else {
            return self.set;
        };
        let cycle = super::cycle::find_cycle(&heading.value).map(|(period, range)| Located {
            value: period,
            span: heading.span.sub(range.start, range.end),
        });
        self.sets.push(OkrSet {
            heading: Some(heading),
            cycle,
        });
        self.set = self.sets.len() - 1;
        self.set
    }

    fn section(&mut self, content: &str, line: Span) {
        let name = content.trim().to_lowercase();
        self.container = (!is_other_section(&name)).then(|| {
            let at = offset_in(self.text, content);
            Located {
                value: CompactString::from(content),
                span: Span::new(at, at + content.len()),
            }
        });
        let kind = match name.as_str() {
            n if n.starts_with("initiatives") || n == "bets" => SectionKind::Initiatives,
            "check-ins" | "checkins" | "check ins" | "weekly check-ins" => SectionKind::Checkins,
            "scores" | "final scores" => SectionKind::Scores,
            _ => SectionKind::Other,
        };
        self.sections.push(Section {
            name,
            span: line,
            body: Span::new(line.start, self.text.len()),
        });
        self.place = Place::Section(kind);
        self.card_open = false;
    }

    fn under_objective(&self) -> bool {
        matches!(self.place, Place::Objective | Place::KeyResult)
    }

    /// A heading below level 2 that is not a key result: `### Key results`, `### Notes`,
    /// or `### Q2 2026`, which opens a set for the objectives after it.
    fn sub_section(&mut self, content: &str) {
        if names_cycle(content) {
            let at = offset_in(self.text, content);
            self.container = Some(Located {
                value: CompactString::from(content),
                span: Span::new(at, at + content.len()),
            });
        }
    }

    fn key_result(&mut self, content: &str, start: usize, line: Span) {
        let parsed = split_heading(content);
        let (id_text, statement) = id_and_statement(content, &parsed);
        let id = match parsed {
            HeadingId::KeyResult(id, _) => Some(id),
            _ => None,
        };
        let heading = make_heading(content, start, line, id_text, statement);
        if let Some(objective) = self.objectives.last_mut() {
            objective.key_results.push(KeyResult {
                id,
                shape: Default::default(),
                heading,
                card: Vec::new(),
                fields: Default::default(),
                written: canonical(line),
            });
        }
        self.place = Place::KeyResult;
        self.card_open = true;
    }

    fn close_section(&mut self, at: usize) {
        if let Some(section) = self.sections.last_mut() {
            if section.body.end == self.text.len() {
                section.body.end = at;
            }
        }
    }

    fn item(&mut self, range: Range<usize>) {
        let span = Span::new(range.start, range.end);
        match (self.place, self.list_depth) {
            (Place::Objective | Place::KeyResult, 1) if self.card_open => {
                self.card.push(card_line(self.text, span))
            }
            (Place::Objective | Place::KeyResult, 2) if self.card_open => {
                if let Some(parent) = self.card.last_mut() {
                    parent.children.push(item_first_line(self.text, span));
                }
            }
            (Place::Section(SectionKind::Initiatives), 1) => {
                self.initiatives.push(initiative(self.text, span))
            }
            _ => {}
        }
    }

    fn close_card(&mut self) {
        let card = std::mem::take(&mut self.card);
        self.card_open = false;
        let Some(objective) = self.objectives.last_mut() else {
            return;
        };
        match (self.place, objective.key_results.last_mut()) {
            (Place::KeyResult, Some(kr)) => kr.card = card,
            _ => objective.card = card,
        }
    }

    fn html(&mut self, html: &str, range: Range<usize>) {
        let Some(inner) = html.trim().strip_prefix("<!--") else {
            return;
        };
        let inner = inner.trim_end().trim_end_matches("-->").trim();
        let comment_end = range.start + html.trim_end().len();
        let (scope, rest) = if let Some(rest) = inner.strip_prefix("okr-disable-next-line") {
            (
                SuppressionScope::Line(next_content_line(self.text, comment_end)),
                rest,
            )
        } else if let Some(rest) = inner.strip_prefix("okr-disable") {
            (SuppressionScope::File, rest)
        } else {
            return;
        };
        let rules = rest
            .split([',', ' '])
            .filter(|r| !r.is_empty())
            .map(str::to_string)
            .collect();
        self.suppressions.push(Suppression {
            span: Span::new(range.start, comment_end),
            scope,
            rules,
        });
    }

    /// The finished model; the caller fills in `source` and `front`, then settles it.
    fn finish(mut self) -> Document {
        if self.card_open && !self.card.is_empty() {
            self.close_card();
        }
        for objective in &mut self.objectives {
            for kr in &mut objective.key_results {
                kr.written.block.end = card_end(&kr.card, kr.written.line.end);
            }
            let last = objective.key_results.last().map(|k| k.written.block.end);
            let own = card_end(&objective.card, objective.written.line.end);
            objective.written.block.end = last.unwrap_or(own).max(own);
        }
        Document {
            source: SourceFile::new("", String::new()),
            front: super::FrontMatter::default(),
            title: self.title,
            objectives: self.objectives,
            initiatives: self.initiatives,
            checkins: self.checkins,
            scores: self.scores,
            sections: self.sections,
            suppressions: self.suppressions,
            conflicts: Vec::new(),
            sets: self.sets,
        }
    }
}

/// Where a card ends: its last line's end, or `from` when it is empty.
fn card_end(card: &[CardLine], from: usize) -> usize {
    card.iter().map(|l| l.span.end).fold(from, usize::max)
}

/// How a canonical heading is written.
fn canonical(line: Span) -> Written {
    Written {
        form: Form::Canonical,
        line,
        block: line,
        ..Written::default()
    }
}

/// Whether heading text starts with an ID such as `O1-KR2`: `O` and a digit.
fn starts_with_id(content: &str) -> bool {
    let bytes = content.as_bytes();
    bytes.first() == Some(&b'O') && bytes.get(1).is_some_and(u8::is_ascii_digit)
}

/// The text of a heading without `#` marks, and its byte offset.
pub(crate) fn heading_content<'a>(text: &'a str, range: &Range<usize>) -> (&'a str, usize) {
    let line = first_line(&text[range.clone()]);
    let content = trim_start(line.trim_start_matches('#'));
    let start = range.start + (line.len() - content.len());
    let content = trim_end(trim_end(content).trim_end_matches('#'));
    (content, start)
}

/// The ID as written (if any) and the statement, for any kind of heading.
fn id_and_statement<'a>(content: &'a str, parsed: &HeadingId<'a>) -> (Option<&'a str>, &'a str) {
    match *parsed {
        HeadingId::Objective(_, s) | HeadingId::KeyResult(_, s) => (Some(id_part(content, s)), s),
        HeadingId::Malformed(id, s) => (Some(id), s),
        HeadingId::None => (None, content),
    }
}

/// The ID text before the statement: everything before the colon, trimmed.
fn id_part<'a>(content: &'a str, statement: &str) -> &'a str {
    let statement_at = offset_in(content, statement);
    content[..statement_at]
        .trim_end()
        .trim_end_matches(':')
        .trim()
}

fn offset_in(outer: &str, inner: &str) -> usize {
    (inner.as_ptr() as usize)
        .saturating_sub(outer.as_ptr() as usize)
        .min(outer.len())
}

fn make_heading(
    content: &str,
    start: usize,
    line: Span,
    id: Option<&str>,
    statement: &str,
) -> Heading {
    let locate = |part: &str| {
        let at = start + offset_in(content, part);
        Located {
            value: CompactString::from(part),
            span: Span::new(at, at + part.len()),
        }
    };
    Heading {
        span: line,
        id_text: id.filter(|i| !i.is_empty()).map(locate),
        statement: locate(statement),
    }
}

/// The first line of a list item, without its marker or task box.
fn item_first_line(text: &str, span: Span) -> Located<CompactString> {
    let (value, start) = first_line_of_item(text, span);
    Located {
        value: CompactString::from(value),
        span: Span::new(start, start + value.len()),
    }
}

/// [`item_first_line`] borrowed from `text`, with its byte offset.
pub(crate) fn first_line_of_item(text: &str, span: Span) -> (&str, usize) {
    let line = first_line(&text[span.start..span.end]);
    let after_marker = strip_marker(line);
    let start = span.start + (line.len() - after_marker.len());
    (trim_end(after_marker), start)
}

/// The first line of `text` as [`str::lines`] gives it: up to `\n`, less a `\r` before it.
fn first_line(text: &str) -> &str {
    match memchr::memchr(b'\n', text.as_bytes()) {
        Some(end) => {
            let line = &text[..end];
            line.strip_suffix('\r').unwrap_or(line)
        }
        None => text,
    }
}

fn strip_marker(line: &str) -> &str {
    let trimmed = trim_start(line);
    let rest = match trimmed.as_bytes().first() {
        Some(b'-' | b'*' | b'+') => &trimmed[1..],
        _ => {
            let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
            trimmed[digits..]
                .strip_prefix(['.', ')'])
                .unwrap_or(trimmed)
        }
    };
    let rest = trim_start(rest);
    let boxed = rest.len() >= 4 && matches!(&rest.as_bytes()[..4], b"[ ] " | b"[x] " | b"[X] ");
    trim_start(if boxed { &rest[4..] } else { rest })
}

fn card_line(text: &str, span: Span) -> CardLine {
    let (first, first_start) = first_line_of_item(text, span);
    card_line_at(
        text,
        Span::new(first_start, first_start + first.len()),
        span,
    )
}

/// The card line of the item at `span` whose first line (without its marker) is `first`.
/// A bold label (`**Owner:** x`, `**Owner**: x`) reads as the plain one.
pub(crate) fn card_line_at(text: &str, first: Span, span: Span) -> CardLine {
    let first_start = first.start;
    let first = &text[first.start..first.end];
    let Some(colon) = first.bytes().position(|b| b == b':') else {
        return CardLine {
            span,
            name: None,
            field: None,
            value: Located {
                value: CompactString::from(first),
                span: Span::new(first_start, first_start + first.len()),
            },
            children: Vec::new(),
            origin: Origin::Card,
        };
    };
    let label = &first[..colon];
    let mut after = &first[colon + 1..];
    let mut name = trim(label);
    if let Some(bare) = name.strip_prefix("**").or_else(|| name.strip_prefix("__")) {
        name = trim(bare.trim_end_matches(['*', '_']));
        after = after
            .strip_prefix("**")
            .or_else(|| after.strip_prefix("__"))
            .unwrap_or(after);
    }
    let value = trim_start(after);
    let value_start = first_start + (first.len() - after.len()) + (after.len() - value.len());
    let name_start = first_start + offset_in(first, name);
    CardLine {
        span,
        name: Some(Located {
            value: CompactString::from(name),
            span: Span::new(name_start, name_start + name.len()),
        }),
        field: canonical_field(name),
        value: Located {
            value: CompactString::from(value),
            span: Span::new(value_start, value_start + value.len()),
        },
        children: Vec::new(),
        origin: Origin::Card,
    }
}

fn initiative(text: &str, span: Span) -> Initiative {
    let first = item_first_line(text, span);
    let name = first
        .value
        .split(':')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    let body = &text[first.span.start..span.end];
    let krs = find_kr_ids(body)
        .into_iter()
        .map(|(at, id)| Located {
            value: CompactString::from(id),
            span: Span::new(first.span.start + at, first.span.start + at + id.len()),
        })
        .collect();
    Initiative { span, name, krs }
}

/// The span of a table cell's content: trimmed, without its `|` delimiters.
fn cell_span(text: &str, span: Span) -> Span {
    let raw = &text[span.start..span.end];
    let mut inner = trim_blanks(raw);
    inner = inner.strip_prefix('|').unwrap_or(inner);
    if inner.ends_with('|') && !inner.ends_with("\\|") {
        inner = &inner[..inner.len() - 1];
    }
    let inner = trim_blanks(inner);
    let start = span.start + offset_in(raw, inner);
    Span::new(start, start + inner.len())
}

/// A cell's text (at its content span) with `\|` and `<br>` unescaped.
fn cell_text(text: &str, span: Span) -> Located<CompactString> {
    Located {
        value: CompactString::from(unescape_cell(&text[span.start..span.end])),
        span,
    }
}

/// `text` without spaces and tabs at either end.
fn trim_blanks(text: &str) -> &str {
    let blank = |b| matches!(b, b' ' | b'\t');
    strip_end_bytes(strip_start_bytes(text, blank), blank)
}

/// Pairs each cell with its lower-case column name.
fn by_column(
    columns: &[Located<CompactString>],
    cells: Vec<Located<CompactString>>,
) -> impl Iterator<Item = (&str, Located<CompactString>)> {
    columns.iter().map(|c| c.value.as_str()).zip(cells)
}

fn score_row(
    columns: &[Located<CompactString>],
    span: Span,
    cells: Vec<Located<CompactString>>,
) -> ScoreRow {
    let mut row = ScoreRow {
        span,
        item: None,
        method: None,
        baseline: None,
        target: None,
        actual: None,
        score: None,
        learning: None,
    };
    for (column, cell) in by_column(columns, cells) {
        let slot = match column {
            "kr" | "key result" | "item" => &mut row.item,
            "method" | "scoring" => &mut row.method,
            "baseline" => &mut row.baseline,
            "target" => &mut row.target,
            "actual" | "final actual" => &mut row.actual,
            "score" | "final score" => &mut row.score,
            "learning" => &mut row.learning,
            _ => continue,
        };
        *slot = Some(cell);
    }
    row
}

/// How many lines the table at `start` spans (up to the first blank line), so a long
/// check-ins log is collected without growing, and copying, its row vector again and again.
fn table_lines(text: &str, start: usize) -> usize {
    let rest = &text.as_bytes()[start..];
    memchr::memchr_iter(b'\n', rest)
        .take_while(|&i| !matches!(rest.get(i + 1), Some(b'\n' | b'\r') | None))
        .count()
        + 1
}

/// A check-ins row from its cells' spans, each under its lower-case column name.
pub(crate) fn checkin_row(
    columns: &[Located<CompactString>],
    span: Span,
    cells: Vec<Span>,
) -> CheckinRow {
    let mut row = CheckinRow::new(span);
    for (column, cell) in columns.iter().zip(cells) {
        if let Some(column) = Column::named(&column.value) {
            row.set(column, cell);
        }
    }
    row
}

/// The 1-based number of the first non-blank line after byte `offset`.
fn next_content_line(text: &str, offset: usize) -> usize {
    let line_of = |at: usize| text[..at].matches('\n').count() + 1;
    let mut at = offset;
    // Move to the start of the next line, then skip blank lines.
    match text[at..].find('\n') {
        Some(i) => at += i + 1,
        None => return line_of(text.len()) + 1,
    }
    while let Some(i) = text[at..].find('\n') {
        if !text[at..at + i].trim().is_empty() {
            break;
        }
        at += i + 1;
    }
    line_of(at)
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_file_without_a_cycle_takes_its_name_or_folder() {
        let text = "# Team\n\n## O1: Customers finish setup alone\n\n### O1-KR1: Raise setup completion from 10% to 20%\n".to_string();
        let period = |path: &str| {
            let doc = parse_document(path, text.clone());
            doc.front
                .period()
                .map(|p| (p.start.to_string(), p.end.to_string()))
        };
        let q2 = Some(("2020-04-01".to_string(), "2020-06-30".to_string()));
        assert_eq!(period("okrs/2020-q2.md"), q2);
        assert_eq!(period("okrs/2020-Q2/growth.md"), q2);
        assert_eq!(period("okrs/growth.md"), None);
        // The text wins over the name.
        let named = parse_document(
            "okrs/2020-q2.md",
            format!("---\ncycle: 2026-Q1\n---\n{text}"),
        );
        assert_eq!(
            named.front.period().map(|p| p.start.to_string()).as_deref(),
            Some("2026-01-01")
        );
    }
    use super::*;
    use proptest::prelude::*;

    fn row() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::collection::vec("[a-z0-9 %.<>é-]{0,6}", 0..9)
                .prop_map(|cells| format!("|{}|", cells.join("|"))),
            Just("||".to_string()),
            Just("| |".to_string()),
            Just("|a||b|  ".to_string()),
            Just("| x \\| y |".to_string()),
            Just("| `a|b` |".to_string()),
            Just("| a | b".to_string()),
            Just("| <!-- okr-disable OKR101 --> |".to_string()),
            Just("not a row".to_string()),
        ]
    }

    fn document() -> impl Strategy<Value = String> {
        (
            prop_oneof![
                Just("## Check-ins"),
                Just("## Weekly check-ins ##"),
                Just("- ## Check-ins"),
                Just("```\n## Check-ins"),
                Just("> ## Check-ins"),
            ],
            prop_oneof![
                Just("| Date | KR | Actual |\n|---|---|---|"),
                Just("| Date | KR | Actual | Confidence | Insight |\n| :-- | --- | --: | - | - |"),
                Just("|Date|KR|\n|-|-|"),
                Just("| Date | KR |\n| nope |"),
                Just("| Date | KR | Actual |\n|---| |---|"),
                Just("| Date | KR |\n|:|---|"),
                Just("| Date | KR |\n| :-: | -: |"),
                Just("| Date | KR |\n|--|--|--|"),
                Just("| Date | KR | Actual |\n|---|---|"),
                Just("| Date | `KR` |\n|---|---|"),
            ],
            proptest::collection::vec(row(), 0..6),
            prop_oneof![
                Just(""),
                Just("\n"),
                Just("\n\nAfter the table.\n"),
                Just("\n## Notes\n"),
                Just("\n\n- [ ] a list\n"),
                Just("\n\n<!-- okr-disable-next-line OKR101 -->\ntext\n"),
            ],
            any::<bool>(),
        )
            .prop_map(|(heading, table, rows, after, crlf)| {
                let mut text = format!(
                    "---\ncycle: 2026-Q1\n---\n# T\n\n## O1: Grow\n\n### O1-KR1: Increase x from 1 to 2 by Mar 31\n\n- Baseline: 1\n\n{heading}\n\n{table}\n"
                );
                for row in rows {
                    text.push_str(&row);
                    text.push('\n');
                }
                text.truncate(text.len() - 1);
                text.push_str(after);
                if crlf {
                    text = text.replace('\n', "\r\n");
                }
                text
            })
    }

    /// Lines that make up cards, and lines that break the card scanner's assumptions.
    fn card_text_line() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => Just("- Owner: Ana Ruiz".to_string()),
            4 => Just("- Baseline: 12%".to_string()),
            2 => Just("- Scoring: ladder".to_string()),
            3 => Just("  - ≤ 5 issues: 1.0".to_string()),
            2 => Just("  - 6 to 9: 0.5".to_string()),
            3 => Just(String::new()),
            2 => Just("### O1-KR2: Increase y from 1 to 2 by Mar 31".to_string()),
            1 => Just("## O2: Keep it fast".to_string()),
            1 => Just("## Notes".to_string()),
            1 => "#{1,7}[ ]{0,2}[a-z0-9 #`<\\\\]{0,8}",
            1 => Just("### O1-KR3: Cut x from 5 to 2 ###".to_string()),
            1 => Just("## O3: Trailing spaces  ".to_string()),
            1 => "- [a-zA-Z0-9 :%<>*`_\\\\\\[\\]()!-]{0,12}",
            1 => "  {0,5}[-*+] [a-z0-9 .>:)-]{0,6}",
            1 => Just("    - deep".to_string()),
            1 => Just("lazy text".to_string()),
            1 => "[A-Za-z][a-z0-9 |.,:#*_\\[\\]()<`\\\\-]{0,14}",
            1 => Just("Para\n| a | b |\n|---|---|".to_string()),
            1 => Just("a | b\n--- | ---".to_string()),
            1 => Just("Text <!-- okr-disable OKR101 --> here".to_string()),
            1 => Just("  indented".to_string()),
            1 => Just("   ".to_string()),
            1 => Just("- 1. ordered".to_string()),
            1 => Just("1. first".to_string()),
            1 => Just("- > quoted".to_string()),
            1 => Just("> quote".to_string()),
            1 => Just("---".to_string()),
            1 => Just("```".to_string()),
            1 => Just("<div>".to_string()),
            1 => Just("<!-- okr-disable-next-line OKR101 -->".to_string()),
            1 => Just("- Owner: <!-- okr-disable OKR101 -->".to_string()),
            1 => Just("| a | b |\n|---|---|".to_string()),
            1 => Just("Setext\n===".to_string()),
            1 => Just("- Owner:\tAna".to_string()),
        ]
    }

    fn card_document() -> impl Strategy<Value = String> {
        (
            proptest::collection::vec(card_text_line(), 0..30),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(lines, final_newline, checkins)| {
                let mut text = "---\ncycle: 2026-Q1\n---\n# T\n\n## O1: Grow\n\n- Owner: Ana\n\n### O1-KR1: Increase x from 1 to 2 by Mar 31\n\n".to_string();
                text.push_str(&lines.join("\n"));
                if checkins {
                    text.push_str("\n\n## Check-ins\n\n| Date | KR | Actual |\n|---|---|---|\n| 2026-01-05 | O1-KR1 | 3 |");
                }
                if final_newline {
                    text.push('\n');
                }
                text
            })
    }

    /// Text written between two scanned card lists: paragraphs, and lines that would
    /// turn a paragraph into something else.
    fn gap_text() -> impl Strategy<Value = String> {
        let line = prop_oneof![
            3 => "[A-Za-z][a-z0-9 |.,:#*_\\[\\]()<>`\\\\-]{0,14}",
            1 => Just("Text <!-- okr-disable OKR101 --> here".to_string()),
            1 => Just("See <!-- okr-disable-next-line OKR101 -->".to_string()),
            1 => Just("---".to_string()),
            1 => Just("===".to_string()),
            1 => Just("|---|---|".to_string()),
            1 => Just("- item".to_string()),
            1 => Just("## Notes".to_string()),
            1 => Just(String::new()),
        ];
        proptest::collection::vec(line, 0..5).prop_map(|lines| lines.join("\n"))
    }

    /// Key results with plain card lists and text between them.
    fn gap_document() -> impl Strategy<Value = String> {
        proptest::collection::vec(gap_text(), 1..4).prop_map(|gaps| {
            let mut text = "---\ncycle: 2026-Q1\n---\n# T\n\n## O1: Grow\n\n".to_string();
            for (n, gap) in gaps.iter().enumerate() {
                let kr = n + 1;
                text.push_str(&format!(
                    "### O1-KR{kr}: Increase x from 1 to 2 by Mar 31\n\n- Owner: Ana\n\n{gap}\n\n"
                ));
            }
            text
        })
    }

    /// The document read with the line scanners and without them, for comparison.
    fn scanned_and_full(text: &str) -> (String, String) {
        let read = |scan| format!("{:?}", parse_with("t.md", text.to_string(), scan));
        (read(true), read(false))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Reading the text between card lists by line gives exactly the full parser's
        /// document.
        #[test]
        fn scanned_gaps_match_the_full_parse(text in gap_document()) {
            let (scanned, full) = scanned_and_full(&text);
            prop_assert_eq!(scanned, full, "{:?}", text);
        }

        /// Scanning the table's rows by line gives exactly the full parser's document.
        #[test]
        fn scanned_table_rows_match_the_full_parse(text in document()) {
            let (scanned, full) = scanned_and_full(&text);
            prop_assert_eq!(scanned, full, "{:?}", text);
        }

        /// Reading card lists by line gives exactly the full parser's document.
        #[test]
        fn scanned_card_lists_match_the_full_parse(text in card_document()) {
            let (scanned, full) = scanned_and_full(&text);
            prop_assert_eq!(scanned, full, "{:?}", text);
        }
    }

    #[test]
    fn the_scanner_takes_an_ordinary_table() {
        let text = "## Check-ins\n\n| Date | KR | Actual |\n|---|---|---|\n| 2026-01-05 | O1-KR1 | 3 |\n|x|\n";
        let body = checkins_table_body(text, 0).expect("a plain table is scanned");
        assert_eq!(
            &text[body.start..body.end],
            "| 2026-01-05 | O1-KR1 | 3 |\n|x|\n"
        );
        assert!(checkins_table_body("## Check-ins\n\n| a |\n|---|\n| \\| |\n", 0).is_none());
        let mut builder = Builder::new(text);
        assert!(feed_table(&mut builder, text, 0, &body));
        assert_eq!(builder.checkins.expect("the table is read").rows.len(), 2);
    }
}
