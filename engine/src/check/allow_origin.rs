//! `Access-Control-Allow-Origin`.

use crate::cors_error::{CorsError, CorsErrorStatus};
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
    /// One value that Chromium's URL parser may accept (see [`crate::gurl`]). It is an
    /// origin only if
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
    /// Not a URL to Chromium's parser (`GURL`), e.g. a host name without a scheme, a
    /// port above 65535, a `<` in the host. Carries the value.
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
        if crate::gurl::validity(value) == crate::gurl::Validity::Invalid {
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

/// Chromium's error for an `Access-Control-Allow-Origin` value that is not `*` and not
/// the request's serialized origin (`CheckAccess` in
/// `services/network/public/cpp/cors/cors.cc`), in its order: a space or a comma means
/// several values; `null` is a mismatch; a value `GURL` rejects is invalid; any other
/// is a mismatch. Where Chromium's parser cannot be predicted (a non-ASCII host, see
/// [`crate::gurl`]) both errors are given, the mismatch first.
pub fn rejection(value: &str) -> CorsErrorStatus {
    use crate::gurl::Validity;
    let error = if value.contains([' ', ',']) {
        CorsError::MultipleAllowOriginValues
    } else if value == "null" {
        CorsError::AllowOriginMismatch
    } else {
        match crate::gurl::validity(value) {
            Validity::Valid => CorsError::AllowOriginMismatch,
            Validity::Invalid => CorsError::InvalidAllowOriginValue,
            Validity::Undecided => {
                let mut status = CorsErrorStatus::new(CorsError::AllowOriginMismatch, value);
                status.alternatives.push(CorsError::InvalidAllowOriginValue);
                return status;
            }
        }
    };
    CorsErrorStatus::new(error, value)
}
