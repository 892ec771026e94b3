//! The page: its state in cells Leptos effects and components observe (`observed`),
//! and the run orchestration. Decisions are the engine's; the page's parts are the
//! Leptos components in `src/components/` (the report, a node tree the analysis worker
//! draws, is mounted by one of them).

use crate::components::PageView;
use crate::observed::Observed;
use crate::share::RecentRun;
use crate::{actions, analysis_worker, glue, share};
use corsprobe_engine::fix::{FixInput, Snippet, Stack};
use corsprobe_engine::input::{FormInput, InputProblem};
use corsprobe_engine::plan::{plan_run, PlannedRun, ProbeKind, ProbePlan};
use corsprobe_engine::report::{ProbeOutcome, Verdict};
use corsprobe_engine::share::{Evidence, SharePayload, SHARE_VERSION};
use corsprobe_engine::RequestSpec;
use corsprobe_view::job::{AnalyzedItem, Job, JobResult};
use corsprobe_view::page::report::ShownReport;
use leptos::prelude::{Effect, IntoView};
use leptos::task::spawn_local;
use leptos::view;
use serde::Deserialize;
use std::cell::{Cell, RefCell};

/// How long one probe may take before corsprobe aborts it.
pub const PROBE_TIMEOUT_MS: u32 = 15_000;
/// Where the chosen stack of the Fix panel is remembered.
pub const STACK_KEY: &str = "corsprobe.stack.v1";

/// The state of the current run.
// One value for the page's lifetime: the plan's size in `Running` costs nothing, and a
// Box would add allocation code to the page's wasm.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Default)]
pub enum RunState {
    #[default]
    Idle,
    /// `run_id` tells a late probe of a replaced run from one of this run.
    Running {
        run_id: u64,
        plan: ProbePlan,
        outcomes: Vec<(ProbeKind, ProbeOutcome)>,
    },
    /// The analysis worker is writing the report (of a finished run, a request that
    /// sends nothing, or a link's evidence).
    Reading {
        run_id: u64,
    },
    Done(Box<ShownReport>),
}

/// A message above the result: what a share link brought, or why it could not.
#[derive(Clone, PartialEq)]
pub struct Notice {
    /// `shared` for a link that opened, else the share error id.
    pub id: &'static str,
    pub text: String,
}

/// One of the lab's cases (`/cases.json`).
#[derive(Debug, Clone, Deserialize)]
pub struct LabCase {
    pub id: String,
    pub title: String,
    pub request: RequestSpec,
}

/// Where loading the lab's examples stands.
#[derive(Debug, Clone, Default)]
pub enum ExamplesState {
    #[default]
    NotLoaded,
    Loading,
    Cases(Vec<LabCase>),
    Failed(String),
}

/// The Analyze panel's inputs as typed (a HAR file is read when chosen or dropped).
#[derive(Clone, Default, PartialEq)]
pub struct AnalyzeFields {
    /// The origin to judge against: the person's app, which may not be this page's.
    pub origin: String,
    /// Pasted response headers (`curl -v` output, DevTools' raw headers).
    pub headers: String,
    /// A pasted console error.
    pub console: String,
}

/// The Fix panel's inputs as typed.
#[derive(Clone, Default, PartialEq)]
pub struct FixFields {
    pub origins: String,
    pub methods: String,
    pub headers: String,
    pub expose: String,
    pub max_age: String,
    pub credentials: bool,
    /// The API's origin, for the development-proxy stacks.
    pub api: String,
}

/// `a, b c` / one per line → items.
fn items(text: &str) -> Vec<String> {
    text.split([',', ' ', '\n', '\t']).map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
}

impl FixFields {
    pub fn input(&self) -> FixInput {
        FixInput {
            origins: items(&self.origins),
            methods: items(&self.methods).into_iter().map(|m| m.to_ascii_uppercase()).collect(),
            headers: items(&self.headers),
            credentials: self.credentials,
            expose: items(&self.expose),
            max_age: self.max_age.trim().parse().ok(),
            api: Some(self.api.trim().to_string()).filter(|a| !a.is_empty()),
        }
    }
}

/// All of the page's state, in cells effects observe ([`Observed`]).
pub struct Page {
    pub form: Observed<FormInput>,
    pub problems: Observed<Vec<InputProblem>>,
    /// The person's consent to send a non-safe method more than once.
    pub allow_repeats: Observed<bool>,
    pub run: Observed<RunState>,
    pub page_origin: String,
    /// Cancels the probes of the run in progress. (This and the two counters are never
    /// shown, so they are plain cells, not observed ones.)
    pub cancel: RefCell<Option<glue::RunCancel>>,
    /// What a share link brought (or why it could not be opened).
    pub notice: Observed<Option<Notice>>,
    pub recent: Observed<Vec<RecentRun>>,
    /// Examples: the lab's address and its cases.
    pub lab: Observed<String>,
    pub examples: Observed<ExamplesState>,
    /// Share: the secrets the person chose to keep in links, whether to add the report,
    /// and the link made.
    pub keep: Observed<Vec<String>>,
    pub with_report: Observed<bool>,
    pub link: Observed<Option<Result<String, String>>>,
    /// Analyze: its inputs, what it is doing, why it failed, the requests a HAR held,
    /// the chosen one.
    pub analyze: Observed<AnalyzeFields>,
    pub busy: Observed<Option<&'static str>>,
    pub analyze_problem: Observed<Option<String>>,
    pub analyzed: Observed<Vec<AnalyzedItem>>,
    pub chosen: Observed<Option<usize>>,
    /// Fix: the inputs, the stack, whether the panel is open, the findings it answers,
    /// and the configuration the worker wrote (`asked` drops an outdated answer).
    pub fix: Observed<FixFields>,
    pub stack: Observed<Stack>,
    pub fix_open: Observed<bool>,
    pub findings: Observed<Vec<String>>,
    pub written: Observed<Option<Result<Snippet, String>>>,
    pub asked: Cell<u32>,
    /// Numbers runs and openings, so a late answer for a replaced one is dropped.
    pub run_seq: Cell<u64>,
}

/// The page's state: built once in [`start`], alive as long as the page (leaked, so
/// handlers and effects share it without reference counting).
pub type AppState = &'static Page;

thread_local! {
    static STATE: Cell<Option<AppState>> = const { Cell::new(None) };
}

/// The page's state, for components. Leptos wants the closures of a `view!` to be
/// `Send`, which a reference to cells is not; they ask for the state when they run
/// instead of capturing it (the page has one thread, so this is the same value).
///
/// # Panics
/// Before [`start`] has built the state; components are mounted only after it.
pub fn state() -> AppState {
    STATE.with(|s| s.get()).expect("app::start builds the state before any component")
}

/// The lab the examples come from unless the page's `?lab=` says otherwise (`cargo
/// xtask run` serves it here).
const DEFAULT_LAB: &str = "http://127.0.0.1:8081";

/// Builds the page's state and returns the page to mount. Sends nothing.
pub fn start() -> impl IntoView {
    let origin = glue::page_origin();
    let stack = glue::storage_get(STACK_KEY).and_then(|id| Stack::from_id(&id)).unwrap_or(Stack::Express);
    let state: AppState = Box::leak(Box::new(Page {
        form: Observed::new(FormInput { method: "GET".into(), ..Default::default() }),
        problems: Observed::new(Vec::new()),
        allow_repeats: Observed::new(false),
        run: Observed::new(RunState::Idle),
        page_origin: origin.clone(),
        cancel: RefCell::new(None),
        notice: Observed::new(None),
        recent: Observed::new(share::load_recent()),
        lab: Observed::new(glue::query_param("lab").unwrap_or_else(|| DEFAULT_LAB.into())),
        examples: Observed::new(ExamplesState::NotLoaded),
        keep: Observed::new(Vec::new()),
        with_report: Observed::new(true),
        link: Observed::new(None),
        analyze: Observed::new(AnalyzeFields { origin: origin.clone(), ..Default::default() }),
        busy: Observed::new(None),
        analyze_problem: Observed::new(None),
        analyzed: Observed::new(Vec::new()),
        chosen: Observed::new(None),
        fix: Observed::new(FixFields { origins: origin.clone(), ..Default::default() }),
        stack: Observed::new(stack),
        fix_open: Observed::new(false),
        findings: Observed::new(Vec::new()),
        written: Observed::new(None),
        asked: Cell::new(0),
        run_seq: Cell::new(0),
    }));
    STATE.with(|s| s.set(Some(state)));
    actions::fix_effects(state);
    // A share link fills the form and shows its report; it never sends a request.
    share::open_from_hash(state, glue::location_hash());
    glue::on_hash_change(move || share::open_from_hash(state, glue::location_hash()));
    view! { <PageView/> }
}

/// Runs `f` now and again whenever a signal it read changes. Boxed, so Leptos' effect
/// code is instantiated once for the page instead of once per closure (about 2 KB of
/// wasm each: issue 6).
pub fn effect(f: Box<dyn Fn()>) {
    Effect::new(move |_| f());
}

/// The probes Run would send for the form as it is (none while it is invalid or refused).
pub fn planned(state: AppState) -> Option<ProbePlan> {
    let allow_repeats = state.allow_repeats.get();
    match state.form.with(|form| plan_run(form, &state.page_origin, allow_repeats)) {
        PlannedRun::Probe { plan, .. } => Some(plan),
        PlannedRun::Invalid(_) | PlannedRun::Refused { .. } => None,
    }
}

/// Validates the form and starts a run (or shows what is wrong with the input). The
/// page sends the probes; the analysis worker, loading meanwhile, writes the report.
pub fn start_run(state: AppState) {
    cancel_run(state);
    state.notice.set(None);
    let form = state.form.get_untracked();
    let origin = state.page_origin.clone();
    let allow_repeats = state.allow_repeats.get_untracked();
    let run_id = next_run(state);
    let planned = plan_run(&form, &origin, allow_repeats);
    let payload = move |outcomes: &[(ProbeKind, ProbeOutcome)]| SharePayload {
        v: SHARE_VERSION,
        form: form.clone(),
        allow_repeats,
        evidence: Some(Evidence::of_run(&origin, Some(glue::browser_info()), outcomes)),
        redacted: Vec::new(),
    };
    let plan = match planned {
        PlannedRun::Probe { plan, .. } => plan,
        decided => {
            state.problems.set(if let PlannedRun::Invalid(problems) = decided { problems } else { Vec::new() });
            read_report(state, run_id, payload(&[]), false);
            return;
        }
    };
    state.problems.set(Vec::new());
    analysis_worker::warm();
    let cancel = glue::RunCancel::default();
    *state.cancel.borrow_mut() = Some(cancel.clone());
    state.run.set(RunState::Running { run_id, plan: plan.clone(), outcomes: Vec::new() });
    // All probes go out at once: the run takes about as long as the slowest one.
    for probe in plan.probes {
        let (cancel, payload) = (cancel.clone(), payload.clone());
        spawn_local(async move {
            let outcome = if probe.kind == ProbeKind::NullOrigin {
                glue::send_from_null_frame(&probe.request, PROBE_TIMEOUT_MS, &cancel).await
            } else {
                glue::send_probe(&probe.request, PROBE_TIMEOUT_MS, &cancel).await
            };
            let mut finished = None;
            state.run.update(|run| finished = record_outcome(run, run_id, probe.kind.clone(), outcome));
            if let Some(outcomes) = finished {
                read_report(state, run_id, payload(&outcomes), false);
            }
        });
    }
}

/// Records the outcome of one probe of run `run_id`, and hands back every outcome once
/// the last probe of the plan has answered. A probe of a run that a newer one replaced
/// (or that already finished) changes nothing: its answer arrives late and is dropped.
pub fn record_outcome(run: &mut RunState, run_id: u64, kind: ProbeKind, outcome: ProbeOutcome) -> Option<Vec<(ProbeKind, ProbeOutcome)>> {
    let RunState::Running { run_id: current, plan, outcomes } = run else { return None };
    if *current != run_id {
        return None;
    }
    outcomes.push((kind, outcome));
    (outcomes.len() == plan.probes.len()).then(|| std::mem::take(outcomes))
}

/// A new run (or opening) number; answers for older ones are dropped.
pub fn next_run(state: AppState) -> u64 {
    let id = state.run_seq.get() + 1;
    state.run_seq.set(id);
    id
}

/// Has the analysis worker write the report for `payload` and shows it, unless run
/// `run_id` has been replaced meanwhile. `opened`: the payload came from a link (or a
/// recent run), so the notice says what it brought; a live run is remembered instead.
pub fn read_report(state: AppState, run_id: u64, payload: SharePayload, opened: bool) {
    state.run.set(RunState::Reading { run_id });
    spawn_local(async move {
        let answer = analysis_worker::run(&Job::Report { payload: payload.clone() }, None).await;
        if state.run_seq.get() != run_id || !state.run.with_untracked(|r| matches!(r, RunState::Reading { .. })) {
            return; // replaced by a newer run, an example, another link
        }
        let report = match answer {
            JobResult::Report { report } => Ok(report),
            JobResult::Problem { message } => Err(message),
            JobResult::Analyzed { .. } | JobResult::Fix { .. } => Err("The analysis worker answered another question.".into()),
        };
        match (report, opened) {
            (Ok(report), true) => {
                state.notice.set(Some(share::opened_notice(&payload, report.as_deref())));
                state.run.set(report.map_or(RunState::Idle, RunState::Done));
            }
            (Ok(Some(report)), false) => {
                show_report(state, *report);
                share::remember_run(state);
            }
            // A run's own outcomes always fit its plan; if they do not, say so rather
            // than leave "Working out why…" up for good.
            (Ok(None), false) => no_report(state, "the outcomes did not fit the plan (a page and a worker of different versions?)."),
            (Err(message), _) => no_report(state, &message),
        }
    });
}

/// Why there is no report, above an idle result.
fn no_report(state: AppState, why: &str) {
    state.run.set(RunState::Idle);
    state.notice.set(Some(Notice { id: "worker", text: format!("No report could be written: {why} Press Run to try again.") }));
}

/// Shows a finished report (a run's, an analysis's) and brings its verdict into view.
pub fn show_report(state: AppState, report: ShownReport) {
    let settle = report.needs_headers;
    state.run.set(RunState::Done(Box::new(report)));
    glue::reveal_verdict();
    // The report names the step that settles its group of causes: Analyze is open for it.
    if settle {
        actions::open_analyze_panel();
    }
}

/// Cancels the run in progress; the report says which probes did not finish.
pub fn cancel_run(state: AppState) {
    if let Some(cancel) = state.cancel.borrow().as_ref() {
        cancel.cancel();
    }
}

/// Fills the form from a request (the examples).
pub fn fill_form(state: AppState, input: FormInput) {
    state.form.set(input);
    state.problems.set(Vec::new());
    state.run.set(RunState::Idle);
}

/// Whether the report asks for the Fix panel to open by itself.
pub fn opens_fix(report: &ShownReport) -> bool {
    report.verdict == Verdict::Blocked
}
