//! Proof of convergence: 2 to 6 replicas apply random operations from the
//! whole command set (cards, feelings, stages and lanes, arrows, votes, undo
//! and redo) while exchanging Automerge sync messages over a network that
//! reorders, duplicates and drops them (a drop resets that connection, as a
//! reconnect does). After the network heals, every replica holds the same
//! document, `read_map` succeeds on each, and the map's invariants hold.
//!
//! Each replica also keeps its map up to date from Automerge's patches
//! (`map_delta`), as the page does: after every step that view must equal a
//! whole read, and the events and undo steps taken from its sparse delta
//! must equal those taken from whole maps.
//!
//! `COMAP_CONVERGENCE_CASES` sets the number of cases (default 2,000);
//! `COMAP_CONVERGENCE_SEED` replays a run (the seed is printed on failure).

use automerge::sync::{self, SyncDoc};
use automerge::{ActorId, AutoCommit};
use comap_shared::events::changes_between;
use comap_shared::map_delta::{Delta, Touched, update};
use comap_shared::map_write::create_map;
use comap_shared::schema::check_changes;
use comap_shared::structure::{Axis, Step};
use comap_shared::undo::UndoStack;
use comap_shared::{
    Author, CardKind, Command, Feeling, MapView, Role, SeededIds, Template, read_map,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestError, TestRunner};
use std::collections::HashMap;

mod commands;
mod net;
use commands::*;
use net::*;

#[derive(Debug, Clone)]
enum Action {
    AddCard {
        stage: usize,
        lane: usize,
        kind: usize,
        word: usize,
    },
    EditText {
        card: usize,
        word: usize,
    },
    MoveCard {
        card: usize,
        stage: usize,
        lane: usize,
    },
    DeleteCard {
        card: usize,
    },
    SetFeeling {
        card: usize,
        emotion: i8,
    },
    AddColumn {
        lanes: bool,
    },
    Rename {
        lanes: bool,
        which: usize,
        word: usize,
    },
    Reorder {
        lanes: bool,
        which: usize,
        later: bool,
    },
    Remove {
        lanes: bool,
        which: usize,
    },
    Connect {
        from: usize,
        to: usize,
    },
    Disconnect {
        which: usize,
    },
    SetStructureOpen {
        open: bool,
    },
    SetTitle {
        word: usize,
    },
    Undo,
    Redo,
}

#[derive(Debug, Clone)]
enum Op {
    Local {
        who: usize,
        action: Action,
    },
    /// `from` generates a sync message for `to`; it goes into flight.
    Send {
        from: usize,
        to: usize,
    },
    /// A message in flight arrives (any of them: the network reorders).
    Deliver {
        pick: usize,
    },
    /// A message arrives and stays in flight, to arrive again.
    Duplicate {
        pick: usize,
    },
    /// A message is lost; that connection resets, as a reconnect would.
    Drop {
        pick: usize,
    },
}

const WORDS: [&str; 6] = [
    "Waiting",
    "Letter",
    "Scan",
    "Worried",
    "Relieved",
    "Phone call",
];

fn action() -> impl Strategy<Value = Action> {
    let i = || 0usize..16;
    prop_oneof![
        4 => (i(), i(), 0usize..8, 0usize..6).prop_map(|(stage, lane, kind, word)| Action::AddCard { stage, lane, kind, word }),
        2 => (i(), 0usize..6).prop_map(|(card, word)| Action::EditText { card, word }),
        2 => (i(), i(), i()).prop_map(|(card, stage, lane)| Action::MoveCard { card, stage, lane }),
        1 => i().prop_map(|card| Action::DeleteCard { card }),
        1 => (i(), -2i8..=2).prop_map(|(card, emotion)| Action::SetFeeling { card, emotion }),
        1 => any::<bool>().prop_map(|lanes| Action::AddColumn { lanes }),
        1 => (any::<bool>(), i(), 0usize..6).prop_map(|(lanes, which, word)| Action::Rename { lanes, which, word }),
        1 => (any::<bool>(), i(), any::<bool>()).prop_map(|(lanes, which, later)| Action::Reorder { lanes, which, later }),
        1 => (any::<bool>(), i()).prop_map(|(lanes, which)| Action::Remove { lanes, which }),
        2 => (i(), i()).prop_map(|(from, to)| Action::Connect { from, to }),
        1 => i().prop_map(|which| Action::Disconnect { which }),
        1 => any::<bool>().prop_map(|open| Action::SetStructureOpen { open }),
        1 => (0usize..6).prop_map(|word| Action::SetTitle { word }),
        2 => Just(Action::Undo),
        1 => Just(Action::Redo),
    ]
}

fn op(n: usize) -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => (0..n, action()).prop_map(|(who, action)| Op::Local { who, action }),
        4 => (0..n, 0..n).prop_map(|(from, to)| Op::Send { from, to }),
        4 => any::<usize>().prop_map(|pick| Op::Deliver { pick }),
        1 => any::<usize>().prop_map(|pick| Op::Duplicate { pick }),
        1 => any::<usize>().prop_map(|pick| Op::Drop { pick }),
    ]
}

fn scenario() -> impl Strategy<Value = (usize, Vec<Op>)> {
    (2usize..=6).prop_flat_map(|n| (Just(n), prop::collection::vec(op(n), 1..60)))
}

/// What a card shows of its arrows (with the text at the other end) and votes.
type Marks = (Vec<(String, String, String)>, Option<u32>);

fn marks(view: &MapView, card: &comap_shared::CardId) -> Marks {
    let text =
        |id: &comap_shared::CardId| view.card(id).map(|c| c.text.clone()).unwrap_or_default();
    let arrows = view
        .connections_of(card)
        .map(|a| {
            (
                a.id.to_string(),
                a.label.clone(),
                text(if &a.from == card { &a.to } else { &a.from }),
            )
        })
        .collect();
    let votes = view
        .voting
        .as_ref()
        .filter(|v| v.revealed)
        .and_then(|v| v.totals.get(card).copied());
    (arrows, votes)
}

fn check_invariants(view: &MapView) -> Result<(), TestCaseError> {
    let stage_ok = |c: &comap_shared::Card| view.stage(&c.stage).is_some();
    let lane_ok = |c: &comap_shared::Card| view.lane(&c.lane).is_some();
    for c in &view.cards {
        prop_assert!(
            stage_ok(c) && lane_ok(c),
            "a placed card is in an existing cell"
        );
    }
    for c in &view.unsorted {
        prop_assert!(
            !(stage_ok(c) && lane_ok(c)),
            "an unsorted card has lost its cell"
        );
    }
    let stage_keys: Vec<_> = view.stages.iter().map(|s| (&s.order, &s.id)).collect();
    prop_assert!(
        stage_keys.windows(2).all(|w| w[0] < w[1]),
        "stage order is total"
    );
    let lane_keys: Vec<_> = view.lanes.iter().map(|l| (&l.order, &l.id)).collect();
    prop_assert!(
        lane_keys.windows(2).all(|w| w[0] < w[1]),
        "lane order is total"
    );
    for s in &view.stages {
        for l in &view.lanes {
            let keys: Vec<_> = view
                .cards_in(&s.id, &l.id)
                .map(|c| (&c.order, &c.id))
                .collect();
            prop_assert!(keys.windows(2).all(|w| w[0] < w[1]), "card order is total");
        }
    }
    for a in &view.connections {
        prop_assert!(a.from != a.to, "no arrow to itself");
        prop_assert!(
            view.card(&a.from).is_some() && view.card(&a.to).is_some(),
            "arrows join cards"
        );
    }
    Ok(())
}

fn run_case(n: usize, ops: &[Op]) -> Result<(), TestCaseError> {
    let mut net = Net::new(n);
    for op in ops {
        match op {
            Op::Local { who, action } => net.local(*who, action)?,
            Op::Send { from, to } => net.send(*from, *to),
            Op::Deliver { pick } => net.deliver(*pick, false)?,
            Op::Duplicate { pick } => net.deliver(*pick, true)?,
            Op::Drop { pick } => net.drop_one(*pick),
        }
    }
    net.heal()?;
    let mut first = net.replicas[0].doc.clone();
    let heads = first.get_heads();
    let view = net.replicas[0].view();
    check_invariants(&view)?;
    for r in &mut net.replicas[1..] {
        prop_assert_eq!(
            r.doc.get_heads(),
            heads.clone(),
            "every replica has every change"
        );
        prop_assert_eq!(&r.view(), &view, "every replica reads the same map");
    }
    let all = first.get_changes(&[]);
    check_changes(&first, &all)
        .map_err(|e| TestCaseError::fail(format!("a server would accept it all: {e}")))?;
    let loaded = AutoCommit::load(&first.save())
        .map_err(|e| TestCaseError::fail(format!("the saved map loads: {e}")))?;
    prop_assert_eq!(
        read_map(&loaded).ok(),
        Some(view),
        "the saved map reads the same"
    );
    Ok(())
}

#[test]
fn replicas_converge_over_a_faulty_network() {
    let cases = std::env::var("COMAP_CONVERGENCE_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(2000);
    let seed = std::env::var("COMAP_CONVERGENCE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    let config = Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let result = runner.run(&scenario(), |(n, ops)| run_case(n, &ops));
    match result {
        Ok(()) => {}
        Err(TestError::Fail(why, (n, ops))) => panic!(
            "replicas did not converge: {why}\n{n} replicas, smallest failing ops: {ops:#?}\nreplay with COMAP_CONVERGENCE_SEED={seed}"
        ),
        Err(e) => panic!("{e}; replay with COMAP_CONVERGENCE_SEED={seed}"),
    }
}
