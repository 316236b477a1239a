//! `comap backup`: a consistent copy of the server's database, made with
//! SQLite's online backup while the server runs (it reads the last commit;
//! the server goes on writing). The copy is written beside its name and
//! renamed once whole and checked, so a backup that exists is complete.

use anyhow::{Context, bail};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, clap::Parser)]
#[command(
    name = "comap backup",
    about = "Copy the server's database to a new file, while it runs."
)]
pub struct BackupArgs {
    /// The file to write (it must not exist yet). To restore, stop the
    /// server and put this file in its data directory as `comap.sqlite3`.
    pub destination: PathBuf,

    /// The server's data directory.
    #[arg(long, env = "COMAP_DATA_DIR", default_value = "./comap-data")]
    pub data_dir: PathBuf,
}

/// What a backup holds, for the line it prints.
#[derive(Debug, PartialEq, Eq)]
pub struct BackedUp {
    pub maps: i64,
    pub workshops: i64,
    pub bytes: u64,
}

/// Runs `comap backup`; the error says what to do about it.
pub fn run_cli(args: BackupArgs) -> anyhow::Result<()> {
    let done = back_up(&args.data_dir, &args.destination)?;
    println!(
        "Backed up {} maps and {} workshops ({:.1} MiB) to {}",
        done.maps,
        done.workshops,
        done.bytes as f64 / (1024.0 * 1024.0),
        args.destination.display()
    );
    Ok(())
}

/// Copies `data_dir`'s database to `destination` in one consistent step.
pub fn back_up(data_dir: &Path, destination: &Path) -> anyhow::Result<BackedUp> {
    let source_path = data_dir.join("comap.sqlite3");
    if !source_path.is_file() {
        bail!(
            "no Comap data in {} (give the server's --data-dir)",
            data_dir.display()
        );
    }
    if destination.exists() {
        bail!(
            "{} already exists; give a new file name, so no backup is overwritten",
            destination.display()
        );
    }
    let mut partial = destination.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let result = copy(&source_path, &partial);
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    let done = result?;
    std::fs::rename(&partial, destination)
        .with_context(|| format!("could not name the backup {}", destination.display()))?;
    Ok(done)
}

fn copy(source_path: &Path, partial: &Path) -> anyhow::Result<BackedUp> {
    let source = Connection::open_with_flags(source_path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("could not open {}", source_path.display()))?;
    source.busy_timeout(std::time::Duration::from_secs(10))?;
    let mut copy = Connection::open(partial)
        .with_context(|| format!("could not write {}", partial.display()))?;
    {
        // All pages in one step: one read of the last commit, so the copy
        // is consistent however busy the server is.
        let backup = rusqlite::backup::Backup::new(&source, &mut copy)?;
        backup.step(-1)?;
    }
    // The copy stands alone: no write-ahead log beside it.
    copy.pragma_update(None, "journal_mode", "DELETE")?;
    let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if check != "ok" {
        bail!("the copy failed SQLite's integrity check: {check}");
    }
    let count = |table: &str| -> anyhow::Result<i64> {
        Ok(copy.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?)
    };
    let done = BackedUp {
        maps: count("maps")?,
        workshops: count("workshops")?,
        bytes: 0,
    };
    drop(copy);
    let bytes = std::fs::metadata(partial)?.len();
    Ok(BackedUp { bytes, ..done })
}
