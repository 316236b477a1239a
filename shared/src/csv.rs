//! CSV as spreadsheets read it: fields quoted when they must be, and
//! people's text that a spreadsheet would take for a formula made harmless.

/// A spreadsheet would run a cell starting with one of these as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// One CSV field: quoted when needed (RFC 4180), and text that a spreadsheet
/// would take for a formula gets a leading apostrophe so it stays text.
fn csv_field(out: &mut String, value: &str, is_text: bool) {
    let guarded;
    // Spreadsheets skip leading spaces before they look for a formula.
    let value = if is_text && value.trim_start_matches(' ').starts_with(FORMULA_STARTS) {
        guarded = format!("'{value}");
        guarded.as_str()
    } else {
        value
    };
    if value.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

pub fn csv_row(out: &mut String, fields: &[(String, bool)]) {
    for (i, (value, is_text)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field(out, value, *is_text);
    }
    out.push_str("\r\n");
}
