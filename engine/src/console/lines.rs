//! Line handling: normalizing a pasted line, finding where messages start in it, and
//! joining a message wrapped over several lines.

use super::chromium::{
    access_kind, cannot_load, chromium_access, chromium_legacy_failed_to_load, chromium_legacy_redirect, chromium_reason, CHROMIUM_STARTS,
};
use super::firefox::{firefox_bare_reason_item, firefox_message, firefox_reason_item, firefox_security_error};
use super::net_line::net_line;
use super::piece::{known, Piece};
use super::reason::{unquote_header_names, Reason, QUOTED_HEADER_NAMES};
use super::safari::{safari_reason, safari_redirection, SAFARI_STARTS};
use super::ConsoleBrowser;
use std::sync::OnceLock;

/// Every piece of the paste, in order; a message wrapped over several lines is read once,
/// from its joined lines.
pub(super) fn read_pieces(text: &str) -> Vec<Piece> {
    let unified = text.replace("\r\n", "\n");
    let lines: Vec<(&str, String)> = unified.split(['\n', '\r']).map(|l| (l, normalize(l))).collect();
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (orig, norm) = &lines[i];
        let mut parsed = parse_line(norm, orig);
        let mut used = 1;
        if parsed.incomplete {
            // A message wrapped over several lines: join the lines that follow, as long as
            // they do not start messages of their own.
            let mut joined = norm.clone();
            let mut joined_orig = orig.trim_end().to_string();
            for k in 1..=5 {
                let Some((next_orig, next)) = lines.get(i + k) else { break };
                if next.is_empty() || !anchor_positions(next).is_empty() || next.contains("net::ERR_") {
                    break;
                }
                // Drop what a terminal or a quote put before the continued text.
                let next = next.trim_start_matches(['│', '┃', '|', '>', ' ']);
                if !joined.ends_with('-') {
                    joined.push(' ');
                }
                joined.push_str(next);
                joined_orig.push('\n');
                joined_orig.push_str(next_orig.trim());
                let attempt = parse_line(&normalize(&joined), &joined_orig);
                if !attempt.incomplete {
                    parsed = attempt;
                    used = k + 1;
                    break;
                }
            }
        }
        pieces.extend(parsed.pieces);
        i += used;
    }
    pieces
}

/// What one line (or a run of joined lines) holds.
pub(super) struct ParsedLine {
    pieces: Vec<Piece>,
    /// A message starts here but does not finish (or its reason is not known): worth
    /// joining the next line.
    incomplete: bool,
}

/// Straight quotes, single spaces, no invisible characters: the wording below is matched
/// against this form. (Backticks are kept: Chromium quotes address spaces with them.)
pub(super) fn normalize(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut space = false;
    for c in line.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{FF07}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{FF02}' => '"',
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => continue,
            c if c.is_whitespace() || c.is_control() => ' ',
            c => c,
        };
        if c == ' ' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// Phrases that always start a message, with a check of what follows.
pub(super) const ANCHORS: &[&str] = &[
    "Access to ",
    "Redirect from '",
    "Cross-Origin Request Blocked:",
    "Cross-Origin Request Warning:",
    "Fetch API cannot load ",
    "XMLHttpRequest cannot load ",
    "Failed to load ",
    "Security Error: Content at ",
    "Cross-origin redirection to ",
];

pub(super) fn anchor_positions(line: &str) -> Vec<usize> {
    let mut positions = Vec::new();
    for anchor in ANCHORS {
        for (at, _) in line.match_indices(anchor).take(64) {
            let Some(rest) = line.get(at + anchor.len()..) else { continue };
            let ok = match *anchor {
                "Access to " => access_kind(rest).is_some(),
                // Legacy Chromium `Failed to load <url>: <reason>`, not `Failed to load resource: …`.
                "Failed to load " => rest.split_whitespace().next().is_some_and(|t| t.contains("://")),
                _ => true,
            };
            if ok {
                positions.push(at);
            }
        }
    }
    positions.sort_unstable();
    positions.dedup();
    positions
}

pub(super) fn parse_line(norm: &str, orig: &str) -> ParsedLine {
    let positions = anchor_positions(norm);
    let mut bounds = Vec::with_capacity(positions.len() + 2);
    bounds.push(0);
    bounds.extend(positions.iter().copied().filter(|p| *p > 0));
    bounds.push(norm.len());
    let mut pieces = Vec::new();
    let mut incomplete = false;
    for pair in bounds.windows(2) {
        let (Some(&from), Some(&to)) = (pair.first(), pair.get(1)) else { continue };
        let Some(segment) = norm.get(from..to) else { continue };
        let raw = segment.trim();
        let anchored = positions.contains(&from);
        let (piece, cut) = if anchored { parse_anchored(segment, raw) } else { parse_bare(segment, raw) };
        incomplete |= cut;
        if let Some(p) = piece {
            pieces.push(p);
        }
    }
    if let [only] = pieces.as_mut_slice() {
        // One message on the line: keep the line as pasted (timestamps, source location).
        only.set_raw(orig.trim());
    }
    ParsedLine { pieces, incomplete }
}

/// A segment that starts with one of [`ANCHORS`]. Returns the piece and whether the
/// message looks cut off.
pub(super) fn parse_anchored(seg: &str, raw: &str) -> (Option<Piece>, bool) {
    let seg = seg.trim_end();
    if let Some(rest) = seg.strip_prefix("Access to ") {
        return chromium_access(rest, raw);
    }
    if let Some(rest) = seg.strip_prefix("Redirect from '") {
        return chromium_legacy_redirect(rest, raw);
    }
    if seg.starts_with("Cross-Origin Request Blocked:") || seg.starts_with("Cross-Origin Request Warning:") {
        return firefox_message(seg, raw);
    }
    if let Some(rest) = seg.strip_prefix("Fetch API cannot load ").or_else(|| seg.strip_prefix("XMLHttpRequest cannot load ")) {
        return cannot_load(rest, raw);
    }
    if let Some(rest) = seg.strip_prefix("Failed to load ") {
        return chromium_legacy_failed_to_load(rest, raw);
    }
    if let Some(rest) = seg.strip_prefix("Security Error: Content at ") {
        return firefox_security_error(rest, raw);
    }
    if let Some(rest) = seg.strip_prefix("Cross-origin redirection to ") {
        return safari_redirection(rest, raw);
    }
    (None, false)
}

/// Words that make an unrecognized line worth joining with the next one.
pub(super) const HINTS: &[&str] = &[
    "Access-Control-",
    "CORS",
    "preflight",
    "Preflight",
    "access control",
    "Cross-Origin",
    "cross-origin",
    "(Reason:",
    "is not allowed by",
    "Request header field",
];

pub(super) fn parse_bare(seg: &str, raw: &str) -> (Option<Piece>, bool) {
    if let Some(net) = net_line(seg, raw) {
        return (Some(Piece::Net(net)), false);
    }
    if let Some(at) = seg.find("(Reason: ") {
        let (item, cut) = firefox_reason_item(seg.get(at + "(Reason: ".len()..).unwrap_or(""), raw);
        return (Some(Piece::Item(item)), cut);
    }
    // Firefox's reason without its parentheses, as typed from memory; only a reason about
    // CORS is taken for Firefox's.
    if let Some(after) = seg.split_once("Reason: ").map(|(_, after)| after).filter(|after| after.contains("CORS")) {
        let (item, cut) = firefox_bare_reason_item(after, raw);
        return (Some(Piece::Item(item)), cut);
    }
    if let Some(r) = find_earliest(seg, CHROMIUM_STARTS, chromium_reason) {
        return (Some(Piece::Item(known(ConsoleBrowser::Chromium, r, raw))), false);
    }
    if let Some(r) = find_earliest(seg, SAFARI_STARTS, safari_reason) {
        return (Some(Piece::Item(known(ConsoleBrowser::Safari, r, raw))), false);
    }
    // A Chromium sentence typed with its header names unquoted (or quoted otherwise):
    // looked for after Safari's, whose sentences name the headers bare.
    if QUOTED_HEADER_NAMES.iter().any(|n| seg.contains(n)) {
        static LOOSE_STARTS: OnceLock<Vec<String>> = OnceLock::new();
        let starts = LOOSE_STARTS.get_or_init(|| CHROMIUM_STARTS.iter().map(|s| unquote_header_names(s)).collect());
        if let Some(r) = find_earliest(&unquote_header_names(seg), starts, chromium_reason) {
            return (Some(Piece::Item(known(ConsoleBrowser::Chromium, r, raw))), false);
        }
    }
    if seg.contains("Failed to fetch") {
        return (Some(Piece::PageError(ConsoleBrowser::Chromium)), false);
    }
    if seg.contains("NetworkError when attempting to fetch resource") {
        return (Some(Piece::PageError(ConsoleBrowser::Firefox)), false);
    }
    if seg.contains("TypeError: Load failed") {
        return (Some(Piece::PageError(ConsoleBrowser::Safari)), false);
    }
    (None, HINTS.iter().any(|h| seg.contains(h)))
}

/// Tries `parse` at every occurrence of every start phrase; keeps the earliest success.
pub(super) fn find_earliest<S: AsRef<str>>(seg: &str, starts: &[S], parse: fn(&str) -> Option<Reason>) -> Option<Reason> {
    let mut best: Option<(usize, Reason)> = None;
    for start in starts {
        for (at, _) in seg.match_indices(start.as_ref()).take(16) {
            if best.as_ref().is_some_and(|(b, _)| *b <= at) {
                break;
            }
            if let Some(r) = seg.get(at..).and_then(parse) {
                best = Some((at, r));
                break;
            }
        }
    }
    best.map(|(_, r)| r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_quotes_and_spaces() {
        assert_eq!(normalize("  a\u{2018}b\u{2019}\t\u{201C}c\u{201D}\u{00A0} d\u{200B}  "), "a'b' \"c\" d");
    }
}
