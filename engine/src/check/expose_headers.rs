//! `Access-Control-Expose-Headers`.

use super::{ListError, TokenList};
use crate::headers::HeaderList;
use serde::{Deserialize, Serialize};

/// The header's name.
pub const NAME: &str = "Access-Control-Expose-Headers";

/// A parsed `Access-Control-Expose-Headers`: the response headers, beyond the
/// CORS-safelisted ones (`Cache-Control`, `Content-Language`, `Content-Length`,
/// `Content-Type`, `Expires`, `Last-Modified`, `Pragma`), that page code may read.
///
/// A comma-separated list of header names, case-insensitive (kept lowercased). `*`
/// exposes every header, but only to requests without credentials. `Set-Cookie` is
/// never readable whatever the list says. A value that is not a list of tokens exposes
/// nothing (Fetch §4.1 "main fetch": extracting the list fails).
///
/// MDN: <https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Expose-Headers>
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExposeHeaders {
    /// The names as listed, lowercased, in order.
    pub names: Vec<String>,
}

/// Header names compare case-insensitively: kept lowercased.
impl From<TokenList> for ExposeHeaders {
    fn from(list: TokenList) -> ExposeHeaders {
        ExposeHeaders { names: list.lowercased().items }
    }
}

impl ExposeHeaders {
    /// Reads the header (repeated lines joined); absent means an empty list.
    pub fn from_headers(headers: &HeaderList) -> Result<ExposeHeaders, ListError> {
        Ok(ExposeHeaders::from(TokenList::from_headers(headers, NAME)?))
    }

    pub fn parse(value: &str) -> Result<ExposeHeaders, ListError> {
        Ok(ExposeHeaders::from(TokenList::parse(value)?))
    }

    pub fn has_wildcard(&self) -> bool {
        self.names.iter().any(|n| n == "*")
    }

    /// Whether page code may read `name` because of this header (safelisted response
    /// headers are readable anyway; see [`super::visible_response_headers`]).
    pub fn exposes(&self, name: &str, credentials_included: bool) -> bool {
        if is_forbidden_response_header_name(name) {
            return false;
        }
        self.names.iter().any(|n| n.eq_ignore_ascii_case(name)) || (!credentials_included && self.has_wildcard())
    }
}

/// Fetch §2.2.2 "forbidden response-header name": `Set-Cookie` and `Set-Cookie2` are
/// filtered out of every response page code sees.
pub fn is_forbidden_response_header_name(name: &str) -> bool {
    name.eq_ignore_ascii_case("set-cookie") || name.eq_ignore_ascii_case("set-cookie2")
}
