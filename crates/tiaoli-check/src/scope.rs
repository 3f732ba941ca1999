//! The check in three phases, so that an editor re-checks only what an
//! edit touched:
//!
//! 1. [`declare`]: every declaration, its type and its article; the types
//!    of definitions and extension points (bodies of definitions are
//!    checked here, in dependency order); party scopes. What the rest of
//!    the check reads of it is the [`Scope`]: the same but without any
//!    position, so that an edit inside a body leaves it equal.
//! 2. [`check_item`]: one item (an article, a test, an implementation…)
//!    against the scope. It reads no other item, and no position outside
//!    its own: a label that must point into another item names the
//!    definition instead ([`PendingLabel`]), placed by phase 3.
//! 3. [`crate::finish`]: every item's result placed in the files, then what
//!    needs all of them (the graph and its cycles, unused names, one
//!    implementation per key, addressees, re-declarations).
//!
//! [`crate::check`] is their composition over whole files; `tiaoli-db` runs
//! them as salsa queries over items, each item in coordinates of its own.

use std::collections::HashMap;
use std::sync::Arc;

use tiaoli_diagnostics::Diagnostic;
use tiaoli_syntax::ast;
use tiaoli_text::{FileId, TextRange};

use crate::CheckPack;
use crate::defs::Def;
use crate::graph::Uses;
use crate::model::{Model, Symbol, SymbolId};

/// Declarations, types and structure: what checking an item may read.
/// Holds no position: `symbols`' spans, articles' spans and members' spans
/// are empty (they are in [`Declared`]), so it is equal before and after an
/// edit that changes no declaration.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    pub(crate) model: Model,
    /// Each extension point's factors (by name) and the enum its key is.
    pub(crate) extensions: HashMap<SymbolId, ExtensionSig>,
    /// Whether a definition or determination reads the facility (W007).
    pub(crate) reads_facility: HashMap<SymbolId, bool>,
}

impl PartialEq for Scope {
    /// A scope's model has no graph, references, resolutions or bearers
    /// (those come from items), so its symbols, packs and party scopes are
    /// all of it.
    fn eq(&self, other: &Self) -> bool {
        self.model.symbols == other.model.symbols
            && self.model.packs == other.model.packs
            && self.model.party_scopes == other.model.party_scopes
            && self.model.keys == other.model.keys
            && self.extensions == other.extensions
            && self.reads_facility == other.reads_facility
    }
}

impl Eq for Scope {}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct ExtensionSig {
    pub factors: Vec<String>,
    pub key_enum: Option<SymbolId>,
}

/// What phase 1 gives: the scope, and the same model with its positions,
/// with what declaring found (diagnostics, names resolved in declarations
/// and in definitions' bodies).
#[derive(Debug, Default)]
pub struct Declared {
    pub(crate) scope: Arc<Scope>,
    pub(crate) model: Model,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) pending: Vec<PendingLabel>,
    pub(crate) uses: Uses,
    /// Per file, the declarations in it: (whole span, symbol), by start.
    pub(crate) declared_in: HashMap<FileId, Vec<(TextRange, SymbolId)>>,
}

impl Declared {
    /// What checking an item reads (no positions).
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// The scope, shared.
    pub fn shared_scope(&self) -> Arc<Scope> {
        Arc::clone(&self.scope)
    }

    /// The declarations whose whole span lies in `range` of `file`: an
    /// item's own, which checking it looks up by span.
    pub fn own(&self, file: FileId, range: Option<TextRange>) -> Vec<(TextRange, SymbolId)> {
        let all = self.declared_in.get(&file).map_or(&[][..], Vec::as_slice);
        match range {
            None => all.to_vec(),
            Some(r) => {
                let from = all.partition_point(|(s, _)| s.start() < r.start());
                all[from..]
                    .iter()
                    .take_while(|(s, _)| s.start() < r.end().max(r.start() + 1))
                    .filter(|(s, _)| s.end() <= r.end())
                    .copied()
                    .collect()
            }
        }
    }
}

/// A label of a diagnostic that points at a definition in another item:
/// placed at the definition's declaration once every item is placed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PendingLabel {
    /// Index of the diagnostic in its result's list, and of the label.
    pub diagnostic: usize,
    pub label: usize,
    pub def: Def,
}

/// A penalty's addressee, its triggers' duties and its fines' parties,
/// checked once every duty's bearer is known (R012, R014).
#[derive(Clone, Debug)]
pub(crate) struct Addressed {
    pub penalty: SymbolId,
    pub file: FileId,
    pub addressee: SymbolId,
    pub addressee_span: TextRange,
    /// (duties a trigger names, where).
    pub triggers: Vec<(Vec<SymbolId>, TextRange)>,
    /// (party fined, where).
    pub fines: Vec<(SymbolId, TextRange)>,
}

/// What checking one item found, in the item's coordinates. Symbols it
/// declares itself (implementations) have ids from [`LOCAL_SYMBOLS`] up,
/// numbered in the model when the item is placed.
#[derive(Debug, Default)]
pub struct ItemResult {
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) pending: Vec<PendingLabel>,
    pub(crate) uses: Uses,
    /// (duty, its bearer).
    pub(crate) bearers: Vec<(SymbolId, SymbolId)>,
    pub(crate) addressed: Vec<Addressed>,
    /// (extension, file, keys) of each implementation.
    pub(crate) implementations: Vec<(SymbolId, FileId, Vec<ast::Ident>)>,
    pub(crate) symbols: Vec<Symbol>,
}

/// The first id of an item's own symbols, before they are numbered.
pub(crate) const LOCAL_SYMBOLS: u32 = 1 << 31;

/// Phase 1 over every pack.
pub fn declare(packs: &[CheckPack]) -> Declared {
    let mut cx = crate::collect::Collector::new(packs);
    cx.collect();
    let mut model = cx.model;
    let mut diagnostics = cx.diagnostics;
    let mut uses = Uses {
        occurrences: cx.occurrences,
        ..Uses::default()
    };
    let mut pending = Vec::new();
    let (extensions, reads_facility) = crate::signatures::Signatures::new(
        packs,
        &mut model,
        &mut diagnostics,
        &mut uses,
        &mut pending,
    )
    .run();
    let mut declared_in: HashMap<FileId, Vec<(TextRange, SymbolId)>> = HashMap::new();
    for (i, s) in model.symbols.iter().enumerate() {
        declared_in
            .entry(s.file)
            .or_default()
            .push((s.span, SymbolId(i as u32)));
    }
    for list in declared_in.values_mut() {
        list.sort_by_key(|(s, id)| (s.start(), s.end(), *id));
    }
    let scope = Arc::new(Scope {
        model: model.without_positions(),
        extensions,
        reads_facility,
    });
    Declared {
        scope,
        model,
        diagnostics,
        pending,
        uses,
        declared_in,
    }
}

/// Phase 2: one item of `pack` in `file`, with its own declarations
/// (`own`, from [`Declared::own`]).
pub fn check_item(
    scope: &Scope,
    pack: usize,
    file: FileId,
    item: &ast::Item,
    own: &[(TextRange, SymbolId)],
) -> ItemResult {
    let mut checker = crate::rules::RuleChecker::new(scope, own);
    checker.check_item(pack, file, item);
    checker.finish()
}

/// Pushes `d`, whose labels at the given indices point at the declarations
/// of the given definitions (in other items): placed by phase 3.
pub(crate) fn push_pointing(
    diagnostics: &mut Vec<Diagnostic>,
    pending: &mut Vec<PendingLabel>,
    d: Diagnostic,
    labels: &[(usize, Def)],
) {
    for &(label, def) in labels {
        pending.push(PendingLabel {
            diagnostic: diagnostics.len(),
            label,
            def,
        });
    }
    diagnostics.push(d);
}
