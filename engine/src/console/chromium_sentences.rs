//! Chromium's CORS sentences as a table: the words a sentence starts with, how its failed
//! parameter is read, and the [`CorsError`]s it stands for.
//!
//! The sentences are Chromium's console strings, one per `network::mojom::CorsError`:
//! `GetErrorStringForConsoleMessage` in
//! `third_party/blink/renderer/platform/loader/cors/cors_error_string.cc`, which prints
//! the `failed_parameter` of the `CorsErrorStatus` built in
//! `services/network/public/cpp/cors/cors_error_status.cc` (and filled by `CheckAccess`
//! in `services/network/public/cpp/cors/cors.cc`). The rows marked *older* are wordings of
//! Chromium versions before 73 and of Private Network Access, which people still paste.
//!
//! No start is a prefix of another (a unit test checks it), so at most one row can match
//! a sentence and the order of the rows does not matter.

use super::reason::{leading_u16, names_a_header_early, unquote_header_names, unquoted_token, Reason};
use crate::cors_error::CorsError::{self, *};
use std::sync::OnceLock;

/// How a sentence names its failed parameter.
#[derive(Debug, Clone, Copy)]
pub(super) enum Param {
    /// It names none.
    None,
    /// A quoted value right after the start, up to `end` (which must follow).
    Value { end: &'static str },
    /// A quoted value after `after` (which must follow the start), up to `end`.
    ValueAfter { after: &'static str, end: &'static str },
    /// The invalid `Access-Control-Allow-Origin` value: up to the first `'. `, else the
    /// last `'.` (the value itself can hold `'. `-free quotes and dots).
    InvalidAllowOriginValue,
    /// A method (one token) up to `end`.
    Method { end: &'static str },
    /// A header name (one token, reported lowercased) up to `end`.
    Header { end: &'static str },
    /// An address space right after the start, up to its closing backtick (none when
    /// the backtick is missing: the sentence still counts).
    AddressSpace,
    /// An address space after `after` (which must follow the start), up to its closing
    /// backtick.
    AddressSpaceAfter { after: &'static str },
    /// No parameter, but the HTTP status code right after the start (older wording).
    StatusCode,
}

/// One Chromium sentence.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sentence {
    /// The words the sentence starts with.
    pub(super) starts: &'static str,
    pub(super) param: Param,
    /// The errors it stands for: one, or several when Chromium prints the same sentence
    /// for several errors.
    pub(super) errors: &'static [CorsError],
}

const fn sentence(starts: &'static str, param: Param, errors: &'static [CorsError]) -> Sentence {
    Sentence { starts, param, errors }
}

/// Every Chromium CORS sentence corsprobe reads, in `cors_error_string.cc`'s order of
/// errors.
pub(super) const CHROMIUM_SENTENCES: &[Sentence] = &[
    sentence("Cross origin requests are not allowed by request mode.", Param::None, &[DisallowedByMode]),
    sentence("The response is invalid.", Param::None, &[InvalidResponse]),
    // Chromium 156 reports this sentence as `InsecureLocalNetwork` (measured in
    // harness/tests/lna_in_chromium.rs); Private Network Access versions called it
    // `InsecurePrivateNetwork`. Both stand for the same finding.
    sentence(
        "The request client is not a secure context and the resource is in more-private address space `",
        Param::AddressSpace,
        &[InsecureLocalNetwork, InsecurePrivateNetwork],
    ),
    sentence(
        "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'",
        Param::None,
        &[WildcardOriginNotAllowed],
    ),
    // Older.
    sentence(
        "A wildcard '*' cannot be used in the 'Access-Control-Allow-Origin' header when the credentials flag is true",
        Param::None,
        &[WildcardOriginNotAllowed],
    ),
    sentence("No 'Access-Control-Allow-Origin' header is present on the requested resource", Param::None, &[MissingAllowOriginHeader]),
    sentence(
        "The 'Access-Control-Allow-Origin' header contains multiple values '",
        Param::Value { end: "', but only one is allowed" },
        &[MultipleAllowOriginValues],
    ),
    sentence("The 'Access-Control-Allow-Origin' header contains the invalid value '", Param::InvalidAllowOriginValue, &[InvalidAllowOriginValue]),
    sentence(
        "The 'Access-Control-Allow-Origin' header has a value '",
        Param::Value { end: "' that is not equal to the supplied origin" },
        &[AllowOriginMismatch],
    ),
    sentence(
        "The value of the 'Access-Control-Allow-Credentials' header in the response is '",
        Param::Value { end: "' which must be 'true' when the request's credentials mode is 'include'" },
        &[InvalidAllowCredentials],
    ),
    // Older.
    sentence(
        "Credentials flag is 'true', but the 'Access-Control-Allow-Credentials' header is '",
        Param::Value { end: "'. It must be 'true' to allow credentials" },
        &[InvalidAllowCredentials],
    ),
    sentence("Cross origin requests are only supported for protocol schemes: ", Param::None, &[CorsDisabledScheme]),
    sentence("It does not have HTTP ok status.", Param::None, &[PreflightInvalidStatus]),
    // Older.
    sentence("Response for preflight does not have HTTP ok status", Param::None, &[PreflightInvalidStatus]),
    // Older.
    sentence("Response for preflight has invalid HTTP status code ", Param::StatusCode, &[PreflightInvalidStatus]),
    sentence("Redirect is not allowed for a preflight request.", Param::None, &[PreflightDisallowedRedirect]),
    // Older.
    sentence("Response for preflight is invalid (redirect)", Param::None, &[PreflightDisallowedRedirect]),
    sentence(
        "No 'Access-Control-Allow-Private-Network' header was present in the preflight response for this private network request targeting the `",
        Param::AddressSpace,
        &[PreflightMissingAllowPrivateNetwork],
    ),
    sentence(
        "The 'Access-Control-Allow-Private-Network' header in the preflight response for this private network request targeting the `",
        Param::ValueAfter { after: "` address space had a value of '", end: "', not 'true'" },
        &[PreflightInvalidAllowPrivateNetwork],
    ),
    sentence(
        "No 'Access-Control-Allow-External' header was present in the preflight response for this external request",
        Param::None,
        &[PreflightMissingAllowPrivateNetwork],
    ),
    sentence(
        "The 'Access-Control-Allow-External' header in the preflight response for this external request had a value of '",
        Param::Value { end: "', not 'true'" },
        &[PreflightInvalidAllowPrivateNetwork],
    ),
    sentence(
        "Cannot parse Access-Control-Allow-Methods response header field in preflight response",
        Param::None,
        &[InvalidAllowMethodsPreflightResponse],
    ),
    sentence(
        "Cannot parse Access-Control-Allow-Headers response header field in preflight response",
        Param::None,
        &[InvalidAllowHeadersPreflightResponse],
    ),
    sentence(
        "Method ",
        Param::Method { end: " is not allowed by Access-Control-Allow-Methods in preflight response" },
        &[MethodDisallowedByPreflightResponse],
    ),
    sentence(
        "Request header field ",
        Param::Header { end: " is not allowed by Access-Control-Allow-Headers in preflight response" },
        &[HeaderDisallowedByPreflightResponse],
    ),
    sentence(
        "Redirect location '",
        Param::Value { end: "' contains a username and password, which is disallowed for cross-origin requests" },
        &[RedirectContainsCredentials],
    ),
    sentence(
        "Request had a target IP address space of `",
        Param::AddressSpaceAfter { after: "` yet the resource is in address space `" },
        &[InvalidPrivateNetworkAccess],
    ),
    sentence(
        "Request had no target IP address space, yet the resource is in address space `",
        Param::AddressSpace,
        &[UnexpectedPrivateNetworkAccess],
    ),
    sentence(
        "No 'Private-Network-Access-Id' header was present in the preflight response for this private network request targeting the `",
        Param::AddressSpace,
        &[PreflightMissingPrivateNetworkAccessId],
    ),
    sentence(
        "No 'Private-Network-Access-Name' header was present in the preflight response for this private network request targeting the `",
        Param::AddressSpace,
        &[PreflightMissingPrivateNetworkAccessName],
    ),
    sentence("Unable to ask for permission to access the `", Param::AddressSpace, &[PrivateNetworkAccessPermissionUnavailable]),
    // Private Network Access and its successor, Local Network Access, print the same
    // sentence for their two errors.
    sentence(
        "Permission was denied for this request to access the `",
        Param::AddressSpace,
        &[PrivateNetworkAccessPermissionDenied, LocalNetworkAccessPermissionDenied],
    ),
];

/// The Chromium sentence `s` starts with, read: `None` when it starts with none of them,
/// or when its parameter cannot be read.
pub(super) fn chromium_sentence(s: &str) -> Option<Reason> {
    if let Some(row) = CHROMIUM_SENTENCES.iter().find(|row| s.starts_with(row.starts)) {
        return read(row, s.get(row.starts.len()..).unwrap_or(""));
    }
    // Typed from memory: header names quoted some other way, or not at all.
    if !names_a_header_early(s) {
        return None;
    }
    let loose = unquote_header_names(s);
    let (row, rest) = CHROMIUM_SENTENCES.iter().zip(unquoted_starts()).find_map(|(row, start)| Some((row, loose.strip_prefix(start.as_str())?)))?;
    read(row, rest)
}

/// The starts of [`CHROMIUM_SENTENCES`] through [`unquote_header_names`], in the same order.
fn unquoted_starts() -> &'static [String] {
    static STARTS: OnceLock<Vec<String>> = OnceLock::new();
    STARTS.get_or_init(|| CHROMIUM_SENTENCES.iter().map(|row| unquote_header_names(row.starts)).collect())
}

/// The sentence of `row`, whose words after the start are `rest`.
fn read(row: &Sentence, rest: &str) -> Option<Reason> {
    let reason = Reason::among(row.errors);
    let space = |rest: &str| rest.split_once('`').map(|(s, _)| s.to_string());
    Some(match row.param {
        Param::None => reason,
        Param::Value { end } => reason.param(rest.split_once(end)?.0),
        Param::ValueAfter { after, end } => reason.param(rest.split_once(after)?.1.split_once(end)?.0),
        Param::InvalidAllowOriginValue => reason.param(rest.split_once("'. ").or_else(|| rest.rsplit_once("'."))?.0),
        Param::Method { end } => reason.param(unquoted_token(rest.split_once(end)?.0)?),
        Param::Header { end } => reason.header(unquoted_token(rest.split_once(end)?.0)?),
        Param::AddressSpace => Reason { param: space(rest), ..reason },
        Param::AddressSpaceAfter { after } => Reason { param: space(rest.split_once(after)?.1), ..reason },
        Param::StatusCode => reason.status(leading_u16(rest)),
    })
}

#[cfg(test)]
mod tests {
    use super::super::chromium::CHROMIUM_STARTS;
    use super::*;

    #[test]
    fn no_sentence_start_is_a_prefix_of_another() {
        for (i, a) in CHROMIUM_SENTENCES.iter().enumerate() {
            for (j, b) in CHROMIUM_SENTENCES.iter().enumerate() {
                assert!(i == j || !b.starts.starts_with(a.starts), "{:?} starts {:?}", a.starts, b.starts);
            }
        }
    }

    #[test]
    fn every_sentence_is_found_without_its_access_to_part() {
        for row in CHROMIUM_SENTENCES {
            assert!(CHROMIUM_STARTS.iter().any(|start| row.starts.starts_with(start)), "{:?} is in no CHROMIUM_STARTS", row.starts);
        }
    }
}
