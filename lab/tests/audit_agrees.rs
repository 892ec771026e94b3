//! The policy audit flags each dangerous lab policy and none of the safe ones.
//!
//! Every lab case that passes in Chromium is asked over real HTTP — its preflight when
//! the request needs one, and the request — from every origin in the curl set corsprobe
//! shows for it (`corsprobe_engine::curl::curl_commands`: the app origin, the foreign
//! origin, the origin-matching probes), and from `null`; `corsprobe_engine::audit::audit`
//! over all those answers must raise exactly the findings `audit_expectations` lists.
//! It runs twice, against a lab configured for each app origin: the loopback one the
//! harness uses, where only the prefix probe derives, and a domain name, where every
//! probe does.

use corsprobe_engine::audit::{audit, AuditSample, FOREIGN_ORIGIN};
use corsprobe_engine::curl::curl_commands;
use corsprobe_engine::headers::HttpResponse;
use corsprobe_engine::preflight_need::preflight_need;
use corsprobe_engine::report::CurlCommand;
use corsprobe_lab::case::{Expect, Target};
use corsprobe_lab::cases::{audit_expectations, cases};
use corsprobe_lab::{start, LabConfig};
use std::io::{Read, Write};

const LOOPBACK_APP: &str = "http://127.0.0.1:8080";
const DOMAIN_APP: &str = "https://app.example.com";

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

/// Every `Origin` the curl commands send: `-H 'Origin: …'`, and the probe loop's
/// `for o in '…' '…'; do`.
fn curl_set_origins(commands: &[CurlCommand]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in commands {
        if let Some(list) = c.command.strip_prefix("for o in ").and_then(|rest| rest.split_once("; do")).map(|(list, _)| list) {
            out.extend(list.split_whitespace().map(|o| o.trim_matches('\'').to_string()));
        }
        for piece in c.command.split("'Origin: ").skip(1) {
            out.push(piece.split('\'').next().unwrap().to_string());
        }
    }
    out.dedup();
    out
}

/// For each passing lab case, what the audit raised and what it should have.
fn audit_every_passing_case(app: &'static str) -> Vec<String> {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let lab = rt.block_on(start(LabConfig::new(app))).unwrap();
    let (port, lab_origin, closed) = (lab.port, lab.origin.clone(), lab.closed_port);
    let mut failures = Vec::new();
    let mut audited = 0;
    for case in cases().iter().filter(|c| c.request.target == Target::Lab && c.id != "slow" && matches!(c.expect, Expect::Pass)) {
        let spec = case.request.to_spec(&lab_origin, closed);
        let need = preflight_need(&spec);
        let path = spec.url.trim_start_matches(&lab_origin).to_string();
        let mut origins = curl_set_origins(&curl_commands(&spec, &need, app));
        assert!(origins.len() >= 3 && origins[0] == app && origins.iter().any(|o| o == FOREIGN_ORIGIN), "{}: {origins:?}", case.id);
        origins.push("null".into());
        let mut answers = Vec::new();
        for origin in &origins {
            if need.required {
                let mut h = vec![("Origin", origin.clone()), ("Access-Control-Request-Method", need.method.clone())];
                if !need.headers.is_empty() {
                    h.push(("Access-Control-Request-Headers", need.headers.join(",")));
                }
                answers.push((origin.as_str(), true, send(port, "OPTIONS", &path, &h)));
            }
            let mut h = vec![("Origin", origin.clone())];
            h.extend(spec.headers.iter().map(|x| (x.name.as_str(), x.value.clone())));
            answers.push((origin.as_str(), false, send(port, &spec.method, &path, &h)));
        }
        let samples: Vec<AuditSample> = answers.iter().map(|(o, pre, r)| AuditSample { origin: o, preflight: *pre, response: r }).collect();
        let mut found: Vec<String> = audit(&spec.url, &spec, &samples).into_iter().map(|f| f.id).collect();
        found.sort();
        let mut expected: Vec<String> = audit_expectations()
            .iter()
            .find(|e| e.case == case.id)
            .map(|e| if app == DOMAIN_APP { e.from_domain } else { e.from_loopback })
            .unwrap_or_default()
            .iter()
            .map(|s| s.to_string())
            .collect();
        expected.sort();
        audited += 1;
        println!("{app:<24} {:<32} {found:?}", case.id);
        if found != expected {
            failures.push(format!("{app} {}: audit raised {found:?}, expected {expected:?} (asked from {origins:?})", case.id));
        }
    }
    assert!(audited >= 20, "{audited}");
    failures
}

#[test]
fn the_audit_flags_each_dangerous_policy_and_no_safe_one() {
    let failures: Vec<String> = [LOOPBACK_APP, DOMAIN_APP].into_iter().flat_map(audit_every_passing_case).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_expectation_names_a_passing_lab_case() {
    let all = cases();
    for e in audit_expectations() {
        let case = all.iter().find(|c| c.id == e.case).unwrap_or_else(|| panic!("no lab case {}", e.case));
        assert_eq!(case.expect, Expect::Pass, "{}: the audit reads policies that work today", e.case);
        assert!(!e.from_domain.is_empty(), "{}: a dangerous policy is flagged from a domain origin", e.case);
        for id in e.from_domain.iter().chain(e.from_loopback) {
            assert!(corsprobe_engine::finding::FindingKind::from_id(id).is_some(), "{}: no finding {id}", e.case);
        }
    }
}
