//! Reading input files safely: regular files only, with a size limit where the input is
//! small by nature (config, CSV), and a message that says what a path really is.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// The most bytes okr reads from a config file or metric dictionary.
pub const CONFIG_LIMIT: u64 = 1 << 20;

/// The most bytes okr reads from a decision log or lock file.
pub const LOG_LIMIT: u64 = 64 << 20;

/// The most bytes okr reads from a CSV import.
pub const CSV_LIMIT: u64 = 64 << 20;

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

/// The whole of an opened file whose size is `len` (a hint: it may have changed).
pub fn read_all(file: &mut File, len: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
    // `File::read_to_end` asks for the size again (a stat and a seek); `len` has said it.
    JustRead(file).read_to_end(&mut bytes)?;
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
    let (file, _) = open_regular(path).map_err(|e| match e {
        OpenError::NotRegular(what) => io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("not a regular file: it is {what}"),
        ),
        OpenError::Io(e) => e,
    })?;
    let mut text = String::new();
    file.take(limit + 1).read_to_string(&mut text)?;
    if text.len() as u64 > limit {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "larger than the {} MB okr reads from this kind of file",
                limit >> 20
            ),
        ));
    }
    Ok(text)
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
