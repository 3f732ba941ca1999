//! Checks tiaoli packs: name resolution across files and packs, types, the
//! rule dependency graph (cycles), structural rules of the language and
//! lints. The result is a [`Model`] that later phases (evaluation, the IDE)
//! query, plus diagnostics.
//!
//! No I/O: packs come in already parsed.

mod collect;
mod defs;
mod finish;
mod graph;
mod in_force;
mod infer;
mod lints;
mod locations;
mod model;
mod resolution;
mod rules;
mod scope;
mod signatures;
mod suggest;
mod test_decls;
mod touches;
mod types;

use tiaoli_diagnostics::Diagnostic;
use tiaoli_syntax::ast::SourceFile;
use tiaoli_text::FileId;

pub use defs::{Def, DefKey, Namespace, Occurrence, Role};
pub use finish::finish;
pub use graph::{Edge, RuleGraph};
pub use in_force::check_in_force;
pub use infer::BUILTINS;
pub use locations::Place;
pub use model::{ArticleInfo, Model, PackModel, PartyScope, Ref, Symbol, SymbolId, SymbolKind};
pub use resolution::Resolutions;
pub use scope::{Declared, ItemResult, Scope, check_item, declare};
pub use touches::{Touches, touches};
pub use types::Type;

/// A pack's authority, from its manifest's `kind`: a regulation outranks
/// guidance, guidance a sector's rules, and those an advisory pack. A pack
/// may not exempt or re-declare the rules of a pack that outranks it
/// (R016, R017).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Authority {
    Advisory,
    Sector,
    Guidance,
    #[default]
    Regulation,
}

impl Authority {
    /// The manifest kind this authority comes from.
    pub fn kind(self) -> &'static str {
        match self {
            Authority::Advisory => "advisory",
            Authority::Sector => "sector",
            Authority::Guidance => "guidance",
            Authority::Regulation => "regulation",
        }
    }
}

/// One pack to check: its files (parsed) and what its manifest says.
#[derive(Debug, Clone)]
pub struct CheckPack {
    /// The name as written in paths (`decree_745`).
    pub ident: String,
    /// Sector packs implement extension points and may add duties of their
    /// own, but declare no facts, types, parties, measures, penalties or
    /// extension points (R004).
    pub is_sector: bool,
    /// Its rank among the packs (from the manifest's `kind`).
    pub authority: Authority,
    /// `model = true`: a model rule set, not the issuer's official rules
    /// (reports mark what such a pack decides).
    pub model: bool,
    /// Indices (into the slice given to [`check`]) of direct dependencies.
    pub deps: Vec<usize>,
    /// Each file's tree, shared (the database hands out the trees it
    /// memoised rather than copies).
    pub files: Vec<(FileId, std::sync::Arc<SourceFile>)>,
    /// Some file of the pack had syntax errors: what did not parse may
    /// have used names, so unused-name lints are skipped.
    pub has_syntax_errors: bool,
}

/// What checking gives: the model and every diagnostic, sorted.
#[derive(Debug)]
pub struct Checked {
    pub model: Model,
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks a set of packs (dependencies included) together: the three
/// phases of [`scope`](crate::declare) over whole files, each item checked
/// with its own declarations.
pub fn check(packs: &[CheckPack]) -> Checked {
    let declared = declare(packs);
    let mut items = Vec::new();
    for (pack, input) in packs.iter().enumerate() {
        for (file, source) in &input.files {
            for item in &source.items {
                let own = declared.own(*file, Some(item.span()));
                items.push(check_item(declared.scope(), pack, *file, item, &own));
            }
        }
    }
    finish(&declared, &items, &|file, range| (file, range))
}
