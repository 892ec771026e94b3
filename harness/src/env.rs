//! The test world: the app's `dist/` on one loopback origin, the lab on another.

use corsprobe_lab::{serve_app, start, Lab, LabConfig};
use std::net::IpAddr;
use std::path::PathBuf;

pub struct TestEnv {
    /// Keeps the servers running.
    _runtime: tokio::runtime::Runtime,
    pub lab: Lab,
    /// `http://127.0.0.1:PORT`, serving `dist/` (or a blank page when it is not built).
    pub app_origin: String,
    /// Whether the real app is served (false: a blank page on the app origin).
    pub has_app: bool,
}

impl TestEnv {
    pub fn start(delay_ms: u64) -> Result<TestEnv, String> {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().map_err(|e| e.to_string())?;
        let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist");
        let has_app = dist.join("index.html").exists();
        let dir = if has_app {
            dist
        } else {
            let blank = std::env::temp_dir().join(format!("corsprobe-blank-{}", std::process::id()));
            std::fs::create_dir_all(&blank).map_err(|e| e.to_string())?;
            std::fs::write(blank.join("index.html"), "<!doctype html><title>blank</title>").map_err(|e| e.to_string())?;
            blank
        };
        let loopback = IpAddr::from([127, 0, 0, 1]);
        let (app_origin, lab) = runtime.block_on(async {
            let (app_origin, _) = serve_app(dir, loopback, 0).await.map_err(|e| e.to_string())?;
            let lab =
                start(LabConfig { app_origins: vec![app_origin.clone()], bind: loopback, port: 0, delay_ms }).await.map_err(|e| e.to_string())?;
            Ok::<_, String>((app_origin, lab))
        })?;
        Ok(TestEnv { _runtime: runtime, lab, app_origin, has_app })
    }

    /// A page on the app origin to send requests from.
    pub fn app_page(&self) -> String {
        format!("{}/", self.app_origin)
    }

    /// Serves `dist/` again on another loopback origin, under a path prefix (as when a
    /// team hosts corsprobe inside its own site); returns the page URL.
    pub fn serve_app_under(&self, prefix: &str) -> Result<String, String> {
        self.serve_dir_under(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist"), prefix)
    }

    /// Serves `dir` (a copy of `dist/` a test changed, say) on another loopback origin,
    /// under `prefix`; returns the page URL. Files are read at each request.
    pub fn serve_dir_under(&self, dir: PathBuf, prefix: &str) -> Result<String, String> {
        let (origin, _) =
            self._runtime.block_on(corsprobe_lab::serve_app_under(dir, IpAddr::from([127, 0, 0, 1]), 0, prefix)).map_err(|e| e.to_string())?;
        Ok(format!("{origin}{prefix}"))
    }

    pub fn out_dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("out")
    }
}
