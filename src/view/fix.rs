//! "Fix it on your server": the engine's configuration for the chosen stack, prefilled
//! from the last report and editable. The stack choice is remembered in this browser.

use crate::analysis_worker;
use crate::app::{AppState, RunState};
use crate::glue;
use corsprobe_engine::fix::{FixInput, Snippet, Stack};
use corsprobe_engine::job::{Job, JobResult};
use leptos::prelude::*;
use leptos::task::spawn_local;

const STACK_KEY: &str = "corsprobe.stack.v1";

/// `a, b c` / one per line → items.
fn items(text: &str) -> Vec<String> {
    text.split([',', ' ', '\n', '\t']).map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
}

#[component]
pub fn FixPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let origins = RwSignal::new(state.page_origin.get_value());
    let methods = RwSignal::new(String::new());
    let headers = RwSignal::new(String::new());
    let credentials = RwSignal::new(false);
    let expose = RwSignal::new(String::new());
    let max_age = RwSignal::new(String::new());
    let findings = RwSignal::new(Vec::<String>::new());
    let stack = RwSignal::new(glue::storage_get(STACK_KEY).and_then(|id| Stack::from_id(&id)).unwrap_or(Stack::Express));
    let open = RwSignal::new(false);

    // Each finished report refills the inputs with what its request needs.
    Effect::new(move |_| {
        if let RunState::Done(report) = state.run.get() {
            let input = FixInput::from_report(&report);
            origins.set(input.origins.join(", "));
            methods.set(input.methods.join(", "));
            headers.set(input.headers.join(", "));
            credentials.set(input.credentials);
            expose.set(input.expose.join(", "));
            max_age.set(input.max_age.map(|a| a.to_string()).unwrap_or_default());
            findings.set(report.findings.iter().map(|f| f.id.clone()).collect());
            if report.verdict == corsprobe_engine::report::Verdict::Blocked {
                open.set(true);
            }
        }
    });
    let input = move || FixInput {
        origins: items(&origins.get()),
        methods: items(&methods.get()).into_iter().map(|m| m.to_ascii_uppercase()).collect(),
        headers: items(&headers.get()),
        credentials: credentials.get(),
        expose: items(&expose.get()),
        max_age: max_age.get().trim().parse().ok(),
    };
    // The configuration is written by the analysis worker, loaded the first time the
    // panel opens; `asked` drops the answer to an input that has changed since.
    let written = RwSignal::new(None::<Result<Snippet, String>>);
    let asked = StoredValue::new(0u32);
    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        let job = Job::Fix { stack: stack.get().id().to_string(), input: input(), findings: findings.get() };
        let ticket = asked.get_value().wrapping_add(1);
        asked.set_value(ticket);
        spawn_local(async move {
            let answer = match analysis_worker::run(&job, None).await {
                JobResult::Fix { snippet } => Ok(snippet),
                JobResult::Problem { message } => Err(message),
                JobResult::Analyzed { .. } => Err("The analysis worker answered another question.".into()),
            };
            if asked.get_value() == ticket {
                written.set(Some(answer));
            }
        });
    });
    let choose = move |ev| {
        if let Some(s) = Stack::from_id(&event_target_value(&ev)) {
            glue::storage_set(STACK_KEY, s.id());
            stack.set(s);
        }
    };
    let field = move |label: &'static str, name: &'static str, signal: RwSignal<String>, hint: &'static str| {
        view! {
            <label>{label}
                <input type="text" name=name spellcheck="false" placeholder=hint
                    prop:value=move || signal.get() on:input=move |ev| signal.set(event_target_value(&ev))/>
            </label>
        }
    };
    view! {
        <details class="fix" prop:open=move || open.get() on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary>"Fix it on your server"</summary>
            <p class="hint">"Prefilled from the last run. The origin is this page's; put your own app's origin there (every origin that calls the API, exactly: scheme, host, port)."</p>
            <div class="fix-inputs">
                {field("Frontend origins", "fix-origins", origins, "https://app.example.com")}
                {field("Methods beyond GET/HEAD/POST", "fix-methods", methods, "PUT, DELETE")}
                {field("Request headers", "fix-headers", headers, "authorization, x-api-key")}
                {field("Response headers to expose", "fix-expose", expose, "x-request-id")}
                {field("Preflight cache (seconds)", "fix-max-age", max_age, "7200")}
                <label class="check"><input type="checkbox" name="fix-credentials" prop:checked=move || credentials.get()
                    on:change=move |ev| credentials.set(event_target_checked(&ev))/>" Cookies or HTTP auth (credentials)"</label>
                <label>"Your stack"
                    <select name="fix-stack" on:change=choose prop:value=move || stack.get().id()>
                        {groups().into_iter().map(|(group, stacks)| view! {
                            <optgroup label=group>
                                {stacks.into_iter().map(|s| view! { <option value=s.id() selected=move || stack.get() == s>{s.name()}</option> }).collect_view()}
                            </optgroup>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            {move || {
                let problems = input().problems();
                (!problems.is_empty()).then(|| view! {
                    <ul class="problems" role="alert">{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                })
            }}
            {move || match written.get() {
                None => view! { <p role="status">"Writing the configuration…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="problems" role="alert">{message}</p> }.into_any(),
                Some(Ok(s)) => view! {
                    <div class="snippet" data-stack=s.stack.id()>
                        {s.files.into_iter().map(|f| {
                            let code = f.code.clone();
                            view! {
                                <p class="file">{f.path.clone()}</p>
                                <div class="code">
                                    <pre><code>{f.code.clone()}</code></pre>
                                    <button type="button" data-action="copy-snippet" on:click=move |_| glue::copy_text(&code)>"Copy"</button>
                                </div>
                            }
                        }).collect_view()}
                        <ul class="notes">{s.notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                    </div>
                }.into_any(),
            }}
        </details>
    }
}

fn groups() -> Vec<(&'static str, Vec<Stack>)> {
    let mut out: Vec<(&'static str, Vec<Stack>)> = Vec::new();
    for s in Stack::ALL {
        match out.iter_mut().find(|(g, _)| *g == s.group()) {
            Some((_, list)) => list.push(*s),
            None => out.push((s.group(), vec![*s])),
        }
    }
    out
}
