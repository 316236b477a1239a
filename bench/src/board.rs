//! Scenario: the board in headless Chromium with a large map. A map of N
//! cards is made through a real connection; then one page joins it and the
//! page itself times (with `performance.now()`, to the second animation
//! frame after the action, so layout and paint are included) joining until
//! every card is drawn, reloading, zoom steps, the relayout once zooming
//! pauses, scrolling and switching to the list view.

use anyhow::{Context, Result, ensure};
use comap_shared::{Author, CardKind, Command, Role, SeededIds};
use comap_tests::browser::{Driver, Page, button};
use comap_tests::{Peer, Server};
use std::path::Path;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct BoardRow {
    pub action: &'static str,
    /// Each try, in milliseconds.
    pub ms: Vec<f64>,
    /// The goal (ms) for the slowest try, if there is one.
    pub target_ms: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct BoardResult {
    pub cards: usize,
    pub rows: Vec<BoardRow>,
    pub heap_mib: f64,
}

/// Makes a map of `cards` cards through a real connection, all acknowledged.
pub(crate) async fn make_map(server: &Server, cards: usize) -> Result<comap_tests::CreatedMap> {
    let map = server.create_map("Big", "patient-journey").await?;
    let mut p = Peer::edit(server, &map, "Loader", Role::Other).await?;
    let view = p
        .wait_for(Duration::from_secs(5), |m| !m.stages.is_empty())
        .await?;
    let author = Author {
        name: "Loader".into(),
        role: Role::Other,
        now_ms: 1,
    };
    let mut ids = SeededIds::new(9);
    for batch in (0..cards).collect::<Vec<_>>().chunks(200) {
        for &n in batch {
            let cmd = Command::AddCard {
                stage: view.stages[n % view.stages.len()].id.clone(),
                lane: view.lanes[(n / 7) % view.lanes.len()].id.clone(),
                kind: CardKind::ALL[n % 8],
                text: format!("Card number {n} with a few words of text"),
            };
            p.session.apply(&cmd, &author, &mut ids)?;
        }
        p.pump(Duration::from_millis(200)).await?;
        p.until_acked(Duration::from_secs(60)).await?;
    }
    Ok(map)
}

/// The page's JS heap in use (MiB), -1 where the browser does not say.
pub(crate) async fn heap_mib(page: &Page) -> Result<f64> {
    Ok(page
        .client
        .execute(
            "return performance.memory ? performance.memory.usedJSHeapSize / 1048576 : -1;",
            vec![],
        )
        .await?
        .as_f64()
        .unwrap_or(-1.0))
}

/// Runs `action` in the page and returns the milliseconds to the second
/// animation frame after it.
async fn timed(page: &Page, action: &str) -> Result<f64> {
    let script = format!(
        "const done = arguments[arguments.length - 1];
         const t0 = performance.now(); {action};
         requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));"
    );
    let v = page.client.execute_async(&script, vec![]).await?;
    v.as_f64().context("the page gave no time")
}

const CLICK: &str = "[...document.querySelectorAll('button')].find(b => (b.getAttribute('aria-label') || b.textContent.trim()) === NAME).click()";

pub(crate) fn click(name: &str) -> String {
    CLICK.replace("NAME", &format!("'{name}'"))
}

/// From clicking Join until `cards` cards are on the page, drawn.
pub(crate) async fn join_until_drawn(page: &Page, cards: usize) -> Result<f64> {
    page.find(&button("Join")).await?;
    let script = format!(
        "const done = arguments[arguments.length - 1];
         const t0 = performance.now();
         {};
         const tick = () => {{
           if (document.querySelectorAll('article.card').length >= {cards})
             requestAnimationFrame(() => done(performance.now() - t0));
           else requestAnimationFrame(tick);
         }};
         tick();",
        click("Join")
    );
    let v = page.client.execute_async(&script, vec![]).await?;
    v.as_f64().context("the page gave no time")
}

pub async fn run(server_bin: &Path, cards: usize, tries: usize) -> Result<BoardResult> {
    let dir = tempfile::tempdir()?;
    let server = Server::start_bin(server_bin, dir.path())?;
    let made = Instant::now();
    let map = make_map(&server, cards).await?;
    eprintln!(
        "board: {cards} cards made in {:.1} s",
        made.elapsed().as_secs_f64()
    );
    let mut driver = Driver::start().await?;
    let page = driver.session().await?;
    page.goto(&format!("{}{}", server.http(), map.edit_url))
        .await?;
    page.fill("Your name", "Mo").await?;
    page.field("Patient").await?.click().await?;
    let mut rows = Vec::new();
    let mut join = vec![join_until_drawn(&page, cards).await?];
    for _ in 1..tries {
        page.client.refresh().await?;
        join.push(join_until_drawn(&page, cards).await?);
    }
    rows.push(BoardRow {
        action: "join (first visit, then reloads) until every card is drawn",
        ms: join,
        target_ms: None,
    });
    let mut row = |action: &'static str, ms: Vec<f64>, target_ms: Option<f64>| {
        rows.push(BoardRow {
            action,
            ms,
            target_ms,
        })
    };
    let mut steps = Vec::new();
    for _ in 0..tries {
        steps.push(timed(&page, &click("Zoom out")).await?);
    }
    row("one zoom step (Zoom out)", steps, Some(100.0));
    // The relayout once zooming pauses (the 250 ms wait is taken off).
    let mut settle = Vec::new();
    for _ in 0..tries {
        let script = format!(
            "const done = arguments[arguments.length - 1];
             const t0 = performance.now(); {};
             const board = document.querySelector('table.board');
             const tick = () => {{
               if (board.style.transform) requestAnimationFrame(tick);
               else requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0 - 250)));
             }};
             requestAnimationFrame(tick);",
            click("Zoom in")
        );
        let v = page.client.execute_async(&script, vec![]).await?;
        settle.push(v.as_f64().context("no time")?);
    }
    row("relayout after zooming pauses", settle, None);
    let mut fit = Vec::new();
    for _ in 0..tries {
        fit.push(timed(&page, &click("Fit map")).await?);
        fit.push(timed(&page, &click("Actual size")).await?);
    }
    row("Fit map / Actual size", fit, Some(100.0));
    let mut scroll = Vec::new();
    for _ in 0..tries {
        scroll.push(
            timed(
                &page,
                "document.querySelector('.board-scroll').scrollTop += 600",
            )
            .await?,
        );
    }
    row("scroll 600 px", scroll, Some(50.0));
    let list = timed(&page, &click("List view")).await?;
    row("switch to the list view", vec![list], None);
    let heap = heap_mib(&page).await?;
    let drawn = page
        .client
        .execute(
            "return document.querySelectorAll('article.card').length;",
            vec![],
        )
        .await?
        .as_u64()
        .unwrap_or(0);
    ensure!(
        drawn as usize >= cards,
        "the list view shows {drawn} of {cards} cards"
    );
    page.close().await?;
    Ok(BoardResult {
        cards,
        rows,
        heap_mib: heap,
    })
}
