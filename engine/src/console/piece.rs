//! What a line holds (a message, a network line, page code's error) and how a reason
//! becomes a message.

use super::reason::Reason;
use super::{ConsoleBrowser, ConsoleError};
use crate::cors_error::{CorsError, Stage};

pub(super) enum Piece {
    Item(Item),
    Net(NetLine),
    /// What page code saw (`TypeError: Failed to fetch`), which says nothing of the cause.
    PageError(ConsoleBrowser),
}

impl Piece {
    pub(super) fn set_raw(&mut self, raw: &str) {
        match self {
            Piece::Item(i) => i.ce.raw = raw.to_string(),
            Piece::Net(n) => n.raw = raw.to_string(),
            Piece::PageError(_) => {}
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
    /// A message with a known cause (or a known reason without a CORS error, such as
    /// Firefox's "CORS disabled").
    Known,
    /// Safari's "cannot load <url> due to access control checks": blocked, cause elsewhere.
    SafariGeneric,
    /// Firefox's "CORS request did not succeed": no HTTP response (or a follow-up).
    FirefoxNoResponse,
    /// A network line alone: `net::ERR_FAILED` says only that the request failed.
    NetFailedOnly,
    /// A CORS message whose reason is not known (or is cut off).
    Unknown,
}

pub(super) struct Item {
    pub(super) ce: ConsoleError,
    pub(super) kind: Kind,
    /// The reason as printed, for [`ConsoleParseError::UnknownReason`].
    pub(super) reason: String,
}

pub(super) struct NetLine {
    pub(super) browser: ConsoleBrowser,
    pub(super) url: Option<String>,
    pub(super) net_error: Option<String>,
    pub(super) status: Option<u16>,
    /// The source location printed before `Failed to load resource: the server responded
    /// with a status of N` (`users:1`): the last path segment of the resource.
    pub(super) source_hint: Option<String>,
    pub(super) raw: String,
}

pub(super) fn known(browser: ConsoleBrowser, r: Reason, raw: &str) -> Item {
    let mut ce = ConsoleError::new(browser, raw);
    let kind = if r.generic { Kind::SafariGeneric } else { Kind::Known };
    apply(&mut ce, r);
    Item { ce, kind, reason: String::new() }
}

pub(super) fn apply(ce: &mut ConsoleError, r: Reason) {
    ce.stage = r.stage.or_else(|| stage_of(r.error, &r.candidates));
    ce.error = r.error;
    ce.candidates = r.candidates;
    // Chromium prints header values byte by byte as Latin-1; its failedParameter is UTF-8.
    ce.param = r.param.map(|p| crate::headers::undo_latin1_reading(&p));
    ce.http_status = r.http_status.or(ce.http_status);
    ce.origin = r.origin.or(ce.origin.take());
    ce.url = r.url.or(ce.url.take());
    ce.net_error = r.net_error.or(ce.net_error.take());
}

/// The error's stage, or the one stage all candidates share.
pub(super) fn stage_of(error: Option<CorsError>, candidates: &[CorsError]) -> Option<Stage> {
    if let Some(e) = error {
        return Some(e.stage());
    }
    let first = candidates.first()?.stage();
    candidates.iter().all(|c| c.stage() == first).then_some(first)
}

pub(super) fn unknown(browser: ConsoleBrowser, reason: &str, raw: &str) -> Item {
    Item { ce: ConsoleError::new(browser, raw), kind: Kind::Unknown, reason: reason.trim().to_string() }
}
