//! Printing diagnostics for people (miette) or machines (JSON).

use std::io::IsTerminal;

use tiaoli_diagnostics::{Diagnostic, HumanOptions, Severity, render_human, render_json};
use tiaoli_text::Sources;

use crate::{Color, Format};

pub fn print(diagnostics: &[Diagnostic], sources: &Sources, format: Format, color: Color) {
    match format {
        Format::Json => println!("{}", render_json(diagnostics, sources)),
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
            print!("{}", render_human(diagnostics, sources, opts));
        }
    }
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
