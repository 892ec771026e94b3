//! Bad input and hostile servers, through the real binary: one clear message, the
//! documented exit code (2 unreachable or timed out, 3 invalid input), never a panic.
//! The servers are real sockets on 127.0.0.1 that misbehave on purpose.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn corsprobe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corsprobe")).args(args).env("NO_COLOR", "1").output().expect("the corsprobe binary runs")
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// Exit code, and no panic message anywhere.
fn code(out: &Output) -> Option<i32> {
    assert!(!text(out).contains("panicked"), "{}", text(out));
    out.status.code()
}

/// A server that answers every connection with `head` (and `body_len` bytes of body).
fn serve(head: String, body_len: usize) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let head = head.replace("{port}", &port.to_string());
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                let _ = s.read(&mut buf);
                let _ = s.write_all(head.as_bytes());
                let chunk = vec![b'x'; 64 * 1024];
                let mut left = body_len;
                while left > 0 {
                    let n = left.min(chunk.len());
                    if s.write_all(&chunk[..n]).is_err() {
                        return;
                    }
                    left -= n;
                }
            });
        }
    });
    port
}

const ORIGIN: &str = "http://127.0.0.1:8080";

#[test]
fn a_bad_url_is_invalid_input() {
    for url in ["not a url", "ftp://127.0.0.1/x", "http://user:pw@127.0.0.1/x", ""] {
        let out = corsprobe(&["check", url, "--origin", ORIGIN]);
        assert_eq!(code(&out), Some(3), "{url}: {}", text(&out));
        assert!(text(&out).contains("corsprobe: the URL"), "{url}: {}", text(&out));
    }
}

#[test]
fn a_bad_header_line_an_origin_or_a_method_is_invalid_input() {
    let cases: [(&[&str], &str); 5] = [
        (&["-H", "no colon here"], "is not of the form 'Name: value'"),
        (&["-H", "Bad Name: 1"], "is not a valid header name"),
        (&["-X", "GE T"], "is not an HTTP method token"),
        (&["-X", "TRACE"], "forbidden method"),
        (&["--data", "x"], "cannot have a body"),
    ];
    for (extra, message) in cases {
        let mut args = vec!["check", "http://127.0.0.1:9/x", "--origin", ORIGIN];
        args.extend_from_slice(extra);
        let out = corsprobe(&args);
        assert_eq!(code(&out), Some(3), "{extra:?}: {}", text(&out));
        assert!(text(&out).contains(message), "{extra:?}: {}", text(&out));
    }
    let out = corsprobe(&["check", "http://127.0.0.1:9/x", "--origin", "app.example.com"]);
    assert_eq!(code(&out), Some(3));
    assert!(text(&out).contains("is not an origin"), "{}", text(&out));
}

#[test]
fn an_unknown_flag_or_a_missing_origin_is_invalid_input_and_help_is_not() {
    let out = corsprobe(&["check", "http://127.0.0.1:9/x", "--origin", ORIGIN, "--frobnicate"]);
    assert_eq!(code(&out), Some(3), "{}", text(&out));
    assert!(text(&out).contains("--frobnicate"), "{}", text(&out));
    let out = corsprobe(&["check", "http://127.0.0.1:9/x"]);
    assert_eq!(code(&out), Some(3), "{}", text(&out));
    let out = corsprobe(&["check", "--help"]);
    assert_eq!(code(&out), Some(0));
    assert!(text(&out).contains("Exit codes:") && text(&out).contains("corsprobe check https://"), "{}", text(&out));
}

#[test]
fn a_closed_port_is_unreachable() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/x");
    let out = corsprobe(&["check", &url, "--origin", ORIGIN]);
    assert_eq!(code(&out), Some(2), "{}", text(&out));
    assert!(text(&out).contains("UNREACHABLE") && text(&out).contains("refused"), "{}", text(&out));
}

#[test]
fn a_server_that_never_answers_times_out_quickly() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Accepts and reads, never writes.
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming().flatten() {
            held.push(s);
        }
    });
    let started = Instant::now();
    let url = format!("http://127.0.0.1:{port}/x");
    let out = corsprobe(&["check", &url, "--origin", ORIGIN, "--timeout", "1"]);
    assert_eq!(code(&out), Some(2), "{}", text(&out));
    assert!(text(&out).contains("no answer within 1 s"), "{}", text(&out));
    assert!(started.elapsed() < Duration::from_secs(8), "{:?}", started.elapsed());
}

#[test]
fn a_redirect_loop_stops_after_twenty_hops() {
    let port = serve(
        "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{port}/again\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 0\r\n\r\n".into(),
        0,
    );
    let url = format!("http://127.0.0.1:{port}/x");
    let out = corsprobe(&["check", &url, "--origin", ORIGIN, "--json"]);
    assert_eq!(code(&out), Some(2), "{}", text(&out));
    assert!(text(&out).contains("more than 20 redirects"), "{}", text(&out));
}

#[test]
fn a_ten_megabyte_body_is_not_read_and_a_huge_head_is_refused() {
    let port = serve("HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 10485760\r\n\r\n".into(), 10 * 1024 * 1024);
    let url = format!("http://127.0.0.1:{port}/x");
    let started = Instant::now();
    let out = corsprobe(&["check", &url, "--origin", ORIGIN]);
    assert_eq!(code(&out), Some(0), "{}", text(&out));
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    let huge = format!("HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nX-Big: {}\r\nContent-Length: 0\r\n\r\n", "y".repeat(300 * 1024));
    let port = serve(huge, 0);
    let url = format!("http://127.0.0.1:{port}/x");
    let out = corsprobe(&["check", &url, "--origin", ORIGIN]);
    assert_eq!(code(&out), Some(2), "{}", text(&out));
}

#[test]
fn a_response_that_is_not_http_is_unreachable() {
    let port = serve("SSH-2.0-OpenSSH_9.2\r\n".into(), 0);
    let url = format!("http://127.0.0.1:{port}/x");
    let out = corsprobe(&["check", &url, "--origin", ORIGIN]);
    assert_eq!(code(&out), Some(2), "{}", text(&out));
}
