//! The request form. Controls carry the `name` attributes the browser tests use.

use crate::app::{cancel_run, start_run, AppState, RunState};
use corsprobe_engine::input::{Field, FormInput};
use corsprobe_engine::{Credentials, Mode, RedirectMode};
use leptos::ev;
use leptos::prelude::*;

const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

#[component]
pub fn RequestForm() -> impl IntoView {
    let state = expect_context::<AppState>();
    let form = state.form;
    let running = move || matches!(state.run.get(), RunState::Running { .. });
    let on_submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        start_run(state);
    };
    // Ctrl/Cmd+Enter runs from the textareas, where Enter is a new line.
    let on_keydown = move |ev: ev::KeyboardEvent| {
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            start_run(state);
        }
    };
    view! {
        <form class="request-form" on:submit=on_submit on:keydown=on_keydown novalidate>
            <label class="wide">"Endpoint URL"
                <input name="url" type="text" inputmode="url" autocomplete="off" spellcheck="false"
                    placeholder="https://api.example.com/items"
                    prop:value=move || form.with(|f| f.url.clone())
                    on:input=move |ev| form.update(|f| f.url = event_target_value(&ev))/>
            </label>
            <Problems field=Field::Url/>
            <div class="row">
                <label>"Method"
                    <input name="method" list="methods" autocomplete="off" spellcheck="false"
                        prop:value=move || form.with(|f| f.method.clone())
                        on:input=move |ev| form.update(|f| f.method = event_target_value(&ev))/>
                    <datalist id="methods">
                        {METHODS.iter().map(|m| view! { <option value=*m></option> }).collect_view()}
                    </datalist>
                </label>
                <Choice label="Mode" name="mode" options=Mode::ALL.iter().map(|m| m.as_str()).collect()
                    get=move || form.with(|f| f.mode.as_str())
                    set=move |v: String| form.update(|f| if let Some(m) = Mode::parse(&v) { f.mode = m })/>
                <Choice label="Credentials" name="credentials" options=Credentials::ALL.iter().map(|c| c.as_str()).collect()
                    get=move || form.with(|f| f.credentials.as_str())
                    set=move |v: String| form.update(|f| if let Some(c) = Credentials::parse(&v) { f.credentials = c })/>
                <Choice label="Redirect" name="redirect" options=RedirectMode::ALL.iter().map(|r| r.as_str()).collect()
                    get=move || form.with(|f| f.redirect.as_str())
                    set=move |v: String| form.update(|f| if let Some(r) = RedirectMode::parse(&v) { f.redirect = r })/>
            </div>
            <Problems field=Field::Method/>
            <Problems field=Field::Mode/>
            <label class="wide">"Headers " <small>"(one " <code>"Name: value"</code> " per line)"</small>
                <textarea name="headers" rows="3" spellcheck="false" placeholder="Authorization: Bearer …\nX-Api-Key: …"
                    prop:value=move || form.with(|f| f.headers.clone())
                    on:input=move |ev| form.update(|f| f.headers = event_target_value(&ev))></textarea>
            </label>
            <Problems field=Field::Headers/>
            <label class="wide">"Body"
                <textarea name="body" rows="2" spellcheck="false"
                    prop:value=move || form.with(|f| f.body.clone())
                    on:input=move |ev| form.update(|f| f.body = event_target_value(&ev))></textarea>
            </label>
            <Problems field=Field::Body/>
            <label class="check">
                <input type="checkbox" name="allow-repeats"
                    prop:checked=move || state.allow_repeats.get()
                    on:change=move |ev| state.allow_repeats.set(event_target_checked(&ev))/>
                " Allow sending a non-safe method (POST, PUT, PATCH, DELETE…) more than once"
            </label>
            <div class="actions">
                <button type="submit" data-action="run" class="primary">"Run"</button>
                <button type="button" data-action="cancel" disabled=move || !running() on:click=move |_| cancel_run(state)>"Cancel"</button>
                <span class="hint">"Enter runs; Ctrl+Enter from a text box."</span>
            </div>
        </form>
    }
}

/// A `<select>` over a fixed list of values.
#[component]
fn Choice(
    label: &'static str,
    name: &'static str,
    options: Vec<&'static str>,
    get: impl Fn() -> &'static str + Send + Sync + Copy + 'static,
    set: impl Fn(String) + Send + Sync + Copy + 'static,
) -> impl IntoView {
    view! {
        <label>{label}
            <select name=name prop:value=get on:change=move |ev| set(event_target_value(&ev))>
                {options.into_iter().map(|o| view! { <option value=o selected=move || get() == o>{o}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// The input problems of one control, shown right under it.
#[component]
fn Problems(field: Field) -> impl IntoView {
    let state = expect_context::<AppState>();
    let messages = move || {
        state.problems.with(|p| p.iter().filter(|p| p.field == field).map(|p| p.message.clone()).collect::<Vec<_>>())
    };
    view! {
        <Show when=move || !messages().is_empty()>
            <ul class="problems" role="alert" data-field=field.name()>
                {move || messages().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
            </ul>
        </Show>
    }
}

/// Fills the form from a request (used by the examples and, later, share links).
pub fn fill_form(state: AppState, input: FormInput) {
    state.form.set(input);
    state.problems.set(Vec::new());
    state.run.set(RunState::Idle);
}
