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

/// The server's threads on core 0, the load generator's on core 1.
pub fn server_and_load_generator(server: u32) -> Result<()> {
    ensure!(
        std::thread::available_parallelism().map_or(0, |n| n.get()) >= 2,
        "pinning needs two cores"
    );
    taskset("0", server)?;
    taskset("1", std::process::id())
}

/// The load generator free to run anywhere again.
pub fn release_load_generator() -> Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    taskset(&format!("0-{}", cores - 1), std::process::id())
}
