//! The workspace's structure from `tiaoli_workspace::discover`: its files
//! and packs become the database's inputs.

use tiaoli_diagnostics::Diagnostic;
use tiaoli_text::FileId;
use tiaoli_workspace::Layout;

use crate::{Database, Pack};

impl Database {
    /// A database holding a layout's files and packs.
    pub fn from_layout(layout: &Layout) -> Self {
        let mut db = Database::new();
        db.set_layout(layout);
        db
    }

    /// Sets the files and packs from a discovery (again, after a manifest
    /// changed). Files are matched by path: one already in the database
    /// keeps its `FileId`, and, its text unchanged, its parse. The layout's
    /// own `FileId`s (in its packs, manifests and diagnostics) are
    /// translated to the database's.
    pub fn set_layout(&mut self, layout: &Layout) {
        let ids: Vec<FileId> = layout
            .sources
            .iter()
            .map(|(_, f)| self.add_file(f.name.clone(), f.text.as_str()))
            .collect();
        let id = |f: FileId| ids.get(f.0 as usize).copied().unwrap_or(f);
        let packs = layout
            .packs
            .iter()
            .map(|p| Pack {
                dir: p.dir.clone(),
                ident: p.ident.clone(),
                manifest: p.manifest.clone().map(|mut m| {
                    m.file = id(m.file);
                    m
                }),
                manifest_file: p.manifest_file.map(id),
                files: p.files.iter().map(|&f| id(f)).collect(),
                not_utf8: p.not_utf8.iter().map(|&f| id(f)).collect(),
                deps: p.deps.clone(),
                authority: p.authority,
                is_sector: p.is_sector,
                model: p.model,
            })
            .collect();
        let diagnostics = layout
            .diagnostics
            .iter()
            .map(|d| {
                let mut d: Diagnostic = d.clone();
                for l in &mut d.labels {
                    l.file = id(l.file);
                }
                for fix in &mut d.fixes {
                    for (f, _, _) in &mut fix.edits {
                        *f = id(*f);
                    }
                }
                d
            })
            .collect();
        self.set_packs(packs, diagnostics);
    }
}
