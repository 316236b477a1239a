//! The pages' catalogues (`GET /locales/<code>.ftl`, and the facilitator's
//! page's part under `/locales/facilitator/`): a page fetches its language's
//! words when it opens and when another language is chosen. Sent gzipped
//! to browsers that take it, with an ETag so an unchanged catalogue costs a
//! `304` on the next visit.

use axum::extract::Path;
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use comap_shared::i18n::{self, Language};
use std::hash::{Hash, Hasher};
use std::io::Write;

/// `GET /locales/<code>.ftl`: the words every page shares.
pub async fn catalogue(Path(file): Path<String>, headers: HeaderMap) -> Response {
    serve(&file, i18n::source, &headers)
}

/// `GET /locales/facilitator/<code>.ftl`: the facilitator's page's words.
pub async fn facilitator(Path(file): Path<String>, headers: HeaderMap) -> Response {
    serve(&file, i18n::facilitator_source, &headers)
}

fn serve(file: &str, part: fn(Language) -> &'static str, headers: &HeaderMap) -> Response {
    let language = file
        .strip_suffix(".ftl")
        .filter(|code| code.chars().all(|c| c.is_ascii_lowercase()))
        .and_then(Language::from_code);
    let Some(language) = language else {
        return (StatusCode::NOT_FOUND, "no such language").into_response();
    };
    let text = part(language);
    let tag = etag(text);
    let mut out = if headers
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|asked| asked.split(',').any(|t| t.trim() == tag))
    {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        match gzip(text).filter(|_| takes_gzip(headers)) {
            Some(packed) => {
                let mut r = packed.into_response();
                r.headers_mut()
                    .insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
                r
            }
            None => text.into_response(),
        }
    };
    let h = out.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    // A new server may bring new words: asked again each time, answered
    // with `304` when unchanged.
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(VARY, HeaderValue::from_static("accept-encoding"));
    if let Ok(v) = HeaderValue::from_str(&tag) {
        h.insert(ETAG, v);
    }
    out
}

/// The catalogue's version: a hash of its text, quoted as ETags are.
fn etag(text: &str) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    format!("\"{:016x}\"", hasher.finish())
}

fn takes_gzip(headers: &HeaderMap) -> bool {
    headers
        .get(ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|e| e.split(';').next().is_some_and(|e| e.trim() == "gzip"))
        })
}

fn gzip(text: &str) -> Option<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(text.as_bytes()).ok()?;
    enc.finish().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(file: &str, asked: &[(&str, &str)]) -> Response {
        let mut headers = HeaderMap::new();
        for (k, v) in asked {
            if let (Ok(k), Ok(v)) = (
                axum::http::HeaderName::from_bytes(k.as_bytes()),
                HeaderValue::from_str(v),
            ) {
                headers.insert(k, v);
            }
        }
        serve(file, i18n::source, &headers)
    }

    #[test]
    fn catalogues_are_gzipped_when_taken_and_304_when_unchanged() {
        let plain = get("sv.ftl", &[]);
        assert_eq!(plain.status(), StatusCode::OK);
        assert!(plain.headers().get(CONTENT_ENCODING).is_none());
        let packed = get("sv.ftl", &[("accept-encoding", "br, gzip;q=0.8")]);
        assert_eq!(packed.headers()[CONTENT_ENCODING], "gzip");
        let tag = plain.headers()[ETAG]
            .to_str()
            .unwrap_or_default()
            .to_string();
        assert_eq!(tag, etag(i18n::SV_SOURCE));
        assert_ne!(tag, etag(i18n::EN_SOURCE), "each catalogue its own tag");
        let again = get("sv.ftl", &[("if-none-match", &tag)]);
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        let old = get("sv.ftl", &[("if-none-match", "\"0\"")]);
        assert_eq!(old.status(), StatusCode::OK);
        for missing in ["xx.ftl", "SV.ftl", "sv.txt", "../sv.ftl"] {
            assert_eq!(
                get(missing, &[]).status(),
                StatusCode::NOT_FOUND,
                "{missing}"
            );
        }
    }

    #[test]
    fn a_gzipped_catalogue_inflates_to_its_text() {
        use std::io::Read;
        let packed = gzip(i18n::EN_SOURCE).unwrap_or_default();
        assert!(packed.len() < i18n::EN_SOURCE.len() / 2);
        let mut text = String::new();
        let read = flate2::read::GzDecoder::new(packed.as_slice()).read_to_string(&mut text);
        assert!(read.is_ok());
        assert_eq!(text, i18n::EN_SOURCE);
    }
}
