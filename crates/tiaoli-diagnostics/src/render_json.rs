use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};
use serde_json::{Value, json};
use tiaoli_text::Sources;

use crate::{Diagnostic, Label, Lang, Msg};

/// `{"diagnostics": [...]}`, the machine-readable form. Lines and columns
/// are 1-based, columns counted in characters; `start`/`end` are byte
/// offsets into the file.
///
/// `message`, `help`, `notes` and the labels' `message` are always the
/// English texts (the stable contract); in Chinese ([`write_json_in`]) each
/// diagnostic and label also has `message_zh` (and `help_zh`, `notes_zh`).
///
/// Each diagnostic is serialised straight into the text (no `Value` tree),
/// so memory stays near the size of the output.
pub fn render_json(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    render_json_in(diagnostics, sources, Lang::En)
}

/// [`render_json`], with the texts of `lang` beside the English ones.
pub fn render_json_in(diagnostics: &[Diagnostic], sources: &Sources, lang: Lang) -> String {
    let mut out = Vec::with_capacity(64 + diagnostics.len() * 512);
    // Writing to a Vec cannot fail, and every field serialises.
    let _ = write_json_in(&mut out, diagnostics, sources, lang);
    String::from_utf8(out).unwrap_or_default()
}

/// [`render_json`], written to `out` as it goes.
pub fn write_json(
    out: &mut dyn std::io::Write,
    diagnostics: &[Diagnostic],
    sources: &Sources,
) -> serde_json::Result<()> {
    write_json_in(out, diagnostics, sources, Lang::En)
}

/// [`write_json`], with the texts of `lang` beside the English ones.
pub fn write_json_in(
    out: &mut dyn std::io::Write,
    diagnostics: &[Diagnostic],
    sources: &Sources,
    lang: Lang,
) -> serde_json::Result<()> {
    let document = Document {
        diagnostics: All {
            diagnostics,
            sources,
            lang,
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
    lang: Lang,
}

impl Serialize for All<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.diagnostics.len()))?;
        for d in self.diagnostics {
            seq.serialize_element(&JsonDiagnostic::new(d, self.sources, self.lang))?;
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
    notes: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message_zh: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_zh: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes_zh: Option<Vec<&'a str>>,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    message_zh: Option<&'a str>,
}

impl<'a> JsonDiagnostic<'a> {
    fn new(d: &'a Diagnostic, sources: &'a Sources, lang: Lang) -> Self {
        let zh = lang == Lang::Zh;
        Self {
            code: d.code.as_str(),
            severity: d.severity.as_str(),
            message: d.message.en(),
            file: d.file().map(|f| sources.name(f)),
            labels: d
                .labels
                .iter()
                .map(|l| JsonLabel::new(l, sources, zh))
                .collect(),
            help: d.help.as_ref().map(Msg::en),
            notes: d.notes.iter().map(Msg::en).collect(),
            message_zh: zh.then(|| d.message.zh()),
            help_zh: d.help.as_ref().filter(|_| zh).map(Msg::zh),
            notes_zh: zh.then(|| d.notes.iter().map(Msg::zh).collect()),
        }
    }
}

impl<'a> JsonLabel<'a> {
    fn new(l: &'a Label, sources: &'a Sources, zh: bool) -> Self {
        let start = sources.line_col(l.file, l.range.start());
        let end = sources.line_col(l.file, l.range.end());
        Self {
            file: sources.name(l.file),
            message: l.message.en(),
            primary: l.primary,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            start: l.range.start(),
            end: l.range.end(),
            message_zh: zh.then(|| l.message.zh()),
        }
    }
}

/// One diagnostic as a JSON value (for documents that embed diagnostics).
pub fn json_value(d: &Diagnostic, sources: &Sources) -> Value {
    json_value_in(d, sources, Lang::En)
}

/// [`json_value`], with the texts of `lang` beside the English ones.
pub fn json_value_in(d: &Diagnostic, sources: &Sources, lang: Lang) -> Value {
    serde_json::to_value(JsonDiagnostic::new(d, sources, lang)).unwrap_or_else(|_| json!(null))
}
