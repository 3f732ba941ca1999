//! The database's inputs: each file's path and text, and the workspace's
//! structure (which files exist, the packs and what loading reported).

use std::path::PathBuf;
use std::sync::Arc;

use tiaoli_check::Authority;
use tiaoli_diagnostics::Diagnostic;
use tiaoli_pack::Manifest;
use tiaoli_text::FileId;

/// One source file. Its `id` is its index in [`Structure::files`].
#[salsa::input]
pub(crate) struct File {
    #[returns(copy)]
    pub id: FileId,
    #[returns(ref)]
    pub path: String,
    #[returns(ref)]
    pub text: Arc<str>,
}

/// The workspace: every file (indexed by `FileId`), the packs, and the
/// diagnostics of loading (manifests, dependencies).
#[salsa::input(singleton)]
pub(crate) struct Structure {
    #[returns(ref)]
    pub files: Vec<File>,
    #[returns(ref)]
    pub packs: Vec<Pack>,
    #[returns(ref)]
    pub diagnostics: Vec<Diagnostic>,
}

/// One pack of the workspace, as discovery found it (no `.tiaoli` parsed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pack {
    pub dir: PathBuf,
    /// The name as written in paths (`decree_745`).
    pub ident: String,
    /// None for a lone file, or a manifest that did not parse.
    pub manifest: Option<Manifest>,
    pub manifest_file: Option<FileId>,
    /// Its `.tiaoli` files read as text, sorted.
    pub files: Vec<FileId>,
    /// Indices (into the packs) of its direct dependencies.
    pub deps: Vec<usize>,
    pub authority: Authority,
    pub is_sector: bool,
    pub model: bool,
    /// Some file of the pack could not be read (not UTF-8): its names are
    /// unknown, so unused-name lints are skipped as after a syntax error.
    pub has_unread_files: bool,
    /// Its lockfile (`tiaoli.lock`), when it has one.
    pub lockfile: Option<FileId>,
    /// Its content as published (manifest, lockfile, `.tiaoli` files) by
    /// path under its folder: what lockfiles that lock it hash.
    pub content: Vec<(String, FileId)>,
}

impl Pack {
    /// The days the pack is in force, from its manifest: `[effective,
    /// expires)` (what `tiaoli_check::check_in_force` checks dates against).
    pub fn in_force(&self) -> (Option<jiff::civil::Date>, Option<jiff::civil::Date>) {
        self.manifest
            .as_ref()
            .map_or((None, None), Manifest::window)
    }
}
