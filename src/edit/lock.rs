//! Read-modify-write under an exclusive lock, so concurrent writers never lose an edit.
//!
//! Each file is locked (an advisory OS lock on the file itself) before it is read. Because
//! an atomic write replaces the file, a writer that waited on the lock checks that the
//! path still names the file it locked; if not, it starts over on the new file. Before
//! writing, the file is read again, and if anything else changed it in the meantime (an
//! editor), the edit is recomputed from the new text instead of overwriting it.

use super::atomic::stage;
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
        let Some(locks) = lock_all(&paths)? else {
            continue;
        };
        let originals = paths
            .iter()
            .map(|p| {
                std::fs::read_to_string(p).with_context(|| format!("{}: cannot read", p.display()))
            })
            .collect::<anyhow::Result<Vec<String>>>()?;
        let updated = paths
            .iter()
            .zip(&originals)
            .map(|(p, text)| edit(p, text))
            .collect::<anyhow::Result<Vec<String>>>()?;
        if !unchanged(&paths, &originals) {
            continue;
        }
        write_all(&paths, &originals, &updated)?;
        drop(locks);
        return Ok(());
    }
    bail!("the files kept changing while okr tried to write them; nothing was lost, try again")
}

/// Locks every file; `None` when one was replaced while waiting (start over).
fn lock_all(paths: &[PathBuf]) -> anyhow::Result<Option<Vec<File>>> {
    let mut locks = Vec::with_capacity(paths.len());
    for path in paths {
        let file = File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
        file.lock()
            .with_context(|| format!("{}: cannot lock", path.display()))?;
        let same = Handle::from_path(path).ok() == Some(Handle::from_file(file.try_clone()?)?);
        if !same {
            return Ok(None);
        }
        locks.push(file);
    }
    Ok(Some(locks))
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
/// rename; then commits each, restoring earlier files if a later rename fails.
fn write_all(paths: &[PathBuf], originals: &[String], updated: &[String]) -> anyhow::Result<()> {
    let mut staged = Vec::new();
    for (path, text) in paths.iter().zip(updated) {
        staged.push(
            stage(path, text.as_bytes())
                .with_context(|| format!("{}: cannot write", path.display()))?,
        );
    }
    for (i, file) in staged.into_iter().enumerate() {
        if let Err(e) = file.commit() {
            for (path, original) in paths[..i].iter().zip(originals) {
                let _ = super::write_atomic(path, original.as_bytes());
            }
            return Err(e).with_context(|| {
                format!(
                    "{}: cannot write; earlier files were restored",
                    paths[i].display()
                )
            });
        }
    }
    Ok(())
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
