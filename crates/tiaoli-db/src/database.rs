//! [`Database`]: the inputs are set through it (on the main thread, `&mut`)
//! and every query is read through it (`&self`, on any thread: a clone is a
//! snapshot). A query on a snapshot made stale by a later edit returns
//! `Err(Cancelled)`; no salsa unwinding escapes.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use salsa::{Cancelled, Setter as _};
use tiaoli_check::Checked;
use tiaoli_diagnostics::Diagnostic;
use tiaoli_syntax::Parse;
use tiaoli_text::{FileId, LineIndex, Sources};

use crate::inputs::{File, Pack, Structure};
use crate::log::ExecutionLog;
use crate::queries;

mod layout;

/// A query's answer, or the news that an edit made it stale.
pub type Cancellable<T> = Result<T, Cancelled>;

/// The incremental database of one workspace. `Clone` gives a snapshot.
#[salsa::db]
#[derive(Clone)]
pub struct Database {
    storage: salsa::Storage<Self>,
    by_path: Arc<HashMap<String, FileId>>,
    log: Option<ExecutionLog>,
}

#[salsa::db]
impl salsa::Database for Database {}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("files", &self.by_path.len())
            .finish_non_exhaustive()
    }
}

impl Default for Database {
    fn default() -> Self {
        Self::build(None)
    }
}

impl Database {
    pub fn new() -> Self {
        Self::default()
    }

    /// A database that records every query it executes (for tests and
    /// benchmarks: what an edit re-ran). See [`Database::take_executed`].
    pub fn logging() -> Self {
        Self::build(Some(ExecutionLog::default()))
    }

    fn build(log: Option<ExecutionLog>) -> Self {
        let callback = log.clone().map(|log| log.callback());
        let db = Database {
            storage: salsa::Storage::new(callback),
            by_path: Arc::default(),
            log,
        };
        // The one structure input, created before anything can read it.
        Structure::new(&db, Vec::new(), Vec::new(), Vec::new());
        db
    }

    fn structure(&self) -> Structure {
        Structure::get(self)
    }

    // ------------------------------------------------------------ inputs

    /// Adds a file (or replaces the text of the file at `path`).
    pub fn add_file(&mut self, path: impl Into<String>, text: impl Into<Arc<str>>) -> FileId {
        let path = path.into();
        let text = text.into();
        if let Some(&id) = self.by_path.get(&path) {
            self.set_file_text(id, text);
            return id;
        }
        let mut files = self.structure().files(self).clone();
        let id = FileId(u32::try_from(files.len()).unwrap_or(u32::MAX));
        files.push(File::new(self, id, path.clone(), text));
        self.structure().set_files(self).to(files);
        Arc::make_mut(&mut self.by_path).insert(path, id);
        id
    }

    /// Replaces a file's text; false if there is no such file.
    pub fn set_file_text(&mut self, id: FileId, text: impl Into<Arc<str>>) -> bool {
        let Some(file) = self.file(id) else {
            return false;
        };
        let text = text.into();
        if **file.text(self) != *text {
            file.set_text(self).to(text);
        }
        true
    }

    /// Sets the packs (their files already added) and the diagnostics of
    /// loading them.
    pub fn set_packs(&mut self, packs: Vec<Pack>, diagnostics: Vec<Diagnostic>) {
        if *self.structure().packs(self) != packs {
            self.structure().set_packs(self).to(packs);
        }
        if *self.structure().diagnostics(self) != diagnostics {
            self.structure().set_diagnostics(self).to(diagnostics);
        }
    }

    // ------------------------------------------------------------ reads

    fn file(&self, id: FileId) -> Option<File> {
        self.structure().files(self).get(id.0 as usize).copied()
    }

    /// Every file, in `FileId` order.
    pub fn files(&self) -> Vec<FileId> {
        self.structure()
            .files(self)
            .iter()
            .map(|f| f.id(self))
            .collect()
    }

    pub fn text(&self, id: FileId) -> Option<Arc<str>> {
        self.file(id).map(|f| f.text(self).clone())
    }

    pub fn path(&self, id: FileId) -> Option<String> {
        self.file(id).map(|f| f.path(self).clone())
    }

    pub fn file_for_path(&self, path: &str) -> Option<FileId> {
        self.by_path.get(path).copied()
    }

    pub fn packs(&self) -> Vec<Pack> {
        self.structure().packs(self).clone()
    }

    /// The index of the pack holding the file (a `.tiaoli` file or its
    /// manifest).
    pub fn pack_of(&self, id: FileId) -> Option<usize> {
        self.structure()
            .packs(self)
            .iter()
            .position(|p| p.files.contains(&id) || p.manifest_file == Some(id))
    }

    // ------------------------------------------------------------ queries

    fn catch<T>(&self, f: impl FnOnce(&Self) -> T) -> Cancellable<T> {
        Cancelled::catch(AssertUnwindSafe(|| f(self)))
    }

    /// The file's parse (empty for an unknown file).
    pub fn parse(&self, id: FileId) -> Cancellable<Arc<Parse>> {
        self.catch(|db| {
            db.file(id)
                .map(|f| queries::parse(db, f))
                .unwrap_or_default()
        })
    }

    /// Every pack checked: the model and the check's diagnostics (sorted).
    pub fn checked(&self) -> Cancellable<Arc<Checked>> {
        self.catch(|db| queries::checked(db, db.structure()))
    }

    pub fn line_index(&self, id: FileId) -> Cancellable<Arc<LineIndex>> {
        self.catch(|db| match db.file(id) {
            Some(f) => queries::line_index(db, f),
            None => Arc::new(LineIndex::new("")),
        })
    }

    /// Every file's name and text, for rendering diagnostics.
    pub fn sources(&self) -> Cancellable<Arc<Sources>> {
        self.catch(|db| queries::sources(db, db.structure()))
    }

    /// What `tiaoli check` reports in this file: loading, syntax and check
    /// diagnostics whose primary label is in it, sorted as the CLI sorts.
    pub fn file_diagnostics(&self, id: FileId) -> Cancellable<Vec<Diagnostic>> {
        self.catch(|db| {
            let Some(file) = db.file(id) else {
                return Vec::new();
            };
            let mine = |d: &&Diagnostic| d.file() == Some(id);
            let mut out: Vec<Diagnostic> = db
                .structure()
                .diagnostics(db)
                .iter()
                .filter(mine)
                .cloned()
                .collect();
            out.extend(queries::syntax_diagnostics(db, file).iter().cloned());
            out.extend(
                queries::lock_diagnostics(db, db.structure())
                    .iter()
                    .filter(mine)
                    .cloned(),
            );
            if db.pack_of(id).is_some() {
                let checked = queries::checked(db, db.structure());
                out.extend(checked.diagnostics.iter().filter(mine).cloned());
            }
            out.sort_by_key(Diagnostic::sort_key);
            out
        })
    }

    /// What `tiaoli check` reports over the whole workspace, sorted.
    pub fn diagnostics(&self) -> Cancellable<Vec<Diagnostic>> {
        self.catch(|db| {
            let mut out = db.structure().diagnostics(db).clone();
            out.extend(
                queries::lock_diagnostics(db, db.structure())
                    .iter()
                    .cloned(),
            );
            for pack in db.structure().packs(db) {
                for &id in &pack.files {
                    if let Some(f) = db.file(id) {
                        out.extend(queries::syntax_diagnostics(db, f).iter().cloned());
                    }
                }
            }
            out.extend(
                queries::checked(db, db.structure())
                    .diagnostics
                    .iter()
                    .cloned(),
            );
            out.sort_by_key(Diagnostic::sort_key);
            out
        })
    }

    /// The queries executed since the last call, by name (`parse_item`,
    /// `checked`…), on a [`Database::logging`] database; empty otherwise.
    pub fn take_executed(&self) -> Vec<String> {
        self.log
            .as_ref()
            .map(|log| {
                log.take()
                    .into_iter()
                    .map(|key| {
                        salsa::Database::ingredient_debug_name(self, key.ingredient_index())
                            .into_owned()
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}
