//! Every lab case in Firefox: its verdict (pass, blocked, unreachable) must equal the
//! case's documented one (Chromium's), except where `FIREFOX_DIFFERS` documents a
//! difference measured here. Firefox's console messages are recorded to
//! `harness/out/firefox-lab.json` (and to `harness/fixtures/firefox/lab.json` with
//! `CORSPROBE_RECORD=1`), for the README's browser table and the console-paste tests.

use corsprobe_lab::case::Expect;
use corsprobe_lab::cases::cases;
use harness::env::TestEnv;
use harness::firefox::Firefox;
use harness::firefox_oracle::firefox_verdict;

/// Cases where Firefox's verdict differs from Chromium's, with what Firefox does.
/// Each is also in the route's `doc` (lab/src/cases.rs) and in README's browser table.
pub const FIREFOX_DIFFERS: &[(&str, &str, &str)] = &[(
    "redirect-with-credentials",
    "unreachable",
    "Firefox refuses the redirect to user:password@ with its network-failure reason \"CORS request did not succeed\" (Status code: (null)); Chromium reports RedirectContainsCredentials",
)];

#[test]
fn firefox_agrees_with_the_lab_on_every_case() {
    let env = TestEnv::start(0).expect("start servers");
    let firefox = Firefox::launch().expect("launch Firefox");
    let (mut bidi, version) = firefox.connect().expect("BiDi session");
    let (mut records, mut failures) = (Vec::new(), Vec::new());
    for case in cases() {
        let spec = case.request.to_spec(&env.lab.origin, env.lab.closed_port);
        let seen = firefox_verdict(&mut bidi, &env.app_page(), &spec).unwrap_or_else(|e| panic!("{}: {e}", case.id));
        let expected = match &case.expect {
            Expect::Pass => "pass",
            Expect::Blocked { .. } => "blocked",
            Expect::Unreachable => "unreachable",
        };
        let documented = FIREFOX_DIFFERS.iter().find(|(id, ..)| *id == case.id).map(|(_, v, _)| *v);
        let ok = seen.verdict == documented.unwrap_or(expected);
        println!(
            "{:<36} chromium {:<11} firefox {:<11} {:<60} {}",
            case.id,
            expected,
            seen.verdict,
            format!("{} {}", seen.reason.clone().unwrap_or_default(), seen.status.map(|s| s.to_string()).unwrap_or_default()),
            if ok { "ok" } else { "FAIL" }
        );
        if !ok {
            failures.push(format!("{}: Firefox {} ({:?}), expected {expected}", case.id, seen.verdict, seen.console));
        }
        records.push(serde_json::json!({
            "case": case.id, "origin": env.app_origin, "lab_origin": env.lab.origin, "url": spec.url,
            "chromium": case.expect, "firefox": seen,
        }));
    }
    let recording = serde_json::to_string_pretty(&serde_json::json!({ "browser": version, "cases": records })).unwrap();
    let out = TestEnv::out_dir();
    std::fs::create_dir_all(&out).ok();
    std::fs::write(out.join("firefox-lab.json"), &recording).ok();
    if std::env::var_os("CORSPROBE_RECORD").is_some() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/firefox");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("lab.json"), &recording).unwrap();
    }
    println!("{version}");
    assert!(failures.is_empty(), "{} case(s) differ from the documented verdict:\n{}", failures.len(), failures.join("\n"));
}
