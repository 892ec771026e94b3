//! Share links and recent runs: opening a link fills the form and shows the saved
//! report (it never sends anything); a finished run is kept, redacted, in localStorage.

use crate::app::{cancel_run, next_run, read_report, AppState, Notice, RunState};
use crate::glue;
use corsprobe_engine::share::{payload_json, redacted_url, SharePayload};
use corsprobe_view::page::report::ShownReport;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

pub const RECENT_KEY: &str = "corsprobe.recent.v1";
const RECENT_MAX: usize = 10;

/// One run kept in localStorage: enough to list it and to reopen it like a link.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
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
    let json = payload_json(&form, state.allow_repeats.get_untracked(), Some(&report.evidence), &[]);
    spawn_local(async move {
        let Ok(fragment) = glue::share_fragment(&json).await else { return };
        let run = RecentRun {
            at: glue::local_time_label(),
            method: report.method.clone(),
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

/// Fills the page from a payload; the analysis worker rebuilds its report. Sends
/// nothing to the endpoint.
fn open_payload(state: AppState, payload: SharePayload) {
    cancel_run(state);
    let run_id = next_run(state);
    state.allow_repeats.set(payload.allow_repeats);
    state.problems.set(Vec::new());
    state.form.set(payload.form.clone());
    if payload.evidence.is_some() {
        read_report(state, run_id, payload, true);
    } else {
        state.run.set(RunState::Idle);
        state.notice.set(Some(opened_notice(&payload, None)));
    }
}

/// What a link brought, and what it left out.
pub fn opened_notice(payload: &SharePayload, report: Option<&ShownReport>) -> Notice {
    let mut text = match (report, &payload.evidence) {
        (Some(_), Some(e)) => format!(
            "Opened from a link: the request and its saved report (run from {} in {}). Nothing was sent; press Run to test it again from this browser.",
            e.page_origin,
            e.browser.as_ref().map(|b| format!("{} {}", b.name, b.version)).unwrap_or_else(|| "a browser".into())
        ),
        (None, Some(_)) => "Opened from a link: the request is in the form, but its saved outcomes do not fit this version of corsprobe, so no report is shown. Nothing was sent; press Run to test it.".into(),
        _ => "Opened from a link: the request is in the form. Nothing was sent; press Run to test it.".into(),
    };
    if !payload.redacted.is_empty() {
        text.push_str(&format!(" Left out of the link (fill in before running): {}.", payload.redacted.join(", ")));
    }
    Notice { id: "shared", text }
}

/// Reads the address bar's fragment (or a recent run's), if it holds a share link.
pub fn open_from_hash(state: AppState, hash: String) {
    spawn_local(async move {
        match glue::read_share_fragment(&hash).await {
            Ok(Some(payload)) => open_payload(state, payload),
            Ok(None) => {}
            Err(e) => state.notice.set(Some(Notice { id: e.id(), text: e.message() })),
        }
    });
}

/// Reopens recent run `i` exactly as its link would open.
pub fn open_recent(state: AppState, i: usize) {
    if let Some(fragment) = state.recent.with_untracked(|r| r.get(i).map(|r| r.fragment.clone())) {
        open_from_hash(state, fragment);
    }
}

/// Forgets the recent runs, here and in localStorage.
pub fn clear_recent(state: AppState) {
    glue::storage_remove(RECENT_KEY);
    state.recent.set(Vec::new());
}

/// The Share button: puts the link in the address bar and copies it.
pub fn share(state: AppState) {
    let report = match state.run.get_untracked() {
        RunState::Done(r) if state.with_report.get_untracked() => Some(r),
        _ => None,
    };
    let json = payload_json(
        &state.form.get_untracked(),
        state.allow_repeats.get_untracked(),
        report.as_ref().map(|r| &r.evidence),
        &state.keep.get_untracked(),
    );
    spawn_local(async move {
        let made = glue::share_fragment(&json).await.map(|fragment| {
            let url = glue::set_location_hash(&fragment);
            glue::copy_text(&url);
            url
        });
        state.link.set(Some(made.map_err(|e| format!("This browser could not compress the link: {e}"))));
    });
}
