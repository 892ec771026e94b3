//! "Fix it on your server": what must be allowed (prefilled from the last report), the
//! stack, and the configuration the analysis worker writes for them
//! (`actions::fix_effects` asks it whenever the panel is open and an input changes).

use super::bound;
use crate::app::{self, FixFields, STACK_KEY};
use crate::glue;
use corsprobe_engine::fix::{Snippet, Stack};
use corsprobe_view::names::{Action, Control};
use leptos::ev::Event;
use leptos::prelude::*;

/// One text field of the panel: its label, control, placeholder, and where it lives in
/// [`FixFields`].
struct TextField {
    label: &'static str,
    control: Control,
    placeholder: &'static str,
    get: fn(&FixFields) -> String,
    set: fn(&mut FixFields, String),
}

const FIELDS: &[TextField] = &[
    TextField {
        label: "Frontend origins",
        control: Control::FixOrigins,
        placeholder: "https://app.example.com",
        get: |f| f.origins.clone(),
        set: |f, v| f.origins = v,
    },
    TextField {
        label: "Methods beyond GET/HEAD/POST",
        control: Control::FixMethods,
        placeholder: "PUT, DELETE",
        get: |f| f.methods.clone(),
        set: |f, v| f.methods = v,
    },
    TextField {
        label: "Request headers",
        control: Control::FixHeaders,
        placeholder: "authorization, x-api-key",
        get: |f| f.headers.clone(),
        set: |f, v| f.headers = v,
    },
    TextField {
        label: "Response headers to expose",
        control: Control::FixExpose,
        placeholder: "x-request-id",
        get: |f| f.expose.clone(),
        set: |f, v| f.expose = v,
    },
    TextField {
        label: "Preflight cache (seconds)",
        control: Control::FixMaxAge,
        placeholder: "7200",
        get: |f| f.max_age.clone(),
        set: |f, v| f.max_age = v,
    },
    TextField {
        label: "API address (where a development proxy forwards to)",
        control: Control::FixApi,
        placeholder: "https://api.example.com",
        get: |f| f.api.clone(),
        set: |f, v| f.api = v,
    },
];

#[component]
pub fn FixPanel() -> impl IntoView {
    let fields = FIELDS
        .iter()
        .map(|field| {
            let (value, on_input) = bound(|s| &s.fix, field.get, field.set);
            view! {
                <label>
                    {field.label}
                    <input name=field.control.name() type="text" spellcheck="false" autocomplete="off" placeholder=field.placeholder
                        prop:value=value on:input=on_input/>
                </label>
            }
        })
        .collect_view();
    view! {
        <details class="fix" prop:open=move || app::state().fix_open.get()
            on:toggle=move |ev| {
                let open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                if open != app::state().fix_open.get_untracked() {
                    app::state().fix_open.set(open);
                }
            }>
            <summary>"Fix it on your server"</summary>
            <p class="hint">
                "Prefilled from the last run. The origin is this page's; put your own app's origin there (every origin that calls the API, exactly: scheme, host, port)."
            </p>
            <div class="fix-inputs">
                {fields}
                <label class="check">
                    <input type="checkbox" name=Control::FixCredentials.name()
                        prop:checked=move || app::state().fix.with(|f| f.credentials)
                        on:change=move |ev| app::state().fix.update(|f| f.credentials = event_target_checked(&ev))/>
                    " Cookies or HTTP auth (credentials)"
                </label>
                <label>"Your stack" <StackChoice/></label>
            </div>
            {move || {
                let problems = app::state().fix.with(|f| f.input().problems());
                (!problems.is_empty()).then(|| view! {
                    <ul class="problems" role="alert">{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                })
            }}
            {move || app::state().written.with(|w| match w {
                None => view! { <p role="status">"Writing the configuration…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="problems" role="alert">{message.clone()}</p> }.into_any(),
                Some(Ok(snippet)) => snippet_view(snippet).into_any(),
            })}
        </details>
    }
}

/// The stack choice, grouped (servers, frameworks, hosting, development proxies); the
/// choice is remembered in this browser.
#[component]
fn StackChoice() -> impl IntoView {
    let mut groups: Vec<(&'static str, Vec<Stack>)> = Vec::new();
    for s in Stack::ALL {
        match groups.iter_mut().find(|(g, _)| *g == s.group()) {
            Some((_, list)) => list.push(*s),
            None => groups.push((s.group(), vec![*s])),
        }
    }
    let choose = move |ev: Event| {
        if let Some(stack) = Stack::from_id(&event_target_value(&ev)) {
            glue::storage_set(STACK_KEY, stack.id());
            app::state().stack.set(stack);
        }
    };
    view! {
        <select name=Control::FixStack.name() on:change=choose>
            {groups
                .into_iter()
                .map(|(group, stacks)| view! {
                    <optgroup label=group>
                        {stacks
                            .into_iter()
                            .map(|s| view! {
                                <option value=s.id() prop:selected=move || app::state().stack.get() == s>{s.name()}</option>
                            })
                            .collect_view()}
                    </optgroup>
                })
                .collect_view()}
        </select>
    }
}

/// The files to change, each with a Copy button, and what matters for this stack.
fn snippet_view(snippet: &Snippet) -> impl IntoView {
    let files = snippet
        .files
        .iter()
        .map(|f| {
            let code = f.code.clone();
            view! {
                <p class="file">{f.path.clone()}</p>
                <div class="code">
                    <pre><code>{f.code.clone()}</code></pre>
                    <button class="copy" type="button" data-action=Action::CopySnippet.name() on:click=move |_| glue::copy_text(&code)>"Copy"</button>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="snippet" data-stack=snippet.stack.id()>
            {files}
            <ul class="notes">{snippet.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
        </div>
    }
}
