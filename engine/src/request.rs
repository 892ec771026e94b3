//! The request a person asks corsprobe to send, in `fetch()` terms.
//!
//! MDN: <https://developer.mozilla.org/en-US/docs/Web/API/RequestInit>

use serde::{Deserialize, Serialize};

/// `RequestInit.mode`. Fetch §2.2.5 "request mode".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    #[default]
    Cors,
    NoCors,
    SameOrigin,
}

/// `RequestInit.credentials`. Fetch §2.2.5 "credentials mode".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Credentials {
    Omit,
    #[default]
    SameOrigin,
    Include,
}

/// `RequestInit.redirect`. Fetch §2.2.5 "redirect mode".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RedirectMode {
    #[default]
    Follow,
    Manual,
    Error,
}

macro_rules! str_enum {
    ($t:ty { $($v:ident = $s:literal),* $(,)? }) => {
        impl $t {
            pub const ALL: &'static [$t] = &[$(<$t>::$v),*];
            pub fn as_str(self) -> &'static str { match self { $(<$t>::$v => $s),* } }
            pub fn parse(s: &str) -> Option<$t> { match s { $($s => Some(<$t>::$v),)* _ => None } }
        }
    };
}
str_enum!(Mode { Cors = "cors", NoCors = "no-cors", SameOrigin = "same-origin" });
str_enum!(Credentials { Omit = "omit", SameOrigin = "same-origin", Include = "include" });
str_enum!(RedirectMode { Follow = "follow", Manual = "manual", Error = "error" });

/// One request header as the person typed it (name case kept for display).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Header {
    pub name: String,
    pub value: String,
}

impl Header {
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Header { name: name.into(), value: value.into() }
    }
}

/// The request to test: everything `fetch(url, init)` takes that matters to CORS.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RequestSpec {
    pub url: String,
    pub method: String,
    #[serde(default)]
    pub headers: Vec<Header>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default)]
    pub mode: Mode,
    #[serde(default)]
    pub credentials: Credentials,
    #[serde(default)]
    pub redirect: RedirectMode,
}

impl RequestSpec {
    pub fn get(url: impl Into<String>) -> Self {
        RequestSpec { url: url.into(), method: "GET".into(), ..Default::default() }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|h| h.name.eq_ignore_ascii_case(name)).map(|h| h.value.as_str())
    }

    /// The method as `fetch()` sends it. Fetch §2.2.1 "normalize": only DELETE, GET,
    /// HEAD, OPTIONS, POST and PUT are upper-cased; `patch` stays `patch` (and then
    /// does not match `PATCH` in `Access-Control-Allow-Methods`).
    pub fn normalized_method(&self) -> String {
        normalize_method(&self.method)
    }
}

/// Fetch §2.2.1: "To normalize a method, if it is a byte-case-insensitive match for
/// `DELETE`, `GET`, `HEAD`, `OPTIONS`, `POST`, or `PUT`, byte-uppercase it."
pub fn normalize_method(method: &str) -> String {
    const NORMALIZED: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];
    match NORMALIZED.iter().find(|m| m.eq_ignore_ascii_case(method)) {
        Some(m) => (*m).to_string(),
        None => method.to_string(),
    }
}

/// Fetch §2.2.1: a method is CORS-safelisted if it is `GET`, `HEAD` or `POST`.
pub fn is_cors_safelisted_method(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "POST")
}

/// RFC 9110 §9.2.1: safe methods do not change server state. corsprobe sends a
/// non-safe method at most once per run without the person's consent.
pub fn is_safe_method(method: &str) -> bool {
    matches!(normalize_method(method).as_str(), "GET" | "HEAD" | "OPTIONS" | "TRACE")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_only_the_six() {
        assert_eq!(normalize_method("get"), "GET");
        assert_eq!(normalize_method("Put"), "PUT");
        assert_eq!(normalize_method("patch"), "patch");
        assert_eq!(normalize_method("PATCH"), "PATCH");
    }

    #[test]
    fn enums_round_trip() {
        for m in Mode::ALL {
            assert_eq!(Mode::parse(m.as_str()), Some(*m));
            assert_eq!(serde_json::to_string(m).unwrap(), format!("\"{}\"", m.as_str()));
        }
        for c in Credentials::ALL {
            assert_eq!(Credentials::parse(c.as_str()), Some(*c));
        }
        for r in RedirectMode::ALL {
            assert_eq!(RedirectMode::parse(r.as_str()), Some(*r));
        }
    }

    #[test]
    fn safe_methods() {
        assert!(is_safe_method("get"));
        assert!(!is_safe_method("POST"));
        assert!(!is_safe_method("patch"));
    }
}
