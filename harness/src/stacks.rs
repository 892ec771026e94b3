//! Real servers running corsprobe's generated CORS configuration: nginx, Apache httpd
//! and Caddy (Debian packages), Flask with flask-cors, FastAPI and Django with
//! django-cors-headers (PyPI), Express with cors and Fastify with @fastify/cors (npm),
//! installed by `cargo xtask setup --browsers` (pinned in `harness/stacks/`), and axum
//! with tower-http, compiled here from the generated code (offline, with the versions
//! in the workspace's Cargo.lock).
//!
//! Every server serves the same tiny endpoint — any method on `/api/data` answers
//! `{"ok":true}` — so one request can be compared across stacks. A [`StackServer`]
//! runs in its own process group on a free loopback port and is stopped on drop.

use corsprobe_engine::fix::{snippet, FixInput, Stack};
use corsprobe_engine::{CorsError, Credentials, Header, RequestSpec};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub type Result<T> = std::result::Result<T, String>;

/// The stacks verified live.
pub const VERIFIED: &[Stack] =
    &[Stack::Nginx, Stack::Apache, Stack::Caddy, Stack::Flask, Stack::FastApi, Stack::Django, Stack::Express, Stack::Fastify, Stack::Axum];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn free_port() -> Result<u16> {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).map_err(|e| e.to_string())
}

/// One running server.
pub struct StackServer {
    child: Child,
    pub port: u16,
    /// The configuration or program it runs (for failure messages).
    pub source: String,
    _dir: TempDir,
}

impl StackServer {
    /// `http://127.0.0.1:PORT/api/data`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/api/data", self.port)
    }
}

impl Drop for StackServer {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-s", "TERM", "--", &group]).stderr(Stdio::null()).status();
        std::thread::sleep(Duration::from_millis(100));
        let _ = Command::new("kill").args(["-s", "KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.child.wait();
    }
}

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir(tag: &str) -> Result<TempDir> {
    let dir = std::env::temp_dir().join(format!("corsprobe-stack-{tag}-{}-{}", std::process::id(), free_port()?));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    Ok(TempDir(dir))
}

/// The code of a snippet's files, in order (each stack's embedding knows which is which).
fn code_of(stack: Stack, input: &FixInput) -> Vec<String> {
    snippet(stack, input, &[]).files.into_iter().map(|f| f.code).collect()
}

/// Starts `stack` with the generated configuration for `input`, or with no CORS at
/// all when `input` is `None`.
pub fn start(stack: Stack, input: Option<&FixInput>) -> Result<StackServer> {
    let port = free_port()?;
    let dir = temp_dir(stack.id())?;
    let (command, source) = match stack {
        Stack::Nginx => nginx(&dir.0, port, input)?,
        Stack::Flask => flask(&dir.0, port, input)?,
        Stack::Express => express(&dir.0, port, input)?,
        Stack::Apache => apache(&dir.0, port, input)?,
        Stack::Caddy => caddy(&dir.0, port, input)?,
        Stack::FastApi => fastapi(&dir.0, port, input)?,
        Stack::Django => django(&dir.0, port, input)?,
        Stack::Fastify => fastify(&dir.0, port, input)?,
        Stack::Axum => axum(&dir.0, port, input)?,
        other => return Err(format!("{} is not verified live", other.id())),
    };
    spawn(stack, port, dir, command, source)
}

/// Starts nginx with a hand-written `location /api/` body: a configuration the way
/// people write it, mistakes included (the body answers the request itself, with
/// `return`, or serves one of `files`, written beside `nginx.conf` first: name and
/// content).
pub fn start_nginx_with(location: &str, files: &[(&str, &str)]) -> Result<StackServer> {
    let port = free_port()?;
    let dir = temp_dir("nginx-hand")?;
    for (name, content) in files {
        let path = dir.0.join(name);
        std::fs::create_dir_all(path.parent().unwrap_or(&dir.0)).map_err(|e| e.to_string())?;
        std::fs::write(path, content).map_err(|e| e.to_string())?;
    }
    let (command, source) = nginx_conf(&dir.0, port, "", location)?;
    spawn(Stack::Nginx, port, dir, command, source)
}

fn spawn(stack: Stack, port: u16, dir: TempDir, mut command: Command, source: String) -> Result<StackServer> {
    let log = std::fs::File::create(dir.0.join("server.log")).map_err(|e| e.to_string())?;
    let child = command
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log)
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", stack.id()))?;
    let server = StackServer { child, port, source, _dir: dir };
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if start.elapsed() > Duration::from_secs(20) {
            let log = std::fs::read_to_string(server._dir.0.join("server.log")).unwrap_or_default()
                + &std::fs::read_to_string(server._dir.0.join("error.log")).unwrap_or_default();
            return Err(format!("{} did not listen on {port} in 20 s:\n{log}\n--- config ---\n{}", stack.id(), server.source));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(server)
}

fn nginx(dir: &Path, port: u16, input: Option<&FixInput>) -> Result<(Command, String)> {
    let (http_part, location_part) = match input {
        Some(i) => {
            let code = code_of(Stack::Nginx, i);
            (code.first().cloned().unwrap_or_default(), code.get(1).cloned().unwrap_or_default())
        }
        None => (String::new(), String::new()),
    };
    nginx_conf(
        dir,
        port,
        &http_part,
        &format!("{location_part}\n            default_type application/json;\n            return 200 '{{\"ok\":true}}';"),
    )
}

fn nginx_conf(dir: &Path, port: u16, http_part: &str, location: &str) -> Result<(Command, String)> {
    let d = dir.display();
    let conf = format!(
        "worker_processes 1;\nerror_log {d}/error.log;\npid {d}/nginx.pid;\nevents {{ worker_connections 64; }}\nhttp {{\n    access_log off;\n    client_body_temp_path {d}/body;\n    proxy_temp_path {d}/proxy;\n    fastcgi_temp_path {d}/fastcgi;\n    uwsgi_temp_path {d}/uwsgi;\n    scgi_temp_path {d}/scgi;\n{http_part}\n    server {{\n        listen 127.0.0.1:{port};\n        location /api/ {{\n{location}\n        }}\n    }}\n}}\n"
    );
    std::fs::write(dir.join("nginx.conf"), &conf).map_err(|e| e.to_string())?;
    let mut c = Command::new("/usr/sbin/nginx");
    c.args(["-p"]).arg(dir).args(["-c"]).arg(dir.join("nginx.conf")).args(["-g", "daemon off; user root;"]);
    Ok((c, conf))
}

fn flask(dir: &Path, port: u16, input: Option<&FixInput>) -> Result<(Command, String)> {
    let python = root().join(".tools/stacks/venv/bin/python");
    if !python.exists() {
        return Err("Flask is not installed: run `cargo xtask setup --browsers`".into());
    }
    let cors = input.map(|i| code_of(Stack::Flask, i).join("\n")).unwrap_or_default();
    let program = format!(
        "import sys\nfrom flask import Flask, jsonify\n\napp = Flask(__name__)\n\n{cors}\n\n@app.route(\"/api/data\", methods=[\"GET\", \"POST\", \"PUT\", \"PATCH\", \"DELETE\"])\ndef data():\n    return jsonify(ok=True)\n\nif __name__ == \"__main__\":\n    app.run(host=\"127.0.0.1\", port=int(sys.argv[1]))\n"
    );
    std::fs::write(dir.join("app.py"), &program).map_err(|e| e.to_string())?;
    let mut c = Command::new(python);
    c.arg(dir.join("app.py")).arg(port.to_string());
    Ok((c, program))
}

fn express(dir: &Path, port: u16, input: Option<&FixInput>) -> Result<(Command, String)> {
    let modules = root().join(".tools/stacks/node/node_modules");
    if !modules.join("express").exists() {
        return Err("Express is not installed: run `cargo xtask setup --browsers`".into());
    }
    let cors = input.map(|i| code_of(Stack::Express, i).join("\n")).unwrap_or_default();
    let program = format!(
        "const express = require('express');\nconst app = express();\n\n{cors}\n\napp.all('/api/data', (req, res) => res.json({{ ok: true }}));\napp.listen(Number(process.argv[2]), '127.0.0.1');\n"
    );
    std::fs::write(dir.join("server.js"), &program).map_err(|e| e.to_string())?;
    let mut c = Command::new("node");
    c.arg(dir.join("server.js")).arg(port.to_string()).env("NODE_PATH", modules);
    Ok((c, program))
}

fn venv_python() -> Result<PathBuf> {
    let python = root().join(".tools/stacks/venv/bin/python");
    python.exists().then_some(python).ok_or_else(|| "the Python stacks are not installed: run `cargo xtask setup --browsers`".into())
}

fn node_modules(package: &str) -> Result<PathBuf> {
    let modules = root().join(".tools/stacks/node/node_modules");
    if modules.join(package).exists() {
        Ok(modules)
    } else {
        Err(format!("{package} is not installed: run `cargo xtask setup --browsers`"))
    }
}

fn apache(dir: &Path, port: u16, input: Option<&FixInput>) -> Result<(Command, String)> {
    let cors = input.map(|i| code_of(Stack::Apache, i).join("\n")).unwrap_or_default();
    let www = dir.join("www/api");
    std::fs::create_dir_all(&www).map_err(|e| e.to_string())?;
    std::fs::write(www.join("data"), "{\"ok\":true}").map_err(|e| e.to_string())?;
    let d = dir.display();
    let m = "/usr/lib/apache2/modules";
    let conf = format!(
        "ServerRoot \"{d}\"\nServerName 127.0.0.1\nListen 127.0.0.1:{port}\nPidFile {d}/httpd.pid\nErrorLog {d}/error.log\nUser nobody\nGroup nogroup\nLoadModule mpm_event_module {m}/mod_mpm_event.so\nLoadModule authz_core_module {m}/mod_authz_core.so\nLoadModule headers_module {m}/mod_headers.so\nLoadModule setenvif_module {m}/mod_setenvif.so\nLoadModule rewrite_module {m}/mod_rewrite.so\nLoadModule mime_module {m}/mod_mime.so\nTypesConfig /etc/mime.types\nDocumentRoot \"{d}/www\"\n<Directory \"{d}/www\">\n    Require all granted\n</Directory>\nAddType application/json .json\n<VirtualHost 127.0.0.1:{port}>\n{cors}\n</VirtualHost>\n"
    );
    std::fs::write(dir.join("httpd.conf"), &conf).map_err(|e| e.to_string())?;
    let mut c = Command::new("/usr/sbin/apache2");
    c.arg("-f").arg(dir.join("httpd.conf")).arg("-DFOREGROUND");
    Ok((c, conf))
}

fn caddy(dir: &Path, port: u16, input: Option<&FixInput>) -> Result<(Command, String)> {
    let cors = input.map(|i| code_of(Stack::Caddy, i).join("\n")).unwrap_or_default();
    let conf =
        format!("{{\n    admin off\n    auto_https off\n}}\nhttp://127.0.0.1:{port} {{\n{cors}\n    respond /api/data `{{\"ok\":true}}` 200\n}}\n");
    std::fs::write(dir.join("Caddyfile"), &conf).map_err(|e| e.to_string())?;
    let mut c = Command::new("/usr/bin/caddy");
    c.args(["run", "--adapter", "caddyfile", "--config"])
        .arg(dir.join("Caddyfile"))
        .env("XDG_DATA_HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env("HOME", dir);
    Ok((c, conf))
}

fn fastapi(dir: &Path, port: u16, input: Option<&FixInput>) -> Result<(Command, String)> {
    let python = venv_python()?;
    let cors = input.map(|i| code_of(Stack::FastApi, i).join("\n")).unwrap_or_default();
    let program = format!(
        "import sys\nimport uvicorn\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n{cors}\n\n@app.api_route(\"/api/data\", methods=[\"GET\", \"POST\", \"PUT\", \"PATCH\", \"DELETE\"])\ndef data():\n    return {{\"ok\": True}}\n\nuvicorn.run(app, host=\"127.0.0.1\", port=int(sys.argv[1]), log_level=\"warning\")\n"
    );
    std::fs::write(dir.join("main.py"), &program).map_err(|e| e.to_string())?;
    let mut c = Command::new(python);
    c.arg(dir.join("main.py")).arg(port.to_string());
    Ok((c, program))
}

fn django(dir: &Path, port: u16, input: Option<&FixInput>) -> Result<(Command, String)> {
    let python = venv_python()?;
    let cors = input.map(|i| code_of(Stack::Django, i).join("\n")).unwrap_or_default();
    let program = format!(
        "import sys\nfrom django.conf import settings\n\nINSTALLED_APPS = []\nMIDDLEWARE = []\n\n# --- corsprobe's settings.py lines ---\n{cors}\n# ---\n\nsettings.configure(\n    DEBUG=False, ALLOWED_HOSTS=[\"127.0.0.1\"], ROOT_URLCONF=__name__, SECRET_KEY=\"corsprobe-test\",\n    INSTALLED_APPS=INSTALLED_APPS, MIDDLEWARE=MIDDLEWARE,\n    **{{k: v for k, v in dict(globals()).items() if k.startswith(\"CORS_\")}},\n)\nimport django\ndjango.setup()\nfrom django.http import JsonResponse\nfrom django.urls import path\nfrom django.views.decorators.csrf import csrf_exempt\n\n@csrf_exempt\ndef data(request):\n    return JsonResponse({{\"ok\": True}})\n\nurlpatterns = [path(\"api/data\", data)]\n\nfrom django.core.management import execute_from_command_line\nexecute_from_command_line([\"app\", \"runserver\", f\"127.0.0.1:{{sys.argv[1]}}\", \"--noreload\"])\n"
    );
    std::fs::write(dir.join("app.py"), &program).map_err(|e| e.to_string())?;
    let mut c = Command::new(python);
    c.arg(dir.join("app.py")).arg(port.to_string());
    Ok((c, program))
}

fn fastify(dir: &Path, port: u16, input: Option<&FixInput>) -> Result<(Command, String)> {
    let modules = node_modules("fastify")?;
    let cors = input.map(|i| code_of(Stack::Fastify, i).join("\n")).unwrap_or_default();
    let program = format!(
        "const fastify = require('fastify')();\n\n(async () => {{\n{cors}\n  fastify.route({{ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/api/data', handler: async () => ({{ ok: true }}) }});\n  await fastify.listen({{ port: Number(process.argv[2]), host: '127.0.0.1' }});\n}})();\n"
    );
    std::fs::write(dir.join("server.js"), &program).map_err(|e| e.to_string())?;
    let mut c = Command::new("node");
    c.arg(dir.join("server.js")).arg(port.to_string()).env("NODE_PATH", modules);
    Ok((c, program))
}

/// axum: the generated code is compiled into a tiny server (a crate under
/// `target/stack-axum`, its own workspace and target dir, built offline with the
/// workspace's Cargo.lock; the first build compiles axum and tower-http, later ones only
/// the server).
fn axum(dir: &Path, port: u16, input: Option<&FixInput>) -> Result<(Command, String)> {
    let krate = root().join("target/stack-axum");
    std::fs::create_dir_all(krate.join("src")).map_err(|e| e.to_string())?;
    let manifest = "[package]\nname = \"stack-axum\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\naxum = \"0.8\"\ntower-http = { version = \"0.7\", features = [\"cors\"] }\ntokio = { version = \"1\", features = [\"rt-multi-thread\", \"macros\", \"net\"] }\n\n[workspace]\n";
    std::fs::write(krate.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    if !krate.join("Cargo.lock").exists() {
        std::fs::copy(root().join("Cargo.lock"), krate.join("Cargo.lock")).map_err(|e| e.to_string())?;
    }
    let cors = input.map(|i| code_of(Stack::Axum, i).join("\n")).unwrap_or_default();
    let program = format!(
        "use axum::{{routing::any, Router}};\n\n#[allow(unused_imports)]\nfn app() -> Router {{\n    let app = Router::new().route(\"/api/data\", any(|| async {{ ([(\"content-type\", \"application/json\")], \"{{\\\"ok\\\":true}}\") }}));\n    // --- corsprobe's snippet ---\n{cors}\n    // ---\n    app\n}}\n\n#[tokio::main]\nasync fn main() {{\n    let port: u16 = std::env::args().nth(1).and_then(|p| p.parse().ok()).expect(\"port\");\n    let listener = tokio::net::TcpListener::bind((\"127.0.0.1\", port)).await.expect(\"bind\");\n    axum::serve(listener, app()).await.expect(\"serve\");\n}}\n"
    );
    std::fs::write(krate.join("src/main.rs"), &program).map_err(|e| e.to_string())?;
    let out = Command::new("cargo")
        .args(["build", "--offline", "--quiet", "--manifest-path"])
        .arg(krate.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", krate.join("target"))
        .output()
        .map_err(|e| format!("cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!("the generated axum code does not compile:\n{}\n--- main.rs ---\n{program}", String::from_utf8_lossy(&out.stderr)));
    }
    let binary = dir.join("stack-axum");
    std::fs::copy(krate.join("target/debug/stack-axum"), &binary).map_err(|e| e.to_string())?;
    let mut c = Command::new(binary);
    c.arg(port.to_string());
    Ok((c, program))
}

/// One way a real server is broken: its configuration, the request that meets it,
/// and the error Chromium reports (see [`broken_error`] for a stack that answers
/// otherwise). Shared by the Chromium proof (harness/tests/fixes_in_chromium.rs) and
/// the CLI's (cli/tests/stacks_agree.rs).
pub struct BrokenCase {
    pub id: &'static str,
    /// The broken server's configuration (None: no CORS at all).
    pub broken: fn(&str) -> Option<FixInput>,
    pub request: fn(&str) -> RequestSpec,
    pub error: CorsError,
}

fn only_origin(app: &str) -> FixInput {
    FixInput { origins: vec![app.into()], ..Default::default() }
}

/// The four failures every verified stack is run with, broken then fixed.
pub fn broken_cases() -> Vec<BrokenCase> {
    vec![
        BrokenCase { id: "missing-allow-origin", broken: |_| None, request: |url| RequestSpec::get(url), error: CorsError::MissingAllowOriginHeader },
        BrokenCase {
            id: "header-not-allowed",
            broken: |app| Some(FixInput { headers: vec!["content-type".into()], ..only_origin(app) }),
            request: |url| RequestSpec { headers: vec![Header { name: "X-Api-Key".into(), value: "demo".into() }], ..RequestSpec::get(url) },
            error: CorsError::HeaderDisallowedByPreflightResponse,
        },
        BrokenCase {
            id: "method-not-allowed",
            broken: |app| Some(only_origin(app)),
            // PURGE: django-cors-headers' defaults already allow PUT.
            request: |url| RequestSpec { method: "PURGE".into(), ..RequestSpec::get(url) },
            error: CorsError::MethodDisallowedByPreflightResponse,
        },
        BrokenCase {
            id: "credentials-header-missing",
            broken: |app| Some(only_origin(app)),
            request: |url| RequestSpec { credentials: Credentials::Include, ..RequestSpec::get(url) },
            error: CorsError::InvalidAllowCredentials,
        },
    ]
}

/// What Chromium reports for the broken server. Starlette's CORSMiddleware answers a
/// preflight whose header or method it does not allow with `400 Disallowed CORS …`, so
/// Chromium reports the status, not the list (measured here).
pub fn broken_error(stack: Stack, case: &BrokenCase) -> CorsError {
    match (stack, case.error) {
        (Stack::FastApi, CorsError::HeaderDisallowedByPreflightResponse | CorsError::MethodDisallowedByPreflightResponse) => {
            CorsError::PreflightInvalidStatus
        }
        (_, error) => error,
    }
}
