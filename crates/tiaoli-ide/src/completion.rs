//! Completion. The context comes from the text before the cursor (the
//! token pass over the current item: the member being typed rarely
//! parses), the candidates from the checked model of the last check.

mod context;
mod snippets;

use tiaoli_check::{Model, SymbolKind, Type};
use tiaoli_db::{Cancellable, Database};
use tiaoli_syntax::ast::Item;
use tiaoli_text::{FileId, TextRange};

use context::Context;

/// One proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    /// A fact's or field's type, an article's title, a symbol's kind.
    pub detail: Option<String>,
    pub insert_text: String,
    /// `insert_text` holds `$1`, `${1:name}` and `$0` placeholders.
    pub is_snippet: bool,
    /// What the proposal replaces: the word being typed (empty at a fresh
    /// position).
    pub range: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompletionKind {
    Fact,
    Field,
    Variant,
    Definition,
    Determination,
    Rule,
    Party,
    Measure,
    Type,
    Article,
    Keyword,
    Snippet,
}

/// The proposals at `offset` in `file`.
pub fn completions(db: &Database, file: FileId, offset: usize) -> Cancellable<Vec<Completion>> {
    let Some(text) = db.text(file) else {
        return Ok(Vec::new());
    };
    let Some(cx) = context::at(&text, offset) else {
        return Ok(Vec::new());
    };
    let checked = db.checked()?;
    let model = &checked.model;
    let pack = db.pack_of(file).filter(|&p| p < model.packs.len());
    let mut out = Vec::new();
    let mut push = |label: String, kind, detail: Option<String>, insert: String| {
        out.push(Completion {
            label,
            kind,
            detail,
            insert_text: insert,
            is_snippet: false,
            range: cx.range,
        });
    };
    match &cx.context {
        Context::Facts { with_equals } => {
            for (name, ty) in facts(model, pack) {
                let insert = if *with_equals {
                    format!("{name} = ")
                } else {
                    name.clone()
                };
                push(name, CompletionKind::Fact, Some(ty), insert);
            }
        }
        Context::FieldsOfFact(fact) => {
            let record = fact_type(model, pack, fact).and_then(|t| record_of(&t));
            for (name, ty) in record.map(|r| members(model, r)).unwrap_or_default() {
                push(name.clone(), CompletionKind::Field, Some(ty), name);
            }
        }
        Context::Variants { fact, dotted } => {
            let enums: Vec<tiaoli_check::SymbolId> = match fact
                .as_deref()
                .and_then(|f| fact_type(model, pack, f))
                .and_then(|t| enum_of(&t))
            {
                Some(e) => vec![e],
                None => symbols_of(model, pack, &[SymbolKind::Enum]),
            };
            for e in enums {
                let enum_name = model.symbols.get(e.0 as usize).map(|s| s.name.clone());
                for (name, _) in members(model, e) {
                    let name = if *dotted { name } else { format!(".{name}") };
                    push(
                        name.clone(),
                        CompletionKind::Variant,
                        enum_name.clone(),
                        name,
                    );
                }
            }
        }
        Context::Citation => {
            for (label, detail) in articles(db, model, pack)? {
                push(label.clone(), CompletionKind::Article, Some(detail), label);
            }
        }
        Context::RuleRef => {
            for (label, detail) in articles(db, model, pack)? {
                push(label.clone(), CompletionKind::Article, Some(detail), label);
            }
            values(model, pack, &mut push, true);
        }
        Context::Values => values(model, pack, &mut push, false),
        Context::Expression => {
            values(model, pack, &mut push, false);
            for k in [
                "facility", "as_of", "true", "false", "not", "if", "any", "all", "count", "sum",
            ] {
                push(k.to_owned(), CompletionKind::Keyword, None, k.to_owned());
            }
        }
        Context::Parties => {
            for id in symbols_of(model, pack, &[SymbolKind::Party]) {
                if let Some(s) = model.symbols.get(id.0 as usize) {
                    push(s.name.clone(), CompletionKind::Party, None, s.name.clone());
                }
            }
        }
        Context::Measures => {
            for id in symbols_of(model, pack, &[SymbolKind::Measure]) {
                if let Some(s) = model.symbols.get(id.0 as usize) {
                    push(
                        s.name.clone(),
                        CompletionKind::Measure,
                        None,
                        s.name.clone(),
                    );
                }
            }
        }
        Context::Types => {
            for t in [
                "bool", "int", "decimal", "money", "date", "duration", "text", "optional", "list",
            ] {
                push(t.to_owned(), CompletionKind::Type, None, t.to_owned());
            }
            for id in symbols_of(model, pack, &[SymbolKind::Enum, SymbolKind::Record]) {
                if let Some(s) = model.symbols.get(id.0 as usize) {
                    let kind = Some(s.kind.describe().to_owned());
                    push(s.name.clone(), CompletionKind::Type, kind, s.name.clone());
                }
            }
        }
        Context::Members { rule } => {
            for k in crate::grammar_keywords::member_keywords(rule) {
                push(k.clone(), CompletionKind::Keyword, None, k);
            }
            for s in snippets::for_block(rule) {
                out.push(Completion {
                    label: s.label.to_owned(),
                    kind: CompletionKind::Snippet,
                    detail: Some(s.detail.to_owned()),
                    insert_text: s.body.to_owned(),
                    is_snippet: true,
                    range: cx.range,
                });
            }
        }
    }
    Ok(out)
}

/// Facts visible from the pack, with their types, in declaration order.
fn facts(model: &Model, pack: Option<usize>) -> Vec<(String, String)> {
    let Some(pack) = pack else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = Vec::new();
    for p in model.visible_packs(pack) {
        let Some(pm) = model.packs.get(p) else {
            continue;
        };
        for (name, id) in &pm.facts {
            if out.iter().any(|(n, _)| n == name) {
                continue;
            }
            if let Some(s) = model.symbols.get(id.0 as usize) {
                out.push((name.clone(), s.ty.display(model).to_string()));
            }
        }
    }
    out
}

fn fact_type(model: &Model, pack: Option<usize>, name: &str) -> Option<Type> {
    let pack = pack?;
    model.visible_packs(pack).find_map(|p| {
        let id = model.packs.get(p)?.facts.get(name)?;
        Some(model.symbols.get(id.0 as usize)?.ty.clone())
    })
}

/// The record a value of this type holds (through `optional` and `list`).
fn record_of(ty: &Type) -> Option<tiaoli_check::SymbolId> {
    match ty {
        Type::Record(id) => Some(*id),
        Type::List(t) | Type::Optional(t) => record_of(t),
        _ => None,
    }
}

fn enum_of(ty: &Type) -> Option<tiaoli_check::SymbolId> {
    match ty {
        Type::Enum(id) => Some(*id),
        Type::List(t) | Type::Optional(t) => enum_of(t),
        _ => None,
    }
}

/// An enum's variants or a record's fields, with their types.
fn members(model: &Model, id: tiaoli_check::SymbolId) -> Vec<(String, String)> {
    let Some(owner) = model.symbols.get(id.0 as usize) else {
        return Vec::new();
    };
    let Some(members) = model.packs.get(owner.pack).and_then(|p| p.members.get(&id)) else {
        return Vec::new();
    };
    members
        .iter()
        .map(|(name, (_, ty))| (name.clone(), ty.display(model).to_string()))
        .collect()
}

fn symbols_of(
    model: &Model,
    pack: Option<usize>,
    kinds: &[SymbolKind],
) -> Vec<tiaoli_check::SymbolId> {
    let Some(pack) = pack else {
        return Vec::new();
    };
    let visible: Vec<usize> = model.visible_packs(pack).collect();
    model
        .symbols
        .iter()
        .enumerate()
        .filter(|(_, s)| visible.contains(&s.pack) && kinds.contains(&s.kind))
        .map(|(i, _)| tiaoli_check::SymbolId(i as u32))
        .collect()
}

/// Definitions, determinations and rules (`rules_only`: the rules).
fn values(
    model: &Model,
    pack: Option<usize>,
    push: &mut impl FnMut(String, CompletionKind, Option<String>, String),
    rules_only: bool,
) {
    let Some(pack) = pack else {
        return;
    };
    let mut seen = std::collections::HashSet::new();
    for p in model.visible_packs(pack) {
        let Some(pm) = model.packs.get(p) else {
            continue;
        };
        for (name, id) in &pm.values {
            let Some(s) = model.symbols.get(id.0 as usize) else {
                continue;
            };
            let kind = match s.kind {
                SymbolKind::Define => CompletionKind::Definition,
                SymbolKind::Determination => CompletionKind::Determination,
                SymbolKind::Extension => CompletionKind::Definition,
                _ => CompletionKind::Rule,
            };
            if rules_only && kind != CompletionKind::Rule {
                continue;
            }
            // A dependency's name that this pack (or an earlier
            // dependency) also declares is written qualified.
            let label = if seen.insert(name.clone()) {
                name.clone()
            } else {
                format!("{}::{name}", pm.ident)
            };
            let mut detail = s.kind.describe().to_owned();
            if s.kind == SymbolKind::Extension {
                // An extension point is called: `drill_interval()`.
                push(label.clone(), kind, Some(detail), format!("{label}()"));
                continue;
            }
            if let Some(a) = s.article {
                detail = format!("{detail}, art. {a}");
            }
            push(label.clone(), kind, Some(detail), label);
        }
    }
}

/// `art5`, `art5.2`, `art5.2.1` for every article of the pack, each with
/// the article's title.
fn articles(
    db: &Database,
    model: &Model,
    pack: Option<usize>,
) -> Cancellable<Vec<(String, String)>> {
    let Some(pm) = pack.and_then(|p| model.packs.get(p)) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (&n, info) in &pm.articles {
        let parse = db.parse(info.file)?;
        let title = parse
            .file
            .items
            .iter()
            .find_map(|i| match i {
                Item::Article(a) if a.number.value == n => a.title(),
                _ => None,
            })
            .map(|t| {
                let zh = t.zh.as_ref().map_or("", |s| s.value.as_str());
                let en = t.en.as_ref().map_or("", |s| s.value.as_str());
                match (zh.is_empty(), en.is_empty()) {
                    (false, false) => format!("{zh} / {en}"),
                    (false, true) => zh.to_owned(),
                    _ => en.to_owned(),
                }
            })
            .unwrap_or_default();
        out.push((format!("art{n}"), title.clone()));
        for (&para, items) in &info.paras {
            if info.paras.len() > 1 || !items.is_empty() {
                out.push((format!("art{n}.{para}"), format!("{title} (para {para})")));
            }
            for item in items {
                out.push((
                    format!("art{n}.{para}.{item}"),
                    format!("{title} (para {para}, item {item})"),
                ));
            }
        }
    }
    Ok(out)
}
