//! `--at REV`: read the documents as they were at a git revision.

use super::inputs::InputArgs;
use crate::git::{export, Git};
use anyhow::Context as _;
use std::path::{Path, PathBuf};

/// The revision to read, for the commands that only read.
#[derive(Debug, Default, clap::Args)]
pub struct AtArgs {
    /// Read the documents, okr.yaml, the decision log and the lock as they were at this
    /// git revision (a commit, branch, tag or `HEAD~3`); the work tree is not touched.
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
}

/// A revision's files exported to a temporary directory, which is the working directory
/// until this is dropped.
pub struct Snapshot {
    previous: PathBuf,
    _files: tempfile::TempDir,
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        let _ = std::env::set_current_dir(&self.previous);
    }
}

impl AtArgs {
    /// With `--at`, exports the revision and moves into it, rewriting `inputs`' absolute
    /// paths into the copy; relative paths then name the same files as they were.
    pub fn enter(&self, inputs: &mut InputArgs) -> anyhow::Result<Option<Snapshot>> {
        let Some(rev) = &self.at else {
            return Ok(None);
        };
        enter_revision(rev, inputs).map(Some)
    }
}

/// Exports `rev` and moves into it (see [`AtArgs::enter`]).
pub fn enter_revision(rev: &str, inputs: &mut InputArgs) -> anyhow::Result<Snapshot> {
    let here = std::env::current_dir().context("cannot read the working directory")?;
    let git = Git::discover(&here).context("--at reads history from git")?;
    let commit = git.resolve(rev)?;
    let files = tempfile::Builder::new()
        .prefix("okr-at-")
        .tempdir()
        .context("cannot create a directory for the revision's files")?;
    export(&git, &commit, files.path())?;
    let root = git
        .root()
        .canonicalize()
        .unwrap_or(git.root().to_path_buf());
    let here = here.canonicalize().unwrap_or(here);
    let inside = |path: &Path| -> PathBuf {
        match path.strip_prefix(&root) {
            Ok(rel) => files.path().join(rel),
            Err(_) => path.to_path_buf(),
        }
    };
    for path in inputs.paths.iter_mut().chain(inputs.config.iter_mut()) {
        if path.is_absolute() {
            *path = inside(path);
        }
    }
    let cwd = inside(&here);
    std::fs::create_dir_all(&cwd).context("cannot enter the revision's files")?;
    std::env::set_current_dir(&cwd).context("cannot enter the revision's files")?;
    Ok(Snapshot {
        previous: here,
        _files: files,
    })
}
