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
//! Nothing here panics, whatever the input: text is only cut at matches of ASCII markers.

use crate::check::allow_origin::rejection;
use crate::cors_error::{CorsError, Stage};
use crate::url::Url;
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
    let unified = text.replace("\r\n", "\n");
    let lines: Vec<(&str, String)> = unified.split(['\n', '\r']).map(|l| (l, normalize(l))).collect();
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (orig, norm) = &lines[i];
        let mut parsed = parse_line(norm, orig);
        let mut used = 1;
        if parsed.incomplete {
            // A message wrapped over several lines: join the lines that follow, as long as
            // they do not start messages of their own.
            let mut joined = norm.clone();
            let mut joined_orig = orig.trim_end().to_string();
            for k in 1..=5 {
                let Some((next_orig, next)) = lines.get(i + k) else { break };
                if next.is_empty() || !anchor_positions(next).is_empty() || next.contains("net::ERR_") {
                    break;
                }
                // Drop what a terminal or a quote put before the continued text.
                let next = next.trim_start_matches(['│', '┃', '|', '>', ' ']);
                if !joined.ends_with('-') {
                    joined.push(' ');
                }
                joined.push_str(next);
                joined_orig.push('\n');
                joined_orig.push_str(next_orig.trim());
                let attempt = parse_line(&normalize(&joined), &joined_orig);
                if !attempt.incomplete {
                    parsed = attempt;
                    used = k + 1;
                    break;
                }
            }
        }
        pieces.extend(parsed.pieces);
        i += used;
    }
    assemble(pieces)
}

// ---------------------------------------------------------------------------------------
// Lines and pieces.

/// What one line (or a run of joined lines) holds.
struct ParsedLine {
    pieces: Vec<Piece>,
    /// A message starts here but does not finish (or its reason is not known): worth
    /// joining the next line.
    incomplete: bool,
}

enum Piece {
    Item(Item),
    Net(NetLine),
    /// What page code saw (`TypeError: Failed to fetch`), which says nothing of the cause.
    PageError(ConsoleBrowser),
}

impl Piece {
    fn set_raw(&mut self, raw: &str) {
        match self {
            Piece::Item(i) => i.ce.raw = raw.to_string(),
            Piece::Net(n) => n.raw = raw.to_string(),
            Piece::PageError(_) => {}
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
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

struct Item {
    ce: ConsoleError,
    kind: Kind,
    /// The reason as printed, for [`ConsoleParseError::UnknownReason`].
    reason: String,
}

struct NetLine {
    browser: ConsoleBrowser,
    url: Option<String>,
    net_error: Option<String>,
    status: Option<u16>,
    /// The source location printed before `Failed to load resource: the server responded
    /// with a status of N` (`users:1`): the last path segment of the resource.
    source_hint: Option<String>,
    raw: String,
}

/// Straight quotes, single spaces, no invisible characters: the wording below is matched
/// against this form. (Backticks are kept: Chromium quotes address spaces with them.)
fn normalize(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut space = false;
    for c in line.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{FF07}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{FF02}' => '"',
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => continue,
            c if c.is_whitespace() || c.is_control() => ' ',
            c => c,
        };
        if c == ' ' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// Phrases that always start a message, with a check of what follows.
const ANCHORS: &[&str] = &[
    "Access to ",
    "Redirect from '",
    "Cross-Origin Request Blocked:",
    "Cross-Origin Request Warning:",
    "Fetch API cannot load ",
    "XMLHttpRequest cannot load ",
    "Failed to load ",
    "Security Error: Content at ",
    "Cross-origin redirection to ",
];

fn anchor_positions(line: &str) -> Vec<usize> {
    let mut positions = Vec::new();
    for anchor in ANCHORS {
        for (at, _) in line.match_indices(anchor).take(64) {
            let Some(rest) = line.get(at + anchor.len()..) else { continue };
            let ok = match *anchor {
                "Access to " => rest.split_once(" at '").is_some_and(|(kind, _)| kind.len() <= 40 && !kind.contains('\'')),
                // Legacy Chromium `Failed to load <url>: <reason>`, not `Failed to load resource: …`.
                "Failed to load " => rest.split_whitespace().next().is_some_and(|t| t.contains("://")),
                _ => true,
            };
            if ok {
                positions.push(at);
            }
        }
    }
    positions.sort_unstable();
    positions.dedup();
    positions
}

fn parse_line(norm: &str, orig: &str) -> ParsedLine {
    let positions = anchor_positions(norm);
    let mut bounds = Vec::with_capacity(positions.len() + 2);
    bounds.push(0);
    bounds.extend(positions.iter().copied().filter(|p| *p > 0));
    bounds.push(norm.len());
    let mut pieces = Vec::new();
    let mut incomplete = false;
    for pair in bounds.windows(2) {
        let (Some(&from), Some(&to)) = (pair.first(), pair.get(1)) else { continue };
        let Some(segment) = norm.get(from..to) else { continue };
        let raw = segment.trim();
        let anchored = positions.contains(&from);
        let (piece, cut) = if anchored { parse_anchored(segment, raw) } else { parse_bare(segment, raw) };
        incomplete |= cut;
        if let Some(p) = piece {
            pieces.push(p);
        }
    }
    if let [only] = pieces.as_mut_slice() {
        // One message on the line: keep the line as pasted (timestamps, source location).
        only.set_raw(orig.trim());
    }
    ParsedLine { pieces, incomplete }
}

/// A segment that starts with one of [`ANCHORS`]. Returns the piece and whether the
/// message looks cut off.
fn parse_anchored(seg: &str, raw: &str) -> (Option<Piece>, bool) {
    let seg = seg.trim_end();
    if let Some(rest) = seg.strip_prefix("Access to ") {
        return chromium_access(rest, raw);
    }
    if let Some(rest) = seg.strip_prefix("Redirect from '") {
        return chromium_legacy_redirect(rest, raw);
    }
    if seg.starts_with("Cross-Origin Request Blocked:") || seg.starts_with("Cross-Origin Request Warning:") {
        return firefox_message(seg, raw);
    }
    if let Some(rest) = seg.strip_prefix("Fetch API cannot load ").or_else(|| seg.strip_prefix("XMLHttpRequest cannot load ")) {
        return cannot_load(rest, raw);
    }
    if let Some(rest) = seg.strip_prefix("Failed to load ") {
        return chromium_legacy_failed_to_load(rest, raw);
    }
    if let Some(rest) = seg.strip_prefix("Security Error: Content at ") {
        return firefox_security_error(rest, raw);
    }
    if let Some(rest) = seg.strip_prefix("Cross-origin redirection to ") {
        return safari_redirection(rest, raw);
    }
    (None, false)
}

/// Words that make an unrecognized line worth joining with the next one.
const HINTS: &[&str] = &[
    "Access-Control-",
    "CORS",
    "preflight",
    "Preflight",
    "access control",
    "Cross-Origin",
    "cross-origin",
    "(Reason:",
    "is not allowed by",
    "Request header field",
];

fn parse_bare(seg: &str, raw: &str) -> (Option<Piece>, bool) {
    if let Some(net) = net_line(seg, raw) {
        return (Some(Piece::Net(net)), false);
    }
    if let Some(at) = seg.find("(Reason: ") {
        let (item, cut) = firefox_reason_item(seg.get(at + "(Reason: ".len()..).unwrap_or(""), raw);
        return (Some(Piece::Item(item)), cut);
    }
    if let Some(r) = find_earliest(seg, CHROMIUM_STARTS, chromium_reason) {
        return (Some(Piece::Item(known(ConsoleBrowser::Chromium, r, raw))), false);
    }
    if let Some(r) = find_earliest(seg, SAFARI_STARTS, safari_reason) {
        return (Some(Piece::Item(known(ConsoleBrowser::Safari, r, raw))), false);
    }
    if seg.contains("Failed to fetch") {
        return (Some(Piece::PageError(ConsoleBrowser::Chromium)), false);
    }
    if seg.contains("NetworkError when attempting to fetch resource") {
        return (Some(Piece::PageError(ConsoleBrowser::Firefox)), false);
    }
    if seg.contains("TypeError: Load failed") {
        return (Some(Piece::PageError(ConsoleBrowser::Safari)), false);
    }
    (None, HINTS.iter().any(|h| seg.contains(h)))
}

/// Tries `parse` at every occurrence of every start phrase; keeps the earliest success.
fn find_earliest(seg: &str, starts: &[&str], parse: fn(&str) -> Option<Reason>) -> Option<Reason> {
    let mut best: Option<(usize, Reason)> = None;
    for start in starts {
        for (at, _) in seg.match_indices(start).take(16) {
            if best.as_ref().is_some_and(|(b, _)| *b <= at) {
                break;
            }
            if let Some(r) = seg.get(at..).and_then(parse) {
                best = Some((at, r));
                break;
            }
        }
    }
    best.map(|(_, r)| r)
}

// ---------------------------------------------------------------------------------------
// Reasons: what a message's wording says about the cause.

#[derive(Debug, Default)]
struct Reason {
    error: Option<CorsError>,
    candidates: Vec<CorsError>,
    param: Option<String>,
    http_status: Option<u16>,
    origin: Option<String>,
    url: Option<String>,
    stage: Option<Stage>,
    net_error: Option<String>,
    /// Safari's "due to access control checks": blocked, the cause is in another line.
    generic: bool,
}

impl Reason {
    fn exact(e: CorsError) -> Reason {
        Reason { error: Some(e), candidates: vec![e], ..Default::default() }
    }
    fn among(candidates: &[CorsError]) -> Reason {
        match candidates {
            [one] => Reason::exact(*one),
            _ => Reason { candidates: candidates.to_vec(), ..Default::default() },
        }
    }
    fn none() -> Reason {
        Reason::default()
    }
    fn param(mut self, p: &str) -> Reason {
        self.param = Some(decode_hint(p));
        self
    }
    fn header(mut self, h: &str) -> Reason {
        self.param = Some(decode_hint(h).to_ascii_lowercase());
        self
    }
    fn status(mut self, s: Option<u16>) -> Reason {
        self.http_status = s;
        self
    }
    fn on_preflight(mut self) -> Reason {
        self.error = self.error.map(CorsError::on_preflight);
        self.candidates = self.candidates.iter().map(|e| e.on_preflight()).collect();
        self
    }
    /// The response check and its preflight twin (Firefox and Safari do not say which).
    fn either_response_or_preflight(e: CorsError) -> Reason {
        Reason::among(&[e, e.on_preflight()])
    }
}

/// Chromium's hint escaping (`EncodeHint`: `\uXXXX` for non-printable characters) undone.
fn decode_hint(s: &str) -> String {
    if !s.contains("\\u") {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some((before, after)) = rest.split_once("\\u") {
        out.push_str(before);
        let hex: String = after.chars().take(4).collect();
        match (hex.len() == 4 && hex.chars().all(|c| c.is_ascii_hexdigit()))
            .then(|| u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32))
            .flatten()
        {
            Some(c) => {
                out.push(c);
                rest = after.get(4..).unwrap_or("");
            }
            None => {
                out.push_str("\\u");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text between `open` and the next `close`.
fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    s.split_once(open)?.1.split_once(close).map(|(inside, _)| inside)
}

/// The leading decimal number of `s` (after spaces), if it fits a `u16`.
fn leading_u16(s: &str) -> Option<u16> {
    let digits: String = s.trim_start().chars().take_while(char::is_ascii_digit).take(6).collect();
    digits.parse().ok()
}

/// A single token (no whitespace), as methods and header names are.
fn token(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty() && !s.contains(char::is_whitespace)).then_some(s)
}

const PREFLIGHT_PREFIX: &str = "Response to preflight request doesn't pass access control check: ";

/// Where Chromium reasons can start when pasted without the `Access to …` part.
const CHROMIUM_STARTS: &[&str] = &[
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
fn chromium_reason(s: &str) -> Option<Reason> {
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

fn chromium_sentence(s: &str) -> Option<Reason> {
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

/// Firefox's `(Reason: …)` text (quotes made straight), with the message's status code.
fn firefox_reason(reason: &str, status: Option<u16>) -> Option<Reason> {
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

/// Where Safari reasons start.
const SAFARI_STARTS: &[&str] = &[
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
fn safari_reason(s: &str) -> Option<Reason> {
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

// ---------------------------------------------------------------------------------------
// Messages.

fn known(browser: ConsoleBrowser, r: Reason, raw: &str) -> Item {
    let mut ce = ConsoleError::new(browser, raw);
    let kind = if r.generic { Kind::SafariGeneric } else { Kind::Known };
    apply(&mut ce, r);
    Item { ce, kind, reason: String::new() }
}

fn apply(ce: &mut ConsoleError, r: Reason) {
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
fn stage_of(error: Option<CorsError>, candidates: &[CorsError]) -> Option<Stage> {
    if let Some(e) = error {
        return Some(e.stage());
    }
    let first = candidates.first()?.stage();
    candidates.iter().all(|c| c.stage() == first).then_some(first)
}

fn unknown(browser: ConsoleBrowser, reason: &str, raw: &str) -> Item {
    Item { ce: ConsoleError::new(browser, raw), kind: Kind::Unknown, reason: reason.trim().to_string() }
}

/// `Access to <kind> at '<url>' [(redirected from '<url>') ]from origin '<origin>' has
/// been blocked by CORS policy: <reason>` (after `Access to `).
fn chromium_access(rest: &str, raw: &str) -> (Option<Piece>, bool) {
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
fn chromium_legacy_redirect(rest: &str, raw: &str) -> (Option<Piece>, bool) {
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
fn chromium_legacy_failed_to_load(rest: &str, raw: &str) -> (Option<Piece>, bool) {
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
fn cannot_load(rest: &str, raw: &str) -> (Option<Piece>, bool) {
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

/// `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote
/// resource at <url>. (Reason: <reason>). Status code: <n>.` (and the `Warning` form).
fn firefox_message(seg: &str, raw: &str) -> (Option<Piece>, bool) {
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
fn firefox_reason_item(after_reason: &str, raw: &str) -> (Item, bool) {
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
fn firefox_security_error(rest: &str, raw: &str) -> (Option<Piece>, bool) {
    let Some((page, url)) = rest.split_once(" may not load data from ") else { return (None, false) };
    let mut item = known(ConsoleBrowser::Firefox, Reason::exact(CorsError::DisallowedByMode), raw);
    item.ce.url = Some(url.trim().trim_end_matches('.').to_string());
    item.ce.origin = Url::parse(page.trim()).ok().filter(Url::is_http).map(|u| u.origin());
    (Some(Piece::Item(item)), false)
}

/// Safari: `Cross-origin redirection to <url> denied by Cross-Origin Resource Sharing
/// policy: <reason>`.
fn safari_redirection(rest: &str, raw: &str) -> (Option<Piece>, bool) {
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

/// Safari's network failures (`Failed to load resource: <text>`).
const SAFARI_NETWORK_ERRORS: &[&str] = &[
    "Could not connect to the server.",
    "A server with the specified hostname could not be found.",
    "The network connection was lost.",
    "The request timed out.",
    "An SSL error has occurred and a secure connection to the server cannot be made.",
    "The Internet connection appears to be offline.",
];

/// Chromium's `GET <url> net::ERR_FAILED 404 (Not Found)` (DevTools) and `Failed to load
/// resource: net::ERR_FAILED` (protocol, logs) lines, and Safari's network errors.
fn net_line(seg: &str, raw: &str) -> Option<NetLine> {
    if let Some((before, after)) = seg.split_once("net::ERR_") {
        let code: String = after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        let rest = after.get(code.len()..).unwrap_or("");
        return Some(NetLine {
            browser: ConsoleBrowser::Chromium,
            url: before.split_whitespace().last().filter(|t| t.contains("://")).map(str::to_string),
            net_error: Some(format!("net::ERR_{code}")),
            status: leading_u16(rest),
            source_hint: None,
            raw: raw.to_string(),
        });
    }
    if let Some((before, after)) = seg.split_once("Failed to load resource: the server responded with a status of ") {
        return Some(NetLine {
            browser: ConsoleBrowser::Chromium,
            url: None,
            net_error: None,
            status: leading_u16(after),
            source_hint: before.split_whitespace().last().map(str::to_string),
            raw: raw.to_string(),
        });
    }
    let (_, after) = seg.split_once("Failed to load resource: ")?;
    let text = SAFARI_NETWORK_ERRORS.iter().find(|t| after.trim_start().starts_with(*t))?;
    Some(NetLine {
        browser: ConsoleBrowser::Safari,
        url: None,
        net_error: Some(text.to_string()),
        status: None,
        source_hint: None,
        raw: raw.to_string(),
    })
}

// ---------------------------------------------------------------------------------------
// Putting a console back together.

fn assemble(pieces: Vec<Piece>) -> Result<Vec<ConsoleError>, ConsoleParseError> {
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
fn attach_net_lines(items: &mut Vec<Item>, nets: Vec<(usize, NetLine)>) {
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
fn give_safari_urls(items: &mut Vec<Item>) {
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
fn absorb_firefox_follow_ups(items: &mut Vec<Item>) {
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
fn merge_repeats(items: Vec<Item>) -> Vec<Item> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_are_decoded() {
        assert_eq!(decode_hint("caf\\u00E9"), "café");
        assert_eq!(decode_hint("\\u"), "\\u");
        assert_eq!(decode_hint("a\\uZZZZb\\u00"), "a\\uZZZZb\\u00");
        assert_eq!(decode_hint("\\uD800x"), "\\uD800x");
    }

    #[test]
    fn allow_origin_values_classify_like_chromium() {
        assert_eq!(rejection("https://a.example, https://b.example").error, CorsError::MultipleAllowOriginValues);
        assert_eq!(rejection("null").error, CorsError::AllowOriginMismatch);
        assert_eq!(rejection("app.example.com").error, CorsError::InvalidAllowOriginValue);
        assert_eq!(rejection("http://localhost:8080/").error, CorsError::AllowOriginMismatch);
        assert_eq!(rejection("http:").error, CorsError::InvalidAllowOriginValue);
    }

    #[test]
    fn normalizes_quotes_and_spaces() {
        assert_eq!(normalize("  a\u{2018}b\u{2019}\t\u{201C}c\u{201D}\u{00A0} d\u{200B}  "), "a'b' \"c\" d");
    }
}
