//! Reasons: what a message's wording says about the cause, and the small readers of
//! quoted values the browsers' sentences share.

use crate::cors_error::{CorsError, Stage};

#[derive(Debug, Default)]
pub(super) struct Reason {
    pub(super) error: Option<CorsError>,
    pub(super) candidates: Vec<CorsError>,
    pub(super) param: Option<String>,
    pub(super) http_status: Option<u16>,
    pub(super) origin: Option<String>,
    pub(super) url: Option<String>,
    pub(super) stage: Option<Stage>,
    pub(super) net_error: Option<String>,
    /// Safari's "due to access control checks": blocked, the cause is in another line.
    pub(super) generic: bool,
}

impl Reason {
    pub(super) fn exact(e: CorsError) -> Reason {
        Reason { error: Some(e), candidates: vec![e], ..Default::default() }
    }
    pub(super) fn among(candidates: &[CorsError]) -> Reason {
        match candidates {
            [one] => Reason::exact(*one),
            _ => Reason { candidates: candidates.to_vec(), ..Default::default() },
        }
    }
    pub(super) fn none() -> Reason {
        Reason::default()
    }
    pub(super) fn param(mut self, p: &str) -> Reason {
        self.param = Some(decode_hint(p));
        self
    }
    pub(super) fn header(mut self, h: &str) -> Reason {
        self.param = Some(decode_hint(h).to_ascii_lowercase());
        self
    }
    pub(super) fn status(mut self, s: Option<u16>) -> Reason {
        self.http_status = s;
        self
    }
    pub(super) fn on_preflight(mut self) -> Reason {
        self.error = self.error.map(CorsError::on_preflight);
        self.candidates = self.candidates.iter().map(|e| e.on_preflight()).collect();
        self
    }
    /// The response check and its preflight twin (Firefox and Safari do not say which).
    pub(super) fn either_response_or_preflight(e: CorsError) -> Reason {
        Reason::among(&[e, e.on_preflight()])
    }
}

/// Chromium's hint escaping (`EncodeHint`: `\uXXXX` for non-printable characters) undone.
pub(super) fn decode_hint(s: &str) -> String {
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
pub(super) fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    s.split_once(open)?.1.split_once(close).map(|(inside, _)| inside)
}

/// The leading decimal number of `s` (after spaces), if it fits a `u16`.
pub(super) fn leading_u16(s: &str) -> Option<u16> {
    let digits: String = s.trim_start().chars().take_while(char::is_ascii_digit).take(6).collect();
    digits.parse().ok()
}

/// A single token (no whitespace), as methods and header names are.
pub(super) fn token(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty() && !s.contains(char::is_whitespace)).then_some(s)
}

/// Header names that Chromium and Firefox quote in their sentences.
pub(super) const QUOTED_HEADER_NAMES: &[&str] = &["Access-Control-", "Private-Network-Access-"];

/// `s` with the quotes around CORS header names dropped: `'Access-Control-Allow-Origin'`
/// and `"Access-Control-Allow-Origin"` both become `Access-Control-Allow-Origin`. People
/// quoting a message from memory quote header names every way, or not at all; comparing
/// both the paste and the browsers' wording in this form reads all of them alike.
/// Quoted values (`'https://app.example.com'`) keep their quotes.
pub(super) fn unquote_header_names(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find(['\'', '"']) {
        let quote = rest.get(at..at + 1).unwrap_or("");
        out.push_str(rest.get(..at).unwrap_or(""));
        let after = rest.get(at + 1..).unwrap_or("");
        let name_len = if QUOTED_HEADER_NAMES.iter().any(|n| after.starts_with(n)) {
            after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(after.len())
        } else {
            0
        };
        match after.get(name_len..).filter(|closing| name_len > 0 && closing.starts_with(['\'', '"'])) {
            Some(closing) => {
                out.push_str(after.get(..name_len).unwrap_or(""));
                rest = closing.get(1..).unwrap_or("");
            }
            None => {
                out.push_str(quote);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether `s` names a CORS header within its first 200 characters: only then can
/// reading it with [`unquote_header_names`] find a sentence that the exact wording did
/// not (the first header name of every such sentence comes within its first words).
/// Checked first because a paste is tried at many places.
pub(super) fn names_a_header_early(s: &str) -> bool {
    let head = s.char_indices().nth(200).and_then(|(at, _)| s.get(..at)).unwrap_or(s);
    QUOTED_HEADER_NAMES.iter().any(|n| head.contains(n))
}

/// A method or header name as a token, without the quotes someone typing the message
/// put around it (Chromium prints it bare).
pub(super) fn unquoted_token(s: &str) -> Option<&str> {
    let s = s.trim();
    let inner = [('\'', '\''), ('"', '"')].iter().find_map(|(open, close)| s.strip_prefix(*open)?.strip_suffix(*close));
    token(inner.unwrap_or(s))
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
    fn header_names_lose_their_quotes_values_keep_theirs() {
        let unquoted = "No Access-Control-Allow-Origin header; The Access-Control-Allow-Origin header has a value 'x'";
        assert_eq!(
            unquote_header_names("No 'Access-Control-Allow-Origin' header; The \"Access-Control-Allow-Origin\" header has a value 'x'"),
            unquoted
        );
        assert_eq!(unquote_header_names(unquoted), unquoted);
        assert_eq!(unquote_header_names("'Access-Control-Allow-Origin"), "'Access-Control-Allow-Origin");
        assert_eq!(unquote_header_names("'Access-Control-Allow-Origin: *'"), "'Access-Control-Allow-Origin: *'");
        assert_eq!(unquote_header_names("'' \"\" '"), "'' \"\" '");
        assert_eq!(unquoted_token("'x-api-key'"), Some("x-api-key"));
        assert_eq!(unquoted_token("x-api-key"), Some("x-api-key"));
        assert_eq!(unquoted_token("'a b'"), None);
    }
}
