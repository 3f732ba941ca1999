//! A fast path for JSON lines: one line of strict, plain JSON — an object
//! with distinct keys, strings without unusual characters, JSON numbers —
//! is scanned in one pass into a flat list of [`Token`]s, without the
//! YAML event parser. From the tokens, [`to_raw`] builds the record's
//! [`RawNode`] tree (for [`crate::records`]), and
//! `tiaoli_eval::bind::bind_tokens` binds them directly, without building
//! the tree at all (for [`crate::bound_records`]).
//!
//! It gives exactly the tree the event reader ([`crate::reader`]) gives for
//! such a line: same kinds, same number text, same spans. Anything else —
//! any syntax error, a duplicate key, whitespace other than spaces, an
//! escape it does not decode, a character YAML treats specially, deep
//! nesting — makes it give up (`None`/`false`), and the line is read by
//! the event reader, which finds the problem and reports it. So
//! diagnostics never come from here; the unit tests check the two paths
//! agree.

use tiaoli_eval::bind::{RawKey, RawKind, RawNode, Token, TokenKind};
use tiaoli_text::TextRange;

/// Collections nested deeper than this go to the event reader.
const MAX_DEPTH: usize = 64;

/// Mappings with more keys than this go to the event reader (the
/// duplicate-key table below has twice as many slots).
const MAX_KEYS: usize = 512;

/// Scans `line` (which starts at byte `base` of the file) into `tokens`
/// (cleared first): true if the line is one plain JSON object this path
/// reads, false to send it to the event reader.
pub(crate) fn scan<'a>(line: &'a str, base: usize, tokens: &mut Vec<Token<'a>>) -> bool {
    let mut p = Scanner {
        text: line,
        bytes: line.as_bytes(),
        pos: 0,
        base,
        tokens,
    };
    p.spaces();
    if !p.object() {
        return false;
    }
    p.spaces();
    p.pos == p.bytes.len()
}

/// Scans the line at the start of `text` (byte `base` of the file), which
/// starts with `{`, into `tokens`, without looking for its end first: if
/// it is one plain JSON object, then spaces and the end of the line, the
/// line's length (without its line break) and the length with it. `None`:
/// not a line this path reads (or it goes on past the object).
pub(crate) fn scan_line<'a>(
    text: &'a str,
    base: usize,
    tokens: &mut Vec<Token<'a>>,
) -> Option<(usize, usize)> {
    let mut p = Scanner {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        base,
        tokens,
    };
    if !p.object() {
        return None;
    }
    p.spaces();
    let end = p.pos;
    // As `records` splits lines: at `\n`, without a `\r` before it.
    match (p.bytes.get(end), p.bytes.get(end + 1)) {
        (None, _) | (Some(b'\n'), _) => Some((end, end + 1)),
        (Some(b'\r'), None | Some(b'\n')) => Some((end, end + 2)),
        _ => None,
    }
}

struct Scanner<'a, 't> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    base: usize,
    tokens: &'t mut Vec<Token<'a>>,
}

impl<'a> Scanner<'a, '_> {
    /// An object at `pos`, into `tokens` (cleared first).
    fn object(&mut self) -> bool {
        self.tokens.clear();
        self.peek() == Some(b'{') && self.map(1).is_some()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }

    fn range(&self, start: usize, end: usize) -> TextRange {
        TextRange::new(self.base + start, self.base + end)
    }

    fn push(&mut self, kind: TokenKind<'a>, start: usize) {
        let span = self.range(start, self.pos);
        self.tokens.push(Token { kind, span });
    }

    fn value(&mut self, depth: usize) -> Option<()> {
        match self.peek()? {
            b'{' => self.map(depth + 1),
            b'[' => self.seq(depth + 1),
            b'"' => {
                let start = self.pos;
                let (raw, escaped) = self.string()?;
                self.push(TokenKind::Str { raw, escaped }, start);
                Some(())
            }
            _ => self.plain(),
        }
    }

    /// `null`, `true`, `false` or a JSON number, ended by a space, a comma
    /// or a closing bracket (else it would be a longer plain scalar).
    fn plain(&mut self) -> Option<()> {
        let start = self.pos;
        let b = self.bytes;
        let (kind, end) = match *b.get(start)? {
            b't' if b.get(start..start + 4) == Some(b"true") => (TokenKind::Bool(true), start + 4),
            b'f' if b.get(start..start + 5) == Some(b"false") => {
                (TokenKind::Bool(false), start + 5)
            }
            b'n' if b.get(start..start + 4) == Some(b"null") => (TokenKind::Null, start + 4),
            b'-' | b'0'..=b'9' => {
                let end = json_number_end(b, start)?;
                (TokenKind::Number(self.text.get(start..end)?), end)
            }
            _ => return None,
        };
        if !matches!(b.get(end), Some(b' ' | b',' | b'}' | b']')) {
            return None;
        }
        self.pos = end;
        self.push(kind, start);
        Some(())
    }

    /// A double-quoted string at `pos`: the text between the quotes, and
    /// whether it has (valid) escapes; `pos` ends after the closing quote.
    /// Plain ASCII is read here (inline: most keys and values); anything
    /// else by [`Self::string_rest`].
    #[inline]
    fn string(&mut self) -> Option<(&'a str, bool)> {
        let bytes = self.bytes;
        let start = self.pos + 1;
        let mut i = start;
        loop {
            // Eight bytes at a time, up to the first that needs a look.
            if let Some(chunk) = bytes.get(i..i + 8) {
                let mut w = [0u8; 8];
                w.copy_from_slice(chunk);
                let special = special_bytes(u64::from_le_bytes(w));
                if special == 0 {
                    i += 8;
                    continue;
                }
                i += (special.trailing_zeros() / 8) as usize;
            }
            match bytes.get(i) {
                Some(b'"') => {
                    let raw = self.text.get(start..i)?;
                    self.pos = i + 1;
                    return Some((raw, false));
                }
                // Near the end of the line, a byte at a time.
                Some(&b) if bytes.len() - i < 8 && b != b'\\' && (0x20..0x7F).contains(&b) => {
                    i += 1
                }
                _ => return self.string_rest(start, i, false),
            }
        }
    }

    /// The rest of a string from `i`, which needs a closer look.
    #[inline(never)]
    fn string_rest(
        &mut self,
        start: usize,
        mut i: usize,
        mut escaped: bool,
    ) -> Option<(&'a str, bool)> {
        let bytes = self.bytes;
        loop {
            // Plain ASCII eight bytes at a time, up to the first byte that
            // needs a look.
            if let Some(chunk) = bytes.get(i..i + 8) {
                let mut w = [0u8; 8];
                w.copy_from_slice(chunk);
                let special = special_bytes(u64::from_le_bytes(w));
                if special == 0 {
                    i += 8;
                    continue;
                }
                i += (special.trailing_zeros() / 8) as usize;
            }
            match *bytes.get(i)? {
                b'"' => {
                    let raw = self.text.get(start..i)?;
                    self.pos = i + 1;
                    return Some((raw, escaped));
                }
                b'\\' => {
                    let (_, len) = escape(self.text.get(i..)?)?;
                    i += len;
                    escaped = true;
                }
                0x20..=0x7E => i += 1,
                // A multi-byte character: the few YAML treats specially
                // start with one of these bytes.
                0xC2 | 0xE2 | 0xEF => {
                    let c = self.text.get(i..)?.chars().next()?;
                    if !plain_char(c) {
                        return None;
                    }
                    i += c.len_utf8();
                }
                0xF0.. => i += 4,
                0xE0.. => i += 3,
                0xC0.. => i += 2,
                // Control characters, DEL (and continuation bytes, which
                // cannot start a character).
                _ => return None,
            }
        }
    }

    /// A collection: its token, then its entries' (patched when it ends).
    fn map(&mut self, depth: usize) -> Option<()> {
        self.collection(depth, b'}', true)
    }

    fn seq(&mut self, depth: usize) -> Option<()> {
        self.collection(depth, b']', false)
    }

    fn collection(&mut self, depth: usize, close: u8, map: bool) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        let open = self.pos;
        let at = self.tokens.len();
        self.tokens.push(Token {
            kind: TokenKind::Null,
            span: TextRange::default(),
        });
        self.pos += 1;
        self.spaces();
        let mut len = 0u32;
        if self.peek()? == close {
            self.pos += 1;
        } else {
            loop {
                if map {
                    if self.peek()? != b'"' {
                        return None;
                    }
                    let start = self.pos;
                    let (raw, escaped) = self.string()?;
                    // `"key" :` with a space before the colon, and empty
                    // keys, go the slow way.
                    if raw.is_empty() || self.peek()? != b':' {
                        return None;
                    }
                    self.push(TokenKind::Key { raw, escaped }, start);
                    self.pos += 1;
                    self.spaces();
                }
                self.value(depth)?;
                len += 1;
                self.spaces();
                match self.peek()? {
                    b',' => {
                        self.pos += 1;
                        self.spaces();
                    }
                    c if c == close => {
                        self.pos += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        let end = self.tokens.len() as u32;
        self.tokens[at] = Token {
            kind: if map {
                TokenKind::Map { len, end }
            } else {
                TokenKind::List { len, end }
            },
            span: self.range(open, self.pos),
        };
        Some(())
    }
}

/// The end of the JSON number (RFC 8259) that starts at `i`, if one does:
/// `-? (0 | [1-9][0-9]*) (\. [0-9]+)? ([eE] [-+]? [0-9]+)?`, as
/// `crate::scalar::is_json_number` checks it.
fn json_number_end(b: &[u8], mut i: usize) -> Option<usize> {
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match *b.get(i)? {
        b'0' => i += 1,
        b'1'..=b'9' => {
            digits(&mut i);
        }
        _ => return None,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return None;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return None;
        }
    }
    Some(i)
}

/// The escape at the start of `s` (a backslash and what follows): the
/// character, and the escape's length. Only JSON's escapes, and not those
/// of characters YAML treats specially (surrogates: `None`).
fn escape(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    let c = match *b.get(1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let hex = s.get(2..6)?;
            if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                return None;
            }
            let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
            return plain_char(c).then_some((c, 6));
        }
        _ => return None,
    };
    Some((c, 2))
}

/// A string's value: `raw` with its escapes (already checked) decoded.
fn decode(raw: &str, escaped: bool) -> Option<String> {
    if !escaped {
        return Some(raw.to_owned());
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('\\') {
        out.push_str(rest.get(..at)?);
        let (c, len) = escape(rest.get(at..)?)?;
        out.push(c);
        rest = rest.get(at + len..)?;
    }
    out.push_str(rest);
    Some(out)
}

/// Duplicate-key tables, reused from record to record.
#[derive(Debug, Default)]
pub(crate) struct Tables {
    /// One per nesting level.
    tables: Vec<Vec<(u32, u32)>>,
    /// Stamps a table's slots with the mapping they belong to, so that a
    /// table is never cleared.
    generation: u32,
}

/// The [`RawNode`] tree of scanned tokens (`None` if a mapping has a
/// duplicate key: the event reader reports it).
pub(crate) fn to_raw(tokens: &[Token<'_>], tables: &mut Tables) -> Option<RawNode> {
    let mut i = 0;
    let node = raw_node(tokens, &mut i, tables, 0)?;
    (i == tokens.len()).then_some(node)
}

fn raw_node(
    tokens: &[Token<'_>],
    i: &mut usize,
    tables: &mut Tables,
    depth: usize,
) -> Option<RawNode> {
    let token = *tokens.get(*i)?;
    *i += 1;
    let kind = match token.kind {
        TokenKind::Null => RawKind::Null,
        TokenKind::Bool(b) => RawKind::Bool(b),
        TokenKind::Number(n) => RawKind::Number(n.to_owned()),
        TokenKind::Str { raw, escaped } => RawKind::Str(decode(raw, escaped)?),
        TokenKind::Key { .. } => return None,
        TokenKind::List { len, .. } => {
            let mut items = Vec::with_capacity(len as usize);
            for _ in 0..len {
                items.push(raw_node(tokens, i, tables, depth + 1)?);
            }
            RawKind::List(items)
        }
        TokenKind::Map { len, .. } => {
            if len as usize > MAX_KEYS {
                return None;
            }
            if tables.tables.len() <= depth {
                tables.tables.resize_with(depth + 1, Vec::new);
            }
            tables.generation = tables.generation.wrapping_add(1);
            if tables.generation == 0 {
                // Wrapped: old stamps could match again.
                for t in &mut tables.tables {
                    t.fill((0, 0));
                }
                tables.generation = 1;
            }
            let generation = tables.generation;
            let mut entries: Vec<(RawKey, RawNode)> = Vec::with_capacity(len as usize);
            for _ in 0..len {
                let key = *tokens.get(*i)?;
                *i += 1;
                let TokenKind::Key { raw, escaped } = key.kind else {
                    return None;
                };
                let name = decode(raw, escaped)?;
                let table = &mut tables.tables[depth];
                if table.is_empty() {
                    table.resize(SLOTS, (0, 0));
                }
                if !distinct(table, generation, &entries, &name) {
                    return None;
                }
                let value = raw_node(tokens, i, tables, depth + 1)?;
                entries.push((
                    RawKey {
                        name,
                        span: key.span,
                    },
                    value,
                ));
            }
            RawKind::Map(entries)
        }
    };
    Some(RawNode {
        kind,
        span: token.span,
    })
}

/// The bytes of `w` (little-endian) that are not plain ASCII string
/// content — non-ASCII, a quote, a backslash, a control character, DEL —
/// as their high bits. The lowest set bit is exact (the first such byte);
/// bits above it may be false alarms.
#[inline]
fn special_bytes(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_in = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let high = w & HIGH;
    let quote = zero_in(w ^ (ONES * u64::from(b'"')));
    let backslash = zero_in(w ^ (ONES * u64::from(b'\\')));
    let del = zero_in(w ^ (ONES * 0x7F));
    let control = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    high | quote | backslash | del | control
}

/// Whether a character is plain string content for YAML as for JSON: not
/// a control character, not DEL, not a C1 control (U+0085 is a YAML 1.1
/// line break), not U+2028/U+2029 (line and paragraph separators), not a
/// byte order mark, not a non-character U+FFFE/U+FFFF.
fn plain_char(c: char) -> bool {
    !(c < ' '
        || ('\u{7f}'..='\u{9f}').contains(&c)
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        ))
}

/// FxHash of a key.
fn hash(s: &str) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = 0;
    let mut chunks = s.as_bytes().chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    for &b in chunks.remainder() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    }
    h
}

/// Slots of a duplicate-key table.
const SLOTS: usize = MAX_KEYS * 2;

/// Records `name` as the key of the entry about to be pushed (at index
/// `entries.len()`); false if an earlier entry has the same key. `table`
/// is an open-addressing table of (mapping's generation, entry index);
/// slots of other generations are free.
fn distinct(
    table: &mut [(u32, u32)],
    generation: u32,
    entries: &[(RawKey, RawNode)],
    name: &str,
) -> bool {
    let mut slot = (hash(name) as usize) & (SLOTS - 1);
    loop {
        match table[slot] {
            (g, i) if g == generation => {
                if entries[i as usize].0.name == name {
                    return false;
                }
                slot = (slot + 1) & (SLOTS - 1);
            }
            _ => {
                table[slot] = (generation, entries.len() as u32);
                return true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::{Dialect, EventRecords};
    use crate::scalar::is_json_number;
    use tiaoli_text::FileId;

    /// What the event reader makes of a line: the node if it reads it
    /// without any diagnostic, else None.
    fn slow(line: &str, base: usize) -> Option<RawNode> {
        let mut records = EventRecords::new(line, base, FileId(0), Dialect::JsonLine);
        let first = records.next()?;
        if records.next().is_some() {
            return None;
        }
        first.node.ok()
    }

    /// The fast path reads a line only if the event reader reads it
    /// cleanly, and then gives the same tree.
    fn agree(line: &str) -> Option<RawNode> {
        let mut tokens = Vec::new();
        let fast = if scan(line, 7, &mut tokens) {
            to_raw(&tokens, &mut Tables::default())
        } else {
            None
        };
        if let Some(node) = &fast {
            assert_eq!(Some(node), slow(line, 7).as_ref(), "line: {line}");
        }
        fast
    }

    /// The eight-byte test finds exactly the first byte that is not plain
    /// ASCII string content, whatever follows it.
    #[test]
    fn word_test_finds_the_first_special_byte() {
        let special = |b: u8| !(0x20..0x7F).contains(&b) || b == b'"' || b == b'\\';
        for b in 0..=255u8 {
            for at in 0..8 {
                for filler in [b'a', b' ', b'~', b'0', 0x21, 0x5B, 0x5D] {
                    for after in [filler, 0x00, 0x01, 0x1F, 0x22, 0x5C, 0x7F, 0x80, 0xE4, 0xFF] {
                        let mut w = [filler; 8];
                        w[at] = b;
                        for x in w.iter_mut().skip(at + 1) {
                            *x = after;
                        }
                        let first = w.iter().position(|&x| special(x));
                        let found = special_bytes(u64::from_le_bytes(w));
                        let found = (found != 0).then(|| (found.trailing_zeros() / 8) as usize);
                        assert_eq!(found, first, "{w:?}");
                    }
                }
            }
        }
    }

    /// The number scanner accepts exactly the JSON numbers.
    #[test]
    fn numbers_end_where_json_numbers_do() {
        let alphabet = [b'0', b'1', b'9', b'-', b'+', b'.', b'e', b'E', b'x'];
        let mut word = Vec::new();
        for len in 1..=5 {
            let mut k = vec![0usize; len];
            loop {
                word.clear();
                word.extend(k.iter().map(|&i| alphabet[i]));
                let text = std::str::from_utf8(&word).unwrap_or_default();
                let whole = json_number_end(&word, 0) == Some(word.len());
                assert_eq!(whole, is_json_number(text), "{text}");
                let Some(i) = k.iter().position(|&d| d + 1 < alphabet.len()) else {
                    break;
                };
                k[i] += 1;
                for d in &mut k[..i] {
                    *d = 0;
                }
            }
        }
    }

    #[test]
    fn reads_plain_json_as_the_event_reader_does() {
        for line in [
            r#"{"id":"inv-001","name":"华北某灌区","population_affected":3200000,"identified_cii":true}"#,
            r#"{"id": "a", "sector": "energy", "n": -1.5e3, "z": 0, "x": null, "b": false}"#,
            r#"{"procurements":[{"amount_cny":4800000,"vendor":"某某"},{"amount_cny":"99.50"}],"e":[],"m":{}}"#,
            r#"  {"a" : 1}"#,
            r#"{"a":1}   "#,
            r#"{}"#,
            r#"{ }"#,
            r#"{"a":[ ]}"#,
            r#"{"a":[1, 2 ,3]}"#,
            r#"{"a":{"b":{"c":[[1],[2,[3]]]}}}"#,
            r#"{"esc":"a\"b\\c\/d\ne\tf\rg\bh\fi","u":"\u4e2d\u0041"}"#,
            r#"{"ctl":"\u0001"}"#,
            r#"{"nel":"\u0085"}"#,
            r#"{"bom":"\ufeff"}"#,
            r#"{"ls":"a b"}"#,
            r#"{"c1":"a"}"#,
            "{\"c1\":\"a\u{85}b\"}",
            "{\"ls\":\"a\u{2028}b\"}",
            "{\"nc\":\"a\u{fffe}b\"}",
            "{\"bom\":\"a\u{feff}b\"}",
            "{\"del\":\"a\u{7f}b\"}",
            "{\"tab\":\"a\tb\"}",
            "{\"a\":\t1}",
            r#"{"sur":"\ud83d\ude00"}"#,
            r#"{"big":12345678901234567890123.456}"#,
            r#"{"é":"ü","€":"—","…":"“”"}"#,
            r#"{"a":1,"a":2}"#,
            r#"{"a":{"b":1,"b":2}}"#,
            r#"{"a":1,}"#,
            r#"{"a":01}"#,
            r#"{"a":.5}"#,
            r#"{"a":1.}"#,
            r#"{"a":+1}"#,
            r#"{"a":1 2}"#,
            r#"{"a":tru}"#,
            r#"{"a":True}"#,
            r#"{"a":nul}"#,
            r#"{"a":yes}"#,
            r#"{"a":'x'}"#,
            r#"{a:1}"#,
            r#"{"":1}"#,
            r#"{"a":1} {"b":2}"#,
            r#"{"a":1}]"#,
            r#"{"a":1} # comment"#,
            r#"[{"a":1}]"#,
            r#""x""#,
            r#"{"a":"x"#,
            r#"{"a":[1,2}"#,
            r#"{"a":&x 1}"#,
            r#"{"a":!!str 1}"#,
            r#"{"a":1e5,"b":-0,"c":2E-3}"#,
            r##"{"k:v":"a:b","h#":"#x","q":"{[,]}"}"##,
        ] {
            agree(line);
        }
    }

    #[test]
    fn the_common_lines_take_the_fast_path() {
        for line in [
            r#"{"id":"inv-001","procurements":[{"amount_cny":4800000}],"x":null}"#,
            r#"{"id": "a", "n": -1.5e3, "s": "a\"b\u4e2d"}"#,
            r#"{"a":{"b":{"c":[[1],[2,[3]]]}}}"#,
        ] {
            assert!(agree(line).is_some(), "{line}");
        }
        for line in [
            r#"{"a":1,"a":2}"#,
            r#"{"a":1,}"#,
            r#"{"a":01}"#,
            r#"[{"a":1}]"#,
            r#"{"a":1} {"b":2}"#,
        ] {
            assert!(agree(line).is_none(), "{line}");
        }
    }

    /// Random lines built from JSON-ish pieces, some broken: wherever the
    /// fast path reads one, the event reader reads it the same.
    #[test]
    fn agrees_with_the_event_reader_on_random_lines() {
        const PIECES: &[&str] = &[
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            " ",
            "\"a\"",
            "\"b\"",
            "\"键\"",
            "\"\"",
            "1",
            "-2.5",
            "1e3",
            "01",
            "true",
            "false",
            "null",
            "x",
            "\"s\\n\"",
            "\"\\u0041\"",
            "\"\\x41\"",
            "\"a\\\"\"",
            "\t",
            "#",
            "&a",
            "*a",
            "!",
            "'q'",
            "-",
            "?",
            "|",
            ">",
            "%",
            "@",
            "`",
            "\"\u{85}\"",
            "\"\u{a0}\"",
        ];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 33) as usize) % n
        };
        let mut fast = 0;
        for _ in 0..20_000 {
            let mut line = String::from("{");
            let len = next(24);
            for _ in 0..len {
                line.push_str(PIECES[next(PIECES.len())]);
            }
            line.push('}');
            fast += usize::from(agree(&line).is_some());
            // And a well-formed object with random values.
            let mut line = String::from("{");
            for k in 0..next(6) {
                if k > 0 {
                    line.push_str([",", ", ", " , "][next(3)]);
                }
                line.push_str(&format!("\"k{}\":", next(8)));
                line.push_str([" ", "", "  "][next(3)]);
                line.push_str(
                    [
                        "1",
                        "\"v\"",
                        "[1, \"x\"]",
                        "{\"n\": null}",
                        "true",
                        "-0.5",
                        "\"\\t\"",
                        "[]",
                        "{}",
                        "\"中文\"",
                    ][next(10)],
                );
            }
            line.push('}');
            fast += usize::from(agree(&line).is_some());
        }
        assert!(fast > 10_000, "only {fast} lines took the fast path");
    }
}
