use super::reading::{code_only, without_tests};
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
