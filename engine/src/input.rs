//! The form as typed, turned into a [`RequestSpec`] — or into specific, fixable messages.
//!
//! Anything `fetch()` would reject before sending (a malformed URL, a bad header line, a
//! body on GET, a method `no-cors` forbids) is an input problem here, never a CORS
//! failure: the person should fix the request, not the server.

use crate::request::{is_cors_safelisted_method, normalize_method, Header, Mode, RedirectMode, RequestSpec};
use crate::safelist::{is_forbidden_method, is_forbidden_request_header, is_valid_header_name, is_valid_header_value};
use crate::url::{Url, UrlError};
use crate::{CorsError, Credentials};
use serde::{Deserialize, Serialize};

/// The form's fields, as text (what the person typed; never lost on error).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FormInput {
    pub url: String,
    pub method: String,
    /// One `Name: value` per line.
    pub headers: String,
    pub body: String,
    pub mode: Mode,
    pub credentials: Credentials,
    pub redirect: RedirectMode,
}

impl FormInput {
    /// The form that describes a request (examples, share links, Markdown redaction).
    pub fn from_request(r: &RequestSpec) -> FormInput {
        FormInput {
            url: r.url.clone(),
            method: r.method.clone(),
            headers: r.headers.iter().map(|h| format!("{}: {}", h.name, h.value)).collect::<Vec<_>>().join("\n"),
            body: r.body.clone().unwrap_or_default(),
            mode: r.mode,
            credentials: r.credentials,
            redirect: r.redirect,
        }
    }
}

/// Which control a message belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    Url,
    Method,
    Headers,
    Body,
    Mode,
    Redirect,
}

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::Url => "url",
            Field::Method => "method",
            Field::Headers => "headers",
            Field::Body => "body",
            Field::Mode => "mode",
            Field::Redirect => "redirect",
        }
    }
}

/// A problem with the input, attached to its control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputProblem {
    pub field: Field,
    /// Stable kebab-case id (also a finding id).
    pub id: &'static str,
    pub message: String,
}

impl InputProblem {
    fn new(field: Field, id: &'static str, message: impl Into<String>) -> Self {
        InputProblem { field, id, message: message.into() }
    }
}

/// The request, the header lines `fetch()` will drop silently, and the browser-level
/// refusals that follow from the request alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRequest {
    pub spec: RequestSpec,
    pub url: Url,
    /// Forbidden request headers the person typed; browsers drop them without a word.
    pub dropped_headers: Vec<Header>,
}

/// Parses the header textarea: one `Name: value` per line; blank lines are skipped.
pub fn parse_header_lines(text: &str) -> Result<Vec<Header>, Vec<InputProblem>> {
    let mut headers = Vec::new();
    let mut problems = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            problems.push(InputProblem::new(
                Field::Headers,
                "invalid-header",
                format!("Line {line_no}: expected `Name: value`, found no colon in “{line}”."),
            ));
            continue;
        };
        let (name, value) = (name.trim(), value.trim());
        if !is_valid_header_name(name) {
            problems.push(InputProblem::new(
                Field::Headers,
                "invalid-header",
                format!(
                    "Line {line_no}: “{name}” is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only, no spaces); fetch() would throw “Invalid name”."
                ),
            ));
        } else if !is_valid_header_value(value) {
            problems.push(InputProblem::new(
                Field::Headers,
                "invalid-header",
                format!("Line {line_no}: the value of {name} contains a character no header may carry (NUL, CR or LF)."),
            ));
        } else {
            headers.push(Header::new(name, value));
        }
    }
    if problems.is_empty() {
        Ok(headers)
    } else {
        Err(problems)
    }
}

/// Checks the whole form against what `fetch()` accepts.
pub fn validate(form: &FormInput) -> Result<ValidRequest, Vec<InputProblem>> {
    let mut problems = Vec::new();
    let url = match Url::parse(&form.url) {
        Ok(url) if url.is_http() => Some(url),
        Ok(url) => {
            problems.push(InputProblem::new(
                Field::Url,
                "unsupported-scheme",
                format!("corsprobe tests HTTP endpoints: “{}:” URLs are not fetched over the network. Use http:// or https://.", url.scheme),
            ));
            None
        }
        Err(e) => {
            let message = match e {
                UrlError::Empty => "Enter the URL of the endpoint to test, e.g. https://api.example.com/items.".to_string(),
                UrlError::NotAbsolute => "Enter an absolute URL starting with http:// or https://.".to_string(),
                UrlError::MissingHost => "The URL has no host name after “//”.".to_string(),
                UrlError::BadPort(p) => format!("“{p}” is not a port (a number from 0 to 65535)."),
                UrlError::BadCharacter => "The URL contains spaces or control characters; percent-encode them (%20).".to_string(),
            };
            problems.push(InputProblem::new(Field::Url, "invalid-url", message));
            None
        }
    };

    let method_typed = form.method.trim();
    let method = normalize_method(method_typed);
    if method.is_empty() {
        problems.push(InputProblem::new(Field::Method, "invalid-method", "Enter a method, e.g. GET."));
    } else if !is_valid_header_name(&method) {
        problems.push(InputProblem::new(
            Field::Method,
            "invalid-method",
            format!("“{method}” is not a valid method name (a token: no spaces or separators)."),
        ));
    } else if is_forbidden_method(&method) {
        problems.push(InputProblem::new(
            Field::Method,
            "forbidden-method",
            format!("Browsers never send {method}: fetch() throws “'{method}' HTTP method is unsupported.”"),
        ));
    }

    let headers = match parse_header_lines(&form.headers) {
        Ok(h) => h,
        Err(mut p) => {
            problems.append(&mut p);
            Vec::new()
        }
    };

    if !form.body.is_empty() && (method == "GET" || method == "HEAD") {
        problems.push(InputProblem::new(
            Field::Body,
            "body-not-allowed",
            format!("A {method} request cannot have a body: fetch() throws. Clear the body or use POST/PUT."),
        ));
    }
    if form.mode == Mode::NoCors && !method.is_empty() && !is_cors_safelisted_method(&method) {
        problems.push(InputProblem::new(
            Field::Mode,
            "no-cors-method-not-allowed",
            format!("no-cors mode allows only GET, HEAD and POST: fetch() throws for {method}. Use cors mode."),
        ));
    }

    if !problems.is_empty() {
        return Err(problems);
    }
    let url = url.expect("no problems means the URL parsed");
    let (dropped_headers, headers): (Vec<Header>, Vec<Header>) = headers.into_iter().partition(|h| is_forbidden_request_header(&h.name, &h.value));
    let spec = RequestSpec {
        url: form.url.trim().to_string(),
        method,
        headers,
        body: (!form.body.is_empty()).then(|| form.body.clone()),
        mode: form.mode,
        credentials: form.credentials,
        redirect: form.redirect,
    };
    Ok(ValidRequest { spec, url, dropped_headers })
}

/// Refusals the browser makes from the request and the page alone, before any network
/// traffic: these are exact without a single probe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestRefusal {
    /// `mode: "same-origin"` to another origin. Fetch §4.1 main fetch step 12.
    SameOriginMode,
    /// `mode: "no-cors"` with `redirect` other than `follow`. Fetch §5.5 (Request
    /// constructor) / Chromium `NoCorsRedirectModeNotFollow`.
    NoCorsRedirect,
    /// An `https:` page fetching `http:` from a host that is not loopback.
    MixedContent,
}

/// The request the Analyze panel judges pasted headers against: the form's, exactly.
/// A form that cannot be sent as it stands (a GET with a body, a bad header line) is
/// never quietly replaced by another request, since a verdict for another request
/// (without the person's headers or credentials) could be exact and still wrong: the
/// message says what in the form stops it.
pub fn analysis_request(form: &FormInput) -> Result<RequestSpec, String> {
    validate(form).map(|valid| valid.spec).map_err(|problems| {
        let reasons: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        format!(
            "The headers are judged for the request in the form, and the form cannot be sent as it stands: {} Correct the form, then analyze again.",
            reasons.join(" ")
        )
    })
}

impl RequestRefusal {
    pub fn cors_error(&self) -> Option<CorsError> {
        match self {
            RequestRefusal::SameOriginMode => Some(CorsError::DisallowedByMode),
            RequestRefusal::NoCorsRedirect => Some(CorsError::NoCorsRedirectModeNotFollow),
            RequestRefusal::MixedContent => None,
        }
    }
}

/// What the browser refuses before sending, given the page's origin.
pub fn request_refusal(valid: &ValidRequest, page_origin: &str) -> Option<RequestRefusal> {
    let same_origin = valid.url.origin() == page_origin;
    if valid.spec.mode == Mode::NoCors && valid.spec.redirect != RedirectMode::Follow {
        return Some(RequestRefusal::NoCorsRedirect);
    }
    if valid.spec.mode == Mode::SameOrigin && !same_origin {
        return Some(RequestRefusal::SameOriginMode);
    }
    if page_origin.starts_with("https:") && valid.url.scheme == "http" && !valid.url.is_loopback() {
        return Some(RequestRefusal::MixedContent);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(url: &str) -> FormInput {
        FormInput { url: url.into(), method: "GET".into(), ..Default::default() }
    }

    #[test]
    fn empty_and_javascript_urls_are_input_problems() {
        let p = validate(&form("")).unwrap_err();
        assert_eq!(p[0].id, "invalid-url");
        assert_eq!(p[0].field, Field::Url);
        let p = validate(&form("javascript:alert(1)")).unwrap_err();
        assert_eq!(p[0].id, "unsupported-scheme");
        assert!(p[0].message.contains("javascript:"));
    }

    #[test]
    fn header_lines_name_their_line() {
        let p = parse_header_lines("X-Ok: 1\nno colon here\nBad Name: 2").unwrap_err();
        assert_eq!(p.len(), 2);
        assert!(p[0].message.starts_with("Line 2:"));
        assert!(p[1].message.starts_with("Line 3:") && p[1].message.contains("Invalid name"));
        let h = parse_header_lines("\nX-Api-Key:  abc \n\nAccept: a:b").unwrap();
        assert_eq!(h, vec![Header::new("X-Api-Key", "abc"), Header::new("Accept", "a:b")]);
    }

    #[test]
    fn forbidden_headers_are_dropped_not_rejected() {
        let mut f = form("http://127.0.0.1:1/x");
        f.headers = "Origin: https://evil.example\nX-Api-Key: k".into();
        let v = validate(&f).unwrap();
        assert_eq!(v.dropped_headers, vec![Header::new("Origin", "https://evil.example")]);
        assert_eq!(v.spec.headers, vec![Header::new("X-Api-Key", "k")]);
    }

    #[test]
    fn fetch_throwing_cases() {
        let mut f = form("http://127.0.0.1:1/x");
        f.body = "x".into();
        assert_eq!(validate(&f).unwrap_err()[0].id, "body-not-allowed");
        let mut f = form("http://127.0.0.1:1/x");
        f.method = "put".into();
        f.mode = Mode::NoCors;
        assert_eq!(validate(&f).unwrap_err()[0].id, "no-cors-method-not-allowed");
        let mut f = form("http://127.0.0.1:1/x");
        f.method = "TRACE".into();
        assert_eq!(validate(&f).unwrap_err()[0].id, "forbidden-method");
        f.method = "GE T".into();
        assert_eq!(validate(&f).unwrap_err()[0].id, "invalid-method");
    }

    #[test]
    fn method_is_normalized_like_fetch() {
        let mut f = form("http://127.0.0.1:1/x");
        f.method = "delete".into();
        assert_eq!(validate(&f).unwrap().spec.method, "DELETE");
        f.method = "patch".into();
        assert_eq!(validate(&f).unwrap().spec.method, "patch");
    }

    #[test]
    fn refusals_before_any_traffic() {
        let mut f = form("http://127.0.0.1:1/x");
        f.mode = Mode::SameOrigin;
        let v = validate(&f).unwrap();
        assert_eq!(request_refusal(&v, "http://127.0.0.1:2"), Some(RequestRefusal::SameOriginMode));
        assert_eq!(request_refusal(&v, "http://127.0.0.1:1"), None);
        let mut f = form("http://127.0.0.1:1/x");
        f.mode = Mode::NoCors;
        f.redirect = RedirectMode::Manual;
        let v = validate(&f).unwrap();
        assert_eq!(request_refusal(&v, "http://127.0.0.1:2"), Some(RequestRefusal::NoCorsRedirect));
        let v = validate(&form("http://api.example.com/x")).unwrap();
        assert_eq!(request_refusal(&v, "https://corsprobe.example"), Some(RequestRefusal::MixedContent));
        let v = validate(&form("http://localhost:9/x")).unwrap();
        assert_eq!(request_refusal(&v, "https://corsprobe.example"), None);
    }
}
