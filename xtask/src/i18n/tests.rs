use super::scan::{catalogue_messages, keys_in};

fn keys_in_line(line: &str) -> Vec<String> {
    keys_in(line).into_iter().map(|(k, _)| k).collect()
}

#[test]
fn keys_and_variables_of_a_catalogue() {
    let src = "# comment\nhello = Hi { $name }\ncount = { $n ->\n    [one] one { $what }\n   *[other] many\n}\nplain = x\n";
    let found = catalogue_messages(src);
    let keys: Vec<&String> = found.keys().collect();
    assert_eq!(keys, ["count", "hello", "plain"]);
    let vars: Vec<&String> = found["count"].iter().collect();
    assert_eq!(vars, ["n", "what"]);
    assert!(found["plain"].is_empty());
}

#[test]
fn lookups_are_found_and_other_calls_are_not() {
    let sorted = |line: &str| {
        let mut keys = keys_in_line(line);
        keys.sort();
        keys
    };
    assert_eq!(
        sorted(r#"{tr("add-card")} t("x-y") crate::t!("person", name = n)"#),
        ["add-card", "person", "x-y"]
    );
    assert_eq!(
        sorted(r#"key("role-patient") words.t("csv-kind")"#),
        ["csv-kind", "role-patient"]
    );
    assert!(keys_in_line(r#"format!("a") split("b") set("c") part("d") Text("Ann")"#).is_empty());
    assert!(keys_in_line(r#"t("Not a key")"#).is_empty());
    assert_eq!(keys_in_line("t!(\n    \"curve-words\",\n"), ["curve-words"]);
}
