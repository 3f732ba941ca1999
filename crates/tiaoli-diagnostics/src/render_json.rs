use serde_json::{Value, json};
use tiaoli_text::Sources;

use crate::Diagnostic;

/// `{"diagnostics": [...]}`, the machine-readable form. Lines and columns
/// are 1-based, columns counted in characters; `start`/`end` are byte
/// offsets into the file.
pub fn render_json(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let value = json!({ "diagnostics": diagnostics.iter().map(|d| json_value(d, sources)).collect::<Vec<_>>() });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// One diagnostic as JSON.
pub fn json_value(d: &Diagnostic, sources: &Sources) -> Value {
    let labels: Vec<Value> = d
        .labels
        .iter()
        .map(|l| {
            let start = sources.line_col(l.file, l.range.start());
            let end = sources.line_col(l.file, l.range.end());
            json!({
                "file": sources.name(l.file),
                "message": l.message,
                "primary": l.primary,
                "line": start.line,
                "column": start.column,
                "end_line": end.line,
                "end_column": end.column,
                "start": l.range.start(),
                "end": l.range.end(),
            })
        })
        .collect();
    json!({
        "code": d.code.as_str(),
        "severity": d.severity.as_str(),
        "message": d.message,
        "file": d.file().map(|f| sources.name(f)),
        "labels": labels,
        "help": d.help,
        "notes": d.notes,
    })
}
