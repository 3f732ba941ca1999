//! `tiaoli check --fix`: writes the fixes the diagnostics carry (a
//! did-you-mean's replacement, a full-width mark made ASCII: what an editor
//! offers as a quick fix) into the files; the check then runs again on what
//! was written. A fix is applied whole or not at all: one whose edits
//! overlap an edit already taken waits for the next run.

use std::collections::BTreeMap;
use std::path::Path;

use tiaoli_diagnostics::Diagnostic;
use tiaoli_text::{FileId, Sources, TextRange};

/// A fix written: where, and what it did.
pub struct Applied {
    pub at: String,
    pub title: String,
}

/// Writes every fix that does not overlap another; the files are replaced
/// atomically (as `fmt` replaces them).
pub fn apply(diagnostics: &[Diagnostic], sources: &Sources) -> Result<Vec<Applied>, String> {
    let mut taken: BTreeMap<FileId, Vec<(TextRange, &str)>> = BTreeMap::new();
    let mut applied = Vec::new();
    for d in diagnostics {
        let Some(fix) = d.fixes.first() else { continue };
        let overlaps = fix.edits.iter().any(|(file, range, _)| {
            taken.get(file).is_some_and(|edits| {
                edits
                    .iter()
                    .any(|(r, _)| r.start() < range.end() && range.start() < r.end() || r == range)
            })
        });
        if overlaps || fix.edits.is_empty() {
            continue;
        }
        for (file, range, text) in &fix.edits {
            taken
                .entry(*file)
                .or_default()
                .push((*range, text.as_str()));
        }
        let (file, range, _) = &fix.edits[0];
        let at = sources.line_col(*file, range.start());
        applied.push(Applied {
            at: format!("{}:{}:{}", sources.name(*file), at.line, at.column),
            title: fix.title.clone(),
        });
    }
    for (file, mut edits) in taken {
        edits.sort_by_key(|(r, _)| (r.start(), r.end()));
        let text = sources.text(file);
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (range, replacement) in edits {
            out.push_str(text.get(at..range.start()).unwrap_or_default());
            out.push_str(replacement);
            at = range.end();
        }
        out.push_str(text.get(at..).unwrap_or_default());
        crate::cmd_fmt::replace(Path::new(sources.name(file)), &out)?;
    }
    Ok(applied)
}
