//! The text of a PDF page as a reader would copy it, for the tests. Comap's
//! PDFs draw each page from form XObjects (svg2pdf output) whose fonts are
//! CID fonts with a ToUnicode map, which `lopdf`'s own `extract_text` does
//! not read: this walks the page's forms, decodes their text operators and
//! maps the glyph codes back to text through each font's ToUnicode map.

use anyhow::{Result, anyhow};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;

/// The text drawn on page `page` (numbered from 1), including text its
/// forms hold outside the part the page shows.
pub fn page_text(doc: &Document, page: u32) -> Result<String> {
    let id = *doc
        .get_pages()
        .get(&page)
        .ok_or_else(|| anyhow!("no page {page}"))?;
    let page = doc.get_dictionary(id)?;
    let mut out = String::new();
    if let Ok(resources) = resolve_dict(doc, page.get(b"Resources")?) {
        forms_text(doc, resources, &mut out, 0)?;
    }
    Ok(out)
}

fn resolve_dict<'a>(doc: &'a Document, o: &'a Object) -> Result<&'a Dictionary> {
    Ok(match o {
        Object::Reference(id) => doc.get_dictionary(*id)?,
        o => o.as_dict()?,
    })
}

/// The text of every form named in `resources`, and of the forms they name.
fn forms_text(doc: &Document, resources: &Dictionary, out: &mut String, depth: u32) -> Result<()> {
    if depth > 8 {
        return Ok(());
    }
    let Ok(objects) = resources
        .get(b"XObject")
        .map(|o| resolve_dict(doc, o).ok().cloned())
    else {
        return Ok(());
    };
    for (_, form) in objects.iter().flat_map(|x| x.iter()) {
        let Ok(id) = form.as_reference() else {
            continue;
        };
        let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
            continue;
        };
        let own = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| resolve_dict(doc, r).ok());
        let fonts = own.map(|r| fonts_of(doc, r)).unwrap_or_default();
        let bytes = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        let content = Content::decode(&bytes)?;
        let mut font: Option<&HashMap<u16, String>> = None;
        for op in &content.operations {
            match op.operator.as_str() {
                "Tf" => {
                    font = op
                        .operands
                        .first()
                        .and_then(|n| n.as_name().ok())
                        .and_then(|n| fonts.get(n));
                }
                "Tj" | "TJ" => {
                    let mut strings = Vec::new();
                    for o in &op.operands {
                        match o {
                            Object::String(s, _) => strings.push(s.clone()),
                            Object::Array(a) => strings.extend(a.iter().filter_map(|x| match x {
                                Object::String(s, _) => Some(s.clone()),
                                _ => None,
                            })),
                            _ => {}
                        }
                    }
                    for s in strings {
                        for pair in s.chunks(2) {
                            let code = match pair {
                                [a, b] => u16::from_be_bytes([*a, *b]),
                                [a] => u16::from(*a),
                                _ => continue,
                            };
                            if let Some(text) = font.and_then(|f| f.get(&code)) {
                                out.push_str(text);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some(r) = own {
            forms_text(doc, r, out, depth + 1)?;
        }
    }
    Ok(())
}

/// Each font of `resources` by name: glyph code to text.
fn fonts_of(doc: &Document, resources: &Dictionary) -> HashMap<Vec<u8>, HashMap<u16, String>> {
    let mut out = HashMap::new();
    let Some(fonts) = resources
        .get(b"Font")
        .ok()
        .and_then(|f| resolve_dict(doc, f).ok())
    else {
        return out;
    };
    for (name, font) in fonts.iter() {
        let map = font
            .as_reference()
            .ok()
            .and_then(|id| doc.get_dictionary(id).ok())
            .and_then(|f| f.get(b"ToUnicode").ok())
            .and_then(|t| t.as_reference().ok())
            .and_then(|id: ObjectId| doc.get_object(id).ok())
            .and_then(|o| o.as_stream().ok())
            .map(|s| {
                s.decompressed_content()
                    .unwrap_or_else(|_| s.content.clone())
            })
            .map(|cmap| to_unicode(&String::from_utf8_lossy(&cmap)))
            .unwrap_or_default();
        out.insert(name.clone(), map);
    }
    out
}

/// A ToUnicode CMap's `bfchar` and `bfrange` entries.
fn to_unicode(cmap: &str) -> HashMap<u16, String> {
    let hex = |s: &str| -> Option<Vec<u16>> {
        let s = s.trim().trim_start_matches('<').trim_end_matches('>');
        (0..s.len() / 4)
            .map(|i| u16::from_str_radix(s.get(4 * i..4 * i + 4)?, 16).ok())
            .collect()
    };
    let text = |units: &[u16]| String::from_utf16_lossy(units);
    let mut map = HashMap::new();
    let mut section = "";
    for line in cmap.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") || line.ends_with("beginbfrange") {
            section = if line.ends_with("beginbfchar") {
                "char"
            } else {
                "range"
            };
            continue;
        }
        if line.starts_with("endbf") {
            section = "";
            continue;
        }
        let parts: Vec<&str> = line
            .split('>')
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .collect();
        match (section, parts.as_slice()) {
            ("char", [code, uni]) => {
                if let (Some(c), Some(u)) = (hex(code), hex(uni))
                    && let Some(&c) = c.first()
                {
                    map.insert(c, text(&u));
                }
            }
            ("range", [lo, hi, start]) => {
                if let (Some(lo), Some(hi), Some(start)) = (hex(lo), hex(hi), hex(start))
                    && let (Some(&lo), Some(&hi), Some(&first)) =
                        (lo.first(), hi.first(), start.first())
                {
                    for (i, code) in (lo..=hi).enumerate() {
                        let unit = first.wrapping_add(i as u16);
                        map.insert(code, text(&[unit]));
                    }
                }
            }
            _ => {}
        }
    }
    map
}
