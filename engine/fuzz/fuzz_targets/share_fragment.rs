//! What a share link carries, which anyone can craft: the location hash
//! (`parse_fragment`), and the inflated payload JSON the page then reads
//! (`decode_payload`) and replays into a report (`replay`). The inflating itself is the
//! browser's (DecompressionStream), so the payload is fuzzed as the raw input.
#![no_main]

use corsprobe_engine::share::{decode_payload, parse_fragment, replay};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse_fragment(&String::from_utf8_lossy(data));
    if let Ok(payload) = decode_payload(data) {
        let _ = replay(&payload);
    }
});
