//! The replicas and the faulty network between them: messages dropped,
//! duplicated, delayed and reordered.

use super::*;

pub(super) struct Replica {
    pub(super) doc: AutoCommit,
    pub(super) ids: SeededIds,
    pub(super) undo: UndoStack,
    /// The map kept up to date from patches, and the undo history recorded
    /// from its sparse deltas.
    pub(super) followed: Option<MapView>,
    pub(super) undo_followed: UndoStack,
}

impl Replica {
    pub(super) fn view(&self) -> MapView {
        read_map(&self.doc).expect("a replica always reads")
    }

    /// Brings the followed map up to date from the patches since last time,
    /// checking it against a whole read and the events against whole maps.
    pub(super) fn follow(&mut self) -> Result<Delta, TestCaseError> {
        let touched = if self.followed.is_none() {
            self.doc.update_diff_cursor();
            Touched::whole()
        } else {
            Touched::from_patches(&self.doc.diff_incremental())
        };
        let was = self.followed.clone();
        let delta = update(&mut self.followed, &self.doc, &touched)
            .map_err(|e| TestCaseError::fail(format!("the followed map updates: {e}")))?;
        let whole = self.view();
        prop_assert_eq!(
            self.followed.as_ref(),
            Some(&whole),
            "the map followed from patches is the map"
        );
        if let Some(was) = was {
            prop_assert_eq!(
                changes_between(&delta.before, &delta.after),
                changes_between(&was, &whole),
                "the delta tells what whole maps tell"
            );
            if !delta.whole {
                for card in whole.all_cards() {
                    prop_assert!(
                        marks(&was, &card.id) == marks(&whole, &card.id)
                            || delta.marked.contains(&card.id),
                        "a card whose arrows or votes changed is marked"
                    );
                }
            }
        }
        Ok(delta)
    }
}

pub(super) struct Net {
    pub(super) replicas: Vec<Replica>,
    pub(super) states: HashMap<(usize, usize), sync::State>,
    pub(super) flight: Vec<(usize, usize, Vec<u8>)>,
}

impl Net {
    pub(super) fn new(n: usize) -> Net {
        let mut base = AutoCommit::new().with_actor(ActorId::from(b"creator".as_slice()));
        create_map(
            &mut base,
            "Converge",
            Template::PatientJourney,
            &mut SeededIds::new(1),
        )
        .expect("template builds");
        let replicas = (0..n)
            .map(|i| Replica {
                doc: base
                    .fork()
                    .with_actor(ActorId::from(format!("replica-{i}").as_bytes())),
                ids: SeededIds::new(100 + i as u64),
                undo: UndoStack::default(),
                followed: None,
                undo_followed: UndoStack::default(),
            })
            .collect();
        Net {
            replicas,
            states: HashMap::new(),
            flight: Vec::new(),
        }
    }

    pub(super) fn local(&mut self, who: usize, action: &Action) -> Result<(), TestCaseError> {
        let r = &mut self.replicas[who];
        if r.followed.is_none() {
            r.follow()?;
        }
        let before = r.view();
        let heads = r.doc.get_heads();
        let (cmd, kind) = match action {
            Action::Undo => (r.undo.take_undo(&before), 1),
            Action::Redo => (r.undo.take_redo(&before), 2),
            _ => (Ok(command(r, &before, action)), 0),
        };
        if kind == 1 {
            let _ = r.undo_followed.take_undo(&before);
        } else if kind == 2 {
            let _ = r.undo_followed.take_redo(&before);
        }
        let Ok(Some(cmd)) = cmd else {
            return Ok(());
        };
        match cmd.apply(&mut r.doc, &author(who), &mut r.ids) {
            Ok(_) => {
                let after = r.view();
                let mut d = r.follow()?;
                if let (Some(card), Some(now)) = (cmd.card(), r.followed.as_ref()) {
                    d.include(now, card);
                }
                match kind {
                    1 => {
                        r.undo.undone(&before, &after, &cmd);
                        r.undo_followed.undone(&d.before, &d.after, &cmd);
                    }
                    2 => {
                        r.undo.redone(&before, &after, &cmd);
                        r.undo_followed.redone(&d.before, &d.after, &cmd);
                    }
                    _ => {
                        r.undo.record(&before, &after, &cmd);
                        r.undo_followed.record(&d.before, &d.after, &cmd);
                    }
                }
                prop_assert_eq!(
                    &r.undo,
                    &r.undo_followed,
                    "undo from the delta is undo from whole maps"
                );
            }
            Err(_) => {
                prop_assert_eq!(
                    r.doc.get_heads(),
                    heads,
                    "a refused command changed nothing"
                );
            }
        }
        Ok(())
    }

    pub(super) fn send(&mut self, from: usize, to: usize) {
        if from == to {
            return;
        }
        let state = self.states.entry((from, to)).or_default();
        if let Some(msg) = self.replicas[from].doc.sync().generate_sync_message(state) {
            self.flight.push((from, to, msg.encode()));
        }
    }

    pub(super) fn reset(&mut self, a: usize, b: usize) {
        self.states.remove(&(a, b));
        self.states.remove(&(b, a));
    }

    pub(super) fn deliver(&mut self, pick: usize, keep: bool) -> Result<(), TestCaseError> {
        if self.flight.is_empty() {
            return Ok(());
        }
        let i = pick % self.flight.len();
        let (from, to, bytes) = if keep {
            self.flight[i].clone()
        } else {
            self.flight.remove(i)
        };
        let msg = sync::Message::decode(&bytes)
            .map_err(|e| TestCaseError::fail(format!("message decodes: {e}")))?;
        let state = self.states.entry((to, from)).or_default();
        self.replicas[to]
            .doc
            .sync()
            .receive_sync_message(state, msg)
            .map_err(|e| TestCaseError::fail(format!("sync message applies: {e}")))?;
        if self.replicas[to].followed.is_some() {
            self.replicas[to].follow()?;
        }
        Ok(())
    }

    pub(super) fn drop_one(&mut self, pick: usize) {
        if self.flight.is_empty() {
            return;
        }
        let (from, to, _) = self.flight.remove(pick % self.flight.len());
        self.reset(from, to);
        self.flight
            .retain(|(f, t, _)| !((*f, *t) == (from, to) || (*f, *t) == (to, from)));
    }

    /// The network heals: every connection starts afresh and syncs until quiet.
    pub(super) fn heal(&mut self) -> Result<(), TestCaseError> {
        self.flight.clear();
        self.states.clear();
        let n = self.replicas.len();
        for _ in 0..4 {
            for a in 0..n {
                for b in (a + 1)..n {
                    for _ in 0..50 {
                        self.send(a, b);
                        self.send(b, a);
                        if self.flight.is_empty() {
                            break;
                        }
                        while !self.flight.is_empty() {
                            self.deliver(0, false)?;
                        }
                    }
                }
            }
        }
        Ok(())
    }
}
