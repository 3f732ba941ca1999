//! What a name can mean ([`Def`]), and keys for symbols that survive an
//! edit ([`DefKey`]).
//!
//! A [`SymbolId`] is a symbol's position in one check's traversal, so a
//! declaration added above renumbers everything after it. A [`DefKey`] is
//! built from what the declaration says (its pack, namespace and name), so
//! it changes only when the set of declarations does; the database keys
//! per-definition results by it.

use tiaoli_text::{FileId, TextRange};

use crate::model::{SymbolId, SymbolKind};

/// The namespaces of a pack. Facts, types, parties, measures and values
/// are the language's; implementations and tests have no names of their
/// own, so they get one each to keep their keys apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Namespace {
    Facts,
    Types,
    Parties,
    Measures,
    /// Definitions, determinations, obligations, prohibitions, penalties,
    /// extension points and exceptions.
    Values,
    Implementations,
    Tests,
}

impl Namespace {
    pub fn of(kind: SymbolKind) -> Self {
        match kind {
            SymbolKind::Fact => Namespace::Facts,
            SymbolKind::Enum | SymbolKind::Record => Namespace::Types,
            SymbolKind::Party => Namespace::Parties,
            SymbolKind::Measure => Namespace::Measures,
            SymbolKind::Define
            | SymbolKind::Determination
            | SymbolKind::Obligation
            | SymbolKind::Prohibition
            | SymbolKind::Penalty
            | SymbolKind::Extension
            | SymbolKind::Exception => Namespace::Values,
            SymbolKind::Implementation => Namespace::Implementations,
            SymbolKind::Test => Namespace::Tests,
        }
    }
}

/// A symbol's identity across edits: equal in two checks of two versions
/// of the text as long as neither adds, removes or renames a declaration
/// of that pack, namespace and name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DefKey {
    /// The pack's identifier as written in paths (`decree_745`).
    pub pack: String,
    pub ns: Namespace,
    /// The declared name (an implementation's is `ext for .a, .b`).
    pub name: String,
    /// How many declarations of the same pack, namespace and name come
    /// before this one (0 but for a duplicate, which is reported).
    pub disambiguator: u32,
}

/// Everything a name in a pack can mean: the target of goto, the subject
/// of hover, the thing a rename renames.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Def {
    /// A fact, type, party, measure, definition, determination, rule,
    /// extension point or implementation.
    Symbol(SymbolId),
    /// A field of a record, by index in its declaration.
    Field {
        record: SymbolId,
        index: u32,
    },
    /// A variant of an enum, by index in its declaration.
    Variant {
        enum_id: SymbolId,
        index: u32,
    },
    /// A factor an extension point declares: implementations define it
    /// (`factor x = …`) and their `decide` reads it.
    Factor {
        extension: SymbolId,
        index: u32,
    },
    /// A quantifier's variable or an implementation's `define`, by where
    /// it is declared.
    Local {
        file: FileId,
        decl: TextRange,
    },
    Article {
        pack: usize,
        article: u32,
    },
    Paragraph {
        pack: usize,
        article: u32,
        para: u32,
    },
    Item {
        pack: usize,
        article: u32,
        para: u32,
        item: u32,
    },
    Chapter {
        pack: usize,
        chapter: u32,
    },
    /// A pack, as a qualifier (`decree_745::…`). Declared by its manifest,
    /// which the checker does not see.
    Pack(usize),
}

/// Whether an occurrence declares its definition or refers to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Declaration,
    Use,
}

/// One name in the text and what it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub file: FileId,
    /// The name only: the field of `facility.x`, the identifier after a
    /// pack qualifier, the variant without its dot, a citation without its
    /// pack.
    pub range: TextRange,
    pub def: Def,
    pub role: Role,
}

impl Occurrence {
    pub(crate) fn new(file: FileId, range: TextRange, def: Def, role: Role) -> Self {
        Self {
            file,
            range,
            def,
            role,
        }
    }
}

/// Occurrences as the checker finds them.
pub(crate) type Sink = Vec<Occurrence>;

pub(crate) fn declared(sink: &mut Sink, file: FileId, range: TextRange, def: Def) {
    sink.push(Occurrence::new(file, range, def, Role::Declaration));
}

pub(crate) fn used(sink: &mut Sink, file: FileId, range: TextRange, def: Def) {
    sink.push(Occurrence::new(file, range, def, Role::Use));
}
