use super::*;

#[test]
fn frames_round_trip() {
    let hello = ClientFrame::Hello(Hello {
        version: PROTOCOL_VERSION,
        map: "m1".into(),
        secret: "s".into(),
        name: "Ann".into(),
        role: Role::Carer,
        features: vec![FEATURE_CHANGES.into()],
        voter: Some("v-1".into()),
    });
    assert_eq!(ClientFrame::decode(&hello.encode()), Ok(hello));
    let sync = ServerFrame::Sync(vec![1, 2, 3]);
    assert_eq!(ServerFrame::decode(&sync.encode()), Ok(sync));
    let document = ServerFrame::Document(vec![0x85, 0x6f, 0x4a, 0x83]);
    assert_eq!(document.encode()[0], tag::DOCUMENT);
    assert_eq!(ServerFrame::decode(&document.encode()), Ok(document));
    let view = ServerFrame::View(vec![7, 8]);
    assert_eq!(view.encode()[0], tag::VIEW);
    assert_eq!(ServerFrame::decode(&view.encode()), Ok(view));
    let err = ServerFrame::error(ErrorCode::AccessDenied, "no");
    assert_eq!(ServerFrame::decode(&err.encode()), Ok(err));
    let point = Point { x: 1.5, y: -2.0 };
    let presence = Presence {
        pointer: Some(point),
        editing: Some("c1".into()),
        ..Presence::default()
    };
    for frame in [
        ClientFrame::Presence(presence.clone()),
        ClientFrame::Summon(point),
        ClientFrame::Voting(crate::voting::VotingRequest::Vote {
            card: crate::CardId::from_key("c1"),
        }),
        ClientFrame::Voting(crate::voting::VotingRequest::Start { budget: 3 }),
    ] {
        assert_eq!(ClientFrame::decode(&frame.encode()), Ok(frame));
    }
    for frame in [
        ServerFrame::Presence(PresenceUpdate {
            updates: vec![crate::presence::PeerPresence { peer: 2, presence }],
        }),
        ServerFrame::Summon(Summon {
            from: 1,
            view: point,
        }),
        ServerFrame::Notice(Notice {
            text: "10 minutes left".into(),
            sent_ms: 1_767_225_600_000,
        }),
        ServerFrame::Room(RoomStatus {
            locked: true,
            timer: Some(crate::timer::TimerShown {
                left_ms: 90_000,
                running: false,
            }),
            reflection: Some(crate::reflection::Reflection {
                questions: vec!["What surprised you?".into()],
                anonymous: true,
            }),
            actions: vec![crate::workshop_actions::Action {
                id: 3,
                what: "Call back within a day".into(),
                who: "Reception team".into(),
                by: "2027-03-31".into(),
                card: None,
                created_ms: 1,
            }],
        }),
        ServerFrame::Room(RoomStatus::default()),
        ServerFrame::Ballot(crate::voting::BallotNews {
            round: "v1".into(),
            votes: [(crate::CardId::from_key("c1"), 2)].into(),
            voters: 4,
        }),
    ] {
        assert_eq!(ServerFrame::decode(&frame.encode()), Ok(frame));
    }
    for code in [
        ErrorCode::RoomFull,
        ErrorCode::FrameTooLarge,
        ErrorCode::BadSync,
        ErrorCode::InvalidChange,
        ErrorCode::MapTooLarge,
        ErrorCode::Deleted,
        ErrorCode::ServerRestarting,
        ErrorCode::ServerBusy,
        ErrorCode::TooManyConnections,
        ErrorCode::NotAllowed,
        ErrorCode::VoteRefused,
    ] {
        let json = serde_json::to_string(&code).expect("json");
        assert_eq!(json, format!("\"{}\"", code.as_str()));
    }
}

#[test]
fn bad_frames_are_typed_errors() {
    assert_eq!(ClientFrame::decode(&[]), Err(FrameError::Empty));
    assert_eq!(
        ClientFrame::decode(&[0x55]),
        Err(FrameError::UnknownType(0x55))
    );
    assert!(matches!(
        ClientFrame::decode(&[tag::HELLO, b'{']),
        Err(FrameError::BadPayload(_))
    ));
    let hello_json = br#"{"version":1,"map":"m","secret":"s","name":"A","role":"patient"}"#;
    let mut frame = vec![tag::HELLO];
    frame.extend_from_slice(hello_json);
    assert!(matches!(
        ClientFrame::decode(&frame),
        Ok(ClientFrame::Hello(_))
    ));
}

fn hello_frame(version: u32, map: &str, name: &str) -> Vec<u8> {
    ClientFrame::Hello(Hello {
        version,
        map: map.into(),
        secret: "s".into(),
        name: name.into(),
        role: Role::Patient,
        features: Vec::new(),
        voter: None,
    })
    .encode()
}

#[test]
fn hellos_are_checked_before_any_lookup() {
    let ok = read_hello(&hello_frame(PROTOCOL_VERSION, "abc_D-1", "  Ann  ")).expect("ok");
    assert_eq!(ok.name, "Ann");
    let cases = [
        (vec![tag::SYNC, 1, 2], HelloError::NotHello),
        (vec![], HelloError::NotHello),
        (hello_frame(99, "m", "Ann"), HelloError::Version),
        (hello_frame(PROTOCOL_VERSION, "m", "   "), HelloError::Name),
        (
            hello_frame(PROTOCOL_VERSION, "m", &"x".repeat(MAX_NAME_CHARS + 1)),
            HelloError::Name,
        ),
        (
            hello_frame(PROTOCOL_VERSION, "../etc", "Ann"),
            HelloError::MapId,
        ),
        (hello_frame(PROTOCOL_VERSION, "", "Ann"), HelloError::MapId),
    ];
    for (frame, expected) in cases {
        assert_eq!(read_hello(&frame), Err(expected));
    }
    assert_eq!(HelloError::MapId.code(), ErrorCode::AccessDenied);
}

#[test]
fn chunks_are_told_apart_by_type() {
    let mut doc = automerge::AutoCommit::new();
    crate::map_write::create_map(
        &mut doc,
        "C",
        crate::Template::Blank,
        &mut crate::SeededIds::new(1),
    )
    .expect("map");
    let change = doc.get_changes(&[])[0].raw_bytes().to_vec();
    assert!(is_change_chunk(&change));
    let mut bundle = change.clone();
    bundle[8] = 3;
    assert!(!is_change_chunk(&bundle));
    assert!(
        !is_change_chunk(&doc.save()),
        "a whole document is not a change"
    );
    assert!(!is_change_chunk(&change[..8]));
    assert!(!is_change_chunk(b"not automerge at all"));
}
