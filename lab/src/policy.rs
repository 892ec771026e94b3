//! The loose origin checks of the lab's dangerous routes, written the way real servers
//! get them wrong. Each lets in the configured app origin (so the route passes in the
//! browser) and some origins an exact allow-list rejects; the policy audit must say
//! which mistake it is (lab/tests/audit_agrees.rs).
//!
//! They are deliberately independent of `corsprobe_engine::audit::origin_probes`: the
//! lab is the server, not the tester, and must not share the tester's idea of a domain.

/// A loose origin check, by the template token that asks for it in a header value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LooseCheck {
    /// `{origin_if_ends_with_domain}`: `origin.endsWith("example.com")` for the app
    /// `https://app.example.com` — the domain meant as "it and its subdomains".
    EndsWithDomain,
    /// `{origin_if_starts_with_host}`: `origin.startsWith("https://app.example.com")`
    /// (scheme and host, any port: how "localhost on any port" gets written).
    StartsWithHost,
    /// `{origin_if_dots_match_any}`: the regex `^https://app.example.com$`, its dots
    /// unescaped.
    DotsMatchAny,
    /// `{origin_if_subdomain}`: `^https://([a-z0-9-]+\.)*example\.com$` — the domain
    /// and every subdomain of it, same scheme and port.
    Subdomain,
}

impl LooseCheck {
    pub const ALL: [LooseCheck; 4] = [LooseCheck::EndsWithDomain, LooseCheck::StartsWithHost, LooseCheck::DotsMatchAny, LooseCheck::Subdomain];

    pub fn token(self) -> &'static str {
        match self {
            LooseCheck::EndsWithDomain => "{origin_if_ends_with_domain}",
            LooseCheck::StartsWithHost => "{origin_if_starts_with_host}",
            LooseCheck::DotsMatchAny => "{origin_if_dots_match_any}",
            LooseCheck::Subdomain => "{origin_if_subdomain}",
        }
    }

    /// Whether this check, configured with `app` (a serialized origin), lets `origin` in.
    pub fn accepts(self, app: &str, origin: &str) -> bool {
        let Some((scheme, host, port)) = split(app) else { return false };
        if origin == app {
            return true;
        }
        match self {
            LooseCheck::EndsWithDomain => origin.ends_with(&format!("{}{port}", parent_domain(host))),
            LooseCheck::StartsWithHost => origin.starts_with(&format!("{scheme}://{host}")),
            LooseCheck::DotsMatchAny => origin.len() == app.len() && origin.bytes().zip(app.bytes()).all(|(o, a)| a == b'.' || o == a),
            LooseCheck::Subdomain => split(origin).is_some_and(|(s, h, p)| {
                let domain = parent_domain(host);
                s == scheme
                    && p == port
                    && (h == domain
                        || h.strip_suffix(domain).is_some_and(|sub| {
                            sub.strip_suffix('.').is_some_and(|labels| {
                                !labels.is_empty()
                                    && labels.split('.').all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
                            })
                        }))
            }),
        }
    }
}

/// `https://app.example.com:8443` → (`https`, `app.example.com`, `:8443`).
fn split(origin: &str) -> Option<(&str, &str, &str)> {
    let (scheme, rest) = origin.split_once("://")?;
    if rest.starts_with('[') {
        let end = rest.find(']')?;
        return Some((scheme, &rest[..=end], &rest[end + 1..]));
    }
    Some(match rest.rfind(':') {
        Some(i) => (scheme, &rest[..i], &rest[i..]),
        None => (scheme, rest, ""),
    })
}

/// The domain a loose check is written for: the host without its first label when it
/// has three or more (`example.com` for `app.example.com`), else the host itself (and
/// always for IP addresses).
fn parent_domain(host: &str) -> &str {
    let is_ip = host.starts_with('[') || host.split('.').all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()));
    match host.split_once('.') {
        Some((_, rest)) if !is_ip && rest.contains('.') => rest,
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use super::LooseCheck::*;

    const APP: &str = "https://app.example.com";

    #[test]
    fn each_check_lets_in_the_app_and_its_own_look_alikes() {
        let table = [
            ("https://app.example.com", [true, true, true, true]),
            ("https://evilexample.com", [true, false, false, false]),
            ("https://app.example.com.evil.example", [false, true, false, false]),
            ("https://appxexample.com", [true, false, true, false]),
            ("https://evil.example.com", [true, false, false, true]),
            ("https://evil.example", [false, false, false, false]),
            ("http://app.example.com", [true, false, false, false]),
        ];
        for (origin, expected) in table {
            let got = [EndsWithDomain, StartsWithHost, DotsMatchAny, Subdomain].map(|c| c.accepts(APP, origin));
            assert_eq!(got, expected, "{origin}");
        }
        // A loopback app: startsWith("http://127.0.0.1") is the dangerous one.
        let dev = "http://127.0.0.1:8080";
        assert!(StartsWithHost.accepts(dev, "http://127.0.0.1.evil.example:8080"));
        for c in [EndsWithDomain, DotsMatchAny, Subdomain] {
            assert!(c.accepts(dev, dev) && !c.accepts(dev, "http://127.0.0.1.evil.example:8080"), "{c:?}");
        }
    }
}
