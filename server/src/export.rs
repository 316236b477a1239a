//! Exports of a map: the files that `GET /api/maps/<id>/export/<format>`
//! (`http::map_export`) and `comap export` on the command line give.
//! Both read what the store holds: every change is stored before it is
//! acknowledged, so that is everything anyone has seen saved.

use crate::error::StoreError;
use crate::render::image::{self as render, Fonts, RenderError};
use crate::render::pdf::Paper;
use crate::storage::store::Store;
use comap_shared::csv::Separator;
use comap_shared::export::{self, Format};
use comap_shared::i18n::{Language, built_in};
use comap_shared::read_map;
use std::path::PathBuf;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum ExportError {
    #[error("no map {0:?} in this data directory")]
    NoSuchMap(String),
    #[error("the stored map cannot be read as a map: {0}")]
    Unreadable(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Render(#[from] RenderError),
}

/// How a file is written: images' size, background and paper, and the
/// words' language and the CSV's separator.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// 1, 2 or 4 pixels per CSS pixel (PNG only).
    pub scale: u32,
    /// No page colour behind the map.
    pub transparent: bool,
    /// PDF only: the paper, landscape.
    pub paper: Paper,
    /// PDF only: a cover page first.
    pub cover: bool,
    /// Where the built client, with its `fonts/`, is.
    pub static_dir: PathBuf,
    /// The language of the file's own words (headings, kinds, roles); the
    /// map's own language when `None`.
    pub language: Option<Language>,
    /// CSV only: what separates the fields.
    pub separator: Separator,
}

/// `comap export <map-id> --format csv -o file`: exports straight from a
/// data directory (the server may be running; SQLite lets both read).
#[derive(Debug, Clone, clap::Parser)]
#[command(
    name = "comap export",
    about = "Write a map to a file, from the data directory."
)]
pub struct ExportArgs {
    /// The map's id (the part of its link after `/m/`, before `#`). Ids may
    /// begin with `-`.
    #[arg(allow_hyphen_values = true)]
    pub map_id: String,

    /// png, svg, csv, json, txt or automerge.
    #[arg(long, default_value = "csv")]
    pub format: String,

    /// PNG only: 1, 2 or 4 pixels per point of the map.
    #[arg(long, default_value_t = 2)]
    pub scale: u32,

    /// PNG and SVG: no white page behind the map.
    #[arg(long)]
    pub transparent: bool,

    /// PDF only: a4 or a3 (landscape).
    #[arg(long, default_value = "a4")]
    pub paper: String,

    /// PDF only: a cover page first (title, purpose, date, what the map holds).
    #[arg(long)]
    pub cover: bool,

    /// The language of the file's headings, kinds and roles: en or sv.
    /// Default: the language the map was made in.
    #[arg(long)]
    pub language: Option<String>,

    /// CSV only: the field separator, `,` (default), `;` (what Excel
    /// expects in Sweden and elsewhere decimals take a comma) or `tab`.
    #[arg(long, default_value = ",")]
    pub csv_separator: String,

    /// The file to write; `-` for standard output. Default: the map's title
    /// with the format's extension, in the current directory.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,

    /// The server's data directory.
    #[arg(long, env = "COMAP_DATA_DIR", default_value = "./comap-data")]
    pub data_dir: PathBuf,

    /// The built client, whose `fonts/` images are drawn with.
    #[arg(long, env = "COMAP_STATIC_DIR", default_value = "./dist")]
    pub static_dir: PathBuf,
}

/// Runs `comap export`; the error says what to do about it.
pub async fn run_cli(args: ExportArgs) -> anyhow::Result<()> {
    use std::io::Write;
    let format = Format::from_key(&args.format).ok_or_else(|| {
        let known: Vec<&str> = Format::ALL.iter().map(|f| f.key()).collect();
        anyhow::anyhow!(
            "unknown format {:?}; choose one of {}",
            args.format,
            known.join(", ")
        )
    })?;
    if !args.data_dir.join("comap.sqlite3").is_file() {
        anyhow::bail!(
            "no Comap data in {} (give the server's --data-dir)",
            args.data_dir.display()
        );
    }
    if !render::SCALES.contains(&args.scale) {
        anyhow::bail!("--scale must be 1, 2 or 4");
    }
    let paper =
        Paper::from_key(&args.paper).ok_or_else(|| anyhow::anyhow!("--paper must be a4 or a3"))?;
    let language = match &args.language {
        None => None,
        Some(code) => Some(Language::from_code(code).ok_or_else(|| {
            let known: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
            anyhow::anyhow!("--language must be one of {}", known.join(", "))
        })?),
    };
    let separator = Separator::parse(&args.csv_separator)
        .ok_or_else(|| anyhow::anyhow!("--csv-separator must be ',', ';' or 'tab'"))?;
    let store = Store::open(&args.data_dir)?;
    let options = ExportOptions {
        scale: args.scale,
        transparent: args.transparent,
        paper,
        cover: args.cover,
        static_dir: args.static_dir.clone(),
        language,
        separator,
    };
    let file = export(&store, &args.map_id, format, &options).await?;
    match args.output {
        Some(path) if path.as_os_str() == "-" => std::io::stdout().write_all(&file.bytes)?,
        Some(path) => write_file(&path, &file.bytes)?,
        None => write_file(std::path::Path::new(&file.file_name), &file.bytes)?,
    }
    Ok(())
}

fn write_file(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    eprintln!("wrote {} ({} bytes)", path.display(), bytes.len());
    Ok(())
}

/// An exported file: its bytes and the name to save it under.
pub struct Exported {
    pub bytes: Vec<u8>,
    pub file_name: String,
}

/// The map as a file of this format, from what the store holds.
pub async fn export(
    store: &Store,
    id: &str,
    format: Format,
    options: &ExportOptions,
) -> Result<Exported, ExportError> {
    let stored = store
        .load(id.to_string())
        .await?
        .ok_or_else(|| ExportError::NoSuchMap(id.to_string()))?;
    let mut doc = stored.doc()?;
    let view = read_map(&doc).map_err(|e| ExportError::Unreadable(e.to_string()))?;
    let title = view.title.clone();
    let words = built_in(options.language.unwrap_or(view.language));
    let bytes = match format {
        Format::Png | Format::Svg | Format::Pdf => {
            let fonts = Fonts::load(&options.static_dir)?;
            let (scale, transparent) = (options.scale, options.transparent);
            let pdf = crate::render::pdf::PdfOptions {
                paper: options.paper,
                cover: options.cover,
                date: crate::render::dates::long_date(crate::clock::now_ms(), words),
                words,
            };
            // A workshop's plenary prints the workshop's actions too.
            let actions = match format {
                Format::Pdf => store.plenary_actions(id.to_string()).await?,
                _ => Vec::new(),
            };
            // Drawing a large map takes a while: off the async workers.
            tokio::task::spawn_blocking(move || match format {
                Format::Png => render::png_file(&fonts, &view, scale, transparent, words),
                Format::Pdf => crate::render::pdf::pdf_file(&fonts, &view, &pdf, &actions),
                _ => render::svg_file(&fonts, &view, transparent, words).map(String::into_bytes),
            })
            .await
            .map_err(|e| StoreError::Task(e.to_string()))??
        }
        Format::Csv => export::to_csv(&view, words, options.separator).into_bytes(),
        Format::Json => export::to_json(&view).into_bytes(),
        Format::Text => comap_shared::summary::summary(&view, words).into_bytes(),
        Format::Automerge => doc.save(),
    };
    Ok(Exported {
        bytes,
        file_name: format.file_name(&title),
    })
}

/// "2026-12-02 14:05" for a time in milliseconds since the epoch (UTC).
pub fn utc_time(ms: i64) -> String {
    let (year, month, day) = crate::render::zip_write::civil(ms.div_euclid(86_400_000));
    let minutes = ms.rem_euclid(86_400_000) / 60_000;
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}",
        minutes / 60,
        minutes % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_are_written_in_utc() {
        assert_eq!(super::utc_time(1_798_675_199_000), "2026-12-30 23:59");
        assert_eq!(super::utc_time(60_000), "1970-01-01 00:01");
    }
}
