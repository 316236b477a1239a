//! The page's and the exports' words in every language: Fluent catalogues
//! (`shared/locales/<code>.ftl`), read by a small reader of the Fluent syntax
//! that Comap's catalogues use (messages, variables, string literals and
//! select expressions on plural categories, numbers or words).
//!
//! Adding a language: a new `.ftl` file and one line in [`Language::ALL`]
//! (see `docs/translating.md`).

mod catalogue;
mod language;
mod pattern;
mod reading;

pub use catalogue::{Arg, Catalogue};
pub use language::{Language, Plural};
pub use pattern::CatalogueError;
use std::sync::OnceLock;

/// The English catalogue's source, the reference every other is checked
/// against (the server embeds every catalogue; pages fetch theirs).
pub const EN_SOURCE: &str = include_str!("../locales/en.ftl");
/// The Swedish catalogue's source.
pub const SV_SOURCE: &str = include_str!("../locales/sv.ftl");
/// The words only the facilitator's page uses (the home page and the
/// dashboard): that page fetches them too, the participants' does not.
pub const EN_FACILITATOR_SOURCE: &str = include_str!("../locales/facilitator/en.ftl");
pub const SV_FACILITATOR_SOURCE: &str = include_str!("../locales/facilitator/sv.ftl");
/// The words only the server writes (exported files, the names of a new
/// workshop's rooms), so no page carries or fetches them.
pub const EN_EXPORT_SOURCE: &str = include_str!("../locales/export/en.ftl");
pub const SV_EXPORT_SOURCE: &str = include_str!("../locales/export/sv.ftl");

/// A language's catalogue source, for the server (pages fetch theirs, so no
/// language costs a page's bundle anything).
pub fn source(language: Language) -> &'static str {
    match language {
        Language::En => EN_SOURCE,
        Language::Sv => SV_SOURCE,
    }
}

/// The facilitator's page's part of a language's catalogue.
pub fn facilitator_source(language: Language) -> &'static str {
    match language {
        Language::En => EN_FACILITATOR_SOURCE,
        Language::Sv => SV_FACILITATOR_SOURCE,
    }
}

/// The exported files' part of a language's catalogue.
pub fn export_source(language: Language) -> &'static str {
    match language {
        Language::En => EN_EXPORT_SOURCE,
        Language::Sv => SV_EXPORT_SOURCE,
    }
}

/// A built-in catalogue, every part, read once: for the server (exports,
/// the names of a new workshop's rooms). Pages fetch their catalogues.
pub fn built_in(language: Language) -> &'static Catalogue {
    static EN: OnceLock<Catalogue> = OnceLock::new();
    static SV: OnceLock<Catalogue> = OnceLock::new();
    let cell = match language {
        Language::En => &EN,
        Language::Sv => &SV,
    };
    cell.get_or_init(|| {
        // The built-in catalogues are checked by this crate's tests.
        Catalogue::parse(language, source(language))
            .and_then(|c| c.with(facilitator_source(language)))
            .and_then(|c| c.with(export_source(language)))
            .unwrap_or_else(|_| Catalogue::empty(language))
    })
}

/// Names a catalogue key where the key is chosen by a `match` rather than
/// looked up at once (roles, kinds): the key check finds the key here.
pub const fn key(k: &'static str) -> &'static str {
    k
}

#[cfg(test)]
mod tests;
