//! `Access-Control-Allow-Origin`.

use crate::headers::HeaderList;
use serde::{Deserialize, Serialize};

/// The header's name.
pub const NAME: &str = "Access-Control-Allow-Origin";

/// A parsed `Access-Control-Allow-Origin`: which origin the response is shared with.
///
/// Exactly one value is allowed: `*`, `null`, or one serialized origin
/// (`scheme://host[:port]`, no path, no trailing slash). The CORS check compares the
/// value byte for byte with the request's serialized origin; this type only classifies
/// a value that did not match, the way Chromium does to name the error
/// (`network::cors::CheckAccess`).
///
/// MDN: <https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Allow-Origin>
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum AllowOrigin {
    /// `*`: any origin, but only for requests without credentials.
    Any,
    /// `null`: the opaque origin (sandboxed frames, `file:` pages). Dangerous to allow.
    Null,
    /// One value that parses as a URL. It is an origin only if
    /// [`AllowOrigin::is_serialized_origin`] says so (`http://host:port/` parses, but
    /// never equals an origin).
    Url(String),
}

/// Why an `Access-Control-Allow-Origin` value is not one usable value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum AllowOriginError {
    /// No such header.
    Missing,
    /// A space or a comma: several origins, or the header sent twice (the lines are
    /// joined with `, `). Carries the (joined) value.
    Multiple(String),
    /// Not a URL at all, e.g. a host name without a scheme. Carries the value.
    Invalid(String),
}

impl AllowOrigin {
    /// Reads the header from a response's header list (repeated lines joined by `, `).
    pub fn from_headers(headers: &HeaderList) -> Result<AllowOrigin, AllowOriginError> {
        match headers.get(NAME) {
            None => Err(AllowOriginError::Missing),
            Some(value) => AllowOrigin::parse(&value),
        }
    }

    /// Classifies one (combined) value, in Chromium's order: `*`; any space or comma
    /// means several values; `null`; then whether it parses as a URL at all.
    pub fn parse(value: &str) -> Result<AllowOrigin, AllowOriginError> {
        if value == "*" {
            return Ok(AllowOrigin::Any);
        }
        if value.contains([' ', ',']) {
            return Err(AllowOriginError::Multiple(value.to_string()));
        }
        if value == "null" {
            return Ok(AllowOrigin::Null);
        }
        if !parses_as_url(value) {
            return Err(AllowOriginError::Invalid(value.to_string()));
        }
        Ok(AllowOrigin::Url(value.to_string()))
    }

    /// The value as sent.
    pub fn as_str(&self) -> &str {
        match self {
            AllowOrigin::Any => "*",
            AllowOrigin::Null => "null",
            AllowOrigin::Url(v) => v,
        }
    }

    /// Whether the value is a serialized origin (what the header must carry): an http(s)
    /// URL with no path, query, fragment or credentials, and no trailing slash.
    pub fn is_serialized_origin(&self) -> bool {
        match self {
            AllowOrigin::Url(v) => crate::url::parse_origin(v).is_some_and(|u| u.origin() == *v),
            _ => false,
        }
    }
}

impl AllowOriginError {
    /// Chromium's `failedParameter` for this error: the value, or "" when missing.
    pub fn param(&self) -> &str {
        match self {
            AllowOriginError::Missing => "",
            AllowOriginError::Multiple(v) | AllowOriginError::Invalid(v) => v,
        }
    }
}

/// Whether `value` parses as an absolute URL, approximating Chromium's `GURL::is_valid`
/// (which Chromium uses only to choose between `InvalidAllowOriginValue` and
/// `AllowOriginMismatch`): a scheme is required; http(s), ws(s) and ftp URLs need a
/// host and a valid port; other schemes (`localhost:8080` has the scheme `localhost`)
/// take any path.
fn parses_as_url(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else { return false };
    let mut scheme_chars = scheme.chars();
    let scheme_ok = scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return false;
    }
    let scheme = scheme.to_ascii_lowercase();
    if scheme == "file" {
        return true;
    }
    if !matches!(scheme.as_str(), "http" | "https" | "ws" | "wss" | "ftp") {
        return true;
    }
    // Special schemes: slashes (either kind) before the authority are optional.
    let after_slashes = rest.trim_start_matches(['/', '\\']);
    let authority = after_slashes.split(['/', '\\', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
    let (host, port) = if host_port.starts_with('[') {
        match host_port.find(']') {
            Some(end) => {
                let (host, after) = host_port.split_at(end + 1);
                match after {
                    "" => (host, None),
                    p => match p.strip_prefix(':') {
                        Some(port) => (host, Some(port)),
                        None => return false,
                    },
                }
            }
            None => return false,
        }
    } else {
        match host_port.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (host_port, None),
        }
    };
    let host_ok = !host.is_empty() && !host.chars().any(|c| c.is_control() || " #%/<>?@\\^|".contains(c));
    let port_ok = match port {
        None | Some("") => true,
        Some(p) => p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u16>().is_ok(),
    };
    host_ok && port_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_validity_like_gurl() {
        assert!(parses_as_url("https://app.example.com"));
        assert!(parses_as_url("http://127.0.0.1:8080/"));
        assert!(parses_as_url("http://[::1]:80"));
        assert!(parses_as_url("localhost:8080"));
        assert!(!parses_as_url("app.example.com"));
        assert!(!parses_as_url("127.0.0.1:8080"));
        assert!(!parses_as_url("http://"));
        assert!(!parses_as_url("http://host:99999"));
        assert!(!parses_as_url("http://[::1"));
        assert!(!parses_as_url("ü://x"));
    }
}
