//! Dot voting: a round with a budget per person, votes on ideas and pain
//! points only, taken back, hidden until revealed, ended; and budgets that
//! hold even when ballots are written around the model.

mod common;
use automerge::AutoCommit;
use automerge::ReadDoc;
use automerge::transaction::Transactable;
use comap_shared::map_write::create_map;
use comap_shared::schema::check_changes;
use comap_shared::{
    CardId, CardKind, Command, ModelError, Role, SeededIds, Template, keys, read_map,
};
use common::author;

fn setup() -> (AutoCommit, SeededIds, CardId, CardId, CardId) {
    let mut doc = AutoCommit::new();
    let mut ids = SeededIds::new(5);
    create_map(&mut doc, "Votes", Template::PatientJourney, &mut ids).expect("map");
    let view = read_map(&doc).expect("reads");
    let mut add = |kind: CardKind| {
        Command::AddCard {
            stage: view.stages[0].id.clone(),
            lane: view.lanes[0].id.clone(),
            kind,
            text: kind.label().into(),
        }
        .apply(&mut doc, &author("Fay", Role::Professional), &mut ids)
        .expect("adds")
        .expect("an id")
    };
    let idea = add(CardKind::Idea);
    let pain = add(CardKind::PainPoint);
    let step = add(CardKind::Step);
    (doc, ids, idea, pain, step)
}

fn run(doc: &mut AutoCommit, ids: &mut SeededIds, cmd: Command) -> Result<(), ModelError> {
    cmd.apply(doc, &author("Fay", Role::Professional), ids)
        .map(|_| ())
}

fn vote(voter: &str, card: &CardId) -> Command {
    Command::Vote {
        voter: voter.into(),
        card: card.clone(),
    }
}

#[test]
fn a_round_of_dot_voting() {
    let (mut doc, mut ids, idea, pain, step) = setup();
    let start = doc.get_heads();
    assert_eq!(
        run(&mut doc, &mut ids, vote("ann", &idea)),
        Err(ModelError::NoVoting)
    );
    run(&mut doc, &mut ids, Command::StartVoting { budget: 3 }).expect("starts");
    let v = read_map(&doc).expect("reads").voting.expect("a round");
    assert!(v.open && !v.revealed);
    assert_eq!((v.budget, v.left_for("ann")), (3, 3));

    // Ann puts two votes on the idea and one on the pain point; then none are left.
    for card in [&idea, &idea, &pain] {
        run(&mut doc, &mut ids, vote("ann", card)).expect("votes");
    }
    assert_eq!(
        run(&mut doc, &mut ids, vote("ann", &idea)),
        Err(ModelError::NoVotesLeft)
    );
    assert_eq!(
        run(&mut doc, &mut ids, vote("bob", &step)),
        Err(ModelError::NotVotable)
    );
    assert_eq!(
        run(&mut doc, &mut ids, vote("", &idea)),
        Err(ModelError::BadVoter)
    );
    // She takes one back from the idea and gives it to the pain point.
    run(
        &mut doc,
        &mut ids,
        Command::Unvote {
            voter: "ann".into(),
            card: idea.clone(),
        },
    )
    .expect("takes back");
    run(&mut doc, &mut ids, vote("ann", &pain)).expect("votes");
    run(&mut doc, &mut ids, vote("bob", &pain)).expect("votes");
    let v = read_map(&doc).expect("reads").voting.expect("a round");
    assert_eq!(v.votes_of("ann", &idea), 1);
    assert_eq!(v.votes_of("ann", &pain), 2);
    assert_eq!(v.left_for("bob"), 2);
    assert_eq!(v.ranking(), vec![(pain.clone(), 3), (idea.clone(), 1)]);

    run(&mut doc, &mut ids, Command::RevealVotes { revealed: true }).expect("reveals");
    assert!(
        read_map(&doc)
            .expect("reads")
            .voting
            .expect("round")
            .revealed
    );
    run(&mut doc, &mut ids, Command::EndVoting).expect("ends");
    let v = read_map(&doc).expect("reads").voting.expect("a round");
    assert!(!v.open && v.revealed);
    assert_eq!(
        run(&mut doc, &mut ids, vote("bob", &idea)),
        Err(ModelError::VotingEnded)
    );
    let changes = doc.get_changes(&start);
    check_changes(&doc, &changes).expect("voting is within the schema");

    // A new round starts empty.
    run(&mut doc, &mut ids, Command::StartVoting { budget: 5 }).expect("starts again");
    let v = read_map(&doc).expect("reads").voting.expect("a round");
    assert!(v.ballots.is_empty());
    assert_eq!(v.left_for("ann"), 5);
    assert_eq!(
        run(&mut doc, &mut ids, Command::StartVoting { budget: 0 }),
        Err(ModelError::BadBudget { budget: 0, max: 20 })
    );
}

/// Ballots written around the model (a buggy client, or two tabs voting at
/// once) are read so that counts stay within the budget and never negative.
#[test]
fn overspent_and_negative_ballots_count_within_the_budget() {
    let (mut doc, mut ids, idea, pain, _) = setup();
    run(&mut doc, &mut ids, Command::StartVoting { budget: 3 }).expect("starts");
    let voting = match doc.get(automerge::ROOT, keys::VOTING) {
        Ok(Some((_, id))) => id,
        _ => panic!("voting"),
    };
    let ballots = match doc.get(&voting, keys::BALLOTS) {
        Ok(Some((_, id))) => id,
        _ => panic!("ballots"),
    };
    let greedy = doc
        .put_object(&ballots, "greedy", automerge::ObjType::Map)
        .expect("ballot");
    doc.put(&greedy, idea.as_str(), 9).expect("put");
    doc.put(&greedy, pain.as_str(), 9).expect("put");
    let negative = doc
        .put_object(&ballots, "negative", automerge::ObjType::Map)
        .expect("ballot");
    doc.put(&negative, idea.as_str(), -4).expect("put");
    doc.put(&negative, "cgone", 2).expect("put");
    doc.commit();
    let v = read_map(&doc).expect("reads").voting.expect("a round");
    let greedy: u32 = v.ballots["greedy"].values().sum();
    assert_eq!(greedy, 3, "never more than the budget");
    assert!(
        !v.ballots.contains_key("negative"),
        "nothing counts below zero or on no card"
    );
    assert_eq!(v.tally().values().sum::<u32>(), 3);
}
