//! Copy-ready `curl` commands that replay what the browser sends, with this page's
//! `Origin`, so a person can read the headers page code never sees.

use crate::preflight_need::PreflightNeed;
use crate::report::CurlCommand;
use crate::request::RequestSpec;

/// POSIX shell single-quoting.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The preflight (if any) and the actual request, as the browser would send them from
/// `origin`. `-i` prints the response headers.
pub fn curl_commands(request: &RequestSpec, need: &PreflightNeed, origin: &str) -> Vec<CurlCommand> {
    let url = shell_quote(&request.url);
    let origin_h = shell_quote(&format!("Origin: {origin}"));
    let mut out = Vec::new();
    if need.required {
        let mut c = format!(
            "curl -i -X OPTIONS {url} \\\n  -H {origin_h} \\\n  -H {}",
            shell_quote(&format!("Access-Control-Request-Method: {}", need.method))
        );
        if !need.headers.is_empty() {
            c.push_str(&format!(" \\\n  -H {}", shell_quote(&format!("Access-Control-Request-Headers: {}", need.headers.join(",")))));
        }
        out.push(CurlCommand { label: "Preflight, as the browser sends it".into(), command: c, settles: false });
    }
    // `-L` follows redirects as the browser does (each hop's headers are printed), only
    // when the request follows them.
    let follow = if request.redirect == crate::request::RedirectMode::Follow { "-L " } else { "" };
    let mut c = format!("curl -i {follow}-X {} {url} \\\n  -H {origin_h}", request.method);
    for h in &request.headers {
        c.push_str(&format!(" \\\n  -H {}", shell_quote(&format!("{}: {}", h.name, h.value))));
    }
    if let Some(body) = &request.body {
        c.push_str(&format!(" \\\n  --data-raw {}", shell_quote(body)));
    }
    out.push(CurlCommand { label: "Actual request".into(), command: c, settles: false });
    // A foreign origin shows whether the server reflects any origin (a policy audit).
    out.push(CurlCommand {
        label: "Same request from a foreign origin (does the server reflect any origin?)".into(),
        command: format!(
            "curl -sv -o /dev/null -X {} {url} -H {} 2>&1 | grep -i '^[<>] \\(origin\\|access-control\\|vary\\|HTTP/\\|{}\\)'",
            request.method,
            shell_quote(&format!("Origin: {}", crate::audit::FOREIGN_ORIGIN)),
            request.method
        ),
        settles: false,
    });
    // Origins a correct allow-list rejects but loose matchers accept (a policy audit):
    // each echoed one names the mistake (`crate::audit::origin_probes`).
    let probes = crate::audit::origin_probes(origin, &request.url);
    if !probes.is_empty() {
        let listed: Vec<String> = probes.iter().map(|p| format!("{} ({})", p.origin, p.what)).collect();
        let quoted: Vec<String> = probes.iter().map(|p| shell_quote(&p.origin)).collect();
        out.push(CurlCommand {
            label: format!(
                "Origins a correct allow-list rejects (does the server match origins loosely?): {}. An Access-Control-Allow-Origin that repeats one names the mistake.",
                listed.join("; ")
            ),
            command: format!(
                "for o in {}; do\n  curl -sv -o /dev/null -X {} {url} -H \"Origin: $o\" 2>&1 | grep -i '^[<>] \\(origin\\|access-control\\|vary\\|HTTP/\\|{}\\)'\ndone",
                quoted.join(" "),
                request.method,
                request.method
            ),
            settles: false,
        });
    }
    out
}

/// `corsprobe check` for `request` from `origin`: the command line sends every hop
/// itself as the browser does (the preflight again after a redirect, `Origin: null`
/// once a redirect taints the origin), which pasted `curl -L` output cannot show.
/// Flags left at their defaults are left out.
pub fn cli_command(request: &RequestSpec, origin: &str) -> String {
    use crate::request::{Credentials, Mode, RedirectMode};
    let mut c = format!("corsprobe check {} --origin {}", shell_quote(&request.url), shell_quote(origin));
    if request.method != "GET" {
        c.push_str(&format!(" -X {}", shell_quote(&request.method)));
    }
    for h in &request.headers {
        c.push_str(&format!(" \\\n  -H {}", shell_quote(&format!("{}: {}", h.name, h.value))));
    }
    if let Some(body) = &request.body {
        c.push_str(&format!(" \\\n  --data {}", shell_quote(body)));
    }
    if request.credentials != Credentials::SameOrigin {
        c.push_str(&format!(" --credentials {}", request.credentials.as_str()));
    }
    if request.mode != Mode::Cors {
        c.push_str(&format!(" --mode {}", request.mode.as_str()));
    }
    if request.redirect != RedirectMode::Follow {
        c.push_str(&format!(" --redirect {}", request.redirect.as_str()));
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_survive_the_shell() {
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
    }
}
