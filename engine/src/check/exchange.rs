//! The judge of a whole exchange: the request alone, its preflight(s), each redirect
//! hop and the final response, in browser order.

use super::cors::{cors_check, response_warnings};
use super::preflight::preflight_check;
use super::redirect::{redirect_check, redirect_target, NetworkFailure, RedirectNext, RedirectState, Refusal, ResponseTainting};
use super::{serialize_origin, CheckWarning};
use crate::cors_error::{CorsError, CorsErrorStatus, Stage};
use crate::headers::HttpResponse;
use crate::request::{is_cors_safelisted_method, Mode, RedirectMode, RequestSpec};
use crate::url::Url;
use serde::{Deserialize, Serialize};

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

/// How many of `hops` the browser follows before its requests carry `Origin: null` (the
/// tainted origin flag, Fetch "HTTP-redirect fetch" step 14): the answers from that
/// position on (`hops`, then the final response) were judged against `null`. `None`
/// when no hop taints the origin, or the chain stops first. The walk is
/// [`redirect_check`]'s own.
pub fn null_origin_from(request: &RequestSpec, origin: &str, hops: &[HttpResponse]) -> Option<usize> {
    let mut state = RedirectState::new(request, &serialize_origin(origin));
    for (i, hop) in hops.iter().enumerate() {
        match redirect_check(hop, &state) {
            Ok(RedirectNext::Follow { state: next }) => state = next,
            _ => return None,
        }
        if state.tainted {
            return Some(i + 1);
        }
    }
    None
}
