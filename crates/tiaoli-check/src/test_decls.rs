//! Pack tests: the facts they give must match the schema, and what they
//! expect must name real rules with statuses those rules can have.

use std::collections::HashMap;

use tiaoli_diagnostics::{Code, Diagnostic};
use tiaoli_syntax::ast::{self, Expect, ExpectedStatus, FactValue, Given, TestValue};
use tiaoli_text::FileId;

use crate::collect::qualifier;
use crate::defs::Def;
use crate::graph::Uses;
use crate::infer::{ExprCx, LocalScope};
use crate::model::{Model, Ref, SymbolId, SymbolKind};
use crate::suggest::closest;
use crate::types::Type;

pub(crate) fn check_test(
    model: &Model,
    pack: usize,
    file: FileId,
    t: &ast::TestDecl,
    diagnostics: &mut Vec<Diagnostic>,
    pending: &mut Vec<crate::scope::PendingLabel>,
    uses: &mut Uses,
) {
    let mut scratch_uses = Uses::default();
    let mut cx = ExprCx {
        model,
        pack,
        file,
        from: None,
        diagnostics,
        pending,
        uses: &mut scratch_uses,
        scope: LocalScope::default(),
        units: HashMap::new(),
    };
    match &t.given {
        None => cx.diagnostics.push(
            Diagnostic::new(
                Code::R009,
                format!("test `{}` gives no facts", t.name.value),
            )
            .with_primary(file, t.name.span, "no `given`")
            .with_help("add `given { fact = value … }` or `given file \"facility.yaml\"`"),
        ),
        Some(Given::Inline { facts, .. }) => {
            for fv in facts {
                let ty = cx.fact(&fv.name.name, fv.name.span);
                value(&mut cx, fv, &ty);
            }
        }
        Some(Given::File(_)) => {}
    }
    if t.expects.is_empty() {
        cx.diagnostics.push(
            Diagnostic::new(
                Code::R009,
                format!("test `{}` expects nothing", t.name.value),
            )
            .with_primary(file, t.name.span, "no `expect`")
            .with_help("add e.g. `expect cii is true` or `expect annual_assessment is violated`"),
        );
    }
    for e in &t.expects {
        match e {
            Expect::Status {
                target,
                status,
                status_span,
                missing,
                ..
            } => {
                let Some(id) = cx.lookup_value(target) else {
                    continue;
                };
                uses.add(None, id, file, target.span);
                uses.refs.insert((file, target.span), Ref::Rules(vec![id]));
                let kind = model.symbol(id).kind;
                if !allowed(kind).contains(status) {
                    cx.diagnostics.push(
                        Diagnostic::new(
                            Code::R009,
                            format!(
                                "{} {} cannot be `{}`",
                                article(kind.describe()),
                                kind.describe(),
                                status.as_str()
                            ),
                        )
                        .with_primary(file, *status_span, "impossible status")
                        .with_help(format!(
                            "a {} is one of: {}",
                            kind.describe(),
                            allowed(kind)
                                .iter()
                                .map(|s| format!("`{}`", s.as_str()))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    );
                }
                for m in missing {
                    cx.fact(&m.name, m.span);
                }
            }
            Expect::Due { target, .. } => {
                let Some(id) = cx.lookup_value(target) else {
                    continue;
                };
                uses.add(None, id, file, target.span);
                uses.refs.insert((file, target.span), Ref::Rules(vec![id]));
                if model.symbol(id).kind != SymbolKind::Obligation {
                    cx.diagnostics.push(
                        Diagnostic::new(
                            Code::R009,
                            format!(
                                "only obligations have due dates; `{}` is a {}",
                                target.display(),
                                model.symbol(id).kind.describe()
                            ),
                        )
                        .with_primary(file, target.span, "no due date"),
                    );
                }
            }
            Expect::Fine {
                party,
                penalty,
                range,
                missing,
                ..
            } => {
                if let Some(id) = cx.lookup_value(penalty) {
                    uses.add(None, id, file, penalty.span);
                    uses.refs.insert((file, penalty.span), Ref::Rules(vec![id]));
                    if model.symbol(id).kind != SymbolKind::Penalty {
                        cx.diagnostics.push(
                            Diagnostic::new(
                                Code::R009,
                                format!(
                                    "only penalties have fines; `{}` is a {}",
                                    penalty.display(),
                                    model.symbol(id).kind.describe()
                                ),
                            )
                            .with_primary(
                                file,
                                penalty.span,
                                "no fines",
                            ),
                        );
                    }
                }
                let found = match &party.pack {
                    Some(q) => qualifier(model, pack, file, q, &mut cx.uses.occurrences)
                        .and_then(|p| model.packs[p].parties.get(&party.name.name)),
                    None => model
                        .visible_packs(pack)
                        .find_map(|p| model.packs[p].parties.get(&party.name.name)),
                };
                match found {
                    Some(&id) => {
                        uses.add(None, id, file, party.span);
                        uses.refs.insert((file, party.span), Ref::Party(id));
                        cx.occurs(party.name.span, Def::Symbol(id));
                    }
                    None => {
                        let candidates: Vec<&str> = model
                            .visible_packs(pack)
                            .flat_map(|p| model.packs[p].parties.keys().map(String::as_str))
                            .collect();
                        let mut d = Diagnostic::new(
                            Code::N008,
                            format!("unknown party `{}`", party.display()),
                        )
                        .with_primary(
                            file,
                            party.span,
                            "not a declared party",
                        );
                        if let Some(c) = closest(&party.name.name, candidates) {
                            d = d.with_did_you_mean(file, party.name.span, c);
                        }
                        cx.diagnostics.push(d);
                    }
                }
                if let Some((min, max)) = range
                    && min > max
                {
                    cx.diagnostics.push(
                        Diagnostic::new(Code::T006, format!("fine range {min}..={max} is empty"))
                            .with_primary(file, penalty.span, "the minimum is above the maximum"),
                    );
                }
                for m in missing {
                    cx.fact(&m.name, m.span);
                }
            }
            Expect::Exposure { min, max, span, .. } => {
                if min > max {
                    cx.diagnostics.push(
                        Diagnostic::new(
                            Code::T006,
                            format!("exposure range {min}..={max} is empty"),
                        )
                        .with_primary(
                            file,
                            *span,
                            "the minimum is above the maximum",
                        ),
                    );
                }
            }
        }
    }
    // Tests are not uses (a fact only a test reads is still unused), but
    // their names resolve like any other.
    uses.occurrences.append(&mut scratch_uses.occurrences);
}

/// "a" or "an" before a word.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn allowed(kind: SymbolKind) -> &'static [ExpectedStatus] {
    use ExpectedStatus as S;
    match kind {
        SymbolKind::Obligation | SymbolKind::Prohibition => &[
            S::Satisfied,
            S::Violated,
            S::NotApplicable,
            S::Unknown,
            S::NotInForce,
        ],
        SymbolKind::Penalty => &[S::Triggered, S::NotTriggered, S::Unknown, S::NotInForce],
        SymbolKind::Determination | SymbolKind::Define | SymbolKind::Exception => {
            &[S::True, S::False, S::Unknown, S::NotInForce]
        }
        _ => &[],
    }
}

/// Checks a given value against the type it must have.
fn value(cx: &mut ExprCx<'_>, fv: &FactValue, ty: &Type) {
    check_value(cx, &fv.value, ty, &fv.name.name);
}

fn check_value(cx: &mut ExprCx<'_>, v: &TestValue, ty: &Type, name: &str) {
    // `none` is "known to be absent", which only an optional fact can be.
    if let TestValue::None(span) = v {
        if !matches!(ty, Type::Optional(_)) && !ty.is_error() {
            let shown = ty.display(cx.model).to_string();
            cx.diagnostics.push(
                Diagnostic::new(
                    Code::T008,
                    format!("`{name}` is `{shown}`, not optional: it cannot be `none`"),
                )
                .with_primary(cx.file, *span, "known to be absent")
                .with_help(format!(
                    "`none` means the fact is known to be absent, which only an `optional` fact can be; leave `{name}` out of `given` to make it unknown"
                )),
            );
        }
        return;
    }
    let ty = match ty {
        Type::Optional(inner) => inner.as_ref(),
        t => t,
    };
    if ty.is_error() {
        return;
    }
    match (v, ty) {
        (TestValue::Scalar(e), _) => {
            // Money in a facility may be written as a plain number.
            if *ty == Type::Money
                && matches!(e.kind, ast::ExprKind::Int(_) | ast::ExprKind::Decimal(_))
            {
                return;
            }
            cx.expect(e, ty, "this value");
        }
        (TestValue::List(items, _), Type::List(elem)) => {
            for item in items {
                check_value(cx, item, elem, name);
            }
        }
        (TestValue::Record(fields, _), Type::Record(id)) => record(cx, fields, *id),
        (other, _) => {
            let shown = ty.display(cx.model).to_string();
            let found = match other {
                TestValue::List(..) => "a list",
                TestValue::Record(..) => "a record",
                TestValue::Scalar(_) | TestValue::None(_) => "a value",
            };
            cx.diagnostics.push(
                Diagnostic::new(Code::T001, format!("expected `{shown}`, found {found}"))
                    .with_primary(cx.file, other.span(), format!("this is {found}")),
            );
        }
    }
}

fn record(cx: &mut ExprCx<'_>, fields: &[FactValue], id: SymbolId) {
    let Some(members) = cx.model.members(id) else {
        return;
    };
    let members = members.clone();
    for f in fields {
        match members.get_full(&f.name.name) {
            Some((index, _, (_, ty))) => {
                let index = index as u32;
                cx.occurs(f.name.span, Def::Field { record: id, index });
                check_value(cx, &f.value, ty, &f.name.name);
            }
            None => {
                let name = cx.model.symbol(id).name.clone();
                let mut d = Diagnostic::new(
                    Code::N006,
                    format!("`{name}` has no field `{}`", f.name.name),
                )
                .with_primary(cx.file, f.name.span, "unknown field");
                if let Some(c) = closest(&f.name.name, members.keys().map(String::as_str)) {
                    d = d.with_did_you_mean(cx.file, f.name.span, c);
                }
                cx.diagnostics.push(d);
            }
        }
    }
}
