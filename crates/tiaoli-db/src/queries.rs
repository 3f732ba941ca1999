//! The tracked queries. A file's scan splits it into items; each item's
//! text is interned and parsed on its own, with spans relative to the item,
//! so an edit re-parses only the item it is in (an item that only moved is
//! the same interned value: its parse is reused). The file's parse is
//! assembled from the items' parses; it changes with every edit that moves
//! an offset, so it is `no_eq` (as ruff's `parsed_module`).
//!
//! The check runs in `tiaoli_check`'s three phases: `declared` over every
//! item (again on each edit), `check_unit` per item against the `scope`
//! (position-free, so equal across an edit that changes no declaration:
//! salsa then reuses every other item's check), and `checked`, which
//! places the items' results in their files and finishes.

use std::sync::Arc;

use tiaoli_check::{CheckPack, Checked, ItemResult, Scope, SymbolId};
use tiaoli_diagnostics::Diagnostic;
use tiaoli_syntax::ast::SourceFile;
use tiaoli_syntax::{Chunks, ItemChunk, ItemParse, Parse};
use tiaoli_text::{FileId, LineIndex, Sources, TextRange};

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
/// One item's tree, shared: what the check reads (copied once per change
/// of the item, not once per check).
#[salsa::tracked(returns(clone))]
pub(crate) fn item_tree<'db>(db: &'db dyn salsa::Database, item: Item<'db>) -> Arc<SourceFile> {
    Arc::new(parse_item(db, item).file.clone())
}

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

/// One item of one pack, checked on its own: in a file of its own
/// (`vfile`, numbered after the workspace's files, in the order of the
/// items), with the item's spans relative to its start. An edit that moves
/// an item or changes another leaves its unit, and so its check, the same.
#[salsa::interned]
pub(crate) struct Unit<'db> {
    #[returns(copy)]
    pub item: Item<'db>,
    #[returns(copy)]
    pub vfile: FileId,
    #[returns(copy)]
    pub pack: usize,
}

/// Every unit of the workspace in order (packs, their files, the items),
/// with the file it is in and its offset there (which moves with every
/// edit before it: `no_eq`).
#[salsa::tracked(returns(ref), no_eq)]
fn units(db: &dyn salsa::Database, structure: Structure) -> Vec<(Unit<'_>, u32, usize)> {
    let files = structure.files(db);
    let base = files.len();
    let mut out = Vec::new();
    for (pack, p) in structure.packs(db).iter().enumerate() {
        for &f in p.files.iter().filter_map(|id| files.get(id.0 as usize)) {
            let id = f.id(db);
            for c in &chunks(db, f).chunks {
                let vfile = FileId(u32::try_from(base + out.len()).unwrap_or(u32::MAX));
                let item = Item::new(db, id, c.chunk.clone());
                out.push((Unit::new(db, item, vfile, pack), id.0, c.offset));
            }
        }
    }
    out
}

/// Phase 1 of the check (`tiaoli_check::declare`) over every unit, with the
/// articles' and rules' `in force` dates checked against their packs'
/// (M010). Runs again on every edit; what the units read of it, the scope
/// and each unit's own declarations, compare equal across an edit that
/// changes no declaration.
#[salsa::tracked(returns(clone), no_eq)]
pub(crate) fn declared(db: &dyn salsa::Database, structure: Structure) -> Arc<Declared> {
    let units = units(db, structure);
    let mut packs: Vec<CheckPack> = structure
        .packs(db)
        .iter()
        .map(|pack| CheckPack {
            ident: pack.ident.clone(),
            is_sector: pack.is_sector,
            authority: pack.authority,
            model: pack.model,
            deps: pack.deps.clone(),
            files: Vec::new(),
            has_syntax_errors: pack.has_unread_files,
        })
        .collect();
    let files = structure.files(db);
    for pack in structure.packs(db).iter().zip(packs.iter_mut()) {
        for f in pack
            .0
            .files
            .iter()
            .filter_map(|id| files.get(id.0 as usize))
        {
            pack.1.has_syntax_errors |= chunks(db, *f).diagnostics.iter().any(Diagnostic::is_error);
        }
    }
    for (unit, _, _) in units {
        let parsed = parse_item(db, unit.item(db));
        let Some(pack) = packs.get_mut(unit.pack(db)) else {
            continue;
        };
        pack.has_syntax_errors |= parsed.diagnostics.iter().any(Diagnostic::is_error);
        pack.files
            .push((unit.vfile(db), item_tree(db, unit.item(db))));
    }
    db.unwind_if_revision_cancelled();
    let windows: Vec<_> = structure.packs(db).iter().map(Pack::in_force).collect();
    let in_force = tiaoli_check::check_in_force(&packs, &windows);
    Arc::new(Declared {
        declared: tiaoli_check::declare(&packs),
        in_force,
    })
}

/// What phase 1 gives, and the `in force` diagnostics (both in units'
/// coordinates).
pub(crate) struct Declared {
    declared: tiaoli_check::Declared,
    in_force: Vec<Diagnostic>,
}

/// What checking a unit reads: declarations without positions.
#[salsa::tracked(returns(clone))]
pub(crate) fn scope(db: &dyn salsa::Database, structure: Structure) -> Arc<Scope> {
    declared(db, structure).declared.shared_scope()
}

/// A unit's own declarations (their spans, relative to the unit).
#[salsa::tracked(returns(ref))]
pub(crate) fn own<'db>(
    db: &'db dyn salsa::Database,
    unit: Unit<'db>,
) -> Vec<(TextRange, SymbolId)> {
    declared(db, Structure::get(db))
        .declared
        .own(unit.vfile(db), None)
}

/// Phase 2 for one unit: reads its parse, its own declarations and the
/// scope, so an edit elsewhere that changes no declaration does not run it.
#[salsa::tracked(returns(clone), no_eq)]
pub(crate) fn check_unit<'db>(
    db: &'db dyn salsa::Database,
    unit: Unit<'db>,
) -> Arc<Vec<ItemResult>> {
    let scope = scope(db, Structure::get(db));
    let own = own(db, unit);
    let parsed = parse_item(db, unit.item(db));
    let (pack, vfile) = (unit.pack(db), unit.vfile(db));
    Arc::new(
        parsed
            .file
            .items
            .iter()
            .map(|item| tiaoli_check::check_item(&scope, pack, vfile, item, own))
            .collect(),
    )
}

/// Every pack checked (phase 3 over every unit's result, placed in its
/// file). Diagnostics sorted.
#[salsa::tracked(returns(clone), no_eq)]
pub(crate) fn checked(db: &dyn salsa::Database, structure: Structure) -> Arc<Checked> {
    let units = units(db, structure);
    let declared = declared(db, structure);
    let results: Vec<Arc<Vec<ItemResult>>> =
        units.iter().map(|(u, _, _)| check_unit(db, *u)).collect();
    db.unwind_if_revision_cancelled();
    let base = structure.files(db).len();
    let place = |file: FileId, range: TextRange| -> (FileId, TextRange) {
        match (file.0 as usize)
            .checked_sub(base)
            .and_then(|k| units.get(k))
        {
            Some(&(_, real, offset)) => (FileId(real), range.shifted(offset)),
            None => (file, range),
        }
    };
    let mut checked = tiaoli_check::finish(
        &declared.declared,
        results.iter().flat_map(|r| r.iter()),
        &place,
    );
    for d in &declared.in_force {
        let mut d = d.clone();
        d.map_locations(&mut |file, range| place(file, range));
        checked.diagnostics.push(d);
    }
    checked.diagnostics.sort_by_key(Diagnostic::sort_key);
    Arc::new(checked)
}

/// A file's syntax diagnostics: its scan's and each item's, placed (the
/// same as its parse's, without assembling the parse).
#[salsa::tracked(returns(ref))]
pub(crate) fn syntax_diagnostics(db: &dyn salsa::Database, file: File) -> Vec<Diagnostic> {
    let chunks = chunks(db, file);
    let id = file.id(db);
    let mut out = chunks.diagnostics.clone();
    for c in &chunks.chunks {
        for d in &parse_item(db, Item::new(db, id, c.chunk.clone())).diagnostics {
            let mut d = d.clone();
            tiaoli_syntax::shift_diagnostic(&mut d, c.offset);
            out.push(d);
        }
    }
    out.sort_by_key(Diagnostic::sort_key);
    out
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

/// A file's SHA-256: what lockfiles record of it (computed again only when
/// the file changes).
#[salsa::tracked(returns(ref))]
pub(crate) fn file_sha256(db: &dyn salsa::Database, file: File) -> String {
    tiaoli_publish::digest::sha256_hex(file.text(db).as_bytes())
}

/// M015 and M016: every pack's lockfile against the packs' texts as they
/// are now, so that an edit of a locked dependency is reported as it is
/// typed, as `tiaoli check` would report it once saved. Reads only the
/// lockfiles and the locked packs' files: editing any other file does not
/// run it again.
#[salsa::tracked(returns(ref))]
pub(crate) fn lock_diagnostics(db: &dyn salsa::Database, structure: Structure) -> Vec<Diagnostic> {
    let packs = structure.packs(db);
    if packs.iter().all(|p| p.lockfile.is_none()) {
        return Vec::new();
    }
    let files = structure.files(db);
    let views: Vec<tiaoli_workspace::LockView<'_>> = packs
        .iter()
        .map(|p| tiaoli_workspace::LockView {
            manifest: p.manifest.as_ref(),
            deps: &p.deps,
            lockfile: p.lockfile,
        })
        .collect();
    let text = |id: FileId| {
        files
            .get(id.0 as usize)
            .map(|f| f.text(db).to_string())
            .unwrap_or_default()
    };
    let mut memo: Vec<Option<Result<tiaoli_pack::LockedPack, String>>> = vec![None; packs.len()];
    let mut now = |j: usize| {
        let compute = || {
            let pack = packs.get(j).ok_or("no such pack")?;
            let m = pack
                .manifest
                .as_ref()
                .ok_or_else(|| format!("`{}` has no valid manifest", pack.ident))?;
            let content: Vec<(&str, Arc<str>, String)> = pack
                .content
                .iter()
                .filter_map(|(path, id)| {
                    let f = files.get(id.0 as usize)?;
                    Some((
                        path.as_str(),
                        f.text(db).clone(),
                        file_sha256(db, *f).clone(),
                    ))
                })
                .collect();
            let borrowed: Vec<(&str, &str, String)> = content
                .iter()
                .map(|(p, t, h)| (*p, &**t, h.clone()))
                .collect();
            tiaoli_workspace::lock_entry_of(m, &borrowed)
        };
        match memo.get_mut(j) {
            Some(slot) => slot.get_or_insert_with(compute).clone(),
            None => Err("no such pack".to_owned()),
        }
    };
    let mut out = tiaoli_workspace::lock_diagnostics(&views, &text, &mut now);
    out.sort_by_key(Diagnostic::sort_key);
    out
}
