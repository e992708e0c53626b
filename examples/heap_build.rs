//! Builds a guide with the system allocator, for heap profilers that watch `malloc` (the
//! `careerguide` binary uses mimalloc, which they do not see). How docs/benchmarks.md measured
//! where the memory of a 50,000-page build goes:
//!
//!     cargo build --release --example heap_build
//!     valgrind --tool=massif --massif-out-file=massif.out \
//!         target/release/examples/heap_build SITE_DIR OUTPUT_DIR
//!     ms_print massif.out
//!
//! (about four minutes at 50,000 pages; heaptrack stopped recording partway on this build.)

use careerguide::build::{BuildOptions, build};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next() else {
        eprintln!("usage: heap_build SITE_DIR [OUTPUT_DIR]");
        std::process::exit(2);
    };
    let mut opts = BuildOptions::new(root);
    opts.output = args.next().map(Into::into);
    if let Err(problems) = build(&opts) {
        eprintln!("the build found {} problems", problems.len());
        std::process::exit(1);
    }
}
