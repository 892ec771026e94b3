//! Cookies a credentialed cross-site request never carries: CORS can pass while the
//! session fails, because the browser kept the cookie to itself.
//!
//! Chromium's rules, read in `net/cookies/canonical_cookie.cc` (`CanonicalCookie::Create`,
//! `IsSetPermittedInContext`) and `net/cookies/parsed_cookie.cc` (`ParsedCookie`):
//! - a `Set-Cookie` line is `name=value` up to the first `;`, then attributes whose
//!   names compare case-insensitively; a `SameSite` value other than `None`, `Lax` or
//!   `Strict` counts as unspecified;
//! - an unspecified `SameSite` is treated as `Lax` ("Lax by default"), and a `Lax` or
//!   `Strict` cookie is neither stored from nor sent with a cross-site subresource
//!   request (a `fetch`);
//! - `SameSite=None` is rejected without `Secure`, and a `Secure` cookie is not stored
//!   from a non-secure URL.
//!
//! "Cross-site" compares schemes and registrable domains (Chromium's schemeful
//! same-site). Without the public suffix list corsprobe decides only what the host
//! names prove: different schemes, different IP literals or different last two labels
//! are always different sites; hosts that share their last two labels (`app.example.com`
//! and `api.example.com`, but also `a.github.io` and `b.github.io`) may be either, and
//! then corsprobe says nothing rather than guess.

use crate::explain::{finding, Context};
use crate::finding::{Certainty, Finding, FindingKind};
use crate::headers::HttpResponse;
use crate::request::Credentials;
use crate::url::{is_loopback_host, Url};

/// One `Set-Cookie` line's name and the attributes that decide cross-site delivery.
/// The value is never kept: it may be a session secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetCookie {
    pub name: String,
    pub same_site: SameSite,
    pub secure: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameSite {
    /// No attribute, or a value Chromium does not know: treated as `Lax`.
    Unspecified,
    None,
    Lax,
    Strict,
}

impl SetCookie {
    /// Reads one `Set-Cookie` value (`ParsedCookie`'s order: pair, then attributes).
    pub fn parse(line: &str) -> SetCookie {
        let mut parts = line.split(';');
        let pair = parts.next().unwrap_or("");
        // A pair without `=` is a cookie with an empty name (ParsedCookie::ParseTokenValuePairs).
        let name = pair.split_once('=').map_or("", |(n, _)| n).trim();
        let mut cookie = SetCookie { name: printable(name), same_site: SameSite::Unspecified, secure: false };
        for attr in parts {
            let (key, value) = attr.split_once('=').unwrap_or((attr, ""));
            let key = key.trim();
            if key.eq_ignore_ascii_case("secure") {
                cookie.secure = true;
            } else if key.eq_ignore_ascii_case("samesite") {
                let v = value.trim();
                cookie.same_site = if v.eq_ignore_ascii_case("none") {
                    SameSite::None
                } else if v.eq_ignore_ascii_case("lax") {
                    SameSite::Lax
                } else if v.eq_ignore_ascii_case("strict") {
                    SameSite::Strict
                } else {
                    SameSite::Unspecified
                };
            }
        }
        cookie
    }

    /// Why a cross-site request from `page` to `url` never carries this cookie, or
    /// `None` when it may.
    fn cross_site_problem(&self, url: &Url) -> Option<String> {
        let same_site = match self.same_site {
            SameSite::Unspecified => Some("no SameSite attribute (treated as SameSite=Lax)"),
            SameSite::Lax => Some("SameSite=Lax"),
            SameSite::Strict => Some("SameSite=Strict"),
            SameSite::None => None,
        };
        let mut problems: Vec<&str> = same_site.into_iter().collect();
        if !self.secure {
            problems.push("no Secure attribute");
        } else if url.scheme == "http" && !is_loopback_host(&url.host) {
            problems.push("Secure, but set over plain http, which never stores a Secure cookie");
        }
        (!problems.is_empty()).then(|| problems.join(", "))
    }
}

/// A cookie name as shown: control characters and overlong names cut.
fn printable(name: &str) -> String {
    let clean: String = name.chars().filter(|c| !c.is_control()).take(64).collect();
    if clean.is_empty() {
        "(no name)".into()
    } else {
        clean
    }
}

/// `Some(true)` when `page_origin` and `url` are provably different sites,
/// `Some(false)` when provably the same, `None` when only the public suffix list can say.
pub fn cross_site(page_origin: &str, url: &str) -> Option<bool> {
    let page = Url::parse(page_origin).ok()?;
    let target = Url::parse(url).ok()?;
    let (a, b) = (page.host.trim_end_matches('.').to_ascii_lowercase(), target.host.trim_end_matches('.').to_ascii_lowercase());
    if page.scheme != target.scheme {
        return Some(true);
    }
    if a == b {
        return Some(false);
    }
    let is_ip = |h: &str| h.starts_with('[') || h.bytes().all(|c| c.is_ascii_digit() || c == b'.');
    if is_ip(&a) || is_ip(&b) {
        return Some(true);
    }
    let last_two = |h: &str| {
        let labels: Vec<&str> = h.rsplitn(3, '.').take(2).collect();
        labels.join(".")
    };
    if last_two(&a) != last_two(&b) {
        return Some(true);
    }
    None
}

/// Finding `cookie-not-cross-site` for each cookie `response` sets that this credentialed
/// cross-site request can never carry (empty when the request is not credentialed or
/// the sites cannot be told apart). `source` names where the response came from.
pub fn cookie_findings(ctx: &Context, response: &HttpResponse, source: &str) -> Vec<Finding> {
    if ctx.request.credentials != Credentials::Include || cross_site(ctx.page_origin, &ctx.request.url) != Some(true) {
        return Vec::new();
    }
    let Ok(url) = Url::parse(&ctx.request.url) else {
        return Vec::new();
    };
    let mut out: Vec<Finding> = Vec::new();
    for line in response.headers.get_all("set-cookie") {
        let cookie = SetCookie::parse(line);
        let Some(problem) = cookie.cross_site_problem(&url) else {
            continue;
        };
        if out.iter().any(|f| f.param.as_deref() == Some(cookie.name.as_str())) {
            continue;
        }
        let evidence = vec![
            format!("Set-Cookie in {source}: the cookie {} has {problem} (its value is not shown).", cookie.name),
            format!("The page {} and {} are different sites, and the request is credentialed.", ctx.page_origin, url.origin()),
        ];
        out.push(finding(FindingKind::CookieNotCrossSite, Certainty::Exact, Some(cookie.name.clone()), ctx, evidence));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_cookie_attributes_read_like_chromium() {
        let c = SetCookie::parse("sid=s3cret; Path=/; HttpOnly; samesite=NONE; secure");
        assert_eq!((c.name.as_str(), c.same_site, c.secure), ("sid", SameSite::None, true));
        assert_eq!(SetCookie::parse("sid=x; SameSite=Lax").same_site, SameSite::Lax);
        assert_eq!(SetCookie::parse("sid=x; SameSite=bogus").same_site, SameSite::Unspecified);
        assert_eq!(SetCookie::parse("novalue").name, "(no name)");
        assert!(!format!("{:?}", SetCookie::parse("sid=s3cret")).contains("s3cret"));
    }

    #[test]
    fn sites_are_told_apart_only_when_the_names_prove_it() {
        assert_eq!(cross_site("https://app.example.com", "https://api.other.com/x"), Some(true));
        assert_eq!(cross_site("http://app.example.com", "https://app.example.com/x"), Some(true));
        assert_eq!(cross_site("http://localhost:5173", "http://127.0.0.1:8080/x"), Some(true));
        assert_eq!(cross_site("http://localhost:5173", "http://localhost:8080/x"), Some(false));
        assert_eq!(cross_site("https://app.example.com", "https://api.example.com/x"), None);
        assert_eq!(cross_site("https://a.github.io", "https://b.github.io/x"), None);
        assert_eq!(cross_site("null", "https://api.example.com/x"), None);
    }
}
