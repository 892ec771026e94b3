//! Node.js stacks and Cloudflare Workers (JavaScript).

use super::{file, list, q, FixInput, SnippetFile};

type Out = (Vec<SnippetFile>, Vec<String>);

/// A JS object's optional lines.
fn js_options(i: &FixInput, names: [&str; 5]) -> String {
    let [methods, headers, credentials, expose, max_age] = names;
    let mut lines = vec![format!("  {methods}: [{}],", list(&i.allow_methods()))];
    if !i.headers.is_empty() {
        lines.push(format!("  {headers}: [{}],", list(&i.headers)));
    }
    if i.credentials {
        lines.push(format!("  {credentials}: true,"));
    }
    if !i.expose.is_empty() {
        lines.push(format!("  {expose}: [{}],", list(&i.expose)));
    }
    if let Some(a) = i.max_age {
        lines.push(format!("  {max_age}: {a},"));
    }
    lines.join("\n")
}

fn js_origin(i: &FixInput) -> String {
    if i.wildcard() {
        q("*")
    } else {
        format!("[{}]", list(&i.origins))
    }
}

/// Express with the `cors` package (<https://github.com/expressjs/cors#configuration-options>):
/// an array `origin` is matched exactly and adds `Vary: Origin`; `app.use(cors(…))`
/// before any route or auth answers every preflight with 204.
pub fn express(i: &FixInput) -> Out {
    let code = format!(
        "// npm install cors\nconst cors = require('cors');\n\nconst corsOptions = {{\n  origin: {}, // exact allow-list; never `true` (that reflects any origin)\n{}\n}};\n\n// First, before authentication and routes: it answers every preflight (OPTIONS) with 204.\napp.use(cors(corsOptions));\n",
        js_origin(i),
        js_options(i, ["methods", "allowedHeaders", "credentials", "exposedHeaders", "maxAge"])
    );
    (
        vec![file("app.js", "js", code)],
        vec!["`app.use(cors(corsOptions))` must come before any authentication middleware: preflights carry no cookies or tokens.".into()],
    )
}

/// Fastify with `@fastify/cors` (<https://github.com/fastify/fastify-cors#options>).
pub fn fastify(i: &FixInput) -> Out {
    let code = format!(
        "// npm install @fastify/cors\nawait fastify.register(require('@fastify/cors'), {{\n  origin: {}, // exact allow-list\n{}\n}});\n",
        js_origin(i),
        js_options(i, ["methods", "allowedHeaders", "credentials", "exposedHeaders", "maxAge"])
    );
    (
        vec![file("server.js", "js", code)],
        vec!["Register the plugin before your routes and before any auth hook (onRequest) that would reject the preflight.".into()],
    )
}

/// Koa with `@koa/cors` (<https://github.com/koajs/cors#corsoptions>): `origin` is a
/// single value or a function, so an allow-list is a function returning the request's
/// origin when listed; the package adds `Vary: Origin`.
pub fn koa(i: &FixInput) -> Out {
    let origin = if i.wildcard() { q("*") } else { "(ctx) => (allowedOrigins.has(ctx.get('Origin')) ? ctx.get('Origin') : '')".to_string() };
    let opts = js_options(i, ["allowMethods", "allowHeaders", "credentials", "exposeHeaders", "maxAge"]);
    let code = format!(
        "// npm install @koa/cors\nconst cors = require('@koa/cors');\n\nconst allowedOrigins = new Set([{}]);\n\n// First middleware, before authentication and the router.\napp.use(cors({{\n  origin: {origin},\n{opts}\n}}));\n",
        list(&i.origins)
    );
    (vec![file("app.js", "js", code)], vec![])
}

/// The preflight and response headers as JS `headers.set` lines, for hand-written
/// handlers (Next.js middleware, Cloudflare Workers).
fn js_handler_headers(i: &FixInput, target: &str, preflight: bool) -> String {
    let mut lines = Vec::new();
    if i.credentials {
        lines.push(format!("{target}.set('Access-Control-Allow-Credentials', 'true');"));
    }
    if preflight {
        lines.push(format!("{target}.set('Access-Control-Allow-Methods', {});", q(&i.allow_methods().join(", "))));
        if !i.headers.is_empty() {
            lines.push(format!("{target}.set('Access-Control-Allow-Headers', {});", q(&i.headers.join(", "))));
        }
        if let Some(a) = i.max_age {
            lines.push(format!("{target}.set('Access-Control-Max-Age', '{a}');"));
        }
    } else if !i.expose.is_empty() {
        lines.push(format!("{target}.set('Access-Control-Expose-Headers', {});", q(&i.expose.join(", "))));
    }
    lines.iter().map(|l| format!("      {l}")).collect::<Vec<_>>().join("\n")
}

/// Next.js middleware (<https://nextjs.org/docs/app/building-your-application/routing/middleware#cors>):
/// runs before route handlers, so it answers preflights itself.
pub fn nextjs(i: &FixInput) -> Out {
    let code = format!(
        "import {{ NextResponse, type NextRequest }} from 'next/server';\n\nconst allowedOrigins = [{}];\n\nexport function middleware(request: NextRequest) {{\n  const origin = request.headers.get('origin') ?? '';\n  const allowed = allowedOrigins.includes(origin);\n  const preflight = request.method === 'OPTIONS' && request.headers.has('access-control-request-method');\n  const response = preflight ? new NextResponse(null, {{ status: 204 }}) : NextResponse.next();\n  if (allowed) {{\n    response.headers.set('Access-Control-Allow-Origin', origin);\n{}\n    if (preflight) {{\n{}\n    }}\n  }}\n  response.headers.append('Vary', 'Origin');\n  return response;\n}}\n\nexport const config = {{ matcher: '/api/:path*' }};\n",
        list(&i.origins),
        js_handler_headers(i, "response.headers", false).replace("      ", "    "),
        js_handler_headers(i, "response.headers", true),
    );
    (
        vec![file("middleware.ts", "ts", code)],
        vec!["Adjust `matcher` to the paths your frontend calls. Route handlers need no OPTIONS export: the middleware answers preflights.".into()],
    )
}

/// A Cloudflare Worker wrapping its own handler
/// (<https://developers.cloudflare.com/workers/examples/cors-header-proxy/>).
pub fn cloudflare(i: &FixInput) -> Out {
    let code = format!(
        "const allowedOrigins = [{}];\n\nexport default {{\n  async fetch(request, env, ctx) {{\n    const origin = request.headers.get('Origin') ?? '';\n    const allowed = allowedOrigins.includes(origin);\n    if (request.method === 'OPTIONS' && request.headers.has('Access-Control-Request-Method')) {{\n      const headers = new Headers({{ Vary: 'Origin' }});\n      if (allowed) {{\n      headers.set('Access-Control-Allow-Origin', origin);\n{}\n      }}\n      return new Response(null, {{ status: 204, headers }});\n    }}\n    const upstream = await handle(request, env, ctx); // your existing handler\n    const response = new Response(upstream.body, upstream);\n    if (allowed) {{\n      response.headers.set('Access-Control-Allow-Origin', origin);\n{}\n    }}\n    response.headers.append('Vary', 'Origin');\n    return response;\n  }},\n}};\n",
        list(&i.origins),
        js_handler_headers(i, "headers", true),
        js_handler_headers(i, "response.headers", false),
    );
    (
        vec![file("worker.js", "js", code)],
        vec!["The preflight is answered before your handler runs, so authentication inside it never sees OPTIONS.".into()],
    )
}
