//! Whether an alignment tree has a company-level document. The answer comes from the
//! head of each Markdown file in the tree. With a cache [`Place`], each directory's
//! answer is kept with a digest of its files' names and stamps, so a later run stats the
//! tree and reads heads only in directories where a file was added, removed or written.

use crate::cache::digest::Digest;
use crate::cache::Place;
use crate::files::absolute;
use crate::files::{now_nanos, Stamp};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::fs::Metadata;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

/// The kind of cache file that keeps a tree's heads.
const HEADS: &str = "company";

/// What a run learnt of a tree, as kept on disk.
#[derive(Default, Serialize, Deserialize)]
struct Heads {
    /// The okr version that wrote it; any other version's file is ignored.
    okr: String,
    /// Each directory's answer, by the directory's absolute path.
    dirs: BTreeMap<PathBuf, DirHeads>,
}

/// One directory's Markdown files as they were, and which were company documents.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct DirHeads {
    /// The digest of every file's name and stamp, in name order.
    files: Digest,
    /// The company documents' names.
    company: Vec<String>,
}

/// A directory's Markdown files, sorted by name, with their metadata.
type Listing = Vec<(PathBuf, Option<Metadata>)>;

/// Whether a Markdown file under `root`, other than those in `known`, says
/// `level: company`. With a `place`, directories whose files are unchanged are answered
/// from the heads kept there, and the heads are kept again when any changed.
pub fn tree_has_company_doc(root: &Path, known: &HashSet<PathBuf>, place: Option<&Place>) -> bool {
    match place {
        Some(place) => search_kept(root, known, place),
        None => search(root, known),
    }
}

/// Reads every head, stopping at the first company document.
fn search(root: &Path, known: &HashSet<PathBuf>) -> bool {
    let found = crate::workspace::walk_markdown(root, |entry| {
        let path = entry.path();
        if !known.contains(&absolute(path)) && file_says_company(path) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(None)
        }
    });
    !found.is_empty()
}

/// Stats every file, reads heads only in directories that changed since the heads kept
/// at `place`, and keeps them again when any did.
fn search_kept(root: &Path, known: &HashSet<PathBuf>, place: &Place) -> bool {
    let kept = place
        .read::<Heads>(HEADS, root)
        .filter(|h| h.okr == env!("CARGO_PKG_VERSION"))
        .unwrap_or_default();
    let walked = crate::workspace::walk_markdown(root, |entry| {
        ControlFlow::Continue(Some((entry.path().to_path_buf(), entry.metadata().ok())))
    });
    let dirs = by_directory(walked);
    let now = now_nanos();
    let answers = crate::parallel::map(&dirs, |(dir, files)| {
        dir_heads(files, kept.dirs.get(dir), now)
    });
    let found = dirs.iter().zip(&answers).any(|((dir, _), (heads, _))| {
        heads
            .company
            .iter()
            .any(|name| !known.contains(&absolute(&dir.join(name))))
    });
    let fresh = Heads {
        okr: env!("CARGO_PKG_VERSION").to_string(),
        dirs: dirs
            .into_iter()
            .zip(answers)
            .filter_map(|((dir, _), (heads, settled))| settled.then_some((dir, heads)))
            .collect(),
    };
    if fresh.dirs != kept.dirs {
        let _ = place.write(HEADS, root, &fresh);
    }
    found
}

/// The files grouped by directory, each group sorted by name.
fn by_directory(mut files: Vec<(PathBuf, Option<Metadata>)>) -> Vec<(PathBuf, Listing)> {
    // Byte order keeps each directory's files together and in name order.
    files.sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
    let mut dirs: Vec<(PathBuf, Listing)> = Vec::new();
    for (path, meta) in files {
        let dir = path.parent().unwrap_or(Path::new(""));
        match dirs.last_mut() {
            Some((last, listing)) if last.as_os_str() == dir.as_os_str() => {
                listing.push((path, meta));
            }
            _ => dirs.push((dir.to_path_buf(), vec![(path, meta)])),
        }
    }
    dirs
}

/// One directory's heads: the kept ones while every file's stamp is as it was, else read
/// from every file. The flag says whether every stamp was settled, so that the answer
/// may be kept.
fn dir_heads(files: &Listing, kept: Option<&DirHeads>, now: i128) -> (DirHeads, bool) {
    let stamps: Vec<Option<Stamp>> = files
        .iter()
        .map(|(_, meta)| meta.as_ref().and_then(|m| Stamp::settled(m, now)))
        .collect();
    let settled = stamps.iter().all(Option::is_some);
    let parts: Vec<Vec<u8>> = files
        .iter()
        .zip(&stamps)
        .map(|((path, _), stamp)| {
            let name = path.file_name().unwrap_or_default().as_encoded_bytes();
            [name, &stamp.map(|s| s.to_bytes()).unwrap_or([0; 64])].concat()
        })
        .collect();
    let digest = Digest::of_parts(parts.iter().map(Vec::as_slice));
    if let Some(kept) = kept.filter(|k| settled && k.files == digest) {
        return (kept.clone(), true);
    }
    let company = files
        .iter()
        .filter(|(path, _)| file_says_company(path))
        .filter_map(|(path, _)| Some(path.file_name()?.to_str()?.to_string()))
        .collect();
    let heads = DirHeads {
        files: digest,
        company,
    };
    (heads, settled)
}

/// Whether the file's first kilobyte holds front-matter with `level: company`.
fn file_says_company(path: &Path) -> bool {
    use std::io::Read;
    let mut buffer = [0u8; 1024];
    let read = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut buffer))
        .unwrap_or(0);
    front_matter_says_company(&String::from_utf8_lossy(&buffer[..read]))
}

/// Whether the front-matter block has `level: company`, without parsing the document.
fn front_matter_says_company(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.starts_with("---")
        && text
            .lines()
            .skip(1)
            .take_while(|l| l.trim_end() != "---")
            .any(|l| l.trim() == "level: company")
}
