//! Applying `didChange` content changes to a document's text.
//!
//! Each change's range is read against the text as the changes before it
//! left it (LSP applies them in order), converted by `convert.rs`.

use tiaoli_text::LineIndex;
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

use crate::convert::{Encoding, Lines};

/// Applies `changes` in order to `text`. A change without a range replaces
/// the whole text; a range past the end is clamped, never a panic.
pub fn apply_changes(
    text: &mut String,
    changes: &[TextDocumentContentChangeEvent],
    encoding: Encoding,
) {
    for change in changes {
        let Some(range) = change.range else {
            text.clone_from(&change.text);
            continue;
        };
        let index = LineIndex::new(text);
        let lines = Lines {
            text,
            index: &index,
            encoding,
        };
        let range = lines.text_range(range);
        text.replace_range(range.start()..range.end(), &change.text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(start: (u32, u32), end: (u32, u32), text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(
                Position::new(start.0, start.1),
                Position::new(end.0, end.1),
            )),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn changes_apply_in_order_against_the_text_they_follow() {
        let mut text = "运营者😀\r\nab".to_string();
        // Insert after the emoji (UTF-16 column 5), then delete `a` on the
        // line below, whose position only exists once the first change is in.
        apply_changes(
            &mut text,
            &[change((0, 5), (0, 5), "x\r\n"), change((2, 0), (2, 1), "")],
            Encoding::Utf16,
        );
        assert_eq!(text, "运营者😀x\r\n\r\nb");
        // UTF-8 columns: 运 is three bytes.
        apply_changes(&mut text, &[change((0, 3), (0, 6), "")], Encoding::Utf8);
        assert_eq!(text, "运者😀x\r\n\r\nb");
    }

    #[test]
    fn out_of_range_changes_clamp() {
        let mut text = "ab".to_string();
        apply_changes(&mut text, &[change((0, 1), (9, 9), "Z")], Encoding::Utf16);
        assert_eq!(text, "aZ");
        apply_changes(&mut text, &[change((5, 0), (5, 3), "!")], Encoding::Utf16);
        assert_eq!(text, "aZ!");
        // An inverted range is normalised: here, the whole text.
        apply_changes(&mut text, &[change((5, 0), (0, 1), "")], Encoding::Utf16);
        assert_eq!(text, "a");
        let whole = TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "new".to_string(),
        };
        apply_changes(&mut text, &[whole], Encoding::Utf16);
        assert_eq!(text, "new");
    }
}
