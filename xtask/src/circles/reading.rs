//! Reading a crate's modules: each file's module path, its code without
//! comments, literals and tests, and the module paths it names.

use super::ModPath;
use anyhow::{Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub(super) fn read_modules(src: &Path) -> Result<BTreeMap<ModPath, String>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {dir:?}"))? {
            let path: PathBuf = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(src)?.with_extension("");
                let mut module: ModPath = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if module.last().is_some_and(|m| m == "mod") {
                    module.pop();
                }
                if module.len() == 1 && (module[0] == "lib" || module[0] == "main") {
                    module.clear();
                }
                // Binaries under `src/bin/` are crates of their own, and a
                // `tests.rs` holds a module's tests, which may reach anywhere.
                if module.first().is_some_and(|m| m == "bin")
                    || module.last().is_some_and(|m| m == "tests")
                {
                    continue;
                }
                let text = std::fs::read_to_string(&path)?;
                files.insert(module, without_tests(&code_only(&text)));
            }
        }
    }
    Ok(files)
}

/// The modules a file's code names through `crate::` or `super::`.
pub(super) fn references(module: &ModPath, text: &str) -> BTreeSet<ModPath> {
    let mut out = BTreeSet::new();
    let bytes = text.as_bytes();
    for (keyword, from_root) in [("crate::", true), ("super::", false)] {
        let mut from = 0;
        while let Some(found) = text[from..].find(keyword) {
            let at = from + found;
            from = at + keyword.len();
            if at > 0 && (is_ident(bytes[at - 1]) || bytes[at - 1] == b':') {
                continue;
            }
            let mut base: ModPath = if from_root {
                Vec::new()
            } else {
                module[..module.len().saturating_sub(1)].to_vec()
            };
            let mut rest = &text[from..];
            while !from_root && rest.starts_with("super::") {
                base.pop();
                rest = &rest["super::".len()..];
            }
            for path in paths(rest) {
                let mut target = base.clone();
                target.extend(path);
                out.insert(target);
            }
        }
    }
    out
}

/// The paths named after `::`: one, or one per item of a `{…}` group
/// (nested groups included), each as its segments.
pub(super) fn paths(rest: &str) -> Vec<ModPath> {
    let mut out = Vec::new();
    parse_path(rest, Vec::new(), &mut out);
    out
}

/// Parses one path (or group) at the start of `rest`, after `prefix`, and
/// returns how many bytes it took.
pub(super) fn parse_path(rest: &str, prefix: ModPath, out: &mut Vec<ModPath>) -> usize {
    let mut at = rest.len() - rest.trim_start().len();
    let mut segments = prefix;
    loop {
        let tail = &rest[at..];
        if let Some(group) = tail.strip_prefix('{') {
            at += 1;
            let mut inner = group;
            loop {
                let skipped =
                    inner.len() - inner.trim_start_matches([' ', '\n', '\t', '\r', ',']).len();
                at += skipped;
                inner = &inner[skipped..];
                if inner.is_empty() || inner.starts_with('}') {
                    return at + 1;
                }
                let took = parse_path(inner, segments.clone(), out);
                at += took;
                inner = &inner[took..];
                // Skip what follows the path in the item (`as X`, `*`).
                let upto = inner.find([',', '}']).unwrap_or(inner.len());
                at += upto;
                inner = &inner[upto..];
            }
        }
        let name = ident_at(tail);
        if name.is_empty() {
            break;
        }
        at += name.len();
        if name != "self" {
            segments.push(name);
        }
        if rest[at..].starts_with("::") {
            at += 2;
        } else {
            break;
        }
    }
    if !segments.is_empty() {
        out.push(segments);
    }
    at
}

pub(super) fn ident_at(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

pub(super) fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The text with comments, string and character literals blanked out.
pub(super) fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !prev_is_ident(&chars, i)
        {
            let mut hashes = 0;
            let mut j = i + 1;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            while j < chars.len() {
                if chars[j] == '"' && (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && next == Some('\\') {
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            i += 3;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

pub(super) fn prev_is_ident(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// The text without its `#[cfg(test)]` items: tests may reach anywhere.
pub(super) fn without_tests(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        // The item ends at its `;` or at the brace that closes its block.
        let mut depth = 0usize;
        let mut end = after.len();
        for (i, c) in after.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}
