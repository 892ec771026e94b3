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

use crate::diagnose::{begin, diagnose, Begin};
use crate::input::FormInput;
use crate::plan::ProbeKind;
use crate::report::{BrowserInfo, ProbeOutcome, Report};
use serde::{Deserialize, Serialize};

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
    /// What the browser did, from which the report is rebuilt (absent: request only).
    #[serde(default)]
    pub evidence: Option<Evidence>,
    /// Labels of the values left out ("Authorization header"), shown when it is opened.
    #[serde(default)]
    pub redacted: Vec<String>,
}

/// The facts a report is derived from. A link carries these, not the report: the
/// engine rebuilds the identical report from them (the same form, origin and outcomes
/// always give the same diagnosis), links stay short, and the page needs no reader for
/// the whole report format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub page_origin: String,
    #[serde(default)]
    pub browser: Option<BrowserInfo>,
    pub probes: Vec<SavedProbe>,
    /// The responses a native client read (`corsprobe check --share-base`), as
    /// `curl -v`-style text (`> OPTIONS /x HTTP/1.1`, `< HTTP/1.1 204`, `< Name: value`):
    /// the report is rebuilt by judging them ([`crate::analyze::analyze_headers`]), as
    /// pasted headers are. Absent in links of live runs; links without it read as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<String>,
}

/// One probe's outcome, flat (cheaper to read than the report's tagged enum).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedProbe {
    pub id: String,
    /// `response`, `failed`, `timeout`, `cancelled` or `threw`.
    pub outcome: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_type: Option<String>,
    #[serde(default)]
    pub status: u16,
    #[serde(default)]
    pub redirected: bool,
    #[serde(default)]
    pub elapsed_ms: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl SavedProbe {
    fn of(id: &str, o: &ProbeOutcome) -> SavedProbe {
        let mut saved = SavedProbe {
            id: id.into(),
            outcome: String::new(),
            response_type: None,
            status: 0,
            redirected: false,
            elapsed_ms: o.elapsed_ms().unwrap_or_default(),
            message: None,
        };
        saved.outcome = match o {
            ProbeOutcome::Response { response_type, status, redirected, .. } => {
                saved.response_type = Some(response_type.clone());
                saved.status = *status;
                saved.redirected = *redirected;
                "response"
            }
            ProbeOutcome::Failed { message, .. } => {
                saved.message = Some(message.clone());
                "failed"
            }
            ProbeOutcome::Timeout { .. } => "timeout",
            ProbeOutcome::Cancelled => "cancelled",
            ProbeOutcome::Threw { message } => {
                saved.message = Some(message.clone());
                "threw"
            }
        }
        .into();
        saved
    }

    fn outcome(&self) -> Option<ProbeOutcome> {
        let message = || self.message.clone().unwrap_or_default();
        Some(match self.outcome.as_str() {
            "response" => ProbeOutcome::Response {
                response_type: self.response_type.clone()?,
                status: self.status,
                redirected: self.redirected,
                elapsed_ms: self.elapsed_ms,
            },
            "failed" => ProbeOutcome::Failed { message: message(), elapsed_ms: self.elapsed_ms },
            "timeout" => ProbeOutcome::Timeout { elapsed_ms: self.elapsed_ms },
            "cancelled" => ProbeOutcome::Cancelled,
            "threw" => ProbeOutcome::Threw { message: message() },
            _ => return None,
        })
    }
}

impl Evidence {
    /// A live run's evidence: the outcomes as the probes finished.
    pub fn of_run(page_origin: &str, browser: Option<BrowserInfo>, outcomes: &[(ProbeKind, ProbeOutcome)]) -> Evidence {
        Evidence {
            page_origin: page_origin.into(),
            browser,
            probes: outcomes.iter().map(|(kind, o)| SavedProbe::of(&kind.id(), o)).collect(),
            headers: None,
        }
    }

    pub fn of(report: &Report) -> Evidence {
        Evidence {
            page_origin: report.page_origin.clone(),
            browser: report.browser.clone(),
            probes: report.probes.iter().map(|p| SavedProbe::of(&p.id, &p.outcome)).collect(),
            headers: None,
        }
    }
}

/// Rebuilds the report a link's evidence stands for. `None`: the link has no evidence,
/// or its outcomes do not fit the plan this engine makes for its form.
pub fn replay(payload: &SharePayload) -> Option<Report> {
    let evidence = payload.evidence.as_ref()?;
    if let Some(text) = &evidence.headers {
        let request = crate::input::validate(&payload.form).ok()?.spec;
        let mut report = crate::analyze::analyze_headers(text, &request, &evidence.page_origin).ok()?;
        report.browser = evidence.browser.clone();
        report.source = Some("cli".into());
        return Some(report);
    }
    let mut report = match begin(&payload.form, &evidence.page_origin, payload.allow_repeats) {
        Begin::Decided { report, .. } => report,
        Begin::Probe { mut plan, dropped } => {
            // Links made before the redirect-manual probe was planned for `redirect:
            // "error"` (2026-12-05) have no outcome for it: judged without it, as made.
            if payload.form.redirect == crate::request::RedirectMode::Error {
                plan.probes.retain(|p| p.kind != ProbeKind::RedirectManual || evidence.probes.iter().any(|s| s.id == p.kind.id()));
            }
            let mut outcomes = Vec::with_capacity(plan.probes.len());
            for probe in &plan.probes {
                let id = probe.kind.id();
                let saved = evidence.probes.iter().find(|s| s.id == id)?;
                outcomes.push((probe.kind.clone(), saved.outcome()?));
            }
            diagnose(&plan, &outcomes, &dropped)
        }
    };
    report.browser = evidence.browser.clone();
    Some(report)
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
const SECRET_WORDS: &[&str] =
    &["token", "secret", "key", "auth", "session", "passw", "pwd", "signature", "sig", "credential", "bearer", "jwt", "csrf", "xsrf", "otp", "code"];

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

/// The secrets of `form` not in `keep` (ids from [`Secret::id`]), longest first so a
/// value that contains another is replaced whole.
fn to_redact<'a>(secrets: &'a [Secret], keep: &[String]) -> Vec<&'a Secret> {
    let mut chosen: Vec<&Secret> = secrets.iter().filter(|s| !keep.contains(&s.id())).collect();
    chosen.sort_by_key(|s| std::cmp::Reverse(s.value.len()));
    chosen
}

/// Replaces the secrets' values in plain text.
fn redact_text(text: &str, secrets: &[&Secret]) -> String {
    secrets.iter().fold(text.to_string(), |t, s| t.replace(s.value.as_str(), REDACTED))
}

/// Redacts the secrets inside every string *value* of a JSON text (never inside keys or
/// escape sequences, so the structure stays valid): each string literal is decoded,
/// redacted, and encoded again. Working on the text spares the page a second
/// (de)serializer for `serde_json::Value`, which costs tens of kilobytes of wasm.
fn redact_json(json: &str, secrets: &[&Secret]) -> String {
    if secrets.is_empty() {
        return json.to_string();
    }
    let mut out = String::with_capacity(json.len());
    let mut rest = json;
    while let Some(start) = rest.find('"') {
        out.push_str(&rest[..start]);
        let literal_and_after = &rest[start..];
        let Some(len) = string_literal_len(literal_and_after) else {
            out.push_str(literal_and_after);
            return out;
        };
        let (literal, after) = literal_and_after.split_at(len);
        let is_key = after.trim_start().starts_with(':');
        match serde_json::from_str::<String>(literal) {
            Ok(decoded) if !is_key => {
                let redacted = redact_text(&decoded, secrets);
                out.push_str(&serde_json::to_string(&redacted).unwrap_or_else(|_| literal.to_string()));
            }
            _ => out.push_str(literal),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Length in bytes of the JSON string literal at the start of `s` (which begins with `"`).
fn string_literal_len(s: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Secrets shorter than this are redacted only where they sit in the form: searched for
/// in the report's free text, a short value would also hit words and enum values.
pub const MIN_SEARCHED_SECRET: usize = 6;

/// The form with the chosen secrets replaced exactly where they sit.
fn redact_form(form: &FormInput, chosen: &[&Secret]) -> FormInput {
    let hit = |place: SecretPlace, name: &str| chosen.iter().any(|s| s.place == place && s.name == name);
    let mut out = form.clone();
    out.headers = form
        .headers
        .lines()
        .map(|line| match line.split_once(':') {
            Some((name, _)) if hit(SecretPlace::Header, name.trim()) => format!("{}: {REDACTED}", name.trim()),
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut url = form.url.trim().to_string();
    if let Some(userinfo) = chosen.iter().find(|s| s.place == SecretPlace::UserInfo) {
        // Brackets are not allowed in userinfo: keep the URL valid so the link replays.
        url = url.replacen(&format!("{}@", userinfo.value), "redacted@", 1);
    }
    if let Some((base, query)) = url.clone().split_once('?') {
        let (query, fragment) = query.split_once('#').map_or((query, None), |(q, f)| (q, Some(f)));
        let query = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((name, _)) if hit(SecretPlace::Query, name) => format!("{name}={REDACTED}"),
                _ => pair.to_string(),
            })
            .collect::<Vec<_>>()
            .join("&");
        url = format!("{base}?{query}{}", fragment.map(|f| format!("#{f}")).unwrap_or_default());
    }
    out.url = url;
    if chosen.iter().any(|s| s.place == SecretPlace::Body) {
        out.body = REDACTED.into();
    }
    out
}

/// The payload's JSON with secrets redacted, except those the person chose to keep.
/// `evidence`: what the browser did (`Evidence::of(&report)`), for a link with its report.
pub fn payload_json(form: &FormInput, allow_repeats: bool, evidence: Option<&Evidence>, keep: &[String]) -> String {
    let secrets = find_secrets(form);
    let chosen = to_redact(&secrets, keep);
    let payload = SharePayload {
        v: SHARE_VERSION,
        form: redact_form(form, &chosen),
        allow_repeats,
        evidence: evidence.cloned(),
        redacted: chosen.iter().map(|s| s.label()).collect(),
    };
    let json = serde_json::to_string(&payload).unwrap_or_default();
    let searched: Vec<&Secret> = chosen.into_iter().filter(|s| s.value.len() >= MIN_SEARCHED_SECRET).collect();
    redact_json(&json, &searched)
}

/// The request's URL with its secrets redacted (for lists of recent runs).
pub fn redacted_url(form: &FormInput) -> String {
    let secrets = find_secrets(form);
    redact_form(form, &to_redact(&secrets, &[])).url
}

/// Free text about a request (Markdown) with the request's secrets redacted: the ones
/// long enough to search for, and every header or parameter line that names one.
pub fn redact_for_request(text: &str, form: &FormInput) -> String {
    let secrets = find_secrets(form);
    let chosen = to_redact(&secrets, &[]);
    let searched: Vec<&Secret> = chosen.iter().copied().filter(|s| s.value.len() >= MIN_SEARCHED_SECRET).collect();
    let redacted = redact_text(text, &searched);
    // Short values: redact them in "Name: value" pairs only.
    chosen
        .iter()
        .filter(|s| s.value.len() < MIN_SEARCHED_SECRET && s.place == SecretPlace::Header)
        .fold(redacted, |t, s| t.replace(&format!("{}: {}", s.name, s.value), &format!("{}: {REDACTED}", s.name)))
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
    #[derive(Deserialize)]
    struct Version {
        v: Option<u64>,
    }
    let version: Version = serde_json::from_slice(json).map_err(|e| ShareError::Damaged(format!("invalid JSON: {e}")))?;
    match version.v {
        Some(v) if v > SHARE_VERSION as u64 => return Err(ShareError::NewerVersion(v.min(u32::MAX as u64) as u32)),
        Some(_) => {}
        None => return Err(ShareError::Damaged("no format version".into())),
    }
    serde_json::from_slice(json).map_err(|e| ShareError::Damaged(format!("unexpected content: {e}")))
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
