//! Phase 3: every item's result placed in its file, then what needs all of
//! them: one implementation per key (R007), re-declarations of a higher
//! pack's rules (R017), addressees (R012, R014), the graph and its cycles,
//! unused names (W001, W002). Diagnostics sorted.

use std::collections::HashMap;

use tiaoli_diagnostics::{Code, Diagnostic, Msg, msg};
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
                let (penalty, addressee, duty, bearer) =
                    (name(a.penalty), name(a.addressee), name(d), name(bearer));
                diagnostics.push(
                    Diagnostic::new(
                        Code::R012,
                        msg!(
                            en: "penalty `{penalty}` addresses `{addressee}`, but `{duty}` is borne by `{bearer}`",
                            zh: "处罚 `{penalty}` 的处罚对象是 `{addressee}`，但 `{duty}` 由 `{bearer}` 承担"
                        ),
                    )
                    .with_primary(
                        a.file,
                        *span,
                        msg!(en: "`{duty}` is `{bearer}`'s duty", zh: "`{duty}` 是 `{bearer}` 的义务"),
                    )
                    .with_secondary(a.file, a.addressee_span, punished_party())
                    .with_help(msg!(
                        en: "trigger only duties the addressee bears; another party's breach is sanctioned by a penalty addressed to it",
                        zh: "只应触发处罚对象承担的义务；其他主体的违法行为由以该主体为对象的处罚来制裁"
                    )),
                );
            }
        }
        for &(party, span) in &a.fines {
            if model.party_within(party, a.addressee) || model.party_of_addressee(party) {
                continue;
            }
            let (party, penalty, addressee) = (name(party), name(a.penalty), name(a.addressee));
            diagnostics.push(
                Diagnostic::new(
                    Code::R014,
                    msg!(
                        en: "fine on `{party}`, who is not addressed by penalty `{penalty}`",
                        zh: "对 `{party}` 处以罚款，但它不是处罚 `{penalty}` 的处罚对象"
                    ),
                )
                .with_primary(
                    a.file,
                    span,
                    msg!(
                        en: "not the addressee, nor one of its persons",
                        zh: "既不是处罚对象，也不是其人员"
                    ),
                )
                .with_secondary(a.file, a.addressee_span, punished_party())
                .with_help(msg!(
                    en: "fine `{addressee}`, or a party declared `of addressee` (e.g. `party person_in_charge of addressee {{ … }}`)",
                    zh: "请对 `{addressee}` 或声明为 `of addressee` 的主体处以罚款（例如 `party person_in_charge of addressee {{ … }}`）"
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
            let (ident, high, low) = (&hp.ident, hp.authority.kind(), pm.authority.kind());
            let (k, k_zh) = (sym.kind.describe(), sym.kind.describe_zh());
            diagnostics.push(
                Diagnostic::new(
                    Code::R017,
                    msg!(
                        en: "`{name}` re-declares `{ident}::{name}`, a rule of a higher-ranked pack ({high} above {low})",
                        zh: "`{name}` 重新声明了 `{ident}::{name}`，这是更高位阶规则包的规则（{high} 高于 {low}）"
                    ),
                )
                .with_primary(
                    sym.file,
                    sym.name_span,
                    msg!(en: "this {k} reuses the name", zh: "此{k_zh}重复使用了该名称"),
                )
                .with_secondary(
                    higher.file,
                    higher.name_span,
                    msg!(
                        en: "declared by the {high} pack `{ident}`",
                        zh: "由 {high} 规则包 `{ident}` 声明"
                    ),
                )
                .with_help(msg!(
                    en: "a lower-ranked pack cannot redefine or replace a higher one's rules; give this {k} a name of its own (a stricter duty stands beside the higher pack's, it does not replace it)",
                    zh: "低位阶的规则包不能重新定义或取代高位阶规则包的规则；请给此{k_zh}另起名称（更严格的义务与高位阶规则包的义务并存，而不是取而代之）"
                )),
            );
        }
    }
}

fn punished_party() -> Msg {
    msg!(en: "the party this penalty punishes", zh: "此处罚的处罚对象")
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
                Some(&(pf, ps)) => {
                    let (key, ext) = (&k.name, &model.symbol(*ext).name);
                    diagnostics.push(
                        Diagnostic::new(
                            Code::R007,
                            msg!(
                                en: "`.{key}` already has an implementation of `{ext}`",
                                zh: "`.{key}` 已经有 `{ext}` 的实现"
                            ),
                        )
                        .with_primary(
                            *file,
                            k.span,
                            msg!(en: "implemented again here", zh: "在此再次实现"),
                        )
                        .with_secondary(
                            pf,
                            ps,
                            msg!(en: "first implemented here", zh: "首次在此实现"),
                        )
                        .with_help(msg!(
                            en: "each sector has one set of identification rules; merge the two",
                            zh: "每个行业只有一套认定规则；请将两者合并"
                        )),
                    );
                }
                None => {
                    seen.insert((*ext, k.name.clone()), (*file, k.span));
                }
            }
        }
    }
}
