//! `okr rules`.

use super::exit;
use crate::lint::registry::RULES;
use crate::lint::Rule;
use std::io::Write;

/// Output format for the rule list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RulesFormat {
    /// Aligned columns.
    Human,
    /// A JSON array with code, name, severity and summary.
    Json,
    /// A Markdown table, as in the README.
    Markdown,
}

/// Arguments for `okr rules`.
#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    format: RulesFormat,
}

/// Lists every rule.
pub fn run(args: RulesArgs) -> anyhow::Result<u8> {
    let mut out = anstream::stdout().lock();
    match args.format {
        RulesFormat::Human => {
            for r in RULES {
                writeln!(
                    out,
                    "{}  {:<30} {:<8} {}",
                    r.code,
                    r.name,
                    r.severity.as_str(),
                    r.summary
                )?;
            }
        }
        RulesFormat::Json => {
            let rows: Vec<_> = RULES.iter().map(|r| rule_json(r)).collect();
            serde_json::to_writer_pretty(&mut out, &rows)?;
            writeln!(out)?;
        }
        RulesFormat::Markdown => write!(out, "{}", markdown_table())?,
    }
    Ok(exit::CLEAN)
}

fn rule_json(r: &Rule) -> serde_json::Value {
    serde_json::json!({
        "code": r.code,
        "name": r.name,
        "severity": r.severity,
        "summary": r.summary,
        "help": r.help,
    })
}

/// The README's rule table, generated from the registry.
pub fn markdown_table() -> String {
    let mut table = String::from(
        "| Code | Name | Default | What it finds |\n|------|------|---------|---------------|\n",
    );
    for r in RULES {
        table.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            r.code,
            r.name,
            r.severity.as_str(),
            r.summary
        ));
    }
    table
}
