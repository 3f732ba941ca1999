//! The database of a discovered workspace (`tiaoli_workspace::discover`):
//! every file with the `FileId` discovery gave it, the packs, and
//! loading's diagnostics. The CLI's `check` and the language server start
//! from the same layout, so their answers cannot differ.

use std::collections::HashMap;
use std::sync::Arc;

use salsa::Setter as _;
use tiaoli_diagnostics::Code;
use tiaoli_workspace::{Layout, PackLayout};

use super::Database;
use crate::inputs::{File, Pack};

impl Database {
    /// A database holding `layout`.
    pub fn from_layout(layout: Layout) -> Self {
        let mut db = Database::new();
        db.set_layout(&layout);
        db
    }

    /// Replaces the files and packs with `layout`'s. A file whose id and
    /// path are unchanged keeps its input (and so what was computed from
    /// it, when its text is also unchanged).
    pub fn set_layout(&mut self, layout: &Layout) {
        let old = self.structure().files(self).clone();
        let mut files = Vec::with_capacity(layout.sources.len());
        let mut by_path = HashMap::new();
        for (id, source) in layout.sources.iter() {
            let text: Arc<str> = Arc::from(source.text.as_str());
            let file = match old.get(files.len()) {
                Some(&f) if f.id(self) == id && *f.path(self) == source.name => {
                    if **f.text(self) != *text {
                        f.set_text(self).to(text);
                    }
                    f
                }
                _ => File::new(self, id, source.name.clone(), text),
            };
            // Two paths to one name (a lone file also in a pack): the
            // first is the one found by path.
            by_path.entry(source.name.clone()).or_insert(id);
            files.push(file);
        }
        if files != old {
            self.structure().set_files(self).to(files);
        }
        self.by_path = Arc::new(by_path);
        let packs = layout.packs.iter().map(pack).collect();
        // Lockfiles are compared with the packs' texts as they are edited
        // (the `lock_diagnostics` query), not as they were loaded.
        let loading = layout
            .diagnostics
            .iter()
            .filter(|d| !matches!(d.code, Code::M015 | Code::M016))
            .cloned()
            .collect();
        self.set_packs(packs, loading);
    }
}

fn pack(p: &PackLayout) -> Pack {
    Pack {
        dir: p.dir.clone(),
        ident: p.ident.clone(),
        manifest: p.manifest.clone(),
        manifest_file: p.manifest_file,
        files: p.files.clone(),
        deps: p.deps.clone(),
        authority: p.authority,
        is_sector: p.is_sector,
        model: p.model,
        has_unread_files: !p.not_utf8.is_empty(),
        lockfile: p.lockfile,
        content: p.content.clone(),
    }
}
