//! Share links, the notice a link leaves when opened, and recent runs kept in this
//! browser. Links never send anything by themselves: opening one fills the form and
//! shows the saved report.

use crate::app::{AppState, RunState};
use crate::glue;
use corsprobe_engine::share::{find_secrets, payload_json, redacted_url, replay, SharePayload};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

const RECENT_KEY: &str = "corsprobe.recent.v1";
const RECENT_MAX: usize = 10;

/// A message above the result: what a share link brought, or why it could not.
#[derive(Clone, PartialEq)]
pub struct Notice {
    /// `shared` for a link that opened, else the share error id.
    pub id: &'static str,
    pub text: String,
}

/// One run kept in localStorage: enough to list it and to reopen it like a link.
#[derive(Clone, Serialize, Deserialize, PartialEq)]
pub struct RecentRun {
    pub at: String,
    pub method: String,
    pub url: String,
    pub verdict: String,
    /// A share fragment (secrets redacted), so reopening is exactly opening a link.
    pub fragment: String,
}

pub fn load_recent() -> Vec<RecentRun> {
    glue::storage_get(RECENT_KEY).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

/// Keeps the finished run (redacted) at the top of the recent list.
pub fn remember_run(state: AppState) {
    let RunState::Done(report) = state.run.get_untracked() else { return };
    let form = state.form.get_untracked();
    let json = payload_json(&form, state.allow_repeats.get_untracked(), Some(&report), &[]);
    spawn_local(async move {
        let Ok(fragment) = glue::share_fragment(&json).await else { return };
        let run = RecentRun {
            at: glue::local_time_label(),
            method: report.request.method.clone(),
            url: redacted_url(&form),
            verdict: report.verdict.as_str().into(),
            fragment,
        };
        state.recent.update(|list| {
            list.insert(0, run);
            list.truncate(RECENT_MAX);
        });
        glue::storage_set(RECENT_KEY, &serde_json::to_string(&state.recent.get_untracked()).unwrap_or_default());
    });
}

/// Fills the page from a payload. Sends nothing.
fn open_payload(state: AppState, payload: SharePayload) {
    crate::app::cancel_run(state);
    state.allow_repeats.set(payload.allow_repeats);
    state.problems.set(Vec::new());
    let report = replay(&payload);
    let mut text = match (&report, &payload.evidence) {
        (Some(r), Some(e)) => format!(
            "Opened from a link: the request and its saved report (run from {} in {}). Nothing was sent; press Run to test it again from this browser.",
            e.page_origin,
            r.browser.as_ref().map(|b| format!("{} {}", b.name, b.version)).unwrap_or_else(|| "a browser".into())
        ),
        (None, Some(_)) => "Opened from a link: the request is in the form, but its saved outcomes do not fit this version of corsprobe, so no report is shown. Nothing was sent; press Run to test it.".into(),
        _ => "Opened from a link: the request is in the form. Nothing was sent; press Run to test it.".into(),
    };
    state.run.set(report.map_or(RunState::Idle, |r| RunState::Done(Box::new(r))));
    state.form.set(payload.form);
    if !payload.redacted.is_empty() {
        text.push_str(&format!(" Left out of the link (fill in before running): {}.", payload.redacted.join(", ")));
    }
    state.notice.set(Some(Notice { id: "shared", text }));
}

/// Reads the address bar's fragment, if it holds a share link.
pub fn open_from_hash(state: AppState, hash: String) {
    spawn_local(async move {
        match glue::read_share_fragment(&hash).await {
            Ok(Some(payload)) => open_payload(state, payload),
            Ok(None) => {}
            Err(e) => state.notice.set(Some(Notice { id: e.id(), text: e.message() })),
        }
    });
}

#[component]
pub fn NoticeBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        {move || state.notice.get().map(|n| view! {
            <div class=format!("notice {}", if n.id == "shared" { "info" } else { "error" })
                role=if n.id == "shared" { "status" } else { "alert" } data-share-notice=n.id>
                <p>{n.text}</p>
                <button type="button" class="link" on:click=move |_| state.notice.set(None)>"Dismiss"</button>
            </div>
        })}
    }
}

/// The Share button, the per-secret choices, and the link it made.
#[component]
pub fn SharePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let keep = RwSignal::new(Vec::<String>::new());
    let with_report = RwSignal::new(true);
    let link = RwSignal::new(None::<Result<String, String>>);
    let secrets = Memo::new(move |_| state.form.with(find_secrets));
    let share = move |_| {
        let report = match state.run.get_untracked() {
            RunState::Done(r) if with_report.get_untracked() => Some(r),
            _ => None,
        };
        let json = payload_json(&state.form.get_untracked(), state.allow_repeats.get_untracked(), report.as_deref(), &keep.get_untracked());
        spawn_local(async move {
            let made = glue::share_fragment(&json).await.map(|fragment| {
                let url = glue::set_location_hash(&fragment);
                glue::copy_text(&url);
                url
            });
            link.set(Some(made.map_err(|e| format!("This browser could not compress the link: {e}"))));
        });
    };
    view! {
        <section class="share" aria-label="Share">
            <div class="row">
                <button type="button" data-action="share" on:click=share>"Share link"</button>
                <label class="check">
                    <input type="checkbox" name="share-report" prop:checked=move || with_report.get()
                        on:change=move |ev| with_report.set(event_target_checked(&ev))/>
                    " include the report"
                </label>
            </div>
            <Show when=move || secrets.with(|s| !s.is_empty())>
                <fieldset class="secrets">
                    <legend>"Left out of links unless you tick them"</legend>
                    {move || secrets.get().into_iter().map(|s| {
                        let id = s.id();
                        let id_for_check = id.clone();
                        view! {
                            <label class="check">
                                <input type="checkbox" name="share-keep" value=id.clone()
                                    prop:checked=move || keep.with(|k| k.contains(&id_for_check))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        keep.update(|k| { k.retain(|x| x != &id); if on { k.push(id.clone()) } });
                                    }/>
                                " include the " {s.label()} " value"
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            </Show>
            {move || link.get().map(|made| match made {
                Ok(url) => view! {
                    <p class="share-link">"Link copied and in the address bar: "
                        <input name="share-link" readonly prop:value=url aria-label="Share link"/></p>
                }.into_any(),
                Err(e) => view! { <p class="problems" role="alert">{e}</p> }.into_any(),
            })}
        </section>
    }
}

#[component]
pub fn RecentRuns() -> impl IntoView {
    let state = expect_context::<AppState>();
    let clear = move |_| {
        glue::storage_remove(RECENT_KEY);
        state.recent.set(Vec::new());
    };
    view! {
        <Show when=move || state.recent.with(|r| !r.is_empty())>
            <details class="recent">
                <summary>"Recent runs (kept in this browser only)"</summary>
                <ol>
                    {move || state.recent.get().into_iter().enumerate().map(|(i, run)| {
                        let fragment = run.fragment.clone();
                        view! {
                            <li>
                                <button type="button" class="link" data-recent=i
                                    on:click=move |_| open_from_hash(state, fragment.clone())>
                                    <span class=format!("badge {}", run.verdict)>{run.verdict.clone()}</span>
                                    " " <code>{run.method.clone()}</code> " " {run.url.clone()}
                                </button>
                                <span class="meta">" " {run.at.clone()}</span>
                            </li>
                        }
                    }).collect_view()}
                </ol>
                <button type="button" data-action="clear-recent" on:click=clear>"Clear recent runs"</button>
            </details>
        </Show>
    }
}
