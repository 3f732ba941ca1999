use serde::Serialize;
use tiaoli_text::{FileId, TextRange};

use crate::{Code, Msg, msg};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A labelled byte range in some file. The first primary label of a
/// diagnostic is where it "is".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub file: FileId,
    pub range: TextRange,
    pub message: Msg,
    pub primary: bool,
}

/// A change that resolves a diagnostic: text edits, each replacing a byte
/// range of a file (an empty range inserts). Editors offer it as a quick
/// fix; the edits of one fix do not overlap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, as a menu entry: "replace with `sector`".
    pub title: String,
    pub edits: Vec<(FileId, TextRange, String)>,
}

/// A problem found in a pack, a manifest or a facility file.
///
/// Every text is a [`Msg`], in English and Chinese. Messages follow one
/// style: English lowercase, no trailing period (nor `。` in Chinese), user
/// input in backticks; the longer story goes into labels and `help`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: Msg,
    pub labels: Vec<Label>,
    pub help: Option<Msg>,
    pub notes: Vec<Msg>,
    /// Machine-applicable fixes (a did-you-mean's replacement).
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// Moves every location (labels and fix edits) with `f`: how results
    /// computed in one coordinate system (an item's own, say) are placed in
    /// another (the file's).
    pub fn map_locations(&mut self, f: &mut dyn FnMut(FileId, TextRange) -> (FileId, TextRange)) {
        for l in &mut self.labels {
            (l.file, l.range) = f(l.file, l.range);
        }
        for fix in &mut self.fixes {
            for (file, range, _) in &mut fix.edits {
                (*file, *range) = f(*file, *range);
            }
        }
    }

    /// A diagnostic with the code's default severity.
    pub fn new(code: Code, message: impl Into<Msg>) -> Self {
        Self {
            code,
            severity: code.default_severity(),
            message: message.into(),
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
            fixes: Vec::new(),
        }
    }

    pub fn with_primary(mut self, file: FileId, range: TextRange, msg: impl Into<Msg>) -> Self {
        self.labels.push(Label {
            file,
            range,
            message: msg.into(),
            primary: true,
        });
        self
    }

    pub fn with_secondary(mut self, file: FileId, range: TextRange, msg: impl Into<Msg>) -> Self {
        self.labels.push(Label {
            file,
            range,
            message: msg.into(),
            primary: false,
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<Msg>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<Msg>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    /// A "did you mean" suggestion: the help text, and the fix that writes
    /// `replacement` over `range` (the misspelt word, exactly).
    pub fn with_did_you_mean(self, file: FileId, range: TextRange, replacement: &str) -> Self {
        self.with_help(msg!(
            en: "did you mean `{replacement}`?",
            zh: "您是否想写 `{replacement}`？"
        ))
        .with_fix(Fix {
            title: format!("replace with `{replacement}`"),
            edits: vec![(file, range, replacement.to_owned())],
        })
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// The first primary label, else the first label.
    pub fn primary(&self) -> Option<&Label> {
        self.labels
            .iter()
            .find(|l| l.primary)
            .or(self.labels.first())
    }

    pub fn file(&self) -> Option<FileId> {
        self.primary().map(|l| l.file)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Sort key giving a stable, reading-order output: file, position, code.
    pub fn sort_key(&self) -> (FileId, usize, usize, Code) {
        match self.primary() {
            Some(l) => (l.file, l.range.start(), l.range.end(), self.code),
            None => (FileId(u32::MAX), 0, 0, self.code),
        }
    }
}
