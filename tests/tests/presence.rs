//! Presence over real WebSockets: relayed to others (not back to the
//! sender), coalesced to one update per interval, given to newcomers, never
//! written to the map; bad presence and a viewer's summon are refused.

use anyhow::Result;
use comap_shared::Role;
use comap_shared::presence::{PRESENCE_INTERVAL_MS, Point, Presence};
use comap_shared::protocol::{ClientFrame, ErrorCode};
use comap_tests::{Peer, Server};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(5);
const QUIET: Duration = Duration::from_millis(200);

fn pointer_at(x: f64) -> Presence {
    Presence {
        pointer: Some(Point { x, y: 40.0 }),
        editing: Some("c00ff".into()),
        ..Presence::default()
    }
}

#[tokio::test]
async fn presence_is_relayed_coalesced_and_kept_out_of_the_map() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server.create_map("Presence", "patient-journey").await?;
    let mut a = Peer::edit(&server, &map, "Ann", Role::Patient).await?;
    let mut b = Peer::edit(&server, &map, "Bo", Role::Professional).await?;
    a.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    b.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    let heads_before = b.session.heads();

    // Ann sends 60 pointer positions as fast as she can.
    let started = Instant::now();
    for i in 0..60 {
        a.send(&ClientFrame::Presence(pointer_at(f64::from(i))))
            .await?;
    }
    let last = pointer_at(59.0);
    let deadline = Instant::now() + WAIT;
    while b.presence.get(&a.welcome.peer) != Some(&last) {
        assert!(
            Instant::now() < deadline,
            "Bo never saw Ann's last position"
        );
        b.pump(Duration::from_millis(20)).await?;
    }
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    // Updates go out at most once per interval, so 60 frames arrive as few.
    let most = 1 + (elapsed_ms / PRESENCE_INTERVAL_MS) as usize;
    assert!(
        b.presence_frames <= most && b.presence_frames < 60,
        "{} presence frames in {elapsed_ms:.0} ms",
        b.presence_frames
    );
    // Ann does not hear her own presence; nothing was written to the map.
    a.pump(QUIET).await?;
    assert!(a.presence.is_empty(), "{:?}", a.presence);
    b.pump(QUIET).await?;
    assert_eq!(b.session.heads(), heads_before, "presence changed the map");

    // A newcomer sees where Ann is at once.
    let mut c = Peer::edit(&server, &map, "Cy", Role::Carer).await?;
    c.pump(QUIET).await?;
    assert_eq!(c.presence.get(&a.welcome.peer), Some(&last));

    // Presence out of range is refused and changes nothing for the others.
    let wild = Presence {
        pointer: Some(Point { x: 5e6, y: 0.0 }),
        ..Presence::default()
    };
    c.send(&ClientFrame::Presence(wild)).await?;
    c.pump(QUIET).await?;
    assert!(c.closed, "the bad peer is closed");
    assert_eq!(c.errors.first().map(|e| e.code), Some(ErrorCode::BadFrame));
    b.pump(QUIET).await?;
    assert_eq!(b.presence.get(&a.welcome.peer), Some(&last));
    assert_eq!(b.peers.len(), 2, "Cy has gone, Ann and Bo remain");
    Ok(())
}

#[tokio::test]
async fn editors_can_summon_everyone_and_viewers_cannot() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server.create_map("Summon", "patient-journey").await?;
    let mut a = Peer::edit(&server, &map, "Ann", Role::Professional).await?;
    let mut b = Peer::edit(&server, &map, "Bo", Role::Patient).await?;
    let mut v = Peer::view(&server, &map, "Vi", Role::Other).await?;
    for p in [&mut a, &mut b, &mut v] {
        p.pump(QUIET).await?;
    }

    let here = Point { x: 800.0, y: 120.0 };
    a.send(&ClientFrame::Summon(here)).await?;
    for p in [&mut b, &mut v] {
        p.pump(QUIET).await?;
        assert_eq!(p.summons.len(), 1);
        assert_eq!(p.summons[0].from, a.welcome.peer);
        assert_eq!(p.summons[0].view, here);
    }
    a.pump(QUIET).await?;
    assert!(a.summons.is_empty(), "the summoner is not summoned");

    v.send(&ClientFrame::Summon(here)).await?;
    v.pump(QUIET).await?;
    assert_eq!(v.errors.first().map(|e| e.code), Some(ErrorCode::ReadOnly));
    b.pump(QUIET).await?;
    assert_eq!(b.summons.len(), 1, "a viewer's summon reaches nobody");
    Ok(())
}
