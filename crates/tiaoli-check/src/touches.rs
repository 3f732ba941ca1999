//! What a pack below a regulation does to the packs above it. A lower pack
//! may only tighten: fill an extension point a higher pack opens, and add
//! duties of its own beside the higher pack's; it cannot declare facts,
//! penalties or extension points (sector packs, R004), set aside a higher
//! pack's rules (R016) or re-declare them (R017). This lists, for each such
//! pack, what it filled and what it added, so that a reader of `tiaoli
//! check` sees all it touched.

use crate::model::{Model, SymbolId, SymbolKind};
use crate::{Authority, Checked};

/// One lower pack's touches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Touches {
    pub pack: String,
    pub authority: Authority,
    pub model: bool,
    /// Extension points it implements: (the point's pack, its name, the
    /// keys, as written: `.energy`).
    pub implements: Vec<(String, String, String)>,
    /// Duties it adds: (kind, name, article).
    pub adds: Vec<(&'static str, String, Option<u32>)>,
    /// Rules its exceptions set aside: (exception, the rule's pack, the rule).
    pub exempts: Vec<(String, String, String)>,
}

/// For every pack ranked below a regulation, what it touched.
pub fn touches(checked: &Checked) -> Vec<Touches> {
    let model = &checked.model;
    let ident = |pack: usize| {
        model
            .packs
            .get(pack)
            .map(|p| p.ident.replace('_', "-"))
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for (i, p) in model.packs.iter().enumerate() {
        if p.authority == Authority::Regulation {
            continue;
        }
        let mine = || {
            model
                .symbols
                .iter()
                .enumerate()
                .filter(move |(_, s)| s.pack == i && !s.quiet)
                .map(|(k, s)| (SymbolId(k as u32), s))
        };
        let mut t = Touches {
            pack: ident(i),
            authority: p.authority,
            model: p.model,
            implements: Vec::new(),
            adds: Vec::new(),
            exempts: Vec::new(),
        };
        for (id, s) in mine() {
            match s.kind {
                SymbolKind::Implementation => {
                    // The extension point reads its implementation.
                    let ext = first_of(model, model.graph.dependents(id), SymbolKind::Extension);
                    let (name, keys) = s.name.split_once(" for ").unwrap_or((&s.name, ""));
                    let pack = ext.map(|e| ident(model.symbol(e).pack)).unwrap_or_default();
                    t.implements.push((pack, name.to_owned(), keys.to_owned()));
                }
                k if k.is_duty() => t.adds.push((k.describe(), s.name.clone(), s.article)),
                SymbolKind::Exception => {
                    // An exempted rule depends on the exception.
                    for r in model.graph.dependents(id) {
                        let rule = model.symbol(r);
                        t.exempts
                            .push((s.name.clone(), ident(rule.pack), rule.name.clone()));
                    }
                }
                _ => {}
            }
        }
        out.push(t);
    }
    out
}

fn first_of(model: &Model, ids: Vec<SymbolId>, kind: SymbolKind) -> Option<SymbolId> {
    ids.into_iter().find(|&id| model.symbol(id).kind == kind)
}
