//! The CORS check, the CORS-preflight check and the redirect rules, over real response
//! headers, with the error Chromium reports for each failure.
//!
//! Live probing only sees that a `fetch()` failed. When the headers are known (a HAR, a
//! `curl -i`, the lab), these functions say exactly what the browser does with them:
//! [`judge_exchange`] runs a whole exchange in browser order (preflight, redirect hops,
//! final response) and returns Chromium's [`CorsErrorStatus`](crate::CorsErrorStatus) with the
//! [`Stage`](crate::Stage).
//!
//! One small file per header ([`allow_origin`], [`allow_credentials`],
//! [`allow_methods`], [`allow_headers`], [`expose_headers`], [`max_age`], [`vary`]), each a
//! typed value with its own parse error. The checks compose them, one file each: the CORS
//! check of a response (`cors`), the preflight check (`preflight`), a redirect hop
//! (`redirect`) and the whole exchange (`exchange`); their items are re-exported here.
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
mod cors;
mod exchange;
pub mod expose_headers;
pub mod max_age;
mod preflight;
mod redirect;
pub mod token_list;
pub mod vary;

pub use allow_credentials::{AllowCredentials, AllowCredentialsError};
pub use allow_headers::AllowHeaders;
pub use allow_methods::AllowMethods;
pub use allow_origin::{AllowOrigin, AllowOriginError};
pub use cors::{cors_check, visible_response_headers};
pub use exchange::{judge_exchange, judge_exchange_with_preflights, null_origin_from, ExchangeVerdict, Missing};
pub use expose_headers::ExposeHeaders;
pub use max_age::{MaxAge, MaxAgeError};
pub use preflight::{preflight_check, PreflightOk};
pub use redirect::{redirect_check, NetworkFailure, RedirectNext, RedirectState, Refusal, ResponseTainting};
pub use token_list::{ListError, TokenList};
pub use vary::Vary;

use crate::url::Url;
use serde::{Deserialize, Serialize};

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
