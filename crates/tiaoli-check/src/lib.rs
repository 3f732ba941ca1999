//! Checks tiaoli packs: name resolution across files and packs, types, the
//! rule dependency graph (cycles), structural rules of the language and
//! lints. The result is a [`Model`] that later phases (evaluation, the IDE)
//! query, plus diagnostics.
//!
//! No I/O: packs come in already parsed.

mod collect;
mod graph;
mod infer;
mod lints;
mod model;
mod rules;
mod suggest;
mod test_decls;
mod types;

use tiaoli_diagnostics::Diagnostic;
use tiaoli_syntax::ast::SourceFile;
use tiaoli_text::FileId;

pub use graph::{Edge, RuleGraph};
pub use model::{ArticleInfo, Model, PackModel, Ref, Symbol, SymbolId, SymbolKind};
pub use types::Type;

/// One pack to check: its files (parsed) and what its manifest says.
#[derive(Debug, Clone)]
pub struct CheckPack {
    /// The name as written in paths (`decree_745`).
    pub ident: String,
    /// Sector packs may only implement extension points (and test).
    pub is_sector: bool,
    /// Indices (into the slice given to [`check`]) of direct dependencies.
    pub deps: Vec<usize>,
    pub files: Vec<(FileId, SourceFile)>,
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

/// Checks a set of packs (dependencies included) together.
pub fn check(packs: &[CheckPack]) -> Checked {
    let mut cx = collect::Collector::new(packs);
    cx.collect();
    let mut model = cx.model;
    let mut diagnostics = cx.diagnostics;
    let mut checker = rules::RuleChecker::new(packs, &mut model, &mut diagnostics);
    checker.check_all();
    let uses = checker.finish();
    graph::report_cycles(&model, &mut diagnostics);
    lints::unused(&model, &uses, &mut diagnostics);
    diagnostics.sort_by_key(Diagnostic::sort_key);
    diagnostics.dedup();
    Checked { model, diagnostics }
}
