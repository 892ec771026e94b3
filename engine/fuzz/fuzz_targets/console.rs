//! A pasted browser console (Chromium's, Firefox's, Safari's CORS messages): parsed and
//! turned into reports, with and without a request in the form.
#![no_main]

use corsprobe_engine::analyze::analyze_console;
use corsprobe_engine::RequestSpec;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let request = RequestSpec::get("http://127.0.0.1:8081/case/x");
    let _ = analyze_console(&text, "http://127.0.0.1:8080", Some(&request));
    let _ = analyze_console(&text, "http://127.0.0.1:8080", None);
});
