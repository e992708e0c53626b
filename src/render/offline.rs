//! The offline copy of a guide: every file a build writes that a visitor may open (pages, the
//! theme's assets, the whole search index, the explorer's data), listed in `offline.json` for
//! the service worker (`templates/sw.js`). A guide whose copy fits [`PRECACHE_BUDGET_BYTES`]
//! is saved whole when the worker installs; a larger one keeps the pages a visitor opens and
//! offers a "Save this guide for offline" control that downloads the list.

use std::sync::Mutex;

use serde::Serialize;

use crate::sink::Sink;

/// The most bytes (as stored, uncompressed) the service worker saves on its own when it
/// installs; above it, the visitor chooses to save the guide. It leaves the bundled guide room
/// to grow while a guide several times its size asks first (docs/quality.md has the figures).
pub const PRECACHE_BUDGET_BYTES: u64 = 8_000_000;

/// A sink that passes every file on and remembers its path and size: the build's list of
/// what it wrote, for the offline copy.
pub struct RecordingSink<'a> {
    inner: &'a dyn Sink,
    files: Mutex<Vec<(String, u64)>>,
}

impl<'a> RecordingSink<'a> {
    pub fn new(inner: &'a dyn Sink) -> Self {
        RecordingSink {
            inner,
            files: Mutex::new(Vec::new()),
        }
    }

    /// Every file written so far: (path under the output folder, bytes).
    pub fn files(&self) -> Vec<(String, u64)> {
        match self.files.lock() {
            Ok(f) => f.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn record(&self, rel: &str, bytes: u64) {
        let mut files = match self.files.lock() {
            Ok(f) => f,
            Err(poisoned) => poisoned.into_inner(),
        };
        files.push((rel.to_string(), bytes));
    }
}

/// Counts what passes through a writer.
struct Counting<'w> {
    inner: &'w mut dyn std::io::Write,
    bytes: u64,
}

impl std::io::Write for Counting<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl Sink for RecordingSink<'_> {
    fn put(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.inner.put(rel, bytes)?;
        self.record(rel, bytes.len() as u64);
        Ok(())
    }

    fn put_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut total = 0;
        self.inner.put_with(rel, &mut |w| {
            let mut counting = Counting { inner: w, bytes: 0 };
            let result = fill(&mut counting);
            total = counting.bytes;
            result
        })?;
        self.record(rel, total);
        Ok(())
    }
}

/// `offline.json`: the addresses of the offline copy, relative to the site's root, with their
/// sizes, and the total.
#[derive(Debug, Serialize, PartialEq)]
pub struct OfflineList {
    pub files: Vec<(String, u64)>,
    pub bytes: u64,
}

/// What a visitor may open offline, from the files a build wrote: each page by its address
/// (`roles/coder/index.html` is `roles/coder/`, the home page `./`), every other file by its
/// path; not the files only crawlers, feed readers and editors read (sitemaps, feeds,
/// robots.txt, the JSON Schemas), the service worker itself or this list.
pub fn offline_list(mut written: Vec<(String, u64)>) -> OfflineList {
    written.sort();
    written.dedup_by(|a, b| a.0 == b.0);
    let files: Vec<(String, u64)> = written
        .into_iter()
        .filter(|(rel, _)| {
            !(rel == "sw.js"
                || rel == "offline.json"
                || rel == "robots.txt"
                || rel == "atom.xml"
                || rel.starts_with("sitemap")
                || rel.starts_with("schema/"))
        })
        .map(|(rel, bytes)| {
            let url = if rel == "index.html" {
                "./".to_string()
            } else if let Some(dir) = rel.strip_suffix("/index.html") {
                format!("{dir}/")
            } else {
                rel
            };
            (url, bytes)
        })
        .collect();
    let bytes = files.iter().map(|f| f.1).sum();
    OfflineList { files, bytes }
}

/// What the service worker saves when it installs, whatever the guide's size: the home and
/// search pages, the theme's assets (stylesheets and scripts by their `?v=` addresses, as pages
/// ask for them) and the search index's manifest and facets. Relative to the site's root.
pub fn shell<'a>(
    theme: &crate::theme::Theme,
    asset_version: &str,
    index_files: impl IntoIterator<Item = &'a str>,
    index_version: &str,
) -> Vec<String> {
    let mut shell: Vec<String> = vec!["./".into(), crate::paths::SEARCH.into()];
    for name in theme.statics.keys() {
        // The explorer's scripts only its pages load: they come with the offline copy.
        if !name.starts_with("assets/") || name.starts_with("assets/explorer") {
            continue;
        }
        if name.ends_with(".css") || name.ends_with(".js") {
            shell.push(format!("{name}?v={asset_version}"));
        } else {
            shell.push(name.clone());
        }
    }
    for path in index_files {
        if path.ends_with("/meta.js") {
            shell.push(path.to_string());
        } else if path.ends_with("/facets.js") {
            shell.push(format!("{path}?v={index_version}"));
        }
    }
    shell
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_listed_by_address_and_crawler_files_are_left_out() {
        let list = offline_list(vec![
            ("roles/coder/index.html".into(), 100),
            ("index.html".into(), 50),
            ("assets/style.css".into(), 20),
            ("search-index/n0.js".into(), 7),
            ("sitemap.xml".into(), 9),
            ("sw.js".into(), 9),
            ("schema/role.json".into(), 9),
            ("404.html".into(), 3),
        ]);
        assert_eq!(
            list.files,
            [
                ("404.html".to_string(), 3),
                ("assets/style.css".to_string(), 20),
                ("./".to_string(), 50),
                ("roles/coder/".to_string(), 100),
                ("search-index/n0.js".to_string(), 7),
            ]
        );
        assert_eq!(list.bytes, 180);
    }

    #[test]
    fn the_recording_sink_counts_what_it_passes_on() {
        let inner = crate::sink::DiscardSink;
        let sink = RecordingSink::new(&inner);
        sink.put("a/index.html", b"hello").unwrap();
        sink.put_with("b.js", &mut |w| w.write_all(b"abc")).unwrap();
        let mut files = sink.files();
        files.sort();
        assert_eq!(files, [("a/index.html".into(), 5), ("b.js".into(), 3)]);
    }
}
