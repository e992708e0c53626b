//! Output: write the site into a staging folder beside `public/` and swap it in only when the
//! whole build succeeded.
//!
//! A failed or interrupted build never touches `public/`: files go to `.public.staging-<pid>/`,
//! and the swap is one `renameat2(RENAME_EXCHANGE)` on Linux (two renames elsewhere).
//!
//! The folder swapped out is kept as `.public.previous/` and becomes the next build's staging
//! folder (double buffering): its folders already exist, so a rebuild creates and deletes almost
//! no inodes — with one folder per page, creating and deleting tens of thousands of them per
//! build used to be the biggest cost. A file whose bytes did not change since the last build is
//! hard-linked to the current output's file instead of written, so it keeps its modification
//! time and `rsync`/CDN uploads stay small; a manifest of each file's length and hash
//! (`.careerguide-output`, which also marks the folder as ours) avoids reading old files back.
//! The manifest of the published folder lives beside it (`.public.careerguide-output`), never
//! in it: `public/` holds only the site, and two builds of the same sources are identical byte
//! for byte. The staging and spare folders, which are never published, keep theirs inside.
//! We refuse to replace a non-empty folder without a manifest.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::SystemTime;

use crate::sink::{Sink, safe_relative};

/// The file that marks a folder as careerguide output and lists its files.
pub const MARKER: &str = ".careerguide-output";

/// The marker of a folder being written: its contents are unknown until the manifest is
/// written at the end, so a folder left by a failed or killed build is walked before reuse.
const INCOMPLETE: &str = "# careerguide output being written: contents unknown";

const MARKER_HEADER: &str =
    "# careerguide output: this folder is replaced on every build. path\\tlength\\thash\\tmtime";

/// What the manifest knows about one file of the current output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    len: u64,
    hash: u64,
    /// Nanoseconds since the epoch of the file's modification time when it was recorded.
    mtime: u128,
}

/// The current output's file at a path, against new contents, by the manifest.
enum Previous {
    /// The manifest vouches that it holds the same bytes.
    Same(std::fs::Metadata),
    /// It is missing, of another length, or its recorded hash differs.
    Differs,
    /// Of the same length, but not recorded, or changed since it was: only reading tells.
    Unknown(std::fs::Metadata),
}

/// A build's output in progress.
#[derive(Debug)]
pub struct Staging {
    final_dir: PathBuf,
    dir: PathBuf,
    spare: PathBuf,
    /// The current output's manifest, to find unchanged files without reading them.
    previous: HashMap<String, Entry>,
    has_previous: bool,
    /// Files the reused folder holds, from its own manifest (`None`: unknown, walk it).
    reused_files: Option<Vec<String>>,
    /// The staging folder was created empty for this build: a path not written yet by this
    /// build does not exist there, so writing needs no look first.
    fresh: bool,
    /// Folders known to exist in the staging folder, so each is made (or looked at) once.
    /// A [`crate::FastSet`]: every file written looks its folder up here.
    known_dirs: Mutex<crate::FastSet<PathBuf>>,
    written_paths: Mutex<HashMap<String, Entry>>,
    committed: bool,
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

/// Files are hashed a block of this size at a time, so that a file written in pieces
/// ([`Staging::write_with`]) hashes as the same bytes written at once do.
const HASH_BLOCK: usize = 64 * 1024;

/// A file's hash in the manifest ([`crate::hash::chain_block`], a block at a time).
fn hash_bytes(bytes: &[u8]) -> u64 {
    bytes.chunks(HASH_BLOCK).fold(0, crate::hash::chain_block)
}

/// Writes into a file through a buffer of one [`HASH_BLOCK`], hashing each block as it goes.
struct HashingWriter {
    file: std::fs::File,
    block: Vec<u8>,
    hash: u64,
    len: u64,
}

impl HashingWriter {
    fn new(file: std::fs::File) -> Self {
        HashingWriter {
            file,
            block: Vec::with_capacity(HASH_BLOCK),
            hash: 0,
            len: 0,
        }
    }

    fn flush_block(&mut self) -> io::Result<()> {
        if !self.block.is_empty() {
            self.hash = crate::hash::chain_block(self.hash, &self.block);
            io::Write::write_all(&mut self.file, &self.block)?;
            self.len += self.block.len() as u64;
            self.block.clear();
        }
        Ok(())
    }

    /// The file with everything written, its length and its hash.
    fn finish(mut self) -> io::Result<(std::fs::File, u64, u64)> {
        self.flush_block()?;
        Ok((self.file, self.len, self.hash))
    }
}

impl io::Write for HashingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let room = HASH_BLOCK - self.block.len();
        let taken = buf.len().min(room);
        self.block.extend_from_slice(&buf[..taken]);
        if self.block.len() == HASH_BLOCK {
            self.flush_block()?;
        }
        Ok(taken)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn mtime_nanos(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// Where the manifest of the published folder `final_dir` lives: beside it, so the folder
/// holds only the site.
pub fn state_file(final_dir: &Path) -> PathBuf {
    let name = final_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    final_dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
        .join(format!(".{name}{MARKER}"))
}

/// The published folder's manifest: beside it, or inside it when an older careerguide wrote it.
fn read_published_manifest(final_dir: &Path) -> Option<HashMap<String, Entry>> {
    read_manifest_file(&state_file(final_dir)).or_else(|| read_manifest(final_dir))
}

fn read_manifest(dir: &Path) -> Option<HashMap<String, Entry>> {
    read_manifest_file(&dir.join(MARKER))
}

fn read_manifest_file(file: &Path) -> Option<HashMap<String, Entry>> {
    let text = std::fs::read_to_string(file).ok()?;
    if text.starts_with(INCOMPLETE) {
        return None;
    }
    let mut out = HashMap::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let mut parts = line.split('\t');
        let path = parts.next()?;
        let len = parts.next()?.parse().ok()?;
        let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
        let mtime = parts.next()?.parse().ok()?;
        out.insert(path.to_string(), Entry { len, hash, mtime });
    }
    Some(out)
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
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
            if !empty && !state_file(&final_dir).is_file() && !final_dir.join(MARKER).is_file() {
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
        let spare = parent.join(format!(".{name}.previous"));
        recover_stale_staging(&parent, &name, &spare);
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .map_err(io_err(format!("cannot clear {}", dir.display())))?;
        }
        // Reuse the folder swapped out last time when it is ours; otherwise start empty.
        let spare_manifest = read_manifest(&spare);
        let reused = spare.join(MARKER).is_file() && std::fs::rename(&spare, &dir).is_ok();
        let reused_files = if reused {
            spare_manifest.map(|m| m.into_keys().collect())
        } else {
            Some(Vec::new())
        };
        if !reused {
            if spare.exists() {
                let _ = std::fs::remove_dir_all(&spare);
            }
            std::fs::create_dir_all(&dir)
                .map_err(io_err(format!("cannot create {}", dir.display())))?;
        }
        // Ours, contents unknown until this build finishes: an interrupted build's folder is
        // reused safely (walked), never trusted.
        std::fs::write(dir.join(MARKER), format!("{INCOMPLETE}\n"))
            .map_err(io_err("cannot write the output marker"))?;
        let has_previous = final_dir.is_dir();
        let previous = if has_previous {
            read_published_manifest(&final_dir).unwrap_or_default()
        } else {
            HashMap::new()
        };
        Ok(Staging {
            final_dir,
            dir,
            spare,
            previous,
            has_previous,
            reused_files,
            fresh: !reused,
            known_dirs: Mutex::new(HashSet::default()),
            written_paths: Mutex::new(HashMap::new()),
            committed: false,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn final_dir(&self) -> &Path {
        &self.final_dir
    }

    /// What the manifest says of the current output's file at `rel` against new contents of
    /// `len` bytes and hash `hash`, without reading the file.
    fn by_manifest(&self, rel: &str, prev: &Path, len: u64, hash: u64) -> Previous {
        if !self.has_previous {
            return Previous::Differs;
        }
        let Ok(meta) = std::fs::symlink_metadata(prev) else {
            return Previous::Differs;
        };
        if !meta.is_file() || meta.len() != len {
            return Previous::Differs;
        }
        match self.previous.get(rel) {
            Some(e) if e.mtime == mtime_nanos(&meta) && e.len == len => {
                if e.hash == hash {
                    Previous::Same(meta)
                } else {
                    Previous::Differs
                }
            }
            // Not in the manifest, or touched since it was recorded.
            _ => Previous::Unknown(meta),
        }
    }

    /// Whether the current output holds exactly `bytes` at `rel`: by the manifest when the file
    /// was not touched since, by reading it otherwise.
    fn unchanged_in_current(
        &self,
        rel: &str,
        prev: &Path,
        bytes: &[u8],
        hash: u64,
    ) -> Option<std::fs::Metadata> {
        match self.by_manifest(rel, prev, bytes.len() as u64, hash) {
            Previous::Same(meta) => Some(meta),
            Previous::Differs => None,
            Previous::Unknown(meta) => std::fs::read(prev)
                .ok()
                .filter(|old| old == bytes)
                .map(|_| meta),
        }
    }

    /// The staging file and the current output's file for a site-relative path, refusing
    /// unsafe paths and the manifest's own name.
    fn paths(&self, rel: &str) -> io::Result<(PathBuf, PathBuf)> {
        let rel_path = safe_relative(rel).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("unsafe output path `{rel}`"),
            )
        })?;
        if rel_path == Path::new(MARKER) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("`{MARKER}` is reserved"),
            ));
        }
        Ok((self.dir.join(&rel_path), self.final_dir.join(&rel_path)))
    }

    /// [`Staging::write`] for a file whose bytes `fill` writes, without holding them all in
    /// memory: the very long list pages of a large guide (a salaries page of tens of thousands
    /// of roles, whose growing buffer would take twice its size). The bytes go into the staging
    /// file a block at a time and are hashed as they go; when they turn out to equal the
    /// current output's file (by the manifest), the new file is swapped for a hard link to that
    /// one, as `write` would have linked it, so it keeps its modification time.
    pub fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let (target, prev) = self.paths(rel)?;
        // Never write through a hard link into the live output: start a new file.
        if !self.fresh {
            match std::fs::symlink_metadata(&target) {
                Ok(m) if m.is_dir() => std::fs::remove_dir_all(&target)?,
                Ok(_) => std::fs::remove_file(&target)?,
                Err(_) => {}
            }
        }
        if let Some(parent) = target.parent() {
            self.ensure_dir(parent)?;
        }
        let mut out = HashingWriter::new(std::fs::File::create(&target)?);
        fill(&mut out)?;
        let (file, len, hash) = out.finish()?;
        let mtime = file.metadata().map(|m| mtime_nanos(&m)).unwrap_or(0);
        drop(file);
        // The bytes are not at hand to compare with a file the manifest cannot vouch for:
        // only a file it knows to be the same is kept.
        if let Previous::Same(prev_meta) = self.by_manifest(rel, &prev, len, hash) {
            let mut link = target.clone().into_os_string();
            link.push(".careerguide-link");
            let link = PathBuf::from(link);
            if std::fs::hard_link(&prev, &link).is_ok() && std::fs::rename(&link, &target).is_ok() {
                self.record(rel, len, hash, mtime_nanos(&prev_meta));
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
            let _ = std::fs::remove_file(&link);
        }
        self.record(rel, len, hash, mtime);
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Writes one file at a site-relative path (`roles/x/index.html`). Callable from many
    /// threads at once.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let (target, prev) = self.paths(rel)?;
        let hash = hash_bytes(bytes);
        // In a fresh folder only this build's own writes exist; a second write of the same
        // path (which no build makes) would simply replace the file.
        let mut target_meta = if self.fresh {
            None
        } else {
            std::fs::symlink_metadata(&target).ok()
        };
        if target_meta.as_ref().is_some_and(|m| m.is_dir()) {
            std::fs::remove_dir_all(&target)?;
            target_meta = None;
        }
        let target_meta = target_meta.filter(|m| m.is_file());
        if let Some(parent) = target.parent() {
            self.ensure_dir(parent)?;
        }
        if let Some(prev_meta) = self.unchanged_in_current(rel, &prev, bytes, hash) {
            let linked = target_meta
                .as_ref()
                .is_some_and(|t| same_file(t, &prev_meta));
            if !linked {
                if target_meta.is_some() {
                    std::fs::remove_file(&target)?;
                }
                if std::fs::hard_link(&prev, &target).is_err() {
                    std::fs::write(&target, bytes)?;
                }
            }
            self.record(rel, bytes.len() as u64, hash, mtime_nanos(&prev_meta));
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        // Never write through a hard link into the live output.
        if let Some(t) = &target_meta
            && let Ok(p) = std::fs::symlink_metadata(&prev)
            && same_file(t, &p)
        {
            std::fs::remove_file(&target)?;
        }
        let mut file = std::fs::File::create(&target)?;
        std::io::Write::write_all(&mut file, bytes)?;
        let mtime = file.metadata().map(|m| mtime_nanos(&m)).unwrap_or(0);
        drop(file);
        self.record(rel, bytes.len() as u64, hash, mtime);
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Makes sure `dir` (inside the staging folder) is a folder, once per folder per build.
    fn ensure_dir(&self, dir: &Path) -> io::Result<()> {
        let known = |d: &Path| {
            self.known_dirs
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .contains(d)
        };
        if known(dir) {
            return Ok(());
        }
        // Not held while the folder is made: two threads making the same folder is harmless
        // (`AlreadyExists`), and holding it would put every `mkdir` of the build in one line.
        let made = if self.fresh {
            // One `mkdir` for the usual case of a new folder whose parent exists.
            match std::fs::create_dir(dir) {
                Ok(()) => true,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => dir.is_dir(),
                Err(_) => false,
            }
        } else {
            dir.is_dir()
        };
        if !made && std::fs::create_dir_all(dir).is_err() {
            // A file from an older build may sit where a folder is needed now.
            let mut up = dir.to_path_buf();
            while up.starts_with(&self.dir) && up != self.dir {
                if up.is_file() {
                    std::fs::remove_file(&up)?;
                    break;
                }
                if !up.pop() {
                    break;
                }
            }
            std::fs::create_dir_all(dir)?;
        }
        self.known_dirs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(dir.to_path_buf());
        Ok(())
    }

    fn record(&self, rel: &str, len: u64, hash: u64, mtime: u128) {
        let mut w = self.written_paths.lock().unwrap_or_else(|p| p.into_inner());
        w.insert(rel.to_string(), Entry { len, hash, mtime });
    }

    /// Removes what an older build left in the reused folder and writes the manifest.
    fn finish(&self) -> io::Result<()> {
        let written = self
            .written_paths
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        match &self.reused_files {
            // The reused folder's manifest says what it holds: remove what this build did not
            // write, and the folders that leaves empty.
            Some(files) => {
                let mut dirs: HashSet<PathBuf> = HashSet::new();
                for rel in files.iter().filter(|f| !written.contains_key(*f)) {
                    let Some(rel) = safe_relative(rel) else {
                        continue;
                    };
                    let path = self.dir.join(&rel);
                    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
                        std::fs::remove_file(&path)?;
                    }
                    let mut up = path.parent().map(Path::to_path_buf);
                    while let Some(d) = up {
                        if d == self.dir || !dirs.insert(d.clone()) {
                            break;
                        }
                        up = d.parent().map(Path::to_path_buf);
                    }
                }
                let mut dirs: Vec<PathBuf> = dirs.into_iter().collect();
                // Deepest first, so a folder is tried after its subfolders.
                dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
                for d in dirs {
                    let _ = std::fs::remove_dir(&d);
                }
            }
            // Unknown contents (an interrupted build's folder): walk it.
            None => {
                let keep: HashSet<PathBuf> = written.keys().map(PathBuf::from).collect();
                let mut dirs = Vec::new();
                for entry in walkdir::WalkDir::new(&self.dir)
                    .min_depth(1)
                    .contents_first(true)
                {
                    let Ok(entry) = entry else { continue };
                    let Ok(rel) = entry.path().strip_prefix(&self.dir) else {
                        continue;
                    };
                    if entry.file_type().is_dir() {
                        dirs.push(entry.path().to_path_buf());
                    } else if rel != Path::new(MARKER) && !keep.contains(rel) {
                        std::fs::remove_file(entry.path())?;
                    }
                }
                for d in dirs {
                    // Only empty folders go; `remove_dir` refuses the others.
                    let _ = std::fs::remove_dir(&d);
                }
            }
        }
        let mut lines: Vec<String> = written
            .iter()
            .map(|(p, e)| format!("{p}\t{}\t{:016x}\t{}", e.len, e.hash, e.mtime))
            .collect();
        lines.sort();
        let mut text = String::with_capacity(lines.len() * 64 + MARKER_HEADER.len() + 1);
        text.push_str(MARKER_HEADER);
        text.push('\n');
        for l in lines {
            text.push_str(&l);
            text.push('\n');
        }
        let marker = self.dir.join(MARKER);
        if let Ok(m) = std::fs::symlink_metadata(&marker)
            && let Ok(p) = std::fs::symlink_metadata(self.final_dir.join(MARKER))
            && same_file(&m, &p)
        {
            std::fs::remove_file(&marker)?;
        }
        std::fs::write(marker, text)
    }

    /// Swaps the staging folder in place of the output folder.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        self.finish()
            .map_err(io_err(format!("cannot finish {}", self.dir.display())))?;
        let final_dir = self.final_dir.clone();
        // The new manifest goes beside the published folder, out of it.
        let state = state_file(&final_dir);
        let new_state = state.with_extension("new");
        std::fs::rename(self.dir.join(MARKER), &new_state)
            .map_err(io_err(format!("cannot write {}", new_state.display())))?;
        if final_dir.exists() {
            if let Err(e) = swap(&self.dir, &final_dir) {
                let _ = std::fs::rename(&new_state, self.dir.join(MARKER));
                return Err(io_err(format!("cannot replace {}", final_dir.display()))(e));
            }
            // `self.dir` now holds the previous output, with its manifest (moved in from
            // beside it): keep it for the next build.
            if state.is_file() {
                let _ = std::fs::rename(&state, self.dir.join(MARKER));
            }
            std::fs::rename(&new_state, &state)
                .map_err(io_err(format!("cannot write {}", state.display())))?;
            if !self.dir.join(MARKER).is_file() || std::fs::rename(&self.dir, &self.spare).is_err()
            {
                let _ = std::fs::remove_dir_all(&self.dir);
            }
        } else {
            std::fs::rename(&self.dir, &final_dir)
                .map_err(io_err(format!("cannot create {}", final_dir.display())))?;
            std::fs::rename(&new_state, &state)
                .map_err(io_err(format!("cannot write {}", state.display())))?;
        }
        self.committed = true;
        Ok(final_dir)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            // A failed build: keep the folder as the spare for the next one (it is never
            // served), or remove it if that is not possible.
            let keep = self.dir.join(MARKER).is_file()
                && !self.spare.exists()
                && std::fs::rename(&self.dir, &self.spare).is_ok();
            if !keep {
                let _ = std::fs::remove_dir_all(&self.dir);
            }
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
    let aside = a.with_extension("swapping");
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

/// Staging folders left by builds that were killed (their process is gone) become the spare
/// folder, or are removed.
fn recover_stale_staging(parent: &Path, name: &str, spare: &Path) {
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
        let alive = pid != std::process::id() && Path::new(&format!("/proc/{pid}")).exists();
        if alive {
            continue;
        }
        let reused = !spare.exists()
            && entry.path().join(MARKER).is_file()
            && std::fs::rename(entry.path(), spare).is_ok();
        if !reused {
            let _ = std::fs::remove_dir_all(entry.path());
        }
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

impl Sink for Staging {
    fn put(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.write(rel, bytes)
    }

    fn put_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.write_with(rel, fill)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn commit_swaps_and_a_failed_build_keeps_the_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        let out = root.join("public");
        let s = Staging::new(&out, &root, &[]).unwrap();
        s.write("index.html", b"one").unwrap();
        s.write("roles/a/index.html", b"a").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"one");

        // A build that fails (is dropped) leaves the old output alone.
        let s = Staging::new(&out, &root, &[]).unwrap();
        s.write("index.html", b"two").unwrap();
        drop(s);
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"one");

        // Unchanged files are linked, changed ones written, files not written again removed.
        let s = Staging::new(&out, &root, &[]).unwrap();
        s.write("index.html", b"one").unwrap();
        s.write("other.html", b"new").unwrap();
        assert_eq!(s.unchanged.load(Ordering::Relaxed), 1);
        assert_eq!(s.written.load(Ordering::Relaxed), 1);
        s.commit().unwrap();
        assert_eq!(names(&out), ["index.html", "other.html"]);
        assert_eq!(std::fs::read(out.join("other.html")).unwrap(), b"new");
        // Only the output, its manifest and its spare remain beside the sources.
        assert_eq!(
            names(&root),
            [".public.careerguide-output", ".public.previous", "public"]
        );
    }

    #[test]
    fn unchanged_files_keep_their_modification_time_across_builds() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        for round in 0..4 {
            let s = Staging::new(&out, tmp.path(), &[]).unwrap();
            s.write("same.html", b"same").unwrap();
            s.write("changing.html", format!("round {round}").as_bytes())
                .unwrap();
            s.commit().unwrap();
            if round == 0 {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
        let same = std::fs::metadata(out.join("same.html"))
            .unwrap()
            .modified()
            .unwrap();
        let changing = std::fs::metadata(out.join("changing.html"))
            .unwrap()
            .modified()
            .unwrap();
        assert!(same < changing, "the unchanged file was rewritten");
        assert_eq!(
            std::fs::read(out.join("changing.html")).unwrap(),
            b"round 3"
        );
    }

    /// A file written in pieces ([`Staging::write_with`]) is the same file, with the same
    /// manifest entry, as the same bytes written at once: either way an unchanged file keeps
    /// the current output's file (and its modification time), a changed one is written.
    #[test]
    fn a_file_written_in_pieces_is_kept_when_unchanged_and_written_when_changed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let mut changed = big.clone();
        changed[150_000] ^= 1;
        let modified = || {
            std::fs::metadata(out.join("big.html"))
                .unwrap()
                .modified()
                .unwrap()
        };
        // (bytes, in pieces, whether the file is expected to be written)
        let rounds: [(&[u8], bool, bool); 4] = [
            (&big, true, true),
            (&big, false, false),
            (&big, true, false),
            (&changed, true, true),
        ];
        let mut first = None;
        for (round, (bytes, in_pieces, expect_written)) in rounds.into_iter().enumerate() {
            let s = Staging::new(&out, tmp.path(), &[]).unwrap();
            if in_pieces {
                s.write_with("big.html", &mut |w| {
                    for piece in bytes.chunks(7_777) {
                        w.write_all(piece)?;
                    }
                    Ok(())
                })
                .unwrap();
            } else {
                s.write("big.html", bytes).unwrap();
            }
            assert_eq!(
                s.written.load(Ordering::Relaxed),
                usize::from(expect_written),
                "round {round}"
            );
            s.commit().unwrap();
            assert_eq!(std::fs::read(out.join("big.html")).unwrap(), bytes);
            match first {
                None => {
                    first = Some(modified());
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Some(t) if !expect_written => assert_eq!(modified(), t, "round {round}"),
                Some(t) => assert!(modified() > t, "round {round}"),
            }
            assert_eq!(names(&out), ["big.html"], "round {round}");
        }
    }

    #[test]
    fn a_failed_build_leaves_no_stray_files_in_later_builds() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        for files in [&["a.html", "b.html"][..], &["a.html"], &["a.html"]] {
            let s = Staging::new(&out, tmp.path(), &[]).unwrap();
            for f in files {
                s.write(f, b"x").unwrap();
            }
            s.commit().unwrap();
        }
        // A failed build writes a stray file into the folder it reuses, then stops.
        let s = Staging::new(&out, tmp.path(), &[]).unwrap();
        s.write("stray.html", b"half a build").unwrap();
        drop(s);
        for _ in 0..3 {
            let s = Staging::new(&out, tmp.path(), &[]).unwrap();
            s.write("a.html", b"x").unwrap();
            s.commit().unwrap();
            assert_eq!(names(&out), ["a.html"]);
        }
    }

    #[test]
    fn a_hand_edited_output_file_is_rewritten() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = Staging::new(&out, tmp.path(), &[]).unwrap();
        s.write("a.html", b"generated").unwrap();
        s.commit().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(out.join("a.html"), b"hand-edit").unwrap();
        let s = Staging::new(&out, tmp.path(), &[]).unwrap();
        s.write("a.html", b"generated").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"generated");
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
