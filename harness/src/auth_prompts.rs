//! The cases of the password-dialog tests (`harness/tests/auth_prompts*.rs`): each kind
//! of fetch corsprobe can send, against the lab's HTTP Basic routes. One table, so every
//! browser is asked the same questions.

/// (label, mode, credentials, from a sandboxed frame)
pub const FETCHES: &[(&str, &str, &str, bool)] = &[
    ("cors omit", "cors", "omit", false),
    ("cors same-origin", "cors", "same-origin", false),
    ("no-cors omit", "no-cors", "omit", false),
    ("cors include", "cors", "include", false),
    ("no-cors include", "no-cors", "include", false),
    ("null frame, cors omit", "cors", "omit", true),
    ("null frame, cors include", "cors", "include", true),
];

/// The lab's routes behind HTTP Basic authentication (`lab/src/cases.rs`).
pub const ROUTES: &[&str] = &["basic-auth-cors", "basic-auth-before-cors"];
