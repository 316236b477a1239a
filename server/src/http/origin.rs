//! Cross-site WebSocket hijacking defence: a browser always sends `Origin`
//! with a WebSocket upgrade; only the allowed origins may open one. Those
//! are the configured ones (`--public-url`, `--allowed-origin`); with none
//! configured, the server's own origin when it is reached by an IP address
//! or as `localhost`. A name is never taken from the request itself: a
//! page on an attacker's name that resolves to this server (DNS
//! rebinding) sends an Origin that matches its Host. Clients that are not
//! browsers send no `Origin`.

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
    // Same origin: the Origin's host and port are the Host the request came
    // to, and that host is an address or localhost (not a name anyone could
    // point here).
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .unwrap_or("");
    !host.is_empty() && origin_host.eq_ignore_ascii_case(host) && names_no_one_else(host)
}

/// Whether `host` (with its port, as in a Host header) is an IP address or
/// localhost.
fn names_no_one_else(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        // [v6]:port
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok()
}

/// The origin (`scheme://host[:port]`) of a public URL such as
/// `https://comap.example.org/` or `https://example.org:8443/comap`.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split('/').next()?;
    (matches!(scheme, "http" | "https") && !host.is_empty()).then(|| {
        format!(
            "{}://{}",
            scheme.to_ascii_lowercase(),
            host.to_ascii_lowercase()
        )
    })
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
        // A name that resolves here (DNS rebinding) is not the same origin.
        assert!(!allowed(
            &headers(Some("http://evil.example:8080"), "evil.example:8080"),
            &[]
        ));
        assert!(allowed(
            &headers(Some("http://localhost:8080"), "localhost:8080"),
            &[]
        ));
        assert!(allowed(
            &headers(Some("http://[::1]:8080"), "[::1]:8080"),
            &[]
        ));
        assert_eq!(
            origin_of("https://Comap.Example.org/workshops").as_deref(),
            Some("https://comap.example.org")
        );
        assert_eq!(origin_of("comap.example.org"), None);
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
