//! Calls to the server's JSON API.

use crate::browser;
use crate::i18n::t;
use comap_shared::i18n::key;
use comap_shared::refusal::Refusal;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The server could not be reached, in the reader's language.
fn unreachable() -> String {
    t("unreachable")
}

/// Sends a request; `Err` when the server cannot be reached.
async fn send(
    method: &str,
    url: &str,
    body: Option<&serde_json::Value>,
    bearer: Option<&str>,
) -> Result<web_sys::Response, String> {
    let failed = |_| unreachable();
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
    let failed = |_| unreachable();
    let text = JsFuture::from(resp.text().map_err(failed)?)
        .await
        .map_err(failed)?;
    let text = text.as_string().unwrap_or_default();
    Ok(serde_json::from_str(&text).unwrap_or_default())
}

/// What to tell the person about an error answer: in their language where
/// its code says all there is to say, else the server's own message.
fn message_of(json: &serde_json::Value) -> String {
    if let Some(refusal) = Refusal::of_json(json) {
        return crate::i18n::t_with(refusal.key(), &refusal.args());
    }
    let worded = match json["error"].as_str() {
        Some("access_denied") => Some(key("refused-access")),
        Some("rate_limited") => Some(key("refused-too-many")),
        Some("unavailable") => Some(key("refused-unavailable")),
        Some("internal") => Some(key("refused-internal")),
        _ => None,
    };
    match (worded, json["message"].as_str()) {
        (Some(k), _) => t(k),
        (None, Some(message)) => message.to_string(),
        (None, None) => t("server-refused"),
    }
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
    answer_of(&resp).await
}

/// A response's JSON, or what to tell the person when it is an error.
async fn answer_of(resp: &web_sys::Response) -> Result<serde_json::Value, String> {
    let json = json_of(resp).await?;
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
    let failed = |_| unreachable();
    let blob = JsFuture::from(resp.blob().map_err(failed)?)
        .await
        .map_err(failed)?;
    blob.dyn_into().map_err(failed)
}

/// Sends a form's request and opens the page whose address the answer holds
/// in `field`. Until then `busy` is set; on failure it is cleared and
/// `error` says why (`not_found`, when given, for a `404`).
pub fn call_and_go(
    method: &'static str,
    url: String,
    body: Option<serde_json::Value>,
    field: &'static str,
    busy: leptos::prelude::RwSignal<bool>,
    error: leptos::prelude::RwSignal<Option<String>>,
    not_found: Option<String>,
) {
    use leptos::prelude::Set;
    busy.set(true);
    error.set(None);
    leptos::task::spawn_local(async move {
        let answer = match send(method, &url, body.as_ref(), None).await {
            Ok(resp) if resp.status() == 404 && not_found.is_some() => {
                Err(not_found.unwrap_or_default())
            }
            Ok(resp) => answer_of(&resp).await,
            Err(e) => Err(e),
        };
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
