//! Chromium's messages: `Access to … has been blocked by CORS policy: <reason>`, the
//! legacy `Redirect from …` / `Failed to load <url>: …` forms and `Fetch API cannot
//! load …`.

use super::lines::HINTS;
use super::piece::{apply, known, unknown, Kind, Piece};
use super::reason::{between, leading_u16, token, Reason};
use super::safari::safari_reason;
use super::ConsoleBrowser;
use crate::cors_error::{CorsError, Stage};

pub(super) const PREFLIGHT_PREFIX: &str = "Response to preflight request doesn't pass access control check: ";

/// Where Chromium reasons can start when pasted without the `Access to …` part.
pub(super) const CHROMIUM_STARTS: &[&str] = &[
    "Response to preflight request doesn't pass",
    "Cross origin requests are",
    "The response is invalid.",
    "The request client is not a secure context",
    "The value of the 'Access-Control-Allow-",
    "No 'Access-Control-Allow-Origin' header",
    "The 'Access-Control-Allow-",
    "It does not have HTTP ok status.",
    "Redirect is not allowed for a preflight request.",
    "No 'Access-Control-Allow-Private-Network' header",
    "No 'Access-Control-Allow-External' header",
    "Cannot parse Access-Control-Allow-",
    "Method ",
    "Request header field ",
    "Redirect location '",
    "Request had ",
    "No 'Private-Network-Access-",
    "Unable to ask for permission",
    "Permission was denied for this request",
    "Response for preflight ",
    "A wildcard '*' cannot be used",
    "Credentials flag is 'true'",
];

/// A Chromium reason (the text after `has been blocked by CORS policy: `).
pub(super) fn chromium_reason(s: &str) -> Option<Reason> {
    let s = s.trim_start();
    let (preflight, sentence) = match s.strip_prefix(PREFLIGHT_PREFIX) {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let mut r = chromium_sentence(sentence)?;
    if preflight {
        r = r.on_preflight();
    }
    // Chromium before 73 added these to the sentence.
    if let Some(o) = between(sentence, "Origin '", "' is therefore not allowed access") {
        r.origin = Some(o.to_string());
    }
    if let Some(n) = sentence.split_once("The response had HTTP status code ").and_then(|(_, n)| leading_u16(n)) {
        r.http_status = Some(n);
    }
    Some(r)
}

pub(super) fn chromium_sentence(s: &str) -> Option<Reason> {
    use CorsError::*;
    const ACAO_VALUE: &str = "The 'Access-Control-Allow-Origin' header has a value '";
    const ACAO_MULTIPLE: &str = "The 'Access-Control-Allow-Origin' header contains multiple values '";
    const ACAO_INVALID: &str = "The 'Access-Control-Allow-Origin' header contains the invalid value '";
    const ACAC: &str = "The value of the 'Access-Control-Allow-Credentials' header in the response is '";
    const PNA_TARGETING: &str = "header was present in the preflight response for this private network request targeting the `";
    let space = |rest: &str| rest.split_once('`').map(|(s, _)| s.to_string());
    if s.starts_with("Cross origin requests are not allowed by request mode.") {
        return Some(Reason::exact(DisallowedByMode));
    }
    if s.starts_with("The response is invalid.") {
        return Some(Reason::exact(InvalidResponse));
    }
    if let Some(rest) = s.strip_prefix("The request client is not a secure context and the resource is in more-private address space `") {
        // Chromium 156 reports this sentence as `InsecureLocalNetwork` (measured in
        // harness/tests/lna_in_chromium.rs); Private Network Access versions called it
        // `InsecurePrivateNetwork`. Both stand for the same finding.
        return Some(Reason { param: space(rest), ..Reason::among(&[InsecureLocalNetwork, InsecurePrivateNetwork]) });
    }
    if s.starts_with("The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'")
        || s.starts_with("A wildcard '*' cannot be used in the 'Access-Control-Allow-Origin' header when the credentials flag is true")
    {
        return Some(Reason::exact(WildcardOriginNotAllowed));
    }
    if s.starts_with("No 'Access-Control-Allow-Origin' header is present on the requested resource") {
        return Some(Reason::exact(MissingAllowOriginHeader));
    }
    if let Some((v, _)) = s.strip_prefix(ACAO_MULTIPLE).and_then(|r| r.split_once("', but only one is allowed")) {
        return Some(Reason::exact(MultipleAllowOriginValues).param(v));
    }
    if let Some(rest) = s.strip_prefix(ACAO_INVALID) {
        let (v, _) = rest.split_once("'. ").or_else(|| rest.rsplit_once("'."))?;
        return Some(Reason::exact(InvalidAllowOriginValue).param(v));
    }
    if let Some((v, _)) = s.strip_prefix(ACAO_VALUE).and_then(|r| r.split_once("' that is not equal to the supplied origin")) {
        return Some(Reason::exact(AllowOriginMismatch).param(v));
    }
    if let Some((v, _)) = s.strip_prefix(ACAC).and_then(|r| r.split_once("' which must be 'true' when the request's credentials mode is 'include'")) {
        return Some(Reason::exact(InvalidAllowCredentials).param(v));
    }
    if let Some((v, _)) = s
        .strip_prefix("Credentials flag is 'true', but the 'Access-Control-Allow-Credentials' header is '")
        .and_then(|r| r.split_once("'. It must be 'true' to allow credentials"))
    {
        return Some(Reason::exact(InvalidAllowCredentials).param(v));
    }
    if s.starts_with("Cross origin requests are only supported for protocol schemes: ") {
        return Some(Reason::exact(CorsDisabledScheme));
    }
    if s.starts_with("It does not have HTTP ok status.") || s.starts_with("Response for preflight does not have HTTP ok status") {
        return Some(Reason::exact(PreflightInvalidStatus));
    }
    if let Some(rest) = s.strip_prefix("Response for preflight has invalid HTTP status code ") {
        return Some(Reason::exact(PreflightInvalidStatus).status(leading_u16(rest)));
    }
    if s.starts_with("Redirect is not allowed for a preflight request.") || s.starts_with("Response for preflight is invalid (redirect)") {
        return Some(Reason::exact(PreflightDisallowedRedirect));
    }
    if let Some(rest) = s.strip_prefix("No 'Access-Control-Allow-Private-Network' ").and_then(|r| r.strip_prefix(PNA_TARGETING)) {
        return Some(Reason { param: space(rest), ..Reason::exact(PreflightMissingAllowPrivateNetwork) });
    }
    if let Some(rest) =
        s.strip_prefix("The 'Access-Control-Allow-Private-Network' header in the preflight response for this private network request targeting the `")
    {
        let (_, v) = rest.split_once("` address space had a value of '")?;
        let (v, _) = v.split_once("', not 'true'")?;
        return Some(Reason::exact(PreflightInvalidAllowPrivateNetwork).param(v));
    }
    if s.starts_with("No 'Access-Control-Allow-External' header was present in the preflight response for this external request") {
        return Some(Reason::exact(PreflightMissingAllowPrivateNetwork));
    }
    if let Some(rest) =
        s.strip_prefix("The 'Access-Control-Allow-External' header in the preflight response for this external request had a value of '")
    {
        let (v, _) = rest.split_once("', not 'true'")?;
        return Some(Reason::exact(PreflightInvalidAllowPrivateNetwork).param(v));
    }
    if s.starts_with("Cannot parse Access-Control-Allow-Methods response header field in preflight response") {
        return Some(Reason::exact(InvalidAllowMethodsPreflightResponse));
    }
    if s.starts_with("Cannot parse Access-Control-Allow-Headers response header field in preflight response") {
        return Some(Reason::exact(InvalidAllowHeadersPreflightResponse));
    }
    if let Some((m, _)) =
        s.strip_prefix("Method ").and_then(|r| r.split_once(" is not allowed by Access-Control-Allow-Methods in preflight response"))
    {
        return Some(Reason::exact(MethodDisallowedByPreflightResponse).param(token(m)?));
    }
    if let Some((h, _)) =
        s.strip_prefix("Request header field ").and_then(|r| r.split_once(" is not allowed by Access-Control-Allow-Headers in preflight response"))
    {
        return Some(Reason::exact(HeaderDisallowedByPreflightResponse).header(token(h)?));
    }
    if let Some((l, _)) = s
        .strip_prefix("Redirect location '")
        .and_then(|r| r.split_once("' contains a username and password, which is disallowed for cross-origin requests"))
    {
        return Some(Reason::exact(RedirectContainsCredentials).param(l));
    }
    if let Some(rest) = s.strip_prefix("Request had a target IP address space of `") {
        let (_, resource) = rest.split_once("` yet the resource is in address space `")?;
        return Some(Reason { param: space(resource), ..Reason::exact(InvalidPrivateNetworkAccess) });
    }
    if let Some(rest) = s.strip_prefix("Request had no target IP address space, yet the resource is in address space `") {
        return Some(Reason { param: space(rest), ..Reason::exact(UnexpectedPrivateNetworkAccess) });
    }
    if let Some(rest) = s.strip_prefix("No 'Private-Network-Access-Id' ").and_then(|r| r.strip_prefix(PNA_TARGETING)) {
        return Some(Reason { param: space(rest), ..Reason::exact(PreflightMissingPrivateNetworkAccessId) });
    }
    if let Some(rest) = s.strip_prefix("No 'Private-Network-Access-Name' ").and_then(|r| r.strip_prefix(PNA_TARGETING)) {
        return Some(Reason { param: space(rest), ..Reason::exact(PreflightMissingPrivateNetworkAccessName) });
    }
    if let Some(rest) = s.strip_prefix("Unable to ask for permission to access the `") {
        return Some(Reason { param: space(rest), ..Reason::exact(PrivateNetworkAccessPermissionUnavailable) });
    }
    if let Some(rest) = s.strip_prefix("Permission was denied for this request to access the `") {
        // Private Network Access and its successor, Local Network Access, print the same
        // sentence for their two errors.
        return Some(Reason { param: space(rest), ..Reason::among(&[PrivateNetworkAccessPermissionDenied, LocalNetworkAccessPermissionDenied]) });
    }
    None
}

/// `Access to <kind> at '<url>' [(redirected from '<url>') ]from origin '<origin>' has
/// been blocked by CORS policy: <reason>` (after `Access to `).
pub(super) fn chromium_access(rest: &str, raw: &str) -> (Option<Piece>, bool) {
    const FROM: &str = "' from origin '";
    const REDIRECTED: &str = "' (redirected from '";
    const BLOCKED: &str = "' has been blocked by CORS policy:";
    let Some((_kind, rest)) = rest.split_once(" at '") else { return (None, true) };
    let redirected = match (rest.find(REDIRECTED), rest.find(FROM)) {
        (Some(r), Some(f)) => r < f,
        (Some(_), None) => true,
        _ => false,
    };
    let parts = if redirected {
        rest.split_once(REDIRECTED).and_then(|(url, tail)| {
            let (first, tail) = tail.split_once("') from origin '")?;
            Some((url, Some(first), tail))
        })
    } else {
        rest.split_once(FROM).map(|(url, tail)| (url, None, tail))
    };
    let Some((url, first, tail)) = parts else {
        let mut item = unknown(ConsoleBrowser::Chromium, "", raw);
        item.ce.url = rest.split_once('\'').map(|(u, _)| u.to_string());
        return (Some(Piece::Item(item)), true);
    };
    let mut item = unknown(ConsoleBrowser::Chromium, "", raw);
    item.ce.url = Some(url.to_string());
    item.ce.redirected_from = first.map(str::to_string);
    let Some((origin, reason)) = tail.split_once(BLOCKED) else {
        item.ce.origin = tail.split_once('\'').map(|(o, _)| o.to_string());
        return (Some(Piece::Item(item)), true);
    };
    item.ce.origin = Some(origin.to_string());
    match chromium_reason(reason) {
        Some(r) => {
            item.kind = Kind::Known;
            apply(&mut item.ce, r);
            (Some(Piece::Item(item)), false)
        }
        None => {
            item.reason = reason.trim().to_string();
            (Some(Piece::Item(item)), true)
        }
    }
}

/// Chromium 64–72: `Redirect from '<a>' to '<b>' has been blocked by CORS policy: <reason>`.
pub(super) fn chromium_legacy_redirect(rest: &str, raw: &str) -> (Option<Piece>, bool) {
    let parsed = rest.split_once("' to '").and_then(|(from, tail)| {
        let (to, reason) = tail.split_once("' has been blocked by CORS policy:")?;
        Some((from, to, reason))
    });
    let Some((from, to, reason)) = parsed else { return (Some(Piece::Item(unknown(ConsoleBrowser::Chromium, "", raw))), true) };
    let mut item = unknown(ConsoleBrowser::Chromium, reason, raw);
    item.ce.url = Some(to.to_string());
    item.ce.redirected_from = Some(from.to_string());
    match chromium_reason(reason) {
        Some(r) => {
            item.kind = Kind::Known;
            apply(&mut item.ce, r);
            if item.ce.error.is_some_and(|e| e.stage() == Stage::Response) {
                item.ce.stage = Some(Stage::Redirect);
            }
            (Some(Piece::Item(item)), false)
        }
        None => (Some(Piece::Item(item)), true),
    }
}

/// Chromium before 73: `Failed to load <url>: <reason>`.
pub(super) fn chromium_legacy_failed_to_load(rest: &str, raw: &str) -> (Option<Piece>, bool) {
    let Some((url, reason)) = rest.split_once(": ") else { return (None, true) };
    match chromium_reason(reason) {
        Some(r) => {
            let mut item = known(ConsoleBrowser::Chromium, r, raw);
            item.ce.url = Some(url.to_string());
            (Some(Piece::Item(item)), false)
        }
        None => (None, HINTS.iter().any(|h| reason.contains(h))),
    }
}

/// `Fetch API cannot load <url>…` / `XMLHttpRequest cannot load <url>…`: Chromium's
/// request-mode refusals and older CORS messages, or Safari's "due to access control
/// checks" line.
pub(super) fn cannot_load(rest: &str, raw: &str) -> (Option<Piece>, bool) {
    use CorsError::*;
    if let Some((url, _)) = rest.split_once(" due to access control checks") {
        let mut item = known(ConsoleBrowser::Safari, Reason { generic: true, ..Reason::none() }, raw);
        item.ce.url = Some(url.trim().to_string());
        return (Some(Piece::Item(item)), false);
    }
    let (url, tail) = match rest.split_once(". ") {
        Some((u, t)) => (u, t),
        None => (rest.trim_end().trim_end_matches('.'), ""),
    };
    let chromium = |r: Reason| {
        let mut item = known(ConsoleBrowser::Chromium, r, raw);
        item.ce.url = Some(url.to_string());
        item
    };
    if let Some(origin) = tail.strip_prefix("Request mode is \"same-origin\" but the URL's origin is not same as the request origin ") {
        let mut item = chromium(Reason::exact(DisallowedByMode));
        item.ce.origin = Some(origin.trim().trim_end_matches('.').to_string());
        return (Some(Piece::Item(item)), false);
    }
    if tail.starts_with("Request mode is \"no-cors\" but the redirect mode is not \"follow\"") {
        return (Some(Piece::Item(chromium(Reason::exact(NoCorsRedirectModeNotFollow)))), false);
    }
    if let Some((scheme, _)) = tail.strip_prefix("URL scheme \"").and_then(|r| r.split_once("\" is not supported")) {
        return (Some(Piece::Item(chromium(Reason::exact(CorsDisabledScheme).param(scheme)))), false);
    }
    if let Some(r) = chromium_reason(tail) {
        return (Some(Piece::Item(chromium(r))), false);
    }
    if let Some(r) = safari_reason(tail) {
        let mut item = known(ConsoleBrowser::Safari, r, raw);
        item.ce.url = Some(url.to_string());
        return (Some(Piece::Item(item)), false);
    }
    (None, true)
}
