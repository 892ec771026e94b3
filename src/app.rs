//! The page: a few signals, short components, and the run orchestration. Decisions are
//! the engine's; this file wires the form to the probes and the report to the view.

use crate::glue;
use crate::view::examples::Examples;
use crate::view::form::RequestForm;
use crate::view::report::{PlanPreview, ReportView, RunProgress};
use corsprobe_engine::diagnose::{diagnose, report_for_input, report_for_refusal};
use corsprobe_engine::input::{request_refusal, validate, FormInput, InputProblem};
use corsprobe_engine::plan::{plan_probes, ProbeKind, ProbePlan};
use corsprobe_engine::report::{ProbeOutcome, Report};
use corsprobe_engine::RequestSpec;
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
    };
    provide_context(state);
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
                <Examples/>
            </section>
            <section class="result" aria-live="polite">
                <PlanPreview/>
                <RunProgress/>
                <ReportView/>
            </section>
        </main>
    }
}

/// Validates the form and starts a run (or shows what is wrong with the input).
pub fn start_run(state: AppState) {
    cancel_run(state);
    let form = state.form.get_untracked();
    let origin = state.page_origin.get_value();
    let valid = match validate(&form) {
        Ok(v) => v,
        Err(problems) => {
            let request = RequestSpec { url: form.url.clone(), method: form.method.clone(), ..Default::default() };
            let mut report = report_for_input(&origin, request, &problems);
            report.browser = Some(glue::browser_info());
            state.problems.set(problems);
            state.run.set(RunState::Done(Box::new(report)));
            return;
        }
    };
    state.problems.set(Vec::new());
    if let Some(refusal) = request_refusal(&valid, &origin) {
        let mut report = report_for_refusal(&origin, &valid, &refusal);
        report.browser = Some(glue::browser_info());
        state.run.set(RunState::Done(Box::new(report)));
        return;
    }
    let plan = plan_probes(&valid, &origin, state.allow_repeats.get_untracked());
    let cancel = glue::RunCancel::default();
    state.cancel.set_value(Some(cancel.clone()));
    let run_id = state.run.with_untracked(|r| match r {
        RunState::Running { run_id, .. } => run_id + 1,
        _ => js_sys::Date::now() as u64,
    });
    state.run.set(RunState::Running { run_id, plan: plan.clone(), outcomes: Vec::new() });
    let dropped = valid.dropped_headers.clone();
    // All probes go out at once: the run takes about as long as the slowest one.
    for probe in plan.probes.clone() {
        let (cancel, plan, dropped) = (cancel.clone(), plan.clone(), dropped.clone());
        spawn_local(async move {
            let outcome = glue::send_probe(&probe.request, PROBE_TIMEOUT_MS, &cancel).await;
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
