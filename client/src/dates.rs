//! Dates in words in the page's language ("28 December 2026", "December
//! 28, 2026" in the US, "28 december 2026" in Swedish).

use crate::browser;

/// A date in words in the page's language, e.g. "28 December 2026"
/// (British English), "December 28, 2026" (American), "28 december 2026".
pub fn long_date(ms: i64) -> String {
    in_words(&js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        ms as f64,
    )))
}

/// A day written "2027-03-31" (a date field's value) in words, as
/// `long_date`; as written when it is not such a day.
pub fn day_in_words(day: &str) -> String {
    let mut parts = day.splitn(3, '-').map(str::parse::<u32>);
    match (parts.next(), parts.next(), parts.next()) {
        (Some(Ok(y)), Some(Ok(m @ 1..=12)), Some(Ok(d @ 1..=31))) => in_words(
            &js_sys::Date::new_with_year_month_day(y, m as i32 - 1, d as i32),
        ),
        _ => day.to_string(),
    }
}

fn in_words(date: &js_sys::Date) -> String {
    let options = js_sys::Object::new();
    for (k, v) in [("day", "numeric"), ("month", "long"), ("year", "numeric")] {
        let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
    }
    date.to_locale_date_string(&date_locale(), &options).into()
}

/// The locale dates are written in: the page's language, with the
/// browser's own variant of English ("December 28, 2026" in the US,
/// "28 December 2026" in the UK).
pub fn date_locale() -> String {
    let language = crate::i18n::language();
    let browsers = browser::window().navigator().language().unwrap_or_default();
    match comap_shared::i18n::Language::from_code(&browsers) {
        Some(l) if l == language => browsers,
        _ => match language {
            comap_shared::i18n::Language::En => "en-GB".to_string(),
            comap_shared::i18n::Language::Sv => "sv-SE".to_string(),
        },
    }
}
