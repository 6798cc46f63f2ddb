//! Many files written at once, such as the dashboard's pages. Each is staged beside its
//! target without an fsync of its own; a window of them is made durable by one filesystem
//! sync and then renamed into place. A reader, or a crash, sees each file old or new.
//!
//! An fsync per file costs milliseconds, and the stale-file sweep of [`super::stage`]
//! reads the whole directory: for thousands of pages in one directory, those dominated.

use super::atomic::{parent, stage_unsynced, sync_dir};
use std::collections::BTreeSet;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use tempfile::TempPath;

/// How many staged files wait for one sync.
const WINDOW: usize = 512;

/// Files being written together; [`Batch::finish`] puts the last of them in place.
/// Dropped unfinished, it deletes the files it staged but had not yet renamed.
#[derive(Debug, Default)]
pub struct Batch {
    pending: Vec<(TempPath, PathBuf)>,
    swept: BTreeSet<PathBuf>,
    written: usize,
}

impl Batch {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stages `path`'s new contents, written by `write`, to replace it atomically.
    pub fn write(
        &mut self,
        path: &Path,
        write: impl FnOnce(&mut File) -> io::Result<()>,
    ) -> io::Result<()> {
        let sweep = self.swept.insert(parent(path).to_path_buf());
        let staged = stage_unsynced(path, sweep, write)?;
        self.pending.push(staged.into_parts());
        if self.pending.len() >= WINDOW {
            self.commit_window()?;
        }
        Ok(())
    }

    /// How many files have been staged so far, in place or not.
    pub fn staged(&self) -> usize {
        self.written + self.pending.len()
    }

    /// Puts every staged file in place and returns how many files the batch wrote.
    pub fn finish(mut self) -> io::Result<usize> {
        self.commit_window()?;
        Ok(self.written)
    }

    fn commit_window(&mut self) -> io::Result<()> {
        let dirs: BTreeSet<PathBuf> = self
            .pending
            .iter()
            .map(|(_, target)| parent(target).to_path_buf())
            .collect();
        sync_staged(&self.pending, &dirs)?;
        for (temp, target) in self.pending.drain(..) {
            temp.persist(&target).map_err(|e| e.error)?;
            self.written += 1;
        }
        dirs.iter().for_each(|dir| sync_dir(dir));
        Ok(())
    }
}

/// One `syncfs` per directory's filesystem flushes every staged file in it.
#[cfg(target_os = "linux")]
fn sync_staged(_: &[(TempPath, PathBuf)], dirs: &BTreeSet<PathBuf>) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    for dir in dirs {
        let handle = File::open(dir)?;
        // SAFETY: the descriptor is open for the duration of the call.
        if unsafe { libc::syncfs(handle.as_raw_fd()) } != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// Elsewhere each staged file is fsynced.
#[cfg(not(target_os = "linux"))]
fn sync_staged(pending: &[(TempPath, PathBuf)], _: &BTreeSet<PathBuf>) -> io::Result<()> {
    pending
        .iter()
        .try_for_each(|(temp, _)| File::open(temp)?.sync_all())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn writes_every_file_across_windows_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("page0.html"), "old").unwrap();
        let mut batch = Batch::new();
        for n in 0..WINDOW + 3 {
            let path = dir.path().join(format!("page{n}.html"));
            batch.write(&path, |f| write!(f, "page {n}")).unwrap();
        }
        assert_eq!(batch.finish().unwrap(), WINDOW + 3);
        let names = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(names, WINDOW + 3);
        let first = std::fs::read_to_string(dir.path().join("page0.html")).unwrap();
        assert_eq!(first, "page 0");
    }

    #[test]
    fn a_batch_dropped_unfinished_leaves_targets_as_they_were() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index.html");
        std::fs::write(&path, "old").unwrap();
        let mut batch = Batch::new();
        batch.write(&path, |f| f.write_all(b"new")).unwrap();
        drop(batch);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
