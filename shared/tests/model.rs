//! Unit tests of the map model through its public API.

mod common;
use automerge::AutoCommit;
use comap_shared::map_write::{MAX_TEXT_CHARS, create_map};
use comap_shared::session::SyncSession;
use comap_shared::{CardKind, Command, ModelError, Role, SeededIds, Template, read_map};
use common::author;

fn new_map(template: Template) -> AutoCommit {
    let mut doc = AutoCommit::new();
    create_map(&mut doc, "Knee pain", template, &mut SeededIds::new(1)).expect("create");
    doc
}

#[test]
fn patient_journey_template_has_its_stages_and_lanes() {
    let view = read_map(&new_map(Template::PatientJourney)).expect("read");
    let stages: Vec<&str> = view.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        stages,
        [
            "Noticing a problem",
            "First contact",
            "Assessment",
            "Diagnosis",
            "Treatment",
            "Living with it"
        ]
    );
    let lanes: Vec<&str> = view.lanes.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(lanes[0], "What matters to me");
    assert_eq!(lanes[6], "Ideas");
    assert_eq!(view.title, "Knee pain");
    assert!(view.cards.is_empty());
}

#[test]
fn every_template_builds_a_readable_map() {
    for t in Template::ALL {
        let mut doc = new_map(t);
        let view = read_map(&doc).expect("read");
        let stages: Vec<&str> = view.stages.iter().map(|s| s.name.as_str()).collect();
        let lanes: Vec<&str> = view.lanes.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(stages, t.stage_names(), "{t:?}");
        assert_eq!(lanes, t.lane_names(), "{t:?}");
        assert_eq!(Template::from_key(t.key()), Some(t));
        let changes = doc.get_changes(&[]);
        comap_shared::schema::check_changes(&doc, &changes).expect("the schema holds");
    }
}

#[test]
fn empty_or_long_titles_are_refused() {
    let mut doc = AutoCommit::new();
    let mut ids = SeededIds::new(1);
    assert_eq!(
        create_map(&mut doc, "  ", Template::Blank, &mut ids),
        Err(ModelError::EmptyTitle)
    );
    let long = "x".repeat(201);
    assert!(matches!(
        create_map(&mut doc, &long, Template::Blank, &mut ids),
        Err(ModelError::TitleTooLong { .. })
    ));
}

#[test]
fn add_edit_move_delete_a_card() {
    let mut doc = new_map(Template::PatientJourney);
    let mut ids = SeededIds::new(2);
    let view = read_map(&doc).expect("read");
    let (s0, s3) = (view.stages[0].id.clone(), view.stages[3].id.clone());
    let lane = view.lanes[5].id.clone();
    let add = Command::AddCard {
        stage: s0.clone(),
        lane: lane.clone(),
        kind: CardKind::PainPoint,
        text: "Waited 6 weeks".into(),
    };
    let id = add
        .apply(&mut doc, &author("Ann", Role::Patient), &mut ids)
        .expect("add")
        .expect("id");
    let card = read_map(&doc)
        .expect("read")
        .card(&id)
        .cloned()
        .expect("card");
    assert_eq!(card.text, "Waited 6 weeks");
    assert_eq!(card.kind, CardKind::PainPoint);
    assert_eq!(card.role, Role::Patient);
    assert_eq!(card.author, "Ann");
    assert_eq!(card.stage, s0);

    let edit = Command::EditText {
        card: id.clone(),
        text: "Waited 8 weeks\nfor a letter".into(),
    };
    edit.apply(&mut doc, &author("Bo", Role::Professional), &mut ids)
        .expect("edit");
    let mv = Command::MoveCard {
        card: id.clone(),
        stage: s3.clone(),
        lane: lane.clone(),
    };
    mv.apply(&mut doc, &author("Bo", Role::Professional), &mut ids)
        .expect("move");
    let view = read_map(&doc).expect("read");
    let card = view.card(&id).expect("card");
    assert_eq!(card.text, "Waited 8 weeks\nfor a letter");
    assert_eq!(card.stage, s3);
    assert_eq!(view.cards_in(&s3, &lane).count(), 1);
    assert_eq!(view.cards_in(&s0, &lane).count(), 0);

    Command::DeleteCard { card: id.clone() }
        .apply(&mut doc, &author("Bo", Role::Professional), &mut ids)
        .expect("delete");
    assert!(read_map(&doc).expect("read").card(&id).is_none());
}

#[test]
fn bad_commands_change_nothing() {
    let mut doc = new_map(Template::Blank);
    let mut ids = SeededIds::new(3);
    let view = read_map(&doc).expect("read");
    let heads = doc.get_heads();
    let too_long = Command::AddCard {
        stage: view.stages[0].id.clone(),
        lane: view.lanes[0].id.clone(),
        kind: CardKind::Idea,
        text: "y".repeat(MAX_TEXT_CHARS + 1),
    };
    assert!(matches!(
        too_long.apply(&mut doc, &author("A", Role::Other), &mut ids),
        Err(ModelError::TextTooLong { .. })
    ));
    let no_stage = Command::AddCard {
        stage: comap_shared::StageId::from_key("nope"),
        lane: view.lanes[0].id.clone(),
        kind: CardKind::Idea,
        text: "hi".into(),
    };
    assert!(matches!(
        no_stage.apply(&mut doc, &author("A", Role::Other), &mut ids),
        Err(ModelError::NoSuchStage(_))
    ));
    let no_card = Command::DeleteCard {
        card: comap_shared::CardId::from_key("c0"),
    };
    assert!(matches!(
        no_card.apply(&mut doc, &author("A", Role::Other), &mut ids),
        Err(ModelError::NoSuchCard(_))
    ));
    assert_eq!(doc.get_heads(), heads);
}

/// Runs sync between two sessions until neither has anything to send.
fn sync_pair(a: &mut SyncSession, b: &mut SyncSession) {
    for _ in 0..20 {
        let mut quiet = true;
        if let Some(m) = a.outgoing() {
            b.receive(&m).expect("b receive");
            quiet = false;
        }
        if let Some(m) = b.outgoing() {
            a.receive(&m).expect("a receive");
            quiet = false;
        }
        if quiet {
            return;
        }
    }
    panic!("sync did not settle");
}

#[test]
fn concurrent_edits_in_one_card_keep_both_words_and_moves_do_not_mix() {
    let mut origin = new_map(Template::PatientJourney);
    let bytes = origin.save();
    let mut a = SyncSession::load(&bytes, b"aaaa").expect("load a");
    let mut b = SyncSession::load(&bytes, b"bbbb").expect("load b");
    let view = a.read().expect("read");
    let mut ids = SeededIds::new(4);
    let id = a
        .apply(
            &Command::AddCard {
                stage: view.stages[0].id.clone(),
                lane: view.lanes[0].id.clone(),
                kind: CardKind::Note,
                text: "tea".into(),
            },
            &author("A", Role::Patient),
            &mut ids,
        )
        .expect("add")
        .expect("id");
    sync_pair(&mut a, &mut b);
    a.apply(
        &Command::EditText {
            card: id.clone(),
            text: "hot tea".into(),
        },
        &author("A", Role::Patient),
        &mut ids,
    )
    .expect("edit a");
    b.apply(
        &Command::EditText {
            card: id.clone(),
            text: "tea please".into(),
        },
        &author("B", Role::Carer),
        &mut ids,
    )
    .expect("edit b");
    a.apply(
        &Command::MoveCard {
            card: id.clone(),
            stage: view.stages[1].id.clone(),
            lane: view.lanes[1].id.clone(),
        },
        &author("A", Role::Patient),
        &mut ids,
    )
    .expect("move a");
    b.apply(
        &Command::MoveCard {
            card: id.clone(),
            stage: view.stages[2].id.clone(),
            lane: view.lanes[2].id.clone(),
        },
        &author("B", Role::Carer),
        &mut ids,
    )
    .expect("move b");
    sync_pair(&mut a, &mut b);
    let va = a.read().expect("a");
    let vb = b.read().expect("b");
    assert_eq!(va, vb);
    let card = va.card(&id).expect("card");
    assert_eq!(card.text, "hot tea please");
    let one = (card.stage == view.stages[1].id && card.lane == view.lanes[1].id)
        || (card.stage == view.stages[2].id && card.lane == view.lanes[2].id);
    assert!(one, "a move mixed two people's stage and lane");
}

#[test]
fn a_replica_knows_when_its_peer_holds_everything_it_has() {
    let mut origin = new_map(Template::PatientJourney);
    let bytes = origin.save();
    let mut a = SyncSession::load(&bytes, b"aaaa").expect("load a");
    let mut server = SyncSession::load(&bytes, b"ssss").expect("load server");
    assert!(!a.peer_has_everything(), "nothing heard from the peer yet");
    sync_pair(&mut a, &mut server);
    assert!(a.peer_has_everything());

    // A change the peer has not seen (made offline, say).
    let view = a.read().expect("read");
    a.apply(
        &Command::AddCard {
            stage: view.stages[0].id.clone(),
            lane: view.lanes[0].id.clone(),
            kind: CardKind::Note,
            text: "made offline".into(),
        },
        &author("A", Role::Patient),
        &mut SeededIds::new(8),
    )
    .expect("add");
    assert!(!a.peer_has_everything());
    sync_pair(&mut a, &mut server);
    assert!(a.peer_has_everything());
    assert!(server.peer_has_everything());
}
