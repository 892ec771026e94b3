//! Pasted response headers (`curl -i`, `curl -v`, DevTools' raw headers): parsed and
//! judged as the page does, through `analyze_headers`.
#![no_main]

use corsprobe_engine::analyze::analyze_headers;
use corsprobe_engine::RequestSpec;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let request = RequestSpec::get("http://127.0.0.1:8081/case/x");
    let _ = analyze_headers(&text, &request, "http://127.0.0.1:8080");
    // No endpoint in the form: the page judges against a stand-in URL.
    let _ = analyze_headers(&text, &RequestSpec::get(""), "http://127.0.0.1:8080");
});
