//! An https page for the mixed-content recordings: `openssl s_server` with a
//! self-signed certificate (browsers told to accept it), serving one blank page.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// An https server for one page, on a loopback port; killed when dropped.
pub struct HttpsPage {
    child: Child,
    dir: std::path::PathBuf,
    pub url: String,
}

impl HttpsPage {
    pub fn start() -> HttpsPage {
        let dir = std::env::temp_dir().join(format!("corsprobe-https-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("page.html"), "<!doctype html><title>https page</title>").unwrap();
        let made = Command::new("openssl")
            .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-days", "1", "-keyout", "key.pem", "-out", "cert.pem"])
            .current_dir(&dir)
            .stderr(Stdio::null())
            .status()
            .expect("openssl is installed");
        assert!(made.success(), "openssl req failed");
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new("openssl")
            .args(["s_server", "-quiet", "-WWW", "-cert", "cert.pem", "-key", "key.pem", "-accept"])
            .arg(format!("127.0.0.1:{port}"))
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start openssl s_server");
        for _ in 0..50 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        HttpsPage { child, dir, url: format!("https://127.0.0.1:{port}/page.html") }
    }
}

impl Drop for HttpsPage {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
