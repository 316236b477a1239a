//! The CSV, JSON and text exports of a map.

mod common;
use automerge::AutoCommit;
use comap_shared::csv::Separator;
use comap_shared::export::{self, CSV_HEADER, ExportedMap, Format, JSON_SCHEMA, JSON_VERSION};
use comap_shared::i18n::{Catalogue, Language, built_in};
use comap_shared::map_write::create_map;
use comap_shared::structure::Axis;
use comap_shared::{
    CardId, CardKind, Command, Feeling, Role, SeededIds, Template, read_map, voting,
};
use common::author;

/// The exports' words in English.
fn en() -> &'static Catalogue {
    built_in(Language::En)
}

/// Texts a CSV writer must quote or guard.
const AWKWARD: [&str; 5] = [
    "Waited, then waited more",
    "She said \"come back Monday\"",
    "Letter lost\nsecond line",
    "=HYPERLINK(\"http://x\")",
    "-2 hours late",
];

struct Made {
    doc: AutoCommit,
    ids: SeededIds,
    cards: Vec<CardId>,
    ballots: voting::BallotBox,
}

fn run(made: &mut Made, cmd: Command, role: Role) -> Option<CardId> {
    cmd.apply(&mut made.doc, &author("Pat", role), &mut made.ids)
        .expect("command")
}

/// A map with awkward texts in several stages and lanes, a feeling, an
/// arrow, an unsorted card and a voting round (votes not revealed).
fn sample() -> Made {
    let mut doc = AutoCommit::new();
    let mut ids = SeededIds::new(5);
    create_map(
        &mut doc,
        "Hip, knee & \"more\"",
        Template::PatientJourney,
        &mut ids,
    )
    .expect("create");
    let mut made = Made {
        doc,
        ids,
        cards: Vec::new(),
        ballots: voting::BallotBox::default(),
    };
    let view = read_map(&made.doc).expect("read");
    let kinds = [
        CardKind::PainPoint,
        CardKind::Idea,
        CardKind::Step,
        CardKind::Feeling,
        CardKind::Idea,
    ];
    for (i, text) in AWKWARD.iter().enumerate() {
        let id = run(
            &mut made,
            Command::AddCard {
                stage: view.stages[i % view.stages.len()].id.clone(),
                lane: view.lanes[i % view.lanes.len()].id.clone(),
                kind: kinds[i],
                text: (*text).to_string(),
            },
            Role::ALL[(i + 1) % 4],
        )
        .expect("card id");
        made.cards.push(id);
    }
    let cards = made.cards.clone();
    run(
        &mut made,
        Command::SetFeeling {
            card: cards[3].clone(),
            feeling: Some(Feeling {
                emotion: -2,
                word: "scared".into(),
            }),
        },
        Role::Patient,
    );
    run(
        &mut made,
        Command::Connect {
            from: cards[0].clone(),
            to: cards[1].clone(),
            label: "leads to".into(),
        },
        Role::Carer,
    );
    // The last card's stage goes: the card is kept as unsorted.
    let stage_of_last = view.stages[4 % view.stages.len()].id.to_string();
    run(
        &mut made,
        Command::Remove {
            axis: Axis::Stages,
            id: stage_of_last,
        },
        Role::Professional,
    );
    // The server runs the round and holds the ballots: two votes on one card.
    let round = voting::start(&mut made.doc, 3, &mut made.ids).expect("starts");
    made.doc.commit();
    let mut ballots = voting::BallotBox::new(round, 3);
    for _ in 0..2 {
        ballots
            .vote("voter-1", &made.cards[1], Some(CardKind::Idea), true)
            .expect("votes");
    }
    made.ballots = ballots;
    made
}

/// Undoes the CSV writer's guard against spreadsheet formulas.
fn unguard(field: &str) -> &str {
    match field.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => field,
    }
}

#[test]
fn csv_has_every_card_once_and_reads_back_exactly() {
    let made = sample();
    let view = read_map(&made.doc).expect("read");
    assert_eq!(view.unsorted.len(), 1, "the sample has one unsorted card");
    let csv = export::to_csv(&view, en(), Separator::default());
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, CSV_HEADER.map(|k| en().t(k)));
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("rows");
    let all: Vec<_> = view.cards.iter().chain(view.unsorted.iter()).collect();
    assert_eq!(rows.len(), all.len());
    for (row, card) in rows.iter().zip(&all) {
        assert_eq!(unguard(&row[3]), card.text, "text of {}", card.id);
        assert_eq!(&row[2], en().t(card.kind.name_key()));
        assert_eq!(&row[4], en().t(card.role.name_key()));
        let stage = view.stages.iter().find(|s| s.id == card.stage);
        assert_eq!(unguard(&row[0]), stage.map_or("", |s| s.name.as_str()));
        let lane = view.lanes.iter().find(|l| l.id == card.lane).expect("lane");
        assert_eq!(unguard(&row[1]), lane.name);
        match &card.feeling {
            Some(f) => {
                assert_eq!(&row[5], f.emotion.to_string());
                assert_eq!(&row[6], f.word);
            }
            None => assert_eq!(&row[5], ""),
        }
        // Votes are hidden until revealed.
        assert_eq!(&row[7], "");
    }
    // A formula-looking text is kept as text in spreadsheets.
    assert!(csv.contains("'=HYPERLINK"));
    assert!(csv.contains("'-2 hours late"));
}

#[test]
fn revealed_votes_appear_in_csv_json_and_text() {
    let mut made = sample();
    let hidden = read_map(&made.doc).expect("read");
    assert!(
        export::exported(&hidden)
            .cards
            .iter()
            .all(|c| c.votes.is_none())
    );
    assert!(
        comap_shared::summary::summary(&hidden, en()).contains("the counts are not revealed yet")
    );
    voting::set_revealed(&mut made.doc, true, &made.ballots.totals()).expect("reveals");
    made.doc.commit();
    let view = read_map(&made.doc).expect("read");
    let voted = made.cards[1].to_string();
    let json = export::exported(&view);
    let card = json
        .cards
        .iter()
        .find(|c| c.id == voted)
        .expect("voted card");
    assert_eq!(card.votes, Some(2));
    assert!(
        json.cards
            .iter()
            .filter(|c| c.id != voted)
            .all(|c| c.votes == Some(0))
    );
    let csv = export::to_csv(&view, en(), Separator::default());
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let counts: Vec<String> = reader
        .records()
        .map(|r| r.expect("row")[7].to_string())
        .collect();
    assert_eq!(counts.iter().filter(|c| *c == "2").count(), 1);
    assert_eq!(
        counts.iter().filter(|c| *c == "0").count(),
        counts.len() - 1
    );
    let summary = comap_shared::summary::summary(&view, en());
    assert!(summary.contains(&format!("- 2 votes: {}", AWKWARD[1])));
    // People read the summary: no internal ids in it (the round's once was).
    let round = view
        .voting
        .as_ref()
        .map(|v| v.round.clone())
        .unwrap_or_default();
    assert!(!round.is_empty() && !summary.contains(&round), "{summary}");
    for card in &view.cards {
        assert!(!summary.contains(card.id.as_str()), "{summary}");
    }
}

#[test]
fn json_is_versioned_and_round_trips_the_whole_map() {
    let made = sample();
    let view = read_map(&made.doc).expect("read");
    let text = export::to_json(&view);
    let back: ExportedMap = serde_json::from_str(&text).expect("parse");
    assert_eq!(back, export::exported(&view));
    assert_eq!(back.schema, JSON_SCHEMA);
    assert_eq!(back.version, JSON_VERSION);
    assert_eq!(back.title, view.title);
    assert_eq!(back.stages.len(), view.stages.len());
    assert_eq!(back.cards.len(), view.cards.len() + view.unsorted.len());
    for card in view.cards.iter().chain(view.unsorted.iter()) {
        let out = back
            .cards
            .iter()
            .find(|c| c.id == card.id.to_string())
            .expect("card in JSON");
        assert_eq!(out.text, card.text);
        assert_eq!(out.kind, card.kind.key());
        assert_eq!(out.author_role, card.role.key());
        assert_eq!(out.unsorted, view.unsorted.contains(card));
    }
    let feeling = back
        .cards
        .iter()
        .find(|c| c.emotion.is_some())
        .expect("feeling");
    assert_eq!(
        (feeling.emotion, feeling.emotion_word.as_deref()),
        (Some(-2), Some("scared"))
    );
    assert_eq!(back.arrows.len(), 1);
    assert_eq!(back.arrows[0].label, "leads to");
    // Names stay out of exports; the author's role is there.
    assert!(!text.contains("\"Pat\""));
}

#[test]
fn text_summary_names_every_stage_card_arrow_and_feeling() {
    let made = sample();
    let view = read_map(&made.doc).expect("read");
    let text = comap_shared::summary::summary(&view, en());
    assert!(text.starts_with("Hip, knee & \"more\"\n"));
    assert!(text.contains(&format!(
        "with {} stages, {} lanes and 5 cards",
        view.stages.len(),
        view.lanes.len()
    )));
    for stage in &view.stages {
        assert!(text.contains(&stage.name), "stage {}", stage.name);
    }
    for card in view.cards.iter().chain(view.unsorted.iter()) {
        assert!(text.contains(card.text.trim()), "card {:?}", card.text);
    }
    assert!(text.contains("Not in a stage or lane any more:"));
    assert!(text.contains("(felt very bad, \u{201c}scared\u{201d})"));
    assert!(text.contains(&format!(
        "{} \u{2192} {} (leads to)",
        AWKWARD[0], AWKWARD[1]
    )));
    assert!(text.contains("How it felt, stage by stage"));
}

#[test]
fn formats_have_names_types_and_safe_file_names() {
    for f in Format::ALL {
        assert_eq!(Format::from_key(f.key()), Some(f));
    }
    assert_eq!(Format::from_key("exe"), None);
    // Titles stay readable; what file systems refuse goes.
    assert_eq!(
        Format::Csv.file_name("Hip / knee: v2"),
        "Hip - knee - v2.csv"
    );
    assert_eq!(
        Format::Pdf.file_name("Knee pain: from first GP visit to recovery"),
        "Knee pain - from first GP visit to recovery.pdf"
    );
    assert_eq!(
        Format::Png.file_name("Vård för \"knä\" (2027), Malmö"),
        "Vård för 'knä' (2027), Malmö.png"
    );
    assert_eq!(Format::Json.file_name("???"), "map.json");
    assert_eq!(Format::Text.file_name("  "), "map.txt");
    assert_eq!(Format::Text.file_name("con"), "map con.txt");
    assert_eq!(Format::Csv.file_name("a\u{202e}vsc.exe"), "avsc.exe.csv");
    assert_eq!(Format::Csv.file_name("...notes..."), "notes.csv");
}

/// A map made in Swedish exports its own words in Swedish, and in English
/// when asked; people's words are never translated.
#[test]
fn a_swedish_map_exports_in_swedish() {
    let mut doc = AutoCommit::new();
    let mut ids = SeededIds::new(8);
    comap_shared::map_write::create_map_in(
        &mut doc,
        "Höftprotes",
        Template::PatientJourney,
        Language::Sv,
        &mut ids,
    )
    .expect("create");
    let view = read_map(&doc).expect("read");
    assert_eq!(view.language, Language::Sv, "the map keeps its language");
    let card = Command::AddCard {
        stage: view.stages[0].id.clone(),
        lane: view.lanes[0].id.clone(),
        kind: CardKind::PainPoint,
        text: "Väntade i åtta veckor; ringde två gånger".into(),
    }
    .apply(&mut doc, &author("Åsa", Role::Carer), &mut ids)
    .expect("adds")
    .expect("an id");
    Command::SetFeeling {
        card,
        feeling: Some(Feeling {
            emotion: -1,
            word: "orolig".into(),
        }),
    }
    .apply(&mut doc, &author("Åsa", Role::Carer), &mut ids)
    .expect("feels");
    let view = read_map(&doc).expect("read");
    let sv = built_in(view.language);
    let semicolon = Separator::parse(";").expect("a separator");
    let csv = export::to_csv(&view, sv, semicolon);
    assert!(
        csv.starts_with(
            "\u{feff}Skede;Rad;Typ;Text;Författarens roll;Känsla;Ord för känslan;Röster;Rum\r\n"
        ),
        "{csv}"
    );
    let row = csv.lines().nth(1).expect("a card's row");
    assert!(
        row.contains(";Problem;\"Väntade i åtta veckor; ringde två gånger\";Närstående;-1;orolig;"),
        "{row}"
    );
    let summary = comap_shared::summary::summary(&view, sv);
    assert!(
        summary.contains("En karta över en vårdresa med "),
        "{summary}"
    );
    assert!(
        summary.contains("(kändes dåligt, \u{201d}orolig\u{201d}) \u{2014} Närstående"),
        "{summary}"
    );
    assert!(
        summary.contains("patienter och närstående \u{2212}1,0 från 1 känsla"),
        "{summary}"
    );
    // Asked for English, the same map's headings and names are English;
    // its stage names and cards stay as they were written.
    let csv = export::to_csv(&view, en(), Separator::default());
    assert!(
        csv.starts_with("\u{feff}Stage,Lane,Kind,Text,Author role"),
        "{csv}"
    );
    assert!(csv.contains(&view.stages[0].name) && csv.contains(",Family or carer,"));
}
