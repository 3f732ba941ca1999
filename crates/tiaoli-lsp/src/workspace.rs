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

impl Loaded {
    /// Discovers the packs under `roots` (the open documents over the disk)
    /// and puts them into the database in place (`Database::set_layout`),
    /// so that files whose text did not change keep what was computed from
    /// them. A root that cannot be read is left out, with the reason
    /// returned.
    pub fn reload(
        &mut self,
        roots: &[PathBuf],
        documents: &BTreeMap<PathBuf, Document>,
    ) -> Vec<String> {
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
        // The same translation `tiaoli check` makes (`from_layout` is
        // `set_layout` on a new database), so the two cannot load
        // differently.
        self.db.set_layout(&layout);
        self.index();
        errors
    }

    /// Each file's canonical path and URI, for the server's lookups.
    fn index(&mut self) {
        let mut by_path = HashMap::new();
        let mut uris = HashMap::new();
        for id in self.db.files() {
            let Some(name) = self.db.path(id) else {
                continue;
            };
            let path = Path::new(&name);
            let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            if let Some(uri) = Uri::from_file_path(&canonical) {
                uris.insert(id, uri);
            }
            // A file listed twice (a lone file that is also in a pack)
            // answers as its first input, as the database's own path
            // index does.
            by_path.entry(canonical).or_insert(id);
        }
        self.by_path = by_path;
        self.uris = Arc::new(uris);
    }
}

/// The root to add so that the file at `path` is loaded: its pack's
/// folder, or the file itself when it is in no pack.
pub fn root_for(path: &Path) -> PathBuf {
    pack_root_of(&Disk, path).unwrap_or_else(|| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(executed: &[String], query: &str) -> usize {
        executed.iter().filter(|q| *q == query).count()
    }

    /// `policies/decree-745` (its `.tiaoli` files and manifest) in a
    /// temporary folder.
    fn decree() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temporary folder");
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/decree-745");
        let to = dir.path().join("decree-745");
        std::fs::create_dir_all(&to).expect("create pack folder");
        for entry in std::fs::read_dir(&from).expect("read pack") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
            }
        }
        let to = std::fs::canonicalize(&to).expect("canonical");
        (dir, to)
    }

    fn all_diagnostics(loaded: &Loaded) -> Vec<(FileId, Vec<String>)> {
        loaded
            .db
            .files()
            .into_iter()
            .map(|f| {
                let codes = loaded.db.file_diagnostics(f).expect("not cancelled");
                (
                    f,
                    codes.iter().map(|d| d.code.as_str().to_string()).collect(),
                )
            })
            .collect()
    }

    /// A file changed on disk reloads into the same database: the other
    /// files' parses stay memoised (the same `Arc`, no query re-run for
    /// them), the open document keeps the client's text, and the changed
    /// file's diagnostics are the new text's.
    #[test]
    fn a_reload_reparses_only_the_changed_file_and_keeps_open_documents() {
        let (_dir, pack) = decree();
        let open = pack.join("ch3-operator-duties.tiaoli");
        let changed = pack.join("ch6-supplementary.tiaoli");
        let unchanged = pack.join("ch1-general.tiaoli");
        let open_text = std::fs::read_to_string(&open).expect("read").replacen(
            "\"同步规划建设使用\" en \"",
            "\"同步规划建设使用\" em \"",
            1,
        );
        let mut documents = BTreeMap::new();
        documents.insert(
            open.clone(),
            Document {
                uri: Uri::from_file_path(&open).expect("uri"),
                version: 1,
                text: open_text.clone(),
            },
        );
        let mut loaded = Loaded {
            db: Database::logging(),
            ..Loaded::default()
        };
        let roots = [pack.clone()];
        assert_eq!(loaded.reload(&roots, &documents), Vec::<String>::new());
        let before = all_diagnostics(&loaded);
        let file = |loaded: &Loaded, path: &Path| *loaded.by_path.get(path).expect("loaded");
        let ch6 = file(&loaded, &changed);
        assert!(
            before.iter().all(|(f, d)| *f != ch6 || d.is_empty()),
            "{before:?}"
        );
        let parse_before = loaded.db.parse(file(&loaded, &unchanged)).expect("parse");
        loaded.db.take_executed();

        let broken = std::fs::read_to_string(&changed).expect("read").replacen(
            "article 50 {",
            "article 50 {{",
            1,
        );
        std::fs::write(&changed, broken).expect("write");
        assert_eq!(loaded.reload(&roots, &documents), Vec::<String>::new());
        let after = all_diagnostics(&loaded);
        let executed = loaded.db.take_executed();
        // Only the changed file is cut into items again (and diagnostics
        // need no file's assembled parse).
        assert_eq!(count(&executed, "chunks"), 1, "{executed:?}");
        assert_eq!(count(&executed, "parse"), 0, "{executed:?}");
        let parse_after = loaded.db.parse(file(&loaded, &unchanged)).expect("parse");
        assert!(Arc::ptr_eq(&parse_before, &parse_after));
        // The changed file's diagnostics are its new text's.
        let ch6_after = after.iter().find(|(f, _)| *f == ch6).expect("ch6");
        assert!(ch6_after.1.iter().any(|c| c == "S003"), "{after:?}");
        // The open document is still the client's text, mistake included.
        let ch3 = file(&loaded, &open);
        assert_eq!(loaded.db.text(ch3).as_deref(), Some(open_text.as_str()));
        let ch3_after = after.iter().find(|(f, _)| *f == ch3).expect("ch3");
        assert!(ch3_after.1.iter().any(|c| c == "S001"), "{after:?}");
    }
}
