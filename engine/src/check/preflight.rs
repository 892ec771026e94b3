//! Fetch §4.8 "CORS-preflight fetch": the check of a preflight's response.

use super::cors::cors_check;
use super::{max_age, AllowHeaders, AllowMethods, CheckWarning, MaxAge};
use crate::cors_error::{CorsError, CorsErrorStatus};
use crate::headers::HttpResponse;
use crate::preflight_need::preflight_need;
use crate::request::{Credentials, RequestSpec};
use serde::{Deserialize, Serialize};

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
