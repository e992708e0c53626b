//! The `careerguide` command line: parses arguments with clap and hands each subcommand to the
//! library. Exit codes: 0 success, 1 content errors, 2 usage errors.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// A build allocates many small strings and maps on every core, which mimalloc handles faster
/// than the system allocator; its v2 line returns freed memory sooner, for a lower peak.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns transparent huge pages off for this process (Linux): with them, each first touch of a
/// 2 MB range of mimalloc's memory makes the kernel clear all of it, which made builds slower
/// for no saving in memory. Equivalent to `MIMALLOC_ALLOW_THP=0`, without asking users to.
fn without_huge_pages() {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        // Not being able to is harmless: the build is only slower.
        let _ = rustix::thread::disable_transparent_huge_pages(true);
    }
}

/// Seeds each of Tera's hash maps from a counter of the thread that makes it: ahash's default
/// seed source is one counter shared by every thread, a cache line that moved between cores
/// for every map a page's context makes. The keys are the site's own names, so the seed need
/// not be secret.
struct ThreadSeeds;

impl ahash::random_state::RandomSource for ThreadSeeds {
    fn gen_hasher_seed(&self) -> usize {
        thread_local! {
            static NEXT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
        }
        NEXT.with(|next| {
            // A different start per thread (the address of its own counter), then an odd
            // stride, which visits every value before repeating.
            let seed = match next.get() {
                0 => next as *const _ as usize,
                seed => seed,
            };
            next.set(seed.wrapping_add(0x9E37_79B9_7F4A_7C15_u64 as usize));
            seed
        })
    }
}

use careerguide::build::{BuildOptions, build};
use careerguide::diagnostics::render_all;

mod cli {
    pub mod editors;
    pub mod out;
}

use cli::out::{err, errln, info};

/// Build career guides from Markdown and YAML front-matter into a fast, searchable static site.
#[derive(Debug, Parser)]
#[command(name = "careerguide", version, about, long_about = None)]
struct Cli {
    /// Print only problems (errors and warnings): no progress or summary lines.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into public/ (or --output): pages, lists, search index, sitemap and feed.
    ///
    /// The previous output is replaced only when the build has no errors, so a mistake never
    /// leaves a half-written site.
    ///
    /// Examples:
    ///   careerguide build
    ///   careerguide build --root my-guide --base-url https://example.org/guide/
    ///   careerguide build --drafts --output /tmp/preview
    #[command(verbatim_doc_comment)]
    Build {
        /// The guide's folder (holding site.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: public/ under the root].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override site.yaml's base_url, e.g. https://example.org/guide/ to publish under a sub-path.
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Preview the site while you write: serves it on 127.0.0.1 and reloads the browser on save.
    ///
    /// Rebuilds only the pages a change touches; errors appear in the terminal and as an overlay
    /// in the browser while the last version that built stays served. Nothing is written to
    /// public/.
    ///
    /// Examples:
    ///   careerguide serve --open
    ///   careerguide serve --root my-guide --port 8080 --drafts
    ///   careerguide serve --bind 0.0.0.0     # preview on a phone on the same network
    #[command(verbatim_doc_comment)]
    Serve {
        /// The guide's folder (holding site.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0 picks any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on: 127.0.0.1 (this computer only) by default; 0.0.0.0 lets
        /// other devices on the network (a phone) open the preview.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1", value_parser = parse_bind)]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Check files every half second instead of waiting for file-system events (for network
        /// drives and some containers).
        #[arg(long)]
        poll: bool,
    },
    #[command(flatten)]
    Editors(cli::editors::EditorsCommand),
    /// Print a shell completion script.
    ///
    /// Examples:
    ///   careerguide completions bash > ~/.local/share/bash-completion/completions/careerguide
    ///   careerguide completions zsh > ~/.zfunc/_careerguide
    ///   careerguide completions fish > ~/.config/fish/completions/careerguide.fish
    #[command(verbatim_doc_comment)]
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
}

fn main() -> ExitCode {
    without_huge_pages();
    // Before any map is made; if a source is somehow set already, the default one serves.
    let _ = ahash::random_state::set_random_source(ThreadSeeds);
    let cli = Cli::parse();
    cli::out::set_quiet(cli.quiet);
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => {
            let opts = BuildOptions {
                output,
                base_url,
                drafts,
                ..BuildOptions::new(root)
            };
            match build(&opts) {
                Ok(summary) => {
                    if !summary.warnings.is_empty() {
                        err(&render_all(&summary.warnings, colour));
                    }
                    info!("{}", summary.line());
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    err(&render_all(&diags, colour));
                    errln!("The build stopped; the previous output was left as it was.");
                    ExitCode::from(1)
                }
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
            poll,
        } => {
            if !bind.is_loopback() {
                errln!(
                    "warning: serving on {bind}: other devices on the network can open the preview (drafts included with --drafts); use --bind 127.0.0.1 to keep it on this computer"
                );
            }
            let opts = careerguide::serve::ServeOptions {
                root,
                port,
                bind,
                open,
                drafts,
                poll,
            };
            match careerguide::serve::serve(opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    errln!("error: {e}");
                    if let Some(help) = e.help() {
                        errln!("  = help: {help}");
                    }
                    ExitCode::from(2)
                }
            }
        }
        Command::Editors(command) => cli::editors::run(command, colour),
        Command::Completions { shell } => {
            use clap::CommandFactory as _;
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "careerguide", &mut script);
            cli::out::out(&String::from_utf8_lossy(&script));
            ExitCode::SUCCESS
        }
    }
}

/// `--bind`'s address, refused in plain words (the standard library says "invalid IP address
/// syntax").
fn parse_bind(text: &str) -> Result<std::net::IpAddr, String> {
    text.trim().parse().map_err(|_| {
        format!(
            "`{text}` is not a network address: write four numbers from 0 to 255 separated by dots, e.g. 127.0.0.1 (this computer only) or 0.0.0.0 (every network, to preview on a phone)"
        )
    })
}
