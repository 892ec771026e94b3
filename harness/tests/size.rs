//! The page's transfer size: html + js + wasm + css of `dist/`, gzip -9, as a browser
//! downloads it from a server that compresses.
//!
//! Two sums. **Initial**: what opening the page downloads — `index.html` and every file
//! it names (the app's module, its wasm, the stylesheet), read from the built
//! `index.html` itself, so a file that starts loading with the page cannot escape the
//! count. **On demand**: the rest (the analysis worker, which the page starts the first
//! time someone analyzes pasted headers, a console error or a HAR, or opens the fix
//! panel).
//!
//! The budget is 200 KiB initial (issue 21; it was 150 KiB from issue 6, met with about
//! 600 bytes to spare by code no Leptos developer would write), and the test fails above
//! it. History: 210 →
//! 258 KB (header/HAR/console analysis joined the page) → 279 KB (server fixes) → 248 KB
//! (both moved to the on-demand worker; internally tagged serde decoders and gloo-net
//! replaced; then the live null-origin probe and the wider audit vocabulary) → 195 KB
//! (the layout became the engine's plain node trees instead of Leptos `view!`s) → 163 KB
//! (the diagnosis, its explanations and the report's drawing moved into the worker,
//! which now answers every run) → 150 KB (the state cells became one non-generic Leptos
//! trigger each instead of twenty `RwSignal` types) → 155 KB (gloo-net sends the
//! probes, typed names for actions, slots and controls; issue 21).
//!
//! **On demand** grew with the move (132 → 162 KB): a first run downloads both sums, a
//! little less in all than before (327 → 312 KB), but the page is usable before the
//! worker arrives, which starts loading at the person's first click or keystroke.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const GOAL: u64 = 200 * 1024;
/// The worker is downloaded once, when first needed; it must not grow unnoticed either.
/// Raised from 160 KiB when it gained 7 fix stacks (development proxies, CloudFront,
/// Vercel, Netlify), Chromium's URL rules (`engine/src/gurl.rs`) and the new findings'
/// texts: measured 182,271 B. Raised to 190 KiB when the console reader learned the
/// paraphrases people type from memory (issue 22) and its sentences became tables:
/// measured 184,574 B.
const ON_DEMAND_CEILING: u64 = 190 * 1024;

fn gzip_len(bytes: &[u8]) -> u64 {
    let mut child = Command::new("gzip").arg("-9c").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("gzip");
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    child.wait_with_output().unwrap().stdout.len() as u64
}

/// The `./file` names `index.html` refers to (in `href`, `src`, `import … from` and
/// `module_or_path`).
fn named_by(index: &str) -> Vec<String> {
    index
        .split(['"', '\''])
        .filter_map(|s| s.strip_prefix("./"))
        .filter(|s| !s.is_empty() && !s.contains(['/', ' ', '<', '>']))
        .map(String::from)
        .collect()
}

#[test]
fn the_page_stays_within_its_size_ceiling() {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist");
    let index = std::fs::read_to_string(dist.join("index.html")).expect("dist/ is built by `cargo xtask test`");
    let initial_names = named_by(&index);
    let (mut initial, mut on_demand) = (0, 0);
    let mut kinds = std::collections::BTreeSet::new();
    let mut files: Vec<_> = std::fs::read_dir(&dist).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    for path in files {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_string();
        if !["html", "js", "wasm", "css"].contains(&ext.as_str()) {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let size = gzip_len(&std::fs::read(&path).unwrap());
        let at_start = name == "index.html" || initial_names.contains(&name);
        println!("{size:>8} B  {} {name}", if at_start { "initial  " } else { "on demand" });
        if at_start {
            initial += size;
            kinds.insert(ext);
        } else {
            on_demand += size;
        }
    }
    assert_eq!(kinds.len(), 4, "the page loads no html, js, wasm or css at start? {kinds:?} from {initial_names:?}");
    println!("{initial:>8} B  initial; budget {GOAL} B ({:+} B)", initial as i64 - GOAL as i64);
    println!("{on_demand:>8} B  on demand; ceiling {ON_DEMAND_CEILING} B");
    assert!(initial <= GOAL, "the page grew to {initial} B gzip, above its budget {GOAL} B (issue 21)");
    assert!(on_demand <= ON_DEMAND_CEILING, "the on-demand files grew to {on_demand} B gzip, above {ON_DEMAND_CEILING} B");
}

#[test]
fn index_names_are_read_as_the_browser_would_fetch_them() {
    let index = r#"<script type="module">import init from './app-1.js'; await init({ module_or_path: './app-1_bg.wasm' });</script>
<link rel="stylesheet" href="./main-2.css"/><link rel="icon" href="data:image/svg+xml,x">"#;
    assert_eq!(named_by(index), ["app-1.js", "app-1_bg.wasm", "main-2.css"]);
}
