//! tiaoli's syntax: the grammar binding, a parser that never fails and
//! recovers at item (and article member) boundaries, the AST with byte
//! spans, and the formatter.
//!
//! This crate knows nothing of packs, names or types.

pub mod ast;
mod format;
mod grammar;
mod lower;
mod parse;
mod scan;

pub use format::format;

/// A byte-order mark: skipped at the start of a file (Windows editors
/// write one); offsets still count its three bytes.
pub(crate) const BOM: char = '\u{feff}';
pub use parse::{Parse, parse};
