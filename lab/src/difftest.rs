//! The differential test's cases and its judge: a seeded generator of (server answer ×
//! request) pairs, weighted toward where people go wrong, and the rule that compares an
//! engine report with Chromium's own verdict.
//!
//! The harness (`harness/src/difftest.rs`) sends each case from real Chromium to the
//! generated-answer server ([`crate::generated`]) and asks the engine the same question
//! through every path that reads what a person pastes or loads; this module is shared
//! with the host test that replays saved disagreements (`lab/tests/difftest_fixtures.rs`).

use crate::generated::{Answer, Reply};
use corsprobe_engine::finding::{Certainty, Severity};
use corsprobe_engine::report::{Report, Verdict as ReportVerdict};
use corsprobe_engine::{CorsError, Credentials, Header, Mode, RedirectMode, RequestSpec, Stage};
use serde::{Deserialize, Serialize};

/// SplitMix64: a fixed algorithm, so a seed means the same cases on every machine and
/// every version of every crate.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
    /// One of `items`, each with its weight.
    pub fn pick<'a, T>(&mut self, items: &'a [(u32, T)]) -> &'a T {
        let total: u32 = items.iter().map(|(w, _)| w).sum();
        let mut r = (self.next_u64() % u64::from(total.max(1))) as u32;
        for (w, item) in items {
            if r < *w {
                return item;
            }
            r -= w;
        }
        &items[items.len() - 1].1
    }
}

/// One generated case: what the server answers (at the first URL; redirects nest further
/// answers in their `Location`) and the request the page sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub seed: u64,
    pub index: usize,
    pub answer: Answer,
    /// The request, with `url` empty: [`Case::spec`] fills it in.
    pub request: RequestSpec,
}

impl Case {
    /// The first URL of the case on the server at `server_origin`. `tag` must be unique
    /// per case and per run (it keeps the preflight cache out of the way and tells
    /// concurrent cases' events apart); `[A-Za-z0-9-]` only.
    pub fn url(&self, server_origin: &str, tag: &str) -> String {
        format!("{server_origin}{}", self.answer.path(tag, 0))
    }

    /// The request to send, as the engine models it.
    pub fn spec(&self, server_origin: &str, tag: &str) -> RequestSpec {
        RequestSpec { url: self.url(server_origin, tag), ..self.request.clone() }
    }
}

/// `n` cases from `seed`; the same seed always gives the same cases.
pub fn generate(seed: u64, n: usize) -> Vec<Case> {
    (0..n)
        .map(|index| {
            let mut rng = Rng::new(seed ^ (index as u64).wrapping_mul(0x2545_f491_4f6c_dd1d));
            let request = gen_request(&mut rng);
            let answer = gen_answer(&mut rng, &request, 0);
            Case { seed, index, answer, request }
        })
        .collect()
}

const CUSTOM_HEADERS: &[(&str, &str)] = &[
    ("X-Api-Key", "k1"),
    ("X-Requested-With", "XMLHttpRequest"),
    ("Authorization", "Bearer t"),
    ("Content-Type", "application/json"),
    ("X-Custom-Header", "v"),
];
const SAFELISTED_HEADERS: &[(&str, &str)] = &[("Content-Type", "text/plain"), ("Accept", "application/json"), ("Accept-Language", "en")];

fn gen_request(rng: &mut Rng) -> RequestSpec {
    let method =
        rng.pick(&[(30, "GET"), (18, "POST"), (10, "PUT"), (10, "DELETE"), (8, "PATCH"), (4, "patch"), (3, "delete"), (2, "HEAD")]).to_string();
    let mut headers: Vec<Header> = Vec::new();
    let custom = *rng.pick(&[(45, 0), (35, 1), (20, 2)]);
    for _ in 0..custom {
        let (n, v) = CUSTOM_HEADERS[rng.below(CUSTOM_HEADERS.len())];
        if !headers.iter().any(|h| h.name.eq_ignore_ascii_case(n)) {
            headers.push(Header::new(n, v));
        }
    }
    if rng.chance(20) {
        let (n, v) = SAFELISTED_HEADERS[rng.below(SAFELISTED_HEADERS.len())];
        if !headers.iter().any(|h| h.name.eq_ignore_ascii_case(n)) {
            headers.push(Header::new(n, v));
        }
    }
    let body = (matches!(method.as_str(), "POST" | "PUT" | "PATCH" | "patch") && rng.chance(50)).then(|| "x".to_string());
    let mode = *rng.pick(&[(88, Mode::Cors), (9, Mode::NoCors), (3, Mode::SameOrigin)]);
    let credentials = *rng.pick(&[(15, Credentials::Omit), (40, Credentials::SameOrigin), (45, Credentials::Include)]);
    let redirect = *rng.pick(&[(80, RedirectMode::Follow), (10, RedirectMode::Error), (10, RedirectMode::Manual)]);
    RequestSpec { url: String::new(), method, headers, body, mode, credentials, redirect }
}

/// `Access-Control-Allow-Origin` spellings, weighted toward the right one and the ways
/// people get it nearly right. `None`: leave the header out.
const ALLOW_ORIGIN: &[(u32, Option<&str>)] = &[
    (30, Some("{page}")),
    (8, Some("{origin}")),
    (10, Some("*")),
    (6, None),
    (3, Some("null")),
    (4, Some("{page}/")),
    (3, Some("{PAGE}")),
    (2, Some("HTTP://{page_host}")),
    (3, Some("{page}/api")),
    (3, Some("{page_host}")),
    (3, Some("{page}, {page}")),
    (2, Some("*, {page}")),
    (2, Some("{page} {page}")),
    (3, Some("")),
    (3, Some(" {page} ")),
    (2, Some("\t{page}")),
    (2, Some("http:// {page_host}")),
    (2, Some("http://127.0.0.1:99999")),
    (2, Some("http://127.0.0.1:{page_port}0")),
    (2, Some("http://[::1]:{page_port}")),
    (2, Some("http:/{page_host}")),
    (2, Some("http:{page_host}")),
    (2, Some("http://127.0.0.%31:{page_port}")),
    (2, Some("http://exämple.com")),
    (2, Some("http://localhost:{page_port}")),
    (2, Some("https://{page_host}")),
    (2, Some("https://app.example.com")),
    (1, Some("http://a b.example")),
    (1, Some("http://<x>.example")),
    (1, Some("{page}#")),
    (1, Some("{page}?")),
    (1, Some("\"{page}\"")),
    (1, Some("http://127.0.0.1:0{page_port}")),
    (1, Some("http://user@{page_host}")),
];

const ALLOW_CREDENTIALS: &[(u32, Option<&str>)] = &[
    (40, Some("true")),
    (20, None),
    (4, Some("True")),
    (3, Some("TRUE")),
    (3, Some(" true")),
    (3, Some("true ")),
    (3, Some("\"true\"")),
    (4, Some("false")),
    (3, Some("")),
    (2, Some("true, true")),
    (2, Some("1")),
    (2, Some("yes")),
];

fn allow_methods(rng: &mut Rng, method: &str) -> Option<String> {
    let upper = method.to_ascii_uppercase();
    let lower = method.to_ascii_lowercase();
    let choices: [(u32, Option<String>); 16] = [
        (25, Some(method.to_string())),
        (15, None),
        (8, Some("*".into())),
        (6, Some(format!("GET, POST, {upper}"))),
        (4, Some(upper.clone())),
        (4, Some(lower)),
        (3, Some("GET, POST".into())),
        (3, Some(format!("GET {method}"))),
        (3, Some(format!("GET,,{method}"))),
        (3, Some(format!("\"{method}\""))),
        (2, Some(format!("{method};q=1"))),
        (2, Some(format!(" {method} , GET "))),
        (2, Some(",".into())),
        (2, Some("".into())),
        (2, Some(format!("{method}/1"))),
        (2, Some(format!("{method}, {method}"))),
    ];
    rng.pick(&choices).clone()
}

fn allow_headers(rng: &mut Rng, request: &RequestSpec) -> Option<String> {
    let names: Vec<String> = request.headers.iter().map(|h| h.name.clone()).collect();
    let all = names.join(", ");
    let lower = names.iter().map(|n| n.to_ascii_lowercase()).collect::<Vec<_>>().join(",");
    let first = names.first().cloned().unwrap_or_else(|| "X-Other".into());
    let choices: [(u32, Option<String>); 14] = [
        (25, Some(all.clone())),
        (15, None),
        (8, Some("*".into())),
        (5, Some(lower)),
        (4, Some(first.clone())),
        (4, Some(all.to_ascii_uppercase())),
        (3, Some(names.join(" "))),
        (3, Some(format!("{first},,x-other"))),
        (3, Some(format!("\"{first}\""))),
        (2, Some(format!("{first};"))),
        (2, Some("".into())),
        (2, Some(format!(" {all} "))),
        (2, Some("x-other, content-type".into())),
        (2, Some(format!("{first}, *"))),
    ];
    rng.pick(&choices).clone()
}

/// Adds the origin and credentials lines a CORS response carries, in one of the
/// spellings above (sometimes as two header lines, sometimes with odd name case).
fn cors_lines(rng: &mut Rng, mut reply: Reply, request: &RequestSpec) -> Reply {
    let include = request.credentials == Credentials::Include;
    let name = |rng: &mut Rng, n: &str| -> String {
        match rng.below(12) {
            0 => n.to_ascii_lowercase(),
            1 => n.to_ascii_uppercase(),
            _ => n.to_string(),
        }
    };
    if let Some(v) = rng.pick(ALLOW_ORIGIN) {
        let n = name(rng, "Access-Control-Allow-Origin");
        reply = reply.line(&n, v);
        if rng.chance(6) {
            let again = if rng.chance(50) { *v } else { "{page}" };
            reply = reply.line(&n, again);
        }
    }
    if include || rng.chance(30) {
        if let Some(v) = rng.pick(ALLOW_CREDENTIALS) {
            let n = name(rng, "Access-Control-Allow-Credentials");
            reply = reply.line(&n, v);
            if rng.chance(4) {
                reply = reply.line(&n, v);
            }
        }
    }
    reply
}

fn gen_answer(rng: &mut Rng, request: &RequestSpec, depth: usize) -> Answer {
    // The preflight (only read when the request needs one).
    let preflight_status = *rng.pick(&[
        (30, 204u16),
        (22, 200),
        (3, 201),
        (4, 301),
        (4, 302),
        (3, 307),
        (2, 308),
        (4, 400),
        (5, 401),
        (5, 403),
        (5, 404),
        (6, 405),
        (4, 500),
    ]);
    let mut preflight = Reply::new(preflight_status);
    // Servers that reject a preflight often send no CORS headers at all.
    if preflight_status < 400 || rng.chance(50) {
        preflight = cors_lines(rng, preflight, request);
        if let Some(m) = allow_methods(rng, &request.method) {
            preflight = preflight.line("Access-Control-Allow-Methods", &m);
        }
        if let Some(h) = allow_headers(rng, request) {
            preflight = preflight.line("Access-Control-Allow-Headers", &h);
        }
        if rng.chance(10) {
            preflight = preflight.line("Access-Control-Max-Age", "600");
        }
    }
    if (300..400).contains(&preflight_status) {
        let target = gen_answer(rng, request, depth + 1);
        preflight = preflight.line("Location", &location(rng, &target, depth + 1));
    }
    // The response itself.
    let redirect = depth < 2 && rng.chance(if depth == 0 { 18 } else { 10 });
    let actual_status = if redirect {
        *rng.pick(&[(3, 301u16), (5, 302), (2, 303), (4, 307), (2, 308)])
    } else {
        *rng.pick(&[(70, 200u16), (6, 201), (6, 204), (4, 400), (5, 401), (3, 403), (4, 404), (4, 500)])
    };
    let mut actual = Reply::new(actual_status);
    if !(400..600).contains(&actual_status) || rng.chance(60) {
        actual = cors_lines(rng, actual, request);
    }
    if rng.chance(8) {
        actual = actual.line("Vary", "Origin");
    }
    if redirect {
        let target = gen_answer(rng, request, depth + 1);
        actual = actual.line("Location", &location(rng, &target, depth + 1));
    }
    Answer { preflight, actual }
}

/// A `Location` naming `target`: relative, same origin, the second origin, with
/// `user:password@`, or (rarely) something that is not a usable URL.
fn location(rng: &mut Rng, target: &Answer, hop: usize) -> String {
    let path = target.path("{tag}", hop);
    let chosen =
        *rng.pick(&[(25, "relative"), (20, "same"), (35, "other"), (5, "userinfo-same"), (6, "userinfo-other"), (3, "ftp"), (2, "bad-port")]);
    match chosen {
        "relative" => path,
        "same" => format!("http://{{same}}{path}"),
        "other" => format!("http://{{other}}{path}"),
        "userinfo-same" => format!("http://user:secret@{{same}}{path}"),
        "userinfo-other" => format!("http://user:secret@{{other}}{path}"),
        "ftp" => format!("ftp://{{other}}{path}"),
        _ => format!("http://127.0.0.1:99999{path}"),
    }
}

/// What Chromium did with a case (its own verdict over the DevTools protocol).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum Truth {
    Pass,
    Blocked {
        error: CorsError,
        param: String,
        stage: Stage,
    },
    /// A network error, no CORS status (e.g. `redirect: "error"` meeting a 3xx).
    Unreachable {
        error_text: String,
    },
    /// `fetch()` threw before anything was sent.
    InvalidInput {
        message: String,
    },
}

/// How one engine path's report compares with [`Truth`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", content = "detail", rename_all = "kebab-case")]
pub enum PathOutcome {
    /// Same verdict and, when blocked, an exact finding with Chromium's error, parameter
    /// and stage.
    Agree,
    /// No exact claim, but Chromium's error is among the candidates.
    Candidates,
    /// No exact claim, and Chromium's error is not among the candidates.
    Missing(String),
    /// An exact claim that contradicts Chromium: the one thing corsprobe must never do.
    WrongExact(String),
    /// The path has nothing to read for this case (no console message for a passing
    /// request, nothing recorded for a request the browser refused to build).
    NotApplicable(String),
}

impl PathOutcome {
    pub fn name(&self) -> &'static str {
        match self {
            PathOutcome::Agree => "agree",
            PathOutcome::Candidates => "candidates",
            PathOutcome::Missing(_) => "missing",
            PathOutcome::WrongExact(_) => "wrong-exact",
            PathOutcome::NotApplicable(_) => "n/a",
        }
    }
    pub fn is_disagreement(&self) -> bool {
        matches!(self, PathOutcome::Missing(_) | PathOutcome::WrongExact(_))
    }
}

/// The report's claim, for messages: verdict, stage and its first error finding.
pub fn describe(report: &Report) -> String {
    let f = report.findings.iter().find(|f| f.severity == Severity::Error);
    format!(
        "{} at {:?}: {}",
        report.verdict.as_str(),
        report.stage.map(Stage::as_str),
        f.map_or("no error finding".to_string(), |f| format!(
            "{} {:?} {:?} param {:?}",
            f.id,
            f.certainty,
            f.chromium.iter().map(|e| e.name()).collect::<Vec<_>>(),
            f.param
        ))
    )
}

/// Compares an engine report with Chromium's verdict.
///
/// The exact claim is the first `exact` error finding that names Chromium errors, or an
/// exact pass (`cors-ok`) or network failure (`unreachable`). Findings that name no
/// Chromium error and are not a verdict (`headers-incomplete`: "I cannot tell") are
/// not claims.
pub fn judge(truth: &Truth, report: &Report) -> PathOutcome {
    let errors: Vec<_> = report.findings.iter().filter(|f| f.severity == Severity::Error).collect();
    let exact = errors.iter().find(|f| f.certainty == Certainty::Exact && !f.chromium.is_empty());
    let exact_pass = report.verdict == ReportVerdict::Pass && report.findings.iter().any(|f| f.id == "cors-ok" && f.certainty == Certainty::Exact);
    let exact_unreachable =
        report.verdict == ReportVerdict::Unreachable && errors.iter().any(|f| f.id == "unreachable" && f.certainty == Certainty::Exact);
    let claim = || describe(report);
    match truth {
        Truth::Pass => {
            if report.verdict == ReportVerdict::Pass {
                PathOutcome::Agree
            } else if exact.is_some() || exact_unreachable {
                PathOutcome::WrongExact(format!("Chromium passed; engine: {}", claim()))
            } else {
                PathOutcome::Missing(format!("Chromium passed; engine: {}", claim()))
            }
        }
        Truth::Blocked { error, param, stage } => {
            if exact_pass || exact_unreachable {
                return PathOutcome::WrongExact(format!("Chromium: {} {param:?} at {}; engine: {}", error.name(), stage.as_str(), claim()));
            }
            if let Some(f) = exact {
                // A stage the report does not claim (several `stage_candidates`) must
                // hold Chromium's among them; a claimed one must be it.
                let stages = report.stage_candidates();
                let stage_right = if stages.len() > 1 { stages.contains(stage) } else { report.stage == Some(*stage) };
                let same = f.chromium == vec![*error] && f.param.as_deref().unwrap_or("") == param && stage_right;
                return if same {
                    PathOutcome::Agree
                } else {
                    PathOutcome::WrongExact(format!("Chromium: {} {param:?} at {}; engine: {}", error.name(), stage.as_str(), claim()))
                };
            }
            if errors.iter().any(|f| f.chromium.contains(error)) {
                PathOutcome::Candidates
            } else {
                PathOutcome::Missing(format!("Chromium: {} {param:?} at {}; engine: {}", error.name(), stage.as_str(), claim()))
            }
        }
        Truth::Unreachable { error_text } => {
            if report.verdict == ReportVerdict::Unreachable {
                PathOutcome::Agree
            } else if exact.is_some() || exact_pass {
                PathOutcome::WrongExact(format!("Chromium: network error {error_text}; engine: {}", claim()))
            } else {
                PathOutcome::Missing(format!("Chromium: network error {error_text}; engine: {}", claim()))
            }
        }
        Truth::InvalidInput { message } => {
            if report.verdict == ReportVerdict::InvalidInput {
                PathOutcome::Agree
            } else if exact.is_some() || exact_pass || exact_unreachable {
                PathOutcome::WrongExact(format!("Chromium refused to send ({message}); engine: {}", claim()))
            } else {
                PathOutcome::Missing(format!("Chromium refused to send ({message}); engine: {}", claim()))
            }
        }
    }
}

/// A live-path case saved by `harness/tests/live_difftest.rs`: Chromium's verdict and
/// the app's report (whose probe outcomes are what the page saw). Extra keys (the
/// request, the answer, what the server exchanged) are for people and ignored here.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LiveFixture {
    pub truth: Truth,
    pub report: Report,
}

/// The report today's engine makes from a recorded live report's own evidence: the
/// same form, page origin and probe outcomes, diagnosed again (as a share link is), with
/// the "allow repeats" consent the live test leaves unticked. `None`: the outcomes do
/// not fit the plan this engine makes (the plan changed since the recording).
pub fn rediagnose(report: &Report) -> Option<Report> {
    use corsprobe_engine::share::{replay, Evidence, SharePayload, SHARE_VERSION};
    let payload = SharePayload {
        v: SHARE_VERSION,
        form: corsprobe_engine::input::FormInput::from_request(&report.request),
        allow_repeats: false,
        evidence: Some(Evidence::of(report)),
        redacted: Vec::new(),
    };
    replay(&payload)
}

/// The engine paths the differential test compares with Chromium.
pub const PATHS: &[&str] = &["headers", "har", "har-provisional", "console", "curl"];

/// A saved case: what Chromium said, and everything each engine path reads, exactly as
/// recorded. `harness/fixtures/difftest/*.json` must agree on every path;
/// `harness/fixtures/difftest/open/*.json` are known disagreements, reported only.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fixture {
    /// Why it was saved: `<path>: <outcome>: <detail>` of the disagreement.
    pub why: String,
    pub chromium_version: String,
    pub page_origin: String,
    pub case: Case,
    /// The request exactly as sent (its URL on the recording's ports).
    pub request: RequestSpec,
    pub truth: Truth,
    /// `curl -v`-style text of every exchange the server saw, as it sent it.
    pub pasted: String,
    /// The HAR built from the DevTools events.
    pub har: serde_json::Value,
    /// The same without `requestWillBeSentExtraInfo` (provisional request headers).
    pub har_provisional: serde_json::Value,
    /// Chromium's console messages about the request.
    pub console: Vec<String>,
    /// For a sample of cases: the output of the real `curl` running the commands the
    /// report offers (`corsprobe_engine::curl::curl_commands`), as a person pastes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub curl: Option<String>,
    /// What `corsprobe check --json` printed for the same request against the same
    /// answers (the command line sends every hop itself): its report, or the message
    /// it refused the input with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cli: Option<CliOutput>,
}

/// The command line's answer for one case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CliOutput {
    /// The report it printed (exit code 0, 1 or 2).
    Report(Box<Report>),
    /// It refused the input (exit code 3), with this message.
    Refused(String),
}

/// Every engine path's outcome for one recorded case (`curl` only when it was sampled).
pub fn judge_fixture(f: &Fixture) -> Vec<(&'static str, PathOutcome)> {
    let mut out = vec![
        ("headers", judge_pasted(&f.truth, &f.request, &f.page_origin, &f.pasted)),
        ("har", judge_har(&f.truth, &f.request, &f.har)),
        ("har-provisional", judge_har(&f.truth, &f.request, &f.har_provisional)),
        ("console", judge_console(&f.truth, &f.request, &f.page_origin, &f.console)),
    ];
    if let Some(curl) = &f.curl {
        out.push(("curl", judge_pasted(&f.truth, &f.request, &f.page_origin, curl)));
        // The step the report names when pasted output cannot settle a redirect chain
        // (`corsprobe check` for the same request): its answer is the command line's.
        if let Some(cli) = f.cli.as_ref().filter(|_| names_settling_step(&f.request, &f.page_origin, curl)) {
            out.push(("curl+step", judge_cli(&f.truth, cli)));
        }
    }
    if let Some(cli) = &f.cli {
        out.push(("cli", judge_cli(&f.truth, cli)));
    }
    out
}

/// Whether the report on pasted output leads with the one step that settles it.
pub fn names_settling_step(request: &RequestSpec, page_origin: &str, pasted: &str) -> bool {
    corsprobe_engine::analyze::analyze_headers(pasted, request, page_origin).is_ok_and(|r| r.curl.first().is_some_and(|c| c.settles))
}

/// The command line's report against Chromium. It sends what the browser sends itself,
/// so refusing a request Chromium sent is a miss.
pub fn judge_cli(truth: &Truth, cli: &CliOutput) -> PathOutcome {
    match (cli, truth) {
        (_, Truth::InvalidInput { .. }) => PathOutcome::NotApplicable("the browser refused to build the request".into()),
        (CliOutput::Report(report), _) => judge(truth, report),
        (CliOutput::Refused(message), _) => PathOutcome::Missing(format!("the command line refused the request: {message}")),
    }
}

fn refused(truth: &Truth) -> Option<PathOutcome> {
    match truth {
        Truth::InvalidInput { .. } => Some(PathOutcome::NotApplicable("the browser refused to build the request".into())),
        Truth::Blocked { stage: Stage::Input, .. } => Some(PathOutcome::NotApplicable("the browser refused the request before sending it".into())),
        _ => None,
    }
}

pub fn judge_pasted(truth: &Truth, request: &RequestSpec, page_origin: &str, pasted: &str) -> PathOutcome {
    if let Some(na) = refused(truth) {
        return na;
    }
    if pasted.trim().is_empty() {
        return PathOutcome::NotApplicable("the server saw no request".into());
    }
    match corsprobe_engine::analyze::analyze_headers(pasted, request, page_origin) {
        Ok(report) => judge(truth, &report),
        Err(e) => PathOutcome::Missing(format!("the pasted headers were refused: {e}")),
    }
}

pub fn judge_har(truth: &Truth, request: &RequestSpec, har: &serde_json::Value) -> PathOutcome {
    use corsprobe_engine::har::{analyze_har_with, HarAssumptions};
    if let Some(na) = refused(truth) {
        return na;
    }
    // A HAR does not record these; the person states them in the page's form.
    let assume = HarAssumptions {
        credentials: (request.credentials == Credentials::Include).then_some(request.credentials),
        redirect: (request.redirect != RedirectMode::Follow).then_some(request.redirect),
        mode: (request.mode != Mode::Cors).then_some(request.mode),
    };
    match analyze_har_with(&har.to_string(), assume) {
        Ok(analysis) => match analysis.requests.first() {
            Some(r) => judge(truth, &r.report),
            // no-cors requests carry no Origin: a HAR cannot show them as CORS requests.
            None if request.mode == Mode::NoCors => PathOutcome::NotApplicable("a no-cors request is not a CORS request in a HAR".into()),
            None => PathOutcome::Missing(format!("no cross-origin request found among {} entries", analysis.entries)),
        },
        Err(e) => PathOutcome::Missing(format!("the HAR was refused: {e}")),
    }
}

pub fn judge_console(truth: &Truth, request: &RequestSpec, page_origin: &str, console: &[String]) -> PathOutcome {
    if console.is_empty() {
        return match truth {
            Truth::Blocked { .. } => PathOutcome::Missing("Chromium printed no console message (harness capture?)".into()),
            _ => PathOutcome::NotApplicable("no console message".into()),
        };
    }
    match corsprobe_engine::analyze::analyze_console(&console.join("\n"), page_origin, Some(request)) {
        Ok(reports) => match reports.first() {
            Some(r) => judge(truth, r),
            None => PathOutcome::Missing("the console text yielded no report".into()),
        },
        // A passing request can still print `Failed to load resource: the server
        // responded with a status of 404`; "no CORS message here" is then the right answer.
        Err(_) if *truth == Truth::Pass => PathOutcome::Agree,
        Err(e) => PathOutcome::Missing(format!("the console text was refused: {e}")),
    }
}
