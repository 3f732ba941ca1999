//! What the name (or citation, or article number) at an offset means:
//! the one question hover, navigation and rename ask first.

use tiaoli_check::{Model, Ref, SymbolId};
use tiaoli_syntax::ast::{self, Citation, Given, Item, TypeExpr};
use tiaoli_text::{FileId, TextRange};

use crate::cited::cited_pack;
use crate::visit::each_citation;
use crate::world::World;

/// A thing a position can mean.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// An article (paragraph, item) of a pack.
    Provision {
        pack: usize,
        article: u32,
        para: Option<u32>,
        item: Option<u32>,
    },
    Chapter {
        pack: usize,
        number: u32,
    },
    Symbol(SymbolId),
    /// A variant of an enum or a field of a record, by position.
    Member(SymbolId, usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    /// The text at the offset that names the target.
    pub range: TextRange,
    pub target: Target,
}

pub(crate) fn at_offset(world: &dyn World, file: FileId, offset: usize) -> Option<Found> {
    let pack = world.pack_of(file)?;
    let checked = world.checked();
    let model = &checked.model;
    let parse = world.parse(file);
    citation_at(model, pack, &parse.file, offset)
        .or_else(|| article_number_at(pack, &parse.file, offset))
        .or_else(|| resolved_at(model, file, offset))
        .or_else(|| declared_at(model, file, offset))
        .or_else(|| syntactic_at(model, pack, &parse.file, offset))
}

/// Inclusive of the end: a cursor just after a name is on it.
fn touches(range: TextRange, offset: usize) -> bool {
    range.start() <= offset && offset <= range.end()
}

fn citation_at(model: &Model, pack: usize, file: &ast::SourceFile, offset: usize) -> Option<Found> {
    let mut hit: Option<&Citation> = None;
    each_citation(file, &mut |c| {
        if hit.is_none() && touches(c.span, offset) {
            hit = Some(c);
        }
    });
    let c = hit?;
    Some(Found {
        range: c.span,
        target: Target::Provision {
            pack: cited_pack(model, pack, c)?,
            article: c.article,
            para: c.para,
            item: c.item,
        },
    })
}

fn article_number_at(pack: usize, file: &ast::SourceFile, offset: usize) -> Option<Found> {
    file.items.iter().find_map(|item| match item {
        Item::Chapter(c) if touches(c.number.span, offset) => Some(Found {
            range: c.number.span,
            target: Target::Chapter {
                pack,
                number: c.number.value,
            },
        }),
        Item::Article(a) if touches(a.number.span, offset) => Some(Found {
            range: a.number.span,
            target: Target::Provision {
                pack,
                article: a.number.value,
                para: None,
                item: None,
            },
        }),
        _ => None,
    })
}

/// A use the checker resolved (the smallest range holding the offset).
fn resolved_at(model: &Model, file: FileId, offset: usize) -> Option<Found> {
    let (range, r) = model
        .refs
        .iter()
        .filter(|((f, range), _)| *f == file && touches(*range, offset))
        .min_by_key(|((_, range), _)| (range.len(), range.start()))
        .map(|((_, range), r)| (*range, r))?;
    let target = match r {
        Ref::Fact(id) | Ref::Value(id) | Ref::Extension(id) | Ref::Party(id) => Target::Symbol(*id),
        Ref::Rules(ids) if ids.len() == 1 => Target::Symbol(ids[0]),
        Ref::Field(id, i) | Ref::Variant(id, i) => Target::Member(*id, *i),
        Ref::Rules(_) | Ref::Local(_) => return None,
    };
    Some(Found { range, target })
}

/// A declaration's name, or an enum variant's or record field's.
fn declared_at(model: &Model, file: FileId, offset: usize) -> Option<Found> {
    for (i, s) in model.symbols.iter().enumerate() {
        if s.file != file {
            continue;
        }
        let id = SymbolId(i as u32);
        if touches(s.name_span, offset) {
            return Some(Found {
                range: s.name_span,
                target: Target::Symbol(id),
            });
        }
        if let Some(members) = model.packs.get(s.pack).and_then(|p| p.members.get(&id)) {
            for (k, (_, (span, _))) in members.iter().enumerate() {
                if touches(*span, offset) && s.span.contains(span.start()) {
                    return Some(Found {
                        range: *span,
                        target: Target::Member(id, k),
                    });
                }
            }
        }
    }
    None
}

/// Names the checker resolves without recording a use: type names in
/// declarations, measures, and pack tests' `given` keys (facility keys).
fn syntactic_at(
    model: &Model,
    pack: usize,
    file: &ast::SourceFile,
    offset: usize,
) -> Option<Found> {
    for item in &file.items {
        if !item.span().contains(offset) {
            continue;
        }
        let found = match item {
            Item::Fact(f) => type_at(model, pack, &f.ty, offset),
            Item::Record(r) => r
                .fields
                .iter()
                .find_map(|f| type_at(model, pack, &f.ty, offset)),
            Item::Define(d) => d.ty.as_ref().and_then(|t| type_at(model, pack, t, offset)),
            Item::Article(a) => a.rules().find_map(|r| match r {
                ast::Rule::Penalty(p) => p
                    .measures
                    .iter()
                    .find_map(|m| named(model, pack, m, offset, |p, n| p.measures.get(n).copied())),
                ast::Rule::Define(d) => d.ty.as_ref().and_then(|t| type_at(model, pack, t, offset)),
                ast::Rule::Extension(x) => x
                    .returns
                    .as_ref()
                    .and_then(|t| type_at(model, pack, t, offset)),
                _ => None,
            }),
            Item::Test(t) => match &t.given {
                Some(Given::Inline { facts, .. }) => given_key_at(model, pack, facts, offset),
                _ => None,
            },
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

fn type_at(model: &Model, pack: usize, ty: &TypeExpr, offset: usize) -> Option<Found> {
    match ty {
        TypeExpr::Named(p) => named(model, pack, p, offset, |p, n| p.types.get(n).copied()),
        TypeExpr::List(t, _) | TypeExpr::Optional(t, _) => type_at(model, pack, t, offset),
        TypeExpr::Prim(..) => None,
    }
}

/// `name` or `pack::name` in one of the namespaces of the visible packs.
fn named(
    model: &Model,
    pack: usize,
    path: &ast::PathName,
    offset: usize,
    ns: fn(&tiaoli_check::PackModel, &str) -> Option<SymbolId>,
) -> Option<Found> {
    if !touches(path.name.span, offset) {
        return None;
    }
    let packs: Vec<usize> = match &path.pack {
        Some(q) => vec![model.pack_by_ident(pack, &q.name)?],
        None => model.visible_packs(pack).collect(),
    };
    let id = packs
        .into_iter()
        .find_map(|p| model.packs.get(p).and_then(|p| ns(p, &path.name.name)))?;
    Some(Found {
        range: path.name.span,
        target: Target::Symbol(id),
    })
}

/// A `given` key is a facility key: the fact of that name seen from the
/// pack (a record's keys are its fields, left to the checker).
fn given_key_at(
    model: &Model,
    pack: usize,
    facts: &[ast::FactValue],
    offset: usize,
) -> Option<Found> {
    let v = facts.iter().find(|v| touches(v.name.span, offset))?;
    let id = model
        .visible_packs(pack)
        .find_map(|p| model.packs.get(p).and_then(|p| p.facts.get(&v.name.name)))?;
    Some(Found {
        range: v.name.span,
        target: Target::Symbol(*id),
    })
}
