//! The board as a whiteboard, measured in headless Chromium at the sizes
//! people use (a 1366×768 laptop, a 390×844 phone) on the patient-journey
//! template with 24 two-line cards: how much of the map shows at actual size
//! and at Fit map, how tall cards, empty rows and the header are, and that a
//! card typed in place takes its text and one Enter and is in sight after;
//! the map overview moves the view, by click and by keys; and **Add card**
//! asks where only when no cell is selected.
//! The screenshots it takes are in `target/screenshots/board-*.png`.

use anyhow::{Result, ensure};
use comap_shared::{CardKind, Command, Feeling, Role};
use comap_tests::browser::{Driver, ENTER, Page};
use comap_tests::{CreatedMap, Peer, Server};
use serde_json::Value;
use std::time::Duration;

mod whole_pathway;

const WAIT: Duration = Duration::from_secs(10);

async fn height(page: &Page, selector: &str) -> Result<f64> {
    let b = page.boxes(selector).await?;
    let first = b
        .first()
        .ok_or_else(|| anyhow::anyhow!("nothing matches {selector}"))?;
    Ok(first[3] - first[1])
}

/// The part of the board that shows: the scrolling box less its scroll bars.
async fn board_view(page: &Page) -> Result<[f64; 4]> {
    let v = page
        .eval(
            "(() => { const e = document.querySelector('.board-scroll'); const r = e.getBoundingClientRect(); \
             return [r.left, r.top, r.left + e.clientWidth, Math.min(r.top + e.clientHeight, innerHeight)]; })()",
        )
        .await?;
    Ok(serde_json::from_value(v)?)
}

/// How many stage headings and lane rows show whole.
async fn whole_stages_and_lanes(page: &Page) -> Result<(usize, usize)> {
    let view = board_view(page).await?;
    let inside = |b: &[f64; 4]| {
        b[0] >= view[0] - 0.5
            && b[1] >= view[1] - 0.5
            && b[2] <= view[2] + 0.5
            && b[3] <= view[3] + 0.5
    };
    let stages = page.boxes(".board thead th[scope=col]").await?;
    // A lane shows whole when its heading's row does.
    let lanes = page
        .boxes(".board tbody tr:has(th[scope=row]):not(.curve-row)")
        .await?;
    Ok((
        stages.iter().filter(|b| inside(b)).count(),
        lanes
            .iter()
            .filter(|b| b[1] >= view[1] - 0.5 && b[3] <= view[3] + 0.5)
            .count(),
    ))
}

/// How far the board is scrolled: `[left, top]`.
async fn scrolled(page: &Page) -> Result<[f64; 2]> {
    let v = page
        .eval("(() => { const e = document.querySelector('.board-scroll'); return [e.scrollLeft, e.scrollTop]; })()")
        .await?;
    Ok(serde_json::from_value(v)?)
}

/// The overview shows where the view is; a click on it and its keys move
/// the view.
async fn overview_moves_the_view(page: &Page) -> Result<()> {
    let overview = "//div[contains(@class,'minimap')]";
    page.find_within(overview, WAIT).await?;
    let view = board_view(page).await?;
    let b = page.boxes(".minimap").await?;
    let here = page.boxes(".minimap .here").await?;
    eprintln!("overview {:?}, the view's frame in it {:?}", b[0], here[0]);
    ensure!(
        b[0][2] - b[0][0] <= 190.0 && b[0][2] <= view[2] && b[0][3] <= view[3],
        "the overview {:?} is large or outside the board {view:?}",
        b[0]
    );
    ensure!(
        here[0][0] >= b[0][0] && here[0][2] <= b[0][2] + 1.0,
        "the view's frame {:?} is not within the overview {:?}",
        here[0],
        b[0]
    );
    let before = scrolled(page).await?;
    // A click in its middle shows the middle of the map.
    page.find(&format!("{overview}/*[local-name()='svg']"))
        .await?
        .click()
        .await?;
    let after = scrolled(page).await?;
    ensure!(
        after[0] > before[0] + 50.0,
        "a click on the overview's middle scrolled the board from {before:?} to {after:?}"
    );
    let moved = page.boxes(".minimap .here").await?;
    ensure!(
        moved[0][0] > here[0][0],
        "the view's frame stayed at {:?}",
        moved[0]
    );
    // With the focus on it, Home goes to the start and the arrows move the view.
    page.keys("\u{e011}").await?;
    ensure!(
        scrolled(page).await? == [0.0, 0.0],
        "Home left the board scrolled"
    );
    page.keys("\u{e014}").await?;
    let right = scrolled(page).await?;
    ensure!(
        right[0] > 100.0,
        "the right arrow key scrolled the board to {right:?}"
    );
    page.keys("\u{e011}").await?;
    // Its × hides it; More brings it back.
    let shown = "getComputedStyle(document.querySelector('.minimap')).display !== 'none'";
    page.click_button("Hide the map overview (More brings it back)")
        .await?;
    ensure!(
        page.eval(shown).await? == Value::Bool(false),
        "the overview is still there"
    );
    page.click_button("More").await?;
    page.click_button("Map overview").await?;
    page.click_button("More").await?;
    ensure!(
        page.eval(shown).await? == Value::Bool(true),
        "More did not bring the overview back"
    );
    Ok(())
}

/// The card that has the focus (Show me gives it on the next frame, so
/// this waits up to two seconds for one with `text`): its words, top and
/// bottom; the focused element's tag when it is not a card.
async fn focused_card(page: &Page, text: &str) -> Result<(String, f64, f64)> {
    let mut last = (String::new(), 0.0, 0.0);
    for _ in 0..20 {
        let v = page
            .eval("(() => { const e = document.activeElement; const r = e.getBoundingClientRect(); return [e.matches('[data-card-id]') ? e.textContent : e.tagName, r.top, r.bottom]; })()")
            .await?;
        last = serde_json::from_value(v)?;
        if last.0.contains(text) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(last)
}

/// The zoom shown, once it has stayed the same for half a second.
async fn settled_zoom(page: &Page) -> Result<f64> {
    let mut last = String::new();
    let mut same = 0;
    for _ in 0..100 {
        let now = page
            .eval("document.querySelector('.zoom-level').textContent")
            .await?
            .as_str()
            .unwrap_or_default()
            .to_string();
        same = if now == last { same + 1 } else { 0 };
        if same >= 5 {
            let percent: String = now.chars().filter(|c| c.is_ascii_digit()).collect();
            return Ok(percent.parse::<f64>()? / 100.0);
        }
        last = now;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("the zoom never settled")
}

/// The smallest card text as drawn, in CSS pixels (its font size times the
/// scale it is drawn at).
async fn smallest_card_text(page: &Page) -> Result<f64> {
    let v = page
        .eval(
            "Math.min(...[...document.querySelectorAll('.board .card .text')].map(t => \
             parseFloat(getComputedStyle(t).fontSize) * t.getBoundingClientRect().height / t.offsetHeight))",
        )
        .await?;
    v.as_f64()
        .ok_or_else(|| anyhow::anyhow!("no card text: {v}"))
}

/// 24 two-line cards, 4 in each stage, over all the lanes.
async fn fill(server: &Server, map: &CreatedMap) -> Result<()> {
    let mut bo = Peer::edit(server, map, "Bo", Role::Professional).await?;
    let view = bo.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    let words = [
        "Waited three weeks\nfor the letter",
        "Nobody said what\nhappens next",
        "Phoned the clinic\ntwice, no answer",
        "The nurse explained\nthe X-ray well",
    ];
    let lanes = view.lanes.len();
    for (s, stage) in view.stages.iter().enumerate() {
        for (j, text) in words.iter().enumerate() {
            let lane = &view.lanes[(s + 2 * j) % lanes];
            bo.apply(Command::AddCard {
                stage: stage.id.clone(),
                lane: lane.id.clone(),
                kind: CardKind::suggested_for_lane(&lane.name),
                text: text.to_string(),
            })
            .await?;
        }
    }
    // How two of the feeling cards felt, at the first and third stages: the
    // curve runs across the second, where nobody said.
    let map = bo.map()?;
    for (stage, emotion) in [(0, -2), (2, 1)] {
        let card = map
            .cards
            .iter()
            .find(|c| c.kind == CardKind::Feeling && c.stage == view.stages[stage].id)
            .map(|c| c.id.clone())
            .ok_or_else(|| anyhow::anyhow!("no feeling card in stage {stage}"))?;
        bo.apply(Command::SetFeeling {
            card,
            feeling: Some(Feeling {
                emotion,
                word: String::new(),
            }),
        })
        .await?;
    }
    bo.until_acked(WAIT).await
}
