//! What a room lets in from a peer's sync message before Automerge sees it.
//!
//! Every chunk of every entry is walked (`chunks::split`): only changes are
//! taken, each parsed here, within limits on what they may grow into.
//! Automerge itself inflates compressed chunks and rebuilds documents with
//! no limit, so a few hundred kilobytes could make it hold gigabytes.
//! Comap's pages never send documents or bundles (the server does not
//! advertise the sync protocol's version 2, so they send changes one by
//! one) nor compressed changes (sync messages carry changes uncompressed),
//! but another Automerge client may send compressed ones, so those are
//! taken when they inflate to little.

use crate::chunks::{self, ChunkKind};
use automerge::{Change, ChangeHash, sync};
use std::io::Read;

/// Most bytes all compressed changes of one message may inflate to.
pub const MAX_INFLATED_BYTES: usize = 1 << 20;
/// Most operations one message's changes may hold in all (adding a card
/// with the longest text the schema allows is about 10,000).
pub const MAX_OPS: usize = 200_000;
/// Most rows one column of a change may claim, read from its bytes before
/// Automerge parses it (a column can hold more rows than the change has
/// operations, a few per operation at most): Automerge counts every row
/// it is told of, and a few bytes of run lengths can claim billions.
pub const MAX_ROWS: u64 = 4 * MAX_OPS as u64;

/// One change of an incoming sync message: its hash, what it depends on,
/// its uncompressed bytes (as stored and forwarded) and the parsed change.
#[derive(Clone)]
pub struct RawChange {
    pub hash: ChangeHash,
    pub deps: Vec<ChangeHash>,
    pub bytes: Vec<u8>,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntakeError {
    #[error("That sync message holds data this server does not accept (only changes, one by one).")]
    NotChanges,
    #[error("That sync message holds a change that cannot be read.")]
    Malformed,
    #[error("That sync message would grow larger than this server accepts.")]
    TooLarge,
}

/// The changes of `msg`, checked and parsed, in the order they came.
pub fn take(msg: &sync::Message) -> Result<Vec<RawChange>, IntakeError> {
    let mut changes = Vec::new();
    let mut inflated = 0usize;
    let mut ops = 0usize;
    for entry in msg.changes.iter() {
        let found = chunks::split(entry).map_err(|_| IntakeError::Malformed)?;
        for chunk in found {
            match chunk.kind {
                ChunkKind::Change => rows_within(chunk.body)?,
                ChunkKind::Compressed => {
                    let body = inflate(chunk.body, MAX_INFLATED_BYTES - inflated)?;
                    inflated += body.len();
                    rows_within(&body)?;
                }
                _ => return Err(IntakeError::NotChanges),
            }
            let change =
                Change::from_bytes(chunk.whole.to_vec()).map_err(|_| IntakeError::Malformed)?;
            ops += change.len();
            if ops > MAX_OPS {
                return Err(IntakeError::TooLarge);
            }
            changes.push(RawChange {
                hash: change.hash(),
                deps: change.deps().to_vec(),
                bytes: change.raw_bytes().to_vec(),
                change,
            });
        }
    }
    Ok(changes)
}

/// `body` (raw DEFLATE) inflated, when that is at most `limit` bytes;
/// inflating stops as soon as it is not.
fn inflate(body: &[u8], limit: usize) -> Result<Vec<u8>, IntakeError> {
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(body)
        .take(limit as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|_| IntakeError::Malformed)?;
    if out.len() > limit {
        return Err(IntakeError::TooLarge);
    }
    Ok(out)
}

/// Whether a change's body claims no more rows than `MAX_ROWS`.
fn rows_within(body: &[u8]) -> Result<(), IntakeError> {
    match chunks::change_rows(body) {
        None => Err(IntakeError::Malformed),
        Some(rows) if rows > MAX_ROWS => Err(IntakeError::TooLarge),
        Some(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::AutoCommit;
    use automerge::ROOT;
    use automerge::sync::SyncDoc;
    use automerge::transaction::Transactable;

    fn message_with(entries: Vec<Vec<u8>>) -> sync::Message {
        let mut a = AutoCommit::new();
        let mut state = sync::State::new();
        let mut msg = a
            .sync()
            .generate_sync_message(&mut state)
            .expect("a first message");
        msg.changes = entries.into();
        msg
    }

    fn change_with_text(text: &str) -> Change {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "t", text).expect("put");
        doc.commit();
        doc.get_last_local_change().expect("change")
    }

    #[test]
    fn changes_are_taken_one_by_one_even_when_joined() {
        let mut doc = AutoCommit::new();
        let mut raw = Vec::new();
        for i in 0..3 {
            doc.put(ROOT, "k", i).expect("put");
            doc.commit();
            raw.push(doc.get_last_local_change().expect("c").raw_bytes().to_vec());
        }
        let taken = take(&message_with(vec![raw[0].clone(), raw[1..].concat()])).expect("taken");
        assert_eq!(taken.len(), 3);
        assert_eq!(taken[2].bytes, raw[2]);
        assert_eq!(taken[2].deps, vec![taken[1].hash]);
    }

    #[test]
    fn documents_bundles_and_junk_are_refused() {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "k", 1).expect("put");
        let saved = doc.save();
        assert_eq!(
            take(&message_with(vec![saved])).err(),
            Some(IntakeError::NotChanges)
        );
        // A change followed, in the same entry, by a document.
        let c = change_with_text("x").raw_bytes().to_vec();
        let mut joined = c.clone();
        joined.extend(doc.save());
        assert_eq!(
            take(&message_with(vec![joined])).err(),
            Some(IntakeError::NotChanges)
        );
        let bundle = {
            let mut b = c.clone();
            b[8] = 3;
            b
        };
        assert_eq!(
            take(&message_with(vec![bundle])).err(),
            Some(IntakeError::NotChanges)
        );
        assert_eq!(
            take(&message_with(vec![b"junk and more junk".to_vec()])).err(),
            Some(IntakeError::Malformed)
        );
    }

    #[test]
    fn a_change_whose_runs_claim_billions_of_operations_is_refused_unparsed() {
        // A real change with its action column replaced by one run of 2^40.
        let body = [
            0u8, 1, 0xaa, 1, 1, 0, 0, 0, 1, 0x42, 7, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 1,
        ];
        let mut chunk = chunks::MAGIC.to_vec();
        chunk.extend_from_slice(&[0, 0, 0, 0, 1, body.len() as u8]);
        chunk.extend_from_slice(&body);
        let started = std::time::Instant::now();
        assert_eq!(
            take(&message_with(vec![chunk])).err(),
            Some(IntakeError::TooLarge)
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn compressed_changes_are_taken_only_when_they_inflate_to_little() {
        let mut small = change_with_text(&"a".repeat(2_000));
        let packed = small.bytes().to_vec();
        assert_eq!(
            chunks::split(&packed).expect("chunk")[0].kind,
            ChunkKind::Compressed
        );
        let taken = take(&message_with(vec![packed])).expect("taken");
        // Stored and forwarded uncompressed.
        assert_eq!(taken[0].bytes, small.raw_bytes());
        let mut big = change_with_text(&"a".repeat(MAX_INFLATED_BYTES + 10));
        let packed = big.bytes().to_vec();
        assert!(
            packed.len() < 10_000,
            "inflates {}×",
            MAX_INFLATED_BYTES / packed.len()
        );
        assert_eq!(
            take(&message_with(vec![packed])).err(),
            Some(IntakeError::TooLarge)
        );
    }
}
