//! Loading: discovery, then every `.tiaoli` file parsed into the packs the
//! checker takes. What `tiaoli check`, `eval`, `test` and `explain` start
//! from, and what tests and benches load packs with.

use std::path::PathBuf;

use tiaoli_check::{CheckPack, Checked};
use tiaoli_diagnostics::Diagnostic;
use tiaoli_pack::Manifest;
use tiaoli_text::Sources;

use crate::discover::{Layout, discover};
use crate::host::{Host, IoError};

/// Everything loaded for one run.
#[derive(Debug, Default)]
pub struct Workspace {
    pub sources: Sources,
    pub packs: Vec<CheckPack>,
    /// Loading's and parsing's diagnostics (not the checker's).
    pub diagnostics: Vec<Diagnostic>,
    /// Number of .tiaoli files read.
    pub files: usize,
    /// Each pack's manifest (None for a lone file or an invalid manifest),
    /// aligned with `packs`.
    pub manifests: Vec<Option<Manifest>>,
    /// Each pack's signature that holds (None: unsigned, or M014), aligned
    /// with `packs`.
    pub signatures: Vec<Option<tiaoli_publish::Signature>>,
    /// The files of packs a dependency of which is missing (M002, M004):
    /// the checker's diagnostics there are the cascade of that one error,
    /// and are not reported ([`crate::hides_cascade`]).
    pub hidden: Vec<tiaoli_text::FileId>,
}

/// Discovers the packs under `paths` and parses them.
pub fn load(host: &dyn Host, paths: &[PathBuf]) -> Result<Workspace, IoError> {
    discover(host, paths).map(parse)
}

/// Parses every file of a layout into the checker's packs, and checks the
/// articles' and rules' `in force` dates against their packs' (M010).
pub fn parse(layout: Layout) -> Workspace {
    let Layout {
        sources,
        packs,
        mut diagnostics,
    } = layout;
    let mut ws = Workspace {
        files: packs.iter().map(|p| p.file_count()).sum(),
        ..Workspace::default()
    };
    let mut windows = Vec::with_capacity(packs.len());
    for pack in packs {
        let mut files = Vec::with_capacity(pack.files.len());
        // A file not read leaves its names unknown: its pack's other errors
        // are reported as with a syntax error.
        let mut has_syntax_errors = !pack.not_utf8.is_empty();
        for &id in &pack.files {
            let p = tiaoli_syntax::parse(sources.text(id), id);
            has_syntax_errors |= p.diagnostics.iter().any(Diagnostic::is_error);
            diagnostics.extend(p.diagnostics);
            files.push((id, std::sync::Arc::new(p.file)));
        }
        if pack.dependencies_missing {
            ws.hidden.extend(&pack.files);
        }
        windows.push(pack.window());
        ws.packs.push(CheckPack {
            ident: pack.ident,
            is_sector: pack.is_sector,
            authority: pack.authority,
            model: pack.model,
            deps: pack.deps,
            files,
            has_syntax_errors,
        });
        ws.manifests.push(pack.manifest);
        ws.signatures.push(pack.signature);
    }
    diagnostics.extend(tiaoli_check::check_in_force(&ws.packs, &windows));
    ws.sources = sources;
    ws.diagnostics = diagnostics;
    ws
}

impl Workspace {
    /// Checks the packs.
    pub fn check(&self) -> Checked {
        tiaoli_check::check(&self.packs)
    }

    /// Loading's diagnostics and the checker's, in reading order: what
    /// `tiaoli check` reports.
    pub fn all_diagnostics(&self, checked: &Checked) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self
            .diagnostics
            .iter()
            .chain(
                checked
                    .diagnostics
                    .iter()
                    .filter(|d| !crate::hides_cascade(&self.hidden, d)),
            )
            .cloned()
            .collect();
        all.sort_by_key(Diagnostic::sort_key);
        all
    }

    /// The errors among them: what stops `eval`, `test` and `explain`.
    pub fn errors(&self, checked: &Checked) -> Vec<Diagnostic> {
        let mut errors = self.all_diagnostics(checked);
        errors.retain(Diagnostic::is_error);
        errors
    }
}
