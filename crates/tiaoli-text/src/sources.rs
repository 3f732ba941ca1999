use crate::{FileId, LineCol, LineIndex, TextRange};

/// One source file: its display name (a path as the user wrote it), its
/// LF-or-CRLF text, and a line index built once.
///
/// It may be a *fragment*: a piece of a larger file (one record of an
/// inventory that is streamed, never held whole). Then `text` starts at byte
/// `base_offset` of the file, on its 0-based line `base_line`, after
/// `base_column` characters of that line (0 when it starts the line: an
/// element of a one-line JSON array does not); spans stay offsets into the
/// whole file, and lines and columns are the file's.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    pub line_index: LineIndex,
    pub base_offset: usize,
    pub base_line: u32,
    pub base_column: u32,
}

impl SourceFile {
    /// The offset into `text` of an offset into the whole file (clamped).
    pub fn local(&self, offset: usize) -> usize {
        offset.saturating_sub(self.base_offset).min(self.text.len())
    }

    /// 1-based line and character column of an offset into the whole file.
    /// A byte-order mark at the start of the file is not a column (editors
    /// do not show it), though offsets count its three bytes.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let local = self.local(offset);
        let lc = self.line_index.line_col(&self.text, local);
        let bom = self.base_offset == 0 && lc.line == 1 && self.text.starts_with('\u{feff}');
        // On the fragment's first line, the characters of the line before it.
        let before = if lc.line == 1 { self.base_column } else { 0 };
        LineCol {
            line: lc.line + self.base_line,
            column: lc.column + before - u32::from(bom && local >= '\u{feff}'.len_utf8()),
        }
    }
}

/// Every file of a session, addressed by [`FileId`].
#[derive(Clone, Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.add_fragment(name, text, 0, 0)
    }

    /// A piece of a file: `text` begins at byte `base_offset` of the file,
    /// which is the start of its 0-based line `base_line`.
    pub fn add_fragment(
        &mut self,
        name: impl Into<String>,
        text: impl Into<String>,
        base_offset: usize,
        base_line: u32,
    ) -> FileId {
        self.add_fragment_at(name, text, base_offset, base_line, 0)
    }

    /// A piece of a file that begins inside a line: at byte `base_offset`,
    /// after `base_column` characters of its 0-based line `base_line`.
    pub fn add_fragment_at(
        &mut self,
        name: impl Into<String>,
        text: impl Into<String>,
        base_offset: usize,
        base_line: u32,
        base_column: u32,
    ) -> FileId {
        let text = text.into();
        let line_index = LineIndex::new(&text);
        self.files.push(SourceFile {
            name: name.into(),
            text,
            line_index,
            base_offset,
            base_line,
            base_column,
        });
        FileId(self.files.len() as u32 - 1)
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn name(&self, id: FileId) -> &str {
        self.get(id).map_or("<unknown>", |f| f.name.as_str())
    }

    /// The text held: the whole file, or for a fragment its piece (which
    /// starts at the file's byte `base_offset`).
    pub fn text(&self, id: FileId) -> &str {
        self.get(id).map_or("", |f| f.text.as_str())
    }

    /// 1-based line and character column of a byte offset in a file.
    pub fn line_col(&self, id: FileId, offset: usize) -> LineCol {
        self.get(id)
            .map_or(LineCol { line: 1, column: 1 }, |f| f.line_col(offset))
    }

    /// The source text a range (of offsets into the file) covers; empty if
    /// out of bounds or outside a fragment.
    pub fn slice(&self, id: FileId, range: TextRange) -> &str {
        let Some(f) = self.get(id) else { return "" };
        if range.start() < f.base_offset {
            return "";
        }
        let (start, end) = (range.start() - f.base_offset, range.end() - f.base_offset);
        f.text.get(start..end).unwrap_or("")
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fragment_reports_the_whole_files_lines_and_offsets() {
        let whole = "line one\n运营者: x\nid: b\n";
        let start = whole.find("id").unwrap_or_default();
        let mut sources = Sources::new();
        let file = sources.add_fragment("inv.yaml", &whole[start..], start, 2);
        let at = start + 4;
        assert_eq!(sources.line_col(file, at), LineCol { line: 3, column: 5 });
        assert_eq!(sources.slice(file, TextRange::new(at, at + 1)), "b");
        assert_eq!(sources.slice(file, TextRange::new(0, 2)), "");
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let mut sources = Sources::new();
        let file = sources.add("b.tiaoli", "\u{feff}define x\ny");
        assert_eq!(sources.line_col(file, 3), LineCol { line: 1, column: 1 });
        assert_eq!(sources.line_col(file, 10), LineCol { line: 1, column: 8 });
        assert_eq!(sources.line_col(file, 12), LineCol { line: 2, column: 1 });
    }

    #[test]
    fn a_fragment_inside_a_line_counts_the_columns_before_it() {
        let whole = "[{\"运\":1},{\"id\":2},\n{\"x\":3}]";
        let start = whole.find("{\"id").unwrap_or_default();
        let mut sources = Sources::new();
        let file = sources.add_fragment_at("a.json", &whole[start..], start, 0, 8);
        assert_eq!(
            sources.line_col(file, start + 2),
            LineCol {
                line: 1,
                column: 11
            }
        );
        let next = whole.find("{\"x").unwrap_or_default();
        assert_eq!(sources.line_col(file, next), LineCol { line: 2, column: 1 });
    }
}
