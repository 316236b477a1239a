//! The load generator's command line: which scenarios run, against which
//! server, and how (`--quick`, `--pin`, `--fanout`, …).

use crate::fanout::{Fanout, Receivers};
use anyhow::{Result, bail};
use comap_tests::workspace_root;
use std::path::PathBuf;

pub struct Args {
    pub quick: bool,
    /// Only the export scenario (full sizes), printed: for working on the
    /// renderer without the 13-minute run.
    pub export_only: bool,
    /// Only the comparison with the reference servers, printed.
    pub reference_only: bool,
    /// Only the cold-load scenario, printed.
    pub cold_only: bool,
    /// Only the workshop scenario, printed.
    pub workshop_only: bool,
    /// Only the long-history scenario, printed.
    pub history_only: bool,
    /// Only the compaction-under-load scenario, printed.
    pub compaction_only: bool,
    /// Server on one core, load generator on the other (`--pin`, with
    /// `--fanout` or `--compaction-only`).
    pub pin: bool,
    /// Only the page-while-others-edit scenario, printed.
    pub page_only: bool,
    /// That scenario's runs, if not the full set (`--page-run CARDSxEDITORS`).
    pub page_runs: Vec<(usize, usize)>,
    /// Only the big map's first open in the browser (`--page-open`).
    pub page_open_only: bool,
    /// Screenshots of the page in the middle of each run, in
    /// target/screenshots (`--look`): to see that it stays smooth.
    pub look: bool,
    /// One fan-out run given on the command line (`MAPSxCLIENTSxRATExSECS`),
    /// printed alone as its table: for trying a design change.
    pub custom: Option<Fanout>,
    pub server: PathBuf,
    pub command: String,
}

pub fn parse_args() -> Result<Args> {
    let root = workspace_root();
    let mut args = Args {
        quick: false,
        export_only: false,
        reference_only: false,
        cold_only: false,
        workshop_only: false,
        history_only: false,
        compaction_only: false,
        pin: false,
        page_only: false,
        page_runs: Vec::new(),
        page_open_only: false,
        look: false,
        custom: None,
        server: root.join("target/release/comap"),
        command: "cargo xtask bench".into(),
    };
    let (mut server_only, mut pinned) = (false, false);
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--quick" => {
                args.quick = true;
                args.command.push_str(" --quick");
            }
            "--export-only" => args.export_only = true,
            "--reference-only" => args.reference_only = true,
            "--cold-only" => args.cold_only = true,
            "--workshop-only" => args.workshop_only = true,
            "--history-only" => args.history_only = true,
            "--compaction-only" => args.compaction_only = true,
            "--page-only" => args.page_only = true,
            "--look" => args.look = true,
            "--page-open" => {
                args.page_only = true;
                args.page_open_only = true;
            }
            "--page-run" => {
                let spec = it.next().unwrap_or_default();
                let Some((cards, editors)) = spec
                    .split_once('x')
                    .and_then(|(c, e)| Some((c.parse().ok()?, e.parse().ok()?)))
                else {
                    bail!("--page-run needs CARDSxEDITORS, e.g. 2000x20, not {spec:?}");
                };
                args.page_only = true;
                args.page_runs.push((cards, editors));
            }
            "--server" => match it.next() {
                Some(p) => {
                    args.command.push_str(&format!(" --server {p}"));
                    args.server = PathBuf::from(p);
                }
                None => bail!("--server needs a path"),
            },
            "--fanout" => {
                let spec = it.next().unwrap_or_default();
                args.custom = Some(parse_fanout(&spec)?);
                args.command.push_str(&format!(" --fanout {spec}"));
            }
            "--server-only" => {
                server_only = true;
                args.command.push_str(" --server-only");
            }
            "--pin" => {
                pinned = true;
                args.command.push_str(" --pin");
            }
            other => bail!(
                "unknown argument {other:?} (expected --quick, --export-only, --reference-only, --cold-only, --workshop-only, --history-only, --compaction-only, --page-only, --page-run CARDSxEDITORS, --page-open, --look, --server PATH, --fanout MAPSxCLIENTSxRATExSECS [--server-only] [--pin])"
            ),
        }
    }
    args.pin = pinned;
    if let Some(f) = args.custom.as_mut() {
        f.pinned = pinned;
        if server_only {
            f.receivers = Receivers::ServerOnly;
        }
    } else if server_only || (pinned && !args.compaction_only) {
        bail!("--server-only goes with --fanout, --pin with --fanout or --compaction-only");
    }
    Ok(args)
}

/// `8x25x1x60`: 8 maps of 25 clients, 1 edit/s each, for 60 s.
pub fn parse_fanout(spec: &str) -> Result<Fanout> {
    let parts: Vec<f64> = spec
        .split('x')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| anyhow::anyhow!("--fanout wants MAPSxCLIENTSxRATExSECS, not {spec:?}"))?;
    let [maps, clients, rate, secs] = parts[..] else {
        bail!("--fanout wants MAPSxCLIENTSxRATExSECS, not {spec:?}");
    };
    if maps < 1.0 || clients < 2.0 || rate <= 0.0 || secs <= 0.0 {
        bail!("--fanout needs at least 1 map, 2 clients, and a positive rate and time");
    }
    Ok(Fanout::new(maps as usize, clients as usize, rate, secs))
}
