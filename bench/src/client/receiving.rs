//! What a load-generator client does with what arrives: frames applied in one
//! step (or only recorded), and the arrival of each forwarded change timed.

use super::*;

impl Client {
    pub(super) fn on_frame(&mut self, bytes: &[u8], shared: &Shared) -> Result<bool> {
        shared.frames_in.fetch_add(1, Ordering::Relaxed);
        match ServerFrame::decode(bytes)? {
            // Its replica lacks what it did not apply: a sync round would
            // ask the server for all of it. It only notes the server's heads.
            ServerFrame::Sync(msg) if self.server_only => {
                if let Ok(msg) = automerge::sync::Message::decode(&msg) {
                    self.base = msg.heads;
                }
                Ok(false)
            }
            ServerFrame::Sync(msg) => {
                let before = self.session.heads();
                if self.session.receive(&msg)? {
                    let now = Instant::now();
                    let new: Vec<Tag> = self
                        .session
                        .changes_since(&before)
                        .iter()
                        .map(tag_of)
                        .collect();
                    self.record(&new, now, shared);
                }
                Ok(true)
            }
            ServerFrame::Change(bytes) => {
                self.apply_changes(&mut vec![bytes], shared)?;
                Ok(false)
            }
            ServerFrame::Ack(ack) => {
                // Our changes form a chain: the newest one named acks all before it.
                let now = Instant::now();
                let heads: Vec<String> = ack.heads;
                if let Some(i) = self
                    .pending
                    .iter()
                    .rposition(|(h, _)| heads.contains(&h.to_string()))
                    && let Ok(mut acks) = shared.acks.lock()
                {
                    for (_, t) in self.pending.drain(..=i) {
                        acks.push(now - t);
                    }
                }
                Ok(false)
            }
            ServerFrame::Error(e) => bail!("server error: {:?} {}", e.code, e.message),
            _ => Ok(false),
        }
    }

    /// Handles `first` and every frame already waiting behind it, as the
    /// page does: `change` frames that arrived together are applied in one
    /// step (each timed when it is applied), other frames in their turn.
    pub(super) async fn on_frames(&mut self, first: Vec<u8>, shared: &Shared) -> Result<()> {
        let mut frames = vec![first];
        let mut closed = false;
        while frames.len() < MAX_BATCH {
            match self.ws.next().now_or_never() {
                Some(Some(Ok(Message::Binary(b)))) => frames.push(b.to_vec()),
                Some(Some(Ok(_))) => {}
                // What came before the close is still handled (an error frame says why).
                Some(_) => {
                    closed = true;
                    break;
                }
                None => break,
            }
        }
        let mut changes: Vec<Vec<u8>> = Vec::new();
        let mut reply = false;
        for frame in frames {
            if let Some(change) = change_bytes(&frame) {
                shared.frames_in.fetch_add(1, Ordering::Relaxed);
                if self.server_only {
                    let tag = tag_in_header(&change)
                        .ok_or_else(|| anyhow!("a change without a header"))?;
                    self.record(&[tag], Instant::now(), shared);
                } else {
                    changes.push(change);
                }
                continue;
            }
            self.apply_changes(&mut changes, shared)?;
            reply |= self.on_frame(&frame, shared)?;
        }
        self.apply_changes(&mut changes, shared)?;
        if closed {
            bail!("connection closed");
        }
        if reply {
            self.flush().await?;
        }
        Ok(())
    }

    /// Applies the forwarded changes gathered so far and times their arrival.
    pub(super) fn apply_changes(
        &mut self,
        changes: &mut Vec<Vec<u8>>,
        shared: &Shared,
    ) -> Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let started = Instant::now();
        let hashes = self.session.receive_changes(changes)?;
        changes.clear();
        let applied = Instant::now();
        let tags: Vec<Tag> = hashes.iter().map(tag_of).collect();
        self.record(&tags, applied, shared);
        if self.timed {
            self.session.read()?;
            let read = applied.elapsed();
            if let Ok(mut r) = shared.replica.lock() {
                r.0 += applied - started;
                r.1 += applied - started + read;
                r.2 += hashes.len() as u64;
            }
        }
        Ok(())
    }

    /// Records others' changes applied here at `now`: one delivery each.
    pub(super) fn record(&self, tags: &[Tag], now: Instant, shared: &Shared) {
        if let Ok(sent) = shared.sent.lock()
            && let Ok(mut lat) = shared.latencies.lock()
        {
            for tag in tags {
                if let Some((t, from)) = sent.get(tag)
                    && *from != self.index
                {
                    lat.push(now - *t);
                    shared.deliveries.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
    }
}
