//! The languages Comap speaks, their codes and their plural rules.

use serde::{Deserialize, Serialize};

/// A language of the page, the templates and the exports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Sv,
}

/// A number's plural category (CLDR's names): English and Swedish use two.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plural {
    One,
    Other,
}

impl Plural {
    pub fn name(self) -> &'static str {
        match self {
            Plural::One => "one",
            Plural::Other => "other",
        }
    }
}

impl Language {
    /// Every language, in the order the Language choice lists them.
    pub const ALL: [Language; 2] = [Language::En, Language::Sv];

    /// The BCP 47 code: `<html lang>`, the catalogue's file name, the API.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Sv => "sv",
        }
    }

    /// The language's name in itself, as the Language choice shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Sv => "Svenska",
        }
    }

    /// Reads a code or a language tag ("sv", "sv-SE", "EN_gb").
    pub fn from_code(tag: &str) -> Option<Language> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        Language::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(primary))
    }

    /// The first of the browser's preferred languages that Comap speaks,
    /// else English.
    pub fn preferred<'a>(tags: impl IntoIterator<Item = &'a str>) -> Language {
        tags.into_iter()
            .find_map(Language::from_code)
            .unwrap_or_default()
    }

    /// A number's plural category: in English and Swedish "one" is exactly
    /// the integer 1 (CLDR: i = 1 and v = 0), everything else is "other".
    pub fn plural(self, n: f64) -> Plural {
        match self {
            Language::En | Language::Sv if n == 1.0 => Plural::One,
            Language::En | Language::Sv => Plural::Other,
        }
    }

    /// The decimal separator: "1.5" in English, "1,5" in Swedish.
    pub fn decimal_separator(self) -> char {
        match self {
            Language::En => '.',
            Language::Sv => ',',
        }
    }

    /// The query a page adds to a CSV download so that a spreadsheet set
    /// to this language opens it in columns: where decimals take a comma,
    /// Excel expects fields separated by `;`.
    pub fn csv_query(self) -> &'static str {
        match self.decimal_separator() {
            ',' => "separator=%3B",
            _ => "",
        }
    }
}
