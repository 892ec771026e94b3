//! "Try an example": the lab's cases, loaded when the person asks (never on page load);
//! choosing one fills the form.

use super::bound;
use crate::actions::{load_examples, pick_example};
use crate::app::{self, ExamplesState};
use corsprobe_view::names::{Action, Control};
use leptos::prelude::*;

#[component]
pub fn Examples() -> impl IntoView {
    let (lab, on_lab) = bound(|s| &s.lab, String::clone, |lab, v| *lab = v);
    view! {
        <details class="examples">
            <summary>"Try an example"</summary>
            <p>"The lab serves endpoints that break CORS in every way real servers do."</p>
            <div class="row">
                <label>
                    "Lab URL"
                    <input name=Control::Lab.name() type="text" spellcheck="false" autocomplete="off"
                        prop:value=lab on:input=on_lab/>
                </label>
                <button type="button" data-action=Action::LoadExamples.name()
                    on:click=move |_| load_examples(app::state())>"Load examples"</button>
            </div>
            {move || app::state().examples.with(cases_view)}
        </details>
    }
}

fn cases_view(state: &ExamplesState) -> AnyView {
    match state {
        ExamplesState::NotLoaded => ().into_any(),
        ExamplesState::Loading => view! { <p>"Loading…"</p> }.into_any(),
        ExamplesState::Failed(e) => view! { <p class="problems" role="alert">{e.clone()}</p> }.into_any(),
        ExamplesState::Cases(cases) => view! {
            <ul class="example-list">
                {cases
                    .iter()
                    .enumerate()
                    .map(|(i, case)| view! {
                        <li>
                            <button class="link" type="button" data-example=case.id.clone()
                                on:click=move |_| pick_example(app::state(), i)>{case.title.clone()}</button>
                        </li>
                    })
                    .collect_view()}
            </ul>
        }
        .into_any(),
    }
}
