//! The tracked queries. A file's scan splits it into items; each item's
//! text is interned and parsed on its own, with spans relative to the item,
//! so an edit re-parses only the item it is in (an item that only moved is
//! the same interned value: its parse is reused). The file's parse is
//! assembled from the items' parses; it changes with every edit that moves
//! an offset, so it is `no_eq` (as ruff's `parsed_module`). The check is
//! coarse: one query over every pack.

use std::sync::Arc;

use tiaoli_check::{CheckPack, Checked};
use tiaoli_diagnostics::Diagnostic;
use tiaoli_syntax::{Chunks, ItemChunk, ItemParse, Parse};
use tiaoli_text::{FileId, LineIndex, Sources};

use crate::inputs::{File, Pack, Structure};

/// The scan of a file: its items, lexical diagnostics and comments.
#[salsa::tracked(returns(ref))]
pub(crate) fn chunks(db: &dyn salsa::Database, file: File) -> Chunks {
    tiaoli_syntax::item_chunks(file.text(db), file.id(db))
}

/// One item of a file, by its text and the scan's findings about it (all
/// relative to the item's start).
#[salsa::interned]
pub(crate) struct Item<'db> {
    #[returns(copy)]
    pub file: FileId,
    #[returns(ref)]
    pub chunk: ItemChunk,
}

/// One item parsed alone; spans relative to its start.
#[salsa::tracked(returns(ref))]
pub(crate) fn parse_item<'db>(db: &'db dyn salsa::Database, item: Item<'db>) -> ItemParse {
    tiaoli_syntax::parse_chunk(item.chunk(db), item.file(db))
}

/// The file's parse, assembled from its items': equal to
/// `tiaoli_syntax::parse` of the whole text.
#[salsa::tracked(returns(clone), no_eq)]
pub(crate) fn parse(db: &dyn salsa::Database, file: File) -> Arc<Parse> {
    let chunks = chunks(db, file);
    let id = file.id(db);
    let parses: Vec<&ItemParse> = chunks
        .chunks
        .iter()
        .map(|c| parse_item(db, Item::new(db, id, c.chunk.clone())))
        .collect();
    Arc::new(tiaoli_syntax::assemble(chunks, parses))
}

#[salsa::tracked(returns(clone), no_eq)]
pub(crate) fn line_index(db: &dyn salsa::Database, file: File) -> Arc<LineIndex> {
    Arc::new(LineIndex::new(file.text(db)))
}

/// Every pack checked together (today's `tiaoli_check::check`), with the
/// articles' and rules' `in force` dates checked against their packs'
/// (M010). Diagnostics sorted.
#[salsa::tracked(returns(clone), no_eq)]
pub(crate) fn checked(db: &dyn salsa::Database, structure: Structure) -> Arc<Checked> {
    let files = structure.files(db);
    let packs: Vec<CheckPack> = structure
        .packs(db)
        .iter()
        .map(|pack| {
            let mut has_syntax_errors = pack.has_unread_files;
            let parsed = pack
                .files
                .iter()
                .filter_map(|id| files.get(id.0 as usize))
                .map(|&f| {
                    let p = parse(db, f);
                    has_syntax_errors |= p.diagnostics.iter().any(Diagnostic::is_error);
                    (f.id(db), p.file.clone())
                })
                .collect();
            CheckPack {
                ident: pack.ident.clone(),
                is_sector: pack.is_sector,
                authority: pack.authority,
                model: pack.model,
                deps: pack.deps.clone(),
                files: parsed,
                has_syntax_errors,
            }
        })
        .collect();
    db.unwind_if_revision_cancelled();
    let windows: Vec<_> = structure.packs(db).iter().map(Pack::in_force).collect();
    let in_force = tiaoli_check::check_in_force(&packs, &windows);
    let mut checked = tiaoli_check::check(&packs);
    checked.diagnostics.extend(in_force);
    checked.diagnostics.sort_by_key(Diagnostic::sort_key);
    Arc::new(checked)
}

/// Every file's name and text, for rendering diagnostics.
#[salsa::tracked(returns(clone), no_eq)]
pub(crate) fn sources(db: &dyn salsa::Database, structure: Structure) -> Arc<Sources> {
    let mut sources = Sources::new();
    for f in structure.files(db) {
        sources.add(f.path(db).clone(), f.text(db).to_string());
    }
    Arc::new(sources)
}
