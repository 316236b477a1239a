//! Stages, lanes, title and purpose: adding, renaming, reordering and
//! removing, with cards kept in the Unsorted tray, and concurrent reorders
//! converging.

mod common;
use automerge::AutoCommit;
use comap_shared::map_write::create_map;
use comap_shared::schema::check_changes;
use comap_shared::structure::{Axis, MAX_NAME_CHARS, Step};
use comap_shared::{CardKind, Command, MapView, ModelError, Role, SeededIds, Template, read_map};
use common::author;

fn run(doc: &mut AutoCommit, ids: &mut SeededIds, cmd: Command) -> Result<(), ModelError> {
    cmd.apply(doc, &author("Ann", Role::Patient), ids)
        .map(|_| ())
}

fn names(view: &MapView, axis: Axis) -> Vec<String> {
    match axis {
        Axis::Stages => view.stages.iter().map(|s| s.name.clone()).collect(),
        Axis::Lanes => view.lanes.iter().map(|l| l.name.clone()).collect(),
    }
}

fn id_of(view: &MapView, axis: Axis, name: &str) -> String {
    match axis {
        Axis::Stages => view
            .stages
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.id.to_string()),
        Axis::Lanes => view
            .lanes
            .iter()
            .find(|l| l.name == name)
            .map(|l| l.id.to_string()),
    }
    .unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn stages_and_lanes_are_added_renamed_reordered_and_removed() {
    let mut doc = AutoCommit::new();
    let mut ids = SeededIds::new(7);
    create_map(&mut doc, "Structure", Template::Blank, &mut ids).expect("map");
    let before = doc.get_heads();
    for axis in [Axis::Stages, Axis::Lanes] {
        run(
            &mut doc,
            &mut ids,
            Command::AddColumn {
                axis,
                name: "  Extra  ".into(),
            },
        )
        .expect("add");
        let view = read_map(&doc).expect("read");
        assert_eq!(names(&view, axis).last().map(String::as_str), Some("Extra"));
        let extra = id_of(&view, axis, "Extra");
        run(
            &mut doc,
            &mut ids,
            Command::Rename {
                axis,
                id: extra.clone(),
                name: "First".into(),
            },
        )
        .expect("rename");
        // Moving earlier step by step takes it to the front, then no further.
        let count = names(&read_map(&doc).expect("read"), axis).len();
        for _ in 0..count + 1 {
            run(
                &mut doc,
                &mut ids,
                Command::Reorder {
                    axis,
                    id: extra.clone(),
                    step: Step::Earlier,
                },
            )
            .expect("reorder");
        }
        let view = read_map(&doc).expect("read");
        assert_eq!(names(&view, axis)[0], "First");
        run(
            &mut doc,
            &mut ids,
            Command::Reorder {
                axis,
                id: extra.clone(),
                step: Step::Later,
            },
        )
        .expect("reorder");
        assert_eq!(names(&read_map(&doc).expect("read"), axis)[1], "First");
        run(
            &mut doc,
            &mut ids,
            Command::Remove {
                axis,
                id: extra.clone(),
            },
        )
        .expect("remove");
        let view = read_map(&doc).expect("read");
        assert!(!names(&view, axis).contains(&"First".to_string()));
        assert!(matches!(
            run(&mut doc, &mut ids, Command::Remove { axis, id: extra }),
            Err(ModelError::NoSuchStage(_) | ModelError::NoSuchLane(_))
        ));
    }
    run(
        &mut doc,
        &mut ids,
        Command::SetTitle {
            title: "Knee pain".into(),
        },
    )
    .expect("title");
    run(
        &mut doc,
        &mut ids,
        Command::SetPurpose {
            purpose: "Mrs K's knee, at St Elsewhere".into(),
        },
    )
    .expect("purpose");
    let view = read_map(&doc).expect("read");
    assert_eq!(view.title, "Knee pain");
    assert_eq!(view.purpose, "Mrs K's knee, at St Elsewhere");
    let changes = doc.get_changes(&before);
    check_changes(&doc, &changes).expect("every structure change meets the schema");
}

#[test]
fn bad_names_change_nothing() {
    let mut doc = AutoCommit::new();
    let mut ids = SeededIds::new(7);
    create_map(&mut doc, "Names", Template::Blank, &mut ids).expect("map");
    let heads = doc.get_heads();
    let stage = read_map(&doc).expect("read").stages[0].id.to_string();
    let long = "x".repeat(MAX_NAME_CHARS + 1);
    for cmd in [
        Command::AddColumn {
            axis: Axis::Lanes,
            name: "   ".into(),
        },
        Command::Rename {
            axis: Axis::Stages,
            id: stage,
            name: long,
        },
        Command::Rename {
            axis: Axis::Lanes,
            id: "nope".into(),
            name: "Fine".into(),
        },
        Command::SetTitle { title: "".into() },
        Command::SetPurpose {
            purpose: "p".repeat(501),
        },
    ] {
        assert!(run(&mut doc, &mut ids, cmd).is_err());
    }
    assert_eq!(doc.get_heads(), heads);
}

#[test]
fn removing_a_stage_keeps_its_cards_in_the_unsorted_tray_until_moved_back() {
    let mut doc = AutoCommit::new();
    let mut ids = SeededIds::new(3);
    create_map(&mut doc, "Tray", Template::PatientJourney, &mut ids).expect("map");
    let view = read_map(&doc).expect("read");
    let (stage, lane) = (view.stages[1].id.clone(), view.lanes[0].id.clone());
    for text in ["one", "two"] {
        run(
            &mut doc,
            &mut ids,
            Command::AddCard {
                stage: stage.clone(),
                lane: lane.clone(),
                kind: CardKind::Step,
                text: text.into(),
            },
        )
        .expect("add");
    }
    assert_eq!(
        read_map(&doc)
            .expect("read")
            .cards_in(&stage, &lane)
            .count(),
        2
    );
    run(
        &mut doc,
        &mut ids,
        Command::Remove {
            axis: Axis::Stages,
            id: stage.to_string(),
        },
    )
    .expect("remove");
    let view = read_map(&doc).expect("read");
    assert!(view.cards.is_empty());
    let tray: Vec<&str> = view.unsorted.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(tray, ["one", "two"]);
    let back = view.unsorted[0].id.clone();
    run(
        &mut doc,
        &mut ids,
        Command::MoveCard {
            card: back,
            stage: view.stages[0].id.clone(),
            lane: lane.clone(),
        },
    )
    .expect("move back");
    let view = read_map(&doc).expect("read");
    assert_eq!(view.unsorted.len(), 1);
    assert_eq!(view.cards_in(&view.stages[0].id, &lane).count(), 1);
}

#[test]
fn concurrent_reorders_and_renames_converge() {
    let mut a = AutoCommit::new().with_actor(automerge::ActorId::from(b"aaaa".as_slice()));
    let mut ids = SeededIds::new(5);
    create_map(&mut a, "Both", Template::PatientJourney, &mut ids).expect("map");
    let mut b = a
        .fork()
        .with_actor(automerge::ActorId::from(b"bbbb".as_slice()));
    let view = read_map(&a).expect("read");
    let third = view.stages[2].id.to_string();
    let fifth = view.stages[4].id.to_string();
    run(
        &mut a,
        &mut ids,
        Command::Reorder {
            axis: Axis::Stages,
            id: third.clone(),
            step: Step::Earlier,
        },
    )
    .expect("a moves");
    run(
        &mut a,
        &mut ids,
        Command::Rename {
            axis: Axis::Stages,
            id: fifth.clone(),
            name: "Treatment (A)".into(),
        },
    )
    .expect("a renames");
    run(
        &mut b,
        &mut ids,
        Command::Reorder {
            axis: Axis::Stages,
            id: fifth.clone(),
            step: Step::Earlier,
        },
    )
    .expect("b moves");
    run(
        &mut b,
        &mut ids,
        Command::Remove {
            axis: Axis::Lanes,
            id: view.lanes[6].id.to_string(),
        },
    )
    .expect("b removes a lane");
    a.merge(&mut b).expect("merge a");
    b.merge(&mut a).expect("merge b");
    let (va, vb) = (read_map(&a).expect("a"), read_map(&b).expect("b"));
    assert_eq!(va, vb);
    assert_eq!(va.stages.len(), 6);
    assert_eq!(va.lanes.len(), 6);
    let mut orders: Vec<&str> = va.stages.iter().map(|s| s.order.as_str()).collect();
    orders.dedup();
    assert_eq!(orders.len(), 6, "orders stay distinct: {orders:?}");
}

#[test]
fn a_dragged_stage_takes_the_place_it_is_dropped_on() {
    use comap_shared::structure::order_to_take_place_of;
    let mut doc = AutoCommit::new();
    let mut ids = SeededIds::new(9);
    create_map(&mut doc, "Drag", Template::PatientJourney, &mut ids).expect("map");
    let before = names(&read_map(&doc).expect("reads"), Axis::Stages);
    let drop = |doc: &mut AutoCommit, ids: &mut SeededIds, name: &str, on: &str| {
        let view = read_map(doc).expect("reads");
        let (id, target) = (
            id_of(&view, Axis::Stages, name),
            id_of(&view, Axis::Stages, on),
        );
        let order = order_to_take_place_of(&view, Axis::Stages, &id, &target).expect("a place");
        run(
            doc,
            ids,
            Command::PlaceColumn {
                axis: Axis::Stages,
                id,
                order,
            },
        )
        .expect("placed");
        names(&read_map(doc).expect("reads"), Axis::Stages)
    };
    // The last stage dropped on the first becomes the first; the first
    // dropped on the third comes right after it.
    let last = before.last().cloned().expect("stages");
    let now = drop(&mut doc, &mut ids, &last, &before[0]);
    assert_eq!(now[0], last);
    assert_eq!(now[1..], before[..before.len() - 1]);
    let first = now[0].clone();
    let third = now[2].clone();
    let now = drop(&mut doc, &mut ids, &first, &third);
    assert_eq!(now[2], first);
    assert_eq!(now[1], third);
    let view = read_map(&doc).expect("reads");
    let id = id_of(&view, Axis::Stages, &first);
    assert_eq!(order_to_take_place_of(&view, Axis::Stages, &id, &id), None);
}
