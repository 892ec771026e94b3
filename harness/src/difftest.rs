//! The differential harness: the engine against Chromium on generated server answers.
//!
//! Cases come from `corsprobe_lab::difftest::generate` and are served by the
//! generated-answer server (`corsprobe_lab::generated`). One Chromium, a blank page on a
//! third origin; cases go out in concurrent batches of `fetch()` calls, each on its own
//! tagged URL (so the preflight cache never answers for another case, and each DevTools
//! event can be told to belong to one case). Chromium's verdict
//! (`Network.loadingFailed.corsErrorStatus`, [`crate::oracle::observe`]) is the truth;
//! the engine then reads, for each case, what a person would paste or load:
//! - `headers`: `curl -v`-style text of every exchange the server saw, as it sent it;
//! - `har`: the HAR built from the case's DevTools events ([`crate::har`]);
//! - `har-provisional`: the same without `requestWillBeSentExtraInfo`, as DevTools shows
//!   "provisional headers" (no `Origin`, no `Sec-Fetch-*`);
//! - `console`: Chromium's own console messages about the request.
//! - `curl` (every tenth case): the real `curl` running the commands the report offers.
//!
//! A disagreement is shrunk (header lines, redirect hops, request details dropped while
//! the same path keeps the same kind of disagreement, each step re-asked of Chromium).

use crate::cdp::{Cdp, Result};
use crate::console::{console_entries, entries_about_request};
use crate::har::har_from_events;
use crate::oracle::{fetch_expression, observe, Verdict};
use crate::page::Page;
use corsprobe_engine::{Credentials, Mode, RedirectMode, RequestSpec};
use corsprobe_lab::difftest::{judge_fixture, Case, CliOutput, Fixture, PathOutcome, Truth};
use corsprobe_lab::generated::{self, Answer, Exchanged, GeneratedServer, Reply};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// One case, sent and judged.
#[derive(Debug, Clone)]
pub struct Judged {
    pub fixture: Fixture,
    pub outcomes: Vec<(&'static str, PathOutcome)>,
}

impl Judged {
    pub fn outcome(&self, path: &str) -> Option<&PathOutcome> {
        self.outcomes.iter().find(|(p, _)| *p == path).map(|(_, o)| o)
    }

    /// A stable name for one path's disagreement (no ports, no values): the path, the
    /// outcome, Chromium's error and the engine's claim. Known kinds are the file names'
    /// stems in `fixtures/difftest/open/`.
    pub fn kind(&self, path: &str) -> Option<String> {
        let o = self.outcome(path)?;
        if !o.is_disagreement() {
            return None;
        }
        let truth = match &self.fixture.truth {
            Truth::Pass => "pass".to_string(),
            Truth::Blocked { error, .. } => error.name().to_string(),
            Truth::Unreachable { .. } => "network-error".into(),
            Truth::InvalidInput { .. } => "refused".into(),
        };
        let detail = match o {
            PathOutcome::Missing(d) | PathOutcome::WrongExact(d) => d.as_str(),
            _ => "",
        };
        let engine = detail.split("engine: ").nth(1).map_or(detail, |e| e.split(" param").next().unwrap_or(e));
        let engine: String = engine.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
        let engine = engine.split('-').filter(|s| !s.is_empty() && !s.chars().all(|c| c.is_ascii_digit())).collect::<Vec<_>>().join("-");
        Some(format!("{path}.{}.{truth}.{}", o.name(), engine.chars().take(120).collect::<String>()))
    }
}

/// Counts by path and outcome.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub cases: usize,
    pub by_path: BTreeMap<&'static str, BTreeMap<&'static str, usize>>,
    /// Disagreement kind → (count, an example case index).
    pub kinds: BTreeMap<String, (usize, usize)>,
    pub truths: BTreeMap<String, usize>,
}

impl Tally {
    pub fn add(&mut self, j: &Judged) {
        self.cases += 1;
        let truth = match &j.fixture.truth {
            Truth::Pass => "pass".to_string(),
            Truth::Blocked { error, .. } => error.name().to_string(),
            Truth::Unreachable { .. } => "network-error".into(),
            Truth::InvalidInput { .. } => "refused".into(),
        };
        *self.truths.entry(truth).or_default() += 1;
        for (path, o) in &j.outcomes {
            *self.by_path.entry(path).or_default().entry(o.name()).or_default() += 1;
            if let Some(k) = j.kind(path) {
                self.kinds.entry(k).or_insert((0, j.fixture.case.index)).0 += 1;
            }
        }
    }

    pub fn wrong_exact(&self, path: &str) -> usize {
        self.by_path.get(path).and_then(|m| m.get("wrong-exact")).copied().unwrap_or(0)
    }

    pub fn render(&self) -> String {
        let mut out = format!("{} cases\n", self.cases);
        out += &format!("{:<16} {:>7} {:>11} {:>8} {:>12} {:>7}\n", "path", "agree", "candidates", "missing", "wrong-exact", "n/a");
        for (path, m) in &self.by_path {
            let g = |k: &str| m.get(k).copied().unwrap_or(0);
            out += &format!("{path:<16} {:>7} {:>11} {:>8} {:>12} {:>7}\n", g("agree"), g("candidates"), g("missing"), g("wrong-exact"), g("n/a"));
        }
        out += "Chromium's verdicts:\n";
        for (t, n) in &self.truths {
            out += &format!("  {n:>6} {t}\n");
        }
        out += "disagreement kinds (count, example case):\n";
        for (k, (n, ex)) in &self.kinds {
            out += &format!("  {n:>6} {k} (case {ex})\n");
        }
        out
    }
}

/// Chromium, the page's origin and the generated-answer server.
pub struct Runner<'c> {
    cdp: &'c mut Cdp,
    page: GeneratedServer,
    pub server: GeneratedServer,
    pub chromium_version: String,
    /// Makes every tag unique within the run (shrinking re-sends variants).
    sent: usize,
    /// Cases per `fetch()` batch.
    pub batch: usize,
    /// Every this many cases (by index), the `curl` path runs the real `curl` (0: never).
    pub curl_every: usize,
    /// The `corsprobe` binary: when set, the `cli` path runs `corsprobe check --json` on
    /// every case ([`cli_binary`]).
    pub cli: Option<PathBuf>,
}

impl<'c> Runner<'c> {
    pub fn new(cdp: &'c mut Cdp, chromium_version: &str) -> Result<Runner<'c>> {
        let page = generated::start("").map_err(|e| format!("page server: {e}"))?;
        let server = generated::start(&page.origin()).map_err(|e| format!("generated-answer server: {e}"))?;
        Ok(Runner { cdp, page, server, chromium_version: chromium_version.to_string(), sent: 0, batch: 24, curl_every: 10, cli: None })
    }

    pub fn page_origin(&self) -> String {
        self.page.origin()
    }

    /// Sends `cases` (in batches) and judges each on every path.
    pub fn run(&mut self, cases: &[Case]) -> Result<Vec<Judged>> {
        let mut out = Vec::with_capacity(cases.len());
        for chunk in cases.chunks(self.batch.max(1)) {
            out.extend(self.run_batch(chunk)?);
        }
        Ok(out)
    }

    fn run_batch(&mut self, cases: &[Case]) -> Result<Vec<Judged>> {
        let page_origin = self.page_origin();
        let server_origin = self.server.origin();
        let tags: Vec<String> = cases
            .iter()
            .map(|c| {
                self.sent += 1;
                format!("s{}-i{}-n{}", c.seed, c.index, self.sent)
            })
            .collect();
        let specs: Vec<RequestSpec> = cases.iter().zip(&tags).map(|(c, t)| c.spec(&server_origin, t)).collect();
        let mut page = Page::open(self.cdp)?;
        page.navigate(&format!("{page_origin}/"))?;
        page.cdp.pump(Duration::from_millis(50))?;
        page.take_events();
        let expression = format!("Promise.all([{}])", specs.iter().map(fetch_expression).collect::<Vec<_>>().join(",\n"));
        let results = page.eval(&expression)?;
        // Console messages and issues can trail the rejected promises.
        page.cdp.pump(Duration::from_millis(300))?;
        let events = page.take_events();
        drop(page);
        let by_tag = partition(&events, &tags);
        let mut out = Vec::new();
        for (i, case) in cases.iter().enumerate() {
            let tag = &tags[i];
            let spec = &specs[i];
            let mine = by_tag.get(tag.as_str()).cloned().unwrap_or_default();
            let fetch = results.get(i).cloned().unwrap_or(Value::Null);
            let sent_anything = mine.iter().any(|e| e["method"] == "Network.requestWillBeSent");
            let truth = match observe(spec, fetch.clone(), &mine).verdict {
                Verdict::Pass => Truth::Pass,
                Verdict::Blocked { error, param, stage } => Truth::Blocked { error, param, stage },
                Verdict::Unreachable { .. } if !sent_anything => {
                    Truth::InvalidInput { message: fetch["message"].as_str().unwrap_or("fetch threw").to_string() }
                }
                Verdict::Unreachable { error_text } => Truth::Unreachable { error_text },
            };
            let pasted = pasted_text(&self.server.take_log(tag));
            let har = har_from_events(&mine);
            let provisional: Vec<Value> = mine.iter().filter(|e| e["method"] != "Network.requestWillBeSentExtraInfo").cloned().collect();
            let har_provisional = har_from_events(&provisional);
            let console: Vec<String> = entries_about_request(&console_entries(&mine), &page_origin).into_iter().map(|e| e.text.clone()).collect();
            let mut fixture = Fixture {
                why: String::new(),
                chromium_version: self.chromium_version.clone(),
                page_origin: page_origin.clone(),
                case: case.clone(),
                request: spec.clone(),
                truth,
                pasted,
                har,
                har_provisional,
                console,
                curl: None,
                cli: None,
            };
            if self.curl_every > 0 && case.index % self.curl_every == 0 && !matches!(fixture.truth, Truth::InvalidInput { .. }) {
                fixture.curl = Some(run_curl(spec, &page_origin));
                self.server.take_log(tag);
            }
            if let Some(cli) = &self.cli {
                fixture.cli = Some(run_cli(cli, spec, &page_origin));
                self.server.take_log(tag);
            }
            let outcomes = judge_fixture(&fixture);
            out.push(Judged { fixture, outcomes });
        }
        Ok(out)
    }

    /// Shrinks a case while `path` keeps the same kind of disagreement: each round sends
    /// every one-step simplification at once and keeps the first that still disagrees.
    pub fn shrink(&mut self, judged: &Judged, path: &str) -> Result<Judged> {
        let Some(kind) = judged.kind(path) else {
            return Ok(judged.clone());
        };
        let mut best = judged.clone();
        for _round in 0..25 {
            let candidates = simplifications(&best.fixture.case);
            if candidates.is_empty() {
                break;
            }
            let results = self.run(&candidates)?;
            match results.into_iter().find(|j| j.kind(path).as_deref() == Some(kind.as_str())) {
                Some(smaller) => best = smaller,
                None => break,
            }
        }
        Ok(best)
    }
}

/// Events by case tag: those with a `requestId` through the URL its
/// `requestWillBeSent` named (a redirect keeps the id; preflights have their own),
/// the others (console entries, issues) by the URL in their text.
fn partition<'t>(events: &[Value], tags: &'t [String]) -> HashMap<&'t str, Vec<Value>> {
    let tag_in = |text: &str| -> Option<&'t str> { tags.iter().find(|t| text.contains(&format!("/g/{t}/"))).map(String::as_str) };
    let mut ids: HashMap<String, &'t str> = HashMap::new();
    for e in events.iter().filter(|e| e["method"] == "Network.requestWillBeSent") {
        if let (Some(id), Some(tag)) = (e["params"]["requestId"].as_str(), e["params"]["request"]["url"].as_str().and_then(tag_in)) {
            ids.insert(id.to_string(), tag);
        }
    }
    let mut out: HashMap<&'t str, Vec<Value>> = HashMap::new();
    for e in events {
        let tag = match e["params"]["requestId"].as_str() {
            Some(id) => ids.get(id).copied(),
            None => tag_in(&e["params"].to_string()),
        };
        if let Some(tag) = tag {
            out.entry(tag).or_default().push(e.clone());
        }
    }
    out
}

/// What `curl -v` prints for the exchanges, in order: `> ` request lines, `< ` response
/// lines.
pub fn pasted_text(log: &[Exchanged]) -> String {
    let mut out = String::new();
    for x in log {
        for line in &x.request {
            out += &format!("> {line}\n");
        }
        out += ">\n";
        for line in &x.response {
            out += &format!("< {line}\n");
        }
        out += "<\n";
    }
    out
}

/// Runs the `curl` commands corsprobe offers for `spec` (the preflight when the engine
/// says one is sent, then the request) with the real `curl`, and returns what it printed,
/// as a person pastes it. (`--max-time`: a `Location` to `ftp://` would otherwise wait.)
pub fn run_curl(spec: &RequestSpec, page_origin: &str) -> String {
    let need = corsprobe_engine::preflight_need::preflight_need(spec);
    let commands = corsprobe_engine::curl::curl_commands(spec, &need, page_origin);
    commands
        .iter()
        .take(if need.required { 2 } else { 1 })
        .map(|c| {
            let command = c.command.replacen("curl ", "curl --silent --max-time 3 ", 1);
            std::process::Command::new("sh")
                .arg("-c")
                .arg(command)
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                .unwrap_or_else(|e| format!("(curl did not run: {e})"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Builds the command line (`cargo build -p corsprobe-cli`, quick when it is built) and
/// returns its path, in the target directory the tests run from.
pub fn cli_binary() -> Result<PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let status = std::process::Command::new(cargo)
        .args(["build", "--quiet", "-p", "corsprobe-cli", "--bin", "corsprobe"])
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cargo build -p corsprobe-cli: {e}"))?;
    if !status.success() {
        return Err("cargo build -p corsprobe-cli failed".into());
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    Ok(target.join("debug/corsprobe"))
}

/// Runs `corsprobe check --json` for `spec` from `page_origin`, as a person would type
/// it (every part of the request as a flag), and reads what it printed.
pub fn run_cli(binary: &Path, spec: &RequestSpec, page_origin: &str) -> CliOutput {
    let mut command = std::process::Command::new(binary);
    command.args(["check", &spec.url, "--origin", page_origin, "-X", &spec.method, "--json", "--timeout", "3"]);
    for h in &spec.headers {
        command.arg("-H").arg(format!("{}: {}", h.name, h.value));
    }
    if let Some(body) = &spec.body {
        command.arg("--data").arg(body);
    }
    command.args(["--mode", spec.mode.as_str(), "--credentials", spec.credentials.as_str(), "--redirect", spec.redirect.as_str()]);
    // Exit code 3 is "invalid input": with a report (a request the browser refuses
    // before sending, judged), or with only a message on stderr.
    match command.output() {
        Ok(o) => match serde_json::from_slice(&o.stdout) {
            Ok(report) => CliOutput::Report(Box::new(report)),
            Err(_) if o.status.code() == Some(3) => CliOutput::Refused(String::from_utf8_lossy(&o.stderr).trim().to_string()),
            Err(e) => {
                CliOutput::Refused(format!("no report ({e}); exit {:?}; stderr: {}", o.status.code(), String::from_utf8_lossy(&o.stderr).trim()))
            }
        },
        Err(e) => CliOutput::Refused(format!("did not run: {e}")),
    }
}

/// Every one-step simplification of a case.
fn simplifications(case: &Case) -> Vec<Case> {
    let mut out = Vec::new();
    let with_answer = |a: Answer| Case { answer: a, ..case.clone() };
    out.extend(answer_variants(&case.answer).into_iter().map(with_answer));
    let r = &case.request;
    let mut push = |f: &dyn Fn(&mut RequestSpec)| {
        let mut c = case.clone();
        f(&mut c.request);
        if c.request != case.request {
            out.push(c);
        }
    };
    for i in 0..r.headers.len() {
        push(&|q: &mut RequestSpec| {
            q.headers.remove(i);
        });
    }
    push(&|q: &mut RequestSpec| q.body = None);
    push(&|q: &mut RequestSpec| q.credentials = if q.credentials == Credentials::Include { Credentials::SameOrigin } else { q.credentials });
    push(&|q: &mut RequestSpec| q.redirect = RedirectMode::Follow);
    push(&|q: &mut RequestSpec| q.mode = Mode::Cors);
    push(&|q: &mut RequestSpec| {
        if q.body.is_none() {
            q.method = "GET".into()
        }
    });
    out
}

fn answer_variants(a: &Answer) -> Vec<Answer> {
    let mut out = Vec::new();
    for (role, reply) in [(0, &a.preflight), (1, &a.actual)] {
        let set = |r: Reply| {
            if role == 0 {
                Answer { preflight: r, ..a.clone() }
            } else {
                Answer { actual: r, ..a.clone() }
            }
        };
        for v in reply_variants(reply, role) {
            out.push(set(v));
        }
    }
    out
}

fn reply_variants(r: &Reply, role: usize) -> Vec<Reply> {
    let mut out = Vec::new();
    // A redirect hop dropped: this reply becomes the one its target gives.
    for (name, value) in &r.lines {
        if name.eq_ignore_ascii_case("location") {
            if let Some((_, nested)) = nested_answer(value) {
                out.push(if role == 0 { nested.preflight.clone() } else { nested.actual.clone() });
            }
        }
    }
    for i in 0..r.lines.len() {
        let mut v = r.clone();
        v.lines.remove(i);
        out.push(v);
    }
    let simple = if role == 0 { 204 } else { 200 };
    if !(300..400).contains(&r.status) && r.status != simple {
        out.push(Reply { status: simple, ..r.clone() });
    }
    // Simplify inside a redirect target.
    for (i, (name, value)) in r.lines.iter().enumerate() {
        if let Some((prefix, nested)) = nested_answer(value) {
            for n in answer_variants(&nested) {
                let mut v = r.clone();
                v.lines[i] = (name.clone(), format!("{prefix}?a={}", n.encode()));
                out.push(v);
            }
        }
    }
    out
}

/// A `Location` naming another generated answer: the part before `?a=`, and the answer.
fn nested_answer(value: &str) -> Option<(String, Answer)> {
    let (prefix, data) = value.split_once("?a=")?;
    Some((prefix.to_string(), Answer::decode(data).ok()?))
}

/// The file name (without `.json`) for a kind of disagreement.
pub fn fixture_stem(kind: &str) -> String {
    kind.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '-' }).collect()
}
