//! Words of the Export menu.

pub const EXPORT: &str = "Export";

pub const EXPORT_CHOICES: &str = "Export the map as";

pub const EXPORT_PNG: &str = "PNG image";

pub const EXPORT_SVG: &str = "SVG image";

pub const EXPORT_PDF: &str = "PDF document";

pub const EXPORT_PAPER: &str = "Paper (PDF, landscape)";

pub const EXPORT_PAPERS: [(&str, &str); 2] = [("a4", "A4"), ("a3", "A3")];

pub const EXPORT_SIZE: &str = "Image size (PNG)";

pub const EXPORT_SIZES: [(u32, &str); 3] = [
    (1, "Normal"),
    (2, "Large (for slides)"),
    (4, "Extra large (for print)"),
];

pub const EXPORT_TRANSPARENT: &str = "Transparent background";

pub const EXPORT_COVER: &str = "Cover page (PDF)";

pub const EXPORT_CSV: &str = "CSV spreadsheet";

pub const EXPORT_JSON: &str = "JSON data";

pub const EXPORT_TEXT: &str = "Text summary";

pub const EXPORT_AUTOMERGE: &str = "Automerge document";

pub const EXPORT_HINT: &str =
    "Exports hold what is saved on the server. People's names are left out; their roles are kept.";

/// "Preparing CSV spreadsheet…"
pub fn exporting(what: &str) -> String {
    format!("Preparing {what}\u{2026}")
}

pub const EXPORT_WORKING: &str = "Export in progress";

/// "3 s" once an export has taken a second or more.
pub fn seconds_so_far(seconds: u32) -> String {
    if seconds == 0 {
        String::new()
    } else {
        format!("{seconds} s")
    }
}

/// "Downloaded “Knee pain.csv”."
pub fn exported(file: &str) -> String {
    format!("Downloaded \u{201c}{file}\u{201d}.")
}

// Workshops and join codes.
