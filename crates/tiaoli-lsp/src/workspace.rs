//! Loading the workspace into a database: the packs under the roots
//! (`tiaoli_workspace::discover`), read through an overlay of the open
//! documents, so that a pack is checked as the editor shows it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tiaoli_db::{Database, Pack};
use tiaoli_text::FileId;
use tiaoli_workspace::{Disk, Host as _, Layout, Overlay, discover, pack_root_of};
use tower_lsp_server::ls_types::Uri;

use crate::state::Document;

/// A workspace loaded into its database, with its files' canonical paths.
#[derive(Debug, Default)]
pub struct Loaded {
    pub db: Database,
    pub by_path: HashMap<PathBuf, FileId>,
    /// Every file's URI, by `FileId` (shared with diagnostics runs).
    pub uris: Arc<HashMap<FileId, Uri>>,
}

/// Discovers the packs under `roots` (the open documents over the disk)
/// and loads them into a new database. A root that cannot be read is left
/// out, with the reason returned.
pub fn load(roots: &[PathBuf], documents: &BTreeMap<PathBuf, Document>) -> (Loaded, Vec<String>) {
    let disk = Disk;
    let mut overlay = Overlay::new(&disk);
    for (path, doc) in documents {
        overlay.open(path, doc.text.clone());
    }
    let mut errors = Vec::new();
    let (readable, unreadable): (Vec<PathBuf>, Vec<PathBuf>) = roots
        .iter()
        .cloned()
        .partition(|root| overlay.is_dir(root) || overlay.is_file(root));
    for root in unreadable {
        errors.push(format!("`{}` is no longer there", root.display()));
    }
    let layout = discover(&overlay, &readable).unwrap_or_else(|error| {
        errors.push(error);
        Layout::default()
    });
    (database_of(layout), errors)
}

/// The root to add so that the file at `path` is loaded: its pack's
/// folder, or the file itself when it is in no pack.
pub fn root_for(path: &Path) -> PathBuf {
    pack_root_of(&Disk, path).unwrap_or_else(|| path.to_path_buf())
}

/// A database holding a layout's files (with the layout's `FileId`s: files
/// are added in order to an empty database) and packs.
fn database_of(layout: Layout) -> Loaded {
    let mut db = Database::new();
    let mut by_path = HashMap::new();
    let mut uris = HashMap::new();
    let mut ids = Vec::new();
    for (id, source) in layout.sources.iter() {
        let db_id = db.add_file(source.name.clone(), source.text.as_str());
        ids.push((id, db_id));
        let path = Path::new(&source.name);
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if let Some(uri) = Uri::from_file_path(&canonical) {
            uris.insert(db_id, uri);
        }
        by_path.insert(canonical, db_id);
    }
    let id_of = |id: FileId| {
        ids.iter()
            .find(|(from, _)| *from == id)
            .map_or(id, |(_, to)| *to)
    };
    let packs = layout
        .packs
        .iter()
        .map(|p| Pack {
            dir: p.dir.clone(),
            ident: p.ident.clone(),
            manifest: p.manifest.clone(),
            manifest_file: p.manifest_file.map(id_of),
            files: p.files.iter().copied().map(id_of).collect(),
            deps: p.deps.clone(),
            authority: p.authority,
            is_sector: p.is_sector,
            model: p.model,
            has_unread_files: !p.not_utf8.is_empty(),
        })
        .collect();
    let mut diagnostics = layout.diagnostics;
    for diagnostic in &mut diagnostics {
        for label in &mut diagnostic.labels {
            label.file = id_of(label.file);
        }
        for fix in &mut diagnostic.fixes {
            for edit in &mut fix.edits {
                edit.0 = id_of(edit.0);
            }
        }
    }
    db.set_packs(packs, diagnostics);
    Loaded {
        db,
        by_path,
        uris: Arc::new(uris),
    }
}
