//! Atomic replacement: write a temporary file beside the target, fsync it, rename it over.

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

impl Staged {
    /// Renames the staged file over the target.
    pub fn commit(self) -> io::Result<()> {
        let dir = parent(&self.target).to_path_buf();
        self.temp.persist(&self.target).map_err(|e| e.error)?;
        sync_dir(&dir);
        Ok(())
    }
}

/// Writes `bytes` to a temporary file beside `path`, ready to [`Staged::commit`].
pub fn stage(path: &Path, bytes: &[u8]) -> io::Result<Staged> {
    let permissions = match std::fs::metadata(path) {
        Ok(meta) if meta.permissions().readonly() => {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "the file is read-only",
            ))
        }
        Ok(meta) => Some(meta.permissions()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".okr-").suffix(".tmp");
    #[cfg(unix)]
    if permissions.is_none() {
        builder.permissions(new_file_permissions());
    }
    let mut temp = builder.tempfile_in(parent(path))?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    if let Some(permissions) = permissions {
        temp.as_file().set_permissions(permissions)?;
    }
    Ok(Staged {
        temp,
        target: path.to_path_buf(),
    })
}

/// A new file gets 0666 less the umask (0644 under 022), as `touch` or an editor would
/// make it; the kernel applies the umask to the mode given at creation.
#[cfg(unix)]
fn new_file_permissions() -> std::fs::Permissions {
    std::os::unix::fs::PermissionsExt::from_mode(0o666)
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Makes the rename durable. Best effort: not every platform can open a directory.
fn sync_dir(dir: &Path) {
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
