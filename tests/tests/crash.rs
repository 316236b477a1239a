//! The crash test: 20 clients in 4 maps edit continuously while the server is
//! killed with SIGKILL at random moments and restarted. After each restart
//! every acknowledged edit is on the server, and all clients converge.
//! `COMAP_CRASH_ROUNDS` sets the number of kills (default 5).

use anyhow::{Context, Result, bail, ensure};
use automerge::ChangeHash;
use automerge::ReadDoc;
use comap_shared::session::SyncSession;
use comap_shared::{CardKind, Command, Role};
use comap_tests::{CreatedMap, Peer, Server};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::HashSet;
use std::time::Duration;

const MAPS: usize = 4;
const CLIENTS_PER_MAP: usize = 5;
const WAIT: Duration = Duration::from_secs(10);

struct Client {
    map: usize,
    name: String,
    session: SyncSession,
    /// Every head the server acknowledged to this client: durable, with all
    /// the changes before it.
    durable: HashSet<String>,
}

/// One random edit a person could make now: add, edit or move a card.
fn random_command(peer: &Peer, rng: &mut impl Rng, n: usize) -> Option<Command> {
    let view = peer.map().ok()?;
    let stage = view
        .stages
        .get(rng.random_range(0..view.stages.len().max(1)))?;
    let lane = view
        .lanes
        .get(rng.random_range(0..view.lanes.len().max(1)))?;
    let card = (!view.cards.is_empty()).then(|| &view.cards[rng.random_range(0..view.cards.len())]);
    match (rng.random_range(0..3), card) {
        (1, Some(c)) => Some(Command::EditText {
            card: c.id.clone(),
            text: format!("{} / edit {n}", c.text.chars().take(40).collect::<String>()),
        }),
        (2, Some(c)) => Some(Command::MoveCard {
            card: c.id.clone(),
            stage: stage.id.clone(),
            lane: lane.id.clone(),
        }),
        _ => Some(Command::AddCard {
            stage: stage.id.clone(),
            lane: lane.id.clone(),
            kind: CardKind::Note,
            text: format!("note {n}"),
        }),
    }
}

/// Edits every 20–60 ms until the server goes away; returns the replica and
/// the acknowledged heads.
async fn edit_until_killed(
    mut peer: Peer,
    mut durable: HashSet<String>,
) -> Result<(SyncSession, HashSet<String>, usize)> {
    let mut rng = StdRng::seed_from_u64(rand::random());
    let mut edits = 0;
    while !peer.closed {
        if let Some(cmd) = random_command(&peer, &mut rng, edits) {
            // A card deleted or moved by someone else meanwhile is not an error.
            if peer.apply(cmd).await.is_ok() {
                edits += 1;
            }
        }
        peer.pump(Duration::from_millis(rng.random_range(20..60)))
            .await?;
        durable.extend(peer.acked_heads.iter().cloned());
    }
    Ok((peer.into_session(), durable, edits))
}

/// Pumps every peer until none receives anything for a while.
async fn settle(peers: &mut [Peer]) -> Result<()> {
    for _ in 0..3 {
        for p in peers.iter_mut() {
            p.pump(Duration::from_millis(100)).await?;
        }
    }
    Ok(())
}

async fn join(server: &Server, maps: &[CreatedMap], c: Client) -> Result<Peer> {
    let map = &maps[c.map];
    Peer::rejoin(
        &server.ws_url(),
        &map.id,
        &map.edit_secret(),
        &c.name,
        Role::Patient,
        c.session,
    )
    .await
    .with_context(|| format!("{} rejoining", c.name))
}

#[tokio::test]
async fn acknowledged_edits_survive_sigkill_and_every_client_converges() -> Result<()> {
    let rounds: usize = std::env::var("COMAP_CRASH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let dir = tempfile::tempdir()?;
    let mut server = Server::start(dir.path())?;
    let mut maps = Vec::new();
    for m in 0..MAPS {
        maps.push(
            server
                .create_map(&format!("Crash map {m}"), "patient-journey")
                .await?,
        );
    }
    let mut clients: Vec<Client> = (0..MAPS * CLIENTS_PER_MAP)
        .map(|i| Client {
            map: i % MAPS,
            name: format!("Client {i}"),
            session: SyncSession::new(format!("crash-client-{i:04}").as_bytes()),
            durable: HashSet::new(),
        })
        .collect();
    let (mut checked, mut total_edits) = (0usize, 0usize);
    for round in 0..rounds {
        // Everyone (re)joins and edits; the server dies at a random moment.
        let mut tasks = Vec::new();
        for c in clients.drain(..) {
            let (map, name) = (c.map, c.name.clone());
            let durable = c.durable.clone();
            let peer = join(&server, &maps, c).await?;
            tasks.push((map, name, tokio::spawn(edit_until_killed(peer, durable))));
        }
        let alive = rand::rng().random_range(300..1500);
        tokio::time::sleep(Duration::from_millis(alive)).await;
        server.kill();
        for (map, name, task) in tasks {
            let (session, durable, edits) = task.await??;
            total_edits += edits;
            clients.push(Client {
                map,
                name,
                session,
                durable,
            });
        }
        server.restart()?;

        // Every acknowledged head is on the restarted server.
        for (m, map) in maps.iter().enumerate() {
            let mut check = Peer::view(&server, map, "Checker", Role::Other).await?;
            settle(std::slice::from_mut(&mut check)).await?;
            let doc = check.session.doc();
            for c in clients.iter().filter(|c| c.map == m) {
                for head in &c.durable {
                    let hash: ChangeHash = head
                        .parse()
                        .map_err(|_| anyhow::anyhow!("bad hash {head}"))?;
                    if doc.get_change_by_hash(&hash).is_none() {
                        bail!("round {round}: {} lost acknowledged change {head}", c.name);
                    }
                    checked += 1;
                }
            }
        }

        // Everyone reconnects with their replica and the maps converge.
        let mut peers = Vec::new();
        for c in clients.drain(..) {
            let (map, name, durable) = (c.map, c.name.clone(), c.durable.clone());
            peers.push((
                Client {
                    map,
                    name,
                    session: SyncSession::new(b"x"),
                    durable,
                },
                join(&server, &maps, c).await?,
            ));
        }
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let mut heads: Vec<HashSet<Vec<ChangeHash>>> = vec![HashSet::new(); MAPS];
            for (c, p) in peers.iter_mut() {
                p.pump(Duration::from_millis(50)).await?;
                let mut h = p.session.heads();
                h.sort();
                heads[c.map].insert(h);
            }
            if heads.iter().all(|h| h.len() == 1) {
                break;
            }
            ensure!(
                tokio::time::Instant::now() < deadline,
                "round {round}: clients did not converge"
            );
        }
        for (mut c, p) in peers {
            ensure!(p.map().is_ok(), "a replica no longer reads as a map");
            c.session = p.into_session();
            clients.push(c);
        }
    }
    eprintln!(
        "crash test: {rounds} SIGKILLs survived, {total_edits} edits made, {checked} acknowledged heads checked, all {} clients converged each time",
        MAPS * CLIENTS_PER_MAP
    );
    ensure!(checked > 0, "no acknowledged edit was checked");
    Ok(())
}
