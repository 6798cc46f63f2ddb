//! Terminal styles shared by every renderer. anstream strips them when colour is off.

use crate::score::{Health, Rag};
use anstyle::{AnsiColor, Style};

/// Headings and emphasis.
pub const BOLD: Style = Style::new().bold();
/// Secondary text: no data, hints.
pub const DIM: Style = Style::new().dimmed();
/// Errors and red scores.
pub const RED: Style = AnsiColor::Red.on_default().bold();
/// Warnings and amber scores.
pub const YELLOW: Style = AnsiColor::Yellow.on_default().bold();
/// Success and green scores.
pub const GREEN: Style = AnsiColor::Green.on_default().bold();
/// Notes and stretch scores.
pub const BLUE: Style = AnsiColor::Blue.on_default().bold();
/// Stale KRs.
pub const MAGENTA: Style = AnsiColor::Magenta.on_default().bold();

/// The colour of a RAG band; no data is dimmed, never coloured.
pub fn rag_style(rag: Option<Rag>) -> Style {
    match rag {
        Some(Rag::Red) => RED,
        Some(Rag::Amber) => YELLOW,
        Some(Rag::Green) => GREEN,
        Some(Rag::Stretch) => BLUE,
        None => DIM,
    }
}

/// The colour of a KR's health.
pub fn health_style(health: Health) -> Style {
    match health {
        Health::Pending => DIM,
        Health::Stale => MAGENTA,
        Health::Red => RED,
        Health::Amber => YELLOW,
        Health::Green => GREEN,
        Health::Stretch => BLUE,
    }
}
