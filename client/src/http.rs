//! Calls to the server's JSON API.

use crate::browser;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const UNREACHABLE: &str = "Could not reach the Comap server. Please try again.";

/// Sends a request; `Err` when the server cannot be reached.
async fn send(
    method: &str,
    url: &str,
    body: Option<&serde_json::Value>,
    bearer: Option<&str>,
) -> Result<web_sys::Response, String> {
    let failed = |_| UNREACHABLE.to_string();
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().map_err(failed)?;
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(&body.to_string()));
        headers
            .set("content-type", "application/json")
            .map_err(failed)?;
    }
    if let Some(secret) = bearer {
        headers
            .set("authorization", &format!("Bearer {secret}"))
            .map_err(failed)?;
    }
    init.set_headers(&headers);
    let resp = JsFuture::from(browser::window().fetch_with_str_and_init(url, &init))
        .await
        .map_err(failed)?;
    resp.dyn_into().map_err(failed)
}

/// The body of a response as JSON (`Null` when it has none).
async fn json_of(resp: &web_sys::Response) -> Result<serde_json::Value, String> {
    let failed = |_| UNREACHABLE.to_string();
    let text = JsFuture::from(resp.text().map_err(failed)?)
        .await
        .map_err(failed)?;
    let text = text.as_string().unwrap_or_default();
    Ok(serde_json::from_str(&text).unwrap_or_default())
}

/// The server's own message from an error answer.
fn message_of(json: &serde_json::Value) -> String {
    json["message"]
        .as_str()
        .unwrap_or("The server could not do that. Please try again.")
        .to_string()
}

/// Sends a request and reads the JSON answer. `Ok` holds the answer of a 2xx
/// response (`Null` when it has no body); `Err` holds a message for the
/// person: the server's own when it gave one.
pub async fn call(
    method: &str,
    url: &str,
    body: Option<&serde_json::Value>,
    bearer: Option<&str>,
) -> Result<serde_json::Value, String> {
    let resp = send(method, url, body, bearer).await?;
    let json = json_of(&resp).await?;
    if resp.ok() {
        Ok(json)
    } else {
        Err(message_of(&json))
    }
}

/// Fetches a file (an export) as a blob, with the same errors as `call`.
pub async fn fetch_file(url: &str, bearer: &str) -> Result<web_sys::Blob, String> {
    let resp = send("GET", url, None, Some(bearer)).await?;
    if !resp.ok() {
        return Err(message_of(&json_of(&resp).await?));
    }
    let failed = |_| UNREACHABLE.to_string();
    let blob = JsFuture::from(resp.blob().map_err(failed)?)
        .await
        .map_err(failed)?;
    blob.dyn_into().map_err(failed)
}

/// Sends a form's request and opens the page whose address the answer holds
/// in `field`. Until then `busy` is set; on failure it is cleared and
/// `error` says why.
pub fn call_and_go(
    method: &'static str,
    url: String,
    body: Option<serde_json::Value>,
    field: &'static str,
    busy: leptos::prelude::RwSignal<bool>,
    error: leptos::prelude::RwSignal<Option<String>>,
) {
    use leptos::prelude::Set;
    busy.set(true);
    error.set(None);
    leptos::task::spawn_local(async move {
        let answer = call(method, &url, body.as_ref(), None).await;
        match answer.and_then(|json| {
            json[field]
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| crate::i18n::t("odd-answer").to_string())
        }) {
            Ok(address) => {
                let _ = browser::window().location().assign(&address);
            }
            Err(e) => {
                error.set(Some(e));
                busy.set(false);
            }
        }
    });
}
