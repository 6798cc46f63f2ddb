//! The linter: rules, their registry, suppression comments and the runner.

pub mod activity;
pub mod fix;
pub mod registry;
pub mod rules;
mod run;
mod suppress;

use crate::align::index::{DecisionRef, LinkProblem, Resolved};
use crate::align::link::Target;
use crate::align::RepoIndex;
use crate::cache::deps::{Dep, Deps};
use crate::config::{Config, RuleLevel};
use crate::doc::ladder::{check_ladder, LadderIssue};
use crate::doc::{Document, KeyResult, KrId, Scoring};
use crate::files::absolute;
use crate::govern::launch::GitHistory;
use crate::govern::lock::LockFile;
use crate::score::{method_for, readings, CheckinIndex, Reading};
use crate::source::Span;
use activity::Activity;
use chrono::NaiveDate;
pub use fix::{Edit, Fix};
pub use run::{lint_paths, lint_paths_cached};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::path::Path;
use std::sync::Arc;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported; does not fail the run unless `--deny-warnings`.
    Warning,
    /// Fails the run.
    Error,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A lint rule: identity, documentation and its check.
pub struct Rule {
    /// Stable code such as `OKR301`; never reused.
    pub code: &'static str,
    /// Stable kebab-case name such as `objective-has-metric`.
    pub name: &'static str,
    /// Severity when the config does not say otherwise.
    pub severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// The default `help:` line: how to fix it.
    pub help: &'static str,
    /// Longer Markdown explanation with a bad and a good example.
    pub explanation: &'static str,
    /// The check itself.
    pub check: fn(&Context, &mut Findings),
}

/// A check-ins table this long has its KRs' histories read on every core.
const PARALLEL_ROWS: usize = 50_000;

/// What a rule can see: the document, its config and today's date.
pub struct Context<'a> {
    /// The parsed document.
    pub doc: &'a Document,
    /// The closest config.
    pub config: &'a Config,
    /// The date checks treat as today.
    pub as_of: NaiveDate,
    /// Other documents, for links between them.
    pub repo: &'a RepoIndex,
    /// Each KR's check-ins, read on first use and shared by the rules that need them.
    histories: OnceCell<Vec<Vec<Reading>>>,
    /// Each KR's ladder problems, found on first use and shared by the ladder rules.
    ladder_issues: OnceCell<Vec<Vec<LadderIssue>>>,
    /// Each KR's statement judged as an activity or not, on first use.
    activities: OnceCell<Vec<Vec<Activity>>>,
    /// The check-in rows grouped by KR, on first use.
    checkin_index: OnceCell<CheckinIndex>,
    /// Where each KR ID first appears (objective, KR), on first use.
    krs_by_id: OnceCell<FxHashMap<KrId, (usize, usize)>>,
    /// The lock file that governs the document, on first use.
    lock: OnceCell<Arc<Result<LockFile, String>>>,
    /// What the rules read beyond the document and its config, for the cache; `None`
    /// when no cache will keep the findings.
    deps: Option<RefCell<Deps>>,
}

impl<'a> Context<'a> {
    /// A context with nothing computed yet.
    fn new(
        doc: &'a Document,
        config: &'a Config,
        as_of: NaiveDate,
        repo: &'a RepoIndex,
        track: bool,
    ) -> Self {
        Context {
            doc,
            config,
            as_of,
            repo,
            histories: OnceCell::new(),
            ladder_issues: OnceCell::new(),
            activities: OnceCell::new(),
            checkin_index: OnceCell::new(),
            krs_by_id: OnceCell::new(),
            lock: OnceCell::new(),
            deps: track.then(RefCell::default),
        }
    }

    /// Resolves a link written in the document at `from` (see [`RepoIndex::resolve`]).
    pub fn resolve(&self, from: &Path, target: &Target) -> Result<Resolved, LinkProblem> {
        self.depend(|| self.repo.link_dep(from, target));
        self.repo.resolve(from, target)
    }

    /// Whether this document's alignment tree has a company document: one of those
    /// okr.yaml lists, or else any the tree holds.
    pub fn has_company_doc(&self) -> bool {
        if let Some(listed) = &self.config.company {
            return listed.iter().fold(false, |found, doc| {
                self.depend(|| Dep::File(doc.clone()));
                found || doc.is_file()
            });
        }
        let path = self.doc.source.path();
        self.depend(|| Dep::Company(self.repo.alignment_root(path)));
        self.repo.has_company_doc(path)
    }

    /// The lock file that governs this document.
    pub fn lock_file(&self) -> Arc<Result<LockFile, String>> {
        let lock = self.lock.get_or_init(|| {
            let path = self.doc.source.path();
            self.depend(|| Dep::File(self.repo.lock_path(path)));
            self.repo.lock_file(path)
        });
        lock.clone()
    }

    /// The KRs named in the decision log that governs this document.
    pub fn decision_refs(&self) -> Arc<Vec<DecisionRef>> {
        let path = self.doc.source.path();
        self.depend(|| Dep::DecisionLog(absolute(path.parent().unwrap_or(Path::new("")))));
        self.repo.decision_refs(path)
    }

    /// The git history of this document's repository; `None` outside git.
    pub fn git_history(&self) -> Option<Arc<GitHistory>> {
        let path = self.doc.source.path();
        self.depend(|| Dep::Git(self.repo.repo_root(path)));
        self.repo.git_history(path)
    }

    /// Notes what a finding read, when tracking; `dep` is not even made otherwise.
    fn depend(&self, dep: impl FnOnce() -> Dep) {
        if let Some(deps) = &self.deps {
            deps.borrow_mut().add(dep());
        }
    }

    /// The document's first KR with this ID, found in constant time so that rules
    /// looking up every check-in row's KR stay linear.
    pub fn key_result(&self, id: KrId) -> Option<&'a KeyResult> {
        let index = self.krs_by_id.get_or_init(|| {
            let mut index = FxHashMap::default();
            for (o, objective) in self.doc.objectives.iter().enumerate() {
                for (k, kr) in objective.key_results.iter().enumerate() {
                    if let Some(id) = kr.id {
                        index.entry(id).or_insert((o, k));
                    }
                }
            }
            index
        });
        let &(o, k) = index.get(&id)?;
        Some(&self.doc.objectives[o].key_results[k])
    }

    /// The document's check-in rows grouped by the KR they name.
    pub fn checkin_index(&self) -> &CheckinIndex {
        self.checkin_index
            .get_or_init(|| CheckinIndex::new(self.doc))
    }

    /// `kr`'s check-ins up to the as-of date, oldest first (see [`readings`]).
    pub fn history(&self, kr: &KeyResult) -> &[Reading] {
        self.per_kr(&self.histories, kr, || {
            let (doc, config, as_of) = (self.doc, self.config, self.as_of);
            let index = self.checkin_index();
            let read = |k: &&KeyResult| readings(doc, index, k, &method_for(k, config), as_of);
            let krs: Vec<&KeyResult> = self.doc.key_results().collect();
            match self.doc.checkins.as_ref().map_or(0, |t| t.rows.len()) {
                // Only a long log is worth threads of its own; files are linted in parallel.
                rows if rows >= PARALLEL_ROWS => crate::parallel::map(&krs, read),
                _ => krs.iter().map(read).collect(),
            }
        })
    }

    /// How `kr`'s ladder bands fail to fit together (see [`check_ladder`]); empty when
    /// it is not scored by a ladder.
    pub fn ladder_issues(&self, kr: &KeyResult) -> &[LadderIssue] {
        self.per_kr(&self.ladder_issues, kr, || {
            self.doc
                .key_results()
                .map(|k| match k.fields.scoring.as_ref().and_then(|s| s.ok()) {
                    Some(Scoring::Ladder { bands, .. }) => check_ladder(bands),
                    _ => Vec::new(),
                })
                .collect()
        })
    }

    /// Why `kr`'s statement reads as an activity, if it does (see [`activity::judge`]).
    pub fn activity(&self, kr: &KeyResult) -> Option<&Activity> {
        self.per_kr(&self.activities, kr, || {
            self.doc
                .key_results()
                .map(|k| {
                    // The judge reads English verbs and phrasing; it has no verdict on
                    // text in another language.
                    let statement = &k.heading.statement.value;
                    if !crate::text::is_english(statement) {
                        return Vec::new();
                    }
                    activity::judge(statement, &self.config.activity_verbs)
                        .into_iter()
                        .collect()
                })
                .collect()
        })
        .first()
    }

    /// `kr`'s entry in a table with one entry per KR, built by `make` on first use.
    fn per_kr<'s, T>(
        &'s self,
        table: &'s OnceCell<Vec<Vec<T>>>,
        kr: &KeyResult,
        make: impl FnOnce() -> Vec<Vec<T>>,
    ) -> &'s [T] {
        let table = table.get_or_init(make);
        kr_position(self.doc, kr).map_or(&[], |i| &table[i])
    }
}

/// `kr`'s position in [`Document::key_results`], found by its address in its objective's
/// list: no search through the KRs, so the per-KR tables cost the same per lookup in a
/// document of any size.
fn kr_position(doc: &Document, kr: &KeyResult) -> Option<usize> {
    let address = kr as *const KeyResult as usize;
    let mut before = 0;
    for objective in &doc.objectives {
        let list = &objective.key_results;
        let start = list.as_ptr() as usize;
        let size = std::mem::size_of::<KeyResult>();
        if (start..start + list.len() * size).contains(&address) {
            return Some(before + (address - start) / size);
        }
        before += list.len();
    }
    None
}

/// A finding before severity and suppression are applied.
pub struct Finding {
    /// The rule that found it.
    pub rule: &'static Rule,
    /// Where.
    pub span: Span,
    /// What is wrong here.
    pub message: String,
    /// How to fix it, when more specific than the rule's help.
    pub help: Option<String>,
    /// A mechanical fix, when there is one.
    pub fix: Option<Box<Fix>>,
}

/// Where a rule's check reports findings.
pub struct Findings {
    rule: &'static Rule,
    found: Vec<Finding>,
}

impl Findings {
    /// Reports a finding with the rule's default help.
    pub fn report(&mut self, span: Span, message: impl Into<String>) {
        self.found.push(Finding {
            rule: self.rule,
            span,
            message: exact(message.into()),
            help: None,
            fix: None,
        });
    }

    /// Reports a finding with a specific help line.
    pub fn report_with_help(
        &mut self,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.found.push(Finding {
            rule: self.rule,
            span,
            message: exact(message.into()),
            help: Some(help.into()),
            fix: None,
        });
    }

    /// Reports a finding with a specific help line and a mechanical fix.
    pub fn report_with_fix(
        &mut self,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
        fix: Fix,
    ) {
        self.found.push(Finding {
            rule: self.rule,
            span,
            message: exact(message.into()),
            help: Some(help.into()),
            fix: Some(Box::new(fix)),
        });
    }
}

/// `text` without the spare capacity `format!` leaves: a document can have a hundred
/// thousand findings, and they are all held until they are rendered.
fn exact(mut text: String) -> String {
    text.shrink_to_fit();
    text
}

/// A finding ready to render: located, with its final severity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    /// The file, shared by all of its findings.
    pub path: Arc<Path>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// 1-based line where the span ends.
    pub end_line: usize,
    /// 1-based column (exclusive) where the span ends.
    pub end_column: usize,
    /// Rule code.
    pub code: &'static str,
    /// Rule name.
    pub name: &'static str,
    /// `error` or `warning`.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// How to fix it: the rule's own help unless the finding has a more specific one.
    pub help: Cow<'static, str>,
    /// The source line the finding starts on, for snippets.
    #[serde(skip)]
    pub source_line: String,
    /// A mechanical fix, for editors.
    #[serde(skip)]
    pub fix: Option<Box<Fix>>,
}

/// Lints one OKR document with the rules its config enables; `repo` resolves links to others.
pub fn lint_document(
    doc: &Document,
    config: &Config,
    as_of: NaiveDate,
    repo: &RepoIndex,
) -> Vec<Diagnostic> {
    run_rules(document_rules(), doc, config, as_of, repo, false).0
}

/// [`lint_document`], with what the findings read beyond the document and its config.
pub fn lint_document_tracked(
    doc: &Document,
    config: &Config,
    as_of: NaiveDate,
    repo: &RepoIndex,
) -> (Vec<Diagnostic>, Vec<Dep>) {
    run_rules(document_rules(), doc, config, as_of, repo, true)
}

/// Every rule but those that read a decision log.
fn document_rules() -> impl Iterator<Item = &'static &'static Rule> {
    registry::RULES
        .iter()
        .filter(|r| !registry::LOG_RULES.iter().any(|l| std::ptr::eq(*l, **r)))
}

/// Lints a decision log with the rules that read it.
pub fn lint_decision_log(
    doc: &Document,
    config: &Config,
    as_of: NaiveDate,
    repo: &RepoIndex,
) -> Vec<Diagnostic> {
    run_rules(registry::LOG_RULES.iter(), doc, config, as_of, repo, false).0
}

fn run_rules<'r>(
    rules: impl Iterator<Item = &'r &'static Rule>,
    doc: &Document,
    config: &Config,
    as_of: NaiveDate,
    repo: &RepoIndex,
    track: bool,
) -> (Vec<Diagnostic>, Vec<Dep>) {
    let ctx = Context::new(doc, config, as_of, repo, track);
    let found = find(rules, &ctx);
    let deps = ctx
        .deps
        .map_or_else(Vec::new, |d| d.into_inner().into_vec());
    let mut kept = suppress::apply(doc, found);
    kept.retain(|f| level_for(f.rule, config) != RuleLevel::Off);
    let path: Arc<Path> = Arc::from(doc.source.path());
    let mut diagnostics: Vec<Diagnostic> = kept
        .into_iter()
        .map(|f| diagnostic(doc, config, &path, f))
        .collect();
    diagnostics.sort_by(|a, b| (a.line, a.column, a.code).cmp(&(b.line, b.column, b.code)));
    diagnostics.dedup_by(|a, b| {
        a.line == b.line && a.column == b.column && a.code == b.code && a.message == b.message
    });
    (diagnostics, deps)
}

/// Runs the enabled rules. The context (and the histories it read) is freed by the
/// caller before the findings become diagnostics, so the two never peak together.
fn find<'r>(rules: impl Iterator<Item = &'r &'static Rule>, ctx: &Context) -> Vec<Finding> {
    let mut found = Vec::new();
    for rule in rules {
        if level_for(rule, ctx.config) == RuleLevel::Off || suppress::is_meta_rule(rule) {
            continue;
        }
        let mut sink = Findings {
            rule,
            found: Vec::new(),
        };
        (rule.check)(ctx, &mut sink);
        // Grown exactly, not doubled: the findings peak together with the diagnostics.
        found.reserve_exact(sink.found.len());
        found.append(&mut sink.found);
    }
    found
}

/// The configured level of `rule`: by code, then by name, then its default.
pub fn level_for(rule: &Rule, config: &Config) -> RuleLevel {
    config
        .rules
        .get(rule.code)
        .or_else(|| config.rules.get(rule.name))
        .map(|l| l.value)
        .unwrap_or(match rule.severity {
            Severity::Warning => RuleLevel::Warning,
            Severity::Error => RuleLevel::Error,
        })
}

fn diagnostic(doc: &Document, config: &Config, path: &Arc<Path>, finding: Finding) -> Diagnostic {
    let (start, end) = doc.source.span_positions(finding.span);
    let severity = match level_for(finding.rule, config) {
        RuleLevel::Warning => Severity::Warning,
        _ => Severity::Error,
    };
    Diagnostic {
        path: Arc::clone(path),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        code: finding.rule.code,
        name: finding.rule.name,
        severity,
        message: finding.message,
        help: finding
            .help
            .map_or(Cow::Borrowed(finding.rule.help), Cow::Owned),
        source_line: doc.source.line_text(start.line).to_string(),
        fix: finding.fix,
    }
}
