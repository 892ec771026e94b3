//! `corsprobe test FILE.toml`: a list of checks and audits for CI, run concurrently
//! with a bound, each compared with its expectation.
//!
//! ```toml
//! [[check]]
//! name = "the SPA lists items"            # optional; defaults to "METHOD URL from ORIGIN"
//! url = "https://api.example.com/items"
//! origins = ["https://app.example.com", "https://admin.example.com"]   # or origin = "…"
//! method = "PUT"                           # default GET
//! headers = ["Content-Type: application/json"]
//! body = "{}"
//! credentials = "include"                  # omit | same-origin (default) | include
//! mode = "cors"                            # cors (default) | no-cors | same-origin
//! redirect = "follow"                      # follow (default) | error | manual
//! cookie = "session=abc"
//! expect = "pass"                          # pass | blocked
//! cause = "PreflightMissingAllowOriginHeader"   # optional: Chromium's CorsError or a finding id
//!
//! [[audit]]
//! url = "https://api.example.com/items"
//! origin = "https://app.example.com"
//! credentials = "include"
//! fail_on = "warning"                      # warning (default) | info | never
//! ```

use crate::audit_cmd::{self, FailOn};
use crate::check::{self, InputError, Prepared, Typed};
use crate::drive::{Client, Settings};
use crate::wire::Browser;
use corsprobe_engine::finding::Finding;
use corsprobe_engine::report::{Report, Verdict};
use corsprobe_engine::request::{Credentials, Mode, RedirectMode};
use serde::Deserialize;
use std::time::{Duration, Instant};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SuiteFile {
    #[serde(default)]
    check: Vec<Entry>,
    #[serde(default)]
    audit: Vec<Entry>,
}

/// One `[[check]]` or `[[audit]]` table.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: Option<String>,
    url: toml::Spanned<String>,
    origin: Option<String>,
    #[serde(default)]
    origins: Vec<String>,
    method: Option<String>,
    #[serde(default)]
    headers: Vec<String>,
    body: Option<String>,
    credentials: Option<String>,
    mode: Option<String>,
    redirect: Option<String>,
    cookie: Option<String>,
    expect: Option<Expectation>,
    cause: Option<String>,
    fail_on: Option<String>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum Expectation {
    Pass,
    Blocked,
}

/// What kind of item a case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Check,
    Audit,
}

/// One runnable case: an entry for one origin.
#[derive(Debug, Clone)]
pub struct Case {
    pub kind: Kind,
    pub name: String,
    /// 1-based line of the entry's `url` in the file (for SARIF and messages).
    pub line: usize,
    prepared: Prepared,
    cookie: Option<String>,
    expect: Expectation,
    cause: Option<String>,
    fail_on: FailOn,
}

/// One case's outcome.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub case: Case,
    pub report: Report,
    /// Why it failed; `None` when it met its expectation.
    pub failure: Option<String>,
    pub elapsed: Duration,
}

impl Outcome {
    /// The findings that matter for this case: the verdict's, or the audit's.
    pub fn findings(&self) -> Vec<&Finding> {
        match self.case.kind {
            Kind::Check => self.report.findings.iter().collect(),
            Kind::Audit => audit_cmd::policy_findings(&self.report),
        }
    }
}

fn choice<T>(field: &str, value: Option<&str>, parse: impl Fn(&str) -> Option<T>, default: T, allowed: &str) -> Result<T, String> {
    match value {
        None => Ok(default),
        Some(v) => parse(v).ok_or_else(|| format!("{field} = {v:?} is not one of {allowed}")),
    }
}

/// Reads and checks the whole file before anything is sent: a mistake anywhere is
/// invalid input (exit 3), with the entry's line.
pub fn load(text: &str) -> Result<Vec<Case>, InputError> {
    let file: SuiteFile = toml::from_str(text).map_err(|e| InputError(format!("the test file is not valid: {}", e.to_string().trim_end())))?;
    if file.check.is_empty() && file.audit.is_empty() {
        return Err(InputError("the test file has no [[check]] or [[audit]] entry".into()));
    }
    let mut cases = Vec::new();
    let entries = file.check.iter().map(|e| (Kind::Check, e)).chain(file.audit.iter().map(|e| (Kind::Audit, e)));
    for (kind, entry) in entries {
        let line = text[..entry.url.span().start.min(text.len())].lines().count().max(1);
        let at = |m: String| InputError(format!("line {line}: {m}"));
        let mut origins = entry.origins.clone();
        if let Some(o) = &entry.origin {
            origins.insert(0, o.clone());
        }
        if origins.is_empty() {
            return Err(at("the entry needs origin = \"…\" or origins = [\"…\"]".into()));
        }
        let credentials =
            choice("credentials", entry.credentials.as_deref(), Credentials::parse, Credentials::SameOrigin, "omit, same-origin, include")
                .map_err(at)?;
        let mode = choice("mode", entry.mode.as_deref(), Mode::parse, Mode::Cors, "cors, no-cors, same-origin").map_err(at)?;
        let redirect =
            choice("redirect", entry.redirect.as_deref(), RedirectMode::parse, RedirectMode::Follow, "follow, error, manual").map_err(at)?;
        let fail_on = choice(
            "fail_on",
            entry.fail_on.as_deref(),
            |v| match v {
                "warning" => Some(FailOn::Warning),
                "info" => Some(FailOn::Info),
                "never" => Some(FailOn::Never),
                _ => None,
            },
            FailOn::Warning,
            "warning, info, never",
        )
        .map_err(at)?;
        let expect = match (kind, entry.expect) {
            (Kind::Check, None) => return Err(at("a [[check]] needs expect = \"pass\" or \"blocked\"".into())),
            (Kind::Check, Some(e)) => e,
            (Kind::Audit, _) => Expectation::Pass,
        };
        if entry.cause.is_some() && expect == Expectation::Pass {
            return Err(at("cause = … only goes with expect = \"blocked\"".into()));
        }
        let method = entry.method.clone().unwrap_or_else(|| "GET".into());
        for origin in &origins {
            let typed = Typed {
                url: entry.url.get_ref(),
                origin,
                method: &method,
                headers: &entry.headers,
                data: entry.body.as_deref(),
                mode,
                credentials,
                redirect,
            };
            let prepared = check::prepare(&typed).map_err(|e| at(e.0))?;
            let base = entry.name.clone().unwrap_or_else(|| format!("{} {}", prepared.spec.normalized_method(), prepared.spec.url));
            let name = if origins.len() > 1 || entry.name.is_none() { format!("{base} from {}", prepared.origin) } else { base };
            cases.push(Case { kind, name, line, prepared, cookie: entry.cookie.clone(), expect, cause: entry.cause.clone(), fail_on });
        }
    }
    Ok(cases)
}

/// Runs one case and compares it with its expectation.
pub fn run_case(case: &Case, browser: Browser, timeout: Duration) -> Outcome {
    let started = Instant::now();
    let client = Client::new(Settings { browser, timeout, cookie: case.cookie.clone() });
    let report = match case.kind {
        Kind::Check => check::run(&client, &case.prepared),
        Kind::Audit => audit_cmd::run(&client, &case.prepared),
    };
    let failure = judge(case, &report);
    Outcome { case: case.clone(), report, failure, elapsed: started.elapsed() }
}

fn judge(case: &Case, report: &Report) -> Option<String> {
    let first = report.findings.first();
    let named = |f: &Finding| format!("{}{}", f.id, f.chromium.first().map(|e| format!(" ({})", e.name())).unwrap_or_default());
    match report.verdict {
        Verdict::Unreachable | Verdict::InvalidInput => {
            return Some(format!("{}: {}", report.verdict.as_str(), first.and_then(|f| f.param.clone()).unwrap_or_default()));
        }
        _ => {}
    }
    match case.kind {
        Kind::Audit => {
            let failing: Vec<String> =
                audit_cmd::policy_findings(report).iter().filter(|f| case.fail_on.fails(f.severity)).map(|f| f.id.clone()).collect();
            (!failing.is_empty()).then(|| format!("policy findings: {}", failing.join(", ")))
        }
        Kind::Check => match (case.expect, report.verdict) {
            (Expectation::Pass, Verdict::Pass) => None,
            (Expectation::Pass, _) => Some(format!("expected pass, blocked: {}", first.map(named).unwrap_or_default())),
            (Expectation::Blocked, Verdict::Pass) => Some("expected blocked, it passes".into()),
            (Expectation::Blocked, _) => {
                let cause = case.cause.as_deref()?;
                // The cause is the finding that carries the browser's error; context
                // findings (a `null` origin, a CORS header in the request) may come first.
                let blocking = report.findings.iter().find(|f| !f.chromium.is_empty()).or(first);
                let matches = report.findings.iter().any(|f| f.id == cause || f.chromium.iter().any(|e| e.name() == cause));
                (!matches).then(|| format!("expected the cause {cause}, got {}", blocking.map(named).unwrap_or_default()))
            }
        },
    }
}

/// Runs every case, at most `jobs` at a time, calling `done` after each; results in
/// file order.
pub fn run_all(cases: &[Case], browser: Browser, timeout: Duration, jobs: usize, done: &(dyn Fn(&Outcome) + Sync)) -> Vec<Outcome> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..jobs.clamp(1, 64).min(cases.len().max(1)) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some(case) = cases.get(i) else { break };
                let outcome = run_case(case, browser, timeout);
                done(&outcome);
                if let Ok(mut r) = results.lock() {
                    r.push((i, outcome));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, o)| o).collect()
}
