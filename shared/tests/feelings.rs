//! Feeling cards: an emotion from -2 to +2 with an optional word, and what
//! the map computes from them (the emotion curve) and from its cards (the
//! voice balance).

mod common;
use automerge::AutoCommit;
use comap_shared::map_write::create_map;
use comap_shared::schema::check_changes;
use comap_shared::{CardKind, Command, ModelError, Role, SeededIds, Template, read_map};
use common::author;

#[test]
fn feelings_are_set_read_cleared_and_make_the_curve_and_balance() {
    use comap_shared::Feeling;
    use comap_shared::insights::{emotion_curve, voice_balance};
    let mut doc = AutoCommit::new();
    let mut ids = SeededIds::new(11);
    create_map(&mut doc, "Feelings", Template::EmotionalMapping, &mut ids).expect("map");
    let view = read_map(&doc).expect("read");
    let (stage, lane) = (view.stages[1].id.clone(), view.lanes[1].id.clone());
    let before = doc.get_heads();
    let mut add = |role: Role, emotion: i8, doc: &mut AutoCommit| {
        let who = author("X", role);
        let card = Command::AddCard {
            stage: stage.clone(),
            lane: lane.clone(),
            kind: CardKind::Feeling,
            text: "felt".into(),
        }
        .apply(doc, &who, &mut ids)
        .expect("add")
        .expect("id");
        Command::SetFeeling {
            card: card.clone(),
            feeling: Some(Feeling {
                emotion,
                word: " scared ".into(),
            }),
        }
        .apply(doc, &who, &mut ids)
        .expect("feeling");
        card
    };
    let first = add(Role::Patient, -2, &mut doc);
    add(Role::Carer, -1, &mut doc);
    add(Role::Professional, 1, &mut doc);
    let view = read_map(&doc).expect("read");
    assert_eq!(
        view.card(&first).and_then(|c| c.feeling.clone()),
        Some(Feeling {
            emotion: -2,
            word: "scared".into()
        })
    );
    let curve = emotion_curve(&view);
    assert_eq!(curve.len(), view.stages.len());
    assert_eq!(curve[1].lived, Some((-1.5, 2)));
    assert_eq!(curve[1].staff, Some((1.0, 1)));
    assert_eq!(curve[0].lived, None);
    let balance = voice_balance(&view);
    assert_eq!(
        balance,
        vec![
            (Role::Patient, 1),
            (Role::Carer, 1),
            (Role::Professional, 1),
            (Role::Other, 0)
        ]
    );

    // Out of range is refused; None clears.
    let bad = Command::SetFeeling {
        card: first.clone(),
        feeling: Some(Feeling {
            emotion: 3,
            word: String::new(),
        }),
    };
    assert!(matches!(
        bad.apply(&mut doc, &author("Ann", Role::Patient), &mut ids),
        Err(ModelError::BadEmotion(3))
    ));
    Command::SetFeeling {
        card: first.clone(),
        feeling: None,
    }
    .apply(&mut doc, &author("Ann", Role::Patient), &mut ids)
    .expect("clear");
    assert_eq!(
        read_map(&doc)
            .expect("read")
            .card(&first)
            .and_then(|c| c.feeling.clone()),
        None
    );
    let changes = doc.get_changes(&before);
    check_changes(&doc, &changes).expect("feelings meet the schema");
}
