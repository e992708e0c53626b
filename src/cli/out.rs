//! Printing that never panics. `println!` panics when standard output is closed
//! (`careerguide check | head` once `head` has read its lines); here a closed standard output
//! ends the program quietly with success, as other command-line tools do, and a closed
//! standard error is ignored. `--quiet` leaves out the lines that only report progress.

use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};

static QUIET: AtomicBool = AtomicBool::new(false);

/// Leaves out informational lines from now on (`--quiet`).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

pub fn is_quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Writes `text` to standard output; when the reader has gone away, exits with success.
pub fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        std::process::exit(0);
    }
}

/// Writes `text` to standard error, ignoring a closed one.
pub fn err(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// `println!` through [`out`].
macro_rules! outln {
    ($($t:tt)*) => {
        $crate::cli::out::out(&format!("{}\n", format_args!($($t)*)))
    };
}

/// `eprintln!` through [`err`].
macro_rules! errln {
    ($($t:tt)*) => {
        $crate::cli::out::err(&format!("{}\n", format_args!($($t)*)))
    };
}

/// A line that only reports progress: left out with `--quiet`.
macro_rules! info {
    ($($t:tt)*) => {
        if !$crate::cli::out::is_quiet() {
            $crate::cli::out::out(&format!("{}\n", format_args!($($t)*)))
        }
    };
}

pub(crate) use {errln, info, outln};
