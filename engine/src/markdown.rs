//! A report as Markdown, for the bug tracker where frontend and backend people meet.
//! Values from the endpoint are quoted in code spans, never as live Markdown or HTML.

use crate::finding::{Certainty, Finding};
use crate::report::Report;

/// A code span that survives any content: the fence is longer than any backtick run
/// inside (CommonMark §6.1).
fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{}{pad}{fence}", text.replace(['\r', '\n'], " "))
}

fn certainty(c: Certainty) -> &'static str {
    match c {
        Certainty::Exact => "exact",
        Certainty::Likely => "likely",
        Certainty::Possible => "possible",
    }
}

fn finding(out: &mut String, f: &Finding) {
    out.push_str(&format!("### {} ({})\n\n", f.title, certainty(f.certainty)));
    let names: Vec<&str> = f.chromium.iter().map(|e| e.name()).collect();
    if !names.is_empty() {
        out.push_str(&format!("Chromium: {}", code(&names.join(", "))));
        if let Some(p) = f.param.as_deref().filter(|p| !p.is_empty()) {
            out.push_str(&format!(" · parameter {}", code(p)));
        }
        out.push_str("\n\n");
    }
    out.push_str(&f.what);
    out.push_str("\n\n");
    if !f.why.is_empty() {
        out.push_str(&f.why);
        out.push_str("\n\n");
    }
    for block in &f.fix {
        out.push_str(&format!("{}:\n\n```http\n{}\n```\n\n", block.response, block.lines.join("\n").replace("```", "'''")));
        if let Some(note) = &block.note {
            out.push_str(&format!("{note}\n\n"));
        }
    }
    out.push_str(&format!("More: {}\n\n", f.mdn));
}

/// The whole report as Markdown.
pub fn report_markdown(r: &Report) -> String {
    let mut out = String::new();
    let stage = r.stage.map(|s| format!(" at the {} stage", s.as_str())).unwrap_or_default();
    out.push_str(&format!("## CORS: {}{stage} — {} {}\n\n", r.verdict.as_str(), r.request.method, code(&r.request.url)));
    let browser = r.browser.as_ref().map(|b| format!("{} {}", b.name, b.version)).unwrap_or_else(|| "a browser".into());
    out.push_str(&format!(
        "Tested by corsprobe from origin {} in {browser}; mode {}, credentials {}, redirect {}.\n\n",
        code(&r.page_origin),
        r.request.mode.as_str(),
        r.request.credentials.as_str(),
        r.request.redirect.as_str()
    ));
    if !r.request.headers.is_empty() {
        out.push_str("Request headers:\n\n");
        for h in &r.request.headers {
            out.push_str(&format!("- {}\n", code(&format!("{}: {}", h.name, h.value))));
        }
        out.push('\n');
    }
    for f in &r.findings {
        finding(&mut out, f);
    }
    if !r.probes.is_empty() {
        out.push_str("| probe | method | mode | credentials | outcome |\n|---|---|---|---|---|\n");
        for p in &r.probes {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                p.purpose.replace('|', "\\|"),
                code(&p.method),
                p.mode.as_str(),
                p.credentials.as_str(),
                p.outcome.label()
            ));
        }
        out.push('\n');
    }
    let differences = crate::browsers::differences(r);
    if !differences.is_empty() {
        out.push_str("In other browsers:\n\n| behaviour | standard | Chromium | Firefox | WebKit |\n|---|---|---|---|---|\n");
        for d in &differences {
            let cell = |s: &str| s.replace('|', "\\|");
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                cell(&d.topic),
                cell(&d.standard),
                cell(&d.chromium),
                cell(&d.firefox),
                cell(&d.webkit)
            ));
        }
        out.push('\n');
    }
    if !r.curl.is_empty() {
        out.push_str("Replay:\n\n```sh\n");
        for c in &r.curl {
            out.push_str(&format!("# {}\n{}\n", c.label, c.command.replace("```", "'''")));
        }
        out.push_str("```\n");
    }
    out
}
