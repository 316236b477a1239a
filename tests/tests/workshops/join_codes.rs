//! Join codes: wrong ones slow an address down, a right one always works.

use super::*;

#[tokio::test]
async fn wrong_join_codes_slow_an_address_down_but_a_right_code_is_never_refused() -> Result<()> {
    use comap_server::ops::join_codes::{FIRST_DELAY, FREE_PER_ADDRESS};
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let w = made(&server, serde_json::json!({"title": "Guess", "rooms": 1})).await?;
    // Not a code at all, and a well-formed code nobody has.
    let unused = if w.rooms[0].join_code == "AAAAAA" {
        "CCCCCC"
    } else {
        "AAAAAA"
    };
    for wrong in ["short", "0O1IL2", unused] {
        let resp = join(&server, wrong).await?;
        assert_eq!(resp.status(), 404, "{wrong}");
        let json: serde_json::Value = resp.json().await?;
        assert_eq!(json["error"], "not_found");
    }
    // A few wrong codes are free; then each lookup from this address waits,
    // twice as long after each further wrong code.
    for _ in 3..FREE_PER_ADDRESS + 2 {
        assert_eq!(join(&server, unused).await?.status(), 404);
    }
    // Seven wrong so far: the right code waits four times the first wait,
    // and is answered.
    let started = std::time::Instant::now();
    let resp = join(&server, &w.rooms[0].join_code).await?;
    let waited = started.elapsed();
    assert_eq!(resp.status(), 200);
    let json: serde_json::Value = resp.json().await?;
    assert!(json["edit_url"].as_str().is_some_and(|u| u.contains("#k=")));
    assert!(
        waited >= FIRST_DELAY * 4 && waited < FIRST_DELAY * 4 + std::time::Duration::from_secs(2),
        "{waited:?}"
    );
    assert!(
        server
            .metric("comap_refused_total{reason=\"join_code_slowed\"}")
            .await?
            >= 3.0
    );
    // Lookups at once from the slowed address take turns: three together
    // are answered one wait apart, so many connections guess no faster.
    let started = std::time::Instant::now();
    let answers = futures_util::future::join_all((0..3).map(|_| async {
        let status = join(&server, unused).await.map(|r| r.status().as_u16());
        (status.ok(), started.elapsed())
    }))
    .await;
    let slowest = answers.iter().map(|(_, t)| *t).max().unwrap_or_default();
    assert!(answers.iter().all(|(s, _)| *s == Some(404)), "{answers:?}");
    assert!(
        slowest >= FIRST_DELAY * 4 * 3,
        "three lookups at once took {slowest:?}"
    );
    Ok(())
}
