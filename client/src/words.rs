//! Words made of several messages: a person with their role, a feeling, a
//! point of the emotion curve, all in the reader's language.

use crate::i18n::t;
use crate::t;
use comap_shared::i18n::key;
use comap_shared::protocol::ErrorCode;
use comap_shared::structure::Axis;
use comap_shared::{CardKind, Feeling, Role};

/// "Ann (Patient)", the role in the reader's language whatever the author's.
pub fn person(name: &str, role: Role) -> String {
    t!("person", name = name, role = t(role.name_key()).as_str())
}

pub fn role_name(role: Role) -> String {
    t(role.name_key())
}

pub fn kind_name(kind: CardKind) -> String {
    t(kind.name_key())
}

/// "Very bad (−2)", with the person's own word if any: "Very bad (−2): scared".
pub fn feeling(emotion: i8, word: &str) -> String {
    let name = t(Feeling::name_key(emotion));
    let signed = Feeling::signed(emotion);
    if word.is_empty() {
        t!("feeling", emotion = name.as_str(), signed = signed.as_str())
    } else {
        t!(
            "feeling-with-word",
            emotion = name.as_str(),
            signed = signed.as_str(),
            word = word
        )
    }
}

/// A stage's average feeling and how many feelings it has: "−1.5 (2
/// feelings)", or a dash when there are none.
pub fn curve_cell(point: Option<(f32, usize)>) -> String {
    match point {
        None => t("no-feelings"),
        Some((avg, n)) => {
            let sign = if avg < 0.0 {
                "\u{2212}"
            } else if avg > 0.0 {
                "+"
            } else {
                ""
            };
            let separator = crate::i18n::language().decimal_separator().to_string();
            let value = format!("{sign}{:.1}", avg.abs()).replace('.', &separator);
            t!("curve-cell", value = value.as_str(), n = n)
        }
    }
}

/// "Patients and carers: −2.0 (1 feeling). Professionals: —."
pub fn curve_words(lived: Option<(f32, usize)>, staff: Option<(f32, usize)>) -> String {
    t!(
        "curve-words",
        lived = curve_cell(lived).as_str(),
        staff = curve_cell(staff).as_str()
    )
}

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

/// The catalogue keys of a stage's or a lane's words.
#[derive(Clone, Copy)]
pub struct AxisKeys {
    pub add: &'static str,
    pub remove: &'static str,
    pub heading: &'static str,
    /// The two move buttons: left and right, or up and down.
    pub earlier: &'static str,
    pub later: &'static str,
    pub question: &'static str,
}

pub fn axis_keys(axis: Axis) -> AxisKeys {
    match axis {
        Axis::Stages => AxisKeys {
            add: key("add-stage"),
            remove: key("remove-stage"),
            heading: key("stage-heading"),
            earlier: key("move-left"),
            later: key("move-right"),
            question: key("remove-stage-question"),
        },
        Axis::Lanes => AxisKeys {
            add: key("add-lane"),
            remove: key("remove-lane"),
            heading: key("lane-heading"),
            earlier: key("move-up"),
            later: key("move-down"),
            question: key("remove-lane-question"),
        },
    }
}

/// What the page says when the server closes or refuses something, in the
/// reader's language (the server's own message is English, for logs).
pub fn error_words(code: ErrorCode) -> String {
    t(match code {
        ErrorCode::BadFrame => key("error-bad-frame"),
        ErrorCode::UnsupportedVersion => key("error-unsupported-version"),
        ErrorCode::AccessDenied => key("error-access-denied"),
        ErrorCode::ReadOnly => key("error-read-only"),
        ErrorCode::BadSync => key("error-bad-sync"),
        ErrorCode::HelloTimeout => key("error-hello-timeout"),
        ErrorCode::BadHello => key("error-bad-hello"),
        ErrorCode::FrameTooLarge => key("error-frame-too-large"),
        ErrorCode::RoomFull => key("error-room-full"),
        ErrorCode::RateLimited => key("error-rate-limited"),
        ErrorCode::InvalidChange => key("error-invalid-change"),
        ErrorCode::MapTooLarge => key("error-map-too-large"),
        ErrorCode::Deleted => key("error-deleted"),
        ErrorCode::ServerRestarting => key("error-server-restarting"),
        ErrorCode::ServerBusy => key("error-server-busy"),
        ErrorCode::TooManyConnections => key("error-too-many-connections"),
        ErrorCode::NotAllowed => key("error-not-allowed"),
        ErrorCode::VoteRefused => key("error-vote-refused"),
        ErrorCode::Internal => key("error-internal"),
    })
}
