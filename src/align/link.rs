//! Reading `Contributes to:` and `parent:` values: `company/2026.md#O2-KR1`, a Markdown
//! link to it, or a bare ID.

/// One link target as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The file part, relative to the linking document; empty for a bare ID.
    pub path: String,
    /// The objective or KR ID after `#` (upper-cased).
    pub id: String,
}

/// Every target in a link value: Markdown links, or `path#ID` / `ID` items separated by
/// commas, semicolons or ` and `. An item that names no ID is returned as an error.
pub fn parse_targets(value: &str) -> Vec<Result<Target, String>> {
    let items: Vec<String> = if value.contains("](") {
        markdown_destinations(value)
    } else {
        value
            .replace(" and ", ",")
            .split([',', ';'])
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    items.iter().map(|item| parse_target(item)).collect()
}

fn parse_target(item: &str) -> Result<Target, String> {
    let item = item.trim().trim_matches(['<', '>', '`']);
    let (path, id) = match item.rsplit_once('#') {
        Some((path, id)) => (path.trim(), id.trim()),
        None if looks_like_id(item) => ("", item),
        None => {
            return Err(format!(
                "`{item}` names no objective or KR; write it as path#O1-KR2"
            ))
        }
    };
    if !looks_like_id(id) {
        return Err(format!(
            "`{id}` is not an objective or KR ID such as O2 or O2-KR1"
        ));
    }
    Ok(Target {
        path: path.to_string(),
        id: id.to_uppercase(),
    })
}

/// `O2` or `O2-KR1`, in any case.
pub fn looks_like_id(text: &str) -> bool {
    let upper = text.to_uppercase();
    let Some(rest) = upper.strip_prefix('O') else {
        return false;
    };
    let (objective, kr) = match rest.split_once("-KR") {
        Some((o, k)) => (o, Some(k)),
        None => (rest, None),
    };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    digits(objective) && kr.is_none_or(digits)
}

/// The destinations of `[text](destination)` links.
fn markdown_destinations(value: &str) -> Vec<String> {
    value
        .split("](")
        .skip(1)
        .filter_map(|rest| {
            rest.split_once(')')
                .map(|(dest, _)| dest.trim().to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(path: &str, id: &str) -> Result<Target, String> {
        Ok(Target {
            path: path.into(),
            id: id.into(),
        })
    }

    #[test]
    fn reads_paths_links_and_bare_ids() {
        assert_eq!(
            parse_targets("company/2026.md#O2-KR1"),
            [target("company/2026.md", "O2-KR1")]
        );
        assert_eq!(
            parse_targets("[Company KR](../company/2026.md#o2-kr1)"),
            [target("../company/2026.md", "O2-KR1")]
        );
        assert_eq!(parse_targets("O1-KR3"), [target("", "O1-KR3")]);
        assert_eq!(
            parse_targets("a.md#O1-KR1, b.md#O2"),
            [target("a.md", "O1-KR1"), target("b.md", "O2")]
        );
        assert!(parse_targets("company/2026.md")[0].is_err());
        assert!(parse_targets("a.md#revenue")[0].is_err());
    }
}
