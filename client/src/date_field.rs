//! A day chosen as day, month and year, each a list in the page's language
//! ("31", "mars", "2027"), in the order the language writes them. A
//! browser's own date field shows its dates in the browser's language, not
//! the page's, so a Swedish page in an English browser would ask for
//! "mm/dd/yyyy"; three lists ask in the page's words and are plain to use
//! by keyboard and screen reader.

use crate::dates::date_locale;
use crate::i18n::tr;
use comap_shared::i18n::key;
use leptos::prelude::*;

/// The years offered: this one and the next few.
const YEARS_AHEAD: i32 = 5;

/// The month's name in the page's language ("March", "mars").
fn month_name(month: u32) -> String {
    let date = js_sys::Date::new_with_year_month_day(2000, month as i32 - 1, 1);
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"month".into(), &"long".into());
    date.to_locale_date_string(&date_locale(), &options).into()
}

/// Whether the language writes the month before the day (American English).
fn month_first() -> bool {
    date_locale() == "en-US"
}

/// The day as a date field's value: `YYYY-MM-DD` once all three are
/// chosen, empty when none is, and a value that is no day (so the form's
/// check says what is missing) when only some are.
fn value_of([day, month, year]: [Option<i32>; 3]) -> String {
    if day.is_none() && month.is_none() && year.is_none() {
        return String::new();
    }
    format!(
        "{:04}-{:02}-{:02}",
        year.unwrap_or(0),
        month.unwrap_or(0),
        day.unwrap_or(0)
    )
}

/// One of the three lists: a blank choice, then `options` as (value,
/// words); choosing sets `chosen` and then calls `changed`.
fn part(
    id: String,
    label: &'static str,
    options: Vec<(i32, String)>,
    chosen: RwSignal<Option<i32>>,
    changed: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <span class="date-part">
            <label for=id.clone()>{tr(label)}</label>
            <select
                id=id
                prop:value=move || chosen.get().map(|n| n.to_string()).unwrap_or_default()
                on:change=move |ev| {
                    chosen.set(event_target_value(&ev).parse().ok());
                    changed();
                }
            >
                <option value="">"—"</option>
                {options
                    .into_iter()
                    .map(|(v, words)| view! { <option value=v.to_string()>{words}</option> })
                    .collect_view()}
            </select>
        </span>
    }
}

/// A day chosen from three lists. `value` holds `YYYY-MM-DD`; setting it
/// to empty from outside (after the form is sent) clears the lists.
#[component]
pub fn DateField(id: &'static str, label: &'static str, value: RwSignal<String>) -> impl IntoView {
    let parts @ [day, month, year] = [(); 3].map(|_| RwSignal::new(None::<i32>));
    Effect::new(move |_| {
        if value.get().is_empty() {
            parts.iter().for_each(|p| p.set(None));
        }
    });
    let publish = move || value.set(value_of(parts.map(|p| p.get_untracked())));
    let numbers =
        |range: std::ops::RangeInclusive<i32>| range.map(|n| (n, n.to_string())).collect();
    let this_year = js_sys::Date::new_0().get_full_year() as i32;
    let day_part = part(
        format!("{id}-day"),
        key("date-day"),
        numbers(1..=31),
        day,
        publish,
    );
    let month_part = part(
        format!("{id}-month"),
        key("date-month"),
        (1..=12).map(|m| (m, month_name(m as u32))).collect(),
        month,
        publish,
    );
    let year_part = part(
        format!("{id}-year"),
        key("date-year"),
        numbers(this_year..=this_year + YEARS_AHEAD),
        year,
        publish,
    );
    let parts = if month_first() {
        view! { {month_part} {day_part} {year_part} }.into_any()
    } else {
        view! { {day_part} {month_part} {year_part} }.into_any()
    };
    view! {
        <fieldset class="date-field" id=id>
            <legend>{tr(label)}</legend>
            {parts}
        </fieldset>
    }
}
