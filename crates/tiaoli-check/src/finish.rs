//! Phase 3: every item's result placed in its file, then what needs all of
//! them: one implementation per key (R007), re-declarations of a higher
//! pack's rules (R017), addressees (R012, R014), the graph and its cycles,
//! unused names (W001, W002). Diagnostics sorted.

use std::collections::HashMap;

use tiaoli_diagnostics::{Code, Diagnostic};
use tiaoli_syntax::ast;
use tiaoli_text::{FileId, TextRange};

use crate::Checked;
use crate::defs::Def;
use crate::graph::Uses;
use crate::locations::{Place, place_symbol};
use crate::model::{Model, SymbolId};
use crate::resolution::Resolutions;
use crate::scope::{Addressed, Declared, ItemResult, PendingLabel};

/// Places what declaring and each item found with `place` (from the
/// coordinates they were checked in to their files'), numbers the items'
/// own symbols, and finishes the check. Items in the order of their files.
pub fn finish<'r>(
    declared: &Declared,
    items: impl IntoIterator<Item = &'r ItemResult>,
    place: Place<'_>,
) -> Checked {
    let mut model = declared.model.clone();
    model.place(place);
    let mut uses = Uses::default();
    let mut batches: Vec<(Vec<Diagnostic>, &[PendingLabel])> = Vec::new();
    let mut addressed: Vec<Addressed> = Vec::new();
    let mut implementations = Vec::new();
    uses.append_placed(&declared.uses, &[], place);
    batches.push((placed(&declared.diagnostics, place), &declared.pending));
    for item in items {
        let local: Vec<SymbolId> = item
            .symbols
            .iter()
            .map(|s| {
                let mut s = s.clone();
                place_symbol(&mut s, place);
                model.add_symbol(s)
            })
            .collect();
        uses.append_placed(&item.uses, &local, place);
        batches.push((placed(&item.diagnostics, place), &item.pending));
        model.bearers.extend(item.bearers.iter().copied());
        for a in &item.addressed {
            let mut a = a.clone();
            a.place(place);
            addressed.push(a);
        }
        for (ext, file, keys) in &item.implementations {
            let mut keys = keys.clone();
            let mut at = *file;
            for k in &mut keys {
                (at, k.span) = place(*file, k.span);
            }
            implementations.push((*ext, at, keys));
        }
    }
    model.resolutions = Resolutions::build(std::mem::take(&mut uses.occurrences));
    let mut diagnostics = Vec::new();
    for (mut batch, pending) in batches {
        point(&model, &mut batch, pending);
        diagnostics.append(&mut batch);
    }
    check_implementation_coverage(&model, &implementations, &mut diagnostics);
    check_redeclarations(&model, &mut diagnostics);
    check_addressees(&model, &addressed, &mut diagnostics);
    uses.build_graph(&mut model);
    crate::graph::report_cycles(&model, &mut diagnostics);
    crate::lints::unused(&model, &uses, &mut diagnostics);
    diagnostics.sort_by_key(Diagnostic::sort_key);
    diagnostics.dedup();
    Checked { model, diagnostics }
}

fn placed(diagnostics: &[Diagnostic], place: Place<'_>) -> Vec<Diagnostic> {
    let mut out = diagnostics.to_vec();
    for d in &mut out {
        d.map_locations(&mut |file, range| place(file, range));
    }
    out
}

/// Places labels that point at a definition: a symbol at its name, anything
/// else at its declaration. One with no declaration (it did not parse) is
/// dropped rather than left pointing nowhere.
fn point(model: &Model, diagnostics: &mut [Diagnostic], pending: &[PendingLabel]) {
    let mut dropped: Vec<(usize, usize)> = Vec::new();
    for p in pending {
        let at = match p.def {
            Def::Symbol(id) => model.get(id).map(|s| (s.file, s.name_span)),
            def => model.declaration(&def),
        };
        let Some(label) = diagnostics
            .get_mut(p.diagnostic)
            .and_then(|d| d.labels.get_mut(p.label))
        else {
            continue;
        };
        match at {
            Some((file, range)) => (label.file, label.range) = (file, range),
            None => dropped.push((p.diagnostic, p.label)),
        }
    }
    dropped.sort_unstable_by(|a, b| b.cmp(a));
    for (d, l) in dropped {
        if let Some(d) = diagnostics.get_mut(d)
            && l < d.labels.len()
        {
            d.labels.remove(l);
        }
    }
}

/// R012: a trigger's duty is borne by a party the penalty does not
/// address; R014: a fine is on a party that is neither the addressee
/// (or a kind of it) nor a person `of addressee`.
fn check_addressees(model: &Model, addressed: &[Addressed], diagnostics: &mut Vec<Diagnostic>) {
    for a in addressed {
        let name = |id: SymbolId| model.symbol(id).name.clone();
        for (duties, span) in &a.triggers {
            for &d in duties {
                let Some(&bearer) = model.bearers.get(&d) else {
                    continue;
                };
                if model.party_within(a.addressee, bearer) {
                    continue;
                }
                diagnostics.push(
                    Diagnostic::new(
                        Code::R012,
                        format!(
                            "penalty `{}` addresses `{}`, but `{}` is borne by `{}`",
                            name(a.penalty),
                            name(a.addressee),
                            name(d),
                            name(bearer)
                        ),
                    )
                    .with_primary(a.file, *span, format!("`{}` is `{}`'s duty", name(d), name(bearer)))
                    .with_secondary(a.file, a.addressee_span, "the party this penalty punishes")
                    .with_help("trigger only duties the addressee bears; another party's breach is sanctioned by a penalty addressed to it"),
                );
            }
        }
        for &(party, span) in &a.fines {
            if model.party_within(party, a.addressee) || model.party_of_addressee(party) {
                continue;
            }
            diagnostics.push(
                Diagnostic::new(
                    Code::R014,
                    format!(
                        "fine on `{}`, who is not addressed by penalty `{}`",
                        name(party),
                        name(a.penalty)
                    ),
                )
                .with_primary(a.file, span, "not the addressee, nor one of its persons")
                .with_secondary(a.file, a.addressee_span, "the party this penalty punishes")
                .with_help(format!(
                    "fine `{}`, or a party declared `of addressee` (e.g. `party person_in_charge of addressee {{ … }}`)",
                    name(a.addressee)
                )),
            );
        }
    }
}

/// R017: a pack may not re-declare a rule, definition or determination
/// of a pack it depends on that outranks it. Names resolve in the pack
/// first, so such a declaration would silently replace the higher
/// pack's rule wherever the lower pack's own rules name it, and reports
/// would show two rules of one name.
fn check_redeclarations(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    for (pack, pm) in model.packs.iter().enumerate() {
        for (name, &id) in &pm.values {
            let sym = model.symbol(id);
            if sym.quiet || sym.pack != pack {
                continue;
            }
            let Some(&prev) = pm.deps.iter().find_map(|&d| {
                let dm = &model.packs[d];
                (dm.authority > pm.authority)
                    .then(|| dm.values.get(name))
                    .flatten()
            }) else {
                continue;
            };
            let higher = model.symbol(prev);
            let hp = &model.packs[higher.pack];
            diagnostics.push(
                Diagnostic::new(
                    Code::R017,
                    format!(
                        "`{name}` re-declares `{}::{name}`, a rule of a higher-ranked pack ({} above {})",
                        hp.ident,
                        hp.authority.kind(),
                        pm.authority.kind()
                    ),
                )
                .with_primary(sym.file, sym.name_span, format!("this {} reuses the name", sym.kind.describe()))
                .with_secondary(higher.file, higher.name_span, format!("declared by the {} pack `{}`", hp.authority.kind(), hp.ident))
                .with_help(format!(
                    "a lower-ranked pack cannot redefine or replace a higher one's rules; give this {} a name of its own (a stricter duty stands beside the higher pack's, it does not replace it)",
                    sym.kind.describe()
                )),
            );
        }
    }
}

/// One implementation per key of an extension point.
fn check_implementation_coverage(
    model: &Model,
    implementations: &[(SymbolId, FileId, Vec<ast::Ident>)],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<(SymbolId, String), (FileId, TextRange)> = HashMap::new();
    for (ext, file, keys) in implementations {
        for k in keys {
            match seen.get(&(*ext, k.name.clone())) {
                Some(&(pf, ps)) => diagnostics.push(
                    Diagnostic::new(
                        Code::R007,
                        format!(
                            "`.{}` already has an implementation of `{}`",
                            k.name,
                            model.symbol(*ext).name
                        ),
                    )
                    .with_primary(*file, k.span, "implemented again here")
                    .with_secondary(pf, ps, "first implemented here")
                    .with_help("each sector has one set of identification rules; merge the two"),
                ),
                None => {
                    seen.insert((*ext, k.name.clone()), (*file, k.span));
                }
            }
        }
    }
}
