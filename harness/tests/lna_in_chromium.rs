//! Local Network Access: a page on a public address fetching this machine.
//!
//! Everything in the lab is loopback, where Chromium's Local Network Access rules never
//! apply. Here Chromium resolves `corsprobe.test` to 127.0.0.1 and is told that the app's
//! port is in the public address space (`--ip-address-space-overrides`), so the page at
//! `http://corsprobe.test:PORT` is a public, non-secure page reaching loopback — what a
//! person sees when a hosted http page fetches `localhost`.
//!
//! Measured in Chromium 156: every fetch (cors and no-cors alike) fails with
//! `Network.loadingFailed.corsErrorStatus.corsError == "InsecureLocalNetwork"` (the
//! issue also reports `LocalNetworkAccessPermissionDenied`), and the console sentence is
//! "The request client is not a secure context and the resource is in more-private
//! address space `loopback`." The test asserts that, that the same request from the
//! same request from a page on another loopback port passes (so the address space is the cause), and that the page
//! running on the public origin says `blocked` at the `network` stage with the
//! `local-network-access` finding covering Chromium's error.

use corsprobe_engine::report::{Report, Verdict as PageVerdict};
use corsprobe_engine::CorsError;
use corsprobe_lab::cases::cases;
use harness::app::open_page;
use harness::chromium::Chromium;
use harness::env::TestEnv;
use harness::oracle::{chromium_verdict, Verdict};
use std::time::Duration;

#[test]
fn a_public_page_reaching_loopback_is_named_local_network_access() {
    let env = TestEnv::start(0).expect("start lab and app server");
    assert!(env.has_app, "dist/ is not built: run `cargo xtask test`");
    let app_port = env.app_origin.rsplit(':').next().unwrap().to_string();
    let chromium = Chromium::launch_with(&[
        "--host-resolver-rules=MAP corsprobe.test 127.0.0.1".into(),
        format!("--ip-address-space-overrides=127.0.0.1:{app_port}=public"),
    ])
    .expect("launch Chromium");
    let public_page = format!("http://corsprobe.test:{app_port}/");
    let mut oracle_cdp = chromium.connect().unwrap();
    let case = cases().into_iter().find(|c| c.id == "pass-wildcard").unwrap();
    let spec = case.request.to_spec(&env.lab.origin, env.lab.closed_port);

    // Chromium's own verdict: blocked from the public page, passing from loopback.
    let from_public = chromium_verdict(&mut oracle_cdp, &public_page, &spec).unwrap();
    match &from_public.verdict {
        Verdict::Blocked { error, .. } => {
            assert!(matches!(error, CorsError::InsecureLocalNetwork | CorsError::LocalNetworkAccessPermissionDenied), "Chromium blocked with {error}")
        }
        other => panic!("expected Chromium to block the public page's request, got {other:?}"),
    }
    // The override covers the app's IP:port whatever the host name, so the control page
    // is the app served again on another loopback port (also an allowed-by-`*` origin).
    let loopback_page = env.serve_app_under("/loopback/").unwrap();
    let from_loopback = chromium_verdict(&mut oracle_cdp, &loopback_page, &spec).unwrap();
    assert!(matches!(from_loopback.verdict, Verdict::Pass), "from the loopback origin: {:?}", from_loopback.verdict);
    let Verdict::Blocked { error: chromium_error, .. } = from_public.verdict else { unreachable!() };

    // The page on the public origin.
    let mut app = open_page(&chromium, &public_page).expect("the app renders");
    app.set_field("url", &spec.url).unwrap();
    app.click("[data-action=run]").unwrap();
    app.wait_for(&harness::page::shows_report_for(&spec.url), Duration::from_secs(40)).expect("a report");
    let text = app.eval("document.getElementById('report-json').textContent").unwrap();
    let report: Report = serde_json::from_str(text.as_str().unwrap()).unwrap();
    assert_eq!(report.page_origin, format!("http://corsprobe.test:{app_port}"));
    assert_eq!(report.verdict, PageVerdict::Blocked, "{:#?}", report.findings);
    assert_eq!(report.stage.map(|s| s.as_str()), Some("network"));
    let lna = report.findings.iter().find(|f| f.id == "local-network-access").expect("a local-network-access finding");
    assert!(lna.chromium.contains(&chromium_error), "the finding covers {chromium_error}: {:?}", lna.chromium);
    let shown = app.eval("!!document.querySelector('[data-finding=\"local-network-access\"]')").unwrap();
    assert_eq!(shown, serde_json::Value::Bool(true));
    let text = app.eval("document.querySelector('[data-browser-notes]') ? document.querySelector('[data-browser-notes]').textContent : ''").unwrap();
    assert!(text.as_str().unwrap_or_default().contains("Local Network Access"), "the page notes how other browsers differ: {text}");
    app.screenshot(&TestEnv::out_dir().join("app-local-network.png")).unwrap();
}
