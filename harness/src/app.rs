//! The browser tests' shared prelude: the servers, Chromium, and one tab showing the
//! app, ready to be driven.
//!
//! ```no_run
//! use harness::app::{open_app, App};
//! let App { env, chromium, mut page } = open_app().with_viewport(1280, 900, false).with_lab().open().expect("open the app");
//! ```
//!
//! Bind all three fields, an unused one to a named placeholder (`chromium: _chromium`):
//! a field left to `..` or `_` is dropped at the end of the `let`, and the browser or
//! the servers with it. Bound this way they drop in reverse order: the tab, then the
//! browser, then the servers.

use crate::cdp::Result;
use crate::chromium::Chromium;
use crate::env::TestEnv;
use crate::page::Page;
use std::time::Duration;

/// A JavaScript condition, true once the app has rendered its form and can be driven.
pub const READY: &str = "document.querySelector('[data-action=run]')";

/// How long Chromium may take to render the app from a local server.
pub const READY_TIMEOUT: Duration = Duration::from_secs(10);

/// What [`open_app`] opened. Fields drop in order: the tab before the browser it is in,
/// the browser before the servers.
pub struct App {
    pub page: Page<'static>,
    pub chromium: Chromium,
    pub env: TestEnv,
}

/// How to open the app; see [`open_app`].
#[derive(Debug, Clone, Default)]
pub struct OpenApp {
    viewport: Option<(u32, u32, bool)>,
    lab: bool,
    at: String,
}

/// Starts the servers (no lab delay), launches Chromium, opens a tab in a fresh browser
/// context on the app and waits until it is [`READY`]. Fails when `dist/` is not built.
pub fn open_app() -> OpenApp {
    OpenApp::default()
}

impl OpenApp {
    /// Sets the tab's viewport (and colour scheme) before the app loads; see
    /// [`Page::set_viewport`] (narrower than 600 px is emulated as a phone).
    pub fn with_viewport(mut self, width: u32, height: u32, dark: bool) -> OpenApp {
        self.viewport = Some((width, height, dark));
        self
    }

    /// Opens the app with `?lab=<the lab's origin>`, so it offers the lab's examples.
    pub fn with_lab(mut self) -> OpenApp {
        self.lab = true;
        self
    }

    /// Opens the app at a path on its origin (`/x/`) and/or a fragment (`#v1.…`), e.g. a
    /// share link.
    pub fn at(mut self, path_or_hash: &str) -> OpenApp {
        self.at = path_or_hash.to_string();
        self
    }

    /// The URL to open on the app at `app_origin`, with the lab at `lab_origin`.
    pub fn url(&self, app_origin: &str, lab_origin: &str) -> String {
        let (path, hash) = match self.at.find('#') {
            Some(i) => self.at.split_at(i),
            None => (self.at.as_str(), ""),
        };
        let path = if path.is_empty() { "/" } else { path };
        let lab = match (self.lab, path.contains('?')) {
            (false, _) => String::new(),
            (true, false) => format!("?lab={lab_origin}"),
            (true, true) => format!("&lab={lab_origin}"),
        };
        format!("{app_origin}{path}{lab}{hash}")
    }

    pub fn open(self) -> Result<App> {
        let env = TestEnv::start(0).map_err(|e| format!("start the servers: {e}"))?;
        if !env.has_app {
            return Err("dist/ is not built: run `cargo xtask test`".into());
        }
        let chromium = Chromium::launch().map_err(|e| format!("launch Chromium: {e}"))?;
        let mut page = Page::open_own(chromium.connect()?)?;
        if let Some((width, height, dark)) = self.viewport {
            page.set_viewport(width, height, dark)?;
        }
        let url = self.url(&env.app_origin, &env.lab.origin);
        page.navigate(&url)?;
        wait_ready(&mut page)?;
        Ok(App { page, chromium, env })
    }
}

/// Waits until the app in `page` is [`READY`].
pub fn wait_ready(page: &mut Page) -> Result<()> {
    page.wait_for(READY, READY_TIMEOUT).map_err(|e| format!("the app did not render: {e}"))
}

/// Opens a tab of `chromium` in a fresh browser context, on its own connection, at `url`
/// (the app served elsewhere: under a path, on another origin, from a changed copy of
/// `dist/`), and waits until the app is [`READY`].
pub fn open_page(chromium: &Chromium, url: &str) -> Result<Page<'static>> {
    let mut page = Page::open_own(chromium.connect()?)?;
    page.navigate(url)?;
    wait_ready(&mut page)?;
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::open_app;

    #[test]
    fn urls() {
        let (app, lab) = ("http://127.0.0.1:1", "http://127.0.0.1:2");
        assert_eq!(open_app().url(app, lab), "http://127.0.0.1:1/");
        assert_eq!(open_app().with_lab().url(app, lab), "http://127.0.0.1:1/?lab=http://127.0.0.1:2");
        assert_eq!(open_app().at("#v1.x").url(app, lab), "http://127.0.0.1:1/#v1.x");
        assert_eq!(open_app().with_lab().at("/a/?b=1#v1.x").url(app, lab), "http://127.0.0.1:1/a/?b=1&lab=http://127.0.0.1:2#v1.x");
        assert_eq!(open_app().with_lab().at("/a/").url(app, lab), "http://127.0.0.1:1/a/?lab=http://127.0.0.1:2");
    }
}
