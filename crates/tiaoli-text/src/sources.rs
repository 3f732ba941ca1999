use crate::{FileId, LineCol, LineIndex, TextRange};

/// One source file: its display name (a path as the user wrote it), its
/// LF-or-CRLF text, and a line index built once.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    pub line_index: LineIndex,
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
        let text = text.into();
        let line_index = LineIndex::new(&text);
        self.files.push(SourceFile {
            name: name.into(),
            text,
            line_index,
        });
        FileId(self.files.len() as u32 - 1)
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn name(&self, id: FileId) -> &str {
        self.get(id).map_or("<unknown>", |f| f.name.as_str())
    }

    pub fn text(&self, id: FileId) -> &str {
        self.get(id).map_or("", |f| f.text.as_str())
    }

    /// 1-based line and character column of a byte offset in a file.
    pub fn line_col(&self, id: FileId, offset: usize) -> LineCol {
        match self.get(id) {
            Some(f) => f.line_index.line_col(&f.text, offset),
            None => LineCol { line: 1, column: 1 },
        }
    }

    /// The source text a range covers (empty if out of bounds).
    pub fn slice(&self, id: FileId, range: TextRange) -> &str {
        self.text(id).get(range.as_range()).unwrap_or("")
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
