//! What the server knows: the negotiated encoding, the workspace's roots,
//! the open documents and the database.
//!
//! Only notification handlers write it, each under one lock taken and
//! released without an `.await` in between, so edits apply in the order
//! the client sent them; reads clone the database (a snapshot) under the
//! lock and work on the clone elsewhere.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use tiaoli_db::Database;
use tiaoli_ide::Lang;
use tiaoli_text::FileId;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use crate::convert::Encoding;
use crate::docs::DocsLinks;
use crate::workspace::Loaded;

#[derive(Debug)]
pub struct State {
    pub encoding: Encoding,
    /// Folders (or lone files) whose packs are loaded: the client's root
    /// folder, and the packs of files opened outside it.
    pub roots: Vec<PathBuf>,
    /// Open documents by canonical path.
    pub documents: BTreeMap<PathBuf, Document>,
    pub loaded: Loaded,
    /// Bumped by every change of a text or of the workspace: a diagnostics
    /// run started for an older one is stale and publishes nothing.
    pub generation: u64,
    /// Documents last published with diagnostics, to be cleared when they
    /// have none.
    pub published: Vec<Uri>,
    /// The client can watch files for us (`didChangeWatchedFiles`).
    pub watch_files: bool,
    /// The language of titles in inlay hints and of diagnostics: the
    /// client's locale.
    pub lang: Lang,
    /// Whether each test run from a lens passed, by file and test name:
    /// the lens's title shows it.
    pub test_results: HashMap<PathBuf, HashMap<String, bool>>,
    /// The client can be asked to fetch code lenses again.
    pub code_lens_refresh: bool,
    /// Where diagnostics' codes link to.
    pub docs: Arc<DocsLinks>,
    /// The failing expectations of tests run from a lens, as diagnostics,
    /// by file: published with the file's own until its text changes or
    /// the test passes.
    pub test_diagnostics: HashMap<Uri, TestDiagnostics>,
    /// The last semantic tokens sent for each document, with their result
    /// id, for `semanticTokens/full/delta`.
    pub semantic_tokens: HashMap<Uri, (String, Vec<lsp::SemanticToken>)>,
    /// Semantic-token results given so far (the next id).
    pub token_results: u64,
}

/// A file's failing pack-test expectations, by test, and the text they
/// were found in (their ranges are positions in it).
#[derive(Debug, Clone)]
pub struct TestDiagnostics {
    pub text: Arc<str>,
    pub by_test: BTreeMap<String, Vec<lsp::Diagnostic>>,
}

impl Default for State {
    fn default() -> Self {
        State {
            encoding: Encoding::default(),
            roots: Vec::new(),
            documents: BTreeMap::new(),
            loaded: Loaded::default(),
            generation: 0,
            published: Vec::new(),
            watch_files: false,
            lang: Lang::En,
            test_results: HashMap::new(),
            code_lens_refresh: false,
            docs: Arc::default(),
            test_diagnostics: HashMap::new(),
            semantic_tokens: HashMap::new(),
            token_results: 0,
        }
    }
}

/// An open document: its text as the client has it, and its version.
#[derive(Debug)]
pub struct Document {
    pub uri: Uri,
    pub version: i32,
    pub text: String,
}

impl State {
    pub fn db(&self) -> &Database {
        &self.loaded.db
    }

    /// Loads the packs under the roots again into the same database (what
    /// unchanged files computed stays memoised), open documents as the
    /// client has them; returns what could not be read.
    pub fn reload(&mut self) -> Vec<String> {
        let errors = self.loaded.reload(&self.roots, &self.documents);
        self.generation += 1;
        self.forget_stale_test_diagnostics();
        errors
    }

    /// Puts a document's new text into the database: an edit to a loaded
    /// `.tiaoli` file is an input change; a manifest (read by discovery, not
    /// by the database) or a file the workspace does not hold yet reloads.
    pub fn text_changed(&mut self, path: &Path, text: &str) -> Vec<String> {
        match self.file(path) {
            Some(file) if !is_manifest(path) => {
                self.loaded.db.set_file_text(file, text);
                self.forget_stale_test_diagnostics();
                Vec::new()
            }
            _ => self.reload(),
        }
    }

    /// Drops the test diagnostics of files whose text is no longer the one
    /// the test ran on (or that are no longer loaded).
    fn forget_stale_test_diagnostics(&mut self) {
        if self.test_diagnostics.is_empty() {
            return;
        }
        let texts: HashMap<&Uri, Arc<str>> = self
            .loaded
            .uris
            .iter()
            .filter_map(|(file, uri)| Some((uri, self.loaded.db.text(*file)?)))
            .collect();
        self.test_diagnostics
            .retain(|uri, failures| texts.get(uri).is_some_and(|t| *t == failures.text));
    }

    /// The text of the file at a URI of the workspace, as the database has it.
    pub fn text_of(&self, uri: &Uri) -> Option<Arc<str>> {
        let (file, _) = self.loaded.uris.iter().find(|(_, u)| *u == uri)?;
        self.loaded.db.text(*file)
    }

    /// The database's file for a canonical path.
    pub fn file(&self, path: &Path) -> Option<FileId> {
        self.loaded.by_path.get(path).copied()
    }
}

/// The path a `file:` URI names, canonical when the file exists (so that
/// one file has one key however the client spells its path).
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let path = uri.to_file_path()?.into_owned();
    Some(std::fs::canonicalize(&path).unwrap_or(path))
}

/// The state, for a change that must not be interleaved with another. A
/// handler that panicked while holding it left it as it was between two
/// edits, so a poisoned lock is taken over rather than given up.
pub fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn is_manifest(path: &Path) -> bool {
    path.file_name().is_some_and(|name| name == "tiaoli.toml")
}
