//! The lab's cause routes over real HTTP, read back from real `curl` output (what a
//! person pastes) by `analyze_headers`: a cookie set without `SameSite=None; Secure` on a
//! credentialed cross-site response is `cookie-not-cross-site`; an `Access-Control-*`
//! request header is `cors-header-in-request`, and the route's preflight rejects it as
//! Chromium would.

use corsprobe_engine::analyze::analyze_headers;
use corsprobe_engine::curl::curl_commands;
use corsprobe_engine::finding::Certainty;
use corsprobe_engine::preflight_need::preflight_need;
use corsprobe_engine::report::Verdict;
use corsprobe_engine::{Credentials, Header, RequestSpec};
use corsprobe_lab::{start, LabConfig};
use std::process::Command;

/// localhost and 127.0.0.1 are different sites, so the lab (on 127.0.0.1) is cross-site
/// to this app origin.
const APP: &str = "http://localhost:5173";

fn pasted(request: &RequestSpec) -> String {
    let need = preflight_need(request);
    curl_commands(request, &need, APP)
        .iter()
        .map(|c| {
            let command = c.command.replacen("curl ", "curl --silent --max-time 10 ", 1);
            let out = Command::new("sh").arg("-c").arg(command).output().expect("curl runs");
            String::from_utf8_lossy(&out.stdout).into_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cause_routes_read_back_from_curl_output() {
    assert!(Command::new("curl").arg("--version").output().is_ok(), "curl is needed (Debian package curl)");
    let lab = start(LabConfig::new(APP)).await.unwrap();
    let origin = lab.origin.clone();
    tokio::task::spawn_blocking(move || {
        let cookie = RequestSpec { credentials: Credentials::Include, ..RequestSpec::get(format!("{origin}/cause/cookie-lax")) };
        let text = pasted(&cookie);
        let report = analyze_headers(&text, &cookie, APP).unwrap();
        assert_eq!(report.verdict, Verdict::Pass, "CORS itself passes: {text}");
        let f = &report.findings[0];
        assert_eq!((f.id.as_str(), f.certainty, f.param.as_deref()), ("cookie-not-cross-site", Certainty::Exact, Some("lab_session")), "{text}");
        assert!(!serde_json::to_string(&report).unwrap().contains("lab-session-value"), "the cookie's value is never shown");

        let mut header = RequestSpec::get(format!("{origin}/cause/no-access-control-request-headers"));
        header.headers.push(Header::new("Access-Control-Allow-Origin", "*"));
        let text = pasted(&header);
        let report = analyze_headers(&text, &header, APP).unwrap();
        assert_eq!(report.verdict, Verdict::Blocked, "{text}");
        assert_eq!(report.findings[0].id, "header-not-allowed", "{:#?}", report.findings);
        assert!(report.findings.iter().any(|f| f.id == "cors-header-in-request" && f.param.as_deref() == Some("access-control-allow-origin")));

        header.headers.clear();
        let clean = analyze_headers(&pasted(&header), &header, APP).unwrap();
        assert_eq!(clean.verdict, Verdict::Pass);
        assert!(clean.findings.iter().all(|f| f.id != "cors-header-in-request"));
    })
    .await
    .unwrap();
}
