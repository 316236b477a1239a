//! Files drawn from a map's view, with nothing of the server in them: SVG
//! and PNG (`image`, `glyphs`, `png_encode`), PDF (`pdf` and its pages) and
//! ZIP archives (`zip_write`), dates in words (`dates`).

pub mod dates;
pub mod glyphs;
pub mod image;
pub mod pdf;
mod pdf_actions;
mod pdf_arrows;
mod pdf_cover;
mod pdf_plan;
pub mod png_encode;
pub mod zip_write;
