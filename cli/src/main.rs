//! `corsprobe`: corsprobe's CORS engine on the command line.
//!
//! A page can only name a group of causes, because page code never sees a blocked
//! response's headers. This binary sends exactly what the browser sends for a `fetch()`
//! (the preflight when one is due, then the request, following redirects as Fetch
//! does), reads every header and judges them with the engine the page uses.

mod audit_cmd;
mod check;
mod ci_report;
mod drive;
mod render;
mod share_link;
mod suite;
mod wire;

use check::{InputError, Typed};
use clap::{Args, Parser, Subcommand};
use corsprobe_engine::request::{Credentials, Mode, RedirectMode};
use std::process::ExitCode;
use std::time::Duration;

const EXAMPLES: &str = "\
Examples:
  # Would https://app.example.com's fetch('https://api.example.com/items') pass?
  corsprobe check https://api.example.com/items --origin https://app.example.com

  # A PUT with JSON and a token, with cookies: the preflight is sent first, as the browser does.
  corsprobe check https://api.example.com/items/1 --origin https://app.example.com \\
      -X PUT -H 'Content-Type: application/json' -H 'Authorization: Bearer x' \\
      --data '{\"a\":1}' --credentials include --cookie 'session=abc'

  # The same, with the configuration that fixes it for your stack (a server, a CDN or
  # host, or a development proxy; `corsprobe check --help` lists them).
  corsprobe check https://api.example.com/items --origin https://app.example.com --fix nginx

  # Does the server trust origins it should not (reflection, null, suffix matches)?
  corsprobe audit https://api.example.com/items --origin https://app.example.com --credentials include

  # A list of checks for CI.
  corsprobe test cors-checks.toml --junit cors.xml

Exit codes:
  0  pass (audit: no finding at or above --fail-on)
  1  blocked (audit: a finding at or above --fail-on)
  2  unreachable or timed out
  3  invalid input (bad URL, header, flag or file)";

#[derive(Parser)]
#[command(name = "corsprobe", version, about = "Sends what the browser sends, reads every header, names the exact CORS error and its fix.", after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Send one fetch() as the browser would and judge every response.
    #[command(after_help = EXAMPLES)]
    Check(CheckArgs),
    /// Ask with origins a correct policy rejects and report the policy's mistakes.
    #[command(after_help = EXAMPLES)]
    Audit(AuditArgs),
    /// Run the checks and audits of a TOML file (for CI); exit 1 if any fails.
    #[command(after_help = SUITE_HELP)]
    Test(TestArgs),
}

const SUITE_HELP: &str = "\
The file:
  [[check]]
  url = \"https://api.example.com/items\"
  origins = [\"https://app.example.com\", \"https://admin.example.com\"]   # or origin = \"…\"
  method = \"PUT\"
  headers = [\"Content-Type: application/json\"]
  credentials = \"include\"
  expect = \"pass\"                                   # or \"blocked\"
  # cause = \"PreflightMissingAllowOriginHeader\"     # with blocked: Chromium's CorsError or a finding id

  [[audit]]
  url = \"https://api.example.com/items\"
  origin = \"https://app.example.com\"
  fail_on = \"warning\"                               # warning | info | never

Exit codes: 0 every entry met its expectation, 1 one did not, 3 the file is invalid.";

#[derive(Args)]
struct TestArgs {
    /// The TOML file of [[check]] and [[audit]] entries.
    file: std::path::PathBuf,
    /// Write a JUnit XML report here.
    #[arg(long, value_name = "FILE")]
    junit: Option<std::path::PathBuf>,
    /// Write a SARIF 2.1.0 log here (GitHub code scanning).
    #[arg(long, value_name = "FILE")]
    sarif: Option<std::path::PathBuf>,
    /// How many entries run at once.
    #[arg(long, default_value = "4")]
    jobs: usize,
    #[arg(long, value_enum, default_value = "chromium")]
    browser: wire::Browser,
    /// Seconds to wait for each answer.
    #[arg(long, default_value = "10", value_name = "SECONDS")]
    timeout: f64,
}

/// The request, in `fetch(url, init)` terms.
#[derive(Args, Clone)]
struct RequestArgs {
    /// The URL fetch() is called with.
    url: String,
    /// The page's origin (https://app.example.com), or null.
    #[arg(long)]
    origin: String,
    /// The method (fetch's `method`).
    #[arg(short = 'X', long = "request", default_value = "GET", value_name = "METHOD")]
    method: String,
    /// A request header, 'Name: value' (repeatable).
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// The request body (a string, as fetch's `body`).
    #[arg(long, value_name = "BODY")]
    data: Option<String>,
    /// The Cookie line the browser would attach to a credentialed request.
    #[arg(long, value_name = "a=b; c=d")]
    cookie: Option<String>,
    /// fetch's `credentials`.
    #[arg(long, value_parser = ["omit", "same-origin", "include"], default_value = "same-origin")]
    credentials: String,
    /// fetch's `mode`.
    #[arg(long, value_parser = ["cors", "no-cors", "same-origin"], default_value = "cors")]
    mode: String,
    /// fetch's `redirect`.
    #[arg(long, value_parser = ["follow", "error", "manual"], default_value = "follow")]
    redirect: String,
    /// Whose request lines to send, and whose deviations from the standard apply.
    #[arg(long, value_enum, default_value = "chromium")]
    browser: wire::Browser,
    /// Seconds to wait for each answer before giving up (exit code 2).
    #[arg(long, default_value = "10", value_name = "SECONDS")]
    timeout: f64,
    /// Print the report as JSON (schema 1, source "cli").
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    request: RequestArgs,
    /// Also print a link to the corsprobe page at this URL that opens this report there
    /// (secrets redacted as the page does).
    #[arg(long, value_name = "URL")]
    share_base: Option<String>,
    /// Also print the configuration that allows this request, for one stack: a server
    /// or framework, a CDN or host (aws-cloudfront, vercel, netlify), or a
    /// development proxy (vite-proxy, webpack-proxy, nextjs-rewrites, angular-proxy). Made from the
    /// report, as the page's Fix panel does. With --json the output becomes
    /// {"report": …, "fix": …}.
    #[arg(long, value_name = "STACK", value_parser = stack_values())]
    fix: Option<String>,
}

/// `--fix`'s values: every stack id, with its name in `--help`.
fn stack_values() -> clap::builder::PossibleValuesParser {
    use corsprobe_engine::fix::Stack;
    clap::builder::PossibleValuesParser::new(
        Stack::ALL.iter().map(|s| clap::builder::PossibleValue::new(s.id()).help(format!("{} — {}", s.name(), s.group()))),
    )
}

#[derive(Args)]
struct AuditArgs {
    #[command(flatten)]
    request: RequestArgs,
    /// The least severe finding that makes the exit code 1.
    #[arg(long, value_enum, default_value = "warning")]
    fail_on: audit_cmd::FailOn,
}

impl RequestArgs {
    fn prepare(&self) -> Result<(check::Prepared, drive::Client), InputError> {
        if !(self.timeout.is_finite() && self.timeout > 0.0 && self.timeout <= 3600.0) {
            return Err(InputError(format!("--timeout {} is not a number of seconds between 0 and 3600", self.timeout)));
        }
        let typed = Typed {
            url: &self.url,
            origin: &self.origin,
            method: &self.method,
            headers: &self.headers,
            data: self.data.as_deref(),
            // The value parsers above admit only these spellings.
            mode: Mode::parse(&self.mode).unwrap_or_default(),
            credentials: Credentials::parse(&self.credentials).unwrap_or_default(),
            redirect: RedirectMode::parse(&self.redirect).unwrap_or_default(),
        };
        let prepared = check::prepare(&typed)?;
        let settings = drive::Settings { browser: self.browser, timeout: Duration::from_secs_f64(self.timeout), cookie: self.cookie.clone() };
        Ok((prepared, drive::Client::new(settings)))
    }
}

fn invalid(e: &InputError) -> ExitCode {
    eprintln!("corsprobe: {e}");
    ExitCode::from(3)
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 3 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let colour = render::colour_wanted();
    match cli.command {
        Command::Check(args) => {
            let (prepared, client) = match args.request.prepare() {
                Ok(p) => p,
                Err(e) => return invalid(&e),
            };
            if let Some(base) = &args.share_base {
                if !corsprobe_engine::url::Url::parse(base).is_ok_and(|u| u.is_http() && !u.host.is_empty()) {
                    return invalid(&InputError(format!("--share-base {base:?} is not an http(s) URL of a corsprobe page")));
                }
            }
            let (report, text) = check::run_with_text(&client, &prepared);
            let fix = args.fix.as_deref().and_then(corsprobe_engine::fix::Stack::from_id).map(|stack| check::fix_for(&report, stack));
            match (&fix, args.request.json) {
                (Some(snippet), true) => {
                    let both = serde_json::json!({ "report": serde_json::from_str::<serde_json::Value>(&report.to_json()).unwrap_or_default(), "fix": snippet });
                    println!("{both}");
                }
                (None, true) => println!("{}", report.to_json()),
                (_, false) => {
                    print!("{}", render::report(&report, args.request.browser, colour));
                    if let Some(snippet) = &fix {
                        print!("{}", render::snippet(snippet, colour));
                    }
                }
            }
            if let Some(base) = &args.share_base {
                match text {
                    Some(text) => {
                        let link = share_link::link(base, &prepared, &report, text);
                        if args.request.json {
                            eprintln!("{link}");
                        } else {
                            println!("\nShare: {link}");
                        }
                    }
                    None => eprintln!("corsprobe: no share link: a redirect led to a second preflighted exchange, which a link cannot carry yet"),
                }
            }
            ExitCode::from(check::exit_code(report.verdict))
        }
        Command::Audit(args) => {
            let (prepared, client) = match args.request.prepare() {
                Ok(p) => p,
                Err(e) => return invalid(&e),
            };
            let report = audit_cmd::run(&client, &prepared);
            let policy = audit_cmd::policy_findings(&report);
            if args.request.json {
                println!("{}", report.to_json());
            } else {
                let mut out = render::verdict_line(&report, colour);
                out.push_str(&format!("\n{} policy finding(s)\n", policy.len()));
                for f in &policy {
                    render::finding(f, colour, &mut out);
                }
                print!("{out}");
            }
            let code = match report.verdict {
                corsprobe_engine::report::Verdict::Unreachable | corsprobe_engine::report::Verdict::InvalidInput => check::exit_code(report.verdict),
                _ if policy.iter().any(|f| args.fail_on.fails(f.severity)) => 1,
                _ => 0,
            };
            ExitCode::from(code)
        }
        Command::Test(args) => run_suite(&args, colour),
    }
}

fn run_suite(args: &TestArgs, colour: bool) -> ExitCode {
    if !(args.timeout.is_finite() && args.timeout > 0.0 && args.timeout <= 3600.0) {
        return invalid(&InputError(format!("--timeout {} is not a number of seconds between 0 and 3600", args.timeout)));
    }
    let shown = args.file.display().to_string();
    let text = match std::fs::read_to_string(&args.file) {
        Ok(t) => t,
        Err(e) => return invalid(&InputError(format!("cannot read {shown}: {e}"))),
    };
    let cases = match suite::load(&text) {
        Ok(c) => c,
        Err(e) => return invalid(&InputError(format!("{shown}: {e}"))),
    };
    let bar = indicatif::ProgressBar::new(cases.len() as u64);
    bar.set_style(indicatif::ProgressStyle::with_template("{pos}/{len} {wide_msg}").unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()));
    let progress = |o: &suite::Outcome| {
        bar.set_message(o.case.name.clone());
        bar.inc(1);
    };
    let outcomes = suite::run_all(&cases, args.browser, Duration::from_secs_f64(args.timeout), args.jobs, &progress);
    bar.finish_and_clear();
    let failed = outcomes.iter().filter(|o| o.failure.is_some()).count();
    for o in &outcomes {
        match &o.failure {
            None => println!("ok    {}", o.case.name),
            Some(why) => {
                let mut out = format!("FAIL  {} ({shown}:{}): {why}\n", o.case.name, o.case.line);
                for f in o.findings() {
                    render::finding(f, colour, &mut out);
                }
                println!("{out}");
            }
        }
    }
    println!("{} passed, {failed} failed", outcomes.len() - failed);
    if let Some(path) = &args.junit {
        let written =
            ci_report::junit(&shown, &outcomes).and_then(|x| std::fs::write(path, x).map_err(|e| format!("cannot write {}: {e}", path.display())));
        if let Err(e) = written {
            return invalid(&InputError(e));
        }
    }
    if let Some(path) = &args.sarif {
        if let Err(e) = std::fs::write(path, ci_report::sarif(&shown, &outcomes)) {
            return invalid(&InputError(format!("cannot write {}: {e}", path.display())));
        }
    }
    ExitCode::from(if failed == 0 { 0 } else { 1 })
}
