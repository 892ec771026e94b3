//! "Analyze": exact causes from what the person already has — pasted `curl -i` output or
//! DevTools headers, a pasted console error, a HAR file. The engine judges; the chosen
//! report is shown by the same report view as a live run (`#report-json`,
//! `data-finding`), so every input path speaks one contract.

use crate::analysis_worker;
use crate::app::{AppState, RunState};
use crate::glue;
use corsprobe_engine::har::HarAssumptions;
use corsprobe_engine::input::validate;
use corsprobe_engine::job::{AnalyzedItem, Job, JobResult};
use corsprobe_engine::RequestSpec;
use corsprobe_engine::{Credentials, RedirectMode};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn AnalyzePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let origin = RwSignal::new(state.page_origin.get_value());
    let headers = RwSignal::new(String::new());
    let console = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let items = RwSignal::new(Vec::<AnalyzedItem>::new());
    let chosen = RwSignal::new(None::<usize>);
    let busy = RwSignal::new(None::<&'static str>);

    // The engine's readers run in the analysis worker (loaded the first time): the page
    // stays responsive while a large HAR is parsed.
    let analyze = move |job: Job, file: Option<web_sys::File>, doing: &'static str| {
        busy.set(Some(doing));
        problem.set(None);
        spawn_local(async move {
            let result = analysis_worker::run(&job, file).await;
            busy.set(None);
            match result {
                JobResult::Analyzed { items: list } => {
                    let first = list.first().map(|i| i.report.clone());
                    items.set(if list.len() > 1 { list } else { Vec::new() });
                    chosen.set(first.as_ref().map(|_| 0));
                    if let Some(r) = first {
                        state.run.set(RunState::Done(Box::new(r)));
                        glue::reveal_verdict();
                    }
                }
                JobResult::Problem { message } => problem.set(Some(message)),
                JobResult::Fix { .. } => {}
            }
        });
    };
    let analyze_pasted_headers = move |_| {
        let job = Job::Headers { text: headers.get_untracked(), request: form_request(state), origin: origin.get_untracked() };
        analyze(job, None, "Reading the headers…");
    };
    let analyze_pasted_console = move |_| {
        let job = Job::Console { text: console.get_untracked(), origin: origin.get_untracked(), request: form_request(state) };
        analyze(job, None, "Reading the console error…");
    };
    let analyze_file = move |file: Option<web_sys::File>| {
        let Some(file) = file else { return };
        // A HAR does not record credentials or redirect mode: the form's choice, when it
        // departs from the default, is taken as the person's statement.
        let form = state.form.get_untracked();
        let assume = HarAssumptions {
            credentials: (form.credentials == Credentials::Include).then_some(Credentials::Include),
            redirect: (form.redirect != RedirectMode::Follow).then_some(form.redirect),
        };
        analyze(Job::Har { text: String::new(), assume }, Some(file), "Reading the file…");
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        analyze_file(glue::first_file(input.files()));
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        analyze_file(glue::first_file(ev.data_transfer().and_then(|d| d.files())));
    };
    let pick = move |i: usize| {
        if let Some(item) = items.with_untracked(|list| list.get(i).cloned()) {
            chosen.set(Some(i));
            state.run.set(RunState::Done(Box::new(item.report)));
            glue::reveal_verdict();
        }
    };

    view! {
        <details class="analyze">
            <summary>"Analyze headers, a HAR file or a console error"</summary>
            <p>"Headers settle what live probing cannot see. Paste what curl, DevTools or the console shows; nothing is sent anywhere."</p>
            <label>"Origin to judge against (your app's origin)"
                <input name="analyze-origin" type="text" spellcheck="false" prop:value=move || origin.get() on:input=move |ev| origin.set(event_target_value(&ev))/>
            </label>
            <label>"Response headers (curl -i or -v output, or DevTools' raw headers; preflight and response)"
                <textarea name="raw-headers" rows="6" spellcheck="false" placeholder="HTTP/1.1 204 No Content\naccess-control-allow-origin: https://app.example.com"
                    prop:value=move || headers.get() on:input=move |ev| headers.set(event_target_value(&ev))></textarea>
            </label>
            <p class="hint">"Judged for the request in the form above (its method, headers and credentials)."</p>
            <button type="button" data-action="analyze" data-input="raw-headers" on:click=analyze_pasted_headers>"Analyze headers"</button>
            <label>"Console error (Chromium, Firefox or Safari)"
                <textarea name="console-error" rows="4" spellcheck="false" placeholder="Access to fetch at '…' from origin '…' has been blocked by CORS policy: …"
                    prop:value=move || console.get() on:input=move |ev| console.set(event_target_value(&ev))></textarea>
            </label>
            <button type="button" data-action="analyze" data-input="console-error" on:click=analyze_pasted_console>"Analyze console error"</button>
            <div class="drop" on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
                <label>"HAR file (DevTools → Network → Export HAR), or drop it here"
                    <input name="har" type="file" accept=".har,.json,application/json" on:change=on_file/>
                </label>
                <p class="hint">"A HAR does not record fetch's credentials or redirect mode: requests with a Cookie header count as credentialed, and redirects as followed. Set Credentials to include, or Redirect to manual, in the form above to judge them that way."</p>
            </div>
            <button type="button" data-action="analyze" data-input="har"
                on:click=move |_| {
                    let input = document().query_selector("input[name=har]").ok().flatten();
                    let files = input.and_then(|i| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(i).ok()).and_then(|i| i.files());
                    match glue::first_file(files) {
                        Some(f) => analyze_file(Some(f)),
                        None => problem.set(Some("Choose a HAR file first (or drop one on the box).".into())),
                    }
                }>"Analyze HAR"</button>
            {move || busy.get().map(|doing| view! { <p role="status" data-analyze-busy="">{doing}</p> })}
            {move || problem.get().map(|p| view! { <p class="problems" role="alert" data-analyze-problem="">{p}</p> })}
            {move || (!items.get().is_empty()).then(|| view! {
                <p class="analyzed-summary" data-analyzed-summary="">{summary(&items.get())}</p>
                <ul class="analyzed" aria-label="Requests found" tabindex="0">
                    {items.get().into_iter().enumerate().map(|(i, item)| view! {
                        <li>
                            <span class=format!("badge {}", item.report.verdict.as_str())>{item.report.verdict.as_str()}</span>
                            <button type="button" class="link" data-analyzed=i
                                aria-current=move || (chosen.get() == Some(i)).then_some("true")
                                data-verdict=item.report.verdict.as_str()
                                on:click=move |_| pick(i)>{item.label.clone()}</button>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </details>
    }
}

/// "54 cross-origin requests: 40 blocked, 14 pass." — what the list holds, before
/// the person scrolls it.
fn summary(items: &[AnalyzedItem]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for item in items {
        let v = item.report.verdict.as_str();
        match counts.iter_mut().find(|(k, _)| *k == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    let parts: Vec<String> = counts.iter().map(|(v, n)| format!("{n} {v}")).collect();
    format!("{} cross-origin requests: {}. Choose one to see its report.", items.len(), parts.join(", "))
}

/// The form's request, as far as it is valid (the analysis needs method, headers and
/// credentials; an unparsable form falls back to a plain GET of what was typed).
fn form_request(state: AppState) -> RequestSpec {
    let form = state.form.get_untracked();
    validate(&form).map(|v| v.spec).unwrap_or_else(|_| RequestSpec::get(form.url.trim()))
}
