//! Positions in what the checker produces: removed for a [`Scope`]'s model
//! (so that it compares equal across edits that move text), and moved from
//! the coordinates items were checked in to their files'.
//!
//! [`Scope`]: crate::Scope

use tiaoli_text::{FileId, TextRange};

use crate::defs::{Def, Occurrence};
use crate::graph::{Edge, Uses};
use crate::model::SymbolId;
use crate::model::{ArticleInfo, Model, PackModel, Symbol};
use crate::scope::{Addressed, LOCAL_SYMBOLS};

/// Where something checked in `file` at `range` is: the file it is in, and
/// the range there.
pub type Place<'a> = &'a dyn Fn(FileId, TextRange) -> (FileId, TextRange);

impl Model {
    /// The declarations, types and structure without a position: every
    /// span empty, and nothing that only checking bodies fills (the graph,
    /// references, resolutions, bearers).
    pub(crate) fn without_positions(&self) -> Model {
        let none = TextRange::default();
        Model {
            symbols: self
                .symbols
                .iter()
                .map(|s| Symbol {
                    name_span: none,
                    span: none,
                    ..s.clone()
                })
                .collect(),
            packs: self
                .packs
                .iter()
                .map(|p| PackModel {
                    articles: p
                        .articles
                        .iter()
                        .map(|(n, a)| {
                            let a = ArticleInfo {
                                span: none,
                                number_span: none,
                                ..a.clone()
                            };
                            (*n, a)
                        })
                        .collect(),
                    members: p
                        .members
                        .iter()
                        .map(|(id, m)| {
                            let m = m.iter().map(|(k, (_, t))| (k.clone(), (none, t.clone())));
                            (*id, m.collect())
                        })
                        .collect(),
                    ..p.clone()
                })
                .collect(),
            party_scopes: self.party_scopes.clone(),
            keys: self.keys.clone(),
            by_key: self.by_key.clone(),
            ..Model::default()
        }
    }

    /// Moves every position of the declarations with `place`. Members are
    /// in the file of the enum or record that declares them.
    pub(crate) fn place(&mut self, place: Place<'_>) {
        for p in &mut self.packs {
            for a in p.articles.values_mut() {
                let file = a.file;
                (a.file, a.span) = place(file, a.span);
                a.number_span = place(file, a.number_span).1;
            }
            for (id, members) in &mut p.members {
                let Some(file) = self.symbols.get(id.0 as usize).map(|s| s.file) else {
                    continue;
                };
                for (span, _) in members.values_mut() {
                    *span = place(file, *span).1;
                }
            }
        }
        for s in &mut self.symbols {
            place_symbol(s, place);
        }
    }
}

pub(crate) fn place_symbol(s: &mut Symbol, place: Place<'_>) {
    let file = s.file;
    (s.file, s.span) = place(file, s.span);
    s.name_span = place(file, s.name_span).1;
}

pub(crate) fn place_occurrence(o: &mut Occurrence, place: Place<'_>) {
    (o.file, o.range) = place(o.file, o.range);
    place_def(&mut o.def, place);
}

pub(crate) fn place_def(def: &mut Def, place: Place<'_>) {
    if let Def::Local { file, decl } = def {
        (*file, *decl) = place(*file, *decl);
    }
}

impl Uses {
    /// Adds what `found` holds, placed, with an item's own symbols (ids
    /// from [`LOCAL_SYMBOLS`] up) given their ids in the model (`local`).
    pub(crate) fn append_placed(&mut self, found: &Uses, local: &[SymbolId], place: Place<'_>) {
        let number = |id: SymbolId| {
            id.0.checked_sub(LOCAL_SYMBOLS)
                .and_then(|k| local.get(k as usize).copied())
                .unwrap_or(id)
        };
        self.edges
            .extend(found.edges.iter().map(|&(from, to, edge)| {
                let (file, span) = place(edge.file, edge.span);
                (number(from), number(to), Edge { file, span })
            }));
        self.used.extend(found.used.iter().map(|&id| number(id)));
        self.refs.extend(
            found
                .refs
                .iter()
                .map(|(&(file, span), r)| (place(file, span), r.clone())),
        );
        self.occurrences.extend(found.occurrences.iter().map(|o| {
            let mut o = *o;
            place_occurrence(&mut o, place);
            o
        }));
    }
}

impl Addressed {
    pub(crate) fn place(&mut self, place: Place<'_>) {
        let file = self.file;
        (self.file, self.addressee_span) = place(file, self.addressee_span);
        for (_, span) in &mut self.triggers {
            *span = place(file, *span).1;
        }
        for (_, span) in &mut self.fines {
            *span = place(file, *span).1;
        }
    }
}
