//! Redirects: Fetch "HTTP-redirect fetch" and Chromium's `CorsURLLoader::OnReceiveRedirect`,
//! one hop at a time.

use super::cors::cors_check;
use super::serialize_origin;
use crate::cors_error::{CorsError, CorsErrorStatus, Stage};
use crate::headers::HttpResponse;
use crate::preflight_need::preflight_need;
use crate::request::{Credentials, Mode, RedirectMode, RequestSpec};
use crate::url::Url;
use serde::{Deserialize, Serialize};

/// Fetch's "response tainting": what kind of response page code gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResponseTainting {
    /// Same-origin: everything readable.
    Basic,
    /// Cross-origin and CORS-checked: body and exposed headers readable.
    Cors,
    /// `no-cors` to another origin: nothing readable, status 0.
    Opaque,
    /// `redirect: "manual"`: the 3xx itself, unreadable (`type: "opaqueredirect"`).
    OpaqueRedirect,
}

/// A failure that is not a CORS error: the browser raises no CORS issue, `fetch()`
/// rejects (or throws) all the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "kebab-case")]
pub enum NetworkFailure {
    /// The request URL does not parse.
    InvalidUrl(String),
    /// Only http(s) URLs are fetched here.
    UnsupportedScheme(String),
    /// `no-cors` allows only GET, HEAD and POST (`new Request()` throws).
    NoCorsMethod(String),
    /// `redirect: "error"` and the response is a redirect.
    RedirectModeError,
    /// More than 20 redirects (Fetch "HTTP-redirect fetch" step 7).
    TooManyRedirects,
    /// A `Location` that does not resolve to a URL.
    BadLocation(String),
    /// A redirect to a scheme other than http(s) (Fetch "HTTP-redirect fetch" step 6).
    NonHttpRedirect(String),
    /// A redirect to a URL with credentials (`user:password@`) that the CORS checks let
    /// through (no-cors mode, or a same-origin hop): Blink refuses to fetch a subresource
    /// whose URL embeds credentials.
    CredentialedSubresource(String),
}

/// Why a request did not get a usable response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "refusal", rename_all = "kebab-case")]
pub enum Refusal {
    /// A CORS error, as Chromium reports it, and where it happened.
    Blocked { status: CorsErrorStatus, stage: Stage },
    /// A network error without a CORS error.
    Failed { stage: Stage, reason: NetworkFailure },
}

/// What a request carries from one redirect hop to the next: Fetch's request (current
/// URL, method, headers), its tainted origin flag and redirect count, and Chromium's
/// CORS flag (set once the request has left the page's origin, never cleared).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedirectState {
    /// The request as it is sent now (URL, method and headers change on redirects).
    pub request: RequestSpec,
    /// The page's serialized origin.
    pub origin: String,
    /// Fetch "tainted origin flag": after a cross-origin hop away from a cross-origin
    /// URL, the request's origin serializes as `null`.
    pub tainted: bool,
    pub redirect_count: u8,
    pub cors_flag: bool,
    pub tainting: ResponseTainting,
}

impl RedirectState {
    /// The state of a request before its first response.
    pub fn new(request: &RequestSpec, origin: &str) -> RedirectState {
        let origin = serialize_origin(origin);
        let same_origin = Url::parse(&request.url).is_ok_and(|u| u.origin() == origin);
        let cors_flag = !same_origin && request.mode != Mode::NoCors;
        let tainting = match (same_origin, request.mode) {
            (true, _) => ResponseTainting::Basic,
            (false, Mode::NoCors) => ResponseTainting::Opaque,
            (false, _) => ResponseTainting::Cors,
        };
        RedirectState { request: request.clone(), origin, tainted: false, redirect_count: 0, cors_flag, tainting }
    }

    /// The origin the CORS check compares with: `null` once tainted.
    pub fn effective_origin(&self) -> &str {
        if self.tainted {
            "null"
        } else {
            &self.origin
        }
    }

    pub fn credentials_included(&self) -> bool {
        self.request.credentials == Credentials::Include
    }

    /// Whether the request, as it now stands, is sent after a preflight.
    pub fn needs_preflight(&self) -> bool {
        self.cors_flag && self.request.mode == Mode::Cors && preflight_need(&self.request).required
    }
}

/// What happens after a redirect response passed [`redirect_check`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "next", rename_all = "kebab-case")]
pub enum RedirectNext {
    /// Follow: the next request is `state.request` (its URL is the resolved `Location`).
    Follow { state: RedirectState },
    /// `redirect: "manual"`: page code gets the 3xx as an opaque-redirect response.
    OpaqueRedirect,
    /// Not a redirect (no redirect status or no `Location`): the response is final.
    Final,
}

/// One redirect hop, in Chromium's order (`CorsURLLoader::OnReceiveRedirect`):
///
/// 1. with the CORS flag set in cors mode, the hop itself must pass the CORS check
///    (Fetch "HTTP fetch": the check runs on every response, before the redirect mode is
///    looked at). In `follow` mode the failure is reported at [`Stage::Redirect`]; in
///    `manual` and `error` mode the 3xx is the final response ([`Stage::Response`]);
/// 2. `manual` → an opaque-redirect; `error` → a network error (no CORS error);
/// 3. Fetch "HTTP-redirect fetch": the `Location` must resolve (step 5), be http(s)
///    (step 6), at most 20 redirects (step 7); a `Location` with credentials →
///    `RedirectContainsCredentials` (steps 9–10, Chromium's `CheckRedirectLocation`);
/// 4. the next request: POST→GET rewrite (step 12), `Authorization` dropped on a
///    cross-origin hop (step 13), the tainted origin flag (step 14), Chromium's CORS
///    flag; `same-origin` mode leaving the origin → `DisallowedByMode`.
pub fn redirect_check(hop: &HttpResponse, state: &RedirectState) -> Result<RedirectNext, Refusal> {
    let Some(location) = hop.location().filter(|_| hop.is_redirect_status()) else {
        return Ok(RedirectNext::Final);
    };
    let follow = state.request.redirect == RedirectMode::Follow;
    let failed = |reason| Refusal::Failed { stage: Stage::Redirect, reason };
    // Fetch "HTTP-redirect fetch" steps 3–5, which Chromium's network stack applies
    // before any CORS code sees the redirect, whatever the redirect mode
    // (`URLRequestJob`: a `Location` GURL rejects is ERR_INVALID_REDIRECT; measured by
    // the differential test).
    let (target_text, target) = redirect_target(&state.request.url, &location).map_err(failed)?;
    // Chromium `CorsURLLoader::OnReceiveRedirect`, in its order: the hop's own CORS check
    // (in every redirect mode) …
    if state.cors_flag && state.request.mode == Mode::Cors {
        if let Err(status) = cors_check(hop, state.effective_origin(), state.credentials_included()) {
            let stage = if follow { Stage::Redirect } else { status.error.stage() };
            return Err(Refusal::Blocked { status, stage });
        }
    }
    // … `redirect: "manual"` ends here, an opaque-redirect (measured in Chromium 156:
    // even to a `user:password@` target) …
    if state.request.redirect == RedirectMode::Manual {
        return Ok(RedirectNext::OpaqueRedirect);
    }
    // … the redirect count (Fetch steps 7–8) …
    if state.redirect_count >= 20 {
        return Err(failed(NetworkFailure::TooManyRedirects));
    }
    // … `CheckRedirectLocation` (Fetch steps 9–10, with the flags as they were before
    // this hop) …
    let has_credentials = target.userinfo.as_deref().is_some_and(|u| !u.is_empty() && u != ":");
    let cross_origin_target = target.origin() != state.origin;
    if has_credentials && ((state.request.mode == Mode::Cors && (state.tainted || cross_origin_target)) || state.cors_flag) {
        return Err(Refusal::Blocked { status: CorsErrorStatus::new(CorsError::RedirectContainsCredentials, ""), stage: Stage::Redirect });
    }
    // … and only then `redirect: "error"` (measured in Chromium 156: a `user:password@`
    // target is RedirectContainsCredentials in this mode too).
    if state.request.redirect == RedirectMode::Error {
        return Err(failed(NetworkFailure::RedirectModeError));
    }
    // Fetch step 6: only http(s) is followed. In cors mode the target (another origin,
    // so the CORS flag is set) is restarted by Chromium's `CorsURLLoader::StartRequest`,
    // which refuses a scheme outside `url::GetCorsEnabledSchemes()` with
    // `CorsDisabledScheme` (services/network/cors/cors_url_loader.cc; measured in
    // Chromium 156: a cors fetch redirected to ftp:). Without the CORS flag (no-cors)
    // the network stack fails it: net::ERR_UNKNOWN_URL_SCHEME, no CORS error.
    if !target.is_http() || target.host.is_empty() {
        if state.request.mode == Mode::Cors && !target.scheme.is_empty() {
            return Err(Refusal::Blocked { status: CorsErrorStatus::new(CorsError::CorsDisabledScheme, ""), stage: Stage::Redirect });
        }
        return Err(failed(NetworkFailure::NonHttpRedirect(target_text)));
    }
    // Blink, once the network service hands it the redirect to follow
    // (`ResourceLoader::WillFollowRedirect` → `BaseFetchContext::CanRequest`):
    // `FrameFetchContext::ShouldBlockFetchAsCredentialedSubresource`
    // (third_party/blink/renderer/core/loader/frame_fetch_context.cc) refuses any
    // non-XHR subresource URL with a user name or password, unless the document's own
    // URL carries the same ones and the target is same-origin with the document. The
    // engine knows the page's origin, not its URL: a page loaded with credentials in its
    // URL is not modelled. No CORS error, a network error, in every mode (measured in
    // Chromium 156 by the differential test: no-cors requests redirected to
    // `user:secret@` on the same and on another server).
    if has_credentials {
        return Err(failed(NetworkFailure::CredentialedSubresource(target_text)));
    }
    let base = Url::parse(&state.request.url).map_err(|_| failed(NetworkFailure::BadLocation(location.clone())))?;
    let mut next = state.clone();
    next.redirect_count = state.redirect_count.saturating_add(1);
    // Step 12: 301/302 turn POST into GET; 303 turns everything but GET/HEAD into GET.
    let method = next.request.normalized_method();
    if (matches!(hop.status, 301 | 302) && method == "POST") || (hop.status == 303 && !matches!(method.as_str(), "GET" | "HEAD")) {
        next.request.method = "GET".into();
        next.request.body = None;
        const REQUEST_BODY_HEADERS: [&str; 4] = ["content-encoding", "content-language", "content-location", "content-type"];
        next.request.headers.retain(|h| !REQUEST_BODY_HEADERS.iter().any(|n| h.name.eq_ignore_ascii_case(n)));
    }
    let current_origin = base.origin();
    let hop_crosses_origin = current_origin != target.origin();
    // Step 13: a cross-origin hop drops the CORS non-wildcard request-header names.
    if hop_crosses_origin {
        next.request.headers.retain(|h| !h.name.eq_ignore_ascii_case("authorization"));
    }
    // Step 14: the tainted origin flag.
    if hop_crosses_origin && state.origin != current_origin {
        next.tainted = true;
    }
    next.request.url = target_text;
    // Chromium `SetCorsFlagIfNeeded` / Fetch main fetch step 12 for the new URL.
    if cross_origin_target {
        match next.request.mode {
            Mode::NoCors => next.tainting = ResponseTainting::Opaque,
            Mode::SameOrigin => {
                return Err(Refusal::Blocked { status: CorsErrorStatus::new(CorsError::DisallowedByMode, ""), stage: Stage::Redirect });
            }
            Mode::Cors => {
                next.cors_flag = true;
                next.tainting = ResponseTainting::Cors;
            }
        }
    }
    Ok(RedirectNext::Follow { state: next })
}

/// The URL a redirect's `Location` leads to, or the network error Chromium's network
/// stack gives before CORS is looked at: a `Location` that does not resolve to a URL
/// `GURL` accepts (`crate::gurl`). (A valid non-http(s) target is refused later, after
/// the hop's CORS check: measured with `ftp:`.)
pub(super) fn redirect_target(current: &str, location: &str) -> Result<(String, Url), NetworkFailure> {
    let bad = || NetworkFailure::BadLocation(location.to_string());
    let base = Url::parse(current).map_err(|_| bad())?;
    let target_text = resolve_location(&base, location).ok_or_else(bad)?;
    if crate::gurl::validity(&target_text) == crate::gurl::Validity::Invalid {
        return Err(bad());
    }
    let target = Url::parse(&target_text).map_err(|_| bad())?;
    Ok((target_text, target))
}

/// Resolves a `Location` against the current URL: absolute URLs, scheme-relative
/// (`//host/x`), absolute paths (`/x`), queries (`?q`) and relative paths (`x`).
/// Dot segments are kept as written.
fn resolve_location(base: &Url, location: &str) -> Option<String> {
    let location = location.trim();
    if location.is_empty() {
        return None;
    }
    let path = base.path_and_query.split_once('?').map_or(base.path_and_query.as_str(), |(p, _)| p);
    let authority = match base.port {
        Some(port) => format!("{}://{}:{port}", base.scheme, base.host),
        None => format!("{}://{}", base.scheme, base.host),
    };
    if let Some(rest) = location.strip_prefix("//") {
        return Some(format!("{}://{rest}", base.scheme));
    }
    if location.starts_with('/') {
        return Some(format!("{authority}{location}"));
    }
    if location.starts_with('?') {
        return Some(format!("{authority}{path}{location}"));
    }
    if location.starts_with('#') {
        return Some(format!("{authority}{}", base.path_and_query));
    }
    let mut scheme_chars = location.split(':').next().unwrap_or("").chars();
    let has_scheme = location.contains(':')
        && scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if has_scheme {
        return Some(location.to_string());
    }
    let dir = path.rfind('/').and_then(|i| path.get(..=i)).unwrap_or("/");
    Some(format!("{authority}{dir}{location}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_locations() {
        let base = Url::parse("http://localhost:8001/case/a?x=1").unwrap();
        assert_eq!(resolve_location(&base, "/case/b").as_deref(), Some("http://localhost:8001/case/b"));
        assert_eq!(resolve_location(&base, "b").as_deref(), Some("http://localhost:8001/case/b"));
        assert_eq!(resolve_location(&base, "?y").as_deref(), Some("http://localhost:8001/case/a?y"));
        assert_eq!(resolve_location(&base, "//other/x").as_deref(), Some("http://other/x"));
        assert_eq!(resolve_location(&base, "https://e.com/").as_deref(), Some("https://e.com/"));
        assert_eq!(resolve_location(&base, "  "), None);
    }
}
