//! "Fix it on your server": the engine's configuration for the chosen stack, prefilled
//! from the last report and editable. The stack choice is remembered in this browser.

use crate::app::{AppState, RunState};
use crate::glue;
use corsprobe_engine::finding::FindingKind;
use corsprobe_engine::fix::{snippet, FixInput, Stack};
use leptos::prelude::*;

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
    let findings = RwSignal::new(Vec::<FindingKind>::new());
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
            findings.set(report.findings.iter().filter_map(|f| FindingKind::from_id(&f.id)).collect());
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
                let i = input();
                let problems = i.problems();
                let s = snippet(stack.get(), &i, &findings.get());
                view! {
                    {(!problems.is_empty()).then(|| view! {
                        <ul class="problems" role="alert">{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                    })}
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
                }
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
