//! Reading a facility file from a stream, piece by piece, so that an
//! inventory of any size is never held whole.
//!
//! [`Pieces`] reads the file's bytes as they are on disk (a CRLF stays a
//! CRLF, a BOM stays where it is), so every offset is an offset into the
//! file, and cuts them into [`Piece`]s:
//!
//! - JSON lines: runs of whole lines (at most [`LINES_PER_PIECE`] lines or
//!   about [`BYTES_PER_PIECE`] bytes);
//! - a top-level JSON array: element by element (the bytes are scanned for
//!   the commas between elements, outside strings, comments and nested
//!   brackets);
//! - anything else (YAML, a single JSON object): the whole document, up to
//!   [`Options::max_document`] bytes.
//!
//! Each piece knows where it starts in the file (byte offset, line, column)
//! and the index of its first record; read with
//! [`crate::bound_records_at`] at its [`PieceKind::Records::base`], its
//! records, spans, indices and fallback ids are those that reading the
//! whole file would give. A piece that cannot be read at all — a line,
//! element or document that is not UTF-8 (`F012`), or larger than the limit
//! (`F015`) — is one record with one diagnostic, and the pieces after it are
//! still read.

use std::io::{self, Read};
use std::ops::Range;

use tiaoli_diagnostics::{Code, Diagnostic, Msg, msg};
use tiaoli_text::{FileId, TextRange};

use crate::{Base, Format, detect};

/// The default limit on what is read whole: a YAML or single-object JSON
/// document, one JSON line, one element of a JSON array.
pub const DEFAULT_MAX_DOCUMENT: usize = 64 << 20;
/// JSON lines per piece (at most).
pub const LINES_PER_PIECE: usize = 16;
/// A piece of JSON lines is closed once it holds this many bytes.
pub const BYTES_PER_PIECE: usize = 256 << 10;
/// How much of the file's start is looked at to tell its format.
const DETECT_PREFIX: usize = 1 << 20;
/// Bytes asked of the reader at a time.
const READ_SIZE: usize = 64 << 10;

/// Limits of the reader.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// The most bytes held for one document, line or array element.
    pub max_document: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_document: DEFAULT_MAX_DOCUMENT,
        }
    }
}

/// A piece of a facility file.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    /// The byte offset in the file of the piece's first byte.
    pub offset: usize,
    /// Its 0-based line.
    pub line: u32,
    /// The characters before it on its line.
    pub column: u32,
    /// The file's index of the piece's first record.
    pub first_index: usize,
    pub kind: PieceKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PieceKind {
    /// Records to read with [`crate::bound_records_at`]`(text, …, format,
    /// …, base)`. `text[source]` is the file's text from `offset` on; the
    /// rest is brackets put around an array element so that it is read as
    /// an element (`base.offset` is then one before `offset`).
    Records {
        text: String,
        format: Format,
        base: Base,
        source: Range<usize>,
    },
    /// One record that cannot be read. `source` is its text from `offset`
    /// on (for a diagnostic's snippet), with every byte that is not UTF-8
    /// shown as `?`, so offsets in it stay the file's.
    Unreadable { source: String, problem: Problem },
}

/// Why a piece cannot be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// `F012`: the byte at file offset `at` is not part of a UTF-8 character.
    InvalidUtf8 { at: usize, byte: u8, unit: Unit },
    /// `F015`: the unit is larger than `limit` bytes.
    TooLarge { limit: usize, unit: Unit },
}

/// What a piece is, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Line,
    Element,
    Document,
}

impl Unit {
    fn name(self) -> &'static str {
        match self {
            Unit::Line => "line",
            Unit::Element => "array element",
            Unit::Document => "document",
        }
    }

    fn name_zh(self) -> &'static str {
        match self {
            Unit::Line => "行",
            Unit::Element => "数组元素",
            Unit::Document => "文档",
        }
    }
}

impl Piece {
    /// The piece's text as it is in the file, from [`Piece::offset`] on.
    pub fn source_text(&self) -> &str {
        match &self.kind {
            PieceKind::Records { text, source, .. } => text.get(source.clone()).unwrap_or(""),
            PieceKind::Unreadable { source, .. } => source,
        }
    }

    /// The diagnostic of an unreadable piece, in `file` (where
    /// [`Piece::source_text`] was added as a fragment at the piece's
    /// offset, line and column).
    pub fn diagnostic(&self, file: FileId) -> Option<Diagnostic> {
        let PieceKind::Unreadable { problem, source } = &self.kind else {
            return None;
        };
        Some(match *problem {
            Problem::InvalidUtf8 { at, byte, unit } => Diagnostic::new(
                Code::F012,
                Msg::new(
                    format!(
                        "this {} is not UTF-8 text: byte 0x{byte:02x} at offset {at} is not part of a UTF-8 character",
                        unit.name()
                    ),
                    format!(
                        "此{}不是 UTF-8 文本：偏移量 {at} 处的字节 0x{byte:02x} 不属于任何 UTF-8 字符",
                        unit.name_zh()
                    ),
                ),
            )
            .with_primary(
                file,
                TextRange::new(at, at + 1),
                msg!(en: "not UTF-8", zh: "不是 UTF-8"),
            )
            .with_help(msg!(
                en: "facility files are UTF-8; convert the file (e.g. `iconv -f GB18030 -t UTF-8`) or fix this value; the other records are still read",
                zh: "设施文件须为 UTF-8 编码；请转换文件编码（如 `iconv -f GB18030 -t UTF-8`）或修正此值；其他记录仍会读取"
            )),
            Problem::TooLarge { limit, unit } => {
                let end = self.offset + source.len().min(1);
                let d = Diagnostic::new(
                    Code::F015,
                    Msg::new(
                        format!(
                            "this {} is larger than {} bytes, the most tiaoli reads whole",
                            unit.name(),
                            limit
                        ),
                        format!(
                            "此{}超过 {} 字节，即 tiaoli 整体读取的上限",
                            unit.name_zh(),
                            limit
                        ),
                    ),
                )
                .with_primary(
                    file,
                    TextRange::new(self.offset, end),
                    msg!(en: "starts here", zh: "从此处开始"),
                );
                match unit {
                    Unit::Document => d.with_help(msg!(
                        en: "write an inventory as JSON lines (`.jsonl`, one facility per line) or as a JSON array, which are read record by record; or raise the limit with `--max-document-bytes`",
                        zh: "请将设施台账写成 JSON lines（`.jsonl`，每行一个设施）或 JSON 数组，二者均逐条记录读取；或用 `--max-document-bytes` 提高上限"
                    )),
                    _ => d.with_help(msg!(
                        en: "a facility record this large is likely a mistake; split it, or raise the limit with `--max-document-bytes`",
                        zh: "如此大的设施记录很可能有误；请将其拆分，或用 `--max-document-bytes` 提高上限"
                    )),
                }
            }
        })
    }
}

/// The pieces of a facility file read from `reader` (see the module docs).
#[derive(Debug)]
pub struct Pieces<R> {
    reader: R,
    /// The file's name, for [`detect`].
    name: String,
    buf: Vec<u8>,
    /// `buf[..start]` is consumed.
    start: usize,
    eof: bool,
    /// Where `buf[start]` is in the file.
    offset: usize,
    line: u32,
    column: u32,
    next_index: usize,
    mode: Mode,
    opts: Options,
    /// A piece found while another was being completed.
    pending: Option<Piece>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// The format is not known yet, unless the name says it.
    Start(Option<Format>),
    Lines,
    /// Inside a top-level JSON array, before an element.
    Array,
    /// After the array's `]`.
    AfterArray,
    Whole(Format),
    Done,
}

/// A scanned array element: where it ends, and what ended it.
enum ElementEnd {
    /// A `,` at `buf[at]`, with another element after it.
    Comma(usize),
    /// A `,` at `buf[comma]` and then only the closing `]` at `buf[close]`.
    TrailingComma { close: usize },
    /// The closing `]` at `buf[at]`.
    Close(usize),
    /// The end of the file.
    Eof(usize),
}

impl<R: Read> Pieces<R> {
    /// `name` is the file's name (its extension tells the format, as in
    /// [`detect`]).
    pub fn new(reader: R, name: &str, opts: Options) -> Self {
        let ext = name
            .rsplit(['/', '\\'])
            .next()
            .and_then(|n| n.rsplit_once('.'))
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let known = match ext.as_str() {
            "yaml" | "yml" => Some(Format::Yaml),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            _ => None,
        };
        Pieces {
            reader,
            name: name.to_owned(),
            buf: Vec::new(),
            start: 0,
            eof: false,
            offset: 0,
            line: 0,
            column: 0,
            next_index: 0,
            mode: Mode::Start(known),
            opts,
            pending: None,
        }
    }

    /// The bytes read and not consumed.
    fn rest(&self) -> &[u8] {
        self.buf.get(self.start..).unwrap_or_default()
    }

    /// Reads more bytes; false at the end of the file.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.start > 0 && self.start * 2 >= self.buf.len() {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        let len = self.buf.len();
        self.buf.resize(len + READ_SIZE, 0);
        let read = loop {
            match self
                .reader
                .read(self.buf.get_mut(len..).unwrap_or_default())
            {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.buf.truncate(len);
                    return Err(e);
                }
            }
        };
        self.buf.truncate(len + read);
        if read == 0 {
            self.eof = true;
        }
        Ok(read > 0)
    }

    /// Reads until `n` bytes are buffered or the file ends.
    fn fill_to(&mut self, n: usize) -> io::Result<()> {
        while self.rest().len() < n && self.fill()? {}
        Ok(())
    }

    /// Consumes `n` bytes, keeping the position (line and column) up to date.
    fn consume(&mut self, n: usize) {
        let end = (self.start + n).min(self.buf.len());
        for &b in self.buf.get(self.start..end).unwrap_or_default() {
            if b == b'\n' {
                self.line += 1;
                self.column = 0;
            } else if b & 0xC0 != 0x80 {
                self.column += 1;
            }
        }
        self.offset += end - self.start;
        self.start = end;
    }

    fn piece(&self, first_index: usize, kind: PieceKind) -> Piece {
        Piece {
            offset: self.offset,
            line: self.line,
            column: self.column,
            first_index,
            kind,
        }
    }

    /// One record that cannot be read, at the current position, of `bytes`.
    fn unreadable(&mut self, bytes: &[u8], problem: Problem) -> Piece {
        let index = self.next_index;
        self.next_index += 1;
        self.piece(
            index,
            PieceKind::Unreadable {
                source: lossy_same_length(bytes),
                problem,
            },
        )
    }

    /// Decides the format from the name and the file's start.
    fn start(&mut self, known: Option<Format>) -> io::Result<Mode> {
        let format = match known {
            Some(f) => f,
            None => {
                self.fill_to(DETECT_PREFIX)?;
                let prefix = String::from_utf8_lossy(self.rest()).into_owned();
                detect(&self.name, &prefix)
            }
        };
        Ok(match format {
            Format::JsonLines => Mode::Lines,
            Format::Yaml => Mode::Whole(Format::Yaml),
            Format::Json => {
                let rest = self.rest();
                let body = rest.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(rest);
                let lead = body.iter().take_while(|b| b.is_ascii_whitespace()).count();
                if body.get(lead) == Some(&b'[') {
                    // Consume the BOM, blanks and `[`: elements are read on
                    // their own, each inside brackets of its own.
                    let bom = rest.len() - body.len();
                    self.consume(bom + lead + 1);
                    // A byte-order mark is not a column (as in `Sources`).
                    if bom > 0 && self.line == 0 {
                        self.column = self.column.saturating_sub(1);
                    }
                    Mode::Array
                } else {
                    Mode::Whole(Format::Json)
                }
            }
        })
    }

    /// The whole rest of the file, up to the limit.
    fn whole(&mut self, format: Format) -> io::Result<Option<Piece>> {
        let limit = self.opts.max_document;
        self.fill_to(limit.saturating_add(1))?;
        self.mode = Mode::Done;
        let rest = self.rest().to_vec();
        if rest.len() > limit {
            let head = &rest[..rest.len().min(80)];
            let head = &head[..valid_prefix(head)];
            return Ok(Some(self.unreadable(
                head,
                Problem::TooLarge {
                    limit,
                    unit: Unit::Document,
                },
            )));
        }
        if rest.is_empty() {
            return Ok(None);
        }
        let piece = self.text_piece(rest, format, Unit::Document, 0);
        self.consume(self.rest().len());
        Ok(Some(piece))
    }

    /// A piece of `bytes` (which start at the current position) read as
    /// `format`, or an `F012` if they are not UTF-8. `lead` bytes are
    /// brackets put before the file's text.
    fn text_piece(&mut self, bytes: Vec<u8>, format: Format, unit: Unit, lead: usize) -> Piece {
        match String::from_utf8(bytes) {
            Ok(text) => {
                let index = self.next_index;
                let source = lead.min(text.len())..text.len();
                self.piece(
                    index,
                    PieceKind::Records {
                        text,
                        format,
                        base: Base {
                            offset: self.offset.saturating_sub(lead),
                            index,
                        },
                        source,
                    },
                )
            }
            Err(e) => {
                let bytes = e.into_bytes();
                let bad = valid_prefix(&bytes);
                let byte = bytes.get(bad).copied().unwrap_or(0);
                let at = self.offset + bad - lead;
                let source = bytes.get(lead..).unwrap_or_default();
                self.unreadable(source, Problem::InvalidUtf8 { at, byte, unit })
            }
        }
    }

    /// The next piece of JSON lines.
    fn lines(&mut self) -> io::Result<Option<Piece>> {
        let mut text = String::new();
        let mut first: Option<(usize, usize, u32)> = None;
        let mut lines = 0;
        let limit = self.opts.max_document;
        loop {
            if lines >= LINES_PER_PIECE || text.len() >= BYTES_PER_PIECE {
                break;
            }
            // Find the end of the next line, reading as needed (at most
            // the limit, plus its line break).
            let mut searched = 0;
            let end = loop {
                let rest = self.rest();
                if let Some(i) = rest
                    .get(searched..)
                    .and_then(|r| r.iter().position(|&b| b == b'\n'))
                {
                    break Some(searched + i + 1);
                }
                searched = rest.len();
                if searched > limit.saturating_add(2) || !self.fill()? {
                    break None;
                }
            };
            let rest_len = self.rest().len();
            if rest_len == 0 {
                self.mode = Mode::Done;
                break;
            }
            let len = end.unwrap_or(rest_len);
            let content = self.rest().get(..len).unwrap_or_default();
            let body = trim_line_break(content);
            if body.len() > limit {
                let piece = self.too_large_line(limit)?;
                return Ok(Some(self.defer(text, first, piece)));
            }
            match std::str::from_utf8(content) {
                Ok(line) => {
                    let blank = line.trim_start_matches('\u{feff}').trim().is_empty();
                    if first.is_none() {
                        first = Some((self.offset, self.next_index, self.line));
                    }
                    text.push_str(line);
                    if !blank {
                        self.next_index += 1;
                        lines += 1;
                    }
                    self.offset += len;
                    self.start += len;
                    if end.is_some() {
                        self.line += 1;
                        self.column = 0;
                    }
                }
                Err(_) => {
                    let bad = valid_prefix(content);
                    let byte = content.get(bad).copied().unwrap_or(0);
                    let body = body.to_vec();
                    let problem = Problem::InvalidUtf8 {
                        at: self.offset + bad,
                        byte,
                        unit: Unit::Line,
                    };
                    let piece = self.unreadable(&body, problem);
                    self.consume(len);
                    return Ok(Some(self.defer(text, first, piece)));
                }
            }
        }
        Ok(first.map(|(offset, index, line)| lines_piece(text, offset, index, line)))
    }

    /// A line longer than the limit: skipped to its end, one `F015` record.
    fn too_large_line(&mut self, limit: usize) -> io::Result<Piece> {
        let head = self.rest().get(..80).unwrap_or(self.rest());
        let head = head[..valid_prefix(head)].to_vec();
        let piece = self.unreadable(
            &head,
            Problem::TooLarge {
                limit,
                unit: Unit::Line,
            },
        );
        loop {
            if let Some(i) = self.rest().iter().position(|&b| b == b'\n') {
                self.consume(i + 1);
                break;
            }
            let n = self.rest().len();
            self.consume(n);
            if !self.fill()? {
                break;
            }
        }
        Ok(piece)
    }

    /// Returns the lines gathered so far, keeping `next` for the next call;
    /// or `next` itself when there are none.
    fn defer(&mut self, text: String, first: Option<(usize, usize, u32)>, next: Piece) -> Piece {
        match first {
            Some((offset, index, line)) => {
                self.pending = Some(next);
                lines_piece(text, offset, index, line)
            }
            None => next,
        }
    }

    /// Scans the next element of the top-level array from `buf[start]`:
    /// where it ends, reading as needed. Past the limit, the element is
    /// consumed as it is scanned (and `None` is returned with its end).
    fn scan_element(&mut self) -> io::Result<(ElementEnd, bool)> {
        let limit = self.opts.max_document;
        let mut scan = Scan::default();
        let mut i = 0;
        let mut too_large = false;
        loop {
            let rest = self.rest();
            let mut found = None;
            while let Some(&b) = rest.get(i) {
                if let Some(end) = scan.byte(b, rest, i) {
                    found = Some(end);
                    break;
                }
                i += 1;
            }
            match found {
                // A comma followed by only `]` is a trailing comma.
                Some(b',') => return Ok((self.after_comma(i)?, too_large)),
                Some(_) => return Ok((ElementEnd::Close(i), too_large)),
                None => {}
            }
            if i > limit {
                too_large = true;
                // Keep only the scanner's state; drop the bytes.
                self.consume(i);
                i = 0;
            }
            if !self.fill()? {
                return Ok((ElementEnd::Eof(self.rest().len()), too_large));
            }
        }
    }

    /// After a comma at `rest[comma]`: the next element, or only the
    /// closing bracket (after blanks and comments).
    fn after_comma(&mut self, comma: usize) -> io::Result<ElementEnd> {
        let mut j = comma + 1;
        let mut comment = false;
        loop {
            let rest = self.rest();
            while let Some(&b) = rest.get(j) {
                if comment {
                    comment = b != b'\n';
                } else if b == b'#' {
                    comment = true;
                } else if b == b']' {
                    return Ok(ElementEnd::TrailingComma { close: j });
                } else if !b.is_ascii_whitespace() {
                    return Ok(ElementEnd::Comma(comma));
                }
                j += 1;
            }
            if j > self.opts.max_document || !self.fill()? {
                return Ok(ElementEnd::Comma(comma));
            }
        }
    }

    /// The next element of the top-level array.
    fn element(&mut self) -> io::Result<Option<Piece>> {
        let (end, too_large) = self.scan_element()?;
        let (len, consumed, closing) = match end {
            ElementEnd::Comma(at) => (at, at + 1, false),
            ElementEnd::TrailingComma { close } => (close + 1, close + 1, true),
            ElementEnd::Close(at) => (at, at + 1, true),
            ElementEnd::Eof(at) => (at, at, true),
        };
        if closing {
            self.mode = if matches!(end, ElementEnd::Eof(_)) {
                Mode::Done
            } else {
                Mode::AfterArray
            };
        }
        if too_large {
            let piece = self.unreadable(
                &[],
                Problem::TooLarge {
                    limit: self.opts.max_document,
                    unit: Unit::Element,
                },
            );
            self.consume(consumed);
            return Ok(Some(piece));
        }
        let region = self.rest().get(..len).unwrap_or_default();
        let blank = region_is_blank(region);
        if blank && matches!(end, ElementEnd::Close(_)) {
            // `[]`, or blanks before `]`: no record.
            self.consume(consumed);
            return Ok(None);
        }
        // The element inside brackets of its own: `[` + the file's bytes
        // (with the trailing comma and `]` when there are) + `]`; at the
        // end of the file, no `]`, so that the reader reports the array
        // as unclosed.
        let mut bytes = Vec::with_capacity(len + 2);
        bytes.push(b'[');
        bytes.extend_from_slice(region);
        if blank && matches!(end, ElementEnd::Comma(_)) {
            bytes.push(b',');
        }
        if matches!(end, ElementEnd::Comma(_) | ElementEnd::Close(_)) {
            bytes.push(b']');
        }
        let real_end = 1 + len;
        let mut piece = self.text_piece(bytes, Format::Json, Unit::Element, 1);
        let reserved = match &mut piece.kind {
            PieceKind::Records { source, text, .. } => {
                *source = 1..real_end.min(text.len());
                // The reader gives the element, and after it a record of
                // its own for a trailing comma (see the crate docs).
                if matches!(end, ElementEnd::TrailingComma { .. }) {
                    2
                } else {
                    1
                }
            }
            PieceKind::Unreadable { .. } => 0,
        };
        self.next_index += reserved;
        self.consume(consumed);
        Ok(Some(piece))
    }

    /// What follows the array's `]`: nothing but blanks, or an `F001`
    /// (the text is read after an empty array, so the message is the
    /// reader's own).
    fn after_array(&mut self) -> io::Result<Option<Piece>> {
        self.mode = Mode::Done;
        let limit = self.opts.max_document;
        self.fill_to(limit.saturating_add(1))?;
        if region_is_blank(self.rest()) {
            return Ok(None);
        }
        let mut bytes = b"[]".to_vec();
        let take = self.rest().len().min(limit);
        bytes.extend_from_slice(self.rest().get(..take).unwrap_or_default());
        let piece = self.text_piece(bytes, Format::Json, Unit::Document, 2);
        self.next_index += 1;
        self.consume(take);
        Ok(Some(piece))
    }
}

impl<R: Read> Iterator for Pieces<R> {
    type Item = io::Result<Piece>;

    fn next(&mut self) -> Option<io::Result<Piece>> {
        if let Some(p) = self.pending.take() {
            return Some(Ok(p));
        }
        loop {
            let got = match self.mode {
                Mode::Done => return None,
                Mode::Start(known) => match self.start(known) {
                    Ok(mode) => {
                        self.mode = mode;
                        continue;
                    }
                    Err(e) => Err(e),
                },
                Mode::Lines => self.lines(),
                Mode::Array => self.element(),
                Mode::AfterArray => self.after_array(),
                Mode::Whole(format) => self.whole(format),
            };
            match got {
                Ok(Some(piece)) => return Some(Ok(piece)),
                Ok(None) => {}
                Err(e) => {
                    self.mode = Mode::Done;
                    return Some(Err(e));
                }
            }
        }
    }
}

fn lines_piece(text: String, offset: usize, index: usize, line: u32) -> Piece {
    let source = 0..text.len();
    Piece {
        offset,
        line,
        column: 0,
        first_index: index,
        kind: PieceKind::Records {
            text,
            format: Format::JsonLines,
            base: Base { offset, index },
            source,
        },
    }
}

/// The scanner's state between the bytes of an array element.
#[derive(Default)]
struct Scan {
    depth: usize,
    string: bool,
    escape: bool,
    comment: bool,
}

impl Scan {
    /// Takes `rest[i]`; `Some(b)` when it ends the element (`,` or `]` at
    /// the array's own level).
    fn byte(&mut self, b: u8, rest: &[u8], i: usize) -> Option<u8> {
        if self.comment {
            self.comment = b != b'\n';
        } else if self.string {
            if self.escape {
                self.escape = false;
            } else if b == b'\\' {
                self.escape = true;
            } else if b == b'"' {
                self.string = false;
            }
        } else {
            match b {
                b'"' => self.string = true,
                // A YAML comment starts at `#` after a blank (or at the
                // start of the element).
                b'#' if i == 0 || rest.get(i - 1).is_some_and(u8::is_ascii_whitespace) => {
                    self.comment = true;
                }
                b'[' | b'{' => self.depth += 1,
                b']' | b'}' if self.depth > 0 => self.depth -= 1,
                b',' | b']' if self.depth == 0 => return Some(b),
                _ => {}
            }
        }
        None
    }
}

/// Whether a region holds only blanks and comments.
fn region_is_blank(region: &[u8]) -> bool {
    let mut comment = false;
    region.iter().all(|&b| {
        if comment {
            comment = b != b'\n';
            true
        } else if b == b'#' {
            comment = true;
            true
        } else {
            b.is_ascii_whitespace()
        }
    })
}

/// The bytes before the first that is not part of a UTF-8 character.
fn valid_prefix(bytes: &[u8]) -> usize {
    match std::str::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(e) => e.valid_up_to(),
    }
}

/// The text of `bytes`, each byte that is not UTF-8 written `?`: as long
/// as the bytes, so offsets into it are the file's.
fn lossy_same_length(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(std::iter::repeat_n('?', chunk.invalid().len()));
    }
    out
}

/// A line without its `\n` or `\r\n`.
fn trim_line_break(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Record, records, records_at};

    /// A reader that gives at most `n` bytes at a time, to cut the file at
    /// every kind of place.
    struct Trickle<'a> {
        bytes: &'a [u8],
        n: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let k = self.n.min(buf.len()).min(self.bytes.len());
            buf[..k].copy_from_slice(&self.bytes[..k]);
            self.bytes = &self.bytes[k..];
            Ok(k)
        }
    }

    /// The records of every piece, read at its base.
    fn streamed(text: &str, name: &str, n: usize) -> Vec<Record> {
        let reader = Trickle {
            bytes: text.as_bytes(),
            n,
        };
        let mut out = Vec::new();
        for piece in Pieces::new(reader, name, Options::default()) {
            let piece = piece.expect("reads");
            if let PieceKind::Records {
                text, format, base, ..
            } = &piece.kind
            {
                out.extend(records_at(text, FileId(0), *format, *base));
            }
        }
        out
    }

    #[test]
    fn pieces_give_the_records_of_the_whole_file() {
        let cases = [
            (
                "a.jsonl",
                "{\"id\":\"a\"}\n\n{\"id\": \"b\", }\r\n  \n{\"id\":\"c\",\"l\":[1,{\"x\":\"y\"}]}",
            ),
            (
                "b.jsonl",
                "\u{feff}{\"id\":\"bom\"}\r\n[1]\r\n{\"id\":\"e\",\"id\":\"f\"}\n",
            ),
            (
                "c.json",
                "[{\"id\":\"a\"}, 3, {\"s\":\"x,]}\\\"\"}, [1,[2]],\n {\"id\":\"d\"},\n]",
            ),
            (
                "d.json",
                "\u{feff}  [\r\n  {\"id\": \"a\"},\r\n  # a comment, with ] and ,\r\n  {\"id\": \"b\"}\r\n]\r\n",
            ),
            ("e.json", "[]"),
            ("f.json", "{\"id\": \"one\", \"n\": 1}"),
            ("g.yaml", "id: a\r\nsector: energy\r\n---\r\nid: b\r\n"),
            ("h.json", "[{\"id\":\"运营者\"},{\"名\":1}]"),
        ];
        for (name, text) in cases {
            let format = detect(name, text);
            let whole: Vec<Record> = records(text, FileId(0), format).collect();
            for n in [1, 3, 7, 4096] {
                assert_eq!(streamed(text, name, n), whole, "{name}, {n} bytes a read");
            }
        }
    }

    #[test]
    fn a_piece_knows_its_line_and_column() {
        let text = "[{\"id\":\"a\"},\n  {\"id\":\"运\"}, {\"id\":\"b\"}]";
        let pieces: Vec<Piece> = Pieces::new(text.as_bytes(), "x.json", Options::default())
            .map(|p| p.expect("reads"))
            .collect();
        let starts: Vec<(usize, u32, u32, usize)> = pieces
            .iter()
            .map(|p| (p.offset, p.line, p.column, p.first_index))
            .collect();
        let third = text.rfind(" {").unwrap_or_default();
        assert_eq!(starts, [(1, 0, 1, 0), (12, 0, 12, 1), (third, 1, 13, 2)]);
    }

    #[test]
    fn bad_bytes_and_long_lines_are_one_record_each() {
        let text =
            b"{\"id\":\"a\"}\n{\"x\":\"\xff\"}\n{\"id\":\"a-very-long-line\"}\n{\"id\":\"c\"}\n";
        let opts = Options { max_document: 20 };
        let pieces: Vec<Piece> = Pieces::new(&text[..], "x.jsonl", opts)
            .map(|p| p.expect("reads"))
            .collect();
        let problems: Vec<(usize, Option<Problem>)> = pieces
            .iter()
            .map(|p| match &p.kind {
                PieceKind::Unreadable { problem, .. } => (p.first_index, Some(*problem)),
                PieceKind::Records { .. } => (p.first_index, None),
            })
            .collect();
        let bad = text.iter().position(|&b| b == 0xff).unwrap_or_default();
        assert_eq!(
            problems,
            [
                (0, None),
                (
                    1,
                    Some(Problem::InvalidUtf8 {
                        at: bad,
                        byte: 0xff,
                        unit: Unit::Line
                    })
                ),
                (
                    2,
                    Some(Problem::TooLarge {
                        limit: 20,
                        unit: Unit::Line
                    })
                ),
                (3, None),
            ]
        );
    }
}
