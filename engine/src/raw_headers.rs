//! Pasted response headers: `curl -i`, `curl -v`, or DevTools' raw headers.
//!
//! Page code cannot see a blocked response's headers; the person can, with curl or
//! DevTools. [`parse_raw_headers`] reads whatever they paste into a list of responses,
//! each with the request line that produced it when the paste shows it (`curl -v`
//! prints `> OPTIONS /x HTTP/1.1`), so the analysis can tell the preflight from the
//! actual response and follow redirect hops (`curl -L`).
//!
//! Accepted, in any mix: `HTTP/1.1 204 No Content` / `HTTP/2 200` status lines followed
//! by `Name: value` lines (curl -i, DevTools "Raw"), curl -v's `> ` and `< ` prefixes
//! with its `* ` and `{ [5 bytes data]` noise, CRLF line ends, bodies between responses,
//! a header block with no status line (DevTools' copied "Response Headers": read as 200,
//! and said so), and `HTTP/1.1 100 Continue` interim responses (skipped). Nothing here
//! panics.

use crate::headers::HttpResponse;
use std::fmt;

/// One response read from the paste.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// The request's method when the paste shows its request line (`curl -v`).
    pub request_method: Option<String>,
    /// The request's path (or URL) from that line.
    pub request_target: Option<String>,
    /// The `Origin` the request carried, when the paste shows request headers.
    pub request_origin: Option<String>,
    pub response: HttpResponse,
    /// The status line was missing and 200 was assumed.
    pub status_assumed: bool,
}

impl RawResponse {
    /// Whether this is the answer to a CORS preflight: the request line says OPTIONS,
    /// or (no request line) the response carries `Access-Control-Allow-Methods` or
    /// `-Headers`, which only preflight answers need.
    pub fn is_preflight(&self) -> bool {
        match self.request_method.as_deref() {
            Some(m) => m.eq_ignore_ascii_case("OPTIONS"),
            None => self.response.headers.contains("access-control-allow-methods") || self.response.headers.contains("access-control-allow-headers"),
        }
    }
}

/// Why a paste cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawHeadersError {
    Empty,
    /// Text that holds no `HTTP/…` status line and no `Name: value` line.
    NoHeaders {
        first_line: String,
    },
    /// A status line whose code is not three digits.
    BadStatus {
        line: String,
    },
}

impl fmt::Display for RawHeadersError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RawHeadersError::Empty => f.write_str("Paste the output of `curl -i` (or `curl -v`), or the raw response headers from DevTools."),
            RawHeadersError::NoHeaders { first_line } => write!(
                f,
                "No response headers found. Expected a status line such as `HTTP/1.1 200 OK` followed by `Name: value` lines; the paste starts with “{first_line}”."
            ),
            RawHeadersError::BadStatus { line } => write!(f, "“{line}” looks like a status line, but its status code is not three digits."),
        }
    }
}

enum Line<'a> {
    /// `> …` (curl -v request side).
    Request(&'a str),
    /// `< …` (curl -v response side).
    Response(&'a str),
    /// Unprefixed text.
    Plain(&'a str),
    /// curl's `* ` info, `{ [n bytes data]` / `} [..]` transfer notes.
    Noise,
}

fn classify(line: &str) -> Line<'_> {
    if let Some(rest) = line.strip_prefix("> ").or_else(|| (line == ">").then_some("")) {
        return Line::Request(rest);
    }
    if let Some(rest) = line.strip_prefix("< ").or_else(|| (line == "<").then_some("")) {
        return Line::Response(rest);
    }
    if line.starts_with("* ") || line == "*" || line.starts_with("{ [") || line.starts_with("} [") {
        return Line::Noise;
    }
    Line::Plain(line)
}

/// `HTTP/1.1 204 No Content`, `HTTP/2 200`, `HTTP/1.0 301`: the status code.
fn status_line(line: &str) -> Option<Result<u16, RawHeadersError>> {
    let rest = line.strip_prefix("HTTP/")?;
    let mut parts = rest.split_whitespace();
    let version = parts.next()?;
    if !version.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let code = parts.next().unwrap_or("");
    Some(match code.parse::<u16>() {
        Ok(n) if code.len() == 3 => Ok(n),
        _ => Err(RawHeadersError::BadStatus { line: line.chars().take(80).collect() }),
    })
}

/// `OPTIONS /x HTTP/1.1`: method and target.
fn request_line(line: &str) -> Option<(String, String)> {
    let mut parts = line.split_whitespace();
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    (version.starts_with("HTTP/") && !method.is_empty() && method.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| (method.to_string(), target.to_string()))
}

/// `Name: value` with a token name (HTTP/2 pseudo-headers like `:status` are skipped).
fn header_line(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(':')?;
    let name = name.trim_end();
    let token = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    token.then_some((name, value))
}

struct Pending {
    method: Option<String>,
    target: Option<String>,
    origin: Option<String>,
}

/// Reads every response in the paste, in order.
pub fn parse_raw_headers(text: &str) -> Result<Vec<RawResponse>, RawHeadersError> {
    let text = text.trim_start_matches('\u{feff}');
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let first_line = lines.iter().find(|l| !l.trim().is_empty()).map(|l| l.trim().chars().take(80).collect::<String>());
    let Some(first_line) = first_line else { return Err(RawHeadersError::Empty) };

    let mut out: Vec<RawResponse> = Vec::new();
    let mut request = Pending { method: None, target: None, origin: None };
    // The response whose header lines are being read, if any.
    let mut current: Option<RawResponse> = None;
    let mut in_request_headers = false;
    let finish = |current: &mut Option<RawResponse>, out: &mut Vec<RawResponse>| {
        if let Some(r) = current.take() {
            // 1xx interim responses (100 Continue) precede the real one.
            if !(100..200).contains(&r.response.status) {
                out.push(r);
            }
        }
    };
    for raw in lines {
        match classify(raw) {
            Line::Noise => {}
            Line::Request(line) => {
                if let Some((method, target)) = request_line(line) {
                    finish(&mut current, &mut out);
                    request = Pending { method: Some(method), target: Some(target), origin: None };
                    in_request_headers = true;
                } else if in_request_headers {
                    if let Some((name, value)) = header_line(line) {
                        if name.eq_ignore_ascii_case("origin") {
                            request.origin = Some(value.trim().to_string());
                        }
                    }
                }
            }
            Line::Response(line) | Line::Plain(line) => {
                let line_trimmed = line.trim_start();
                if let Some(status) = status_line(line_trimmed) {
                    let status = status?;
                    finish(&mut current, &mut out);
                    in_request_headers = false;
                    current = Some(RawResponse {
                        request_method: request.method.clone(),
                        request_target: request.target.clone(),
                        request_origin: request.origin.clone(),
                        response: HttpResponse::new(status),
                        status_assumed: false,
                    });
                    // The next response answers a new request unless the paste shows one.
                    if !(100..200).contains(&status) {
                        request = Pending { method: None, target: None, origin: None };
                    }
                    continue;
                }
                if let Some((method, target)) = request_line(line_trimmed) {
                    // An unprefixed request line (DevTools' raw request headers).
                    finish(&mut current, &mut out);
                    request = Pending { method: Some(method), target: Some(target), origin: None };
                    in_request_headers = true;
                    continue;
                }
                if line.trim().is_empty() {
                    // End of a header block; what follows is a body until the next status line.
                    finish(&mut current, &mut out);
                    in_request_headers = false;
                    continue;
                }
                match (&mut current, header_line(line_trimmed)) {
                    (Some(r), Some((name, value))) => r.response.headers.append(name, value),
                    (None, Some((name, value))) if in_request_headers && name.eq_ignore_ascii_case("origin") => {
                        request.origin = Some(value.trim().to_string());
                    }
                    (None, Some(_)) if in_request_headers => {}
                    (None, Some((name, value))) if out.is_empty() && looks_like_response_header(name) => {
                        // A header block with no status line (DevTools' copied headers).
                        let mut r = RawResponse {
                            request_method: request.method.clone(),
                            request_target: request.target.clone(),
                            request_origin: request.origin.clone(),
                            response: HttpResponse::new(200),
                            status_assumed: true,
                        };
                        r.response.headers.append(name, value);
                        current = Some(r);
                    }
                    // Body text or anything else between responses.
                    _ => {}
                }
            }
        }
    }
    finish(&mut current, &mut out);
    if out.is_empty() {
        return Err(RawHeadersError::NoHeaders { first_line });
    }
    Ok(out)
}

/// Header names that start a status-less block: anything a response carries, but not
/// a request header people copy by mistake.
fn looks_like_response_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    !matches!(lower.as_str(), "accept" | "user-agent" | "host" | "referer" | "cookie" | "authorization")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_i_with_body_then_second_response() {
        let text = "HTTP/1.1 204 No Content\r\naccess-control-allow-origin: http://a.example\r\nAccess-Control-Allow-Methods: PUT\r\n\r\nHTTP/2 200 \r\ncontent-type: text/plain\r\n\r\nhello: world\r\n";
        let r = parse_raw_headers(text).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].response.status, 204);
        assert!(r[0].is_preflight());
        assert_eq!(r[1].response.status, 200);
        assert!(!r[1].response.headers.contains("hello"), "body lines are not headers");
    }

    #[test]
    fn curl_v_request_lines_tell_the_preflight() {
        let text = "*   Trying 127.0.0.1:8081...\n* Connected\n> OPTIONS /case/x HTTP/1.1\n> Host: 127.0.0.1:8081\n> Origin: http://127.0.0.1:8080\n> Access-Control-Request-Method: PUT\n>\n< HTTP/1.1 404 Not Found\n< content-length: 0\n<\n* Connection #0 left intact\n";
        let r = parse_raw_headers(text).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].request_method.as_deref(), Some("OPTIONS"));
        assert_eq!(r[0].request_origin.as_deref(), Some("http://127.0.0.1:8080"));
        assert!(r[0].is_preflight());
        assert_eq!(r[0].response.status, 404);
    }

    #[test]
    fn devtools_headers_without_a_status_line() {
        let r = parse_raw_headers("access-control-allow-origin: *\ncontent-type: application/json\n").unwrap();
        assert_eq!((r.len(), r[0].status_assumed, r[0].response.status), (1, true, 200));
    }

    #[test]
    fn interim_responses_are_skipped() {
        let r = parse_raw_headers("HTTP/1.1 100 Continue\n\nHTTP/1.1 201 Created\nx: y\n").unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].response.status, 201);
    }

    #[test]
    fn clear_errors() {
        assert_eq!(parse_raw_headers("  \n"), Err(RawHeadersError::Empty));
        assert!(matches!(parse_raw_headers("hello there"), Err(RawHeadersError::NoHeaders { .. })));
        assert!(matches!(parse_raw_headers("HTTP/1.1 20x OK\n"), Err(RawHeadersError::BadStatus { .. })));
    }
}
