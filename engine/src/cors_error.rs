//! Chromium's `CorsError` vocabulary, used by every input path of corsprobe.
//!
//! Servo's `cors_check` returns `Result<(), ()>` and loses the cause; the cause is our
//! product, so every check here returns a [`CorsErrorStatus`]: the error *and* the
//! parameter Chromium reports with it (`failedParameter` in the DevTools protocol).
//!
//! Source of the names: Chromium `services/network/public/mojom/cors.mojom`.
//! MDN: <https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors>

use serde::{Deserialize, Serialize};
use std::fmt;

/// Where in the life of a request the browser stopped it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// The request as written can never be sent (bad URL, bad header, a mode that
    /// forbids it).
    Input,
    /// No HTTP response at all (refused connection, DNS, TLS, timeout).
    Network,
    /// The CORS-preflight (`OPTIONS`) failed, so the actual request was never sent.
    Preflight,
    /// The final response failed the CORS check.
    Response,
    /// A redirect hop failed the CORS check or the redirect itself is not allowed.
    Redirect,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Input => "input",
            Stage::Network => "network",
            Stage::Preflight => "preflight",
            Stage::Response => "response",
            Stage::Redirect => "redirect",
        }
    }
}

/// Chromium's `network::mojom::CorsError`, by the name Chromium reports it under.
/// (De)serialized as that name through [`CorsError::name`] and [`CorsError::from_name`]:
/// one table, and no second derived one in the page's wasm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CorsError {
    // Response check (Fetch §4.9 "CORS check").
    DisallowedByMode,
    InvalidResponse,
    WildcardOriginNotAllowed,
    MissingAllowOriginHeader,
    MultipleAllowOriginValues,
    InvalidAllowOriginValue,
    AllowOriginMismatch,
    InvalidAllowCredentials,
    CorsDisabledScheme,
    // Preflight (Fetch §4.8 "CORS-preflight fetch").
    PreflightInvalidStatus,
    PreflightDisallowedRedirect,
    PreflightWildcardOriginNotAllowed,
    PreflightMissingAllowOriginHeader,
    PreflightMultipleAllowOriginValues,
    PreflightInvalidAllowOriginValue,
    PreflightAllowOriginMismatch,
    PreflightInvalidAllowCredentials,
    InvalidAllowMethodsPreflightResponse,
    InvalidAllowHeadersPreflightResponse,
    MethodDisallowedByPreflightResponse,
    HeaderDisallowedByPreflightResponse,
    // Redirects and modes.
    RedirectContainsCredentials,
    NoCorsRedirectModeNotFollow,
    // Private / local network access (the set changes between Chromium versions).
    InsecurePrivateNetwork,
    InvalidPrivateNetworkAccess,
    UnexpectedPrivateNetworkAccess,
    PreflightMissingAllowPrivateNetwork,
    PreflightInvalidAllowPrivateNetwork,
    PreflightMissingPrivateNetworkAccessId,
    PreflightMissingPrivateNetworkAccessName,
    PrivateNetworkAccessPermissionUnavailable,
    PrivateNetworkAccessPermissionDenied,
    LocalNetworkAccessPermissionDenied,
    /// Chromium 156's name for a non-secure page reaching a more private address space
    /// (measured in the lab: a page on a public address fetching loopback).
    InsecureLocalNetwork,
}

impl CorsError {
    pub const ALL: &'static [CorsError] = &[
        CorsError::DisallowedByMode,
        CorsError::InvalidResponse,
        CorsError::WildcardOriginNotAllowed,
        CorsError::MissingAllowOriginHeader,
        CorsError::MultipleAllowOriginValues,
        CorsError::InvalidAllowOriginValue,
        CorsError::AllowOriginMismatch,
        CorsError::InvalidAllowCredentials,
        CorsError::CorsDisabledScheme,
        CorsError::PreflightInvalidStatus,
        CorsError::PreflightDisallowedRedirect,
        CorsError::PreflightWildcardOriginNotAllowed,
        CorsError::PreflightMissingAllowOriginHeader,
        CorsError::PreflightMultipleAllowOriginValues,
        CorsError::PreflightInvalidAllowOriginValue,
        CorsError::PreflightAllowOriginMismatch,
        CorsError::PreflightInvalidAllowCredentials,
        CorsError::InvalidAllowMethodsPreflightResponse,
        CorsError::InvalidAllowHeadersPreflightResponse,
        CorsError::MethodDisallowedByPreflightResponse,
        CorsError::HeaderDisallowedByPreflightResponse,
        CorsError::RedirectContainsCredentials,
        CorsError::NoCorsRedirectModeNotFollow,
        CorsError::InsecurePrivateNetwork,
        CorsError::InvalidPrivateNetworkAccess,
        CorsError::UnexpectedPrivateNetworkAccess,
        CorsError::PreflightMissingAllowPrivateNetwork,
        CorsError::PreflightInvalidAllowPrivateNetwork,
        CorsError::PreflightMissingPrivateNetworkAccessId,
        CorsError::PreflightMissingPrivateNetworkAccessName,
        CorsError::PrivateNetworkAccessPermissionUnavailable,
        CorsError::PrivateNetworkAccessPermissionDenied,
        CorsError::LocalNetworkAccessPermissionDenied,
        CorsError::InsecureLocalNetwork,
    ];

    /// The name Chromium uses (`corsErrorStatus.corsError` in the DevTools protocol).
    pub fn name(self) -> &'static str {
        // Debug of a unit variant is its name; keep one source of truth.
        match self {
            CorsError::DisallowedByMode => "DisallowedByMode",
            CorsError::InvalidResponse => "InvalidResponse",
            CorsError::WildcardOriginNotAllowed => "WildcardOriginNotAllowed",
            CorsError::MissingAllowOriginHeader => "MissingAllowOriginHeader",
            CorsError::MultipleAllowOriginValues => "MultipleAllowOriginValues",
            CorsError::InvalidAllowOriginValue => "InvalidAllowOriginValue",
            CorsError::AllowOriginMismatch => "AllowOriginMismatch",
            CorsError::InvalidAllowCredentials => "InvalidAllowCredentials",
            CorsError::CorsDisabledScheme => "CorsDisabledScheme",
            CorsError::PreflightInvalidStatus => "PreflightInvalidStatus",
            CorsError::PreflightDisallowedRedirect => "PreflightDisallowedRedirect",
            CorsError::PreflightWildcardOriginNotAllowed => "PreflightWildcardOriginNotAllowed",
            CorsError::PreflightMissingAllowOriginHeader => "PreflightMissingAllowOriginHeader",
            CorsError::PreflightMultipleAllowOriginValues => "PreflightMultipleAllowOriginValues",
            CorsError::PreflightInvalidAllowOriginValue => "PreflightInvalidAllowOriginValue",
            CorsError::PreflightAllowOriginMismatch => "PreflightAllowOriginMismatch",
            CorsError::PreflightInvalidAllowCredentials => "PreflightInvalidAllowCredentials",
            CorsError::InvalidAllowMethodsPreflightResponse => "InvalidAllowMethodsPreflightResponse",
            CorsError::InvalidAllowHeadersPreflightResponse => "InvalidAllowHeadersPreflightResponse",
            CorsError::MethodDisallowedByPreflightResponse => "MethodDisallowedByPreflightResponse",
            CorsError::HeaderDisallowedByPreflightResponse => "HeaderDisallowedByPreflightResponse",
            CorsError::RedirectContainsCredentials => "RedirectContainsCredentials",
            CorsError::NoCorsRedirectModeNotFollow => "NoCorsRedirectModeNotFollow",
            CorsError::InsecurePrivateNetwork => "InsecurePrivateNetwork",
            CorsError::InvalidPrivateNetworkAccess => "InvalidPrivateNetworkAccess",
            CorsError::UnexpectedPrivateNetworkAccess => "UnexpectedPrivateNetworkAccess",
            CorsError::PreflightMissingAllowPrivateNetwork => "PreflightMissingAllowPrivateNetwork",
            CorsError::PreflightInvalidAllowPrivateNetwork => "PreflightInvalidAllowPrivateNetwork",
            CorsError::PreflightMissingPrivateNetworkAccessId => "PreflightMissingPrivateNetworkAccessId",
            CorsError::PreflightMissingPrivateNetworkAccessName => "PreflightMissingPrivateNetworkAccessName",
            CorsError::PrivateNetworkAccessPermissionUnavailable => "PrivateNetworkAccessPermissionUnavailable",
            CorsError::PrivateNetworkAccessPermissionDenied => "PrivateNetworkAccessPermissionDenied",
            CorsError::LocalNetworkAccessPermissionDenied => "LocalNetworkAccessPermissionDenied",
            CorsError::InsecureLocalNetwork => "InsecureLocalNetwork",
        }
    }

    pub fn from_name(name: &str) -> Option<CorsError> {
        CorsError::ALL.iter().copied().find(|e| e.name() == name)
    }

    /// The stage an error belongs to when nothing else is known about the request.
    /// (A response-check error on a 3xx hop is a [`Stage::Redirect`]; callers that know
    /// the hop was a redirect say so.)
    pub fn stage(self) -> Stage {
        use CorsError::*;
        match self {
            DisallowedByMode | NoCorsRedirectModeNotFollow | CorsDisabledScheme => Stage::Input,
            InvalidResponse
            | WildcardOriginNotAllowed
            | MissingAllowOriginHeader
            | MultipleAllowOriginValues
            | InvalidAllowOriginValue
            | AllowOriginMismatch
            | InvalidAllowCredentials => Stage::Response,
            RedirectContainsCredentials => Stage::Redirect,
            InsecurePrivateNetwork
            | InvalidPrivateNetworkAccess
            | UnexpectedPrivateNetworkAccess
            | PrivateNetworkAccessPermissionUnavailable
            | PrivateNetworkAccessPermissionDenied
            | LocalNetworkAccessPermissionDenied
            | InsecureLocalNetwork => Stage::Network,
            _ => Stage::Preflight,
        }
    }

    /// The preflight twin of a response-check error (the same check, run on the
    /// `OPTIONS` response), as Chromium names it.
    pub fn on_preflight(self) -> CorsError {
        use CorsError::*;
        match self {
            WildcardOriginNotAllowed => PreflightWildcardOriginNotAllowed,
            MissingAllowOriginHeader => PreflightMissingAllowOriginHeader,
            MultipleAllowOriginValues => PreflightMultipleAllowOriginValues,
            InvalidAllowOriginValue => PreflightInvalidAllowOriginValue,
            AllowOriginMismatch => PreflightAllowOriginMismatch,
            InvalidAllowCredentials => PreflightInvalidAllowCredentials,
            other => other,
        }
    }
}

impl fmt::Display for CorsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A CORS failure with its cause, as Chromium reports it
/// (`corsErrorStatus: { corsError, failedParameter }`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CorsErrorStatus {
    pub error: CorsError,
    /// The offending value: the header's value, the method, the lowercased header name.
    /// Chromium reports an empty string where there is none; we keep that as-is.
    pub param: String,
    /// Other errors Chromium may report instead of `error` for the same headers, when
    /// the engine cannot decide between them (an `Access-Control-Allow-Origin` value
    /// with a non-ASCII host: `crate::gurl`). Empty when `error` is certain: only then
    /// may a finding built from this status be exact.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<CorsError>,
    /// Other parameters Chromium may name instead of `param` (several headers a
    /// preflight does not allow: which one Chromium names depends on the order Blink
    /// keeps the request's headers in). Empty when `param` is certain.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_params: Vec<String>,
}

impl CorsErrorStatus {
    pub fn new(error: CorsError, param: impl Into<String>) -> Self {
        CorsErrorStatus { error, param: param.into(), alternatives: Vec::new(), other_params: Vec::new() }
    }

    /// Whether `error` is the one Chromium reports, not one of several.
    pub fn is_certain(&self) -> bool {
        self.alternatives.is_empty() && self.other_params.is_empty()
    }

    /// `error` and its alternatives, in that order.
    pub fn candidates(&self) -> Vec<CorsError> {
        std::iter::once(self.error).chain(self.alternatives.iter().copied()).collect()
    }

    /// The same failure met on a preflight's response (`CorsError::on_preflight`).
    pub fn on_preflight(self) -> Self {
        CorsErrorStatus {
            error: self.error.on_preflight(),
            param: self.param,
            alternatives: self.alternatives.into_iter().map(CorsError::on_preflight).collect(),
            other_params: self.other_params,
        }
    }
}

impl Serialize for CorsError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for CorsError {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = std::borrow::Cow::<'de, str>::deserialize(d)?;
        CorsError::from_name(&name).ok_or_else(|| serde::de::Error::custom(format!("unknown Chromium CorsError “{name}”")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for e in CorsError::ALL {
            assert_eq!(CorsError::from_name(e.name()), Some(*e));
            assert_eq!(serde_json::to_string(e).unwrap(), format!("\"{}\"", e.name()));
            assert_eq!(format!("{e:?}"), e.name());
        }
    }

    #[test]
    fn preflight_twins_are_preflight_stage() {
        for e in CorsError::ALL {
            if e.stage() == Stage::Response && *e != CorsError::InvalidResponse {
                assert_eq!(e.on_preflight().stage(), Stage::Preflight, "{e}");
            }
        }
    }
}
