//! Bounded fuzzing of the parsers that read what people paste or load: pasted headers
//! (`raw_headers`), HAR files (`har`), console messages (`console`), share-link
//! fragments (`share`). Seeds are the real recordings (Chromium's and Firefox's console
//! messages, the HAR built from Chromium's events, real curl output shapes); each round
//! mutates a seed (byte flips, cuts, splices, duplicated and deleted spans, inserted
//! delimiters and multi-byte characters) and every parser must return — never panic.
//!
//! This is the fast, deterministic companion of the coverage-guided targets in
//! `engine/fuzz/` (`cargo fuzz`, libFuzzer), which `cargo xtask fuzz [seconds]` runs on
//! the stable toolchain and `cargo xtask test` runs last for a bounded time. This one is
//! a fixed-seed xorshift mutator, so it runs in plain `cargo test` everywhere with a
//! bounded budget (`CORSPROBE_FUZZ_ROUNDS`, default 20 000 per parser, about a second).
//!
//! The seeds are defined here once for both: `write_seed_corpora` (ignored; run by
//! `cargo xtask fuzz`) writes them, from the same fixtures, as the cargo-fuzz seed
//! corpora under `$CORSPROBE_FUZZ_SEED_DIR/<target>/`.

mod common;

use corsprobe_engine::analyze::{analyze_console, analyze_headers};
use corsprobe_engine::har::analyze_har;
use corsprobe_engine::share::parse_fragment;
use corsprobe_engine::RequestSpec;
use std::path::{Path, PathBuf};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const SPICE: &[&str] = &[
    "\r\n",
    "\n\n",
    ":",
    "'",
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    "HTTP/1.1 ",
    "< ",
    "> ",
    "\u{2018}",
    "é",
    "\u{0}",
    "\\",
    "Access-Control-Allow-Origin: ",
    "(Reason: ",
    "%",
    "#v1.",
];

fn mutate(rng: &mut Rng, seed: &[u8], seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut s = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = s.len();
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                s[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => s.truncate(rng.below(len)),
            2 if len > 0 => {
                let a = rng.below(len);
                let b = (a + rng.below(64)).min(len);
                s.drain(a..b);
            }
            3 if len > 0 => {
                let a = rng.below(len);
                let b = (a + rng.below(64)).min(len);
                let span = s[a..b].to_vec();
                let at = rng.below(s.len());
                s.splice(at..at, span);
            }
            4 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len());
                let at = rng.below(s.len() + 1);
                s.splice(at..at, other[from..(from + rng.below(200)).min(other.len())].iter().copied());
            }
            _ => {
                let at = rng.below(s.len() + 1);
                let spice = SPICE[rng.below(SPICE.len())].as_bytes();
                s.splice(at..at, spice.iter().copied());
            }
        }
    }
    s
}

fn rounds() -> usize {
    std::env::var("CORSPROBE_FUZZ_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000)
}

fn fixture(path: &str) -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

fn console_seeds() -> Vec<Vec<u8>> {
    let mut seeds = Vec::new();
    let chromium: serde_json::Value = serde_json::from_str(&fixture("../harness/fixtures/console/chromium.json")).unwrap();
    for r in chromium.as_array().unwrap() {
        let text: Vec<&str> = r["messages"].as_array().unwrap().iter().filter_map(|m| m.as_str()).collect();
        seeds.push(text.join("\n").into_bytes());
    }
    let firefox: serde_json::Value = serde_json::from_str(&fixture("../harness/fixtures/firefox/lab.json")).unwrap();
    for r in firefox["cases"].as_array().unwrap() {
        for m in r["firefox"]["console"].as_array().into_iter().flatten() {
            seeds.push(m.as_str().unwrap_or_default().as_bytes().to_vec());
        }
    }
    seeds
}

fn header_seeds() -> Vec<Vec<u8>> {
    [
        "HTTP/1.1 204 No Content\r\naccess-control-allow-origin: http://127.0.0.1:8080\r\naccess-control-allow-methods: PUT\r\naccess-control-allow-headers: x-api-key\r\n\r\nHTTP/1.1 200 OK\r\ncontent-type: text/plain\r\naccess-control-allow-origin: *\r\n\r\nhello",
        "* Trying 127.0.0.1:8081...\n> OPTIONS /case/x HTTP/1.1\n> Origin: http://127.0.0.1:8080\n> Access-Control-Request-Method: PUT\n>\n< HTTP/2 404\n< content-length: 0\n<\n",
        "HTTP/1.1 301 Moved\r\nlocation: /next\r\naccess-control-allow-origin: *\r\n\r\nHTTP/1.1 200 OK\r\naccess-control-allow-origin: https://a.example, https://b.example\r\n\r\n",
        "access-control-allow-origin: *\naccess-control-allow-credentials: True\n",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect()
}

/// Small HAR files of the recorded HAR's first entries, three to a file.
fn har_seeds() -> Vec<Vec<u8>> {
    let har: serde_json::Value = serde_json::from_str(&fixture("../harness/fixtures/har/lab.har")).unwrap();
    har["log"]["entries"]
        .as_array()
        .unwrap()
        .chunks(3)
        .take(20)
        .map(|chunk| serde_json::json!({ "log": { "version": "1.2", "entries": chunk } }).to_string().into_bytes())
        .collect()
}

fn share_seeds() -> Vec<Vec<u8>> {
    ["#v1.eyJ2IjoxfQ", "#v1.", "#v2.AAAA", "#v1.!!!!", "#v1.eJzLSM3JyQcABiwCFQ"].iter().map(|s| s.as_bytes().to_vec()).collect()
}

fn run(name: &str, seeds: &[Vec<u8>], mut parse: impl FnMut(&str)) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ name.len() as u64);
    for seed in seeds {
        parse(&String::from_utf8_lossy(seed));
    }
    for _ in 0..rounds() {
        let seed = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, seed, seeds);
        parse(&String::from_utf8_lossy(&input));
    }
}

#[test]
fn pasted_headers_never_panic() {
    let request = RequestSpec::get("http://127.0.0.1:8081/case/x");
    run("headers", &header_seeds(), |text| {
        let _ = analyze_headers(text, &request, "http://127.0.0.1:8080");
    });
}

#[test]
fn console_messages_never_panic() {
    let request = RequestSpec::get("http://127.0.0.1:8081/case/x");
    run("console", &console_seeds(), |text| {
        let _ = analyze_console(text, "http://127.0.0.1:8080", Some(&request));
    });
}

#[test]
fn har_files_never_panic() {
    // The recorded HAR is large: fuzz its first entries as a whole file, and the whole.
    let har = fixture("../harness/fixtures/har/lab.har");
    let mut seeds = vec![har.clone().into_bytes()];
    seeds.extend(har_seeds());
    let budget = rounds() / 4;
    let mut rng = Rng(0x51ed_270b_2734_66fd);
    for _ in 0..budget {
        let seed = &seeds[1 + rng.below(seeds.len() - 1)];
        let input = mutate(&mut rng, seed, &seeds[1..]);
        let _ = analyze_har(&String::from_utf8_lossy(&input));
    }
    for cut in (0..har.len()).step_by(har.len() / 50 + 1) {
        let _ = analyze_har(&har[..har.floor_char_boundary(cut)]);
    }
}

#[test]
fn share_fragments_never_panic() {
    run("share", &share_seeds(), |text| {
        let _ = parse_fragment(text);
    });
}

/// The cargo-fuzz seed corpora (see the module doc): `engine/fuzz/fuzz_targets/<target>.rs`
/// reads the same inputs these tests do. The share target also reads the payload JSON a
/// link inflates to, so its corpus adds a real diagnosis's payload.
#[test]
#[ignore = "writes files; run by `cargo xtask fuzz`"]
fn write_seed_corpora() {
    let dir = PathBuf::from(std::env::var("CORSPROBE_FUZZ_SEED_DIR").expect("CORSPROBE_FUZZ_SEED_DIR: where to write the corpora"));
    let mut share = share_seeds();
    share.push(share_payload_seed());
    let corpora = [("har", har_seeds()), ("raw_headers", header_seeds()), ("console", console_seeds()), ("share_fragment", share)];
    for (target, seeds) in corpora {
        write_corpus(&dir.join(target), &seeds);
    }
}

fn write_corpus(dir: &Path, seeds: &[Vec<u8>]) {
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for (i, seed) in seeds.iter().enumerate() {
        let file = dir.join(format!("seed-{i:03}"));
        std::fs::write(&file, seed).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }
}

/// The JSON of a share link for a real diagnosis (every probe blocked but reachability),
/// with its evidence, so that `replay` has something to rebuild.
fn share_payload_seed() -> Vec<u8> {
    let form = corsprobe_engine::input::FormInput {
        url: "http://127.0.0.1:8081/case/header-not-allowed?page=2".into(),
        method: "PUT".into(),
        headers: "X-Api-Key: k\nX-Trace: abc".into(),
        credentials: corsprobe_engine::Credentials::Include,
        ..Default::default()
    };
    let report = common::blocked_but_reachable(&form, "http://127.0.0.1:8080");
    corsprobe_engine::share::payload_json(&form, false, Some(&corsprobe_engine::share::Evidence::of(&report)), &[]).into_bytes()
}
