//! Making text from facility files and packs safe to print on a terminal.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` is a control character: C0 (U+0000–U+001F), DEL (U+007F)
/// or C1 (U+0080–U+009F).
pub fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// `s` with every control character written out visibly (`\n`, `\r`,
/// `\t`, else `\u{1b}`), so that a value read from a file cannot move the
/// cursor, clear the screen or start a forged line in human output. All
/// other text, Chinese included, is left as it is (and borrowed).
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_control(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `text` with every control character other than line breaks and tabs
/// replaced by one character of the same length in bytes (`?` for C0 and
/// DEL, `¿` for C1), so byte offsets and character columns into it stay
/// valid: for source snippets shown under a diagnostic.
pub fn mask_controls(text: &str) -> Cow<'_, str> {
    let masked = |c: char| is_control(c) && !matches!(c, '\n' | '\r' | '\t');
    if !text.chars().any(masked) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if masked(c) {
            out.push(if c.len_utf8() == 1 { '?' } else { '¿' });
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_written_out() {
        assert_eq!(escape_controls("x\u{1b}[2J"), "x\\u{1b}[2J");
        assert_eq!(escape_controls("a\n b\r\t"), "a\\n b\\r\\t");
        assert_eq!(
            escape_controls("\u{0}\u{7f}\u{85}\u{9f}"),
            "\\u{0}\\u{7f}\\u{85}\\u{9f}"
        );
    }

    #[test]
    fn printable_text_is_borrowed_unchanged() {
        for s in [
            "中文名称 · 运营者",
            "✓ all duties satisfied",
            "\u{a0}é\u{2028}",
            "",
        ] {
            assert!(matches!(escape_controls(s), Cow::Borrowed(b) if b == s));
        }
    }

    #[test]
    fn masking_keeps_lengths_and_line_breaks() {
        let s = "a\u{1b}b\u{85}中\n\tc\r\n";
        let m = mask_controls(s);
        assert_eq!(m, "a?b¿中\n\tc\r\n");
        assert_eq!(m.len(), s.len());
        assert_eq!(m.chars().count(), s.chars().count());
    }
}
