//! The page: a few signals, short components, and the run orchestration. Decisions are
//! the engine's; this file wires the form to the probes and the report to the view.

use crate::glue;
use crate::view::analyze::AnalyzePanel;
use crate::view::examples::Examples;
use crate::view::fix::FixPanel;
use crate::view::form::RequestForm;
use crate::view::report::{PlanPreview, ReportView, RunProgress};
use crate::view::share::{load_recent, open_from_hash, remember_run, Notice, NoticeBar, RecentRun, RecentRuns, SharePanel};
use corsprobe_engine::diagnose::{begin, diagnose, Begin};
use corsprobe_engine::input::{FormInput, InputProblem};
use corsprobe_engine::plan::{ProbeKind, ProbePlan};
use corsprobe_engine::report::{ProbeOutcome, Report};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// How long one probe may take before corsprobe aborts it.
pub const PROBE_TIMEOUT_MS: u32 = 15_000;

/// The state of the current run.
#[derive(Clone, Default)]
pub enum RunState {
    #[default]
    Idle,
    /// `run_id` tells a late probe of a replaced run from one of this run.
    Running { run_id: u64, plan: ProbePlan, outcomes: Vec<(ProbeKind, ProbeOutcome)> },
    Done(Box<Report>),
}

/// All of the page's state.
#[derive(Clone, Copy)]
pub struct AppState {
    pub form: RwSignal<FormInput>,
    pub problems: RwSignal<Vec<InputProblem>>,
    /// The person's consent to send a non-safe method more than once.
    pub allow_repeats: RwSignal<bool>,
    pub run: RwSignal<RunState>,
    pub page_origin: StoredValue<String>,
    /// Cancels the probes of the run in progress (browser objects: kept off the signals,
    /// which must be `Send`).
    pub cancel: StoredValue<Option<glue::RunCancel>, LocalStorage>,
    /// What a share link brought (or why it could not be opened).
    pub notice: RwSignal<Option<Notice>>,
    pub recent: RwSignal<Vec<RecentRun>>,
}

#[component]
pub fn App() -> impl IntoView {
    let state = AppState {
        form: RwSignal::new(FormInput { method: "GET".into(), ..Default::default() }),
        problems: RwSignal::new(Vec::new()),
        allow_repeats: RwSignal::new(false),
        run: RwSignal::new(RunState::Idle),
        page_origin: StoredValue::new(glue::page_origin()),
        cancel: StoredValue::new_local(None),
        notice: RwSignal::new(None),
        recent: RwSignal::new(load_recent()),
    };
    provide_context(state);
    // A share link fills the form and shows its report; it never sends a request.
    open_from_hash(state, glue::location_hash());
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| open_from_hash(state, glue::location_hash()));
    on_cleanup(move || on_hash.remove());
    let origin = state.page_origin.get_value();
    let origin_attr = origin.clone();
    view! {
        <header class="top">
            <h1>"corsprobe"</h1>
            <p class="tagline">"Why did the browser block it? Real requests from your browser, the exact cause, the exact fix."</p>
            <p class="origin" data-page-origin=origin_attr>
                "Requests from this page carry "<code>"Origin: "{origin}</code>
                ". Your own app sends its own origin: to test exactly what it sees, serve corsprobe from your app's origin (see README)."
            </p>
        </header>
        <main>
            <section class="request" aria-label="Request">
                <RequestForm/>
                <SharePanel/>
                <Examples/>
                <AnalyzePanel/>
                <RecentRuns/>
                <HowItWorks/>
            </section>
            <section class="result" aria-live="polite">
                <NoticeBar/>
                <PlanPreview/>
                <RunProgress/>
                <ReportView/>
                <FixPanel/>
            </section>
        </main>
    }
}

/// A short account of what Run does, for the person deciding whether to trust it.
#[component]
fn HowItWorks() -> impl IntoView {
    view! {
        <details class="how">
            <summary>"How this works"</summary>
            <p>"A blocked fetch only tells page code \"Failed to fetch\". corsprobe sends your request plus a few small variations at once: a no-cors request to see whether the server answers at all, the request without credentials, a simple version without a preflight, one with each custom header, and one from a sandboxed frame (Origin: null) to see whether the server trusts null. Which variations pass shows which rule the browser applied."</p>
            <p>"Every request really leaves your browser with this page's Origin, so the results are what your browser does. Findings say how sure they are: exact when what the browser did proves it, likely or possible when only the server's headers could settle it (the page offers curl commands for that)."</p>
            <p>"A POST, PUT, PATCH or DELETE is sent at most once per run unless you allow more. Nothing is sent until you press Run, and share links never send anything by themselves."</p>
        </details>
    }
}

/// Validates the form and starts a run (or shows what is wrong with the input).
pub fn start_run(state: AppState) {
    cancel_run(state);
    state.notice.set(None);
    let form = state.form.get_untracked();
    let origin = state.page_origin.get_value();
    let (plan, dropped) = match begin(&form, &origin, state.allow_repeats.get_untracked()) {
        Begin::Decided { mut report, problems } => {
            report.browser = Some(glue::browser_info());
            state.problems.set(problems);
            state.run.set(RunState::Done(Box::new(report)));
            return;
        }
        Begin::Probe { plan, dropped } => (plan, dropped),
    };
    state.problems.set(Vec::new());
    let cancel = glue::RunCancel::default();
    state.cancel.set_value(Some(cancel.clone()));
    let run_id = state.run.with_untracked(|r| match r {
        RunState::Running { run_id, .. } => run_id + 1,
        _ => js_sys::Date::now() as u64,
    });
    state.run.set(RunState::Running { run_id, plan: plan.clone(), outcomes: Vec::new() });
    // All probes go out at once: the run takes about as long as the slowest one.
    for probe in plan.probes.clone() {
        let (cancel, plan, dropped) = (cancel.clone(), plan.clone(), dropped.clone());
        spawn_local(async move {
            let outcome = if probe.kind == ProbeKind::NullOrigin {
                glue::send_from_null_frame(&probe.request, PROBE_TIMEOUT_MS, &cancel).await
            } else {
                glue::send_probe(&probe.request, PROBE_TIMEOUT_MS, &cancel).await
            };
            let mut finished = None;
            state.run.update(|run| {
                if let RunState::Running { run_id: current, plan: running, outcomes } = run {
                    if *current != run_id {
                        return; // a newer run replaced this one
                    }
                    outcomes.push((probe.kind.clone(), outcome));
                    if outcomes.len() == running.probes.len() {
                        finished = Some(outcomes.clone());
                    }
                }
            });
            if let Some(outcomes) = finished {
                let mut report = diagnose(&plan, &outcomes, &dropped);
                report.browser = Some(glue::browser_info());
                state.run.set(RunState::Done(Box::new(report)));
                glue::reveal_verdict();
                remember_run(state);
            }
        });
    }
}

/// Cancels the run in progress; the report says which probes did not finish.
pub fn cancel_run(state: AppState) {
    if let Some(cancel) = state.cancel.get_value() {
        cancel.cancel();
    }
}
