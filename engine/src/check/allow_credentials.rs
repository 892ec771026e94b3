//! `Access-Control-Allow-Credentials`.

use crate::headers::HeaderList;
use serde::{Deserialize, Serialize};

/// The header's name.
pub const NAME: &str = "Access-Control-Allow-Credentials";

/// `Access-Control-Allow-Credentials: true`, the header's only valid value: the response
/// may be shared with a request whose credentials mode is `include`.
///
/// The value is case-sensitive (Fetch §3.2.3: `true`, nothing else); `True` or `1` are
/// as good as absent. Repeated lines are joined (`true, true`), which is not `true`
/// either.
///
/// MDN: <https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Allow-Credentials>
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllowCredentials;

/// Why a response does not allow credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum AllowCredentialsError {
    Missing,
    /// Any value other than exactly `true`; carries it.
    NotTrue(String),
}

impl AllowCredentials {
    pub fn from_headers(headers: &HeaderList) -> Result<AllowCredentials, AllowCredentialsError> {
        AllowCredentials::parse(headers.get(NAME).as_deref())
    }

    pub fn parse(value: Option<&str>) -> Result<AllowCredentials, AllowCredentialsError> {
        match value {
            None => Err(AllowCredentialsError::Missing),
            Some("true") => Ok(AllowCredentials),
            Some(other) => Err(AllowCredentialsError::NotTrue(other.to_string())),
        }
    }
}

impl AllowCredentialsError {
    /// Chromium's `failedParameter` for `InvalidAllowCredentials`: the value, or "".
    pub fn param(&self) -> &str {
        match self {
            AllowCredentialsError::Missing => "",
            AllowCredentialsError::NotTrue(v) => v,
        }
    }
}
