//! Reading the catalogues' keys and variables, and the keys the code looks up.

use anyhow::Result;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each message's key and the variables (`$name`) its value uses. A message
/// starts at a line `key =` (not indented, not a comment); its value runs
/// over the indented lines (and a select expression's closing `}`) after it.
pub fn catalogue_messages(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        let continues = line.starts_with(' ') || line.starts_with('}');
        if !continues {
            current = message_key(line);
            if let Some(k) = &current {
                found.entry(k.clone()).or_default();
            }
        }
        if let Some(k) = &current {
            let vars = found.entry(k.clone()).or_default();
            vars.extend(variables(line));
        }
    }
    found
}

fn message_key(line: &str) -> Option<String> {
    if line.starts_with('#') {
        return None;
    }
    let (key, _) = line.split_once('=')?;
    let key = key.trim_end();
    let ok = key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    ok.then(|| key.to_string())
}

fn variables(line: &str) -> Vec<String> {
    line.split('$')
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect::<String>()
        })
        .filter(|v| !v.is_empty())
        .collect()
}

/// The lookups that name a key (the key's literal may follow on the next
/// line, as rustfmt writes a long call).
const LOOKUPS: [&str; 6] = ["t(", "tr(", "t!(", "key(", ".t(", ".tf("];

/// Adds every key looked up in the `.rs` files under `dir`, with the first
/// place it is looked up (`file:line`).
pub fn keys_used(dir: &Path, used: &mut BTreeMap<String, String>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            keys_used(&path, used)?;
        } else if path.extension().and_then(|e| e.to_str()) == Some("rs") {
            let source = std::fs::read_to_string(&path)?;
            for (key, at) in keys_in(&source) {
                let line = source[..at].matches('\n').count() + 1;
                used.entry(key)
                    .or_insert_with(|| format!("{}:{line}", path.display()));
            }
        }
    }
    Ok(())
}

/// The keys a source looks up, each with where its lookup starts. A
/// lookup's name must not be the end of a longer name (`format!("`,
/// `split("` are not lookups), and a key is lower-case words and dashes.
pub fn keys_in(source: &str) -> Vec<(String, usize)> {
    let mut keys = Vec::new();
    for lookup in LOOKUPS {
        let mut from = 0;
        while let Some(found) = source[from..].find(lookup) {
            let start = from + found;
            from = start + lookup.len();
            let before = source[..start].chars().next_back();
            let whole = lookup.starts_with('.')
                || !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
            let rest = source[from..].trim_start();
            let Some(literal) = rest.strip_prefix('"') else {
                continue;
            };
            let key: String = literal.chars().take_while(|c| *c != '"').collect();
            let looks_like_key = !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if whole && looks_like_key {
                keys.push((key, start));
            }
        }
    }
    keys
}
