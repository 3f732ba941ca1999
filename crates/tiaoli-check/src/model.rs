use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use tiaoli_text::{FileId, TextRange};

use crate::defs::{Def, DefKey, Namespace, Occurrence};
use crate::graph::RuleGraph;
use crate::resolution::Resolutions;
use crate::types::Type;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SymbolId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    Fact,
    Enum,
    Record,
    Party,
    Measure,
    Define,
    Determination,
    Obligation,
    Prohibition,
    Penalty,
    Extension,
    Exception,
    Implementation,
    Test,
}

impl SymbolKind {
    pub fn describe(self) -> &'static str {
        match self {
            SymbolKind::Fact => "fact",
            SymbolKind::Enum => "enum",
            SymbolKind::Record => "record",
            SymbolKind::Party => "party",
            SymbolKind::Measure => "measure",
            SymbolKind::Define => "definition",
            SymbolKind::Determination => "determination",
            SymbolKind::Obligation => "obligation",
            SymbolKind::Prohibition => "prohibition",
            SymbolKind::Penalty => "penalty",
            SymbolKind::Extension => "extension point",
            SymbolKind::Exception => "exception",
            SymbolKind::Implementation => "implementation",
            SymbolKind::Test => "test",
        }
    }

    /// [`describe`](Self::describe) in Chinese, for diagnostics.
    pub fn describe_zh(self) -> &'static str {
        match self {
            SymbolKind::Fact => "事实",
            SymbolKind::Enum => "枚举",
            SymbolKind::Record => "记录",
            SymbolKind::Party => "主体",
            SymbolKind::Measure => "措施",
            SymbolKind::Define => "定义",
            SymbolKind::Determination => "判定",
            SymbolKind::Obligation => "义务",
            SymbolKind::Prohibition => "禁止性规定",
            SymbolKind::Penalty => "处罚",
            SymbolKind::Extension => "扩展点",
            SymbolKind::Exception => "例外",
            SymbolKind::Implementation => "实现",
            SymbolKind::Test => "测试",
        }
    }

    /// What reports, coverage and diffs count as a pack's rules: its
    /// definitions, determinations, duties, penalties, extension points,
    /// exceptions and implementations (not its schema: facts, types,
    /// parties, measures; not its tests).
    pub fn is_rule(self) -> bool {
        matches!(
            self,
            SymbolKind::Define
                | SymbolKind::Determination
                | SymbolKind::Obligation
                | SymbolKind::Prohibition
                | SymbolKind::Penalty
                | SymbolKind::Extension
                | SymbolKind::Exception
                | SymbolKind::Implementation
        )
    }

    /// Obligations and prohibitions: the rules that can be violated.
    pub fn is_duty(self) -> bool {
        matches!(self, SymbolKind::Obligation | SymbolKind::Prohibition)
    }
}

/// Something declared in a pack.
#[derive(Clone, Debug, PartialEq)]
pub struct Symbol {
    pub name: String,
    pub pack: usize,
    pub kind: SymbolKind,
    pub file: FileId,
    /// The name where it is declared.
    pub name_span: TextRange,
    /// The whole declaration.
    pub span: TextRange,
    /// The article that owns it, if any.
    pub article: Option<u32>,
    /// Facts, fields, definitions: their value type; enums/records: themselves.
    pub ty: Type,
    /// `meta fact`: exempt from the unused-fact lint.
    pub meta: bool,
    /// Already reported (a duplicate name, a body that did not parse):
    /// resolvable, but never linted.
    pub quiet: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ArticleInfo {
    pub file: FileId,
    pub span: TextRange,
    pub number_span: TextRange,
    /// Paragraph number → its item numbers. An article with text directly
    /// on it has paragraph 1 with no items.
    pub paras: BTreeMap<u32, BTreeSet<u32>>,
    pub chapter: Option<u32>,
    /// Rules the article owns, with the paragraph/item their `cite` names.
    pub rules: Vec<(SymbolId, Option<u32>, Option<u32>)>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PackModel {
    pub ident: String,
    pub is_sector: bool,
    pub authority: crate::Authority,
    pub model: bool,
    pub deps: Vec<usize>,
    /// Unused-name lints are unreliable when some items did not parse.
    pub has_syntax_errors: bool,
    pub facts: IndexMap<String, SymbolId>,
    pub types: IndexMap<String, SymbolId>,
    pub parties: IndexMap<String, SymbolId>,
    pub measures: IndexMap<String, SymbolId>,
    /// Definitions, determinations, obligations, prohibitions, penalties,
    /// extension points and exceptions share one namespace.
    pub values: IndexMap<String, SymbolId>,
    pub articles: BTreeMap<u32, ArticleInfo>,
    /// Enum/record id → (member name → (declared span, type)).
    pub members: IndexMap<SymbolId, IndexMap<String, (TextRange, Type)>>,
}

/// What a name in an expression resolved to, keyed in [`Model::refs`] by
/// the file and span of the name (the field name for `facility.x` and
/// `p.x`, the identifier for `.variant`, the callee for a call).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ref {
    Fact(SymbolId),
    /// A definition or determination.
    Value(SymbolId),
    /// A quantifier variable, or a name local to an implementation: its
    /// position in the scope, counted from the outermost.
    Local(usize),
    /// A field of a record, by index.
    Field(SymbolId, usize),
    /// A variant of an enum, by index.
    Variant(SymbolId, usize),
    /// The rules a `violated(…)`-style argument or a trigger names.
    Rules(Vec<SymbolId>),
    Extension(SymbolId),
    /// A party: a duty's bearer, a penalty's addressee, a fined party.
    Party(SymbolId),
}

/// How a party relates to the others (`party x in y`, `party x of addressee`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartyScope {
    /// A kind of that party: it answers for the duties that party bears.
    In(SymbolId),
    /// A person answerable within whichever party a penalty addresses.
    OfAddressee,
}

/// Everything the checker learned about a set of packs.
#[derive(Debug, Default, Clone)]
pub struct Model {
    pub symbols: Vec<Symbol>,
    pub packs: Vec<PackModel>,
    pub graph: RuleGraph,
    /// Name resolutions, for evaluation and the IDE.
    pub refs: std::collections::HashMap<(FileId, TextRange), Ref>,
    /// Parties declared `in` another party or `of addressee`.
    pub party_scopes: std::collections::HashMap<SymbolId, PartyScope>,
    /// Each duty's bearer (a party).
    pub bearers: std::collections::HashMap<SymbolId, SymbolId>,
    /// Every name occurrence, declarations included, for the IDE.
    pub resolutions: Resolutions,
    /// Each symbol's key, by id.
    pub(crate) keys: Vec<DefKey>,
    pub(crate) by_key: std::collections::HashMap<DefKey, SymbolId>,
}

impl Model {
    /// Whether `party` is `ancestor` or (transitively) declared `in` it.
    pub fn party_within(&self, party: SymbolId, ancestor: SymbolId) -> bool {
        let mut p = party;
        for _ in 0..=self.party_scopes.len() {
            if p == ancestor {
                return true;
            }
            match self.party_scopes.get(&p) {
                Some(PartyScope::In(up)) => p = *up,
                _ => return false,
            }
        }
        false
    }

    /// Whether `party` is declared `of addressee` (a person answerable
    /// within the addressed party).
    pub fn party_of_addressee(&self, party: SymbolId) -> bool {
        self.party_scopes.get(&party) == Some(&PartyScope::OfAddressee)
    }
}

impl Model {
    /// The symbol `id` names. Panics on an id from another model: the
    /// checker and the evaluator only hold ids of the model they read. The
    /// IDE, which may hold an id from an older snapshot, uses [`Model::get`].
    pub fn symbol(&self, id: SymbolId) -> &Symbol {
        &self.symbols[id.0 as usize]
    }

    /// The symbol `id` names, if this model has it.
    pub fn get(&self, id: SymbolId) -> Option<&Symbol> {
        self.symbols.get(id.0 as usize)
    }

    pub fn add_symbol(&mut self, symbol: Symbol) -> SymbolId {
        let id = SymbolId(self.symbols.len() as u32);
        let mut key = DefKey {
            pack: self
                .packs
                .get(symbol.pack)
                .map(|p| p.ident.clone())
                .unwrap_or_default(),
            ns: Namespace::of(symbol.kind),
            name: symbol.name.clone(),
            disambiguator: 0,
        };
        while self.by_key.contains_key(&key) {
            key.disambiguator += 1;
        }
        self.by_key.insert(key.clone(), id);
        self.keys.push(key);
        self.symbols.push(symbol);
        id
    }

    /// The key of a symbol: the same in a check of an edited text as long
    /// as the set of declarations is the same.
    pub fn key(&self, id: SymbolId) -> Option<&DefKey> {
        self.keys.get(id.0 as usize)
    }

    /// The symbol a key names in this model.
    pub fn by_key(&self, key: &DefKey) -> Option<SymbolId> {
        self.by_key.get(key).copied()
    }

    /// The name at `offset` in `file` and what it means (a name ending at
    /// `offset` counts: the cursor just after it).
    pub fn resolution_at(&self, file: FileId, offset: usize) -> Option<&Occurrence> {
        self.resolutions.at(file, offset)
    }

    /// Every occurrence of `def`, its declaration included (for find
    /// references and rename).
    pub fn occurrences(&self, def: &Def) -> impl Iterator<Item = &Occurrence> + '_ {
        self.resolutions.of(def)
    }

    /// Where `def` is declared: its name in the declaration. A paragraph
    /// or item with no block of its own (an article's only text) is
    /// declared by its article; a pack by its manifest (None here).
    pub fn declaration(&self, def: &Def) -> Option<(FileId, TextRange)> {
        if let Some(found) = self.resolutions.declaration(def) {
            return Some(found);
        }
        match *def {
            Def::Symbol(id) => self.get(id).map(|s| (s.file, s.name_span)),
            Def::Item {
                pack,
                article,
                para,
                ..
            } => self.declaration(&Def::Paragraph {
                pack,
                article,
                para,
            }),
            Def::Paragraph { pack, article, .. } => {
                self.declaration(&Def::Article { pack, article })
            }
            _ => None,
        }
    }

    /// The symbol whose declaration spans exactly `span` in `file`.
    pub fn declared_at(&self, file: FileId, span: TextRange) -> Option<SymbolId> {
        self.symbols
            .iter()
            .position(|s| s.file == file && s.span == span)
            .map(|i| SymbolId(i as u32))
    }

    /// Variants of an enum or fields of a record.
    pub fn members(&self, id: SymbolId) -> Option<&IndexMap<String, (TextRange, Type)>> {
        let pack = self.get(id)?.pack;
        self.packs.get(pack)?.members.get(&id)
    }

    /// Packs visible from `pack`: itself first, then its dependencies.
    pub fn visible_packs(&self, pack: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(pack).chain(self.packs[pack].deps.iter().copied())
    }

    /// The pack a qualifier (`decree_745`) names, as seen from `pack`.
    pub fn pack_by_ident(&self, from: usize, ident: &str) -> Option<usize> {
        self.visible_packs(from)
            .find(|&p| self.packs[p].ident == ident)
    }
}
