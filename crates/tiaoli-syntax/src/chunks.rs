//! Parsing item by item, for a caller that memoises (the database): the
//! scan splits a file into [`ItemChunk`]s, each holding its text and what
//! the scan learnt about it, all relative to the item's start; an item is
//! parsed alone ([`parse_chunk`]), so an unchanged item parses to an equal
//! [`ItemParse`] wherever it moves; [`assemble`] shifts the items into
//! place. The result equals [`crate::parse`] of the whole text (a property
//! test holds them equal).

use tiaoli_diagnostics::Diagnostic;
use tiaoli_text::{FileId, TextRange};

use crate::ast::{Shift, SourceFile};
use crate::parse::{Cx, Parse, lexical_ranges};
use crate::scan::{self, LineStart};

/// A file split into items: where each is, and what belongs to the file
/// rather than to an item (the lexical diagnostics, the comments).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Chunks {
    pub chunks: Vec<PlacedChunk>,
    /// Lexical diagnostics (unterminated strings, unbalanced delimiters,
    /// full-width punctuation), in file offsets.
    pub diagnostics: Vec<Diagnostic>,
    /// Every comment of the file, in file offsets.
    pub comments: Vec<TextRange>,
}

/// An item and where it starts in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedChunk {
    pub offset: usize,
    pub chunk: ItemChunk,
}

/// One item's text and the scan's findings about it, relative to its
/// start: everything [`parse_chunk`] needs, and nothing that depends on
/// where the item is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ItemChunk {
    text: String,
    scan: scan::Chunk,
    lines: Vec<LineStart>,
    comments: Vec<TextRange>,
    lexical: Vec<TextRange>,
}

impl ItemChunk {
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// What parsing one item gives, with spans relative to the item's start:
/// the item (none if it did not parse), the declarations kept by name from
/// what did not parse, and its syntax diagnostics.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemParse {
    pub file: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
}

impl ItemParse {
    /// Shifts every span, the diagnostics' labels included.
    pub fn shift(&mut self, delta: usize) {
        self.file.shift(delta);
        for d in &mut self.diagnostics {
            shift_diagnostic(d, delta);
        }
    }
}

/// Shifts a diagnostic's labels and its fixes' edits right by `delta`
/// bytes.
pub fn shift_diagnostic(d: &mut Diagnostic, delta: usize) {
    d.map_locations(&mut |file, range| (file, range.shifted(delta)));
}

/// The lexical scan of a file: its items, lexical diagnostics and comments.
pub fn item_chunks(text: &str, file: FileId) -> Chunks {
    let scan = scan::scan(text, file);
    let lexical = lexical_ranges(&scan.diagnostics);
    let chunks = scan
        .chunks
        .iter()
        .map(|c| PlacedChunk {
            offset: c.range.start(),
            chunk: relative_chunk(text, c, &scan.lines, &scan.comments, &lexical),
        })
        .collect();
    Chunks {
        chunks,
        diagnostics: scan.diagnostics,
        comments: scan.comments,
    }
}

fn relative_chunk(
    text: &str,
    c: &scan::Chunk,
    lines: &[LineStart],
    comments: &[TextRange],
    lexical: &[TextRange],
) -> ItemChunk {
    let (start, end) = (c.range.start(), c.range.end());
    let inside = |offset: usize| start <= offset && offset <= end;
    ItemChunk {
        text: text[c.range.as_range()].to_owned(),
        scan: scan::Chunk {
            range: TextRange::new(0, end - start),
            missing_closers: c.missing_closers.clone(),
            lexical_error: c.lexical_error,
            too_deep: c.too_deep.map(|at| at - start),
        },
        lines: lines
            .iter()
            .filter(|l| inside(l.offset))
            .map(|l| LineStart {
                offset: l.offset - start,
                ..*l
            })
            .collect(),
        comments: comments
            .iter()
            .filter(|r| inside(r.start()) && inside(r.end()))
            .map(|r| TextRange::new(r.start() - start, r.end() - start))
            .collect(),
        // A lexical error touching the item (one beginning before it is
        // cut at the item's start: only whether it covers a member's start
        // matters).
        lexical: lexical
            .iter()
            .filter(|r| r.start() < end && (r.start() >= start || r.end() > start))
            .map(|r| TextRange::new(r.start().saturating_sub(start), r.end() - start))
            .collect(),
    }
}

/// Parses one item alone; spans are relative to its start.
pub fn parse_chunk(chunk: &ItemChunk, file: FileId) -> ItemParse {
    let mut cx = Cx::new(
        &chunk.text,
        file,
        &chunk.lines,
        &chunk.comments,
        &chunk.lexical,
    );
    cx.chunk(&chunk.scan);
    let (file, diagnostics) = cx.finish();
    ItemParse { file, diagnostics }
}

/// The file's parse from its scan and its items' parses (in the order of
/// `chunks.chunks`): each item shifted to where it is, and the diagnostics
/// sorted as [`crate::parse`] sorts them.
pub fn assemble<'a>(chunks: &Chunks, parses: impl IntoIterator<Item = &'a ItemParse>) -> Parse {
    let mut file = SourceFile::default();
    let mut diagnostics = chunks.diagnostics.clone();
    for (placed, parse) in chunks.chunks.iter().zip(parses) {
        let mut parse = parse.clone();
        parse.shift(placed.offset);
        file.items.append(&mut parse.file.items);
        file.broken.append(&mut parse.file.broken);
        diagnostics.append(&mut parse.diagnostics);
    }
    diagnostics.sort_by_key(Diagnostic::sort_key);
    Parse {
        file,
        diagnostics,
        comments: chunks.comments.clone(),
    }
}
