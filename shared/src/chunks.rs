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

/// The most rows any operation column of a change claims, read from the
/// change's column headers and run lengths (at a cost that grows only with
/// its bytes, however many rows the runs claim). `None` when the body is
/// not a change's as Automerge writes them, or a column is compressed
/// (changes never compress their columns).
pub fn change_rows(body: &[u8]) -> Option<u64> {
    let mut r = Reader { bytes: body, at: 0 };
    let deps = r.uleb()?;
    r.skip(usize::try_from(deps).ok()?.checked_mul(32)?)?;
    let actor = r.uleb()?;
    r.skip(usize::try_from(actor).ok()?)?;
    r.uleb()?; // seq
    r.uleb()?; // start op
    r.sleb()?; // time
    let message = r.uleb()?;
    r.skip(usize::try_from(message).ok()?)?;
    for _ in 0..r.uleb()? {
        let len = r.uleb()?;
        r.skip(usize::try_from(len).ok()?)?;
    }
    let columns = r.uleb()?;
    let mut specs = Vec::new();
    for _ in 0..columns.min(64) {
        let spec = r.uleb()?;
        let len = usize::try_from(r.uleb()?).ok()?;
        specs.push((spec, len));
    }
    if columns > 64 {
        return None;
    }
    let mut most = 0u64;
    for (spec, len) in specs {
        let data = r.take(len)?;
        if spec & 0b1000 != 0 {
            return None;
        }
        let rows = match spec & 0b111 {
            // Raw values: counted by their lengths column.
            7 => 0,
            4 => bool_rows(data)?,
            kind => rle_rows(data, kind)?,
        };
        most = most.max(rows);
    }
    Some(most)
}

/// Rows of a run-length column: runs of one value (a positive count), of
/// literal values (a negative count), or of nulls (zero, then a count).
fn rle_rows(data: &[u8], kind: u64) -> Option<u64> {
    let mut r = Reader { bytes: data, at: 0 };
    let mut rows = 0u64;
    while !r.done() {
        let count = r.sleb()?;
        if count > 0 {
            r.value(kind)?;
            rows = rows.checked_add(count.unsigned_abs())?;
        } else if count < 0 {
            for _ in 0..count.unsigned_abs().min(data.len() as u64 + 1) {
                r.value(kind)?;
            }
            rows = rows.checked_add(count.unsigned_abs())?;
        } else {
            rows = rows.checked_add(r.uleb()?)?;
        }
    }
    Some(rows)
}

/// Rows of a boolean column: alternating run lengths.
fn bool_rows(data: &[u8]) -> Option<u64> {
    let mut r = Reader { bytes: data, at: 0 };
    let mut rows = 0u64;
    while !r.done() {
        rows = rows.checked_add(r.uleb()?)?;
    }
    Some(rows)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let out = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(out)
    }

    fn skip(&mut self, n: usize) -> Option<()> {
        self.take(n).map(|_| ())
    }

    fn uleb(&mut self) -> Option<u64> {
        let (v, used) = uleb(self.bytes.get(self.at..)?)?;
        self.at += used;
        Some(v)
    }

    fn sleb(&mut self) -> Option<i64> {
        let mut value: i64 = 0;
        for i in 0..10 {
            let b = *self.bytes.get(self.at)?;
            self.at += 1;
            value |= i64::from(b & 0x7f).checked_shl(7 * i)?;
            if b & 0x80 == 0 {
                if 7 * (i + 1) < 64 && b & 0x40 != 0 {
                    value |= -1i64 << (7 * (i + 1));
                }
                return Some(value);
            }
        }
        None
    }

    /// Skips one value of a column of `kind`.
    fn value(&mut self, kind: u64) -> Option<()> {
        match kind {
            3 => self.sleb().map(|_| ()),
            5 => {
                let len = usize::try_from(self.uleb()?).ok()?;
                self.skip(len)
            }
            _ => self.uleb().map(|_| ()),
        }
    }
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
    fn a_change_claims_about_as_many_rows_as_it_has_operations() {
        let mut doc = AutoCommit::new();
        let text = doc
            .put_object(ROOT, "t", automerge::ObjType::Text)
            .expect("text");
        doc.splice_text(&text, 0, 0, &"word ".repeat(200))
            .expect("splice");
        doc.put(ROOT, "k", 1).expect("put");
        doc.commit();
        let change = doc.get_last_local_change().expect("change");
        let bytes = change.raw_bytes().to_vec();
        let rows = change_rows(split(&bytes).expect("chunk")[0].body).expect("rows");
        let ops = change.len() as u64;
        assert!(
            rows >= ops && rows <= 4 * ops,
            "{rows} rows for {ops} operations"
        );
    }

    #[test]
    fn a_change_whose_runs_claim_billions_of_rows_is_seen_from_its_bytes() {
        // deps 0, actor "aa", seq 1, start op 1, time 0, no message, no other
        // actors; one integer column (the action's) of one run of 2^40.
        let mut body = vec![0, 1, 0xaa, 1, 1, 0, 0, 0, 1, 0x42];
        let mut column = Vec::new();
        let mut n: u64 = 1 << 40;
        loop {
            let b = (n & 0x7f) as u8;
            n >>= 7;
            // A positive signed LEB128: the top bit of the last byte clear.
            if n == 0 && b & 0x40 == 0 {
                column.push(b);
                break;
            }
            column.push(b | 0x80);
        }
        column.push(1);
        body.push(column.len() as u8);
        body.extend(column);
        assert_eq!(change_rows(&body), Some(1 << 40));
        assert_eq!(change_rows(&body[..body.len() - 1]), None, "truncated");
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
