//! Warnings: facts no rule reads, definitions nothing uses.

use tiaoli_diagnostics::{Code, Diagnostic};

use crate::graph::Uses;
use crate::model::{Model, SymbolKind};

pub(crate) fn unused(model: &Model, uses: &Uses, diagnostics: &mut Vec<Diagnostic>) {
    for (i, sym) in model.symbols.iter().enumerate() {
        let id = crate::model::SymbolId(i as u32);
        if uses.used.contains(&id) || sym.quiet || model.packs[sym.pack].has_syntax_errors {
            continue;
        }
        match sym.kind {
            SymbolKind::Fact if !sym.meta => diagnostics.push(
                Diagnostic::new(Code::W001, format!("fact `{}` is never read", sym.name))
                    .with_primary(sym.file, sym.name_span, "declared here")
                    .with_help("use it in a rule, remove it, or mark it `meta fact` if it only describes the facility"),
            ),
            SymbolKind::Define => diagnostics.push(
                Diagnostic::new(Code::W002, format!("definition `{}` is never used", sym.name))
                    .with_primary(sym.file, sym.name_span, "declared here")
                    .with_help("use it or remove it"),
            ),
            _ => {}
        }
    }
}
