//! Warnings: facts no rule reads, definitions nothing uses.

use tiaoli_diagnostics::{Code, Diagnostic, msg};

use crate::graph::Uses;
use crate::model::{Model, SymbolKind};
use crate::rules::declared_here;

pub(crate) fn unused(model: &Model, uses: &Uses, diagnostics: &mut Vec<Diagnostic>) {
    for (i, sym) in model.symbols.iter().enumerate() {
        let id = crate::model::SymbolId(i as u32);
        if uses.used.contains(&id) || sym.quiet || model.packs[sym.pack].has_syntax_errors {
            continue;
        }
        let name = &sym.name;
        match sym.kind {
            SymbolKind::Fact if !sym.meta => diagnostics.push(
                Diagnostic::new(
                    Code::W001,
                    msg!(en: "fact `{name}` is never read", zh: "事实 `{name}` 从未被读取"),
                )
                .with_primary(sym.file, sym.name_span, declared_here())
                .with_help(msg!(
                    en: "use it in a rule, remove it, or mark it `meta fact` if it only describes the facility",
                    zh: "请在规则中使用它、删除它，或者如果它只用于描述设施，将其标记为 `meta fact`"
                )),
            ),
            SymbolKind::Define => diagnostics.push(
                Diagnostic::new(
                    Code::W002,
                    msg!(en: "definition `{name}` is never used", zh: "定义 `{name}` 从未被使用"),
                )
                .with_primary(sym.file, sym.name_span, declared_here())
                .with_help(msg!(en: "use it or remove it", zh: "请使用或删除它")),
            ),
            _ => {}
        }
    }
}
