//! What every HTTP exchange meets besides its handler: requests that change
//! something carry JSON (so no other web page can make a visitor's browser
//! post a plain form or text here: those are "simple" requests a browser
//! sends cross-site without asking), and every response carries headers
//! that keep pages from being framed, sniffed or given other sites'
//! scripts.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// How long a request's body may take to arrive.
pub const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Refuses a request with a body that is not JSON (415), for the API.
pub async fn json_only(req: Request, next: Next) -> Response {
    let changes = matches!(*req.method(), Method::POST | Method::PUT | Method::PATCH);
    if changes && req.uri().path().starts_with("/api/") && !is_json(req.headers()) {
        let body = axum::Json(json!({
            "error": "unsupported_media_type",
            "message": "Send JSON, with Content-Type: application/json.",
        }));
        return (StatusCode::UNSUPPORTED_MEDIA_TYPE, body).into_response();
    }
    next.run(req).await
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
}

/// The headers every response carries. `scripts` are the hashes
/// (`'sha256-…'`) of the inline scripts the built pages start with.
#[derive(Clone)]
pub struct SecurityHeaders {
    csp: HeaderValue,
}

impl SecurityHeaders {
    pub fn new(scripts: &[String]) -> SecurityHeaders {
        let csp = content_security_policy(scripts);
        SecurityHeaders {
            csp: HeaderValue::from_str(&csp)
                .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'")),
        }
    }
}

/// Only the page's own scripts (and the inline starters it was built
/// with) and WebAssembly; connections only to this server; never framed.
pub fn content_security_policy(scripts: &[String]) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for s in scripts {
        script_src.push(' ');
        script_src.push_str(s);
    }
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; font-src 'self'; connect-src 'self' blob:; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

pub async fn add_headers(
    axum::extract::State(headers): axum::extract::State<SecurityHeaders>,
    req: Request,
    next: Next,
) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, headers.csp.clone());
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    resp
}

/// The `'sha256-…'` sources of the inline `<script>` elements of the
/// built pages' HTML files (Trunk starts the WebAssembly with one).
pub fn inline_script_hashes(pages: &[std::path::PathBuf]) -> Vec<String> {
    use base64::Engine;
    use sha2::Digest;
    let mut out = Vec::new();
    for page in pages {
        let Ok(html) = std::fs::read_to_string(page) else {
            continue;
        };
        for script in inline_scripts(&html) {
            let digest = sha2::Sha256::digest(script.as_bytes());
            out.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The text of each `<script …>…</script>` without a `src`.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body_start = open_end + 1;
        let Some(close) = after[body_start..].find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            out.push(&after[body_start..body_start + close]);
        }
        rest = &after[body_start + close..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_recognised_with_or_without_a_charset() {
        let mut h = HeaderMap::new();
        assert!(!is_json(&h));
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        assert!(is_json(&h));
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("Application/JSON; charset=utf-8"),
        );
        assert!(is_json(&h));
        for other in [
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ] {
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(other));
            assert!(!is_json(&h), "{other}");
        }
    }

    #[test]
    fn inline_scripts_are_found_and_hashed() {
        let html = r#"<html><script type="module">init('/a.wasm');</script><script src="/x.js"></script><script>b()</script></html>"#;
        assert_eq!(inline_scripts(html), vec!["init('/a.wasm');", "b()"]);
        let dir = tempfile::tempdir().expect("dir");
        let page = dir.path().join("index.html");
        std::fs::write(&page, html).expect("write");
        let hashes = inline_script_hashes(&[page]);
        assert_eq!(hashes.len(), 2);
        assert!(
            hashes
                .iter()
                .all(|h| h.starts_with("'sha256-") && h.ends_with('\''))
        );
        let csp = content_security_policy(&hashes);
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains(&hashes[0]));
        assert!(!csp.contains("'unsafe-eval'"), "only WebAssembly's");
    }
}
