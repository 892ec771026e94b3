//! "Proxy it in development": the frontend's dev server forwards `/api/…` to the API,
//! so the browser only ever talks to its own origin and CORS never applies.
//!
//! The right answer when the person does not control the API (a third-party API).
//! When they do, a dev proxy only hides the problem until production, where the page
//! and the API are on different origins again: every snippet here says so.

use super::{file, q, FixInput, SnippetFile};

type Out = (Vec<SnippetFile>, Vec<String>);

/// Where the proxy forwards to: the API's origin from the report, or a placeholder.
fn target(i: &FixInput) -> String {
    i.api.clone().unwrap_or_else(|| "https://api.example.com".into())
}

fn shared_notes(i: &FixInput) -> Vec<String> {
    let mut notes = vec![
        format!("In the page, call the API through the dev server: fetch('/api/items') instead of fetch('{}/items'). The browser then sends a same-origin request, and CORS does not apply.", target(i)),
        "Use a proxy when you do not control the API (a third-party service). If the API is yours, this only hides the problem until production, where the page and the API are on different origins again: fix the server's CORS headers (pick your server's stack), or serve both from one origin in production too (a reverse proxy such as nginx or Caddy, or your host's rewrites).".into(),
        "A dev proxy runs only under the dev server: a production build has no proxy, so fetch('/api/…') must reach the API some other way there.".into(),
    ];
    if i.api.is_none() {
        notes.push("Replace https://api.example.com with your API's origin.".into());
    }
    if i.credentials {
        notes.push("Cookies the API sets now belong to the dev server's origin. If the API sets a Domain attribute, rewrite it (cookieDomainRewrite in http-proxy-based proxies).".into());
    }
    notes
}

/// Vite `server.proxy` (<https://vite.dev/config/server-options#server-proxy>).
pub fn vite(i: &FixInput) -> Out {
    let code = format!(
        "import {{ defineConfig }} from 'vite'\n\nexport default defineConfig({{\n  server: {{\n    proxy: {{\n      '/api': {{\n        target: {},\n        changeOrigin: true,\n        rewrite: (path) => path.replace(/^\\/api/, ''),\n      }},\n    }},\n  }},\n}})\n",
        q(&target(i))
    );
    (vec![file("vite.config.js", "js", code)], shared_notes(i))
}

/// webpack-dev-server `devServer.proxy` (<https://webpack.js.org/configuration/dev-server/#devserverproxy>,
/// the array form of v5) and Create React App's `src/setupProxy.js`
/// (<https://create-react-app.dev/docs/proxying-api-requests-in-development/>).
pub fn webpack(i: &FixInput) -> Out {
    let t = q(&target(i));
    let webpack = format!(
        "module.exports = {{\n  devServer: {{\n    proxy: [\n      {{\n        context: ['/api'],\n        target: {t},\n        changeOrigin: true,\n        pathRewrite: {{ '^/api': '' }},\n      }},\n    ],\n  }},\n}};\n"
    );
    let cra = format!(
        "// npm install http-proxy-middleware --save-dev\nconst {{ createProxyMiddleware }} = require('http-proxy-middleware');\n\nmodule.exports = function (app) {{\n  app.use(\n    '/api',\n    createProxyMiddleware({{\n      target: {t},\n      changeOrigin: true,\n      pathRewrite: {{ '^/api': '' }},\n    }}),\n  );\n}};\n"
    );
    let mut notes = shared_notes(i);
    notes.push("Create React App reads src/setupProxy.js by itself (restart `npm start`); its simpler package.json \"proxy\" field forwards every non-HTML request without a prefix.".into());
    (vec![file("webpack.config.js", "js", webpack), file("src/setupProxy.js — Create React App", "js", cra)], notes)
}

/// Next.js `rewrites` (<https://nextjs.org/docs/app/api-reference/config/next-config-js/rewrites>):
/// unlike the others it also runs in production, on the Next.js server.
pub fn next_rewrites(i: &FixInput) -> Out {
    let code = format!(
        "/** @type {{import('next').NextConfig}} */\nmodule.exports = {{\n  async rewrites() {{\n    return [\n      {{ source: '/api/:path*', destination: {} }},\n    ]\n  }},\n}}\n",
        q(&format!("{}/:path*", target(i)))
    );
    let mut notes = shared_notes(i);
    notes.retain(|n| !n.starts_with("A dev proxy runs only"));
    notes.push(
        "Next.js rewrites also run in production on the Next.js server (not in a static export): every API call then passes through it.".into(),
    );
    (vec![file("next.config.js", "js", code)], notes)
}

/// Angular CLI `proxyConfig` (<https://angular.dev/tools/cli/serve#proxying-to-a-backend-server>).
pub fn angular(i: &FixInput) -> Out {
    let code = format!(
        "{{\n  \"/api\": {{\n    \"target\": {},\n    \"secure\": true,\n    \"changeOrigin\": true,\n    \"pathRewrite\": {{ \"^/api\": \"\" }}\n  }}\n}}\n",
        q(&target(i))
    );
    let angular_json = "\"serve\": {\n  \"options\": {\n    \"proxyConfig\": \"src/proxy.conf.json\"\n  }\n}\n".to_string();
    (
        vec![file("src/proxy.conf.json", "json", code), file("angular.json — in the project's architect section", "json", angular_json)],
        shared_notes(i),
    )
}
