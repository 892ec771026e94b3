//! Layers in front of the server: a CDN (CloudFront) and static hosts (Vercel,
//! Netlify), which strip, cache or set CORS headers in their own configuration.

use super::{file, list, q, FixInput, SnippetFile};

type Out = (Vec<SnippetFile>, Vec<String>);

/// `{ "Quantity": n, "Items": [...] }`, CloudFront's list shape.
fn cf_list(items: &[String]) -> String {
    format!("{{ \"Quantity\": {}, \"Items\": [{}] }}", items.len(), list(items))
}

/// CloudFront response headers policy CORS
/// (<https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ResponseHeadersPolicyCorsConfig.html>):
/// CloudFront answers with the request's origin when it is in the list, on preflights
/// too; `OriginOverride` replaces what the origin server sends, so there is one source.
pub fn cloudfront(i: &FixInput) -> Out {
    const CF_METHODS: [&str; 7] = ["GET", "POST", "OPTIONS", "PUT", "DELETE", "PATCH", "HEAD"];
    let mut methods: Vec<String> = i.allow_methods().into_iter().filter(|m| CF_METHODS.contains(&m.as_str())).collect();
    methods.push("OPTIONS".into());
    let mut fields = vec![
        format!("    \"AccessControlAllowOrigins\": {}", cf_list(&i.origins)),
        format!("    \"AccessControlAllowHeaders\": {}", cf_list(&i.headers)),
        format!("    \"AccessControlAllowMethods\": {}", cf_list(&methods)),
        format!("    \"AccessControlAllowCredentials\": {}", i.credentials),
    ];
    if !i.expose.is_empty() {
        fields.push(format!("    \"AccessControlExposeHeaders\": {}", cf_list(&i.expose)));
    }
    if let Some(a) = i.max_age {
        fields.push(format!("    \"AccessControlMaxAgeSec\": {a}"));
    }
    fields.push("    \"OriginOverride\": true".into());
    let policy = format!(
        "{{\n  \"Name\": \"api-cors\",\n  \"CorsConfig\": {{\n{}\n  }},\n  \"CustomHeadersConfig\": {{ \"Quantity\": 1, \"Items\": [{{ \"Header\": \"Vary\", \"Value\": \"Origin\", \"Override\": false }}] }}\n}}\n",
        fields.join(",\n")
    );
    let cache_key = "\"HeadersConfig\": {\n  \"HeaderBehavior\": \"whitelist\",\n  \"Headers\": { \"Quantity\": 3, \"Items\": [\"Origin\", \"Access-Control-Request-Method\", \"Access-Control-Request-Headers\"] }\n}\n".to_string();
    let mut notes = vec![
        "Attach the policy to the API's cache behavior (aws cloudfront create-response-headers-policy --response-headers-policy-config file://cors-policy.json, then set its id as the behavior's ResponseHeadersPolicyId), and allow OPTIONS in the behavior's AllowedMethods: otherwise CloudFront rejects the preflight with 403.".into(),
        "If the origin server sends the CORS headers itself instead: forward Origin to it (the managed origin request policy CORS-CustomOrigin, or CORS-S3Origin for S3) and put Origin in the cache key (the cache policy's HeadersConfig above). Without that, CloudFront strips Origin, the server answers without CORS headers, and one origin's cached answer is served to another.".into(),
        "After a change, invalidate the cache (aws cloudfront create-invalidation --paths '/*'): responses cached without CORS headers stay until they expire.".into(),
    ];
    if i.methods.iter().any(|m| !CF_METHODS.contains(&m.as_str())) {
        notes.push("CloudFront's CORS policy accepts only GET, POST, OPTIONS, PUT, DELETE, PATCH and HEAD.".into());
    }
    (
        vec![
            file("cors-policy.json — a CloudFront response headers policy", "json", policy),
            file("cache policy — ParametersInCacheKeyAndForwardedToOrigin, when the origin server sets CORS", "json", cache_key),
        ],
        notes,
    )
}

/// The CORS header lines for one allowed origin, as (name, value) pairs.
fn header_pairs(i: &FixInput, origin: &str) -> Vec<(String, String)> {
    let mut h =
        vec![("Access-Control-Allow-Origin".to_string(), origin.to_string()), ("Access-Control-Allow-Methods".into(), i.allow_methods().join(", "))];
    if !i.headers.is_empty() {
        h.push(("Access-Control-Allow-Headers".into(), i.headers.join(", ")));
    }
    if i.credentials {
        h.push(("Access-Control-Allow-Credentials".into(), "true".into()));
    }
    if !i.expose.is_empty() {
        h.push(("Access-Control-Expose-Headers".into(), i.expose.join(", ")));
    }
    if let Some(a) = i.max_age {
        h.push(("Access-Control-Max-Age".into(), a.to_string()));
    }
    h.push(("Vary".into(), "Origin".into()));
    h
}

/// An origin as a regular expression matching only itself. Vercel compiles a `has`
/// value as `new RegExp(`^${value}$`)`, a full match (vercel/vercel
/// `packages/routing-utils/src/superstatic.ts`, `collectHasSegments`; Next.js's
/// `matchHas` in `prepare-destination.ts` does the same), so escaping every regex
/// metacharacter (the dots; an IPv6 host's brackets) leaves exactly one match.
fn exact_pattern(origin: &str) -> String {
    let mut out = String::with_capacity(origin.len() + 8);
    for c in origin.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Vercel `vercel.json` headers (<https://vercel.com/docs/project-configuration/vercel-json#headers>):
/// one rule per allowed origin, chosen by a `has` condition on the request's Origin,
/// so the answer names exactly the origin that asked.
pub fn vercel(i: &FixInput) -> Out {
    let rules: Vec<String> = i
        .origins
        .iter()
        .map(|o| {
            let has = if o == "*" {
                String::new()
            } else {
                format!("      \"has\": [{{ \"type\": \"header\", \"key\": \"origin\", \"value\": {} }}],\n", q(&exact_pattern(o)))
            };
            let headers: Vec<String> =
                header_pairs(i, o).iter().map(|(k, v)| format!("        {{ \"key\": {}, \"value\": {} }}", q(k), q(v))).collect();
            format!("    {{\n      \"source\": \"/api/(.*)\",\n{has}      \"headers\": [\n{}\n      ]\n    }}", headers.join(",\n"))
        })
        .collect();
    let code = format!("{{\n  \"headers\": [\n{}\n  ]\n}}\n", rules.join(",\n"));
    let notes = vec![
        "Change \"/api/(.*)\" to the paths your API serves. vercel.json sets headers; your function must still answer OPTIONS itself with 204, before any authentication.".into(),
        "Deployment Protection answers requests to protected preview deployments (preflights included) with 401 before your code runs: test against production, or use its bypass for automation.".into(),
    ];
    (vec![file("vercel.json", "json", code)], notes)
}

/// Netlify `_headers` (<https://docs.netlify.com/routing/headers/>): fixed values per
/// path, so it can allow one origin; several need an Edge Function
/// (<https://docs.netlify.com/edge-functions/api/>) that picks the origin per request.
pub fn netlify(i: &FixInput) -> Out {
    let first = i.origins.first().cloned().unwrap_or_default();
    let lines: Vec<String> = header_pairs(i, &first).iter().map(|(k, v)| format!("  {k}: {v}")).collect();
    let headers_file = format!("/api/*\n{}\n", lines.join("\n"));
    let mut files = vec![file("_headers — in the publish directory", "text", headers_file)];
    let mut notes = vec![
        "Change /api/* to the paths your site serves. _headers applies to files Netlify serves; a Netlify Function must set these headers on its own responses and answer OPTIONS with 204 before any authentication.".into(),
    ];
    if i.origins.len() > 1 {
        let allow: Vec<String> = header_pairs(i, "ORIGIN")
            .into_iter()
            .filter(|(k, _)| k != "Access-Control-Allow-Origin" && k != "Vary")
            .map(|(k, v)| format!("    {}: {},", q(&k), q(&v)))
            .collect();
        let code = format!(
            "// _headers cannot choose between origins: this Edge Function answers each allowed origin exactly.\nconst allowed = [{}];\n\nexport default async (request, context) => {{\n  const origin = request.headers.get('origin');\n  const cors = allowed.includes(origin)\n    ? {{\n    'Access-Control-Allow-Origin': origin,\n{}\n  }}\n    : {{}};\n  if (request.method === 'OPTIONS' && request.headers.has('access-control-request-method')) {{\n    return new Response(null, {{ status: 204, headers: {{ ...cors, Vary: 'Origin' }} }});\n  }}\n  const response = await context.next();\n  for (const [name, value] of Object.entries(cors)) response.headers.set(name, value);\n  response.headers.append('Vary', 'Origin');\n  return response;\n}};\n\nexport const config = {{ path: '/api/*' }};\n",
            list(&i.origins),
            allow.join("\n")
        );
        files = vec![file("netlify/edge-functions/cors.js", "js", code)];
        notes = vec![
            "_headers gives every request the same value, so it can allow only one origin: with several, this Edge Function replaces it (remove any Access-Control-* lines from _headers and netlify.toml, or the header is sent twice).".into(),
            "The Edge Function answers preflights itself (204) before your functions and their authentication run.".into(),
        ];
    }
    (files, notes)
}
