//! Formatting through `tiaoli fmt`'s formatter: the whole file as one edit.

use tiaoli_db::{Cancellable, Database};
use tiaoli_diagnostics::Diagnostic;
use tiaoli_text::{FileId, TextRange};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Formatting {
    /// The file is already formatted.
    Unchanged,
    /// Replace the whole file (`range` is `0..len`) with `text`.
    Edit { range: TextRange, text: String },
    /// Not formatted: a file with syntax errors is never reformatted (as
    /// `tiaoli fmt`), since what did not parse would be lost.
    SyntaxErrors { count: usize },
}

pub fn format(db: &Database, file: FileId) -> Cancellable<Formatting> {
    let Some(text) = db.text(file) else {
        return Ok(Formatting::Unchanged);
    };
    let parse = db.parse(file)?;
    Ok(match tiaoli_syntax::format(&text, &parse) {
        None => Formatting::SyntaxErrors {
            count: parse
                .diagnostics
                .iter()
                .filter(|d| Diagnostic::is_error(d))
                .count(),
        },
        Some(formatted) if formatted == *text => Formatting::Unchanged,
        Some(formatted) => Formatting::Edit {
            range: TextRange::new(0, text.len()),
            text: formatted,
        },
    })
}
