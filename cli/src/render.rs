//! A report for a person at a terminal: the verdict line, each finding with its
//! certainty and the header lines that fix it. Colour only on a terminal, never with
//! `NO_COLOR` set (<https://no-color.org>).

use crate::wire::Browser;
use corsprobe_engine::browsers::differences;
use corsprobe_engine::finding::{Certainty, Finding, Severity};
use corsprobe_engine::report::{Report, Verdict};
use std::io::IsTerminal;

/// Whether stdout gets ANSI colours.
pub fn colour_wanted() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn bold(&self, t: &str) -> String {
        self.wrap("1", t)
    }
    fn red(&self, t: &str) -> String {
        self.wrap("1;31", t)
    }
    fn green(&self, t: &str) -> String {
        self.wrap("1;32", t)
    }
    fn yellow(&self, t: &str) -> String {
        self.wrap("33", t)
    }
    fn dim(&self, t: &str) -> String {
        self.wrap("2", t)
    }
}

/// The verdict line: `BLOCKED  PUT https://api… from https://app… (Chromium 156), at the preflight`.
pub fn verdict_line(report: &Report, colour: bool) -> String {
    let p = Paint(colour);
    let word = match report.verdict {
        Verdict::Pass => p.green("PASS"),
        Verdict::Blocked => p.red("BLOCKED"),
        Verdict::Unreachable => p.red("UNREACHABLE"),
        Verdict::InvalidInput => p.red("INVALID INPUT"),
    };
    let browser = report.browser.as_ref().map(|b| format!(" ({} {})", b.name, b.version)).unwrap_or_default();
    let stage = report.stage.map(|s| format!(", at the {}", stage_name(s))).unwrap_or_default();
    format!("{word}  {} {} from {}{browser}{stage}", report.request.method, report.request.url, report.page_origin)
}

fn stage_name(stage: corsprobe_engine::Stage) -> &'static str {
    use corsprobe_engine::Stage::*;
    match stage {
        Input => "request itself",
        Network => "network",
        Preflight => "preflight",
        Response => "response",
        Redirect => "redirect",
    }
}

fn certainty(c: Certainty) -> &'static str {
    match c {
        Certainty::Exact => "exact",
        Certainty::Likely => "likely",
        Certainty::Possible => "possible",
    }
}

/// One finding: title, certainty, Chromium's error, what/why, the fix lines, evidence.
pub fn finding(f: &Finding, colour: bool, out: &mut String) {
    let p = Paint(colour);
    let mark = match f.severity {
        Severity::Error => p.red("✗"),
        Severity::Warning => p.yellow("!"),
        Severity::Info => p.dim("i"),
    };
    out.push_str(&format!("\n{mark} {} [{}]\n", p.bold(&f.title), certainty(f.certainty)));
    if !f.chromium.is_empty() {
        let names: Vec<&str> = f.chromium.iter().map(|e| e.name()).collect();
        let param = f.param.as_deref().map(|p| format!(" {p:?}")).unwrap_or_default();
        out.push_str(&format!("  Chromium: {}{param}\n", names.join(" | ")));
    }
    out.push_str(&format!("  {}\n  {}\n", f.what, f.why));
    for block in &f.fix {
        out.push_str(&format!("  Fix, {}:\n", block.response));
        for line in &block.lines {
            out.push_str(&format!("    {}\n", p.green(line)));
        }
        if let Some(note) = &block.note {
            out.push_str(&format!("    {}\n", p.dim(note)));
        }
    }
    for e in &f.evidence {
        out.push_str(&format!("  {}\n", p.dim(&format!("· {e}"))));
    }
    out.push_str(&format!("  {}\n", p.dim(&f.mdn)));
}

/// The whole report, for `check`.
pub fn report(report: &Report, browser: Browser, colour: bool) -> String {
    let mut out = verdict_line(report, colour);
    out.push('\n');
    for f in &report.findings {
        finding(f, colour, &mut out);
    }
    browser_notes(report, browser, colour, &mut out);
    out
}

/// Where the chosen browser differs from the standard, for these findings.
pub fn browser_notes(report: &Report, browser: Browser, colour: bool, out: &mut String) {
    let p = Paint(colour);
    for d in differences(report) {
        let what = match browser {
            Browser::Chromium => &d.chromium,
            Browser::Firefox => &d.firefox,
            Browser::Webkit => &d.webkit,
        };
        out.push_str(&format!("\n{} {}: {} {what} (standard: {})\n", p.dim("note"), d.topic, browser.name(), d.standard));
    }
}

/// The configuration for one stack: each file with where it goes, then the notes.
pub fn snippet(snippet: &corsprobe_engine::fix::Snippet, colour: bool) -> String {
    let paint = Paint(colour);
    let mut out = format!("\n{}\n", paint.bold(&format!("Fix it: {} ({})", snippet.stack.name(), snippet.stack.group())));
    for file in &snippet.files {
        out.push_str(&format!("\n{}\n{}", paint.dim(&format!("── {} ──", file.path)), file.code));
        if !file.code.ends_with('\n') {
            out.push('\n');
        }
    }
    for note in &snippet.notes {
        out.push_str(&format!("\n- {note}"));
    }
    if !snippet.notes.is_empty() {
        out.push('\n');
    }
    out
}
