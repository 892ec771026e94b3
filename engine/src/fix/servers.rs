//! Web servers in front of (or instead of) an application.

use super::{file, origin_regex, q, FixInput, SnippetFile};

type Out = (Vec<SnippetFile>, Vec<String>);

/// nginx (<https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header>,
/// <https://nginx.org/en/docs/http/ngx_http_map_module.html>): a `map` turns the
/// request's `Origin` into itself when listed and into "" otherwise (nginx sends no
/// header with an empty value); `always` keeps the headers on 4xx/5xx; the preflight
/// is answered in the location before `proxy_pass` or auth.
pub fn nginx(i: &FixInput) -> Out {
    let map_lines = if i.wildcard() {
        "    default \"*\";".to_string()
    } else {
        std::iter::once("    default \"\";".to_string())
            .chain(i.origins.iter().map(|o| format!("    {} $http_origin;", q(o))))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let map = format!("map $http_origin $cors_origin {{\n{map_lines}\n}}\n");
    let mut common = vec!["add_header Access-Control-Allow-Origin $cors_origin always;".to_string()];
    if i.credentials {
        common.push("add_header Access-Control-Allow-Credentials \"true\" always;".into());
    }
    common.push("add_header Vary Origin always;".into());
    let mut preflight = common.clone();
    preflight.push(format!("add_header Access-Control-Allow-Methods {} always;", q(&i.allow_methods().join(", "))));
    if !i.headers.is_empty() {
        preflight.push(format!("add_header Access-Control-Allow-Headers {} always;", q(&i.headers.join(", "))));
    }
    if let Some(a) = i.max_age {
        preflight.push(format!("add_header Access-Control-Max-Age {a} always;"));
    }
    let mut response = common;
    if !i.expose.is_empty() {
        response.push(format!("add_header Access-Control-Expose-Headers {} always;", q(&i.expose.join(", "))));
    }
    let location = format!(
        "# Preflight: answered here, before proxy_pass and any auth_request.\nif ($request_method = OPTIONS) {{\n{}\n    return 204;\n}}\n{}\n",
        preflight.iter().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n"),
        response.join("\n")
    );
    (
        vec![
            file("nginx.conf — in the http { } block", "nginx", map),
            file("nginx.conf — at the top of the location { } that serves the API", "nginx", location),
        ],
        vec![
            "`add_header` in a location replaces every `add_header` inherited from server or http: repeat there any other headers you add, or they disappear.".into(),
            "If the upstream app also sends Access-Control-* headers, remove them there (or `proxy_hide_header` them): two values are an error.".into(),
        ],
    )
}

/// Apache httpd with mod_headers, mod_setenvif and mod_rewrite
/// (<https://httpd.apache.org/docs/current/mod/mod_headers.html>): `Header always`
/// covers error responses; the preflight is answered by mod_rewrite with 204.
pub fn apache(i: &FixInput) -> Out {
    let regex = if i.wildcard() { ".+".to_string() } else { origin_regex(&i.origins) };
    let value = if i.wildcard() { "*" } else { "%{CORS_ORIGIN}e" };
    let mut lines = vec![
        "# a2enmod headers setenvif rewrite".to_string(),
        format!("SetEnvIf Origin \"{regex}\" CORS_ORIGIN=$0"),
        format!("Header always set Access-Control-Allow-Origin \"{value}\" env=CORS_ORIGIN"),
    ];
    if i.credentials {
        lines.push("Header always set Access-Control-Allow-Credentials \"true\" env=CORS_ORIGIN".into());
    }
    lines.push(format!("Header always set Access-Control-Allow-Methods \"{}\" env=CORS_ORIGIN", i.allow_methods().join(", ")));
    if !i.headers.is_empty() {
        lines.push(format!("Header always set Access-Control-Allow-Headers \"{}\" env=CORS_ORIGIN", i.headers.join(", ")));
    }
    if !i.expose.is_empty() {
        lines.push(format!("Header always set Access-Control-Expose-Headers \"{}\" env=CORS_ORIGIN", i.expose.join(", ")));
    }
    if let Some(a) = i.max_age {
        lines.push(format!("Header always set Access-Control-Max-Age \"{a}\" env=CORS_ORIGIN"));
    }
    lines.push("Header always merge Vary Origin".into());
    lines.push("# Preflight: 204 before any auth or proxying.".into());
    lines.push("RewriteEngine On".into());
    lines.push("RewriteCond %{REQUEST_METHOD} OPTIONS".into());
    lines.push("RewriteCond %{HTTP:Access-Control-Request-Method} !^$".into());
    lines.push("RewriteRule ^ - [R=204,L]".into());
    (
        vec![file("httpd.conf — in the <VirtualHost> (or <Location>) that serves the API", "apache", lines.join("\n") + "\n")],
        vec!["If a `Require valid-user` or similar guards the API, exempt OPTIONS (`<LimitExcept OPTIONS>`): preflights carry no credentials.".into()],
    )
}

/// Caddy (<https://caddyserver.com/docs/caddyfile/directives/header>,
/// <https://caddyserver.com/docs/caddyfile/matchers#header-regexp>).
pub fn caddy(i: &FixInput) -> Out {
    let regex = if i.wildcard() { ".+".to_string() } else { origin_regex(&i.origins) };
    let value = if i.wildcard() { "*" } else { "{http.request.header.Origin}" };
    let mut response = vec![format!("Access-Control-Allow-Origin \"{value}\"")];
    if i.credentials {
        response.push("Access-Control-Allow-Credentials \"true\"".into());
    }
    if !i.expose.is_empty() {
        response.push(format!("Access-Control-Expose-Headers \"{}\"", i.expose.join(", ")));
    }
    let mut preflight = vec![format!("header Access-Control-Allow-Methods \"{}\"", i.allow_methods().join(", "))];
    if !i.headers.is_empty() {
        preflight.push(format!("header Access-Control-Allow-Headers \"{}\"", i.headers.join(", ")));
    }
    if let Some(a) = i.max_age {
        preflight.push(format!("header Access-Control-Max-Age \"{a}\""));
    }
    let code = format!(
        "@cors_allowed header_regexp cors_origin Origin \"{regex}\"\n@cors_preflight {{\n    method OPTIONS\n    header Access-Control-Request-Method *\n    header_regexp preflight_origin Origin \"{regex}\"\n}}\nheader +Vary Origin\nheader @cors_allowed {{\n{}\n}}\n# Preflight: answered here, before reverse_proxy and any auth.\nhandle @cors_preflight {{\n{}\n    respond 204\n}}\n",
        response.iter().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n"),
        preflight.iter().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n"),
    );
    (
        vec![file("Caddyfile — inside your site block, before reverse_proxy / file_server", "caddy", code)],
        vec!["If the upstream app also sends Access-Control-* headers, remove them there (or `header_down -Access-Control-Allow-Origin` in reverse_proxy): two values are an error.".into()],
    )
}

/// IIS with the IIS CORS Module
/// (<https://learn.microsoft.com/iis/extensions/cors-module/cors-module-configuration-reference>),
/// which answers preflights before authentication.
pub fn iis(i: &FixInput) -> Out {
    let mut rules = Vec::new();
    for o in &i.origins {
        let mut attrs = format!("origin={}", q(o));
        if i.credentials {
            attrs.push_str(" allowCredentials=\"true\"");
        }
        if let Some(a) = i.max_age {
            attrs.push_str(&format!(" maxAge=\"{a}\""));
        }
        let mut inner = Vec::new();
        if !i.headers.is_empty() {
            inner.push(format!(
                "        <allowHeaders allowAllRequestedHeaders=\"false\">\n{}\n        </allowHeaders>",
                i.headers.iter().map(|h| format!("          <add header={} />", q(h))).collect::<Vec<_>>().join("\n")
            ));
        }
        inner.push(format!(
            "        <allowMethods>\n{}\n        </allowMethods>",
            i.allow_methods().iter().map(|m| format!("          <add method={} />", q(m))).collect::<Vec<_>>().join("\n")
        ));
        if !i.expose.is_empty() {
            inner.push(format!(
                "        <exposeHeaders>\n{}\n        </exposeHeaders>",
                i.expose.iter().map(|h| format!("          <add header={} />", q(h))).collect::<Vec<_>>().join("\n")
            ));
        }
        rules.push(format!("      <add {attrs}>\n{}\n      </add>", inner.join("\n")));
    }
    let code = format!(
        "<configuration>\n  <system.webServer>\n    <cors enabled=\"true\" failUnlistedOrigins=\"true\">\n{}\n    </cors>\n  </system.webServer>\n</configuration>\n",
        rules.join("\n")
    );
    (
        vec![file("web.config", "xml", code)],
        vec!["Install the IIS CORS Module first; remove any `customHeaders` that add Access-Control-* by hand (two values are an error).".into()],
    )
}
