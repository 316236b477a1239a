//! Starting chromedriver and opening browsers through it: a laptop's or a
//! phone's page, each with its own profile and preferred languages.

use super::Page;
use anyhow::{Context, Result, anyhow, bail};
use fantoccini::ClientBuilder;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running chromedriver; each `session()` is a separate browser profile.
pub struct Driver {
    child: Child,
    port: u16,
    profiles: Vec<tempfile::TempDir>,
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn find_exe(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|n| {
        std::env::split_paths(&path)
            .map(|d| d.join(n))
            .find(|p| p.exists())
    })
}

/// Waits up to 10 s for chromedriver on `port` to say it is ready; false
/// if it exits or something else answers there.
async fn chromedriver_ready(child: &mut std::process::Child, port: u16) -> bool {
    let url = format!("http://127.0.0.1:{port}/status");
    for _ in 0..100 {
        if !matches!(child.try_wait(), Ok(None)) {
            return false;
        }
        if let Ok(resp) = reqwest::get(&url).await
            && let Ok(body) = resp.text().await
        {
            return body.contains("\"ready\":true") || body.contains("\"ready\": true");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

impl Driver {
    pub async fn start() -> Result<Driver> {
        let exe = find_exe(&["chromedriver"]).ok_or_else(|| {
            anyhow!("chromedriver is not installed (cargo xtask test installs it)")
        })?;
        // The free port can be taken by someone else before chromedriver
        // binds it (tests start servers in parallel); then chromedriver
        // exits, or something else answers. So wait for chromedriver's own
        // "ready", and try another port if it does not come.
        for _attempt in 0..3 {
            let port = free_port()?;
            let mut child = Command::new(&exe)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .context("starting chromedriver")?;
            if chromedriver_ready(&mut child, port).await {
                return Ok(Driver {
                    child,
                    port,
                    profiles: Vec::new(),
                });
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        bail!("chromedriver did not start")
    }

    /// A new browser with its own empty profile, preferring English
    /// (whatever the machine's own language).
    pub async fn session(&mut self) -> Result<Page> {
        self.session_with(None).await
    }

    /// A new browser whose person prefers `languages` ("sv-SE,sv"), as the
    /// browser's language settings tell the page.
    pub async fn speaking(&mut self, languages: &str) -> Result<Page> {
        self.start_session(None, languages).await
    }

    /// A browser preferring `languages`, its page `width` × `height`.
    pub async fn sized_speaking(
        &mut self,
        width: u32,
        height: u32,
        languages: &str,
    ) -> Result<Page> {
        self.start_session(Some(desktop(width, height)), languages)
            .await
    }

    /// A browser whose page is exactly `width` × `height` CSS pixels, as a
    /// laptop's window (the headless window's own size includes no page
    /// chrome, but it cannot be narrower than 500 px).
    pub async fn sized(&mut self, width: u32, height: u32) -> Result<Page> {
        self.session_with(Some(desktop(width, height))).await
    }

    /// A phone: `width` × `height`, a touch screen, twice the pixels.
    pub async fn phone(&mut self, width: u32, height: u32) -> Result<Page> {
        self.session_with(Some(phone(width, height))).await
    }

    /// A phone whose person prefers `languages`.
    pub async fn phone_speaking(
        &mut self,
        width: u32,
        height: u32,
        languages: &str,
    ) -> Result<Page> {
        self.start_session(Some(phone(width, height)), languages)
            .await
    }

    async fn session_with(&mut self, emulation: Option<serde_json::Value>) -> Result<Page> {
        self.start_session(emulation, "en-GB,en").await
    }

    async fn start_session(
        &mut self,
        emulation: Option<serde_json::Value>,
        languages: &str,
    ) -> Result<Page> {
        let profile = tempfile::tempdir()?;
        let browser = find_exe(&["chromium", "chromium-browser", "google-chrome"])
            .ok_or_else(|| anyhow!("chromium is not installed (cargo xtask test installs it)"))?;
        let args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--window-size=1400,1000".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut caps = serde_json::Map::new();
        let mut options = serde_json::json!({
            "binary": browser,
            "args": args,
            "prefs": { "intl.accept_languages": languages },
        });
        if let Some(e) = emulation {
            options["mobileEmulation"] = e;
        }
        caps.insert("goog:chromeOptions".into(), options);
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .context("connecting to chromedriver")?;
        self.profiles.push(profile);
        Ok(Page {
            client,
            driver: format!("http://127.0.0.1:{}", self.port),
        })
    }
}

/// The emulation of a phone: a touch screen, twice the pixels.
fn phone(width: u32, height: u32) -> serde_json::Value {
    serde_json::json!({
        "deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0, "mobile": true, "touch": true}
    })
}

/// The emulation of a laptop's page of `width` × `height` CSS pixels.
fn desktop(width: u32, height: u32) -> serde_json::Value {
    serde_json::json!({
        "deviceMetrics": {"width": width, "height": height, "pixelRatio": 1.0, "mobile": false, "touch": false}
    })
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
