//! Reading a catalogue's Fluent source: comments, messages whose value may
//! run over indented lines, `{ $variable }`, `{ "literal" }` and select
//! expressions (`{ $n -> [one] … *[other] … }`). Terms, attributes and
//! functions are not used by Comap's catalogues and are refused.

use super::pattern::{CatalogueError, Element, Pattern, VariantKey};

/// Every message of a source, sorted by key.
pub(super) fn messages(source: &str) -> Result<Vec<(String, Pattern)>, CatalogueError> {
    let mut found: Vec<(String, Pattern)> = Vec::new();
    let lines: Vec<&str> = source.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim().is_empty() || line.starts_with('#') {
            i += 1;
            continue;
        }
        let start = i + 1;
        let Some((key, first)) = message_start(line) else {
            return Err(error(start, "expected `key = value` or a comment"));
        };
        // The value goes on over indented lines, blank lines between them,
        // and a `}` that closes a select expression.
        let mut block = first.to_string();
        let mut end = i + 1;
        let mut j = i + 1;
        while j < lines.len() {
            let next = lines[j];
            if next.starts_with(' ') && !next.trim().is_empty() || next.starts_with('}') {
                end = j + 1;
            } else if !next.trim().is_empty() {
                break;
            }
            j += 1;
        }
        for next in &lines[i + 1..end] {
            block.push('\n');
            block.push_str(next);
        }
        let pattern = Reader::new(&block, start).message()?;
        match found.binary_search_by(|(k, _)| k.as_str().cmp(key)) {
            Ok(_) => return Err(error(start, &format!("`{key}` is defined twice"))),
            Err(at) => found.insert(at, (key.to_string(), pattern)),
        }
        i = end;
    }
    Ok(found)
}

fn error(line: usize, reason: &str) -> CatalogueError {
    CatalogueError {
        line,
        reason: reason.to_string(),
    }
}

/// `key = rest` at the start of a line.
fn message_start(line: &str) -> Option<(&str, &str)> {
    let (key, rest) = line.split_once('=')?;
    let key = key.trim_end();
    let mut chars = key.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    (first_ok && rest_ok).then_some((key, rest))
}

/// Reads one message's value.
struct Reader {
    chars: Vec<char>,
    at: usize,
    first_line: usize,
}

impl Reader {
    fn new(block: &str, first_line: usize) -> Reader {
        Reader {
            chars: block.chars().collect(),
            at: 0,
            first_line,
        }
    }

    fn fail(&self, reason: &str) -> CatalogueError {
        let line = self.chars[..self.at.min(self.chars.len())]
            .iter()
            .filter(|c| **c == '\n')
            .count();
        error(self.first_line + line, reason)
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn message(mut self) -> Result<Pattern, CatalogueError> {
        let pattern = self.pattern(false)?;
        if self.at < self.chars.len() {
            return Err(self.fail("unexpected `}`"));
        }
        if pattern.is_empty() {
            return Err(self.fail("the message has no value"));
        }
        Ok(pattern)
    }

    fn skip_blank(&mut self, newlines: bool) {
        while let Some(c) = self.peek() {
            if c == ' ' || c == '\t' || (newlines && (c == '\n' || c == '\r')) {
                self.at += 1;
            } else {
                break;
            }
        }
    }

    /// Text and placeables up to the value's end, or (in a variant) up to
    /// the next variant or the select expression's `}`.
    fn pattern(&mut self, in_variant: bool) -> Result<Pattern, CatalogueError> {
        let mut out: Pattern = Vec::new();
        let mut text = String::new();
        let mut trimmable = true;
        self.skip_blank(false);
        if self.peek() == Some('\n') {
            self.skip_blank(true);
        }
        while let Some(c) = self.peek() {
            match c {
                '{' => {
                    self.at += 1;
                    if !text.is_empty() {
                        out.push(Element::Text(std::mem::take(&mut text)));
                    }
                    let element = self.placeable()?;
                    trimmable = !matches!(element, Element::Text(_));
                    out.push(element);
                }
                '}' if in_variant => break,
                '}' => return Err(self.fail("unexpected `}`")),
                '\n' => {
                    // The next line's indentation is not part of the text.
                    let newline_at = self.at;
                    self.skip_blank(true);
                    let next = self.peek();
                    let ends = next.is_none()
                        || (in_variant && matches!(next, Some('[' | '*' | '}')))
                        || (!in_variant && next == Some('}'));
                    if ends {
                        if !in_variant && next == Some('}') {
                            self.at = newline_at + 1;
                            return Err(self.fail("unexpected `}`"));
                        }
                        break;
                    }
                    let blank_lines = self.chars[newline_at..self.at]
                        .iter()
                        .filter(|c| **c == '\n')
                        .count();
                    for _ in 0..blank_lines {
                        text.push('\n');
                    }
                    trimmable = true;
                }
                '\r' => self.at += 1,
                c => {
                    text.push(c);
                    trimmable = true;
                    self.at += 1;
                }
            }
        }
        if !text.is_empty() {
            out.push(Element::Text(text));
        }
        if let (true, Some(Element::Text(last))) = (trimmable, out.last_mut()) {
            let kept = last.trim_end().len();
            last.truncate(kept);
            if last.is_empty() {
                out.pop();
            }
        }
        Ok(out)
    }

    /// After `{`: a string literal, a variable or a select expression.
    fn placeable(&mut self) -> Result<Element, CatalogueError> {
        self.skip_blank(true);
        let element = match self.peek() {
            Some('"') => {
                self.at += 1;
                Element::Text(self.literal()?)
            }
            Some('$') => {
                self.at += 1;
                let name = self.identifier()?;
                self.skip_blank(true);
                if self.chars.get(self.at..self.at + 2) == Some(&['-', '>']) {
                    self.at += 2;
                    return self.select(name);
                }
                Element::Variable(name)
            }
            _ => return Err(self.fail("expected `$name` or a \"literal\" inside `{ }`")),
        };
        self.skip_blank(true);
        if self.peek() != Some('}') {
            return Err(self.fail("expected `}`"));
        }
        self.at += 1;
        Ok(element)
    }

    fn identifier(&mut self) -> Result<String, CatalogueError> {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            self.at += 1;
        }
        if start == self.at {
            return Err(self.fail("expected a name"));
        }
        Ok(self.chars[start..self.at].iter().collect())
    }

    /// A string literal after its opening quote, with `\"`, `\\` and
    /// `\uXXXX` escapes.
    fn literal(&mut self) -> Result<String, CatalogueError> {
        let mut out = String::new();
        loop {
            match self.peek() {
                None | Some('\n') => return Err(self.fail("unclosed string literal")),
                Some('"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some('\\') => {
                    self.at += 1;
                    match self.peek() {
                        Some(c @ ('"' | '\\')) => {
                            out.push(c);
                            self.at += 1;
                        }
                        Some('u') => {
                            let hex: String = self.chars.iter().skip(self.at + 1).take(4).collect();
                            let c = u32::from_str_radix(&hex, 16)
                                .ok()
                                .and_then(char::from_u32)
                                .ok_or_else(|| self.fail("bad \\u escape"))?;
                            out.push(c);
                            self.at += 5;
                        }
                        _ => return Err(self.fail("unknown escape in a string literal")),
                    }
                }
                Some(c) => {
                    out.push(c);
                    self.at += 1;
                }
            }
        }
    }

    /// After `$name ->`: variants up to `}`, exactly one of them `*[default]`.
    fn select(&mut self, on: String) -> Result<Element, CatalogueError> {
        let mut variants = Vec::new();
        let mut default = None;
        loop {
            self.skip_blank(true);
            match self.peek() {
                Some('}') => {
                    self.at += 1;
                    break;
                }
                Some('*') => {
                    if default.is_some() {
                        return Err(self.fail("a select expression has two defaults"));
                    }
                    default = Some(variants.len());
                    self.at += 1;
                }
                Some('[') => {}
                _ => return Err(self.fail("expected a variant `[key]` or `}`")),
            }
            if self.peek() != Some('[') {
                return Err(self.fail("expected `[`"));
            }
            self.at += 1;
            self.skip_blank(false);
            let key = self.variant_key()?;
            self.skip_blank(false);
            if self.peek() != Some(']') {
                return Err(self.fail("expected `]`"));
            }
            self.at += 1;
            let pattern = self.pattern(true)?;
            variants.push((key, pattern));
        }
        let default =
            default.ok_or_else(|| self.fail("a select expression needs a `*[default]`"))?;
        Ok(Element::Select {
            on,
            variants,
            default,
        })
    }

    /// A word, or a whole number (Comap's messages need no fractions, and
    /// reading them would cost the page a float parser).
    fn variant_key(&mut self) -> Result<VariantKey, CatalogueError> {
        if self.peek().is_some_and(|c| c.is_ascii_digit()) {
            let mut n: i64 = 0;
            while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
                n = n
                    .checked_mul(10)
                    .and_then(|n| n.checked_add(i64::from(d)))
                    .ok_or_else(|| self.fail("too large a number in a variant key"))?;
                self.at += 1;
            }
            return Ok(VariantKey::Number(n));
        }
        self.identifier().map(VariantKey::Name)
    }
}
