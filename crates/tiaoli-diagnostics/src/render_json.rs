use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};
use serde_json::{Value, json};
use tiaoli_text::Sources;

use crate::{Diagnostic, Label};

/// `{"diagnostics": [...]}`, the machine-readable form. Lines and columns
/// are 1-based, columns counted in characters; `start`/`end` are byte
/// offsets into the file.
///
/// Each diagnostic is serialised straight into the text (no `Value` tree),
/// so memory stays near the size of the output.
pub fn render_json(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let mut out = Vec::with_capacity(64 + diagnostics.len() * 512);
    // Writing to a Vec cannot fail, and every field serialises.
    let _ = write_json(&mut out, diagnostics, sources);
    String::from_utf8(out).unwrap_or_default()
}

/// [`render_json`], written to `out` as it goes.
pub fn write_json(
    out: &mut dyn std::io::Write,
    diagnostics: &[Diagnostic],
    sources: &Sources,
) -> serde_json::Result<()> {
    let document = Document {
        diagnostics: All {
            diagnostics,
            sources,
        },
    };
    let mut ser = serde_json::Serializer::pretty(out);
    document.serialize(&mut ser)
}

#[derive(Serialize)]
struct Document<'a> {
    diagnostics: All<'a>,
}

struct All<'a> {
    diagnostics: &'a [Diagnostic],
    sources: &'a Sources,
}

impl Serialize for All<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.diagnostics.len()))?;
        for d in self.diagnostics {
            seq.serialize_element(&JsonDiagnostic::new(d, self.sources))?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    file: Option<&'a str>,
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
    notes: &'a [String],
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    file: &'a str,
    message: &'a str,
    primary: bool,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    start: usize,
    end: usize,
}

impl<'a> JsonDiagnostic<'a> {
    fn new(d: &'a Diagnostic, sources: &'a Sources) -> Self {
        Self {
            code: d.code.as_str(),
            severity: d.severity.as_str(),
            message: &d.message,
            file: d.file().map(|f| sources.name(f)),
            labels: d
                .labels
                .iter()
                .map(|l| JsonLabel::new(l, sources))
                .collect(),
            help: d.help.as_deref(),
            notes: &d.notes,
        }
    }
}

impl<'a> JsonLabel<'a> {
    fn new(l: &'a Label, sources: &'a Sources) -> Self {
        let start = sources.line_col(l.file, l.range.start());
        let end = sources.line_col(l.file, l.range.end());
        Self {
            file: sources.name(l.file),
            message: &l.message,
            primary: l.primary,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            start: l.range.start(),
            end: l.range.end(),
        }
    }
}

/// One diagnostic as a JSON value (for documents that embed diagnostics).
pub fn json_value(d: &Diagnostic, sources: &Sources) -> Value {
    serde_json::to_value(JsonDiagnostic::new(d, sources)).unwrap_or_else(|_| json!(null))
}
