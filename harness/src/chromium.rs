//! Launches Debian's Chromium headless with a fresh profile and connects to it.

use crate::cdp::{Cdp, Result};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Chromium {
    child: Child,
    profile: PathBuf,
    pub ws_url: String,
    pub version: String,
}

/// The Chromium binary: `$CHROMIUM`, else Debian's.
pub fn binary() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

impl Chromium {
    pub fn launch() -> Result<Chromium> {
        Chromium::launch_with(&[])
    }

    /// Chromium with extra command-line switches (e.g. host-resolver rules).
    pub fn launch_with(extra: &[String]) -> Result<Chromium> {
        let bin = binary();
        if !std::path::Path::new(&bin).exists() {
            return Err(format!(
                "Chromium not found at {bin}. Install it with `cargo xtask setup --browsers` (Debian packages chromium and chromium-driver), or set CHROMIUM."
            ));
        }
        let profile = std::env::temp_dir().join(format!("corsprobe-chromium-{}-{}", std::process::id(), unique()));
        std::fs::create_dir_all(&profile).map_err(|e| e.to_string())?;
        let mut child = Command::new(&bin)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--remote-debugging-port=0",
                "--hide-scrollbars",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(extra)
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {bin}: {e}"))?;
        let stderr = child.stderr.take().ok_or("no stderr")?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            // Keep draining stderr so Chromium never blocks on a full pipe.
            for line in BufReader::new(stderr).lines().map_while(std::result::Result::ok) {
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    let _ = tx.send(url.trim().to_string());
                }
            }
        });
        let ws_url = rx.recv_timeout(Duration::from_secs(30)).map_err(|_| "Chromium did not print its DevTools URL in 30 s".to_string())?;
        let mut chromium = Chromium { child, profile, ws_url, version: String::new() };
        let mut cdp = chromium.connect()?;
        let v = cdp.call(None, "Browser.getVersion", serde_json::json!({}))?;
        chromium.version = v["product"].as_str().unwrap_or_default().to_string();
        Ok(chromium)
    }

    pub fn connect(&self) -> Result<Cdp> {
        let start = Instant::now();
        loop {
            match Cdp::connect(&self.ws_url) {
                Ok(c) => return Ok(c),
                Err(e) if start.elapsed() > Duration::from_secs(10) => return Err(e),
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn unique() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
}
