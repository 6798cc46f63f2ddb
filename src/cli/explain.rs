//! `okr explain`.

use super::exit;
use crate::lint::registry::{find_rule, RULES};
use crate::text::did_you_mean;
use std::io::Write;

/// Arguments for `okr explain`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  okr explain OKR301\n  okr explain objective-has-metric")]
pub struct ExplainArgs {
    /// A rule code (OKR301) or name (objective-has-metric).
    rule: String,
}

/// Prints a rule's documentation.
pub fn run(args: ExplainArgs) -> anyhow::Result<u8> {
    let Some(rule) = find_rule(&args.rule) else {
        let hint = did_you_mean(&args.rule, RULES.iter().flat_map(|r| [r.code, r.name]))
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        eprintln!(
            "okr: error: no rule `{}`{hint} (see `okr rules`)",
            args.rule
        );
        return Ok(exit::FAILURE);
    };
    let mut out = anstream::stdout().lock();
    writeln!(
        out,
        "{} {} ({} by default)\n",
        rule.code,
        rule.name,
        rule.severity.as_str()
    )?;
    writeln!(out, "{}.\n", rule.summary)?;
    writeln!(out, "{}\n", rule.explanation)?;
    writeln!(out, "Fix: {}.", rule.help)?;
    Ok(exit::CLEAN)
}
