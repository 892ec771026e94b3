//! HAR files recorded from real Chromium for every lab case give Chromium's exact error.
//!
//! Each case's request is sent from a fresh tab on the app origin, and a HAR is built
//! from the DevTools `Network.*` events exactly as DevTools' export builds it
//! (`harness::har`). `corsprobe_engine::har::analyze_har` must then name the case's
//! documented error (Chromium's own verdict, checked by `lab_in_chromium.rs`) with its
//! parameter and stage; passing cases must pass. Cases Chromium refuses before sending
//! (same-origin mode, no-cors with redirect manual) leave nothing in a HAR and are
//! skipped. All cases' entries together are written to `harness/out/lab.har` (for the
//! page's HAR test). A HAR does not record `credentials` or `redirect`; cases that set
//! them are judged with them stated, as the page's form lets the person do. With `CORSPROBE_RECORD=1`, to `harness/fixtures/har/lab.har`.

use corsprobe_engine::har::{analyze_har_with, HarAssumptions};
use corsprobe_engine::report::Verdict as ReportVerdict;
use corsprobe_engine::Stage;
use corsprobe_lab::case::{expand_param, Expect};
use corsprobe_lab::cases::cases;
use harness::chromium::Chromium;
use harness::env::TestEnv;
use harness::har::record_har;
use harness::page::Page;
use serde_json::Value;

#[test]
fn recorded_hars_name_chromiums_error_for_every_lab_case() {
    let env = TestEnv::start(0).expect("start servers");
    let chromium = Chromium::launch().expect("launch Chromium");
    let mut cdp = chromium.connect().unwrap();
    let (mut all_entries, mut failures, mut checked) = (Vec::new(), Vec::new(), 0);
    for case in cases() {
        if matches!(&case.expect, Expect::Blocked { stage: Stage::Input, .. }) || case.id == "slow" {
            continue;
        }
        let spec = case.request.to_spec(&env.lab.origin, env.lab.closed_port);
        let har = {
            let mut page = Page::open(&mut cdp).unwrap();
            page.navigate(&env.app_page()).unwrap();
            record_har(&mut page, std::slice::from_ref(&spec)).unwrap()
        };
        all_entries.extend(har["log"]["entries"].as_array().cloned().unwrap_or_default());
        // A HAR does not record the credentials mode; the person states it in the page
        // (the form's Credentials), as here.
        let assume = HarAssumptions {
            credentials: (spec.credentials == corsprobe_engine::Credentials::Include).then_some(spec.credentials),
            redirect: (spec.redirect != corsprobe_engine::RedirectMode::Follow).then_some(spec.redirect),
            mode: None,
        };
        let analysis = match analyze_har_with(&har.to_string(), assume) {
            Ok(a) => a,
            Err(e) => {
                failures.push(format!("{}: {e}", case.id));
                continue;
            }
        };
        let Some(first) = analysis.requests.first() else {
            // no-cors requests carry no Origin: not CORS requests in a HAR.
            if spec.mode != corsprobe_engine::Mode::Cors && matches!(case.expect, Expect::Pass) {
                continue;
            }
            // A refused connection leaves only provisional headers (no Origin): a HAR
            // cannot show it was a cross-origin request.
            if matches!(case.expect, Expect::Unreachable) {
                continue;
            }
            println!("{:<36} no cross-origin request in {} entries", case.id, analysis.entries);
            failures.push(format!("{}: no cross-origin request found in {} entries", case.id, analysis.entries));
            continue;
        };
        checked += 1;
        // Unstated, credentials are inferred from the browser's failure: the same error,
        // as `likely`.
        if let (Some(_), Expect::Blocked { error, .. }) = (assume.credentials, &case.expect) {
            let unstated = analyze_har_with(&har.to_string(), HarAssumptions { credentials: None, ..assume }).unwrap();
            let f = &unstated.requests[0].report.findings[0];
            if f.chromium != vec![*error] {
                failures.push(format!("{}: without the stated credentials, {:?} instead of {error}", case.id, f.chromium));
            }
        }
        let report = &first.report;
        let f = report.findings.first();
        let problem = match &case.expect {
            Expect::Pass => {
                (report.verdict != ReportVerdict::Pass).then(|| format!("expected pass, got {:?} {:?}", report.verdict, f.map(|f| (&f.id, &f.param))))
            }
            Expect::Unreachable => (report.verdict != ReportVerdict::Unreachable).then(|| format!("expected unreachable, got {:?}", report.verdict)),
            Expect::Blocked { error, param, stage } => {
                let want = expand_param(param, &env.app_origin, &env.lab.origin);
                match f {
                    Some(f) if f.chromium == vec![*error] && f.param.clone().unwrap_or_default() == want && report.stage == Some(*stage) => None,
                    _ => Some(format!(
                        "expected {error} ({want:?}) at {stage:?}, got {:?} at {:?}: {:?}",
                        report.verdict,
                        report.stage,
                        f.map(|f| (&f.id, &f.chromium, &f.param))
                    )),
                }
            }
        };
        println!("{:<36} {}", case.id, problem.clone().unwrap_or_else(|| "ok".into()));
        if let Some(p) = problem {
            failures.push(format!("{}: {p}", case.id));
        }
    }
    let combined = serde_json::json!({ "log": { "version": "1.2", "creator": { "name": "corsprobe harness (Chromium DevTools events)", "version": "1" }, "pages": [], "entries": Value::Array(all_entries) } });
    let text = serde_json::to_string_pretty(&combined).unwrap();
    std::fs::create_dir_all(TestEnv::out_dir()).ok();
    std::fs::write(TestEnv::out_dir().join("lab.har"), &text).unwrap();
    if std::env::var_os("CORSPROBE_RECORD").is_some() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/har");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("lab.har"), &text).unwrap();
    }
    assert!(checked >= 40, "only {checked} cases checked");
    assert!(failures.is_empty(), "{} case(s):\n{}", failures.len(), failures.join("\n"));
}
