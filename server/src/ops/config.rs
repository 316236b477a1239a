//! Command-line flags, each also read from an environment variable.

use clap::{Parser, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Parser)]
#[command(
    name = "comap",
    version,
    about = "Comap: co-map care pathways together, in real time.",
    after_help = "To write a map to a file: comap export <MAP_ID> --format csv|json|txt|automerge [-o FILE] (see comap export --help).\nTo back up the database while the server runs: comap backup <NEW FILE> [--data-dir DIR] (see comap backup --help)."
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "COMAP_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// Directory for the SQLite database (created when missing).
    #[arg(long, env = "COMAP_DATA_DIR", default_value = "./comap-data")]
    pub data_dir: PathBuf,

    /// Directory of the built client (what `cargo xtask run` builds with Trunk).
    #[arg(long, env = "COMAP_STATIC_DIR", default_value = "./dist")]
    pub static_dir: PathBuf,

    /// The address people use to reach Comap (for example
    /// https://comap.example.org): its pages may open WebSockets. Needed
    /// when Comap is reached by a name rather than an IP address.
    #[arg(long, env = "COMAP_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Another origin (scheme://host[:port]) whose pages may open WebSockets;
    /// repeat for several. Default: the public URL's, or the server's own
    /// when reached by an IP address or as localhost.
    #[arg(long, env = "COMAP_ALLOWED_ORIGIN", value_delimiter = ',')]
    pub allowed_origin: Vec<String>,

    /// The address of a reverse proxy in front of Comap (nginx, HAProxy):
    /// its connections are counted by the client it names last in
    /// `X-Forwarded-For`, not all as one client. Repeat for several. Give
    /// only your proxies' own addresses: anyone else could claim to be
    /// anyone.
    #[arg(long, env = "COMAP_TRUSTED_PROXY", value_delimiter = ',')]
    pub trusted_proxy: Vec<std::net::IpAddr>,

    /// Log format on stderr: `text` or `json` (one object per line).
    #[arg(long, env = "COMAP_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Seconds a map with nobody connected stays in memory before it is unloaded.
    #[arg(long, env = "COMAP_IDLE_UNLOAD_SECS", default_value_t = 60)]
    pub idle_unload_secs: u64,

    /// Largest WebSocket message accepted, in bytes.
    #[arg(long, env = "COMAP_MAX_FRAME_BYTES", default_value_t = 256 * 1024)]
    pub max_frame_bytes: usize,

    /// Most people connected to one map at once.
    #[arg(long, env = "COMAP_MAX_PEERS_PER_MAP", default_value_t = 100)]
    pub max_peers_per_map: usize,

    /// Messages per second one connection may send, sustained; bursts of four
    /// times as many are allowed.
    #[arg(long, env = "COMAP_MAX_MSGS_PER_SEC", default_value_t = 50)]
    pub max_msgs_per_sec: u32,

    /// Seconds a new connection has to send its hello.
    #[arg(long, env = "COMAP_HELLO_TIMEOUT_SECS", default_value_t = 10)]
    pub hello_timeout_secs: u64,

    /// Days a map is kept after it is made; then the server deletes it.
    #[arg(long, env = "COMAP_RETENTION_DAYS", default_value_t = 30)]
    pub retention_days: u32,

    /// Seconds between looks for expired maps to delete.
    #[arg(long, env = "COMAP_SWEEP_INTERVAL_SECS", default_value_t = 3600)]
    pub sweep_interval_secs: u64,

    /// Largest map stored, in bytes; changes beyond it are refused.
    #[arg(long, env = "COMAP_MAX_DOC_BYTES", default_value_t = 20 * 1024 * 1024)]
    pub max_doc_bytes: usize,

    /// Most maps held in memory at once; joins to further maps are asked to
    /// try again shortly.
    #[arg(long, env = "COMAP_MAX_OPEN_MAPS", default_value_t = 1000)]
    pub max_open_maps: usize,

    /// Most WebSocket connections from one client address. Generous, because
    /// a whole hospital may reach the server through one address.
    #[arg(long, env = "COMAP_MAX_CONNS_PER_ADDR", default_value_t = 256)]
    pub max_conns_per_addr: usize,

    /// Most TCP connections (page loads, API calls and WebSockets) from one
    /// client address at once; more are closed on arrival. In all, the
    /// server takes as many as its open-file limit allows.
    #[arg(long, env = "COMAP_MAX_HTTP_CONNS_PER_ADDR", default_value_t = 512)]
    pub max_http_conns_per_addr: usize,

    /// Maps one client address may make in an hour (a workshop makes one per
    /// room and its plenary), all at once if it likes.
    #[arg(long, env = "COMAP_MAX_MAPS_PER_HOUR_PER_ADDR", default_value_t = 200)]
    pub max_maps_per_hour_per_addr: u32,

    /// The most memory the server should use, in MiB: from nine tenths of
    /// it on, maps nobody is in are unloaded at once; at it, no map is
    /// opened until memory is back under it. Default: no budget.
    #[arg(long, env = "COMAP_MAX_MEMORY_MB")]
    pub max_memory_mb: Option<u64>,

    /// Reflection answers one client address may send in an hour (a whole
    /// class behind one address answers within minutes).
    #[arg(
        long,
        env = "COMAP_MAX_ANSWERS_PER_HOUR_PER_ADDR",
        default_value_t = 1200
    )]
    pub max_answers_per_hour_per_addr: u32,
}
