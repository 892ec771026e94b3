//! The request form: endpoint, method, mode, credentials, redirect, headers, body, the
//! consent to repeat a non-safe method, Run and Cancel, and each field's input problems
//! right under it. Controls keep the `name` and `data-action` the browser tests use
//! ([`Control`], [`Action`]).

use super::bound;
use crate::app::{self, cancel_run, start_run, RunState};
use corsprobe_engine::input::{Field, FormInput};
use corsprobe_engine::{Credentials, Mode, RedirectMode};
use corsprobe_view::names::{Action, Control};
use leptos::ev::{Event, KeyboardEvent, SubmitEvent};
use leptos::prelude::*;

/// Offered under the method box; any token may be typed.
const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// A text field of the form (see [`bound`]).
fn form_field(get: fn(&FormInput) -> String, set: fn(&mut FormInput, String)) -> (impl Fn() -> String + Copy, impl Fn(Event) + Copy) {
    bound(|s| &s.form, get, set)
}

#[component]
pub fn RequestForm() -> impl IntoView {
    let (url, on_url) = form_field(|f| f.url.clone(), |f, v| f.url = v);
    let (method, on_method) = form_field(|f| f.method.clone(), |f, v| f.method = v);
    let (headers, on_headers) = form_field(|f| f.headers.clone(), |f, v| f.headers = v);
    let (body, on_body) = form_field(|f| f.body.clone(), |f, v| f.body = v);
    let running = move || app::state().run.with(|r| matches!(r, RunState::Running { .. }));
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        start_run(app::state());
    };
    // Enter submits from a one-line field; Ctrl/Cmd+Enter runs from the text boxes too.
    let run_from_text = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            start_run(app::state());
        }
    };
    view! {
        <form class="request-form" novalidate=true on:submit=submit on:keydown=run_from_text>
            <label class="wide">
                "Endpoint URL"
                <input name=Control::Url.name() type="text" spellcheck="false" autocomplete="off" inputmode="url"
                    placeholder="https://api.example.com/items" prop:value=url on:input=on_url/>
            </label>
            <Problems field=Field::Url/>
            <div class="row">
                <label>
                    "Method"
                    <input name=Control::Method.name() type="text" spellcheck="false" autocomplete="off" list="methods"
                        prop:value=method on:input=on_method/>
                    <datalist id="methods">{METHODS.iter().map(|m| view! { <option value=*m></option> }).collect_view()}</datalist>
                </label>
                <Choice label="Mode" control=Control::Mode options=Mode::ALL.iter().map(|m| m.as_str()).collect()
                    current=|f| f.mode.as_str() set=|f, v| f.mode = Mode::parse(v).unwrap_or(f.mode)/>
                <Choice label="Credentials" control=Control::Credentials options=Credentials::ALL.iter().map(|c| c.as_str()).collect()
                    current=|f| f.credentials.as_str() set=|f, v| f.credentials = Credentials::parse(v).unwrap_or(f.credentials)/>
                <Choice label="Redirect" control=Control::Redirect options=RedirectMode::ALL.iter().map(|r| r.as_str()).collect()
                    current=|f| f.redirect.as_str() set=|f, v| f.redirect = RedirectMode::parse(v).unwrap_or(f.redirect)/>
            </div>
            <Problems field=Field::Method/>
            <Problems field=Field::Mode/>
            <Problems field=Field::Redirect/>
            <label class="wide">
                "Headers " <small>"(one " <code>"Name: value"</code> " per line)"</small>
                <textarea name=Control::Headers.name() rows="3" spellcheck="false" placeholder="Authorization: Bearer …\nX-Api-Key: …"
                    prop:value=headers on:input=on_headers></textarea>
            </label>
            <Problems field=Field::Headers/>
            <label class="wide">
                "Body"
                <textarea name=Control::Body.name() rows="2" spellcheck="false" prop:value=body on:input=on_body></textarea>
            </label>
            <Problems field=Field::Body/>
            <label class="check">
                <input type="checkbox" name=Control::AllowRepeats.name()
                    prop:checked=move || app::state().allow_repeats.get()
                    on:change=move |ev| app::state().allow_repeats.set(event_target_checked(&ev))/>
                " Allow sending a non-safe method (POST, PUT, PATCH, DELETE…) more than once"
            </label>
            <div class="actions">
                <button class="primary" type="submit" data-action=Action::Run.name()>"Run"</button>
                <button type="button" data-action=Action::Cancel.name() prop:disabled=move || !running()
                    on:click=move |_| cancel_run(app::state())>"Cancel"</button>
                <span class="hint">"Enter runs; Ctrl+Enter from a text box."</span>
            </div>
        </form>
    }
}

/// A `<select>` over a fixed list of values, bound to one field of the form.
#[component]
fn Choice(
    label: &'static str,
    control: Control,
    options: Vec<&'static str>,
    current: fn(&FormInput) -> &'static str,
    set: fn(&mut FormInput, &str),
) -> impl IntoView {
    let on_change = move |ev: Event| {
        let value = event_target_value(&ev);
        app::state().form.update(|f| set(f, &value));
    };
    view! {
        <label>
            {label}
            <select name=control.name() on:change=on_change>
                {options
                    .into_iter()
                    .map(|o| {
                        // A property, not the attribute: the form may change from outside
                        // (an example, a link) after the person chose another option.
                        let selected = move || app::state().form.with(current) == o;
                        view! { <option value=o prop:selected=selected>{o}</option> }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The input problems of one field, right under its control (nothing when it has none).
#[component]
fn Problems(field: Field) -> impl IntoView {
    move || {
        let messages: Vec<String> = app::state().problems.with(|p| p.iter().filter(|p| p.field == field).map(|p| p.message.clone()).collect());
        (!messages.is_empty()).then(|| {
            view! {
                <ul class="problems" role="alert" data-field=field.name()>
                    {messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                </ul>
            }
        })
    }
}
