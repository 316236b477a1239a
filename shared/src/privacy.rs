//! A gentle check, before a card is posted, for text that looks like it
//! identifies a person: phone numbers (British and Swedish), e-mail
//! addresses, NHS numbers, Swedish personal identity and coordination
//! numbers, and dates of birth. Maps are shared with a whole group and exported, so the
//! page asks "Post anyway" or "Edit" when something looks like one. It is a
//! reminder, not a filter: it errs towards asking.

/// What a piece of text looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentifierKind {
    Email,
    Phone,
    NhsNumber,
    /// A Swedish personal identity number (personnummer) or coordination
    /// number (samordningsnummer): a date, three digits and a Luhn check digit.
    PersonalIdentityNumber,
    DateOfBirth,
}

impl IdentifierKind {
    /// "a phone number", for "This looks like a phone number: …".
    /// The catalogue key of "a phone number" and the like, in the reader's
    /// language.
    pub fn described_key(self) -> &'static str {
        match self {
            IdentifierKind::Email => crate::i18n::key("looks-email"),
            IdentifierKind::Phone => crate::i18n::key("looks-phone"),
            IdentifierKind::NhsNumber => crate::i18n::key("looks-nhs-number"),
            IdentifierKind::PersonalIdentityNumber => crate::i18n::key("looks-personal-number"),
            IdentifierKind::DateOfBirth => crate::i18n::key("looks-date-of-birth"),
        }
    }

    pub fn described(self) -> &'static str {
        match self {
            IdentifierKind::Email => "an e-mail address",
            IdentifierKind::Phone => "a phone number",
            IdentifierKind::NhsNumber => "an NHS number",
            IdentifierKind::PersonalIdentityNumber => "a Swedish personal identity number",
            IdentifierKind::DateOfBirth => "a date of birth",
        }
    }
}

/// One thing found, with the text as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identifier {
    pub kind: IdentifierKind,
    pub text: String,
}

/// Everything in `text` that looks like a personal identifier, in order.
pub fn personal_identifiers(text: &str) -> Vec<Identifier> {
    let mut found = Vec::new();
    for word in text.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if looks_like_email(word) {
            found.push(Identifier {
                kind: IdentifierKind::Email,
                text: word.to_string(),
            });
        }
        // Over a hundred years old, a Swedish number has `+` for its dash,
        // which ends a run of digits below.
        if let Some((date, rest)) = word.split_once('+')
            && date.len() == 6
            && swedish_id_ok(&format!("{date}{rest}"))
        {
            found.push(Identifier {
                kind: IdentifierKind::PersonalIdentityNumber,
                text: word.to_string(),
            });
        }
    }
    for run in digit_runs(text) {
        let digits: String = run.chars().filter(char::is_ascii_digit).collect();
        let kind = if written_as_swedish_id(run) && swedish_id_ok(&digits) {
            Some(IdentifierKind::PersonalIdentityNumber)
        } else if digits.len() == 10 && nhs_check_digit_ok(&digits) {
            Some(IdentifierKind::NhsNumber)
        } else if swedish_id_ok(&digits) {
            Some(IdentifierKind::PersonalIdentityNumber)
        } else if (9..=13).contains(&digits.len())
            // A Swedish number with its area code: "08-12 34 56".
            || (digits.len() == 8 && digits.starts_with('0'))
        {
            Some(IdentifierKind::Phone)
        } else {
            None
        };
        if let Some(kind) = kind {
            found.push(Identifier {
                kind,
                text: run.trim().to_string(),
            });
        }
    }
    found.extend(dates_of_birth(text));
    found
}

fn looks_like_email(word: &str) -> bool {
    let Some((user, domain)) = word.split_once('@') else {
        return false;
    };
    !user.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
}

/// Runs of digits that may be broken by spaces, dashes, dots or brackets and
/// may start with `+` (how phone and NHS numbers are written).
fn digit_runs(text: &str) -> Vec<&str> {
    let mut runs = Vec::new();
    let mut start = None;
    let mut last_digit = 0;
    for (i, c) in text.char_indices() {
        if c.is_ascii_digit() {
            if start.is_none() {
                start = Some(i);
            }
            last_digit = i + 1;
        } else if start.is_some() && matches!(c, ' ' | '-' | '.' | '(' | ')') {
            continue;
        } else if c == '+' && start.is_none() {
            start = Some(i);
        } else if let Some(s) = start.take()
            && last_digit > s
        {
            runs.push(&text[s..last_digit]);
        }
    }
    if let Some(s) = start
        && last_digit > s
    {
        runs.push(&text[s..last_digit]);
    }
    // A run broken only by single spaces joins numbers written side by side
    // ("2 3 4"); keep only runs whose digit groups look like one number.
    runs.into_iter()
        .filter(|r| r.split([' ', '-', '.']).filter(|g| !g.is_empty()).count() <= 5)
        .collect()
}

/// The NHS number check digit (modulus 11).
fn nhs_check_digit_ok(digits: &str) -> bool {
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 10 {
        return false;
    }
    let sum: u32 = d[..9]
        .iter()
        .enumerate()
        .map(|(i, v)| v * (10 - i as u32))
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    check == d[9]
}

/// Written as a Swedish identity number is: the date and the four last
/// digits, apart by one dash or not at all ("811218-9876", "19811218-9876",
/// "8112189876"); not in groups as phone and NHS numbers are written.
fn written_as_swedish_id(run: &str) -> bool {
    let parts: Vec<&str> = run.split('-').collect();
    match parts[..] {
        [whole] => whole.chars().all(|c| c.is_ascii_digit()),
        [date, last] => {
            matches!(date.len(), 6 | 8)
                && last.len() == 4
                && run.chars().all(|c| c.is_ascii_digit() || c == '-')
        }
        _ => false,
    }
}

/// A Swedish personal identity or coordination number, in 10 digits
/// (YYMMDDNNNC) or 12 (with the century): a real month, a day (plus 60 for
/// a coordination number), and the Luhn check digit over the last ten.
fn swedish_id_ok(digits: &str) -> bool {
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    let d = match d.len() {
        10 if digits.len() == 10 => &d[..],
        12 if digits.len() == 12 && matches!(d[..2], [1, 8] | [1, 9] | [2, 0]) => &d[2..],
        _ => return false,
    };
    let month = d[2] * 10 + d[3];
    let day = d[4] * 10 + d[5];
    if !(1..=12).contains(&month) || !((1..=31).contains(&day) || (61..=91).contains(&day)) {
        return false;
    }
    let sum: u32 = d[..9]
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let p = if i % 2 == 0 { v * 2 } else { *v };
            p / 10 + p % 10
        })
        .sum();
    (10 - sum % 10) % 10 == d[9]
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Full dates (day, month, year) said to be a birth date ("born", "DOB",
/// "date of birth" just before), or with a year before 2015 written as
/// digits (a date of birth is the likeliest reason to write one on a card).
fn dates_of_birth(text: &str) -> Vec<Identifier> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let original: Vec<&str> = text.split_whitespace().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let said_birth = (i >= 1
            && matches!(
                words[i - 1].trim_end_matches(':'),
                "born" | "dob" | "d.o.b" | "d.o.b."
            ))
            || (i >= 3
                && words[i - 3] == "date"
                && words[i - 2] == "of"
                && words[i - 1].trim_end_matches(':') == "birth");
        // "12/03/1954", "12-3-54", "12.03.1954"
        if let Some(year) = numeric_date_year(words[i]) {
            if said_birth || (1900..2015).contains(&year) {
                found.push(Identifier {
                    kind: IdentifierKind::DateOfBirth,
                    text: original[i]
                        .trim_matches(|c: char| !c.is_alphanumeric())
                        .to_string(),
                });
            }
            i += 1;
            continue;
        }
        // "12 March 1954"
        if i + 2 < words.len()
            && let (Ok(day), Some(_), Ok(year)) = (
                words[i]
                    .trim_end_matches(|c: char| c.is_alphabetic())
                    .parse::<u32>(),
                MONTHS.iter().position(|m| words[i + 1].starts_with(m)),
                words[i + 2]
                    .trim_matches(|c: char| !c.is_ascii_digit())
                    .parse::<i32>(),
            )
            && (1..=31).contains(&day)
            && (said_birth || (1900..2015).contains(&year))
        {
            found.push(Identifier {
                kind: IdentifierKind::DateOfBirth,
                text: original[i..i + 3]
                    .join(" ")
                    .trim_end_matches(|c: char| !c.is_alphanumeric())
                    .to_string(),
            });
            i += 3;
            continue;
        }
        i += 1;
    }
    found
}

/// The year of a date written as day, month and year in digits.
fn numeric_date_year(word: &str) -> Option<i32> {
    let word = word.trim_matches(|c: char| !c.is_ascii_digit());
    let parts: Vec<&str> = word.split(['/', '-', '.']).collect();
    let [d, m, y] = parts[..] else {
        return None;
    };
    let (d, m): (u32, u32) = (d.parse().ok()?, m.parse().ok()?);
    if !(1..=31).contains(&d) || !(1..=12).contains(&m) {
        return None;
    }
    match y.len() {
        4 => y.parse().ok(),
        2 => y
            .parse::<i32>()
            .ok()
            .map(|y| if y > 30 { 1900 + y } else { 2000 + y }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<IdentifierKind> {
        personal_identifiers(text)
            .into_iter()
            .map(|i| i.kind)
            .collect()
    }

    #[test]
    fn identifiers_are_found() {
        use IdentifierKind::*;
        assert_eq!(kinds("Call me on 07700 900123 please"), vec![Phone]);
        assert_eq!(kinds("ring +44 (0)20 7946 0958"), vec![Phone]);
        assert_eq!(kinds("mail ann.k@example.org."), vec![Email]);
        // 943 476 5919 is a valid NHS number (check digit 9).
        assert_eq!(kinds("NHS no 943 476 5919"), vec![NhsNumber]);
        assert_eq!(kinds("born 12/03/1954"), vec![DateOfBirth]);
        assert_eq!(kinds("DOB: 3 March 2019"), vec![DateOfBirth]);
        assert_eq!(kinds("Mum's birthday is 12 March 1951."), vec![DateOfBirth]);
        let found = personal_identifiers("Tel 07700 900123, ann@example.org");
        assert_eq!(found[0].text, "ann@example.org");
        assert_eq!(found[1].text, "07700 900123");
    }

    #[test]
    fn ordinary_card_text_passes() {
        for text in [
            "Waited 6 weeks for the scan",
            "Seen on 12/03/2025 by the nurse",
            "Two appointments, 3 hours apart, 20 miles away",
            "Ward 12, bed 4",
            "Pain 8/10 after the operation",
            "Called 111 twice",
            "Letter dated 4 May 2024",
            "",
        ] {
            assert_eq!(personal_identifiers(text), vec![], "{text}");
        }
    }

    #[test]
    fn swedish_identity_numbers_and_phone_numbers_are_found() {
        use IdentifierKind::*;
        assert_eq!(
            kinds("personnummer 811218-9876"),
            vec![PersonalIdentityNumber]
        );
        assert_eq!(kinds("pnr 19811218-9876"), vec![PersonalIdentityNumber]);
        assert_eq!(kinds("198112189876"), vec![PersonalIdentityNumber]);
        assert_eq!(kinds("8112189876"), vec![PersonalIdentityNumber]);
        assert_eq!(
            kinds("born long ago: 121212+1212"),
            vec![PersonalIdentityNumber]
        );
        // A coordination number: the day plus 60. It also passes the NHS
        // check, but it is written as a Swedish number is.
        assert_eq!(
            kinds("samordningsnummer 701063-2391"),
            vec![PersonalIdentityNumber]
        );
        assert_eq!(
            personal_identifiers("id 811218-9876.")[0].text,
            "811218-9876"
        );
        // Swedish phone numbers, mobile and with an area code.
        assert_eq!(kinds("ring 070-123 45 67"), vec![Phone]);
        assert_eq!(kinds("+46 70 123 45 67"), vec![Phone]);
        assert_eq!(kinds("Växel 08-12 34 56"), vec![Phone]);
    }

    #[test]
    fn swedish_check_digits_months_and_days() {
        assert!(swedish_id_ok("8112189876"));
        assert!(!swedish_id_ok("8112189875"), "wrong check digit");
        assert!(!swedish_id_ok("8113189875"), "month 13");
        assert!(swedish_id_ok("7010632391"), "coordination number");
        assert!(!swedish_id_ok("7010322399"), "day 32");
        assert!(swedish_id_ok("198112189876"));
        assert!(!swedish_id_ok("178112189876"), "no such century");
        assert!(!swedish_id_ok("81121898"));
        assert!(written_as_swedish_id("811218-9876"));
        assert!(written_as_swedish_id("19811218-9876"));
        assert!(!written_as_swedish_id("943 476 5919"));
        assert!(!written_as_swedish_id("0701-234-567"));
    }

    #[test]
    fn nhs_check_digits() {
        assert!(nhs_check_digit_ok("9434765919"));
        assert!(!nhs_check_digit_ok("9434765918"));
        assert!(!nhs_check_digit_ok("123"));
    }
}
