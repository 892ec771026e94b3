//! Response header lists and HTTP responses, as the CORS checks read them.
//!
//! A header list keeps every line in order with its name as sent: a name may repeat
//! (two layers each adding `Access-Control-Allow-Origin` is a real misconfiguration), and
//! lookups are case-insensitive. Reading a header follows Fetch §2.2.2: "get" joins the
//! values of every line with `, ` (exactly what Chromium's
//! `HttpResponseHeaders::GetNormalizedHeader` reports as the failed parameter), and
//! "get, decode, and split" cuts that value at commas outside quoted strings.
//!
//! MDN: <https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers>

use crate::request::Header;
use serde::{Deserialize, Serialize};

/// Fetch §2.2.2 "HTTP whitespace" (tab, LF, CR, space): stripped from both ends of a
/// header value ("normalize").
fn trim_http_whitespace(value: &str) -> &str {
    value.trim_matches(['\t', '\n', '\r', ' '])
}

/// Fetch §2.2.2 "HTTP tab or space".
fn trim_tab_or_space(value: &str) -> &str {
    value.trim_matches(['\t', ' '])
}

/// An ordered list of response header lines.
///
/// Serialized as `[{ "name": …, "value": … }, …]`, in the order received.
///
/// MDN: <https://developer.mozilla.org/en-US/docs/Web/API/Headers>
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct HeaderList {
    lines: Vec<Header>,
}

impl HeaderList {
    pub fn new() -> Self {
        HeaderList::default()
    }

    /// Builds a list from `(name, value)` pairs, in order.
    pub fn from_pairs<N: Into<String>, V: AsRef<str>>(pairs: impl IntoIterator<Item = (N, V)>) -> Self {
        let mut list = HeaderList::new();
        for (name, value) in pairs {
            list.append(name, value.as_ref());
        }
        list
    }

    /// Fetch §2.2.2 "append": adds a line at the end; the value is normalized (HTTP
    /// whitespace stripped from both ends), the name kept as sent.
    pub fn append(&mut self, name: impl Into<String>, value: &str) {
        self.lines.push(Header { name: name.into(), value: trim_http_whitespace(value).to_string() });
    }

    /// Builder form of [`HeaderList::append`].
    pub fn with(mut self, name: impl Into<String>, value: &str) -> Self {
        self.append(name, value);
        self
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Every line as `(name, value)`, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.lines.iter().map(|h| (h.name.as_str(), trim_http_whitespace(&h.value)))
    }

    /// Fetch §2.2.2 "contains": a case-insensitive name match.
    pub fn contains(&self, name: &str) -> bool {
        self.lines.iter().any(|h| h.name.eq_ignore_ascii_case(name))
    }

    /// The value of every line named `name` (case-insensitive), in order.
    pub fn get_all(&self, name: &str) -> Vec<&str> {
        self.lines.iter().filter(|h| h.name.eq_ignore_ascii_case(name)).map(|h| trim_http_whitespace(&h.value)).collect()
    }

    /// Fetch §2.2.2 "get": `None` when absent, else the values of every line named
    /// `name` joined with `, ` (0x2C 0x20). `Access-Control-Allow-Origin` sent twice as
    /// `a` and `b` reads `a, b`, which is what Chromium reports.
    pub fn get(&self, name: &str) -> Option<String> {
        let values = self.get_all(name);
        (!values.is_empty()).then(|| values.join(", "))
    }

    /// Fetch §2.2.2 "get, decode, and split": `None` when absent, else the combined
    /// value cut at commas that are not inside a quoted string, each item stripped of
    /// tabs and spaces. Empty items are kept (`a,,b` gives `a`, ``, `b`).
    pub fn get_decode_split(&self, name: &str) -> Option<Vec<String>> {
        self.get(name).map(|value| split_list(&value))
    }

    /// Every header name once, lowercased, in order of first appearance.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for h in &self.lines {
            let lower = h.name.to_ascii_lowercase();
            if !names.contains(&lower) {
                names.push(lower);
            }
        }
        names
    }
}

/// Fetch §2.2.2 "get, decode, and split" steps 3–7, on an already combined value.
pub fn split_list(input: &str) -> Vec<String> {
    let chars: Vec<char> = input.chars().collect();
    let mut position = 0usize;
    let mut values = Vec::new();
    let mut temporary = String::new();
    loop {
        // Step 7.1: collect code points that are not `"` or `,`.
        while let Some(&c) = chars.get(position) {
            if c == '"' || c == ',' {
                break;
            }
            temporary.push(c);
            position += 1;
        }
        // Step 7.2: a quoted string is taken whole, commas included.
        if chars.get(position) == Some(&'"') {
            position = collect_quoted_string(&chars, position, &mut temporary);
            if position < chars.len() {
                continue;
            }
        }
        // Steps 7.3–7.5.
        values.push(trim_tab_or_space(&temporary).to_string());
        temporary.clear();
        // Step 7.6.
        if position >= chars.len() {
            return values;
        }
        // Step 7.7: the code point at position is `,`.
        position += 1;
    }
}

/// Fetch §2.2.2 "collect an HTTP quoted string" with extract-value unset: appends the
/// quoted string as written (quotes and backslashes included) and returns the new
/// position.
fn collect_quoted_string(chars: &[char], start: usize, out: &mut String) -> usize {
    let mut position = start;
    if let Some(&c) = chars.get(position) {
        out.push(c);
        position += 1;
    }
    loop {
        while let Some(&c) = chars.get(position) {
            if c == '"' || c == '\\' {
                break;
            }
            out.push(c);
            position += 1;
        }
        let Some(&quote_or_backslash) = chars.get(position) else { return position };
        out.push(quote_or_backslash);
        position += 1;
        if quote_or_backslash == '\\' {
            let Some(&escaped) = chars.get(position) else { return position };
            out.push(escaped);
            position += 1;
        } else {
            return position;
        }
    }
}

/// One HTTP response as the CORS checks need it: the status and the header lines.
///
/// MDN: <https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/Messages#http_responses>
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpResponse {
    pub status: u16,
    #[serde(default)]
    pub headers: HeaderList,
}

impl HttpResponse {
    pub fn new(status: u16) -> Self {
        HttpResponse { status, headers: HeaderList::new() }
    }

    /// Builder: appends a header line.
    pub fn header(mut self, name: impl Into<String>, value: &str) -> Self {
        self.headers.append(name, value);
        self
    }

    /// Fetch §2.2.6 "ok status": 200 to 299.
    pub fn is_ok_status(&self) -> bool {
        (200..=299).contains(&self.status)
    }

    /// Fetch §2.2.6 "redirect status": 301, 302, 303, 307 or 308. (300 is not one.)
    pub fn is_redirect_status(&self) -> bool {
        matches!(self.status, 301 | 302 | 303 | 307 | 308)
    }

    /// The `Location` value (the first line's, as Chromium's network stack reads it),
    /// `None` when absent or empty.
    pub fn location(&self) -> Option<String> {
        self.headers.get_all("location").into_iter().next().filter(|v| !v.is_empty()).map(str::to_string)
    }

    /// A response the browser treats as a redirect: a redirect status with a
    /// `Location`. A 302 without `Location` is handed on as an ordinary response.
    pub fn is_redirect(&self) -> bool {
        self.is_redirect_status() && self.location().is_some()
    }
}

/// DevTools (its HAR export) and Chromium's console messages show a header value's
/// bytes one per character, as Latin-1: the UTF-8 value `exämple` reads `exÃ¤mple`.
/// Chromium's own `failedParameter` is the UTF-8 text. This undoes the Latin-1 reading
/// when the bytes it stands for are UTF-8; any other text is returned as it is.
pub fn undo_latin1_reading(s: &str) -> String {
    if s.is_ascii() || s.chars().any(|c| c as u32 > 0xFF) {
        return s.to_string();
    }
    let bytes: Vec<u8> = s.chars().map(|c| c as u8).collect();
    String::from_utf8(bytes).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_readings_of_utf8_are_undone() {
        assert_eq!(undo_latin1_reading("http://exÃ¤mple.com"), "http://exämple.com");
        assert_eq!(undo_latin1_reading("café"), "café");
        assert_eq!(undo_latin1_reading("plain"), "plain");
        assert_eq!(undo_latin1_reading("日本"), "日本");
    }

    #[test]
    fn split_respects_quotes() {
        assert_eq!(split_list("a, b"), vec!["a", "b"]);
        assert_eq!(split_list("a,, b"), vec!["a", "", "b"]);
        assert_eq!(split_list("\"x,y\", z"), vec!["\"x,y\"", "z"]);
        assert_eq!(split_list("\"a\\\"b\""), vec!["\"a\\\"b\""]);
        assert_eq!(split_list("\"unterminated"), vec!["\"unterminated"]);
        assert_eq!(split_list("\"ends in backslash\\"), vec!["\"ends in backslash\\"]);
        assert_eq!(split_list(""), vec![""]);
        assert_eq!(split_list("é, ü"), vec!["é", "ü"]);
    }

    #[test]
    fn get_joins_lines() {
        let h = HeaderList::from_pairs([("A", " 1 "), ("b", "2"), ("a", "3")]);
        assert_eq!(h.get("a").as_deref(), Some("1, 3"));
        assert_eq!(h.get_all("A"), vec!["1", "3"]);
        assert_eq!(h.get("c"), None);
        assert_eq!(h.names(), vec!["a", "b"]);
    }
}
