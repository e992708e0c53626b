//! Times a one-page edit on a site kept in memory, the way `careerguide serve` rebuilds.
//!
//!     cargo run --release --example incremental_edit -- SITE_DIR [EDITS]
//!
//! Opens SITE_DIR (made with bench/gen.py), then appends a sentence to one role page EDITS
//! times, timing each rebuild (read, link, render what changed). Prints the median and slowest.

use std::path::PathBuf;
use std::time::Instant;

use careerguide::incremental::{Project, ProjectOptions};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(site) = args.next().map(PathBuf::from) else {
        eprintln!("usage: incremental_edit SITE_DIR [EDITS]");
        std::process::exit(2);
    };
    let edits: usize = args.next().and_then(|e| e.parse().ok()).unwrap_or(20);
    let opts = ProjectOptions {
        base_url: None,
        drafts: false,
        asset_version: Some("bench".into()),
    };
    let start = Instant::now();
    let (mut project, report) = Project::open(&site, opts);
    println!(
        "initial build: {} pages rendered in {:.0} ms",
        report.rendered,
        start.elapsed().as_secs_f64() * 1000.0
    );
    let mut roles: Vec<PathBuf> = std::fs::read_dir(site.join("content/roles"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    roles.sort();
    let Some(target) = roles.get(roles.len() / 2).cloned() else {
        eprintln!("no roles in {}", site.display());
        std::process::exit(1);
    };
    let mut times = Vec::new();
    for i in 0..edits {
        let mut text = std::fs::read_to_string(&target).unwrap_or_default();
        text.push_str(&format!("\nEdit {i} for the incremental benchmark.\n"));
        if std::fs::write(&target, text).is_err() {
            eprintln!("cannot write {}", target.display());
            std::process::exit(1);
        }
        let t = Instant::now();
        let report = project.apply(std::slice::from_ref(&target));
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        if report.has_errors() || report.rendered != 1 {
            eprintln!(
                "unexpected rebuild: {} rendered, errors: {}",
                report.rendered,
                report.has_errors()
            );
        }
    }
    times.sort_by(f64::total_cmp);
    println!(
        "one-page edit at {} pages: median {:.1} ms, slowest {:.1} ms over {edits} edits",
        report.rendered,
        times[times.len() / 2],
        times[times.len() - 1]
    );
}
