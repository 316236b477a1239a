//! Scenario 3a: the size of what a browser downloads.

use anyhow::{Context, Result};
use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone)]
pub struct Asset {
    pub kind: &'static str,
    pub raw: u64,
    /// gzip -9 of the file (what a server compressing on the fly would send).
    pub gzip: u64,
    /// What Comap's server sends a browser that accepts gzip but not
    /// brotli (plain HTTP): the precompressed `<file>.gz` beside the file
    /// (`cargo xtask` writes it), or gzip -9 where there is none.
    pub served_gzip: u64,
    /// What it sends a browser over HTTPS (every browser then accepts
    /// brotli): the precompressed `<file>.br`, or the gzip copy where there
    /// is none.
    pub served: u64,
}

fn gzip_len(bytes: &[u8]) -> Result<u64> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes)?;
    Ok(enc.finish()?.len() as u64)
}

/// Sizes of the wasm, JS, CSS and HTML in the built client, by kind.
pub fn measure(dist: &Path) -> Result<Vec<Asset>> {
    let mut out: Vec<Asset> = ["wasm", "js", "css", "html"]
        .iter()
        .map(|k| Asset {
            kind: k,
            raw: 0,
            gzip: 0,
            served_gzip: 0,
            served: 0,
        })
        .collect();
    let entries = std::fs::read_dir(dist)
        .with_context(|| format!("{} (build the client first)", dist.display()))?;
    for entry in entries {
        let path = entry?.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if let Some(a) = out.iter_mut().find(|a| a.kind == ext) {
            let bytes = std::fs::read(&path)?;
            let gzip = gzip_len(&bytes)?;
            let copy = |ext: &str| {
                let mut packed = path.clone().into_os_string();
                packed.push(ext);
                std::fs::metadata(&packed).ok().map(|m| m.len())
            };
            let served_gzip = copy(".gz").unwrap_or(gzip);
            a.raw += bytes.len() as u64;
            a.gzip += gzip;
            a.served_gzip += served_gzip;
            a.served += copy(".br").unwrap_or(served_gzip);
        }
    }
    Ok(out)
}

/// What a browser downloads over HTTPS, compressed as the server sends it.
pub fn served_total(assets: &[Asset]) -> u64 {
    assets.iter().map(|a| a.served).sum()
}
