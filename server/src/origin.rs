//! Cross-site WebSocket hijacking defence: a browser always sends `Origin`
//! with a WebSocket upgrade; only the allowed origins (by default the server's
//! own) may open one. Clients that are not browsers send no `Origin`.

use axum::http::HeaderMap;
use axum::http::header::{HOST, ORIGIN};

/// Whether an upgrade with these headers may proceed.
pub fn allowed(headers: &HeaderMap, allowed_origins: &[String]) -> bool {
    let Some(origin) = headers.get(ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let origin = origin.trim_end_matches('/');
    if !allowed_origins.is_empty() {
        return allowed_origins
            .iter()
            .any(|a| a.trim_end_matches('/').eq_ignore_ascii_case(origin));
    }
    // Same origin: the Origin's host and port are the Host the request came to.
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .unwrap_or("");
    !host.is_empty() && origin_host.eq_ignore_ascii_case(host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(origin: Option<&'static str>, host: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(HOST, HeaderValue::from_static(host));
        if let Some(o) = origin {
            h.insert(ORIGIN, HeaderValue::from_static(o));
        }
        h
    }

    #[test]
    fn same_origin_by_default_and_listed_origins_when_given() {
        assert!(allowed(&headers(None, "127.0.0.1:8080"), &[]));
        assert!(allowed(
            &headers(Some("http://127.0.0.1:8080"), "127.0.0.1:8080"),
            &[]
        ));
        assert!(!allowed(
            &headers(Some("http://evil.example"), "127.0.0.1:8080"),
            &[]
        ));
        assert!(!allowed(
            &headers(Some("http://127.0.0.1:9999"), "127.0.0.1:8080"),
            &[]
        ));
        let list = vec!["https://comap.example.org".to_string()];
        assert!(allowed(
            &headers(Some("https://comap.example.org"), "10.0.0.5:8080"),
            &list
        ));
        assert!(!allowed(
            &headers(Some("http://127.0.0.1:8080"), "127.0.0.1:8080"),
            &list
        ));
    }
}
