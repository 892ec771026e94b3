//! The finding vocabulary: one catalogue for live probes, HAR files, pasted headers and
//! pasted console errors. Each finding has a stable kebab-case id, the Chromium
//! `CorsError` names it covers, a certainty and a severity.
//!
//! Group findings (`allow-origin-rejected`, `credentials-rejected`, `preflight-rejected`)
//! exist because live probing cannot see the headers of a blocked response: they name
//! every error the outcomes leave possible. The exact findings name one error each and
//! come from headers (HAR, curl) or from outcomes that prove them.

use crate::cors_error::{CorsError, Stage};
use serde::{Deserialize, Serialize};

/// How sure corsprobe is. `Exact` only when what the browser did (or the server's own
/// headers) proves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Certainty {
    Exact,
    Likely,
    Possible,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// The cause of a block (or of an invalid request).
    Error,
    /// Works today but is wrong, dangerous, or about to break.
    Warning,
    Info,
}

macro_rules! finding_kinds {
    ($( $variant:ident = $id:literal, $title:literal, [$($err:ident),*], $mdn:literal; )*) => {
        /// Every kind of finding corsprobe reports.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum FindingKind { $($variant),* }

        impl FindingKind {
            pub const ALL: &'static [FindingKind] = &[$(FindingKind::$variant),*];

            /// Stable id (`data-finding` in the page, `id` in the report).
            pub fn id(self) -> &'static str { match self { $(FindingKind::$variant => $id),* } }

            pub fn title(self) -> &'static str { match self { $(FindingKind::$variant => $title),* } }

            /// Every Chromium `CorsError` this finding can stand for.
            pub fn chromium(self) -> &'static [CorsError] {
                match self { $(FindingKind::$variant => &[$(CorsError::$err),*]),* }
            }

            /// The MDN page that explains it.
            pub fn mdn(self) -> &'static str { match self { $(FindingKind::$variant => $mdn),* } }

            pub fn from_id(id: &str) -> Option<FindingKind> {
                FindingKind::ALL.iter().copied().find(|k| k.id() == id)
            }
        }
    };
}

finding_kinds! {
    // Input: fetch() would throw or refuse before any traffic.
    InvalidUrl = "invalid-url", "The URL is not valid", [], "https://developer.mozilla.org/en-US/docs/Web/API/URL";
    UnsupportedScheme = "unsupported-scheme", "Only http: and https: URLs are fetched", [], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSRequestNotHttp";
    InvalidHeader = "invalid-header", "A header line is not valid", [], "https://developer.mozilla.org/en-US/docs/Web/API/Headers/append";
    InvalidMethod = "invalid-method", "The method is not valid", [], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Methods";
    ForbiddenMethod = "forbidden-method", "Browsers never send this method", [], "https://developer.mozilla.org/en-US/docs/Glossary/Forbidden_request_method";
    RequestRejected = "request-rejected", "The browser refused to build this request", [], "https://developer.mozilla.org/en-US/docs/Web/API/Window/fetch#exceptions";
    BodyNotAllowed = "body-not-allowed", "GET and HEAD requests cannot have a body", [], "https://developer.mozilla.org/en-US/docs/Web/API/RequestInit#body";
    NoCorsMethodNotAllowed = "no-cors-method-not-allowed", "no-cors mode allows only GET, HEAD and POST", [], "https://developer.mozilla.org/en-US/docs/Web/API/Request/mode";
    ForbiddenHeaderDropped = "forbidden-header-dropped", "The browser drops this header without a word", [], "https://developer.mozilla.org/en-US/docs/Glossary/Forbidden_request_header";
    DisallowedByMode = "disallowed-by-mode", "same-origin mode forbids requests to another origin", [DisallowedByMode], "https://developer.mozilla.org/en-US/docs/Web/API/Request/mode";
    NoCorsRedirectMode = "no-cors-redirect-mode", "no-cors mode requires redirect: follow", [NoCorsRedirectModeNotFollow], "https://developer.mozilla.org/en-US/docs/Web/API/Request/mode";
    MixedContent = "mixed-content", "An https page cannot fetch plain http", [], "https://developer.mozilla.org/en-US/docs/Web/Security/Mixed_content";
    // Network.
    HeadersIncomplete = "headers-incomplete", "A response needed to decide is missing", [], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS";
    LocalNetworkAccess = "local-network-access", "The browser keeps this page from reaching a local-network address", [InsecureLocalNetwork, LocalNetworkAccessPermissionDenied, InsecurePrivateNetwork, PrivateNetworkAccessPermissionDenied, PrivateNetworkAccessPermissionUnavailable], "https://developer.mozilla.org/en-US/docs/Web/Security/Secure_Contexts";
    Unreachable = "unreachable", "The server could not be reached", [], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSDidNotSucceed";
    Timeout = "timeout", "No answer in time", [], "https://developer.mozilla.org/en-US/docs/Web/API/AbortSignal/timeout_static";
    // Passing requests.
    CorsOk = "cors-ok", "The browser allowed the request", [], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS";
    OpaqueResponse = "opaque-response", "no-cors gives an opaque response: page code cannot read it", [], "https://developer.mozilla.org/en-US/docs/Web/API/Response/type";
    PreflightRequired = "preflight-required", "The browser sends a preflight (OPTIONS) first", [], "https://developer.mozilla.org/en-US/docs/Glossary/Preflight_request";
    // Response stage.
    AllowOriginRejected = "allow-origin-rejected", "The response does not allow this origin", [MissingAllowOriginHeader, AllowOriginMismatch, MultipleAllowOriginValues, InvalidAllowOriginValue], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSMissingAllowOrigin";
    AllowOriginMissing = "allow-origin-missing", "No Access-Control-Allow-Origin header", [MissingAllowOriginHeader], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSMissingAllowOrigin";
    AllowOriginMismatch = "allow-origin-mismatch", "Access-Control-Allow-Origin names another origin", [AllowOriginMismatch], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSAllowOriginNotMatchingOrigin";
    AllowOriginMultiple = "allow-origin-multiple", "Access-Control-Allow-Origin has more than one value", [MultipleAllowOriginValues], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSMultipleAllowOriginNotAllowed";
    AllowOriginInvalid = "allow-origin-invalid", "Access-Control-Allow-Origin is not a valid origin", [InvalidAllowOriginValue], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSAllowOriginNotMatchingOrigin";
    CredentialsRejected = "credentials-rejected", "The response does not allow credentials", [WildcardOriginNotAllowed, InvalidAllowCredentials], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSNotSupportingCredentials";
    WildcardWithCredentials = "wildcard-with-credentials", "Access-Control-Allow-Origin: * cannot be used with credentials", [WildcardOriginNotAllowed], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSNotSupportingCredentials";
    AllowCredentialsInvalid = "allow-credentials-invalid", "Access-Control-Allow-Credentials must be exactly true", [InvalidAllowCredentials], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSMIssingAllowCredentials";
    ErrorWithoutCors = "error-without-cors", "An error response without CORS headers hides the real status", [MissingAllowOriginHeader], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSMissingAllowOrigin";
    // Preflight stage.
    PreflightRejected = "preflight-rejected", "The preflight (OPTIONS) failed", [PreflightInvalidStatus, PreflightMissingAllowOriginHeader, PreflightAllowOriginMismatch, PreflightMultipleAllowOriginValues, PreflightInvalidAllowOriginValue, PreflightWildcardOriginNotAllowed, PreflightInvalidAllowCredentials, PreflightDisallowedRedirect, InvalidAllowMethodsPreflightResponse, InvalidAllowHeadersPreflightResponse], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSPreflightDidNotSucceed";
    PreflightStatus = "preflight-status", "The preflight did not get a 2xx status", [PreflightInvalidStatus], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSPreflightDidNotSucceed";
    PreflightAllowOriginMissing = "preflight-allow-origin-missing", "The preflight response has no Access-Control-Allow-Origin", [PreflightMissingAllowOriginHeader], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSMissingAllowOrigin";
    PreflightAllowOriginMismatch = "preflight-allow-origin-mismatch", "The preflight allows another origin", [PreflightAllowOriginMismatch], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSAllowOriginNotMatchingOrigin";
    PreflightAllowOriginMultiple = "preflight-allow-origin-multiple", "The preflight's Access-Control-Allow-Origin has more than one value", [PreflightMultipleAllowOriginValues], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSMultipleAllowOriginNotAllowed";
    PreflightAllowOriginInvalid = "preflight-allow-origin-invalid", "The preflight's Access-Control-Allow-Origin is not a valid origin", [PreflightInvalidAllowOriginValue], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSAllowOriginNotMatchingOrigin";
    PreflightWildcardWithCredentials = "preflight-wildcard-with-credentials", "The preflight answers * to a credentialed request", [PreflightWildcardOriginNotAllowed], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSNotSupportingCredentials";
    PreflightAllowCredentialsInvalid = "preflight-allow-credentials-invalid", "The preflight lacks Access-Control-Allow-Credentials: true", [PreflightInvalidAllowCredentials], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSMIssingAllowCredentials";
    PreflightRedirect = "preflight-redirect", "The preflight was redirected", [PreflightDisallowedRedirect], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSExternalRedirectNotAllowed";
    AllowMethodsInvalid = "allow-methods-invalid", "Access-Control-Allow-Methods cannot be parsed", [InvalidAllowMethodsPreflightResponse], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSInvalidAllowMethod";
    AllowHeadersInvalid = "allow-headers-invalid", "Access-Control-Allow-Headers cannot be parsed", [InvalidAllowHeadersPreflightResponse], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSInvalidAllowHeader";
    MethodNotAllowed = "method-not-allowed", "The preflight does not allow the method", [MethodDisallowedByPreflightResponse], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSMethodNotFound";
    HeaderNotAllowed = "header-not-allowed", "The preflight does not allow a request header", [HeaderDisallowedByPreflightResponse], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSMissingAllowHeaderFromPreflight";
    // Redirects.
    RedirectContainsCredentials = "redirect-contains-credentials", "A redirect points to a URL with user:password", [RedirectContainsCredentials], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors";
    RedirectTargetRejected = "redirect-target-rejected", "The endpoint redirects, and the redirect target does not allow this origin", [MissingAllowOriginHeader, AllowOriginMismatch, MultipleAllowOriginValues, InvalidAllowOriginValue, RedirectContainsCredentials], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSExternalRedirectNotAllowed";
    // Warnings that do not block today.
    // Policy audit: works today, but dangerous or wasteful.
    OriginReflected = "origin-reflected", "The server allows any origin by echoing it back", [], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Allow-Origin";
    NullOriginTrusted = "null-origin-trusted", "The server trusts the origin null", [], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Allow-Origin";
    VaryOriginMissing = "vary-origin-missing", "Access-Control-Allow-Origin names one origin but Vary: Origin is missing", [], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Vary";
    MaxAgeOverCap = "max-age-over-cap", "Access-Control-Max-Age is above what browsers honour", [], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Max-Age";
    WildcardListWithCredentials = "wildcard-list-with-credentials", "* in an Access-Control list is not a wildcard under credentials", [], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Expose-Headers";
    HttpOriginTrusted = "http-origin-trusted", "An https API trusts a plain-http origin", [], "https://developer.mozilla.org/en-US/docs/Web/Security/Secure_Contexts";
    // Origin-matching mistakes: a probe origin a correct allow-list rejects got in.
    OriginSuffixMatch = "origin-suffix-match", "The server trusts any origin that ends with its domain name", [], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Allow-Origin";
    OriginPrefixMatch = "origin-prefix-match", "The server trusts any origin that starts with an allowed one", [], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Allow-Origin";
    OriginRegexDot = "origin-regex-dot", "An unescaped . in the server's origin pattern matches any character", [], "https://developer.mozilla.org/en-US/docs/Web/JavaScript/Guide/Regular_expressions/Character_classes";
    OriginSubdomainTrusted = "origin-subdomain-trusted", "The server trusts other subdomains of the app's domain", [], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Allow-Origin";
    AllowListBroaderThanNeeded = "allow-list-broader-than-needed", "The preflight allows more methods or headers than the request needs", [], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Allow-Methods";
    AuthorizationWildcard = "authorization-wildcard", "Authorization is only allowed through * by a browser leniency that is going away", [], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Allow-Headers";
    // Causes beside CORS itself (texts in `causes.rs`).
    CorsHeaderInRequest = "cors-header-in-request", "An Access-Control-* header is sent as a request header", [], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS#the_http_response_headers";
    CookieNotCrossSite = "cookie-not-cross-site", "A cookie is set without SameSite=None; Secure, so cross-site requests never carry it", [], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Set-Cookie#samesitesamesite-value";
    CookiesUnseen = "cookies-unseen", "Page code cannot see whether cookies were sent", [], "https://developer.mozilla.org/en-US/docs/Web/API/RequestInit#credentials";
    BlockedByClient = "blocked-by-client", "An extension or content blocker stopped the request", [], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSDidNotSucceed";
    NullOriginRequest = "null-origin-request", "The page's origin is null (a file:// page or a sandboxed frame)", [], "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Origin";
}

impl FindingKind {
    /// The exact finding for one Chromium error (what headers, HAR files and console
    /// messages resolve to).
    pub fn for_error(error: CorsError) -> FindingKind {
        use CorsError as E;
        use FindingKind as F;
        match error {
            E::DisallowedByMode => F::DisallowedByMode,
            E::NoCorsRedirectModeNotFollow => F::NoCorsRedirectMode,
            E::MissingAllowOriginHeader => F::AllowOriginMissing,
            E::AllowOriginMismatch => F::AllowOriginMismatch,
            E::MultipleAllowOriginValues => F::AllowOriginMultiple,
            E::InvalidAllowOriginValue => F::AllowOriginInvalid,
            E::WildcardOriginNotAllowed => F::WildcardWithCredentials,
            E::InvalidAllowCredentials => F::AllowCredentialsInvalid,
            E::PreflightInvalidStatus => F::PreflightStatus,
            E::PreflightMissingAllowOriginHeader => F::PreflightAllowOriginMissing,
            E::PreflightAllowOriginMismatch => F::PreflightAllowOriginMismatch,
            E::PreflightMultipleAllowOriginValues => F::PreflightAllowOriginMultiple,
            E::PreflightInvalidAllowOriginValue => F::PreflightAllowOriginInvalid,
            E::PreflightWildcardOriginNotAllowed => F::PreflightWildcardWithCredentials,
            E::PreflightInvalidAllowCredentials => F::PreflightAllowCredentialsInvalid,
            E::PreflightDisallowedRedirect => F::PreflightRedirect,
            E::InvalidAllowMethodsPreflightResponse => F::AllowMethodsInvalid,
            E::InvalidAllowHeadersPreflightResponse => F::AllowHeadersInvalid,
            E::MethodDisallowedByPreflightResponse => F::MethodNotAllowed,
            E::HeaderDisallowedByPreflightResponse => F::HeaderNotAllowed,
            E::RedirectContainsCredentials => F::RedirectContainsCredentials,
            // Not produced by misconfigured servers corsprobe can fix from here.
            E::InvalidResponse | E::CorsDisabledScheme => F::UnsupportedScheme,
            E::InsecureLocalNetwork
            | E::LocalNetworkAccessPermissionDenied
            | E::InsecurePrivateNetwork
            | E::PrivateNetworkAccessPermissionDenied
            | E::PrivateNetworkAccessPermissionUnavailable => F::LocalNetworkAccess,
            _ => F::Unreachable,
        }
    }

    /// A finding of the policy audit: about how the server allows origins, not about
    /// where this request stopped (no stage), and not one of the notes every report
    /// may carry (CORS passed, opaque response, preflight needed, a dropped header,
    /// `Authorization` under `*`).
    pub fn is_policy(self) -> bool {
        use FindingKind as F;
        self.stage().is_none()
            && !matches!(self, F::CorsOk | F::OpaqueResponse | F::PreflightRequired | F::ForbiddenHeaderDropped | F::AuthorizationWildcard)
    }

    pub fn stage(self) -> Option<Stage> {
        use FindingKind as F;
        Some(match self {
            F::InvalidUrl
            | F::UnsupportedScheme
            | F::InvalidHeader
            | F::InvalidMethod
            | F::ForbiddenMethod
            | F::BodyNotAllowed
            | F::NoCorsMethodNotAllowed
            | F::RequestRejected
            | F::DisallowedByMode
            | F::NoCorsRedirectMode
            | F::MixedContent
            | F::HeadersIncomplete => Stage::Input,
            F::Unreachable | F::Timeout | F::LocalNetworkAccess => Stage::Network,
            F::AllowOriginRejected
            | F::AllowOriginMissing
            | F::AllowOriginMismatch
            | F::AllowOriginMultiple
            | F::AllowOriginInvalid
            | F::CredentialsRejected
            | F::WildcardWithCredentials
            | F::AllowCredentialsInvalid
            | F::ErrorWithoutCors
            | F::RedirectTargetRejected => Stage::Response,
            F::PreflightRejected
            | F::PreflightStatus
            | F::PreflightAllowOriginMissing
            | F::PreflightAllowOriginMismatch
            | F::PreflightAllowOriginMultiple
            | F::PreflightAllowOriginInvalid
            | F::PreflightWildcardWithCredentials
            | F::PreflightAllowCredentialsInvalid
            | F::PreflightRedirect
            | F::AllowMethodsInvalid
            | F::AllowHeadersInvalid
            | F::MethodNotAllowed
            | F::HeaderNotAllowed => Stage::Preflight,
            F::RedirectContainsCredentials => Stage::Redirect,
            F::ForbiddenHeaderDropped
            | F::CorsOk
            | F::OpaqueResponse
            | F::PreflightRequired
            | F::AuthorizationWildcard
            | F::OriginReflected
            | F::NullOriginTrusted
            | F::VaryOriginMissing
            | F::MaxAgeOverCap
            | F::WildcardListWithCredentials
            | F::HttpOriginTrusted
            | F::OriginSuffixMatch
            | F::OriginPrefixMatch
            | F::OriginRegexDot
            | F::OriginSubdomainTrusted
            | F::AllowListBroaderThanNeeded => return None,
            F::BlockedByClient => Stage::Network,
            F::CorsHeaderInRequest | F::CookieNotCrossSite | F::CookiesUnseen | F::NullOriginRequest => return None,
        })
    }
}

/// One finding in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable kebab-case id ([`FindingKind::id`]).
    pub id: String,
    /// Chromium `CorsError` names this finding stands for, here.
    pub chromium: Vec<CorsError>,
    pub certainty: Certainty,
    /// The failing parameter when it is known (the method, the lowercased header, the
    /// offending header value).
    pub param: Option<String>,
    pub severity: Severity,
    pub stage: Option<Stage>,
    pub title: String,
    /// What the browser did.
    pub what: String,
    /// Why: which part of the request or response caused it.
    pub why: String,
    /// Exact header lines the server must send for this request (empty when the fix is
    /// on the request side).
    pub fix: Vec<FixBlock>,
    /// Which probes (or headers) prove it.
    pub evidence: Vec<String>,
    pub mdn: String,
    /// What the probes do prove when it is less than one browser error: live probes can
    /// prove that the server's preflight rejects the header `param` (a preflighted GET
    /// passes without it and fails with it) but not how the server says no, so the
    /// finding stays `likely` and `chromium` lists every error that can follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proven: Option<String>,
}

/// Header lines to add to one response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixBlock {
    /// Which response: "Preflight response (OPTIONS …)" or "Actual response (GET …)".
    pub response: String,
    pub lines: Vec<String>,
    pub note: Option<String>,
}

impl Finding {
    pub fn kind(&self) -> Option<FindingKind> {
        FindingKind::from_id(&self.id)
    }

    /// A policy finding about a server that also allows credentials: another site can
    /// then act as the logged-in user, so it is a warning and its title says why. (The
    /// policy audit raises severity for this reason only.)
    pub fn raise_for_credentials(&mut self) {
        self.severity = Severity::Warning;
        self.title = format!("{} — with credentials", self.title);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for k in FindingKind::ALL {
            assert!(seen.insert(k.id()), "duplicate id {}", k.id());
            assert!(k.id().chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", k.id());
            assert_eq!(FindingKind::from_id(k.id()), Some(*k));
            assert!(k.mdn().starts_with("https://developer.mozilla.org/"));
        }
    }

    #[test]
    fn every_server_side_error_has_an_exact_finding_covering_it() {
        for e in CorsError::ALL {
            let k = FindingKind::for_error(*e);
            // Local network access is one page-side rule under several Chromium names
            // (renamed between versions), not a server's header error.
            if k != FindingKind::Unreachable && k != FindingKind::UnsupportedScheme && k != FindingKind::LocalNetworkAccess {
                assert_eq!(k.chromium(), &[*e], "{e}");
                assert_eq!(k.stage(), Some(e.stage()), "{e}");
            }
        }
    }
}
