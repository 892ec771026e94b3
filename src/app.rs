//! The page: its state in cells Leptos effects observe (`observed`), the slots that
//! show it, and the run orchestration. Decisions are the engine's; the layout is the engine's too
//! (`corsprobe_view::page`, plain node trees); this file wires state to slots.

use crate::components::{FixPanel, RequestForm, SharePanel};
use crate::observed::Observed;
use crate::{actions, analysis_worker, dom, glue, share};
use corsprobe_engine::fix::{FixInput, Snippet, Stack};
use corsprobe_engine::input::{FormInput, InputProblem};
use corsprobe_engine::plan::{plan_run, PlannedRun, ProbeKind, ProbePlan};
use corsprobe_engine::report::{ProbeOutcome, Verdict};
use corsprobe_engine::share::{Evidence, SharePayload, SHARE_VERSION};
use corsprobe_view::job::{AnalyzedItem, Job, JobResult};
use corsprobe_view::names::Slot;
use corsprobe_view::node::Node;
use corsprobe_view::page::panels::{self, ExamplesState, RecentRun};
use corsprobe_view::page::report::{plan_node, progress_node, reading_node, ShownReport};
use corsprobe_view::page::{shell, ShellInput};
use leptos::prelude::Effect;
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use wasm_bindgen::JsCast;

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
    pub examples: Observed<ExamplesState>,
    /// Share: the secrets the person chose to keep in links, whether to add the report,
    /// and the link made.
    pub keep: Observed<Vec<String>>,
    pub with_report: Observed<bool>,
    pub link: Observed<Option<Result<String, String>>>,
    /// Analyze: what it is doing, why it failed, the requests a HAR held, the chosen one.
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

/// Builds the page into `<body>`, wires its events and slots. Sends nothing.
pub fn start() {
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
        examples: Observed::new(ExamplesState::NotLoaded),
        keep: Observed::new(Vec::new()),
        with_report: Observed::new(true),
        link: Observed::new(None),
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
    let lab_url = glue::query_param("lab").unwrap_or_else(|| "http://127.0.0.1:8081".into());
    let page = shell(&ShellInput { origin: &origin, lab_url: &lab_url });
    if let Some(body) = dom::query("body") {
        dom::append(&body, &page);
    }
    // The components, each into its host in the shell.
    for (host, component) in [(".form-host", mount_form as fn(web_sys::HtmlElement)), (".fix-host", mount_fix), (".share-host", mount_share)] {
        if let Some(host) = dom::query(host).and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok()) {
            component(host);
        }
    }
    actions::listen(state);
    slots(state);
    actions::fix_effects(state);
    // A share link fills the form and shows its report; it never sends a request.
    share::open_from_hash(state, glue::location_hash());
    glue::on_hash_change(move || share::open_from_hash(state, glue::location_hash()));
}

fn mount_form(host: web_sys::HtmlElement) {
    leptos::mount::mount_to(host, RequestForm).forget();
}

fn mount_share(host: web_sys::HtmlElement) {
    leptos::mount::mount_to(host, SharePanel).forget();
}

fn mount_fix(host: web_sys::HtmlElement) {
    leptos::mount::mount_to(host, FixPanel).forget();
}

/// Runs `f` now and again whenever a signal it read changes. Boxed, so Leptos' effect
/// code is instantiated once for the page instead of once per closure (about 2 KB of
/// wasm each: issue 6).
pub fn effect(f: Box<dyn Fn()>) {
    Effect::new(move |_| f());
}

/// Refills slot `name` whenever what `render` reads changes.
fn slot(name: Slot, render: impl Fn() -> Vec<Node> + 'static) {
    let render: Box<dyn Fn() -> Vec<Node>> = Box::new(render);
    effect(Box::new(move || dom::fill(name, &render())));
}

/// Like [`slot`], but leaves the slot alone when it would show the same nodes (typing
/// that does not change the plan does not redraw it).
fn slot_if_changed(name: Slot, render: impl Fn() -> Vec<Node> + 'static) {
    let render: Box<dyn Fn() -> Vec<Node>> = Box::new(render);
    let shown = RefCell::new(None::<Vec<Node>>);
    effect(Box::new(move || {
        let nodes = render();
        if shown.borrow().as_ref() != Some(&nodes) {
            dom::fill(name, &nodes);
            *shown.borrow_mut() = Some(nodes);
        }
    }));
}

/// The probes Run would send for the form as it is (none while it is invalid or refused).
fn planned(state: AppState) -> Option<ProbePlan> {
    let allow_repeats = state.allow_repeats.get();
    match state.form.with(|form| plan_run(form, &state.page_origin, allow_repeats)) {
        PlannedRun::Probe { plan, .. } => Some(plan),
        PlannedRun::Invalid(_) | PlannedRun::Refused { .. } => None,
    }
}

fn slots(state: AppState) {
    // Before a run: the probes it will send; during: progress; after: the report.
    slot_if_changed(Slot::Run, move || {
        state.run.with(|run| match run {
            RunState::Idle => planned(state).as_ref().map(plan_node).into_iter().collect(),
            RunState::Running { plan, outcomes, .. } => vec![progress_node(plan, outcomes)],
            RunState::Reading { .. } => vec![reading_node()],
            RunState::Done(report) => report.nodes(),
        })
    });
    slot(Slot::Notice, move || state.notice.with(|n| n.iter().map(|n| panels::notice_node(n.id, &n.text)).collect()));
    slot(Slot::Recent, move || state.recent.with(|r| panels::recent_node(r).into_iter().collect()));
    slot(Slot::Examples, move || state.examples.with(|e| panels::examples_node(e).into_iter().collect()));
    slot(Slot::AnalyzeStatus, move || {
        let busy = state.busy.get();
        state.analyze_problem.with(|p| panels::analyze_status_node(busy, p.as_deref()))
    });
    // The chosen item is marked in place (actions::pick_analyzed), so choosing one does
    // not rebuild the list and move the keyboard focus.
    slot(Slot::Analyzed, move || state.analyzed.with(|items| panels::analyzed_node(items, state.chosen.get_untracked())));
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
