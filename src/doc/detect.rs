//! Whether a Markdown file is about OKRs, before and after it is read: the quick test
//! that decides whether a file is parsed at all, and the line a file that talks about
//! OKRs but holds none is reported at (OKR007).

/// A quick test of whether `text` may be an OKR document, before it is parsed: front-matter
/// with `cycle`, or a line outside code and comments that names an objective, a key
/// result or OKRs.
pub fn looks_like_okr(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let front_has_cycle = text.starts_with("---")
        && text
            .lines()
            .skip(1)
            .take_while(|l| l.trim_end() != "---")
            .any(|l| {
                l.starts_with("cycle:") || l.starts_with("period:") || l.starts_with("quarter:")
            });
    front_has_cycle || prose_lines(text).any(|line| names_okr_part(line, true))
}

/// The first line outside code and comments that names an objective, a key result or
/// OKRs (goals alone do not count), with its byte offset in `text`.
pub fn first_okr_line(text: &str) -> Option<(usize, &str)> {
    prose_lines(text)
        .find(|line| names_okr_part(line, false))
        .map(|line| (line.as_ptr() as usize - text.as_ptr() as usize, line))
}

/// The lines of `text` outside fenced code, indented code and HTML comments.
fn prose_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut fence: Option<&str> = None;
    let mut comment = false;
    text.lines().filter(move |line| {
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            return false;
        }
        if comment {
            comment = !line.contains("-->");
            return false;
        }
        if line.starts_with("    ") || line.starts_with('\t') {
            return false;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            return false;
        }
        if trimmed.starts_with("<!--") {
            comment = !line.contains("-->");
            return false;
        }
        true
    })
}

/// Whether a line starts by naming an objective or key result (`## O1:`, `Objective:`,
/// `- KR 2:`, `**Objective:**`), or is a heading about OKRs.
fn names_okr_part(line: &str, goals: bool) -> bool {
    let heading = line.starts_with('#');
    let rest = line.trim_start_matches(['#', ' ', '-', '*', '+', '>', '_']);
    let rest = super::labels::strip_decoration(rest).trim_start_matches(['*', '_', ' ']);
    let lower = rest
        .get(..rest.len().min(16))
        .unwrap_or(rest)
        .to_ascii_lowercase();
    let id = rest.starts_with('O') && rest[1..].starts_with(|c: char| c.is_ascii_digit());
    id || lower.starts_with("objective")
        || lower.starts_with("key result")
        || lower.starts_with("kr ")
        || lower.starts_with("kr:")
        || lower.starts_with("kr#")
        || (lower.starts_with("kr") && lower[2..].starts_with(|c: char| c.is_ascii_digit()))
        || (heading && names_okrs(&line.to_ascii_lowercase(), goals))
        || (line.starts_with('|') && table_names_key_results(&line.to_ascii_lowercase()))
}

/// Whether a table's header row has a key-result column (`| Key result |`, `| KR(…) |`).
fn table_names_key_results(lower: &str) -> bool {
    lower
        .split('|')
        .map(str::trim)
        .any(|cell| cell.starts_with("key result") || cell.starts_with("kr"))
}

/// Whether a heading is about OKRs: `OKRs`, `Objectives and Key Results`, `Key results`,
/// and with `goals`, `2020 Goals`. The reader decides whether the file really holds any.
fn names_okrs(lower: &str, goals: bool) -> bool {
    lower.contains("okr") || lower.contains("key result") || (goals && lower.contains("goal"))
}

/// Whether a parsed document is an OKR document: it declares a cycle, or has objectives.
pub fn is_okr_document(doc: &super::Document) -> bool {
    let declared = doc
        .front
        .keys
        .iter()
        .any(|k| matches!(k.value.as_str(), "cycle" | "period" | "quarter"));
    declared || !doc.objectives.is_empty()
}
