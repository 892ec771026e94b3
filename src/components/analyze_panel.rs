//! "Analyze": pasted response headers, a console error or a HAR file, judged by the
//! analysis worker for the request in the form; a HAR's requests are listed to choose
//! from.

use super::bound;
use crate::actions::{analyze_chosen_har, analyze_console, analyze_file, analyze_headers, pick_analyzed};
use crate::app::{self, AnalyzeFields};
use crate::glue;
use corsprobe_view::job::analyzed_summary;
use corsprobe_view::names::{Action, Control};
use leptos::ev::{DragEvent, Event};
use leptos::prelude::*;

/// A text box of the panel, bound to one of [`AnalyzeFields`] (see [`bound`]).
fn analyze_field(get: fn(&AnalyzeFields) -> String, set: fn(&mut AnalyzeFields, String)) -> (impl Fn() -> String + Copy, impl Fn(Event) + Copy) {
    bound(|s| &s.analyze, get, set)
}

#[component]
pub fn AnalyzePanel() -> impl IntoView {
    let (origin, on_origin) = analyze_field(|a| a.origin.clone(), |a, v| a.origin = v);
    let (headers, on_headers) = analyze_field(|a| a.headers.clone(), |a, v| a.headers = v);
    let (console, on_console) = analyze_field(|a| a.console.clone(), |a, v| a.console = v);
    let drop = move |ev: DragEvent| {
        ev.prevent_default();
        let files = ev.data_transfer().and_then(|d| d.files());
        analyze_file(app::state(), glue::first_file(files));
    };
    let chosen = move |ev: Event| {
        let files = event_target::<web_sys::HtmlInputElement>(&ev).files();
        analyze_file(app::state(), glue::first_file(files));
    };
    view! {
        <details class="analyze">
            <summary>"Analyze headers, a HAR file or a console error"</summary>
            <p>"Headers settle what live probing cannot see. Paste what curl, DevTools or the console shows; nothing is sent anywhere."</p>
            <label>
                "Origin to judge against (your app's origin)"
                <input name=Control::AnalyzeOrigin.name() type="text" spellcheck="false" autocomplete="off" prop:value=origin on:input=on_origin/>
            </label>
            <label>
                "Response headers (curl -i or -v output, or DevTools' raw headers; preflight and response)"
                <textarea name=Control::RawHeaders.name() rows="6" spellcheck="false"
                    placeholder="HTTP/1.1 204 No Content\naccess-control-allow-origin: https://app.example.com"
                    prop:value=headers on:input=on_headers></textarea>
            </label>
            <p class="hint">"Judged for the request in the form above (its method, headers and credentials)."</p>
            <button type="button" data-action=Action::Analyze.name() data-input=Control::RawHeaders.name()
                on:click=move |_| analyze_headers(app::state())>"Analyze headers"</button>
            <label>
                "Console error (Chromium, Firefox or Safari)"
                <textarea name=Control::ConsoleError.name() rows="4" spellcheck="false"
                    placeholder="Access to fetch at '…' from origin '…' has been blocked by CORS policy: …"
                    prop:value=console on:input=on_console></textarea>
            </label>
            <button type="button" data-action=Action::Analyze.name() data-input=Control::ConsoleError.name()
                on:click=move |_| analyze_console(app::state())>"Analyze console error"</button>
            <div class="drop" on:dragover=|ev: DragEvent| ev.prevent_default() on:drop=drop>
                <label>
                    "HAR file (DevTools → Network → Export HAR), or drop it here"
                    <input name=Control::Har.name() type="file" accept=".har,.json,application/json" on:change=chosen/>
                </label>
                <p class="hint">"A HAR does not record fetch's credentials or redirect mode: requests with a Cookie header count as credentialed, and redirects as followed. Set Credentials to include, or Redirect to manual, in the form above to judge them that way."</p>
            </div>
            <button type="button" data-action=Action::Analyze.name() data-input=Control::Har.name()
                on:click=move |_| analyze_chosen_har(app::state())>"Analyze HAR"</button>
            <Status/>
            <Analyzed/>
        </details>
    }
}

/// What the analysis is doing, or why it could not.
#[component]
fn Status() -> impl IntoView {
    view! {
        {move || app::state().busy.get().map(|doing| view! { <p role="status" data-analyze-busy="">{doing}</p> })}
        {move || app::state().analyze_problem.with(|p| p.clone().map(|p| view! {
            <p class="problems" role="alert" data-analyze-problem="">{p}</p>
        }))}
    }
}

/// The requests a HAR held, to choose one (shown when there is more than one). The
/// chosen one is marked in place: choosing does not rebuild the list or move the focus.
#[component]
fn Analyzed() -> impl IntoView {
    move || {
        app::state().analyzed.with(|items| {
            (!items.is_empty()).then(|| {
                let rows = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let verdict = item.report.verdict.as_str();
                        let current = move || (app::state().chosen.get() == Some(i)).then_some("true");
                        view! {
                            <li>
                                <span class=format!("badge {verdict}")>{verdict}</span>
                                <button class="link" type="button" data-analyzed=i.to_string() data-verdict=verdict aria-current=current
                                    on:click=move |_| pick_analyzed(app::state(), i)>{item.label.clone()}</button>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <p class="analyzed-summary" data-analyzed-summary="">{analyzed_summary(items)}</p>
                    <ul class="analyzed" aria-label="Requests found" tabindex="0">{rows}</ul>
                }
            })
        })
    }
}
