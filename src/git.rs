//! History from git, through the `git` binary.
//!
//! The binary is on every machine that has a repository to read, speaks every object
//! format and pack version the repository might use, and keeps okr free of a second
//! object-database implementation. One `git cat-file --batch` process serves every file
//! read from history, so reading a hundred revisions costs one process, not a hundred.

use chrono::NaiveDate;
use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// Why git could not answer.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// The directory is not inside a git work tree (or git is not installed).
    #[error("{0} is not inside a git repository")]
    NotARepository(PathBuf),
    /// The revision names no commit.
    #[error("`{0}` is not a commit in this repository")]
    UnknownRevision(String),
    /// The revision names no commit this shallow clone has.
    #[error("`{0}` is not a commit in this shallow clone; run `git fetch --unshallow` to read older history")]
    NotInShallowClone(String),
    /// git ran and failed.
    #[error("git {command} failed: {message}")]
    Failed {
        /// The subcommand.
        command: String,
        /// git's own message.
        message: String,
    },
}

/// What `root`'s work tree has checked out, read from `.git` without running git: the
/// commit ID HEAD points at, with the shallow boundary when the clone is shallow. `None`
/// when `.git` is not a plain directory (a linked work tree, a submodule) or HEAD names
/// a branch with no commit yet.
pub fn checked_out(root: &Path) -> Option<String> {
    let git = root.join(".git");
    let head = std::fs::read_to_string(git.join("HEAD")).ok()?;
    let head = head.trim();
    let commit = match head.strip_prefix("ref: ") {
        None => head.to_string(),
        Some(name) => match std::fs::read_to_string(git.join(name)) {
            Ok(id) => id.trim().to_string(),
            Err(_) => packed_ref(&git, name)?,
        },
    };
    let shallow = std::fs::read_to_string(git.join("shallow")).unwrap_or_default();
    Some(format!("{commit}\n{shallow}"))
}

/// The commit ID `packed-refs` gives for the ref `name`.
fn packed_ref(git: &Path, name: &str) -> Option<String> {
    let packed = std::fs::read_to_string(git.join("packed-refs")).ok()?;
    packed.lines().find_map(|line| {
        let (id, reference) = line.split_once(' ')?;
        (reference == name).then(|| id.to_string())
    })
}

/// A git work tree.
#[derive(Clone, Debug)]
pub struct Git {
    root: PathBuf,
}

/// One commit, as `git log` lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct Commit {
    /// The full commit id.
    pub id: String,
    /// The commit date (committer's, in their time zone).
    pub date: NaiveDate,
    /// The author's name.
    pub author: String,
    /// The first line of the message.
    pub subject: String,
}

impl Commit {
    /// The first seven characters of the id.
    pub fn short(&self) -> &str {
        &self.id[..self.id.len().min(7)]
    }
}

impl Git {
    /// The work tree containing `dir`, if any.
    pub fn discover(dir: &Path) -> Result<Git, GitError> {
        let out = Command::new("git")
            .args(["rev-parse", "--show-toplevel"])
            .current_dir(dir)
            .stderr(Stdio::null())
            .output();
        match out {
            Ok(out) if out.status.success() => {
                let root = String::from_utf8_lossy(&out.stdout).trim_end().to_string();
                Ok(Git {
                    root: PathBuf::from(root),
                })
            }
            _ => Err(GitError::NotARepository(dir.to_path_buf())),
        }
    }

    /// The work tree's top directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn run(&self, args: &[&str]) -> Result<Vec<u8>, GitError> {
        let out = Command::new("git")
            .args(args)
            .current_dir(&self.root)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| self.failed(args, e.to_string()))?;
        if !out.status.success() {
            let message = String::from_utf8_lossy(&out.stderr).trim().to_string();
            return Err(self.failed(args, message));
        }
        Ok(out.stdout)
    }

    fn failed(&self, args: &[&str], message: String) -> GitError {
        GitError::Failed {
            command: args.first().copied().unwrap_or_default().to_string(),
            message,
        }
    }

    /// The full id of the commit `rev` names.
    pub fn resolve(&self, rev: &str) -> Result<String, GitError> {
        let spec = format!("{rev}^{{commit}}");
        self.run(&[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ])
        .map(|out| String::from_utf8_lossy(&out).trim().to_string())
        .map_err(|_| match self.is_shallow() {
            true => GitError::NotInShallowClone(rev.to_string()),
            false => GitError::UnknownRevision(rev.to_string()),
        })
    }

    /// Whether this is a shallow clone, whose history stops short of the first commit.
    pub fn is_shallow(&self) -> bool {
        self.run(&["rev-parse", "--is-shallow-repository"])
            .is_ok_and(|out| out.starts_with(b"true"))
    }

    /// Every file in `commit`'s tree, as paths from the top directory with their blob ids.
    pub fn files_at(&self, commit: &str) -> Result<Vec<(PathBuf, String)>, GitError> {
        let out = self.run(&[
            "ls-tree",
            "-r",
            "-z",
            "--full-tree",
            "--end-of-options",
            commit,
        ])?;
        Ok(out
            .split(|&b| b == 0)
            .filter_map(|entry| {
                let entry = std::str::from_utf8(entry).ok()?;
                let (meta, path) = entry.split_once('\t')?;
                let mut meta = meta.split(' ');
                let (_mode, kind, id) = (meta.next()?, meta.next()?, meta.next()?);
                (kind == "blob").then(|| (PathBuf::from(path), id.to_string()))
            })
            .collect())
    }

    /// The commits reachable from `tip` that touched `paths` (everything when empty),
    /// newest first; `since` (exclusive) limits them to those after a revision.
    pub fn log(
        &self,
        tip: &str,
        since: Option<&str>,
        paths: &[&Path],
    ) -> Result<Vec<Commit>, GitError> {
        // Revisions are resolved to commit ids first, so no text a user or a repository
        // wrote reaches git where it could be read as an option.
        let tip = self.resolve(tip)?;
        let range = match since {
            Some(since) => format!("{}..{tip}", self.resolve(since)?),
            None => tip,
        };
        let mut args: Vec<String> = [
            "log",
            "--format=%H%x1f%cs%x1f%an%x1f%s%x1e",
            "--end-of-options",
            &range,
            "--",
        ]
        .map(str::to_string)
        .to_vec();
        args.extend(paths.iter().map(|p| p.to_string_lossy().into_owned()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = self.run(&args)?;
        Ok(String::from_utf8_lossy(&out)
            .split('\u{1e}')
            .filter_map(parse_commit)
            .collect())
    }

    /// Every path a commit after `since` and reachable from `tip` changed, merges
    /// compared with each parent: a superset of the paths `log` would find commits for.
    pub fn touched(&self, tip: &str, since: &str) -> Result<HashSet<PathBuf>, GitError> {
        let range = format!("{}..{}", self.resolve(since)?, self.resolve(tip)?);
        let out = self.run(&[
            "log",
            "--format=",
            "--name-only",
            "-m",
            "-z",
            "--end-of-options",
            &range,
        ])?;
        Ok(out
            .split(|&b| b == 0 || b == b'\n')
            .filter(|p| !p.is_empty())
            .map(|p| PathBuf::from(String::from_utf8_lossy(p).into_owned()))
            .collect())
    }

    /// The commit `rev` names.
    pub fn commit(&self, rev: &str) -> Result<Commit, GitError> {
        let id = self.resolve(rev)?;
        let out = self.run(&[
            "log",
            "-1",
            "--format=%H%x1f%cs%x1f%an%x1f%s",
            "--end-of-options",
            &id,
        ])?;
        parse_commit(&String::from_utf8_lossy(&out)).ok_or(GitError::UnknownRevision(id))
    }

    /// The commits along HEAD's first parents, oldest first: the mainline.
    pub fn mainline(&self) -> Result<Vec<Commit>, GitError> {
        let out = self.run(&[
            "log",
            "--first-parent",
            "--reverse",
            "--format=%H%x1f%cs%x1f%an%x1f%s%x1e",
            "HEAD",
        ])?;
        Ok(String::from_utf8_lossy(&out)
            .split('\u{1e}')
            .filter_map(parse_commit)
            .collect())
    }

    /// A reader of files at any revision, through one long-lived `git cat-file`.
    pub fn objects(&self) -> Result<Objects, GitError> {
        let mut child = Command::new("git")
            // Names go in NUL-terminated, so a path with a newline is one name.
            .args(["cat-file", "--batch", "-z"])
            .current_dir(&self.root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| self.failed(&["cat-file"], e.to_string()))?;
        let input = child.stdin.take().expect("piped stdin");
        let output = BufReader::new(child.stdout.take().expect("piped stdout"));
        Ok(Objects {
            child,
            input,
            output,
        })
    }
}

/// `<id> <kind> <size>` from a `cat-file --batch` header line, for an object found.
fn object_header(line: &[u8]) -> Option<(&str, u64)> {
    let line = std::str::from_utf8(line).ok()?.strip_suffix('\n')?;
    let mut parts = line.split(' ');
    let (id, kind, size) = (parts.next()?, parts.next()?, parts.next()?);
    let known = matches!(kind, "blob" | "tree" | "commit" | "tag");
    let hex = matches!(id.len(), 40 | 64) && id.bytes().all(|b| b.is_ascii_hexdigit());
    (parts.next().is_none() && known && hex).then_some((kind, size.parse().ok()?))
}

fn parse_commit(record: &str) -> Option<Commit> {
    let mut fields = record.trim_start_matches('\n').split('\u{1f}');
    let id = fields.next()?.to_string();
    let date = NaiveDate::parse_from_str(fields.next()?, "%Y-%m-%d").ok()?;
    Some(Commit {
        id,
        date,
        author: fields.next()?.to_string(),
        subject: fields.next()?.trim_end().to_string(),
    })
}

/// Files read from history (see [`Git::objects`]).
#[derive(Debug)]
pub struct Objects {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Objects {
    /// The contents of `object` (a blob id, or `commit:path`); `None` when it is missing
    /// or is not a blob. Any name is safe: it goes to git NUL-terminated, and git's answer
    /// for a missing object (the name echoed, then ` missing`) is read by its length.
    pub fn read(&mut self, object: &str) -> std::io::Result<Option<Vec<u8>>> {
        if object.contains('\0') {
            return Ok(None);
        }
        self.input.write_all(object.as_bytes())?;
        self.input.write_all(b"\0")?;
        self.input.flush()?;
        let mut header = Vec::new();
        (&mut self.output)
            .take(4096)
            .read_until(b'\n', &mut header)?;
        if let Some((kind, size)) = object_header(&header) {
            let size = usize::try_from(size).map_err(std::io::Error::other)?;
            if size as u64 > crate::files::LOG_LIMIT && kind == "blob" {
                // Too large for anything okr reads: skip it without keeping it.
                std::io::copy(
                    &mut (&mut self.output).take(size as u64 + 1),
                    &mut std::io::sink(),
                )?;
                return Ok(None);
            }
            let mut body = vec![0; size + 1];
            self.output.read_exact(&mut body)?;
            body.truncate(size);
            return Ok((kind == "blob").then_some(body));
        }
        // `<name> missing` or `<name> ambiguous`: the name may hold newlines, so the
        // reply is read line by line until it is one of the two.
        let answers = [" missing\n", " ambiguous\n"]
            .map(|tail| [object.as_bytes(), tail.as_bytes()].concat());
        let longest = object.len() + " ambiguous\n".len();
        while !answers.contains(&header) {
            if header.len() >= longest || !header.ends_with(b"\n") {
                return Err(std::io::Error::other(format!(
                    "git cat-file said `{}`",
                    String::from_utf8_lossy(&header).trim_end()
                )));
            }
            let read = (&mut self.output)
                .take((longest - header.len()) as u64)
                .read_until(b'\n', &mut header)?;
            if read == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
        }
        Ok(None)
    }

    /// The text of `path` (from the top directory) at `commit`, when it exists there.
    pub fn text_at(&mut self, commit: &str, path: &Path) -> std::io::Result<Option<String>> {
        let object = format!("{commit}:{}", path.to_string_lossy());
        Ok(self
            .read(&object)?
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned()))
    }
}

impl Drop for Objects {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether okr reads `path` when it reads a tree: documents, configs, logs and locks.
pub fn is_okr_input(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    matches!(ext, "md" | "markdown")
        || matches!(
            name,
            "okr.yaml" | "okr.yml" | "metrics.yaml" | "okr.lock.json" | ".gitignore" | ".okrignore"
        )
}

/// Whether a path from a git tree can be written under a directory and stay there: only
/// plain names, none of them `.git` in any case (git refuses those too when it checks
/// a tree out, but `ls-tree` lists whatever a hand-made tree holds), no newline.
fn is_safe_tree_path(path: &Path) -> bool {
    let text = path.to_string_lossy();
    !text.is_empty()
        && !text.contains(['\n', '\r', '\\'])
        && path.components().all(|c| match c {
            std::path::Component::Normal(name) => !name.eq_ignore_ascii_case(".git"),
            _ => false,
        })
}

/// Writes the okr inputs of `commit`'s tree under `dest`, which becomes a stand-in
/// work tree (with an empty `.git`, so okr finds the same repository root there).
pub fn export(git: &Git, commit: &str, dest: &Path) -> Result<usize, GitError> {
    let io = |e: std::io::Error| git.failed(&["cat-file"], e.to_string());
    let files: Vec<(PathBuf, String)> = git
        .files_at(commit)?
        .into_iter()
        .filter(|(path, _)| is_okr_input(path))
        .collect();
    if let Some((path, _)) = files.iter().find(|(path, _)| !is_safe_tree_path(path)) {
        return Err(GitError::Failed {
            command: "ls-tree".to_string(),
            message: format!(
                "the commit's tree holds the path {:?}, which okr refuses: a name in a tree \
                 must not be `..`, `.git`, absolute or hold a newline",
                path.to_string_lossy()
            ),
        });
    }
    let mut objects = git.objects()?;
    for (path, blob) in &files {
        let Some(bytes) = objects.read(blob).map_err(io)? else {
            continue;
        };
        let target = dest.join(path);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        std::fs::write(&target, bytes).map_err(io)?;
    }
    std::fs::create_dir_all(dest.join(".git")).map_err(io)?;
    Ok(files.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git(dir: &Path, args: &[&str]) {
        let ok = Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::null())
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?}");
    }

    #[test]
    fn names_with_newlines_and_spaces_never_desynchronise_the_reader() {
        let dir = tempfile::tempdir().unwrap();
        git(dir.path(), &["init", "-q"]);
        std::fs::write(dir.path().join("a\nb.md"), "first").unwrap();
        std::fs::write(dir.path().join("c.md"), "second").unwrap();
        git(dir.path(), &["add", "-A"]);
        git(dir.path(), &["commit", "-q", "-m", "x"]);
        let repo = Git::discover(dir.path()).unwrap();
        let mut objects = repo.objects().unwrap();
        let read = |objects: &mut Objects, name: &str| {
            objects
                .read(name)
                .unwrap()
                .map(|b| String::from_utf8(b).unwrap())
        };
        assert_eq!(read(&mut objects, "HEAD:a\nb.md").as_deref(), Some("first"));
        assert_eq!(read(&mut objects, "HEAD:gone\nx.md"), None);
        assert_eq!(read(&mut objects, "HEAD:gone with spaces.md"), None);
        assert_eq!(read(&mut objects, "HEAD:gone\n"), None);
        assert_eq!(read(&mut objects, "HEAD:c.md").as_deref(), Some("second"));
    }

    #[test]
    fn tree_paths_that_would_leave_the_export_are_unsafe() {
        for bad in [
            "../okr.yaml",
            "a/../../b.md",
            "/etc/x.md",
            ".git/config",
            "a/.GIT/hooks",
            "a\nb.md",
            "",
        ] {
            assert!(!is_safe_tree_path(Path::new(bad)), "{bad:?}");
        }
        for good in ["okr.yaml", "okrs/2026-Q1.md", "a/..b/c.md", "..md"] {
            assert!(is_safe_tree_path(Path::new(good)), "{good:?}");
        }
    }
}
