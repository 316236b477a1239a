//! What a room does with a sync message from an editor: apply it to a map,
//! check the new changes against the schema and authorship, roll back when
//! refused, sign cards made in another name, and read the map. Our code never
//! panics; when Automerge does, the room reloads the map, modelled here by
//! starting again from the base (see `guard.rs`).
#![no_main]

#[path = "guard.rs"]
mod guard;

use automerge::sync;
use automerge::{ActorId, AutoCommit};
use comap_shared::map_write::create_map;
use comap_shared::{SeededIds, Template, read_map, schema};
use comap_shared::{authorship, sync_intake};
use libfuzzer_sys::fuzz_target;

/// The same map as the seeds were made against (fixed actor and ids), so the
/// seeds' changes apply.
fn base() -> AutoCommit {
    let mut doc = AutoCommit::new().with_actor(ActorId::from(b"fuzz-base".as_slice()));
    if let Err(e) = create_map(
        &mut doc,
        "Fuzz",
        Template::PatientJourney,
        &mut SeededIds::new(1),
    ) {
        panic!("the base map must build: {e}");
    }
    doc
}

fuzz_target!(|data: &[u8]| {
    let mut doc = base();
    let before = doc.get_heads();
    let Some(Ok(msg)) = guard::automerge(|| sync::Message::decode(data)) else {
        return;
    };
    // The room takes only changes, within limits, parsed by its intake.
    let Some(Ok(incoming)) = guard::automerge(|| sync_intake::take(&msg)) else {
        return;
    };
    let parsed: Vec<automerge::Change> = incoming.into_iter().map(|c| c.change).collect();
    let mut state = sync::State::new();
    let applied = guard::automerge(|| {
        let received =
            comap_shared::sync_receive::receive_parsed(&mut doc, &mut state, msg, parsed);
        received.map(|()| doc.get_changes(&before))
    });
    let Some(Ok(applied)) = applied else {
        return;
    };
    let checked = guard::automerge(|| schema::check_changes(&doc, &applied));
    match checked {
        Some(Ok(())) => {
            // What the room then holds the changes to: who signed and deleted.
            let editor = authorship::Editor {
                name: "Fuzz",
                role: comap_shared::Role::Other,
            };
            let signed = guard::automerge(|| {
                let mut places = schema::Places::default();
                authorship::check(&doc, &applied, &mut places, &editor, |_| None)
            });
            if let Some(Ok(found)) = signed
                && !found.misattributed.is_empty()
            {
                let _ =
                    guard::automerge(|| authorship::sign(&mut doc, &found.misattributed, &editor));
            }
        }
        Some(Err(_)) => {
            let rolled_back = guard::automerge(|| doc.fork_at(&before));
            let Some(Ok(rolled_back)) = rolled_back else {
                return;
            };
            assert_eq!(
                rolled_back.clone().get_heads(),
                before,
                "rollback kept a refused change"
            );
            doc = rolled_back;
        }
        None => return,
    }
    let _ = guard::automerge(|| read_map(&doc).is_ok());
});
