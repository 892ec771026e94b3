//! corsprobe's task runner. `cargo xtask <task>`:
//!
//! - `run`:   install what is missing, build the app, serve it with the lab (two origins).
//! - `test`:  install what is missing (browsers too), then run every test.
//! - `setup`: only install (`--browsers` for the test browsers too).
//! - `build`: install the app tools and build `dist/` (release).
//! - `bench`: the live-diagnosis benchmark (see README).
//! - `fuzz [seconds]`: the engine's coverage-guided fuzz targets (`engine/fuzz/`,
//!   cargo fuzz), each for `seconds` (default 60); `test` ends with a short run.
//! - `difftest N [--seed S]`: the differential test (engine against Chromium on N
//!   generated server answers, harness/tests/difftest.rs); new kinds of disagreement are
//!   shrunk and saved under harness/fixtures/difftest/open/. `test` runs a fixed seed.
//! - `live-difftest N [--seed S]`: the live-path differential test (the app itself, in
//!   Chromium, on N generated server answers, harness/tests/live_difftest.rs). `test`
//!   runs 60 cases of a fixed seed.
//!
//! Std-only on purpose: it must compile in seconds on a fresh machine, before anything
//! else is installed. Every install step checks first and skips what is present.

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

const TRUNK_VERSION: &str = "0.21.14";
/// Must equal the `wasm-bindgen` crate pinned in the root Cargo.toml.
const WASM_BINDGEN_VERSION: &str = "0.2.130";
/// npm `binaryen`: Debian's wasm-opt 108 builds a module that fails to load with current
/// Rust, so Trunk.toml names this version and the npm package provides it.
const BINARYEN_VERSION: &str = "132.0.0";
/// npm `axe-core`: the accessibility checks the browser tests run inside the page.
const AXE_VERSION: &str = "4.14.1";
/// geckodriver from crates.io (`cargo install`), for tests/app.rs in Firefox.
const GECKODRIVER_VERSION: &str = "0.37.1";
/// The cargo-fuzz targets in engine/fuzz/fuzz_targets/, each with a seed corpus written
/// from the engine's fixtures and a dictionary in engine/fuzz/dict/.
const FUZZ_TARGETS: &[&str] = &["har", "raw_headers", "console", "share_fragment"];
/// Seconds per target for `cargo xtask fuzz` without an argument.
const FUZZ_SECONDS: u64 = 60;
/// Seconds per target at the end of `cargo xtask test`. With the cargo-fuzz install
/// (40 s), the seed corpora (up to 40 s) and the build (90 s), under five minutes on a
/// fresh two-core machine.
const FUZZ_TEST_SECONDS: u64 = 20;
/// Debian packages the browser tests drive.
const BROWSER_PACKAGES: &[(&str, &str)] = &[
    ("/usr/bin/chromium", "chromium"),
    ("/usr/bin/chromedriver", "chromium-driver"),
    ("/usr/bin/firefox-esr", "firefox-esr"),
    // WebKitGTK's WebDriver (it brings the MiniBrowser it drives) and a virtual X server.
    ("/usr/bin/WebKitWebDriver", "webkit2gtk-driver"),
    ("/usr/bin/xvfb-run", "xvfb"),
    // The real servers the generated fixes run on, and curl for the pasted-output tests.
    ("/usr/sbin/nginx", "nginx-light"),
    ("/usr/sbin/apache2", "apache2"),
    ("/usr/bin/caddy", "caddy"),
    ("/usr/bin/curl", "curl"),
];

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let task = args.first().map(String::as_str).unwrap_or("help");
    let rest = &args[args.len().min(1)..];
    let result = match task {
        "setup" => setup(rest.iter().any(|a| a == "--browsers")),
        "build" => setup(false).and_then(|_| build()),
        "run" => setup(false).and_then(|_| build()).and_then(|_| run(rest)),
        "test" => setup(true).and_then(|_| test()),
        "bench" => setup(true).and_then(|_| build()).and_then(|_| bench()),
        "fuzz" => match rest.first().map(|s| s.parse::<u64>()) {
            None => fuzz(FUZZ_SECONDS),
            Some(Ok(seconds)) if seconds > 0 => fuzz(seconds),
            Some(_) => Err(format!("{:?}: expected the seconds per target, a positive whole number", rest[0])),
        },
        "difftest" => difftest_args(rest).and_then(|(n, seed)| setup(true).and_then(|_| difftest(n, seed))),
        "live-difftest" => difftest_args(rest).and_then(|(n, seed)| setup(true).and_then(|_| build()).and_then(|_| live_difftest(n, seed))),
        _ => {
            eprintln!("usage: cargo xtask <run|test|setup [--browsers]|build|bench|fuzz [seconds]|difftest N [--seed S]|live-difftest N [--seed S]>");
            return if task == "help" { ExitCode::SUCCESS } else { ExitCode::from(2) };
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask {task}: {message}");
            ExitCode::FAILURE
        }
    }
}

type Result<T = ()> = std::result::Result<T, String>;

fn root() -> PathBuf {
    // xtask/ sits directly under the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask has a parent").to_path_buf()
}

fn tools_bin() -> PathBuf {
    root().join(".tools/node_modules/.bin")
}

/// PATH with the project's own tools first (npm wasm-opt, cargo-installed binaries).
fn tool_path() -> String {
    let cargo_bin =
        env::var("CARGO_HOME").map(PathBuf::from).unwrap_or_else(|_| PathBuf::from(env::var("HOME").unwrap_or_default()).join(".cargo")).join("bin");
    let old = env::var("PATH").unwrap_or_default();
    format!("{}:{}:{old}", tools_bin().display(), cargo_bin.display())
}

/// The full path of `program` on the tools' PATH (wasm-bindgen-test-runner wants one).
fn which(program: &str) -> Result<String> {
    tool_path()
        .split(':')
        .map(|dir| Path::new(dir).join(program))
        .find(|p| p.is_file())
        .map(|p| p.display().to_string())
        .ok_or_else(|| format!("{program} is not installed: run `cargo xtask setup --browsers`"))
}

fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.env("PATH", tool_path()).current_dir(root());
    c
}

fn run_cmd(c: &mut Command) -> Result {
    eprintln!("xtask: $ {c:?}");
    let status = c.status().map_err(|e| format!("could not start {:?}: {e}", c.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{:?} failed with {status}", c.get_program()))
    }
}

/// Output of a command, or None if it cannot run.
fn output_of(c: &mut Command) -> Option<String> {
    let out = c.stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn setup(browsers: bool) -> Result {
    // The wasm target.
    let installed = output_of(cmd("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        run_cmd(cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    // Trunk: 0.22 needs a newer rustc; without --locked a newer cssparser breaks lightningcss.
    let trunk = output_of(cmd("trunk").arg("--version")).unwrap_or_default();
    if !trunk.contains(TRUNK_VERSION) {
        run_cmd(cmd("cargo").args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))?;
    }
    // wasm-bindgen-cli must match the crate exactly. The crates mirror lacks some locked
    // dependency versions, so fall back to an unlocked install.
    let wb = output_of(cmd("wasm-bindgen").arg("--version")).unwrap_or_default();
    if !wb.contains(WASM_BINDGEN_VERSION) {
        let locked = run_cmd(cmd("cargo").args(["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN_VERSION, "--locked"]));
        if locked.is_err() {
            run_cmd(cmd("cargo").args(["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN_VERSION]))?;
        }
    }
    // wasm-opt from npm binaryen, into .tools/ (git-ignored).
    let wasm_opt = output_of(Command::new(tools_bin().join("wasm-opt")).arg("--version")).unwrap_or_default();
    let want = format!("version {}", BINARYEN_VERSION.split('.').next().unwrap_or_default());
    if !wasm_opt.contains(&want) {
        std::fs::create_dir_all(root().join(".tools")).map_err(|e| e.to_string())?;
        run_cmd(cmd("npm").args(["install", "--no-audit", "--no-fund", "--prefix", ".tools", &format!("binaryen@{BINARYEN_VERSION}")]))?;
    }
    if browsers {
        setup_browsers()?;
        setup_stacks()?;
    }
    Ok(())
}

/// The application servers the generated fixes are verified on: Flask (a venv) and
/// Express (npm), pinned in harness/stacks/, installed under .tools/stacks/. A marker
/// holding the pinned list makes a second run skip the install.
fn setup_stacks() -> Result {
    let stacks = root().join(".tools/stacks");
    let venv = stacks.join("venv");
    let requirements = std::fs::read_to_string(root().join("harness/stacks/requirements.txt")).map_err(|e| e.to_string())?;
    let marker = venv.join(".corsprobe-installed");
    if std::fs::read_to_string(&marker).ok().as_deref() != Some(requirements.as_str()) {
        std::fs::create_dir_all(&stacks).map_err(|e| e.to_string())?;
        if !venv.join("bin/python").exists() {
            run_cmd(cmd("python3").args(["-m", "venv"]).arg(&venv))?;
        }
        run_cmd(Command::new(venv.join("bin/pip")).args(["install", "--quiet", "-r"]).arg(root().join("harness/stacks/requirements.txt")))?;
        std::fs::write(&marker, &requirements).map_err(|e| e.to_string())?;
    }
    let node = stacks.join("node");
    let package = std::fs::read_to_string(root().join("harness/stacks/node/package.json")).map_err(|e| e.to_string())?;
    let marker = node.join(".corsprobe-installed");
    if std::fs::read_to_string(&marker).ok().as_deref() != Some(package.as_str()) {
        std::fs::create_dir_all(&node).map_err(|e| e.to_string())?;
        std::fs::write(node.join("package.json"), &package).map_err(|e| e.to_string())?;
        run_cmd(cmd("npm").args(["install", "--no-audit", "--no-fund", "--prefix"]).arg(&node))?;
        std::fs::write(&marker, &package).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn setup_browsers() -> Result {
    // geckodriver, for the app crate's wasm tests in Firefox (wasm-bindgen-test drives
    // Firefox through it; Debian does not package it, crates.io has it).
    let gecko = output_of(cmd("geckodriver").arg("--version")).unwrap_or_default();
    if !gecko.contains(GECKODRIVER_VERSION) {
        run_cmd(cmd("cargo").args(["install", "geckodriver", "--version", GECKODRIVER_VERSION, "--locked"]))?;
    }
    // axe-core for the accessibility test, into .tools/ next to binaryen.
    let axe_package = root().join(".tools/node_modules/axe-core/package.json");
    let axe = std::fs::read_to_string(&axe_package).unwrap_or_default();
    if !axe.contains(&format!("\"version\": \"{AXE_VERSION}\"")) {
        run_cmd(cmd("npm").args(["install", "--no-audit", "--no-fund", "--prefix", ".tools", &format!("axe-core@{AXE_VERSION}")]))?;
    }
    let missing: Vec<&str> = BROWSER_PACKAGES.iter().filter(|(bin, _)| !Path::new(bin).exists()).map(|(_, pkg)| *pkg).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let is_root = output_of(Command::new("id").arg("-u")).map(|s| s.trim() == "0").unwrap_or(false);
    let sudo: &[&str] = if is_root { &[] } else { &["sudo"] };
    let apt = |args: &[&str]| {
        let mut all: Vec<&str> = sudo.to_vec();
        all.push("apt-get");
        all.extend_from_slice(args);
        let mut c = cmd(all[0]);
        c.args(&all[1..]).env("DEBIAN_FRONTEND", "noninteractive");
        run_cmd(&mut c)
    };
    apt(&["update", "-qq"])?;
    let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
    args.extend(missing.iter());
    apt(&args)
}

fn build() -> Result {
    // Trunk.toml sets `offline = true`, which makes cargo offline too: fetch first.
    run_cmd(cmd("cargo").args(["fetch", "--target", "wasm32-unknown-unknown"]))?;
    run_cmd(cmd("trunk").args(["build", "--release"]))?;
    add_content_security_policy(&root().join("dist/index.html"))
}

/// The page's policy: it may send requests anywhere (that is its job), frame only its own
/// null-origin probe (static/null-probe.html), and load nothing
/// else but its own files. `{loader}` is the hash of the inline module script Trunk
/// writes to start the wasm, which changes with every build, hence this step.
/// README ("Deploy") explains why a host should also send it as a header.
const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' '{loader}'; style-src 'self'; \
img-src 'self' data:; frame-src 'self'; connect-src *; base-uri 'none'; form-action 'none'; object-src 'none'";

fn add_content_security_policy(index: &Path) -> Result {
    use base64::Engine as _;
    use sha2::Digest as _;
    let html = std::fs::read_to_string(index).map_err(|e| format!("{}: {e}", index.display()))?;
    let open = "<script type=\"module\">";
    let start = html.find(open).ok_or("dist/index.html: Trunk's loader script is missing")? + open.len();
    let end = start + html[start..].find("</script>").ok_or("dist/index.html: unterminated loader script")?;
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&html.as_bytes()[start..end]));
    let policy = CSP.replace("{loader}", &format!("sha256-{hash}"));
    let meta = format!("<meta charset=\"utf-8\">\n  <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">");
    if !html.contains("<meta charset=\"utf-8\">") {
        return Err("dist/index.html: no <meta charset=\"utf-8\"> to put the policy after".into());
    }
    std::fs::write(index, html.replacen("<meta charset=\"utf-8\">", &meta, 1)).map_err(|e| e.to_string())
}

fn lab_binary() -> Result<PathBuf> {
    run_cmd(cmd("cargo").args(["build", "--package", "corsprobe-lab"]))?;
    Ok(root().join("target/debug/corsprobe-lab"))
}

fn run(rest: &[String]) -> Result {
    let lab = lab_binary()?;
    let app_port = env::var("CORSPROBE_APP_PORT").unwrap_or_else(|_| "8080".into());
    let lab_port = env::var("CORSPROBE_LAB_PORT").unwrap_or_else(|_| "8081".into());
    let app_origin = format!("http://127.0.0.1:{app_port}");
    eprintln!("\ncorsprobe: open {app_origin}/?lab=http://127.0.0.1:{lab_port}  (the lab's cases are under \"Try an example\")\n");
    let mut c = cmd(lab.to_str().ok_or("non-UTF-8 path")?);
    c.args(["--port", &lab_port, "--app-origin", &app_origin, "--serve-app", "dist", "--app-port", &app_port]);
    c.args(rest);
    run_cmd(&mut c)
}

fn test() -> Result {
    // Style first, it fails fastest: rustfmt (rustfmt.toml) and clippy with warnings as
    // errors, on the host workspace and on the page's wasm build.
    run_cmd(cmd("cargo").args(["fmt", "--all", "--", "--check"]))?;
    run_cmd(cmd("cargo").args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
    run_cmd(cmd("cargo").args(["clippy", "--package", "corsprobe", "--target", "wasm32-unknown-unknown", "--all-targets", "--", "-D", "warnings"]))?;
    // Host tests: engine, view, lab, CLI.
    run_cmd(cmd("cargo").args(["test", "--workspace", "--exclude", "harness"]))?;
    // The app crate's own tests (tests/app.rs) in headless Chromium and Firefox, through
    // wasm-bindgen-test-runner (installed with wasm-bindgen-cli), ChromeDriver and
    // geckodriver (the runner picks the browser by which of the two it is given).
    for (driver, path) in [("CHROMEDRIVER", "/usr/bin/chromedriver".to_string()), ("GECKODRIVER", which("geckodriver")?)] {
        run_cmd(
            cmd("cargo")
                .args(["test", "--package", "corsprobe", "--target", "wasm32-unknown-unknown", "--test", "app"])
                .env_remove("CHROMEDRIVER")
                .env_remove("GECKODRIVER")
                .env(driver, path),
        )?;
    }
    // The page as shipped, then the browser tests against it.
    build()?;
    // Includes the size ceiling (harness/tests/size.rs), the differential test on a fixed
    // seed (harness/tests/difftest.rs) and its live path: the app itself on 60 generated
    // answers (harness/tests/live_difftest.rs, about 1 to 2 minutes), and every path on
    // the nine real server stacks (harness/tests/real_servers_difftest.rs, 2 to 3 minutes),
    // and the page inside Firefox on the same servers (real_servers_in_firefox.rs).
    run_cmd(cmd("cargo").args(["test", "--package", "harness", "--", "--test-threads=1"]))?;
    // Last, bounded: the coverage-guided fuzz targets.
    fuzz(FUZZ_TEST_SECONDS)
}

/// `N [--seed S]` of `cargo xtask difftest`.
fn difftest_args(rest: &[String]) -> Result<(u64, u64)> {
    let number = |what: &str, v: Option<&String>| -> Result<u64> {
        let v = v.ok_or_else(|| format!("needs {what}; usage: cargo xtask difftest N [--seed S]"))?;
        v.parse::<u64>().map_err(|_| format!("{what} must be a whole number, got {v:?}"))
    };
    let n = number("the number of cases N", rest.first())?;
    let seed = match rest.get(1).map(String::as_str) {
        None => 1,
        Some("--seed") => number("a seed after --seed", rest.get(2))?,
        Some(other) => return Err(format!("unexpected {other:?}; usage: cargo xtask difftest N [--seed S]")),
    };
    if n == 0 {
        return Err("N must be at least 1".into());
    }
    Ok((n, seed))
}

/// The differential test with `n` cases from `seed`, saving new disagreements.
fn difftest(n: u64, seed: u64) -> Result {
    run_cmd(
        cmd("cargo")
            .args(["test", "--package", "harness", "--test", "difftest", "--", "--nocapture", "--test-threads=1"])
            .env("CORSPROBE_DIFFTEST_N", n.to_string())
            .env("CORSPROBE_DIFFTEST_SEED", seed.to_string())
            .env("CORSPROBE_DIFFTEST_SAVE", "1"),
    )
}

/// The live-path differential test with `n` cases from `seed` (the app as built in
/// `dist/`; disagreements are saved under harness/out/live-difftest/).
fn live_difftest(n: u64, seed: u64) -> Result {
    run_cmd(
        cmd("cargo")
            .args(["test", "--package", "harness", "--test", "live_difftest", "--", "--nocapture", "--test-threads=1"])
            .env("CORSPROBE_LIVE_DIFFTEST_N", n.to_string())
            .env("CORSPROBE_LIVE_DIFFTEST_SEED", seed.to_string()),
    )
}

/// Runs every cargo-fuzz target for `seconds`, on the stable toolchain. Fails if any
/// target panics, or hangs on one input. `--sanitizer none`: the engine is safe Rust, so
/// the bug class is a panic, which needs no sanitizer, and this needs no `-Z` flag.
/// (AddressSanitizer does build on stable with RUSTC_BOOTSTRAP=1, and its memcmp hooks
/// help libFuzzer guess strings; but it ran 1.5 to 8 times slower here, and in 30 s
/// per target its corpora covered less than these, the dictionaries giving the strings.)
fn fuzz(seconds: u64) -> Result {
    if output_of(cmd("cargo").args(["fuzz", "--version"])).is_none() {
        // As for wasm-bindgen-cli: the crates mirror may lack a locked dependency.
        if run_cmd(cmd("cargo").args(["install", "cargo-fuzz", "--locked"])).is_err() {
            run_cmd(cmd("cargo").args(["install", "cargo-fuzz"]))?;
        }
    }
    let fuzz_dir = root().join("engine/fuzz");
    // The seed corpora, from the same fixtures the stable fuzzer (engine/tests/fuzz.rs)
    // reads, into corpus/<target>/ (git-ignored), where libFuzzer also keeps what it finds.
    run_cmd(
        cmd("cargo")
            .args(["test", "--package", "corsprobe-engine", "--test", "fuzz", "--", "--ignored", "--exact", "write_seed_corpora"])
            .env("CORSPROBE_FUZZ_SEED_DIR", fuzz_dir.join("corpus")),
    )?;
    let fuzz_cmd = || {
        let mut c = cmd("cargo");
        c.arg("fuzz").current_dir(&fuzz_dir);
        c
    };
    run_cmd(fuzz_cmd().args(["build", "--sanitizer", "none"]))?;
    let mut failed = Vec::new();
    for target in FUZZ_TARGETS {
        let result = run_cmd(fuzz_cmd().args(["run", "--sanitizer", "none", target]).arg("--").args([
            format!("-max_total_time={seconds}"),
            // One input taking this long is a hang in the page: a failure too.
            "-timeout=10".to_string(),
            format!("-dict={}", fuzz_dir.join(format!("dict/{target}.dict")).display()),
            "-print_final_stats=1".to_string(),
        ]));
        if let Err(e) = result {
            eprintln!("xtask: fuzz target {target}: {e}");
            failed.push(*target);
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "fuzz targets failed: {} (the input is in engine/fuzz/artifacts/<target>/; replay it with \
             `cd engine/fuzz && cargo fuzz run --sanitizer none <target> <file>`)",
            failed.join(", ")
        ))
    }
}

fn bench() -> Result {
    // One benchmark at a time: run side by side on two cores, each slowed the other.
    run_cmd(cmd("cargo").args(["test", "--package", "harness", "--test", "bench", "--", "--ignored", "--nocapture", "--test-threads=1"]))
}
