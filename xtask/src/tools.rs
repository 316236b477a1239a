//! Installing what the build and the tests need, only when it is missing.

use crate::sh;
use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::Command;

fn output(cmd: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(cmd).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn on_path(cmd: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(cmd).is_file()))
}

/// The wasm32 target, Trunk 0.21 and wasm-bindgen-cli at the Cargo.lock version.
pub fn ensure_client_tools(root: &Path) -> Result<()> {
    let targets = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        sh(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    let trunk = output("trunk", &["--version"]).unwrap_or_default();
    if !trunk.contains(" 0.21.") {
        sh(Command::new("cargo").args(["install", "trunk", "--version", "~0.21", "--locked"]))?;
    }
    let wanted = locked_version(root, "wasm-bindgen")?;
    let have = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if have.split_whitespace().nth(1) != Some(wanted.as_str()) {
        // Without --locked: its lock file names a crate version the registry lacks.
        sh(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &wanted]))?;
    }
    Ok(())
}

/// The version of `package` in Cargo.lock.
fn locked_version(root: &Path, package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == format!("name = \"{package}\"")
            && let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
        {
            return Ok(v.trim_matches('"').to_string());
        }
    }
    bail!("{package} is not in Cargo.lock")
}

/// Chromium and chromedriver for the browser tests.
pub fn ensure_browser() -> Result<()> {
    if on_path("chromium") && on_path("chromedriver") {
        return Ok(());
    }
    let is_root = output("id", &["-u"]).is_some_and(|u| u.trim() == "0");
    if !is_root || !on_path("apt-get") {
        bail!(
            "the browser tests need Chromium and ChromeDriver. Install them, for example:\n  \
             sudo apt-get update && sudo apt-get install -y chromium chromium-driver"
        );
    }
    sh(Command::new("apt-get").args(["update"]))?;
    sh(Command::new("apt-get")
        .args([
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
        ])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// The JavaScript test client's packages (the reference Automerge, and
/// axe-core for the accessibility checks).
pub fn ensure_js_deps(root: &Path) -> Result<()> {
    npm_packages(
        &root.join("tests/js"),
        &["@automerge/automerge", "ws", "axe-core"],
    )
}

/// The reference servers and their client libraries, for the benchmark's
/// comparison (`bench/js`). `npm install`, not `npm ci`: the lock file cannot
/// name the optional prebuilt `@cbor-extract/*` packages the registry here
/// lacks, so `npm ci` refuses it; `npm install` leaves the lock as it is.
pub fn ensure_bench_js_deps(root: &Path) -> Result<()> {
    npm_install(
        &root.join("bench/js"),
        &[
            "@hocuspocus/server",
            "@hocuspocus/provider",
            "@automerge/automerge",
            "@automerge/automerge-repo",
            "@automerge/automerge-repo-network-websocket",
            "ws",
            "y-protocols",
            "yjs",
        ],
        "install",
    )
}

/// What the client ships from the npm registry: the typeface (web fonts for
/// the page, TrueType for the server's image exports).
pub fn ensure_client_assets(root: &Path) -> Result<()> {
    npm_packages(
        &root.join("client/assets"),
        &[
            "@fontsource/atkinson-hyperlegible",
            "@expo-google-fonts/atkinson-hyperlegible",
        ],
    )
}

/// Installs the locked packages of the npm project in `dir` unless every
/// one of `needed` is already there; installs Node.js and npm first when
/// they are missing and this is root on a machine with apt-get.
fn npm_packages(dir: &Path, needed: &[&str]) -> Result<()> {
    npm_install(dir, needed, "ci")
}

/// `npm <how>` in `dir` unless every one of `needed` is there (see `npm_packages`).
fn npm_install(dir: &Path, needed: &[&str], how: &str) -> Result<()> {
    let modules = dir.join("node_modules");
    if needed.iter().all(|p| modules.join(p).exists()) {
        return Ok(());
    }
    if !on_path("npm") {
        let is_root = output("id", &["-u"]).is_some_and(|u| u.trim() == "0");
        if !is_root || !on_path("apt-get") {
            bail!(
                "{} needs Node.js and npm; install them, for example:\n  \
                 sudo apt-get install -y nodejs npm",
                dir.display()
            );
        }
        sh(Command::new("apt-get").args(["update"]))?;
        sh(Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends", "nodejs", "npm"])
            .env("DEBIAN_FRONTEND", "noninteractive"))?;
    }
    sh(Command::new("npm")
        .args([how, "--no-audit", "--no-fund"])
        .current_dir(dir))
}

/// cargo-fuzz, for the fuzz targets.
pub fn ensure_cargo_fuzz() -> Result<()> {
    if output("cargo", &["fuzz", "--version"]).is_some() {
        return Ok(());
    }
    sh(Command::new("cargo").args(["install", "cargo-fuzz", "--locked"]))
}
