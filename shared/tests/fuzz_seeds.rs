//! Writes the fuzz targets' starting inputs into `fuzz/seeds/` (run by hand
//! after a protocol change: `cargo test -p comap-shared --test fuzz_seeds --
//! --ignored`). Real frames and sync messages, so the fuzzers start from
//! inputs that get deep into the decoders instead of guessing their format.

use automerge::sync::{self, SyncDoc};
use automerge::{ActorId, AutoCommit};
use comap_shared::map_write::create_map;
use comap_shared::protocol::{ClientFrame, FEATURE_CHANGES, Hello, PROTOCOL_VERSION, ServerFrame};
use comap_shared::{Author, CardKind, Command, Role, SeededIds, Template, read_map};
use std::path::PathBuf;

/// The map the `sync_apply` target starts from (same actor, same ids).
fn base_map() -> AutoCommit {
    let mut doc = AutoCommit::new().with_actor(ActorId::from(b"fuzz-base".as_slice()));
    create_map(
        &mut doc,
        "Fuzz",
        Template::PatientJourney,
        &mut SeededIds::new(1),
    )
    .expect("map");
    doc
}

/// Syncs two documents until neither has anything to say.
fn sync_both(a: &mut AutoCommit, sa: &mut sync::State, b: &mut AutoCommit, sb: &mut sync::State) {
    for _ in 0..10 {
        let to_b = a.sync().generate_sync_message(sa);
        let to_a = b.sync().generate_sync_message(sb);
        if to_a.is_none() && to_b.is_none() {
            return;
        }
        if let Some(m) = to_b {
            b.sync().receive_sync_message(sb, m).expect("b receives");
        }
        if let Some(m) = to_a {
            a.sync().receive_sync_message(sa, m).expect("a receives");
        }
    }
}

fn write(target: &str, name: &str, bytes: &[u8]) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/seeds")
        .join(target);
    std::fs::create_dir_all(&dir).expect("seed dir");
    std::fs::write(dir.join(name), bytes).expect("seed");
}

#[test]
#[ignore = "writes files; run by hand"]
fn write_fuzz_seeds() {
    let hello = |name: &str, map: &str| {
        ClientFrame::Hello(Hello {
            version: PROTOCOL_VERSION,
            map: map.into(),
            secret: "k-no1nVXuAbCdEfGh".into(),
            name: name.into(),
            role: Role::Carer,
            features: vec![FEATURE_CHANGES.into()],
            voter: None,
        })
        .encode()
    };
    write("hello", "valid", &hello("Ann", "6C8cgKBPUQJmJh6Z"));
    write("hello", "spaces", &hello("  Bo  ", "a-b_c"));
    write("hello", "bad-id", &hello("Cy", "../x"));

    let mut server = base_map();
    let mut peer = AutoCommit::load(&server.save())
        .expect("load")
        .with_actor(ActorId::from(b"fuzz-peer".as_slice()));
    let (mut ss, mut ps) = (sync::State::new(), sync::State::new());
    sync_both(&mut server, &mut ss, &mut peer, &mut ps);
    let view = read_map(&peer).expect("map");
    let author = Author {
        name: "Ann".into(),
        role: Role::Patient,
        now_ms: 1,
    };
    let mut ids = SeededIds::new(2);
    let add = Command::AddCard {
        stage: view.stages[1].id.clone(),
        lane: view.lanes[2].id.clone(),
        kind: CardKind::PainPoint,
        text: "Waited three hours".into(),
    };
    let card = add
        .apply(&mut peer, &author, &mut ids)
        .expect("add")
        .expect("id");
    let msg = peer
        .sync()
        .generate_sync_message(&mut ps)
        .expect("a message");
    write("sync_apply", "add-card", &msg.clone().encode());
    write(
        "frame_decode",
        "sync-frame",
        &ClientFrame::Sync(msg.encode()).encode(),
    );
    let change = peer
        .get_last_local_change()
        .expect("change")
        .raw_bytes()
        .to_vec();
    write(
        "frame_decode",
        "change-frame",
        &ServerFrame::Change(change).encode(),
    );
    write("frame_decode", "hello-frame", &hello("Ann", "m1"));

    sync_both(&mut server, &mut ss, &mut peer, &mut ps);
    for (i, cmd) in [
        Command::EditText {
            card: card.clone(),
            text: "Waited four hours".into(),
        },
        Command::MoveCard {
            card: card.clone(),
            stage: view.stages[2].id.clone(),
            lane: view.lanes[0].id.clone(),
        },
        Command::DeleteCard { card },
    ]
    .into_iter()
    .enumerate()
    {
        cmd.apply(&mut peer, &author, &mut ids).expect("applies");
        let msg = peer
            .sync()
            .generate_sync_message(&mut ps)
            .expect("a message");
        write("sync_apply", &format!("command-{i}"), &msg.encode());
        sync_both(&mut server, &mut ss, &mut peer, &mut ps);
    }

    // What the room's intake must take apart: a change long enough that
    // Automerge compresses it, sent compressed; the whole document as one
    // chunk (as Automerge's version 2 sync sends); a change with a bundle
    // behind it in the same entry.
    Command::AddCard {
        stage: view.stages[0].id.clone(),
        lane: view.lanes[0].id.clone(),
        kind: CardKind::Note,
        text: "A long wait for a letter. ".repeat(30),
    }
    .apply(&mut peer, &author, &mut ids)
    .expect("long card");
    let mut long = peer.get_last_local_change().expect("change");
    let compressed = long.bytes().to_vec();
    let mut msg = peer
        .sync()
        .generate_sync_message(&mut ps)
        .expect("a message");
    let seeds = [
        ("compressed-change", vec![compressed]),
        ("document-chunk", vec![peer.save()]),
        ("change-then-bundle", {
            let mut entry = long.raw_bytes().to_vec();
            let mut bundle = long.raw_bytes().to_vec();
            bundle[8] = 3;
            entry.extend(bundle);
            vec![entry]
        }),
    ];
    for (name, entries) in seeds {
        msg.changes = sync::ChunkList::from(entries);
        write("sync_apply", name, &msg.clone().encode());
        write(
            "frame_decode",
            name,
            &ClientFrame::Sync(msg.clone().encode()).encode(),
        );
    }
}
