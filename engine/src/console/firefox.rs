//! Firefox's messages: `Cross-Origin Request Blocked: … (Reason: …)` and the
//! `Security Error: Content at …` refusal of a `same-origin` request.

use super::piece::{apply, known, unknown, Item, Kind, Piece};
use super::reason::{leading_u16, names_a_header_early, unquote_header_names, Reason};
use super::ConsoleBrowser;
use crate::check::allow_origin::rejection;
use crate::cors_error::CorsError::{self, *};
use crate::cors_error::Stage;
use crate::url::Url;
use std::borrow::Cow;

/// How a Firefox reason is worded.
#[derive(Debug, Clone, Copy)]
enum Wording {
    /// Exactly this text.
    Is(&'static str),
    /// This text in any letter case.
    IsInAnyCase(&'static str),
    /// Text that starts with this.
    StartsWith(&'static str),
    /// `<before><value><after>`: the reason quotes a value.
    Quotes { before: &'static str, after: &'static str },
}

/// What a Firefox reason means in Chromium's terms.
#[derive(Debug, Clone, Copy)]
enum Means {
    /// No CORS error: CORS is off, or a warning about a request that passed.
    Nothing,
    /// No HTTP response (or a follow-up to a blocked preflight).
    NoResponse,
    /// This one error.
    Exact(CorsError),
    /// This error, with the quoted value as its parameter.
    ExactWithValue(CorsError),
    /// This error, with the quoted header name (lowercased) as its parameter.
    ExactWithHeader(CorsError),
    /// The response check or its preflight twin: Firefox does not say which.
    ResponseOrPreflight(CorsError),
    /// The preflight failed: Chromium reports a 3xx preflight as a redirect, any other
    /// status as invalid; without a status, either.
    PreflightByStatus,
    /// A mismatch and a value that is no URL are worded alike: Chromium's name for the
    /// quoted `Access-Control-Allow-Origin` value decides, on the response or its
    /// preflight.
    AllowOriginRejection,
}

/// Firefox's `(Reason: …)` texts (quotes made straight): the `CORS*` strings of
/// `dom/locales/en-US/chrome/security/security.properties`, current and older wordings.
/// The first row that matches decides.
const FIREFOX_REASONS: &[(Wording, Means)] = &[
    (Wording::Is("CORS disabled"), Means::Nothing),
    (Wording::Is("CORS header 'Origin' cannot be added"), Means::Nothing),
    (Wording::Is("CORS request did not succeed"), Means::NoResponse),
    (Wording::Is("CORS request external redirect not allowed"), Means::Exact(PreflightDisallowedRedirect)),
    (Wording::IsInAnyCase("CORS request not HTTP"), Means::Exact(CorsDisabledScheme)),
    (Wording::Is("CORS header 'Access-Control-Allow-Origin' missing"), Means::ResponseOrPreflight(MissingAllowOriginHeader)),
    (Wording::Quotes { before: "CORS header 'Access-Control-Allow-Origin' does not match '", after: "'" }, Means::AllowOriginRejection),
    (Wording::Is("Multiple CORS header 'Access-Control-Allow-Origin' not allowed"), Means::ResponseOrPreflight(MultipleAllowOriginValues)),
    (
        Wording::Is("Credential is not supported if the CORS header 'Access-Control-Allow-Origin' is '*'"),
        Means::ResponseOrPreflight(WildcardOriginNotAllowed),
    ),
    (Wording::Is("Did not find method in CORS header 'Access-Control-Allow-Methods'"), Means::Exact(MethodDisallowedByPreflightResponse)),
    (Wording::Is("expected 'true' in CORS header 'Access-Control-Allow-Credentials'"), Means::ResponseOrPreflight(InvalidAllowCredentials)),
    (Wording::Is("CORS preflight response did not succeed"), Means::PreflightByStatus),
    (Wording::Is("CORS preflight channel did not succeed"), Means::PreflightByStatus),
    (
        Wording::Quotes { before: "invalid token '", after: "' in CORS header 'Access-Control-Allow-Methods'" },
        Means::ExactWithValue(InvalidAllowMethodsPreflightResponse),
    ),
    (
        Wording::Quotes { before: "invalid token '", after: "' in CORS header 'Access-Control-Allow-Headers'" },
        Means::ExactWithValue(InvalidAllowHeadersPreflightResponse),
    ),
    (
        Wording::Quotes {
            before: "header '",
            after: "' is not allowed according to header 'Access-Control-Allow-Headers' from CORS preflight response",
        },
        Means::ExactWithHeader(HeaderDisallowedByPreflightResponse),
    ),
    (
        Wording::Quotes { before: "missing token '", after: "' in CORS header 'Access-Control-Allow-Headers' from CORS preflight channel" },
        Means::ExactWithHeader(HeaderDisallowedByPreflightResponse),
    ),
    // A warning: the request passed; Firefox will block it in a later version.
    (Wording::StartsWith("When the `Access-Control-Allow-Headers` is `*`, the `Authorization` header is not covered"), Means::Nothing),
];

impl Wording {
    /// Whether `reason` is worded so, and the value it quotes (`""` when it quotes none).
    /// `loose`: `reason` has been through [`unquote_header_names`], and so is the wording.
    fn read(self, reason: &str, loose: bool) -> Option<&str> {
        let form = |text: &'static str| if loose { Cow::Owned(unquote_header_names(text)) } else { Cow::Borrowed(text) };
        match self {
            Wording::Is(text) => (reason == form(text)).then_some(""),
            Wording::IsInAnyCase(text) => reason.eq_ignore_ascii_case(&form(text)).then_some(""),
            Wording::StartsWith(text) => reason.starts_with(form(text).as_ref()).then_some(""),
            Wording::Quotes { before, after } => reason.strip_prefix(form(before).as_ref())?.strip_suffix(form(after).as_ref()),
        }
    }
}

/// The row of [`FIREFOX_REASONS`] `reason` is worded by, and the value it quotes.
fn find_reason(reason: &str, loose: bool) -> Option<(&str, Means)> {
    FIREFOX_REASONS.iter().find_map(|(wording, means)| Some((wording.read(reason, loose)?, *means)))
}

/// Firefox's `(Reason: …)` text (quotes made straight), with the message's status code.
pub(super) fn firefox_reason(reason: &str, status: Option<u16>) -> Option<Reason> {
    let r = reason.trim();
    if let Some((value, means)) = find_reason(r, false) {
        return Some(meaning(means, value, status));
    }
    // Typed from memory: header names quoted some other way, or not at all.
    if !names_a_header_early(r) {
        return None;
    }
    let loose = unquote_header_names(r);
    let (value, means) = find_reason(&loose, true)?;
    Some(meaning(means, value, status))
}

/// What a reason row means, with the value it quotes and the message's status code.
fn meaning(means: Means, value: &str, status: Option<u16>) -> Reason {
    let reason = match means {
        Means::Nothing => Reason::none(),
        Means::NoResponse => Reason { stage: Some(Stage::Network), ..Reason::none() },
        Means::Exact(e) => Reason::exact(e),
        Means::ExactWithValue(e) => Reason::exact(e).param(value),
        Means::ExactWithHeader(e) => Reason::exact(e).header(value),
        Means::ResponseOrPreflight(e) => Reason::either_response_or_preflight(e),
        Means::PreflightByStatus => match status {
            Some(s) if (300..400).contains(&s) => Reason::exact(PreflightDisallowedRedirect),
            Some(_) => Reason::exact(PreflightInvalidStatus),
            None => Reason::among(&[PreflightInvalidStatus, PreflightDisallowedRedirect]),
        },
        Means::AllowOriginRejection => {
            let candidates: Vec<CorsError> = rejection(value).candidates().into_iter().flat_map(|e| [e, e.on_preflight()]).collect();
            Reason { param: Some(value.to_string()), ..Reason::among(&candidates) }
        }
    };
    reason.status(status)
}

/// `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote
/// resource at <url>. (Reason: <reason>). Status code: <n>.` (and the `Warning` form).
pub(super) fn firefox_message(seg: &str, raw: &str) -> (Option<Piece>, bool) {
    let url = seg
        .split_once(" the remote resource at ")
        .and_then(|(_, rest)| {
            rest.split_once(" soon. (Reason: ").or_else(|| rest.split_once(". (Reason: ")).or_else(|| rest.split_once(". Reason: "))
        })
        .map(|(u, _)| u.trim().trim_matches('\'').to_string());
    let (mut item, cut) = match (seg.split_once("(Reason: "), seg.split_once("Reason: ")) {
        (Some((_, reason)), _) => firefox_reason_item(reason, raw),
        (None, Some((_, reason))) => firefox_bare_reason_item(reason, raw),
        (None, None) => (unknown(ConsoleBrowser::Firefox, "", raw), true),
    };
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
    firefox_item(reason, status, raw)
}

/// `Reason: <reason>[.] [Status code: N]` without Firefox's parentheses, as people type
/// it from memory (`after_reason` is the text after `Reason: `). The status code counts
/// only as an HTTP status (`4xx` is none).
pub(super) fn firefox_bare_reason_item(after_reason: &str, raw: &str) -> (Item, bool) {
    let (reason, status) = match after_reason.split_once("Status code: ") {
        Some((reason, tail)) => (reason, leading_u16(tail).filter(|s| (100..600).contains(s))),
        None => (after_reason, None),
    };
    firefox_item(reason.trim().trim_end_matches(['.', ')', ' ']), status, raw)
}

/// A Firefox message with this reason and status code; unknown (and worth joining with
/// the next line) when the reason is not one Firefox prints.
fn firefox_item(reason: &str, status: Option<u16>, raw: &str) -> (Item, bool) {
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
