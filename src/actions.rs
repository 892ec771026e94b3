//! What the page's buttons do, beyond a component's own state: the report's buttons
//! (typed [`ReportAction`]s, matched exhaustively), loading the lab's examples, the
//! Analyze panel's jobs for the analysis worker, and the Fix panel's effects.

use crate::app::{fill_form, opens_fix, show_report, AppState, ExamplesState, LabCase, RunState};
use crate::{analysis_worker, dom, glue};
use corsprobe_engine::har::HarAssumptions;
use corsprobe_engine::input::{analysis_request, FormInput};
use corsprobe_engine::{Credentials, Mode, RedirectMode, RequestSpec};
use corsprobe_view::job::{Job, JobResult};
use corsprobe_view::names::{Control, ReportAction};
use corsprobe_view::page::report::ShownReport;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::Element;

fn current_report(state: AppState) -> Option<Box<ShownReport>> {
    match state.run.get_untracked() {
        RunState::Done(r) => Some(r),
        _ => None,
    }
}

/// A button of the report (`button`, whose `data-action` is `action`) was pressed.
pub fn report_action(state: AppState, action: ReportAction, button: &Element) {
    match action {
        ReportAction::DownloadJson => {
            if let Some(r) = current_report(state) {
                glue::download("corsprobe-report.json", "application/json", &r.json);
            }
        }
        // Markdown goes into trackers: the request's secrets are redacted there.
        ReportAction::CopyMarkdown => {
            if let Some(r) = current_report(state) {
                glue::copy_text(&r.markdown);
            }
        }
        // A Copy button copies the `<pre>` just before it.
        ReportAction::Copy => {
            if let Some(pre) = button.previous_element_sibling() {
                glue::copy_text(&pre.text_content().unwrap_or_default());
            }
        }
        ReportAction::PasteConsole => open_analyze(Control::ConsoleError),
        ReportAction::PasteHeaders => open_analyze(Control::RawHeaders),
    }
}

/// Opens the Analyze panel. (A property of the element, not state: the person opens
/// and closes the `<details>` too, and focus must follow at once.)
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

/// Loads the lab's cases, on request only (the page sends nothing by itself).
pub fn load_examples(state: AppState) {
    state.examples.set(ExamplesState::Loading);
    let url = format!("{}/cases.json", state.lab.with_untracked(|lab| lab.trim().trim_end_matches('/').to_string()));
    spawn_local(async move {
        let result =
            glue::fetch_text(&url).await.and_then(|text| serde_json::from_str::<Vec<LabCase>>(&text).map_err(|e| format!("not a case list: {e}")));
        state.examples.set(match result {
            Ok(cases) => ExamplesState::Cases(cases),
            Err(e) => ExamplesState::Failed(format!("Could not load {url}: {e}. Is the lab running? (`cargo xtask run`)")),
        });
    });
}

/// Fills the form with example `i` of the loaded list.
pub fn pick_example(state: AppState, i: usize) {
    let case = state.examples.with_untracked(|e| match e {
        ExamplesState::Cases(cases) => cases.get(i).cloned(),
        _ => None,
    });
    if let Some(case) = case {
        fill_form(state, FormInput::from_request(&case.request));
    }
}

/// "Analyze headers": the pasted headers, judged for the form's request.
pub fn analyze_headers(state: AppState) {
    let (text, origin) = state.analyze.with_untracked(|a| (a.headers.clone(), a.origin.clone()));
    match form_request(state) {
        Ok(request) => analyze(state, Job::Headers { text, request, origin }, None, "Reading the headers…"),
        Err(problem) => state.analyze_problem.set(Some(problem)),
    }
}

/// "Analyze console error". The console names its own request; the form's only narrows
/// the reading, so a form that cannot be sent is left out rather than replaced.
pub fn analyze_console(state: AppState) {
    let (text, origin) = state.analyze.with_untracked(|a| (a.console.clone(), a.origin.clone()));
    analyze(state, Job::Console { text, origin, request: form_request(state).ok() }, None, "Reading the console error…");
}

/// "Analyze HAR": the file chosen in the panel's file box.
pub fn analyze_chosen_har(state: AppState) {
    let files = dom::control(Control::Har).and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok()).and_then(|i| i.files());
    match glue::first_file(files) {
        Some(f) => analyze_file(state, Some(f)),
        None => state.analyze_problem.set(Some("Choose a HAR file first (or drop one on the box).".into())),
    }
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

pub fn analyze_file(state: AppState, file: Option<web_sys::File>) {
    let Some(file) = file else { return };
    // A HAR does not record credentials or redirect mode (nor the mode, where DevTools
    // kept only provisional headers): the form's choice, when it
    // departs from the default, is taken as the person's statement.
    let form = state.form.get_untracked();
    let assume = HarAssumptions {
        credentials: (form.credentials == Credentials::Include).then_some(Credentials::Include),
        redirect: (form.redirect != RedirectMode::Follow).then_some(form.redirect),
        mode: (form.mode != Mode::Cors).then_some(form.mode),
    };
    analyze(state, Job::Har { text: String::new(), assume }, Some(file), "Reading the file…");
}

/// Shows request `i` of a HAR; the list marks it chosen from [`crate::app::Page::chosen`].
pub fn pick_analyzed(state: AppState, i: usize) {
    let Some(item) = state.analyzed.with_untracked(|list| list.get(i).cloned()) else { return };
    state.chosen.set(Some(i));
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
