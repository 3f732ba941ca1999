//! Reads facility files into span-carrying [`RawNode`] trees, one record at
//! a time.
//!
//! A facility file describes one facility, or an inventory of them:
//!
//! | [`Format`] | file | records |
//! |---|---|---|
//! | [`Format::Yaml`] | `.yaml`, `.yml` | a mapping is one record; a top-level sequence is one record per element; several documents (`---`) are one record each (an empty document is none) |
//! | [`Format::Json`] | `.json` | an object is one record; an array is one record per element |
//! | [`Format::JsonLines`] | `.jsonl`, `.ndjson` | one object per non-blank line |
//!
//! [`detect`] picks the format from the file name, and from the text when
//! the name does not tell; [`records`] reads the records:
//!
//! ```
//! use tiaoli_input::{Format, records};
//! use tiaoli_eval::bind::RawKind;
//! use tiaoli_text::FileId;
//!
//! let text = "{\"id\": \"a\", \"sector\": \"energy\"}\n\n{\"id\": \"b\", }\n{\"id\": \"c\"}\n";
//! let read: Vec<_> = records(text, FileId(0), Format::JsonLines).collect();
//! assert_eq!(read.len(), 3);
//! assert!(matches!(&read[0].node, Ok(n) if matches!(n.kind, RawKind::Map(_))));
//! assert!(read[1].node.is_err()); // a trailing comma: F001 for this record only
//! assert_eq!(read[2].index, 2);
//! ```
//!
//! # Records
//!
//! Each [`Record`] is the record's 0-based position in the file and either
//! its tree, which is always a [`RawKind::Map`], or the diagnostics that
//! make it unreadable: `F001` (unreadable-facility) for syntax errors and
//! constructs a facility file cannot use, `F002` (not-a-facility) when the
//! record is not a mapping (a scalar or a list at the top level, or as an
//! element of the top-level list). The typed checks (`F002`–`F008`) are
//! `tiaoli_eval::bind::bind`'s.
//!
//! # Streaming
//!
//! [`records`] is lazy: the file is parsed only as far as the records taken
//! so far, so memory holds one record at a time, never the whole inventory
//! (the text itself is borrowed). This holds for all three formats: JSON
//! lines are parsed line by line, and YAML and JSON are read by a pull
//! parser, element by element of a top-level list. [`Records::offset`]
//! says how far into the text reading has got.
//!
//! To read a file that is not held whole, [`stream::Pieces`] cuts a byte
//! stream into pieces (runs of JSON lines, single elements of a top-level
//! JSON array, or a whole document under a size cap), and
//! [`records_at`] / [`bound_records_at`] read a piece at its [`Base`]
//! (offset and first record index in the file): the records, spans and
//! indices are exactly those that reading the whole file gives.
//!
//! A syntax error in one JSON line is an `F001` for that line's record; the
//! other lines are still read. In YAML and JSON a syntax error stops the
//! parser: the records before it have been yielded, then comes one record
//! with the `F001` (so a file that is a single mapping is a single record
//! with the error). JSON has nothing after it; YAML goes on at the next
//! document (`---` at the start of a line), so in a file of several
//! documents a broken one costs only its own records.
//!
//! A comma after the last element of a top-level JSON array (`[{…},]`)
//! does not spoil that element: it is read, and the comma comes after it
//! as a record of its own with the `F001`.
//!
//! # Spans
//!
//! Every key and every value carries its byte range in the whole text (for
//! JSON lines, the line's start plus the offset in the line). A span covers
//! the token as written, quotes included (`"运营者"`); a block mapping or
//! sequence spans its first to its last entry, a flow one its brackets. A
//! value copied by a YAML alias points at the alias (`*name`); the values
//! inside it keep pointing at their anchored definition.
//!
//! # Values
//!
//! - Numbers stay exact: [`RawKind::Number`] holds the number as written
//!   (`12345678901234567.89`), never an `f64`. Numbers are decimal numerals
//!   (YAML 1.2 core schema ints and floats: `12`, `-3`, `1.5`, `1e6`);
//!   `0x1F`, `0o17`, `.inf` and `.nan` are read as strings.
//! - `null`, `~` (YAML) and an empty value (`key:`) are [`RawKind::Null`].
//! - `true`/`false` (YAML also `True`, `TRUE`…) are booleans; YAML 1.1's
//!   `yes`/`no`/`on`/`off` are strings, as in YAML 1.2.
//! - Unquoted dates (`2024-03-01`) are strings: YAML 1.2 has no timestamp
//!   type, and `bind` parses dates itself.
//! - Quoted and block (`|`, `>`) scalars are always strings.
//!
//! # What is rejected (`F001`)
//!
//! - Duplicate keys in any mapping, with a label at the duplicate and one
//!   at the first.
//! - Keys that are not names (a list or a mapping as a key, a missing key),
//!   and YAML 1.1 merge keys (`<<`).
//! - Tags other than the core `!!str`, `!!int`, `!!float`, `!!bool`,
//!   `!!null`, `!!map`, `!!seq` (and a mismatch such as `!!int abc`).
//! - In `.json` and `.jsonl` files, anything that is YAML but not JSON:
//!   unquoted words and keys, single-quoted and block strings, block
//!   (indented) collections, anchors, aliases, tags, `---`, and trailing
//!   commas. (YAML comments are tolerated.)
//!
//! YAML anchors and aliases are supported: an alias is a copy of its
//! anchored value. Aliases may add at most 100,000 values, or the
//! document's size in bytes if larger, to a document (so that a "billion
//! laughs" file cannot exhaust memory), and values may nest at most 512
//! levels; past that, and for an alias inside its own anchor, `F001`.
//!
//! # Why one parser for YAML and JSON
//!
//! YAML 1.2 is a superset of JSON, so JSON is read by the same pull parser
//! (serde-saphyr's event parser, granit) as YAML, with the stricter JSON
//! checks listed above. One code path gives byte spans for every key and
//! value, exact number text, duplicate-key detection, and streaming for
//! both; serde-based readers (serde_json, serde-saphyr's `Spanned<T>`)
//! would turn numbers into `f64` and build the whole document first.
//!
//! # The fast path for JSON lines
//!
//! A JSON line that is a plain object — JSON's own syntax, spaces as the
//! only whitespace, distinct keys, no character YAML treats specially — is
//! the common case of an inventory, and is read without the event parser:
//! a one-pass scanner gives exactly the tree the event parser gives for it
//! (kinds, number text, spans). Every other line, and every error, goes to
//! the event parser, so the diagnostics are always its own. For the same
//! reason [`bound_records`] exists: it reads and binds plain JSON lines in
//! one pass, without building their trees at all, and gives what
//! [`records`] and `tiaoli_eval::bind::bind` give, facility for facility and
//! diagnostic for diagnostic; it is several times faster on an inventory.

mod fast;
mod reader;
mod scalar;
pub mod stream;

use tiaoli_diagnostics::{Code, Diagnostic, Msg, msg};
use tiaoli_text::FileId;

use tiaoli_eval::bind::Token;
pub use tiaoli_eval::bind::{RawKey, RawKind, RawNode};
use tiaoli_eval::{Facility, Schema};

use crate::reader::{Dialect, EventRecords};

/// The language a facility file is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// YAML 1.2: a mapping, a sequence of mappings, or several documents.
    Yaml,
    /// JSON: an object, or an array of objects.
    Json,
    /// JSON lines (NDJSON): one object per non-blank line.
    JsonLines,
}

/// The format of a facility file, by its extension (`.yaml`/`.yml`,
/// `.json`, `.jsonl`/`.ndjson`, in any case).
///
/// The text decides when the extension does not: text that starts with
/// `[` or `{` is JSON, anything else YAML. Text whose first non-blank line
/// is a whole object (`{…}`) and whose second non-blank line starts
/// another is JSON lines, even in a `.json` file (it could not be read as
/// one JSON value). A `.json` file starting with `[` is an array of
/// records; [`records`] finds that out by itself.
pub fn detect(path_or_name: &str, text: &str) -> Format {
    let name = path_or_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(path_or_name);
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "yaml" | "yml" => Format::Yaml,
        "jsonl" | "ndjson" => Format::JsonLines,
        "json" if looks_like_json_lines(text) => Format::JsonLines,
        "json" => Format::Json,
        _ => {
            let start = text.trim_start_matches('\u{feff}').trim_start();
            if looks_like_json_lines(text) {
                Format::JsonLines
            } else if start.starts_with(['{', '[']) {
                Format::Json
            } else {
                Format::Yaml
            }
        }
    }
}

/// Whether the first two non-blank lines are an object and the start of
/// another.
fn looks_like_json_lines(text: &str) -> bool {
    let mut lines = text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    match (lines.next(), lines.next()) {
        (Some(first), Some(second)) => {
            first.starts_with('{') && first.ends_with('}') && second.starts_with('{')
        }
        _ => false,
    }
}

/// One facility record of a file.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// The record's 0-based position in the file.
    pub index: usize,
    /// The record (always a [`RawKind::Map`]), or why it cannot be read
    /// (`F001`, `F002`).
    pub node: Result<RawNode, Vec<Diagnostic>>,
}

/// The records of a facility file, read lazily (see the crate docs).
/// Diagnostics and spans refer to `file`.
pub fn records(text: &str, file: FileId, format: Format) -> Records<'_> {
    records_at(text, file, format, Base::default())
}

/// Where a piece of a file starts: `text` given to [`records_at`] or
/// [`bound_records_at`] is the file's text from byte `offset` on, and its
/// first record is the file's record `index`. Spans, record indices and
/// fallback ids are then the file's, as if the whole file had been read
/// (see [`stream`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Base {
    pub offset: usize,
    pub index: usize,
}

/// [`records`] of a piece of a file that starts at `base`.
pub fn records_at(text: &str, file: FileId, format: Format, base: Base) -> Records<'_> {
    let inner = match format {
        Format::Yaml => Inner::Events(Box::new(EventRecords::new(
            text,
            base.offset,
            file,
            Dialect::Yaml,
        ))),
        Format::Json => Inner::Events(Box::new(EventRecords::new(
            text,
            base.offset,
            file,
            Dialect::Json,
        ))),
        Format::JsonLines => Inner::Lines(LineRecords::new(text, file, base.offset)),
    };
    Records {
        inner,
        first_index: base.index,
    }
}

/// The iterator of [`records`].
#[derive(Debug)]
pub struct Records<'a> {
    inner: Inner<'a>,
    first_index: usize,
}

#[derive(Debug)]
enum Inner<'a> {
    Events(Box<EventRecords<'a>>),
    Lines(LineRecords<'a>),
}

impl Records<'_> {
    /// How far into the text (in bytes) reading has got: the records
    /// before it have been parsed, the text after it has not been looked
    /// at (give or take the parser's lookahead).
    pub fn offset(&self) -> usize {
        match &self.inner {
            Inner::Events(e) => e.offset(),
            Inner::Lines(l) => l.base + l.pos.min(l.text.len()),
        }
    }
}

impl Iterator for Records<'_> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        let mut record = match &mut self.inner {
            Inner::Events(e) => e.next(),
            Inner::Lines(l) => l.next(),
        }?;
        record.index += self.first_index;
        Some(record)
    }
}

impl std::iter::FusedIterator for Records<'_> {}

/// JSON lines: each non-blank line is parsed when it is reached.
#[derive(Debug)]
struct LineRecords<'a> {
    text: &'a str,
    /// Start of the next line.
    pos: usize,
    /// The offset in the file of `text`.
    base: usize,
    file: FileId,
    next_index: usize,
    /// The fast path's buffers, reused from line to line.
    tokens: Vec<Token<'a>>,
    tables: fast::Tables,
}

impl<'a> LineRecords<'a> {
    fn new(text: &'a str, file: FileId, base: usize) -> Self {
        LineRecords {
            text,
            pos: 0,
            base,
            file,
            next_index: 0,
            tokens: Vec::new(),
            tables: fast::Tables::default(),
        }
    }

    /// The next non-blank line: (record index, its start in the file, the
    /// line without its line break).
    fn next_line(&mut self) -> Option<(usize, usize, &'a str)> {
        loop {
            let start = self.pos;
            let rest = self.text.get(start..).filter(|r| !r.is_empty())?;
            let len = rest.find('\n').unwrap_or(rest.len());
            self.pos = start + len + 1;
            let line = rest.get(..len).unwrap_or_default();
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim_start_matches('\u{feff}').trim().is_empty() {
                continue;
            }
            let index = self.next_index;
            self.next_index += 1;
            return Some((index, self.base + start, line));
        }
    }

    /// The next non-blank line, scanned into `tokens`: (record index, its
    /// start in the file, the line, whether the fast path reads it). A line that is a
    /// plain JSON object is scanned without looking for its end first.
    fn next_scanned(&mut self) -> Option<(usize, usize, &'a str, bool)> {
        let start = self.pos;
        let rest = self.text.get(start..).unwrap_or_default();
        if rest.starts_with('{')
            && let Some((len, advance)) = fast::scan_line(rest, self.base + start, &mut self.tokens)
        {
            let line = rest.get(..len).unwrap_or_default();
            self.pos = start + advance;
            let index = self.next_index;
            self.next_index += 1;
            return Some((index, self.base + start, line, true));
        }
        let (index, start, line) = self.next_line()?;
        let scanned = fast::scan(line, start, &mut self.tokens);
        Some((index, start, line, scanned))
    }

    /// The tree of the line just scanned into `tokens`, or of `line` read
    /// by the event reader.
    fn node(
        &mut self,
        line: &'a str,
        start: usize,
        scanned: bool,
    ) -> Result<RawNode, Vec<Diagnostic>> {
        // Plain JSON is read directly; anything else (and every error)
        // by the event reader.
        if scanned && let Some(node) = fast::to_raw(&self.tokens, &mut self.tables) {
            return Ok(node);
        }
        read_line(line, start, self.file)
    }
}

/// One line of a JSON lines file, read by the event reader.
fn read_line(line: &str, start: usize, file: FileId) -> Result<RawNode, Vec<Diagnostic>> {
    let mut parsed = EventRecords::new(line, start, file, Dialect::JsonLine);
    let mut node = match parsed.next() {
        Some(record) => record.node,
        None => Err(vec![
            Diagnostic::new(
                Code::F001,
                msg!(en: "this line holds no JSON value", zh: "此行没有 JSON 值"),
            )
            .with_primary(
                file,
                tiaoli_text::TextRange::new(start, start + line.len()),
                msg!(en: "not a JSON object", zh: "不是 JSON 对象"),
            )
            .with_help(one_object_per_line()),
        ]),
    };
    // Whatever follows the object on its line can only be an error.
    for extra in parsed {
        let more = match extra.node {
            Err(d) => d,
            Ok(n) => vec![
                Diagnostic::new(
                    Code::F001,
                    msg!(en: "a second value on one line", zh: "同一行中有第二个值"),
                )
                .with_primary(file, n.span, msg!(en: "a second value", zh: "第二个值"))
                .with_help(one_object_per_line()),
            ],
        };
        node = match node {
            Ok(_) => Err(more),
            Err(mut d) => {
                d.extend(more);
                Err(d)
            }
        };
    }
    node
}

impl Iterator for LineRecords<'_> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        let (index, start, line, scanned) = self.next_scanned()?;
        let node = self.node(line, start, scanned);
        Some(Record { index, node })
    }
}

/// A record of a facility file, bound to the packs' facts: what
/// [`records`] and then `tiaoli_eval::bind::bind` make of it.
#[derive(Clone, Debug)]
pub struct BoundRecord {
    /// The record's 0-based position in the file.
    pub index: usize,
    /// The facility and `bind`'s diagnostics about it, or the reader's
    /// diagnostics that make the record unreadable (`F001`, `F002`).
    pub result: Result<(Facility, Vec<Diagnostic>), Vec<Diagnostic>>,
}

/// The records of a facility file, bound to `schema`: for each record of
/// [`records`], `bind(schema, file, &node, &fallback_id(index))` — the
/// same facilities, the same diagnostics. The difference is speed: a
/// plain JSON line is read and bound in one pass, without building its
/// tree (and `fallback_id` is only called for a record without an `id`).
pub fn bound_records<'a, F>(
    text: &'a str,
    file: FileId,
    format: Format,
    schema: &'a Schema,
    fallback_id: F,
) -> BoundRecords<'a, F>
where
    F: FnMut(usize) -> String,
{
    bound_records_at(text, file, format, schema, fallback_id, Base::default())
}

/// [`bound_records`] of a piece of a file that starts at `base`:
/// `fallback_id` is given the record's index in the file.
pub fn bound_records_at<'a, F>(
    text: &'a str,
    file: FileId,
    format: Format,
    schema: &'a Schema,
    fallback_id: F,
    base: Base,
) -> BoundRecords<'a, F>
where
    F: FnMut(usize) -> String,
{
    let inner = match format {
        Format::JsonLines => BoundInner::Lines(LineRecords::new(text, file, base.offset)),
        _ => BoundInner::Records(records_at(text, file, format, base)),
    };
    BoundRecords {
        inner,
        schema,
        file,
        fallback_id,
        first_index: base.index,
    }
}

/// The iterator of [`bound_records`].
pub struct BoundRecords<'a, F> {
    inner: BoundInner<'a>,
    schema: &'a Schema,
    file: FileId,
    fallback_id: F,
    /// Added to the indices of `Lines` (`Records` adds it itself).
    first_index: usize,
}

enum BoundInner<'a> {
    Records(Records<'a>),
    Lines(LineRecords<'a>),
}

impl<F> std::fmt::Debug for BoundRecords<'_, F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let inner: &dyn std::fmt::Debug = match &self.inner {
            BoundInner::Records(r) => r,
            BoundInner::Lines(l) => l,
        };
        f.debug_struct("BoundRecords")
            .field("inner", inner)
            .finish_non_exhaustive()
    }
}

impl<'a, F> BoundRecords<'a, F>
where
    F: FnMut(usize) -> String,
{
    fn bind(&mut self, index: usize, node: Result<RawNode, Vec<Diagnostic>>) -> BoundRecord {
        let result = node.map(|node| {
            let fallback = (self.fallback_id)(index);
            tiaoli_eval::bind::bind(self.schema, self.file, &node, &fallback)
        });
        BoundRecord { index, result }
    }
}

impl<'a, F> Iterator for BoundRecords<'a, F>
where
    F: FnMut(usize) -> String,
{
    type Item = BoundRecord;

    fn next(&mut self) -> Option<BoundRecord> {
        let lines = match &mut self.inner {
            BoundInner::Records(r) => {
                let record = r.next()?;
                return Some(self.bind(record.index, record.node));
            }
            BoundInner::Lines(l) => l,
        };
        let (index, start, line, scanned) = lines.next_scanned()?;
        let index = index + self.first_index;
        if scanned {
            let fallback_id = &mut self.fallback_id;
            let bound =
                tiaoli_eval::bind::bind_tokens(self.schema, &lines.tokens, || fallback_id(index));
            if let Some(facility) = bound {
                return Some(BoundRecord {
                    index,
                    result: Ok((facility, Vec::new())),
                });
            }
        }
        let node = lines.node(line, start, scanned);
        Some(self.bind(index, node))
    }
}

impl<F> std::iter::FusedIterator for BoundRecords<'_, F> where F: FnMut(usize) -> String {}

fn one_object_per_line() -> Msg {
    msg!(
        en: "each line of a JSON lines file is one JSON object",
        zh: "JSON lines 文件的每一行都是一个 JSON 对象"
    )
}

/// F002 for a record that is not a mapping.
pub(crate) fn not_a_facility(file: FileId, node: &RawNode, dialect: Dialect) -> Diagnostic {
    let d = tiaoli_eval::bind::not_a_mapping(file, node);
    match (dialect, &node.kind) {
        (Dialect::Yaml, RawKind::List(_)) => d.with_help(msg!(
            en: "a file holds one facility (a mapping) or a list of them; a list inside the list is not a facility",
            zh: "一个文件包含一个设施（映射）或由设施组成的列表；列表中的列表不是设施"
        )),
        (Dialect::Yaml, _) => d.with_help(msg!(
            en: "write each fact as `name: value`, e.g. `sector: energy`",
            zh: "请将每个事实写作 `name: value`，如 `sector: energy`"
        )),
        (Dialect::Json, _) => d.with_help(msg!(
            en: "a JSON facility file holds one object, e.g. `{{\"sector\": \"energy\"}}`, or an array of them",
            zh: "JSON 设施文件包含一个对象（如 `{{\"sector\": \"energy\"}}`）或由对象组成的数组"
        )),
        (Dialect::JsonLine, _) => d.with_help(msg!(
            en: "each line of a JSON lines file is one object, e.g. `{{\"sector\": \"energy\"}}`",
            zh: "JSON lines 文件的每一行都是一个对象，如 `{{\"sector\": \"energy\"}}`"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `records` gives for JSON lines without the fast path: every
    /// non-blank line read by the event reader.
    fn reference(text: &str) -> Vec<Record> {
        let mut lines = LineRecords::new(text, FileId(0), 0);
        let mut out = Vec::new();
        while let Some((index, start, line)) = lines.next_line() {
            out.push(Record {
                index,
                node: read_line(line, start, FileId(0)),
            });
        }
        out
    }

    /// Whole files, with every kind of line break, blank lines, spaces and
    /// broken lines among plain ones: the same records, spans and all.
    #[test]
    fn json_lines_read_as_the_event_reader_reads_them() {
        let lines = [
            r#"{"id":"a","n":1,"l":[1,{"x":"y"}]}"#,
            r#"{"id": "b", "s": "中文\n\u0041"}  "#,
            r#"  {"id":"c"}"#,
            r#"{"id":"d",}"#,
            r#"{"id":"e","id":"f"}"#,
            r#"{"id":"g"} {"id":"h"}"#,
            "",
            "   ",
            "\u{feff}{\"id\":\"bom\"}",
            r#"[1]"#,
            r#"{"id":"t"}	"#,
        ];
        let breaks = ["\n", "\r\n", "\n\n", "\r\n\r\n"];
        let mut state = 7u64;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 33) as usize) % n
        };
        for _ in 0..400 {
            let mut text = String::new();
            for _ in 0..next(6) {
                text.push_str(lines[next(lines.len())]);
                text.push_str(breaks[next(breaks.len())]);
            }
            match next(3) {
                0 => text.push_str(lines[next(lines.len())]),
                1 => text.push('\r'),
                _ => {}
            }
            let fast: Vec<Record> = records(&text, FileId(0), Format::JsonLines).collect();
            assert_eq!(fast, reference(&text), "{text:?}");
        }
    }
}
