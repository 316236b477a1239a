//! QR codes drawn as SVG, for phones to join a room from a projected
//! dashboard. Only the facilitator's page uses this.

use leptos::prelude::*;
use qrcodegen::{QrCode, QrCodeEcc};

/// Modules of white space around the code, as scanners expect.
const QUIET: i32 = 4;

/// The code for `text` as one SVG path of unit squares (rows of dark
/// modules merged into runs), and the side of the whole image in modules.
fn path_of(text: &str) -> Option<(i32, String)> {
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = code.size();
    let mut d = String::new();
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !code.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && code.get_module(x, y) {
                x += 1;
            }
            d.push_str(&format!(
                "M{},{}h{}v1h-{}z",
                start + QUIET,
                y + QUIET,
                x - start,
                x - start
            ));
        }
    }
    Some((size + 2 * QUIET, d))
}

/// A QR code of `text`, black on white whatever the page's colours, with
/// `label` as its accessible name.
#[component]
pub fn QrImage(text: String, label: String) -> impl IntoView {
    path_of(&text).map(|(side, d)| {
        let view_box = format!("0 0 {side} {side}");
        view! {
            <svg class="qr" viewBox=view_box role="img" aria-label=label shape-rendering="crispEdges">
                <rect width=side.to_string() height=side.to_string() fill="#ffffff" />
                <path d=d fill="#000000" />
            </svg>
        }
    })
}
