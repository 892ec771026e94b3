//! Putting a console back together: network lines folded into their messages, Safari's
//! URL given to its cause, Firefox's follow-ups absorbed, repeats merged.

use super::piece::{Item, Kind, NetLine, Piece};
use super::{ConsoleBrowser, ConsoleError, ConsoleParseError};
use crate::cors_error::{CorsError, Stage};

pub(super) fn assemble(pieces: Vec<Piece>) -> Result<Vec<ConsoleError>, ConsoleParseError> {
    let mut items: Vec<Item> = Vec::new();
    let mut nets: Vec<(usize, NetLine)> = Vec::new();
    let mut page_errors: Vec<ConsoleBrowser> = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Item(item) => items.push(item),
            // Remember how many messages came before the line.
            Piece::Net(n) => nets.push((items.len(), n)),
            Piece::PageError(b) => page_errors.push(b),
        }
    }
    attach_net_lines(&mut items, nets);
    give_safari_urls(&mut items);
    absorb_firefox_follow_ups(&mut items);
    let items = merge_repeats(items);

    let useful = |i: &Item| matches!(i.kind, Kind::Known | Kind::SafariGeneric | Kind::FirefoxNoResponse);
    if items.iter().any(useful) || items.iter().any(|i| i.kind == Kind::NetFailedOnly && i.ce.stage == Some(Stage::Network)) {
        return Ok(items.into_iter().map(|i| i.ce).collect());
    }
    if let Some(i) = items.iter().find(|i| i.kind == Kind::Unknown) {
        return Err(ConsoleParseError::UnknownReason { browser: i.ce.browser, reason: i.reason.clone() });
    }
    // `Failed to load resource: net::ERR_FAILED` and nothing else: Chromium prints this
    // line alone when the request failed without a CORS error (a redirect met with
    // redirect: "error", a redirect to a user:password@ URL Blink refuses; measured by
    // the differential test), and beside the CORS message when there is one. Returned,
    // for a report that says both (never exact). A status on the line means a response
    // arrived: then a CORS message is missing, not a network failure.
    let lone_failure = |i: &Item| i.kind == Kind::NetFailedOnly && i.ce.http_status.is_none() && i.ce.net_error.as_deref() == Some("net::ERR_FAILED");
    if items.iter().any(lone_failure) && items.iter().all(|i| i.kind == Kind::NetFailedOnly) {
        return Ok(items.into_iter().map(|i| i.ce).collect());
    }
    if let Some(i) = items.iter().find(|i| i.kind == Kind::NetFailedOnly) {
        let what = i.ce.net_error.clone().unwrap_or_default();
        return Err(ConsoleParseError::NoCorsMessage {
            seen: Some(format!(
                "the network line \"{what}\", which only says that the request failed; the CORS message that says why is printed next to it (\"Access to fetch at …\")"
            )),
        });
    }
    if let Some(b) = page_errors.first() {
        let what = match b {
            ConsoleBrowser::Chromium => "TypeError: Failed to fetch",
            ConsoleBrowser::Firefox => "TypeError: NetworkError when attempting to fetch resource.",
            ConsoleBrowser::Safari => "TypeError: Load failed",
        };
        return Err(ConsoleParseError::NoCorsMessage {
            seen: Some(format!(
                "\"{what}\", the error page code gets for every blocked request; {b} prints the reason as a separate console message"
            )),
        });
    }
    Err(ConsoleParseError::NoCorsMessage { seen: None })
}

/// Folds each network line into the message about the same request; a network line
/// about no message stands alone (a network failure when it says so).
pub(super) fn attach_net_lines(items: &mut Vec<Item>, nets: Vec<(usize, NetLine)>) {
    let mut standalone = Vec::new();
    for (before, net) in nets {
        let same_url = |i: &Item| net.url.is_some() && (i.ce.url == net.url || i.ce.redirected_from == net.url) && i.ce.browser == net.browser;
        let target = if net.url.is_some() {
            // The nearest message about the same URL, earlier first.
            let free = |i: &Item| same_url(i) && i.ce.net_error.is_none();
            (0..before.min(items.len()))
                .rev()
                .find(|k| items.get(*k).is_some_and(free))
                .or_else(|| (before..items.len()).find(|k| items.get(*k).is_some_and(free)))
        } else if let Some(hint) = &net.source_hint {
            // `users:1 Failed to load resource: the server responded with a status of 404`.
            let name = hint.rsplit_once(':').map_or(hint.as_str(), |(n, _)| n);
            items.iter().position(|i| {
                i.ce.http_status.is_none()
                    && i.ce
                        .url
                        .as_deref()
                        .and_then(|u| u.split(['?', '#']).next())
                        .and_then(|u| u.rsplit('/').next())
                        .is_some_and(|last| !last.is_empty() && last == name)
            })
        } else if net.net_error.as_deref() == Some("net::ERR_FAILED") {
            // `Failed to load resource: net::ERR_FAILED` follows the CORS message it belongs
            // to. (Other codes are network failures of their own.)
            (0..before.min(items.len())).rev().find(|k| items.get(*k).is_some_and(|i| i.ce.browser == net.browser && i.ce.net_error.is_none()))
        } else {
            None
        };
        match target.and_then(|k| items.get_mut(k)) {
            Some(item) => {
                if net.net_error.is_some() {
                    item.ce.net_error = net.net_error.clone();
                }
                if item.ce.http_status.is_none() {
                    item.ce.http_status = net.status;
                }
                item.ce.raw = format!("{}\n{}", item.ce.raw, net.raw.trim());
            }
            None if net.net_error.is_some() => standalone.push((before, net)),
            None => {}
        }
    }
    for (at, net) in standalone.into_iter().rev() {
        let mut ce = ConsoleError::new(net.browser, &net.raw);
        let failed_only = net.net_error.as_deref() == Some("net::ERR_FAILED");
        ce.url = net.url;
        ce.http_status = net.status;
        ce.net_error = net.net_error;
        if !failed_only {
            // Refused, unresolvable, TLS, timeout…: no HTTP response at all.
            ce.stage = Some(Stage::Network);
        }
        items.insert(at.min(items.len()), Item { ce, kind: Kind::NetFailedOnly, reason: String::new() });
    }
}

/// Safari prints the cause without a URL and the URL without the cause ("Fetch API cannot
/// load <url> due to access control checks."): the URL goes to the cause next to it.
pub(super) fn give_safari_urls(items: &mut Vec<Item>) {
    let mut k = 0;
    while k < items.len() {
        let is_generic = items.get(k).is_some_and(|i| i.kind == Kind::SafariGeneric && i.ce.url.is_some());
        if !is_generic {
            k += 1;
            continue;
        }
        let wants_url = |i: &Item| i.ce.browser == ConsoleBrowser::Safari && i.kind == Kind::Known && i.ce.url.is_none();
        let near = [k.checked_sub(1), k.checked_sub(2), Some(k + 1), Some(k + 2)];
        let target = near.into_iter().flatten().find(|j| items.get(*j).is_some_and(wants_url));
        match target {
            Some(j) => {
                let generic = items.remove(k);
                let j = if j > k { j - 1 } else { j };
                if let Some(item) = items.get_mut(j) {
                    item.ce.url = generic.ce.url;
                    item.ce.raw = if j < k { format!("{}\n{}", item.ce.raw, generic.ce.raw) } else { format!("{}\n{}", generic.ce.raw, item.ce.raw) };
                }
            }
            None => k += 1,
        }
    }
}

/// Firefox follows a blocked preflight with "CORS request did not succeed" (Status code:
/// (null)) for the same URL (measured: Firefox 153, harness/fixtures/firefox/lab.json). A
/// response-check reason followed by it was about the preflight; the follow-up itself
/// says nothing more.
pub(super) fn absorb_firefox_follow_ups(items: &mut Vec<Item>) {
    let mut k = 0;
    while k < items.len() {
        let follow_up = items.get(k).is_some_and(|i| i.kind == Kind::FirefoxNoResponse && i.ce.http_status.is_none());
        let earlier = follow_up
            .then(|| {
                let url = items.get(k).and_then(|i| i.ce.url.clone());
                (0..k)
                    .rev()
                    .find(|j| items.get(*j).is_some_and(|i| i.ce.browser == ConsoleBrowser::Firefox))
                    .filter(|j| items.get(*j).is_some_and(|i| i.kind == Kind::Known && url.is_some() && i.ce.url == url))
            })
            .flatten();
        let Some(j) = earlier else {
            k += 1;
            continue;
        };
        let removed = items.remove(k);
        if let Some(item) = items.get_mut(j) {
            let redirect = item.ce.http_status.is_some_and(|s| (300..400).contains(&s));
            let preflight: Vec<CorsError> = item.ce.candidates.iter().copied().filter(|c| c.stage() == Stage::Preflight).collect();
            if !redirect && !preflight.is_empty() && preflight.len() < item.ce.candidates.len() {
                item.ce.error = (preflight.len() == 1).then(|| preflight[0]);
                item.ce.stage = Some(Stage::Preflight);
                item.ce.candidates = preflight;
            }
            item.ce.raw = format!("{}\n{}", item.ce.raw, removed.ce.raw);
        }
    }
}

/// The same failure printed twice in a row is one failure.
pub(super) fn merge_repeats(items: Vec<Item>) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    for item in items {
        if let Some(last) = out.last_mut() {
            let compatible = |a: &Option<String>, b: &Option<String>| a.is_none() || b.is_none() || a == b;
            let same = last.kind == item.kind
                && last.kind == Kind::Known
                && last.ce.browser == item.ce.browser
                && last.ce.error == item.ce.error
                && last.ce.candidates == item.ce.candidates
                && last.ce.param == item.ce.param
                && compatible(&last.ce.url, &item.ce.url)
                && compatible(&last.ce.origin, &item.ce.origin)
                && (last.ce.browser != ConsoleBrowser::Chromium || last.ce.url.is_none() || item.ce.url.is_none());
            if same {
                let ce = &mut last.ce;
                ce.url = ce.url.take().or(item.ce.url);
                ce.redirected_from = ce.redirected_from.take().or(item.ce.redirected_from);
                ce.origin = ce.origin.take().or(item.ce.origin);
                ce.http_status = ce.http_status.or(item.ce.http_status);
                ce.net_error = ce.net_error.take().or(item.ce.net_error);
                ce.firefox_reason = ce.firefox_reason.take().or(item.ce.firefox_reason);
                ce.raw = format!("{}\n{}", ce.raw, item.ce.raw);
                continue;
            }
        }
        out.push(item);
    }
    out
}
