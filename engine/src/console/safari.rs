//! Safari's (WebKit's) reasons and its `Cross-origin redirection to …` message.

use super::piece::{known, unknown, Kind, Piece};
use super::reason::{leading_u16, token, Reason};
use super::ConsoleBrowser;
use crate::cors_error::{CorsError, Stage};

/// Where Safari reasons start.
pub(super) const SAFARI_STARTS: &[&str] = &[
    "Origin ",
    "Cannot use wildcard in Access-Control-Allow-Origin",
    "Access-Control-Allow-Origin cannot contain more than one origin",
    "Credentials flag is true, but Access-Control-Allow-Credentials",
    "Preflight response is not successful",
    "Method ",
    "Request header field ",
    "Header Access-Control-Allow-",
    "redirection URL ",
    "not allowed to follow a cross-origin CORS redirection",
    "Cross-origin ",
];

/// A WebKit reason.
pub(super) fn safari_reason(s: &str) -> Option<Reason> {
    use CorsError::*;
    let status = || s.split_once("Status code: ").and_then(|(_, n)| leading_u16(n));
    if let Some((o, _)) = s.strip_prefix("Origin ").and_then(|r| r.split_once(" is not allowed by Access-Control-Allow-Origin")) {
        let o = token(o)?;
        // WebKit prints this for a missing, a different and an invalid value alike, on
        // the preflight and on the response.
        let mut r = Reason::among(&[
            MissingAllowOriginHeader,
            AllowOriginMismatch,
            InvalidAllowOriginValue,
            PreflightMissingAllowOriginHeader,
            PreflightAllowOriginMismatch,
            PreflightInvalidAllowOriginValue,
        ])
        .status(status());
        r.origin = Some(o.to_string());
        return Some(r);
    }
    if s.starts_with("Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true") {
        return Some(Reason::either_response_or_preflight(WildcardOriginNotAllowed).status(status()));
    }
    if s.starts_with("Access-Control-Allow-Origin cannot contain more than one origin") {
        return Some(Reason::either_response_or_preflight(MultipleAllowOriginValues).status(status()));
    }
    if s.starts_with("Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\"") {
        return Some(Reason::either_response_or_preflight(InvalidAllowCredentials).status(status()));
    }
    if s.starts_with("Preflight response is not successful") {
        let code = status();
        return Some(
            match code {
                Some(c) if (300..400).contains(&c) => Reason::exact(PreflightDisallowedRedirect),
                _ => Reason::exact(PreflightInvalidStatus),
            }
            .status(code),
        );
    }
    if let Some((m, rest)) = s.strip_prefix("Method ").and_then(|r| r.split_once(" is not allowed by Access-Control-Allow-Methods")) {
        if rest.starts_with(" in preflight response") {
            return None; // Chromium's wording.
        }
        return Some(Reason::exact(MethodDisallowedByPreflightResponse).param(token(m)?));
    }
    if let Some((h, rest)) = s.strip_prefix("Request header field ").and_then(|r| r.split_once(" is not allowed by Access-Control-Allow-Headers")) {
        if rest.starts_with(" in preflight response") {
            return None;
        }
        return Some(Reason::exact(HeaderDisallowedByPreflightResponse).header(token(h)?));
    }
    if let Some(v) = s.strip_prefix("Header Access-Control-Allow-Methods has an invalid value: ") {
        return Some(Reason::exact(InvalidAllowMethodsPreflightResponse).param(v.trim()));
    }
    if let Some(v) = s.strip_prefix("Header Access-Control-Allow-Headers has an invalid value: ") {
        return Some(Reason::exact(InvalidAllowHeadersPreflightResponse).param(v.trim()));
    }
    if let Some((u, _)) = s.strip_prefix("redirection URL ").and_then(|r| r.split_once(" has credentials")) {
        return Some(Reason { stage: Some(Stage::Redirect), ..Reason::exact(RedirectContainsCredentials).param(u) });
    }
    if s.starts_with("not allowed to follow a cross-origin CORS redirection with non CORS scheme") {
        return Some(Reason { stage: Some(Stage::Redirect), ..Reason::exact(CorsDisabledScheme) });
    }
    if s.strip_prefix("Cross-origin ").and_then(|r| r.split_once(" load denied by Cross-Origin Resource Sharing policy")).is_some() {
        return Some(Reason { generic: true, ..Reason::none() });
    }
    None
}

/// Safari: `Cross-origin redirection to <url> denied by Cross-Origin Resource Sharing
/// policy: <reason>`.
pub(super) fn safari_redirection(rest: &str, raw: &str) -> (Option<Piece>, bool) {
    let Some((url, reason)) = rest.split_once(" denied by Cross-Origin Resource Sharing policy:") else {
        return (Some(Piece::Item(unknown(ConsoleBrowser::Safari, "", raw))), true);
    };
    let reason = reason.trim();
    let mut item = match safari_reason(reason) {
        Some(r) => known(ConsoleBrowser::Safari, r, raw),
        None => unknown(ConsoleBrowser::Safari, reason, raw),
    };
    // The check failed on a redirect hop: the URL is where the redirect pointed.
    item.ce.url = Some(url.trim().to_string());
    if item.kind == Kind::Known {
        item.ce.stage = Some(Stage::Redirect);
    }
    let cut = item.kind == Kind::Unknown;
    (Some(Piece::Item(item)), cut)
}
