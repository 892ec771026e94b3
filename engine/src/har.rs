//! HAR 1.2 files (DevTools → Network → "Export HAR"), judged request by request.
//!
//! A HAR holds the real exchange from the person's real origin, headers included, so
//! every cross-origin request in it can be judged exactly: [`analyze_har`] keeps the
//! entries that carry an `Origin` other than their URL's, pairs each with the preflight
//! the browser sent for it (an earlier `OPTIONS` to the same URL with
//! `Access-Control-Request-Method`), follows its redirect chain (`redirectURL` → the next
//! entry for that URL), and runs [`crate::check::judge_exchange`] over the headers.
//!
//! Only the fields that matter are read: serde skips everything else, bodies
//! (`content.text`) included, without allocating them — a 50 MB export of a real app
//! is mostly bodies.
//!
//! What a HAR cannot say, and what is assumed instead (each report's evidence says it):
//! which headers page code set (taken from the preflight's
//! `Access-Control-Request-Headers`, plus `Content-Type`), and the credentials mode
//! (`include` when the request carried a `Cookie`, else `same-origin`).

use crate::analyze::{report_for_exchange, Exchange};
use crate::headers::HttpResponse;
use crate::report::Report;
use crate::request::{Credentials, Header, Mode, RedirectMode, RequestSpec};
use crate::url::Url;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Deserialize)]
struct HarFile {
    log: HarLog,
}

#[derive(Deserialize)]
struct HarLog {
    #[serde(default)]
    creator: Option<HarCreator>,
    /// DevTools writes one page per document, its URL as the title.
    #[serde(default)]
    pages: Vec<HarPage>,
    entries: Vec<HarEntry>,
}

#[derive(Deserialize)]
struct HarPage {
    #[serde(default)]
    id: String,
    #[serde(default)]
    title: String,
}

#[derive(Deserialize)]
struct HarCreator {
    #[serde(default)]
    name: String,
    #[serde(default)]
    version: String,
}

#[derive(Deserialize)]
struct HarEntry {
    request: HarRequest,
    response: HarResponse,
    #[serde(default, rename = "startedDateTime")]
    started: String,
    #[serde(default)]
    pageref: Option<String>,
    /// DevTools' `_resourceType`: `fetch`, `xhr`, `script`, `image`…
    #[serde(default, rename = "_resourceType")]
    resource_type: Option<String>,
}

#[derive(Deserialize)]
struct HarRequest {
    method: String,
    url: String,
    #[serde(default)]
    headers: Vec<HarHeader>,
}

#[derive(Deserialize)]
struct HarResponse {
    #[serde(default)]
    status: i64,
    #[serde(default)]
    headers: Vec<HarHeader>,
    #[serde(default, rename = "redirectURL")]
    redirect_url: String,
    #[serde(default, rename = "_error")]
    error: Option<String>,
}

#[derive(Deserialize)]
struct HarHeader {
    name: String,
    #[serde(default)]
    value: String,
}

fn header<'a>(headers: &'a [HarHeader], name: &str) -> Option<&'a str> {
    headers.iter().find(|h| h.name.eq_ignore_ascii_case(name)).map(|h| h.value.as_str())
}

/// Why a file is not a HAR corsprobe can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HarError {
    Empty,
    /// The JSON stops in the middle.
    Truncated {
        line: usize,
        column: usize,
    },
    /// Not JSON at all, or broken JSON.
    NotJson {
        line: usize,
        column: usize,
        detail: String,
    },
    /// JSON, but not shaped like a HAR (`log.entries`).
    NotHar {
        detail: String,
    },
}

impl fmt::Display for HarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HarError::Empty => f.write_str("The file is empty. Export it from DevTools: Network panel → ⋮ / ⤓ → “Export HAR”."),
            HarError::Truncated { line, column } => write!(
                f,
                "The file ends early (at line {line}, column {column}): was the export interrupted, or the file cut when copied? Export the HAR again."
            ),
            HarError::NotJson { line, column, detail } => {
                write!(f, "This is not a HAR file: it is not valid JSON at line {line}, column {column} ({detail}).")
            }
            HarError::NotHar { detail } => write!(
                f,
                "This is JSON, but not a HAR file ({detail}). A HAR has a top-level “log” with “entries”; export one from DevTools' Network panel."
            ),
        }
    }
}

/// One judged cross-origin request.
#[derive(Debug, Clone)]
pub struct HarRequestReport {
    /// Position of the entry in the file (0-based).
    pub index: usize,
    pub method: String,
    pub url: String,
    /// The status the HAR records (0 when the browser blocked or never got an answer).
    pub status: i64,
    pub report: Report,
}

/// Everything a HAR yields.
#[derive(Debug, Clone)]
pub struct HarAnalysis {
    /// `name version` of the program that wrote the file.
    pub creator: String,
    pub entries: usize,
    /// Cross-origin requests, in file order.
    pub requests: Vec<HarRequestReport>,
    /// Entries that are not cross-origin CORS requests (same-origin, no `Origin`,
    /// `no-cors`, data: URLs…), and preflights paired with their request.
    pub skipped: usize,
}

fn is_preflight(e: &HarEntry) -> bool {
    e.request.method.eq_ignore_ascii_case("OPTIONS") && header(&e.request.headers, "access-control-request-method").is_some()
}

fn response_of(r: &HarResponse) -> Option<HttpResponse> {
    // Chromium records a blocked-before-sending or failed request with status 0 and no
    // headers; Firefox with -1 or 0.
    if r.status <= 0 {
        return None;
    }
    let mut out = HttpResponse::new(u16::try_from(r.status).unwrap_or(0));
    for h in &r.headers {
        // HTTP/2 pseudo-headers (`:status`) are not headers.
        if !h.name.starts_with(':') {
            out.headers.append(h.name.clone(), &crate::headers::undo_latin1_reading(&h.value));
        }
    }
    if !r.redirect_url.is_empty() && out.location().is_none() {
        out.headers.append("location", &r.redirect_url);
    }
    Some(out)
}

/// Reads and judges a HAR file's text.
pub fn analyze_har(text: &str) -> Result<HarAnalysis, HarError> {
    analyze_har_with(text, HarAssumptions::default())
}

/// What a HAR does not record and the person may state (the page takes them from its
/// form): `None` infers them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HarAssumptions {
    /// Inferred: `include` when the request carried a `Cookie`.
    pub credentials: Option<Credentials>,
    /// Inferred: `follow`, or `manual` for a redirect the browser did not follow and
    /// that did not fail. (A blocked 3xx looks the same in both modes; only the stage
    /// differs.)
    pub redirect: Option<RedirectMode>,
    /// Used only where DevTools recorded provisional request headers (no
    /// `Sec-Fetch-Mode`): a `no-cors` fetch looks like a CORS one there. Inferred: `cors`.
    #[serde(default)]
    pub mode: Option<Mode>,
}

/// As [`analyze_har`], with what the person says about the requests.
pub fn analyze_har_with(text: &str, assume: HarAssumptions) -> Result<HarAnalysis, HarError> {
    let credentials = assume.credentials;
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(HarError::Empty);
    }
    let har: HarFile = serde_json::from_str(text).map_err(|e| {
        use serde_json::error::Category;
        match e.classify() {
            Category::Eof => HarError::Truncated { line: e.line(), column: e.column() },
            Category::Syntax | Category::Io => {
                HarError::NotJson { line: e.line(), column: e.column(), detail: e.to_string().split(" at line").next().unwrap_or("").to_string() }
            }
            Category::Data => HarError::NotHar { detail: e.to_string() },
        }
    })?;
    let creator = har.log.creator.map(|c| format!("{} {}", c.name, c.version).trim().to_string()).unwrap_or_default();
    let entries = har.log.entries;
    let mut consumed = vec![false; entries.len()];
    let mut requests = Vec::new();
    for i in 0..entries.len() {
        if consumed[i] || is_preflight(&entries[i]) {
            continue;
        }
        let e = &entries[i];
        // The preflight: the nearest unpaired OPTIONS for this URL and method. It usually
        // follows the request's own entry (the fetch starts, then the browser preflights).
        let pairs = |j: usize| {
            !consumed[j]
                && is_preflight(&entries[j])
                && entries[j].request.url == e.request.url
                && header(&entries[j].request.headers, "access-control-request-method").is_some_and(|m| m.eq_ignore_ascii_case(&e.request.method))
        };
        let preflight_index = ((i + 1)..entries.len().min(i + 50)).find(|&j| pairs(j)).or_else(|| (0..i).rev().find(|&j| pairs(j)));
        // A request a preflight blocked never reached the network: its entry has only the
        // provisional headers, without `Origin`; the preflight carries it.
        let origin = header(&e.request.headers, "origin")
            .or_else(|| preflight_index.and_then(|j| header(&entries[j].request.headers, "origin")))
            .map(str::to_string);
        // DevTools records only provisional request headers for many failed requests:
        // no `Origin`, no `Sec-Fetch-*`. The page's origin is still known (its
        // `Referer`, or the HAR's page), so a fetch or XHR is judged from there.
        let (origin, origin_from_page) = match origin {
            Some(origin) => (origin, false),
            // Only what may be a CORS request: a no-cors request sends no `Origin`
            // either, but says so in `Sec-Fetch-Mode` when its headers are recorded.
            None => match page_origin_of(e, &har.log.pages) {
                Some(origin)
                    if e.resource_type.as_deref().is_none_or(|t| matches!(t, "fetch" | "xhr"))
                        && header(&e.request.headers, "sec-fetch-mode").is_none_or(|m| m.eq_ignore_ascii_case("cors")) =>
                {
                    (origin, true)
                }
                _ => continue,
            },
        };
        let Ok(url) = Url::parse(&e.request.url) else { continue };
        if url.origin() == origin || !(url.scheme == "http" || url.scheme == "https") {
            continue;
        }
        consumed[i] = true;
        if let Some(j) = preflight_index {
            consumed[j] = true;
        }
        let mut evidence = vec![format!("HAR entry {} ({}), started {}", i + 1, creator_or(&creator), e.started)];
        if origin_from_page {
            evidence.push(format!(
                "DevTools recorded only provisional request headers for this entry (no Origin): judged as a fetch from the page's origin {origin}, taken from the page that sent it."
            ));
        }
        let preflight = preflight_index.map(|j| &entries[j]);
        let mut request = request_spec(e, preflight, credentials, &mut evidence);
        if let Some(mode) = assume.mode.filter(|_| header(&e.request.headers, "sec-fetch-mode").is_none()) {
            request.mode = mode;
        }
        if origin_from_page {
            evidence.push(format!(
                "Provisional headers do not show the request's mode either: judged as mode \"{}\"{}.",
                request.mode.as_str(),
                if assume.mode.is_some() {
                    ", as stated"
                } else {
                    " (a fetch with mode: \"no-cors\" looks the same here: state it in the form's Mode)"
                }
            ));
        }
        // The redirect chain: each 3xx's redirectURL is a later entry's URL.
        let mut exchange = Exchange { preflight: preflight.and_then(|p| response_of(&p.response)), ..Default::default() };
        let mut current = i;
        let mut hops = Vec::new();
        let mut later_preflights = Vec::new();
        loop {
            let r = &entries[current].response;
            let next = (!r.redirect_url.is_empty() && (300..400).contains(&r.status))
                .then(|| resolve(&entries[current].request.url, &r.redirect_url))
                .and_then(|target| {
                    ((current + 1)..entries.len()).find(|&k| !consumed[k] && !is_preflight(&entries[k]) && entries[k].request.url == target)
                });
            match next {
                Some(k) if hops.len() < 20 => {
                    hops.extend(response_of(r));
                    consumed[k] = true;
                    // A preflighted request is preflighted again after each redirect.
                    let target = &entries[k].request;
                    let again = (0..entries.len()).find(|&j| {
                        !consumed[j]
                            && is_preflight(&entries[j])
                            && entries[j].request.url == target.url
                            && header(&entries[j].request.headers, "access-control-request-method")
                                .is_some_and(|m| m.eq_ignore_ascii_case(&target.method))
                    });
                    if let Some(j) = again {
                        consumed[j] = true;
                        later_preflights.extend(response_of(&entries[j].response));
                    }
                    current = k;
                }
                _ => break,
            }
        }
        exchange.hops = hops;
        exchange.later_preflights = later_preflights;
        exchange.actual = response_of(&entries[current].response);
        // A redirect the browser did not follow, and no error recorded: the request used
        // redirect "manual" (fetch resolved with an opaque redirect); judge the 3xx as the
        // final response, as the browser did. With an error, following it failed (the
        // 3xx's CORS check, a user:password@ target): judged as a redirect hop.
        if let Some(mode) = assume.redirect {
            request.redirect = mode;
            evidence.push(format!("Judged with redirect: \"{}\", as you chose.", mode.as_str()));
        } else if request.mode == Mode::Cors
            && exchange.actual.as_ref().is_some_and(HttpResponse::is_redirect)
            && entries[current].response.error.is_none()
        {
            // (`no-cors` requests always follow redirects: for them an unfollowed one
            // means the next hop is missing, never redirect: "manual".)
            request.redirect = RedirectMode::Manual;
            evidence.push("The browser did not follow this redirect: judged as redirect: \"manual\".".into());
        }
        if let Some(err) = &entries[current].response.error {
            evidence.push(format!("The browser recorded the error {err}."));
        }
        let mut report = report_for_exchange(&request, &origin, &exchange, "the HAR");
        // The browser failed the request (net::ERR_FAILED) where the headers pass, or
        // never sent it after a preflight that passes: without credentials nothing
        // explains it, so it is judged again with them, and said so.
        let unexplained = report.verdict == crate::report::Verdict::Pass
            || (report.findings.first().is_some_and(|f| f.id == "headers-incomplete") && exchange.actual.is_none());
        let blocked_unexplained = unexplained && entries[current].response.error.as_deref() == Some("net::ERR_FAILED");
        if blocked_unexplained && credentials.is_none() && request.credentials != Credentials::Include {
            let credentialed = RequestSpec { credentials: Credentials::Include, ..request.clone() };
            let retry = report_for_exchange(&credentialed, &origin, &exchange, "the HAR");
            if retry.verdict == crate::report::Verdict::Blocked {
                report = retry;
                for f in &mut report.findings {
                    f.certainty = crate::finding::Certainty::Likely;
                    f.evidence.push("The browser failed this request although its headers pass without credentials; with credentials: include it fails as shown. (A HAR does not record the credentials mode.)".into());
                }
            }
        }
        // Provisional headers hide the mode, and the headers block a CORS request, yet the
        // browser recorded an answer and an error other than net::ERR_FAILED. Every CORS
        // error ends a load with net::ERR_FAILED (`URLLoaderCompletionStatus(const
        // CorsErrorStatus&)` in services/network/public/cpp/url_loader_completion_status.cc),
        // so CORS did not block it: a no-cors fetch whose body went unread
        // (net::ERR_ABORTED) is the usual case. Judged as one, and said so.
        let final_error = entries[current].response.error.as_deref().filter(|e| !e.is_empty());
        if origin_from_page
            && report.verdict == crate::report::Verdict::Blocked
            && entries[current].response.status > 0
            && final_error.is_some_and(|e| e != "net::ERR_FAILED")
        {
            let no_cors = RequestSpec { mode: Mode::NoCors, ..request.clone() };
            let retry = report_for_exchange(&no_cors, &origin, &exchange, "the HAR");
            if retry.verdict == crate::report::Verdict::Pass {
                report = retry;
                let err = final_error.unwrap_or_default();
                for f in &mut report.findings {
                    f.evidence.push(format!("The browser recorded {err}, not the net::ERR_FAILED every CORS error ends with: CORS did not block this request. Its headers would block a CORS request, so it was most likely a no-cors request (mode: \"no-cors\", an opaque response the page cannot read), judged as one; {err} then means its body was never read, or the page cancelled it."));
                }
            }
        }
        report.source = Some("har".into());
        // Provisional headers hide the request's mode: a no-cors fetch looks the same and
        // passes where a CORS one is blocked (the differential test's provisional HARs).
        // Nothing judged from them is exact.
        if origin_from_page {
            for f in &mut report.findings {
                if f.certainty == crate::finding::Certainty::Exact {
                    f.certainty = crate::finding::Certainty::Likely;
                }
            }
        }
        // No answer and a network error (not CORS's net::ERR_FAILED): the server was
        // never reached, which the HAR proves better than a missing response suggests.
        let network_error = preflight
            .and_then(|p| p.response.error.as_deref().filter(|_| p.response.status <= 0))
            .or(entries[current].response.error.as_deref().filter(|_| entries[current].response.status <= 0))
            .filter(|e| *e != "net::ERR_FAILED" && !e.is_empty());
        if let (Some(err), Some("headers-incomplete")) = (network_error, report.findings.first().map(|f| f.id.as_str())) {
            report = crate::analyze::unreachable_report(report, err);
        }
        for f in &mut report.findings {
            f.evidence.splice(0..0, evidence.iter().cloned());
        }
        requests.push(HarRequestReport {
            index: i,
            method: e.request.method.clone(),
            url: e.request.url.clone(),
            status: entries[i].response.status,
            report,
        });
    }
    let skipped = entries.len() - requests.len();
    Ok(HarAnalysis { creator, entries: entries.len(), requests, skipped })
}

fn creator_or(creator: &str) -> &str {
    if creator.is_empty() {
        "unknown exporter"
    } else {
        creator
    }
}

/// `redirectURL` may be relative.
fn resolve(base: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    match Url::parse(base) {
        Ok(u) if location.starts_with('/') => format!("{}{location}", u.origin()),
        _ => location.to_string(),
    }
}

/// The request as page code wrote it, as far as the HAR tells.
fn request_spec(e: &HarEntry, preflight: Option<&HarEntry>, credentials: Option<Credentials>, evidence: &mut Vec<String>) -> RequestSpec {
    let mut spec = RequestSpec::get(e.request.url.clone());
    spec.method = e.request.method.clone();
    // `Sec-Fetch-Mode` is the request's mode as the browser sent it (Fetch Metadata);
    // a no-cors request can carry `Origin` too (a POST), and is no CORS request.
    match header(&e.request.headers, "sec-fetch-mode").map(str::to_ascii_lowercase).as_deref() {
        Some("no-cors") => spec.mode = Mode::NoCors,
        Some("same-origin") => spec.mode = Mode::SameOrigin,
        _ => {}
    }
    let mut names: Vec<String> = preflight
        .and_then(|p| header(&p.request.headers, "access-control-request-headers"))
        .map(|v| v.split(',').map(|n| n.trim().to_ascii_lowercase()).filter(|n| !n.is_empty()).collect())
        .unwrap_or_default();
    if header(&e.request.headers, "content-type").is_some() && !names.iter().any(|n| n == "content-type") {
        names.push("content-type".into());
    }
    for name in names {
        let value = header(&e.request.headers, &name).unwrap_or("(value not recorded)").to_string();
        spec.headers.push(Header { name, value });
    }
    if let Some(c) = credentials {
        spec.credentials = c;
        evidence.push(format!("Judged with credentials: {}, as you chose (a HAR does not record it).", c.as_str()));
    } else if header(&e.request.headers, "cookie").is_some() {
        spec.credentials = Credentials::Include;
        evidence.push("The request carried a Cookie header, so it was credentialed (credentials: include).".into());
    } else {
        spec.credentials = Credentials::SameOrigin;
        evidence.push("No Cookie header: judged as a request without credentials (a HAR does not record the credentials mode).".into());
    }
    spec
}

/// The origin of the page that sent `e`: its `Referer`, else its HAR page's URL.
fn page_origin_of(e: &HarEntry, pages: &[HarPage]) -> Option<String> {
    let page_url = header(&e.request.headers, "referer")
        .map(str::to_string)
        .or_else(|| pages.iter().find(|p| Some(&p.id) == e.pageref.as_ref()).map(|p| p.title.clone()))?;
    Url::parse(&page_url).ok().filter(Url::is_http).map(|u| u.origin())
}
