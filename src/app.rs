//! The page: its state in a few Leptos signals, the slots that show it, and the run
//! orchestration. Decisions are the engine's; the layout is the engine's too
//! (`corsprobe_engine::page`, plain node trees); this file wires state to slots.

use crate::{actions, dom, glue, share};
use corsprobe_engine::diagnose::{begin, diagnose, Begin};
use corsprobe_engine::fix::{FixInput, Snippet, Stack};
use corsprobe_engine::input::{request_refusal, validate, FormInput, InputProblem};
use corsprobe_engine::job::AnalyzedItem;
use corsprobe_engine::node::Node;
use corsprobe_engine::page::form::{problems_node, PROBLEM_SLOTS};
use corsprobe_engine::page::panels::{self, ExamplesState, RecentRun};
use corsprobe_engine::page::report::{plan_node, progress_node, report_node};
use corsprobe_engine::page::{shell, ShellInput};
use corsprobe_engine::plan::{plan_probes, ProbeKind, ProbePlan};
use corsprobe_engine::report::{ProbeOutcome, Report, Verdict};
use corsprobe_engine::share::find_secrets;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// How long one probe may take before corsprobe aborts it.
pub const PROBE_TIMEOUT_MS: u32 = 15_000;
/// Where the chosen stack of the Fix panel is remembered.
pub const STACK_KEY: &str = "corsprobe.stack.v1";

/// The state of the current run.
#[derive(Clone, Default)]
pub enum RunState {
    #[default]
    Idle,
    /// `run_id` tells a late probe of a replaced run from one of this run.
    Running { run_id: u64, plan: ProbePlan, outcomes: Vec<(ProbeKind, ProbeOutcome)> },
    Done(Box<Report>),
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
        }
    }
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
    pub examples: RwSignal<ExamplesState>,
    /// Share: the secrets the person chose to keep in links, whether to add the report,
    /// and the link made.
    pub keep: RwSignal<Vec<String>>,
    pub with_report: RwSignal<bool>,
    pub link: RwSignal<Option<Result<String, String>>>,
    /// Analyze: what it is doing, why it failed, the requests a HAR held, the chosen one.
    pub busy: RwSignal<Option<&'static str>>,
    pub analyze_problem: RwSignal<Option<String>>,
    pub analyzed: RwSignal<Vec<AnalyzedItem>>,
    pub chosen: RwSignal<Option<usize>>,
    /// Fix: the inputs, the stack, whether the panel is open, the findings it answers,
    /// and the configuration the worker wrote (`asked` drops an outdated answer).
    pub fix: RwSignal<FixFields>,
    pub stack: RwSignal<Stack>,
    pub fix_open: RwSignal<bool>,
    pub findings: RwSignal<Vec<String>>,
    pub written: RwSignal<Option<Result<Snippet, String>>>,
    pub asked: StoredValue<u32>,
}

/// Builds the page into `<body>`, wires its events and slots. Sends nothing.
pub fn start() {
    let origin = glue::page_origin();
    let stack = glue::storage_get(STACK_KEY).and_then(|id| Stack::from_id(&id)).unwrap_or(Stack::Express);
    let state = AppState {
        form: RwSignal::new(FormInput { method: "GET".into(), ..Default::default() }),
        problems: RwSignal::new(Vec::new()),
        allow_repeats: RwSignal::new(false),
        run: RwSignal::new(RunState::Idle),
        page_origin: StoredValue::new(origin.clone()),
        cancel: StoredValue::new_local(None),
        notice: RwSignal::new(None),
        recent: RwSignal::new(share::load_recent()),
        examples: RwSignal::new(ExamplesState::NotLoaded),
        keep: RwSignal::new(Vec::new()),
        with_report: RwSignal::new(true),
        link: RwSignal::new(None),
        busy: RwSignal::new(None),
        analyze_problem: RwSignal::new(None),
        analyzed: RwSignal::new(Vec::new()),
        chosen: RwSignal::new(None),
        fix: RwSignal::new(FixFields { origins: origin.clone(), ..Default::default() }),
        stack: RwSignal::new(stack),
        fix_open: RwSignal::new(false),
        findings: RwSignal::new(Vec::new()),
        written: RwSignal::new(None),
        asked: StoredValue::new(0),
    };
    let lab_url = glue::query_param("lab").unwrap_or_else(|| "http://127.0.0.1:8081".into());
    let form = state.form.get_untracked();
    let page = shell(&ShellInput { origin: &origin, form: &form, allow_repeats: false, lab_url: &lab_url, stack });
    if let Some(body) = dom::query("body") {
        dom::append(&body, &page);
    }
    actions::listen(state);
    slots(state);
    sync_controls(state);
    actions::fix_effects(state);
    // A share link fills the form and shows its report; it never sends a request.
    share::open_from_hash(state, glue::location_hash());
    glue::on_hash_change(move || share::open_from_hash(state, glue::location_hash()));
}

/// Runs `f` now and again whenever a signal it read changes. Boxed, so Leptos' effect
/// code is instantiated once for the page instead of once per closure (about 2 KB of
/// wasm each: issue 6).
pub fn effect(f: Box<dyn Fn()>) {
    Effect::new(move |_| f());
}

/// Refills slot `name` whenever what `render` reads changes.
fn slot(name: &'static str, render: impl Fn() -> Vec<Node> + 'static) {
    let render: Box<dyn Fn() -> Vec<Node>> = Box::new(render);
    effect(Box::new(move || dom::fill(name, &render())));
}

fn slots(state: AppState) {
    for (field, name) in PROBLEM_SLOTS {
        let field = *field;
        slot(name, move || state.problems.with(|p| problems_node(field, p).into_iter().collect()));
    }
    // Before a run: the probes it will send; during: progress; after: the report.
    let plan = Memo::new(move |_| {
        let form = state.form.get();
        let valid = validate(&form).ok()?;
        let origin = state.page_origin.get_value();
        if request_refusal(&valid, &origin).is_some() {
            return None;
        }
        Some(plan_probes(&valid, &origin, state.allow_repeats.get()))
    });
    slot("run", move || {
        state.run.with(|run| match run {
            RunState::Idle => plan.with(|p| p.as_ref().map(plan_node).into_iter().collect()),
            RunState::Running { plan, outcomes, .. } => vec![progress_node(plan, outcomes)],
            RunState::Done(report) => vec![report_node(report)],
        })
    });
    slot("notice", move || state.notice.with(|n| n.iter().map(|n| panels::notice_node(n.id, &n.text)).collect()));
    slot("recent", move || state.recent.with(|r| panels::recent_node(r).into_iter().collect()));
    let secrets = Memo::new(move |_| state.form.with(find_secrets));
    slot("share-secrets", move || {
        let keep = state.keep.get_untracked();
        secrets.with(|s| panels::share_secrets_node(s, &keep).into_iter().collect())
    });
    slot("share-link", move || state.link.with(|l| l.iter().map(panels::share_link_node).collect()));
    slot("examples", move || state.examples.with(|e| panels::examples_node(e).into_iter().collect()));
    slot("analyze-status", move || {
        let busy = state.busy.get();
        state.analyze_problem.with(|p| panels::analyze_status_node(busy, p.as_deref()))
    });
    // The chosen item is marked in place (actions::pick_analyzed), so choosing one does
    // not rebuild the list and move the keyboard focus.
    slot("analyzed", move || state.analyzed.with(|items| panels::analyzed_node(items, state.chosen.get_untracked())));
    slot("fix-problems", move || state.fix.with(|f| panels::fix_problems_node(&f.input().problems()).into_iter().collect()));
    slot("fix-snippet", move || state.written.with(|w| vec![panels::fix_snippet_node(w.as_ref())]));
}

/// Keeps the form's controls showing the form state when something other than typing
/// changed it (an example, a share link, a recent run).
fn sync_controls(state: AppState) {
    effect(Box::new(move || {
        state.form.with(|f| {
            dom::set_value("url", &f.url);
            dom::set_value("method", &f.method);
            dom::set_value("headers", &f.headers);
            dom::set_value("body", &f.body);
            dom::set_value("mode", f.mode.as_str());
            dom::set_value("credentials", f.credentials.as_str());
            dom::set_value("redirect", f.redirect.as_str());
        })
    }));
    effect(Box::new(move || {
        let on = state.allow_repeats.get();
        if let Some(c) = dom::control("allow-repeats") {
            dom::set_flag(&c, "checked", on);
        }
    }));
    effect(Box::new(move || {
        let running = state.run.with(|r| matches!(r, RunState::Running { .. }));
        if let Some(b) = dom::query("[data-action=cancel]") {
            dom::set_flag(&b, "disabled", !running);
        }
    }));
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
                show_report(state, report);
                share::remember_run(state);
            }
        });
    }
}

/// Shows a finished report (a run's, an analysis's) and brings its verdict into view.
pub fn show_report(state: AppState, report: Report) {
    state.run.set(RunState::Done(Box::new(report)));
    glue::reveal_verdict();
}

/// Cancels the run in progress; the report says which probes did not finish.
pub fn cancel_run(state: AppState) {
    if let Some(cancel) = state.cancel.get_value() {
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
pub fn opens_fix(report: &Report) -> bool {
    report.verdict == Verdict::Blocked
}
