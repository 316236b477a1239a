use super::*;
use crate::i18n::built_in;

fn request(rooms: u32, names: &[&str]) -> CreateWorkshop {
    CreateWorkshop {
        title: " Knee course ".into(),
        template: None,
        rooms,
        language: crate::i18n::Language::En,
        room_names: names.iter().map(|n| n.to_string()).collect(),
        plenary: true,
        expiry_days: None,
    }
}

#[test]
fn requests_are_checked_with_clear_reasons() {
    let (title, names) = request(3, &[]).checked().expect("valid");
    assert_eq!(title, "Knee course");
    assert_eq!(names, ["Room 1", "Room 2", "Room 3"]);
    let (_, names) = request(2, &[" Red ", "Blue"]).checked().expect("valid");
    assert_eq!(names, ["Red", "Blue"]);
    assert_eq!(request(0, &[]).checked(), Err(WorkshopError::Rooms(0)));
    assert_eq!(request(51, &[]).checked(), Err(WorkshopError::Rooms(51)));
    assert_eq!(
        request(2, &["Red"]).checked(),
        Err(WorkshopError::NameCount { given: 1, rooms: 2 })
    );
    assert_eq!(
        request(2, &["Red", " "]).checked(),
        Err(WorkshopError::EmptyName(2))
    );
    assert_eq!(
        request(2, &["Red", "red"]).checked(),
        Err(WorkshopError::SameName("red".into()))
    );
    let mut long = request(1, &[]);
    long.title = "x".repeat(121);
    assert_eq!(long.checked(), Err(WorkshopError::LongTitle(121)));
    let mut days = request(1, &[]);
    assert_eq!(days.days(30), Ok(30));
    assert_eq!(days.days(7), Ok(7));
    days.expiry_days = Some(45);
    assert_eq!(
        days.days(30),
        Err(WorkshopError::Expiry { asked: 45, max: 30 })
    );
}

#[test]
fn codes_are_read_forgivingly_and_only_from_the_alphabet() {
    assert_eq!(normalise_code("k7m-qtx"), None, "7 is not in the alphabet");
    assert_eq!(normalise_code(" kcm qtx "), Some("KCMQTX".into()));
    assert_eq!(normalise_code("KCM-QTX"), Some("KCMQTX".into()));
    assert_eq!(normalise_code("KCMQT"), None);
    assert_eq!(normalise_code("KCMQTXA"), None);
    assert_eq!(normalise_code("OOOOOO"), None);
    assert_eq!(spaced_code("KCMQTX"), "KCM QTX");
    for ambiguous in b"0O1IL2Z5S8BUV" {
        assert!(!CODE_ALPHABET.contains(ambiguous));
    }
}

#[test]
fn the_last_activity_is_the_newest_card_or_change() {
    let mut a = RoomActivity {
        quiet_ms: Some(90_000),
        ..RoomActivity::default()
    };
    a.noting_change(None, 100_000);
    assert_eq!(a.quiet_ms, Some(90_000));
    a.noting_change(Some(95_000), 100_000);
    assert_eq!(a.quiet_ms, Some(5_000), "a later change counts");
    a.noting_change(Some(1_000), 100_000);
    assert_eq!(a.quiet_ms, Some(5_000), "an earlier one does not");
    let mut none = RoomActivity::default();
    none.noting_change(Some(120_000), 100_000);
    assert_eq!(none.quiet_ms, Some(0), "a clock ahead is now");
}

#[test]
fn people_are_summed_up_by_role() {
    let people = [
        RoleCount {
            role: Role::Patient,
            count: 2,
        },
        RoleCount {
            role: Role::Carer,
            count: 1,
        },
        RoleCount {
            role: Role::Professional,
            count: 3,
        },
    ];
    let (en, sv) = (built_in(Language::En), built_in(Language::Sv));
    let english = |k: &str, a: &[(&str, Arg)]| en.tf(k, a);
    let swedish = |k: &str, a: &[(&str, Arg)]| sv.tf(k, a);
    assert_eq!(
        people_summary(&people, english),
        "2 patients, 1 carer, 3 professionals"
    );
    assert_eq!(people_summary(&[], english), "Nobody here");
    assert_eq!(
        people_summary(&people, swedish),
        "2 patienter, 1 närstående, 3 ur vårdpersonalen"
    );
}
