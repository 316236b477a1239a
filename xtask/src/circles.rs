//! `cargo xtask circles`: no module imports one that imports it.
//!
//! Every `.rs` file of a crate is a module (`lib.rs`/`main.rs` the root,
//! `a.rs` or `a/mod.rs` the module `a`, `a/b.rs` its child `b`). A file that
//! names `crate::x…` or `super::x…` outside its tests depends on `x`. Among
//! the children of one module (the files of one folder), dependencies must
//! form no circle, where a child stands for its whole subtree. A child may
//! use its parent (`super::Room`) and the parent its children: that is how a
//! type's methods are spread over the files of its folder.

use anyhow::{Result, bail};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod reading;

use reading::{read_modules, references};

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

#[cfg(test)]
mod tests;
