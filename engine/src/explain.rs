//! Plain-words explanations and the exact header lines that fix each finding, for *this*
//! request from *this* origin.

use crate::finding::{Certainty, Finding, FindingKind, FixBlock, Severity};
use crate::preflight_need::{PreflightNeed, PreflightReason, UnsafeHeaderWhy};
use crate::request::{is_cors_safelisted_method, Credentials, RequestSpec};
use crate::url::Url;

/// The facts every explanation draws on.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub page_origin: &'a str,
    pub request: &'a RequestSpec,
    pub need: &'a PreflightNeed,
}

impl Context<'_> {
    fn credentials(&self) -> bool {
        self.request.credentials == Credentials::Include
    }

    fn path(&self) -> String {
        Url::parse(&self.request.url).map(|u| u.path_and_query).unwrap_or_else(|_| self.request.url.clone())
    }

    /// Why the browser preflights this request, in words.
    pub fn preflight_reasons(&self) -> String {
        let reasons: Vec<String> = self
            .need
            .reasons
            .iter()
            .map(|r| match r {
                PreflightReason::Method(m) => format!("the method {m} is not GET, HEAD or POST"),
                PreflightReason::Header { name, why } => match why {
                    UnsafeHeaderWhy::NotSafelistedName => format!("the header {name} is not CORS-safelisted"),
                    UnsafeHeaderWhy::ContentTypeEssence(t) => {
                        format!("Content-Type {t} is not one of text/plain, multipart/form-data, application/x-www-form-urlencoded")
                    }
                    UnsafeHeaderWhy::ValueTooLong => format!("the value of {name} is longer than 128 bytes"),
                    UnsafeHeaderWhy::UnsafeBytes => format!("the value of {name} contains CORS-unsafe bytes"),
                    UnsafeHeaderWhy::RangeNotSimple => format!("the Range value of {name} is not a single simple byte range"),
                    UnsafeHeaderWhy::TotalTooLong => {
                        format!("the safelisted headers together exceed 1024 bytes (so {name} counts as unsafe)")
                    }
                },
            })
            .collect();
        join_words(&reasons)
    }

    /// The preflight response this request needs.
    pub fn preflight_fix(&self, note: Option<&str>) -> FixBlock {
        let mut lines = vec![format!("Access-Control-Allow-Origin: {}", self.page_origin)];
        if !is_cors_safelisted_method(&self.need.method) {
            lines.push(format!("Access-Control-Allow-Methods: {}", self.need.method));
        }
        if !self.need.headers.is_empty() {
            lines.push(format!("Access-Control-Allow-Headers: {}", self.need.headers.join(", ")));
        }
        if self.credentials() {
            lines.push("Access-Control-Allow-Credentials: true".into());
        }
        lines.push("Access-Control-Max-Age: 7200".into());
        lines.push("Vary: Origin".into());
        FixBlock { response: format!("Preflight response (OPTIONS {}): status 204 or 200", self.path()), lines, note: note.map(str::to_string) }
    }

    /// The actual response this request needs.
    pub fn actual_fix(&self, note: Option<&str>) -> FixBlock {
        let mut lines = vec![format!("Access-Control-Allow-Origin: {}", self.page_origin)];
        if self.credentials() {
            lines.push("Access-Control-Allow-Credentials: true".into());
        }
        lines.push("Vary: Origin".into());
        FixBlock {
            response: format!("Actual response ({} {}), on every status including errors", self.request.method, self.path()),
            lines,
            note: note.map(str::to_string).or_else(|| {
                (!self.credentials()).then(|| {
                    "Without credentials, Access-Control-Allow-Origin: * also works; naming the origin (from an allow-list) is stricter.".to_string()
                })
            }),
        }
    }
}

/// The fix every origin-matching mistake shares.
const EXACT: &str = "Compare the Origin exactly with a list of allowed origins — a set lookup (allowed.has(origin) in JavaScript, origin in ALLOWED in Python, a map $http_origin with exact entries in nginx) — and echo it only on a match (the fix panel's configuration does).";

/// The host of a probe origin (`evilexample.com` for `https://evilexample.com`).
fn probe_host(origin: &str) -> String {
    Url::parse(origin).map(|u| u.host).unwrap_or_default()
}

/// `https://app\.example\.com`: dots (and other regex metacharacters) escaped.
fn regex_escape(s: &str) -> String {
    s.chars().flat_map(|c| if ".[]()+?*^$|{}\\".contains(c) { vec!['\\', c] } else { vec![c] }).collect()
}

/// Builds a policy-audit finding (`origin-reflected`, `origin-suffix-match`, …) with its
/// explanation and fix. Only [`crate::audit`] raises these (except `null-origin-trusted`,
/// which the live run proves too and [`finding`] explains); their texts live here and
/// not in [`finding`] so that the page, which never audits (the analysis worker does),
/// does not carry them.
pub fn policy_finding(kind: FindingKind, certainty: Certainty, param: Option<String>, ctx: &Context, evidence: Vec<String>) -> Finding {
    let mut f = finding(kind, certainty, param, ctx, evidence);
    let (what, why, fix) = policy_explanation(kind, f.param.as_deref().unwrap_or_default(), ctx);
    if !what.is_empty() {
        (f.what, f.why, f.fix) = (what, why.trim().to_string(), fix);
    }
    f
}

/// What, why and fix of a policy finding; empty for other kinds.
fn policy_explanation(kind: FindingKind, p: &str, ctx: &Context) -> (String, String, Vec<FixBlock>) {
    use FindingKind as F;
    let o = ctx.page_origin;
    match kind {
        F::OriginReflected => (
            format!("The server answered the origin {p} with Access-Control-Allow-Origin: {p}: it echoes whatever origin asks."),
            "Any website can then read these responses from its visitors' browsers; with Access-Control-Allow-Credentials: true it reads them as the logged-in user. Replace the reflection with an exact allow-list (see the fix panel).".into(),
            vec![],
        ),
        F::VaryOriginMissing => (
            format!("Access-Control-Allow-Origin names {p} but the response has no Vary: Origin."),
            "A shared cache (CDN, proxy, the browser's own) may then serve this response to a page on another origin, which the browser blocks, or serve another origin's answer here. Send Vary: Origin whenever the value depends on the request's Origin.".into(),
            vec![],
        ),
        F::MaxAgeOverCap => (
            format!("Access-Control-Max-Age: {p} asks for longer than browsers cache a preflight."),
            "Chromium caps the preflight cache at 7200 s, Firefox at 86400 s, WebKit at 600 s: anything longer is silently shortened. 7200 is the useful maximum.".into(),
            vec![],
        ),
        F::WildcardListWithCredentials => (
            format!("{p} contains *, which under credentials is the literal name *, not a wildcard."),
            "With credentials browsers read * in Access-Control-Allow-Methods, -Allow-Headers and -Expose-Headers as a name. List the methods and headers explicitly.".into(),
            vec![],
        ),
        F::HttpOriginTrusted => (
            format!("This https API allows the plain-http origin {p}."),
            "A network attacker can inject script into an http page and read this API's responses through it. Allow only https origins (http://localhost for development is the exception).".into(),
            vec![],
        ),
        F::OriginSuffixMatch => {
            let host = probe_host(p);
            let domain = host.strip_prefix("evil").unwrap_or(&host).to_string();
            (
                format!("The server allowed the look-alike origin {p}: it lets in any origin that ends with {domain}."),
                format!(
                    "Anyone can register {host}. An origin check like endsWith(\"{domain}\"), or a regular expression such as {escaped}$ (no ^, no dot before the domain), lets in every name that ends in those letters. {EXACT} To allow the subdomains of {domain} too, require the dot: the host equals {domain} or ends with .{domain}; as a regex, ^https://([a-z0-9-]+\\.)*{escaped}$.",
                    escaped = regex_escape(&domain)
                ),
                vec![],
            )
        }
        F::OriginPrefixMatch => {
            let host = probe_host(p);
            let allowed_host = host.strip_suffix(".evil.example").unwrap_or(&host).to_string();
            let prefix = Url::parse(p).map(|u| format!("{}://{allowed_host}", u.scheme)).unwrap_or_default();
            let dev = if crate::url::is_loopback_host(&allowed_host) { " (a common way to allow every development port)" } else { "" };
            (
                format!("The server allowed {p}: it lets in any origin that starts with {prefix}."),
                format!(
                    "The host {host} belongs to whoever owns evil.example: any domain owner can create a name that starts with {allowed_host}. An origin check like startsWith(\"{prefix}\"){dev}, or a regular expression without $ at the end, lets it in. {EXACT} To allow any port, anchor both ends: ^{}(:[0-9]+)?$.",
                    regex_escape(&prefix)
                ),
                vec![],
            )
        }
        F::OriginRegexDot => (
            format!("The server allowed {p}, which differs from {o} only where a dot was: the server's origin pattern has an unescaped dot."),
            format!(
                "In a regular expression . matches any character, so the pattern {o} also matches {p}, a domain anyone can register. Escape every dot and anchor the pattern: ^{}$. {EXACT}",
                regex_escape(o)
            ),
            vec![],
        ),
        F::OriginSubdomainTrusted => {
            let host = probe_host(p);
            let domain = host.strip_prefix("evil.").unwrap_or(&host).to_string();
            (
                format!("The server allowed {p}, a subdomain of {domain} that is not your app."),
                format!("Trusting every subdomain of {domain} is often deliberate, and then this is fine as long as every subdomain is trustworthy: a forgotten DNS record pointing at a released cloud host (a subdomain takeover) or a subdomain that serves other people's content can read these responses. If only some subdomains need access, list them exactly."),
                vec![],
            )
        }
        F::AllowListBroaderThanNeeded => {
            let mut needs = Vec::new();
            if !is_cors_safelisted_method(&ctx.need.method) {
                needs.push(format!("the method {}", ctx.need.method));
            }
            match ctx.need.headers.as_slice() {
                [] => {}
                [one] => needs.push(format!("the header {one}")),
                many => needs.push(format!("the headers {}", many.join(", "))),
            }
            let needs = if needs.is_empty() { "nothing beyond what browsers always allow".to_string() } else { join_words(&needs) };
            (
                format!("The preflight allows {p}, which this request does not need."),
                format!("This request needs {needs}. Extra methods and headers break nothing, but they widen what an allowed origin (or a script injected into it) may send here. List what your frontend really sends on this route and nothing more; GET, HEAD, POST and the CORS-safelisted headers (Accept, Accept-Language, Content-Language, Content-Type) never need listing."),
                vec![ctx.preflight_fix(Some("Everything this request needs. Add other methods or headers only for requests your frontend really sends."))],
            )
        }
        _ => (String::new(), String::new(), vec![]),
    }
}

fn join_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Builds a finding with its explanation and fix.
pub fn finding(kind: FindingKind, certainty: Certainty, param: Option<String>, ctx: &Context, evidence: Vec<String>) -> Finding {
    use FindingKind as F;
    let o = ctx.page_origin;
    let m = &ctx.request.method;
    let p = param.clone().unwrap_or_default();
    let creds = ctx.credentials();
    let pre_why = if ctx.need.required { format!("The browser preflights this request because {}.", ctx.preflight_reasons()) } else { String::new() };
    let auth_note = "Answer OPTIONS before any authentication: a preflight never carries cookies or Authorization.";
    let severity = match kind {
        F::ForbiddenHeaderDropped | F::AuthorizationWildcard => Severity::Warning,
        // Policy findings: the audit raises them to Warning when credentials are allowed.
        F::OriginReflected
        | F::NullOriginTrusted
        | F::VaryOriginMissing
        | F::MaxAgeOverCap
        | F::WildcardListWithCredentials
        | F::HttpOriginTrusted
        | F::OriginSuffixMatch
        | F::OriginPrefixMatch
        | F::OriginRegexDot
        | F::OriginSubdomainTrusted
        | F::AllowListBroaderThanNeeded => Severity::Info,
        F::CorsOk | F::OpaqueResponse | F::PreflightRequired => Severity::Info,
        F::CorsHeaderInRequest => Severity::Warning,
        F::CookiesUnseen => Severity::Info,
        _ => Severity::Error,
    };
    let (what, why, fix): (String, String, Vec<FixBlock>) = match kind {
        F::InvalidUrl | F::UnsupportedScheme | F::InvalidHeader | F::InvalidMethod | F::ForbiddenMethod
        | F::BodyNotAllowed | F::NoCorsMethodNotAllowed | F::RequestRejected => (
            "Nothing was sent: fetch() rejects this request before any network traffic.".into(),
            p.clone(),
            vec![],
        ),
        F::ForbiddenHeaderDropped => (
            format!("The browser silently drops the header {p}: page code may not set it."),
            "Forbidden request headers (Origin, Cookie, Host, Referer, Sec-*, Proxy-*, …) are controlled by the browser. The request goes out without it, so the server never sees your value.".into(),
            vec![],
        ),
        F::DisallowedByMode => (
            "The browser refused to send the request: mode is same-origin and the URL is on another origin.".into(),
            format!("same-origin mode only allows URLs on {o}. Use mode cors for a cross-origin request."),
            vec![],
        ),
        F::NoCorsRedirectMode => (
            "The browser refused to send the request: no-cors mode requires redirect: follow.".into(),
            "A no-cors request cannot use redirect: manual or error. Use redirect: follow, or cors mode.".into(),
            vec![],
        ),
        F::MixedContent => (
            "The browser blocked the request before sending it: an https page may not fetch plain http.".into(),
            format!("This page is on {o}; the endpoint uses http: on a host that is not loopback. Serve the API over https (or test from an http page)."),
            vec![],
        ),
        F::HeadersIncomplete => (
            format!("corsprobe cannot judge this exchange yet: the response {p} is missing from what it was given."),
            "The browser decides in order: the preflight (when the request needs one), every redirect, then the final response. Paste the missing response too (run the curl commands below, or export a HAR from DevTools). After a redirect, curl -L cannot ask as the browser does: the first command below, corsprobe's command line, does.".into(),
            vec![],
        ),
        F::LocalNetworkAccess => (
            "The browser blocked the request before it left: this page may not reach an address on your local network or this machine.".into(),
            format!(
                "This page is on {o}, a more public address than {host}. Chromium's Local Network Access rules block such requests from pages that are not a secure context (https), and ask you for permission otherwise; a refused or unanswered prompt also blocks. The server cannot fix this with headers. Test from a page on the same network (serve corsprobe locally or from your app's origin), or from an https page and allow the prompt. Whether Firefox and WebKit block it too was not measured here.",
                host = Url::parse(&ctx.request.url).map(|u| u.host).unwrap_or_default()
            ),
            vec![],
        ),
        // `p` names a known network failure from pasted headers or a live probe (the
        // engine's own wording, `analyze::failure_text`), or nothing.
        F::Unreachable if p.contains("redirect: \"error\"") => (
            format!("The browser fails the request with a network error ({p}): it refuses to follow the redirect, so this is not a CORS block."),
            "With redirect: \"error\", any redirect fails the request. Request the final URL (a trailing slash, http→https and a moved path are the usual redirects), or leave redirect at \"follow\", the default.".into(),
            vec![],
        ),
        F::Unreachable => (
            "No HTTP answer reached the browser, so this is not a CORS block.".into(),
            "Typical causes: nothing listens on that port, the host name does not resolve, a TLS certificate the browser rejects, a firewall, an extension or content blocker (an ad blocker: in Firefox a request it stops prints this same \"CORS request did not succeed\" message, measured), or a local-network-access block. A private window without extensions tells the blocker apart.".into(),
            vec![],
        ),
        F::Timeout => (
            "No answer arrived before the probe's time limit.".into(),
            "The server or the network is slow or hanging. corsprobe aborted the request.".into(),
            vec![],
        ),
        F::CorsOk => (
            "The browser let the request through: page code can read the response.".into(),
            if ctx.need.required { format!("{pre_why} Both the preflight and the response passed.") } else { "The response passed the CORS check.".into() },
            vec![],
        ),
        F::OpaqueResponse => (
            "The request went out and a response came back, but no-cors makes it opaque: status 0, no headers, no body for page code.".into(),
            "no-cors never fails on CORS; it hides the response instead. Use cors mode to read it.".into(),
            vec![],
        ),
        F::PreflightRequired => (
            format!("Before {m}, the browser sends OPTIONS with Access-Control-Request-Method: {}{}.", ctx.need.method,
                if ctx.need.headers.is_empty() { String::new() } else { format!(" and Access-Control-Request-Headers: {}", ctx.need.headers.join(",")) }),
            pre_why.clone(),
            vec![],
        ),
        F::AllowOriginRejected => (
            "The response reached the browser, but its CORS headers do not allow this origin, so the browser hid it from page code.".into(),
            format!("The response's Access-Control-Allow-Origin is missing, names another origin, has several values, or is not a valid origin: page code cannot see which. The header must be exactly {o} (or *)."),
            vec![ctx.actual_fix(None)],
        ),
        F::AllowOriginMissing => (
            "The response has no Access-Control-Allow-Origin header, so the browser hid it from page code.".into(),
            format!("The server (or a proxy in front of it) does not add CORS headers to this response. Often they are added only on some routes or statuses. A layer in front (a CDN such as CloudFront, a host such as Vercel or Netlify, a load balancer) may also strip the header, or serve a copy cached from a request without Origin: when you know the origin server's own address, ask it directly and compare: curl -i -H 'Origin: {o}' http://ORIGIN-SERVER{}", ctx.path()),
            vec![ctx.actual_fix(None)],
        ),
        F::AllowOriginMismatch => (
            mismatch_sentence("The response", &p, o),
            "Origins compare as exact strings: scheme, host and port must match, with no trailing slash or path.".into(),
            vec![ctx.actual_fix(None)],
        ),
        F::AllowOriginMultiple => (
            format!("Access-Control-Allow-Origin carries several values (“{p}”); only one is allowed."),
            "Two layers (for example the app and a proxy) both add the header, or a list was sent. Send it once, with the one origin that made the request (reflect it from an allow-list).".into(),
            vec![ctx.actual_fix(None)],
        ),
        F::AllowOriginInvalid => (
            format!("Access-Control-Allow-Origin is “{p}”, which is not an origin."),
            "The value must be * or a serialized origin like https://app.example.com (scheme, host, port; no path).".into(),
            vec![ctx.actual_fix(None)],
        ),
        F::CredentialsRejected => (
            "Without credentials the response is allowed; with credentials it is blocked.".into(),
            "A credentialed response needs Access-Control-Allow-Origin set to the exact origin (never *) and Access-Control-Allow-Credentials: true. One of the two is wrong; page code cannot see which.".into(),
            vec![ctx.actual_fix(None)],
        ),
        F::WildcardWithCredentials => (
            "The response says Access-Control-Allow-Origin: *, but the request carries credentials.".into(),
            "With credentials: \"include\", * is not allowed: name the origin and add Access-Control-Allow-Credentials: true.".into(),
            vec![ctx.actual_fix(None)],
        ),
        F::AllowCredentialsInvalid => (
            format!("Access-Control-Allow-Credentials is {}, but a credentialed request needs exactly “true”.",
                if p.is_empty() { "missing".to_string() } else { format!("“{p}”") }),
            "The value is case-sensitive: True or 1 do not count.".into(),
            vec![ctx.actual_fix(None)],
        ),
        F::ErrorWithoutCors => (
            "A response without CORS headers reached the browser; it is likely an error status the server answers without them.".into(),
            "Many servers add CORS headers only on success: a 401/404/500 then looks like a CORS error and hides the real status. Add the headers to every status.".into(),
            vec![ctx.actual_fix(Some("Add them in a middleware that runs before routing and error handling."))],
        ),
        F::PreflightRejected => (
            format!("The preflight (OPTIONS) failed, so the browser never sent your {m}."),
            format!("{pre_why} The OPTIONS answer must have a 2xx status, no redirect, and the same Access-Control-Allow-Origin{} as the actual response. Page code cannot see which part failed.",
                if creds { " and Access-Control-Allow-Credentials: true" } else { "" }),
            vec![ctx.preflight_fix(Some(auth_note)), ctx.actual_fix(None)],
        ),
        F::PreflightStatus => (
            format!("The preflight answered HTTP {}, not a 2xx status.", if p.is_empty() { "error" } else { &p }),
            format!("{pre_why} Authentication, routing (no OPTIONS route) or a method filter answered OPTIONS before the CORS layer could."),
            vec![ctx.preflight_fix(Some(auth_note))],
        ),
        F::PreflightAllowOriginMissing => (
            "The preflight response has no Access-Control-Allow-Origin.".into(),
            format!("{pre_why} The server does not answer OPTIONS with CORS headers (often: OPTIONS is handled by auth or a default handler)."),
            vec![ctx.preflight_fix(Some(auth_note))],
        ),
        F::PreflightAllowOriginMismatch => (
            mismatch_sentence("The preflight", &p, o),
            "Origins compare as exact strings: scheme, host and port.".into(),
            vec![ctx.preflight_fix(None)],
        ),
        F::PreflightAllowOriginMultiple => (
            format!("The preflight's Access-Control-Allow-Origin has several values (“{p}”)."),
            "Two layers add it, or a list was sent. Send one origin.".into(),
            vec![ctx.preflight_fix(None)],
        ),
        F::PreflightAllowOriginInvalid => (
            format!("The preflight's Access-Control-Allow-Origin is “{p}”, which is not an origin."),
            "The value must be * or a serialized origin.".into(),
            vec![ctx.preflight_fix(None)],
        ),
        F::PreflightWildcardWithCredentials => (
            "The preflight answers Access-Control-Allow-Origin: * to a credentialed request.".into(),
            "With credentials, the preflight must name the origin and send Access-Control-Allow-Credentials: true.".into(),
            vec![ctx.preflight_fix(None)],
        ),
        F::PreflightAllowCredentialsInvalid => (
            format!("The preflight's Access-Control-Allow-Credentials is {}, not “true”.", if p.is_empty() { "missing".to_string() } else { format!("“{p}”") }),
            "Credentialed requests need Access-Control-Allow-Credentials: true on the preflight too.".into(),
            vec![ctx.preflight_fix(None)],
        ),
        F::PreflightRedirect => (
            "The preflight was answered with a redirect; browsers never follow redirects for preflights.".into(),
            "Typical causes: an http→https or trailing-slash redirect, or a login redirect. Use the final URL, or answer OPTIONS directly.".into(),
            vec![ctx.preflight_fix(None)],
        ),
        F::AllowMethodsInvalid => (
            format!("The preflight's Access-Control-Allow-Methods (“{p}”) is not a valid comma-separated list of methods."),
            "Each item must be a method token; separate items with commas, not spaces or other characters.".into(),
            vec![ctx.preflight_fix(None)],
        ),
        F::AllowHeadersInvalid => (
            format!("The preflight's Access-Control-Allow-Headers (“{p}”) is not a valid comma-separated list of header names."),
            "Each item must be a header name token; separate items with commas.".into(),
            vec![ctx.preflight_fix(None)],
        ),
        F::MethodNotAllowed => (
            format!("The preflight does not list {p} in Access-Control-Allow-Methods, so the browser never sent it."),
            format!("{pre_why} Methods compare case-sensitively{}; * only counts without credentials.",
                if p.chars().any(|c| c.is_ascii_lowercase()) { format!(" and fetch() does not upper-case “{p}”") } else { String::new() }),
            vec![ctx.preflight_fix(None)],
        ),
        F::HeaderNotAllowed => (
            format!("The preflight does not allow the request header {p}, so the browser never sent the request."),
            format!("{pre_why} Every header in Access-Control-Request-Headers must be listed in Access-Control-Allow-Headers (case-insensitive){}.",
                if creds { "; with credentials, * is taken literally" } else { "" }),
            vec![ctx.preflight_fix(None)],
        ),
        F::RedirectContainsCredentials => (
            "The response redirected to a URL containing user:password@, which cross-origin requests may not follow.".into(),
            "Redirect to a URL without credentials in it.".into(),
            vec![],
        ),
        F::RedirectTargetRejected => (
            "The endpoint answers with a redirect that itself passes CORS, but the request failed after it.".into(),
            format!("The redirect target does not allow this origin, or (after a redirect to another origin) the browser sends Origin: null, which the target must allow. Point the request at the final URL, or make the target send Access-Control-Allow-Origin: {o}."),
            vec![ctx.actual_fix(Some("On the redirect target."))],
        ),
        // The live run raises null-origin-trusted too (a credentialed GET from a
        // sandboxed frame that passes), so its text stays here.
        F::NullOriginTrusted => (
            "The server allows the origin null.".into(),
            "Sandboxed iframes, data: URLs and some redirects send Origin: null, so any site can obtain it. Never list null.".into(),
            vec![],
        ),
        // Other policy findings get their explanation from `policy_finding` (the audit's only).
        F::OriginReflected | F::VaryOriginMissing | F::MaxAgeOverCap
        | F::WildcardListWithCredentials | F::HttpOriginTrusted | F::OriginSuffixMatch | F::OriginPrefixMatch
        | F::OriginRegexDot | F::OriginSubdomainTrusted | F::AllowListBroaderThanNeeded => (kind.title().to_string(), String::new(), vec![]),
        F::CorsHeaderInRequest | F::CookieNotCrossSite | F::CookiesUnseen | F::BlockedByClient | F::NullOriginRequest => {
            crate::causes::explanation(kind, &p, ctx)
        }
        F::AuthorizationWildcard => (
            "Authorization passes only because Access-Control-Allow-Headers: * still covers it in today's browsers.".into(),
            "The Fetch standard says * never covers Authorization; Chromium already reports this as deprecated. List Authorization explicitly.".into(),
            vec![ctx.preflight_fix(None)],
        ),
    };
    let mut chromium = kind.chromium().to_vec();
    if !creds {
        // Credentials errors cannot happen to a request without credentials.
        chromium.retain(|e| !matches!(e, crate::CorsError::PreflightWildcardOriginNotAllowed | crate::CorsError::PreflightInvalidAllowCredentials));
    }
    Finding {
        id: kind.id().to_string(),
        chromium,
        certainty,
        param,
        severity,
        stage: kind.stage(),
        title: kind.title().to_string(),
        what,
        why: why.trim().to_string(),
        fix,
        evidence,
        mdn: kind.mdn().to_string(),
        proven: None,
    }
}

/// "… allows X, not this page's origin": when X *is* this page's origin the request
/// carried another one: `null`, after a redirect to another origin (Fetch
/// "HTTP-redirect fetch" step 14) or from an opaque origin.
fn mismatch_sentence(what: &str, allowed: &str, origin: &str) -> String {
    if allowed == origin {
        format!("{what} allows “{allowed}”, this page's origin, but the request carried another one: after a redirect to another origin (or from a sandboxed frame or a file:// page) the browser sends Origin: null.")
    } else {
        format!("{what} allows “{allowed}”, not this page's origin {origin}.")
    }
}
