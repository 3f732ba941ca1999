//! A fast path for JSON lines: one line of strict, plain JSON — an object
//! with distinct keys, strings without unusual characters, JSON numbers —
//! is read straight into its [`RawNode`] tree, without the YAML event
//! parser.
//!
//! It gives exactly the tree the event reader ([`crate::reader`]) gives for
//! such a line: same kinds, same number text, same spans. Anything else —
//! any syntax error, a duplicate key, whitespace other than spaces, an
//! escape it does not decode, a character YAML treats specially, deep
//! nesting — makes it give up (`None`), and the line is read by the event
//! reader, which finds the problem and reports it. So diagnostics never
//! come from here; the unit tests check the two paths agree.

use tiaoli_eval::bind::{RawKey, RawKind, RawNode};
use tiaoli_text::TextRange;

use crate::scalar::is_json_number;

/// Collections nested deeper than this go to the event reader.
const MAX_DEPTH: usize = 64;

/// Mappings with more keys than this go to the event reader (the
/// duplicate-key table below has twice as many slots).
const MAX_KEYS: usize = 512;

/// Reusable buffers: one list of entries per nesting level, so that a
/// record's collections are allocated once, at their final size.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    maps: Vec<Vec<(RawKey, RawNode)>>,
    seqs: Vec<Vec<RawNode>>,
    /// Duplicate-key tables, one per nesting level.
    tables: Vec<Vec<(u32, u32)>>,
    /// Stamps a table's slots with the mapping they belong to, so that a
    /// table is never cleared.
    generation: u32,
}

/// The record on `line` (which starts at byte `base` of the file), if the
/// line is plain JSON this path reads; `None` sends it to the event reader.
pub(crate) fn parse_line(line: &str, base: usize, scratch: &mut Scratch) -> Option<RawNode> {
    let mut p = Parser {
        text: line,
        bytes: line.as_bytes(),
        pos: 0,
        base,
        scratch,
    };
    p.spaces();
    if p.peek() != Some(b'{') {
        return None;
    }
    let node = p.map(0)?;
    p.spaces();
    (p.pos == p.bytes.len()).then_some(node)
}

struct Parser<'a, 's> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    base: usize,
    scratch: &'s mut Scratch,
}

/// Bytes that end a plain run of string content: the quote, the escape,
/// control characters, DEL, and the lead bytes of the multi-byte
/// characters that need a closer look (C1 controls, U+2028/U+2029,
/// U+FEFF, U+FFFE/U+FFFF).
const STRING_SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t[0x7F] = true;
    t[0xC2] = true;
    t[0xE2] = true;
    t[0xEF] = true;
    t
};

impl Parser<'_, '_> {
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

    fn value(&mut self, depth: usize) -> Option<RawNode> {
        match self.peek()? {
            b'{' => self.map(depth + 1),
            b'[' => self.seq(depth + 1),
            b'"' => {
                let start = self.pos;
                let s = self.string()?;
                Some(RawNode {
                    kind: RawKind::Str(s),
                    span: self.range(start, self.pos),
                })
            }
            _ => self.plain(),
        }
    }

    /// `null`, `true`, `false` or a JSON number, ended by a space, a comma
    /// or a closing bracket.
    fn plain(&mut self) -> Option<RawNode> {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.') {
                self.pos += 1;
            } else {
                break;
            }
        }
        if !matches!(self.peek(), Some(b' ' | b',' | b'}' | b']')) {
            return None;
        }
        let token = self.text.get(start..self.pos)?;
        let kind = match token {
            "null" => RawKind::Null,
            "true" => RawKind::Bool(true),
            "false" => RawKind::Bool(false),
            _ if is_json_number(token) => RawKind::Number(token.to_owned()),
            _ => return None,
        };
        Some(RawNode {
            kind,
            span: self.range(start, self.pos),
        })
    }

    /// A double-quoted string at `pos`, decoded; `pos` ends after the
    /// closing quote.
    fn string(&mut self) -> Option<String> {
        self.pos += 1;
        let start = self.pos;
        let mut decoded: Option<String> = None;
        let mut run = start;
        loop {
            // Eight plain ASCII bytes at a time.
            while let Some(chunk) = self.bytes.get(self.pos..self.pos + 8) {
                let mut w = [0u8; 8];
                w.copy_from_slice(chunk);
                if special_or_non_ascii(u64::from_le_bytes(w)) {
                    break;
                }
                self.pos += 8;
            }
            let b = *self.bytes.get(self.pos)?;
            if !STRING_SPECIAL[b as usize] {
                self.pos += 1;
                continue;
            }
            match b {
                b'"' => {
                    let rest = self.text.get(run..self.pos)?;
                    self.pos += 1;
                    return Some(match decoded {
                        Some(mut s) => {
                            s.push_str(rest);
                            s
                        }
                        None => rest.to_owned(),
                    });
                }
                b'\\' => {
                    let s = decoded.get_or_insert_with(String::new);
                    s.push_str(self.text.get(run..self.pos)?);
                    let c = match *self.bytes.get(self.pos + 1)? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hex = self.text.get(self.pos + 2..self.pos + 6)?;
                            if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                                return None;
                            }
                            // Surrogates (pairs or not) and characters
                            // YAML handles specially go the slow way.
                            let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                            if !plain_char(c) {
                                return None;
                            }
                            self.pos += 4;
                            c
                        }
                        _ => return None,
                    };
                    s.push(c);
                    self.pos += 2;
                    run = self.pos;
                }
                // A multi-byte character that may be special.
                0xC2 | 0xE2 | 0xEF => {
                    let c = self.text.get(self.pos..)?.chars().next()?;
                    if !plain_char(c) {
                        return None;
                    }
                    self.pos += c.len_utf8();
                }
                // Control characters and DEL.
                _ => return None,
            }
        }
    }

    fn map(&mut self, depth: usize) -> Option<RawNode> {
        if depth > MAX_DEPTH {
            return None;
        }
        let open = self.pos;
        self.pos += 1;
        let mut entries = take(&mut self.scratch.maps, depth);
        let mut table = take(&mut self.scratch.tables, depth);
        if table.is_empty() {
            table.resize(SLOTS, (0, 0));
        }
        self.scratch.generation = self.scratch.generation.wrapping_add(1);
        if self.scratch.generation == 0 {
            // Wrapped: old stamps could match again.
            for t in &mut self.scratch.tables {
                t.fill((0, 0));
            }
            table.fill((0, 0));
            self.scratch.generation = 1;
        }
        let generation = self.scratch.generation;
        let result = self.map_entries(depth, &mut entries, &mut table, generation);
        let node = result.map(|()| RawNode {
            kind: RawKind::Map(entries.drain(..).collect()),
            span: self.range(open, self.pos),
        });
        entries.clear();
        put(&mut self.scratch.maps, depth, entries);
        put(&mut self.scratch.tables, depth, table);
        node
    }

    fn map_entries(
        &mut self,
        depth: usize,
        entries: &mut Vec<(RawKey, RawNode)>,
        table: &mut [(u32, u32)],
        generation: u32,
    ) -> Option<()> {
        self.spaces();
        if self.peek()? == b'}' {
            self.pos += 1;
            return Some(());
        }
        loop {
            if self.peek()? != b'"' {
                return None;
            }
            let start = self.pos;
            let name = self.string()?;
            let key_span = self.range(start, self.pos);
            // `"key" :` with a space before the colon goes the slow way.
            if name.is_empty() || self.peek()? != b':' {
                return None;
            }
            if entries.len() >= MAX_KEYS || !distinct(table, generation, entries, &name) {
                return None;
            }
            self.pos += 1;
            self.spaces();
            let value = self.value(depth)?;
            entries.push((
                RawKey {
                    name,
                    span: key_span,
                },
                value,
            ));
            self.spaces();
            match self.peek()? {
                b',' => {
                    self.pos += 1;
                    self.spaces();
                }
                b'}' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn seq(&mut self, depth: usize) -> Option<RawNode> {
        if depth > MAX_DEPTH {
            return None;
        }
        let open = self.pos;
        self.pos += 1;
        let mut items = take(&mut self.scratch.seqs, depth);
        let result = self.seq_items(depth, &mut items);
        let node = result.map(|()| RawNode {
            kind: RawKind::List(items.drain(..).collect()),
            span: self.range(open, self.pos),
        });
        items.clear();
        put(&mut self.scratch.seqs, depth, items);
        node
    }

    fn seq_items(&mut self, depth: usize, items: &mut Vec<RawNode>) -> Option<()> {
        self.spaces();
        if self.peek()? == b']' {
            self.pos += 1;
            return Some(());
        }
        loop {
            items.push(self.value(depth)?);
            self.spaces();
            match self.peek()? {
                b',' => {
                    self.pos += 1;
                    self.spaces();
                }
                b']' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }
}

/// Whether any of the eight bytes of `w` is not plain ASCII string
/// content: non-ASCII, a quote, a backslash, a control character or DEL.
/// (False positives are fine: the caller then looks byte by byte.)
#[inline]
fn special_or_non_ascii(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_in = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let high = w & HIGH;
    let quote = zero_in(w ^ (ONES * u64::from(b'"')));
    let backslash = zero_in(w ^ (ONES * u64::from(b'\\')));
    let del = zero_in(w ^ (ONES * 0x7F));
    let control = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    (high | quote | backslash | del | control) != 0
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

/// The buffer for nesting level `depth`, empty.
fn take<T>(pool: &mut Vec<Vec<T>>, depth: usize) -> Vec<T> {
    pool.get_mut(depth).map(std::mem::take).unwrap_or_default()
}

fn put<T>(pool: &mut Vec<Vec<T>>, depth: usize, buffer: Vec<T>) {
    if pool.len() <= depth {
        pool.resize_with(depth + 1, Vec::new);
    }
    pool[depth] = buffer;
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
        let mut scratch = Scratch::default();
        let fast = parse_line(line, 7, &mut scratch);
        if let Some(node) = &fast {
            assert_eq!(Some(node), slow(line, 7).as_ref(), "line: {line}");
        }
        fast
    }

    /// The eight-byte test misses no byte the byte-by-byte one stops at.
    #[test]
    fn word_test_misses_nothing() {
        for b in 0..=255u8 {
            for at in 0..8 {
                for filler in [b'a', b' ', b'~', b'0', 0x21, 0x5B, 0x5D] {
                    let mut w = [filler; 8];
                    w[at] = b;
                    if STRING_SPECIAL[b as usize] || b >= 0x80 {
                        assert!(
                            special_or_non_ascii(u64::from_le_bytes(w)),
                            "{b:#x} at {at}"
                        );
                    }
                }
            }
        }
        assert!(!special_or_non_ascii(u64::from_le_bytes(*b"abc 1:,~")));
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
