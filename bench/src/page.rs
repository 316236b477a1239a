//! Scenario: the page while others edit. One page (a release build in
//! headless Chromium) is open on a map of N cards while E protocol clients
//! each make one edit a second (moves and text changes, spread over the
//! map) for S seconds. Measured: the page's main-thread time (Chromium's
//! own `TaskDuration`, read every second through the DevTools protocol,
//! less what the page does with nobody editing) per remote edit, over
//! one-second windows; its long tasks (> 50 ms); how
//! late a timer set for 500 ms ahead runs (again and again); how far behind the page
//! is when the editing stops (a marker card added then, timed until the
//! page draws it); its JS heap; and the server's CPU per delivered edit.

use crate::client::{Client, run_all};
use crate::stats::{cpu_seconds, percentile};
use anyhow::{Context, Result};
use comap_shared::{CardKind, Command, Role};
use comap_tests::browser::{Driver, Page};
use comap_tests::{Peer, Server};
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct PageRun {
    pub cards: usize,
    pub editors: usize,
    pub secs: f64,
}

#[derive(Debug, Clone)]
pub struct PageResult {
    pub run: PageRun,
    pub edits: u64,
    /// Main-thread milliseconds per remote edit, each one-second window.
    pub per_edit_ms: Vec<f64>,
    /// Main-thread milliseconds per remote edit over the whole run.
    pub mean_per_edit_ms: f64,
    /// Of which script, style and layout (ms per edit, idle not taken off).
    pub split_ms: [f64; 3],
    /// Long tasks: their durations (ms).
    pub long_tasks: Vec<f64>,
    /// How late each 500-ms timer ran (ms).
    pub timer_delays: Vec<f64>,
    /// From the marker card sent, once editing stopped, to the page drawing it.
    pub behind_s: f64,
    pub heap_mib: f64,
    /// Server CPU per delivered edit (µs); each edit goes to every other
    /// editor and to the page.
    pub server_us_per_delivery: f64,
}

/// Every metric Chromium keeps for the page, by name.
async fn all_metrics(page: &Page) -> Result<Vec<(String, f64)>> {
    let metrics = page
        .cdp("Performance.getMetrics", serde_json::json!({}))
        .await?;
    Ok(metrics["metrics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| Some((m["name"].as_str()?.to_string(), m["value"].as_f64()?)))
        .collect())
}

/// The page's main-thread busy time so far (seconds), as Chromium counts it.
async fn task_seconds(page: &Page) -> Result<f64> {
    Ok(busy(page).await?[0])
}

/// Chromium's main-thread time so far (seconds): all of it, then script,
/// style and layout.
async fn busy(page: &Page) -> Result<[f64; 4]> {
    let metrics = page
        .cdp("Performance.getMetrics", serde_json::json!({}))
        .await?;
    let all = metrics["metrics"]
        .as_array()
        .context("no metrics from the page")?;
    let value = |name: &str| {
        all.iter()
            .find(|m| m["name"] == name)
            .and_then(|m| m["value"].as_f64())
            .with_context(|| format!("no {name} from the page"))
    };
    Ok([
        value("TaskDuration")?,
        value("ScriptDuration")?,
        value("RecalcStyleDuration")?,
        value("LayoutDuration")?,
    ])
}

const PROBES: &str = "
  window.__longTasks = [];
  window.__setupLongTasks = [];
  window.__longTaskTimes = [];
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      if (window.__editStart !== undefined && e.startTime >= window.__editStart) {
        window.__longTasks.push(e.duration);
        window.__longTaskTimes.push([Math.round(e.startTime - window.__editStart), Math.round(e.duration)]);
      } else {
        window.__setupLongTasks.push(e.duration);
      }
    }
  }).observe({ type: 'longtask' });
  window.__delays = [];
  window.__lateTimes = [];
  // A timer set every 500 ms: how late it runs.
  const tick = () => {
    const due = performance.now() + 500;
    setTimeout(() => {
      if (window.__editStart !== undefined) {
        const late = performance.now() - due;
        window.__delays.push(late);
        if (late > 100) window.__lateTimes.push([Math.round(due - window.__editStart), Math.round(late)]);
      }
      tick();
    }, 500);
  };
  tick();";

pub async fn run(
    server_bin: &Path,
    cards: usize,
    runs: &[PageRun],
    look: bool,
) -> Result<Vec<PageResult>> {
    let dir = tempfile::tempdir()?;
    let server = Server::start_bin(server_bin, dir.path())?;
    let map = crate::board::make_map(&server, cards).await?;
    let mut driver = Driver::start().await?;
    let mut out = Vec::new();
    for &run in runs {
        let page = driver.session().await?;
        page.goto(&format!("{}{}", server.http(), map.edit_url))
            .await?;
        page.fill("Your name", "Mo").await?;
        page.field("Patient").await?.click().await?;
        crate::board::join_until_drawn(&page, cards).await?;
        page.cdp("Performance.enable", serde_json::json!({}))
            .await?;
        page.client.execute(PROBES, vec![]).await?;

        let secret = comap_tests::CreatedMap::secret(&map.edit_url);
        let mut editors = Vec::new();
        for i in 0..run.editors {
            let mut c = Client::connect(&server.ws_url(), &map.id, &secret, i).await?;
            c.catch_up(cards, Duration::from_secs(60)).await?;
            editors.push(c);
        }
        let mut marker = Peer::edit(&server, &map, "Marker", Role::Other).await?;
        let view = marker
            .wait_for(Duration::from_secs(30), |m| m.cards.len() >= cards)
            .await?;

        // What the page does on its own, with nobody editing: taken off
        // (once it has settled after the editors came).
        tokio::time::sleep(Duration::from_secs(3)).await;
        let idle0 = task_seconds(&page).await?;
        tokio::time::sleep(Duration::from_secs(3)).await;
        let idle_per_s = (task_seconds(&page).await? - idle0) / 3.0;

        let cpu0 = cpu_seconds(server.pid()).unwrap_or(0.0);
        page.client
            .execute("window.__editStart = performance.now();", vec![])
            .await?;
        let started = Instant::now();
        let load = tokio::spawn(run_all(editors, Vec::new(), 1.0, run.secs));
        // Each second: the page's busy time and the edits made.
        let mut per_edit_ms = Vec::new();
        let split0 = busy(&page).await?;
        let metrics0 = all_metrics(&page).await?;
        let (busy0, mut busy_now) = (split0[0], split0[0]);
        let mut last = Instant::now();
        let mut looked = !look;
        while started.elapsed().as_secs_f64() < run.secs {
            if !looked && started.elapsed().as_secs_f64() > run.secs / 2.0 {
                looked = true;
                page.screenshot(&format!("page-{cards}-cards-{}-editors", run.editors))
                    .await?;
                crate::page_profile::profile(&page, Duration::from_secs(5)).await?;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
            let now = task_seconds(&page).await?;
            let secs = last.elapsed().as_secs_f64();
            last = Instant::now();
            // Edits per window: the rate of all editors together.
            let edits = run.editors as f64 * secs;
            per_edit_ms.push(((now - busy_now) - idle_per_s * secs).max(0.0) * 1000.0 / edits);
            busy_now = now;
        }
        // Editing stopped: a marker card, timed until the page draws it.
        let sent = Instant::now();
        let text = format!("Marker after {} editors", run.editors);
        let id = marker
            .apply(Command::AddCard {
                stage: view.stages[0].id.clone(),
                lane: view.lanes[0].id.clone(),
                kind: CardKind::Note,
                text,
            })
            .await?
            .context("the marker card got no id")?;
        // Found by its id: reading every card's text here would cost the
        // page more than what is measured.
        let drawn = format!(
            "return document.querySelector('article.card[data-card-id=\"{id}\"]') !== null;"
        );
        loop {
            let seen = page.client.execute(&drawn, vec![]).await?;
            if seen.as_bool() == Some(true) || sent.elapsed() > Duration::from_secs(300) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let behind_s = sent.elapsed().as_secs_f64();
        let shared = load.await??;
        let edits = shared.edits.load(Ordering::Relaxed);
        let split1 = busy(&page).await?;
        {
            let metrics1 = all_metrics(&page).await?;
            eprintln!("page: Chromium's counters over the run, per edit:");
            for (name, after) in metrics1
                .iter()
                .filter(|(n, _)| n.ends_with("Duration") || n.ends_with("Count") || n == "Nodes")
            {
                let before = metrics0
                    .iter()
                    .find(|(n, _)| n == name)
                    .map_or(0.0, |m| m.1);
                let per = (after - before) / (edits.max(1) as f64);
                let per = if name.ends_with("Duration") {
                    per * 1000.0
                } else {
                    per
                };
                eprintln!("  {name}: {per:.3}");
            }
        }
        let busy_all = (split1[0] - busy0 - idle_per_s * started.elapsed().as_secs_f64()).max(0.0);
        let per_edit = |i: usize| (split1[i] - split0[i]) * 1000.0 / (edits.max(1) as f64);
        let split_ms = [per_edit(1), per_edit(2), per_edit(3)];
        let cpu = cpu_seconds(server.pid()).unwrap_or(0.0) - cpu0;
        let deliveries = edits as f64 * run.editors as f64;
        let floats = |v: serde_json::Value| -> Vec<f64> {
            v.as_array()
                .map(|a| a.iter().filter_map(serde_json::Value::as_f64).collect())
                .unwrap_or_default()
        };
        let long_tasks = floats(
            page.client
                .execute("return window.__longTasks;", vec![])
                .await?,
        );
        {
            let times = page
                .client
                .execute(
                    "return JSON.stringify([window.__longTaskTimes, window.__lateTimes]);",
                    vec![],
                )
                .await?;
            eprintln!(
                "page: long tasks during the run (ms after it began, ms long), then timers over 100 ms late (when due, how late): {times}"
            );
        }
        let setup_long = floats(
            page.client
                .execute("return window.__setupLongTasks;", vec![])
                .await?,
        );
        eprintln!(
            "page: before the editing began (join, the editors catching up, idle): {} long tasks, {:.0} ms in all, max {:.0} ms",
            setup_long.len(),
            setup_long.iter().sum::<f64>() + 0.0,
            setup_long.iter().copied().fold(0.0, f64::max)
        );
        let timer_delays = floats(
            page.client
                .execute("return window.__delays;", vec![])
                .await?,
        );
        let heap_mib = crate::board::heap_mib(&page).await?;
        out.push(PageResult {
            run,
            edits,
            mean_per_edit_ms: busy_all * 1000.0 / (edits.max(1) as f64),
            split_ms,
            per_edit_ms,
            long_tasks,
            timer_delays,
            behind_s,
            heap_mib,
            server_us_per_delivery: cpu * 1e6 / deliveries.max(1.0),
        });
        eprintln!(
            "page: {cards} cards, {} editors: {:.1} ms of main thread per edit, {:.1} s behind",
            run.editors,
            out.last().map_or(0.0, |r| r.mean_per_edit_ms),
            behind_s
        );
        page.close().await?;
    }
    Ok(out)
}

/// The scenario as a Markdown table.
pub fn table(out: &mut String, rows: &[PageResult]) {
    out.push_str(
        "| cards | editors | edits | main thread per edit: mean / p50 / p95 / max of 1-s windows (ms) | of which script / style / layout (ms) | long tasks: count, total, max (ms) | timer lateness p95 / max (ms) | behind at the stop (s) | JS heap (MiB) | server CPU per delivery (µs) |\n|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let mut windows = r.per_edit_ms.clone();
        windows.sort_by(f64::total_cmp);
        let mut delays = r.timer_delays.clone();
        delays.sort_by(f64::total_cmp);
        let long_total: f64 = r.long_tasks.iter().sum::<f64>() + 0.0;
        let long_max = r.long_tasks.iter().copied().fold(0.0, f64::max);
        out.push_str(&format!(
            "| {} | {} | {} | {:.1} / {:.1} / {:.1} / {:.1} | {:.1} / {:.1} / {:.1} | {}, {:.0}, {:.0} | {:.0} / {:.0} | {:.1} | {:.0} | {:.0} |\n",
            r.run.cards,
            r.run.editors,
            r.edits,
            r.mean_per_edit_ms,
            percentile(&windows, 50.0),
            percentile(&windows, 95.0),
            windows.last().copied().unwrap_or(0.0),
            r.split_ms[0],
            r.split_ms[1],
            r.split_ms[2],
            r.long_tasks.len(),
            long_total,
            long_max,
            percentile(&delays, 95.0),
            delays.last().copied().unwrap_or(0.0),
            r.behind_s,
            r.heap_mib,
            r.server_us_per_delivery,
        ));
    }
}
