//! Read-modify-write under an exclusive lock, so concurrent writers never lose an edit.
//!
//! Each file's directory is locked (an advisory OS lock) before the file is read, so okr
//! writers take turns even though every atomic write gives the file a new inode. Once the
//! new text is staged, the file is read again, and if anything else changed it in the
//! meantime (an editor), the edit is recomputed from the new text instead of overwriting
//! it. The final swap only happens if the path still names the file that was read (see
//! [`Staged::commit_if_unchanged`]).
//!
//! What this cannot promise: an editor that rewrites the file in place (same inode) in
//! the microseconds between the last read and the swap is not seen; the lock is advisory,
//! so only other okr processes wait for it.

use super::atomic::{resolve_link, stage, Commit, Staged};
use anyhow::{bail, Context};
use same_file::Handle;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

const ATTEMPTS: usize = 100;

/// Applies `edit` to the current text of every file in `paths` and writes the results
/// atomically, all under exclusive locks.
///
/// `edit` gets each path and its text and returns the new text, or an error that aborts
/// the whole update before any file is written. Files are locked in path order so two
/// updates of overlapping sets cannot deadlock.
pub fn update_locked(
    paths: &[PathBuf],
    mut edit: impl FnMut(&Path, &str) -> anyhow::Result<String>,
) -> anyhow::Result<()> {
    let mut paths = paths.to_vec();
    paths.sort();
    paths.dedup();
    for _ in 0..ATTEMPTS {
        let locks = lock_dirs(&paths)?;
        let (handles, originals) = read_all(&paths)?;
        let updated = paths
            .iter()
            .zip(&originals)
            .map(|(p, text)| edit(p, text))
            .collect::<anyhow::Result<Vec<String>>>()?;
        let staged = stage_all(&paths, &updated)?;
        // Staging fsyncs, which takes a while: check for outside edits after it, not before.
        if !unchanged(&paths, &originals) {
            continue;
        }
        if commit_all(&paths, &originals, staged, &handles)? {
            drop(locks);
            return Ok(());
        }
    }
    bail!("the files kept changing while okr tried to write them; nothing was written, try again")
}

/// Locks the directory of every file (of a symlink's target), in path order. A directory
/// keeps its identity while its files are replaced, so every okr writer in it waits here,
/// whatever the files' inodes are at the moment.
fn lock_dirs(paths: &[PathBuf]) -> anyhow::Result<Vec<File>> {
    let mut dirs = paths
        .iter()
        .map(|p| {
            let target =
                resolve_link(p).with_context(|| format!("{}: cannot open", p.display()))?;
            let dir = target.parent().filter(|d| !d.as_os_str().is_empty());
            Ok(dir.unwrap_or(Path::new(".")).to_path_buf())
        })
        .collect::<anyhow::Result<Vec<PathBuf>>>()?;
    dirs.sort();
    dirs.dedup();
    dirs.iter()
        .map(|dir| {
            let handle =
                File::open(dir).with_context(|| format!("{}: cannot open", dir.display()))?;
            handle
                .lock()
                .with_context(|| format!("{}: cannot lock", dir.display()))?;
            Ok(handle)
        })
        .collect()
}

/// Each file's identity and text, read through the same open file.
fn read_all(paths: &[PathBuf]) -> anyhow::Result<(Vec<Handle>, Vec<String>)> {
    paths
        .iter()
        .map(|p| {
            let (mut file, meta) = crate::files::open_regular(&crate::files::confine(p)?)
                .map_err(crate::files::OpenError::into_io)
                .with_context(|| format!("{}: cannot open", p.display()))?;
            let bytes = crate::files::read_all(&mut file, meta.len(), crate::files::DOCUMENT_LIMIT)
                .with_context(|| format!("{}: cannot read", p.display()))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| anyhow::anyhow!("{}: not valid UTF-8", p.display()))?;
            Ok((Handle::from_file(file)?, text))
        })
        .collect::<anyhow::Result<Vec<(Handle, String)>>>()
        .map(|pairs| pairs.into_iter().unzip())
}

fn unchanged(paths: &[PathBuf], originals: &[String]) -> bool {
    paths
        .iter()
        .zip(originals)
        .all(|(p, text)| holds_exactly(p, text.as_bytes()).unwrap_or(false))
}

/// Whether the file at `path` holds exactly `expected`, read through a small buffer
/// rather than a second copy of the whole file.
fn holds_exactly(path: &Path, mut expected: &[u8]) -> std::io::Result<bool> {
    let mut file = File::open(path)?;
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let n = match file.read(&mut buffer) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            read => read?,
        };
        if n == 0 {
            return Ok(expected.is_empty());
        }
        match expected.strip_prefix(&buffer[..n]) {
            Some(rest) => expected = rest,
            None => return Ok(false),
        }
    }
}

/// Stages every file first, so a full disk or a read-only file stops the run before any
/// rename.
fn stage_all(paths: &[PathBuf], updated: &[String]) -> anyhow::Result<Vec<Staged>> {
    paths
        .iter()
        .zip(updated)
        .map(|(path, text)| {
            stage(path, text.as_bytes())
                .with_context(|| format!("{}: cannot write", path.display()))
        })
        .collect()
}

/// Commits each staged file over the file that was read. `false` when another program
/// replaced one of them first: earlier files are put back and nothing is left changed,
/// so the caller starts over from the new text.
fn commit_all(
    paths: &[PathBuf],
    originals: &[String],
    staged: Vec<Staged>,
    handles: &[Handle],
) -> anyhow::Result<bool> {
    for (i, (file, read)) in staged.into_iter().zip(handles).enumerate() {
        let outcome = file.commit_if_unchanged(read);
        if !matches!(outcome, Ok(Commit::Done)) {
            for (path, original) in paths[..i].iter().zip(originals) {
                let _ = super::write_atomic(path, original.as_bytes());
            }
        }
        match outcome {
            Ok(Commit::Done) => {}
            Ok(Commit::Changed) => return Ok(false),
            Err(e) => {
                return Err(e).with_context(|| {
                    format!(
                        "{}: cannot write; earlier files were restored",
                        paths[i].display()
                    )
                })
            }
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::holds_exactly;

    #[test]
    fn holds_exactly_compares_every_byte_and_the_length() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.md");
        let text: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &text).unwrap();
        assert!(holds_exactly(&path, &text).unwrap());
        assert!(!holds_exactly(&path, &text[..text.len() - 1]).unwrap());
        let mut longer = text.clone();
        longer.push(b'x');
        assert!(!holds_exactly(&path, &longer).unwrap());
        let mut changed = text.clone();
        changed[150_000] ^= 1;
        assert!(!holds_exactly(&path, &changed).unwrap());
        std::fs::write(&path, b"").unwrap();
        assert!(holds_exactly(&path, b"").unwrap());
        assert!(holds_exactly(&dir.path().join("gone.md"), b"").is_err());
    }
}
