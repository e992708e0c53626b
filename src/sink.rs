//! Sink: where rendered files go. A build writes into the output's staging folder
//! (`output::Staging`), `serve` keeps them in memory ([`MemorySink`]), and `check` keeps
//! nothing ([`DiscardSink`]); every stage that makes files writes through [`Sink`].

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Where rendered files go, by site path (`roles/x/index.html`).
pub trait Sink: Sync {
    fn put(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()>;

    /// Puts the file whose bytes `fill` writes. A sink that writes files lets them go straight
    /// to the file, so that a very long page is never held whole in memory; this default
    /// collects them first.
    fn put_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        self.put(rel, &bytes)
    }
}

/// The error of a site path that would leave the output folder.
fn unsafe_path(rel: &str) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("unsafe output path `{rel}`"),
    )
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

/// A sink that keeps nothing: `check` renders every page only to find its problems.
#[derive(Debug, Default)]
pub struct DiscardSink;

impl Sink for DiscardSink {
    fn put(&self, rel: &str, _bytes: &[u8]) -> std::io::Result<()> {
        match safe_relative(rel) {
            Some(_) => Ok(()),
            None => Err(unsafe_path(rel)),
        }
    }

    fn put_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        fill(&mut std::io::sink())?;
        self.put(rel, &[])
    }
}

/// The files of a site: site path (`roles/x/index.html`) to bytes.
pub type Files = HashMap<String, Arc<Vec<u8>>>;

/// A sink that keeps files in memory (`serve`).
#[derive(Debug, Default)]
pub struct MemorySink {
    files: Mutex<Files>,
}

impl MemorySink {
    pub fn into_files(self) -> Files {
        self.files
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Sink for MemorySink {
    fn put(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        if safe_relative(rel).is_none() {
            return Err(unsafe_path(rel));
        }
        let mut files = self
            .files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        files.insert(rel.to_string(), Arc::new(bytes.to_vec()));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_output_are_refused() {
        assert!(safe_relative("../x").is_none());
        assert!(safe_relative("/etc/passwd").is_none());
        assert!(safe_relative("a/../../b").is_none());
        assert!(MemorySink::default().put("../x", b"").is_err());
        assert!(DiscardSink.put("/etc/passwd", b"").is_err());
        assert_eq!(
            safe_relative("roles/x/index.html"),
            Some(PathBuf::from("roles/x/index.html"))
        );
    }
}
