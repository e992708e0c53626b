//! External links: visiting the links a guide makes to other sites, politely.
//!
//! Used by `careerguide check --external`. Links are grouped by host; each host gets one
//! request at a time, with a pause between requests, while a few hosts are visited in
//! parallel. Each request has a timeout. A `HEAD` request is tried first and `GET` when a
//! server refuses `HEAD`; bodies are never read. Nothing here runs unless asked for.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

/// What visiting a link found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The server answered with a success or redirect status.
    Ok(u16),
    /// The server answered with an error status (404, 410, 500, …).
    Broken(u16),
    /// No answer: DNS, connection, TLS or timeout, with the reason.
    Unreachable(String),
}

/// How to visit.
#[derive(Debug, Clone)]
pub struct Politeness {
    /// Longest wait for one request, connection included.
    pub timeout: Duration,
    /// Pause between two requests to the same host.
    pub pause: Duration,
    /// How many hosts are visited at the same time.
    pub hosts_in_parallel: usize,
}

impl Default for Politeness {
    fn default() -> Self {
        Politeness {
            timeout: Duration::from_secs(15),
            pause: Duration::from_millis(500),
            hosts_in_parallel: 4,
        }
    }
}

/// `host:port` of a URL, the unit of politeness; `None` for a URL that cannot be visited.
fn host_key(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    Some(format!(
        "{host}:{}",
        parsed.port_or_known_default().unwrap_or(0)
    ))
}

/// Visits each URL once (duplicates are visited once) and returns what each answered.
pub fn check_all(urls: &[String], politeness: &Politeness) -> BTreeMap<String, Outcome> {
    let mut by_host: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut results = BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    for url in urls {
        if !seen.insert(url.as_str()) {
            continue;
        }
        match host_key(url) {
            Some(host) => by_host.entry(host).or_default().push(url.clone()),
            None => {
                results.insert(
                    url.clone(),
                    Outcome::Unreachable("not a URL that can be visited".into()),
                );
            }
        }
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(politeness.timeout))
        .http_status_as_error(false)
        .max_redirects(5)
        .user_agent(concat!(
            "careerguide-check/",
            env!("CARGO_PKG_VERSION"),
            " (link checker)"
        ))
        .build()
        .into();
    let queue: Mutex<Vec<Vec<String>>> = Mutex::new(by_host.into_values().rev().collect());
    let found: Mutex<BTreeMap<String, Outcome>> = Mutex::new(results);
    let workers = politeness.hosts_in_parallel.max(1);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let next = match queue.lock() {
                        Ok(mut q) => q.pop(),
                        Err(_) => None,
                    };
                    let Some(host_urls) = next else { break };
                    for (n, url) in host_urls.iter().enumerate() {
                        if n > 0 {
                            std::thread::sleep(politeness.pause);
                        }
                        let outcome = visit(&agent, url);
                        if let Ok(mut f) = found.lock() {
                            f.insert(url.clone(), outcome);
                        }
                    }
                }
            });
        }
    });
    found.into_inner().unwrap_or_default()
}

/// One link: `HEAD`, then `GET` if the server does not do `HEAD`.
fn visit(agent: &ureq::Agent, url: &str) -> Outcome {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| {
        r.map(|resp| resp.status().as_u16())
    };
    let first = status(agent.head(url).call());
    let answer = match first {
        Ok(405 | 501 | 403) => status(agent.get(url).call()),
        other => other,
    };
    match answer {
        Ok(code) if code < 400 => Outcome::Ok(code),
        Ok(code) => Outcome::Broken(code),
        Err(e) => Outcome::Unreachable(e.to_string()),
    }
}

/// `404 Not Found`.
pub fn status_text(code: u16) -> String {
    match ureq::http::StatusCode::from_u16(code)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(reason) => format!("{code} {reason}"),
        None => code.to_string(),
    }
}
