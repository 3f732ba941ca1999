//! Printing diagnostics for people (miette) or machines (JSON).

use std::io::{IsTerminal, Write};

use tiaoli_diagnostics::{Diagnostic, HumanOptions, Severity, render_human, render_json};
use tiaoli_text::Sources;

use crate::{Color, Format};

pub fn print(diagnostics: &[Diagnostic], sources: &Sources, format: Format, color: Color) {
    match format {
        Format::Json => emit(&format!("{}\n", render_json(diagnostics, sources))),
        Format::Human => {
            let color = match color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let opts = HumanOptions {
                color,
                ..HumanOptions::default()
            };
            emit(&render_human(diagnostics, sources, opts));
        }
    }
}

/// Writes to stdout. A closed pipe (`tiaoli check | head`) is not an error
/// worth a panic: the reader has seen what it wanted.
pub fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// `2 errors, 1 warning` / `no problems`.
pub fn tally(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => "no problems".to_owned(),
        (e, 0) => plural(e, "error"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    }
}
