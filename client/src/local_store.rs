//! The map kept in this browser (IndexedDB), so the page opens and can be
//! edited while the server cannot be reached, and nothing typed offline is
//! lost when the page is closed. One record per map: the saved Automerge
//! document. The server stays the meeting point: what is kept here merges
//! with everyone's changes when the connection is back.

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

const DB: &str = "comap";
const STORE: &str = "maps";

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
    let factory = crate::browser::window()
        .indexed_db()?
        .ok_or_else(|| JsValue::from_str("no IndexedDB"))?;
    let request: IdbOpenDbRequest = factory.open_with_u32(DB, 1)?;
    let upgrade = Closure::once_into_js(move |ev: web_sys::Event| {
        let db = ev
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db {
            let _ = db.create_object_store(STORE);
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    done(&request).await?.dyn_into::<IdbDatabase>()
}

/// The map as this browser last kept it, if it did.
pub async fn load(map: &str) -> Option<Vec<u8>> {
    let run = async {
        let db = open().await?;
        let store = db.transaction_with_str(STORE)?.object_store(STORE)?;
        let value = done(&store.get(&JsValue::from_str(map))?).await?;
        db.close();
        Ok::<_, JsValue>(value)
    };
    let value = run.await.ok()?;
    let bytes = value.dyn_into::<Uint8Array>().ok()?.to_vec();
    (!bytes.is_empty()).then_some(bytes)
}

/// Keeps `bytes` (the saved document) for `map`, replacing what was kept.
pub async fn save(map: &str, bytes: &[u8]) -> Result<(), JsValue> {
    let db = open().await?;
    let store = db
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?
        .object_store(STORE)?;
    let value = Uint8Array::from(bytes);
    done(&store.put_with_key(&value, &JsValue::from_str(map))?).await?;
    db.close();
    Ok(())
}

/// Forgets the map (it was deleted, or the link no longer works).
pub async fn forget(map: &str) -> Result<(), JsValue> {
    let db = open().await?;
    let store = db
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?
        .object_store(STORE)?;
    done(&store.delete(&JsValue::from_str(map))?).await?;
    db.close();
    Ok(())
}
