//! What a test reads back from a page: the offline copy, fonts, numbers,
//! axe's violations, pixels, downloads, bounding boxes and screenshots.

use super::*;

impl Page {
    /// Waits until the page's service worker has kept the page for offline use.
    pub async fn kept_for_offline(&self) -> Result<()> {
        let kept = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 navigator.serviceWorker.ready
                   .then(() => caches.open('comap-shell-v2'))
                   .then(c => c.keys())
                   .then(k => done(k.map(r => new URL(r.url).pathname)))
                   .catch(e => done(['failed: ' + e]));",
                vec![],
            )
            .await?;
        let kept: Vec<String> = serde_json::from_value(kept)?;
        for ending in ["/join", ".js", ".wasm", ".css", ".woff2"] {
            anyhow::ensure!(
                kept.iter().any(|k| k.ends_with(ending)),
                "no {ending} kept for offline: {kept:?}"
            );
        }
        Ok(())
    }

    /// Waits until the page's fonts have loaded (what is measured on the
    /// page depends on them).
    pub async fn fonts_loaded(&self) -> Result<()> {
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 document.fonts.ready.then(() => done(true));",
                vec![],
            )
            .await?;
        Ok(())
    }

    /// Runs `script` (which returns a number) in the page.
    pub async fn number(&self, script: &str) -> Result<f64> {
        let v = self.client.execute(script, vec![]).await?;
        v.as_f64()
            .ok_or_else(|| anyhow!("{script:?} gave {v}, not a number"))
    }

    /// Runs axe-core (npm `axe-core`, injected into the page) with the WCAG
    /// 2.0, 2.1 and 2.2 A and AA rules; returns each violation as
    /// "rule: help: the elements", empty when there are none.
    pub async fn axe_violations(&self) -> Result<Vec<String>> {
        let path = crate::workspace_root().join("tests/js/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&path).with_context(|| {
            format!("reading {} (cargo xtask test installs it)", path.display())
        })?;
        self.client.execute(&source, vec![]).await?;
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, {runOnly: {type: 'tag', values:
                   ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
                 .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ': '
                   + v.nodes.map(n => n.target.join(' ')).join(', '))))
                 .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await?;
        Ok(serde_json::from_value(found)?)
    }

    /// What the page looks like now, as a decoded image.
    pub async fn pixels(&self) -> Result<resvg::tiny_skia::Pixmap> {
        let png = self.client.screenshot().await?;
        resvg::tiny_skia::Pixmap::decode_png(&png).map_err(|e| anyhow!("screenshot: {e}"))
    }

    /// From now on, a download the page starts (a link's `click()`, as the
    /// export buttons do) is kept in the page instead of saved, for
    /// `downloaded`.
    pub async fn capture_downloads(&self) -> Result<()> {
        self.client
            .execute(
                "window.downloads = [];
                 HTMLAnchorElement.prototype.click = function () {
                   const name = this.download;
                   fetch(this.href).then(r => r.arrayBuffer()).then(b => window.downloads.push({ name,
                     hex: Array.from(new Uint8Array(b), x => x.toString(16).padStart(2, '0')).join('') }));
                 };",
                vec![],
            )
            .await?;
        Ok(())
    }

    /// The first file downloaded since `capture_downloads`: its name and
    /// bytes, waiting up to `limit` for it.
    pub async fn downloaded(&self, limit: std::time::Duration) -> Result<(String, Vec<u8>)> {
        let deadline = tokio::time::Instant::now() + limit;
        while self.number("return window.downloads.length;").await? < 1.0 {
            anyhow::ensure!(tokio::time::Instant::now() < deadline, "no download");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let got = self
            .client
            .execute("return window.downloads[0];", vec![])
            .await?;
        let hex = got["hex"].as_str().unwrap_or_default();
        let bytes = (0..hex.len() / 2)
            .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16))
            .collect::<Result<Vec<u8>, _>>()?;
        Ok((got["name"].as_str().unwrap_or_default().to_string(), bytes))
    }

    /// Scrolls the element at `xpath` to the middle of the window (before a
    /// screenshot of it).
    pub async fn show(&self, xpath: &str) -> Result<()> {
        let el = self.find(xpath).await?;
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'})",
                vec![serde_json::to_value(&el)?],
            )
            .await?;
        Ok(())
    }

    /// Bounding boxes of what matches the CSS `selector`, in CSS pixels of
    /// the window: `[left, top, right, bottom]` each.
    pub async fn boxes(&self, selector: &str) -> Result<Vec<[f64; 4]>> {
        let v = self
            .eval(&format!(
                "[...document.querySelectorAll({selector:?})].map(e => {{ const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }})"
            ))
            .await?;
        Ok(serde_json::from_value(v)?)
    }

    pub async fn screenshot(&self, name: &str) -> Result<()> {
        let png = self.client.screenshot().await?;
        let dir = crate::workspace_root().join("target/screenshots");
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(format!("{name}.png")), png)?;
        Ok(())
    }
}
