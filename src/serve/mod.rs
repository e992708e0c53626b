//! Serve: a live preview for editors.
//!
//! Builds the site into memory ([`crate::incremental::Project`]), serves it on 127.0.0.1 with
//! axum, watches `content/`, `themes/`, `static/`, `data/` and `site.yaml` with notify (and
//! its debouncer), rebuilds only what a save touches, and tells open pages over Server-Sent
//! Events on the same port: reload (keeping the scroll position), swap the stylesheet, or show
//! the build's errors as an overlay while the last good version stays served. Nothing is
//! written to disk. Bad content, a deleted folder or a renamed file never stop the server.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use tokio::sync::broadcast;

use crate::diagnostics::{Diagnostic, render_all};
use crate::incremental::{Project, ProjectOptions, RebuildKind, RebuildReport};
use crate::search::SearchDoc;
use crate::sink::{Files, MemorySink};

const LIVE_JS: &str = include_str!("live.js");
const LIVE_CSS: &str = include_str!("live.css");
/// What `serve` answers for the site's `sw.js` (see the file): a built site's offline cache
/// would hide edits.
const SERVE_SW: &str = include_str!("sw.js");

/// The Content-Security-Policy sent with every response; the default theme satisfies it (no
/// inline scripts, styles or event handlers).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// What `careerguide serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    /// The address to listen on: 127.0.0.1 unless asked otherwise (`serve --bind`).
    pub bind: std::net::IpAddr,
    pub open: bool,
    pub drafts: bool,
    /// Poll the file system instead of native events (network drives, some containers).
    pub poll: bool,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("port {port} is already in use")]
    PortBusy { port: u16 },
    #[error("cannot listen on port {port}: {source}")]
    Listen { port: u16, source: std::io::Error },
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
    #[error("cannot watch the guide's files: {0}")]
    Watch(String),
}

impl ServeError {
    pub fn help(&self) -> Option<String> {
        match self {
            ServeError::PortBusy { port } => Some(format!(
                "another program (perhaps another `careerguide serve`) uses it; choose another with --port {}, or --port 0 for any free port",
                port.saturating_add(1)
            )),
            ServeError::Watch(_) => Some("try --poll, which checks the files every half second instead of waiting for events".into()),
            _ => None,
        }
    }
}

/// One error shown in the browser overlay.
#[derive(Debug, Clone, Serialize)]
struct OverlayError {
    location: String,
    message: String,
    rendered: String,
}

/// The message that ends every page's event stream when the server stops: a graceful shutdown
/// waits for open requests to finish, and an event stream never finishes by itself (Ctrl-C
/// with a page open left the server running).
const STOP_EVENT: &str = "__stop";

/// State shared by the request handlers and the rebuild loop.
struct Shared {
    files: RwLock<Arc<Files>>,
    /// The search index, rebuilt in the background after pages change.
    search: RwLock<Arc<Files>>,
    /// The errors of the last rebuild, shown to pages that connect later.
    errors: RwLock<Vec<OverlayError>>,
    events: broadcast::Sender<(String, String)>,
    base_path: String,
}

/// Prints a line to standard output, ignoring a closed terminal or pipe (never a panic).
fn say(line: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// `println!` that ignores a closed standard output instead of panicking.
macro_rules! say_out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($t)*);
    }};
}

/// `eprintln!` that ignores a closed standard error instead of panicking.
macro_rules! say_err {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($t)*);
    }};
}

/// Runs the server until Ctrl-C. Prints diagnostics and rebuild lines to the terminal.
pub fn serve(opts: ServeOptions) -> Result<(), ServeError> {
    let root = std::fs::canonicalize(&opts.root).unwrap_or_else(|_| opts.root.clone());
    let listener = match TcpListener::bind(SocketAddr::new(opts.bind, opts.port)) {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            return Err(ServeError::PortBusy { port: opts.port });
        }
        Err(source) => {
            return Err(ServeError::Listen {
                port: opts.port,
                source,
            });
        }
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(opts.port);
    listener
        .set_nonblocking(true)
        .map_err(ServeError::Runtime)?;
    let base_path = crate::config::SiteConfig::load(&root, None)
        .map(|c| c.base_path)
        .unwrap_or_else(|_| "/".into());
    // An unspecified address (0.0.0.0) listens everywhere: the browser opens it on this machine.
    let host = match opts.bind {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        std::net::IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let base_url = format!("http://{host}:{port}{base_path}");
    let colour = std::io::IsTerminal::is_terminal(&std::io::stderr())
        && std::env::var_os("NO_COLOR").is_none();

    let options = ProjectOptions {
        base_url: Some(base_url.clone()),
        drafts: opts.drafts,
        asset_version: Some("serve".into()),
    };
    let (mut project, report) = Project::open(&root, options);
    print_report(&report, !project.files().is_empty(), colour);
    let (events, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        files: RwLock::new(project.files()),
        search: RwLock::new(Arc::new(search_files(&project.search_docs(), colour))),
        errors: RwLock::new(overlay_errors(&report)),
        events,
        base_path: base_path.clone(),
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    let (watch_tx, watch_rx) = std::sync::mpsc::channel();
    let watcher = Watcher::start(&root, opts.poll, watch_tx).map_err(ServeError::Watch)?;
    let (search_tx, search_rx) = std::sync::mpsc::channel::<Vec<SearchDoc>>();
    let search_shared = Arc::clone(&shared);
    std::thread::Builder::new()
        .name("search".into())
        .spawn(move || search_loop(search_rx, &search_shared, colour))
        .map_err(ServeError::Runtime)?;
    let rebuild_shared = Arc::clone(&shared);
    let rebuild_root = root.clone();
    std::thread::Builder::new()
        .name("rebuild".into())
        .spawn(move || {
            rebuild_loop(
                watcher,
                watch_rx,
                &rebuild_root,
                &mut project,
                &rebuild_shared,
                &search_tx,
                colour,
            )
        })
        .map_err(ServeError::Runtime)?;

    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(ServeError::Runtime)?;
        // Listen for Ctrl-C before saying we are ready, so that an early Ctrl-C stops the
        // server cleanly instead of killing it.
        let ctrl_c = ctrl_c_listener().map_err(ServeError::Runtime)?;
        let stopping = Arc::clone(&shared);
        let stop = async move {
            ctrl_c.await;
            let _ = stopping
                .events
                .send((STOP_EVENT.to_string(), String::new()));
        };
        say(&format!(
            "Serving {} at {base_url} — press Ctrl-C to stop",
            root.display()
        ));
        if opts.bind.is_unspecified()
            && let Some(lan) = network_address()
        {
            say(&format!(
                "On a phone or another computer on this network, open http://{lan}:{port}{base_path}"
            ));
        }
        if opts.open
            && let Err(e) = open::that_detached(&base_url)
        {
            say_err!("could not open a browser ({e}); open {base_url} yourself");
        }
        axum::serve(listener, router(shared))
            .with_graceful_shutdown(stop)
            .await
            .map_err(ServeError::Runtime)
    })?;
    say("Stopped.");
    Ok(())
}

/// This computer's address on its network, for a preview served on every address: the local
/// end of a UDP socket aimed at a documentation address (connecting a UDP socket only picks the
/// route; nothing is sent). `None` without a network.
fn network_address() -> Option<std::net::IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// Completes at the first Ctrl-C after this call. The handler is installed now (inside the
/// runtime): `tokio::signal::ctrl_c()` installs it only when first polled, so a Ctrl-C between
/// creating that future and serving would kill the process.
fn ctrl_c_listener() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    let mut signal = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
    #[cfg(windows)]
    let mut signal = tokio::signal::windows::ctrl_c()?;
    Ok(async move {
        let _ = signal.recv().await;
    })
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/__careerguide/events", get(events))
        .route(
            "/__careerguide/live.js",
            get(|| async { static_response("text/javascript; charset=utf-8", LIVE_JS) }),
        )
        .route(
            "/__careerguide/live.css",
            get(|| async { static_response("text/css; charset=utf-8", LIVE_CSS) }),
        )
        .fallback(get(file))
        .with_state(shared)
}

fn static_response(content_type: &'static str, body: &'static str) -> Response {
    let mut res = Response::new(Body::from(body));
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

/// Server-Sent Events: `errors`, `ok` and `reload` messages for the page's script.
async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let rx = shared.events.subscribe();
    let initial = {
        let errors = shared.errors.read().map(|e| e.clone()).unwrap_or_default();
        if errors.is_empty() {
            ("ok".to_string(), "{}".to_string())
        } else {
            (
                "errors".to_string(),
                serde_json::json!({ "errors": errors }).to_string(),
            )
        }
    };
    let stream = futures_util::stream::unfold((Some(initial), rx), |(first, mut rx)| async move {
        if let Some((name, data)) = first {
            return Some((
                Ok::<Event, std::convert::Infallible>(Event::default().event(name).data(data)),
                (None, rx),
            ));
        }
        loop {
            match rx.recv().await {
                Ok((name, _)) if name == STOP_EVENT => return None,
                Ok((name, data)) => {
                    return Some((Ok(Event::default().event(name).data(data)), (None, rx)));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// Serves a file of the site from memory, under the site's base path.
async fn file(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let raw_path = req.uri().path().to_string();
    let files = shared
        .files
        .read()
        .map(|f| Arc::clone(&f))
        .unwrap_or_default();
    let search = shared
        .search
        .read()
        .map(|f| Arc::clone(&f))
        .unwrap_or_default();
    let Some(decoded) = decode_path(&raw_path) else {
        return plain(StatusCode::BAD_REQUEST, "bad request path");
    };
    let base = shared.base_path.as_str();
    if base != "/" && (decoded == base.trim_end_matches('/') || decoded == "/") {
        return redirect(base);
    }
    if files.is_empty() {
        let errors = shared.errors.read().map(|e| e.clone()).unwrap_or_default();
        return unbuilt_page(&errors);
    }
    let Some(rel) = decoded.strip_prefix(base) else {
        return not_found(&files, base);
    };
    if rel == "sw.js" {
        return static_response("text/javascript; charset=utf-8", SERVE_SW);
    }
    let candidates = if rel.is_empty() || rel.ends_with('/') {
        vec![format!("{rel}index.html")]
    } else {
        vec![rel.to_string()]
    };
    for name in candidates {
        if let Some(bytes) = files.get(&name).or_else(|| search.get(&name)) {
            return respond(&name, bytes, req.headers(), StatusCode::OK);
        }
    }
    if !rel.is_empty() && !rel.ends_with('/') && files.contains_key(&format!("{rel}/index.html")) {
        return redirect(&format!("{base}{rel}/"));
    }
    not_found(&files, base)
}

/// Percent-decodes a request path and refuses anything that tries to climb out (`..`, `%2e%2e`),
/// backslashes and NUL bytes.
pub fn decode_path(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(out).ok()?;
    if path.contains('\0') || path.contains('\\') || !path.starts_with('/') {
        return None;
    }
    if path.split('/').any(|seg| seg == ".." || seg == ".") {
        return None;
    }
    Some(path)
}

fn respond(name: &str, bytes: &Arc<Vec<u8>>, headers: &HeaderMap, status: StatusCode) -> Response {
    let mime = mime_guess::from_path(name).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let etag = format!("\"{:x}\"", crate::hash::of(bytes.as_slice()));
    if status == StatusCode::OK
        && headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            == Some(etag.as_str())
    {
        let mut res = Response::new(Body::empty());
        *res.status_mut() = StatusCode::NOT_MODIFIED;
        if let Ok(v) = HeaderValue::from_str(&etag) {
            res.headers_mut().insert(header::ETAG, v);
        }
        return res;
    }
    let body = if is_html {
        inject_live_script(bytes)
    } else {
        bytes.to_vec()
    };
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = status;
    let content_type = if mime.type_() == "text"
        || mime.essence_str() == "application/javascript"
        || mime.essence_str() == "image/svg+xml"
        || mime.essence_str() == "application/json"
    {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    };
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res
}

/// Adds the live-reload script before `</body>`.
fn inject_live_script(html: &[u8]) -> Vec<u8> {
    const TAG: &[u8] = b"<script src=\"/__careerguide/live.js\" defer></script>";
    let pos = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + TAG.len());
    out.extend_from_slice(&html[..pos]);
    out.extend_from_slice(TAG);
    out.extend_from_slice(&html[pos..]);
    out
}

/// What every address shows while nothing has built yet: the errors to fix, in the overlay's
/// style, with the live script, which keeps the list current and turns the page into the guide
/// once it builds. `503`: the page is not the guide's.
fn unbuilt_page(errors: &[OverlayError]) -> Response {
    use crate::escape::html_text;
    let mut items = String::new();
    for e in errors {
        items.push_str(&format!(
            "<li><p class=\"careerguide-overlay-where\">{}</p><p class=\"careerguide-overlay-message\">{}</p><pre>{}</pre></li>\n",
            html_text(&e.location),
            html_text(&e.message),
            html_text(&e.rendered)
        ));
    }
    let count = match errors.len() {
        1 => "1 problem to fix".to_string(),
        n => format!("{n} problems to fix"),
    };
    let html = format!(
        "<!doctype html>\n<html lang=\"en\" data-careerguide-unbuilt>\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>The guide has not built yet</title>\n<link rel=\"stylesheet\" href=\"/__careerguide/live.css\">\n</head>\n<body>\n<div id=\"careerguide-overlay\" class=\"careerguide-overlay careerguide-unbuilt\" role=\"alert\">\n<h1 id=\"careerguide-overlay-title\">{count}</h1>\n<p class=\"careerguide-overlay-note\">Nothing has built yet, so there is no page to show. Fix these and save: this page turns into the guide by itself.</p>\n<ol>\n{items}</ol>\n</div>\n<script src=\"/__careerguide/live.js\" defer></script>\n</body>\n</html>\n"
    );
    let mut res = Response::new(Body::from(html));
    *res.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    res
}

fn not_found(files: &Files, _base: &str) -> Response {
    match files.get("404.html") {
        Some(bytes) => respond("404.html", bytes, &HeaderMap::new(), StatusCode::NOT_FOUND),
        None => plain(StatusCode::NOT_FOUND, "not found"),
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut res = Response::new(Body::from(text));
    *res.status_mut() = status;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}

fn redirect(to: &str) -> Response {
    let mut res = Response::new(Body::empty());
    *res.status_mut() = StatusCode::PERMANENT_REDIRECT;
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

fn overlay_errors(report: &RebuildReport) -> Vec<OverlayError> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| OverlayError {
            location: d.location(),
            message: d.message.clone(),
            rendered: d.render(false),
        })
        .collect()
}

fn print_diagnostics(diags: &[Diagnostic], colour: bool) {
    if !diags.is_empty() {
        say_err!("{}", render_all(diags, colour).trim_end_matches('\n'));
    }
}

fn print_report(report: &RebuildReport, built: bool, colour: bool) {
    print_diagnostics(&report.diagnostics, colour);
    if report.has_errors() && !built {
        say_err!(
            "Nothing has built yet: every page shows these errors until they are fixed; save a fix and the browser shows the guide."
        );
    } else if report.has_errors() {
        say_err!("Still serving the last version that built; fix the errors above and save.");
    } else if report.kind != RebuildKind::Nothing {
        say_out!(
            "Rebuilt ({}): {} page{} rendered, {} file{} changed in {:.0} ms",
            report.kind.name(),
            report.rendered,
            if report.rendered == 1 { "" } else { "s" },
            report.changed.len(),
            if report.changed.len() == 1 { "" } else { "s" },
            report.elapsed.as_secs_f64() * 1000.0
        );
    }
}

/// Site paths of changed files as the browser sees them (`roles/x/index.html` → `/base/roles/x/`).
fn page_urls(base: &str, changed: &[String]) -> Vec<String> {
    changed
        .iter()
        .map(|p| format!("{base}{}", p.strip_suffix("index.html").unwrap_or(p)))
        .collect()
}

/// How long to wait for more events after one arrives, so a burst (a git checkout, a
/// search-and-replace over many files) becomes one rebuild.
const QUIET: Duration = Duration::from_millis(20);

/// The search index for `docs`, as files.
fn search_files(docs: &[SearchDoc], colour: bool) -> Files {
    let sink = MemorySink::default();
    if let Err(e) = crate::search::write_index(docs, &sink) {
        print_diagnostics(
            &[Diagnostic::error(
                "write",
                format!("cannot build the search index: {e}"),
            )],
            colour,
        );
    }
    sink.into_files()
}

/// Rebuilds the search index off the rebuild thread, always from the newest documents, so a
/// large index never delays the next page reload.
fn search_loop(rx: std::sync::mpsc::Receiver<Vec<SearchDoc>>, shared: &Shared, colour: bool) {
    while let Ok(mut docs) = rx.recv() {
        while let Ok(newer) = rx.try_recv() {
            docs = newer;
        }
        let files = search_files(&docs, colour);
        if let Ok(mut s) = shared.search.write() {
            *s = Arc::new(files);
        }
    }
}

fn rebuild_loop(
    mut watcher: Watcher,
    rx: std::sync::mpsc::Receiver<Vec<PathBuf>>,
    root: &Path,
    project: &mut Project,
    shared: &Shared,
    search: &std::sync::mpsc::Sender<Vec<SearchDoc>>,
    colour: bool,
) {
    loop {
        // Events, or every second a look at whether the guide's folder was replaced (whose
        // old watches then see nothing): then everything is read again.
        let mut paths = match rx.recv_timeout(Duration::from_secs(1)) {
            Ok(paths) => paths,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                if !watcher.replaced(root) {
                    continue;
                }
                say_err!("The guide's folder was replaced; reading it again.");
                vec![root.join("site.yaml")]
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let deadline = Instant::now() + Duration::from_secs(2);
        while let Ok(more) = rx.recv_timeout(QUIET) {
            paths.extend(more);
            if Instant::now() > deadline {
                break;
            }
        }
        paths.sort();
        paths.dedup();
        // A watched folder that was created or re-created (e.g. content/ restored).
        watcher.refresh(root);
        let report = project.apply(&paths);
        if report.kind == RebuildKind::Nothing && !report.has_errors() {
            continue;
        }
        print_report(&report, !project.files().is_empty(), colour);
        let errors = overlay_errors(&report);
        if let Ok(mut e) = shared.errors.write() {
            *e = errors.clone();
        }
        if !errors.is_empty() {
            let _ = shared.events.send((
                "errors".into(),
                serde_json::json!({ "errors": errors }).to_string(),
            ));
            continue;
        }
        if let Ok(mut f) = shared.files.write() {
            *f = project.files();
        }
        let _ = shared.events.send(("ok".into(), "{}".into()));
        let reload = serde_json::json!({
            "css": report.css_only,
            "all": report.kind == RebuildKind::Full,
            "paths": page_urls(&shared.base_path, &report.changed),
        });
        let _ = shared.events.send(("reload".into(), reload.to_string()));
        // The search index follows the pages, after the reload has gone out.
        if project.search_is_stale() {
            let _ = search.send(project.search_docs());
            project.mark_search_sent();
        }
    }
}

/// The file watcher: native events where the system has them, polling otherwise.
struct Watcher {
    inner: WatcherKind,
    /// Each watched folder with the identity it had when the watch began.
    watched: Vec<(PathBuf, Option<FolderId>)>,
}

/// Which folder a path names (device and inode), to tell when it was replaced by another one
/// of the same name (a restore from backup, an unzip): the old folder's watch then sees nothing.
type FolderId = (u64, u64);

#[cfg(unix)]
fn folder_id(path: &Path) -> Option<FolderId> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Elsewhere a replaced folder is not told from the one before.
#[cfg(not(unix))]
fn folder_id(_path: &Path) -> Option<FolderId> {
    None
}

enum WatcherKind {
    Native(
        notify_debouncer_full::Debouncer<
            notify::RecommendedWatcher,
            notify_debouncer_full::RecommendedCache,
        >,
    ),
    Poll(notify_debouncer_full::Debouncer<notify::PollWatcher, notify_debouncer_full::NoCache>),
}

/// The folders watched recursively; `site.yaml` is caught by a watch on the root itself.
const WATCHED: [&str; 4] = ["content", "themes", "static", "data"];

impl Watcher {
    fn start(
        root: &Path,
        poll: bool,
        tx: std::sync::mpsc::Sender<Vec<PathBuf>>,
    ) -> Result<Watcher, String> {
        let handler = move |result: notify_debouncer_full::DebounceEventResult| {
            if let Ok(events) = result {
                let paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| !matches!(e.kind, notify::EventKind::Access(_)))
                    .flat_map(|e| e.event.paths)
                    .filter(|p| {
                        !p.file_name()
                            .is_some_and(|n| crate::load::is_ignored_name(&n.to_string_lossy()))
                    })
                    .collect();
                if !paths.is_empty() {
                    let _ = tx.send(paths);
                }
            }
        };
        let timeout = Duration::from_millis(15);
        let inner = if poll {
            let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
            let debouncer = notify_debouncer_full::new_debouncer_opt::<_, notify::PollWatcher, _>(
                timeout,
                None,
                handler,
                notify_debouncer_full::NoCache,
                config,
            )
            .map_err(|e| e.to_string())?;
            WatcherKind::Poll(debouncer)
        } else {
            match notify_debouncer_full::new_debouncer(timeout, None, handler.clone()) {
                Ok(d) => WatcherKind::Native(d),
                Err(e) => {
                    say_err!(
                        "native file events are unavailable ({e}); checking files every half second instead"
                    );
                    let config =
                        notify::Config::default().with_poll_interval(Duration::from_millis(500));
                    WatcherKind::Poll(
                        notify_debouncer_full::new_debouncer_opt::<_, notify::PollWatcher, _>(
                            timeout,
                            None,
                            handler,
                            notify_debouncer_full::NoCache,
                            config,
                        )
                        .map_err(|e| e.to_string())?,
                    )
                }
            }
        };
        let mut w = Watcher {
            inner,
            watched: Vec::new(),
        };
        w.watch(root, notify::RecursiveMode::NonRecursive)?;
        w.refresh(root);
        Ok(w)
    }

    fn watch(&mut self, path: &Path, mode: notify::RecursiveMode) -> Result<(), String> {
        let r = match &mut self.inner {
            WatcherKind::Native(d) => d.watch(path, mode),
            WatcherKind::Poll(d) => d.watch(path, mode),
        };
        r.map_err(|e| e.to_string())?;
        self.watched.push((path.to_path_buf(), folder_id(path)));
        Ok(())
    }

    /// Whether the guide's folder, or a watched folder in it, was replaced by another of the
    /// same name since it was watched; if so, the new folders are watched instead.
    fn replaced(&mut self, root: &Path) -> bool {
        let stale: Vec<PathBuf> = self
            .watched
            .iter()
            .filter(|(path, id)| {
                id.is_some() && folder_id(path).is_some_and(|now| Some(now) != *id)
            })
            .map(|(path, _)| path.clone())
            .collect();
        if stale.is_empty() {
            return false;
        }
        for path in &stale {
            let _ = match &mut self.inner {
                WatcherKind::Native(d) => d.unwatch(path),
                WatcherKind::Poll(d) => d.unwatch(path),
            };
            self.watched.retain(|(p, _)| p != path);
            let mode = if path == root {
                notify::RecursiveMode::NonRecursive
            } else {
                notify::RecursiveMode::Recursive
            };
            if let Err(e) = self.watch(path, mode) {
                say_err!("cannot watch {}: {e}", path.display());
            }
        }
        self.refresh(root);
        true
    }

    /// Watches the content folders that exist now and were not watched yet (or were deleted
    /// and created again).
    fn refresh(&mut self, root: &Path) {
        for name in WATCHED {
            let dir = root.join(name);
            let known = self.watched.iter().any(|(p, _)| p == &dir);
            if dir.is_dir() && !known {
                if let Err(e) = self.watch(&dir, notify::RecursiveMode::Recursive) {
                    say_err!("cannot watch {}: {e}", dir.display());
                }
            } else if !dir.is_dir() && known {
                self.watched.retain(|(p, _)| p != &dir);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_cannot_climb_out() {
        assert_eq!(decode_path("/roles/x/").as_deref(), Some("/roles/x/"));
        assert_eq!(decode_path("/a%20b/").as_deref(), Some("/a b/"));
        assert_eq!(decode_path("/../etc/passwd"), None);
        assert_eq!(decode_path("/%2e%2e/etc/passwd"), None);
        assert_eq!(decode_path("/%2E%2E%2Fetc"), None);
        assert_eq!(decode_path("/x%00"), None);
        assert_eq!(decode_path("/a%5c..%5cb"), None);
        assert_eq!(decode_path("/%zz"), None);
    }

    #[test]
    fn live_script_goes_before_the_closing_body() {
        let out = inject_live_script(b"<html><body><p>x</p></body></html>");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<html><body><p>x</p><script src=\"/__careerguide/live.js\" defer></script></body></html>"
        );
    }
}
