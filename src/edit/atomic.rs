//! Atomic replacement: write a temporary file beside the target, fsync it, rename it over.
//!
//! A symlink is followed and its target replaced, so the link stays a link. A file with
//! more than one hard link is refused, since replacing it would split the links. Temporary
//! files are named `.okr-<pid>-….tmp`; one left by a process that no longer runs (a kill
//! in the middle of a write) is removed on the next write to the same directory.

use same_file::Handle;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Replaces `path` with `bytes` so that readers see the old file or the new one, never a mix.
///
/// The temporary file lives in the same directory (so the rename is atomic), takes the
/// original's permissions, and is fsynced before the rename; the directory is fsynced after.
/// A read-only target is refused before anything is written.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    stage(path, bytes)?.commit()
}

/// New contents written and fsynced beside the target, not yet renamed over it.
///
/// Dropping it without [`Staged::commit`] (an error, a crash) deletes the temporary file
/// and leaves the target exactly as it was.
#[derive(Debug)]
pub struct Staged {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
}

/// What [`Staged::commit_if_unchanged`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Commit {
    /// The new contents replaced the file that was read.
    Done,
    /// Something else had replaced the file first; it was left as it was.
    Changed,
}

impl Staged {
    /// The staged file, closed, and the path it is to replace.
    pub(super) fn into_parts(self) -> (tempfile::TempPath, PathBuf) {
        (self.temp.into_temp_path(), self.target)
    }

    /// Renames the staged file over the target.
    pub fn commit(self) -> io::Result<()> {
        let dir = parent(&self.target).to_path_buf();
        self.temp.persist(&self.target).map_err(|e| e.error)?;
        sync_dir(&dir);
        Ok(())
    }

    /// Replaces the target only if it is still the file `read` (the one whose text the new
    /// contents were made from). On Linux the check and the swap are one atomic exchange,
    /// undone when another file had taken the target's place, so an editor's save that
    /// lands at the last moment is never overwritten.
    pub fn commit_if_unchanged(self, read: &Handle) -> io::Result<Commit> {
        let dir = parent(&self.target).to_path_buf();
        let outcome = exchange_if_unchanged(self, read)?;
        sync_dir(&dir);
        Ok(outcome)
    }
}

#[cfg(target_os = "linux")]
fn exchange_if_unchanged(staged: Staged, read: &Handle) -> io::Result<Commit> {
    let ours = Handle::from_file(staged.temp.as_file().try_clone()?)?;
    // A cheap look first: most late saves are seen here, before our text is ever visible.
    if Handle::from_path(&staged.target)? != *read {
        return Ok(Commit::Changed);
    }
    let temp = staged.temp.into_temp_path();
    exchange(&temp, &staged.target)?;
    // `temp` now names what the target held a moment ago.
    if Handle::from_path(&temp)? == *read {
        temp.close()?;
        return Ok(Commit::Done);
    }
    exchange(&temp, &staged.target)?;
    if Handle::from_path(&temp)? == ours {
        temp.close()?;
        return Ok(Commit::Changed);
    }
    let name = staged
        .target
        .file_name()
        .unwrap_or_default()
        .to_string_lossy();
    let kept = staged
        .target
        .with_file_name(format!("{name}.conflict-{}", std::process::id()));
    temp.persist(&kept).map_err(|e| e.error)?;
    Err(io::Error::other(format!(
        "{} was saved twice by another program while okr wrote it; the other version is kept at {}",
        staged.target.display(),
        kept.display()
    )))
}

/// Swaps two paths atomically (`renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths, resolved against the working directory.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Elsewhere the check and the rename are two steps, a few microseconds apart.
#[cfg(not(target_os = "linux"))]
fn exchange_if_unchanged(staged: Staged, read: &Handle) -> io::Result<Commit> {
    if Handle::from_path(&staged.target)? != *read {
        return Ok(Commit::Changed);
    }
    staged.temp.persist(&staged.target).map_err(|e| e.error)?;
    Ok(Commit::Done)
}

/// Writes `bytes` to a temporary file beside `path` (beside a symlink's target), ready
/// to [`Staged::commit`].
pub fn stage(path: &Path, bytes: &[u8]) -> io::Result<Staged> {
    let staged = stage_unsynced(path, true, |file| file.write_all(bytes))?;
    staged.temp.as_file().sync_all()?;
    Ok(staged)
}

/// [`stage`] with the contents written by `write` and not yet fsynced; `clean` first
/// removes temporary files that dead processes left in the directory.
pub(super) fn stage_unsynced(
    path: &Path,
    clean: bool,
    write: impl FnOnce(&mut std::fs::File) -> io::Result<()>,
) -> io::Result<Staged> {
    let target = resolve_link(path)?;
    let permissions = match std::fs::metadata(&target) {
        Ok(meta) if meta.permissions().readonly() => {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "the file is read-only",
            ))
        }
        Ok(meta) => {
            refuse_hard_links(&meta)?;
            Some(meta.permissions())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let dir = parent(&target);
    if clean {
        remove_stale_temp_files(dir);
    }
    let mut builder = tempfile::Builder::new();
    let prefix = format!(".okr-{}-", std::process::id());
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(permissions.clone().unwrap_or_else(new_file_permissions));
    let mut temp = builder.tempfile_in(dir)?;
    write(temp.as_file_mut())?;
    if let Some(permissions) = permissions {
        temp.as_file().set_permissions(permissions)?;
    }
    Ok(Staged { temp, target })
}

/// The file a symlink finally names (the path itself when it is not a link), when it
/// stays inside the repository that holds `path` (see [`crate::files::confine`]) and is
/// a regular file or not there yet.
pub(crate) fn resolve_link(path: &Path) -> io::Result<PathBuf> {
    let target = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => crate::files::confine(path)
            .map_err(|e| io::Error::new(e.kind(), format!("cannot follow the symlink: {e}")))?,
        _ => crate::files::confine(path).map(|_| path.to_path_buf())?,
    };
    match std::fs::metadata(&target) {
        Ok(meta) if !meta.is_file() => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "refused: it is {}, and okr writes only regular files",
                crate::files::kind_of(&meta)
            ),
        )),
        _ => Ok(target),
    }
}

/// Replacing a file with several hard links would leave the others holding the old text.
fn refuse_hard_links(meta: &std::fs::Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(io::Error::other(format!(
                "the file has {} hard links, and okr replaces files whole, which would split them; \
                 keep one link (a symlink works) and try again",
                meta.nlink()
            )));
        }
    }
    let _ = meta;
    Ok(())
}

/// Removes `.okr-<pid>-….tmp` files in `dir` whose process is gone. Only where `/proc`
/// tells which processes run; elsewhere they are left alone.
fn remove_stale_temp_files(dir: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = okr_temp_pid(&name.to_string_lossy()) else {
            continue;
        };
        if !Path::new("/proc").join(pid.to_string()).exists() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process ID in an okr temporary file's name, `.okr-<pid>-XXXXXX.tmp`.
fn okr_temp_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(".okr-")?.strip_suffix(".tmp")?;
    let (pid, random) = rest.split_once('-')?;
    (!random.is_empty()).then_some(())?;
    pid.parse().ok()
}

/// A new file gets 0666 less the umask (0644 under 022), as `touch` or an editor would
/// make it; the kernel applies the umask to the mode given at creation.
#[cfg(unix)]
fn new_file_permissions() -> std::fs::Permissions {
    std::os::unix::fs::PermissionsExt::from_mode(0o666)
}

pub(super) fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Makes the rename durable. Best effort: not every platform can open a directory.
pub(super) fn sync_dir(dir: &Path) {
    if let Ok(handle) = std::fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_contents_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.md");
        std::fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn an_interrupted_write_leaves_the_original_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.md");
        std::fs::write(&path, "original").unwrap();
        let staged = stage(&path, b"half-finished edit").unwrap();
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            2,
            "temp file beside target"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "original");
        drop(staged); // the process stops before the rename
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "original");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left"
        );
    }

    #[test]
    fn refuses_read_only_files_and_keeps_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.md");
        std::fs::write(&path, "old").unwrap();
        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&path, perms).unwrap();
        let err = write_atomic(&path, b"new").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    }
}
