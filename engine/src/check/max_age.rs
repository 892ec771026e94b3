//! `Access-Control-Max-Age`.

use crate::headers::HeaderList;
use serde::{Deserialize, Serialize};

/// The header's name.
pub const NAME: &str = "Access-Control-Max-Age";

/// How long (seconds) a browser caches a preflight without the header (Fetch §4.8
/// step 7.9).
pub const DEFAULT_SECONDS: u64 = 5;
/// Chromium's cap (`kMaxTimeout` in `services/network/cors/preflight_result.cc`).
pub const CHROMIUM_CAP_SECONDS: u64 = 7200;
/// Firefox's cap.
pub const FIREFOX_CAP_SECONDS: u64 = 86400;

/// A parsed `Access-Control-Max-Age`: how many seconds the preflight's answer may be
/// cached (for this origin, URL, method and headers).
///
/// The value is `delta-seconds` (one or more digits). Browsers cap it: Chromium at
/// 7200 s (2 h), Firefox at 86400 s (24 h); more is silently shortened. Without the
/// header the answer is cached 5 s. A value that is not a number is not an error: the
/// preflight still counts for the request that sent it (Chromium then caches for the
/// default 5 s, or not at all for a negative number).
///
/// MDN: <https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Max-Age>
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "seconds", rename_all = "kebab-case")]
pub enum MaxAge {
    Absent,
    Seconds(u64),
}

/// Why an `Access-Control-Max-Age` value is not `delta-seconds`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum MaxAgeError {
    /// `-N`: Chromium does not cache at all.
    Negative(String),
    /// Digits beyond what a 64-bit number holds: Chromium falls back to 5 s.
    TooLarge(String),
    /// Anything else (`10m`, `1.5`, `600, 600`): Chromium falls back to 5 s.
    NotANumber(String),
}

impl MaxAge {
    pub fn from_headers(headers: &HeaderList) -> Result<MaxAge, MaxAgeError> {
        match headers.get(NAME) {
            None => Ok(MaxAge::Absent),
            Some(value) => MaxAge::parse(&value),
        }
    }

    pub fn parse(value: &str) -> Result<MaxAge, MaxAgeError> {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if let Some(rest) = value.strip_prefix('-') {
            if digits(rest) {
                return Err(MaxAgeError::Negative(value.to_string()));
            }
        }
        if !digits(value) {
            return Err(MaxAgeError::NotANumber(value.to_string()));
        }
        value.parse::<u64>().map(MaxAge::Seconds).map_err(|_| MaxAgeError::TooLarge(value.to_string()))
    }

    /// How long Chromium caches the preflight.
    pub fn chromium_seconds(self) -> u64 {
        match self {
            MaxAge::Absent => DEFAULT_SECONDS,
            MaxAge::Seconds(s) => s.min(CHROMIUM_CAP_SECONDS),
        }
    }

    /// How long Firefox caches the preflight.
    pub fn firefox_seconds(self) -> u64 {
        match self {
            MaxAge::Absent => DEFAULT_SECONDS,
            MaxAge::Seconds(s) => s.min(FIREFOX_CAP_SECONDS),
        }
    }
}

impl MaxAgeError {
    /// How long Chromium caches the preflight when the value does not parse.
    pub fn chromium_seconds(&self) -> u64 {
        match self {
            MaxAgeError::Negative(_) => 0,
            MaxAgeError::TooLarge(_) | MaxAgeError::NotANumber(_) => DEFAULT_SECONDS,
        }
    }

    pub fn value(&self) -> &str {
        match self {
            MaxAgeError::Negative(v) | MaxAgeError::TooLarge(v) | MaxAgeError::NotANumber(v) => v,
        }
    }
}
