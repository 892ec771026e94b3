//! Fetch §4.9 "CORS check" of a response, the warnings about a response that passed
//! it, and what page code can read of it.

use super::{allow_origin, expose_headers, serialize_origin, AllowCredentials, CheckWarning, ExposeHeaders, Vary};
use crate::cors_error::{CorsError, CorsErrorStatus};
use crate::headers::HttpResponse;
use crate::safelist::is_cors_safelisted_response_header_name;

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

/// Warnings about a final response that passed the CORS check.
pub(super) fn response_warnings(resp: &HttpResponse, origin: &str, credentials_included: bool) -> Vec<CheckWarning> {
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
