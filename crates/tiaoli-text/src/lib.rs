//! Positions in source text.
//!
//! Everything inside tiaoli speaks in byte offsets into UTF-8 text. Line and
//! column numbers (for humans, JSON and editors) are derived here and only
//! here, so that Chinese text and CRLF line endings are handled in one place.

mod escape;
mod line_index;
mod range;
mod sources;
mod width;

pub use escape::{escape_controls, is_control, mask_controls};
pub use line_index::{LineCol, LineIndex, Utf8LineCol, Utf16LineCol};
pub use range::{FileId, TextRange};
pub use sources::{SourceFile, Sources};
pub use width::{display_width, is_wide};
