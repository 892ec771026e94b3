//! Chromium's own verdict on `Access-Control-Allow-Origin` values, against the engine's.
//!
//! For a value that is not the origin, Chromium names `InvalidAllowOriginValue` when its
//! URL parser rejects the value and `AllowOriginMismatch` otherwise: a rule of Chromium's
//! `url/` code that the engine follows in `engine/src/gurl.rs`. A user study found the
//! engine claiming a mismatch, as exact, for values Chromium calls invalid. Here a
//! generated corpus of values (schemes, hosts, ports, escapes, IP literals, non-ASCII)
//! is sent by a tiny raw-TCP server, byte for byte, to real `fetch()` calls; Chromium's
//! `corsErrorStatus` for each is compared with what the pasted-headers path
//! (`analyze_headers`) says of the same response. The engine must never make an exact
//! claim Chromium contradicts; where it is undecided (non-ASCII hosts: IDNA) Chromium's
//! error must be among its candidates.

use corsprobe_engine::analyze::analyze_headers;
use corsprobe_engine::finding::Certainty;
use corsprobe_engine::{CorsError, RequestSpec};
use harness::chromium::Chromium;
use harness::env::TestEnv;
use harness::page::Page;
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

/// The values to try: every pairing of the parts people get wrong.
fn corpus() -> Vec<String> {
    let schemes = [
        "http://",
        "https://",
        "HTTP://",
        "http:",
        "http:/",
        "http:\\\\",
        "ws://",
        "ftp://",
        "file://",
        "foo://",
        "localhost:",
        "h ttp://",
        "1http://",
        "://",
        "",
    ];
    let hosts = [
        "example.com",
        "EXAMPLE.com",
        "a_b.example",
        "-x.example",
        "a..b",
        ".",
        "a*b",
        "a!b",
        "a$b",
        "a&b",
        "a'b",
        "a(b",
        "a+b",
        "a;b",
        "a=b",
        "a`b",
        "a{b",
        "a}b",
        "a~b",
        "a\"b",
        "a<b",
        "a>b",
        "a^b",
        "a|b",
        "a%41b",
        "a%zzb",
        "a%2fb",
        "a%00b",
        "a%20b",
        "a%25b",
        "%7e",
        "a[b",
        "a]b",
        "127.0.0.1",
        "127.1",
        "0x7f.0.0.1",
        "0177.0.0.1",
        "1.2.3.256",
        "1.2.3.4.5",
        "08.1.1.1",
        "0x",
        "1.2.3.4.",
        "999999999999",
        "4294967295",
        "4294967296",
        "[::1]",
        "[::1",
        "::1]",
        "[1:2:3:4:5:6:7:8]",
        "[1:2:3:4:5:6:7:8:9]",
        "[::ffff:1.2.3.4]",
        "[::1.2.3.04]",
        "[g::1]",
        "[]",
        "",
        "bücher.example",
        "b%C3%BCcher.example",
        "b%C3.example",
        "xn--bcher-kva.example",
        "user@host",
        "user:pw@host",
        "@host",
        "host@",
    ];
    let tails = ["", ":8080", ":", ":0", ":65535", ":65536", ":008080", ":80a", "/", "/path", "?q", "#f", ":99999999999"];
    let mut values = Vec::new();
    for scheme in schemes {
        for host in hosts {
            for tail in tails {
                // Keep the corpus a few hundred values: every host with every scheme
                // bare, and every tail on the plain http scheme.
                let few_tails = ["", ":8080", ":", "/", "?q", "#f"].contains(&tail);
                if tail.is_empty() || scheme == "http://" || (few_tails && ["foo://", "file://"].contains(&scheme)) || host == "example.com" {
                    values.push(format!("{scheme}{host}{tail}"));
                }
            }
        }
    }
    for extra in [
        "null",
        "NULL",
        "**",
        "foo://:80",
        "foo://:",
        "foo://@:80",
        "http://[::1.2]",
        "http://[::0x7f.1]",
        "http://[::0x1.2.3.4]",
        "http://[::01.2.3.4]",
        "http://[::1.2.3.4.]",
        "http://[::1.2.3.0x4]",
        "http://[1::]",
        "http://[::]",
        "http://[:1::]",
        "http://[1:2:3:4:5:6:7::]",
        "http://[1:2:3:4:5:6:7:8::]",
        "http://[::1.2.3.256]",
        "http://[::1.2.3.4.5]",
        "http://[1.2.3.4]",
        "app.example.com",
        "127.0.0.1:8080",
        "http://exa\tmple.com",
        "http://example.com\t",
        "javascript:alert(1)",
        "data:,x",
        "about:blank",
        "blob:http://a/x",
    ] {
        values.push(extra.to_string());
    }
    // A space or a comma makes "multiple values" before the URL parser is asked.
    values.retain(|v| !v.contains([' ', ',']) && !v.is_empty() && v.trim() == v);
    values.sort();
    values.dedup();
    values
}

fn percent_encode(v: &str) -> String {
    v.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

fn percent_decode(v: &str) -> Vec<u8> {
    let b = v.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 3 <= b.len() {
            if let Ok(n) = u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("zz"), 16) {
                out.push(n);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// Answers `GET /?i=N&v=VALUE` with `Access-Control-Allow-Origin: VALUE`, byte for byte.
fn serve_allow_origin(listener: TcpListener) {
    for stream in listener.incoming().flatten() {
        std::thread::spawn(move || answer(stream));
    }
}

fn answer(mut stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    let line = String::from_utf8_lossy(&request);
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let value = target.split_once("&v=").map(|(_, v)| percent_decode(v)).unwrap_or_default();
    let mut response = b"HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: ".to_vec();
    response.extend_from_slice(&value);
    response.extend_from_slice(b"\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
    let _ = stream.write_all(&response);
}

#[test]
fn allow_origin_values_are_named_as_chromium_names_them() {
    let env = TestEnv::start(0).expect("start the app origin");
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || serve_allow_origin(listener));
    let chromium = Chromium::launch().expect("launch Chromium");
    let mut cdp = chromium.connect().expect("connect to Chromium");
    let mut page = Page::open(&mut cdp).expect("open a page");
    page.navigate(&env.app_page()).expect("open the app origin");

    let values = corpus();
    let urls: Vec<String> = values.iter().enumerate().map(|(i, v)| format!("http://127.0.0.1:{port}/?i={i}&v={}", percent_encode(v))).collect();
    let mut chromium_says: Vec<Option<(CorsError, String)>> = vec![None; values.len()];
    let mut passed = vec![false; values.len()];
    for chunk in urls.chunks(50).enumerate() {
        let (n, batch) = chunk;
        page.take_events();
        let script =
            format!("Promise.all({}.map(u => fetch(u, {{cache: 'no-store'}}).then(() => true, () => false)))", serde_json::to_string(batch).unwrap());
        let results = page.eval(&script).expect("fetch the batch");
        page.cdp.pump(Duration::from_millis(300)).expect("events");
        let events = page.take_events();
        let mut url_of = std::collections::HashMap::new();
        for e in events.iter().filter(|e| e["method"] == "Network.requestWillBeSent") {
            url_of.insert(
                e["params"]["requestId"].as_str().unwrap_or("").to_string(),
                e["params"]["request"]["url"].as_str().unwrap_or("").to_string(),
            );
        }
        for e in events.iter().filter(|e| e["method"] == "Network.loadingFailed") {
            let p = &e["params"];
            let Some(error) = p["corsErrorStatus"]["corsError"].as_str().and_then(CorsError::from_name) else {
                continue;
            };
            let url = url_of.get(p["requestId"].as_str().unwrap_or("")).cloned().unwrap_or_default();
            if let Some(i) = urls.iter().position(|u| *u == url) {
                chromium_says[i] = Some((error, p["corsErrorStatus"]["failedParameter"].as_str().unwrap_or("").to_string()));
            }
        }
        for (k, r) in results.as_array().cloned().unwrap_or_default().iter().enumerate() {
            passed[n * 50 + k] = r == &Value::Bool(true);
        }
    }

    let mut wrong = Vec::new();
    let (mut exact_agree, mut undecided) = (0, 0);
    for (i, value) in values.iter().enumerate() {
        if passed[i] {
            wrong.push(format!("{value:?}: Chromium let it pass"));
            continue;
        }
        let Some((error, param)) = &chromium_says[i] else {
            wrong.push(format!("{value:?}: no corsErrorStatus from Chromium"));
            continue;
        };
        let text = format!("HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: {value}\r\n\r\n");
        let report = analyze_headers(&text, &RequestSpec::get(urls[i].clone()), &env.app_origin).expect("headers parse");
        let finding = report.findings.iter().find(|f| f.chromium.iter().any(|e| e.stage() == corsprobe_engine::Stage::Response));
        let Some(f) = finding else {
            wrong.push(format!("{value:?}: no finding for Chromium's {error:?}"));
            continue;
        };
        match f.certainty {
            Certainty::Exact if f.chromium == [*error] && f.param.as_deref().unwrap_or("") == param => exact_agree += 1,
            Certainty::Exact => wrong.push(format!("{value:?}: engine exact {:?} {:?}, Chromium {error:?} {param:?}", f.chromium, f.param)),
            _ if f.chromium.contains(error) => undecided += 1,
            _ => wrong.push(format!("{value:?}: engine candidates {:?} miss Chromium's {error:?}", f.chromium)),
        }
    }
    println!(
        "{} Allow-Origin values in {}: {exact_agree} exact and right, {undecided} undecided with Chromium's error among the candidates, {} wrong",
        values.len(),
        chromium.version,
        wrong.len()
    );
    assert!(wrong.is_empty(), "{} value(s) where the engine and Chromium disagree:\n{}", wrong.len(), wrong.join("\n"));
}
