//! Positions in what the checker produces: removed for a [`Scope`]'s model
//! (so that it compares equal across edits that move text), and moved from
//! the coordinates items were checked in to their files'.
//!
//! [`Scope`]: crate::Scope

use tiaoli_text::{FileId, TextRange};

use crate::defs::{Def, Occurrence};
use crate::graph::Uses;
use crate::model::{ArticleInfo, Model, PackModel, Symbol};
use crate::scope::Addressed;

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
    pub(crate) fn place(&mut self, place: Place<'_>) {
        for (_, _, edge) in &mut self.edges {
            (edge.file, edge.span) = place(edge.file, edge.span);
        }
        self.refs = std::mem::take(&mut self.refs)
            .into_iter()
            .map(|((file, span), r)| (place(file, span), r))
            .collect();
        for o in &mut self.occurrences {
            place_occurrence(o, place);
        }
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
