//! Reports from the server's own words: pasted headers (`curl -i` / `-v`, DevTools)
//! and pasted console errors. HAR files go through [`crate::har`], which ends here too.
//!
//! Live probing narrows some causes to a group because page code cannot see a blocked
//! response's headers. Headers settle them: [`crate::check::judge_exchange`] replays
//! the browser's checks over them and names Chromium's `CorsError` with its parameter.
//! A console message is the browser's own verdict, read back by
//! [`crate::console::parse_console`]. Both end as the same [`Report`] as a live run
//! (no probes), with findings from the one vocabulary in [`crate::finding`].

use crate::audit::{audit, own_origins, AuditSample};
use crate::check::{judge_exchange_with_preflights, CheckWarning, ExchangeVerdict, Missing, NetworkFailure};
use crate::console::{parse_console, ConsoleBrowser, ConsoleError, ConsoleParseError};
use crate::cors_error::Stage;
use crate::curl::curl_commands;
use crate::diagnose::summary;
use crate::explain::{finding, Context};
use crate::finding::{Certainty, Finding, FindingKind};
use crate::headers::HttpResponse;
use crate::preflight_need::preflight_need;
use crate::raw_headers::{parse_raw_headers, RawHeadersError, RawResponse};
use crate::report::{CurlCommand, Report, Verdict, SCHEMA};
use crate::request::{RedirectMode, RequestSpec};

/// The responses of one exchange, in the roles the browser gives them.
#[derive(Debug, Clone, Default)]
pub struct Exchange {
    pub preflight: Option<HttpResponse>,
    /// Preflights sent again after redirects (a preflighted request is preflighted at
    /// every hop), in order.
    pub later_preflights: Vec<HttpResponse>,
    /// Redirect responses, in order.
    pub hops: Vec<HttpResponse>,
    pub actual: Option<HttpResponse>,
}

/// Judges `exchange` for `request` sent from `origin`, as a report. `source` says where
/// the headers came from ("the pasted curl output", "the HAR entry"), for evidence.
pub fn report_for_exchange(request: &RequestSpec, origin: &str, exchange: &Exchange, source: &str) -> Report {
    report_with_audit(request, origin, exchange, source, &[])
}

/// As [`report_for_exchange`], auditing the policy over the exchange's responses plus
/// `others` (answers to other origins).
pub fn report_with_audit(request: &RequestSpec, origin: &str, exchange: &Exchange, source: &str, others: &[AuditSample]) -> Report {
    let need = preflight_need(request);
    let ctx = Context { page_origin: origin, request, need: &need };
    let preflights: Vec<&HttpResponse> = exchange.preflight.iter().chain(&exchange.later_preflights).collect();
    let verdict = judge_exchange_with_preflights(request, origin, &preflights, &exchange.hops, exchange.actual.as_ref());
    let mut evidence = Vec::new();
    if let Some(p) = &exchange.preflight {
        evidence.push(format!("Preflight answer in {source}: {}", describe(p)));
    }
    for hop in &exchange.hops {
        evidence.push(format!("Redirect in {source}: {}", describe(hop)));
    }
    for p in &exchange.later_preflights {
        evidence.push(format!("Preflight answer after a redirect in {source}: {}", describe(p)));
    }
    if let Some(a) = &exchange.actual {
        evidence.push(format!("Response in {source}: {}", describe(a)));
    }
    let (verdict, stage, findings) = match verdict {
        ExchangeVerdict::Pass { warnings, .. } => {
            let mut findings = vec![finding(FindingKind::CorsOk, Certainty::Exact, None, &ctx, evidence.clone())];
            for w in warnings {
                if w == CheckWarning::AuthorizationCoveredByWildcard {
                    findings.push(finding(
                        FindingKind::AuthorizationWildcard,
                        Certainty::Exact,
                        Some("authorization".into()),
                        &ctx,
                        evidence.clone(),
                    ));
                }
            }
            (Verdict::Pass, None, findings)
        }
        ExchangeVerdict::Blocked { status, stage } => {
            let kind = FindingKind::for_error(status.error);
            let param = (!status.param.is_empty()).then(|| status.param.clone());
            // Exact unless Chromium's own parser could name it otherwise (`gurl`).
            let certainty = if status.is_certain() { Certainty::Exact } else { Certainty::Likely };
            let mut f = finding(kind, certainty, param, &ctx, evidence.clone());
            // The browser's error (or its few candidates), even where a group finding
            // would list more.
            f.chromium = status.candidates();
            if !status.other_params.is_empty() {
                f.evidence.push(format!(
                    "The preflight allows none of these headers: {}, {}. Chromium names one of them, which one depends on the order it keeps the request's headers in; allow them all.",
                    status.param,
                    status.other_params.join(", ")
                ));
            }
            let verdict = if stage == Stage::Input { Verdict::InvalidInput } else { Verdict::Blocked };
            (verdict, Some(stage), vec![f])
        }
        ExchangeVerdict::Failed { stage, reason } => {
            let (kind, verdict) = match &reason {
                NetworkFailure::InvalidUrl(_) => (FindingKind::InvalidUrl, Verdict::InvalidInput),
                NetworkFailure::UnsupportedScheme(_) => (FindingKind::UnsupportedScheme, Verdict::InvalidInput),
                NetworkFailure::NoCorsMethod(_) => (FindingKind::NoCorsMethodNotAllowed, Verdict::InvalidInput),
                _ => (FindingKind::Unreachable, Verdict::Unreachable),
            };
            let mut ev = evidence.clone();
            ev.push(format!("The browser fails this exchange with a network error: {}.", failure_text(&reason)));
            (verdict, Some(stage), vec![finding(kind, Certainty::Exact, Some(failure_text(&reason)), &ctx, ev)])
        }
        ExchangeVerdict::Incomplete { missing } => {
            let (label, url) = match &missing {
                Missing::Preflight { url } => ("to the preflight (OPTIONS)", url),
                Missing::Actual { url } => ("to the request itself", url),
                Missing::RedirectTarget { url } => ("from the redirect target", url),
                Missing::PreflightAfterRedirect { url } => ("to the preflight the browser sends again after the redirect", url),
            };
            let f = finding(FindingKind::HeadersIncomplete, Certainty::Exact, Some(format!("{label} ({url})")), &ctx, evidence.clone());
            (Verdict::InvalidInput, Some(Stage::Input), vec![f])
        }
    };
    let mut findings = findings;
    // Beside CORS: Access-Control-* sent as request headers, cookies a cross-site request
    // never carries. On a pass they are what is still wrong, so they come first.
    let mut beside = crate::causes::request_findings(&ctx);
    for r in exchange.hops.iter().chain(exchange.actual.iter()) {
        beside.extend(crate::cookies::cookie_findings(&ctx, r, source));
    }
    let at = if verdict == Verdict::Pass { 0 } else { findings.len().min(1) };
    findings.splice(at..at, beside);
    let mut samples: Vec<AuditSample> = Vec::new();
    if let Some(p) = &exchange.preflight {
        samples.push(AuditSample { origin, preflight: true, response: p });
    }
    for r in exchange.hops.iter().chain(exchange.actual.iter()) {
        samples.push(AuditSample { origin, preflight: false, response: r });
    }
    samples.extend_from_slice(others);
    findings.extend(audit(&request.url, request, &samples));
    let mut report = Report {
        schema: SCHEMA,
        page_origin: origin.to_string(),
        browser: None,
        request: request.clone(),
        verdict,
        stage,
        findings,
        probes: Vec::new(),
        preflight: Some(summary(&ctx)),
        needs_headers: false,
        curl: curl_commands(request, &need, origin),
        source: None,
        other_stages: Vec::new(),
    };
    crate::causes::guard_null_origin(&mut report);
    report
}

/// Turns a report whose response is missing into "unreachable" when the input shows a
/// network error instead (`net::ERR_CONNECTION_REFUSED` in a HAR).
pub fn unreachable_report(mut report: Report, error: &str) -> Report {
    let need = preflight_need(&report.request);
    let ctx = Context { page_origin: &report.page_origin, request: &report.request, need: &need };
    let evidence = vec![format!("The browser recorded the network error {error} and no response.")];
    report.findings = vec![finding(FindingKind::Unreachable, Certainty::Exact, Some(error.to_string()), &ctx, evidence)];
    report.verdict = Verdict::Unreachable;
    report.stage = Some(Stage::Network);
    report
}

/// `status 204; Access-Control-Allow-Origin: …` — the lines that decide CORS.
fn describe(r: &HttpResponse) -> String {
    let mut parts = vec![format!("status {}", r.status)];
    for (name, value) in r.headers.iter() {
        let lower = name.to_ascii_lowercase();
        if lower.starts_with("access-control-") || lower == "location" || lower == "vary" {
            parts.push(format!("{name}: {value}"));
        }
    }
    if parts.len() == 1 {
        parts.push("no Access-Control-* headers".into());
    }
    parts.join("; ")
}

fn failure_text(reason: &NetworkFailure) -> String {
    match reason {
        NetworkFailure::InvalidUrl(u) => format!("the URL {u} is not valid"),
        NetworkFailure::UnsupportedScheme(s) => format!("the scheme {s} is not fetched"),
        NetworkFailure::NoCorsMethod(m) => format!("no-cors mode does not allow {m}"),
        NetworkFailure::RedirectModeError => "redirect: \"error\" and the response is a redirect".into(),
        NetworkFailure::TooManyRedirects => "more than 20 redirects".into(),
        NetworkFailure::BadLocation(l) => format!("the Location {l} is not a URL"),
        NetworkFailure::NonHttpRedirect(l) => format!("a redirect to {l}, which is not http(s)"),
        NetworkFailure::CredentialedSubresource(l) => format!("a redirect to {l}, whose user name or password Chromium refuses in a subresource URL"),
    }
}

/// Splits pasted responses into preflight, redirect hops and final response: the first
/// preflight answer (an OPTIONS request line, or `Access-Control-Allow-Methods` /
/// `-Headers`), then the others in order, redirects before the last one being hops.
pub fn exchange_from_responses(responses: &[RawResponse], request: &RequestSpec) -> Exchange {
    let mut exchange = Exchange::default();
    let mut rest = Vec::new();
    let is_preflight = |r: &RawResponse| is_preflight_answer(r, request);
    // A preflight answer without CORS headers (a 401 from auth, a 404 with no OPTIONS
    // route) looks like any response in `curl -i` output. When the request needs a
    // preflight, nothing was recognized as one, and no request lines say otherwise, the
    // first of several responses is it: corsprobe's curl commands print it first.
    let first_is_preflight = preflight_need(request).required
        && responses.len() >= 2
        && !responses.iter().any(is_preflight)
        && responses.iter().all(|r| r.request_method.is_none());
    // Only a redirect makes the browser preflight again: without a request line, an
    // answer that merely carries the lists after the first preflight is a preflight's
    // only when a redirect came since the last one and something follows it.
    let mut redirected_since_preflight = false;
    for (i, r) in responses.iter().enumerate() {
        let shown_options = r.request_method.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("OPTIONS"));
        let later = shown_options || (redirected_since_preflight && i + 1 < responses.len());
        if exchange.preflight.is_none() && (is_preflight(r) || (i == 0 && first_is_preflight)) {
            exchange.preflight = Some(r.response.clone());
        } else if is_preflight(r) && later {
            exchange.later_preflights.push(r.response.clone());
            redirected_since_preflight = false;
        } else {
            redirected_since_preflight |= r.response.is_redirect();
            rest.push(r.response.clone());
        }
    }
    if let Some(last) = rest.pop() {
        exchange.actual = Some(last);
    }
    if request.redirect == RedirectMode::Follow {
        exchange.hops = rest.into_iter().filter(HttpResponse::is_redirect).collect();
    }
    exchange
}

/// Whether `r` answers a preflight of `request`'s. Without a request line only its
/// `Access-Control-Allow-Methods` / `-Headers` say so, and many servers send those on
/// every response (Apache's `Header always set`): for a request that needs no
/// preflight, which the browser never preflights, only an `OPTIONS` request line makes
/// one (found on a real Apache by harness/tests/real_servers_difftest.rs: its `200`
/// read as a preflight answer left "the request itself" missing).
fn is_preflight_answer(r: &RawResponse, request: &RequestSpec) -> bool {
    if preflight_need(request).required {
        r.is_preflight()
    } else {
        r.request_method.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("OPTIONS"))
    }
}

/// Pasted headers → a report. The origin judged against is the one the pasted request
/// shows (`> Origin:` in `curl -v`), else `origin` (the page's, or the one typed).
pub fn analyze_headers(text: &str, request: &RequestSpec, origin: &str) -> Result<Report, RawHeadersError> {
    let responses = parse_raw_headers(text)?;
    // The judged origin: the one the pasted requests carried, else the one given —
    // never the audit's foreign origin or a probe origin derived from either (`curl -i`
    // output shows no Origin, the probe loop's `curl -v` output does).
    let mut seen: Vec<&str> = responses.iter().filter_map(|r| r.request_origin.as_deref()).collect();
    seen.push(origin);
    let origin = own_origins(&seen, &request.url).first().map_or_else(|| origin.to_string(), |o| o.to_string());
    // Fetch "HTTP-redirect fetch" step 14: once a redirect leaves a cross-origin URL for
    // another origin, the request's origin serializes as `null`. Such a request after
    // one of our own redirects is still this exchange, not another origin's sample.
    let (mut own, mut others): (Vec<RawResponse>, Vec<RawResponse>) = (Vec::new(), Vec::new());
    let mut redirected = false;
    for r in responses.iter().cloned() {
        let is_own = match r.request_origin.as_deref() {
            None => true,
            Some("null") if redirected => true,
            Some(o) => o == origin,
        };
        if is_own {
            redirected |= r.response.is_redirect();
            own.push(r);
        } else {
            others.push(r);
        }
    }
    // Without an endpoint in the form, judge as a cross-origin request to a stand-in
    // URL: the headers decide, the URL only matters for redirects.
    let placeholder;
    let request = if crate::url::Url::parse(&request.url).is_ok_and(|u| u.is_http()) {
        request
    } else {
        placeholder = RequestSpec { url: "https://endpoint.invalid/".into(), ..request.clone() };
        &placeholder
    };
    let exchange = exchange_from_responses(&own, request);
    let other_samples: Vec<AuditSample> = others
        .iter()
        .map(|r| AuditSample { origin: r.request_origin.as_deref().unwrap_or_default(), preflight: r.is_preflight(), response: &r.response })
        .collect();
    let mut report = report_with_audit(request, &origin, &exchange, "the pasted headers", &other_samples);
    report.source = Some("headers".into());
    let unshown_null = asked_with_another_origin(&mut report, request, &origin, &exchange, &own);
    let preflights: Vec<&HttpResponse> = exchange.preflight.iter().chain(&exchange.later_preflights).collect();
    let after_redirect = matches!(
        judge_exchange_with_preflights(request, &origin, &preflights, &exchange.hops, exchange.actual.as_ref()),
        ExchangeVerdict::Incomplete { missing: Missing::RedirectTarget { .. } | Missing::PreflightAfterRedirect { .. } }
    );
    if unshown_null || after_redirect {
        report.curl.insert(0, settling_step(request, &origin, unshown_null));
    }
    if responses.iter().any(|r| r.status_assumed) {
        for f in &mut report.findings {
            f.evidence.push("The paste had no status line; status 200 was assumed.".into());
        }
    }
    Ok(report)
}

/// After a redirect that taints the origin, the browser asks with `Origin: null`. Pasted
/// answers from there on that do not show they were asked so (`curl -i` shows no request
/// lines, and `curl -L` keeps `-H 'Origin: …'` on every hop) may be a server's answer to
/// another origin: a server that echoes the origin answers `null` differently (found by
/// the differential test on the curl path, seed 61205: Chromium passed where the pasted
/// chain read as a mismatch). Nothing judged from them is exact then.
/// Whether any of them is so: the report then offers the command that asks as the
/// browser does ([`settling_step`]).
fn asked_with_another_origin(report: &mut Report, request: &RequestSpec, origin: &str, exchange: &Exchange, own: &[RawResponse]) -> bool {
    let Some(from) = crate::check::null_origin_from(request, origin, &exchange.hops) else { return false };
    let answers: Vec<&RawResponse> = own.iter().filter(|r| !is_preflight_answer(r, request)).collect();
    let later_preflights = own.iter().filter(|r| is_preflight_answer(r, request)).skip(1);
    let unshown = answers.iter().skip(from).copied().chain(later_preflights).any(|r| r.request_origin.as_deref() != Some("null"));
    if !unshown {
        return false;
    }
    for f in report.findings.iter_mut().filter(|f| f.certainty == Certainty::Exact && (!f.chromium.is_empty() || f.id == "cors-ok")) {
        f.certainty = Certainty::Likely;
        f.evidence.push(format!(
            "After the redirect to another origin the browser sends Origin: null, but the answers pasted from there on do not show they were asked so (curl -L keeps -H 'Origin: {origin}' on every hop). A server that answers by origin answers null differently: the first command below asks every hop as the browser does."
        ));
    }
    true
}

/// The one command that settles a redirect chain pasted headers cannot: `corsprobe
/// check` sends every hop as the browser does, where `curl -L` neither preflights again
/// after a redirect nor switches to `Origin: null`. (The differential test holds the
/// command line to Chromium on every generated case: its `cli` and `curl+step` paths.)
fn settling_step(request: &RequestSpec, origin: &str, null_origin: bool) -> CurlCommand {
    let why = if null_origin {
        "after the redirect to another origin the browser asks with Origin: null, which curl -L does not"
    } else {
        "after the redirect the browser sends a request (the preflight again, when the request needs one) whose answer the pasted output does not show"
    };
    CurlCommand {
        label: format!("One step settles it: {why}. corsprobe's command line sends every hop as the browser does and names the exact error (install: cargo install --path cli, in corsprobe's repository)."),
        command: crate::curl::cli_command(request, origin),
        settles: true,
    }
}

/// A pasted console → one report per CORS failure in it. `form_request` is the request
/// in the page's form: when a message is about its URL and it needs no preflight, the
/// preflight twins of a coarse (Firefox, Safari) message are ruled out.
pub fn analyze_console(text: &str, page_origin: &str, form_request: Option<&RequestSpec>) -> Result<Vec<Report>, ConsoleParseError> {
    // Mixed content and blocker messages are not CORS messages: read beside them.
    let causes = crate::console_causes::read_console_causes(text);
    let cors = match parse_console(text) {
        Ok(found) => found,
        Err(_) if !causes.is_empty() => Vec::new(),
        Err(e) => return Err(e),
    };
    let blocked_by_client = |ce: &ConsoleError| ce.candidates.is_empty() && ce.net_error.as_deref() == Some("net::ERR_BLOCKED_BY_CLIENT");
    let mut reports: Vec<Report> = causes.iter().map(|c| crate::console_causes::report_for_cause(c, page_origin)).collect();
    reports.extend(cors.into_iter().filter(|ce| !blocked_by_client(ce)).map(|mut ce| {
            let simple = form_request.is_some_and(|r| {
                Some(&r.url) == ce.url.as_ref().or(ce.redirected_from.as_ref()) && !preflight_need(r).required
            });
            let narrowed = simple && ce.error.is_none() && ce.candidates.len() > 1;
            if narrowed {
                ce.candidates.retain(|e| e.stage() != Stage::Preflight);
                if let [only] = ce.candidates[..] {
                    ce.error = Some(only);
                }
            }
            let mut report = report_for_console(&ce, page_origin);
            if narrowed {
                for f in &mut report.findings {
                    f.evidence.push("The request in the form, to this URL, needs no preflight, so the message's preflight reading is ruled out (assuming your app sends the same request).".into());
                }
            }
            crate::causes::guard_null_origin(&mut report);
            report
        }));
    Ok(reports)
}

/// The findings a console message proves: the exact one when the message names a
/// single Chromium error (or several that are one finding), else each candidate
/// finding, the likeliest first.
pub fn report_for_console(ce: &ConsoleError, page_origin: &str) -> Report {
    let origin = ce.origin.clone().unwrap_or_else(|| page_origin.to_string());
    let url = ce.redirected_from.clone().or_else(|| ce.url.clone()).unwrap_or_default();
    let mut request = RequestSpec::get(url);
    if ce.error == Some(crate::CorsError::MethodDisallowedByPreflightResponse) {
        if let Some(m) = &ce.param {
            request.method = m.clone();
        }
    }
    let need = preflight_need(&request);
    let ctx = Context { page_origin: &origin, request: &request, need: &need };
    let mut evidence = vec![format!("{}'s console: {}", ce.browser, ce.raw)];
    if let Some(status) = ce.http_status {
        evidence.push(format!("{} reports the response's HTTP status: {status}.", ce.browser));
    }
    if let Some(net) = &ce.net_error {
        evidence.push(format!("Network error: {net}."));
    }
    let mut kinds: Vec<FindingKind> = Vec::new();
    for e in ce.error.iter().chain(ce.candidates.iter()) {
        let k = FindingKind::for_error(*e);
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    let mut findings: Vec<Finding> = kinds
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let certainty = match (kinds.len(), i) {
                (1, _) => Certainty::Exact,
                (_, 0) => Certainty::Likely,
                _ => Certainty::Possible,
            };
            let mut f = finding(*k, certainty, ce.param.clone(), &ctx, evidence.clone());
            // Only the errors this message can stand for.
            let said: Vec<_> = ce.error.iter().chain(ce.candidates.iter()).copied().collect();
            f.chromium.retain(|e| said.contains(e));
            if f.chromium.is_empty() {
                f.chromium = k.chromium().iter().copied().filter(|e| said.contains(e)).collect();
            }
            // A finding that stands for errors its kind does not list (CorsDisabledScheme
            // reads as unsupported-scheme) still names the error the message said.
            if f.chromium.is_empty() {
                for e in said.iter().copied().filter(|e| FindingKind::for_error(*e) == *k) {
                    if !f.chromium.contains(&e) {
                        f.chromium.push(e);
                    }
                }
            }
            if let Some(status) = ce.http_status {
                f.what = format!("{} (the server answered with HTTP {status}.)", f.what);
            }
            f
        })
        .collect();
    let verdict = if findings.is_empty() {
        // A network failure without a CORS reason (Firefox's "CORS request did not
        // succeed", Chromium's net::ERR_CONNECTION_REFUSED).
        let lone_failed = ce.net_error.as_deref() == Some("net::ERR_FAILED") && ce.http_status.is_none();
        let mut f = finding(
            FindingKind::Unreachable,
            if lone_failed { Certainty::Possible } else { Certainty::Likely },
            ce.net_error.clone(),
            &ctx,
            evidence.clone(),
        );
        if lone_failed {
            // `Failed to load resource: net::ERR_FAILED` with no CORS message: Chromium
            // prints it alone for a failure without a CORS error, and beside the CORS
            // message after one. Which of the two the text shows depends on whether
            // everything was pasted.
            f.why = format!(
                "{} Chromium prints net::ERR_FAILED alone when the request failed without a CORS error (a redirect with redirect: \"error\", a redirect to a URL with user:password@); after a CORS error it prints the \"Access to fetch at … has been blocked by CORS policy\" message beside it. If the console shows that message, paste it: it names the error.",
                f.why
            );
        }
        findings.push(f);
        Verdict::Unreachable
    } else {
        Verdict::Blocked
    };
    if ce.browser == ConsoleBrowser::Firefox && verdict == Verdict::Unreachable {
        findings[0].why = format!(
            "{} Firefox also prints this for a redirect to a URL with user:password@ and for some blocked preflights; Chromium names those exactly.",
            findings[0].why
        );
    }
    let stage = ce.stage.or(if verdict == Verdict::Unreachable { Some(Stage::Network) } else { None });
    // A 3xx that fails its CORS check while being followed prints the very message a
    // final response does, naming the URL that answered: only a network line with a
    // status other than 3xx (`GET <url> net::ERR_FAILED 200 (OK)`) settles "response".
    // (The differential test found the stage claimed wrongly here.)
    let other_stages = match (stage, ce.http_status) {
        (Some(Stage::Response), Some(status)) if !(300..400).contains(&status) => Vec::new(),
        // Also after "(redirected from …)": a later hop may be the blocked 3xx.
        (Some(Stage::Response), _) => vec![Stage::Redirect],
        _ => Vec::new(),
    };
    Report {
        schema: SCHEMA,
        page_origin: origin.clone(),
        browser: None,
        request: request.clone(),
        verdict,
        stage,
        findings,
        probes: Vec::new(),
        preflight: None,
        needs_headers: false,
        curl: if request.url.is_empty() { Vec::new() } else { curl_commands(&request, &need, &origin) },
        source: Some("console".into()),
        other_stages,
    }
}
