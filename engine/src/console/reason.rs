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
}
