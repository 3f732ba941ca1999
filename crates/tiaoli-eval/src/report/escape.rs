//! JSON text pieces written straight into a `String`: strings escaped
//! exactly as serde_json escapes them (so the streamed report is
//! byte-identical to a serialized `serde_json::Value`), and `null` for
//! what is absent.

use std::fmt::{Display, Write as _};

/// `s` as a JSON string: `"`, `\` and control characters escaped
/// (`\b \t \n \f \r` by name, the others as `\u00XX`), everything else,
/// non-ASCII included, as it is. Clean text is skipped 32 and then eight
/// bytes at a time: most of a report is long rule texts with nothing to
/// escape.
pub(crate) fn string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    loop {
        // Whole clean blocks first: a loop the compiler turns into vector
        // instructions.
        let (blocks, _) = bytes[i..].as_chunks::<32>();
        i += 32 * blocks.iter().take_while(|b| !needs_escape(*b)).count();
        let (words, tail) = bytes[i..].as_chunks::<8>();
        match words
            .iter()
            .position(|w| may_need_escape(u64::from_le_bytes(*w)))
        {
            Some(k) => {
                i += k * 8;
                let end = i + 8;
                start = escape_bytes(out, s, start, i, end);
                i = end;
            }
            None => {
                i += words.len() * 8;
                if needs_escape(tail) {
                    start = escape_bytes(out, s, start, i, bytes.len());
                }
                break;
            }
        }
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}

/// Escapes what needs it in `s[from..to]`, writing the clean text since
/// `start` before each escape; returns where the clean text now starts.
fn escape_bytes(out: &mut String, s: &str, mut start: usize, from: usize, to: usize) -> usize {
    for (i, &b) in s.as_bytes().iter().enumerate().take(to).skip(from) {
        if let Some(short) = escape(b) {
            // `i` is at an ASCII byte, so both cuts are on character
            // boundaries.
            out.push_str(s.get(start..i).unwrap_or_default());
            push_escape(out, b, short);
            start = i + 1;
        }
    }
    start
}

/// Whether any of the bytes is a control character, `"` or `\\` (no early
/// exit, so that it is vectorized).
fn needs_escape(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |any, &b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// Whether any of the eight bytes is a control character, `"` or `\`
/// (never false when one is: the word is then looked at byte by byte).
fn may_need_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte below n sets its high bit in (w - n) & !w (exact for n <= 128).
    let below = |w: u64, n: u64| w.wrapping_sub(ONES * n) & !w;
    let control = below(w, 0x20);
    let quote = below(w ^ (ONES * u64::from(b'"')), 1);
    let backslash = below(w ^ (ONES * u64::from(b'\\')), 1);
    (control | quote | backslash) & HIGH != 0
}

/// The escape of a byte that needs one: its short form, or `""` for
/// `\u00XX`.
fn escape(b: u8) -> Option<&'static str> {
    Some(match b {
        b'"' => "\\\"",
        b'\\' => "\\\\",
        b'\n' => "\\n",
        b'\r' => "\\r",
        b'\t' => "\\t",
        0x08 => "\\b",
        0x0c => "\\f",
        0x00..=0x1f => "",
        _ => return None,
    })
}

fn push_escape(out: &mut String, b: u8, short: &str) {
    if short.is_empty() {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        out.push_str("\\u00");
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    } else {
        out.push_str(short);
    }
}

/// A string, or `null`.
pub(crate) fn opt_string(out: &mut String, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.push_str("null"),
    }
}

/// A value whose `Display` needs no escaping (a date, a decimal, a
/// duration), as a JSON string.
pub(crate) fn quoted(out: &mut String, v: impl Display) {
    out.push('"');
    // Writing into a String cannot fail.
    let _ = write!(out, "{v}");
    out.push('"');
}

/// A whole number, in decimal (what `Display` writes, without its
/// formatting machinery).
pub(crate) fn number(out: &mut String, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut k = digits.len();
    loop {
        k -= 1;
        digits[k] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[k..]).unwrap_or_default());
}

/// A number, or `null`.
pub(crate) fn opt_number(out: &mut String, v: Option<u32>) {
    match v {
        Some(v) => number(out, u64::from(v)),
        None => out.push_str("null"),
    }
}

/// `[a,b,…]` of strings.
pub(crate) fn strings<'s>(out: &mut String, items: impl IntoIterator<Item = &'s str>) {
    out.push('[');
    for (k, s) in items.into_iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        string(out, s);
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    fn escaped(s: &str) -> String {
        let mut out = String::new();
        super::string(&mut out, s);
        out
    }

    #[test]
    fn every_escape_serde_json_makes() {
        let all: String = (0u8..0x80).map(char::from).collect();
        for s in [
            all.as_str(),
            "",
            "plain",
            "条例 «quoted» \"x\" \\ /",
            "\u{7f}\u{80}\u{2028}\u{2029}\u{feff}😀",
            "\u{1b}[31mred\u{1b}[0m\r\n\t",
        ] {
            assert_eq!(escaped(s), serde_json::Value::from(s).to_string(), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn numbers_as_display_writes_them(v in any::<u64>()) {
            let mut out = String::new();
            super::number(&mut out, v);
            prop_assert_eq!(out, v.to_string());
        }

        #[test]
        fn any_string_is_escaped_as_serde_json_does(s in any::<String>()) {
            prop_assert_eq!(escaped(&s), serde_json::Value::from(s.as_str()).to_string());
        }

        #[test]
        fn escapes_anywhere_in_long_clean_text(pos in 0usize..40, b in 0u8..0x80, tail in "[a-z条]{0,20}") {
            let mut s = "abcdefghijklmnopqrstuvwxyz0123456789ABCD".to_owned();
            s.insert(pos, char::from(b));
            s.push_str(&tail);
            prop_assert_eq!(escaped(&s), serde_json::Value::from(s.as_str()).to_string());
        }

        #[test]
        fn control_heavy_strings_too(s in "[\\x00-\\x20\"\\\\a-z\u{7f}-\u{a0}条]{0,40}") {
            prop_assert_eq!(escaped(&s), serde_json::Value::from(s.as_str()).to_string());
        }
    }
}
