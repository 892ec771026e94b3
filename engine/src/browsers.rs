//! Where Chromium, Firefox and WebKit do not do the same thing, for the findings at hand.
//!
//! A person runs corsprobe in one browser; their users run all three. Each
//! [`BrowserDifference`] says what the standard says, what each engine does and where
//! that knowledge comes from: `measured` rows were recorded by the harness on a lab case
//! (`harness/tests/lab_in_{chromium,firefox,webkit}.rs`, recordings under
//! `harness/fixtures/`), `source` rows come from the browsers' source code and are not
//! measured here. The README's browser table is generated from the same rows plus the
//! recordings (`harness/tests/browser_table.rs`).

use crate::check::max_age::{CHROMIUM_CAP_SECONDS, DEFAULT_SECONDS, FIREFOX_CAP_SECONDS};
use crate::finding::FindingKind;
use crate::report::Report;
use crate::url::{is_loopback_host, Url};
use serde::{Deserialize, Serialize};

/// WebKit's cap on `Access-Control-Max-Age` (`maxPreflightCacheTimeout` in
/// `Source/WebCore/loader/CrossOriginPreflightResultCache.cpp`): 10 minutes.
pub const WEBKIT_CAP_SECONDS: u64 = 600;

/// How a row is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    /// Recorded by the harness on the named lab case, in Chromium 156, Firefox 153 and
    /// WebKitGTK 2.50.
    Measured,
    /// Read from the browsers' source code; not measured here.
    Source,
}

/// One behaviour on which the browsers (or a browser and the standard) differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrowserDifference {
    /// Stable kebab-case id.
    pub id: String,
    pub topic: String,
    pub standard: String,
    pub chromium: String,
    pub firefox: String,
    pub webkit: String,
    pub evidence: Evidence,
    /// The lab case that shows it, for measured rows.
    pub lab_case: Option<String>,
}

struct Known {
    id: &'static str,
    topic: &'static str,
    standard: &'static str,
    chromium: &'static str,
    firefox: &'static str,
    webkit: &'static str,
    evidence: Evidence,
    lab_case: Option<&'static str>,
}

impl Known {
    fn row(&self) -> BrowserDifference {
        BrowserDifference {
            id: self.id.into(),
            topic: self.topic.into(),
            standard: self.standard.into(),
            chromium: self.chromium.into(),
            firefox: self.firefox.into(),
            webkit: self.webkit.into(),
            evidence: self.evidence,
            lab_case: self.lab_case.map(str::to_string),
        }
    }
}

const AUTHORIZATION_WILDCARD: Known = Known {
    id: "authorization-under-wildcard",
    topic: "`Authorization` allowed only by `Access-Control-Allow-Headers: *`",
    standard: "blocked: `*` never covers `Authorization` (Fetch, CORS-preflight fetch)",
    chromium: "lets it through and reports a deprecation issue (AuthorizationCoveredByWildcard); will block",
    firefox: "lets it through",
    webkit: "lets it through",
    evidence: Evidence::Measured,
    lab_case: Some("authorization-under-wildcard"),
};

const REDIRECT_WITH_CREDENTIALS: Known = Known {
    id: "redirect-with-credentials",
    topic: "A CORS redirect to a URL with `user:password@`",
    standard: "network error (Fetch, HTTP-redirect fetch)",
    chromium: "blocked: RedirectContainsCredentials",
    firefox: "network failure: \"CORS request did not succeed\", status (null): looks like an unreachable server",
    webkit: "blocked (`TypeError: Load failed`)",
    evidence: Evidence::Measured,
    lab_case: Some("redirect-with-credentials"),
};

const MAX_AGE_CAPS: Known = Known {
    id: "max-age-caps",
    topic: "How long a preflight's answer is cached (`Access-Control-Max-Age`)",
    standard: "as long as the header says (the browser may cap it); 5 s without the header",
    chromium: "at most 7200 s (2 hours)",
    firefox: "at most 86400 s (24 hours)",
    webkit: "at most 600 s (10 minutes)",
    evidence: Evidence::Source,
    lab_case: None,
};

const LOCAL_NETWORK: Known = Known {
    id: "local-network-access",
    topic: "A public page fetching a loopback or private-network address",
    standard: "not in Fetch; WICG Local Network Access proposes a permission",
    chromium: "from a non-secure page: blocked, InsecureLocalNetwork (measured here by harness/tests/lna_in_chromium.rs); from an https page: asks the person for permission, refused: LocalNetworkAccessPermissionDenied",
    firefox: "not measured here",
    webkit: "not measured here",
    evidence: Evidence::Source,
    lab_case: None,
};

/// Every row corsprobe knows, in README order.
pub fn all() -> Vec<BrowserDifference> {
    [AUTHORIZATION_WILDCARD, REDIRECT_WITH_CREDENTIALS, MAX_AGE_CAPS, LOCAL_NETWORK].iter().map(Known::row).collect()
}

/// The rows that matter for this report: those its findings touch, the Max-Age caps
/// whenever a preflight is involved, and local network access when a non-local page
/// reaches a local address.
pub fn differences(report: &Report) -> Vec<BrowserDifference> {
    let has = |kind: FindingKind| report.findings.iter().any(|f| f.id == kind.id());
    let mut rows = Vec::new();
    if has(FindingKind::AuthorizationWildcard) {
        rows.push(AUTHORIZATION_WILDCARD.row());
    }
    if has(FindingKind::RedirectContainsCredentials)
        || report.findings.iter().any(|f| f.param.as_deref().is_some_and(|p| p.contains('@')) && f.id.starts_with("redirect"))
    {
        rows.push(REDIRECT_WITH_CREDENTIALS.row());
    }
    let preflighted = report.preflight.as_ref().is_some_and(|p| p.required)
        || report.findings.iter().any(|f| f.id == "max-age-over-cap" || f.stage == Some(crate::cors_error::Stage::Preflight));
    if preflighted {
        rows.push(MAX_AGE_CAPS.row());
    }
    if reaches_local_network(&report.page_origin, &report.request.url) {
        rows.push(LOCAL_NETWORK.row());
    }
    rows
}

/// Whether a page on `page_origin` reaching `url` crosses into a more private address
/// space (public → private/loopback, private → loopback), which Chromium gates.
pub fn reaches_local_network(page_origin: &str, url: &str) -> bool {
    let space = |host: &str| -> u8 {
        if is_loopback_host(host) {
            0
        } else if is_private_host(host) {
            1
        } else {
            2
        }
    };
    let (Ok(page), Ok(target)) = (Url::parse(page_origin), Url::parse(url)) else { return false };
    space(&target.host) < space(&page.host)
}

/// RFC 1918, link-local, unique-local and `.local` names: Chromium's "private" space.
fn is_private_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.ends_with(".local") {
        return true;
    }
    if let Ok(v4) = host.parse::<std::net::Ipv4Addr>() {
        return v4.is_private() || v4.is_link_local();
    }
    if let Ok(v6) = host.parse::<std::net::Ipv6Addr>() {
        let first = v6.segments()[0];
        return (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80;
    }
    false
}

/// Seconds a browser keeps a preflight answer with this `Access-Control-Max-Age`
/// (`None`: header absent).
pub fn cached_seconds(max_age: Option<u64>) -> [(&'static str, u64); 3] {
    let s = max_age.unwrap_or(DEFAULT_SECONDS);
    [("Chromium", s.min(CHROMIUM_CAP_SECONDS)), ("Firefox", s.min(FIREFOX_CAP_SECONDS)), ("WebKit", s.min(WEBKIT_CAP_SECONDS))]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_network_is_a_step_into_a_more_private_space() {
        assert!(reaches_local_network("https://corsprobe.example", "http://127.0.0.1:8080/api"));
        assert!(reaches_local_network("https://corsprobe.example", "http://192.168.1.10/api"));
        assert!(reaches_local_network("http://10.0.0.5:3000", "http://localhost:8080/"));
        assert!(!reaches_local_network("http://127.0.0.1:8080", "http://127.0.0.1:9090/"));
        assert!(!reaches_local_network("http://127.0.0.1:8080", "https://api.example.com/"));
        assert!(!reaches_local_network("https://a.example", "https://b.example/"));
        assert!(reaches_local_network("https://a.example", "http://printer.local/"));
        assert!(reaches_local_network("https://a.example", "http://[fd00::1]/"));
        assert!(!reaches_local_network("not an origin", "http://127.0.0.1/"));
    }

    #[test]
    fn caps_per_browser() {
        assert_eq!(cached_seconds(Some(86400)), [("Chromium", 7200), ("Firefox", 86400), ("WebKit", 600)]);
        assert_eq!(cached_seconds(None), [("Chromium", 5), ("Firefox", 5), ("WebKit", 5)]);
    }
}
