//! The page's colours, read from `client/style.css`, meet WCAG 2.2 AA:
//! 4.5:1 for text, 3:1 for the parts of controls and drawings people must
//! see (the kind colour of each card, the curve's lines, arrows).

use anyhow::{Context, Result, bail};
use comap_tests::workspace_root;

/// The value of `property` in the rule whose selector list is exactly `selector`.
fn css_value(css: &str, selector: &str, property: &str) -> Result<String> {
    let start = css
        .find(&format!("\n{selector} {{"))
        .or_else(|| css.starts_with(selector).then_some(0))
        .with_context(|| format!("no rule {selector}"))?;
    let body = &css[start..];
    let body =
        &body[body.find('{').context("rule body")? + 1..body.find('}').context("rule end")?];
    for decl in body.split(';') {
        if let Some((name, value)) = decl.split_once(':')
            && name.trim() == property
        {
            return Ok(value.trim().to_string());
        }
    }
    bail!("{selector} has no {property}")
}

/// A colour as written in the stylesheet: `#rgb`, `#rrggbb`, `var(--name)` or a
/// `border-left: … #rrggbb` shorthand.
fn colour(css: &str, value: &str) -> Result<[f64; 3]> {
    if let Some(name) = value.strip_prefix("var(").and_then(|v| v.strip_suffix(')')) {
        return colour(css, &css_value(css, ":root", name)?);
    }
    let hex = value
        .split_whitespace()
        .find(|w| w.starts_with('#'))
        .with_context(|| format!("no colour in {value:?}"))?;
    let hex = hex.trim_start_matches('#');
    let hex: String = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        6 => hex.to_string(),
        _ => bail!("write colours as #rgb or #rrggbb, not {value:?}"),
    };
    let channel = |i: usize| -> Result<f64> {
        Ok(f64::from(u8::from_str_radix(&hex[i..i + 2], 16)?) / 255.0)
    };
    Ok([channel(0)?, channel(2)?, channel(4)?])
}

fn luminance([r, g, b]: [f64; 3]) -> f64 {
    let lin = |c: f64| {
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

fn ratio(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn the_contrast_formula_is_right() {
    assert!((ratio([0.0; 3], [1.0; 3]) - 21.0).abs() < 1e-9);
    assert!((ratio([1.0; 3], [1.0; 3]) - 1.0).abs() < 1e-9);
    // #767676 on white is the well-known 4.54:1.
    let grey = [118.0 / 255.0; 3];
    assert!((ratio(grey, [1.0; 3]) - 4.54).abs() < 0.01);
}

#[test]
fn colours_meet_wcag_aa() -> Result<()> {
    let css = std::fs::read_to_string(workspace_root().join("client/style.css"))?;
    let css = format!("\n{css}");
    let white = "#ffffff";
    // (what, selector and property of the foreground, background colour, minimum)
    let text = 4.5;
    let part = 3.0;
    let mut checks: Vec<(String, String, String, f64)> = vec![
        (
            "body text".into(),
            css_value(&css, ":root", "color")?,
            css_value(&css, ":root", "background")?,
            text,
        ),
        (
            "muted text on white".into(),
            "var(--muted)".into(),
            white.into(),
            text,
        ),
        (
            "muted text on the page".into(),
            "var(--muted)".into(),
            css_value(&css, ":root", "background")?,
            text,
        ),
        (
            "buttons".into(),
            css_value(&css, "button", "color")?,
            white.into(),
            text,
        ),
        (
            "primary buttons".into(),
            css_value(&css, "button.primary", "color")?,
            css_value(&css, "button.primary", "background")?,
            text,
        ),
        (
            "danger buttons".into(),
            css_value(&css, "button.danger", "color")?,
            css_value(&css, "button.danger", "background")?,
            text,
        ),
        (
            "errors".into(),
            css_value(&css, ".error, .fatal, .notice", "color")?,
            white.into(),
            text,
        ),
        (
            "status".into(),
            css_value(&css, ".status", "color")?,
            css_value(&css, ".status", "background")?,
            text,
        ),
        (
            "status: connected".into(),
            css_value(&css, ".status.ok", "color")?,
            css_value(&css, ".status.ok", "background")?,
            text,
        ),
        (
            "facilitator badge".into(),
            css_value(&css, ".badge", "color")?,
            css_value(&css, ".badge", "background")?,
            text,
        ),
        (
            "stage headings".into(),
            css_value(&css, ".board th", "color")?,
            css_value(&css, ".board th", "background")?,
            text,
        ),
        (
            "vote counts".into(),
            css_value(&css, ".vote-count", "color")?,
            css_value(&css, ".vote-count", "background")?,
            text,
        ),
        (
            "privacy warning".into(),
            css_value(&css, ".privacy-warning", "color")?,
            css_value(&css, ".privacy-warning", "background")?,
            text,
        ),
        (
            "arrow lines".into(),
            css_value(&css, ".arrows line", "stroke")?,
            white.into(),
            part,
        ),
        (
            "curve: patients and carers".into(),
            css_value(&css, ".curve-cell .lived line", "stroke")?,
            css_value(&css, ".curve-row td.curve-cell", "background")?,
            part,
        ),
        (
            "curve: professionals".into(),
            css_value(&css, ".curve-cell .staff line", "stroke")?,
            css_value(&css, ".curve-row td.curve-cell", "background")?,
            part,
        ),
        (
            "control borders".into(),
            "var(--line)".into(),
            white.into(),
            part,
        ),
    ];
    for kind in [
        "step",
        "pain-point",
        "idea",
        "feeling",
        "what-matters",
        "question",
        "strength",
        "note",
    ] {
        let rule = format!(".kind-{kind}");
        let fill = css_value(&css, &rule, "background")?;
        checks.push((
            format!("kind colour of {kind}"),
            css_value(&css, &rule, "border-left-color")?,
            white.into(),
            part,
        ));
        // Cards are filled softly by kind: their words, the author's in
        // grey, and the kind colour itself stay readable on the fill.
        checks.push((
            format!("kind colour of {kind} on its card"),
            css_value(&css, &rule, "border-left-color")?,
            fill.clone(),
            part,
        ));
        checks.push((
            format!("card text on {kind}"),
            "var(--ink)".into(),
            fill.clone(),
            text,
        ));
        checks.push((
            format!("author on {kind}"),
            "var(--muted)".into(),
            fill,
            text,
        ));
    }
    checks.push((
        "vote badge".into(),
        css_value(&css, ".badge-votes", "color")?,
        css_value(&css, ".badge-votes", "background")?,
        text,
    ));
    let mut failures = Vec::new();
    for (what, fg, bg, min) in &checks {
        let r = ratio(colour(&css, fg)?, colour(&css, bg)?);
        if r < *min {
            failures.push(format!("{what}: {fg} on {bg} is {r:.2}:1, needs {min}:1"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    Ok(())
}

#[test]
fn exported_images_use_the_boards_kind_colours() -> Result<()> {
    let css = std::fs::read_to_string(workspace_root().join("client/style.css"))?;
    for kind in comap_shared::CardKind::ALL {
        let on_board = css_value(&css, &format!(".kind-{}", kind.key()), "border-left-color")?;
        let exported = comap_shared::layout::kind_colour(kind);
        assert_eq!(
            on_board.to_lowercase(),
            exported,
            "{kind:?}: the board and the exports must draw the same colour"
        );
    }
    Ok(())
}
