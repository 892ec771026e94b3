//! The request lines a browser puts on the wire for a `fetch()`, so the server answers
//! the CLI exactly as it answers the page.
//!
//! Which headers, and when: Fetch §4.1 "main fetch" and §4.5 "HTTP-network-or-cache
//! fetch" (`Origin`, `Accept`, `Accept-Language`, cookies), §4.8 "CORS-preflight fetch"
//! steps 1–4 (the preflight's lines), Fetch Metadata (`Sec-Fetch-Site`, `-Mode`,
//! `-Dest`). Values are those of Chromium 156, Firefox 153 and WebKitGTK 2.50 on Linux.
//! Left out on purpose: `sec-ch-ua*` client hints (sent only to https in a secure
//! context; no CORS server decides on them) and `Connection`/`Host` (the client's).

use corsprobe_engine::audit::site_domain;
use corsprobe_engine::check::RedirectState;
use corsprobe_engine::preflight_need::PreflightNeed;
use corsprobe_engine::request::Credentials;
use corsprobe_engine::url::Url;

/// The browser whose request shape and deviations from the standard apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Browser {
    Chromium,
    Firefox,
    Webkit,
}

impl Browser {
    pub fn name(self) -> &'static str {
        match self {
            Browser::Chromium => "Chromium",
            Browser::Firefox => "Firefox",
            Browser::Webkit => "WebKit",
        }
    }

    pub fn version(self) -> &'static str {
        match self {
            Browser::Chromium => "156",
            Browser::Firefox => "153",
            Browser::Webkit => "2.50",
        }
    }

    fn user_agent(self) -> &'static str {
        match self {
            Browser::Chromium => "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
            Browser::Firefox => "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0",
            Browser::Webkit => "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15",
        }
    }

    fn accept_language(self) -> &'static str {
        match self {
            Browser::Chromium => "en-US,en;q=0.9",
            Browser::Firefox => "en-US,en;q=0.5",
            Browser::Webkit => "en-US",
        }
    }
}

/// Fetch Metadata's `Sec-Fetch-Site`, from least to most cross.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SecFetchSite {
    SameOrigin,
    SameSite,
    CrossSite,
}

impl SecFetchSite {
    fn as_str(self) -> &'static str {
        match self {
            SecFetchSite::SameOrigin => "same-origin",
            SecFetchSite::SameSite => "same-site",
            SecFetchSite::CrossSite => "cross-site",
        }
    }

    /// How `url` relates to the request's origin (`null` is cross-site to everything).
    pub fn of(origin: &str, url: &str) -> SecFetchSite {
        let (Some(o), Ok(u)) = (corsprobe_engine::url::parse_origin(origin), Url::parse(url)) else {
            return SecFetchSite::CrossSite;
        };
        if origin != "null" && o.origin() == u.origin() {
            return SecFetchSite::SameOrigin;
        }
        let same_site = o.scheme == u.scheme
            && match (site_domain(&o.host), site_domain(&u.host)) {
                (Some(a), Some(b)) => a == b,
                _ => o.host == u.host,
            };
        if same_site {
            SecFetchSite::SameSite
        } else {
            SecFetchSite::CrossSite
        }
    }
}

/// One request as sent: method, URL, header lines in the browser's order, body.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

/// `Referer` under the default policy `strict-origin-when-cross-origin`: the page's
/// origin for a cross-origin request, nothing on an https → http downgrade. (The page's
/// path is unknown here; cross-origin requests never carry it anyway.)
fn referer(page_origin: &str, url: &str) -> Option<String> {
    let downgrade = page_origin.starts_with("https:") && url.starts_with("http:");
    (page_origin != "null" && !downgrade).then(|| format!("{page_origin}/"))
}

fn metadata(lines: &mut Vec<(String, String)>, site: SecFetchSite, mode: &str) {
    lines.push(("Sec-Fetch-Site".into(), site.as_str().into()));
    lines.push(("Sec-Fetch-Mode".into(), mode.into()));
    lines.push(("Sec-Fetch-Dest".into(), "empty".into()));
}

/// Fetch §4.8 steps 1–4: `OPTIONS`, `Accept: */*`, `Access-Control-Request-Method`,
/// `Access-Control-Request-Headers` (the CORS-unsafe names, lowercased, sorted, joined
/// with `,`), `Origin`; never credentials, never the request's own headers.
pub fn preflight(browser: Browser, state: &RedirectState, need: &PreflightNeed, site: SecFetchSite) -> Outgoing {
    let url = &state.request.url;
    let mut h: Vec<(String, String)> = vec![("Accept".into(), "*/*".into()), ("Access-Control-Request-Method".into(), need.method.clone())];
    if !need.headers.is_empty() {
        h.push(("Access-Control-Request-Headers".into(), need.headers.join(",")));
    }
    h.push(("Origin".into(), state.effective_origin().to_string()));
    h.push(("User-Agent".into(), browser.user_agent().into()));
    metadata(&mut h, site, "cors");
    if let Some(r) = referer(&state.origin, url) {
        h.push(("Referer".into(), r));
    }
    h.push(("Accept-Encoding".into(), "gzip, deflate, br, zstd".into()));
    h.push(("Accept-Language".into(), browser.accept_language().into()));
    Outgoing { method: "OPTIONS".into(), url: url.clone(), headers: h, body: None }
}

/// Whether this hop carries cookies (Fetch §4.5 step 8.7: "include", or "same-origin"
/// with a basic-tainted response and an untainted origin).
pub fn sends_credentials(state: &RedirectState, site: SecFetchSite) -> bool {
    match state.request.credentials {
        Credentials::Include => true,
        Credentials::SameOrigin => site == SecFetchSite::SameOrigin && !state.tainted,
        Credentials::Omit => false,
    }
}

/// The request itself: its own headers (forbidden ones already dropped), then what the
/// browser adds. `Origin` goes on every cors-tainted request and on every request whose
/// method is not GET or HEAD (Fetch §3.1 "append a request `Origin` header").
pub fn actual(browser: Browser, state: &RedirectState, cookie: Option<&str>, site: SecFetchSite) -> Outgoing {
    let req = &state.request;
    let method = req.normalized_method();
    let mut h: Vec<(String, String)> = Vec::new();
    h.push(("User-Agent".into(), browser.user_agent().into()));
    for header in &req.headers {
        h.push((header.name.clone(), header.value.clone()));
    }
    if req.header("accept").is_none() {
        h.push(("Accept".into(), "*/*".into()));
    }
    // Fetch §5 "extract a body": a string body is text/plain;charset=UTF-8.
    if req.body.is_some() && req.header("content-type").is_none() {
        h.push(("Content-Type".into(), "text/plain;charset=UTF-8".into()));
    }
    let cors_tainted = state.cors_flag;
    if cors_tainted || !matches!(method.as_str(), "GET" | "HEAD") {
        h.push(("Origin".into(), state.effective_origin().to_string()));
    }
    metadata(&mut h, site, req.mode.as_str());
    if let Some(r) = referer(&state.origin, &req.url) {
        h.push(("Referer".into(), r));
    }
    h.push(("Accept-Encoding".into(), "gzip, deflate, br, zstd".into()));
    if req.header("accept-language").is_none() {
        h.push(("Accept-Language".into(), browser.accept_language().into()));
    }
    if let Some(c) = cookie.filter(|_| sends_credentials(state, site)) {
        h.push(("Cookie".into(), c.to_string()));
    }
    Outgoing { method, url: req.url.clone(), headers: h, body: req.body.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use corsprobe_engine::preflight_need::preflight_need;
    use corsprobe_engine::request::{Header, RequestSpec};

    fn state(spec: RequestSpec) -> RedirectState {
        RedirectState::new(&spec, "https://app.example.com")
    }

    fn get<'a>(o: &'a Outgoing, name: &str) -> Option<&'a str> {
        o.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    #[test]
    fn preflight_asks_for_the_unsafe_names_and_nothing_else() {
        let spec = RequestSpec {
            method: "put".into(),
            headers: vec![Header::new("X-B", "1"), Header::new("Content-Type", "application/json"), Header::new("X-A", "2")],
            ..RequestSpec::get("https://api.example.com/x")
        };
        let s = state(spec.clone());
        let p = preflight(Browser::Chromium, &s, &preflight_need(&spec), SecFetchSite::SameSite);
        assert_eq!(p.method, "OPTIONS");
        assert_eq!(get(&p, "Access-Control-Request-Method"), Some("PUT"));
        assert_eq!(get(&p, "Access-Control-Request-Headers"), Some("content-type,x-a,x-b"));
        assert_eq!(get(&p, "Origin"), Some("https://app.example.com"));
        assert_eq!(get(&p, "Sec-Fetch-Site"), Some("same-site"));
        assert_eq!(get(&p, "X-A"), None);
        assert_eq!(get(&p, "Cookie"), None);
    }

    #[test]
    fn cookies_only_on_a_credentialed_request() {
        let mut spec = RequestSpec::get("https://api.example.com/x");
        let omitted = actual(Browser::Chromium, &state(spec.clone()), Some("a=b"), SecFetchSite::SameSite);
        assert_eq!(get(&omitted, "Cookie"), None, "same-origin credentials, cross-origin URL");
        spec.credentials = Credentials::Include;
        let sent = actual(Browser::Chromium, &state(spec), Some("a=b"), SecFetchSite::SameSite);
        assert_eq!(get(&sent, "Cookie"), Some("a=b"));
        assert_eq!(get(&sent, "Origin"), Some("https://app.example.com"));
        assert_eq!(get(&sent, "Sec-Fetch-Mode"), Some("cors"));
    }

    #[test]
    fn sites() {
        assert_eq!(SecFetchSite::of("https://app.example.com", "https://app.example.com/x"), SecFetchSite::SameOrigin);
        assert_eq!(SecFetchSite::of("https://app.example.com", "https://api.example.com/x"), SecFetchSite::SameSite);
        assert_eq!(SecFetchSite::of("https://app.example.com", "https://api.other.com/x"), SecFetchSite::CrossSite);
        assert_eq!(SecFetchSite::of("http://127.0.0.1:8080", "http://127.0.0.1:9000/x"), SecFetchSite::SameSite);
        assert_eq!(SecFetchSite::of("null", "http://127.0.0.1:9000/x"), SecFetchSite::CrossSite);
    }
}
