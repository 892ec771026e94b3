//! Chromium's console messages for every lab case, from real Chromium, read back by the
//! engine's console parser.
//!
//! Each case's request is sent exactly as `lab_in_chromium.rs` sends it (a fresh browser
//! context, a page on the app origin, `fetch()`); the console entries Chromium prints for
//! it are captured over the DevTools protocol (`Log.entryAdded`, `Runtime.*`), and
//! `corsprobe_engine::console::parse_console` must map them to the case's documented
//! `CorsError` and parameter, URL and origin. So the parser is tested against the live
//! browser on every run, not only against the recording.
//!
//! With `CORSPROBE_RECORD=1` the messages are also written to
//! `harness/fixtures/console/chromium.json`, which `engine/tests/console.rs` reads. The
//! origins are random loopback ports; each record stores them, and its expected
//! parameter is the lab's template (`{app}`, `{lab}`, …), expanded with those origins.

use corsprobe_engine::console::{parse_console, ConsoleBrowser};
use corsprobe_engine::Stage;
use corsprobe_lab::case::{expand_param, Expect};
use corsprobe_lab::cases::cases;
use harness::chromium::Chromium;
use harness::console::ConsoleEntry;
use harness::console::{capture_console, entries_about_request};
use harness::env::TestEnv;
use harness::oracle::Verdict;
use serde::Serialize;
use serde_json::{json, Value};

/// One case in `fixtures/console/chromium.json`.
#[derive(Serialize)]
struct Record {
    case: &'static str,
    browser: String,
    /// The app origin the request was sent from.
    origin: String,
    lab_origin: String,
    /// The request's URL.
    url: String,
    /// `{error, param (a lab template), stage}`, `"pass"` or `"unreachable"`.
    expected: Value,
    /// The console messages about the request, in Chromium's order.
    messages: Vec<String>,
    /// The same messages as the protocol reported them (source, level, URL).
    entries: Vec<ConsoleEntry>,
    /// Chromium's own verdict (`Network.loadingFailed.corsErrorStatus`).
    chromium_verdict: Verdict,
}

/// Why `messages` do not read back as `expect` (None: they do).
fn mismatch(expect: &Expect, messages: &[String], app_origin: &str, lab_origin: &str, url: &str) -> Option<String> {
    let text = messages.join("\n");
    let parsed = parse_console(&text);
    match expect {
        Expect::Pass => (!messages.is_empty()).then(|| format!("a passing request printed {messages:?}")),
        Expect::Unreachable => match parsed {
            Ok(found) if found.len() == 1 && found[0].stage == Some(Stage::Network) && found[0].error.is_none() => None,
            other => Some(format!("expected one network failure, parsed {other:?}")),
        },
        Expect::Blocked { error, param, .. } => {
            let found = match parsed {
                Ok(found) if found.len() == 1 => found.into_iter().next()?,
                other => return Some(format!("expected one CORS error, parsed {other:?}")),
            };
            let want_param = expand_param(param, app_origin, lab_origin);
            let mut wrong = Vec::new();
            if found.browser != ConsoleBrowser::Chromium {
                wrong.push(format!("browser {:?}", found.browser));
            }
            if found.error != Some(*error) || found.candidates != vec![*error] {
                wrong.push(format!("error {:?} (candidates {:?}), expected {error:?}", found.error, found.candidates));
            }
            if found.param.as_deref().unwrap_or("") != want_param {
                wrong.push(format!("param {:?}, expected {want_param:?}", found.param));
            }
            if found.redirected_from.as_deref().or(found.url.as_deref()) != Some(url) {
                wrong.push(format!("url {:?} (redirected from {:?}), expected {url}", found.url, found.redirected_from));
            }
            if found.origin.as_deref().is_some_and(|o| o != app_origin) {
                wrong.push(format!("origin {:?}, expected {app_origin}", found.origin));
            }
            let failed_line = messages.iter().any(|m| m.contains("net::ERR_FAILED"));
            if failed_line && found.net_error.as_deref() != Some("net::ERR_FAILED") {
                wrong.push(format!("net_error {:?}, expected net::ERR_FAILED", found.net_error));
            }
            (!wrong.is_empty()).then(|| wrong.join("; "))
        }
    }
}

#[test]
fn chromium_console_messages_read_back_as_the_lab_documents() {
    let env = TestEnv::start(0).expect("start lab and app server");
    let chromium = Chromium::launch().expect("launch Chromium");
    let mut cdp = chromium.connect().expect("connect to Chromium");
    let (mut records, mut failures) = (Vec::new(), Vec::new());
    let (mut with_message, mut exact) = (0, 0);
    for case in cases() {
        let spec = case.request.to_spec(&env.lab.origin, env.lab.closed_port);
        let capture = capture_console(&mut cdp, &env.app_page(), &spec).unwrap_or_else(|e| panic!("{}: {e}", case.id));
        let entries = entries_about_request(&capture.entries, &env.app_origin);
        let messages: Vec<String> = entries.iter().map(|e| e.text.clone()).collect();
        let problem = mismatch(&case.expect, &messages, &env.app_origin, &env.lab.origin, &spec.url);
        if !messages.is_empty() {
            with_message += 1;
            exact += usize::from(problem.is_none());
        }
        println!("{:<36} {:>2} message(s)  {}", case.id, messages.len(), problem.as_deref().unwrap_or("ok"));
        if let Some(p) = problem {
            failures.push(format!("{}: {p}\n  messages {messages:#?}", case.id));
        }
        let expected = match &case.expect {
            Expect::Pass => json!("pass"),
            Expect::Unreachable => json!("unreachable"),
            Expect::Blocked { error, param, stage } => json!({ "error": error, "param": param, "stage": stage }),
        };
        let record = Record {
            case: case.id,
            browser: chromium.version.clone(),
            origin: env.app_origin.clone(),
            lab_origin: env.lab.origin.clone(),
            url: spec.url.clone(),
            expected,
            messages,
            entries: entries.into_iter().cloned().collect(),
            chromium_verdict: capture.observation.verdict.clone(),
        };
        records.push(record);
    }
    if std::env::var_os("CORSPROBE_RECORD").is_some() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/console");
        std::fs::create_dir_all(&dir).expect("create fixtures/console");
        let text = serde_json::to_string_pretty(&records).expect("serialize") + "\n";
        std::fs::write(dir.join("chromium.json"), text).expect("write fixtures/console/chromium.json");
        println!("recorded {} cases to {}", records.len(), dir.join("chromium.json").display());
    }
    println!(
        "{}: {with_message} of {} lab cases printed a console message; the parser read {exact} of them exactly",
        chromium.version,
        records.len()
    );
    assert!(failures.is_empty(), "{} case(s) not read back as documented:\n{}", failures.len(), failures.join("\n"));
}
