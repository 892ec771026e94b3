//! The lab's routes answer as their cases say, over real HTTP (a raw TCP client, so the
//! test sees repeated header lines exactly as sent). Chromium's verdict on them is
//! checked by harness/tests/lab_in_chromium.rs.

use corsprobe_lab::case::{Expect, Target};
use corsprobe_lab::cases::cases;
use corsprobe_lab::{start, LabConfig};
use std::io::{Read, Write};

const APP: &str = "http://127.0.0.1:8080";

/// Sends one HTTP/1.1 request and returns (status, header lines lowercased by name).
fn send(port: u16, method: &str, path: &str, headers: &[(&str, &str)]) -> (u16, Vec<(String, String)>) {
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
    let headers = lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string())).collect();
    (status, headers)
}

fn values<'a>(headers: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    headers.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn routes_answer_as_their_cases_say() {
    let lab = start(LabConfig::new(APP)).await.unwrap();
    let port = lab.port;
    tokio::task::spawn_blocking(move || {
        for case in cases().iter().filter(|c| c.request.target == Target::Lab && c.id != "slow") {
            let path = format!("/case/{}", case.id);
            // As the browser sends the case's request: the preflight asks for its method
            // and unsafe headers; the request carries its headers.
            let need = corsprobe_engine::preflight_need::preflight_need(&case.request.to_spec("http://lab", 0));
            let asked = need.headers.join(",");
            let mut preflight_headers = vec![("Origin", APP), ("Access-Control-Request-Method", need.method.as_str())];
            if !asked.is_empty() {
                preflight_headers.push(("Access-Control-Request-Headers", asked.as_str()));
            }
            let mut request_headers = vec![("Origin", APP)];
            request_headers.extend(case.request.headers.iter().copied());
            for (method, reply, sent) in
                [("OPTIONS", &case.server.preflight, &preflight_headers), (case.request.method, &case.server.actual, &request_headers)]
            {
                let (status, headers) = send(port, method, &path, sent);
                assert_eq!(status, reply.status, "{} {method}", case.id);
                let acao: Vec<&str> = values(&headers, "access-control-allow-origin");
                let promised = reply.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("access-control-allow-origin")).count();
                assert_eq!(acao.len(), promised, "{} {method}: {acao:?}", case.id);
            }
            // A mismatch case's header carries exactly the value Chromium reports.
            if let Expect::Blocked { error: corsprobe_engine::CorsError::AllowOriginMismatch, param, .. } = &case.expect {
                let (_, headers) = send(port, case.request.method, &path, &[("Origin", APP)]);
                let expected = corsprobe_lab::case::expand_param(param, APP, "");
                assert_eq!(values(&headers, "access-control-allow-origin"), vec![expected.as_str()], "{}", case.id);
            }
        }
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conditional_routes_answer_other_requests_as_real_servers_do() {
    let lab = start(LabConfig::new(APP)).await.unwrap();
    let port = lab.port;
    tokio::task::spawn_blocking(move || {
        // Basic authentication: a request without Authorization is challenged.
        for id in ["basic-auth-cors", "basic-auth-before-cors"] {
            let (status, h) = send(port, "GET", &format!("/case/{id}"), &[("Origin", APP)]);
            assert_eq!(status, 401, "{id}");
            assert_eq!(values(&h, "www-authenticate"), vec!["Basic realm=\"corsprobe lab\""], "{id}");
            let (status, _) = send(port, "GET", &format!("/case/{id}"), &[("Origin", APP), ("Authorization", "Basic dXNlcjpzZWNyZXQ=")]);
            assert_eq!(status, 200, "{id}");
        }
        // Starlette: 200 for a preflight asking only for allowed names, 400 otherwise.
        let path = "/case/preflight-400-disallowed-header";
        let ask = |method: &'static str, headers: &'static str| {
            let mut sent = vec![("Origin", APP), ("Access-Control-Request-Method", method)];
            if !headers.is_empty() {
                sent.push(("Access-Control-Request-Headers", headers));
            }
            send(port, "OPTIONS", path, &sent)
        };
        assert_eq!(ask("GET", "content-type").0, 200);
        assert_eq!(ask("GET", "").0, 200);
        let (status, h) = ask("GET", "content-type,x-api-key");
        assert_eq!(status, 400);
        assert_eq!(values(&h, "access-control-allow-origin"), vec![APP], "Starlette keeps its CORS headers on the 400");
        assert_eq!(ask("PUT", "").0, 400);
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn allow_list_reflects_only_configured_origins() {
    let mut config = LabConfig::new(APP);
    config.app_origins.push("http://localhost:9999".into());
    let lab = start(config).await.unwrap();
    let port = lab.port;
    tokio::task::spawn_blocking(move || {
        let (_, h) = send(port, "GET", "/case/pass-exact-origin", &[("Origin", "http://localhost:9999")]);
        assert_eq!(values(&h, "access-control-allow-origin"), vec!["http://localhost:9999"]);
        let (_, h) = send(port, "GET", "/case/pass-exact-origin", &[("Origin", "https://evil.example")]);
        assert_eq!(values(&h, "access-control-allow-origin"), vec![APP], "a foreign origin is never reflected");
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn case_table_is_well_formed_and_served() {
    let ids: Vec<&str> = cases().iter().map(|c| c.id).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "case ids are unique");
    assert!(ids.len() >= 40);
    assert!(ids.iter().all(|id| id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')));
    let lab = start(LabConfig::new(APP)).await.unwrap();
    let (port, closed) = (lab.port, lab.closed_port);
    tokio::task::spawn_blocking(move || {
        let (status, headers) = send(port, "GET", "/cases.json", &[]);
        assert_eq!(status, 200);
        assert_eq!(values(&headers, "access-control-allow-origin"), vec!["*"]);
        assert!(std::net::TcpStream::connect(("127.0.0.1", closed)).is_err(), "the closed port refuses connections");
        let (status, _) = send(port, "GET", "/case/no-such-case", &[]);
        assert_eq!(status, 404);
    })
    .await
    .unwrap();
}
