//! Which request headers a page may set, which ones a preflight must ask about, and which
//! response headers page code may read. Fetch §2.2.2 "Headers".
//!
//! MDN: <https://developer.mozilla.org/en-US/docs/Glossary/CORS-safelisted_request_header>

use crate::request::Header;

/// RFC 9110 §5.6.2 `token`: what header names and method names are made of.
pub fn is_valid_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Fetch §2.2.2 "header value": no NUL, CR or LF (after trimming HTTP whitespace).
pub fn is_valid_header_value(value: &str) -> bool {
    !value.bytes().any(|b| matches!(b, 0 | b'\r' | b'\n'))
}

/// Fetch §2.2.1: CONNECT, TRACE and TRACK are forbidden methods.
pub fn is_forbidden_method(method: &str) -> bool {
    ["CONNECT", "TRACE", "TRACK"].iter().any(|m| m.eq_ignore_ascii_case(method))
}

/// Fetch §2.2.2 "forbidden request-header": browsers drop these silently.
pub fn is_forbidden_request_header(name: &str, value: &str) -> bool {
    const FORBIDDEN: &[&str] = &[
        "accept-charset",
        "accept-encoding",
        "access-control-request-headers",
        "access-control-request-method",
        "connection",
        "content-length",
        "cookie",
        "cookie2",
        "date",
        "dnt",
        "expect",
        "host",
        "keep-alive",
        "origin",
        "referer",
        "set-cookie",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "via",
    ];
    let lower = name.to_ascii_lowercase();
    if FORBIDDEN.contains(&lower.as_str()) || lower.starts_with("proxy-") || lower.starts_with("sec-") {
        return true;
    }
    // Fetch §2.2.2 step 2: the method-override headers are forbidden when any of their
    // values names a forbidden method.
    matches!(lower.as_str(), "x-http-method" | "x-http-method-override" | "x-method-override")
        && value.split(',').any(|v| is_forbidden_method(v.trim()))
}

/// Fetch §2.2.2 "CORS-unsafe request-header byte".
fn is_cors_unsafe_byte(b: u8) -> bool {
    (b < 0x20 && b != 0x09) || b == 0x7f || b"\"():<>?@[\\]{}".contains(&b)
}

/// Fetch §2.2.2 "CORS-safelisted request-header" (value limit 128 bytes), with the
/// reason when it is not.
pub fn safelist_verdict(name: &str, value: &str) -> Result<(), crate::preflight_need::UnsafeHeaderWhy> {
    use crate::preflight_need::UnsafeHeaderWhy as UnsafeWhy;
    let value = value.trim_matches([' ', '\t']);
    if value.len() > 128 {
        return match name.to_ascii_lowercase().as_str() {
            "accept" | "accept-language" | "content-language" | "content-type" | "range" => Err(UnsafeWhy::ValueTooLong),
            _ => Err(UnsafeWhy::NotSafelistedName),
        };
    }
    match name.to_ascii_lowercase().as_str() {
        "accept" => {
            if value.bytes().any(is_cors_unsafe_byte) {
                return Err(UnsafeWhy::UnsafeBytes);
            }
        }
        "accept-language" | "content-language" => {
            if !value.bytes().all(|b| b.is_ascii_alphanumeric() || b" *,-.;=".contains(&b)) {
                return Err(UnsafeWhy::UnsafeBytes);
            }
        }
        "content-type" => {
            if value.bytes().any(is_cors_unsafe_byte) {
                return Err(UnsafeWhy::UnsafeBytes);
            }
            // Fetch §2.2.2: parse the MIME type; its essence must be one of three.
            let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            if !matches!(essence.as_str(), "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain") {
                return Err(UnsafeWhy::ContentTypeEssence(essence));
            }
        }
        "range" => {
            if !is_simple_range(value) {
                return Err(UnsafeWhy::RangeNotSimple);
            }
        }
        _ => return Err(UnsafeWhy::NotSafelistedName),
    }
    Ok(())
}

pub fn is_cors_safelisted_request_header(name: &str, value: &str) -> bool {
    safelist_verdict(name, value).is_ok()
}

/// Fetch §2.2.2 "simple range header value": `bytes=N-` or `bytes=N-M` with N ≤ M.
fn is_simple_range(value: &str) -> bool {
    let Some(range) = value.strip_prefix("bytes=") else { return false };
    let Some((start, end)) = range.split_once('-') else { return false };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(start) || !(end.is_empty() || digits(end)) {
        return false;
    }
    match (start.parse::<u128>(), end.parse::<u128>()) {
        (Ok(s), Ok(e)) => s <= e,
        (Ok(_), Err(_)) => end.is_empty(),
        _ => false,
    }
}

/// Fetch §2.2.2 "CORS-unsafe request-header names": lowercased, sorted, de-duplicated;
/// once the safelisted values add up to more than 1024 bytes, those count as unsafe too.
/// Forbidden headers are never sent, so they are not listed.
pub fn cors_unsafe_request_header_names(headers: &[Header]) -> Vec<String> {
    cors_unsafe_with_reasons(headers).into_iter().map(|(n, _)| n).collect()
}

/// As [`cors_unsafe_request_header_names`], with why each is unsafe.
pub fn cors_unsafe_with_reasons(headers: &[Header]) -> Vec<(String, crate::preflight_need::UnsafeHeaderWhy)> {
    use crate::preflight_need::UnsafeHeaderWhy as UnsafeWhy;
    let mut unsafe_names: Vec<(String, UnsafeWhy)> = Vec::new();
    let mut safelisted: Vec<String> = Vec::new();
    let mut total = 0usize;
    for h in headers.iter().filter(|h| !is_forbidden_request_header(&h.name, &h.value)) {
        let lower = h.name.to_ascii_lowercase();
        match safelist_verdict(&h.name, &h.value) {
            Ok(()) => {
                total += h.value.trim_matches([' ', '\t']).len();
                safelisted.push(lower);
            }
            Err(why) => unsafe_names.push((lower, why)),
        }
    }
    if total > 1024 {
        unsafe_names.extend(safelisted.into_iter().map(|n| (n, UnsafeWhy::TotalTooLong)));
    }
    unsafe_names.sort_by(|a, b| a.0.cmp(&b.0));
    unsafe_names.dedup_by(|a, b| a.0 == b.0);
    unsafe_names
}

/// Fetch §2.2.2 "CORS-safelisted response-header name": readable without
/// `Access-Control-Expose-Headers`.
pub fn is_cors_safelisted_response_header_name(name: &str) -> bool {
    ["cache-control", "content-language", "content-length", "content-type", "expires", "last-modified", "pragma"]
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preflight_need::UnsafeHeaderWhy as UnsafeWhy;

    #[test]
    fn tokens() {
        assert!(is_valid_header_name("X-Api-Key"));
        assert!(!is_valid_header_name("Bad Name"));
        assert!(!is_valid_header_name(""));
        assert!(!is_valid_header_name("a:b"));
        assert!(is_valid_header_value("Bearer abc"));
        assert!(!is_valid_header_value("a\r\nb"));
    }

    #[test]
    fn forbidden() {
        assert!(is_forbidden_request_header("Origin", "x"));
        assert!(is_forbidden_request_header("Sec-Fetch-Mode", "x"));
        assert!(is_forbidden_request_header("proxy-authorization", "x"));
        assert!(is_forbidden_request_header("X-HTTP-Method-Override", "get, TRACE"));
        assert!(!is_forbidden_request_header("X-HTTP-Method-Override", "PUT"));
        assert!(!is_forbidden_request_header("Authorization", "x"));
        assert!(is_forbidden_method("connect"));
    }

    #[test]
    fn content_type_essence() {
        assert!(is_cors_safelisted_request_header("Content-Type", "text/plain; charset=utf-8"));
        assert!(is_cors_safelisted_request_header("content-type", "Multipart/Form-Data; boundary=x"));
        assert_eq!(safelist_verdict("Content-Type", "application/json"), Err(UnsafeWhy::ContentTypeEssence("application/json".into())));
        assert_eq!(safelist_verdict("Content-Type", "text/plain; a=\"b\""), Err(UnsafeWhy::UnsafeBytes));
    }

    #[test]
    fn lengths_and_ranges() {
        assert!(is_cors_safelisted_request_header("Accept", &"a".repeat(128)));
        assert_eq!(safelist_verdict("Accept", &"a".repeat(129)), Err(UnsafeWhy::ValueTooLong));
        assert!(is_cors_safelisted_request_header("Range", "bytes=0-"));
        assert!(is_cors_safelisted_request_header("Range", "bytes=5-10"));
        assert!(!is_cors_safelisted_request_header("Range", "bytes=10-5"));
        assert!(!is_cors_safelisted_request_header("Range", "bytes=0-1,3-4"));
        assert!(!is_cors_safelisted_request_header("Range", "bytes=-5"));
        assert!(is_cors_safelisted_request_header("Accept-Language", "en-US,en;q=0.9"));
        assert!(!is_cors_safelisted_request_header("Accept-Language", "en/US"));
    }

    #[test]
    fn unsafe_names_sorted_lowercased_deduped() {
        let h = |n: &str, v: &str| Header::new(n, v);
        let names = cors_unsafe_request_header_names(&[
            h("X-Zeta", "1"),
            h("Authorization", "t"),
            h("x-zeta", "2"),
            h("Accept", "text/html"),
            h("Origin", "evil"),
            h("Content-Type", "application/json"),
        ]);
        assert_eq!(names, vec!["authorization", "content-type", "x-zeta"]);
    }

    #[test]
    fn the_1024_byte_total() {
        let h = |n: &str| Header::new(n, "a".repeat(120));
        let many: Vec<Header> = (0..9).map(|i| h(if i % 2 == 0 { "Accept" } else { "Accept-Language" })).collect();
        assert_eq!(cors_unsafe_request_header_names(&many), vec!["accept", "accept-language"]);
        assert!(cors_unsafe_request_header_names(&many[..8]).is_empty());
    }

    #[test]
    fn readable_response_headers() {
        assert!(is_cors_safelisted_response_header_name("Content-Type"));
        assert!(!is_cors_safelisted_response_header_name("X-Request-Id"));
        assert!(!is_cors_safelisted_response_header_name("Set-Cookie"));
    }
}
