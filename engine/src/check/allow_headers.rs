//! `Access-Control-Allow-Headers`.

use super::{ListError, TokenList};
use crate::headers::HeaderList;
use serde::{Deserialize, Serialize};

/// The header's name.
pub const NAME: &str = "Access-Control-Allow-Headers";

/// A parsed `Access-Control-Allow-Headers`: the request headers a preflight allows.
///
/// A comma-separated list of header-name tokens (Fetch §3.2.3 `#field-name`), compared
/// case-insensitively (kept lowercased here). Empty items are skipped (`x-a,, x-b` is
/// `x-a`, `x-b`) as Chromium's parser does ([`TokenList`]); any item that is not a token (names
/// separated by spaces, a quoted string) makes the whole header invalid:
/// `InvalidAllowHeadersPreflightResponse`.
///
/// `*` is a wildcard only for requests without credentials. The standard says `*` never
/// covers `Authorization` (a "CORS non-wildcard request-header name"), but Chromium 156,
/// Firefox 153 and WebKitGTK 2.50 still let it through; Chromium raises the deprecation
/// issue `AuthorizationCoveredByWildcard`. corsprobe reports that as a warning.
///
/// MDN: <https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Allow-Headers>
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllowHeaders {
    /// The names as listed, lowercased, in order.
    pub names: Vec<String>,
}

/// Header names compare case-insensitively: kept lowercased.
impl From<TokenList> for AllowHeaders {
    fn from(list: TokenList) -> AllowHeaders {
        AllowHeaders { names: list.lowercased().items }
    }
}

impl AllowHeaders {
    /// Reads the header (repeated lines joined); absent means an empty list.
    pub fn from_headers(headers: &HeaderList) -> Result<AllowHeaders, ListError> {
        Ok(AllowHeaders::from(TokenList::from_headers(headers, NAME)?))
    }

    pub fn parse(value: &str) -> Result<AllowHeaders, ListError> {
        Ok(AllowHeaders::from(TokenList::parse(value)?))
    }

    /// Whether `*` is listed (a wildcard only without credentials).
    pub fn has_wildcard(&self) -> bool {
        self.names.iter().any(|n| n == "*")
    }

    /// Whether `name` is listed by name (case-insensitive), not through `*`.
    pub fn lists(&self, name: &str) -> bool {
        self.names.iter().any(|n| n.eq_ignore_ascii_case(name))
    }

    /// Fetch §4.8 step 7.7, as Chromium 156 applies it: listed by name, or `*` without
    /// credentials (Authorization included, see the type's documentation).
    pub fn allows(&self, name: &str, credentials_included: bool) -> bool {
        self.lists(name) || (!credentials_included && self.has_wildcard())
    }

    /// Those of `unsafe_names` (the CORS-unsafe request-header names, lowercased) that are
    /// not allowed, in the order given. Chromium reports one of them; which one depends on
    /// the order Blink keeps the request's headers in (see `check::preflight_check`).
    pub fn disallowed<'a>(&self, unsafe_names: &'a [String], credentials_included: bool) -> Vec<&'a str> {
        unsafe_names.iter().filter(|n| !self.allows(n, credentials_included)).map(String::as_str).collect()
    }

    /// Fetch §4.8 step 7.6: the request sends `Authorization`, and only `*` covers it.
    /// The standard blocks this; browsers still allow it (a deprecation warning).
    pub fn authorization_only_by_wildcard(&self, request_has_authorization: bool, credentials_included: bool) -> bool {
        request_has_authorization && !credentials_included && self.has_wildcard() && !self.lists("authorization")
    }
}
