//! The map as a newcomer first draws it: the `view` frame's bytes, a
//! [`MapView`] as JSON, deflated. The server sends it before the document,
//! so a page draws a large map at once and becomes able to change it when
//! its replica has loaded the document (which takes a second or more on a
//! long history).

use crate::ModelError;
use crate::model::MapView;
use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use std::io::{Read, Write};

/// The most a view may inflate to. A map at the server's limits is far
/// smaller; a frame that inflates to more is refused, not read.
pub const MAX_INFLATED_BYTES: usize = 32 << 20;

/// The view as the bytes of a `view` frame.
pub fn encode(view: &MapView) -> Result<Vec<u8>, ModelError> {
    let json = serde_json::to_vec(view).map_err(|e| ModelError::NotAMap(e.to_string()))?;
    let mut out = DeflateEncoder::new(Vec::new(), Compression::default());
    out.write_all(&json)
        .and_then(|()| out.finish())
        .map_err(|e| ModelError::NotAMap(e.to_string()))
}

/// The view a `view` frame holds; bytes that do not inflate, inflate to too
/// much, or do not read as a map are refused.
pub fn decode(bytes: &[u8]) -> Result<MapView, ModelError> {
    let mut json = Vec::new();
    DeflateDecoder::new(bytes)
        .take(MAX_INFLATED_BYTES as u64 + 1)
        .read_to_end(&mut json)
        .map_err(|e| ModelError::NotAMap(format!("the view does not inflate: {e}")))?;
    if json.len() > MAX_INFLATED_BYTES {
        return Err(ModelError::NotAMap("the view is too large".into()));
    }
    serde_json::from_slice(&json)
        .map_err(|e| ModelError::NotAMap(format!("the view does not read as a map: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SeededIds, Template, map_write, read_map};
    use automerge::AutoCommit;

    #[test]
    fn a_view_comes_back_as_it_went_and_bad_bytes_are_refused() {
        let mut doc = AutoCommit::new();
        map_write::create_map(
            &mut doc,
            "Knee",
            Template::PatientJourney,
            &mut SeededIds::new(3),
        )
        .expect("map");
        let view = read_map(&doc).expect("read");
        let bytes = encode(&view).expect("encode");
        assert_eq!(decode(&bytes).expect("decode"), view);
        assert!(decode(b"not deflated").is_err());
        // A bomb: many zeros deflate to little and inflate past the limit.
        let mut bomb = DeflateEncoder::new(Vec::new(), Compression::best());
        bomb.write_all(&vec![b' '; MAX_INFLATED_BYTES + 10])
            .expect("write");
        let bomb = bomb.finish().expect("finish");
        assert!(bomb.len() < 100_000);
        assert!(decode(&bomb).is_err());
    }
}
