//! Share links: the request (and optionally the report) in the URL fragment.
//!
//! Format (documented in README): `#v1.<data>` where `<data>` is base64url (no padding)
//! of the raw-DEFLATE-compressed JSON of a [`SharePayload`]. The fragment never reaches a
//! server. The browser compresses (`CompressionStream("deflate-raw")`), so no
//! compression code ships in the page; everything else (secrets, redaction, versions,
//! limits, messages) is decided here and tested on the host.
//!
//! Secrets are redacted unless the person keeps a value on purpose: a link is pasted into
//! chats and trackers, and a bearer token in it is a leak.

use crate::input::FormInput;
use crate::report::Report;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The share format this page writes and the newest it reads.
pub const SHARE_VERSION: u32 = 1;
/// What replaces a redacted value.
pub const REDACTED: &str = "[redacted]";
/// Longest fragment accepted (characters after `#`): far above any real report, far
/// below what would stall the page.
pub const MAX_FRAGMENT_CHARS: usize = 200_000;
/// Largest decompressed payload accepted, in bytes (a compression bomb stops here).
pub const MAX_PAYLOAD_BYTES: usize = 2_000_000;

/// What a share link carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharePayload {
    pub v: u32,
    pub form: FormInput,
    #[serde(default)]
    pub allow_repeats: bool,
    #[serde(default)]
    pub report: Option<Report>,
    /// Labels of the values left out ("Authorization header"), shown when it is opened.
    #[serde(default)]
    pub redacted: Vec<String>,
}

/// Where a secret sits in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretPlace {
    Header,
    Query,
    UserInfo,
    Body,
}

/// A value in the request that looks like a credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secret {
    pub place: SecretPlace,
    pub name: String,
    pub value: String,
}

impl Secret {
    /// Stable id for the person's per-value choice (`header:authorization`).
    pub fn id(&self) -> String {
        let place = match self.place {
            SecretPlace::Header => "header",
            SecretPlace::Query => "query",
            SecretPlace::UserInfo => "userinfo",
            SecretPlace::Body => "body",
        };
        format!("{place}:{}", self.name.to_ascii_lowercase())
    }

    pub fn label(&self) -> String {
        match self.place {
            SecretPlace::Header => format!("{} header", self.name),
            SecretPlace::Query => format!("query parameter {}", self.name),
            SecretPlace::UserInfo => "user name and password in the URL".into(),
            SecretPlace::Body => "request body".into(),
        }
    }
}

/// Header names that always carry credentials.
const SECRET_HEADERS: &[&str] = &["authorization", "proxy-authorization", "cookie", "set-cookie"];
/// Name fragments that mark a header, query parameter or body as a credential.
const SECRET_WORDS: &[&str] = &[
    "token", "secret", "key", "auth", "session", "passw", "pwd", "signature", "sig", "credential", "bearer",
    "jwt", "csrf", "xsrf", "otp", "code",
];

/// Whether a header or parameter name marks its value as a credential.
pub fn is_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_HEADERS.contains(&lower.as_str()) || SECRET_WORDS.iter().any(|w| lower.contains(w))
}

/// The credential-like values in what the person typed.
pub fn find_secrets(form: &FormInput) -> Vec<Secret> {
    let mut found = Vec::new();
    for line in form.headers.lines() {
        if let Some((name, value)) = line.split_once(':') {
            let (name, value) = (name.trim(), value.trim());
            if !value.is_empty() && is_secret_name(name) {
                found.push(Secret { place: SecretPlace::Header, name: name.into(), value: value.into() });
            }
        }
    }
    let url = form.url.trim();
    if let Some((_, rest)) = url.split_once("://") {
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        if let Some((userinfo, _)) = authority.rsplit_once('@') {
            if !userinfo.is_empty() {
                found.push(Secret { place: SecretPlace::UserInfo, name: "userinfo".into(), value: userinfo.into() });
            }
        }
    }
    if let Some((_, query)) = url.split_once('?') {
        let query = query.split('#').next().unwrap_or("");
        for pair in query.split('&') {
            if let Some((name, value)) = pair.split_once('=') {
                if !value.is_empty() && is_secret_name(name) {
                    found.push(Secret { place: SecretPlace::Query, name: name.into(), value: value.into() });
                }
            }
        }
    }
    let body = form.body.trim();
    if !body.is_empty() && is_secret_name(body) {
        found.push(Secret { place: SecretPlace::Body, name: "body".into(), value: form.body.clone() });
    }
    found
}

/// Replaces every occurrence of the secrets' values in every string of `value`.
fn redact_value(value: &mut Value, secrets: &[&Secret]) {
    match value {
        Value::String(s) => {
            for secret in secrets {
                if s.contains(secret.value.as_str()) {
                    *s = s.replace(secret.value.as_str(), REDACTED);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| redact_value(v, secrets)),
        Value::Object(map) => map.values_mut().for_each(|v| redact_value(v, secrets)),
        _ => {}
    }
}

/// The secrets of `form` not in `keep` (ids from [`Secret::id`]), longest first so a
/// value that contains another is replaced whole.
fn to_redact<'a>(secrets: &'a [Secret], keep: &[String]) -> Vec<&'a Secret> {
    let mut chosen: Vec<&Secret> = secrets.iter().filter(|s| !keep.contains(&s.id())).collect();
    chosen.sort_by_key(|s| std::cmp::Reverse(s.value.len()));
    chosen
}

/// The payload's JSON with secrets redacted, except those the person chose to keep.
pub fn payload_json(form: &FormInput, allow_repeats: bool, report: Option<&Report>, keep: &[String]) -> String {
    let secrets = find_secrets(form);
    let chosen = to_redact(&secrets, keep);
    let payload = SharePayload {
        v: SHARE_VERSION,
        form: form.clone(),
        allow_repeats,
        report: report.cloned(),
        redacted: chosen.iter().map(|s| s.label()).collect(),
    };
    let mut value = serde_json::to_value(&payload).unwrap_or(Value::Null);
    if let Some(Value::Object(map)) = Some(&mut value) {
        for (key, field) in map.iter_mut() {
            if key != "redacted" {
                redact_value(field, &chosen);
            }
        }
    }
    value.to_string()
}

/// A report with the form's secrets redacted (for Markdown and other text to paste).
pub fn redact_report(report: &Report, form: &FormInput) -> Report {
    let secrets = find_secrets(form);
    let chosen = to_redact(&secrets, &[]);
    let Ok(mut value) = serde_json::to_value(report) else { return report.clone() };
    redact_value(&mut value, &chosen);
    serde_json::from_value(value).unwrap_or_else(|_| report.clone())
}

/// Why a share link could not be opened. Every variant leaves a working, empty page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// Made by a newer corsprobe.
    NewerVersion(u32),
    /// Longer than [`MAX_FRAGMENT_CHARS`] or inflating beyond [`MAX_PAYLOAD_BYTES`].
    TooLarge,
    /// Not valid base64url, not valid compressed data, or cut off.
    Damaged(String),
}

impl ShareError {
    /// A stable id for the page (`data-share-error`).
    pub fn id(&self) -> &'static str {
        match self {
            ShareError::NewerVersion(_) => "newer-version",
            ShareError::TooLarge => "too-large",
            ShareError::Damaged(_) => "damaged",
        }
    }

    pub fn message(&self) -> String {
        match self {
            ShareError::NewerVersion(v) => format!(
                "This link was made by a newer corsprobe (share format {v}); this page reads format {SHARE_VERSION}. Open it with the corsprobe that made it, or ask for a new link."
            ),
            ShareError::TooLarge => format!(
                "This link is too large to open (over {} characters or {} bytes of report). Nothing was loaded.",
                MAX_FRAGMENT_CHARS, MAX_PAYLOAD_BYTES
            ),
            ShareError::Damaged(why) => format!(
                "This link is damaged or cut off ({why}), so nothing was loaded. Copy the whole link again; chat apps sometimes shorten long links."
            ),
        }
    }
}

/// Reads a location hash. `Ok(None)`: no share link there (an empty or unrelated
/// fragment). `Ok(Some(bytes))`: the compressed payload to inflate.
pub fn parse_fragment(hash: &str) -> Result<Option<Vec<u8>>, ShareError> {
    let fragment = hash.strip_prefix('#').unwrap_or(hash);
    let Some(rest) = fragment.strip_prefix('v') else { return Ok(None) };
    let Some((version, data)) = rest.split_once('.') else { return Ok(None) };
    if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let version: u32 = version.parse().map_err(|_| ShareError::NewerVersion(u32::MAX))?;
    if version > SHARE_VERSION {
        return Err(ShareError::NewerVersion(version));
    }
    if version == 0 {
        return Err(ShareError::Damaged("unknown format 0".into()));
    }
    if fragment.len() > MAX_FRAGMENT_CHARS {
        return Err(ShareError::TooLarge);
    }
    if data.is_empty() {
        return Err(ShareError::Damaged("no data after the version".into()));
    }
    base64url_decode(data).map(Some)
}

/// The fragment (with `#`) for compressed payload bytes.
pub fn fragment_for(compressed: &[u8]) -> String {
    format!("#v{SHARE_VERSION}.{}", base64url_encode(compressed))
}

/// Reads inflated payload JSON.
pub fn decode_payload(json: &[u8]) -> Result<SharePayload, ShareError> {
    if json.len() > MAX_PAYLOAD_BYTES {
        return Err(ShareError::TooLarge);
    }
    // Read the version first, so a newer format is named as such rather than "damaged".
    let value: Value = serde_json::from_slice(json).map_err(|e| ShareError::Damaged(format!("invalid JSON: {e}")))?;
    match value.get("v").and_then(Value::as_u64) {
        Some(v) if v > SHARE_VERSION as u64 => return Err(ShareError::NewerVersion(v.min(u32::MAX as u64) as u32)),
        Some(_) => {}
        None => return Err(ShareError::Damaged("no format version".into())),
    }
    serde_json::from_value(value).map_err(|e| ShareError::Damaged(format!("unexpected content: {e}")))
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// RFC 4648 §5 base64url without padding. Hand-written (20 lines) because a share
/// link needs nothing else from a base64 crate and every kilobyte of wasm counts.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (*b as u32) << (16 - 8 * i));
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Inverse of [`base64url_encode`]; also accepts `=` padding and the standard `+/`
/// alphabet, which some chat apps and editors substitute.
pub fn base64url_decode(text: &str) -> Result<Vec<u8>, ShareError> {
    let text = text.trim_end_matches('=');
    if text.len() % 4 == 1 {
        return Err(ShareError::Damaged("the data has an impossible length".into()));
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return Err(ShareError::Damaged(format!("unexpected character {:?}", c as char))),
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_every_length() {
        let data: Vec<u8> = (0..=255u8).collect();
        for n in 0..40 {
            let enc = base64url_encode(&data[..n]);
            assert!(!enc.contains(['+', '/', '=']));
            assert_eq!(base64url_decode(&enc).unwrap(), &data[..n]);
        }
        assert_eq!(base64url_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64url_encode(b"fo"), "Zm8");
        assert_eq!(base64url_decode("Zm8=").unwrap(), b"fo");
        assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn bad_base64_is_damaged_not_a_panic() {
        assert!(matches!(base64url_decode("ab$c"), Err(ShareError::Damaged(_))));
        assert!(matches!(base64url_decode("abcde"), Err(ShareError::Damaged(_))));
        assert!(matches!(base64url_decode("é"), Err(ShareError::Damaged(_))));
    }
}
