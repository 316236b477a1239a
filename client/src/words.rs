//! Words made of several messages: a person with their role, a feeling, a
//! point of the emotion curve, all in the reader's language.

use crate::i18n::t;
use crate::t;
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
