//! Firefox's messages: `Cross-Origin Request Blocked: … (Reason: …)` and the
//! `Security Error: Content at …` refusal of a `same-origin` request.

use super::piece::{apply, known, unknown, Item, Kind, Piece};
use super::reason::{leading_u16, Reason};
use super::ConsoleBrowser;
use crate::check::allow_origin::rejection;
use crate::cors_error::{CorsError, Stage};
use crate::url::Url;

/// Firefox's `(Reason: …)` text (quotes made straight), with the message's status code.
pub(super) fn firefox_reason(reason: &str, status: Option<u16>) -> Option<Reason> {
    use CorsError::*;
    let r = reason.trim();
    let lower = r.to_ascii_lowercase();
    let reason = if r == "CORS disabled" || r == "CORS header 'Origin' cannot be added" {
        Reason::none()
    } else if r == "CORS request did not succeed" {
        Reason { stage: Some(Stage::Network), ..Reason::none() }
    } else if r == "CORS request external redirect not allowed" {
        Reason::exact(PreflightDisallowedRedirect)
    } else if lower == "cors request not http" {
        Reason::exact(CorsDisabledScheme)
    } else if r == "CORS header 'Access-Control-Allow-Origin' missing" {
        Reason::either_response_or_preflight(MissingAllowOriginHeader)
    } else if let Some(v) = r.strip_prefix("CORS header 'Access-Control-Allow-Origin' does not match '").and_then(|v| v.strip_suffix('\'')) {
        // Firefox words a mismatch and a value that is no URL alike; Chromium's name
        // for the quoted value decides, on the response or its preflight.
        let candidates: Vec<CorsError> = rejection(v).candidates().into_iter().flat_map(|e| [e, e.on_preflight()]).collect();
        Reason { param: Some(v.to_string()), ..Reason::among(&candidates) }
    } else if r == "Multiple CORS header 'Access-Control-Allow-Origin' not allowed" {
        Reason::either_response_or_preflight(MultipleAllowOriginValues)
    } else if r == "Credential is not supported if the CORS header 'Access-Control-Allow-Origin' is '*'" {
        Reason::either_response_or_preflight(WildcardOriginNotAllowed)
    } else if r == "Did not find method in CORS header 'Access-Control-Allow-Methods'" {
        Reason::exact(MethodDisallowedByPreflightResponse)
    } else if r == "expected 'true' in CORS header 'Access-Control-Allow-Credentials'" {
        Reason::either_response_or_preflight(InvalidAllowCredentials)
    } else if r == "CORS preflight response did not succeed" || r == "CORS preflight channel did not succeed" {
        // Chromium reports a 3xx preflight as a redirect, any other status as invalid.
        match status {
            Some(s) if (300..400).contains(&s) => Reason::exact(PreflightDisallowedRedirect),
            Some(_) => Reason::exact(PreflightInvalidStatus),
            None => Reason::among(&[PreflightInvalidStatus, PreflightDisallowedRedirect]),
        }
    } else if let Some(v) = r.strip_prefix("invalid token '").and_then(|v| v.strip_suffix("' in CORS header 'Access-Control-Allow-Methods'")) {
        Reason::exact(InvalidAllowMethodsPreflightResponse).param(v)
    } else if let Some(v) = r.strip_prefix("invalid token '").and_then(|v| v.strip_suffix("' in CORS header 'Access-Control-Allow-Headers'")) {
        Reason::exact(InvalidAllowHeadersPreflightResponse).param(v)
    } else if let Some(h) = r
        .strip_prefix("header '")
        .and_then(|v| v.strip_suffix("' is not allowed according to header 'Access-Control-Allow-Headers' from CORS preflight response"))
        .or_else(|| {
            r.strip_prefix("missing token '")
                .and_then(|v| v.strip_suffix("' in CORS header 'Access-Control-Allow-Headers' from CORS preflight channel"))
        })
    {
        Reason::exact(HeaderDisallowedByPreflightResponse).header(h)
    } else if r.starts_with("When the `Access-Control-Allow-Headers` is `*`, the `Authorization` header is not covered") {
        // A warning: the request passed; Firefox will block it in a later version.
        Reason::none()
    } else {
        return None;
    };
    Some(reason.status(status))
}

/// `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote
/// resource at <url>. (Reason: <reason>). Status code: <n>.` (and the `Warning` form).
pub(super) fn firefox_message(seg: &str, raw: &str) -> (Option<Piece>, bool) {
    let url = seg
        .split_once(" the remote resource at ")
        .and_then(|(_, rest)| rest.split_once(" soon. (Reason: ").or_else(|| rest.split_once(". (Reason: ")))
        .map(|(u, _)| u.trim().trim_matches('\'').to_string());
    let Some((_, reason)) = seg.split_once("(Reason: ") else {
        let mut item = unknown(ConsoleBrowser::Firefox, "", raw);
        item.ce.url = url;
        return (Some(Piece::Item(item)), true);
    };
    let (mut item, cut) = firefox_reason_item(reason, raw);
    item.ce.url = url;
    (Some(Piece::Item(item)), cut)
}

/// A Firefox reason and what follows it (`). Status code: N.`).
pub(super) fn firefox_reason_item(after_reason: &str, raw: &str) -> (Item, bool) {
    // A reason can hold parentheses (in a quoted value) and the paste can go on after the
    // message: the reason ends at the first `)` that completes a known reason.
    let status_after = |tail: &str| tail.strip_prefix(". Status code: ").and_then(leading_u16);
    let ends: Vec<usize> = after_reason.match_indices(')').map(|(at, _)| at).take(16).collect();
    let known_end = ends
        .iter()
        .copied()
        .find(|at| after_reason.get(..*at).is_some_and(|r| firefox_reason(r, after_reason.get(*at + 1..).and_then(status_after)).is_some()));
    let end = known_end.or_else(|| ends.last().copied());
    let (reason, status) = match end {
        Some(at) => (after_reason.get(..at).unwrap_or(after_reason), after_reason.get(at + 1..).and_then(status_after)),
        None => (after_reason, None),
    };
    let mut item = unknown(ConsoleBrowser::Firefox, reason, raw);
    item.ce.firefox_reason = Some(reason.trim().to_string());
    match firefox_reason(reason, status) {
        Some(r) => {
            item.kind = if reason.trim() == "CORS request did not succeed" { Kind::FirefoxNoResponse } else { Kind::Known };
            apply(&mut item.ce, r);
            item.ce.http_status = status;
            (item, false)
        }
        None => {
            item.ce.http_status = status;
            (item, true)
        }
    }
}

/// Firefox's refusal of a `same-origin` request: `Security Error: Content at <page> may
/// not load data from <url>.`
pub(super) fn firefox_security_error(rest: &str, raw: &str) -> (Option<Piece>, bool) {
    let Some((page, url)) = rest.split_once(" may not load data from ") else { return (None, false) };
    let mut item = known(ConsoleBrowser::Firefox, Reason::exact(CorsError::DisallowedByMode), raw);
    item.ce.url = Some(url.trim().trim_end_matches('.').to_string());
    item.ce.origin = Url::parse(page.trim()).ok().filter(Url::is_http).map(|u| u.origin());
    (Some(Piece::Item(item)), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_origin_values_classify_like_chromium() {
        assert_eq!(rejection("https://a.example, https://b.example").error, CorsError::MultipleAllowOriginValues);
        assert_eq!(rejection("null").error, CorsError::AllowOriginMismatch);
        assert_eq!(rejection("app.example.com").error, CorsError::InvalidAllowOriginValue);
        assert_eq!(rejection("http://localhost:8080/").error, CorsError::AllowOriginMismatch);
        assert_eq!(rejection("http:").error, CorsError::InvalidAllowOriginValue);
    }
}
