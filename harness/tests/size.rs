//! The page's transfer size: html + js + wasm + css of `dist/`, gzip -9, as a browser
//! downloads it from a server that compresses.
//!
//! The goal (issue 6) is 150 KB. The page is above it today (see README, "Size"), so
//! this test is a ratchet: it fails when the page grows past `CEILING`. The ceiling
//! moved up twice: from 210 to 258 KB when the header/HAR/console analysis (the check
//! engine, the console parser, the HAR reader: +48 KB) joined the page, and to 279 KB
//! for the server-fix generator (22 stacks: +21 KB). The way back down is to load both
//! on demand (a worker / a second module), which README names as the next step.

use std::io::Write;
use std::process::{Command, Stdio};

const GOAL: u64 = 150 * 1024;
const CEILING: u64 = 279 * 1024;

fn gzip_len(bytes: &[u8]) -> u64 {
    let mut child = Command::new("gzip").arg("-9c").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("gzip");
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    child.wait_with_output().unwrap().stdout.len() as u64
}

#[test]
fn the_page_stays_within_its_size_ceiling() {
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist");
    let mut total = 0;
    let mut kinds = 0;
    for entry in std::fs::read_dir(&dist).expect("dist/ is built by `cargo xtask test`").flatten() {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ["html", "js", "wasm", "css"].contains(&ext) {
            let size = gzip_len(&std::fs::read(&path).unwrap());
            println!("{size:>8} B  {}", path.file_name().unwrap().to_string_lossy());
            total += size;
            kinds += 1;
        }
    }
    assert!(kinds >= 4, "dist/ lacks some of html, js, wasm, css");
    println!("{total:>8} B  total; goal {GOAL} B ({:+} B), ceiling {CEILING} B", total as i64 - GOAL as i64);
    assert!(total <= CEILING, "the page grew to {total} B gzip, above its ceiling {CEILING} B (goal {GOAL} B)");
}
