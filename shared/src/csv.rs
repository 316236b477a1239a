//! CSV as spreadsheets read it: a UTF-8 byte order mark first (without it,
//! Excel reads UTF-8 as its own code page and "Närstående" comes out
//! garbled), fields quoted when they must be, the separator the
//! spreadsheet expects, and people's text that a spreadsheet would take
//! for a formula made harmless.

/// A spreadsheet would run a cell starting with one of these as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// What every CSV file starts with: the UTF-8 byte order mark.
pub const BOM: char = '\u{feff}';

/// The separators a CSV export may use: `,` (the default), `;` (what Excel
/// expects where decimals are written with a comma, as in Sweden) and a tab.
pub const SEPARATORS: [char; 3] = [',', ';', '\t'];

/// How fields are separated; always one of [`SEPARATORS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Separator(char);

impl Default for Separator {
    fn default() -> Self {
        Separator(',')
    }
}

impl Separator {
    /// `None` for anything but `,`, `;` or a tab (also written `tab` or `\t`).
    pub fn parse(written: &str) -> Option<Separator> {
        let c = match written {
            "tab" | "\\t" => '\t',
            s => {
                let mut chars = s.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                c
            }
        };
        SEPARATORS.contains(&c).then_some(Separator(c))
    }

    pub fn char(self) -> char {
        self.0
    }
}

/// One CSV field: quoted when needed (RFC 4180), and text that a spreadsheet
/// would take for a formula gets a leading apostrophe so it stays text.
fn csv_field(out: &mut String, value: &str, is_text: bool, separator: Separator) {
    let guarded;
    // Spreadsheets skip leading spaces before they look for a formula.
    let value = if is_text && value.trim_start_matches(' ').starts_with(FORMULA_STARTS) {
        guarded = format!("'{value}");
        guarded.as_str()
    } else {
        value
    };
    if value.contains([separator.0, '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// A new CSV file: the byte order mark, then the heading row.
pub fn csv_start(headings: &[String], separator: Separator) -> String {
    let mut out = String::from(BOM);
    csv_row_with(
        &mut out,
        &headings
            .iter()
            .map(|h| (h.clone(), false))
            .collect::<Vec<_>>(),
        separator,
    );
    out
}

/// One row, comma-separated; `is_text` marks people's words (guarded
/// against formulas).
pub fn csv_row(out: &mut String, fields: &[(String, bool)]) {
    csv_row_with(out, fields, Separator::default());
}

pub fn csv_row_with(out: &mut String, fields: &[(String, bool)], separator: Separator) {
    for (i, (value, is_text)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(separator.0);
        }
        csv_field(out, value, *is_text, separator);
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_read_and_quoted_around() {
        assert_eq!(Separator::parse(";").map(Separator::char), Some(';'));
        assert_eq!(Separator::parse("tab").map(Separator::char), Some('\t'));
        assert_eq!(Separator::parse(","), Some(Separator::default()));
        assert_eq!(Separator::parse("|"), None);
        assert_eq!(Separator::parse(";;"), None);
        assert_eq!(Separator::parse(""), None);
        let semicolon = Separator::parse(";").expect("known");
        let mut out = csv_start(&["Skede".into(), "Text".into()], semicolon);
        csv_row_with(
            &mut out,
            &[("a;b".into(), true), ("1,5".into(), false)],
            semicolon,
        );
        assert_eq!(out, "\u{feff}Skede;Text\r\n\"a;b\";1,5\r\n");
    }
}
