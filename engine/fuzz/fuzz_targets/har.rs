//! A loaded HAR file: any text must give an analysis or a `HarError`, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = corsprobe_engine::har::analyze_har(&text);
});
