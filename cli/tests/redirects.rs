//! Redirects followed as Fetch does, seen from the server's side: what each hop
//! receives (method, `Origin`, body headers), and a redirect to a request that is
//! preflighted again. The servers are real sockets on 127.0.0.1 that record every
//! request head.

use corsprobe_engine::report::{Report, Verdict};
use corsprobe_engine::CorsError;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;
use std::sync::{Arc, Mutex};

const APP: &str = "http://127.0.0.1:8080";

type Heads = Arc<Mutex<Vec<String>>>;

/// A server answering `route(method, path, port)`; every request head is recorded.
fn serve(route: fn(&str, &str, u16) -> String) -> (u16, Heads) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let heads: Heads = Arc::default();
    let seen = heads.clone();
    std::thread::spawn(move || {
        for mut s in listener.incoming().flatten() {
            let mut buf = vec![0u8; 65536];
            let n = s.read(&mut buf).unwrap_or(0);
            let head = String::from_utf8_lossy(&buf[..n]).split("\r\n\r\n").next().unwrap_or_default().to_string();
            let mut parts = head.split(' ');
            let (method, path) = (parts.next().unwrap_or_default().to_string(), parts.next().unwrap_or_default().to_string());
            seen.lock().unwrap().push(head);
            let _ = s.write_all(route(&method, &path, port).as_bytes());
        }
    });
    (port, heads)
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().skip(1).find_map(|l| l.split_once(':').filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim()))
}

fn check(args: &[&str]) -> (Option<i32>, Report) {
    let out = Command::new(env!("CARGO_BIN_EXE_corsprobe")).args(args).args(["--json", "--timeout", "5"]).output().unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), report)
}

const ALLOW: &str = "Access-Control-Allow-Origin: http://127.0.0.1:8080\r\n";

#[test]
fn a_303_turns_post_into_get_without_its_body_headers() {
    let (port, heads) = serve(|method, path, port| match (method, path) {
        ("POST", "/start") => format!("HTTP/1.1 303 See Other\r\n{ALLOW}Location: http://127.0.0.1:{port}/next\r\nContent-Length: 0\r\n\r\n"),
        _ => format!("HTTP/1.1 200 OK\r\n{ALLOW}Content-Length: 0\r\n\r\n"),
    });
    let url = format!("http://127.0.0.1:{port}/start");
    let (code, report) = check(&["check", &url, "--origin", APP, "-X", "POST", "-H", "Content-Type: text/plain", "--data", "hello"]);
    assert_eq!((code, report.verdict), (Some(0), Verdict::Pass));
    let heads = heads.lock().unwrap();
    assert_eq!(heads.len(), 2, "{heads:?}");
    assert!(heads[0].starts_with("POST /start"), "{}", heads[0]);
    assert_eq!(header(&heads[0], "content-type"), Some("text/plain"));
    assert!(heads[1].starts_with("GET /next"), "{}", heads[1]);
    assert_eq!(header(&heads[1], "content-type"), None, "{}", heads[1]);
    assert_eq!(header(&heads[1], "origin"), Some(APP));
}

#[test]
fn a_cross_origin_hop_from_a_cross_origin_url_sends_origin_null() {
    let (target, target_heads) = serve(|_, _, _| "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 0\r\n\r\n".into());
    // The first server redirects to the second (its port in the path).
    let (first, _) = serve(|_, path, _| {
        let to = path.trim_start_matches("/to/");
        format!("HTTP/1.1 302 Found\r\n{ALLOW}Location: http://127.0.0.1:{to}/final\r\nContent-Length: 0\r\n\r\n")
    });
    let url = format!("http://127.0.0.1:{first}/to/{target}");
    let (code, report) = check(&["check", &url, "--origin", APP]);
    assert_eq!((code, report.verdict), (Some(0), Verdict::Pass), "{:?}", report.findings.first().map(|f| &f.id));
    let heads = target_heads.lock().unwrap();
    assert_eq!(header(&heads[0], "origin"), Some("null"), "{}", heads[0]);
    assert_eq!(header(&heads[0], "sec-fetch-site"), Some("cross-site"), "{}", heads[0]);
}

#[test]
fn a_redirect_to_a_preflighted_request_is_preflighted_again_and_judged() {
    let (port, heads) = serve(|method, path, port| {
        match (method, path) {
            ("OPTIONS", "/start") => format!("HTTP/1.1 204 No Content\r\n{ALLOW}Access-Control-Allow-Methods: PUT\r\n\r\n"),
            ("PUT", "/start") => {
                format!("HTTP/1.1 307 Temporary Redirect\r\n{ALLOW}Location: http://127.0.0.1:{port}/next\r\nContent-Length: 0\r\n\r\n")
            }
            // The new preflight gets no CORS headers.
            _ => "HTTP/1.1 204 No Content\r\n\r\n".into(),
        }
    });
    let url = format!("http://127.0.0.1:{port}/start");
    let (code, report) = check(&["check", &url, "--origin", APP, "-X", "PUT"]);
    let first = report.findings.first().unwrap();
    assert_eq!(code, Some(1));
    assert_eq!(first.chromium, vec![CorsError::PreflightMissingAllowOriginHeader], "{}", first.id);
    assert!(first.evidence.iter().any(|e| e.contains("1 redirect(s)")), "{:?}", first.evidence);
    let methods: Vec<String> = heads.lock().unwrap().iter().map(|h| h.split(' ').take(2).collect::<Vec<_>>().join(" ")).collect();
    assert_eq!(methods, ["OPTIONS /start", "PUT /start", "OPTIONS /next"]);
}
