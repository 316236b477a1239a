//! `sync_receive::receive` keeps exactly the sync state Automerge's own
//! `receive_sync_message` keeps, so peers using it sync as before: two
//! worlds of a server and three clients run the same edits and the same
//! deliveries, one world receiving with Automerge, the other with ours, and
//! after every delivery both sides' states and documents must be equal.

use automerge::sync::{self, SyncDoc};
use automerge::transaction::{CommitOptions, Transactable};
use automerge::{AutoCommit, ROOT};
use comap_shared::{chunks, sync_receive};
use proptest::prelude::*;
use std::collections::VecDeque;

const PEERS: usize = 4; // 0 is the server

struct World {
    docs: Vec<AutoCommit>,
    /// states[a][b]: what a knows of its sync with b.
    states: Vec<Vec<sync::State>>,
    /// In flight from a to b, in order (a WebSocket keeps order).
    wires: Vec<Vec<VecDeque<Vec<u8>>>>,
    ours: bool,
}

impl World {
    fn new(base: &[u8], ours: bool) -> World {
        let docs = (0..PEERS)
            .map(|i| {
                AutoCommit::load(base)
                    .expect("load")
                    .with_actor(automerge::ActorId::from(vec![i as u8 + 1; 8]))
            })
            .collect();
        World {
            docs,
            states: (0..PEERS)
                .map(|_| (0..PEERS).map(|_| sync::State::new()).collect())
                .collect(),
            wires: (0..PEERS)
                .map(|_| (0..PEERS).map(|_| VecDeque::new()).collect())
                .collect(),
            ours,
        }
    }

    /// Clients talk to the server only, as in Comap.
    fn linked(a: usize, b: usize) -> bool {
        a != b && (a == 0 || b == 0)
    }

    fn edit(&mut self, peer: usize, n: u32) {
        let doc = &mut self.docs[peer];
        doc.put(ROOT, format!("k{}", n % 7), i64::from(n))
            .expect("put");
        doc.commit_with(CommitOptions::default().with_time(0));
    }

    fn generate(&mut self, from: usize, to: usize) {
        let state = &mut self.states[from][to];
        if let Some(msg) = self.docs[from].sync().generate_sync_message(state) {
            self.wires[from][to].push_back(msg.encode());
        }
    }

    fn deliver(&mut self, from: usize, to: usize) -> bool {
        let Some(bytes) = self.wires[from][to].pop_front() else {
            return false;
        };
        let msg = sync::Message::decode(&bytes).expect("decode");
        let state = &mut self.states[to][from];
        if self.ours && msg.changes.len() % 2 == 1 {
            // Half the time as the server takes them: parsed first.
            let parsed = msg
                .changes
                .iter()
                .flat_map(|entry| chunks::split(entry).expect("chunks"))
                .map(|c| automerge::Change::from_bytes(c.whole.to_vec()).expect("change"))
                .collect();
            sync_receive::receive_parsed(&mut self.docs[to], state, msg, parsed).expect("ours");
        } else if self.ours {
            sync_receive::receive(&mut self.docs[to], state, msg).expect("ours");
        } else {
            self.docs[to]
                .sync()
                .receive_sync_message(state, msg)
                .expect("automerge");
        }
        true
    }

    /// Syncs every client with the server until nothing more is said.
    fn settle(&mut self) {
        for _ in 0..20 {
            for c in 1..PEERS {
                self.generate(0, c);
                self.generate(c, 0);
            }
            while !self.quiet() {
                for c in 1..PEERS {
                    self.deliver(0, c);
                    self.deliver(c, 0);
                }
            }
        }
    }

    fn quiet(&self) -> bool {
        self.wires.iter().flatten().all(VecDeque::is_empty)
    }
}

fn base() -> Vec<u8> {
    let mut doc = AutoCommit::new().with_actor(automerge::ActorId::from(vec![0xee; 8]));
    // A history to walk, as a real map has.
    for i in 0..200 {
        doc.put(ROOT, "start", i).expect("put");
        doc.commit_with(CommitOptions::default().with_time(0));
    }
    doc.save()
}

#[derive(Debug, Clone)]
enum Step {
    Edit(usize),
    Generate(usize, usize),
    Deliver(usize, usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..PEERS).prop_map(Step::Edit),
        (0..PEERS, 0..PEERS).prop_map(|(a, b)| Step::Generate(a, b)),
        (0..PEERS, 0..PEERS).prop_map(|(a, b)| Step::Deliver(a, b)),
    ]
}

fn same(a: &mut World, b: &mut World) {
    // Every message either world has sent and not yet delivered is the same.
    assert_eq!(a.wires, b.wires, "the messages on the wires");
    for i in 0..PEERS {
        assert_eq!(
            a.docs[i].get_heads(),
            b.docs[i].get_heads(),
            "peer {i}'s heads"
        );
        for j in 0..PEERS {
            assert_eq!(a.states[i][j], b.states[i][j], "{i}'s state with {j}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn receiving_keeps_the_state_automerge_keeps(steps in proptest::collection::vec(step(), 1..120)) {
        let base = base();
        let mut theirs = World::new(&base, false);
        let mut ours = World::new(&base, true);
        for (n, s) in steps.iter().enumerate() {
            for w in [&mut theirs, &mut ours] {
                match *s {
                    Step::Edit(p) => w.edit(p, n as u32),
                    Step::Generate(a, b) if World::linked(a, b) => w.generate(a, b),
                    Step::Deliver(a, b) if World::linked(a, b) => {
                        w.deliver(a, b);
                    }
                    _ => {}
                }
            }
            same(&mut theirs, &mut ours);
        }
        // Then both settle: every peer ends with every change.
        for w in [&mut theirs, &mut ours] {
            w.settle();
            prop_assert!(w.quiet());
            let server = w.docs[0].get_heads();
            for c in 1..PEERS {
                prop_assert_eq!(&w.docs[c].get_heads(), &server);
            }
        }
        same(&mut theirs, &mut ours);
    }
}

#[test]
fn what_a_peer_confirmed_is_forgotten() {
    // Peers that confirm they hold everything sent to them leave nothing in
    // `sent_hashes`, so it does not grow with the history.
    let base = base();
    let mut w = World::new(&base, true);
    for n in 0..5 {
        w.edit(1, n);
        w.settle();
    }
    for c in 1..PEERS {
        assert_eq!(w.docs[c].get_heads(), w.docs[0].get_heads());
        assert!(w.states[0][c].sent_hashes.is_empty(), "server to {c}");
        assert!(w.states[c][0].sent_hashes.is_empty(), "{c} to server");
    }
}
