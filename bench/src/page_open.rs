//! Scenario: a big map opens at once. A map of N cards and C changes is
//! stored and not open (the server unloaded it); a person opens its link
//! for the first time (a fresh browser: nothing kept). Timed in the page
//! from clicking Join until every card is on the page (the server sends the
//! map as it reads before its document), and until the page can change the
//! map (connected, the document loaded, Add card offered). Each load in a
//! fresh browser session.

use crate::board::click;
use anyhow::{Context, Result};
use comap_tests::Server;
use comap_tests::browser::Driver;
use std::path::Path;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct OpenResult {
    pub cards: usize,
    pub changes: usize,
    /// Milliseconds from Join to every card drawn, and to editable, per load.
    pub drawn_ms: Vec<f64>,
    pub editable_ms: Vec<f64>,
}

/// Polled every animation frame: `drawn` when every card is on the page,
/// then done when the page can change the map.
const TIMER: &str = "
  const done = arguments[arguments.length - 1];
  const t0 = performance.now();
  CLICK;
  let drawn = null;
  const editable = () =>
    !document.querySelector('p.view-only[role=status]') &&
    [...document.querySelectorAll('.status')].some(s => s.textContent.includes('Connected')) &&
    [...document.querySelectorAll('button')].some(b => b.textContent.trim() === 'Add card' && !b.disabled);
  const tick = () => {
    if (drawn === null && document.querySelectorAll('article.card').length >= CARDS)
      drawn = performance.now() - t0;
    if (drawn !== null && editable()) done([drawn, performance.now() - t0]);
    else if (performance.now() - t0 > 120000) done(null);
    else requestAnimationFrame(tick);
  };
  tick();";

pub async fn run(
    server_bin: &Path,
    cards: usize,
    changes: usize,
    loads: usize,
) -> Result<OpenResult> {
    let dir = tempfile::tempdir()?;
    let server = Server::start_bin_with(server_bin, dir.path(), &["--idle-unload-secs", "1"])?;
    let map = server
        .create_map("Opens at once", "patient-journey")
        .await?;
    eprintln!("page open: building {cards} cards, {changes} changes");
    crate::cold::build(&server, &map, cards, changes).await?;
    let mut driver = Driver::start().await?;
    let (mut drawn_ms, mut editable_ms) = (Vec::new(), Vec::new());
    let script = TIMER
        .replace("CLICK", &click("Join"))
        .replace("CARDS", &cards.to_string());
    for _ in 0..loads {
        crate::cold::wait_unloaded(&server).await?;
        let page = driver.session().await?;
        page.goto(&format!("{}{}", server.http(), map.edit_url))
            .await?;
        page.fill("Your name", "Mo").await?;
        page.field("Patient").await?.click().await?;
        let v = page.client.execute_async(&script, vec![]).await?;
        let times: Vec<f64> = serde_json::from_value(v)
            .ok()
            .filter(|t: &Vec<f64>| t.len() == 2)
            .context("the page was not drawn and editable within 2 minutes")?;
        eprintln!(
            "  page open: drawn after {:.0} ms, editable after {:.0} ms",
            times[0], times[1]
        );
        drawn_ms.push(times[0]);
        editable_ms.push(times[1]);
        page.close().await?;
        // The page's socket is closed: the server unloads the map again.
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Ok(OpenResult {
        cards,
        changes,
        drawn_ms,
        editable_ms,
    })
}

/// The scenario as a Markdown table.
pub fn table(out: &mut String, r: &OpenResult) {
    let mut drawn = r.drawn_ms.clone();
    drawn.sort_by(f64::total_cmp);
    let mut editable = r.editable_ms.clone();
    editable.sort_by(f64::total_cmp);
    let p = crate::stats::percentile;
    out.push_str(
        "| cards | changes | loads | drawn p50 / p95 / max (ms) | editable p50 / p95 / max (ms) | targets |\n|---|---|---|---|---|---|\n",
    );
    out.push_str(&format!(
        "| {} | {} | {} | {:.0} / {:.0} / {:.0} | {:.0} / {:.0} / {:.0} | drawn p95 ≤ 150 ms, editable p95 ≤ 500 ms |\n",
        r.cards,
        r.changes,
        drawn.len(),
        p(&drawn, 50.0),
        p(&drawn, 95.0),
        drawn.last().copied().unwrap_or(0.0),
        p(&editable, 50.0),
        p(&editable, 95.0),
        editable.last().copied().unwrap_or(0.0),
    ));
}
