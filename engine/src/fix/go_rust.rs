//! Go and Rust stacks.

use super::{file, list, q, FixInput, SnippetFile};

type Out = (Vec<SnippetFile>, Vec<String>);

/// A plain `net/http` middleware (no library): it answers preflights itself and adds
/// `Vary: Origin` to every response (<https://pkg.go.dev/net/http#Handler>).
pub fn go_net_http(i: &FixInput) -> Out {
    let origins = i.origins.iter().map(|o| format!("\t{}: true,", q(o))).collect::<Vec<_>>().join("\n");
    let mut always = Vec::new();
    if i.credentials {
        always.push("\t\t\th.Set(\"Access-Control-Allow-Credentials\", \"true\")".to_string());
    }
    if !i.expose.is_empty() {
        always.push(format!("\t\t\th.Set(\"Access-Control-Expose-Headers\", {})", q(&i.expose.join(", "))));
    }
    let mut preflight = vec![format!("\t\t\t\th.Set(\"Access-Control-Allow-Methods\", {})", q(&i.allow_methods().join(", ")))];
    if !i.headers.is_empty() {
        preflight.push(format!("\t\t\t\th.Set(\"Access-Control-Allow-Headers\", {})", q(&i.headers.join(", "))));
    }
    if let Some(a) = i.max_age {
        preflight.push(format!("\t\t\t\th.Set(\"Access-Control-Max-Age\", \"{a}\")"));
    }
    let code = format!(
        "var allowedOrigins = map[string]bool{{\n{origins}\n}}\n\n// withCORS wraps your whole handler, outside authentication.\nfunc withCORS(next http.Handler) http.Handler {{\n\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {{\n\t\th := w.Header()\n\t\th.Add(\"Vary\", \"Origin\")\n\t\torigin := r.Header.Get(\"Origin\")\n\t\tallowed := allowedOrigins[origin]\n\t\tif allowed {{\n\t\t\th.Set(\"Access-Control-Allow-Origin\", origin)\n{}\n\t\t}}\n\t\tif r.Method == http.MethodOptions && r.Header.Get(\"Access-Control-Request-Method\") != \"\" {{\n\t\t\tif allowed {{\n{}\n\t\t\t}}\n\t\t\tw.WriteHeader(http.StatusNoContent)\n\t\t\treturn\n\t\t}}\n\t\tnext.ServeHTTP(w, r)\n\t}})\n}}\n\n// http.ListenAndServe(addr, withCORS(mux))\n",
        always.join("\n"),
        preflight.join("\n"),
    );
    (vec![file("main.go", "go", code)], vec![])
}

/// `github.com/rs/cors` (<https://pkg.go.dev/github.com/rs/cors#Options>).
pub fn go_rs_cors(i: &FixInput) -> Out {
    let mut opts =
        vec![format!("\tAllowedOrigins: []string{{{}}},", list(&i.origins)), format!("\tAllowedMethods: []string{{{}}},", list(&i.allow_methods()))];
    if !i.headers.is_empty() {
        opts.push(format!("\tAllowedHeaders: []string{{{}}},", list(&i.headers)));
    }
    if i.credentials {
        opts.push("\tAllowCredentials: true,".into());
    }
    if !i.expose.is_empty() {
        opts.push(format!("\tExposedHeaders: []string{{{}}},", list(&i.expose)));
    }
    if let Some(a) = i.max_age {
        opts.push(format!("\tMaxAge: {a},"));
    }
    let code = format!(
        "// go get github.com/rs/cors\nc := cors.New(cors.Options{{\n{}\n}})\n// Outermost, around authentication.\nhandler := c.Handler(mux)\n",
        opts.join("\n")
    );
    (vec![file("main.go", "go", code)], vec![])
}

/// axum with tower-http's `CorsLayer`
/// (<https://docs.rs/tower-http/latest/tower_http/cors/struct.CorsLayer.html>): a list
/// of origins is matched exactly and adds `Vary: Origin`.
pub fn axum(i: &FixInput) -> Out {
    let origins = i.origins.iter().map(|o| format!("HeaderValue::from_static({})", q(o))).collect::<Vec<_>>().join(", ");
    let methods = i
        .allow_methods()
        .iter()
        .map(|m| match m.as_str() {
            "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS" => format!("Method::{m}"),
            other => format!("Method::from_bytes(b{}).unwrap()", q(other)),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut chain = vec![format!("    .allow_origin([{origins}])"), format!("    .allow_methods([{methods}])")];
    if !i.headers.is_empty() {
        chain.push(format!(
            "    .allow_headers([{}])",
            i.headers.iter().map(|h| format!("HeaderName::from_static({})", q(h))).collect::<Vec<_>>().join(", ")
        ));
    }
    if i.credentials {
        chain.push("    .allow_credentials(true)".into());
    }
    if !i.expose.is_empty() {
        chain.push(format!(
            "    .expose_headers([{}])",
            i.expose.iter().map(|h| format!("HeaderName::from_static({})", q(h))).collect::<Vec<_>>().join(", ")
        ));
    }
    if let Some(a) = i.max_age {
        chain.push(format!("    .max_age(Duration::from_secs({a}))"));
    }
    let code = format!(
        "// Cargo.toml: tower-http = {{ version = \"0.7\", features = [\"cors\"] }}\nuse axum::http::{{HeaderName, HeaderValue, Method}};\nuse std::time::Duration;\nuse tower_http::cors::CorsLayer;\n\nlet cors = CorsLayer::new()\n{};\n\n// Last `.layer(…)` = outermost: add it after your auth layers so preflights never reach them.\nlet app = app.layer(cors);\n",
        chain.join("\n")
    );
    (vec![file("main.rs", "rust", code)], vec![])
}

/// actix-web with actix-cors (<https://docs.rs/actix-cors/latest/actix_cors/struct.Cors.html>).
pub fn actix(i: &FixInput) -> Out {
    let mut chain: Vec<String> = i.origins.iter().map(|o| format!("    .allowed_origin({})", q(o))).collect();
    chain.push(format!("    .allowed_methods(vec![{}])", list(&i.allow_methods())));
    if !i.headers.is_empty() {
        chain.push(format!("    .allowed_headers(vec![{}])", list(&i.headers)));
    }
    if i.credentials {
        chain.push("    .supports_credentials()".into());
    }
    if !i.expose.is_empty() {
        chain.push(format!("    .expose_headers(vec![{}])", list(&i.expose)));
    }
    if let Some(a) = i.max_age {
        chain.push(format!("    .max_age({a})"));
    }
    let code = format!(
        "// Cargo.toml: actix-cors = \"0.7\"\nuse actix_cors::Cors;\n\nHttpServer::new(|| {{\n    let cors = Cors::default()\n    {};\n    // The last `.wrap()` runs first: keep Cors after your auth middleware.\n    App::new().wrap(cors) /* .service(...) */\n}})\n",
        chain.join("\n    ").trim_start()
    );
    (vec![file("main.rs", "rust", code)], vec![])
}
