//! The CORS check, the CORS-preflight check and the redirect rules, over real response
//! headers, with the error Chromium reports for each failure.
//!
//! Live probing only sees that a `fetch()` failed. When the headers are known (a HAR, a
//! `curl -i`, the lab), these functions say exactly what the browser does with them:
//! [`judge_exchange`] runs a whole exchange in browser order (preflight, redirect hops,
//! final response) and returns Chromium's [`CorsErrorStatus`] with the [`Stage`].
//!
//! One small file per header ([`allow_origin`], [`allow_credentials`],
//! [`allow_methods`], [`allow_headers`], [`expose_headers`], [`max_age`], [`vary`]), each a
//! typed value with its own parse error; this module composes them.
//!
//! Order of checks, where Fetch and Chromium 156 differ, follows Chromium (the lab's
//! cases are Chromium's own verdicts, checked in real Chromium):
//! - CORS check: `network::cors::CheckAccess`
//!   (`services/network/public/cpp/cors/cors.cc`).
//! - Preflight: `CreatePreflightResult` and `CheckPreflightResult`
//!   (`services/network/cors/preflight_controller.cc`) and `PreflightResult`
//!   (`services/network/cors/preflight_result.cc`): a redirect first, then the access
//!   check, *then* the status (a bare 401 reports the missing origin, not the status),
//!   then the two lists, the method, the headers.
//! - Redirects: `CorsURLLoader::OnReceiveRedirect` and `CheckRedirectLocation`
//!   (`services/network/cors/cors_url_loader.cc`, `cors.cc`).
//! - Modes: Blink's `FetchManager::Loader::Start` (`DisallowedByMode`,
//!   `NoCorsRedirectModeNotFollow`, `CorsDisabledScheme`).
//!
//! Spec references read "Fetch §N step M" and point at <https://fetch.spec.whatwg.org/>.

pub mod allow_credentials;
pub mod allow_headers;
pub mod allow_methods;
pub mod allow_origin;
pub mod expose_headers;
pub mod max_age;
pub mod vary;

pub use allow_credentials::{AllowCredentials, AllowCredentialsError};
pub use allow_headers::AllowHeaders;
pub use allow_methods::AllowMethods;
pub use allow_origin::{AllowOrigin, AllowOriginError};
pub use expose_headers::ExposeHeaders;
pub use max_age::{MaxAge, MaxAgeError};
pub use vary::Vary;

use crate::cors_error::{CorsError, CorsErrorStatus, Stage};
use crate::headers::{split_list, HttpResponse};
use crate::preflight_need::preflight_need;
use crate::request::{is_cors_safelisted_method, Credentials, Mode, RedirectMode, RequestSpec};
use crate::safelist::{is_cors_safelisted_response_header_name, is_valid_header_name};
use crate::url::Url;
use serde::{Deserialize, Serialize};

/// A list header (`Access-Control-Allow-Methods`, `-Headers`, `-Expose-Headers`, `Vary`)
/// whose value is not a comma-separated list of tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListError {
    /// The whole (combined) value.
    pub value: String,
    /// The first item that is not a token (`PUT DELETE`, `"x"`, `x@y`).
    pub item: String,
}

/// Parses a list header the way Chromium's `ParseAccessControlAllowList` does: split at
/// commas outside quoted strings (Fetch §2.2.2 "get, decode, and split"), skip empty
/// items, and require every other item to be a token.
pub(crate) fn parse_token_list(value: &str) -> Result<Vec<String>, ListError> {
    let mut items = Vec::new();
    for item in split_list(value) {
        if item.is_empty() {
            continue;
        }
        if !is_valid_header_name(&item) {
            return Err(ListError { value: value.to_string(), item });
        }
        items.push(item);
    }
    Ok(items)
}

/// The serialized origin the browser puts in `Origin` for a page at `origin`
/// (`http://host:port`, default port dropped, lowercased); `null` stays `null`, and a
/// value that is not a URL is kept as given.
pub fn serialize_origin(origin: &str) -> String {
    let trimmed = origin.trim();
    if trimmed == "null" {
        return trimmed.to_string();
    }
    match Url::parse(trimmed) {
        Ok(url) if url.is_http() && !url.host.is_empty() => url.origin(),
        _ => trimmed.to_string(),
    }
}

/// Something that works today but is wrong, about to break, or risky.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "warning", rename_all = "kebab-case")]
pub enum CheckWarning {
    /// `Authorization` passes only through `Access-Control-Allow-Headers: *`. The Fetch
    /// standard forbids it; Chromium 156, Firefox 153 and WebKit still allow it
    /// (Chromium raises the deprecation issue `AuthorizationCoveredByWildcard`).
    AuthorizationCoveredByWildcard,
    /// `Access-Control-Max-Age` above what browsers honour; they cache for less.
    MaxAgeCapped { seconds: u64, chromium_seconds: u64, firefox_seconds: u64 },
    /// `Access-Control-Max-Age` is not a number of seconds.
    MaxAgeInvalid { value: String, chromium_seconds: u64 },
    /// The response allows one specific origin but has no `Vary: Origin`: a shared
    /// cache may serve it to another origin.
    VaryOriginMissing { allow_origin: String },
    /// `Access-Control-Expose-Headers` is not a list of header names: nothing is exposed.
    ExposeHeadersInvalid { value: String, item: String },
    /// `Access-Control-Expose-Headers: *` with credentials is the literal name `*`.
    ExposeWildcardWithCredentials,
}

/// Fetch §4.9 "CORS check", with Chromium's error and `failedParameter`
/// (`network::cors::CheckAccess`).
///
/// `origin` is the page's origin; `credentials_included` is "the request's credentials
/// mode is `include`". The check order is Chromium's: the `Access-Control-Allow-Origin`
/// value (missing, `*` with credentials, then, if it is not the origin: several values,
/// `null`, not a URL, another origin), then `Access-Control-Allow-Credentials`.
pub fn cors_check(resp: &HttpResponse, origin: &str, credentials_included: bool) -> Result<(), CorsErrorStatus> {
    let origin = serialize_origin(origin);
    // Fetch §4.9 step 1: get `Access-Control-Allow-Origin` (repeated lines joined).
    let allow_origin = resp.headers.get(allow_origin::NAME);
    match allow_origin.as_deref() {
        // Step 2: no header.
        None => return Err(CorsErrorStatus::new(CorsError::MissingAllowOriginHeader, "")),
        // Step 3: `*` is enough without credentials; with them it never is (Fetch
        // §3.2.5 "CORS protocol and credentials").
        Some("*") => {
            return if credentials_included { Err(CorsErrorStatus::new(CorsError::WildcardOriginNotAllowed, "")) } else { Ok(()) };
        }
        // Step 4: the value must be the serialized origin, byte for byte. Chromium then
        // names the way it differs.
        // `null`, other hosts, schemes or ports, trailing slashes, several values,
        // values Chromium's URL parser rejects: `allow_origin::rejection` names them.
        Some(value) if value != origin => return Err(allow_origin::rejection(value)),
        Some(_) => {}
    }
    // Step 5.
    if !credentials_included {
        return Ok(());
    }
    // Steps 6–8: `Access-Control-Allow-Credentials` must be exactly `true`.
    AllowCredentials::from_headers(&resp.headers).map(|_| ()).map_err(|e| CorsErrorStatus::new(CorsError::InvalidAllowCredentials, e.param()))
}

/// What a passing preflight allows, and what is wrong with it anyway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreflightOk {
    pub methods: AllowMethods,
    pub headers: AllowHeaders,
    /// How long Chromium caches this answer (capped at 7200 s; 5 s by default).
    pub chromium_cache_seconds: u64,
    /// How long Firefox caches it (capped at 86400 s).
    pub firefox_cache_seconds: u64,
    pub warnings: Vec<CheckWarning>,
}

/// Fetch §4.8 "CORS-preflight fetch" steps 6–7, on the preflight's response, for the
/// request it was sent for, in Chromium's order:
///
/// 1. a redirect → `PreflightDisallowedRedirect` (a preflight never follows one);
/// 2. the CORS check with the *request's* credentials mode → its `Preflight*` twin;
/// 3. the status must be ok (200–299) → `PreflightInvalidStatus`;
/// 4. `Access-Control-Allow-Methods`, then `-Headers` must parse →
///    `InvalidAllowMethodsPreflightResponse` / `InvalidAllowHeadersPreflightResponse`
///    (empty parameter, as Chromium reports);
/// 5. the method → `MethodDisallowedByPreflightResponse` (parameter: the method);
/// 6. every CORS-unsafe request header, in `Access-Control-Request-Headers` order
///    (lowercased, sorted) → `HeaderDisallowedByPreflightResponse` (the first one).
pub fn preflight_check(resp: &HttpResponse, request: &RequestSpec, origin: &str) -> Result<PreflightOk, CorsErrorStatus> {
    // Step 6 (HTTP-network-or-cache fetch of the preflight): its redirect mode is
    // "error"; Chromium's preflight loader reports any redirect as its own error.
    if resp.is_redirect() {
        return Err(CorsErrorStatus::new(CorsError::PreflightDisallowedRedirect, ""));
    }
    let credentials = request.credentials == Credentials::Include;
    // Step 7: "a CORS check for request and response returns success" — checked before
    // the status in Chromium (`CheckPreflightAccess`), so a 401 without CORS headers is
    // `PreflightMissingAllowOriginHeader`.
    cors_check(resp, origin, credentials).map_err(CorsErrorStatus::on_preflight)?;
    // Step 7: "… and response's status is an ok status".
    if !resp.is_ok_status() {
        return Err(CorsErrorStatus::new(CorsError::PreflightInvalidStatus, ""));
    }
    // Steps 7.1–7.3: extract the two lists; a failure is a network error.
    let methods = AllowMethods::from_headers(&resp.headers).map_err(|_| CorsErrorStatus::new(CorsError::InvalidAllowMethodsPreflightResponse, ""))?;
    let headers = AllowHeaders::from_headers(&resp.headers).map_err(|_| CorsErrorStatus::new(CorsError::InvalidAllowHeadersPreflightResponse, ""))?;
    // Step 7.5: the method as fetch() sends it, compared case-sensitively.
    let method = request.normalized_method();
    if !methods.allows(&method, credentials) {
        return Err(CorsErrorStatus::new(CorsError::MethodDisallowedByPreflightResponse, method));
    }
    let mut warnings = Vec::new();
    // Step 7.6: Authorization is a "CORS non-wildcard request-header name". Chromium
    // 156 does not enforce it yet: a warning, not a block.
    let has_authorization = request.header("authorization").is_some();
    if headers.authorization_only_by_wildcard(has_authorization, credentials) {
        warnings.push(CheckWarning::AuthorizationCoveredByWildcard);
    }
    // Step 7.7: every CORS-unsafe request-header name. Chromium reports the first not
    // allowed in the order of the request's header vector
    // (`PreflightResult::EnsureAllowedCrossOriginHeaders`, `cors.cc`
    // `CorsUnsafeNotForbiddenRequestHeaderNames`), an order Blink's `HTTPHeaderMap` (a
    // hash map) decides: measured naming x-api-key before x-trace-id, and
    // x-custom-header before x-api-key, whatever order the page set them in. So with
    // several, the first sorted one is named and the others stay candidates.
    let unsafe_names = preflight_need(request).headers;
    if let Some((first, others)) = headers.disallowed(&unsafe_names, credentials).split_first() {
        let mut status = CorsErrorStatus::new(CorsError::HeaderDisallowedByPreflightResponse, *first);
        status.other_params = others.iter().map(|n| n.to_string()).collect();
        return Err(status);
    }
    // Steps 7.8–7.10: max-age, capped by the user agent.
    let (chromium_cache_seconds, firefox_cache_seconds) = match MaxAge::from_headers(&resp.headers) {
        Ok(max_age) => {
            if let MaxAge::Seconds(seconds) = max_age {
                if seconds > max_age::CHROMIUM_CAP_SECONDS {
                    warnings.push(CheckWarning::MaxAgeCapped {
                        seconds,
                        chromium_seconds: max_age.chromium_seconds(),
                        firefox_seconds: max_age.firefox_seconds(),
                    });
                }
            }
            (max_age.chromium_seconds(), max_age.firefox_seconds())
        }
        Err(e) => {
            warnings.push(CheckWarning::MaxAgeInvalid { value: e.value().to_string(), chromium_seconds: e.chromium_seconds() });
            (e.chromium_seconds(), max_age::DEFAULT_SECONDS)
        }
    };
    Ok(PreflightOk { methods, headers, chromium_cache_seconds, firefox_cache_seconds, warnings })
}

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
    // Fetch step 6: only http(s) is followed.
    if !target.is_http() || target.host.is_empty() {
        return Err(failed(NetworkFailure::NonHttpRedirect(target_text)));
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
fn redirect_target(current: &str, location: &str) -> Result<(String, Url), NetworkFailure> {
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

/// The response a needed step lacks: the exchange cannot be judged without it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "response", rename_all = "kebab-case")]
pub enum Missing {
    /// The request is preflighted, and no preflight response was given.
    Preflight { url: String },
    /// No response to the request itself.
    Actual { url: String },
    /// A redirect was followed; no response from where it points.
    RedirectTarget { url: String },
    /// A redirect was followed and the next request is preflighted again (Chromium
    /// restarts a preflighted request on every redirect); that preflight is missing.
    PreflightAfterRedirect { url: String },
}

/// The browser's verdict on one whole exchange.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum ExchangeVerdict {
    /// `fetch()` resolves.
    Pass { tainting: ResponseTainting, warnings: Vec<CheckWarning> },
    /// A CORS error, as Chromium reports it, and where.
    Blocked { status: CorsErrorStatus, stage: Stage },
    /// A network error without a CORS error.
    Failed { stage: Stage, reason: NetworkFailure },
    /// A response needed to decide is missing.
    Incomplete { missing: Missing },
}

impl From<Refusal> for ExchangeVerdict {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::Blocked { status, stage } => ExchangeVerdict::Blocked { status, stage },
            Refusal::Failed { stage, reason } => ExchangeVerdict::Failed { stage, reason },
        }
    }
}

impl ExchangeVerdict {
    pub fn is_pass(&self) -> bool {
        matches!(self, ExchangeVerdict::Pass { .. })
    }

    /// The CORS error and stage, when blocked.
    pub fn blocked(&self) -> Option<(&CorsErrorStatus, Stage)> {
        match self {
            ExchangeVerdict::Blocked { status, stage } => Some((status, *stage)),
            _ => None,
        }
    }

    pub fn warnings(&self) -> &[CheckWarning] {
        match self {
            ExchangeVerdict::Pass { warnings, .. } => warnings,
            _ => &[],
        }
    }
}

/// Judges one exchange in browser order:
///
/// 1. the request alone (Fetch §4.1 "main fetch" step 12, Blink's `FetchManager`):
///    `no-cors` with a method other than GET/HEAD/POST throws; to another origin,
///    `same-origin` mode → `DisallowedByMode`, `no-cors` without `redirect: "follow"` →
///    `NoCorsRedirectModeNotFollow`, a non-http(s) URL in cors mode →
///    `CorsDisabledScheme`;
/// 2. the preflight, if the request needs one ([`preflight_check`]);
/// 3. each redirect hop, in order ([`redirect_check`]);
/// 4. the final response: the CORS check in cors mode with the CORS flag
///    ([`cors_check`]); same-origin responses are not checked, `no-cors` ones are
///    opaque and pass.
///
/// `hops` are the redirect responses in the order they were received and `actual` the
/// final response; a redirect given as `actual` is treated as one more hop. The
/// preflight is ignored when none is needed.
pub fn judge_exchange(
    request: &RequestSpec,
    origin: &str,
    preflight: Option<&HttpResponse>,
    hops: &[HttpResponse],
    actual: Option<&HttpResponse>,
) -> ExchangeVerdict {
    judge_exchange_with_preflights(request, origin, preflight.as_slice(), hops, actual)
}

/// [`judge_exchange`] where a redirect may lead to more preflights: Chromium restarts a
/// preflighted request on every redirect hop (`CorsURLLoader::OnReceiveRedirect`), so
/// `preflights` are the preflight answers in the order they were sent, the first for the
/// request itself, each later one for the request after a redirect.
pub fn judge_exchange_with_preflights(
    request: &RequestSpec,
    origin: &str,
    preflights: &[&HttpResponse],
    hops: &[HttpResponse],
    actual: Option<&HttpResponse>,
) -> ExchangeVerdict {
    let mut preflights = preflights.iter().copied();
    let origin = serialize_origin(origin);
    let input_failure = |reason| ExchangeVerdict::Failed { stage: Stage::Input, reason };
    let input_block = |error| ExchangeVerdict::Blocked { status: CorsErrorStatus::new(error, ""), stage: Stage::Input };
    // Fetch §5.4 `new Request()` step 32: no-cors allows only CORS-safelisted methods.
    if request.mode == Mode::NoCors && !is_cors_safelisted_method(&request.normalized_method()) {
        return input_failure(NetworkFailure::NoCorsMethod(request.normalized_method()));
    }
    let Ok(url) = Url::parse(&request.url) else {
        return input_failure(NetworkFailure::InvalidUrl(request.url.clone()));
    };
    let same_origin = url.is_http() && url.origin() == origin;
    // Fetch §4.1 step 12: only a request to another origin meets the mode rules.
    if !same_origin {
        match request.mode {
            Mode::SameOrigin => return input_block(CorsError::DisallowedByMode),
            Mode::NoCors if request.redirect != RedirectMode::Follow => {
                return input_block(CorsError::NoCorsRedirectModeNotFollow);
            }
            Mode::Cors if !url.is_http() => return input_block(CorsError::CorsDisabledScheme),
            _ => {}
        }
    }
    if !url.is_http() || url.host.is_empty() {
        return input_failure(NetworkFailure::UnsupportedScheme(url.scheme.clone()));
    }

    let mut state = RedirectState::new(request, &origin);
    let mut warnings = Vec::new();
    // Fetch §4.1 step 12 / §4.3 "HTTP fetch" step 4.1: the preflight comes first.
    if state.needs_preflight() {
        let Some(preflight) = preflights.next() else {
            return ExchangeVerdict::Incomplete { missing: Missing::Preflight { url: request.url.clone() } };
        };
        // A redirect to a `Location` Chromium's network stack rejects fails there, before
        // the preflight's redirect is reported as a CORS error.
        if let Some(location) = preflight.location().filter(|_| preflight.is_redirect_status()) {
            if let Err(reason) = redirect_target(&request.url, &location) {
                return ExchangeVerdict::Failed { stage: Stage::Preflight, reason };
            }
        }
        match preflight_check(preflight, &state.request, &origin) {
            Ok(ok) => warnings.extend(ok.warnings),
            Err(status) => return ExchangeVerdict::Blocked { status, stage: Stage::Preflight },
        }
    }

    let mut responses = hops.iter().chain(actual);
    let mut followed = 0usize;
    loop {
        let Some(resp) = responses.next() else {
            let url = state.request.url.clone();
            let missing = if followed == 0 { Missing::Actual { url } } else { Missing::RedirectTarget { url } };
            return ExchangeVerdict::Incomplete { missing };
        };
        match redirect_check(resp, &state) {
            Err(refusal) => return refusal.into(),
            Ok(RedirectNext::OpaqueRedirect) => {
                return ExchangeVerdict::Pass { tainting: ResponseTainting::OpaqueRedirect, warnings };
            }
            Ok(RedirectNext::Follow { state: next }) => {
                if next.needs_preflight() {
                    let Some(preflight) = preflights.next() else {
                        return ExchangeVerdict::Incomplete { missing: Missing::PreflightAfterRedirect { url: next.request.url.clone() } };
                    };
                    // The origin this preflight carries: `null` once tainted.
                    match preflight_check(preflight, &next.request, next.effective_origin()) {
                        Ok(ok) => warnings.extend(ok.warnings),
                        Err(status) => return ExchangeVerdict::Blocked { status, stage: Stage::Preflight },
                    }
                }
                state = next;
                followed += 1;
            }
            Ok(RedirectNext::Final) => {
                // Fetch §4.3 "HTTP fetch" step 4.4: the CORS check on the response.
                if state.cors_flag && state.request.mode == Mode::Cors {
                    if let Err(status) = cors_check(resp, state.effective_origin(), state.credentials_included()) {
                        return ExchangeVerdict::Blocked { stage: status.error.stage(), status };
                    }
                    warnings.extend(response_warnings(resp, state.effective_origin(), state.credentials_included()));
                }
                return ExchangeVerdict::Pass { tainting: state.tainting, warnings };
            }
        }
    }
}

/// Warnings about a final response that passed the CORS check.
fn response_warnings(resp: &HttpResponse, origin: &str, credentials_included: bool) -> Vec<CheckWarning> {
    let mut warnings = Vec::new();
    if let Some(allow_origin) = resp.headers.get(allow_origin::NAME) {
        let varies = Vary::from_headers(&resp.headers).map(|v| v.varies_on("origin")).unwrap_or(false);
        if allow_origin == origin && allow_origin != "*" && !varies {
            warnings.push(CheckWarning::VaryOriginMissing { allow_origin });
        }
    }
    match ExposeHeaders::from_headers(&resp.headers) {
        Err(e) => warnings.push(CheckWarning::ExposeHeadersInvalid { value: e.value, item: e.item }),
        Ok(expose) if credentials_included && expose.has_wildcard() => warnings.push(CheckWarning::ExposeWildcardWithCredentials),
        Ok(_) => {}
    }
    warnings
}

/// The response header names page code can read from a CORS response (lowercased, in
/// order of first appearance): the CORS-safelisted response headers plus those
/// `Access-Control-Expose-Headers` lists (`*`: all, only without credentials), never
/// `Set-Cookie`. Fetch §4.1 "main fetch" step 14.
pub fn visible_response_headers(resp: &HttpResponse, credentials_included: bool) -> Vec<String> {
    let expose = ExposeHeaders::from_headers(&resp.headers).unwrap_or_default();
    resp.headers
        .names()
        .into_iter()
        .filter(|name| !expose_headers::is_forbidden_response_header_name(name))
        .filter(|name| is_cors_safelisted_response_header_name(name) || expose.exposes(name, credentials_included))
        .collect()
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
