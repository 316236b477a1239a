//! `cargo xtask run` builds everything and starts Comap; `cargo xtask test`
//! runs every check. Both install what is missing first.

mod circles;
mod i18n;
mod tools;

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

const USAGE: &str = "usage:
  cargo xtask run [comap flags…]   build the client (release) and the server, start Comap
                                   at http://127.0.0.1:8080 with data in ./comap-data/
  cargo xtask test                 fmt, clippy, unit, integration and browser tests,
                                   a short fuzz run of every target
  cargo xtask fuzz [SECONDS]       run every fuzz target (fuzz/) for SECONDS each
                                   (default 300)
  cargo xtask bench [--quick]      load-test a release build and write BENCHMARKS.md
                                   (--quick: a short run that checks the harness, report
                                   in target/bench-quick.md; --export-only, --cold-only,
                                   --reference-only, --workshop-only, --history-only:
                                   only that scenario, printed)
  cargo xtask dist                 build the client only, into ./dist/
  cargo xtask circles              check that no module imports one that imports it
  cargo xtask i18n                 the catalogues' completeness report and key check";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    std::env::set_current_dir(&root)?;
    match args.first().map(String::as_str) {
        Some("run") => run(&root, &args[1..]),
        Some("test") => test(&root),
        Some("circles") => circles::check(&root),
        Some("i18n") => i18n::check(&root),
        Some("bench") => bench(&root, &args[1..]),
        Some("fuzz") => {
            let secs = match args.get(1) {
                Some(s) => s.parse().context("fuzz SECONDS must be a number")?,
                None => 300,
            };
            fuzz(&root, secs)
        }
        Some("dist") => {
            tools::ensure_client_tools(&root)?;
            build_client()
        }
        _ => {
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Runs a command, echoing it, and fails when it fails.
pub fn sh(cmd: &mut Command) -> Result<()> {
    eprintln!("$ {}", describe(cmd));
    let status = cmd
        .status()
        .with_context(|| format!("could not start {}", describe(cmd)))?;
    if !status.success() {
        bail!("{} failed ({status})", describe(cmd));
    }
    Ok(())
}

fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn build_client() -> Result<()> {
    let root = workspace_root();
    tools::ensure_client_assets(&root)?;
    // The participants' page first: Trunk replaces the whole of `dist`.
    // RUSTC_BOOTSTRAP: the browser build's `-Zlocation-detail=none`
    // (`.cargo/config.toml`).
    sh(Command::new("trunk")
        .args(["build", "--release", "--offline", "--minify"])
        .env("RUSTC_BOOTSTRAP", "1"))?;
    // The facilitator's dashboard, a smaller bundle of its own (no board, no
    // Automerge) under `dist/facilitator/`; the server sends it for `/w/<id>`.
    sh(Command::new("trunk")
        .args([
            "build",
            "--release",
            "--offline",
            "--minify",
            "--dist",
            "dist/facilitator",
            "--public-url",
            "/facilitator/",
            "client/facilitator.html",
        ])
        .env("RUSTC_BOOTSTRAP", "1"))?;
    precompress(&root.join("dist"))?;
    precompress(&root.join("dist/facilitator"))
}

/// Zopfli's block splits (see `precompress`).
const MAX_BLOCKS: u16 = 60;

/// Writes `<file>.gz` and `<file>.br` beside each WebAssembly, JavaScript,
/// CSS and HTML file of the built client; the server sends the smallest
/// copy a browser accepts, so the page arrives sooner on slow hospital
/// Wi-Fi. Brotli (quality 11, a 16 MiB window) is what browsers get over
/// HTTPS, where Comap runs (its offline page needs a secure context): the
/// participants' page measured 2026-12-06 553.0 KiB against 701.2 KiB for
/// gzip. Gzip is for browsers that do not send `br` (plain HTTP): Zopfli,
/// about 5% smaller than gzip -9, with up to 60 blocks instead of Zopfli's
/// default 15: the participants' WebAssembly comes out 6.3 KiB smaller for
/// 2 s more (its .gz measured 2026-12-02: 15 blocks 687.8 KiB, 30: 683.1,
/// 60: 681.5, 120: 681.6, unlimited: 701.4).
fn precompress(dist: &Path) -> Result<()> {
    let started = std::time::Instant::now();
    for entry in std::fs::read_dir(dist)? {
        let path = entry?.path();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if !matches!(ext, "wasm" | "js" | "css" | "html") {
            continue;
        }
        let raw = std::fs::read(&path)?;
        let mut packed = Vec::new();
        zopfli::compress(
            zopfli::Options {
                maximum_block_splits: MAX_BLOCKS,
                ..zopfli::Options::default()
            },
            zopfli::Format::Gzip,
            raw.as_slice(),
            &mut packed,
        )
        .with_context(|| format!("compressing {}", path.display()))?;
        std::fs::write(beside(&path, "gz"), packed)?;
        let mut packed = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 24,
            size_hint: raw.len(),
            ..Default::default()
        };
        brotli::BrotliCompress(&mut raw.as_slice(), &mut packed, &params)
            .with_context(|| format!("compressing {}", path.display()))?;
        std::fs::write(beside(&path, "br"), packed)?;
    }
    eprintln!(
        "precompressed the client in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `<file>.<ext>`, beside the file.
fn beside(path: &Path, ext: &str) -> std::path::PathBuf {
    let mut out = path.as_os_str().to_owned();
    out.push(".");
    out.push(ext);
    out.into()
}

fn run(root: &Path, extra: &[String]) -> Result<()> {
    tools::ensure_client_tools(root)?;
    build_client()?;
    sh(cargo().args(["build", "--release", "-p", "comap-server"]))?;
    let mut cmd = Command::new(root.join("target/release/comap"));
    cmd.args(["--static-dir", "dist"]).args(extra);
    sh(&mut cmd)
}

fn bench(root: &Path, extra: &[String]) -> Result<()> {
    tools::ensure_client_tools(root)?;
    tools::ensure_bench_js_deps(root)?;
    build_client()?;
    sh(cargo().args([
        "build",
        "--release",
        "-p",
        "comap-server",
        "-p",
        "comap-bench",
    ]))?;
    sh(Command::new(root.join("target/release/comap-bench")).args(extra))
}

fn test(root: &Path) -> Result<()> {
    tools::ensure_client_tools(root)?;
    tools::ensure_browser()?;
    tools::ensure_js_deps(root)?;
    tools::ensure_bench_js_deps(root)?;
    sh(cargo().args(["fmt", "--all", "--check"]))?;
    circles::check(root)?;
    i18n::check(root)?;
    // One host clippy run covers every crate, the client included (it compiles
    // on the host too), so the dependency tree is checked once, not twice.
    sh(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    build_client()?;
    // One build of every host target (server binary, tests, load generator)
    // with a single feature resolution, so `cargo test` below reuses it all.
    let host = ["--workspace", "--exclude", "comap-client"];
    sh(cargo().arg("build").args(host).arg("--all-targets"))?;
    sh(cargo()
        .arg("test")
        .args(host)
        .env("COMAP_STATIC_DIR", root.join("dist"))
        .env("COMAP_BIN", root.join("target/debug/comap")))?;
    // Keep the benchmark harness working: a short run against the debug build.
    sh(Command::new(root.join("target/debug/comap-bench")).args([
        "--quick",
        "--server",
        "target/debug/comap",
    ]))?;
    // Every fuzz target, briefly and reproducibly: keeps them building and
    // catches shallow bugs.
    fuzz_ci(root)?;
    eprintln!("cargo xtask test: all checks passed");
    Ok(())
}

/// The fuzz targets in `fuzz/fuzz_targets/`, each with the number of inputs
/// the short run in `cargo xtask test` tries (about ten seconds each here).
const FUZZ_TARGETS: [(&str, u32); 3] = [
    ("frame_decode", 400_000),
    ("hello", 1_000_000),
    ("sync_apply", 1_000),
];

/// The short fuzz run of `cargo xtask test`: from the committed seeds only,
/// with a fixed random seed and a fixed number of inputs, so that it is the
/// same run on every machine and a failure is a real regression.
fn fuzz_ci(root: &Path) -> Result<()> {
    tools::ensure_cargo_fuzz()?;
    let dir = root.join("fuzz");
    for (target, runs) in FUZZ_TARGETS {
        let corpus = root.join("target/fuzz-ci").join(target);
        if corpus.exists() {
            std::fs::remove_dir_all(&corpus)?;
        }
        std::fs::create_dir_all(&corpus)?;
        sh(cargo()
            .args(["fuzz", "run", "--sanitizer", "none", target])
            .arg(&corpus)
            .arg(dir.join("seeds").join(target))
            .args(["--", "-seed=1", &format!("-runs={runs}")])
            .env("RUSTC_BOOTSTRAP", "1")
            .current_dir(&dir))?;
    }
    Ok(())
}

/// Runs every fuzz target for `secs` seconds, starting from the committed
/// seeds. cargo fuzz needs unstable compiler flags: `RUSTC_BOOTSTRAP=1`
/// lets the stable toolchain accept them. No sanitizer: the code is safe
/// Rust, and what the fuzzers look for is panics.
fn fuzz(root: &Path, secs: u64) -> Result<()> {
    tools::ensure_cargo_fuzz()?;
    let dir = root.join("fuzz");
    for (target, _) in FUZZ_TARGETS {
        let corpus = dir.join("corpus").join(target);
        std::fs::create_dir_all(&corpus)?;
        sh(cargo()
            .args(["fuzz", "run", "--sanitizer", "none", target])
            .arg(&corpus)
            .arg(dir.join("seeds").join(target))
            .arg("--")
            .arg(format!("-max_total_time={secs}"))
            .env("RUSTC_BOOTSTRAP", "1")
            .current_dir(&dir))?;
    }
    Ok(())
}
