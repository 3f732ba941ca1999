//! The only conversion between tiaoli's byte offsets and LSP positions.
//!
//! LSP columns count UTF-16 code units unless client and server agree on
//! another encoding at `initialize`; we offer UTF-8 when the client lists it
//! in `general.positionEncodings` (it is then free: our offsets are bytes).
//! Lines and columns themselves come from `tiaoli_text::LineIndex`.

use tiaoli_text::{LineIndex, TextRange, Utf8LineCol, Utf16LineCol};
use tower_lsp_server::ls_types::{ClientCapabilities, Position, PositionEncodingKind, Range};

/// How LSP columns are counted in this session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-16 code units: the protocol's default, always supported.
    #[default]
    Utf16,
    /// UTF-8 bytes, when the client offers it.
    Utf8,
}

impl Encoding {
    /// The encoding to use with a client: UTF-8 if it offers it in
    /// `general.positionEncodings` (or in clangd's older `offsetEncoding`,
    /// which Neovim before 0.10 sends), else UTF-16.
    pub fn negotiate(capabilities: &ClientCapabilities) -> Self {
        let offered = capabilities
            .general
            .as_ref()
            .and_then(|general| general.position_encodings.as_deref())
            .unwrap_or_default();
        let offered_by_clangd_extension =
            capabilities.offset_encoding.as_deref().unwrap_or_default();
        if offered.contains(&PositionEncodingKind::UTF8)
            || offered_by_clangd_extension.iter().any(|e| e == "utf-8")
        {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    /// What the server announces in `capabilities.positionEncoding`.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf8 => PositionEncodingKind::UTF8,
        }
    }
}

/// A document's text with its line index, seen through one encoding.
#[derive(Clone, Copy, Debug)]
pub struct Lines<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub encoding: Encoding,
}

impl Lines<'_> {
    /// The LSP position of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize) -> Position {
        match self.encoding {
            Encoding::Utf16 => {
                let pos = self.index.utf16_line_col(self.text, offset);
                Position::new(pos.line, pos.character)
            }
            Encoding::Utf8 => {
                let pos = self.index.utf8_line_col(self.text, offset);
                Position::new(pos.line, pos.column)
            }
        }
    }

    /// The byte offset of an LSP position. Never fails: a column past the
    /// line's end is the line's end, a line past the last is the text's end,
    /// a column inside a character is that character's start.
    pub fn offset(&self, position: Position) -> usize {
        match self.encoding {
            Encoding::Utf16 => self.index.offset_of_utf16(
                self.text,
                Utf16LineCol {
                    line: position.line,
                    character: position.character,
                },
            ),
            Encoding::Utf8 => self.index.offset_of_utf8(
                self.text,
                Utf8LineCol {
                    line: position.line,
                    column: position.character,
                },
            ),
        }
    }

    /// The LSP range of a byte range.
    pub fn range(&self, range: TextRange) -> Range {
        Range::new(self.position(range.start()), self.position(range.end()))
    }

    /// The byte range of an LSP range (an inverted range is normalised).
    pub fn text_range(&self, range: Range) -> TextRange {
        TextRange::new(self.offset(range.start), self.offset(range.end))
    }
}

#[cfg(test)]
#[path = "convert/tests.rs"]
mod tests;
