//! Every lab case, sent from the app's origin in real Chromium: Chromium's own verdict
//! must be exactly what the case documents. The lab is proven, not assumed.

use corsprobe_lab::case::{expand_param, Expect};
use corsprobe_lab::cases::cases;
use harness::chromium::Chromium;
use harness::env::TestEnv;
use harness::oracle::{chromium_verdict, Verdict};

#[test]
fn every_lab_case_is_what_chromium_reports() {
    let env = TestEnv::start(0).expect("start lab and app server");
    let chromium = Chromium::launch().expect("launch Chromium");
    let mut cdp = chromium.connect().expect("connect to Chromium");
    let mut mismatches = Vec::new();
    let mut records = Vec::new();
    let all = cases();
    for case in &all {
        let spec = case.request.to_spec(&env.lab.origin, env.lab.closed_port);
        let observed = chromium_verdict(&mut cdp, &env.app_page(), &spec).unwrap_or_else(|e| panic!("{}: {e}", case.id));
        let expected = match &case.expect {
            Expect::Pass => Verdict::Pass,
            Expect::Blocked { error, param, stage } => {
                Verdict::Blocked { error: *error, param: expand_param(param, &env.app_origin, &env.lab.origin), stage: *stage }
            }
            Expect::Unreachable => Verdict::Unreachable { error_text: String::new() },
        };
        let same = match (&expected, &observed.verdict) {
            (Verdict::Unreachable { .. }, Verdict::Unreachable { .. }) => true,
            (a, b) => a == b,
        };
        println!("{:<36} {}", case.id, if same { "ok" } else { "MISMATCH" });
        if !same {
            mismatches.push(format!("{}:\n  expected {:?}\n  observed {:?}\n  console  {:?}", case.id, expected, observed.verdict, observed.console));
        }
        records.push(serde_json::json!({ "case": case.id, "request": spec, "observation": observed }));
    }
    let out = TestEnv::out_dir();
    std::fs::create_dir_all(&out).ok();
    let recording = serde_json::json!({ "browser": chromium.version, "app_origin": env.app_origin, "lab_origin": env.lab.origin, "cases": records });
    std::fs::write(out.join("chromium-lab.json"), serde_json::to_string_pretty(&recording).unwrap()).ok();
    println!("lab cases checked in {}: {} of {} as documented", chromium.version, all.len() - mismatches.len(), all.len());
    assert!(mismatches.is_empty(), "{} lab case(s) differ from Chromium:\n{}", mismatches.len(), mismatches.join("\n"));
}
