//! "Try an example": the lab's cases, loaded on request from the lab's `/cases.json`
//! (never on page load: the page sends nothing until asked).

use crate::app::AppState;
use crate::glue;
use crate::view::form::fill_form;
use corsprobe_engine::input::FormInput;
use corsprobe_engine::RequestSpec;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;

#[derive(Clone, Deserialize)]
struct LabCase {
    id: String,
    title: String,
    request: RequestSpec,
}

#[derive(Clone)]
enum Loaded {
    Not,
    Loading,
    Cases(Vec<LabCase>),
    Failed(String),
}

#[component]
pub fn Examples() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lab_url = RwSignal::new(glue::query_param("lab").unwrap_or_else(|| "http://127.0.0.1:8081".into()));
    let loaded = RwSignal::new(Loaded::Not);
    let load = move |_| {
        loaded.set(Loaded::Loading);
        let url = format!("{}/cases.json", lab_url.get_untracked().trim_end_matches('/'));
        spawn_local(async move {
            let result = glue::fetch_text(&url)
                .await
                .and_then(|text| serde_json::from_str::<Vec<LabCase>>(&text).map_err(|e| format!("not a case list: {e}")));
            loaded.set(match result {
                Ok(cases) => Loaded::Cases(cases),
                Err(e) => Loaded::Failed(format!("Could not load {url}: {e}. Is the lab running? (`cargo xtask run`)")),
            });
        });
    };
    let pick = move |case: LabCase| {
        fill_form(state, FormInput::from_request(&case.request));
    };
    view! {
        <details class="examples">
            <summary>"Try an example"</summary>
            <p>"The lab serves endpoints that break CORS in every way real servers do."</p>
            <div class="row">
                <label>"Lab URL"
                    <input name="lab" prop:value=move || lab_url.get() on:input=move |ev| lab_url.set(event_target_value(&ev))/>
                </label>
                <button type="button" data-action="load-examples" on:click=load>"Load examples"</button>
            </div>
            {move || match loaded.get() {
                Loaded::Not => ().into_any(),
                Loaded::Loading => view! { <p>"Loading…"</p> }.into_any(),
                Loaded::Failed(e) => view! { <p class="problems" role="alert">{e}</p> }.into_any(),
                Loaded::Cases(cases) => view! {
                    <ul class="example-list">
                        {cases.into_iter().map(|c| {
                            let id = c.id.clone();
                            let title = c.title.clone();
                            view! { <li><button type="button" class="link" data-example=id on:click=move |_| pick(c.clone())>{title}</button></li> }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </details>
    }
}
