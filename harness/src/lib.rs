//! corsprobe's browser test harness: Debian Chromium over the raw DevTools protocol,
//! the lab on loopback, and the app's release build on a second origin.

pub mod app;
pub mod auth_prompts;
pub mod cdp;
pub mod chromium;
pub mod console;
pub mod difftest;
pub mod env;
pub mod firefox;
pub mod firefox_oracle;
pub mod har;
pub mod https_page;
pub mod oracle;
pub mod page;
pub mod real_servers;
pub mod stacks;
pub mod webkit;
