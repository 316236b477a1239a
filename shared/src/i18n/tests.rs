use super::*;
use std::collections::BTreeSet;

fn cat(src: &str) -> Catalogue {
    match Catalogue::parse(Language::En, src) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn messages_variables_and_literals() {
    let c = cat("# a comment\nhello = Hello, { $name }!\nbrace = { \"{\" }x{ \"}\" }\n");
    assert_eq!(
        c.format("hello", &[("name", "Ann".into())]).as_deref(),
        Some("Hello, Ann!")
    );
    assert_eq!(c.get("brace").as_deref(), Some("{x}"));
    assert_eq!(c.get("hello").as_deref(), Some("Hello, {$name}!"));
    assert_eq!(c.get("nothing"), None);
}

#[test]
fn plural_forms_choose_by_number() {
    let src =
        "cards = { $n ->\n    [0] no cards\n    [one] one card\n   *[other] { $n } cards\n}\n";
    let c = cat(src);
    let f = |n: u32| c.format("cards", &[("n", n.into())]);
    assert_eq!(f(0).as_deref(), Some("no cards"));
    assert_eq!(f(1).as_deref(), Some("one card"));
    assert_eq!(f(7).as_deref(), Some("7 cards"));
    assert_eq!(c.variables("cards"), BTreeSet::from(["n".to_string()]));
}

#[test]
fn words_select_and_fall_back_to_the_default() {
    let c = cat("role = { $r ->\n    [patient] Patient\n   *[other] Someone\n}\n");
    assert_eq!(
        c.format("role", &[("r", "patient".into())]).as_deref(),
        Some("Patient")
    );
    assert_eq!(
        c.format("role", &[("r", "x".into())]).as_deref(),
        Some("Someone")
    );
    assert_eq!(c.get("role").as_deref(), Some("Someone"));
}

#[test]
fn multiline_values_keep_their_line_breaks() {
    let c = cat("long =\n    First line\n    second line\n\nnext = x\n");
    assert_eq!(c.get("long").as_deref(), Some("First line\nsecond line"));
    assert_eq!(c.get("next").as_deref(), Some("x"));
}

#[test]
fn swedish_numbers_use_a_decimal_comma() {
    let c = Catalogue::parse(Language::Sv, "v = { $x }").ok();
    let v = c.and_then(|c| c.format("v", &[("x", 1.5.into())]));
    assert_eq!(v.as_deref(), Some("1,5"));
}

#[test]
fn broken_sources_are_refused_with_their_line() {
    let cases = [
        ("ok = fine\nnot a message\n", 2),
        ("a = { $n\n", 1),
        ("a = { $n ->\n    [one] x\n}\n", 3),
        ("a = x\na = y\n", 2),
        ("a = }\n", 1),
        ("a =\n", 1),
    ];
    for (src, line) in cases {
        match Catalogue::parse(Language::En, src) {
            Ok(_) => panic!("accepted: {src:?}"),
            Err(e) => assert_eq!(e.line, line, "{src:?}: {e}"),
        }
    }
}

#[test]
fn a_key_in_two_parts_is_refused() {
    let two = Catalogue::parse(Language::En, "a = x\n").and_then(|c| c.with("b = y\na = z\n"));
    assert!(two.is_err());
    let fine = Catalogue::parse(Language::En, "a = x\n").and_then(|c| c.with("b = y\n"));
    assert_eq!(fine.ok().and_then(|c| c.get("b")).as_deref(), Some("y"));
}

#[test]
fn languages_from_browser_tags() {
    assert_eq!(Language::preferred(["de-DE", "sv-SE", "en"]), Language::Sv);
    assert_eq!(Language::preferred(["fr"]), Language::En);
    assert_eq!(Language::from_code("EN_gb"), Some(Language::En));
    assert_eq!(Language::Sv.plural(1.0), Plural::One);
    assert_eq!(Language::Sv.plural(2.0), Plural::Other);
    assert_eq!(Language::En.plural(0.0), Plural::Other);
}

/// A language's whole catalogue: the participants' page's part, the
/// facilitator's and the exports' (no key in two).
fn catalogue(language: Language) -> Catalogue {
    let whole = Catalogue::parse(language, source(language))
        .and_then(|c| c.with(facilitator_source(language)))
        .and_then(|c| c.with(export_source(language)));
    match whole {
        Ok(c) => c,
        Err(e) => panic!("{}.ftl {e}", language.code()),
    }
}

#[test]
fn every_language_has_the_same_keys_and_variables() {
    let en = catalogue(Language::En);
    for language in Language::ALL {
        let other = catalogue(language);
        let a: BTreeSet<&str> = en.keys().collect();
        let b: BTreeSet<&str> = other.keys().collect();
        let missing: Vec<_> = a.difference(&b).collect();
        let extra: Vec<_> = b.difference(&a).collect();
        assert!(missing.is_empty(), "{} lacks {missing:?}", language.code());
        assert!(extra.is_empty(), "{} has extra {extra:?}", language.code());
        for key in &a {
            assert_eq!(
                en.variables(key),
                other.variables(key),
                "`{key}` takes other variables in {}",
                language.code()
            );
        }
    }
}

/// Comap's reader and the Fluent project's own (`fluent-bundle`) agree on
/// every message of every catalogue, with numbers and with words.
#[test]
fn the_reader_agrees_with_fluent_bundle() {
    use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
    for language in Language::ALL {
        let ours = catalogue(language);
        let whole = format!(
            "{}\n{}\n{}",
            source(language),
            facilitator_source(language),
            export_source(language)
        );
        let resource = match FluentResource::try_new(whole) {
            Ok(r) => r,
            Err((_, errors)) => panic!("{}.ftl: {errors:?}", language.code()),
        };
        let id = match language.code().parse() {
            Ok(id) => id,
            Err(e) => panic!("{e}"),
        };
        let mut bundle = FluentBundle::new(vec![id]);
        bundle.set_use_isolating(false);
        if let Err(e) = bundle.add_resource(resource) {
            panic!("{e:?}");
        }
        for key in ours.keys() {
            let names = ours.variables(key);
            let samples: Vec<Vec<(String, Arg)>> = [0.0, 1.0, 2.0, 21.0]
                .into_iter()
                .map(|n| names.iter().map(|v| (v.clone(), Arg::Number(n))).collect())
                .chain(std::iter::once(
                    names
                        .iter()
                        .map(|v| (v.clone(), Arg::Text("Åsa")))
                        .collect(),
                ))
                .collect();
            for sample in samples {
                let mut args = FluentArgs::new();
                for (name, value) in &sample {
                    match value {
                        Arg::Number(n) => args.set(name.clone(), FluentValue::from(*n)),
                        Arg::Text(t) => args.set(name.clone(), FluentValue::from(*t)),
                    }
                }
                let message = bundle.get_message(key).and_then(|m| m.value());
                let Some(pattern) = message else {
                    panic!("fluent-bundle has no value for `{key}`")
                };
                let mut errors = vec![];
                let theirs = bundle.format_pattern(pattern, Some(&args), &mut errors);
                let pairs: Vec<(&str, Arg)> = sample
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.clone()))
                    .collect();
                let mine = ours.format(key, &pairs).unwrap_or_default();
                assert_eq!(mine, theirs, "{}: `{key}` with {sample:?}", language.code());
            }
        }
    }
}

/// A template's lanes suggest the same kind of card in every language, and
/// every language has as many stages and lanes as English.
#[test]
fn templates_match_across_languages() {
    use crate::{CardKind, Template};
    for template in Template::ALL {
        let en_lanes = template.lane_names_in(Language::En);
        for language in Language::ALL {
            let lanes = template.lane_names_in(language);
            assert_eq!(lanes.len(), en_lanes.len(), "{template:?} {language:?}");
            let stages = template.stage_names_in(language).len();
            assert_eq!(
                stages,
                template.stage_names().len(),
                "{template:?} {language:?}"
            );
            for (en, other) in en_lanes.iter().zip(lanes) {
                assert_eq!(
                    CardKind::suggested_for_lane(en),
                    CardKind::suggested_for_lane(other),
                    "{en} / {other}"
                );
            }
        }
    }
}

/// The server's built-in catalogues read whole (they fall back to an empty
/// catalogue only if a part could not be read, which this would show).
#[test]
fn the_built_in_catalogues_hold_every_part() {
    for language in Language::ALL {
        let built = built_in(language);
        assert_eq!(
            built.keys().count(),
            catalogue(language).keys().count(),
            "{}",
            language.code()
        );
        assert!(built.has("csv-stage") && built.has("kind-idea") && built.has("create-map"));
    }
}
