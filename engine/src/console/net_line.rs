//! Network lines: Chromium's `GET <url> net::ERR_FAILED 404 (Not Found)` and `Failed to
//! load resource: …`, Safari's network errors. They say that a request failed, not why.

use super::piece::NetLine;
use super::reason::leading_u16;
use super::ConsoleBrowser;

/// Safari's network failures (`Failed to load resource: <text>`).
pub(super) const SAFARI_NETWORK_ERRORS: &[&str] = &[
    "Could not connect to the server.",
    "A server with the specified hostname could not be found.",
    "The network connection was lost.",
    "The request timed out.",
    "An SSL error has occurred and a secure connection to the server cannot be made.",
    "The Internet connection appears to be offline.",
];

/// Chromium's `GET <url> net::ERR_FAILED 404 (Not Found)` (DevTools) and `Failed to load
/// resource: net::ERR_FAILED` (protocol, logs) lines, and Safari's network errors.
pub(super) fn net_line(seg: &str, raw: &str) -> Option<NetLine> {
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
