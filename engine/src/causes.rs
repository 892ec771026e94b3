//! Causes people meet beside a server's CORS headers: a CORS response header sent as a
//! request header, a page whose origin is `null` (`file://`, sandboxed frames), a
//! request an extension blocked, cookies the browser keeps to itself. Their texts live
//! here so [`crate::explain`] stays about the server's headers; the cookie rules are in
//! [`crate::cookies`], the console wordings in [`crate::console_causes`].

use crate::explain::{finding, Context};
use crate::finding::{Certainty, Finding, FindingKind, FixBlock};
use crate::report::Report;

/// What, why and fix for the findings of this module's kinds (`p` is the parameter).
pub(crate) fn explanation(kind: FindingKind, p: &str, ctx: &Context) -> (String, String, Vec<FixBlock>) {
    use FindingKind as F;
    match kind {
        F::CorsHeaderInRequest => (
            format!("The request sends {p} as a request header. Access-Control-* headers are response headers: the browser only reads them in the server's answer, so sending one allows nothing."),
            format!("{p} is not a CORS-safelisted request header, so it only makes the browser send a preflight first, which fails unless the server lists {p} in Access-Control-Allow-Headers. Remove it from the client code (the fetch or axios headers, an interceptor, a default-headers setting); the server sends the CORS headers in its responses."),
            vec![],
        ),
        F::CookieNotCrossSite => (
            format!("The response sets the cookie “{p}”, but the browser will neither store it from nor send it with this cross-site request: it lacks SameSite=None with Secure."),
            "A cookie without SameSite counts as SameSite=Lax in Chromium, and Lax or Strict cookies never travel with a cross-site fetch; SameSite=None is accepted only together with Secure (so the API must be on https). CORS can pass while the session still fails. Even with SameSite=None; Secure, browsers that block third-party cookies refuse it (Safari; Firefox and Chrome when set to, and Chrome's Incognito windows by default; measured: headless Chromium refuses it for this reason first): serving the API from the same site as the app (api.example.com beside app.example.com) avoids the question.".into(),
            vec![FixBlock {
                response: "The response that sets the cookie".into(),
                lines: vec![format!("Set-Cookie: {p}=…; Path=/; Secure; HttpOnly; SameSite=None")],
                note: Some("Keep the value and the other attributes you already send; add Secure and SameSite=None. The Fix panel shows where each server stack sets them.".into()),
            }],
        ),
        F::CookiesUnseen => (
            "The credentialed request passed CORS, but page code cannot see whether the browser sent cookies with it, or stored the ones the response set.".into(),
            "Browsers drop cookies without a word (SameSite, Secure, third-party-cookie blocking). Check in DevTools: the request's Cookie header in the Network panel (Headers → Request Headers; the Cookies tab lists blocked cookies and why), and Application → Cookies for the API's host. A cookie meant for a cross-site request needs SameSite=None; Secure.".into(),
            vec![],
        ),
        F::BlockedByClient => (
            format!("The request{} never left the browser: an extension or content blocker (an ad or privacy blocker) or the browser's own blocking stopped it before any server answered.",
                if p.is_empty() { String::new() } else { format!(" to {p}") }),
            "net::ERR_BLOCKED_BY_CLIENT is the browser's own refusal, not CORS: no server header changes it. Try a private window without extensions, or turn the blocker off for this site. Blockers match words such as ads, track, analytics or banner in URLs: if your own API is hit, rename the path.".into(),
            vec![],
        ),
        F::NullOriginRequest => (
            "The page that sent the request has the origin null: it was opened as a file:// page, or runs in a sandboxed iframe or a data: URL.".into(),
            format!(
                "Browsers send Origin: null from such pages. Do not make the server allow null: any site can send Origin: null (from a sandboxed iframe), so allowing it lets every site read {} responses. Serve the page over http(s) instead (your framework's dev server, `npx serve`, `python3 -m http.server`) and allow that origin; for a sandboxed frame whose content you trust, add allow-same-origin to its sandbox.",
                if ctx.request.credentials == crate::request::Credentials::Include { "its credentialed" } else { "these" }
            ),
            vec![],
        ),
        _ => (kind.title().to_string(), String::new(), vec![]),
    }
}

/// Request headers that are CORS's own response headers (`Access-Control-*`): each is
/// finding `cors-header-in-request`. From the form, a HAR entry or the CLI's request.
pub fn request_findings(ctx: &Context) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    for h in &ctx.request.headers {
        let name = h.name.trim().to_ascii_lowercase();
        if name.starts_with("access-control-") && !out.iter().any(|f| f.param.as_deref() == Some(name.as_str())) {
            let evidence = vec![format!("The request carries the header {}.", h.name.trim())];
            out.push(finding(FindingKind::CorsHeaderInRequest, Certainty::Exact, Some(name), ctx, evidence));
        }
    }
    out
}

/// What a live run adds beside its CORS diagnosis: the request's own `Access-Control-*`
/// headers, and on a credentialed cross-origin pass, what page code cannot see (whether
/// cookies went along).
pub fn live_findings(ctx: &Context, passed: bool) -> Vec<Finding> {
    let mut out = request_findings(ctx);
    let cross_origin = crate::url::Url::parse(&ctx.request.url).is_ok_and(|u| u.origin() != ctx.page_origin);
    if passed && cross_origin && ctx.request.mode == crate::request::Mode::Cors && ctx.request.credentials == crate::request::Credentials::Include {
        let evidence = vec!["The credentialed request passed CORS; a fetch never reports which cookies it carried.".to_string()];
        out.push(finding(FindingKind::CookiesUnseen, Certainty::Exact, None, ctx, evidence));
    }
    out
}

/// [`request_findings`] for a bare request (the CLI's): no report needed.
pub fn request_side_findings(request: &crate::RequestSpec, page_origin: &str) -> Vec<Finding> {
    let need = crate::preflight_need::preflight_need(request);
    request_findings(&Context { page_origin, request, need: &need })
}

/// [`crate::cookies::cookie_findings`] for a bare request and one of its responses (the CLI's).
pub fn response_cookie_findings(request: &crate::RequestSpec, page_origin: &str, response: &crate::headers::HttpResponse) -> Vec<Finding> {
    let need = crate::preflight_need::preflight_need(request);
    crate::cookies::cookie_findings(&Context { page_origin, request, need: &need }, response, "the response")
}

/// True for a fix line that would allow the origin `null`.
fn allows_null(line: &str) -> bool {
    line.split_once(':')
        .is_some_and(|(name, value)| name.trim().eq_ignore_ascii_case("access-control-allow-origin") && value.trim().eq_ignore_ascii_case("null"))
}

/// No fix ever allows `null`. A report judged for a page whose origin is `null` (a
/// console message "from origin 'null'", a HAR or `curl -v` with `Origin: null`) gets
/// finding `null-origin-request` first, and no header lines that would allow it.
pub fn guard_null_origin(report: &mut Report) {
    for f in &mut report.findings {
        f.fix.retain(|block| !block.lines.iter().any(|l| allows_null(l)));
    }
    if report.page_origin.trim() != "null" || report.findings.iter().any(|f| f.id == FindingKind::NullOriginRequest.id()) {
        return;
    }
    let need = crate::preflight_need::preflight_need(&report.request);
    let ctx = Context { page_origin: "null", request: &report.request, need: &need };
    let evidence = vec!["The request was sent with Origin: null.".to_string()];
    report.findings.insert(0, finding(FindingKind::NullOriginRequest, Certainty::Exact, None, &ctx, evidence));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_allow_origin_null_lines_count_as_allowing_null() {
        assert!(allows_null("Access-Control-Allow-Origin: null"));
        assert!(allows_null("access-control-allow-origin:NULL "));
        assert!(!allows_null("Access-Control-Allow-Origin: https://null.example"));
        assert!(!allows_null("Vary: Origin"));
    }
}
