//! Reading the source text again where the tree keeps no span for a token
//! (the bounds of a money range, a number behind redundant parentheses),
//! and measuring printed lines.

/// Display width of `s` (wide characters take two columns).
pub(super) fn width(s: &str) -> usize {
    tiaoli_text::display_width(s)
}

/// Whether the text between two tokens holds an empty line.
pub(super) fn has_blank_line(s: &str) -> bool {
    let parts: Vec<&str> = s.split('\n').collect();
    parts.len() >= 3
        && parts[1..parts.len() - 1]
            .iter()
            .any(|p| p.trim().is_empty())
}

/// Where a string literal starting at `pos` ends (just after its closing
/// quote), or the end of the line / text if it is not closed.
fn string_end(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    if text.get(pos..).is_some_and(|s| s.starts_with("\"\"\"")) {
        return match text.get(pos + 3..).and_then(|s| s.find("\"\"\"")) {
            Some(i) => pos + 3 + i + 3,
            None => text.len(),
        };
    }
    let mut i = pos + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            b'\n' => return i,
            _ => i += 1,
        }
    }
    text.len()
}

/// The first `{` at or after `pos` that is not inside a string or comment.
pub(super) fn find_brace(text: &str, pos: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = pos;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = string_end(text, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(text.len(), |n| i + n);
            }
            b'{' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// A reading position in the source, for re-lexing a few tokens.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cursor<'a> {
    text: &'a str,
    pub pos: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str, pos: usize) -> Self {
        Cursor { text, pos }
    }

    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// Skips whitespace and comments.
    pub fn trivia(&mut self) -> &mut Self {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            self.pos += rest.len() - trimmed.len();
            if trimmed.starts_with("//") {
                self.pos += trimmed.find('\n').unwrap_or(trimmed.len());
            } else {
                return self;
            }
        }
    }

    /// Skips whitespace, comments and opening parentheses (a literal
    /// written as `(5)` keeps the parenthesised span).
    pub fn parens(&mut self) -> &mut Self {
        loop {
            self.trivia();
            if self.peek() == Some(b'(') {
                self.pos += 1;
            } else {
                return self;
            }
        }
    }

    /// Consumes `s` (after trivia) if it is next.
    pub fn eat(&mut self, s: &str) -> bool {
        self.trivia();
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    fn take_while(&mut self, f: impl Fn(u8) -> bool) -> &'a str {
        let start = self.pos;
        while self.peek().is_some_and(&f) {
            self.pos += 1;
        }
        self.text.get(start..self.pos).unwrap_or("")
    }

    /// `int_lit` or `decimal_lit`, as written.
    pub fn number(&mut self) -> Option<&'a str> {
        self.trivia();
        let start = self.pos;
        let digit = |b: u8| b.is_ascii_digit() || b == b'_';
        if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
            return None;
        }
        self.take_while(digit);
        let bytes = self.text.as_bytes();
        if self.peek() == Some(b'.') && bytes.get(self.pos + 1).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
            self.take_while(digit);
        }
        self.text.get(start..self.pos)
    }

    /// `money_lit`: the number as written (the unit is always ` CNY`).
    pub fn money(&mut self) -> Option<&'a str> {
        let n = self.number()?;
        self.take_while(|b| b == b' ');
        self.eat("CNY").then_some(n)
    }

    /// `duration_lit`: the amount and the unit, as written.
    pub fn duration(&mut self) -> Option<(&'a str, &'a str)> {
        let n = self.number()?;
        self.take_while(|b| b == b' ');
        let unit = self.take_while(|b| b.is_ascii_alphabetic());
        (!unit.is_empty()).then_some((n, unit))
    }

    /// A date literal: always ten ASCII bytes.
    pub fn date(&mut self) -> Option<&'a str> {
        self.trivia();
        let s = self.rest().get(..10)?;
        self.pos += 10;
        Some(s)
    }

    /// A string literal (plain or raw), as written.
    pub fn string(&mut self) -> Option<&'a str> {
        self.trivia();
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.pos;
        self.pos = string_end(self.text, start);
        self.text.get(start..self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("总则"), 4);
        assert_eq!(width("（一）"), 6);
    }

    #[test]
    fn blank_lines() {
        assert!(!has_blank_line(" x \n  "));
        assert!(has_blank_line("x\n  \n y"));
        assert!(!has_blank_line("\n"));
        assert!(has_blank_line("\n\n"));
    }

    #[test]
    fn braces_skip_strings_and_comments() {
        let t = "test \"{\" // {\n {";
        assert_eq!(find_brace(t, 0), Some(t.len() - 1));
    }

    #[test]
    fn cursor_reads_money_ranges() {
        let t = "100_000  CNY // c\n ..= 1.5CNY";
        let mut c = Cursor::new(t, 0);
        assert_eq!(c.money(), Some("100_000"));
        assert!(c.eat("..="));
        assert_eq!(c.money(), Some("1.5"));
    }
}
