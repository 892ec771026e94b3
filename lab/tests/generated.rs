//! The generated-answer server sends exactly the answer its URL describes, and the
//! generator is deterministic.

use corsprobe_lab::difftest::generate;
use corsprobe_lab::generated::{start, Answer, Reply};
use std::io::{Read, Write};
use std::net::TcpStream;

fn raw(port: u16, request: &str) -> Vec<u8> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    out
}

#[test]
fn sends_the_lines_as_written_and_logs_them() {
    let server = start("http://127.0.0.1:8080").unwrap();
    let answer = Answer {
        preflight: Reply::new(401).line("access-control-ALLOW-origin", " {page} ").line("Access-Control-Allow-Origin", "exämple"),
        actual: Reply::new(302)
            .line("Location", "http://{other}/g/{tag}/1?a=x")
            .line("X-Empty", "")
            .line("X-Origin", "{origin}|{page_host}|{page_port}|{PAGE}"),
    };
    let path = answer.path("t1", 0);
    let pre = raw(server.port, &format!("OPTIONS {path} HTTP/1.1\r\nHost: x\r\nOrigin: http://o.example\r\n\r\n"));
    let text = String::from_utf8(pre).unwrap();
    assert!(
        text.starts_with(
            "HTTP/1.1 401 Unauthorized\r\naccess-control-ALLOW-origin:  http://127.0.0.1:8080 \r\nAccess-Control-Allow-Origin: exämple\r\n"
        ),
        "{text}"
    );
    let get = raw(server.port, &format!("POST {path} HTTP/1.1\r\nHost: x\r\nOrigin: http://o.example\r\nContent-Length: 3\r\n\r\nabc"));
    let text = String::from_utf8(get).unwrap();
    let other = format!(
        "Location: http://localhost:{}/g/t1/1?a=x\r\nX-Empty: \r\nX-Origin: http://o.example|127.0.0.1:8080|8080|HTTP://127.0.0.1:8080\r\n",
        server.port
    );
    assert!(text.starts_with("HTTP/1.1 302 Found\r\n") && text.contains(&other), "{text}");
    let log = server.take_log("t1");
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].request[0], format!("OPTIONS {path} HTTP/1.1"));
    assert_eq!(log[1].response[0], "HTTP/1.1 302 Found");
    assert!(server.take_log("t1").is_empty());
}

#[test]
fn a_damaged_answer_gets_a_400_that_says_why() {
    let server = start("http://127.0.0.1:8080").unwrap();
    let text = String::from_utf8(raw(server.port, "GET /g/t2/0?a=%%% HTTP/1.1\r\nHost: x\r\n\r\n")).unwrap();
    assert!(text.starts_with("HTTP/1.1 400 Bad Request\r\nX-Generated-Error: the a= parameter is not base64url"), "{text}");
    let bad = Answer { preflight: Reply::new(204), actual: Reply::new(200).line("X", "a\r\nInjected: 1") };
    let text = String::from_utf8(raw(server.port, &format!("GET {} HTTP/1.1\r\nHost: x\r\n\r\n", bad.path("t3", 0)))).unwrap();
    assert!(text.starts_with("HTTP/1.1 400 Bad Request\r\nX-Generated-Error: the line \"X\" contains CR, LF or NUL"), "{text}");
    let page = String::from_utf8(raw(server.port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")).unwrap();
    assert!(page.contains("text/html") && page.ends_with("<title>difftest page</title>"), "{page}");
}

#[test]
fn the_same_seed_gives_the_same_cases() {
    assert_eq!(generate(7, 200), generate(7, 200));
    assert_ne!(generate(7, 50), generate(8, 50));
    let cases = generate(1, 2000);
    let redirects = cases.iter().filter(|c| (300..400).contains(&c.answer.actual.status)).count();
    let preflighted = cases.iter().filter(|c| c.request.method != "GET" || !c.request.headers.is_empty()).count();
    assert!((200..600).contains(&redirects), "{redirects} redirects in 2000 cases");
    assert!(preflighted > 800, "{preflighted} of 2000 cases may need a preflight");
    for c in &cases[..50] {
        assert_eq!(Answer::decode(c.url("http://h", "t").split("?a=").nth(1).unwrap()).unwrap(), c.answer);
    }
}
