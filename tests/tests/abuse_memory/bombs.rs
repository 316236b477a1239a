//! Changes and documents made to explode when decoded: refused before they
//! do.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_compressed_change_that_inflates_to_200_mb_is_refused_uninflated() -> Result<()> {
    let attack = Attack::start().await?;
    let bomb = chunk(2, &deflated_zeros(200 << 20)?);
    ensure!(bomb.len() < 256 * 1024, "bomb is {} bytes", bomb.len());
    for _ in 0..6 {
        let code = attack
            .refused(sync_frame(vec![bomb.clone()], vec![]))
            .await?;
        ensure!(code == ErrorCode::BadSync, "refused with {code:?}");
    }
    attack.finish(|m| m.cards.is_empty()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_holding_a_200_mb_string_is_refused() -> Result<()> {
    let attack = Attack::start().await?;
    let mut doc = AutoCommit::new();
    doc.put(ROOT, "x", "a".repeat(200 << 20))?;
    let saved = doc.save();
    ensure!(
        saved.len() < 256 * 1024,
        "document is {} bytes",
        saved.len()
    );
    for _ in 0..2 {
        let code = attack
            .refused(sync_frame(vec![saved.clone()], vec![]))
            .await?;
        ensure!(code == ErrorCode::BadSync, "refused with {code:?}");
    }
    attack.finish(|m| m.cards.is_empty()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bundle_hidden_behind_a_change_is_refused() -> Result<()> {
    let attack = Attack::start().await?;
    let mut p = attack.attacker().await?;
    let change = {
        let mut doc = AutoCommit::load(&p.session.save())?;
        doc.put(ROOT, "harmless", 1)?;
        doc.commit();
        doc.get_last_local_change()
            .map(|c| c.raw_bytes().to_vec())
            .unwrap_or_default()
    };
    // Fuzzing found this 318-byte bundle (after the fuzzer's first byte)
    // that decodes into over 2 GiB.
    let known =
        std::fs::read(comap_tests::workspace_root().join("fuzz/known/oom-change-decode.bin"))?;
    let mut entry = change;
    entry.extend_from_slice(&known[1..]);
    p.send_raw(sync_frame(vec![entry], vec![])).await?;
    p.pump(Duration::from_millis(500)).await?;
    ensure!(
        p.errors.first().map(|e| e.code) == Some(ErrorCode::BadSync),
        "errors: {:?}",
        p.errors
    );
    attack.finish(|m| m.cards.is_empty()).await
}

fn sleb(mut v: i64, out: &mut Vec<u8>) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if (v == 0 && b & 0x40 == 0) || (v == -1 && b & 0x40 != 0) {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn uleb(mut v: u64, out: &mut Vec<u8>) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// A change of about 60 bytes whose run-length columns claim `rows` puts
/// of null at key "k": Automerge counts every one while it parses the
/// change (measured: 3.6 s for 2^24 rows, release build).
fn run_length_bomb(rows: i64) -> Vec<u8> {
    let run = |value: &[u8]| {
        let mut c = Vec::new();
        sleb(rows, &mut c);
        c.extend_from_slice(value);
        c
    };
    let mut falses = Vec::new();
    uleb(rows as u64, &mut falses);
    // Key string, insert, action, value metadata, predecessor groups.
    let columns: [(u64, Vec<u8>); 5] = [
        (0x15, run(&[1, b'k'])),
        (0x34, falses),
        (0x42, run(&[1])),
        (0x56, run(&[0])),
        (0x70, run(&[0])),
    ];
    // No deps, actor 0xaa, seq 1, start op 1, time 0, no message, no others.
    let mut body = vec![0u8, 1, 0xaa, 1, 1, 0, 0, 0];
    uleb(columns.len() as u64, &mut body);
    for (spec, data) in &columns {
        uleb(*spec, &mut body);
        uleb(data.len() as u64, &mut body);
    }
    for (_, data) in &columns {
        body.extend_from_slice(data);
    }
    let mut chunk = MAGIC.to_vec();
    chunk.extend_from_slice(&[0, 0, 0, 0, 1]);
    uleb(body.len() as u64, &mut chunk);
    chunk.extend(body);
    chunk
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_whose_runs_claim_a_trillion_operations_is_refused_at_once() -> Result<()> {
    let attack = Attack::start().await?;
    let bomb = run_length_bomb(1 << 40);
    ensure!(bomb.len() < 100, "the bomb is {} bytes", bomb.len());
    let started = tokio::time::Instant::now();
    let code = attack.refused(sync_frame(vec![bomb], vec![])).await?;
    ensure!(code == ErrorCode::BadSync, "refused with {code:?}");
    ensure!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    attack.finish(|m| m.cards.is_empty()).await
}
