/// A 1-based line and column, the column counted in Unicode scalar values
/// (what a person sees: `运营者` is three columns).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// A 0-based line and UTF-16 code-unit column, as the Language Server
/// Protocol counts by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Utf16LineCol {
    pub line: u32,
    pub character: u32,
}

/// A 0-based line and UTF-8 byte column, as the Language Server Protocol
/// counts when client and server agree on `utf-8`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Utf8LineCol {
    pub line: u32,
    pub column: u32,
}

/// Line starts of a text, for converting byte offsets to lines and columns.
///
/// A line ends at `\n`; a `\r` right before it belongs to the line ending,
/// so CRLF files get the same columns as LF files.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    len: usize,
    /// For long texts: the characters before every `CHECKPOINT`-th byte, so
    /// that a column far into a long line (a minified file, one JSON line of
    /// megabytes) costs at most `CHECKPOINT` bytes of counting, not the line.
    chars_before: Vec<u32>,
}

/// Bytes between two character-count checkpoints.
const CHECKPOINT: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut chars_before = Vec::new();
        if text.len() > 16 * CHECKPOINT {
            let mut count = 0u32;
            for chunk in text.as_bytes().chunks(CHECKPOINT) {
                chars_before.push(count);
                count += char_starts(chunk);
            }
        }
        Self {
            line_starts,
            len: text.len(),
            chars_before,
        }
    }

    /// Characters in `text[start..end]` (`end` on a character boundary).
    fn chars_between(&self, text: &str, start: usize, end: usize) -> u32 {
        if end - start < 2 * CHECKPOINT || self.chars_before.is_empty() {
            return text[start..end].chars().count() as u32;
        }
        let upto = |p: usize| {
            let k = p / CHECKPOINT;
            self.chars_before[k] + char_starts(&text.as_bytes()[k * CHECKPOINT..p])
        };
        upto(end) - upto(start)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line containing `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// Byte range of a 0-based line, without its line ending (`\n` or
    /// `\r\n`; a lone `\r` at the end of the text is the line's content).
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_starts.get(line).copied().unwrap_or(self.len);
        let Some(next) = self.line_starts.get(line + 1) else {
            return start..self.len.max(start);
        };
        let mut end = next - 1;
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        start..end.max(start)
    }

    /// 1-based line and character column of a byte offset. An offset inside
    /// a multi-byte character counts as that character.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let end = start + prefix(text, start, offset).len();
        LineCol {
            line: line as u32 + 1,
            column: self.chars_between(text, start, end) + 1,
        }
    }

    /// 0-based line and UTF-16 column of a byte offset (clamped to the
    /// text, moved back to a character boundary).
    pub fn utf16_line_col(&self, text: &str, offset: usize) -> Utf16LineCol {
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let prefix = prefix(text, start, offset);
        Utf16LineCol {
            line: line as u32,
            character: prefix.chars().map(char::len_utf16).sum::<usize>() as u32,
        }
    }

    /// 0-based line and UTF-8 byte column of a byte offset (clamped to the
    /// text, moved back to a character boundary).
    pub fn utf8_line_col(&self, text: &str, offset: usize) -> Utf8LineCol {
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        Utf8LineCol {
            line: line as u32,
            column: prefix(text, start, offset).len() as u32,
        }
    }

    /// Byte offset of a 0-based line and UTF-16 column. A column past the
    /// end of the line clamps to the line's end (before its line ending),
    /// one in the middle of a surrogate pair to the character's start, and a
    /// line past the last to the end of the text.
    pub fn offset_of_utf16(&self, text: &str, pos: Utf16LineCol) -> usize {
        let Some(range) = self.existing_line(text, pos.line) else {
            return self.len;
        };
        let mut units = 0usize;
        for (i, ch) in text[range.clone()].char_indices() {
            if units + ch.len_utf16() > pos.character as usize {
                return range.start + i;
            }
            units += ch.len_utf16();
        }
        range.end
    }

    /// Byte offset of a 0-based line and UTF-8 byte column, clamped like
    /// [`LineIndex::offset_of_utf16`]: past the line's end to its end, inside
    /// a character to its start, past the last line to the end of the text.
    pub fn offset_of_utf8(&self, text: &str, pos: Utf8LineCol) -> usize {
        let Some(range) = self.existing_line(text, pos.line) else {
            return self.len;
        };
        let mut offset = range
            .start
            .saturating_add(pos.column as usize)
            .min(range.end);
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The byte range of a line that exists in `text` (which must be the
    /// text this index was built from; a shorter one gets `None`).
    fn existing_line(&self, text: &str, line: u32) -> Option<std::ops::Range<usize>> {
        let line = line as usize;
        if line >= self.line_starts.len() || self.len != text.len() {
            return None;
        }
        Some(self.line_range(text, line))
    }
}

/// The characters that start in `bytes` (its bytes that are not UTF-8
/// continuation bytes).
fn char_starts(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count() as u32
}

/// The text between `start` and `offset`, with `offset` moved back to a
/// character boundary.
fn prefix(text: &str, start: usize, offset: usize) -> &str {
    let mut end = offset.min(text.len()).max(start);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn chinese_columns_count_characters() {
        let text = "article 1 {\n  title zh \"总则\" en \"x\"\n}";
        let idx = LineIndex::new(text);
        let offset = text.find("\" en").unwrap_or(0);
        assert_eq!(
            idx.line_col(text, offset),
            LineCol {
                line: 2,
                column: 15
            }
        );
    }

    #[test]
    fn utf16_counts_surrogate_pairs() {
        let text = "a😀运b";
        let idx = LineIndex::new(text);
        let b = text.find('b').unwrap_or(0);
        assert_eq!(
            idx.utf16_line_col(text, b),
            Utf16LineCol {
                line: 0,
                character: 4
            }
        );
        assert_eq!(
            idx.offset_of_utf16(
                text,
                Utf16LineCol {
                    line: 0,
                    character: 4
                }
            ),
            b
        );
    }

    #[test]
    fn crlf_lines_exclude_carriage_return() {
        let text = "ab\r\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_range(text, 0), 0..2);
        assert_eq!(idx.line_col(text, 4), LineCol { line: 2, column: 1 });
    }

    #[test]
    fn columns_far_into_a_long_line_count_characters() {
        let text = format!("x\n{}", "运a😀".repeat(40_000));
        let idx = LineIndex::new(&text);
        for offset in [2, 9_000, 100_003, 200_001, text.len() - 1, text.len()] {
            let expected = text[2..prefix(&text, 2, offset).len() + 2].chars().count();
            assert_eq!(
                idx.line_col(&text, offset),
                LineCol {
                    line: 2,
                    column: expected as u32 + 1
                },
                "offset {offset}"
            );
        }
    }

    #[test]
    fn utf8_columns_count_bytes_and_clamp() {
        let text = "\u{feff}运a\r\n😀b";
        let idx = LineIndex::new(text);
        let b = text.find('b').unwrap_or(0);
        assert_eq!(
            idx.utf8_line_col(text, b),
            Utf8LineCol { line: 1, column: 4 }
        );
        assert_eq!(
            idx.offset_of_utf8(text, Utf8LineCol { line: 1, column: 4 }),
            b
        );
        // Inside the emoji: back to its start. Past the line: before `\r`.
        assert_eq!(
            idx.offset_of_utf8(text, Utf8LineCol { line: 1, column: 2 }),
            b - 4
        );
        assert_eq!(
            idx.offset_of_utf8(
                text,
                Utf8LineCol {
                    line: 0,
                    column: 99
                }
            ),
            7
        );
        assert_eq!(
            idx.offset_of_utf8(text, Utf8LineCol { line: 7, column: 0 }),
            text.len()
        );
        assert_eq!(
            idx.offset_of_utf16(
                text,
                Utf16LineCol {
                    line: 7,
                    character: 0
                }
            ),
            text.len()
        );
    }

    proptest! {
        #[test]
        fn utf8_round_trips_on_char_boundaries(text in "[a-z运营者😀\r\n ]{0,40}") {
            let idx = LineIndex::new(&text);
            for (offset, ch) in text.char_indices() {
                if ch == '\n' || ch == '\r' { continue; }
                let pos = idx.utf8_line_col(&text, offset);
                prop_assert_eq!(idx.offset_of_utf8(&text, pos), offset);
            }
        }

        #[test]
        fn utf16_round_trips_on_char_boundaries(text in "[a-z运营者😀\r\n ]{0,40}") {
            let idx = LineIndex::new(&text);
            for (offset, ch) in text.char_indices() {
                if ch == '\n' || ch == '\r' { continue; }
                let pos = idx.utf16_line_col(&text, offset);
                prop_assert_eq!(idx.offset_of_utf16(&text, pos), offset);
            }
        }
    }
}
