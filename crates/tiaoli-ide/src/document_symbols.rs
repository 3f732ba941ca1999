//! The outline of one file: chapters → articles → the rules they own;
//! facts, types, parties, measures, definitions, implementations and tests
//! at the top level. Built from the syntax tree, so a file with errors
//! still has an outline of what parsed; the model only says which chapter
//! an article is in (chapters are declared in another file).

use tiaoli_db::{Cancellable, Database};
use tiaoli_syntax::ast::{self, ArticleMember, Item, Labels, Rule};
use tiaoli_text::{FileId, TextRange};

use crate::pack_ast;
use crate::world::World;

/// One entry of the outline. `range` covers the whole declaration,
/// `selection` its name (or number); both are byte ranges in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSymbol {
    pub name: String,
    /// The titles, Chinese then English, where the declaration has them.
    pub detail: Option<String>,
    pub kind: SymbolKind,
    pub range: TextRange,
    pub selection: TextRange,
    pub children: Vec<DocumentSymbol>,
}

/// What an outline entry declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    Chapter,
    Article,
    Fact,
    Enum,
    Variant,
    Record,
    Field,
    Party,
    Measure,
    Definition,
    Determination,
    Obligation,
    Prohibition,
    Penalty,
    Extension,
    Exception,
    Implementation,
    Test,
}

pub(crate) fn document_symbols_in(world: &dyn World, file: FileId) -> Vec<DocumentSymbol> {
    let parse = world.parse(file);
    let pack = world.pack_of(file);
    let mut out: Vec<DocumentSymbol> = Vec::new();
    // Articles are grouped under their chapter's entry (keyed by chapter
    // number): the chapter's declaration when it is in this file, else an
    // entry of its own covering them (its selection empty).
    let mut groups: Vec<(u32, usize)> = Vec::new();
    for item in &parse.file.items {
        let symbol = item_symbol(item);
        if let Item::Chapter(c) = item {
            // The chapter's own entry holds its articles of this file.
            match groups.iter().find(|(n, _)| *n == c.number.value) {
                Some(&(_, at)) => {
                    let children = std::mem::take(&mut out[at].children);
                    let range = out[at].range.cover(symbol.range);
                    out[at] = DocumentSymbol {
                        range,
                        children,
                        ..symbol
                    };
                }
                None => {
                    out.push(symbol);
                    groups.push((c.number.value, out.len() - 1));
                }
            }
            continue;
        }
        let chapter = match item {
            Item::Article(a) => pack.and_then(|p| chapter_number(world, p, a.number.value)),
            _ => None,
        };
        match (chapter, pack) {
            (Some(n), Some(p)) => {
                let at = match groups.iter().find(|(c, _)| *c == n) {
                    Some(&(_, at)) => at,
                    None => {
                        out.push(chapter_group(world, p, n, symbol.range));
                        groups.push((n, out.len() - 1));
                        out.len() - 1
                    }
                };
                let group = &mut out[at];
                group.range = group.range.cover(symbol.range);
                group.children.push(symbol);
            }
            _ => out.push(symbol),
        }
    }
    out
}

fn chapter_number(world: &dyn World, pack: usize, article: u32) -> Option<u32> {
    let checked = world.checked();
    checked
        .model
        .packs
        .get(pack)?
        .articles
        .get(&article)?
        .chapter
}

/// A chapter entry for articles of this file; its selection is the start
/// of its first article (the chapter's own declaration is elsewhere).
fn chapter_group(world: &dyn World, pack: usize, number: u32, first: TextRange) -> DocumentSymbol {
    let title = pack_ast::chapter(world, pack, number).and_then(|(_, c)| c.title);
    DocumentSymbol {
        name: titled(format!("chapter {number}"), title.as_ref()),
        detail: en(title.as_ref()),
        kind: SymbolKind::Chapter,
        range: first,
        selection: TextRange::empty(first.start()),
        children: Vec::new(),
    }
}

fn item_symbol(item: &Item) -> DocumentSymbol {
    match item {
        Item::Chapter(c) => node(
            titled(format!("chapter {}", c.number.value), c.title.as_ref()),
            en(c.title.as_ref()),
            SymbolKind::Chapter,
            c.span,
            c.number.span,
        ),
        Item::Article(a) => {
            let mut s = node(
                titled(format!("article {}", a.number.value), a.title()),
                en(a.title()),
                SymbolKind::Article,
                a.span,
                a.number.span,
            );
            s.children = a
                .members
                .iter()
                .filter_map(|m| match m {
                    ArticleMember::Rule(r) => Some(rule_symbol(r)),
                    _ => None,
                })
                .collect();
            s
        }
        Item::Fact(f) => labelled(&f.name, Some(&f.labels), SymbolKind::Fact, f.span),
        Item::Enum(e) => {
            let mut s = labelled(&e.name, e.title.as_ref(), SymbolKind::Enum, e.span);
            s.children = e
                .variants
                .iter()
                .map(|v| labelled(&v.name, Some(&v.labels), SymbolKind::Variant, v.span))
                .collect();
            s
        }
        Item::Record(r) => {
            let mut s = labelled(&r.name, r.title.as_ref(), SymbolKind::Record, r.span);
            s.children = r
                .fields
                .iter()
                .map(|f| labelled(&f.name, Some(&f.labels), SymbolKind::Field, f.span))
                .collect();
            s
        }
        Item::Party(p) => labelled(&p.name, Some(&p.labels), SymbolKind::Party, p.span),
        Item::Measure(m) => labelled(&m.name, Some(&m.labels), SymbolKind::Measure, m.span),
        Item::Define(d) => labelled(&d.name, None, SymbolKind::Definition, d.span),
        Item::Determination(d) => {
            labelled(&d.name, d.title.as_ref(), SymbolKind::Determination, d.span)
        }
        Item::Implement(i) => {
            let keys: Vec<String> = i.keys.iter().map(|k| format!(".{}", k.name)).collect();
            let mut s = node(
                format!(
                    "implement {} for {}",
                    i.extension.display(),
                    keys.join(", ")
                ),
                pack_ast::both(i.title.as_ref()),
                SymbolKind::Implementation,
                i.span,
                i.extension.span,
            );
            s.children = i
                .defines
                .iter()
                .map(|d| labelled(&d.name, None, SymbolKind::Definition, d.span))
                .collect();
            s
        }
        Item::Test(t) => node(
            t.name.value.clone(),
            None,
            SymbolKind::Test,
            t.span,
            t.name.span,
        ),
    }
}

fn rule_symbol(rule: &Rule) -> DocumentSymbol {
    let (kind, title) = match rule {
        Rule::Duty(d) => (
            match d.kind {
                ast::DutyKind::Obligation => SymbolKind::Obligation,
                ast::DutyKind::Prohibition => SymbolKind::Prohibition,
            },
            d.title.as_ref(),
        ),
        Rule::Penalty(p) => (SymbolKind::Penalty, p.title.as_ref()),
        Rule::Define(_) => (SymbolKind::Definition, None),
        Rule::Determination(d) => (SymbolKind::Determination, d.title.as_ref()),
        Rule::Extension(e) => (SymbolKind::Extension, e.title.as_ref()),
        Rule::Exception(e) => (SymbolKind::Exception, e.title.as_ref()),
    };
    labelled(rule.name(), title, kind, rule.span())
}

fn labelled(
    name: &ast::Ident,
    labels: Option<&Labels>,
    kind: SymbolKind,
    span: TextRange,
) -> DocumentSymbol {
    node(
        name.name.clone(),
        pack_ast::both(labels),
        kind,
        span,
        name.span,
    )
}

fn node(
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    range: TextRange,
    selection: TextRange,
) -> DocumentSymbol {
    DocumentSymbol {
        name,
        detail,
        kind,
        range,
        selection,
        children: Vec::new(),
    }
}

/// `article 12 同步规划建设使用`: the number and the Chinese title.
fn titled(head: String, title: Option<&Labels>) -> String {
    match title.and_then(|t| t.get(ast::Lang::Zh)) {
        Some(zh) => format!("{head} {zh}"),
        None => head,
    }
}

fn en(title: Option<&Labels>) -> Option<String> {
    title.and_then(|t| t.get(ast::Lang::En)).map(str::to_owned)
}

/// The outline of `file`.
pub fn document_symbols(db: &Database, file: FileId) -> Cancellable<Vec<DocumentSymbol>> {
    crate::snapshot::run(db, |world| document_symbols_in(world, file))
}
