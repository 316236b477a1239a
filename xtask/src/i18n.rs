//! `cargo xtask i18n`: the catalogues' completeness report, and the check
//! that every key the code looks up is in every catalogue, that every
//! catalogue key is looked up somewhere, and that a message takes the same
//! variables in every language.
//!
//! A key counts as used where the code names it as a literal in a lookup:
//! `t("key")`, `tr("key")`, `t!("key"`, `key("key")` or `.t("key")`.

use anyhow::{Result, bail};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod scan;

use scan::{catalogue_messages, keys_used};

/// Where the catalogues are: the words every page shares, and the
/// facilitator's page's part. English is the reference.
const PARTS: [&str; 3] = [
    "shared/locales",
    "shared/locales/facilitator",
    "shared/locales/export",
];
const REFERENCE: &str = "en";
/// The sources whose lookups are counted.
const SOURCES: [&str; 3] = ["client/src", "server/src", "shared/src"];

/// Prints the report; fails when anything is missing, unused or unequal.
pub fn check(root: &Path) -> Result<()> {
    // Each language's parts (the shared words, the facilitator's page's)
    // together; a key in two parts is a problem.
    let mut catalogues: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    let mut problems = Vec::new();
    for folder in PARTS {
        for entry in std::fs::read_dir(root.join(folder))? {
            let path = entry?.path();
            if path.extension().and_then(|e| e.to_str()) != Some("ftl") {
                continue;
            }
            let code = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            let whole = catalogues.entry(code).or_default();
            for (key, vars) in catalogue_messages(&std::fs::read_to_string(&path)?) {
                if whole.insert(key.clone(), vars).is_some() {
                    problems.push(format!("`{key}` is in two parts: {}", path.display()));
                }
            }
        }
    }
    let Some(reference) = catalogues.get(REFERENCE) else {
        bail!("shared/locales/{REFERENCE}.ftl is missing");
    };
    let mut used = BTreeMap::new();
    for dir in SOURCES {
        keys_used(&root.join(dir), &mut used)?;
    }
    println!("| language | messages | missing | extra | other variables |");
    println!("|---|---:|---:|---:|---:|");
    for (code, messages) in &catalogues {
        let missing: Vec<&String> = reference
            .keys()
            .filter(|k| !messages.contains_key(*k))
            .collect();
        let extra: Vec<&String> = messages
            .keys()
            .filter(|k| !reference.contains_key(*k))
            .collect();
        let unequal: Vec<&String> = messages
            .iter()
            .filter(|(k, vars)| reference.get(*k).is_some_and(|r| r != *vars))
            .map(|(k, _)| k)
            .collect();
        println!(
            "| {code} | {} | {} | {} | {} |",
            messages.len(),
            missing.len(),
            extra.len(),
            unequal.len()
        );
        for k in &missing {
            problems.push(format!("{code}.ftl lacks `{k}`"));
        }
        for k in &extra {
            problems.push(format!("{code}.ftl has `{k}`, which {REFERENCE}.ftl lacks"));
        }
        for k in &unequal {
            problems.push(format!(
                "{code}.ftl: `{k}` takes other variables than in {REFERENCE}.ftl"
            ));
        }
        for (k, place) in &used {
            if !messages.contains_key(k) {
                problems.push(format!("{place} looks up `{k}`, which {code}.ftl lacks"));
            }
        }
    }
    let unused: BTreeSet<&String> = reference
        .keys()
        .filter(|k| !used.contains_key(*k))
        .collect();
    for k in unused {
        problems.push(format!(
            "`{k}` is in the catalogues but nothing looks it up"
        ));
    }
    println!("{} keys looked up in the code", used.len());
    if problems.is_empty() {
        println!("cargo xtask i18n: every catalogue is complete");
        return Ok(());
    }
    for p in &problems {
        eprintln!("  {p}");
    }
    bail!("{} problem(s) with the catalogues", problems.len())
}

#[cfg(test)]
mod tests;
