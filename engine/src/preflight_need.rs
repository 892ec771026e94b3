//! Whether the browser sends a CORS-preflight for a request, why, and exactly what it
//! asks. Fetch §4.1 "main fetch" step 12 (the "use-CORS-preflight flag" and the
//! "unsafe request" conditions) and §4.8 "CORS-preflight fetch" steps 2–4.
//!
//! MDN: <https://developer.mozilla.org/en-US/docs/Glossary/Preflight_request>

use crate::request::{is_cors_safelisted_method, Mode, RequestSpec};
use crate::safelist::cors_unsafe_with_reasons;
use serde::{Deserialize, Serialize};

/// Why a header is CORS-unsafe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnsafeHeaderWhy {
    NotSafelistedName,
    ValueTooLong,
    UnsafeBytes,
    /// The essence of a `Content-Type` that is not one of the three safelisted ones.
    ContentTypeEssence(String),
    RangeNotSimple,
    TotalTooLong,
}

/// One reason for a preflight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PreflightReason {
    Method(String),
    Header { name: String, why: UnsafeHeaderWhy },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreflightNeed {
    pub required: bool,
    /// `Access-Control-Request-Method`: the method as sent (after normalization).
    pub method: String,
    /// `Access-Control-Request-Headers`: lowercased, sorted, de-duplicated.
    pub headers: Vec<String>,
    pub reasons: Vec<PreflightReason>,
}

/// Whether `req` is preflighted. Only `cors` mode ever preflights: `no-cors` restricts
/// the request instead, and `same-origin` never leaves the origin.
pub fn preflight_need(req: &RequestSpec) -> PreflightNeed {
    let method = req.normalized_method();
    let unsafe_headers = cors_unsafe_with_reasons(&req.headers);
    let mut reasons = Vec::new();
    // Fetch §4.1 step 12: a method that is not CORS-safelisted, or any CORS-unsafe
    // request-header name, makes the request "unsafe".
    if !is_cors_safelisted_method(&method) {
        reasons.push(PreflightReason::Method(method.clone()));
    }
    reasons.extend(unsafe_headers.iter().map(|(name, why)| PreflightReason::Header { name: name.clone(), why: why.clone() }));
    PreflightNeed {
        required: req.mode == Mode::Cors && !reasons.is_empty(),
        method,
        headers: unsafe_headers.into_iter().map(|(n, _)| n).collect(),
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Header;

    fn req(method: &str, headers: &[(&str, &str)]) -> RequestSpec {
        RequestSpec {
            url: "http://x/".into(),
            method: method.into(),
            headers: headers.iter().map(|(n, v)| Header::new(*n, *v)).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn simple_requests_are_not_preflighted() {
        assert!(!preflight_need(&req("GET", &[])).required);
        assert!(!preflight_need(&req("POST", &[("Content-Type", "text/plain")])).required);
        assert!(!preflight_need(&req("get", &[("Accept", "application/json")])).required);
    }

    #[test]
    fn method_and_headers() {
        let n = preflight_need(&req("delete", &[("X-B", "1"), ("x-a", "2")]));
        assert!(n.required);
        assert_eq!(n.method, "DELETE");
        assert_eq!(n.headers, vec!["x-a", "x-b"]);
        assert_eq!(n.reasons[0], PreflightReason::Method("DELETE".into()));
        let n = preflight_need(&req("POST", &[("Content-Type", "application/json")]));
        assert_eq!(n.headers, vec!["content-type"]);
        assert!(matches!(&n.reasons[0], PreflightReason::Header { why: UnsafeHeaderWhy::ContentTypeEssence(e), .. } if e == "application/json"));
    }

    #[test]
    fn no_cors_never_preflights() {
        let mut r = req("GET", &[("X-A", "1")]);
        r.mode = Mode::NoCors;
        assert!(!preflight_need(&r).required);
    }
}
