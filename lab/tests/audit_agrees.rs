//! The policy audit flags each dangerous lab policy and none of the safe ones.
//!
//! Every lab case that passes in Chromium is asked over real HTTP — its preflight when
//! the request needs one, and the request — from the app origin, from the foreign origin
//! corsprobe's curl commands use, and from `null`; `corsprobe_engine::audit::audit` over
//! all those answers must raise exactly the findings `audit_expectations` lists.

use corsprobe_engine::audit::{audit, AuditSample, FOREIGN_ORIGIN};
use corsprobe_engine::headers::HttpResponse;
use corsprobe_engine::preflight_need::preflight_need;
use corsprobe_lab::case::{Expect, Target};
use corsprobe_lab::cases::{audit_expectations, cases};
use corsprobe_lab::{start, LabConfig};
use std::io::{Read, Write};

const APP: &str = "http://127.0.0.1:8080";

/// One HTTP/1.1 exchange; every header line kept as sent.
fn send(port: u16, method: &str, path: &str, headers: &[(&str, String)]) -> HttpResponse {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (n, v) in headers {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    req.push_str("Content-Length: 0\r\n\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    let head = text.split("\r\n\r\n").next().unwrap();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let mut r = HttpResponse::new(status);
    for (n, v) in lines.filter_map(|l| l.split_once(':')) {
        r.headers.append(n.trim(), v);
    }
    r
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_flags_each_dangerous_policy_and_no_safe_one() {
    let lab = start(LabConfig::new(APP)).await.unwrap();
    let (port, lab_origin, closed) = (lab.port, lab.origin.clone(), lab.closed_port);
    let failures = tokio::task::spawn_blocking(move || {
        let mut failures = Vec::new();
        let mut audited = 0;
        for case in cases().iter().filter(|c| c.request.target == Target::Lab && c.id != "slow" && matches!(c.expect, Expect::Pass)) {
            let spec = case.request.to_spec(&lab_origin, closed);
            let need = preflight_need(&spec);
            let path = spec.url.trim_start_matches(&lab_origin).to_string();
            let mut answers = Vec::new();
            for origin in [APP, FOREIGN_ORIGIN, "null"] {
                if need.required {
                    let mut h = vec![("Origin", origin.to_string()), ("Access-Control-Request-Method", need.method.clone())];
                    if !need.headers.is_empty() {
                        h.push(("Access-Control-Request-Headers", need.headers.join(",")));
                    }
                    answers.push((origin, true, send(port, "OPTIONS", &path, &h)));
                }
                let mut h = vec![("Origin", origin.to_string())];
                h.extend(spec.headers.iter().map(|x| (x.name.as_str(), x.value.clone())));
                answers.push((origin, false, send(port, &spec.method, &path, &h)));
            }
            let samples: Vec<AuditSample> = answers.iter().map(|(o, pre, r)| AuditSample { origin: o, preflight: *pre, response: r }).collect();
            let mut found: Vec<String> = audit(&spec.url, &spec, &samples).into_iter().map(|f| f.id).collect();
            found.sort();
            let mut expected: Vec<String> = audit_expectations()
                .iter()
                .find(|(id, _)| *id == case.id)
                .map(|(_, ids)| ids.iter().map(|s| s.to_string()).collect())
                .unwrap_or_default();
            expected.sort();
            audited += 1;
            if found != expected {
                failures.push(format!("{}: audit raised {found:?}, expected {expected:?}", case.id));
            }
        }
        assert!(audited >= 14, "{audited}");
        failures
    })
    .await
    .unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
