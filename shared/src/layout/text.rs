//! Text laid out: wrapped to a width by the caller's `Measure`, line heights,
//! and lines placed in a box.

use super::*;

/// Wraps text into lines no wider than `max`: at spaces where it can, inside
/// a word only when the word alone is too wide. Line breaks in the text are
/// kept. Nothing is dropped.
pub fn wrap(m: &dyn Measure, text: &str, style: TextStyle, max: f32) -> Vec<String> {
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if m.width(&candidate, style) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            if m.width(word, style) <= max {
                line = word.to_string();
                continue;
            }
            // A word wider than the line: break it between characters.
            for c in word.chars() {
                let mut longer = line.clone();
                longer.push(c);
                if !line.is_empty() && m.width(&longer, style) > max {
                    out.push(std::mem::replace(&mut line, c.to_string()));
                } else {
                    line = longer;
                }
            }
        }
        out.push(line);
    }
    out
}

pub fn line_height(style: TextStyle) -> f32 {
    style.size * LINE
}

/// Adds wrapped lines from `top`; returns the y below them.
pub fn place_lines(
    texts: &mut Vec<Placed>,
    lines: Vec<String>,
    x: f32,
    top: f32,
    style: TextStyle,
    muted: bool,
) -> f32 {
    let step = line_height(style);
    let mut y = top;
    for text in lines {
        // The baseline sits about 0.8 of the size below the line's top,
        // centred in the line's extra height.
        let baseline = y + (step - style.size) / 2.0 + style.size * 0.8;
        texts.push(Placed {
            x,
            y: baseline,
            text,
            style,
            muted,
        });
        y += step;
    }
    y
}
