//! Benchmark (not a timed test; run with `cargo xtask bench`): how much longer the full
//! diagnosis takes than the person's single request, with every lab answer delayed.
//! Both are timed inside the page with `performance.now()`, in fresh browser contexts.

use harness::chromium::Chromium;
use harness::env::TestEnv;
use harness::oracle::fetch_expression;
use harness::page::Page;
use std::time::Duration;

const DELAY_MS: u64 = 200;
const ROUNDS: usize = 3;
const CASES: &[&str] =
    &["missing-allow-origin", "credentials-header-missing", "header-not-allowed", "two-headers-not-allowed", "method-not-allowed", "pass-preflight"];

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

#[test]
#[ignore = "benchmark: cargo xtask bench"]
fn diagnosis_time_over_single_request_time() {
    let env = TestEnv::start(DELAY_MS).expect("start servers");
    assert!(env.has_app, "dist/ is not built");
    let chromium = Chromium::launch().expect("launch Chromium");
    let mut cdp = chromium.connect().unwrap();
    let all = corsprobe_lab::cases::cases();
    let mut rows = Vec::new();
    for id in CASES {
        let case = all.iter().find(|c| c.id == *id).unwrap();
        let spec = case.request.to_spec(&env.lab.origin, env.lab.closed_port);
        let (mut singles, mut diagnoses) = (Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            let mut page = Page::open(&mut cdp).unwrap();
            page.navigate(&env.app_page()).unwrap();
            let t = page
                .eval(&format!(
                    "(async () => {{ const t0 = performance.now(); await {}; return performance.now() - t0; }})()",
                    fetch_expression(&spec)
                ))
                .unwrap();
            singles.push(t.as_f64().unwrap());
            drop(page);

            let mut page = Page::open(&mut cdp).unwrap();
            page.navigate(&format!("{}/?lab={}", env.app_origin, env.lab.origin)).unwrap();
            page.wait_for("document.querySelector('[data-action=load-examples]')", Duration::from_secs(10)).unwrap();
            page.eval("document.querySelector('[data-action=load-examples]').click()").unwrap();
            page.wait_for(&format!("document.querySelector('[data-example=\"{id}\"]')"), Duration::from_secs(10)).unwrap();
            page.eval(&format!("document.querySelector('[data-example=\"{id}\"]').click()")).unwrap();
            let t = page
                .eval(&format!(
                    r#"new Promise(res => {{
  const url = {url:?};
  const done = () => {{ const e = document.getElementById('report-json'); try {{ return e && JSON.parse(e.textContent).request.url === url; }} catch (_) {{ return false; }} }};
  const t0 = performance.now();
  const obs = new MutationObserver(() => {{ if (done()) {{ obs.disconnect(); res(performance.now() - t0); }} }});
  obs.observe(document.body, {{ subtree: true, childList: true, characterData: true }});
  document.querySelector('[data-action=run]').click();
}})"#,
                    url = spec.url
                ))
                .unwrap();
            diagnoses.push(t.as_f64().unwrap());
        }
        let (single, diagnosis) = (median(singles), median(diagnoses));
        println!("{id:<28} single {single:>7.0} ms   diagnosis {diagnosis:>7.0} ms   ratio {:.2}", diagnosis / single);
        rows.push(serde_json::json!({ "case": id, "single_ms": single, "diagnosis_ms": diagnosis, "ratio": diagnosis / single }));
    }
    let worst = rows.iter().filter_map(|r| r["ratio"].as_f64()).fold(0.0, f64::max);
    println!("worst ratio {worst:.2} (goal ≤ 1.25), lab delay {DELAY_MS} ms, {} rounds, median, {}", ROUNDS, chromium.version);
    let out = TestEnv::out_dir();
    std::fs::create_dir_all(&out).ok();
    std::fs::write(
        out.join("bench.json"),
        serde_json::to_string_pretty(&serde_json::json!({ "delay_ms": DELAY_MS, "browser": chromium.version, "rows": rows })).unwrap(),
    )
    .ok();
}

/// Time to interactive: from navigation start to the app's `corsprobe-interactive`
/// mark (set right after mounting), fresh browser context each time, median of 15.
#[test]
#[ignore = "benchmark: cargo xtask bench"]
fn time_to_interactive() {
    let env = TestEnv::start(0).expect("start servers");
    assert!(env.has_app, "dist/ is not built");
    let chromium = Chromium::launch().expect("launch Chromium");
    let mut cdp = chromium.connect().unwrap();
    let mut times = Vec::new();
    for _ in 0..15 {
        let mut page = Page::open(&mut cdp).unwrap();
        page.navigate(&env.app_page()).unwrap();
        page.wait_for("performance.getEntriesByName('corsprobe-interactive').length", Duration::from_secs(10)).unwrap();
        let t = page.eval("performance.getEntriesByName('corsprobe-interactive')[0].startTime").unwrap();
        times.push(t.as_f64().unwrap());
    }
    let (min, max) = (times.iter().cloned().fold(f64::MAX, f64::min), times.iter().cloned().fold(0.0, f64::max));
    let median = median(times);
    println!("time to interactive: median {median:.0} ms (min {min:.0}, max {max:.0}; goal ≤ 150 ms, issue 21), 15 loads, {}", chromium.version);
}
