//! Dates written out in a language's words, for the files drawn ("29
//! November 2026", "31 mars 2027").

use comap_shared::i18n::{Arg, Catalogue, key};

/// "29 November 2026", "29 november 2026" for a time in milliseconds since
/// the epoch (UTC), in the language of `words`.
pub fn long_date(ms: i64, words: &Catalogue) -> String {
    let (year, month, day) = crate::render::zip_write::civil(ms.div_euclid(86_400_000));
    written_date(year, month, day, words)
}

/// "31 March 2027" for an ISO date ("2027-03-31"), in the language of
/// `words`; anything else as it is.
pub fn day_in_words(iso: &str, words: &Catalogue) -> String {
    let mut parts = iso.splitn(3, '-').map(str::parse::<u32>);
    match (parts.next(), parts.next(), parts.next()) {
        (Some(Ok(year)), Some(Ok(month)), Some(Ok(day))) if (1..=12).contains(&month) => {
            written_date(i64::from(year), month, day, words)
        }
        _ => iso.to_string(),
    }
}

fn written_date(year: i64, month: u32, day: u32, words: &Catalogue) -> String {
    const MONTHS: [&str; 12] = [
        key("month-1"),
        key("month-2"),
        key("month-3"),
        key("month-4"),
        key("month-5"),
        key("month-6"),
        key("month-7"),
        key("month-8"),
        key("month-9"),
        key("month-10"),
        key("month-11"),
        key("month-12"),
    ];
    let month = MONTHS
        .get((month as usize).wrapping_sub(1))
        .copied()
        .unwrap_or_default();
    // Written out as digits: a year is not a count ("2026", not "2 026").
    words.tf(
        "date-long",
        &[
            ("day", Arg::from(day.to_string().as_str())),
            ("month", Arg::from(&words.t(month))),
            ("year", Arg::from(year.to_string().as_str())),
        ],
    )
}

#[cfg(test)]
mod tests {
    use comap_shared::i18n::{Language, built_in};

    #[test]
    fn dates_are_written_out_in_full() {
        let (en, sv) = (built_in(Language::En), built_in(Language::Sv));
        assert_eq!(super::long_date(0, en), "1 January 1970");
        assert_eq!(super::long_date(951_782_400_000, en), "29 February 2000");
        assert_eq!(super::long_date(1_795_910_400_000, en), "29 November 2026");
        assert_eq!(super::long_date(1_798_675_199_000, en), "30 December 2026");
        assert_eq!(super::long_date(1_798_675_199_000, sv), "30 december 2026");
        assert_eq!(super::long_date(1_799_107_200_000, sv), "5 januari 2027");
        assert_eq!(super::day_in_words("2027-03-31", sv), "31 mars 2027");
        assert_eq!(super::day_in_words("2027-03-31", en), "31 March 2027");
        assert_eq!(super::day_in_words("2027-13-01", en), "2027-13-01");
        assert_eq!(super::day_in_words("soon", en), "soon");
    }
}
