//! Words of dot voting.

pub const NO_VOTES_LEFT: &str = "You have no votes left: take one back from another card first.";

/// The first words of a card, for lists and labels. Direction overrides
/// and embeddings (U+202A–U+202E, which run on until closed) are left out,
/// so someone's words can never reorder the sentence around them.
pub fn short(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    let mut out: String = line
        .chars()
        .filter(|c| !('\u{202a}'..='\u{202e}').contains(c))
        .take(40)
        .collect();
    if line.chars().count() > 40 || text.lines().count() > 1 {
        out.push('\u{2026}');
    }
    out
}

pub const VOTING: &str = "Dot voting";

pub const VOTING_HELP: &str = "Everyone gets a few votes to put on the ideas and pain points that matter most. Several votes on one card are fine.";

pub const VOTES_PER_PERSON: &str = "Votes per person";

pub const START_VOTING: &str = "Start voting";

pub const REVEAL: &str = "Reveal results";

pub const HIDE_RESULTS: &str = "Hide results";

pub const END_VOTING: &str = "End voting";

pub const RESULTS_HIDDEN: &str = "Results are hidden until the facilitator reveals them.";

pub const VOTING_ENDED: &str = "Voting has ended.";

pub const VOTING_OPEN: &str = "Voting is under way.";

pub const FACILITATOR_RUNS_VOTING: &str =
    "The facilitator starts a round when the group is ready, and reveals the results.";

pub const TOP_CARDS: &str = "Top cards";

pub const NO_VOTES_YET: &str = "No votes yet.";

pub const VOTE: &str = "Vote";

/// On Vote when this person has spent all their votes.
pub const NONE_LEFT: &str = "No votes left";

pub const ONLY_VOTABLE: &str = "Show only ideas and pain points";

/// "4 people have voted".
pub fn people_voted(n: u32) -> String {
    match n {
        0 => "Nobody has voted yet.".to_string(),
        1 => "1 person has voted.".to_string(),
        n => format!("{n} people have voted."),
    }
}

pub const TAKE_BACK: &str = "Take back";

/// "You have 2 of 3 votes left".
pub fn votes_left(left: u32, budget: u32) -> String {
    let noun = if budget == 1 { "vote" } else { "votes" };
    format!("You have {left} of {budget} {noun} left")
}

/// "Your votes: 2".
pub fn your_votes(n: u32) -> String {
    format!("Your votes: {n}")
}

pub fn vote_count(n: u32) -> String {
    if n == 1 {
        "1 vote".to_string()
    } else {
        format!("{n} votes")
    }
}

/// "Vote for “Text reminders”".
pub fn vote_for(text: &str) -> String {
    format!("Vote for \u{201c}{}\u{201d}", short(text))
}

/// "Take back a vote from “Text reminders”".
pub fn take_back_from(text: &str) -> String {
    format!("Take back a vote from \u{201c}{}\u{201d}", short(text))
}
