//! Semantic tokens: the token pass's kinds, refined by the checker's
//! resolution table where a name resolves (a fact, a rule, a variant …),
//! so a name is highlighted as what goto would take it to. A name the
//! checker could not resolve keeps its lexical kind.

use std::collections::HashMap;

use tiaoli_check::{Def, Model, SymbolKind};
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
    /// A record's field, an extension point's factor.
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
    /// An article or chapter number: a citation (`art5.2`), `article 5`'s
    /// number, `chapter 2`'s.
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
    let names = resolved_names(model, file);
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
            TokenKind::Ident => Some(known.unwrap_or(SemanticKind::Name)),
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

/// Every name of the file the checker resolved (declarations included),
/// classified by what it resolves to: the resolution table that goto,
/// references, rename and hover read.
fn resolved_names(model: &Model, file: FileId) -> HashMap<TextRange, SemanticKind> {
    model
        .resolutions
        .in_file(file)
        .iter()
        .filter_map(|o| Some((o.range, def_kind(model, &o.def)?)))
        .collect()
}

fn def_kind(model: &Model, def: &Def) -> Option<SemanticKind> {
    Some(match def {
        Def::Symbol(id) => symbol_kind(model.get(*id)?.kind),
        Def::Field { .. } | Def::Factor { .. } => SemanticKind::Field,
        Def::Variant { .. } => SemanticKind::Variant,
        Def::Local { .. } => SemanticKind::Local,
        Def::Article { .. } | Def::Paragraph { .. } | Def::Item { .. } | Def::Chapter { .. } => {
            SemanticKind::Article
        }
        // A qualifier keeps its lexical kind.
        Def::Pack(_) => return None,
    })
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
