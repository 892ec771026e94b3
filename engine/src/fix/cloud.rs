//! Managed services.

use super::{file, list, FixInput, SnippetFile};

type Out = (Vec<SnippetFile>, Vec<String>);

/// S3 bucket CORS (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html>):
/// S3 allows only GET, PUT, POST, DELETE and HEAD, and sends
/// `Access-Control-Allow-Credentials: true` whenever the matched origin is not `*`.
pub fn s3(i: &FixInput) -> Out {
    let s3_methods: Vec<String> =
        i.allow_methods().into_iter().chain(["GET".to_string()]).filter(|m| ["GET", "PUT", "POST", "DELETE", "HEAD"].contains(&m.as_str())).fold(
            Vec::new(),
            |mut v, m| {
                if !v.contains(&m) {
                    v.push(m);
                }
                v
            },
        );
    let mut fields = vec![format!("      \"AllowedOrigins\": [{}]", list(&i.origins)), format!("      \"AllowedMethods\": [{}]", list(&s3_methods))];
    if !i.headers.is_empty() {
        fields.push(format!("      \"AllowedHeaders\": [{}]", list(&i.headers)));
    }
    if !i.expose.is_empty() {
        fields.push(format!("      \"ExposeHeaders\": [{}]", list(&i.expose)));
    }
    if let Some(a) = i.max_age {
        fields.push(format!("      \"MaxAgeSeconds\": {a}"));
    }
    let code = format!("{{\n  \"CORSRules\": [\n    {{\n{}\n    }}\n  ]\n}}\n", fields.join(",\n"));
    let mut notes = vec!["Apply with `aws s3api put-bucket-cors --bucket BUCKET --cors-configuration file://cors.json`, or paste the rule in the console (Permissions → CORS).".to_string()];
    if i.methods.iter().any(|m| !["GET", "PUT", "POST", "DELETE", "HEAD"].contains(&m.as_str())) {
        notes.push("S3 CORS rules accept only GET, PUT, POST, DELETE and HEAD.".into());
    }
    if i.credentials {
        notes.push("S3 sends Access-Control-Allow-Credentials: true by itself for a listed (non-*) origin.".into());
    }
    (vec![file("cors.json", "json", code)], notes)
}

/// API Gateway HTTP API CORS
/// (<https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html>):
/// the gateway answers preflights itself and overrides the integration's CORS headers.
pub fn api_gateway(i: &FixInput) -> Out {
    let mut fields = vec![format!("  \"AllowOrigins\": [{}]", list(&i.origins)), format!("  \"AllowMethods\": [{}]", list(&i.allow_methods()))];
    if !i.headers.is_empty() {
        fields.push(format!("  \"AllowHeaders\": [{}]", list(&i.headers)));
    }
    if i.credentials {
        fields.push("  \"AllowCredentials\": true".into());
    }
    if !i.expose.is_empty() {
        fields.push(format!("  \"ExposeHeaders\": [{}]", list(&i.expose)));
    }
    if let Some(a) = i.max_age {
        fields.push(format!("  \"MaxAge\": {a}"));
    }
    let code = format!("{{\n{}\n}}\n", fields.join(",\n"));
    (
        vec![file("cors.json — aws apigatewayv2 update-api --api-id API --cors-configuration file://cors.json", "json", code)],
        vec![
            "HTTP APIs answer preflights before authorizers run. For REST APIs, \"Enable CORS\" adds an OPTIONS mock integration, and a Lambda proxy integration must return Access-Control-Allow-Origin itself on every response.".into(),
        ],
    )
}
