//! `<!-- okr-disable CODE -->` (whole file) and `<!-- okr-disable-next-line CODE -->`.

use super::registry::{find_rule, RULES};
use super::rules::suppression::{UNKNOWN_SUPPRESSED_RULE, UNUSED_SUPPRESSION};
use super::{Finding, Fix, Rule};
use crate::doc::{Document, Suppression, SuppressionScope};
use crate::source::Span;

/// Whether `rule` reports on suppressions themselves (and so runs here, not as a check).
pub fn is_meta_rule(rule: &Rule) -> bool {
    std::ptr::eq(rule, &UNUSED_SUPPRESSION) || std::ptr::eq(rule, &UNKNOWN_SUPPRESSED_RULE)
}

/// Drops suppressed findings and adds findings for suppressions that did nothing.
pub fn apply(doc: &Document, found: Vec<Finding>) -> Vec<Finding> {
    let mut used = vec![false; doc.suppressions.len()];
    let mut kept: Vec<Finding> = found
        .into_iter()
        .filter(|finding| {
            let line = doc.source.position(finding.span.start).line;
            match doc
                .suppressions
                .iter()
                .position(|s| covers(s, finding.rule, line))
            {
                Some(i) => {
                    used[i] = true;
                    false
                }
                None => true,
            }
        })
        .collect();
    for (suppression, used) in doc.suppressions.iter().zip(used) {
        kept.extend(unknown_rules(suppression));
        if !used {
            kept.push(Finding {
                rule: &UNUSED_SUPPRESSION,
                span: suppression.span,
                message: format!(
                    "this `{}` comment suppresses nothing",
                    scope_word(suppression)
                ),
                help: None,
                fix: Some(Box::new(Fix::replace(
                    "Remove the unused suppression",
                    line_or_span(doc.source.text(), suppression.span),
                    "",
                ))),
            });
        }
    }
    kept
}

/// `span` grown to its whole line (with the line break) when nothing else is on the line.
fn line_or_span(text: &str, span: Span) -> Span {
    let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i + 1);
    let alone = text[start..span.start].trim().is_empty() && text[span.end..end].trim().is_empty();
    if alone {
        Span::new(start, end)
    } else {
        span
    }
}

fn scope_word(s: &Suppression) -> &'static str {
    match s.scope {
        SuppressionScope::File => "okr-disable",
        SuppressionScope::Line(_) => "okr-disable-next-line",
    }
}

fn covers(s: &Suppression, rule: &Rule, line: usize) -> bool {
    let in_scope = match s.scope {
        SuppressionScope::File => true,
        SuppressionScope::Line(l) => l == line,
    };
    let names_rule = s.rules.is_empty() || s.rules.iter().any(|r| r == rule.code || r == rule.name);
    in_scope && names_rule
}

fn unknown_rules(s: &Suppression) -> Vec<Finding> {
    s.rules
        .iter()
        .filter(|r| find_rule(r).is_none())
        .map(|r| Finding {
            rule: &UNKNOWN_SUPPRESSED_RULE,
            span: s.span,
            message: format!("`{r}` is not a rule code or name"),
            help: crate::text::did_you_mean(
                r,
                RULES.iter().flat_map(|rule| [rule.code, rule.name]),
            )
            .map(|s| format!("did you mean `{s}`?")),
            fix: None,
        })
        .collect()
}
