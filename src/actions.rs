//! The page's one set of event listeners, on the document: every control is found by
//! its `name` and every button by its `data-action` (the same attributes the browser
//! tests use), so the engine-built layout needs no per-element handlers.

use crate::app::{fill_form, opens_fix, show_report, AppState, RunState};
use crate::{analysis_worker, dom, glue, share};
use corsprobe_engine::har::HarAssumptions;
use corsprobe_engine::input::{analysis_request, FormInput};
use corsprobe_engine::{Credentials, RedirectMode, RequestSpec};
use corsprobe_view::job::{Job, JobResult};
use corsprobe_view::names::{Action, Control};
use corsprobe_view::page::panels::{ExamplesState, LabCase};
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event};

/// Listens on the document for the events the page handles. `toggle` does not bubble,
/// so it is caught on the way down.
pub fn listen(state: AppState) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let handler = Closure::<dyn FnMut(Event)>::new(move |ev: Event| on_event(state, ev));
    for kind in ["click", "input", "change", "dragover", "drop"] {
        let _ = document.add_event_listener_with_callback(kind, handler.as_ref().unchecked_ref());
    }
    handler.forget(); // the page's listeners live as long as the page
}

fn on_event(state: AppState, ev: Event) {
    let Some(target) = ev.target() else { return };
    let target: JsValue = target.into();
    let kind = ev.type_();
    // The person's first click or keystroke starts loading the analysis worker (never
    // the page load itself), so it is ready when Run needs it for the report.
    if matches!(kind.as_str(), "click" | "input" | "change") {
        analysis_worker::warm();
    }
    match kind.as_str() {
        "click" => on_click(state, &target),
        "input" | "change" => on_input(state, &target, &ev),
        "dragover" | "drop" if target.dyn_ref::<Element>().and_then(|e| e.closest(".drop").ok().flatten()).is_some() => {
            ev.prevent_default();
            if ev.type_() == "drop" {
                let files = ev.dyn_ref::<web_sys::DragEvent>().and_then(|d| d.data_transfer()).and_then(|d| d.files());
                analyze_file(state, glue::first_file(files));
            }
        }
        _ => {}
    }
}

fn attr(element: &Element, name: &str) -> String {
    element.get_attribute(name).unwrap_or_default()
}

fn on_click(state: AppState, target: &JsValue) {
    if let Some(button) = dom::closest_with(target, "data-action") {
        if let Some(name) = Action::from_name(&attr(&button, "data-action")) {
            action(state, name, &button);
        }
        return;
    }
    if let Some(example) = dom::closest_with(target, "data-example") {
        let id = attr(&example, "data-example");
        let case = state.examples.with_untracked(|e| match e {
            ExamplesState::Cases(cases) => cases.iter().find(|c| c.id == id).cloned(),
            _ => None,
        });
        if let Some(case) = case {
            fill_form(state, FormInput::from_request(&case.request));
        }
    } else if let Some(item) = dom::closest_with(target, "data-analyzed") {
        pick_analyzed(state, attr(&item, "data-analyzed").parse().unwrap_or(usize::MAX));
    } else if let Some(run) = dom::closest_with(target, "data-recent") {
        let i: usize = attr(&run, "data-recent").parse().unwrap_or(usize::MAX);
        if let Some(fragment) = state.recent.with_untracked(|r| r.get(i).map(|r| r.fragment.clone())) {
            share::open_from_hash(state, fragment);
        }
    }
}

fn current_report(state: AppState) -> Option<Box<corsprobe_view::page::report::ShownReport>> {
    match state.run.get_untracked() {
        RunState::Done(r) => Some(r),
        _ => None,
    }
}

fn action(state: AppState, name: Action, button: &Element) {
    match name {
        // The components' own buttons: they handle them.
        Action::Run | Action::Cancel | Action::Share => {}
        Action::ClearRecent => {
            glue::storage_remove(share::RECENT_KEY);
            state.recent.set(Vec::new());
        }
        Action::DismissNotice => state.notice.set(None),
        Action::LoadExamples => load_examples(state),
        Action::Analyze => match Control::from_name(&attr(button, "data-input")) {
            Some(Control::RawHeaders) => {
                let text = field(Control::RawHeaders);
                match form_request(state) {
                    Ok(request) => {
                        analyze(state, Job::Headers { text, request, origin: field(Control::AnalyzeOrigin) }, None, "Reading the headers…")
                    }
                    Err(problem) => state.analyze_problem.set(Some(problem)),
                }
            }
            Some(Control::ConsoleError) => {
                let text = field(Control::ConsoleError);
                // The console names its own request; the form's only narrows the reading,
                // so a form that cannot be sent is left out rather than replaced.
                analyze(
                    state,
                    Job::Console { text, origin: field(Control::AnalyzeOrigin), request: form_request(state).ok() },
                    None,
                    "Reading the console error…",
                );
            }
            _ => {
                let files = dom::control(Control::Har).and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok()).and_then(|i| i.files());
                match glue::first_file(files) {
                    Some(f) => analyze_file(state, Some(f)),
                    None => state.analyze_problem.set(Some("Choose a HAR file first (or drop one on the box).".into())),
                }
            }
        },
        Action::DownloadJson => {
            if let Some(r) = current_report(state) {
                glue::download("corsprobe-report.json", "application/json", &r.json);
            }
        }
        // Markdown goes into trackers: the request's secrets are redacted there.
        Action::CopyMarkdown => {
            if let Some(r) = current_report(state) {
                glue::copy_text(&r.markdown);
            }
        }
        // A Copy button copies the `<pre>` just before it.
        Action::PasteConsole => open_analyze(Control::ConsoleError),
        Action::PasteHeaders => open_analyze(Control::RawHeaders),
        // The Fix panel's Copy: its component copies the snippet.
        Action::CopySnippet => {}
        Action::Copy => {
            if let Some(pre) = button.previous_element_sibling() {
                glue::copy_text(&pre.text_content().unwrap_or_default());
            }
        }
    }
}

/// Opens the Analyze panel.
pub fn open_analyze_panel() {
    if let Some(details) = dom::query("details.analyze") {
        dom::set_flag(&details, "open", true);
    }
}

/// Opens the Analyze panel and puts the caret in `field`, ready for a paste.
pub fn open_analyze(field: Control) {
    open_analyze_panel();
    if let Some(input) = dom::control(field).and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = input.focus();
        input.scroll_into_view();
    }
}

/// The value of the control `name` (fields only read when their button is pressed).
fn field(name: Control) -> String {
    dom::control(name).map(|c| dom::value_of(&c)).unwrap_or_default()
}

fn on_input(state: AppState, target: &JsValue, ev: &Event) {
    let Some(control) = target.dyn_ref::<Element>() else { return };
    let Some(name) = Control::from_name(&attr(control, "name")) else { return };
    match name {
        // The request form's controls: its component binds them.
        Control::Url
        | Control::Method
        | Control::Mode
        | Control::Credentials
        | Control::Redirect
        | Control::Headers
        | Control::Body
        | Control::AllowRepeats
        // The Fix panel's: its component binds them.
        | Control::FixOrigins
        | Control::FixMethods
        | Control::FixHeaders
        | Control::FixExpose
        | Control::FixMaxAge
        | Control::FixApi
        | Control::FixCredentials
        | Control::FixStack
        // The share panel's.
        | Control::ShareReport
        | Control::ShareKeep => {}
        Control::Har if ev.type_() == "change" => {
            let files = target.dyn_ref::<web_sys::HtmlInputElement>().and_then(|i| i.files());
            analyze_file(state, glue::first_file(files));
        }
        // Read when their button is pressed, or never written by the person.
        Control::Har | Control::Lab | Control::AnalyzeOrigin | Control::RawHeaders | Control::ConsoleError | Control::ShareLink => {}
    }
}

/// Loads the lab's cases, on request only (the page sends nothing by itself).
fn load_examples(state: AppState) {
    state.examples.set(ExamplesState::Loading);
    let url = format!("{}/cases.json", field(Control::Lab).trim().trim_end_matches('/'));
    spawn_local(async move {
        let result =
            glue::fetch_text(&url).await.and_then(|text| serde_json::from_str::<Vec<LabCase>>(&text).map_err(|e| format!("not a case list: {e}")));
        state.examples.set(match result {
            Ok(cases) => ExamplesState::Cases(cases),
            Err(e) => ExamplesState::Failed(format!("Could not load {url}: {e}. Is the lab running? (`cargo xtask run`)")),
        });
    });
}

/// The form's request, for the analysis (method, headers and credentials), or what in
/// the form stops it being sent.
fn form_request(state: AppState) -> Result<RequestSpec, String> {
    analysis_request(&state.form.get_untracked())
}

/// Runs an analysis in the worker (loaded the first time: the page stays responsive
/// while a large HAR is parsed) and shows its first report.
fn analyze(state: AppState, job: Job, file: Option<web_sys::File>, doing: &'static str) {
    state.busy.set(Some(doing));
    state.analyze_problem.set(None);
    spawn_local(async move {
        let result = analysis_worker::run(&job, file).await;
        state.busy.set(None);
        match result {
            JobResult::Analyzed { items } => {
                let first = items.first().map(|i| i.report.clone());
                state.chosen.set(first.as_ref().map(|_| 0));
                state.analyzed.set(if items.len() > 1 { items } else { Vec::new() });
                if let Some(r) = first {
                    show_report(state, r);
                }
            }
            JobResult::Problem { message } => state.analyze_problem.set(Some(message)),
            JobResult::Fix { .. } | JobResult::Report { .. } => {}
        }
    });
}

fn analyze_file(state: AppState, file: Option<web_sys::File>) {
    let Some(file) = file else { return };
    // A HAR does not record credentials or redirect mode: the form's choice, when it
    // departs from the default, is taken as the person's statement.
    let form = state.form.get_untracked();
    let assume = HarAssumptions {
        credentials: (form.credentials == Credentials::Include).then_some(Credentials::Include),
        redirect: (form.redirect != RedirectMode::Follow).then_some(form.redirect),
    };
    analyze(state, Job::Har { text: String::new(), assume }, Some(file), "Reading the file…");
}

/// Shows one request of a HAR and marks it chosen in place.
fn pick_analyzed(state: AppState, i: usize) {
    let Some(item) = state.analyzed.with_untracked(|list| list.get(i).cloned()) else { return };
    state.chosen.set(Some(i));
    if let Some(list) = dom::query(".analyzed") {
        let buttons = list.query_selector_all("[data-analyzed]").ok();
        for n in 0..buttons.as_ref().map_or(0, |b| b.length()) {
            let Some(b) = buttons.as_ref().and_then(|b| b.item(n)).and_then(|b| b.dyn_into::<Element>().ok()) else { continue };
            if n as usize == i {
                let _ = b.set_attribute("aria-current", "true");
            } else {
                let _ = b.remove_attribute("aria-current");
            }
        }
    }
    show_report(state, item.report);
}

/// The Fix panel: refilled by each finished report, opened by a block, and written by
/// the analysis worker (loaded the first time the panel opens).
pub fn fix_effects(state: AppState) {
    crate::app::effect(Box::new(move || {
        let RunState::Done(report) = state.run.get() else { return };
        let input = &report.fix;
        let fields = crate::app::FixFields {
            origins: input.origins.join(", "),
            methods: input.methods.join(", "),
            headers: input.headers.join(", "),
            credentials: input.credentials,
            expose: input.expose.join(", "),
            max_age: input.max_age.map(|a| a.to_string()).unwrap_or_default(),
            api: input.api.clone().unwrap_or_default(),
        };
        state.fix.set(fields);
        state.findings.set(report.findings.clone());
        if opens_fix(&report) {
            state.fix_open.set(true);
        }
    }));

    crate::app::effect(Box::new(move || {
        if !state.fix_open.get() {
            return;
        }
        let job = Job::Fix { stack: state.stack.get().id().to_string(), input: state.fix.with(|f| f.input()), findings: state.findings.get() };
        let ticket = state.asked.get().wrapping_add(1);
        state.asked.set(ticket);
        spawn_local(async move {
            let answer = match analysis_worker::run(&job, None).await {
                JobResult::Fix { snippet } => Ok(snippet),
                JobResult::Problem { message } => Err(message),
                JobResult::Analyzed { .. } | JobResult::Report { .. } => Err("The analysis worker answered another question.".into()),
            };
            if state.asked.get() == ticket {
                state.written.set(Some(answer));
            }
        });
    }));
}
