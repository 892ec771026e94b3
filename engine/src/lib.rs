//! corsprobe's CORS engine.
//!
//! Pure Rust with no browser types, so host `cargo test` covers all of it. The browser
//! glue in the app only sends fetches and hands their outcomes here; the HAR, header
//! and console-message readers hand their facts here too. Every path ends in the same
//! vocabulary: Chromium's [`CorsError`] with its parameter.
//!
//! Spec references read "Fetch §N step M" and point at <https://fetch.spec.whatwg.org/>.

pub mod analyze;
pub mod audit;
pub mod browsers;
pub mod causes;
pub mod check;
pub mod console;
pub mod console_causes;
pub mod cookies;
pub mod cors_error;
pub mod curl;
pub mod diagnose;
pub mod explain;
pub mod finding;
pub mod fix;
pub mod gurl;
pub mod har;
pub mod headers;
pub mod input;
pub mod markdown;
pub mod plan;
pub mod preflight_need;
pub mod raw_headers;
pub mod report;
pub mod request;
pub mod safelist;
pub mod share;
pub mod url;

pub use cors_error::{CorsError, CorsErrorStatus, Stage};
pub use request::{Credentials, Header, Mode, RedirectMode, RequestSpec};
