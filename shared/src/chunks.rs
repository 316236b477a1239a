//! The Automerge chunks in a string of bytes, read from their headers
//! without decoding them: what kind each is and where it ends.
//!
//! A sync message's changes may hold several chunks back to back in one
//! entry (Automerge's version 2 messages do), so a check on the first
//! bytes of an entry says nothing about what follows it. Everything that
//! decides what reaches Automerge walks every chunk with `split`.

/// The first bytes of every Automerge chunk.
pub const MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];

/// The kind of a chunk, from the byte after its checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkKind {
    /// A whole document (its columns may be compressed).
    Document,
    /// One change, uncompressed.
    Change,
    /// One change, compressed with DEFLATE.
    Compressed,
    /// Several changes in a document-like form.
    Bundle,
    Unknown(u8),
}

impl ChunkKind {
    fn from_byte(b: u8) -> ChunkKind {
        match b {
            0 => ChunkKind::Document,
            1 => ChunkKind::Change,
            2 => ChunkKind::Compressed,
            3 => ChunkKind::Bundle,
            other => ChunkKind::Unknown(other),
        }
    }
}

/// One chunk: its kind, all its bytes (header included) and its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunk<'a> {
    pub kind: ChunkKind,
    pub whole: &'a [u8],
    pub body: &'a [u8],
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChunkError {
    #[error("not an Automerge chunk")]
    NotAChunk,
    #[error("a chunk is longer than the bytes that hold it")]
    Truncated,
}

/// Every chunk in `data`, in order. Nothing is left over: bytes that are
/// not a whole chunk are an error, and so is no chunk at all.
pub fn split(mut data: &[u8]) -> Result<Vec<Chunk<'_>>, ChunkError> {
    if data.is_empty() {
        return Err(ChunkError::NotAChunk);
    }
    let mut chunks = Vec::new();
    while !data.is_empty() {
        let (chunk, rest) = first(data)?;
        chunks.push(chunk);
        data = rest;
    }
    Ok(chunks)
}

/// The first chunk of `data` and what follows it.
fn first(data: &[u8]) -> Result<(Chunk<'_>, &[u8]), ChunkError> {
    // Magic (4), checksum (4), kind (1), then the body's length (LEB128).
    if data.len() < 10 || data[..4] != MAGIC {
        return Err(ChunkError::NotAChunk);
    }
    let kind = ChunkKind::from_byte(data[8]);
    let (len, len_bytes) = uleb(&data[9..]).ok_or(ChunkError::NotAChunk)?;
    let header = 9 + len_bytes;
    let end = usize::try_from(len)
        .ok()
        .and_then(|l| header.checked_add(l))
        .filter(|end| *end <= data.len())
        .ok_or(ChunkError::Truncated)?;
    Ok((
        Chunk {
            kind,
            whole: &data[..end],
            body: &data[header..end],
        },
        &data[end..],
    ))
}

/// An unsigned LEB128 number and how many bytes it took (at most ten).
fn uleb(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value: u64 = 0;
    for (i, b) in bytes.iter().take(10).enumerate() {
        let part = u64::from(b & 0x7f);
        value |= part.checked_shl(7 * i as u32)?;
        if b & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

/// Whether `bytes` is exactly one uncompressed change: what a `change`
/// frame holds.
pub fn is_one_change(bytes: &[u8]) -> bool {
    matches!(split(bytes).as_deref(), Ok([c]) if c.kind == ChunkKind::Change)
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ROOT};

    fn changes(n: usize) -> Vec<Vec<u8>> {
        let mut doc = AutoCommit::new();
        (0..n)
            .map(|i| {
                doc.put(ROOT, "k", i as i64).expect("put");
                doc.commit();
                doc.get_last_local_change()
                    .expect("change")
                    .raw_bytes()
                    .to_vec()
            })
            .collect()
    }

    #[test]
    fn every_chunk_of_a_joined_string_is_found() {
        let cs = changes(3);
        let joined: Vec<u8> = cs.concat();
        let found = split(&joined).expect("split");
        assert_eq!(found.len(), 3);
        for (f, c) in found.iter().zip(&cs) {
            assert_eq!(f.kind, ChunkKind::Change);
            assert_eq!(f.whole, &c[..]);
        }
        assert!(is_one_change(&cs[0]));
        assert!(!is_one_change(&joined));
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "k", 1).expect("put");
        let saved = doc.save();
        assert_eq!(split(&saved).expect("doc")[0].kind, ChunkKind::Document);
        assert!(!is_one_change(&saved));
    }

    #[test]
    fn what_is_not_whole_chunks_is_refused() {
        let c = changes(1).remove(0);
        assert_eq!(split(&[]), Err(ChunkError::NotAChunk));
        assert_eq!(split(&c[..c.len() - 1]), Err(ChunkError::Truncated));
        let mut trailing = c.clone();
        trailing.extend_from_slice(b"junk");
        assert_eq!(split(&trailing), Err(ChunkError::NotAChunk));
        let mut wrong_magic = c.clone();
        wrong_magic[0] ^= 1;
        assert_eq!(split(&wrong_magic), Err(ChunkError::NotAChunk));
        // A length that claims more than u64 or the buffer holds.
        let mut huge = MAGIC.to_vec();
        huge.extend_from_slice(&[0, 0, 0, 0, 1]);
        huge.extend_from_slice(&[0xff; 10]);
        assert!(split(&huge).is_err());
    }
}
