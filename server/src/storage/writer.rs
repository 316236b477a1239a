//! Group commit: one thread writes the rooms' new changes to SQLite. Every
//! chunk handed to it while it was busy goes into its next transaction, so
//! many rooms' changes cost one commit (and, with `synchronous=FULL`, one
//! sync of the disk) together. Each chunk's sender hears when its
//! transaction is committed, or that it failed (then nothing of that
//! transaction is stored).

use crate::error::StoreError;
use rusqlite::{Connection, params};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

/// Most chunks in one transaction.
const MOST_PER_COMMIT: usize = 512;

/// What a write came to: `Err` holds why it failed.
pub type Written = Result<(), String>;

/// One room's chunk of changes, appended to its map's chunks at `seq`.
struct Append {
    map_id: String,
    seq: i64,
    bytes: Vec<u8>,
    done: oneshot::Sender<Written>,
}

/// Hands chunks to the writer thread. Cheap to clone.
#[derive(Clone)]
pub struct StoreWriter {
    tx: Sender<Append>,
}

impl StoreWriter {
    /// Starts the writer thread on the store's connection.
    pub fn start(conn: Arc<Mutex<Connection>>) -> Result<StoreWriter, StoreError> {
        let (tx, rx) = channel();
        std::thread::Builder::new()
            .name("comap-store-writer".into())
            .spawn(move || run(&conn, &rx))
            .map_err(|e| StoreError::Task(format!("cannot start the store writer: {e}")))?;
        Ok(StoreWriter { tx })
    }

    /// Appends `bytes` as chunk `seq` of map `map_id` in the next commit;
    /// the answer comes once that commit is done (or has failed).
    pub fn append(&self, map_id: String, seq: i64, bytes: Vec<u8>) -> oneshot::Receiver<Written> {
        let (done, answer) = oneshot::channel();
        let append = Append {
            map_id,
            seq,
            bytes,
            done,
        };
        if let Err(refused) = self.tx.send(append) {
            // The writer thread is gone: say so rather than never answering.
            let _ = refused
                .0
                .done
                .send(Err("the store writer has stopped".into()));
        }
        answer
    }
}

/// Takes what is waiting (at least one chunk) and commits it together, until
/// every sender is gone.
fn run(conn: &Mutex<Connection>, rx: &Receiver<Append>) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MOST_PER_COMMIT {
            match rx.try_recv() {
                Ok(more) => batch.push(more),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
        let written = match conn.lock() {
            Ok(mut conn) => commit(&mut conn, &batch).map_err(|e| e.to_string()),
            Err(_) => Err("database lock poisoned".to_string()),
        };
        if let Err(e) = &written {
            tracing::error!(error = %e, chunks = batch.len(), "a group commit failed");
        }
        for append in batch {
            let _ = append.done.send(written.clone());
        }
    }
}

/// One transaction for the whole batch.
fn commit(conn: &mut Connection, batch: &[Append]) -> Result<(), rusqlite::Error> {
    let tx = conn.transaction()?;
    {
        let mut insert =
            tx.prepare_cached("INSERT INTO chunks (map_id, seq, bytes) VALUES (?1, ?2, ?3)")?;
        for a in batch {
            insert.execute(params![a.map_id, a.seq, a.bytes])?;
        }
    }
    tx.commit()
}
