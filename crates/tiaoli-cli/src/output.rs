//! Printing diagnostics for people (miette) or machines (JSON).

use std::io::Write;

use tiaoli_diagnostics::{Diagnostic, HumanOptions, Severity, render_human, render_json_in};
use tiaoli_text::Sources;

use crate::{Color, Format};

pub fn print(diagnostics: &[Diagnostic], sources: &Sources, format: Format, color: Color) {
    match format {
        Format::Json => emit(&format!(
            "{}\n",
            render_json_in(diagnostics, sources, crate::lang::get())
        )),
        Format::Jsonl => emit(&crate::eval_piece::jsonl_diagnostics(diagnostics, sources)),
        Format::Sarif | Format::Github | Format::Junit => {
            let located: Vec<_> = diagnostics
                .iter()
                .map(|d| crate::formats::locate(d, sources))
                .collect();
            emit(&match format {
                Format::Sarif => crate::formats::sarif::check_document(&located),
                Format::Github => located
                    .iter()
                    .map(crate::formats::github::diagnostic)
                    .collect(),
                _ => {
                    let mut files: Vec<String> =
                        located.iter().filter_map(|d| d.file.clone()).collect();
                    files.dedup();
                    crate::formats::junit::check_document(&files, &located, false)
                }
            });
        }
        Format::Human | Format::Markdown | Format::Html | Format::Ics => {
            let color = crate::colour::stdout(color);
            emit(&render_human(diagnostics, sources, human_options(color)));
        }
    }
}

/// How diagnostics are drawn for people: in the run's language.
pub fn human_options(color: bool) -> HumanOptions {
    HumanOptions {
        color,
        lang: crate::lang::get(),
        ..HumanOptions::default()
    }
}

/// The exit status after the reader closed the pipe (`tiaoli eval … | head`):
/// 141 = 128 + SIGPIPE, what a shell reports for a program a broken pipe
/// stopped. Not 0: the run did not finish, so it cannot claim that every record
/// was evaluated.
pub const EXIT_BROKEN_PIPE: i32 = 141;

/// Writes to stdout and flushes. The output is the product: when it cannot be
/// written, the run stops at once (nothing more is evaluated). A closed pipe
/// (`tiaoli eval … | head -1`) means the reader has seen what it wanted: exit
/// quietly with [`EXIT_BROKEN_PIPE`]. Any other error (a full disk, `> /dev/full`)
/// is reported on stderr and the exit status is 2.
pub fn emit(text: &str) {
    let written = {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes()).and_then(|()| out.flush())
    };
    if let Err(e) = written {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(EXIT_BROKEN_PIPE);
        }
        to_stderr(&format!("error: cannot write the output: {e}"));
        std::process::exit(2);
    }
}

/// Writes one line to stderr. A failure is ignored: there is nowhere left to
/// report it, and every caller is already on its way to a non-zero exit or is
/// only warning.
pub fn to_stderr(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
}

/// `2 errors, 1 warning` / `no problems` (`2 个错误，1 个警告` / `没有问题`).
pub fn tally(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    if crate::lang::get() == tiaoli_diagnostics::Lang::Zh {
        return match (errors, warnings) {
            (0, 0) => "没有问题".to_owned(),
            (e, 0) => format!("{e} 个错误"),
            (0, w) => format!("{w} 个警告"),
            (e, w) => format!("{e} 个错误，{w} 个警告"),
        };
    }
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => "no problems".to_owned(),
        (e, 0) => plural(e, "error"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    }
}
