//! The generated fixes, proven on real servers in real Chromium.
//!
//! For each verified stack (`harness::stacks::VERIFIED`: nginx, Apache, Caddy, Flask,
//! FastAPI, Django, Express, Fastify, axum) and each of four
//! failures the lab documents — no CORS at all (`MissingAllowOriginHeader`), a custom
//! header the preflight does not allow (`HeaderDisallowedByPreflightResponse`), a method
//! it does not allow (`MethodDisallowedByPreflightResponse`), and a credentialed
//! request without `Access-Control-Allow-Credentials` (`InvalidAllowCredentials`) — the
//! real server first runs in the broken state and Chromium must report that exact
//! error; then it runs the configuration corsprobe generates for the fix input the page
//! prefills from that request (`FixInput::from_report`), and Chromium must let the same
//! request through.

use corsprobe_engine::diagnose::report_for_input;
use corsprobe_engine::fix::FixInput;
use harness::chromium::Chromium;
use harness::env::TestEnv;
use harness::oracle::{chromium_verdict, Verdict};
use harness::stacks::{broken_cases, broken_error, start, VERIFIED};

#[test]
fn generated_fixes_turn_each_failure_into_a_pass_on_real_servers() {
    let env = TestEnv::start(0).expect("start servers");
    let chromium = Chromium::launch().expect("launch Chromium");
    let mut cdp = chromium.connect().unwrap();
    let app = env.app_origin.clone();
    let mut failures = Vec::new();
    for stack in VERIFIED {
        for case in broken_cases() {
            let broken = start(*stack, (case.broken)(&app).as_ref()).unwrap_or_else(|e| panic!("{}: {e}", stack.id()));
            let spec = (case.request)(&broken.url());
            let before = chromium_verdict(&mut cdp, &env.app_page(), &spec).unwrap().verdict;
            let expected = broken_error(*stack, &case);
            let broke_as_documented = matches!(&before, Verdict::Blocked { error, .. } if *error == expected);
            let broken_source = broken.source.clone();
            drop(broken);
            // The fix the page prefills for this request, on the same stack.
            let input = FixInput::from_report(&report_for_input(&app, spec.clone(), &[]));
            let fixed = start(*stack, Some(&input)).unwrap_or_else(|e| panic!("{}: {e}", stack.id()));
            let spec = (case.request)(&fixed.url());
            let after = chromium_verdict(&mut cdp, &env.app_page(), &spec).unwrap().verdict;
            println!("{:<8} {:<28} before {:<45} after {:?}", stack.id(), case.id, format!("{before:?}"), after);
            if !broke_as_documented {
                failures.push(format!("{} {}: the broken server gave {before:?}, not {expected}\n{broken_source}", stack.id(), case.id));
            }
            if !matches!(after, Verdict::Pass) {
                failures.push(format!("{} {}: the generated fix gave {after:?}\n{}", stack.id(), case.id, fixed.source));
            }
        }
    }
    assert_eq!(VERIFIED.len(), 9, "nginx, Apache, Caddy, Flask, FastAPI, Django, Express, Fastify, axum");
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n\n"));
}
