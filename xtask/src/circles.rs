//! `cargo xtask circles`: no module imports one that imports it.
//!
//! Every `.rs` file of a crate is a module (`lib.rs`/`main.rs` the root,
//! `a.rs` or `a/mod.rs` the module `a`, `a/b.rs` its child `b`). A file that
//! names `crate::x…` or `super::x…` outside its tests depends on `x`. Among
//! the children of one module (the files of one folder), dependencies must
//! form no circle, where a child stands for its whole subtree. A child may
//! use its parent (`super::Room`) and the parent its children: that is how a
//! type's methods are spread over the files of its folder.

use anyhow::{Context, Result, bail};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The source folders whose modules are checked.
pub const CRATES: [&str; 7] = [
    "server/src",
    "client/src",
    "shared/src",
    "tests/src",
    "bench/src",
    "fuzz/src",
    "xtask/src",
];

type ModPath = Vec<String>;

/// Checks every crate, printing each circle found; fails if there is one.
pub fn check(root: &Path) -> Result<()> {
    let mut found = Vec::new();
    for dir in CRATES {
        let src = root.join(dir);
        if !src.is_dir() {
            continue;
        }
        let files = read_modules(&src)?;
        for circle in circles(&files) {
            found.push(format!("{dir}: {}", circle.join(" → ")));
        }
    }
    if found.is_empty() {
        eprintln!("cargo xtask circles: no import circles");
        return Ok(());
    }
    for line in &found {
        eprintln!("import circle in {line}");
    }
    bail!("{} import circle(s)", found.len())
}

fn read_modules(src: &Path) -> Result<BTreeMap<ModPath, String>> {
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
                // Binaries under `src/bin/` are crates of their own.
                if module.first().is_some_and(|m| m == "bin") {
                    continue;
                }
                let text = std::fs::read_to_string(&path)?;
                files.insert(module, without_tests(&code_only(&text)));
            }
        }
    }
    Ok(files)
}

/// The circles among the children of every module, each as the names of
/// the modules on it (parent path first).
pub fn circles(files: &BTreeMap<ModPath, String>) -> Vec<Vec<String>> {
    let mut deps: BTreeMap<&ModPath, BTreeSet<ModPath>> = BTreeMap::new();
    for (module, text) in files {
        let known = references(module, text)
            .into_iter()
            .filter_map(|path| {
                (1..=path.len())
                    .rev()
                    .map(|n| path[..n].to_vec())
                    .find(|m| files.contains_key(m))
            })
            .collect();
        deps.insert(module, known);
    }
    let parents: BTreeSet<ModPath> = files
        .keys()
        .filter(|m| !m.is_empty())
        .map(|m| m[..m.len() - 1].to_vec())
        .collect();
    let mut out = Vec::new();
    for parent in parents {
        let depth = parent.len();
        let under = |m: &ModPath| m.len() > depth && m[..depth] == parent[..];
        let children: BTreeSet<&String> = files
            .keys()
            .filter(|m| under(m))
            .map(|m| &m[depth])
            .collect();
        let mut graph: BTreeMap<&String, BTreeSet<&String>> =
            children.iter().map(|c| (*c, BTreeSet::new())).collect();
        for (module, targets) in &deps {
            if !under(module) {
                continue;
            }
            let from = &module[depth];
            for target in targets {
                if under(target)
                    && &target[depth] != from
                    && children.contains(&target[depth])
                    && let Some(edges) = graph.get_mut(from)
                {
                    edges.insert(&target[depth]);
                }
            }
        }
        for cycle in cycles(&graph) {
            let mut named: Vec<String> = Vec::new();
            let prefix = if parent.is_empty() {
                String::new()
            } else {
                format!("{}/", parent.join("/"))
            };
            for m in cycle {
                named.push(format!("{prefix}{m}"));
            }
            out.push(named);
        }
    }
    out
}

/// One circle through each strongly connected group of more than one
/// module, as a path that returns to its start.
fn cycles<'a>(graph: &BTreeMap<&'a String, BTreeSet<&'a String>>) -> Vec<Vec<&'a String>> {
    let mut out = Vec::new();
    let mut seen: BTreeSet<&String> = BTreeSet::new();
    for &start in graph.keys() {
        if seen.contains(start) {
            continue;
        }
        // The shortest way back to `start`, if there is one (breadth first).
        let mut back: BTreeMap<&String, &String> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        let mut closed = None;
        while let Some(at) = queue.pop_front() {
            for &next in &graph[at] {
                if next == start {
                    closed = Some(at);
                    break;
                }
                if !back.contains_key(next) {
                    back.insert(next, at);
                    queue.push_back(next);
                }
            }
            if closed.is_some() {
                break;
            }
        }
        if let Some(mut at) = closed {
            let mut path = vec![start];
            let mut rev = vec![at];
            while at != start {
                match back.get(at) {
                    Some(&prev) if prev != start => {
                        rev.push(prev);
                        at = prev;
                    }
                    _ => break,
                }
            }
            rev.reverse();
            path.extend(rev);
            path.push(start);
            seen.extend(path.iter().copied());
            out.push(path);
        }
    }
    out
}

/// The modules a file's code names through `crate::` or `super::`.
fn references(module: &ModPath, text: &str) -> BTreeSet<ModPath> {
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
fn paths(rest: &str) -> Vec<ModPath> {
    let mut out = Vec::new();
    parse_path(rest, Vec::new(), &mut out);
    out
}

/// Parses one path (or group) at the start of `rest`, after `prefix`, and
/// returns how many bytes it took.
fn parse_path(rest: &str, prefix: ModPath, out: &mut Vec<ModPath>) -> usize {
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

fn ident_at(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The text with comments, string and character literals blanked out.
fn code_only(text: &str) -> String {
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

fn prev_is_ident(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// The text without its `#[cfg(test)]` items: tests may reach anywhere.
fn without_tests(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> BTreeMap<ModPath, String> {
        list.iter()
            .map(|(path, text)| {
                let module = if path.is_empty() {
                    Vec::new()
                } else {
                    path.split('/').map(String::from).collect()
                };
                (module, without_tests(&code_only(text)))
            })
            .collect()
    }

    #[test]
    fn a_circle_between_siblings_is_found_and_named() {
        let found = circles(&files(&[
            ("", "mod a; mod b; mod c;"),
            ("a", "use crate::b::Thing;"),
            ("b", "fn f() { crate::c::g() }"),
            ("c", "use crate::{x, a::Other};"),
        ]));
        assert_eq!(found, vec![vec!["a", "b", "c", "a"]]);
    }

    #[test]
    fn parents_and_children_may_use_each_other_but_siblings_inside_may_not() {
        let found = circles(&files(&[
            ("", "mod rooms;"),
            ("rooms", "mod room; mod registry; use room::Room;"),
            (
                "rooms/room",
                "use super::registry::Registry; use super::Shared;",
            ),
            ("rooms/registry", "use crate::rooms::room::Room;"),
        ]));
        assert_eq!(
            found,
            vec![vec!["rooms/registry", "rooms/room", "rooms/registry"]]
        );
    }

    #[test]
    fn a_subtree_counts_as_its_top_module() {
        let found = circles(&files(&[
            ("storage", ""),
            ("storage/store", "use crate::rooms::Handle;"),
            ("rooms", ""),
            ("rooms/room", "use crate::storage::store::Store;"),
        ]));
        assert_eq!(found, vec![vec!["rooms", "storage", "rooms"]]);
    }

    #[test]
    fn comments_strings_and_tests_are_not_imports() {
        let found = circles(&files(&[
            (
                "a",
                "// crate::b\n/* crate::b */ const S: &str = \"crate::b\"; const R: &str = r#\"crate::b\"#; const Q: char = '\"'; fn f<'x>() {}",
            ),
            (
                "b",
                "use crate::a::A;\n#[cfg(test)]\nmod tests { use crate::a::X; }",
            ),
            ("c", "#[cfg(test)] use crate::d::D;"),
            ("d", "use crate::c::C;"),
        ]));
        assert!(found.is_empty(), "{found:?}");
    }
}
