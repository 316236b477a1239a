//! The real `comap` binary, started on port 0 with its own data directory.

use anyhow::{Context, Result, anyhow, bail};
use serde::Deserialize;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// What a started server logs, and where.
enum Logs {
    /// Warnings, to the test's stderr.
    Quiet,
    /// Everything, to a file, for tests that read it.
    Debug(std::fs::File),
    /// What `comap` logs when `RUST_LOG` is not set, thrown away: what a
    /// server costs as people run it.
    AsDeployed,
}

pub struct Server {
    bin: PathBuf,
    flags: Vec<String>,
    pub addr: SocketAddr,
    child: Child,
    data_dir: PathBuf,
    static_dir: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CreatedMap {
    pub id: String,
    pub facilitator_url: String,
    pub edit_url: String,
    pub view_url: String,
    pub expires_ms: i64,
}

impl CreatedMap {
    /// The secret carried in an URL's fragment.
    pub fn secret(url: &str) -> String {
        url.split("#k=").nth(1).unwrap_or_default().to_string()
    }
    pub fn edit_secret(&self) -> String {
        Self::secret(&self.edit_url)
    }
    pub fn view_secret(&self) -> String {
        Self::secret(&self.view_url)
    }
    pub fn facilitator_secret(&self) -> String {
        Self::secret(&self.facilitator_url)
    }
}

/// The server binary: `$COMAP_BIN`, or `target/debug/comap` (built by `cargo xtask test`).
pub fn binary() -> Result<PathBuf> {
    if let Ok(p) = std::env::var("COMAP_BIN") {
        return Ok(PathBuf::from(p));
    }
    let p = crate::workspace_root().join("target/debug/comap");
    if !p.exists() {
        bail!(
            "{} is missing: run `cargo build -p comap-server` first (cargo xtask test does)",
            p.display()
        );
    }
    Ok(p)
}

impl Server {
    /// Starts a server with data in `data_dir`, serving the built client from
    /// `$COMAP_STATIC_DIR` (or `dist/`).
    pub fn start(data_dir: &Path) -> Result<Server> {
        let static_dir = std::env::var("COMAP_STATIC_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|_| crate::workspace_root().join("dist"));
        Self::start_on(
            &binary()?,
            data_dir,
            &static_dir,
            "127.0.0.1:0",
            &[],
            Logs::Quiet,
        )
    }

    /// Starts a server with extra command-line flags.
    pub fn start_with(data_dir: &Path, flags: &[&str]) -> Result<Server> {
        let static_dir = crate::workspace_root().join("dist");
        let flags: Vec<String> = flags.iter().map(|f| f.to_string()).collect();
        Self::start_on(
            &binary()?,
            data_dir,
            &static_dir,
            "127.0.0.1:0",
            &flags,
            Logs::Quiet,
        )
    }

    /// Starts a given `comap` binary (the benchmarks use a release build).
    pub fn start_bin(bin: &Path, data_dir: &Path) -> Result<Server> {
        let static_dir = crate::workspace_root().join("dist");
        Self::start_on(bin, data_dir, &static_dir, "127.0.0.1:0", &[], Logs::Quiet)
    }

    /// Starts a given `comap` binary logging what it logs by default
    /// (`RUST_LOG` unset), to nowhere: for measuring what a server costs as
    /// people run it, logging included.
    pub fn start_bin_as_deployed(bin: &Path, data_dir: &Path) -> Result<Server> {
        let static_dir = crate::workspace_root().join("dist");
        Self::start_on(
            bin,
            data_dir,
            &static_dir,
            "127.0.0.1:0",
            &[],
            Logs::AsDeployed,
        )
    }

    /// Starts a given `comap` binary with extra command-line flags.
    pub fn start_bin_with(bin: &Path, data_dir: &Path, flags: &[&str]) -> Result<Server> {
        let static_dir = crate::workspace_root().join("dist");
        let flags: Vec<String> = flags.iter().map(|f| f.to_string()).collect();
        Self::start_on(
            bin,
            data_dir,
            &static_dir,
            "127.0.0.1:0",
            &flags,
            Logs::Quiet,
        )
    }

    /// Starts a server that logs everything (`RUST_LOG=debug`, JSON lines)
    /// to `log`, for tests that read what it logs.
    pub fn start_logging(data_dir: &Path, log: &Path) -> Result<Server> {
        let static_dir = crate::workspace_root().join("dist");
        let flags = ["--log-format".to_string(), "json".to_string()];
        let file = std::fs::File::create(log)?;
        Self::start_on(
            &binary()?,
            data_dir,
            &static_dir,
            "127.0.0.1:0",
            &flags,
            Logs::Debug(file),
        )
    }

    fn start_on(
        bin: &Path,
        data_dir: &Path,
        static_dir: &Path,
        addr: &str,
        flags: &[String],
        logs: Logs,
    ) -> Result<Server> {
        let mut command = Command::new(bin);
        match logs {
            Logs::Quiet => command.env("RUST_LOG", "warn").stderr(Stdio::inherit()),
            Logs::Debug(f) => command.env("RUST_LOG", "debug").stderr(Stdio::from(f)),
            Logs::AsDeployed => command.env_remove("RUST_LOG").stderr(Stdio::null()),
        };
        let mut child = command
            .args(flags)
            .args(["--addr", addr, "--data-dir"])
            .arg(data_dir)
            .arg("--static-dir")
            .arg(static_dir)
            .stdout(Stdio::piped())
            .spawn()
            .context("starting comap")?;
        let stdout = child.stdout.take().ok_or_else(|| anyhow!("no stdout"))?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let addr = line
            .trim()
            .rsplit("http://")
            .next()
            .and_then(|a| a.parse().ok())
            .ok_or_else(|| anyhow!("unexpected first line from comap: {line:?}"))?;
        Ok(Server {
            flags: flags.to_vec(),
            bin: bin.to_path_buf(),
            addr,
            child,
            data_dir: data_dir.to_path_buf(),
            static_dir: static_dir.to_path_buf(),
        })
    }

    /// The server's process id (for CPU and memory readings).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn http(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn ws_url(&self) -> String {
        format!("ws://{}/ws", self.addr)
    }

    /// SIGKILL: no flush, no goodbye.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM, then waits up to `limit` for the process to exit. Returns how
    /// long it took and whether it exited successfully.
    pub fn terminate(&mut self, limit: std::time::Duration) -> Result<(std::time::Duration, bool)> {
        let started = std::time::Instant::now();
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()?;
        if !status.success() {
            bail!("kill -TERM failed");
        }
        while started.elapsed() < limit {
            if let Some(exit) = self.child.try_wait()? {
                return Ok((started.elapsed(), exit.success()));
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        bail!("comap did not exit within {limit:?} of SIGTERM")
    }

    /// Waits until the server has no map open (it unloads idle maps, and a
    /// room that closed itself leaves), for at most `limit`.
    pub async fn wait_no_open_maps(&self, limit: std::time::Duration) -> Result<()> {
        let deadline = tokio::time::Instant::now() + limit;
        while self.metric("comap_open_maps").await? > 0.0 {
            if tokio::time::Instant::now() > deadline {
                bail!("a map was still open after {limit:?}");
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        Ok(())
    }

    /// Reads `GET /metrics` and returns the value of one unlabelled series.
    pub async fn metric(&self, name: &str) -> Result<f64> {
        let text = reqwest::get(format!("{}/metrics", self.http()))
            .await?
            .text()
            .await?;
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
            .ok_or_else(|| anyhow!("no metric {name}"))
    }

    /// `DELETE /api/maps/<id>` with a bearer secret; returns the HTTP status.
    pub async fn delete_map(&self, id: &str, secret: Option<&str>) -> Result<u16> {
        let mut req = reqwest::Client::new().delete(format!("{}/api/maps/{id}", self.http()));
        if let Some(s) = secret {
            req = req.bearer_auth(s);
        }
        Ok(req.send().await?.status().as_u16())
    }

    /// Every byte of the data directory's files (database and its logs).
    pub fn stored_bytes(&self) -> Result<Vec<u8>> {
        let mut all = Vec::new();
        for entry in std::fs::read_dir(&self.data_dir)? {
            let path = entry?.path();
            if path.is_file() {
                all.extend(std::fs::read(path)?);
            }
        }
        Ok(all)
    }

    /// Kills the server and starts it again on the same port and data.
    pub fn restart(&mut self) -> Result<()> {
        self.kill();
        self.start_again()
    }

    /// Starts a server that was killed again, on the same port and data.
    pub fn start_again(&mut self) -> Result<()> {
        let addr = self.addr.to_string();
        // The port may linger briefly; retry for a moment.
        let mut last = None;
        for _ in 0..50 {
            match Self::start_on(
                &self.bin,
                &self.data_dir,
                &self.static_dir,
                &addr,
                &self.flags,
                Logs::Quiet,
            ) {
                Ok(s) => {
                    let old = std::mem::replace(self, s);
                    drop(old);
                    return Ok(());
                }
                Err(e) => last = Some(e),
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Err(last.unwrap_or_else(|| anyhow!("restart failed")))
    }

    pub async fn create_map(&self, title: &str, template: &str) -> Result<CreatedMap> {
        self.create_map_in(title, template, "en").await
    }

    /// A new map whose stages and lanes are named in `language` ("sv").
    pub async fn create_map_in(
        &self,
        title: &str,
        template: &str,
        language: &str,
    ) -> Result<CreatedMap> {
        let resp = reqwest::Client::new()
            .post(format!("{}/api/maps", self.http()))
            .json(
                &serde_json::json!({ "title": title, "template": template, "language": language }),
            )
            .send()
            .await?;
        if !resp.status().is_success() {
            bail!("create map: {} {}", resp.status(), resp.text().await?);
        }
        Ok(resp.json().await?)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}
