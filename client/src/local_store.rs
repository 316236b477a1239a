//! The map kept in this browser (IndexedDB), so the page opens and can be
//! edited while the server cannot be reached, and nothing made here is lost
//! when the page is closed, even at once. Three stores:
//!
//! - `maps`: per map, the kept document (a whole save,
//!   `SyncSession::to_keep`), written now and then;
//! - `more`: per map, the changes since that save, one entry per write, a
//!   moment after changes (several in a row are written once), so keeping
//!   a big map after an edit writes what the edit changed, not the map;
//! - `log`: each change this person makes, written the moment it is made
//!   (the write is issued before the event that made the change returns,
//!   so closing the tab right after still keeps it), under a key that sorts
//!   by map, then time. Writing the kept document drops, in the same
//!   transaction, the log entries this page knows it holds (by key, so an
//!   entry another tab wrote meanwhile stays).
//!
//! Loading reads the kept document, appends the pieces in `more` and then
//! the log, in the order they were written (Automerge loads a
//! document followed by changes, and ignores any it already holds). The
//! server stays the meeting point: what is kept here merges with everyone's
//! changes when the connection is back.

use js_sys::{Array, Promise, Uint8Array};
use std::cell::RefCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbKeyRange, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

const DB: &str = "comap";
const VERSION: u32 = 3;
const MAPS: &str = "maps";
const MORE: &str = "more";
const LOG: &str = "log";

thread_local! {
    /// The database, kept open once opened, so a change is written without
    /// waiting for it to open.
    static OPEN: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
}

/// Waits for an IndexedDB request to succeed; its result.
async fn done(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move |ev: web_sys::Event| {
            let result = ev
                .target()
                .and_then(|t| t.dyn_into::<IdbRequest>().ok())
                .and_then(|r| r.result().ok())
                .unwrap_or(JsValue::UNDEFINED);
            let _ = resolve.call1(&JsValue::NULL, &result);
        });
        let failed = Closure::once_into_js(move |ev: web_sys::Event| {
            let _ = reject.call1(&JsValue::NULL, &ev);
        });
        request.set_onsuccess(Some(ok.unchecked_ref()));
        request.set_onerror(Some(failed.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

async fn open() -> Result<IdbDatabase, JsValue> {
    if let Some(db) = OPEN.with(|o| o.borrow().clone()) {
        return Ok(db);
    }
    let factory = crate::browser::window()
        .indexed_db()?
        .ok_or_else(|| JsValue::from_str("no IndexedDB"))?;
    let request: IdbOpenDbRequest = factory.open_with_u32(DB, VERSION)?;
    let upgrade = Closure::once_into_js(move |ev: web_sys::Event| {
        let db = ev
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db {
            let names = db.object_store_names();
            for store in [MAPS, MORE, LOG] {
                if !names.contains(store) {
                    let _ = db.create_object_store(store);
                }
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let db = done(&request).await?.dyn_into::<IdbDatabase>()?;
    OPEN.with(|o| *o.borrow_mut() = Some(db.clone()));
    Ok(db)
}

/// The keys of one map in `log` and `more`: `map/` then the time and a
/// counter.
fn log_key(map: &str, stamp: &str) -> String {
    format!("{map}/{stamp}")
}

/// Every key of `map` in `log` or `more`.
fn log_range(map: &str) -> Result<JsValue, JsValue> {
    let lower = JsValue::from_str(&log_key(map, ""));
    // '0' follows '/': after every key of this map, before other maps'.
    let upper = JsValue::from_str(&format!("{map}0"));
    IdbKeyRange::bound_with_lower_open_and_upper_open(&lower, &upper, false, true)
        .map(JsValue::from)
}

/// What this browser kept of a map: the kept document followed by the
/// changes logged since, and the log's keys (the stamps) it read.
pub struct Kept {
    pub bytes: Vec<u8>,
    pub logged: Vec<String>,
}

/// The map as this browser kept it, if it did.
pub async fn load(map: &str) -> Option<Kept> {
    let run = async {
        let db = open().await?;
        let tx =
            db.transaction_with_str_sequence(&Array::of3(&MAPS.into(), &MORE.into(), &LOG.into()))?;
        let log = tx.object_store(LOG)?;
        let kept = done(&tx.object_store(MAPS)?.get(&JsValue::from_str(map))?).await?;
        let more = done(&tx.object_store(MORE)?.get_all_with_key(&log_range(map)?)?).await?;
        let keys = done(&log.get_all_keys_with_key(&log_range(map)?)?).await?;
        let changes = done(&log.get_all_with_key(&log_range(map)?)?).await?;
        let mut bytes = kept
            .dyn_into::<Uint8Array>()
            .map(|a| a.to_vec())
            .unwrap_or_default();
        for entries in [more, changes] {
            if let Ok(entries) = entries.dyn_into::<Array>() {
                for entry in entries.iter() {
                    if let Ok(piece) = entry.dyn_into::<Uint8Array>() {
                        bytes.extend_from_slice(&piece.to_vec());
                    }
                }
            }
        }
        let prefix = log_key(map, "");
        let logged = keys
            .dyn_into::<Array>()
            .map(|keys| {
                keys.iter()
                    .filter_map(|k| k.as_string())
                    .filter_map(|k| k.strip_prefix(&prefix).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        Ok::<_, JsValue>(Kept { bytes, logged })
    };
    let kept = run.await.ok()?;
    (!kept.bytes.is_empty()).then_some(kept)
}

/// Writes one change of `map` to the log now, under `stamp` (which sorts
/// after every earlier one). The write is issued before this returns when
/// the database is open (it is, once the map was loaded); else as soon as
/// it opens.
pub fn log_now(map: &str, stamp: &str, change: &[u8]) {
    let key = JsValue::from_str(&log_key(map, stamp));
    let value = Uint8Array::from(change);
    let write = |db: &IdbDatabase| -> Result<(), JsValue> {
        let tx = db.transaction_with_str_and_mode(LOG, IdbTransactionMode::Readwrite)?;
        tx.object_store(LOG)?.put_with_key(&value, &key)?;
        // Committed now rather than when this task ends (where the browser
        // has `commit`).
        if let Ok(commit) = js_sys::Reflect::get(&tx, &JsValue::from_str("commit"))
            .and_then(|f| f.dyn_into::<js_sys::Function>())
        {
            let _ = commit.call0(&tx);
        }
        Ok(())
    };
    let written = OPEN.with(|o| o.borrow().as_ref().map(write));
    match written {
        Some(Ok(())) => {}
        Some(Err(e)) => leptos::logging::warn!("could not keep a change in this browser: {e:?}"),
        None => {
            let (key, value) = (key.clone(), value.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let kept = async {
                    let db = open().await?;
                    let tx =
                        db.transaction_with_str_and_mode(LOG, IdbTransactionMode::Readwrite)?;
                    done(&tx.object_store(LOG)?.put_with_key(&value, &key)?).await?;
                    Ok::<_, JsValue>(())
                };
                if let Err(e) = kept.await {
                    leptos::logging::warn!("could not keep a change in this browser: {e:?}");
                }
            });
        }
    }
}

/// What to write for a map: the whole document (replacing what was kept,
/// and the pieces after it), or the changes since the last write, under a
/// stamp that sorts after every earlier one.
pub enum Keep {
    Whole(Vec<u8>),
    More { stamp: String, bytes: Vec<u8> },
}

/// Writes `keep` for `map`, and drops the log entries `held` (what is
/// written holds them), in one transaction.
pub async fn save(map: &str, keep: Keep, held: Vec<String>) -> Result<(), JsValue> {
    let db = open().await?;
    let tx = db.transaction_with_str_sequence_and_mode(
        &Array::of3(&MAPS.into(), &MORE.into(), &LOG.into()),
        IdbTransactionMode::Readwrite,
    )?;
    let put = match keep {
        Keep::Whole(bytes) => {
            tx.object_store(MORE)?.delete(&log_range(map)?)?;
            tx.object_store(MAPS)?
                .put_with_key(&Uint8Array::from(&bytes[..]), &JsValue::from_str(map))?
        }
        Keep::More { stamp, bytes } => tx.object_store(MORE)?.put_with_key(
            &Uint8Array::from(&bytes[..]),
            &JsValue::from_str(&log_key(map, &stamp)),
        )?,
    };
    let log = tx.object_store(LOG)?;
    for stamp in held {
        log.delete(&JsValue::from_str(&log_key(map, &stamp)))?;
    }
    done(&put).await?;
    Ok(())
}

/// Forgets the map (it was deleted, or the link no longer works, or the
/// page starts again from the server's copy).
pub async fn forget(map: &str) -> Result<(), JsValue> {
    let db = open().await?;
    let tx = db.transaction_with_str_sequence_and_mode(
        &Array::of3(&MAPS.into(), &MORE.into(), &LOG.into()),
        IdbTransactionMode::Readwrite,
    )?;
    tx.object_store(LOG)?.delete(&log_range(map)?)?;
    tx.object_store(MORE)?.delete(&log_range(map)?)?;
    done(&tx.object_store(MAPS)?.delete(&JsValue::from_str(map))?).await?;
    Ok(())
}
