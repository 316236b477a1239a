//! `comap-bench`: starts the server, drives it with real clients, prints a
//! Markdown report and (unless `--quick`) writes it to BENCHMARKS.md.
//! Run it through `cargo xtask bench [--quick]`.

mod args;
mod board;
mod bundle;
mod client;
mod cold;
mod compaction;
mod export;
mod fanout;
mod history;
mod page;
mod page_open;
mod page_profile;
mod pin;
mod reference;
mod report;
mod stats;
mod tables;
mod workshop;

use anyhow::{Result, bail};
use args::{Args, parse_args};
use comap_tests::{Server, workspace_root};
use fanout::Fanout;

/// The client bundle budget (as the server sends it over HTTPS, all assets of one page).
const BUNDLE_BUDGET_KIB: u64 = 600;

/// The cold-load scenario: 2,000 cards and 50,000 changes, 20 loads (quick:
/// 100 cards, 1,000 changes, 3 loads).
async fn cold(args: &Args) -> Result<cold::ColdResult> {
    if args.quick {
        cold::run(&args.server, 100, 1_000, 3).await
    } else {
        cold::run(&args.server, 2_000, 50_000, 20).await
    }
}

/// The workshop scenario: 20 rooms × 6 people for 60 s (quick: 3 × 3 for
/// 10 s), each room's one more person adding cards, the dashboard open.
async fn workshop(args: &Args) -> Result<workshop::WorkshopResult> {
    let run = if args.quick {
        workshop::WorkshopRun {
            rooms: 3,
            people: 3,
            secs: 10.0,
        }
    } else {
        workshop::WorkshopRun {
            rooms: 20,
            people: 6,
            secs: 60.0,
        }
    };
    let dir = tempfile::tempdir()?;
    let server = Server::start_bin(&args.server, dir.path())?;
    eprintln!(
        "workshop: {} rooms × {} people for {} s, the dashboard open",
        run.rooms, run.people, run.secs
    );
    workshop::run(&server, run).await
}

/// How many times a fresh map's server CPU per edit a long history may cost
/// before the quick run (in CI) fails.
const QUICK_HISTORY_LIMIT: f64 = 2.0;
/// The same in a full run, reported as a missed target.
pub const HISTORY_LIMIT: f64 = 1.5;

/// The long-history scenario: maps of 200 and 2,000 cards, fresh and with
/// 10,000 and 50,000 changes of history, one editor at 10 edits/s and 20
/// editors at 1 edit/s (quick: 200 cards fresh and with 5,000 changes, one
/// editor at 20 edits/s for 10 s).
async fn history(args: &Args) -> Result<Vec<history::HistoryRow>> {
    use history::{HistoryMap, Workload};
    if args.quick {
        let maps = [
            HistoryMap::fresh(200),
            HistoryMap {
                cards: 200,
                changes: 5_000,
            },
        ];
        let loads = [Workload {
            editors: 1,
            edits_per_sec: 20.0,
            secs: 10.0,
        }];
        return history::run(&args.server, &maps, &loads).await;
    }
    let mut maps = Vec::new();
    for cards in [200, 2_000] {
        maps.push(HistoryMap::fresh(cards));
        for changes in [10_000, 50_000] {
            maps.push(HistoryMap { cards, changes });
        }
    }
    let loads = [
        Workload {
            editors: 1,
            edits_per_sec: 10.0,
            secs: 30.0,
        },
        Workload {
            editors: 20,
            edits_per_sec: 1.0,
            secs: 30.0,
        },
    ];
    history::run(&args.server, &maps, &loads).await
}

/// The page while others edit: maps of 200 and 2,000 cards, 5, 20 and 40
/// editors at 1 edit/s for 30 s (quick: 200 cards, 5 editors, 5 s).
async fn pages(args: &Args) -> Result<Vec<page::PageResult>> {
    use page::PageRun;
    let plan: Vec<(usize, Vec<usize>, f64)> = if args.quick {
        vec![(200, vec![5], 5.0)]
    } else if !args.page_runs.is_empty() {
        args.page_runs
            .iter()
            .map(|&(cards, editors)| (cards, vec![editors], 30.0))
            .collect()
    } else {
        vec![(200, vec![5, 20, 40], 30.0), (2_000, vec![5, 20, 40], 30.0)]
    };
    let mut out = Vec::new();
    for (cards, editors, secs) in plan {
        let runs: Vec<PageRun> = editors
            .into_iter()
            .map(|editors| PageRun {
                cards,
                editors,
                secs,
            })
            .collect();
        out.extend(page::run(&args.server, cards, &runs, args.look).await?);
    }
    Ok(out)
}

/// Comap beside the reference servers: one map at 10, 20 and 40 clients
/// (quick: 5), 1 edit/s each, 30 s (quick: 5 s).
async fn reference(args: &Args) -> Result<Vec<reference::Comparison>> {
    let (sizes, secs): (&[usize], f64) = if args.quick {
        (&[5], 5.0)
    } else {
        (&[10, 20, 40], 30.0)
    };
    let mut out = Vec::new();
    for &clients in sizes {
        let run = Fanout::new(1, clients, 1.0, secs);
        out.push(reference::compare(&args.server, run).await?);
    }
    Ok(out)
}

fn machine() -> String {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let mem_gib = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        })
        .map(|kib| kib / 1024.0 / 1024.0)
        .unwrap_or(0.0);
    format!(
        "{cores} cores, {mem_gib:.1} GiB memory, {}",
        std::env::consts::ARCH
    )
}

fn today() -> String {
    std::process::Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = parse_args()?;
    let root = workspace_root();
    if args.export_only {
        let mut md = String::new();
        tables::export_table(&mut md, &export::run(&root.join("dist"), args.quick)?);
        println!("{md}");
        return Ok(());
    }
    if args.cold_only {
        let mut md = String::new();
        tables::cold_table(&mut md, &cold(&args).await?);
        println!("{md}");
        return Ok(());
    }
    if args.workshop_only {
        let mut md = String::new();
        let w = workshop(&args).await?;
        tables::workshop_table(&mut md, &w);
        println!("{md}");
        for m in tables::workshop_missed(&w) {
            eprintln!("target missed: {m}");
        }
        return Ok(());
    }
    if args.page_only {
        let mut md = String::new();
        if !args.page_open_only {
            let rows = pages(&args).await?;
            page::table(&mut md, &rows);
        }
        if args.page_open_only || (!args.quick && args.page_runs.is_empty()) {
            let (cards, changes, loads) = (2_000, 50_000, 20);
            let open = page_open::run(&args.server, cards, changes, loads).await?;
            md.push('\n');
            page_open::table(&mut md, &open);
        }
        println!("{md}");
        return Ok(());
    }
    if args.compaction_only {
        return compaction::print(&args.server, args.quick, args.pin).await;
    }
    if args.history_only {
        let mut md = String::new();
        let rows = history(&args).await?;
        history::table(&mut md, &rows);
        println!("{md}");
        let limit = if args.quick {
            QUICK_HISTORY_LIMIT
        } else {
            HISTORY_LIMIT
        };
        let worse = history::regressions(&rows, limit);
        for m in &worse {
            eprintln!("target missed: {m}");
        }
        if args.quick && !worse.is_empty() {
            bail!("an edit costs more on a long history than on a fresh map");
        }
        return Ok(());
    }
    if args.reference_only {
        let mut md = String::new();
        tables::reference_table(&mut md, &reference(&args).await?);
        println!("{md}");
        return Ok(());
    }
    let (fanouts, ramp_steps, ramp_rate, ramp_secs) = if let Some(f) = args.custom {
        (vec![f], vec![], 0.5, 0.0)
    } else if args.quick {
        (
            vec![
                Fanout::new(2, 5, 1.0, 5.0),
                Fanout::new(2, 5, 1.0, 5.0).apart(),
            ],
            vec![5, 10],
            0.5,
            4.0,
        )
    } else {
        (
            vec![
                Fanout::new(8, 25, 1.0, 60.0),
                // The server measured apart from its clients.
                Fanout::new(8, 25, 1.0, 60.0).apart(),
                Fanout::new(1, 40, 1.0, 30.0).apart(),
            ],
            vec![10, 25, 50, 100],
            0.5,
            30.0,
        )
    };
    let mut fanout = Vec::new();
    for f in fanouts {
        let dir = tempfile::tempdir()?;
        let server = Server::start_bin(&args.server, dir.path())?;
        eprintln!(
            "fan-out: {} maps × {} clients × {} edits/s for {} s, {} receivers{}",
            f.maps,
            f.clients,
            f.edits_per_sec,
            f.secs,
            f.receivers.label(),
            if f.pinned { ", pinned" } else { "" }
        );
        fanout.push(fanout::run(&server, f).await?);
    }
    if args.custom.is_some() {
        // A design change tried on one fan-out: its table alone.
        let mut md = String::new();
        tables::fanout_table(&mut md, &fanout);
        println!("{md}");
        return Ok(());
    }
    let mut ramp = Vec::new();
    for clients in ramp_steps {
        let dir = tempfile::tempdir()?;
        let server = Server::start_bin(&args.server, dir.path())?;
        let f = Fanout::new(1, clients, ramp_rate, ramp_secs);
        eprintln!("ramp: 1 map × {clients} clients × {ramp_rate} edits/s for {ramp_secs} s");
        ramp.push(fanout::run(&server, f).await?);
    }
    let report = report::Report {
        command: args.command.clone(),
        machine: machine(),
        date: today(),
        server_build: args.server.display().to_string(),
        fanout,
        ramp,
        bundle: bundle::measure(&root.join("dist"))?,
        dashboard_bundle: bundle::measure(&root.join("dist/facilitator"))?,
        board: {
            let (cards, tries) = if args.quick { (100, 2) } else { (2000, 3) };
            eprintln!("board: {cards} cards in headless Chromium");
            board::run(&args.server, cards, tries).await?
        },
        export: {
            eprintln!("export: SVG and PNG of 500- and 2,000-card maps");
            export::run(&root.join("dist"), args.quick)?
        },
        bundle_budget_kib: BUNDLE_BUDGET_KIB,
        cold: cold(&args).await?,
        workshop: workshop(&args).await?,
        history: history(&args).await?,
        compaction: compaction::sized(&args.server, args.quick, true).await?,
        reference: reference(&args).await?,
    };
    let out = if args.quick {
        root.join("target/bench-quick.md")
    } else {
        root.join("BENCHMARKS.md")
    };
    // Hand-written notes at the end of the file survive a new run.
    let notes = std::fs::read_to_string(&out)
        .ok()
        .and_then(|old| old.find(report::NOTES).map(|i| old[i..].to_string()))
        .unwrap_or_default();
    let md = format!("{}\n{notes}", report.markdown());
    println!("{md}");
    std::fs::write(&out, &md)?;
    eprintln!("report written to {}", out.display());
    let missed = report.missed_targets();
    if args.quick {
        // Quick mode checks the harness and correctness, not speed: every
        // edit must reach every peer and the bundle must fit its budget.
        let lost: u64 = report
            .fanout
            .iter()
            .chain(&report.ramp)
            .map(|r| r.expected.saturating_sub(r.deliveries))
            .sum();
        let lost = lost
            + report
                .workshop
                .expected
                .saturating_sub(report.workshop.deliveries)
            + report
                .compaction
                .expected
                .saturating_sub(report.compaction.deliveries);
        if lost > 0 {
            bail!("{lost} edit deliveries never arrived");
        }
        if report.workshop.unseen > 0 || report.workshop.probes == 0 {
            bail!(
                "the dashboard never counted {} of {} new cards",
                report.workshop.unseen,
                report.workshop.probes
            );
        }
        if missed.iter().any(|m| m.starts_with("bundle")) {
            bail!("the client bundle is over its budget");
        }
        let worse = history::regressions(&report.history, QUICK_HISTORY_LIMIT);
        if !worse.is_empty() {
            bail!(
                "an edit costs more on a long history than on a fresh map:\n  {}",
                worse.join("\n  ")
            );
        }
    } else if !missed.is_empty() {
        eprintln!("targets missed:\n  {}", missed.join("\n  "));
    }
    Ok(())
}
