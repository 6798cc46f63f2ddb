//! The one door to the file system for repository content. A repository is untrusted
//! input: every file okr reads from it is a regular file (never a device, FIFO or
//! socket), is read up to a limit that fits its role, and when a symlink is on the way,
//! it must lead to a place inside the repository that holds the path. Writes go through
//! [`confine`] too, so a committed symlink cannot point a write elsewhere.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

/// The most bytes okr reads from a config file or metric dictionary.
pub const CONFIG_LIMIT: u64 = 1 << 20;

/// The most bytes okr reads from a decision log or lock file.
pub const LOG_LIMIT: u64 = 64 << 20;

/// The most bytes okr reads from a CSV import.
pub const CSV_LIMIT: u64 = 64 << 20;

/// The most bytes okr reads from one ignore file (`.gitignore`, `.ignore`, `.okrignore`).
pub const IGNORE_LIMIT: u64 = 1 << 20;

/// The most bytes okr reads from one OKR document: far above any real one (the largest
/// real documents are a few hundred kilobytes; a check-ins table of years of daily rows
/// is a few megabytes).
pub const DOCUMENT_LIMIT: u64 = 64 << 20;

/// The most headings and list items okr reads in one document. Each may become an
/// objective, a key result or a card line, which cost far more memory than their text;
/// table rows are not counted, as a check-in row costs about what its text does.
pub const DOCUMENT_BLOCKS: usize = 100_000;

/// Refuses document text with more than [`DOCUMENT_BLOCKS`] headings and list items,
/// before it is parsed, so memory follows the file on any input.
pub fn check_document(text: &str) -> io::Result<()> {
    let blocks = crate::text::heading_and_item_lines(text.as_bytes());
    if blocks > DOCUMENT_BLOCKS {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "it has {blocks} headings and list items; okr reads at most {DOCUMENT_BLOCKS} \
                 in one document (split it)"
            ),
        ));
    }
    Ok(())
}

/// The most bytes okr reads from one cache file.
pub const CACHE_LIMIT: u64 = 256 << 20;

/// `path` made absolute and free of `.` and `..`, without touching the file system.
pub fn absolute(path: &Path) -> PathBuf {
    normalise(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// `path` without `.` and `..` components, worked out on the text alone.
pub fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The repository that holds `path` as written (symlinks not followed): the closest
/// ancestor with `.git`, else the directory above the closest `okrs/`, else the closest
/// directory with `okr.yaml`; `None` outside any of them.
pub fn repository_of(path: &Path) -> Option<PathBuf> {
    let path = absolute(path);
    let dirs = || path.ancestors();
    if let Some(top) = dirs().find(|d| std::fs::symlink_metadata(d.join(".git")).is_ok()) {
        return Some(top.to_path_buf());
    }
    dirs().find_map(|d| {
        if d.file_name().is_some_and(|n| n == "okrs") {
            d.parent().map(Path::to_path_buf)
        } else {
            d.join("okr.yaml").is_file().then(|| d.to_path_buf())
        }
    })
}

/// Where `path` really is, when following its symlinks keeps it inside the repository
/// that holds it (see [`repository_of`]); a path outside every repository is taken as
/// it is. A path that does not exist yet is placed by its directory.
pub fn confine(path: &Path) -> io::Result<PathBuf> {
    match repository_of(path) {
        Some(top) => confine_within(path, &top),
        None => Ok(absolute(path)),
    }
}

/// Where `path` really is, when that is inside `boundary`; an error that names the way
/// out otherwise.
pub fn confine_within(path: &Path, boundary: &Path) -> io::Result<PathBuf> {
    let path = absolute(path);
    let real = real_path(&path)?;
    let top = std::fs::canonicalize(boundary).unwrap_or_else(|_| absolute(boundary));
    if real.starts_with(&top) {
        return Ok(real);
    }
    Err(io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!(
            "refused: a symlink leads it outside {} (okr never follows a repository's \
             symlinks out of it)",
            boundary.display()
        ),
    ))
}

/// `path` with every symlink resolved; for a missing file, its directory's real path
/// joined with its name.
fn real_path(path: &Path) -> io::Result<PathBuf> {
    match std::fs::canonicalize(path) {
        Ok(real) => Ok(real),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if std::fs::symlink_metadata(path).is_ok() {
                return Err(io::Error::new(
                    io::ErrorKind::NotFound,
                    "a broken symlink".to_string(),
                ));
            }
            match (path.parent(), path.file_name()) {
                (Some(dir), Some(name)) if dir != path => Ok(real_path(dir)?.join(name)),
                _ => Ok(path.to_path_buf()),
            }
        }
        Err(e) => Err(e),
    }
}

/// Reads a file of the repository that holds it as UTF-8: confined (see [`confine`]),
/// a regular file, at most `limit` bytes.
pub fn read_confined(path: &Path, limit: u64) -> io::Result<String> {
    read_regular(&confine(path)?, limit)
}

/// Reads an OKR document that another file of the repository names (a link's target):
/// confined, a regular file, at most [`DOCUMENT_LIMIT`] bytes.
pub fn read_document(path: &Path) -> io::Result<String> {
    let text = read_confined(path, DOCUMENT_LIMIT)?;
    check_document(&text)?;
    Ok(text)
}

/// Reads a file of the repository that holds it as bytes, as [`read_confined`] does.
pub fn read_confined_bytes(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    read_regular_bytes(&confine(path)?, limit)
}

/// A regular file's bytes, when it holds at most `limit` of them.
fn read_regular_bytes(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let (file, meta) = open_regular(path).map_err(OpenError::into_io)?;
    if meta.len() > limit {
        return Err(too_large(limit));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

fn too_large(limit: u64) -> io::Error {
    let size = if limit >= 1 << 20 {
        format!("{} MB", limit >> 20)
    } else {
        format!("{} KB", limit >> 10)
    };
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("larger than the {size} okr reads from this kind of file"),
    )
}

/// Why an ignore file in `dir` would not be read safely: it is there and is a symlink,
/// not a regular file, or larger than [`IGNORE_LIMIT`]. git itself never follows a
/// symlinked `.gitignore`.
pub fn unsafe_ignore_file(dir: &Path) -> Option<String> {
    [".gitignore", ".ignore"].into_iter().find_map(|name| {
        let path = dir.join(name);
        let meta = std::fs::symlink_metadata(&path).ok()?;
        let why = if meta.file_type().is_symlink() {
            "it is a symlink".to_string()
        } else if !meta.is_file() {
            format!("it is {}", kind_of(&meta))
        } else if meta.len() > IGNORE_LIMIT {
            too_large(IGNORE_LIMIT).to_string()
        } else {
            return None;
        };
        Some(format!(
            "{}: refused: {why}; okr reads only regular ignore files",
            path.display()
        ))
    })
}

/// What a path names when it exists but is not a regular file, in words for a message.
/// `None` for a regular file and for a path that does not exist at all.
pub fn not_regular(path: &Path) -> Option<String> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => None,
        Ok(meta) => Some(kind_of(&meta).to_string()),
        Err(e) if is_loop(&e) => Some("a symlink loop".to_string()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => std::fs::symlink_metadata(path)
            .ok()
            .map(|_| "a broken symlink".to_string()),
        Err(e) => Some(format!("unreadable ({e})")),
    }
}

/// `a directory`, `a FIFO`, `a character device`… for a path that exists.
pub fn kind_of(meta: &Metadata) -> &'static str {
    if meta.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if meta.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

fn is_loop(e: &io::Error) -> bool {
    // ELOOP: 40 on Linux, 62 on the BSDs and macOS.
    matches!(e.raw_os_error(), Some(40) | Some(62))
}

/// Why a path could not be opened as a regular file.
#[derive(Debug)]
pub enum OpenError {
    /// It exists but is something else: what it is, in words.
    NotRegular(String),
    /// Opening it failed (a missing file is `NotFound`).
    Io(io::Error),
}

impl OpenError {
    /// The error as an I/O error, with what the path is in its message.
    pub fn into_io(self) -> io::Error {
        match self {
            OpenError::NotRegular(what) => io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("not a regular file: it is {what}"),
            ),
            OpenError::Io(e) => e,
        }
    }
}

/// Opens `path` for reading when it is a regular file, with its metadata: one `open` and
/// one `fstat`. On Linux the open does not block, so a FIFO is refused, not waited on.
pub fn open_regular(path: &Path) -> Result<(File, Metadata), OpenError> {
    #[cfg(not(target_os = "linux"))]
    if let Some(what) = not_regular(path) {
        return Err(OpenError::NotRegular(what));
    }
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options
        .open(path)
        .map_err(|e| not_regular(path).map_or(OpenError::Io(e), OpenError::NotRegular))?;
    let meta = file.metadata().map_err(OpenError::Io)?;
    if !meta.is_file() {
        return Err(OpenError::NotRegular(kind_of(&meta).to_string()));
    }
    Ok((file, meta))
}

/// The whole of an opened file whose size is `len` (a hint: it may have changed), when
/// it holds at most `limit` bytes.
pub fn read_all(file: &mut File, len: u64, limit: u64) -> io::Result<Vec<u8>> {
    if len > limit {
        return Err(too_large(limit));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
    // `File::read_to_end` asks for the size again (a stat and a seek); `len` has said it.
    JustRead(file).take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

/// A file read with nothing but `read`.
struct JustRead<'a>(&'a mut File);

impl Read for JustRead<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

/// What `fstat` says of a file, enough to tell that it has not been written since: its
/// size, modification and change times (nanoseconds), inode and device.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    len: u64,
    mtime: i128,
    ctime: i128,
    ino: u64,
    dev: u64,
}

/// How long after a file was last written its stamp is trusted: a write within the same
/// timestamp tick as the read could leave every field as it was (git's racy-file rule).
const SETTLED: i128 = 2_000_000_000;

impl Stamp {
    /// `meta`'s stamp, if the file was last written or changed well before `now` (Unix
    /// nanoseconds); `None` on other systems or when it is too recent to trust.
    pub fn settled(meta: &Metadata, now: i128) -> Option<Self> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let nanos = |s: i64, ns: i64| i128::from(s) * 1_000_000_000 + i128::from(ns);
            let stamp = Self {
                len: meta.len(),
                mtime: nanos(meta.mtime(), meta.mtime_nsec()),
                ctime: nanos(meta.ctime(), meta.ctime_nsec()),
                ino: meta.ino(),
                dev: meta.dev(),
            };
            (stamp.mtime.max(stamp.ctime) + SETTLED <= now).then_some(stamp)
        }
        #[cfg(not(unix))]
        {
            let _ = (meta, now);
            None
        }
    }

    /// The stamp as bytes, for digests of many stamps.
    pub fn to_bytes(&self) -> [u8; 64] {
        let mut bytes = [0u8; 64];
        bytes[..8].copy_from_slice(&self.len.to_le_bytes());
        bytes[8..24].copy_from_slice(&self.mtime.to_le_bytes());
        bytes[24..40].copy_from_slice(&self.ctime.to_le_bytes());
        bytes[40..48].copy_from_slice(&self.ino.to_le_bytes());
        bytes[48..56].copy_from_slice(&self.dev.to_le_bytes());
        bytes
    }
}

/// The time now in Unix nanoseconds (0 if the clock is before 1970).
pub fn now_nanos() -> i128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i128)
}

/// Reads a regular file as UTF-8, refusing other kinds of path and files over `limit`
/// bytes. A missing file is the usual `NotFound` error.
pub fn read_regular(path: &Path, limit: u64) -> io::Result<String> {
    String::from_utf8(read_regular_bytes(path, limit)?).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        )
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn names_what_a_path_is() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(not_regular(dir.path()).as_deref(), Some("a directory"));
        assert_eq!(
            not_regular(Path::new("/dev/null")).as_deref(),
            Some("a character device")
        );
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        assert_eq!(not_regular(&a).as_deref(), Some("a symlink loop"));
        let file = dir.path().join("f.md");
        std::fs::write(&file, "x").unwrap();
        assert_eq!(not_regular(&file), None);
    }

    #[test]
    fn opens_only_regular_files_and_says_what_else_a_path_is() {
        let dir = tempfile::tempdir().unwrap();
        let what = |path: &Path| match open_regular(path) {
            Ok((_, meta)) => format!("a file of {} bytes", meta.len()),
            Err(OpenError::NotRegular(what)) => what,
            Err(OpenError::Io(e)) => format!("{:?}", e.kind()),
        };
        let file = dir.path().join("f.md");
        std::fs::write(&file, "hello").unwrap();
        let broken = dir.path().join("broken.md");
        std::os::unix::fs::symlink(dir.path().join("gone"), &broken).unwrap();
        assert_eq!(what(&file), "a file of 5 bytes");
        assert_eq!(what(dir.path()), "a directory");
        assert_eq!(what(Path::new("/dev/null")), "a character device");
        assert_eq!(what(&broken), "a broken symlink");
        assert_eq!(what(&dir.path().join("missing.md")), "NotFound");
    }

    #[test]
    fn stops_at_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("big.csv");
        std::fs::write(&file, vec![b'a'; 2 << 20]).unwrap();
        let err = read_regular(&file, 1 << 20).unwrap_err();
        assert!(err.to_string().contains("larger than the 1 MB"), "{err}");
        assert_eq!(read_regular(&file, 4 << 20).unwrap().len(), 2 << 20);
    }
}
