//! `Access-Control-Allow-Methods`.

use super::{ListError, TokenList};
use crate::headers::HeaderList;
use crate::request::is_cors_safelisted_method;
use serde::{Deserialize, Serialize};

/// The header's name.
pub const NAME: &str = "Access-Control-Allow-Methods";

/// A parsed `Access-Control-Allow-Methods`: the methods a preflight allows.
///
/// A comma-separated list of method tokens (Fetch §3.2.3 `#method`). Empty items are
/// skipped (`GET,, PUT` is `GET`, `PUT`; an empty value is an empty list) as Chromium's
/// parser does; any item that is not a token (`PUT DELETE`, a quoted string) makes the
/// whole header invalid: `InvalidAllowMethodsPreflightResponse`.
///
/// Method names compare **case-sensitively** with the request's method as `fetch()`
/// sends it: `fetch()` upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT, so
/// `put` matches `PUT`, but `patch` does not match `PATCH`, and a request `PUT` does
/// not match an allowed `put`. `*` is a wildcard only for requests without
/// credentials; GET, HEAD and POST are always allowed.
///
/// MDN: <https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Allow-Methods>
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllowMethods {
    /// The methods as listed, case kept, in order.
    pub methods: Vec<String>,
}

/// Methods compare case-sensitively: kept as listed.
impl From<TokenList> for AllowMethods {
    fn from(list: TokenList) -> AllowMethods {
        AllowMethods { methods: list.items }
    }
}

impl AllowMethods {
    /// Reads the header (repeated lines joined); absent means an empty list.
    pub fn from_headers(headers: &HeaderList) -> Result<AllowMethods, ListError> {
        Ok(AllowMethods::from(TokenList::from_headers(headers, NAME)?))
    }

    pub fn parse(value: &str) -> Result<AllowMethods, ListError> {
        Ok(AllowMethods::from(TokenList::parse(value)?))
    }

    /// Whether `*` is listed (a wildcard only without credentials).
    pub fn has_wildcard(&self) -> bool {
        self.methods.iter().any(|m| m == "*")
    }

    /// Fetch §4.8 step 7.5: whether a request with this method (already normalized,
    /// as sent) passes. Case-sensitive.
    pub fn allows(&self, method: &str, credentials_included: bool) -> bool {
        is_cors_safelisted_method(method) || self.methods.iter().any(|m| m == method) || (!credentials_included && self.has_wildcard())
    }

    /// A listed method that equals `method` only when case is ignored (`PATCH` for a
    /// request `patch`): the likely intent behind a `MethodDisallowedByPreflightResponse`.
    pub fn case_insensitive_match(&self, method: &str) -> Option<&str> {
        self.methods.iter().find(|m| m.eq_ignore_ascii_case(method) && *m != method).map(String::as_str)
    }
}
