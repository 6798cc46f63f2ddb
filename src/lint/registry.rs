//! The one table of every rule, in code order.

use super::rules::*;
use super::Rule;

/// Rules that read the decision log instead of an OKR document.
pub static LOG_RULES: &[&Rule] = &[&governance::DECISION_UNKNOWN_KR];

/// Every rule okr knows, in code order. Codes are stable and never reused.
pub static RULES: &[&Rule] = &[
    &front_matter::INVALID_FRONT_MATTER,
    &front_matter::MISSING_CYCLE,
    &front_matter::MISSING_DOC_OWNER,
    &front_matter::UNKNOWN_FRONT_MATTER_KEY,
    &front_matter::INVALID_FRONT_MATTER_VALUE,
    &front_matter::CONFLICTING_FIELD,
    &detection::UNREAD_OKR_FILE,
    &ids::MALFORMED_ID,
    &ids::DUPLICATE_ID,
    &ids::KR_PREFIX_MISMATCH,
    &card::UNKNOWN_FIELD,
    &card::INVALID_FIELD_VALUE,
    &card::DUPLICATE_FIELD,
    &ids::POSITIONAL_ID,
    &counts::OBJECTIVE_COUNT,
    &counts::KR_COUNT,
    &objective::OBJECTIVE_HAS_METRIC,
    &objective::OBJECTIVE_IS_PROJECT,
    &objective::OBJECTIVE_TOO_LONG,
    &objective::OBJECTIVE_MULTIPLE_SENTENCES,
    &objective::OBJECTIVE_MISSING_OWNER,
    &kr_required::MISSING_BASELINE,
    &kr_required::MISSING_TARGET,
    &kr_required::MISSING_DUE,
    &kr_required::MISSING_KR_OWNER,
    &kr_required::MISSING_SOURCE,
    &kr_values::TARGET_EQUALS_BASELINE,
    &kr_values::DIRECTION_CONTRADICTS_VERB,
    &kr_values::STATEMENT_DISAGREES_WITH_CARD,
    &kr_statement::STATEMENT_FORM,
    &kr_statement::ACTIVITY_AS_KR,
    &kr_statement::VAGUE_KR,
    &kr_statement::RELATIVE_ONLY,
    &kr_values::UNIT_MISMATCH,
    &kr_values::DUE_OUTSIDE_CYCLE,
    &kr_values::REFRESH_TOO_SLOW,
    &kr_values::MULTIPLE_OWNERS,
    &kr_set::BINARY_MAJORITY,
    &kr_set::UNBALANCED_SIGNALS,
    &kr_set::WEIGHTS_SUM,
    &kr_set::WEIGHTS_PARTIAL,
    &ladder::LADDER_OVERLAP,
    &ladder::LADDER_GAP,
    &ladder::LADDER_ORDER,
    &ladder::LADDER_SCORE_RANGE,
    &ladder::LADDER_MALFORMED,
    &metrics::UNKNOWN_METRIC,
    &metrics::METRIC_UNIT_MISMATCH,
    &metrics::METRIC_REFRESH_TOO_SLOW,
    &metrics::CHECKIN_OUTSIDE_VALID_RANGE,
    &metrics::DUPLICATE_METRIC,
    &initiatives::INITIATIVE_UNKNOWN_KR,
    &initiatives::INITIATIVE_WITHOUT_KR,
    &checkins::CHECKIN_UNKNOWN_KR,
    &checkins::CHECKIN_BAD_DATE,
    &checkins::CHECKINS_OUT_OF_ORDER,
    &checkins::CHECKIN_BAD_ACTUAL,
    &checkins::CONFIDENCE_OUT_OF_RANGE,
    &checkins::CHECKIN_TABLE_MALFORMED,
    &momentum::STALE_KEY_RESULT,
    &momentum::RED_TWICE,
    &momentum::CONFIDENCE_DROP,
    &checkins::DUPLICATE_CHECKIN,
    &alignment::ALIGNMENT_UNRESOLVED,
    &alignment::ALIGNMENT_AMBIGUOUS,
    &alignment::ALIGNMENT_CYCLE,
    &alignment::MULTIPLE_PARENTS,
    &alignment::OBJECTIVE_NOT_ALIGNED,
    &alignment::PARENT_IN_OTHER_CYCLE,
    &micro::MICRO_TOO_LONG,
    &micro::MICRO_WITHOUT_PARENT,
    &governance::DECISION_UNKNOWN_KR,
    &governance::LOCKED_CHANGE_UNDECIDED,
    &governance::CLOSED_GRADES_EDITED,
    &launch::CHECKIN_REWRITTEN,
    &suppression::UNUSED_SUPPRESSION,
    &suppression::UNKNOWN_SUPPRESSED_RULE,
];

/// Finds a rule by code (`OKR301`, any case) or name (`objective-has-metric`).
pub fn find_rule(key: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(key) || r.name == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(seen.insert(rule.name), "duplicate name {}", rule.name);
            assert!(
                rule.code.starts_with("OKR") && rule.code.len() == 6,
                "{}",
                rule.code
            );
            assert!(
                rule.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                rule.name
            );
            assert!(
                rule.explanation.contains("Bad") && rule.explanation.contains("Good"),
                "{}",
                rule.code
            );
        }
    }
}
