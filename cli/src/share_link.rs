//! `--share-base URL`: a link to a corsprobe page whose fragment opens this report there.
//!
//! The link carries the request (the page's form) and the judged responses as evidence
//! (`corsprobe_engine::share::Evidence::headers`); the page rebuilds the report by
//! judging them, as it judges pasted headers. Secrets are redacted exactly as the page
//! redacts them (`share::payload_json`: secret-looking headers, URL parameters and
//! cookies, and those values wherever they appear, response headers included).
//! Compression is raw DEFLATE, what the page's `DecompressionStream("deflate-raw")` reads.

use crate::check::Prepared;
use corsprobe_engine::analyze::Exchange;
use corsprobe_engine::headers::HttpResponse;
use corsprobe_engine::input::FormInput;
use corsprobe_engine::report::Report;
use corsprobe_engine::share::{fragment_for, payload_json, Evidence};

/// One response as `curl -v` prints it, after its request line.
fn write_response(out: &mut String, method: &str, url: &str, r: &HttpResponse) {
    let path = corsprobe_engine::url::Url::parse(url).map(|u| u.path_and_query).unwrap_or_else(|_| url.to_string());
    out.push_str(&format!("> {method} {path} HTTP/1.1\n>\n< HTTP/1.1 {}\n", r.status));
    for (name, value) in r.headers.iter() {
        out.push_str(&format!("< {name}: {value}\n"));
    }
    out.push_str("<\n");
}

/// The exchange as text the engine's header reader takes back: request lines tell the
/// preflight from the rest. `sent` are the (method, URL) pairs in order.
pub fn exchange_text(exchange: &Exchange, sent: &[(String, String)]) -> String {
    let mut out = String::new();
    let responses = exchange.preflight.iter().chain(exchange.hops.iter()).chain(exchange.actual.iter());
    for (r, (method, url)) in responses.zip(sent.iter()) {
        write_response(&mut out, method, url, r);
    }
    out
}

/// The share link for a report of `check`.
pub fn link(base: &str, p: &Prepared, report: &Report, exchange_text: String) -> String {
    // Nothing answered (refused before sending, or unreachable): the link carries the
    // request only, and the page runs it.
    let evidence = (!exchange_text.is_empty()).then(|| Evidence {
        page_origin: p.origin.clone(),
        browser: report.browser.clone(),
        probes: Vec::new(),
        headers: Some(exchange_text),
    });
    let json = payload_json(&FormInput::from_request(&p.spec), false, evidence.as_ref(), &[]);
    let compressed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    let base = base.split('#').next().unwrap_or_default();
    format!("{base}{}", fragment_for(&compressed))
}
