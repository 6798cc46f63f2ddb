//! Suppression comments that do nothing or name no rule.

use crate::lint::{Rule, Severity};

/// OKR901. Reported by the suppression pass, not as a check.
pub static UNUSED_SUPPRESSION: Rule = Rule {
    code: "OKR901",
    name: "unused-suppression",
    severity: Severity::Warning,
    summary: "A suppression comment suppresses nothing",
    help: "delete the comment, or point it at the line that has the finding",
    explanation: r#"`<!-- okr-disable CODE -->` silences a rule for the whole file, and
`<!-- okr-disable-next-line CODE -->` for the next non-blank line. When the finding it
was written for is fixed, the comment stays behind and would hide the next real problem
on that line. okr reports such comments so they can be removed.

Bad:
```markdown
<!-- okr-disable-next-line OKR301 -->
## O1: Win the SMB market
```

Good:
```markdown
## O1: Win the SMB market
```"#,
    check: |_, _| {},
};

/// OKR902. Reported by the suppression pass, not as a check.
pub static UNKNOWN_SUPPRESSED_RULE: Rule = Rule {
    code: "OKR902",
    name: "unknown-suppressed-rule",
    severity: Severity::Warning,
    summary: "A suppression comment names a rule that does not exist",
    help: "use a code such as OKR301 or a name such as objective-has-metric (see `okr rules`)",
    explanation: r#"A misspelt rule in a suppression comment silences nothing, so the finding the
author meant to accept still fails the build, or the comment lingers unnoticed.

Bad:
```markdown
<!-- okr-disable OKR3O1 -->
```

Good:
```markdown
<!-- okr-disable OKR301 -->
```"#,
    check: |_, _| {},
};
