//! `corsprobe check`: one request, sent as the browser sends it, judged by the engine.

use crate::drive::{drive, drive_from, Client, Driven};
use corsprobe_engine::analyze::{report_for_exchange, unreachable_report};
use corsprobe_engine::browsers::reaches_local_network;
use corsprobe_engine::check::serialize_origin;
use corsprobe_engine::report::{BrowserInfo, Report, Verdict};
use corsprobe_engine::request::{Credentials, Header, Mode, RedirectMode, RequestSpec};
use corsprobe_engine::safelist::{is_forbidden_method, is_forbidden_request_header, is_valid_header_name, is_valid_header_value};
use corsprobe_engine::url::Url;

/// Input that cannot become a `fetch()`: exit code 3, one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError(pub String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The request as typed on the command line.
#[derive(Debug, Clone)]
pub struct Typed<'a> {
    pub url: &'a str,
    pub origin: &'a str,
    pub method: &'a str,
    pub headers: &'a [String],
    pub data: Option<&'a str>,
    pub mode: Mode,
    pub credentials: Credentials,
    pub redirect: RedirectMode,
}

/// A checked request, what `fetch()` drops from it, and the page origin.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub spec: RequestSpec,
    pub origin: String,
    /// Forbidden request headers the browser silently drops (Fetch §2.2.2).
    pub dropped: Vec<String>,
}

/// Validates what `new Request(url, init)` validates (Fetch §5.4 "Request class"
/// constructor), with one message per mistake.
pub fn prepare(t: &Typed) -> Result<Prepared, InputError> {
    let url = Url::parse(t.url).map_err(|e| InputError(format!("the URL {:?} {}", t.url, url_problem(&e))))?;
    if !url.is_http() || url.host.is_empty() {
        return Err(InputError(format!("the URL {:?} is not http(s); corsprobe sends only http and https requests", t.url)));
    }
    // Constructor step 5.4: "If parsedURL includes credentials, then throw a TypeError."
    if url.userinfo.is_some() {
        return Err(InputError(format!(
            "the URL {:?} carries user:password@; fetch() refuses such a URL (pass credentials in a header instead)",
            t.url
        )));
    }
    let origin = serialize_origin(t.origin);
    let origin_ok = origin == "null" || corsprobe_engine::url::parse_origin(&origin).is_some_and(|o| o.is_http() && !o.host.is_empty());
    if !origin_ok {
        return Err(InputError(format!("the origin {:?} is not an origin like https://app.example.com (or null)", t.origin)));
    }
    // Step 25: the method must be a token and not forbidden.
    if !is_valid_header_name(t.method) {
        return Err(InputError(format!("the method {:?} is not an HTTP method token", t.method)));
    }
    if is_forbidden_method(t.method) {
        return Err(InputError(format!("fetch() refuses the method {} (a forbidden method)", t.method)));
    }
    let mut headers = Vec::new();
    let mut dropped = Vec::new();
    for line in t.headers {
        let Some((name, value)) = line.split_once(':') else {
            return Err(InputError(format!("the header {line:?} is not of the form 'Name: value'")));
        };
        let (name, value) = (name.trim(), value.trim_matches([' ', '\t']));
        if !is_valid_header_name(name) {
            return Err(InputError(format!("the header name {name:?} (in {line:?}) is not a valid header name")));
        }
        if !is_valid_header_value(value) {
            return Err(InputError(format!("the value of {name} contains a line break or NUL")));
        }
        if is_forbidden_request_header(name, value) {
            dropped.push(name.to_string());
        } else {
            headers.push(Header::new(name, value));
        }
    }
    let method = corsprobe_engine::request::normalize_method(t.method);
    // Step 36: "If init body is non-null and request's method is GET or HEAD, throw."
    if t.data.is_some() && matches!(method.as_str(), "GET" | "HEAD") {
        return Err(InputError(format!("a {method} request cannot have a body (fetch() throws); add -X POST")));
    }
    let spec = RequestSpec {
        url: t.url.trim().to_string(),
        method: t.method.to_string(),
        headers,
        body: t.data.map(str::to_string),
        mode: t.mode,
        credentials: t.credentials,
        redirect: t.redirect,
    };
    Ok(Prepared { spec, origin, dropped })
}

fn url_problem(e: &corsprobe_engine::url::UrlError) -> String {
    use corsprobe_engine::url::UrlError as E;
    match e {
        E::Empty => "is empty".into(),
        E::NotAbsolute => "is not an absolute URL (it needs a scheme: https://…)".into(),
        E::MissingHost => "has no host".into(),
        E::BadPort(p) => format!("has the port {p:?}, which is not a number from 0 to 65535"),
        E::BadCharacter => "contains whitespace or a control character".into(),
    }
}

/// Sends the prepared request and judges everything that came back.
pub fn run(client: &Client, p: &Prepared) -> Report {
    run_with_text(client, p).0
}

/// As [`run`], with the judged responses as text for a share link (`None` when a
/// redirect led to a second preflighted exchange, which one paste cannot carry).
pub fn run_with_text(client: &Client, p: &Prepared) -> (Report, Option<String>) {
    let driven = drive(client, &p.spec, &p.origin);
    let sent: Vec<(String, String)> = driven.sent.iter().map(|o| (o.method.clone(), o.url.clone())).collect();
    let text = driven.continues_with.is_none().then(|| crate::share_link::exchange_text(&driven.exchange, &sent));
    let mut report = judge(client, &p.spec, &p.origin, driven);
    for name in &p.dropped {
        let note = format!("The browser drops the forbidden request header {name} without a word; it was not sent.");
        push_note(&mut report, note);
    }
    for note in off_browser_notes(p, &report) {
        push_note(&mut report, note);
    }
    report.browser = Some(BrowserInfo { name: client.settings.browser.name().into(), version: client.settings.browser.version().into() });
    report.source = Some("cli".into());
    (report, text)
}

/// The engine's report over what was sent; a redirect to a request preflighted again is
/// judged as the exchange it starts.
fn judge(client: &Client, spec: &RequestSpec, origin: &str, driven: Driven) -> Report {
    let source = "corsprobe's requests";
    if let Some(next) = driven.continues_with.clone() {
        let hops = driven.exchange.hops.len();
        let (request, from) = (next.request.clone(), next.effective_origin().to_string());
        let mut rest = Driven::default();
        drive_from(client, next, &mut rest);
        let mut report = judge(client, &request, &from, rest);
        push_note(
            &mut report,
            format!(
                "{hops} redirect(s) from {} led here; the browser sends a new preflight for this request, and this report judges that exchange.",
                spec.url
            ),
        );
        return report;
    }
    let report = report_for_exchange(spec, origin, &driven.exchange, source);
    match driven.unreachable {
        Some(u) => unreachable_report(report, &format!("{} ({})", u.message, u.url)),
        None => report,
    }
}

/// Evidence lines are the report contract's free text: the notes go on the first finding.
fn push_note(report: &mut Report, note: String) {
    if let Some(f) = report.findings.first_mut() {
        f.evidence.push(note);
    }
}

/// What only a browser decides, said as a note and never claimed.
fn off_browser_notes(p: &Prepared, report: &Report) -> Vec<String> {
    let mut notes = Vec::new();
    if report.verdict == Verdict::InvalidInput {
        return notes;
    }
    let target_http = p.spec.url.trim().to_ascii_lowercase().starts_with("http:");
    let loopback = Url::parse(&p.spec.url).is_ok_and(|u| u.is_loopback());
    if p.origin.starts_with("https:") && target_http && !loopback {
        notes.push("Not judged here: a page on https blocks this http URL as mixed content before any CORS check.".into());
    }
    if reaches_local_network(&p.origin, &p.spec.url) {
        notes.push("Not judged here: Chromium's local network access rules apply (a public page reaching a private or loopback address needs the user's permission).".into());
    }
    if p.spec.credentials == Credentials::Include {
        notes.push("Not judged here: whether the browser attaches the cookies (SameSite, third-party cookie blocking, Secure); the CLI sends --cookie as given.".into());
    }
    notes
}

/// The process exit code the README documents for a verdict.
pub fn exit_code(verdict: Verdict) -> u8 {
    match verdict {
        Verdict::Pass => 0,
        Verdict::Blocked => 1,
        Verdict::Unreachable => 2,
        Verdict::InvalidInput => 3,
    }
}

/// The configuration that allows `report`'s request on `stack`: the page's Fix panel
/// prefilled from the report ([`FixInput::from_report`]), with the notes its findings
/// call for.
///
/// [`FixInput::from_report`]: corsprobe_engine::fix::FixInput::from_report
pub fn fix_for(report: &Report, stack: corsprobe_engine::fix::Stack) -> corsprobe_engine::fix::Snippet {
    let input = corsprobe_engine::fix::FixInput::from_report(report);
    let kinds: Vec<corsprobe_engine::finding::FindingKind> = report.findings.iter().filter_map(|f| f.kind()).collect();
    corsprobe_engine::fix::snippet(stack, &input, &kinds)
}
