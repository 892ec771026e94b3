//! The result side: the plan before it is sent, progress while it runs, the report after.

use crate::app::{AppState, RunState};
use crate::glue;
use corsprobe_engine::finding::{Certainty, Finding, Severity};
use corsprobe_engine::input::{request_refusal, validate};
use corsprobe_engine::plan::{plan_probes, Probe};
use corsprobe_engine::markdown::report_markdown;
use corsprobe_engine::report::{ProbeOutcome, ProbeRecord, Report, Verdict};
use corsprobe_engine::input::FormInput;
use corsprobe_engine::share::redact_for_request;
use leptos::prelude::*;

/// The probes a Run will send, visible before anything is sent.
#[component]
pub fn PlanPreview() -> impl IntoView {
    let state = expect_context::<AppState>();
    let plan = Memo::new(move |_| {
        let form = state.form.get();
        let valid = validate(&form).ok()?;
        let origin = state.page_origin.get_value();
        if request_refusal(&valid, &origin).is_some() {
            return None;
        }
        Some(plan_probes(&valid, &origin, state.allow_repeats.get()))
    });
    let idle = move || matches!(state.run.get(), RunState::Idle);
    view! {
        <Show when=move || idle() && plan.with(Option::is_some)>
            <section class="plan" aria-label="Planned probes">
                <h2>"Run will send " {move || plan.with(|p| p.as_ref().map_or(0, |p| p.probes.len()))} " requests"</h2>
                <ol class="probes">
                    {move || plan.get().map(|p| p.probes.iter().map(probe_line).collect_view())}
                </ol>
                {move || plan.get().map(|p| p.skipped.iter().map(|s| view! {
                    <p class="note">"Not sent: " {s.kind.purpose()} ". " {s.reason.clone()}</p>
                }).collect_view())}
            </section>
        </Show>
    }
}

fn probe_line(p: &Probe) -> impl IntoView {
    view! {
        <li data-probe=p.kind.id()>
            <code>{p.request.method.clone()}</code> " " {p.kind.purpose()}
            <span class="meta">{format!(" · {} · credentials {}{}", p.request.mode.as_str(), p.request.credentials.as_str(), if p.preflight { " · preflight" } else { "" })}</span>
        </li>
    }
}

/// Progress while probes are out.
#[component]
pub fn RunProgress() -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = move || match state.run.get() {
        RunState::Running { plan, outcomes, .. } => Some((plan, outcomes)),
        _ => None,
    };
    view! {
        {move || rows().map(|(plan, outcomes)| {
            let done = outcomes.len();
            let total = plan.probes.len();
            view! {
                <section class="running" aria-busy="true">
                    <h2>"Probing… " {done} " of " {total}</h2>
                    <progress max=total value=done></progress>
                    <ol class="probes">
                        {plan.probes.iter().map(|p| {
                            let outcome = outcomes.iter().find(|(k, _)| k == &p.kind).map(|(_, o)| o.label());
                            let pending = outcome.is_none();
                            view! {
                                <li data-probe=p.kind.id() class:pending=pending>
                                    <code>{p.request.method.clone()}</code> " " {p.kind.purpose()} " — "
                                    <strong>{outcome.unwrap_or_else(|| "waiting…".into())}</strong>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </section>
            }
        })}
    }
}

/// The finished report: verdict, findings with fixes, evidence, machine-readable JSON.
#[component]
pub fn ReportView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let report = move || match state.run.get() {
        RunState::Done(r) => Some(*r),
        _ => None,
    };
    view! { {move || report().map(|r| report_body(r))} }
}

fn verdict_text(r: &Report) -> (&'static str, String) {
    let stage = r.stage.map(|s| s.as_str()).unwrap_or("");
    if r.findings.first().is_some_and(|f| f.id == "headers-incomplete") {
        return ("invalid-input", "Cannot judge yet: a response the browser needs is missing from what you pasted.".into());
    }
    match r.verdict {
        Verdict::Pass => ("pass", "Allowed: the browser let this request through.".into()),
        Verdict::Blocked => ("blocked", format!("Blocked by the browser at the {stage} stage.")),
        Verdict::Unreachable => ("unreachable", "Unreachable: no HTTP answer, so this is not a CORS problem.".into()),
        Verdict::InvalidInput => ("invalid-input", "Nothing sent: the request cannot be sent as written.".into()),
    }
}

/// What Firefox and WebKit (and the standard) do where they differ from this browser,
/// for these findings: the person's users run all three.
fn other_browsers(r: &Report) -> impl IntoView {
    let rows = corsprobe_engine::browsers::differences(r);
    let count = rows.len();
    (count > 0).then(|| view! {
        <details class="browsers" data-browser-notes=count>
            <summary>"In other browsers"</summary>
            <ul class="differences">
                {rows.into_iter().map(|d| view! {
                    <li data-difference=d.id.clone()>
                        <p><strong>{d.topic.replace('`', "")}</strong>" "<small>{match d.evidence {
                            corsprobe_engine::browsers::Evidence::Measured => "(measured in corsprobe's lab)",
                            corsprobe_engine::browsers::Evidence::Source => "(from browser source code, not measured)",
                        }}</small></p>
                        <dl>
                            <dt>"Standard"</dt><dd>{d.standard.replace('`', "")}</dd>
                            <dt>"Chromium"</dt><dd>{d.chromium}</dd>
                            <dt>"Firefox"</dt><dd>{d.firefox}</dd>
                            <dt>"WebKit / Safari"</dt><dd>{d.webkit}</dd>
                        </dl>
                    </li>
                }).collect_view()}
            </ul>
        </details>
    })
}

fn report_body(r: Report) -> impl IntoView {
    let (class, headline) = verdict_text(&r);
    let json = r.to_json();
    let json_for_download = json.clone();
    // Markdown goes into trackers: the request's secrets are redacted there.
    let markdown = redact_for_request(&report_markdown(&r), &FormInput::from_request(&r.request));
    let browser = r.browser.as_ref().map(|b| format!("{} {}", b.name, b.version)).unwrap_or_default();
    let (errors, notes): (Vec<Finding>, Vec<Finding>) = r.findings.iter().cloned().partition(|f| f.severity == Severity::Error);
    view! {
        <section class="report" data-verdict=r.verdict.as_str()>
            <div class=format!("verdict {class}") role="status">
                <strong>{headline}</strong>
                <span class="meta">{match r.source.as_deref() {
                    Some("headers") => format!("Judged from the pasted headers, for a page on {}", r.page_origin),
                    Some("har") => format!("Judged from the HAR file, for a page on {}", r.page_origin),
                    Some("console") => format!("Read from the browser's console message, for a page on {}", r.page_origin),
                    _ => format!("From {} in {browser}", r.page_origin),
                }}</span>
            </div>
            {(r.needs_headers).then(|| view! {
                <p class="note">"Page code cannot see the headers of a blocked response. To settle which header is wrong, run the curl commands below (or import a HAR) and read the Access-Control-* lines."</p>
            })}
            <div class="findings">
                {errors.into_iter().chain(notes).map(finding_card).collect_view()}
            </div>
            {other_browsers(&r)}
            {(!r.curl.is_empty()).then(|| view! {
                <details class="curl">
                    <summary>"Replay with curl (this page's Origin)"</summary>
                    {r.curl.iter().map(|c| {
                        let command = c.command.clone();
                        view! {
                            <p>{c.label.clone()}</p>
                            <pre><code>{c.command.clone()}</code></pre>
                            <button type="button" on:click=move |_| glue::copy_text(&command)>"Copy"</button>
                        }
                    }).collect_view()}
                </details>
            })}
            {(!r.probes.is_empty()).then(|| probe_table(&r.probes))}
            <div class="actions">
                <button type="button" data-action="download-json"
                    on:click=move |_| glue::download("corsprobe-report.json", "application/json", &json_for_download)>"Download JSON"</button>
                <button type="button" data-action="copy-markdown" on:click=move |_| glue::copy_text(&markdown)>"Copy as Markdown"</button>
            </div>
            <pre id="report-json" hidden>{json}</pre>
        </section>
    }
}

fn finding_card(f: Finding) -> impl IntoView {
    let certainty = match f.certainty {
        Certainty::Exact => "exact",
        Certainty::Likely => "likely",
        Certainty::Possible => "possible",
    };
    let severity = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    let chromium = f.chromium.iter().map(|e| e.name()).collect::<Vec<_>>().join(", ");
    view! {
        <article class=format!("finding {severity}") data-finding=f.id.clone() data-certainty=certainty>
            <header>
                <h3>{f.title.clone()}</h3>
                <span class=format!("badge {certainty}") title="How sure corsprobe is">{certainty}</span>
                {f.param.clone().filter(|p| !p.is_empty()).map(|p| view! { <code class="param">{p}</code> })}
            </header>
            <p>{f.what.clone()}</p>
            {(!f.why.is_empty()).then(|| view! { <p class="why">{f.why.clone()}</p> })}
            {f.fix.iter().map(|b| {
                let text = b.lines.join("\n");
                let copy = text.clone();
                view! {
                    <div class="fix">
                        <p class="fix-title">{b.response.clone()}</p>
                        <pre><code>{text}</code></pre>
                        <button type="button" class="copy" on:click=move |_| glue::copy_text(&copy)>"Copy"</button>
                        {b.note.clone().map(|n| view! { <p class="note">{n}</p> })}
                    </div>
                }
            }).collect_view()}
            {(!f.evidence.is_empty()).then(|| view! {
                <details class="evidence"><summary>"Evidence"</summary>
                    <ul>{f.evidence.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}</ul>
                </details>
            })}
            <p class="refs">
                {(!chromium.is_empty()).then(|| view! { <span>"Chromium: " <code>{chromium.clone()}</code> " · "</span> })}
                <a href=f.mdn.clone() target="_blank" rel="noopener noreferrer">"MDN"</a>
            </p>
        </article>
    }
}

fn probe_table(probes: &[ProbeRecord]) -> impl IntoView {
    view! {
        <details class="probe-table" open>
            <summary>"Requests sent"</summary>
            // Focusable, so keyboard users can scroll it on narrow screens.
            <div class="scroll" tabindex="0" role="region" aria-label="Requests sent">
            <table>
                <thead><tr><th>"Probe"</th><th>"Method"</th><th>"Mode"</th><th>"Credentials"</th><th>"Preflight"</th><th>"Outcome"</th><th>"Time"</th></tr></thead>
                <tbody>
                    {probes.iter().map(|p| {
                        let kind_class = match &p.outcome { ProbeOutcome::Response { .. } => "ok", ProbeOutcome::Failed { .. } => "fail", _ => "other" };
                        view! {
                            <tr data-probe=p.id.clone() class=kind_class>
                                <td>{p.purpose.clone()}</td>
                                <td><code>{p.method.clone()}</code></td>
                                <td>{p.mode.as_str()}</td>
                                <td>{p.credentials.as_str()}</td>
                                <td>{if p.preflight { "yes" } else { "no" }}</td>
                                <td>{p.outcome.label()}</td>
                                <td>{p.outcome.elapsed_ms().map(|ms| format!("{} ms", ms as u64)).unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </details>
    }
}
