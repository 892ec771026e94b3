//! Where each stack sets the attributes of its session cookie, for finding
//! `cookie-not-cross-site`: a cookie a credentialed cross-site request must carry needs
//! `SameSite=None` and `Secure`.

use super::Stack;
use crate::finding::FindingKind;

/// The note for `stack` when the findings include `cookie-not-cross-site`.
pub(super) fn note(stack: Stack, findings: &[FindingKind]) -> Option<String> {
    if !findings.contains(&FindingKind::CookieNotCrossSite) {
        return None;
    }
    let how = match stack {
        // express-session (https://github.com/expressjs/session#cookie).
        Stack::Express => "With express-session: `session({ cookie: { sameSite: 'none', secure: true }, … })`, and `app.set('trust proxy', 1)` when TLS ends at a proxy (otherwise express-session does not send a Secure cookie).",
        // https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-samesite
        Stack::Django => "In settings.py: `SESSION_COOKIE_SAMESITE = 'None'`, `SESSION_COOKIE_SECURE = True`, and the same for CSRF_COOKIE_SAMESITE / CSRF_COOKIE_SECURE when the page posts forms with the CSRF cookie.",
        // https://flask.palletsprojects.com/en/stable/config/#SESSION_COOKIE_SAMESITE
        Stack::Flask => "`app.config.update(SESSION_COOKIE_SAMESITE='None', SESSION_COOKIE_SECURE=True)`.",
        // https://learn.microsoft.com/aspnet/core/security/samesite
        Stack::AspNetCore => "`builder.Services.ConfigureApplicationCookie(o => { o.Cookie.SameSite = SameSiteMode.None; o.Cookie.SecurePolicy = CookieSecurePolicy.Always; });` (and the same in AddSession's options for the session cookie).",
        // https://docs.spring.io/spring-boot/appendix/application-properties/ (server.servlet.session.cookie.*)
        Stack::SpringBoot => "In application.properties: `server.servlet.session.cookie.same-site=none` and `server.servlet.session.cookie.secure=true`.",
        s if s.is_dev_proxy() => "Through the proxy the API's cookies are first-party, so SameSite=Lax works in development; in production, a cross-site API still needs SameSite=None; Secure on its cookies.",
        _ => "Set SameSite=None and Secure wherever the server creates the session cookie (its session middleware's cookie options).",
    };
    Some(format!("The cookie never reached the browser's cross-site requests: it lacks SameSite=None; Secure. {how} Browsers that block third-party cookies still refuse it; serving the API from the app's own site avoids that."))
}
