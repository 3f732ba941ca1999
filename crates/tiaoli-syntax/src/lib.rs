//! tiaoli's syntax: the grammar binding, a parser that never fails and
//! recovers at item (and article member) boundaries, the AST with byte
//! spans, and the formatter.
//!
//! This crate knows nothing of packs, names or types.

pub mod ast;
mod chunks;
mod format;
mod grammar;
mod lower;
mod parse;
mod scan;
pub mod tokens;

pub use format::format;

/// A byte-order mark: skipped at the start of a file (Windows editors
/// write one); offsets still count its three bytes.
pub(crate) const BOM: char = '\u{feff}';
pub use chunks::{
    Chunks, ItemChunk, ItemParse, PlacedChunk, assemble, item_chunks, parse_chunk, shift_diagnostic,
};
pub use parse::{Parse, parse};
