//! Rails and Laravel.

use super::{file, FixInput, SnippetFile};

type Out = (Vec<SnippetFile>, Vec<String>);

/// A single-quoted Ruby/PHP literal (no interpolation).
fn sq(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

fn sq_list(items: &[String]) -> String {
    items.iter().map(|s| sq(s)).collect::<Vec<_>>().join(", ")
}

/// Rails with rack-cors (<https://github.com/cyu/rack-cors#configuration>), inserted
/// first in the middleware stack so it answers preflights before anything else.
pub fn rails(i: &FixInput) -> Out {
    let methods: Vec<String> =
        i.allow_methods().iter().chain(["OPTIONS".to_string()].iter()).map(|m| format!(":{}", m.to_ascii_lowercase())).collect();
    let mut opts = vec![format!("headers: [{}]", sq_list(&i.headers)), format!("methods: [{}]", methods.join(", "))];
    if i.credentials {
        opts.push("credentials: true".into());
    }
    if !i.expose.is_empty() {
        opts.push(format!("expose: [{}]", sq_list(&i.expose)));
    }
    if let Some(a) = i.max_age {
        opts.push(format!("max_age: {a}"));
    }
    let code = format!(
        "# Gemfile: gem 'rack-cors'\nRails.application.config.middleware.insert_before 0, Rack::Cors do\n  allow do\n    origins {}\n    resource '*',\n      {}\n  end\nend\n",
        sq_list(&i.origins),
        opts.join(",\n      ")
    );
    (
        vec![file("config/initializers/cors.rb", "ruby", code)],
        vec!["Custom HTTP methods need a symbol rack-cors knows; the standard ones (get, post, put, patch, delete, options, head) work.".into()],
    )
}

/// Laravel's `config/cors.php` (<https://laravel.com/docs/routing#cors>), served by its
/// built-in `HandleCors` middleware, which runs before authentication.
pub fn laravel(i: &FixInput) -> Out {
    let max_age = i.max_age.unwrap_or(0);
    let code = format!(
        "<?php\n\nreturn [\n    'paths' => ['api/*'],\n    'allowed_methods' => [{}],\n    'allowed_origins' => [{}],\n    'allowed_origins_patterns' => [],\n    'allowed_headers' => [{}],\n    'exposed_headers' => [{}],\n    'max_age' => {max_age},\n    'supports_credentials' => {},\n];\n",
        sq_list(&i.allow_methods()),
        sq_list(&i.origins),
        sq_list(&i.headers),
        sq_list(&i.expose),
        if i.credentials { "true" } else { "false" },
    );
    (
        vec![file("config/cors.php", "php", code)],
        vec!["`paths` must cover every route the frontend calls (the default is api/* and sanctum/csrf-cookie). Run `php artisan config:clear` after editing.".into()],
    )
}
