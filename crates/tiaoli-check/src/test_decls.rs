//! Pack tests: the facts they give must match the schema, and what they
//! expect must name real rules with statuses those rules can have.

use std::collections::HashMap;

use tiaoli_diagnostics::{Code, Diagnostic, msg};
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
    let name = &t.name.value;
    match &t.given {
        None => cx.diagnostics.push(
            Diagnostic::new(
                Code::R009,
                msg!(en: "test `{name}` gives no facts", zh: "测试 `{name}` 未给出任何事实"),
            )
            .with_primary(
                file,
                t.name.span,
                msg!(en: "no `given`", zh: "没有 `given`"),
            )
            .with_help(msg!(
                en: "add `given {{ fact = value … }}` or `given file \"facility.yaml\"`",
                zh: "请添加 `given {{ fact = value … }}` 或 `given file \"facility.yaml\"`"
            )),
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
                msg!(en: "test `{name}` expects nothing", zh: "测试 `{name}` 没有任何预期"),
            )
            .with_primary(
                file,
                t.name.span,
                msg!(en: "no `expect`", zh: "没有 `expect`"),
            )
            .with_help(msg!(
                en: "add e.g. `expect cii is true` or `expect annual_assessment is violated`",
                zh: "请添加例如 `expect cii is true` 或 `expect annual_assessment is violated`"
            )),
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
                    let (a, k, k_zh) = (
                        article(kind.describe()),
                        kind.describe(),
                        kind.describe_zh(),
                    );
                    let status = status.as_str();
                    let list = allowed(kind)
                        .iter()
                        .map(|s| format!("`{}`", s.as_str()))
                        .collect::<Vec<_>>()
                        .join(", ");
                    cx.diagnostics.push(
                        Diagnostic::new(
                            Code::R009,
                            msg!(
                                en: "{a} {k} cannot be `{status}`",
                                zh: "{k_zh}的状态不可能是 `{status}`"
                            ),
                        )
                        .with_primary(
                            file,
                            *status_span,
                            msg!(en: "impossible status", zh: "不可能的状态"),
                        )
                        .with_help(msg!(
                            en: "a {k} is one of: {list}",
                            zh: "{k_zh}的状态只能是以下之一：{list}"
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
                let kind = model.symbol(id).kind;
                if kind != SymbolKind::Obligation {
                    let (shown, k, k_zh) = (target.display(), kind.describe(), kind.describe_zh());
                    cx.diagnostics.push(
                        Diagnostic::new(
                            Code::R009,
                            msg!(
                                en: "only obligations have due dates; `{shown}` is a {k}",
                                zh: "只有义务才有到期日；`{shown}` 是{k_zh}"
                            ),
                        )
                        .with_primary(
                            file,
                            target.span,
                            msg!(en: "no due date", zh: "没有到期日"),
                        ),
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
                    let kind = model.symbol(id).kind;
                    if kind != SymbolKind::Penalty {
                        let (shown, k, k_zh) =
                            (penalty.display(), kind.describe(), kind.describe_zh());
                        cx.diagnostics.push(
                            Diagnostic::new(
                                Code::R009,
                                msg!(
                                    en: "only penalties have fines; `{shown}` is a {k}",
                                    zh: "只有处罚才有罚款；`{shown}` 是{k_zh}"
                                ),
                            )
                            .with_primary(
                                file,
                                penalty.span,
                                msg!(en: "no fines", zh: "没有罚款"),
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
                        let shown = party.display();
                        let mut d = Diagnostic::new(
                            Code::N008,
                            msg!(en: "unknown party `{shown}`", zh: "未知的主体 `{shown}`"),
                        )
                        .with_primary(
                            file,
                            party.span,
                            msg!(en: "not a declared party", zh: "不是已声明的主体"),
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
                        Diagnostic::new(
                            Code::T006,
                            msg!(
                                en: "fine range {min}..={max} is empty",
                                zh: "罚款范围 {min}..={max} 为空"
                            ),
                        )
                        .with_primary(
                            file,
                            penalty.span,
                            crate::rules::min_above_max(),
                        ),
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
                            msg!(
                                en: "exposure range {min}..={max} is empty",
                                zh: "罚款敞口范围 {min}..={max} 为空"
                            ),
                        )
                        .with_primary(
                            file,
                            *span,
                            crate::rules::min_above_max(),
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
                    msg!(
                        en: "`{name}` is `{shown}`, not optional: it cannot be `none`",
                        zh: "`{name}` 的类型是 `{shown}`，不是可选的：不能为 `none`"
                    ),
                )
                .with_primary(cx.file, *span, msg!(en: "known to be absent", zh: "已知缺失"))
                .with_help(msg!(
                    en: "`none` means the fact is known to be absent, which only an `optional` fact can be; leave `{name}` out of `given` to make it unknown",
                    zh: "`none` 表示该事实已知缺失，只有 `optional` 事实才可能如此；若要使其未知，请在 `given` 中省略 `{name}`"
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
            cx.expect(e, ty, &msg!(en: "this value", zh: "此值"));
        }
        (TestValue::List(items, _), Type::List(elem)) => {
            for item in items {
                check_value(cx, item, elem, name);
            }
        }
        (TestValue::Record(fields, _), Type::Record(id)) => record(cx, fields, *id),
        (other, _) => {
            let shown = ty.display(cx.model).to_string();
            let (found, found_zh) = match other {
                TestValue::List(..) => ("a list", "列表"),
                TestValue::Record(..) => ("a record", "记录"),
                TestValue::Scalar(_) | TestValue::None(_) => ("a value", "单个值"),
            };
            cx.diagnostics.push(
                Diagnostic::new(
                    Code::T001,
                    msg!(
                        en: "expected `{shown}`, found {found}",
                        zh: "应为 `{shown}`，实际是{found_zh}"
                    ),
                )
                .with_primary(
                    cx.file,
                    other.span(),
                    msg!(en: "this is {found}", zh: "这是{found_zh}"),
                ),
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
                let field = &f.name.name;
                let mut d = Diagnostic::new(
                    Code::N006,
                    msg!(en: "`{name}` has no field `{field}`", zh: "`{name}` 没有字段 `{field}`"),
                )
                .with_primary(
                    cx.file,
                    f.name.span,
                    msg!(en: "unknown field", zh: "未知的字段"),
                );
                if let Some(c) = closest(&f.name.name, members.keys().map(String::as_str)) {
                    d = d.with_did_you_mean(cx.file, f.name.span, c);
                }
                cx.diagnostics.push(d);
            }
        }
    }
}
