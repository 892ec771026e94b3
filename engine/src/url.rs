//! Just enough of URLs for CORS: scheme, credentials, host, port, and the origin.
//!
//! The browser glue first runs the person's text through the browser's own `new URL()`
//! (so IDN hosts, percent-encoding and dot segments are the browser's), and hands the
//! normalized string here; HAR and pasted inputs come already absolute. This parser only
//! splits such URLs, which keeps the `url` crate's IDNA tables out of the wasm.
//!
//! MDN: <https://developer.mozilla.org/en-US/docs/Glossary/Origin>

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Url {
    /// Lowercased, without the colon.
    pub scheme: String,
    /// `user[:password]` if the URL carries credentials.
    pub userinfo: Option<String>,
    /// Lowercased host; IPv6 literals keep their brackets.
    pub host: String,
    /// The port as written (None when absent).
    pub port: Option<u16>,
    /// Path, query and nothing else (starts with `/`).
    pub path_and_query: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UrlError {
    Empty,
    NotAbsolute,
    MissingHost,
    BadPort(String),
    /// Whitespace or control characters inside the URL.
    BadCharacter,
}

impl Url {
    pub fn parse(input: &str) -> Result<Url, UrlError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(UrlError::Empty);
        }
        if input.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(UrlError::BadCharacter);
        }
        let colon = input.find(':').ok_or(UrlError::NotAbsolute)?;
        let scheme = &input[..colon];
        let scheme_ok =
            scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
        if !scheme_ok {
            return Err(UrlError::NotAbsolute);
        }
        let scheme = scheme.to_ascii_lowercase();
        let rest = &input[colon + 1..];
        let Some(after_slashes) = rest.strip_prefix("//") else {
            // `javascript:…`, `data:…`, `mailto:…`: no authority.
            return Ok(Url { scheme, userinfo: None, host: String::new(), port: None, path_and_query: rest.to_string() });
        };
        let authority_end = after_slashes.find(['/', '?', '#']).unwrap_or(after_slashes.len());
        let authority = &after_slashes[..authority_end];
        let mut tail = &after_slashes[authority_end..];
        if let Some(hash) = tail.find('#') {
            tail = &tail[..hash];
        }
        let (userinfo, hostport) = match authority.rfind('@') {
            Some(at) => (Some(authority[..at].to_string()), &authority[at + 1..]),
            None => (None, authority),
        };
        let (host, port) = split_host_port(hostport)?;
        if host.is_empty() {
            return Err(UrlError::MissingHost);
        }
        let path_and_query = if tail.starts_with('/') { tail.to_string() } else { format!("/{tail}") };
        Ok(Url { scheme, userinfo, host: host.to_ascii_lowercase(), port, path_and_query })
    }

    /// The port that will be used: the explicit one or the scheme's default.
    pub fn effective_port(&self) -> Option<u16> {
        self.port.or(match self.scheme.as_str() {
            "http" | "ws" => Some(80),
            "https" | "wss" => Some(443),
            _ => None,
        })
    }

    pub fn is_http(&self) -> bool {
        matches!(self.scheme.as_str(), "http" | "https")
    }

    /// The ASCII serialization of the URL's origin (HTML §7.5 "serialization of an
    /// origin"): `scheme://host[:port]`, the port omitted when it is the default.
    pub fn origin(&self) -> String {
        match (self.port, self.effective_default_port()) {
            (Some(p), Some(d)) if p == d => format!("{}://{}", self.scheme, self.host),
            (Some(p), _) => format!("{}://{}:{p}", self.scheme, self.host),
            (None, _) => format!("{}://{}", self.scheme, self.host),
        }
    }

    fn effective_default_port(&self) -> Option<u16> {
        Url { port: None, ..self.clone() }.effective_port()
    }

    /// The URL without credentials or fragment.
    pub fn without_credentials(&self) -> String {
        format!("{}{}", self.origin(), self.path_and_query)
    }

    /// Loopback hosts are "potentially trustworthy" even over http, so an https page
    /// may fetch them without a mixed-content block.
    pub fn is_loopback(&self) -> bool {
        is_loopback_host(&self.host)
    }
}

fn split_host_port(hostport: &str) -> Result<(&str, Option<u16>), UrlError> {
    let (host, port) = if let Some(end) = hostport.strip_prefix('[').and_then(|_| hostport.find(']')) {
        let host = &hostport[..=end];
        match &hostport[end + 1..] {
            "" => (host, None),
            p => (host, Some(p.strip_prefix(':').ok_or_else(|| UrlError::BadPort(p.to_string()))?)),
        }
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    let port = match port {
        None | Some("") => None,
        Some(p) => Some(p.parse::<u16>().map_err(|_| UrlError::BadPort(p.to_string()))?),
    };
    Ok((host, port))
}

/// `localhost`, `*.localhost`, 127.0.0.0/8 and `[::1]`.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_end_matches('.');
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || host.strip_prefix("127.").is_some_and(|rest| {
            let parts: Vec<&str> = rest.split('.').collect();
            parts.len() == 3 && parts.iter().all(|p| p.parse::<u8>().is_ok())
        })
}

/// Parses a serialized origin (`scheme://host[:port]`), as found in `Origin`,
/// `Access-Control-Allow-Origin` or a HAR; `None` for `null` or anything else.
pub fn parse_origin(origin: &str) -> Option<Url> {
    let url = Url::parse(origin).ok()?;
    (url.is_http() && url.userinfo.is_none() && url.path_and_query == "/" && !origin.ends_with('/')).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_serializes_origins() {
        let u = Url::parse("http://User:pw@LocalHost:8081/a/b?c=d#frag").unwrap();
        assert_eq!(u.scheme, "http");
        assert_eq!(u.userinfo.as_deref(), Some("User:pw"));
        assert_eq!(u.host, "localhost");
        assert_eq!(u.port, Some(8081));
        assert_eq!(u.path_and_query, "/a/b?c=d");
        assert_eq!(u.origin(), "http://localhost:8081");
        assert_eq!(Url::parse("https://example.com:443").unwrap().origin(), "https://example.com");
        assert_eq!(Url::parse("https://example.com").unwrap().path_and_query, "/");
        assert_eq!(Url::parse("http://[::1]:9/x").unwrap().origin(), "http://[::1]:9");
    }

    #[test]
    fn rejects_what_is_not_a_url() {
        assert_eq!(Url::parse("  "), Err(UrlError::Empty));
        assert_eq!(Url::parse("example.com/x"), Err(UrlError::NotAbsolute));
        assert_eq!(Url::parse("http://exa mple.com"), Err(UrlError::BadCharacter));
        assert_eq!(Url::parse("http://example.com:99999/"), Err(UrlError::BadPort("99999".into())));
        assert_eq!(Url::parse("http:///x"), Err(UrlError::MissingHost));
        assert_eq!(Url::parse("javascript:alert(1)").unwrap().scheme, "javascript");
    }

    #[test]
    fn loopback() {
        assert!(is_loopback_host("127.0.0.1"));
        assert!(is_loopback_host("127.1.2.3"));
        assert!(is_loopback_host("app.localhost"));
        assert!(is_loopback_host("[::1]"));
        assert!(!is_loopback_host("127.0.0.1.example.com"));
        assert!(!is_loopback_host("10.0.0.1"));
    }

    #[test]
    fn origins() {
        assert!(parse_origin("http://127.0.0.1:8080").is_some());
        assert!(parse_origin("http://127.0.0.1:8080/").is_none());
        assert!(parse_origin("null").is_none());
        assert!(parse_origin("127.0.0.1:8080").is_none());
    }
}
