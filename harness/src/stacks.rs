//! Real servers running corsprobe's generated CORS configuration: nginx (Debian),
//! Flask with flask-cors (PyPI) and Express with cors (npm), installed by
//! `cargo xtask setup --browsers` (pinned in `harness/stacks/`).
//!
//! Every server serves the same tiny endpoint — any method on `/api/data` answers
//! `{"ok":true}` — so one request can be compared across stacks. A [`StackServer`]
//! runs in its own process group on a free loopback port and is stopped on drop.

use corsprobe_engine::fix::{snippet, FixInput, Stack};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub type Result<T> = std::result::Result<T, String>;

/// The stacks verified live.
pub const VERIFIED: &[Stack] = &[Stack::Nginx, Stack::Flask, Stack::Express];

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
    let (mut command, source) = match stack {
        Stack::Nginx => nginx(&dir.0, port, input)?,
        Stack::Flask => flask(&dir.0, port, input)?,
        Stack::Express => express(&dir.0, port, input)?,
        other => return Err(format!("{} is not verified live", other.id())),
    };
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
            let log = std::fs::read_to_string(server._dir.0.join("server.log")).unwrap_or_default();
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
    let d = dir.display();
    let conf = format!(
        "worker_processes 1;\nerror_log {d}/error.log;\npid {d}/nginx.pid;\nevents {{ worker_connections 64; }}\nhttp {{\n    access_log off;\n    client_body_temp_path {d}/body;\n    proxy_temp_path {d}/proxy;\n    fastcgi_temp_path {d}/fastcgi;\n    uwsgi_temp_path {d}/uwsgi;\n    scgi_temp_path {d}/scgi;\n{http_part}\n    server {{\n        listen 127.0.0.1:{port};\n        location /api/ {{\n{location_part}\n            default_type application/json;\n            return 200 '{{\"ok\":true}}';\n        }}\n    }}\n}}\n"
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
