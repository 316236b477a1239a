//! `--look` in the page scenario: a CPU profile of the page's main thread,
//! printed by function (own time, and time with what it called) and saved
//! whole for Chromium's DevTools.

use anyhow::Result;
use comap_tests::browser::Page;
use std::time::Duration;

/// Samples the page's main thread for `span` and prints where the time
/// went, by function, most first (with `--look`).
pub async fn profile(page: &Page, span: Duration) -> Result<()> {
    page.cdp("Profiler.enable", serde_json::json!({})).await?;
    page.cdp("Profiler.start", serde_json::json!({})).await?;
    tokio::time::sleep(span).await;
    let p = page.cdp("Profiler.stop", serde_json::json!({})).await?;
    let p = &p["profile"];
    // The whole profile too, for a closer look (Chromium's DevTools opens it).
    let file = comap_tests::workspace_root().join("target/screenshots/page.cpuprofile");
    if let Err(e) = std::fs::write(&file, p.to_string()) {
        eprintln!("could not write {}: {e}", file.display());
    }
    let samples = p["samples"].as_array().map_or(0, Vec::len).max(1) as f64;
    let ms =
        (p["endTime"].as_f64().unwrap_or(0.0) - p["startTime"].as_f64().unwrap_or(0.0)) / 1000.0;
    let nodes = p["nodes"].as_array().cloned().unwrap_or_default();
    let name_of = |n: &serde_json::Value| {
        let f = &n["callFrame"];
        format!(
            "{} {}",
            f["functionName"].as_str().unwrap_or(""),
            f["url"]
                .as_str()
                .unwrap_or("")
                .rsplit('/')
                .next()
                .unwrap_or("")
        )
    };
    let per_hit = ms / samples;
    let mut own: std::collections::HashMap<String, f64> = std::collections::HashMap::new();
    for n in &nodes {
        *own.entry(name_of(n)).or_default() += n["hitCount"].as_f64().unwrap_or(0.0) * per_hit;
    }
    // Time in a function and all it called, each function counted once
    // per call path (so recursion is not counted twice).
    let by_id: std::collections::HashMap<i64, &serde_json::Value> = nodes
        .iter()
        .filter_map(|n| n["id"].as_i64().map(|id| (id, n)))
        .collect();
    let mut within: std::collections::HashMap<String, f64> = std::collections::HashMap::new();
    fn walk(
        id: i64,
        by_id: &std::collections::HashMap<i64, &serde_json::Value>,
        on_path: &mut Vec<String>,
        name_of: &dyn Fn(&serde_json::Value) -> String,
        within: &mut std::collections::HashMap<String, f64>,
        per_hit: f64,
    ) {
        let Some(n) = by_id.get(&id) else { return };
        let name = name_of(n);
        let pushed = !on_path.contains(&name);
        if pushed {
            on_path.push(name);
        }
        let hits = n["hitCount"].as_f64().unwrap_or(0.0) * per_hit;
        for f in on_path.iter() {
            *within.entry(f.clone()).or_default() += hits;
        }
        for c in n["children"].as_array().into_iter().flatten() {
            if let Some(c) = c.as_i64() {
                walk(c, by_id, on_path, name_of, within, per_hit);
            }
        }
        if pushed {
            on_path.pop();
        }
    }
    if let Some(root) = nodes.first().and_then(|n| n["id"].as_i64()) {
        walk(
            root,
            &by_id,
            &mut Vec::new(),
            &name_of,
            &mut within,
            per_hit,
        );
    }
    for (title, table) in [("self time", own), ("with what it called", within)] {
        let mut all: Vec<_> = table.into_iter().collect();
        all.sort_by(|a, b| b.1.total_cmp(&a.1));
        eprintln!("profile over {ms:.0} ms ({title}, ms):");
        for (name, t) in all.iter().take(30) {
            eprintln!("  {t:8.1}  {name}");
        }
    }
    Ok(())
}
