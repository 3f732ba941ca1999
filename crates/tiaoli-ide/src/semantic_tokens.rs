//! Semantic tokens: the token pass's kinds, refined by the checked model
//! where a name resolves (a fact, a rule, a variant …). A name the checker
//! could not resolve keeps its lexical kind.

use std::collections::HashMap;

use tiaoli_check::{Model, Ref, SymbolKind};
use tiaoli_db::{Cancellable, Database};
use tiaoli_syntax::tokens::{TokenKind, tokens};
use tiaoli_text::{FileId, TextRange};

/// What a token means, for highlighting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SemanticKind {
    Keyword,
    /// A built-in type (`bool`, `money` …), an enum or a record.
    Type,
    Fact,
    /// A record's field.
    Field,
    /// An enum's variant.
    Variant,
    Definition,
    Determination,
    /// An obligation, prohibition, penalty or exception.
    Rule,
    Extension,
    Party,
    Measure,
    /// A quantifier's variable, a name local to an implementation.
    Local,
    /// An article number: a citation (`art5.2`), `article 5`'s number.
    Article,
    /// A name that did not resolve.
    Name,
    String,
    Number,
    Date,
    Money,
    Comment,
    Operator,
}

/// The file's tokens with a meaning, in order; whitespace, punctuation
/// and stray characters are left out.
pub fn semantic_tokens(db: &Database, file: FileId) -> Cancellable<Vec<(TextRange, SemanticKind)>> {
    let Some(text) = db.text(file) else {
        return Ok(Vec::new());
    };
    let checked = db.checked()?;
    Ok(classify(&text, file, &checked.model))
}

pub(crate) fn classify(text: &str, file: FileId, model: &Model) -> Vec<(TextRange, SemanticKind)> {
    let names = declared_names(model, file);
    let pack = model
        .symbols
        .iter()
        .find(|s| s.file == file)
        .map(|s| s.pack);
    let mut out = Vec::new();
    // The last token that is neither blank nor a comment.
    let mut prev = "";
    for t in tokens(text) {
        let word = text.get(t.range.start()..t.range.end()).unwrap_or("");
        let known = names.get(&t.range).copied();
        let kind = match t.kind {
            TokenKind::Keyword if is_prim_type(word) && in_type_position(prev) => {
                Some(SemanticKind::Type)
            }
            TokenKind::Keyword => Some(known.unwrap_or(SemanticKind::Keyword)),
            TokenKind::Ident => Some(known.unwrap_or(match pack {
                Some(p) if is_type_name(model, p, word) => SemanticKind::Type,
                _ => SemanticKind::Name,
            })),
            TokenKind::Number => Some(known.unwrap_or(SemanticKind::Number)),
            TokenKind::Citation => Some(SemanticKind::Article),
            TokenKind::String => Some(SemanticKind::String),
            TokenKind::Date => Some(SemanticKind::Date),
            TokenKind::Money => Some(SemanticKind::Money),
            TokenKind::Comment => Some(SemanticKind::Comment),
            TokenKind::Operator => Some(SemanticKind::Operator),
            TokenKind::Punctuation | TokenKind::Whitespace | TokenKind::Unknown => None,
        };
        if let Some(kind) = kind {
            out.push((t.range, kind));
        }
        if !matches!(t.kind, TokenKind::Whitespace | TokenKind::Comment) {
            prev = word;
        }
    }
    out
}

/// `text` is a member keyword as well as a type: it is a type only where a
/// type is written.
fn is_prim_type(word: &str) -> bool {
    matches!(
        word,
        "bool" | "int" | "decimal" | "money" | "date" | "duration" | "text"
    )
}

fn in_type_position(prev: &str) -> bool {
    matches!(prev, ":" | "<" | "optional" | "returns")
}

fn is_type_name(model: &Model, pack: usize, word: &str) -> bool {
    model.packs.get(pack).is_some_and(|p| {
        p.deps.iter().chain([&pack]).any(|&q| {
            model
                .packs
                .get(q)
                .is_some_and(|m| m.types.contains_key(word))
        })
    })
}

/// Every name occurrence of the file the checker knows: declarations (of
/// symbols, fields, variants, article numbers) and resolved uses.
fn declared_names(model: &Model, file: FileId) -> HashMap<TextRange, SemanticKind> {
    let mut out = HashMap::new();
    for s in model.symbols.iter().filter(|s| s.file == file) {
        out.insert(s.name_span, symbol_kind(s.kind));
    }
    for p in &model.packs {
        for (id, members) in &p.members {
            let Some(owner) = model.symbols.get(id.0 as usize) else {
                continue;
            };
            if owner.file != file {
                continue;
            }
            let kind = if owner.kind == SymbolKind::Enum {
                SemanticKind::Variant
            } else {
                SemanticKind::Field
            };
            for (span, _) in members.values() {
                out.insert(*span, kind);
            }
        }
        for a in p.articles.values().filter(|a| a.file == file) {
            out.insert(a.number_span, SemanticKind::Article);
        }
    }
    for ((f, range), r) in &model.refs {
        if *f != file {
            continue;
        }
        let kind = match r {
            Ref::Fact(_) => SemanticKind::Fact,
            Ref::Value(id) => model
                .symbols
                .get(id.0 as usize)
                .map_or(SemanticKind::Definition, |s| symbol_kind(s.kind)),
            Ref::Local(_) => SemanticKind::Local,
            Ref::Field(..) => SemanticKind::Field,
            Ref::Variant(..) => SemanticKind::Variant,
            Ref::Rules(_) => SemanticKind::Rule,
            Ref::Extension(_) => SemanticKind::Extension,
            Ref::Party(_) => SemanticKind::Party,
        };
        out.insert(*range, kind);
    }
    out
}

fn symbol_kind(kind: SymbolKind) -> SemanticKind {
    match kind {
        SymbolKind::Fact => SemanticKind::Fact,
        SymbolKind::Enum | SymbolKind::Record => SemanticKind::Type,
        SymbolKind::Party => SemanticKind::Party,
        SymbolKind::Measure => SemanticKind::Measure,
        SymbolKind::Define => SemanticKind::Definition,
        SymbolKind::Determination => SemanticKind::Determination,
        SymbolKind::Obligation
        | SymbolKind::Prohibition
        | SymbolKind::Penalty
        | SymbolKind::Exception => SemanticKind::Rule,
        SymbolKind::Extension | SymbolKind::Implementation => SemanticKind::Extension,
        SymbolKind::Test => SemanticKind::String,
    }
}
