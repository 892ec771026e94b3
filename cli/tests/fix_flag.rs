//! `corsprobe check --fix STACK`: the configuration that allows the request, for any
//! stack the page's Fix panel offers (servers, CDN and hosting layers, development
//! proxies), made from the report of a real exchange with the lab; in text and in JSON.

use corsprobe_lab::{start, LabConfig};
use std::process::{Command, Output};

const APP: &str = "http://127.0.0.1:8080";

fn corsprobe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corsprobe")).args(args).env("NO_COLOR", "1").output().expect("the corsprobe binary runs")
}

#[test]
fn fix_prints_the_configuration_for_every_kind_of_stack() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let lab = rt.block_on(start(LabConfig::new(APP))).unwrap();
    let url = format!("{}/case/header-not-allowed", lab.origin);
    let base = ["check", url.as_str(), "--origin", APP, "-H", "X-Api-Key: k", "--timeout", "5"];

    // A CDN layer, as text: the allow-list names the origin and the header.
    let out = corsprobe(&[&base[..], &["--fix", "aws-cloudfront"]].concat());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "blocked: {text}");
    assert!(text.contains("Fix it: AWS CloudFront"), "{text}");
    assert!(text.contains(APP) && text.to_ascii_lowercase().contains("x-api-key"), "{text}");

    // A development proxy, as JSON: the report and the snippet side by side.
    let out = corsprobe(&[&base[..], &["--fix", "vite-proxy", "--json"]].concat());
    let both: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    assert_eq!(both["report"]["verdict"], "blocked");
    assert_eq!(both["fix"]["stack"], "vite-proxy", "{both:#}");
    assert!(both["fix"]["files"][0]["code"].as_str().unwrap().contains(&lab.origin), "the proxy forwards to the API: {both:#}");

    // An unknown stack is invalid input, with the list.
    let out = corsprobe(&[&base[..], &["--fix", "nope"]].concat());
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("netlify"));
}
