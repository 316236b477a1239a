//! A language's messages, read from its Fluent source, and their formatting
//! with arguments.

use super::language::Language;
use super::pattern::{CatalogueError, Element, Pattern, VariantKey};
use super::reading;
use std::collections::BTreeSet;

/// A value given to a message: words, or a number (plural forms choose by
/// it; it is written with the language's decimal separator).
#[derive(Clone, Debug, PartialEq)]
pub enum Arg<'a> {
    Text(&'a str),
    Number(f64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(s)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(s)
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg::Number(n as f64)
            }
        }
    )*};
}
number_arg!(u8, u16, u32, u64, usize, i8, i16, i32, i64, f32, f64);

/// One language's messages, sorted by key.
#[derive(Clone, Debug)]
pub struct Catalogue {
    language: Language,
    messages: Vec<(String, Pattern)>,
}

impl Catalogue {
    /// Reads a catalogue's Fluent source.
    pub fn parse(language: Language, source: &str) -> Result<Catalogue, CatalogueError> {
        Ok(Catalogue {
            language,
            messages: reading::messages(source)?,
        })
    }

    /// This catalogue with the messages of another part of the language's
    /// catalogue (the facilitator's page's words) added; a key in both is
    /// refused.
    pub fn with(mut self, source: &str) -> Result<Catalogue, CatalogueError> {
        for (key, pattern) in reading::messages(source)? {
            match self
                .messages
                .binary_search_by(|(k, _)| k.as_str().cmp(&key))
            {
                Ok(_) => {
                    return Err(CatalogueError {
                        line: 0,
                        reason: format!("`{key}` is in two parts of the catalogue"),
                    });
                }
                Err(at) => self.messages.insert(at, (key, pattern)),
            }
        }
        Ok(self)
    }

    /// A catalogue without messages (every lookup answers its key).
    pub fn empty(language: Language) -> Catalogue {
        Catalogue {
            language,
            messages: Vec::new(),
        }
    }

    /// A message without arguments, or its key when the catalogue lacks it.
    pub fn t(&self, key: &str) -> String {
        self.get(key).unwrap_or_else(|| key.to_string())
    }

    /// A message with its arguments, or its key when the catalogue lacks it.
    pub fn tf(&self, key: &str, args: &[(&str, Arg)]) -> String {
        self.format(key, args).unwrap_or_else(|| key.to_string())
    }

    pub fn language(&self) -> Language {
        self.language
    }

    fn pattern(&self, key: &str) -> Option<&Pattern> {
        let at = self
            .messages
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()?;
        self.messages.get(at).map(|(_, p)| p)
    }

    pub fn has(&self, key: &str) -> bool {
        self.pattern(key).is_some()
    }

    /// Every message's key.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.messages.iter().map(|(k, _)| k.as_str())
    }

    /// The variables a message uses (`$name`), for checking that every
    /// language's message takes the same ones.
    pub fn variables(&self, key: &str) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        if let Some(pattern) = self.pattern(key) {
            collect_variables(pattern, &mut found);
        }
        found
    }

    /// A message without arguments, or `None` when the catalogue lacks it.
    pub fn get(&self, key: &str) -> Option<String> {
        self.format(key, &[])
    }

    /// A message with its arguments, or `None` when the catalogue lacks it.
    /// A variable without a value is written as its name (`{$name}`), so a
    /// mistake shows rather than vanishing.
    pub fn format(&self, key: &str, args: &[(&str, Arg)]) -> Option<String> {
        let pattern = self.pattern(key)?;
        let mut out = String::new();
        self.write(pattern, args, &mut out);
        Some(out)
    }

    fn write(&self, pattern: &Pattern, args: &[(&str, Arg)], out: &mut String) {
        for element in pattern {
            match element {
                Element::Text(t) => out.push_str(t),
                Element::Variable(name) => match lookup(args, name) {
                    Some(Arg::Text(t)) => out.push_str(t),
                    Some(Arg::Number(n)) => out.push_str(&self.number(*n)),
                    None => {
                        out.push_str("{$");
                        out.push_str(name);
                        out.push('}');
                    }
                },
                Element::Select {
                    on,
                    variants,
                    default,
                } => {
                    let chosen = lookup(args, on)
                        .and_then(|arg| self.choose(arg, variants))
                        .unwrap_or(*default);
                    if let Some((_, pattern)) = variants.get(chosen) {
                        self.write(pattern, args, out);
                    }
                }
            }
        }
    }

    /// The variant a value selects: an exact number first, then the plural
    /// category (numbers) or the same word (text).
    fn choose(&self, arg: &Arg, variants: &[(VariantKey, Pattern)]) -> Option<usize> {
        match arg {
            Arg::Number(n) => variants
                .iter()
                .position(|(k, _)| matches!(k, VariantKey::Number(v) if *v as f64 == *n))
                .or_else(|| {
                    let category = self.language.plural(*n).name();
                    variants
                        .iter()
                        .position(|(k, _)| matches!(k, VariantKey::Name(c) if c == category))
                }),
            Arg::Text(t) => variants
                .iter()
                .position(|(k, _)| matches!(k, VariantKey::Name(w) if w == t)),
        }
    }

    /// A number in the language's way: whole numbers as they are, others
    /// to two decimals at most, with the language's decimal separator.
    fn number(&self, n: f64) -> String {
        if n.fract() == 0.0 && n.abs() < 1e15 {
            return format!("{}", n as i64);
        }
        let fixed = format!("{n:.2}");
        let trimmed = fixed.trim_end_matches('0');
        trimmed.replace('.', &self.language.decimal_separator().to_string())
    }
}

fn lookup<'a>(args: &'a [(&str, Arg)], name: &str) -> Option<&'a Arg<'a>> {
    args.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
}

fn collect_variables(pattern: &Pattern, found: &mut BTreeSet<String>) {
    for element in pattern {
        match element {
            Element::Text(_) => {}
            Element::Variable(name) => {
                found.insert(name.clone());
            }
            Element::Select { on, variants, .. } => {
                found.insert(on.clone());
                for (_, p) in variants {
                    collect_variables(p, found);
                }
            }
        }
    }
}
