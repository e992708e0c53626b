//! Output: write the site into a staging folder beside `public/` and swap it in only when the
//! whole build succeeded.
//!
//! A failed or interrupted build never touches the previous `public/`: files go to
//! `.public.staging-<pid>/`, and the swap is one `renameat2(RENAME_EXCHANGE)` on Linux (two
//! renames elsewhere). A file whose bytes did not change since the last build is hard-linked
//! from the previous output instead of rewritten, so it keeps its modification time and
//! `rsync`/CDN uploads stay small. A marker file protects folders we did not write: we refuse to
//! replace a non-empty folder that lacks it.

use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The file that marks a folder as careerguide output.
pub const MARKER: &str = ".careerguide-output";

/// A build's output in progress.
#[derive(Debug)]
pub struct Staging {
    final_dir: PathBuf,
    dir: PathBuf,
    previous: Option<PathBuf>,
    committed: bool,
    /// A dry run (`check`): files are counted and dropped, nothing touches the disk.
    discard: bool,
    pub written: AtomicUsize,
    pub unchanged: AtomicUsize,
}

/// Why an output folder cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("refusing to write the site into {0}: it would replace the guide's own files")]
    Overlaps(PathBuf),
    #[error("refusing to replace {0}: it is not empty and was not written by careerguide")]
    Foreign(PathBuf),
    #[error("{context}: {source}")]
    Io { context: String, source: io::Error },
}

fn io_err(context: impl Into<String>) -> impl FnOnce(io::Error) -> OutputError {
    let context = context.into();
    move |source| OutputError::Io { context, source }
}

impl Staging {
    /// Prepares a staging folder for `output`. `protected` are folders the output may not be,
    /// contain, or sit inside (the site root's own sources).
    pub fn new(output: &Path, root: &Path, protected: &[PathBuf]) -> Result<Staging, OutputError> {
        let final_dir = absolute(output);
        let root = absolute(root);
        if final_dir == root || root.starts_with(&final_dir) {
            return Err(OutputError::Overlaps(final_dir));
        }
        for p in protected {
            let p = absolute(p);
            if final_dir.starts_with(&p) || p.starts_with(&final_dir) {
                return Err(OutputError::Overlaps(final_dir));
            }
        }
        if final_dir.exists() {
            let empty = std::fs::read_dir(&final_dir)
                .map_err(io_err(format!("cannot read {}", final_dir.display())))?
                .next()
                .is_none();
            if !empty && !final_dir.join(MARKER).is_file() {
                return Err(OutputError::Foreign(final_dir));
            }
        }
        let parent = final_dir
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent)
            .map_err(io_err(format!("cannot create {}", parent.display())))?;
        let name = final_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        remove_stale_staging(&parent, &name);
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .map_err(io_err(format!("cannot clear {}", dir.display())))?;
        }
        std::fs::create_dir_all(&dir)
            .map_err(io_err(format!("cannot create {}", dir.display())))?;
        std::fs::write(
            dir.join(MARKER),
            b"This folder is written by careerguide build; it is replaced on every build.\n",
        )
        .map_err(io_err("cannot write the output marker"))?;
        let previous = final_dir.is_dir().then(|| final_dir.clone());
        Ok(Staging {
            final_dir,
            dir,
            previous,
            committed: false,
            discard: false,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
        })
    }

    /// A staging area that writes nothing: `check` renders the whole site through it so every
    /// rendering problem is found without touching the output folder.
    pub fn discard() -> Staging {
        Staging {
            final_dir: PathBuf::new(),
            dir: PathBuf::new(),
            previous: None,
            committed: false,
            discard: true,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn final_dir(&self) -> &Path {
        &self.final_dir
    }

    /// Writes one file at a site-relative path (`roles/x/index.html`). Callable from many
    /// threads at once.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let rel_path = safe_relative(rel).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("unsafe output path `{rel}`"),
            )
        })?;
        if self.discard {
            self.written.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let target = self.dir.join(&rel_path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        if let Some(prev_dir) = &self.previous {
            let prev = prev_dir.join(&rel_path);
            if let Ok(meta) = std::fs::symlink_metadata(&prev)
                && meta.is_file()
                && meta.len() == bytes.len() as u64
                && std::fs::read(&prev).is_ok_and(|old| old == bytes)
                && std::fs::hard_link(&prev, &target).is_ok()
            {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
        }
        std::fs::write(&target, bytes)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Swaps the staging folder in place of the output folder.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        let final_dir = self.final_dir.clone();
        if self.discard {
            return Err(OutputError::Io {
                context: "a dry run has no output to commit".into(),
                source: io::Error::from(io::ErrorKind::Unsupported),
            });
        }
        if final_dir.exists() {
            swap(&self.dir, &final_dir)
                .map_err(io_err(format!("cannot replace {}", final_dir.display())))?;
            // `self.dir` now holds the previous output; dropping it removes it.
        } else {
            std::fs::rename(&self.dir, &final_dir)
                .map_err(io_err(format!("cannot create {}", final_dir.display())))?;
            self.committed = true;
        }
        Ok(final_dir)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed && !self.discard {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(target_os = "linux")]
fn swap(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        // Filesystems without RENAME_EXCHANGE: fall back to two renames.
        Err(_) => swap_by_rename(a, b),
    }
}

#[cfg(not(target_os = "linux"))]
fn swap(a: &Path, b: &Path) -> io::Result<()> {
    swap_by_rename(a, b)
}

/// Moves `b` aside, moves `a` to `b`, and leaves the old `b` at `a`.
fn swap_by_rename(a: &Path, b: &Path) -> io::Result<()> {
    let aside = a.with_extension("previous");
    if aside.exists() {
        std::fs::remove_dir_all(&aside)?;
    }
    std::fs::rename(b, &aside)?;
    if let Err(e) = std::fs::rename(a, b) {
        let _ = std::fs::rename(&aside, b);
        return Err(e);
    }
    std::fs::rename(&aside, a)
}

/// Removes staging folders left by builds that were killed, whose process is gone.
fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.staging-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name
            .strip_prefix(&prefix)
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let alive = Path::new(&format!("/proc/{pid}")).exists() && pid != std::process::id();
        if !alive {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A relative path with no `..`, no root and no drive: safe to join under the output folder.
pub fn safe_relative(rel: &str) -> Option<PathBuf> {
    let path = Path::new(rel);
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.as_os_str().is_empty() {
        None
    } else {
        Some(out)
    }
}

fn absolute(p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    // Resolve `..` lexically, then canonicalise what exists.
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    std::fs::canonicalize(&out).unwrap_or(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        assert!(safe_relative("../x").is_none());
        assert!(safe_relative("/etc/passwd").is_none());
        assert!(safe_relative("a/../../b").is_none());
        assert_eq!(
            safe_relative("roles/x/index.html"),
            Some(PathBuf::from("roles/x/index.html"))
        );
    }

    #[test]
    fn commit_swaps_and_abandon_keeps_the_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        let out = root.join("public");
        let s = Staging::new(&out, &root, &[]).unwrap();
        s.write("index.html", b"one").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"one");

        // A build that fails (is dropped) leaves the old output alone.
        let s = Staging::new(&out, &root, &[]).unwrap();
        s.write("index.html", b"two").unwrap();
        drop(s);
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"one");

        // Unchanged files are linked, changed ones written.
        let s = Staging::new(&out, &root, &[]).unwrap();
        s.write("index.html", b"one").unwrap();
        s.write("other.html", b"new").unwrap();
        assert_eq!(s.unchanged.load(Ordering::Relaxed), 1);
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("other.html")).unwrap(), b"new");
        let leftovers: Vec<_> = std::fs::read_dir(&root)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn refuses_to_overwrite_sources_or_foreign_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_path_buf();
        assert!(matches!(
            Staging::new(&root, &root, &[]),
            Err(OutputError::Overlaps(_))
        ));
        let content = root.join("content");
        std::fs::create_dir_all(&content).unwrap();
        assert!(matches!(
            Staging::new(&content, &root, std::slice::from_ref(&content)),
            Err(OutputError::Overlaps(_))
        ));
        let foreign = root.join("docs");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
        assert!(matches!(
            Staging::new(&foreign, &root, &[]),
            Err(OutputError::Foreign(_))
        ));
    }
}
