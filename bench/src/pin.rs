//! Keeping the server and the load generator off each other's core while a
//! fan-out runs (`taskset`, util-linux): the server on the first core, this
//! process (every thread) on the second.

use anyhow::{Context, Result, ensure};
use std::process::Command;

fn taskset(cores: &str, pid: u32) -> Result<()> {
    let status = Command::new("taskset")
        .args(["-a", "-cp", cores, &pid.to_string()])
        .stdout(std::process::Stdio::null())
        .status()
        .context("running taskset (util-linux)")?;
    ensure!(status.success(), "taskset {cores} {pid} failed: {status}");
    Ok(())
}

/// The cores this process may run on before any pinning: read once, since
/// once pinned the process itself sees only its one core.
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The server's threads on core 0, the load generator's on core 1.
pub fn server_and_load_generator(server: u32) -> Result<()> {
    ensure!(cores() >= 2, "pinning needs two cores");
    taskset("0", server)?;
    taskset("1", std::process::id())
}

/// The load generator free to run on every core again.
pub fn release_load_generator() -> Result<()> {
    taskset(&format!("0-{}", cores() - 1), std::process::id())
}
