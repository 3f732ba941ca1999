//! Loading the workspace into a database: the packs under the roots
//! (`tiaoli_workspace::discover`), read through an overlay of the open
//! documents, so that a pack is checked as the editor shows it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tiaoli_db::Database;
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

/// A database holding a layout (through `Database::from_layout`, as
/// `tiaoli check` builds its own, so the two cannot load differently), with
/// each file's canonical path and URI for the server's lookups.
fn database_of(layout: Layout) -> Loaded {
    let db = Database::from_layout(layout);
    let mut by_path = HashMap::new();
    let mut uris = HashMap::new();
    for id in db.files() {
        let Some(name) = db.path(id) else { continue };
        let path = Path::new(&name);
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if let Some(uri) = Uri::from_file_path(&canonical) {
            uris.insert(id, uri);
        }
        // A file listed twice (a lone file that is also in a pack) answers
        // as its first input, as the database's own path index does.
        by_path.entry(canonical).or_insert(id);
    }
    Loaded {
        db,
        by_path,
        uris: Arc::new(uris),
    }
}
