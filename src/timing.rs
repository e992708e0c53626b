//! Timing: how long each stage of a build took, printed to stderr when `CAREERGUIDE_TIMINGS`
//! asks for it, to find where the time goes (docs/benchmarks.md says how to read the lines).

use std::time::Instant;

/// Whether `CAREERGUIDE_TIMINGS` asks for timings: set to anything but empty or `0` (so that
/// `CAREERGUIDE_TIMINGS=` or `=0`, as a script may leave it, turns them off).
fn wanted() -> bool {
    std::env::var_os("CAREERGUIDE_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Prints how long `stage` has taken since `since`, with the memory in use and the peak so far
/// where the operating system says (Linux). A top-level stage also gives the processor time of
/// every thread since the previous top-level line; indented names are parts of a stage and
/// give none.
pub fn stage(stage: &str, since: Instant) {
    if wanted() {
        let cpu = if stage.starts_with(' ') {
            String::new()
        } else {
            cpu_note()
        };
        eprintln!(
            "[timing] {stage:<22} {:>9.1} ms{}",
            since.elapsed().as_secs_f64() * 1000.0,
            memory_note(&cpu)
        );
    }
}

/// `cpu 812 ms` since the previous call: the process's processor time (every thread).
fn cpu_note() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static LAST: AtomicU64 = AtomicU64::new(0);
    let now = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    let ns = (now.tv_sec as u64)
        .saturating_mul(1_000_000_000)
        .saturating_add(now.tv_nsec as u64);
    let before = LAST.swap(ns, Ordering::Relaxed);
    format!("cpu {:.0} ms", ns.saturating_sub(before) as f64 / 1e6)
}

/// `  (cpu 812 ms, RSS 312 MB, peak 318 MB)`: `cpu` as given, then the memory from
/// /proc/self/status where there is one.
fn memory_note(cpu: &str) -> String {
    let wrap = |inner: String| {
        if inner.is_empty() {
            inner
        } else {
            format!("  ({inner})")
        }
    };
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return wrap(cpu.to_string());
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|kb| kb / 1024)
    };
    let sep = if cpu.is_empty() { "" } else { ", " };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(rss), Some(peak)) => wrap(format!("{cpu}{sep}RSS {rss} MB, peak {peak} MB")),
        _ => wrap(cpu.to_string()),
    }
}
