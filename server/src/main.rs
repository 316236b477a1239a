//! `comap`: the Comap server.

use clap::Parser;
use comap_server::Config;
use std::io::Write;

/// jemalloc, which gives back the memory a large map's load needed once the
/// load is over; glibc's malloc kept it (46 against 17 MiB per open
/// 2,000-card, 50,000-change map: BENCHMARKS.md). Tuned in .cargo/config.toml.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    if std::env::args().nth(1).as_deref() == Some("export") {
        let args = comap_server::export::ExportArgs::parse_from(std::env::args().skip(1));
        return comap_server::export::run_cli(args).await;
    }
    if std::env::args().nth(1).as_deref() == Some("backup") {
        let args = comap_server::ops::backup::BackupArgs::parse_from(std::env::args().skip(1));
        return comap_server::ops::backup::run_cli(args);
    }
    let config = Config::parse();
    comap_server::ops::logging::init(config.log_format);
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    // Tests and scripts read this line to learn the port (with --addr :0).
    println!("Comap listening on http://{addr}");
    std::io::stdout().flush()?;
    comap_server::serve(config, listener, shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
    tracing::info!("shutting down");
}
