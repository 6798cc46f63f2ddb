//! The reader for OKRs as people write them without okr's card format: objectives as
//! headings, labelled lines, bold lines or `O1.` lines; key results as list items,
//! labelled headings or table rows; several sets per file. It builds the same
//! [`Objective`]s and [`KeyResult`]s as the canonical reader.

use super::card::{canonical_field, CardLine, Origin};
use super::cycle::find_cycle;
use super::labels::{
    bold_line, is_group_label, is_kr_section, is_other_section, names_cycle, read_label,
    split_label, strip_decoration, Label,
};
use super::{Form, Heading, KeyResult, Located, Objective, OkrSet, Written};
use crate::source::Span;
use crate::text::{trim, trim_end};
use compact_str::CompactString;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// A table's rows of cell ranges, header first.
type Rows = Vec<Vec<Range<usize>>>;

/// One top-level thing in the file, in order.
#[derive(Debug)]
enum Block {
    Heading {
        level: u8,
        line: Range<usize>,
    },
    Paragraph {
        line: Range<usize>,
        single: bool,
    },
    Item {
        depth: usize,
        item: Range<usize>,
    },
    Table {
        rows: Vec<Vec<Range<usize>>>,
        span: Range<usize>,
    },
}

/// Objectives and sets read from `text[body..]`.
pub struct Outline {
    /// Objectives in document order.
    pub objectives: Vec<Objective>,
    /// Sets after the document's own (index 0 is filled in by the caller).
    pub sets: Vec<OkrSet>,
    /// A cycle named in a heading or sentence before the first objective.
    pub cycle: Option<Located<super::cycle::Period>>,
}

/// Reads the objectives of `text` from `body` on.
///
/// `cycle_known` says whether the front-matter or title names a cycle. A file that
/// labels no objective (`Objective: …`) and names no cycle anywhere is prose, such as a
/// how-to page about OKRs, and yields no objectives.
pub fn read_outline(text: &str, body: usize, cycle_known: bool) -> Outline {
    let blocks = blocks(text, body);
    let mut reader = Reader {
        text,
        objectives: Vec::new(),
        sets: vec![OkrSet::default()],
        containers: Vec::new(),
        skip_below: None,
        open: false,
        kr_open: false,
        heading_objective: None,
        list_objective: false,
        card_depth: 0,
        cycle: None,
        labelled: blocks.iter().any(|b| labels_objective(text, b)),
        inferred: Vec::new(),
        statement_pending: false,
        group: None,
        kr_section: false,
        kr_sections: 0,
        notes_list: false,
    };
    for (i, block) in blocks.iter().enumerate() {
        reader.block(block, &blocks[i + 1..]);
    }
    for objective in &mut reader.objectives {
        let written = &mut objective.written;
        let ends = objective.key_results.iter().map(|k| k.written.block.end);
        written.block.end = ends.fold(written.block.end, usize::max);
    }
    reader.sets.remove(0);
    let named =
        cycle_known || reader.cycle.is_some() || reader.sets.iter().any(|s| s.cycle.is_some());
    if !(reader.labelled
        || named
        || reader.kr_sections > 0
        || measurable_goals(text, &blocks, &reader))
    {
        let mut inferred = reader.inferred.iter();
        reader
            .objectives
            .retain(|_| !inferred.next().copied().unwrap_or(false));
    }
    Outline {
        objectives: reader.objectives,
        sets: reader.sets,
        cycle: reader.cycle,
    }
}

/// Whether objectives okr inferred from the file's shape alone (headings with lists,
/// no label, no cycle) are meant as goals: a heading of the file names goals, OKRs or
/// objectives, and at least two inferred objectives hold key results of which most
/// carry a number, as measurable results do and notes or tasks mostly do not.
fn measurable_goals(text: &str, blocks: &[Block], reader: &Reader<'_>) -> bool {
    let titled = blocks.iter().any(|b| match b {
        Block::Heading { line, .. } => {
            let line = first_line(text, line.clone());
            heading_content(text, line).is_some_and(|c| names_goals(&text[c]))
        }
        _ => false,
    });
    let inferred: Vec<&Objective> = reader
        .objectives
        .iter()
        .zip(&reader.inferred)
        .filter(|(_, inferred)| **inferred)
        .map(|(o, _)| o)
        .collect();
    let krs: Vec<&KeyResult> = inferred.iter().flat_map(|o| &o.key_results).collect();
    let numbered = krs
        .iter()
        .filter(|k| {
            k.heading
                .statement
                .value
                .bytes()
                .any(|b| b.is_ascii_digit())
        })
        .count();
    titled && inferred.len() >= 2 && numbered * 2 > krs.len()
}

/// Whether a heading is about goals: it names OKRs, objectives or goals.
fn names_goals(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["okr", "objective", "goal", "key result"]
        .iter()
        .any(|w| lower.contains(w))
}

/// The blocks of the file, from pulldown-cmark's events: code, HTML and quotes are never blocks.
fn blocks(text: &str, body: usize) -> Vec<Block> {
    let options = Options::ENABLE_TABLES;
    let mut out = Vec::new();
    let mut lists = 0usize;
    let mut quotes = 0usize;
    let mut table: Option<(Rows, Range<usize>)> = None;
    for (event, at) in Parser::new_ext(&text[body..], options).into_offset_iter() {
        let at = at.start + body..at.end + body;
        match event {
            Event::Start(Tag::BlockQuote(_)) => quotes += 1,
            Event::End(TagEnd::BlockQuote(_)) => quotes -= 1,
            Event::Start(Tag::List(_)) => lists += 1,
            Event::End(TagEnd::List(_)) => lists -= 1,
            _ if quotes > 0 => {}
            Event::Start(Tag::Heading { level, .. }) if lists == 0 => out.push(Block::Heading {
                level: level as u8,
                line: at,
            }),
            Event::Start(Tag::Paragraph) if lists == 0 => {
                let line = first_line(text, at.clone());
                let single = text[line.end..at.end].trim().is_empty();
                out.push(Block::Paragraph { line, single })
            }
            Event::Start(Tag::Item) => out.push(Block::Item {
                depth: lists,
                item: at,
            }),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) if lists == 0 => {
                out.extend(indented_list(text, at))
            }
            Event::Start(Tag::Table(_)) if lists == 0 => table = Some((Vec::new(), at)),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                if let Some((rows, _)) = table.as_mut() {
                    rows.push(Vec::new());
                }
            }
            Event::Start(Tag::TableCell) => {
                if let Some(row) = table.as_mut().and_then(|(rows, _)| rows.last_mut()) {
                    row.push(at);
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some((rows, span)) = table.take() {
                    out.push(Block::Table { rows, span });
                }
            }
            _ => {}
        }
    }
    out
}

/// The items of a list indented by mistake into a code block (every line a `-` or `*`
/// bullet, or a note under one): what the author wrote, as items. Other code gives none.
fn indented_list(text: &str, at: Range<usize>) -> Vec<Block> {
    let at = text[..at.start].rfind('\n').map_or(0, |i| i + 1)..at.end;
    let mut bullets = Vec::new();
    let mut start = at.start;
    for line in text[at.clone()].split_inclusive('\n') {
        let content = line.trim();
        let indent = line.len() - line.trim_start().len();
        if content.starts_with(['-', '*']) && !content.starts_with("**") {
            bullets.push((indent, start..start + line.trim_end().len()));
        } else if !content.is_empty() && !content.starts_with(['>', '(', '=']) {
            return Vec::new();
        }
        start += line.len();
    }
    let outer = bullets.iter().map(|(indent, _)| *indent).min().unwrap_or(0);
    bullets
        .into_iter()
        .map(|(indent, item)| Block::Item {
            depth: if indent > outer { 2 } else { 1 },
            item,
        })
        .collect()
}

fn first_line(text: &str, at: Range<usize>) -> Range<usize> {
    let end = memchr::memchr(b'\n', &text.as_bytes()[at.clone()]).map_or(at.end, |i| at.start + i);
    at.start..at.start + trim_end(&text[at.start..end]).len()
}

struct Reader<'t> {
    text: &'t str,
    objectives: Vec<Objective>,
    sets: Vec<OkrSet>,
    /// Headings that are not objectives, outermost first: level, content, and the set
    /// they opened once an objective sits under them.
    containers: Vec<(u8, Range<usize>, Option<usize>)>,
    /// Whether an objective is open to take key results.
    open: bool,
    /// Whether the last key result is open to take card lines.
    kr_open: bool,
    /// A cycle named before the first objective.
    cycle: Option<Located<super::cycle::Period>>,
    /// Whether the file labels its objectives (`Objective: …`, `O1: …`): then a plain
    /// heading or bold line is never taken for one.
    labelled: bool,
    /// Whether the list being read follows a label such as `**Constraints:**`, so its
    /// items are notes, not key results.
    notes_list: bool,
    /// Whether a `Key results` heading opened the current objective's key results, so
    /// bold lines below it group key results instead of starting objectives.
    kr_section: bool,
    /// How many `Key results` headings the file has.
    kr_sections: usize,
    /// The depth of a grouping item (`- Robustness` with KRs nested under it), while
    /// its nested items are read as key results.
    group: Option<usize>,
    /// Whether the last objective's heading was only a label, so the next paragraph is
    /// its statement.
    statement_pending: bool,
    /// For each objective, whether only its shape made it one (a plain heading with a
    /// list, a bold line) rather than a label, an ID or a table column.
    inferred: Vec<bool>,
    /// Inside a section that holds no OKRs (`## Notes`) until a heading at this level or above.
    skip_below: Option<u8>,
    /// The level of the heading that opened the current objective.
    heading_objective: Option<u8>,
    /// Whether the current objective is itself a list item, so its KRs are nested items.
    list_objective: bool,
    /// The list depth whose items are the current KR's card.
    card_depth: usize,
}

impl<'t> Reader<'t> {
    fn block(&mut self, block: &Block, ahead: &[Block]) {
        if !matches!(block, Block::Paragraph { .. }) {
            self.statement_pending = false;
        }
        if !matches!(block, Block::Item { .. }) {
            self.notes_list = false;
        }
        match block {
            Block::Heading { level, line } => self.heading(*level, line.clone(), ahead),
            _ if self.skip_below.is_some() => {}
            Block::Paragraph { line, single } => {
                let heads_list =
                    *single && matches!(ahead.first(), Some(Block::Item { depth: 1, .. }));
                self.paragraph(line.clone(), heads_list)
            }
            Block::Item { depth, item } => {
                let has_children =
                    matches!(ahead.first(), Some(Block::Item { depth: d, .. }) if d > depth);
                self.item(*depth, item.clone(), has_children)
            }
            Block::Table { rows, span } => self.table(rows, span.clone()),
        }
    }

    fn heading(&mut self, level: u8, range: Range<usize>, ahead: &[Block]) {
        let line = first_line(self.text, range);
        let content = heading_content(self.text, line.clone());
        if self.skip_below.is_some_and(|l| level > l) {
            return;
        }
        self.skip_below = None;
        let Some(content) = content else { return };
        let text = &self.text[content.clone()];
        // A level-1 heading is the file's title or a part of it, unless it labels an
        // objective (`# Objective 2: …`), as files that give each objective a chapter do.
        let labels_objective =
            matches!(read_label(text), Label::Objective { rest, .. } if !rest.is_empty());
        if level == 1 && !labels_objective {
            self.close(0);
            self.containers.clear();
            return;
        }
        if is_kr_section(text) {
            self.kr_sections += 1;
            self.card_depth = 0;
            self.kr_open = false;
            self.kr_section = self.open;
            return;
        }
        let statement_below = matches!(ahead.first(), Some(Block::Paragraph { .. }));
        let label = read_label(text);
        let bare = match &label {
            Label::Objective { rest, .. } => rest.is_empty(),
            _ => is_bare_objective_label(text),
        };
        match label {
            _ if bare && statement_below => {
                let alias = text.trim_end_matches(':');
                self.open_objective(level, line, alias, None, Some(alias), Form::Heading);
                self.statement_pending = true;
            }
            _ if bare => {
                self.close(level);
                self.container(level, content);
            }
            Label::Objective {
                number,
                alias,
                rest,
            } => self.open_objective(level, line, rest, number, alias, Form::Heading),
            Label::KeyResult {
                id,
                alias,
                owner,
                rest,
            } if self.in_objective() => {
                self.open_line_kr(line, rest, id, alias, owner, Form::Heading)
            }
            _ if is_other_section(text) => {
                self.close(level);
                self.skip_below = Some(level);
            }
            _ if self.heading_objective.is_some_and(|l| level > l) => {
                self.open_line_kr(line, text, None, None, None, Form::Heading)
            }
            _ if (2..=4).contains(&level)
                && !names_cycle(text)
                && !self.labelled
                && has_own_list(self.text, ahead) =>
            {
                let rest = owner_tag(text);
                self.open_objective(level, line, rest.1, None, None, Form::Heading);
                self.mark_inferred();
                if let Some(owner) = rest.0 {
                    self.inline_owner(owner);
                }
            }
            _ => {
                self.close(level);
                self.note_cycle(content.clone());
                self.container(level, content);
            }
        }
    }

    /// Keeps a cycle named before the first objective as the document's.
    fn note_cycle(&mut self, range: Range<usize>) {
        if !self.objectives.is_empty() || self.cycle.is_some() {
            return;
        }
        if let Some((period, found)) = find_cycle(&self.text[range.clone()]) {
            self.cycle = Some(Located {
                value: period,
                span: Span::new(range.start + found.start, range.start + found.end),
            });
        }
    }

    /// A paragraph line; `heads_list` when it is a one-line paragraph right before a list.
    fn paragraph(&mut self, line: Range<usize>, heads_list: bool) {
        let text = &self.text[line.clone()];
        if std::mem::take(&mut self.statement_pending) {
            return self.take_statement(line);
        }
        if heads_list && self.open && introduces_notes(text) {
            if is_kr_section(bold_line(text).unwrap_or(text)) {
                self.kr_section = true;
                self.kr_sections += 1;
            } else {
                self.notes_list = true;
            }
            return;
        }
        match read_label(text) {
            Label::Objective {
                number,
                alias,
                rest,
            } => {
                let level = self.inner_level();
                self.open_objective(level, line, rest, number, alias, Form::Paragraph);
            }
            Label::KeyResult {
                id,
                alias,
                owner,
                rest,
            } if self.in_objective() => {
                self.open_line_kr(line, rest, id, alias, owner, Form::Paragraph)
            }
            _ => {
                if self.kr_section && bold_line(text).is_some() && !self.heading_kr_open() {
                    self.kr_open = false;
                    self.card_depth = 0;
                    return;
                }
                let plain = (heads_list && reads_like_objective(text)).then_some(text);
                let bold = bold_line(text).or(plain);
                let bold = bold.filter(|b| !self.labelled && !is_other_section(b));
                if let Some(bold) = bold {
                    let level = self.inner_level();
                    self.open_objective(level, line, bold, None, None, Form::Paragraph);
                    self.mark_inferred();
                } else if !self.open {
                    self.note_cycle(line);
                }
            }
        }
    }

    /// A list item; `has_children` when items are nested under it.
    fn item(&mut self, depth: usize, item: Range<usize>, has_children: bool) {
        if self.notes_list {
            return;
        }
        let line = item_line(self.text, item.clone());
        let text = &self.text[line.clone()];
        let base = if self.list_objective { 2 } else { 1 };
        if self.group.is_some_and(|g| depth <= g) {
            self.group = None;
        }
        let kr_heading = matches!(read_label(text), Label::KeyResult { rest: "", .. });
        if depth == base
            && has_children
            && self.in_objective()
            && (kr_heading || is_group_label(text))
        {
            self.group = Some(depth);
            self.card_depth = 0;
            self.kr_open = false;
            return;
        }
        let kr_depth = self.group.map_or(base, |g| g + 1);
        match read_label(text) {
            Label::Objective { .. } if self.describes_heading_objective(depth) => {}
            _ if depth == kr_depth && is_note_line(text) => {}
            Label::Objective {
                number,
                alias,
                rest,
            } if depth == 1 => {
                let level = self.inner_level();
                self.open_objective(level, line.clone(), rest, number, alias, Form::Item);
                self.list_objective = true;
                self.start_block_at(item.start);
            }
            _ if !self.in_objective() => {}
            _ if self.card_depth > 0 && depth == self.card_depth => self.card_line(line, item),
            _ if self.card_depth > 0 && depth > self.card_depth => self.card_child(line),
            Label::Field { .. } if depth == kr_depth && self.current_krs() == 0 => {
                self.objective_card_line(line, item)
            }
            Label::Field { .. } if depth == kr_depth && self.kr_open => self.card_line(line, item),
            _ if depth == kr_depth && is_other_section(split_label(text).map_or(text, |l| l.0)) => {
                self.card_depth = usize::MAX;
            }
            // A labelled KR nested under its objective's item, or written as the next
            // item of the same list (`- O: …` then `- KR: …`).
            Label::KeyResult {
                id,
                alias,
                owner,
                rest,
            } if depth == kr_depth || (self.list_objective && depth == 1) => {
                self.open_kr(line, rest, id, alias, owner, Form::Item);
                self.item_kr(depth, item);
            }
            _ if depth == kr_depth && reads_like_kr(text) => {
                self.open_kr(line, text, None, None, None, Form::Item);
                self.item_kr(depth, item);
            }
            _ if depth == kr_depth => self.card_depth = usize::MAX,
            _ => {}
        }
    }

    fn table(&mut self, rows: &[Vec<Range<usize>>], span: Range<usize>) {
        let Some((head, body)) = rows.split_first() else {
            return;
        };
        let columns: Vec<String> = head
            .iter()
            .map(|c| cell(self.text, c.clone()).0.to_ascii_lowercase())
            .collect();
        let Some(kr_column) = columns.iter().position(|c| is_kr_column(c)) else {
            return;
        };
        let objective_column = columns.iter().position(|c| is_objective_column(c));
        if objective_column.is_none() && !self.in_objective() {
            return;
        }
        let first = self.objectives.len();
        for row in body {
            self.table_row(&columns, row, kr_column, objective_column);
            if let Some(kr) = self.current_kr().filter(|k| k.written.form == Form::Row) {
                kr.written.block = Span::new(span.start, span.end);
            }
        }
        for objective in &mut self.objectives[first..] {
            objective.written.block.start = objective.written.block.start.min(span.start);
        }

        if let Some(objective) = self.current_objective() {
            objective.written.block.end = objective.written.block.end.max(span.end);
        }
    }

    fn table_row(
        &mut self,
        columns: &[String],
        row: &[Range<usize>],
        kr_column: usize,
        objective_column: Option<usize>,
    ) {
        let line = row
            .first()
            .map_or(0..0, |c| c.start..row.last().map_or(c.end, |l| l.end));
        if let Some(objective) = objective_column.and_then(|i| row.get(i)) {
            let (text, _) = cell(self.text, objective.clone());
            if !text.is_empty() {
                let level = self.inner_level();
                let (number, alias, rest) = match read_label(text) {
                    Label::Objective {
                        number,
                        alias,
                        rest,
                    } => (number, alias, rest),
                    _ => (None, None, text),
                };
                self.open_objective(level, line.clone(), rest, number, alias, Form::Row);
            }
        }
        let Some(kr) = row.get(kr_column) else { return };
        let (statement, _) = cell(self.text, kr.clone());
        if statement.is_empty() || !self.in_objective() {
            return;
        }
        // `| KR 1.1 | Reach … |`: the KR column holds only an ID, and the statement is
        // the row's first cell of several words. `| KR1.1 Installs |`: an ID then the
        // statement, with no colon between.
        let (id_cell, rest) = leading_kr_id(statement);
        let statement = match id_cell {
            Some(_) if rest.is_empty() => row
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != kr_column && Some(*i) != objective_column)
                .map(|(_, c)| cell(self.text, c.clone()).0)
                .find(|text| text.split_whitespace().count() >= 3)
                .unwrap_or(statement),
            Some(_) => rest,
            None => statement,
        };
        match read_label(statement) {
            Label::KeyResult {
                id,
                alias,
                owner,
                rest,
            } => self.open_kr(line, rest, id, alias, owner, Form::Row),
            _ => self.open_kr(line, statement, None, None, None, Form::Row),
        }
        for (column, range) in columns.iter().zip(row) {
            self.table_cell(column, range.clone());
        }
        self.card_depth = usize::MAX;
    }

    fn table_cell(&mut self, column: &str, range: Range<usize>) {
        let (value, at) = cell(self.text, range.clone());
        let text = self.text;
        let Some(kr) = self.current_kr() else { return };
        let located = Located {
            value: CompactString::from(value),
            span: Span::new(at, at + value.len()),
        };
        if value.is_empty() {
            return;
        }
        if column.contains("score") || column.contains("grade") {
            kr.written
                .recorded_scores
                .push((CompactString::from(column), located));
        } else if column == "priority" {
            kr.written.priority = Some(located);
        } else if let Some(field) = column_field(column) {
            let head = Located {
                value: CompactString::from(&text[range.clone()]),
                span: Span::new(range.start, range.end),
            };
            kr.card.push(CardLine {
                span: Span::new(range.start, range.end),
                name: Some(Located {
                    value: CompactString::from(field),
                    span: head.span,
                }),
                field: Some(field),
                value: located,
                children: Vec::new(),
                origin: Origin::Table,
            });
        }
    }

    /// Makes `line` the statement of an objective whose heading is only a label
    /// (`### Objective 1`), and part of the objective's own line.
    fn take_statement(&mut self, line: Range<usize>) {
        let text = self.text;
        let statement = bold_line(&text[line.clone()]).unwrap_or(&text[line.clone()]);
        if let Some(objective) = self.current_objective() {
            objective.heading.statement = locate(text, statement);
            objective.written.line.end = line.end;
            objective.written.block.end = objective.written.block.end.max(line.end);
        }
    }

    /// Records that the objective just opened was found by its shape alone.
    fn mark_inferred(&mut self) {
        if let Some(last) = self.inferred.last_mut() {
            *last = true;
        }
    }

    /// A KR that is a list item: its block is the whole item, nested bullets its card.
    fn item_kr(&mut self, depth: usize, item: Range<usize>) {
        self.card_depth = depth + 1;
        if let Some(kr) = self.current_kr() {
            kr.written.block = Span::new(item.start, item.end);
        }
        if let Some(objective) = self.current_objective() {
            objective.written.block.end = objective.written.block.end.max(item.end);
        }
    }

    /// Moves the open objective's block start back to `at` (its list marker).
    fn start_block_at(&mut self, at: usize) {
        if let Some(objective) = self.current_objective() {
            objective.written.block.start = at;
        }
    }

    fn in_objective(&self) -> bool {
        self.open
    }

    fn current_objective(&mut self) -> Option<&mut Objective> {
        self.objectives.last_mut().filter(|_| self.open)
    }

    fn current_kr(&mut self) -> Option<&mut KeyResult> {
        let kr_open = self.kr_open;
        self.current_objective()?
            .key_results
            .last_mut()
            .filter(|_| kr_open)
    }

    /// Whether an objective-labelled item at `depth` only describes the heading
    /// objective it sits under (`### OKR 1: …` then `- **Objective:** …`).
    fn describes_heading_objective(&self, depth: usize) -> bool {
        depth == 1 && self.heading_objective.is_some() && self.current_krs() == 0 && self.open
    }

    /// Whether the open KR is a heading or labelled line, whose bullets are its card.
    fn heading_kr_open(&self) -> bool {
        let last = self.objectives.last().and_then(|o| o.key_results.last());
        self.kr_open
            && last.is_some_and(|k| matches!(k.written.form, Form::Heading | Form::Paragraph))
    }

    fn current_krs(&self) -> usize {
        self.objectives.last().map_or(0, |o| o.key_results.len())
    }

    /// The level an objective without a heading sits at: just inside the innermost heading.
    fn inner_level(&self) -> u8 {
        self.containers.last().map_or(2, |c| c.0 + 1)
    }

    fn open_objective(
        &mut self,
        level: u8,
        line: Range<usize>,
        statement: &str,
        number: Option<u32>,
        alias: Option<&str>,
        form: Form,
    ) {
        self.close(0);
        let set = self.set_for(level);
        let heading = heading_for(self.text, &line, statement);
        self.objectives.push(Objective {
            number,
            heading,
            card: Vec::new(),
            fields: Default::default(),
            key_results: Vec::new(),
            written: Written {
                form,
                line: span(&line),
                block: span(&line),
                alias: alias.map(|a| locate(self.text, a)),
                ..Written::default()
            },
            set,
        });
        self.open = true;
        self.inferred.push(false);
        self.heading_objective = (form == Form::Heading).then_some(level);
    }

    fn open_kr(
        &mut self,
        line: Range<usize>,
        statement: &str,
        id: Option<super::KrId>,
        alias: Option<&str>,
        owner: Option<&str>,
        form: Form,
    ) {
        let text = self.text;
        let Some(objective) = self.current_objective() else {
            return;
        };
        let heading = heading_for(text, &line, statement);
        objective.key_results.push(KeyResult {
            id,
            heading,
            card: Vec::new(),
            fields: Default::default(),
            shape: Default::default(),
            written: Written {
                form,
                line: span(&line),
                block: span(&line),
                alias: alias.map(|a| locate(text, a)),
                ..Written::default()
            },
        });
        objective.written.block.end = objective.written.block.end.max(line.end);
        self.kr_open = true;
        if let Some(owner) = owner {
            self.inline_owner(owner);
        }
    }

    /// A KR written as a labelled heading or line: the bullets below it are its card.
    fn open_line_kr(
        &mut self,
        line: Range<usize>,
        statement: &str,
        id: Option<super::KrId>,
        alias: Option<&str>,
        owner: Option<&str>,
        form: Form,
    ) {
        self.open_kr(line, statement, id, alias, owner, form);
        self.card_depth = 1;
    }

    /// Records a leading role tag (`CEO` in `CEO: Increase ARR`) as the owner.
    fn inline_owner(&mut self, owner: &str) {
        let text = self.text;
        let line = owner_line(text, owner);
        match self.current_kr() {
            Some(kr) => kr.card.push(line),
            None => {
                if let Some(objective) = self.current_objective() {
                    objective.card.push(line);
                }
            }
        }
    }

    fn card_line(&mut self, line: Range<usize>, item: Range<usize>) {
        let text = self.text;
        let card = super::parse::card_line_at(text, span(&line), span(&item));
        if let Some(kr) = self.current_kr() {
            kr.card.push(card);
            kr.written.block.end = kr.written.block.end.max(item.end);
        }
    }

    fn card_child(&mut self, line: Range<usize>) {
        let text = self.text;
        if let Some(parent) = self.current_kr().and_then(|kr| kr.card.last_mut()) {
            parent.children.push(Located {
                value: CompactString::from(&text[line.clone()]),
                span: span(&line),
            });
        }
    }

    fn objective_card_line(&mut self, line: Range<usize>, item: Range<usize>) {
        let text = self.text;
        if let Some(objective) = self.current_objective() {
            objective
                .card
                .push(super::parse::card_line_at(text, span(&line), span(&item)));
            objective.written.block.end = objective.written.block.end.max(item.end);
        }
    }

    /// Ends the current objective when a heading at `level` (0: any) closes it.
    fn close(&mut self, level: u8) {
        if level == 0 || self.heading_objective.is_none_or(|l| level <= l) {
            self.open = false;
            self.kr_open = false;
            self.heading_objective = None;
            self.list_objective = false;
            self.card_depth = 0;
            self.group = None;
            self.kr_section = false;
        }
    }

    fn container(&mut self, level: u8, content: Range<usize>) {
        self.containers.retain(|c| c.0 < level);
        self.containers.push((level, content, None));
    }

    /// The set an objective opened at `level` belongs to: its innermost enclosing heading's.
    fn set_for(&mut self, level: u8) -> usize {
        let Some(at) = self.containers.iter().rposition(|c| c.0 < level) else {
            return 0;
        };
        if let Some(set) = self.containers[at].2 {
            return set;
        }
        let content = self.containers[at].1.clone();
        let name = &self.text[content.clone()];
        let cycle = find_cycle(name)
            .map(|(period, range)| Located {
                value: period,
                span: Span::new(content.start + range.start, content.start + range.end),
            })
            .or_else(|| {
                self.containers[..at]
                    .iter()
                    .rev()
                    .find_map(|c| c.2.and_then(|s| self.sets[s].cycle.clone()))
            });
        self.sets.push(OkrSet {
            heading: Some(Located {
                value: CompactString::from(name),
                span: span(&content),
            }),
            cycle,
        });
        let set = self.sets.len() - 1;
        self.containers[at].2 = Some(set);
        set
    }
}

fn span(range: &Range<usize>) -> Span {
    Span::new(range.start, range.end)
}

fn locate(text: &str, part: &str) -> Located<CompactString> {
    let at = part.as_ptr() as usize - text.as_ptr() as usize;
    Located {
        value: CompactString::from(part),
        span: Span::new(at, at + part.len()),
    }
}

/// A heading record for an item read from `line`, with `statement` a slice of the text.
fn heading_for(text: &str, line: &Range<usize>, statement: &str) -> Heading {
    Heading {
        span: span(line),
        id_text: None,
        statement: locate(text, trim(statement)),
    }
}

fn owner_line(text: &str, owner: &str) -> CardLine {
    let value = locate(text, owner);
    CardLine {
        span: value.span,
        name: None,
        field: Some("owner"),
        value,
        children: Vec::new(),
        origin: Origin::Inline,
    }
}

/// `CEO: Increase ARR`: a short role or name before a colon, and the statement after it.
fn owner_tag(text: &str) -> (Option<&str>, &str) {
    let text = strip_decoration(text);
    match split_label(text) {
        Some((label, rest))
            if !rest.is_empty()
                && canonical_field(label).is_none()
                && label.split_whitespace().count() <= 2
                && label.starts_with(|c: char| c.is_uppercase()) =>
        {
            (Some(label), rest)
        }
        _ => (None, text),
    }
}

/// The content of a heading line without `#` marks, as a range; `None` when empty.
fn heading_content(text: &str, line: Range<usize>) -> Option<Range<usize>> {
    let (content, start) = super::parse::heading_content(text, &line);
    (!content.is_empty()).then(|| start..start + content.len())
}

/// The first line of a list item, without its marker or task box.
fn item_line(text: &str, item: Range<usize>) -> Range<usize> {
    let (line, start) = super::parse::first_line_of_item(text, span(&item));
    start..start + line.len()
}

/// A table cell's trimmed text and where it starts.
fn cell(text: &str, range: Range<usize>) -> (&str, usize) {
    let raw = &text[range.clone()];
    let inner = trim(raw.trim_matches(|c: char| c == '|' || c.is_whitespace()));
    if inner.is_empty() {
        return ("", range.start);
    }
    let at = inner.as_ptr() as usize - text.as_ptr() as usize;
    (inner, at)
}

/// A KR ID at the start of a table cell, and the text after it: `KR 1.1`, `KR1.2 …`,
/// `KR-3 …`. `None` when the cell does not start with one.
fn leading_kr_id(text: &str) -> (Option<&str>, &str) {
    let Some(after) = text
        .strip_prefix("KR")
        .or_else(|| text.strip_prefix("kr"))
        .or_else(|| text.strip_prefix("Kr"))
    else {
        return (None, text);
    };
    let number = after.trim_start_matches([' ', '-', '#']);
    let digits = number
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    if digits == 0 || !number.as_bytes()[0].is_ascii_digit() {
        return (None, text);
    }
    let end = text.len() - number.len() + digits;
    let rest = text[end..].trim_start_matches([' ', ':', '-', '—', '｜', '|', '.', '：']);
    if rest.len() < text.len() - end || rest.is_empty() {
        (Some(&text[..end]), trim(rest))
    } else {
        (None, text)
    }
}

fn is_kr_column(column: &str) -> bool {
    let column = super::labels::in_english(column);
    let squeezed: String = column.chars().filter(|c| !c.is_whitespace()).collect();
    squeezed.starts_with("keyresult") || squeezed.starts_with("kr") || squeezed == "result"
}

fn is_objective_column(column: &str) -> bool {
    // In a table, 目标 / 目標 is the target column: those words mean both.
    if matches!(column.trim(), "目标" | "目標") {
        return false;
    }
    let column = super::labels::in_english(column);
    column.starts_with("objective") || column == "o" || column.starts_with("o(")
}

/// The card field a table column gives, if any.
fn column_field(column: &str) -> Option<&'static str> {
    match column {
        "assignee" | "assignees" | "dri" | "lead" | "owner" | "owners" => Some("owner"),
        other => canonical_field(other).filter(|f| *f != "owner" || other == "owner"),
    }
}

/// Whether a block labels an objective in words (`Objective: …`): a heading, paragraph
/// or top-level item.
fn labels_objective(text: &str, block: &Block) -> bool {
    let line = match block {
        Block::Heading { line, .. } => heading_content(text, first_line(text, line.clone())),
        Block::Paragraph { line, .. } => Some(line.clone()),
        Block::Item { depth: 1, item } => Some(item_line(text, item.clone())),
        _ => None,
    };
    line.is_some_and(|l| {
        let line = &text[l];
        is_bare_objective_label(line)
            || matches!(read_label(line), Label::Objective { number: None, .. })
    })
}

/// Whether a plain line before a list reads like an objective: a short phrase, not a
/// sentence that introduces the list (`Here are some links:`).
fn reads_like_objective(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (2..=14).contains(&words) && !text.ends_with([':', '.', ',']) && !text.contains(". ")
}

/// A `Label: value` note with a one-word label and a short value (`Type: Team`).
fn is_note_line(text: &str) -> bool {
    split_label(text).is_some_and(|(label, value)| {
        !label.contains(' ')
            && value.split_whitespace().count() <= 3
            && canonical_field(label).is_none()
            && matches!(read_label(text), Label::Plain)
    })
}

/// Whether a list item's text can be a key result: more than one word, and more than a
/// bare link.
fn reads_like_kr(text: &str) -> bool {
    let link_only = text.starts_with('[') && text.ends_with(')') && !text.contains(") ");
    text.split_whitespace().count() > 1 && !link_only
}

/// A line that only labels the list after it: `**Constraints:**`, `Acceptance criteria:`.
fn introduces_notes(text: &str) -> bool {
    let inner = bold_line(text).unwrap_or(text);
    let label = inner
        .strip_suffix(':')
        .or_else(|| text.strip_suffix(":**"))
        .or_else(|| text.strip_suffix("**:"));
    label.is_some_and(|l| l.split_whitespace().count() <= 4)
}

/// `Objective`, `Objective 1`, `Objective #2`: a heading that is only an objective label.
fn is_bare_objective_label(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("objective") else {
        return false;
    };
    let rest = rest.trim().trim_start_matches('#');
    rest.is_empty() || rest.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a heading's own text (up to the next heading) holds key results: a list or
/// a table before any objective line, or a KR-labelled heading right below it.
fn has_own_list(text: &str, ahead: &[Block]) -> bool {
    for block in ahead {
        match block {
            Block::Item { depth: 1, item } => {
                let line = item_line(text, item.clone());
                return !matches!(read_label(&text[line]), Label::Objective { .. });
            }
            Block::Table { rows, .. } => {
                let head = rows.first().map_or(&[][..], Vec::as_slice);
                return !head.iter().any(|c| {
                    cell(text, c.clone())
                        .0
                        .to_ascii_lowercase()
                        .starts_with("objective")
                });
            }
            Block::Paragraph { line, .. } => {
                let line = &text[line.clone()];
                if matches!(read_label(line), Label::Objective { .. }) || bold_line(line).is_some()
                {
                    return false;
                }
            }
            Block::Item { .. } => {}
            Block::Heading { line, .. } => {
                let line = first_line(text, line.clone());
                let Some(content) = heading_content(text, line) else {
                    return false;
                };
                if !is_kr_section(&text[content.clone()]) {
                    return matches!(read_label(&text[content]), Label::KeyResult { .. });
                }
                return true;
            }
        }
    }
    false
}
