//! What a room does with a sync message from an editor: apply it to a map,
//! check the new changes against the schema, roll back when refused, and read
//! the map. None of it may panic, and a rolled-back document is unchanged.
#![no_main]

use automerge::AutoCommit;
use automerge::sync::{self, SyncDoc};
use comap_shared::map_write::create_map;
use comap_shared::{SeededIds, Template, read_map, schema};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut doc = AutoCommit::new();
    if create_map(&mut doc, "Fuzz", Template::PatientJourney, &mut SeededIds::new(1)).is_err() {
        return;
    }
    let Ok(msg) = sync::Message::decode(data) else {
        return;
    };
    let before = doc.get_heads();
    let mut state = sync::State::new();
    if doc.sync().receive_sync_message(&mut state, msg).is_err() {
        return;
    }
    let applied = doc.get_changes(&before);
    if schema::check_changes(&doc, &applied).is_err() {
        let Ok(rolled_back) = doc.fork_at(&before) else {
            panic!("rolling back to known heads failed");
        };
        doc = rolled_back;
        assert_eq!(doc.get_heads(), before);
    }
    let _ = read_map(&doc);
});
