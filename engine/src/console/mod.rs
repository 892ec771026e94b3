//! Pasted browser console output, read back into Chromium's [`CorsError`] vocabulary.
//!
//! The console is where a browser says *why* it blocked a request (page code only ever
//! sees `TypeError: Failed to fetch`). [`parse_console`] takes whatever was pasted — one
//! message or a whole console with timestamps, source locations, `GET … net::ERR_FAILED`
//! lines, stack frames, CRLF line ends, typographic quotes, lines wrapped by a terminal —
//! and returns one [`ConsoleError`] per CORS failure it recognizes.
//!
//! Sources of the wording (read, not copied):
//! - Chromium: `third_party/blink/renderer/platform/loader/cors/cors_error_string.cc`
//!   (`GetErrorStringForConsoleMessage`, one sentence per `network::mojom::CorsError`),
//!   `third_party/blink/renderer/core/fetch/fetch_manager.cc` (the `Fetch API cannot
//!   load …` request-mode messages) and the values `CheckAccess` in
//!   `services/network/public/cpp/cors/cors.cc` reports as `failedParameter`. Older
//!   wordings (`Failed to load <url>: …`, `Redirect from … to …`, `Response for preflight
//!   has invalid HTTP status code N`) are read too. Messages recorded from Chromium 156 by
//!   `harness/tests/record_console.rs` are in `harness/fixtures/console/chromium.json`.
//! - Firefox: `dom/locales/en-US/chrome/security/security.properties` (`CORS*` strings)
//!   and MDN's "CORS errors" pages
//!   (<https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors>); messages
//!   recorded from Firefox 153 are in `harness/fixtures/firefox/lab.json`.
//! - Safari/WebKit: `Source/WebCore/loader/CrossOriginAccessControl.cpp`,
//!   `CrossOriginPreflightResultCache.cpp` and the "due to access control checks" lines.
//!
//! Chromium names the exact error and its parameter. Firefox and Safari are coarser: one
//! message can stand for several Chromium errors (most often the response check versus
//! its preflight twin), so [`ConsoleError::candidates`] lists them all and
//! [`ConsoleError::error`] is set only when a single one remains.
//!
//! Messages retold from memory are read too, when what they say is unambiguous: header
//! names quoted any way or not at all, "blocked by CORS policy" without "has been", no
//! URL (`Access to fetch has been blocked by CORS policy: …`), Firefox's reason without
//! its parentheses (`Reason: CORS header 'Access-Control-Allow-Origin' missing`). A
//! reason that matches no wording is never guessed: it is
//! [`ConsoleParseError::UnknownReason`], quoting the part that could not be read.
//!
//! Nothing here panics, whatever the input: text is only cut at matches of ASCII markers.

mod assemble;
mod chromium;
mod chromium_sentences;
mod firefox;
mod lines;
mod net_line;
mod piece;
mod reason;
mod safari;

use crate::cors_error::{CorsError, Stage};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The browser a console message comes from, told by its wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConsoleBrowser {
    /// Chrome, Edge, Opera, Brave… (Blink).
    Chromium,
    Firefox,
    /// Safari and every WebKit browser.
    Safari,
}

impl ConsoleBrowser {
    pub fn name(self) -> &'static str {
        match self {
            ConsoleBrowser::Chromium => "Chromium",
            ConsoleBrowser::Firefox => "Firefox",
            ConsoleBrowser::Safari => "Safari",
        }
    }
}

impl fmt::Display for ConsoleBrowser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One CORS failure read from a pasted console.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleError {
    pub browser: ConsoleBrowser,
    /// The URL whose response was blocked (after redirects: the last one).
    pub url: Option<String>,
    /// Chromium's `(redirected from '…')`, Safari's redirect source: the URL first requested.
    pub redirected_from: Option<String>,
    /// The page's origin, when the message names it.
    pub origin: Option<String>,
    /// The exact Chromium error, when the message determines a single one.
    pub error: Option<CorsError>,
    /// What the message names as the cause, in Chromium's `failedParameter` terms: the
    /// `Access-Control-Allow-Origin` or `-Credentials` value, the method, the lowercased
    /// header name, the redirect location; for private/local network messages the address
    /// space; Firefox's and Safari's invalid `Access-Control-Allow-*` value. `None` when
    /// the message names nothing; `Some("")` when it names an empty value (`is ''`).
    pub param: Option<String>,
    /// Where the request stopped, when the message (or the candidates) say it.
    pub stage: Option<Stage>,
    /// The HTTP status behind the block: Firefox's and Safari's `Status code: N`,
    /// Chromium's `GET <url> net::ERR_FAILED 404 (Not Found)` line.
    pub http_status: Option<u16>,
    /// Chromium's `net::ERR_…` (or Safari's network error text) for this request.
    pub net_error: Option<String>,
    /// Firefox's `(Reason: …)`, as printed (quotes made straight).
    pub firefox_reason: Option<String>,
    /// Every Chromium error the message can stand for (`[error]` when exact; empty when
    /// the message says nothing about CORS headers, such as a network failure).
    pub candidates: Vec<CorsError>,
    /// The pasted line(s) this was read from.
    pub raw: String,
}

impl ConsoleError {
    fn new(browser: ConsoleBrowser, raw: &str) -> ConsoleError {
        ConsoleError {
            browser,
            url: None,
            redirected_from: None,
            origin: None,
            error: None,
            param: None,
            stage: None,
            http_status: None,
            net_error: None,
            firefox_reason: None,
            candidates: Vec::new(),
            raw: raw.trim().to_string(),
        }
    }
}

/// Why a paste could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsoleParseError {
    /// Nothing but whitespace.
    Empty,
    /// No CORS message anywhere. `seen` names what was found instead, if anything.
    NoCorsMessage { seen: Option<String> },
    /// A browser's CORS message whose reason corsprobe does not know (or that was cut off).
    UnknownReason { browser: ConsoleBrowser, reason: String },
}

const EXPECTED: &str = "Expected a browser's CORS message, such as Chromium's \"Access to fetch at '<url>' from origin '<origin>' has been blocked by CORS policy: …\", Firefox's \"Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at <url>. (Reason: …)\" or Safari's \"Origin <origin> is not allowed by Access-Control-Allow-Origin. Status code: 200\" / \"Fetch API cannot load <url> due to access control checks.\"";

impl fmt::Display for ConsoleParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConsoleParseError::Empty => write!(f, "Nothing was pasted. {EXPECTED}"),
            ConsoleParseError::NoCorsMessage { seen: Some(seen) } => {
                write!(f, "No CORS message found: the text only has {seen}. {EXPECTED}")
            }
            ConsoleParseError::NoCorsMessage { seen: None } => write!(f, "No CORS message found in the text. {EXPECTED}"),
            ConsoleParseError::UnknownReason { browser, reason } if reason.is_empty() => write!(
                f,
                "This looks like {browser}'s CORS message, but it is cut off before the reason. Paste the whole message, up to its last sentence."
            ),
            ConsoleParseError::UnknownReason { browser, reason } => write!(
                f,
                "This is {browser}'s CORS message, but its reason is not one corsprobe knows: \"{reason}\". Expected one of the reasons {browser} prints for CORS failures (for example \"No 'Access-Control-Allow-Origin' header is present on the requested resource.\")."
            ),
        }
    }
}

impl std::error::Error for ConsoleParseError {}

/// Reads every CORS failure in a pasted console.
///
/// Messages are returned in the order they appear; Chromium's
/// `Failed to load resource: net::ERR_…` / `GET <url> net::ERR_FAILED 404 (…)` lines are
/// folded into the message they belong to, Safari's "due to access control checks" line
/// gives its URL to the reason printed next to it, and the same failure printed twice in
/// a row (Safari prints each reason twice, Firefox follows a failed preflight with a
/// "CORS request did not succeed" for the same URL) is returned once.
pub fn parse_console(text: &str) -> Result<Vec<ConsoleError>, ConsoleParseError> {
    if text.trim().is_empty() {
        return Err(ConsoleParseError::Empty);
    }
    assemble::assemble(lines::read_pieces(text))
}
