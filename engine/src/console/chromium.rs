//! Chromium's messages: `Access to … has been blocked by CORS policy: <reason>`, the
//! legacy `Redirect from …` / `Failed to load <url>: …` forms and `Fetch API cannot
//! load …`.

use super::chromium_sentences::chromium_sentence;
use super::lines::HINTS;
use super::piece::{apply, known, unknown, Item, Kind, Piece};
use super::reason::{between, leading_u16, Reason};
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

/// What follows `<kind>` in `Access to <kind> …`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AfterKind {
    /// ` at '<url>'`: Chromium's wording.
    Url,
    /// ` from origin '<origin>'`: a message typed from memory, without the URL.
    Origin,
    /// ` has been blocked by CORS policy`: typed from memory, without URL and origin.
    Blocked,
}

const AFTER_KIND: &[(&str, AfterKind)] = &[
    (" at '", AfterKind::Url),
    (" from origin '", AfterKind::Origin),
    (" has been blocked by CORS policy", AfterKind::Blocked),
    (" blocked by CORS policy", AfterKind::Blocked),
];

/// Where `<kind>` ends in `Access to <kind> …` (`rest` is the text after `Access to `):
/// at the first of [`AFTER_KIND`], provided the kind is short and unquoted (`fetch`,
/// `XMLHttpRequest`, `font`, `CSS stylesheet`), which keeps ordinary sentences starting
/// with "Access to" out. Returns what follows the kind and the text after the marker.
pub(super) fn access_kind(rest: &str) -> Option<(AfterKind, &str)> {
    let (at, marker, after) = AFTER_KIND.iter().filter_map(|(m, after)| rest.find(m).map(|at| (at, *m, *after))).min_by_key(|(at, ..)| *at)?;
    let kind = rest.get(..at)?;
    (kind.len() <= 40 && !kind.contains('\'')).then(|| (after, rest.get(at + marker.len()..).unwrap_or("")))
}

/// `' has been blocked by CORS policy:` after the quoted origin (or redirect source);
/// people typing the message from memory drop the `has been`.
const BLOCKED: &[&str] = &["' has been blocked by CORS policy:", "' blocked by CORS policy:"];

/// The text before and after the first of [`BLOCKED`].
fn split_blocked(s: &str) -> Option<(&str, &str)> {
    let (at, len) = BLOCKED.iter().filter_map(|b| s.find(b).map(|at| (at, b.len()))).min_by_key(|(at, _)| *at)?;
    Some((s.get(..at)?, s.get(at + len..)?))
}

/// `Access to <kind> at '<url>' [(redirected from '<url>') ]from origin '<origin>' has
/// been blocked by CORS policy: <reason>` (after `Access to `), and the same typed from
/// memory: without `has been`, without the URL, without URL and origin.
pub(super) fn chromium_access(rest: &str, raw: &str) -> (Option<Piece>, bool) {
    const FROM: &str = "' from origin '";
    const REDIRECTED: &str = "' (redirected from '";
    let Some((after_kind, rest)) = access_kind(rest) else { return (None, true) };
    let mut item = unknown(ConsoleBrowser::Chromium, "", raw);
    let tail = match after_kind {
        AfterKind::Blocked => {
            let reason = rest.strip_prefix(':').unwrap_or(rest);
            return with_reason(item, reason);
        }
        AfterKind::Origin => rest,
        AfterKind::Url => {
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
                item.ce.url = rest.split_once('\'').map(|(u, _)| u.to_string());
                return (Some(Piece::Item(item)), true);
            };
            item.ce.url = Some(url.to_string());
            item.ce.redirected_from = first.map(str::to_string);
            tail
        }
    };
    let Some((origin, reason)) = split_blocked(tail) else {
        item.ce.origin = tail.split_once('\'').map(|(o, _)| o.to_string());
        return (Some(Piece::Item(item)), true);
    };
    item.ce.origin = Some(origin.to_string());
    with_reason(item, reason)
}

/// The Chromium message `item` read with its reason, or left unknown and worth joining
/// with the next line.
fn with_reason(mut item: Item, reason: &str) -> (Option<Piece>, bool) {
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
        let (to, reason) = split_blocked(tail)?;
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
