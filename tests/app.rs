//! The app crate in real browsers (wasm-bindgen-test, headless Chromium through
//! ChromeDriver and headless Firefox through geckodriver): the parts of the page that
//! only a browser can run. `cargo xtask test` runs it as `cargo test -p corsprobe
//! --target wasm32-unknown-unknown --test app`, once with `CHROMEDRIVER` and once with
//! `GECKODRIVER` set (geckodriver comes from crates.io: `cargo xtask setup --browsers`).
//!
//! Only for wasm32: on the host the workspace's tests skip this file.

#![cfg(target_arch = "wasm32")]

use corsprobe::analysis_worker;
use corsprobe::app::{record_outcome, RunState};
use corsprobe::glue::{self, build_request, RunCancel, Unbuilt};
use corsprobe_engine::input::FormInput;
use corsprobe_engine::plan::{plan_run, PlannedRun, ProbeKind};
use corsprobe_engine::report::ProbeOutcome;
use corsprobe_engine::share::{payload_json, ShareError, SharePayload, MAX_PAYLOAD_BYTES};
use corsprobe_engine::{Header, RequestSpec};
use corsprobe_view::job::{Job, JobResult};
use corsprobe_view::names::{Action, Control, Slot};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The origin the test runner serves this page from.
fn here() -> String {
    web_sys::window().unwrap().location().origin().unwrap()
}

fn spec(url: &str) -> RequestSpec {
    RequestSpec { url: url.into(), method: "GET".into(), ..Default::default() }
}

fn failed() -> ProbeOutcome {
    ProbeOutcome::Failed { message: "TypeError: Failed to fetch".into(), elapsed_ms: 1.0 }
}

fn running(run_id: u64) -> RunState {
    let form = FormInput { url: "http://127.0.0.1:8081/x".into(), method: "GET".into(), ..Default::default() };
    let PlannedRun::Probe { plan, .. } = plan_run(&form, "http://127.0.0.1:8080", false) else { panic!("a GET plans probes") };
    RunState::Running { run_id, plan, outcomes: Vec::new() }
}

#[wasm_bindgen_test]
fn a_late_probe_of_a_replaced_run_is_ignored() {
    let mut run = running(2);
    assert_eq!(record_outcome(&mut run, 1, ProbeKind::Actual, failed()), None, "run 1 was replaced by run 2");
    let RunState::Running { plan, outcomes, .. } = &run else { panic!() };
    assert!(outcomes.is_empty(), "the late outcome must not be counted");
    let kinds: Vec<ProbeKind> = plan.probes.iter().map(|p| p.kind.clone()).collect();
    let (last, first) = kinds.split_last().unwrap();
    for kind in first {
        assert_eq!(record_outcome(&mut run, 2, kind.clone(), failed()), None, "the run is not finished before its last probe");
    }
    let all = record_outcome(&mut run, 2, last.clone(), failed()).expect("the last probe finishes the run");
    assert_eq!(all.len(), kinds.len());
    // Once finished (or when the page is showing something else), nothing is recorded.
    assert_eq!(record_outcome(&mut RunState::Idle, 2, ProbeKind::Actual, failed()), None);
}

#[wasm_bindgen_test]
fn the_probe_is_the_persons_request_exactly() {
    let controller = web_sys::AbortController::new().unwrap();
    let mut probe = spec("http://127.0.0.1:8081/x?a=1");
    probe.headers = vec![Header { name: "X-Tag".into(), value: "one".into() }, Header { name: "X-Tag".into(), value: "two".into() }];
    let request = build_request(&probe, &controller.signal()).unwrap();
    assert_eq!(request.url(), "http://127.0.0.1:8081/x?a=1");
    assert_eq!(request.headers().get("x-tag").unwrap().as_deref(), Some("one, two"), "a header given twice is sent twice");
    // Why the probe is not built with gloo-net's builder (src/glue.rs): it changes the
    // URL. When a gloo-net release stops doing so, this fails and the builder can be used.
    let built = gloo_net::http::Request::get("http://127.0.0.1:8081/x?a=1").build().unwrap();
    assert_eq!(built.url(), "http://127.0.0.1:8081/x?a=1&");

    let mut bad = spec("http://127.0.0.1:8081/x");
    bad.headers = vec![Header { name: "Bad Name".into(), value: "1".into() }];
    assert!(matches!(build_request(&bad, &controller.signal()), Err(Unbuilt::Headers(m)) if m.contains("TypeError")));
    let with_password = spec("http://user:secret@127.0.0.1:8081/x");
    assert!(matches!(build_request(&with_password, &controller.signal()), Err(Unbuilt::Request(m)) if m.contains("TypeError")));
}

#[wasm_bindgen_test]
async fn cancel_aborts_a_probe_in_flight() {
    let cancel = RunCancel::default();
    let probe = spec(&format!("{}/never-served?cancel", here()));
    let (outcome, ()) = futures::join!(glue::send_probe(&probe, 10_000, &cancel), async { cancel.cancel() });
    assert_eq!(outcome, ProbeOutcome::Cancelled);
}

#[wasm_bindgen_test]
async fn a_probe_the_browser_rejects_says_why_in_its_words() {
    // Port 9 (discard) is closed on loopback: the fetch rejects with a bare TypeError.
    let outcome = glue::send_probe(&spec("http://127.0.0.1:9/x"), 10_000, &RunCancel::default()).await;
    let ProbeOutcome::Failed { message, .. } = outcome else { panic!("{outcome:?}") };
    assert!(message.starts_with("TypeError: "), "{message}");
    // A same-origin answer, even a 404, is a response with its status.
    let outcome = glue::send_probe(&spec(&format!("{}/never-served", here())), 10_000, &RunCancel::default()).await;
    assert!(matches!(outcome, ProbeOutcome::Response { status: 404, ref response_type, .. } if response_type == "basic"), "{outcome:?}");
}

/// The test runner does not serve the worker's files, as a host that copied only some
/// of `dist/`: every waiting job gets an answer that names them, none waits forever.
#[wasm_bindgen_test]
async fn a_worker_that_cannot_load_answers_every_queued_job() {
    let job = Job::Fix { stack: "express".into(), input: Default::default(), findings: Vec::new() };
    let (first, second) = futures::join!(analysis_worker::run(&job, None), analysis_worker::run(&job, None));
    for answer in [first, second] {
        let JobResult::Problem { message } = answer else { panic!("{answer:?}") };
        assert!(message.contains("analysis-worker_loader.js"), "{message}");
    }
}

#[wasm_bindgen_test]
async fn a_share_link_round_trips_through_compression_stream() {
    let form = FormInput {
        url: "http://127.0.0.1:8081/x?q=ü".into(),
        method: "PUT".into(),
        headers: "X-Trace: 1".into(),
        body: "{\"a\": 1}".into(),
        ..Default::default()
    };
    let json = payload_json(&form, true, None, &[]);
    let fragment = glue::share_fragment(&json).await.unwrap();
    let opened: SharePayload = glue::read_share_fragment(&fragment).await.unwrap().expect("a payload");
    assert_eq!(opened.form, form);
    assert!(opened.allow_repeats);
    assert_eq!(glue::read_share_fragment("").await.unwrap(), None, "no fragment, nothing to open");
    // A small fragment that inflates past the limit (a zip bomb) is refused, not read.
    let bomb = glue::share_fragment(&" ".repeat(MAX_PAYLOAD_BYTES + 1)).await.unwrap();
    assert!(bomb.len() < 10_000, "{}", bomb.len());
    assert_eq!(glue::read_share_fragment(&bomb).await.unwrap_err(), ShareError::TooLarge);
}

/// Waits `ms` milliseconds (Leptos runs effects and redraws after the current task).
async fn settle(ms: i32) {
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(wait).await.unwrap();
}

fn query(selector: &str) -> Option<web_sys::Element> {
    web_sys::window().unwrap().document().unwrap().query_selector(selector).unwrap()
}

/// Types `text` into the control `name` the way a person does (an `input` event).
fn type_into(name: Control, text: &str) {
    let control = query(&format!("[name={}]", name.name())).unwrap_or_else(|| panic!("no control {name:?}"));
    js_sys::Reflect::set(&control, &"value".into(), &text.into()).unwrap();
    control
        .dispatch_event(
            &web_sys::Event::new_with_event_init_dict("input", &{
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                init
            })
            .unwrap(),
        )
        .unwrap();
}

fn click(selector: &str) {
    let element: web_sys::HtmlElement = query(selector).unwrap_or_else(|| panic!("nothing matches {selector}")).dyn_into().unwrap();
    element.click();
}

/// The whole page mounted, as `main` mounts it: every control and button the browser
/// tests find by name is there; the form's validation message appears under its field
/// and keeps what was typed; the Fix panel and Analyze read what is typed into them.
/// (Nothing here reaches the analysis worker, which the test runner does not serve.)
#[wasm_bindgen_test]
async fn the_mounted_page_holds_its_controls_and_reads_what_is_typed() {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host, corsprobe::app::start).forget();
    settle(50).await;

    for control in Control::ALL.iter().filter(|c| !matches!(c, Control::ShareKeep | Control::ShareLink)) {
        assert!(query(&format!("[name={}]", control.name())).is_some(), "control {control:?}");
    }
    // ClearRecent, DismissNotice and CopySnippet appear with what they act on.
    for action in [Action::Run, Action::Cancel, Action::Share, Action::LoadExamples, Action::Analyze] {
        assert!(query(&format!("[data-action={}]", action.name())).is_some(), "button {action:?}");
    }
    assert!(query(&format!("[data-slot={}]", Slot::Run.name())).is_some());
    assert_eq!(query("[data-page-origin]").unwrap().get_attribute("data-page-origin"), Some(here()));
    // Only Run submits (Enter in the form runs; nothing else does).
    let buttons = document.query_selector_all("button").unwrap();
    for i in 0..buttons.length() {
        let b: web_sys::Element = buttons.item(i).unwrap().dyn_into().unwrap();
        let is_run = b.get_attribute("data-action").as_deref() == Some(Action::Run.name());
        assert_eq!(b.get_attribute("type").as_deref(), Some(if is_run { "submit" } else { "button" }), "{}", b.outer_html());
    }

    // A URL the form cannot send: its problem shows under the field, the text stays.
    type_into(Control::Url, "api.example.com/items");
    click("[data-action=run]");
    settle(50).await;
    let problem = query("[data-field=url]").expect("the URL's problem is shown under it");
    assert!(problem.text_content().unwrap().contains("http"), "{}", problem.text_content().unwrap());
    let url: web_sys::HtmlInputElement = query("[name=url]").unwrap().dyn_into().unwrap();
    assert_eq!(url.value(), "api.example.com/items", "what was typed stays");
    // Nothing is sent: the run never starts probing. (The worker, asked for the report
    // of a request that sends nothing, fails to load here; how long that takes depends
    // on the machine's load, so the test waits for it instead of assuming 50 ms.)
    let state = corsprobe::app::state();
    assert!(!matches!(state.run.get_untracked(), RunState::Running { .. }), "nothing is sent");
    for _ in 0..100 {
        if !matches!(state.run.get_untracked(), RunState::Reading { .. }) {
            break;
        }
        settle(50).await;
    }
    assert!(matches!(state.run.get_untracked(), RunState::Idle), "the run ends idle, with nothing sent");

    // Analyze judges for the form's request, and says what in the form stops it.
    type_into(Control::RawHeaders, "HTTP/1.1 200 OK\naccess-control-allow-origin: *");
    click("[data-action=analyze][data-input=raw-headers]");
    settle(50).await;
    assert!(query("[data-analyze-problem]").is_some(), "the form's problem is said in Analyze");

    // The Fix panel reads its inputs as typed.
    type_into(Control::FixOrigins, "https://a.example, https://b.example");
    type_into(Control::FixMethods, "put delete");
    let input = state.fix.with_untracked(|f| f.input());
    assert_eq!(input.origins, ["https://a.example", "https://b.example"]);
    assert_eq!(input.methods, ["PUT", "DELETE"]);
}
