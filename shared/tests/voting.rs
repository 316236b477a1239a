//! Dot voting with secret ballots: the server's ballot box keeps a budget
//! per voter and votes on ideas and pain points only; the document holds the
//! round and, once revealed, the totals alone; ballots a map held in the
//! document before the server kept them still count, within the budget.

mod common;
use automerge::AutoCommit;
use automerge::ReadDoc;
use automerge::transaction::Transactable;
use comap_shared::map_write::create_map;
use comap_shared::schema::check_changes;
use comap_shared::voting::{self, BallotBox, VoteError};
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
            text: kind.key().into(),
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

fn vote(
    doc: &AutoCommit,
    ballots: &mut BallotBox,
    voter: &str,
    card: &CardId,
    up: bool,
) -> Result<u32, VoteError> {
    ballots.vote(voter, card, voting::card_kind(doc, card), up)
}

#[test]
fn a_round_of_dot_voting() {
    let (mut doc, mut ids, idea, pain, step) = setup();
    let start = doc.get_heads();
    let round = voting::start(&mut doc, 3, &mut ids).expect("starts");
    doc.commit();
    let v = read_map(&doc).expect("reads").voting.expect("a round");
    assert!(v.open && !v.revealed);
    assert_eq!((v.round.as_str(), v.budget), (round.as_str(), 3));
    assert_eq!(
        voting::round_of(&doc),
        Some((round.clone(), 3, true, false))
    );

    let mut ballots = BallotBox::new(round, 3);
    assert_eq!(vote(&doc, &mut ballots, "ann", &idea, true), Ok(1));
    assert_eq!(vote(&doc, &mut ballots, "ann", &pain, true), Ok(1));
    assert_eq!(vote(&doc, &mut ballots, "ann", &pain, true), Ok(2));
    assert_eq!(
        vote(&doc, &mut ballots, "ann", &idea, true),
        Err(VoteError::NoVotesLeft)
    );
    assert_eq!(
        vote(&doc, &mut ballots, "bob", &step, true),
        Err(VoteError::NotVotable),
        "steps take no votes"
    );
    assert_eq!(
        vote(&doc, &mut ballots, "bob", &CardId::from_key("cgone"), true),
        Err(VoteError::NotVotable),
        "nor do cards that do not exist"
    );
    assert_eq!(vote(&doc, &mut ballots, "bob", &pain, true), Ok(1));
    // Taking back a vote frees it; taking back none is no error.
    assert_eq!(vote(&doc, &mut ballots, "ann", &idea, false), Ok(0));
    assert_eq!(vote(&doc, &mut ballots, "ann", &idea, false), Ok(0));
    assert_eq!(vote(&doc, &mut ballots, "ann", &idea, true), Ok(1));

    let ann = ballots.news("ann");
    assert_eq!(ann.votes.get(&pain), Some(&2));
    assert_eq!(ann.left(3), 0);
    assert_eq!(ann.voters, 2);
    assert_eq!(ballots.news("cat").left(3), 3);

    // Until the reveal, the document holds no vote of anyone.
    let hidden = read_map(&doc).expect("reads").voting.expect("a round");
    assert!(hidden.totals.is_empty());

    voting::set_revealed(&mut doc, true, &ballots.totals()).expect("reveals");
    doc.commit();
    let v = read_map(&doc).expect("reads").voting.expect("round");
    assert!(v.revealed);
    assert_eq!(v.ranking(), vec![(pain.clone(), 3), (idea.clone(), 1)]);

    // A vote while shown updates that card's total alone.
    vote(&doc, &mut ballots, "bob", &idea, true).expect("votes");
    voting::set_total(&mut doc, &idea, ballots.total(&idea)).expect("total");
    doc.commit();
    let v = read_map(&doc).expect("reads").voting.expect("round");
    assert_eq!(v.totals.get(&idea), Some(&2));

    // Hidden again: the totals go from the document.
    voting::set_revealed(&mut doc, false, &ballots.totals()).expect("hides");
    doc.commit();
    assert!(
        read_map(&doc)
            .expect("reads")
            .voting
            .expect("round")
            .totals
            .is_empty()
    );

    voting::end(&mut doc, &ballots.totals()).expect("ends");
    doc.commit();
    let v = read_map(&doc).expect("reads").voting.expect("a round");
    assert!(!v.open && v.revealed);
    assert_eq!(v.tally().values().sum::<u32>(), 5);
    let changes = doc.get_changes(&start);
    check_changes(&doc, &changes).expect("voting is within the schema");

    assert_eq!(
        voting::start(&mut doc, 0, &mut ids),
        Err(ModelError::BadBudget { budget: 0, max: 20 })
    );
}

#[test]
fn a_restored_ballot_keeps_within_the_budget() {
    let (_, _, idea, pain, _) = setup();
    let mut ballots = BallotBox::new("v1".into(), 3);
    ballots.restore("ann", idea.clone(), 2);
    ballots.restore("ann", pain.clone(), 9);
    assert_eq!(ballots.news("ann").left(3), 0);
    assert_eq!(ballots.total(&pain), 1);
}

/// Ballots a map held in the document before the server kept them count
/// once revealed, within the budget and never negative.
#[test]
fn ballots_from_before_count_within_the_budget() {
    let (mut doc, mut ids, idea, pain, _) = setup();
    voting::start(&mut doc, 3, &mut ids).expect("starts");
    let voting_obj = match doc.get(automerge::ROOT, keys::VOTING) {
        Ok(Some((_, id))) => id,
        _ => panic!("voting"),
    };
    let ballots = doc
        .put_object(&voting_obj, keys::BALLOTS, automerge::ObjType::Map)
        .expect("ballots");
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
    let hidden = read_map(&doc).expect("reads").voting.expect("a round");
    assert!(hidden.totals.is_empty(), "not shown before the reveal");
    doc.put(&voting_obj, keys::REVEALED, true).expect("put");
    doc.commit();
    let v = read_map(&doc).expect("reads").voting.expect("a round");
    assert_eq!(
        v.tally().values().sum::<u32>(),
        3,
        "never more than the budget"
    );
}
