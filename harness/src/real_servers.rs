//! The real-server cases the differential tests share (`harness/tests/real_servers_*`):
//! each verified stack in several configurations, and nginx configured by hand the way
//! people write it, mistakes included. Nobody wrote down what a browser says about any
//! of them: each test asks its browser.

use crate::stacks::{broken_cases, start, start_nginx_with, StackServer, VERIFIED};
use corsprobe_engine::diagnose::report_for_input;
use corsprobe_engine::fix::FixInput;
use corsprobe_engine::{Credentials, Header, RequestSpec};

/// An origin none of the page's requests come from.
pub const ELSEWHERE: &str = "https://app.example.com";

/// One server configuration and the request sent to it.
pub struct RealCase {
    pub id: &'static str,
    pub config: fn(&str) -> Option<FixInput>,
    pub request: fn(&str) -> RequestSpec,
}

pub fn plain_get(url: &str) -> RequestSpec {
    RequestSpec::get(url)
}

pub fn put_json_with_cookies(url: &str) -> RequestSpec {
    RequestSpec {
        method: "PUT".into(),
        headers: vec![Header { name: "Content-Type".into(), value: "application/json".into() }],
        body: Some("{\"a\":1}".into()),
        credentials: Credentials::Include,
        ..RequestSpec::get(url)
    }
}

/// The configuration the page prefills for `request` from `app`.
fn generated(app: &str, request: fn(&str) -> RequestSpec) -> Option<FixInput> {
    Some(FixInput::from_report(&report_for_input(app, request("http://127.0.0.1/api/data"), &[])))
}

pub fn cases() -> Vec<RealCase> {
    let mut out: Vec<RealCase> = broken_cases().into_iter().map(|c| RealCase { id: c.id, config: c.broken, request: c.request }).collect();
    out.push(RealCase { id: "generated-simple", config: |app| generated(app, plain_get), request: plain_get });
    out.push(RealCase { id: "generated-preflighted", config: |app| generated(app, put_json_with_cookies), request: put_json_with_cookies });
    out.push(RealCase {
        id: "allow-list-of-another-origin",
        config: |_| generated(ELSEWHERE, put_json_with_cookies),
        request: put_json_with_cookies,
    });
    out
}

/// An nginx `location /api/` body as people write it (`{app}`: the app's origin).
pub struct HandWritten {
    pub id: &'static str,
    pub location: &'static str,
    /// Files written beside `nginx.conf` (a relative path in the configuration is
    /// relative to it): name and content.
    pub files: &'static [(&'static str, &'static str)],
    pub request: fn(&str) -> RequestSpec,
}

pub fn get_with_cookies(url: &str) -> RequestSpec {
    RequestSpec { credentials: Credentials::Include, ..RequestSpec::get(url) }
}

pub fn get_with_token(url: &str) -> RequestSpec {
    RequestSpec { headers: vec![Header { name: "Authorization".into(), value: "Bearer t".into() }], ..RequestSpec::get(url) }
}

pub fn put_json(url: &str) -> RequestSpec {
    RequestSpec { credentials: Credentials::SameOrigin, ..put_json_with_cookies(url) }
}

/// Mistakes seen in nginx configurations (Stack Overflow answers, copied snippets):
/// nobody wrote down what Chromium says about them; it is asked.
pub fn hand_written_nginx() -> Vec<HandWritten> {
    vec![
        HandWritten {
            id: "wildcard-with-credentials",
            location: "add_header Access-Control-Allow-Origin * always; add_header Access-Control-Allow-Credentials true always; default_type application/json; return 200 '{\"ok\":true}';",
            files: &[],
            request: get_with_cookies,
        },
        HandWritten {
            id: "two-layers-both-add-the-origin",
            location: "add_header Access-Control-Allow-Origin {app} always; add_header Access-Control-Allow-Origin * always; default_type application/json; return 200 '{\"ok\":true}';",
            files: &[],
            request: plain_get,
        },
        HandWritten {
            id: "headers-only-on-success",
            location: "add_header Access-Control-Allow-Origin {app}; default_type application/json; return 401 '{\"error\":\"login\"}';",
            files: &[],
            request: plain_get,
        },
        HandWritten {
            id: "bare-204-for-options",
            location: "if ($request_method = OPTIONS) { return 204; } add_header Access-Control-Allow-Origin {app} always; add_header Access-Control-Allow-Methods 'GET, PUT' always; add_header Access-Control-Allow-Headers content-type always; default_type application/json; return 200 '{\"ok\":true}';",
            files: &[],
            request: put_json,
        },
        HandWritten {
            id: "auth-before-the-preflight",
            location: "add_header Access-Control-Allow-Origin {app} always; add_header Access-Control-Allow-Headers authorization always; if ($http_authorization = '') { return 401; } default_type application/json; return 200 '{\"ok\":true}';",
            files: &[],
            request: get_with_token,
        },
        HandWritten {
            id: "origin-with-a-trailing-slash",
            location: "add_header Access-Control-Allow-Origin {app}/ always; default_type application/json; return 200 '{\"ok\":true}';",
            files: &[],
            request: plain_get,
        },
        HandWritten {
            id: "reflects-any-origin-with-credentials",
            location: "add_header Access-Control-Allow-Origin $http_origin always; add_header Access-Control-Allow-Credentials true always; default_type application/json; return 200 '{\"ok\":true}';",
            files: &[],
            request: get_with_cookies,
        },
        HandWritten {
            id: "allow-headers-star-for-a-token",
            location: "add_header Access-Control-Allow-Origin {app} always; add_header Access-Control-Allow-Headers * always; default_type application/json; return 200 '{\"ok\":true}';",
            files: &[],
            request: get_with_token,
        },
        HandWritten {
            id: "methods-in-lower-case",
            location: "add_header Access-Control-Allow-Origin {app} always; add_header Access-Control-Allow-Methods 'get, put' always; add_header Access-Control-Allow-Headers content-type always; default_type application/json; return 200 '{\"ok\":true}';",
            files: &[],
            request: put_json,
        },
        HandWritten {
            id: "credentials-false",
            location: "add_header Access-Control-Allow-Origin {app} always; add_header Access-Control-Allow-Credentials false always; default_type application/json; return 200 '{\"ok\":true}';",
            files: &[],
            request: get_with_cookies,
        },
        HandWritten {
            id: "preflight-redirected-to-https",
            location: "if ($request_method = OPTIONS) { return 301 https://$host$request_uri; } add_header Access-Control-Allow-Origin {app} always; default_type application/json; return 200 '{\"ok\":true}';",
            files: &[],
            request: put_json,
        },
        HandWritten {
            id: "basic-auth-in-front",
            location: "auth_basic \"api\"; auth_basic_user_file htpasswd; add_header Access-Control-Allow-Origin {app} always; default_type application/json; root www;",
            files: HTPASSWD,
            request: plain_get,
        },
        HandWritten {
            id: "basic-auth-before-the-preflight",
            location: "auth_basic \"api\"; auth_basic_user_file htpasswd; add_header Access-Control-Allow-Origin {app} always; add_header Access-Control-Allow-Headers authorization always; default_type application/json; root www;",
            files: HTPASSWD,
            request: get_with_token,
        },
    ]
}

/// One server to start and the request to send it.
pub struct Run {
    pub stack: &'static str,
    pub case: &'static str,
    pub server: Box<dyn Fn() -> StackServer>,
    pub request: fn(&str) -> RequestSpec,
}

/// One user for `auth_basic` (nginx's `{PLAIN}` scheme): no probe knows it, and none
/// may make the browser ask for it. And a file to serve: `return` would answer in
/// nginx's rewrite phase, before `auth_basic` (the access phase) is ever asked.
const HTPASSWD: &[(&str, &str)] = &[("htpasswd", "api:{PLAIN}not-a-secret\n"), ("www/api/data", "{\"ok\":true}\n")];

/// Every run, in order, for a page on `app_origin`: each verified stack in each of
/// [`cases`], then the [`hand_written_nginx`] configurations. `only` (a comma-separated
/// list of stack ids, `nginx-hand` for the hand-written ones) keeps those alone.
pub fn runs(app_origin: &str, only: Option<&str>) -> Vec<Run> {
    let wanted = |id: &str| only.is_none_or(|o| o.split(',').any(|x| x == id));
    let mut runs: Vec<Run> = Vec::new();
    for stack in VERIFIED.iter().filter(|s| wanted(s.id())) {
        for case in cases() {
            let app = app_origin.to_string();
            let server = move || start(*stack, (case.config)(&app).as_ref()).unwrap_or_else(|e| panic!("{}: {e}", stack.id()));
            runs.push(Run { stack: stack.id(), case: case.id, server: Box::new(server), request: case.request });
        }
    }
    if wanted("nginx-hand") {
        for case in hand_written_nginx() {
            let location = case.location.replace("{app}", app_origin);
            let server = move || start_nginx_with(&location, case.files).unwrap_or_else(|e| panic!("nginx: {e}"));
            runs.push(Run { stack: "nginx-hand", case: case.id, server: Box::new(server), request: case.request });
        }
    }
    runs
}

/// How many runs [`runs`] makes with no filter.
pub fn every_run() -> usize {
    VERIFIED.len() * cases().len() + hand_written_nginx().len()
}

/// Keeps a run's summary and its case lines in `harness/out/real-servers/{file}`, for
/// the README's figures (best effort: a test's verdict never depends on it).
pub fn save_summary(file: &str, summary: &str, lines: &[String]) {
    let out = crate::env::TestEnv::out_dir().join("real-servers");
    std::fs::create_dir_all(&out).ok();
    std::fs::write(out.join(file), format!("{summary}\n{}\n", lines.join("\n"))).ok();
}
