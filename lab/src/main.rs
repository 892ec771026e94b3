//! `corsprobe-lab`: serves the lab (and optionally the app's static files) on loopback.

use corsprobe_lab::{serve_app, start, LabConfig};
use std::net::IpAddr;
use std::path::PathBuf;

const USAGE: &str = "usage: corsprobe-lab [--port 8081] [--bind 127.0.0.1] [--app-origin URL]... [--delay-ms N] [--serve-app DIR --app-port 8080]";

struct Args {
    config: LabConfig,
    serve_app: Option<(PathBuf, u16)>,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut config = LabConfig { app_origins: vec![], bind: IpAddr::from([127, 0, 0, 1]), port: 8081, delay_ms: 0 };
    let (mut dir, mut app_port) = (None, 8080u16);
    while let Some(flag) = args.next() {
        let mut value = |what: &str| args.next().ok_or_else(|| format!("{flag} needs {what}"));
        match flag.as_str() {
            "--port" => config.port = value("a port")?.parse().map_err(|_| "--port takes a number from 0 to 65535".to_string())?,
            "--bind" => config.bind = value("an IP address")?.parse().map_err(|_| "--bind takes an IP address".to_string())?,
            "--app-origin" => {
                let origin = value("an origin")?;
                if corsprobe_engine::url::parse_origin(&origin).is_none() {
                    return Err(format!("--app-origin {origin:?} is not an origin like http://127.0.0.1:8080 (no path, no trailing slash)"));
                }
                config.app_origins.push(origin);
            }
            "--delay-ms" => config.delay_ms = value("milliseconds")?.parse().map_err(|_| "--delay-ms takes a number".to_string())?,
            "--serve-app" => dir = Some(PathBuf::from(value("a directory")?)),
            "--app-port" => app_port = value("a port")?.parse().map_err(|_| "--app-port takes a number from 0 to 65535".to_string())?,
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    if config.app_origins.is_empty() {
        config.app_origins.push(format!("http://127.0.0.1:{app_port}"));
    }
    Ok(Args { config, serve_app: dir.map(|d| (d, app_port)) })
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(message) => {
            eprintln!("{message}");
            return std::process::ExitCode::from(2);
        }
    };
    let bind = args.config.bind;
    let allowed = args.config.app_origins.join(", ");
    let first_app_origin = args.config.app_origins[0].clone();
    let lab = match start(args.config).await {
        Ok(lab) => lab,
        Err(e) => {
            eprintln!("corsprobe-lab: cannot start the lab: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!("lab:  {}  (allows {allowed}; cases at {}/cases.json)", lab.origin, lab.origin);
    // The differential harness's generated answers (lab/src/generated.rs), on 127.0.0.1
    // only: `{page}` in an answer is the first app origin.
    let generated = match corsprobe_lab::generated::start(&first_app_origin) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("corsprobe-lab: cannot start the generated-answer server: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!("gen:  {}/g/<tag>/0?a=<answer>  (see lab/src/generated.rs)", generated.origin());
    if let Some((dir, port)) = args.serve_app {
        match serve_app(dir, bind, port).await {
            Ok((origin, _)) => println!("app:  {origin}/?lab={}", lab.origin),
            Err(e) => {
                eprintln!("corsprobe-lab: cannot serve the app: {e}");
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    let _ = tokio::signal::ctrl_c().await;
    std::process::ExitCode::SUCCESS
}
