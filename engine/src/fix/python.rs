//! Python stacks.

use super::{file, list, FixInput, SnippetFile};

type Out = (Vec<SnippetFile>, Vec<String>);

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// Flask with flask-cors (<https://flask-cors.readthedocs.io/en/latest/api.html>):
/// `origins` as a list matches exactly and sets `Vary: Origin`; the extension answers
/// preflights itself (`automatic_options`).
pub fn flask(i: &FixInput) -> Out {
    let mut args = vec![format!("    origins=[{}],", list(&i.origins)), format!("    methods=[{}],", list(&i.allow_methods()))];
    if !i.headers.is_empty() {
        args.push(format!("    allow_headers=[{}],", list(&i.headers)));
    }
    if i.credentials {
        args.push("    supports_credentials=True,".into());
    }
    if !i.expose.is_empty() {
        args.push(format!("    expose_headers=[{}],", list(&i.expose)));
    }
    if let Some(a) = i.max_age {
        args.push(format!("    max_age={a},"));
    }
    let code = format!("# pip install flask-cors\nfrom flask_cors import CORS\n\nCORS(\n    app,\n{}\n)\n", args.join("\n"));
    (
        vec![file("app.py (after `app = Flask(__name__)`)", "python", code)],
        vec!["If an auth decorator or `before_request` hook rejects requests without a token, let OPTIONS through: preflights carry no credentials."
            .into()],
    )
}

/// Django with django-cors-headers (<https://github.com/adamchainz/django-cors-headers#configuration>).
pub fn django(i: &FixInput) -> Out {
    let mut lines = vec![
        "# pip install django-cors-headers".to_string(),
        "from corsheaders.defaults import default_headers, default_methods".to_string(),
        String::new(),
        "INSTALLED_APPS += [\"corsheaders\"]".to_string(),
        "# As high as possible, before CommonMiddleware and any authentication middleware.".to_string(),
        "MIDDLEWARE.insert(0, \"corsheaders.middleware.CorsMiddleware\")".to_string(),
        String::new(),
    ];
    if i.wildcard() {
        lines.push("CORS_ALLOW_ALL_ORIGINS = True".into());
    } else {
        lines.push(format!("CORS_ALLOWED_ORIGINS = [{}]", list(&i.origins)));
    }
    if !i.methods.is_empty() {
        lines.push(format!("CORS_ALLOW_METHODS = (*default_methods, {})", list(&i.methods)));
    }
    if !i.headers.is_empty() {
        lines.push(format!("CORS_ALLOW_HEADERS = (*default_headers, {})", list(&i.headers)));
    }
    lines.push(format!("CORS_ALLOW_CREDENTIALS = {}", py_bool(i.credentials)));
    if !i.expose.is_empty() {
        lines.push(format!("CORS_EXPOSE_HEADERS = [{}]", list(&i.expose)));
    }
    if let Some(a) = i.max_age {
        lines.push(format!("CORS_PREFLIGHT_MAX_AGE = {a}"));
    }
    (vec![file("settings.py", "python", lines.join("\n") + "\n")], vec![])
}

/// FastAPI / Starlette `CORSMiddleware`
/// (<https://fastapi.tiangolo.com/tutorial/cors/>, <https://www.starlette.io/middleware/#corsmiddleware>):
/// it checks the requested method and headers itself, so both must be listed.
pub fn fastapi(i: &FixInput) -> Out {
    let mut args = vec![format!("    allow_origins=[{}],", list(&i.origins)), format!("    allow_methods=[{}],", list(&i.allow_methods()))];
    if !i.headers.is_empty() {
        args.push(format!("    allow_headers=[{}],", list(&i.headers)));
    }
    if i.credentials {
        args.push("    allow_credentials=True,".into());
    }
    if !i.expose.is_empty() {
        args.push(format!("    expose_headers=[{}],", list(&i.expose)));
    }
    if let Some(a) = i.max_age {
        args.push(format!("    max_age={a},"));
    }
    let code = format!(
        "from fastapi.middleware.cors import CORSMiddleware\n\n# Add it last: the last middleware added runs first, before authentication.\napp.add_middleware(\n    CORSMiddleware,\n{}\n)\n",
        args.join("\n")
    );
    (vec![file("main.py", "python", code)], vec![])
}
