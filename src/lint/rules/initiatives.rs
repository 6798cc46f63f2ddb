//! Initiatives: bets that name the KRs they expect to move.

use crate::lint::{Rule, Severity};

/// OKR501.
pub static INITIATIVE_UNKNOWN_KR: Rule = Rule {
    code: "OKR501",
    name: "initiative-unknown-kr",
    severity: Severity::Error,
    summary: "An initiative names a KR that is not in the document",
    help: "fix the KR ID, or remove it from the initiative",
    explanation: r#"Initiatives are bets on specific KRs. When a bet names a KR that does not exist,
usually after renumbering, its link to evidence is broken.

Bad:
```markdown
## Initiatives
- Guided in-app checklist: O1-KR3
```

Good (the document has O1-KR1 and O1-KR2):
```markdown
## Initiatives
- Guided in-app checklist: O1-KR1, O1-KR2
```"#,
    check: |ctx, out| {
        for initiative in &ctx.doc.initiatives {
            for id in &initiative.krs {
                let known = id
                    .value
                    .parse()
                    .ok()
                    .and_then(|kr| ctx.key_result(kr))
                    .is_some();
                if !known {
                    out.report(
                        id.span,
                        format!("`{}` is not a key result in this document", id.value),
                    );
                }
            }
        }
    },
};

/// OKR502.
pub static INITIATIVE_WITHOUT_KR: Rule = Rule {
    code: "OKR502",
    name: "initiative-without-kr",
    severity: Severity::Warning,
    summary: "An initiative names no KR",
    help: "append the IDs of the KRs it should move: `- Bet name: O1-KR1, O1-KR2`",
    explanation: r#"Work that is not linked to a KR cannot be judged by evidence: nobody will know
whether to scale it or stop it. Every bet names the KRs it expects to move.

Bad:
```markdown
- Live kickoff for top 200 accounts
```

Good:
```markdown
- Live kickoff for top 200 accounts: O1-KR2
```"#,
    check: |ctx, out| {
        for initiative in ctx.doc.initiatives.iter().filter(|i| i.krs.is_empty()) {
            out.report(
                initiative.span,
                format!("the initiative `{}` names no key result", initiative.name),
            );
        }
    },
};
