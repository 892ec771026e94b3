//! Console messages about blocks that are not CORS, which people paste as if they were:
//! mixed content and requests an extension or content blocker stopped.
//!
//! Wordings (read, not copied):
//! - Chromium: `third_party/blink/renderer/core/loader/mixed_content_checker.cc`
//!   (`MixedContentChecker::LogToConsoleAboutFetch`: "Mixed Content: The page at '…' was
//!   loaded over HTTPS, but requested an insecure … '…'. This request has been blocked;
//!   the content must be served over HTTPS.") and `net/base/net_error_list.h`
//!   (`BLOCKED_BY_CLIENT`, printed as `GET <url> net::ERR_BLOCKED_BY_CLIENT`).
//! - Firefox: `dom/locales/en-US/chrome/security/security.properties`
//!   (`BlockMixedActiveContent`: "Blocked loading mixed active content “…”") and
//!   `TrackerUriBlocked` ("The resource at “…” was blocked because content blocking is
//!   enabled.").
//!
//! Quotes may be straight or typographic, and a message may be wrapped over lines.

use crate::console::ConsoleBrowser;
use crate::explain::{finding, Context};
use crate::finding::{Certainty, FindingKind};
use crate::preflight_need::preflight_need;
use crate::report::{Report, Verdict, SCHEMA};
use crate::request::RequestSpec;
use crate::url::Url;
use crate::Stage;

/// One non-CORS block read from a pasted console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsoleCause {
    /// An https page requested plain http and the browser blocked it.
    MixedContent {
        browser: ConsoleBrowser,
        /// The page's URL (Chromium names it; Firefox does not).
        page: Option<String>,
        /// The insecure URL requested.
        resource: Option<String>,
        /// False when the message says the browser loaded (or upgraded) it anyway.
        blocked: bool,
        raw: String,
    },
    /// `net::ERR_BLOCKED_BY_CLIENT` (Chromium) or Firefox's content-blocking message.
    BlockedByClient { browser: ConsoleBrowser, url: Option<String>, raw: String },
}

/// Straight quotes for typographic ones, single spaces.
fn normalize(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| match c {
            '‘' | '’' | '‚' | '′' => '\'',
            '“' | '”' | '„' | '″' | '«' | '»' => '"',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    mapped.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The text between the first `open` after `marker` and the next `close`.
fn quoted_after<'a>(s: &'a str, marker: &str) -> Option<&'a str> {
    let (_, rest) = s.split_once(marker)?;
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let inner = &rest[quote.len_utf8()..];
    let end = inner.find(quote)?;
    Some(&inner[..end]).filter(|u| !u.is_empty())
}

/// The last whitespace-separated token before `at` that looks like a URL.
fn url_before(s: &str, at: usize) -> Option<String> {
    s.get(..at)?.split(' ').rev().find(|t| t.contains("://")).map(|t| t.trim_matches(|c| c == '\'' || c == '"').to_string())
}

/// Every mixed-content and blocked-by-client message in `text`, in order.
pub fn read_console_causes(text: &str) -> Vec<ConsoleCause> {
    let mut out = Vec::new();
    for line in text.replace("\r\n", "\n").split('\n') {
        let norm = normalize(line);
        if norm.is_empty() {
            continue;
        }
        out.extend(read_line(&norm, line.trim()));
    }
    // A message wrapped over lines (by a terminal, or retyped): when no line holds one
    // alone, the paste is read as one line.
    if out.is_empty() {
        out = read_line(&normalize(text), text.trim());
    }
    out
}

fn read_line(norm: &str, raw: &str) -> Vec<ConsoleCause> {
    let mut out = Vec::new();
    let lower = norm.to_ascii_lowercase();
    // Chromium: "Mixed Content: The page at '…' was loaded over HTTPS, but requested an
    // insecure <type> '…'. This request has been blocked; …". People retyping it drop
    // words, so each part is looked for on its own.
    if lower.contains("mixed content") && lower.contains("insecure") {
        let page = quoted_after(norm, "page at").map(str::to_string);
        let resource = lower.find("insecure").and_then(|i| {
            let rest = &norm[i..];
            let q = rest.find(['\'', '"'])?;
            quoted_after(&rest[q..], "").map(str::to_string)
        });
        let blocked = lower.contains("blocked");
        out.push(ConsoleCause::MixedContent { browser: ConsoleBrowser::Chromium, page, resource, blocked, raw: raw.to_string() });
    } else if lower.contains("mixed active content") || lower.contains("mixed (insecure) active content") {
        // Firefox: "Blocked loading mixed active content “…”" (blocked) or "Loading mixed
        // (insecure) active content “…” on a secure page" (allowed by a setting).
        let resource = quoted_after(norm, "content").map(str::to_string);
        let blocked = lower.contains("blocked loading");
        out.push(ConsoleCause::MixedContent { browser: ConsoleBrowser::Firefox, page: None, resource, blocked, raw: raw.to_string() });
    }
    if let Some(at) = norm.find("ERR_BLOCKED_BY_CLIENT") {
        out.push(ConsoleCause::BlockedByClient { browser: ConsoleBrowser::Chromium, url: url_before(norm, at), raw: raw.to_string() });
    } else if lower.contains("was blocked because content blocking is enabled") {
        let url = quoted_after(norm, "resource at").map(str::to_string);
        out.push(ConsoleCause::BlockedByClient { browser: ConsoleBrowser::Firefox, url, raw: raw.to_string() });
    }
    out
}

/// The report for one cause. `page_origin` stands in when the message names no page.
pub fn report_for_cause(cause: &ConsoleCause, page_origin: &str) -> Report {
    let (kind, browser, url, origin, certainty, stage, verdict, raw, extra) = match cause {
        ConsoleCause::MixedContent { browser, page, resource, blocked, raw } => {
            let origin = page.as_deref().and_then(|p| Url::parse(p).ok()).map_or_else(|| page_origin.to_string(), |u| u.origin());
            let extra = match (page, blocked) {
                (_, false) => Some(
                    "The message does not say the request was blocked: the browser may have loaded or upgraded it, so check the Network panel."
                        .to_string(),
                ),
                (Some(p), true) => Some(format!("The page {p} is https; the resource is plain http.")),
                (None, true) => None,
            };
            let certainty = if *blocked { Certainty::Exact } else { Certainty::Likely };
            (FindingKind::MixedContent, *browser, resource.clone(), origin, certainty, Stage::Input, Verdict::Blocked, raw, extra)
        }
        ConsoleCause::BlockedByClient { browser, url, raw } => (
            FindingKind::BlockedByClient,
            *browser,
            url.clone(),
            page_origin.to_string(),
            Certainty::Exact,
            Stage::Network,
            Verdict::Unreachable,
            raw,
            None,
        ),
    };
    let request = RequestSpec::get(url.clone().unwrap_or_default());
    let need = preflight_need(&request);
    let ctx = Context { page_origin: &origin, request: &request, need: &need };
    let mut evidence = vec![format!("{browser}'s console: {raw}")];
    if url.is_none() {
        evidence.push("The message names no URL: the request it is about is not known.".into());
    }
    evidence.extend(extra);
    let findings = vec![finding(kind, certainty, url, &ctx, evidence)];
    Report {
        schema: SCHEMA,
        page_origin: origin.clone(),
        browser: None,
        request,
        verdict,
        stage: Some(stage),
        findings,
        probes: Vec::new(),
        preflight: None,
        needs_headers: false,
        curl: Vec::new(),
        source: Some("console".into()),
        other_stages: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_values_are_read_whatever_the_quotes() {
        assert_eq!(quoted_after("The page at 'https://a.example/' was", "page at"), Some("https://a.example/"));
        assert_eq!(quoted_after("content \"http://b.example/\"", "content"), Some("http://b.example/"));
        assert_eq!(quoted_after("page at ''", "page at"), None);
        assert_eq!(quoted_after("page at", "page at"), None);
    }
}
