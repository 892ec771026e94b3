//! Whether Chromium's URL parser accepts a string: `GURL(value).is_valid()`.
//!
//! One CORS decision depends on it. When an `Access-Control-Allow-Origin` value is not
//! the request's origin, is not `*` or `null` and has no space or comma, Chromium's
//! `CheckAccess` (`services/network/public/cpp/cors/cors.cc`) reports
//! `InvalidAllowOriginValue` if `GURL(value)` is invalid, else `AllowOriginMismatch`.
//! The Fetch standard has no such distinction, so this is Chromium's rule, not the
//! standard's, and it follows Chromium's `url/` code, cited step by step:
//!
//! - `url_util.cc` `DoCanonicalize`: trim, drop tab/LF/CR, find the scheme;
//! - `url_canon_etc.cc` `DoScheme`: the scheme's characters;
//! - `third_party/mozilla/url_parse.cc` `ParseStandardURL`, `ParseAuthority`,
//!   `ParseServerInfo`: where the host and the port are;
//! - `url_canon_host.cc` `DoSimpleHost` (`kHostCharLookup`), `DoComplexHost`,
//!   `DoOpaqueHost`: the host's characters and percent-escapes;
//! - `url_canon_ip.cc`: IPv4 and IPv6 literals;
//! - `url_canon_stdurl.cc` `DefaultPortForScheme` / `url_canon_etc.cc` `DoPort`: ports.
//!
//! A host with non-ASCII characters goes through ICU's UTS #46 mapping in Chromium,
//! whose tables the engine does not carry (they would double the page's wasm). Such
//! values are [`Validity::Undecided`] unless something ASCII already makes them
//! invalid: callers then name both errors instead of guessing one.
//!
//! Checked against real Chromium: `harness/tests/gurl_in_chromium.rs` asks Chromium's
//! own parser about a generated corpus and compares it with [`validity`].

/// What Chromium's URL parser says of a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    Valid,
    Invalid,
    /// Depends on IDNA tables the engine does not carry (a non-ASCII host), or on a
    /// Chromium feature flag (a `%20` in a host).
    Undecided,
}

use Validity::*;

impl Validity {
    fn and(self, other: Validity) -> Validity {
        match (self, other) {
            (Invalid, _) | (_, Invalid) => Invalid,
            (Undecided, _) | (_, Undecided) => Undecided,
            _ => Valid,
        }
    }
}

/// `GURL(input).is_valid()`, for an absolute URL without a base.
pub fn validity(input: &str) -> Validity {
    // `DoCanonicalize`: leading and trailing C0 controls and spaces are trimmed
    // (`ShouldTrimFromURL`: ch <= 0x20), then tab, LF and CR are removed anywhere
    // (`RemoveURLWhitespace`).
    let trimmed = input.trim_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    // `ExtractScheme`: everything before the first colon; without one there is no
    // scheme, and a GURL without a base is invalid.
    let Some((scheme, rest)) = cleaned.split_once(':') else {
        return Invalid;
    };
    if !is_valid_scheme(scheme) {
        return Invalid;
    }
    match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" | "ws" | "wss" | "ftp" => special_url(rest, false),
        "file" => special_url(rest, true),
        _ => non_special_url(rest),
    }
}

/// `DoScheme`: a letter, then letters, digits, `+`, `-`, `.`; empty is invalid.
fn is_valid_scheme(scheme: &str) -> bool {
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `ParseStandardURL`: any number of slashes (either kind), the authority up to the
/// first `/`, `\`, `?` or `#`, then a path, query and fragment that are always
/// canonicalizable (escaped as needed).
fn special_url(after_scheme: &str, file: bool) -> Validity {
    let after_slashes = after_scheme.trim_start_matches(['/', '\\']);
    if file {
        // `ParseFileURL` / `url_canon_fileurl.cc`: the host runs to the next slash
        // (a `?` or `#` before it is part of the host, and invalid there); a file URL
        // may have no host; one it has is checked like any host, except that a space
        // is escaped, never an error.
        let host = after_slashes.split(['/', '\\']).next().unwrap_or("");
        return if host.is_empty() { Valid } else { host_validity(host, HostMode::File) };
    }
    let authority = after_slashes.split(['/', '\\', '?', '#']).next().unwrap_or("");
    // `ParseAuthority`: the last `@` ends the user info (always canonicalizable).
    let server = authority.rsplit_once('@').map_or(authority, |(_, s)| s);
    let (host, port) = split_server_info(server);
    if host.is_empty() {
        // `DoCanonicalizeStandardURL`: a special URL needs a host.
        return Invalid;
    }
    host_validity(host, HostMode::Special).and(port_validity(port))
}

/// Non-special schemes (`localhost:8080` has the scheme `localhost`) with Chromium's
/// standard-compliant parsing: `scheme://authority…` has an opaque host; anything
/// else is an opaque path, which is always valid.
fn non_special_url(after_scheme: &str) -> Validity {
    let Some(after_slashes) = after_scheme.strip_prefix("//") else {
        return Valid;
    };
    let authority = after_slashes.split(['/', '?', '#']).next().unwrap_or("");
    let (userinfo, server) = match authority.rsplit_once('@') {
        Some((userinfo, server)) => (Some(userinfo), server),
        None => (None, authority),
    };
    let (host, port) = split_server_info(server);
    if host.is_empty() {
        // The URL Standard: user info, or a port, without a host fails. Chromium was
        // seen to agree for user info; a bare port was not measured.
        return match (userinfo, port) {
            (Some(_), _) => Invalid,
            (None, Some(_)) => Undecided,
            (None, None) => Valid,
        };
    }
    // `DoOpaqueHost`: forbidden host code points fail; `[`, `]` and `:` are left to
    // `DoCanonicalizeIPv6Address`, which fails any host that has one of them and is
    // not an IPv6 literal.
    let host_ok = if host.contains(['[', ']', ':']) {
        if ipv6_literal_is_valid(host) {
            Valid
        } else {
            Invalid
        }
    } else if host.chars().any(|c| (c as u32) < 0x80 && is_forbidden_host_code_point(c as u8)) {
        Invalid
    } else {
        Valid
    };
    host_ok.and(port_validity(port))
}

/// `ParseServerInfo`: the port follows the last colon, if that colon comes after the
/// last `]` (or there is no `]` and the host does not start with `[`).
fn split_server_info(server: &str) -> (&str, Option<&str>) {
    let ipv6_terminator = server.rfind(']').or(if server.starts_with('[') { Some(server.len()) } else { None });
    match server.rfind(':') {
        Some(colon) if ipv6_terminator.is_none_or(|t| colon > t) => (&server[..colon], Some(&server[colon + 1..])),
        _ => (server, None),
    }
}

/// `DoPort`: empty is no port; otherwise decimal digits whose value is at most 65535
/// (leading zeros allowed).
fn port_validity(port: Option<&str>) -> Validity {
    match port {
        None | Some("") => Valid,
        Some(p) if p.bytes().all(|b| b.is_ascii_digit()) => {
            let digits = p.trim_start_matches('0');
            if digits.len() <= 5 && digits.parse::<u32>().unwrap_or(0) <= 65535 {
                Valid
            } else {
                Invalid
            }
        }
        Some(_) => Invalid,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum HostMode {
    Special,
    File,
}

/// `DoHost` for special URLs: percent-decode and check each character against
/// `kHostCharLookup` (`DoSimpleHost`), hand non-ASCII hosts to IDNA (`DoComplexHost`),
/// then look for IP literals (`CanonicalizeIPAddress`).
fn host_validity(host: &str, mode: HostMode) -> Validity {
    let Some(bytes) = percent_decode(host) else {
        return Invalid;
    };
    let mut result = Valid;
    let mut ascii = Vec::with_capacity(bytes.len());
    for &b in &bytes {
        if b >= 0x80 {
            // Non-ASCII: ICU's UTS #46 decides. Invalid UTF-8 fails the conversion to
            // UTF-16 before that (`ConvertUTF8ToUTF16`).
            result = Undecided;
            continue;
        }
        match HOST_CHAR[b as usize] {
            HostChar::Invalid => return Invalid,
            // A space is escaped; outside file URLs it fails when the
            // `DisallowSpaceCharacterInURLHostParsing` feature is on, which the engine
            // cannot know.
            HostChar::Escaped if b == b' ' && mode == HostMode::Special => result = Undecided,
            HostChar::Escaped => {}
            HostChar::Kept => ascii.push(b.to_ascii_lowercase()),
        }
    }
    if result == Undecided {
        let Ok(text) = std::str::from_utf8(&bytes) else {
            return Invalid;
        };
        // U+FFFD is disallowed by UTS #46; it also stands for bytes that were not UTF-8
        // when the header was read.
        if text.contains('\u{FFFD}') {
            return Invalid;
        }
        return Undecided;
    }
    // `CanonicalizeIPAddress`: IPv4 first ("ends in a number"), then IPv6.
    let host = String::from_utf8(ascii).unwrap_or_default();
    match ipv4_validity(&host) {
        Some(valid) => {
            if valid {
                Valid
            } else {
                Invalid
            }
        }
        None if host.contains(['[', ']', ':']) => {
            // `DoCanonicalizeIPv6Address`: not an IPv6 literal, yet it has characters
            // only IPv6 literals may have.
            if ipv6_literal_is_valid(&host) {
                Valid
            } else {
                Invalid
            }
        }
        None => Valid,
    }
}

/// `DecodeEscaped` in `DoSimpleHost`: `%` must be followed by two hex digits.
fn percent_decode(host: &str) -> Option<Vec<u8>> {
    let bytes = host.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let text = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(text, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

#[derive(Clone, Copy)]
enum HostChar {
    Invalid,
    /// Valid but written percent-escaped (space and `*`).
    Escaped,
    Kept,
}

/// `kHostCharLookup` in `url_canon_host.cc`: C0 controls, `#`, `%` (after decoding),
/// `/`, `<`, `>`, `?`, `@`, `\`, `^`, `|` and DEL are invalid in a host.
const HOST_CHAR: [HostChar; 128] = {
    let mut table = [HostChar::Kept; 128];
    let mut c = 0;
    while c < 0x20 {
        table[c] = HostChar::Invalid;
        c += 1;
    }
    let invalid = b"#%/<>?@\\^|\x7f";
    let mut i = 0;
    while i < invalid.len() {
        table[invalid[i] as usize] = HostChar::Invalid;
        i += 1;
    }
    table[b' ' as usize] = HostChar::Escaped;
    table[b'*' as usize] = HostChar::Escaped;
    table
};

/// The URL Standard's forbidden host code points (`kHostCharacterTable` in
/// `url_canon_host.cc`), used for opaque hosts; `[`, `]` and `:` are left to the IPv6
/// check by the caller.
fn is_forbidden_host_code_point(b: u8) -> bool {
    matches!(b, 0 | b'\t' | b'\n' | b'\r' | b' ' | b'#' | b'/' | b'<' | b'>' | b'?' | b'@' | b'\\' | b'^' | b'|')
}

/// The URL Standard's IPv4 parser as Chromium runs it (`IPv4AddressToNumber`):
/// `None` when the host does not end in a number (a domain name), otherwise whether it
/// is a valid address.
fn ipv4_validity(host: &str) -> Option<bool> {
    let mut parts: Vec<&str> = host.split('.').collect();
    // "ends in a number": one trailing empty label is ignored.
    if parts.len() > 1 && parts.last() == Some(&"") {
        parts.pop();
    }
    let last = *parts.last()?;
    let ends_in_number = (!last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()))
        || last.strip_prefix("0x").is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
    if !ends_in_number {
        return None;
    }
    if parts.len() > 4 {
        return Some(false);
    }
    let mut numbers = Vec::with_capacity(parts.len());
    for part in &parts {
        match ipv4_number(part) {
            Some(n) => numbers.push(n),
            None => return Some(false),
        }
    }
    let (last, init) = numbers.split_last()?;
    if init.iter().any(|&n| n > 255) {
        return Some(false);
    }
    let limit = 256u64.pow(5 - numbers.len() as u32);
    Some(*last < limit)
}

/// One IPv4 part: decimal, `0x` hex (possibly empty), or octal with a leading `0`.
fn ipv4_number(part: &str) -> Option<u64> {
    if part.is_empty() {
        return None;
    }
    let (digits, radix) = if let Some(hex) = part.strip_prefix("0x") {
        (hex, 16)
    } else if part.len() > 1 && part.starts_with('0') {
        (&part[1..], 8)
    } else {
        (part, 10)
    };
    if digits.is_empty() {
        return Some(0);
    }
    if !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    // Larger than any valid address either way: saturate instead of overflowing.
    Some(u64::from_str_radix(digits, radix).unwrap_or(u64::MAX))
}

/// A bracketed IPv6 literal as Chromium parses it (`DoParseIPv6`,
/// `CheckIPv6ComponentsSize`, `DoIPv6AddressToNumber` in `url_canon_ip.cc`): up to
/// eight groups of one to four hex digits, at most one `::`, and optionally a trailing
/// IPv4 address of four numbers in any form Chromium's IPv4 parser accepts (so
/// `::1.2.3.04` is valid, unlike in the URL Standard).
fn ipv6_literal_is_valid(host: &str) -> bool {
    let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) else {
        return false;
    };
    let b = inner.as_bytes();
    if b.is_empty() {
        return false;
    }
    let end = b.len();
    let (mut hex_groups, mut contraction, mut ipv4) = (0usize, None::<usize>, None::<&str>);
    let (mut group_begin, mut i) = (0usize, 0usize);
    loop {
        let is_colon = i < end && b[i] == b':';
        let is_contraction = is_colon && i + 1 < end && b[i + 1] == b':';
        if is_colon || i == end {
            let len = i - group_begin;
            // Empty groups only as a `::` at the very start or the very end.
            if len > 4 || (len == 0 && !((is_contraction && i == 0) || (i == end && contraction == Some(hex_groups)))) {
                return false;
            }
            if len > 0 {
                if hex_groups == 8 {
                    return false;
                }
                hex_groups += 1;
            }
        }
        if i == end {
            break;
        }
        if is_contraction {
            if contraction.is_some() {
                return false;
            }
            contraction = Some(hex_groups);
            i += 1;
        }
        if is_colon {
            group_begin = i + 1;
        } else if !b[i].is_ascii_hexdigit() {
            // Not hex: the rest is an IPv4 address if this is one of its characters.
            if matches!(b[i], b'.' | b'x' | b'X') {
                ipv4 = Some(&inner[group_begin..]);
                break;
            }
            return false;
        }
        i += 1;
    }
    // 16 bytes exactly: two per group, four for the IPv4 part, at least two for `::`.
    let mut bytes = hex_groups * 2 + if ipv4.is_some() { 4 } else { 0 };
    if contraction.is_some() {
        bytes += 16usize.saturating_sub(bytes).max(2);
    }
    // The IPv4 part needs all four numbers (Chromium 156 rejects `::1.2`, measured),
    // each in any form its IPv4 parser takes (`::1.2.3.04` is valid).
    bytes == 16 && ipv4.is_none_or(|v4| v4.split('.').count() == 4 && ipv4_validity(&v4.to_ascii_lowercase()) == Some(true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_and_near_misses() {
        for valid in [
            "https://app.example.com",
            "http://127.0.0.1:8080/",
            "http://[::1]:80",
            "localhost:8080",
            "HTTP://EXAMPLE.COM",
            "http:example.com",
            "http:\\\\example.com",
            "http://a_b.example",
            "http://exa\tmple.com",
            "http://%41.com",
            "http://a*b",
            "http://example.com:",
            "http://example.com:0080",
            "http://user:pass@host",
            "http://1.2.3.4",
            "http://0x7f.1",
            "http://[::ffff:1.2.3.4]",
            "http://[::1.2.3.04]",
            "http://[1::]",
            "foo://bar",
            "file:///etc/passwd",
        ] {
            assert_eq!(validity(valid), Valid, "{valid}");
        }
        for invalid in [
            "app.example.com",
            "127.0.0.1:8080",
            "http://",
            "http:",
            "http:///",
            "http://host:99999",
            "http://host:8o",
            "http://[::1",
            "http://a<b",
            "http://a^b",
            "http://a|b",
            "http://%zz",
            "http://%2f",
            "http://a:b:80",
            "http://a[b",
            "http://1.2.3.256",
            "http://1.2.3.4.5",
            "http://08.1.1.1",
            "http://[1:2:3:4:5:6:7:8:9]",
            "http://[::1.2.3.256]",
            "http://[::1.2]",
            "file://example.com?q",
            "foo://a[b",
            "foo://host@",
            "ü://x",
            "://x",
            "http://\u{FFFD}",
            "foo://a b",
        ] {
            assert_eq!(validity(invalid), Invalid, "{invalid}");
        }
        assert_eq!(validity("http://bücher.example"), Undecided);
        assert_eq!(validity("http://b%C3%BCcher.example"), Undecided);
        assert_eq!(validity("http://b%C3.example"), Invalid);
        assert_eq!(validity("http://a%20b"), Undecided);
    }
}
