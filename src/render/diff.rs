//! A unified diff of two texts, for `okr fmt --diff`.

use std::path::Path;

/// The unified diff from `before` to `after`, as one hunk around the changed lines.
pub fn unified(path: &Path, before: &str, after: &str) -> String {
    let old: Vec<&str> = before.split_inclusive('\n').collect();
    let new: Vec<&str> = after.split_inclusive('\n').collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let context = 3;
    let start = prefix.saturating_sub(context);
    let old_end = (old.len() - suffix + context).min(old.len());
    let new_end = (new.len() - suffix + context).min(new.len());
    let mut out = format!("--- {0}\n+++ {0}\n", path.display());
    out.push_str(&format!(
        "@@ -{},{} +{},{} @@\n",
        start + 1,
        old_end - start,
        start + 1,
        new_end - start
    ));
    let line = |out: &mut String, mark: char, text: &str| {
        out.push(mark);
        out.push_str(text);
        if !text.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
    };
    for text in &old[start..prefix] {
        line(&mut out, ' ', text);
    }
    for text in &old[prefix..old.len() - suffix] {
        line(&mut out, '-', text);
    }
    for text in &new[prefix..new.len() - suffix] {
        line(&mut out, '+', text);
    }
    for text in &old[old.len() - suffix..old_end] {
        line(&mut out, ' ', text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_hunk_around_the_change() {
        let diff = unified(Path::new("a.md"), "a\nb\nc\n", "a\nB\nc\n");
        assert_eq!(
            diff,
            "--- a.md\n+++ a.md\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
        );
    }
}
