//! `okr hook install`: a git pre-commit hook for teams without the pre-commit framework.

use super::exit;
use anyhow::{bail, Context};
use std::path::PathBuf;

/// The hook script: lint the staged Markdown files, nothing else.
pub const HOOK: &str = r#"#!/bin/sh
# Installed by `okr hook install`. Lints the OKR documents staged in this commit;
# other Markdown files are skipped. Bypass once with `git commit --no-verify`.
git diff --cached --name-only --diff-filter=ACMR -z -- '*.md' '*.markdown' |
  xargs -0 sh -c '[ "$#" -eq 0 ] || exec okr lint -- "$@"' okr-pre-commit
"#;

/// Arguments for `okr hook`.
#[derive(Debug, clap::Args)]
pub struct HookArgs {
    #[command(subcommand)]
    action: HookAction,
}

#[derive(Debug, clap::Subcommand)]
enum HookAction {
    /// Write .git/hooks/pre-commit so every commit lints its staged OKR documents.
    Install {
        /// Replace an existing pre-commit hook.
        #[arg(long)]
        force: bool,
    },
}

/// Runs `okr hook` and returns its exit status.
pub fn run(args: HookArgs) -> anyhow::Result<u8> {
    let HookAction::Install { force } = args.action;
    let hooks = hooks_dir()?;
    let path = hooks.join("pre-commit");
    if path.exists() && !force {
        bail!(
            "{} already exists; pass --force to replace it",
            path.display()
        );
    }
    std::fs::create_dir_all(&hooks)
        .with_context(|| format!("{}: cannot create", hooks.display()))?;
    crate::edit::write_atomic(&path, HOOK.as_bytes())
        .with_context(|| format!("{}: cannot write", path.display()))?;
    make_executable(&path)?;
    println!("okr: installed {}", path.display());
    Ok(exit::CLEAN)
}

/// The repository's hooks directory, as git reports it (worktrees and `core.hooksPath` included).
fn hooks_dir() -> anyhow::Result<PathBuf> {
    let output = std::process::Command::new("git")
        .args(["rev-parse", "--git-path", "hooks"])
        .output()
        .context("cannot run git; is it installed?")?;
    if !output.status.success() {
        bail!("not inside a git repository");
    }
    Ok(PathBuf::from(
        String::from_utf8_lossy(&output.stdout).trim(),
    ))
}

#[cfg(unix)]
fn make_executable(path: &std::path::Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .with_context(|| format!("{}: cannot make executable", path.display()))
}

#[cfg(not(unix))]
fn make_executable(_: &std::path::Path) -> anyhow::Result<()> {
    Ok(())
}
