//! Spring Boot and ASP.NET Core.

use super::{file, list, FixInput, SnippetFile};

type Out = (Vec<SnippetFile>, Vec<String>);

/// Spring MVC's `CorsRegistry`
/// (<https://docs.spring.io/spring-framework/reference/web/webmvc-cors.html>); with
/// Spring Security, `http.cors(...)` makes the security filter chain use it, so
/// preflights pass before authentication.
pub fn spring(i: &FixInput) -> Out {
    let mut chain = vec![
        "        registry.addMapping(\"/**\")".to_string(),
        format!("            .allowedOrigins({})", list(&i.origins)),
        format!("            .allowedMethods({})", list(&i.allow_methods())),
    ];
    if !i.headers.is_empty() {
        chain.push(format!("            .allowedHeaders({})", list(&i.headers)));
    }
    if i.credentials {
        chain.push("            .allowCredentials(true)".into());
    }
    if !i.expose.is_empty() {
        chain.push(format!("            .exposedHeaders({})", list(&i.expose)));
    }
    if let Some(a) = i.max_age {
        chain.push(format!("            .maxAge({a})"));
    }
    let code = format!(
        "import org.springframework.context.annotation.Configuration;\nimport org.springframework.web.servlet.config.annotation.CorsRegistry;\nimport org.springframework.web.servlet.config.annotation.WebMvcConfigurer;\n\n@Configuration\npublic class CorsConfig implements WebMvcConfigurer {{\n    @Override\n    public void addCorsMappings(CorsRegistry registry) {{\n{};\n    }}\n}}\n",
        chain.join("\n")
    );
    let security = "// With Spring Security: let the filter chain apply the CORS configuration first,\n// so preflights are answered before authentication.\nhttp.cors(Customizer.withDefaults());\n".to_string();
    (vec![file("CorsConfig.java", "java", code), file("SecurityConfig.java — in your SecurityFilterChain bean", "java", security)], vec![])
}

/// ASP.NET Core CORS middleware
/// (<https://learn.microsoft.com/aspnet/core/security/cors>): `UseCors` after
/// `UseRouting` and before `UseAuthentication` / `UseAuthorization`.
pub fn aspnet(i: &FixInput) -> Out {
    let mut chain = vec![format!("        .WithOrigins({})", list(&i.origins)), format!("        .WithMethods({})", list(&i.allow_methods()))];
    if !i.headers.is_empty() {
        chain.push(format!("        .WithHeaders({})", list(&i.headers)));
    }
    if i.credentials {
        chain.push("        .AllowCredentials()".into());
    }
    if !i.expose.is_empty() {
        chain.push(format!("        .WithExposedHeaders({})", list(&i.expose)));
    }
    if let Some(a) = i.max_age {
        chain.push(format!("        .SetPreflightMaxAge(TimeSpan.FromSeconds({a}))"));
    }
    let code = format!(
        "builder.Services.AddCors(options => options.AddPolicy(\"Frontend\", policy => policy\n{}));\n\nvar app = builder.Build();\napp.UseRouting();\napp.UseCors(\"Frontend\");      // after UseRouting, before authentication\napp.UseAuthentication();\napp.UseAuthorization();\n",
        chain.join("\n")
    );
    (vec![file("Program.cs", "csharp", code)], vec![])
}
