//! Expression checking: resolves every name (facts through `facility.`,
//! definitions, determinations, locals, rule references in `violated(…)`)
//! and infers types, reporting mismatches. Every resolved reference is
//! recorded as a use (for the dependency graph and the unused lints).

use std::collections::HashMap;

use tiaoli_diagnostics::{Code, Diagnostic, Msg, msg};
use tiaoli_syntax::ast::{
    BinaryOp, Citation, DurationUnit, Expr, ExprKind, PathName, QuantKind, UnaryOp,
};
use tiaoli_text::{FileId, TextRange};

use crate::collect::{qualifier, unknown_pack};
use crate::defs::{Def, Sink, declared, used};
use crate::graph::Uses;
use crate::model::{Model, Ref, SymbolId, SymbolKind};
use crate::suggest::closest;
use crate::types::Type;

/// Names that a sector implementation adds to its scope.
#[derive(Debug, Default, Clone)]
pub(crate) struct LocalScope {
    /// (name, type, declared at, what the name means)
    pub names: Vec<(String, Type, TextRange, Def)>,
}

pub(crate) struct ExprCx<'a> {
    pub model: &'a Model,
    pub pack: usize,
    pub file: FileId,
    /// The symbol whose body is being checked (source of graph edges).
    pub from: Option<SymbolId>,
    pub diagnostics: &'a mut Vec<Diagnostic>,
    /// Labels of `diagnostics` pointing into other items.
    pub pending: &'a mut Vec<crate::scope::PendingLabel>,
    pub uses: &'a mut Uses,
    pub scope: LocalScope,
    /// What each date or duration expression checked so far counts in,
    /// by span (for T009).
    pub units: HashMap<TextRange, Unit>,
}

/// What a date or duration expression counts in: a date, or a duration of
/// days (days, weeks, a difference of dates) or of months (months, years),
/// or of either (a duration fact).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    Date,
    Days,
    Months,
    Mixed,
    Any,
}

/// The built-in functions: called by name, declared nowhere.
pub const BUILTINS: &[&str] = &[
    "violated",
    "satisfied",
    "applies",
    "triggered",
    "known",
    "min",
    "max",
];

impl ExprCx<'_> {
    fn error(&mut self, code: Code, message: Msg, span: TextRange, label: Msg) -> Type {
        self.diagnostics
            .push(Diagnostic::new(code, message).with_primary(self.file, span, label));
        Type::Error
    }

    fn show(&self, ty: &Type) -> String {
        ty.display(self.model).to_string()
    }

    fn use_symbol(&mut self, to: SymbolId, span: TextRange) {
        self.uses.add(self.from, to, self.file, span);
    }

    fn resolved(&mut self, span: TextRange, r: Ref) {
        self.uses.refs.insert((self.file, span), r);
    }

    /// Records that the name at `span` means `def`.
    pub fn occurs(&mut self, span: TextRange, def: Def) {
        used(&mut self.uses.occurrences, self.file, span, def);
    }

    /// Checks `e` and requires it to have type `expected`. `what` names
    /// the expression in the message; its Chinese ends in a noun, so that
    /// it reads before 必须是.
    pub fn expect(&mut self, e: &Expr, expected: &Type, what: &Msg) -> Type {
        let (what, what_zh) = (what.en(), what.zh());
        let ty = self.infer_with(e, Some(expected));
        if let Type::Optional(inner) = &ty
            && !matches!(expected, Type::Optional(_))
            && inner.fits(expected)
        {
            let inner = self.show(inner);
            self.diagnostics.push(
                    Diagnostic::new(Code::T004, msg!(
                        en: "{what} is an optional `{inner}`",
                        zh: "{what_zh}的类型是可选的 `{inner}`"
                    ))
                        .with_primary(self.file, e.span, msg!(en: "may be absent", zh: "可能缺失"))
                        .with_help(msg!(
                            en: "give a fallback for when it is known to be absent with `otherwise`, e.g. `x otherwise false`, or test it with `x is absent`",
                            zh: "用 `otherwise` 给出已知缺失时的替代值，例如 `x otherwise false`，或用 `x is absent` 检验它"
                        )),
                );
            return Type::Error;
        }
        if !ty.fits(expected) {
            let (t, x) = (self.show(&ty), self.show(expected));
            return self.error(
                Code::T001,
                msg!(
                    en: "{what} must be `{x}`, found `{t}`",
                    zh: "{what_zh}必须是 `{x}`，实际是 `{t}`"
                ),
                e.span,
                this_is(&t),
            );
        }
        ty
    }

    /// A date a deadline reads: `date`, or `optional date` (absent: the
    /// act was never done).
    fn deadline_date(&mut self, e: &Expr, what: &Msg) {
        let ty = self.infer(e);
        if !ty.is_error() && !strip_optional(&ty).fits(&Type::Date) {
            let t = self.show(&ty);
            let (what, what_zh) = (what.en(), what.zh());
            self.error(
                Code::T001,
                msg!(
                    en: "{what} must be a `date`, found `{t}`",
                    zh: "{what_zh}必须是 `date`，实际是 `{t}`"
                ),
                e.span,
                this_is(&t),
            );
        }
    }

    pub fn infer(&mut self, e: &Expr) -> Type {
        self.infer_with(e, None)
    }

    /// `hint` lets `.variant` know its enum.
    fn infer_with(&mut self, e: &Expr, hint: Option<&Type>) -> Type {
        let ty = self.infer_kind(e, hint);
        match strip_optional(&ty) {
            Type::Date => {
                self.units.insert(e.span, Unit::Date);
            }
            Type::Duration => {
                let unit = self.duration_unit(e);
                self.units.insert(e.span, unit);
            }
            _ => {}
        }
        ty
    }

    /// The unit of a duration expression whose operands are checked.
    fn duration_unit(&self, e: &Expr) -> Unit {
        let of = |x: &Expr| self.units.get(&x.span).copied();
        match &e.kind {
            ExprKind::Duration(d) => match d.unit {
                DurationUnit::Day | DurationUnit::Week => Unit::Days,
                DurationUnit::Month | DurationUnit::Year => Unit::Months,
            },
            ExprKind::Unary(_, x) => of(x).unwrap_or(Unit::Any),
            ExprKind::Binary(BinaryOp::Sub, a, b)
                if of(a) == Some(Unit::Date) && of(b) == Some(Unit::Date) =>
            {
                Unit::Days
            }
            ExprKind::Binary(BinaryOp::Add | BinaryOp::Sub, a, b) => {
                combine(of(a).unwrap_or(Unit::Any), of(b).unwrap_or(Unit::Any))
            }
            ExprKind::Binary(BinaryOp::Mul | BinaryOp::Div, a, b) => match (of(a), of(b)) {
                (Some(u), _) | (None, Some(u)) if u != Unit::Date => u,
                _ => Unit::Any,
            },
            ExprKind::If(_, a, b) => {
                combine(of(a).unwrap_or(Unit::Any), of(b).unwrap_or(Unit::Any))
            }
            _ => Unit::Any,
        }
    }

    /// T009 for durations of days and of months compared or combined.
    fn mixed_units(&mut self, op: BinaryOp, l: &Expr, r: &Expr, span: TextRange) {
        let (Some(a), Some(b)) = (
            self.units.get(&l.span).copied(),
            self.units.get(&r.span).copied(),
        ) else {
            return;
        };
        let days_and_months = matches!(
            (a, b),
            (Unit::Days, Unit::Months) | (Unit::Months, Unit::Days)
        );
        if !days_and_months {
            return;
        }
        let name = |u: Unit| if u == Unit::Days { "days" } else { "months" };
        let name_zh = |u: Unit| if u == Unit::Days { "天" } else { "月" };
        let (sym, a_en, b_en, a_zh, b_zh) = (op.symbol(), name(a), name(b), name_zh(a), name_zh(b));
        self.diagnostics.push(
            Diagnostic::new(
                Code::T009,
                msg!(
                    en: "`{sym}` between a duration of {a_en} and one of {b_en}",
                    zh: "`{sym}` 连接了以{a_zh}计的期限和以{b_zh}计的期限"
                ),
            )
            .with_primary(
                self.file,
                span,
                msg!(
                    en: "no date says how many days a month is here",
                    zh: "此处没有日期可确定一个月有多少天"
                ),
            )
            .with_help(msg!(
                en: "anchor both to a date and compare the dates, e.g. `as_of <= d + 1 month` \
                     rather than `as_of - d <= 1 month`",
                zh: "将两者都锚定到日期上再比较日期，例如写 `as_of <= d + 1 month`，\
                     而不是 `as_of - d <= 1 month`"
            )),
        );
    }

    fn infer_kind(&mut self, e: &Expr, hint: Option<&Type>) -> Type {
        match &e.kind {
            ExprKind::Bool(_) => Type::Bool,
            ExprKind::Int(_) => Type::Int,
            ExprKind::Decimal(_) => Type::Decimal,
            ExprKind::Money(_) => Type::Money,
            ExprKind::Date(_) => Type::Date,
            ExprKind::Duration(_) => Type::Duration,
            ExprKind::Text(_) => Type::Text,
            ExprKind::AsOf => Type::Date,
            ExprKind::Variant(v) => match hint.map(strip_optional) {
                Some(Type::Enum(id)) => self.variant(*id, &v.name, v.span),
                Some(Type::List(inner)) if matches!(**inner, Type::Enum(_)) => match **inner {
                    Type::Enum(id) => self.variant(id, &v.name, v.span),
                    _ => Type::Error,
                },
                Some(t) if t.is_error() => Type::Error,
                _ => {
                    let name = &v.name;
                    self.error(
                        Code::T001,
                        msg!(
                            en: "cannot tell which enum `.{name}` belongs to",
                            zh: "无法确定 `.{name}` 属于哪个枚举"
                        ),
                        e.span,
                        msg!(
                            en: "compare it with an enum value, e.g. `facility.sector == .energy`",
                            zh: "请与某个枚举值比较，例如 `facility.sector == .energy`"
                        ),
                    )
                }
            },
            ExprKind::Citation(c) => {
                let shown = c.display();
                self.error(
                    Code::T001,
                    msg!(
                        en: "a citation (`{shown}`) is not a value",
                        zh: "引用（`{shown}`）不是值"
                    ),
                    c.span,
                    msg!(
                        en: "citations go inside `violated(…)`, `satisfied(…)` or `applies(…)`",
                        zh: "引用应写在 `violated(…)`、`satisfied(…)` 或 `applies(…)` 之内"
                    ),
                )
            }
            ExprKind::IsAbsent(x) => {
                let ty = self.infer(x);
                if !matches!(ty, Type::Optional(_)) && !ty.is_error() {
                    let shown = self.show(&ty);
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::T001,
                            msg!(
                                en: "`is absent` needs an optional value, found `{shown}`",
                                zh: "`is absent` 需要可选值，实际是 `{shown}`"
                            ),
                        )
                        .with_primary(self.file, x.span, never_absent(&shown))
                        .with_help(msg!(
                            en: "only an `optional` fact can be known to be absent; to ask whether a fact was given at all, use `known(x)`",
                            zh: "只有 `optional` 事实才可能已知缺失；要判断某个事实是否已给出，请用 `known(x)`"
                        )),
                    );
                }
                Type::Bool
            }
            ExprKind::Facility => self.error(
                Code::T001,
                msg!(en: "`facility` needs a fact name", zh: "`facility` 后需要事实名称"),
                e.span,
                msg!(en: "write `facility.NAME`", zh: "应写作 `facility.NAME`"),
            ),
            ExprKind::Field(base, field) => {
                if matches!(base.kind, ExprKind::Facility) {
                    return self.fact(&field.name, field.span);
                }
                let base_ty = self.infer(base);
                match strip_optional(&base_ty) {
                    Type::Record(id) => self.field(*id, &field.name, field.span),
                    t if t.is_error() => Type::Error,
                    t => {
                        let shown = self.show(t);
                        let name = &field.name;
                        self.error(
                            Code::N006,
                            msg!(en: "`{shown}` has no fields", zh: "`{shown}` 没有字段"),
                            field.span,
                            msg!(en: "`.{name}` on a `{shown}`", zh: "对 `{shown}` 使用了 `.{name}`"),
                        )
                    }
                }
            }
            ExprKind::Name(path) => self.name(path),
            ExprKind::Unary(op, operand) => match op {
                UnaryOp::Not => self.expect(
                    operand,
                    &Type::Bool,
                    &msg!(en: "the operand of `not`", zh: "`not` 的操作数"),
                ),
                UnaryOp::Neg => {
                    let t = self.infer(operand);
                    if matches!(t, Type::Int | Type::Decimal | Type::Money | Type::Duration)
                        || t.is_error()
                    {
                        t
                    } else {
                        let shown = self.show(&t);
                        self.error(
                            Code::T002,
                            msg!(en: "cannot negate a `{shown}`", zh: "不能对 `{shown}` 取负"),
                            operand.span,
                            this_is(&shown),
                        )
                    }
                }
            },
            ExprKind::Binary(op, l, r) => self.binary(*op, l, r, e.span),
            ExprKind::Deadline(d) => {
                match &**d {
                    tiaoli_syntax::ast::Deadline::Within {
                        done,
                        period,
                        start,
                    } => {
                        self.deadline_date(
                            done,
                            &msg!(
                                en: "the act's date (before `within`)",
                                zh: "行为的日期（`within` 之前）"
                            ),
                        );
                        self.infer(period);
                        self.deadline_date(start, &after_after());
                    }
                    tiaoli_syntax::ast::Deadline::Every {
                        period,
                        last,
                        first,
                    } => {
                        // A literal, or a computed duration
                        // (`every drill_interval() since …`).
                        self.expect(
                            period,
                            &Type::Duration,
                            &msg!(en: "the period after `every`", zh: "`every` 之后的周期"),
                        );
                        self.deadline_date(
                            last,
                            &msg!(
                                en: "the last time it was done (after `since`)",
                                zh: "上次履行的日期（`since` 之后）"
                            ),
                        );
                        if let Some((p, start)) = first {
                            self.infer(p);
                            self.deadline_date(start, &after_after());
                        }
                    }
                }
                Type::Bool
            }
            ExprKind::If(c, t, f) => {
                self.expect(
                    c,
                    &Type::Bool,
                    &msg!(en: "the condition of `if`", zh: "`if` 的条件"),
                );
                let tt = self.infer_with(t, hint);
                let ft = self.infer_with(f, Some(&tt).filter(|t| !t.is_error()).or(hint));
                self.unify(
                    &tt,
                    &ft,
                    t.span,
                    f.span,
                    &msg!(en: "the branches of `if`", zh: "`if` 的两个分支"),
                )
            }
            ExprKind::List(items) => {
                let mut elem = hint.and_then(|h| match h {
                    Type::List(t) => Some((**t).clone()),
                    _ => None,
                });
                for item in items {
                    let t = self.infer_with(item, elem.as_ref());
                    match &elem {
                        None => elem = Some(t),
                        Some(prev) if !t.fits(prev) && !prev.fits(&t) => {
                            let (a, b) = (self.show(prev), self.show(&t));
                            self.error(
                                Code::T001,
                                msg!(
                                    en: "list elements must all be `{a}`, found `{b}`",
                                    zh: "列表元素必须都是 `{a}`，实际有 `{b}`"
                                ),
                                item.span,
                                this_is(&b),
                            );
                        }
                        _ => {}
                    }
                }
                Type::List(Box::new(elem.unwrap_or(Type::Any)))
            }
            ExprKind::Call(callee, args) => self.call(callee, args, e.span),
            ExprKind::Quantifier(q) => {
                let list_ty = self.infer(&q.list);
                let elem = match strip_optional(&list_ty) {
                    Type::List(t) => (**t).clone(),
                    t if t.is_error() => Type::Error,
                    t => {
                        let shown = self.show(t);
                        let kind = q.kind.as_str();
                        self.error(
                            Code::T005,
                            msg!(
                                en: "`{kind}` iterates over a `{shown}`",
                                zh: "`{kind}` 遍历的是 `{shown}`"
                            ),
                            q.list.span,
                            msg!(en: "not a list", zh: "不是列表"),
                        )
                    }
                };
                let var = Def::Local {
                    file: self.file,
                    decl: q.var.span,
                };
                declared(&mut self.uses.occurrences, self.file, q.var.span, var);
                self.scope
                    .names
                    .push((q.var.name.clone(), elem, q.var.span, var));
                if let Some(f) = &q.filter {
                    self.expect(
                        f,
                        &Type::Bool,
                        &msg!(en: "a `where` filter", zh: "`where` 筛选条件"),
                    );
                }
                let result = match q.kind {
                    QuantKind::Any | QuantKind::All | QuantKind::Count => {
                        match &q.body {
                            Some(b) => {
                                self.expect(
                                    b,
                                    &Type::Bool,
                                    &msg!(en: "the condition", zh: "条件"),
                                );
                            }
                            None if q.kind != QuantKind::Count => {
                                let kind = q.kind.as_str();
                                self.error(
                                    Code::T003,
                                    msg!(
                                        en: "`{kind}` needs a condition after `:`",
                                        zh: "`{kind}` 在 `:` 之后需要条件"
                                    ),
                                    e.span,
                                    msg!(
                                        en: "e.g. `any(p in facility.procurements: p.affects_national_security)`",
                                        zh: "例如 `any(p in facility.procurements: p.affects_national_security)`"
                                    ),
                                );
                            }
                            None => {}
                        }
                        if q.kind == QuantKind::Count {
                            Type::Int
                        } else {
                            Type::Bool
                        }
                    }
                    QuantKind::Sum => match &q.body {
                        Some(b) => {
                            let t = self.infer(b);
                            if matches!(t, Type::Int | Type::Decimal | Type::Money | Type::Duration)
                                || t.is_error()
                            {
                                t
                            } else {
                                let shown = self.show(&t);
                                self.error(
                                    Code::T002,
                                    msg!(
                                        en: "cannot sum `{shown}` values",
                                        zh: "不能对 `{shown}` 值求和"
                                    ),
                                    b.span,
                                    this_is(&shown),
                                )
                            }
                        }
                        None => self.error(
                            Code::T003,
                            msg!(en: "`sum` needs a value after `:`", zh: "`sum` 在 `:` 之后需要一个值"),
                            e.span,
                            msg!(
                                en: "e.g. `sum(p in facility.procurements: p.amount_cny)`",
                                zh: "例如 `sum(p in facility.procurements: p.amount_cny)`"
                            ),
                        ),
                    },
                };
                self.scope.names.pop();
                result
            }
        }
    }

    fn unify(&mut self, a: &Type, b: &Type, sa: TextRange, sb: TextRange, what: &Msg) -> Type {
        if b.fits(a) {
            a.clone()
        } else if a.fits(b) {
            b.clone()
        } else {
            let (x, y) = (self.show(a), self.show(b));
            let (what, what_zh) = (what.en(), what.zh());
            self.diagnostics.push(
                Diagnostic::new(
                    Code::T001,
                    msg!(
                        en: "{what} have different types, `{x}` and `{y}`",
                        zh: "{what_zh}类型不同：`{x}` 和 `{y}`"
                    ),
                )
                .with_primary(self.file, sb, this_is(&y))
                .with_secondary(self.file, sa, this_is(&x)),
            );
            Type::Error
        }
    }

    fn binary(&mut self, op: BinaryOp, l: &Expr, r: &Expr, span: TextRange) -> Type {
        use BinaryOp as B;
        match op {
            B::And | B::Or => {
                let sym = op.symbol();
                self.expect(
                    l,
                    &Type::Bool,
                    &msg!(en: "the left side of `{sym}`", zh: "`{sym}` 的左侧"),
                );
                self.expect(
                    r,
                    &Type::Bool,
                    &msg!(en: "the right side of `{sym}`", zh: "`{sym}` 的右侧"),
                );
                return Type::Bool;
            }
            B::Otherwise => {
                let lt = self.infer(l);
                // `otherwise` replaces a value known to be absent, which
                // only an optional one can be; it never replaces unknown.
                if !matches!(lt, Type::Optional(_)) && !lt.is_error() {
                    let shown = self.show(&lt);
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::T001,
                            msg!(
                                en: "the left side of `otherwise` must be optional, found `{shown}`",
                                zh: "`otherwise` 的左侧必须是可选值，实际是 `{shown}`"
                            ),
                        )
                        .with_primary(self.file, l.span, never_absent(&shown))
                        .with_help(msg!(
                            en: "`x otherwise y` gives `y` when the optional `x` is known to be absent; a fact that is not given stays unknown and cannot be defaulted",
                            zh: "可选的 `x` 已知缺失时，`x otherwise y` 取 `y`；未给出的事实仍是未知，不能用默认值代替"
                        )),
                    );
                }
                let inner = strip_optional(&lt).clone();
                self.expect(
                    r,
                    &inner,
                    &msg!(en: "the fallback after `otherwise`", zh: "`otherwise` 之后的替代值"),
                );
                return inner;
            }
            B::In => {
                let lt = self.infer(l);
                let list_hint = Type::List(Box::new(strip_optional(&lt).clone()));
                let rt = self.infer_with(r, Some(&list_hint));
                match &rt {
                    Type::List(elem)
                        if strip_optional(&lt).fits(elem) || elem.fits(strip_optional(&lt)) => {}
                    t if t.is_error() => {}
                    _ => {
                        let (a, b) = (self.show(&lt), self.show(&rt));
                        self.incompatible(op, &a, &b, l.span, r.span, span);
                    }
                }
                return Type::Bool;
            }
            _ => {}
        }
        // Infer the side that is not a bare `.variant` first, so the
        // variant learns its enum from the other side.
        let (lt, rt) = if matches!(l.kind, ExprKind::Variant(_)) {
            let rt = self.infer(r);
            (self.infer_with(l, Some(&rt)), rt)
        } else {
            let lt = self.infer(l);
            (lt.clone(), self.infer_with(r, Some(&lt)))
        };
        if lt.is_error() || rt.is_error() {
            return match op {
                B::Eq | B::Ne | B::Lt | B::Le | B::Gt | B::Ge => Type::Bool,
                _ => Type::Error,
            };
        }
        for (ty, e) in [(&lt, l), (&rt, r)] {
            if let Type::Optional(inner) = ty {
                let shown = self.show(inner);
                let sym = op.symbol();
                self.diagnostics.push(
                    Diagnostic::new(Code::T004, msg!(
                        en: "the operand of `{sym}` is an optional `{shown}`",
                        zh: "`{sym}` 的操作数是可选的 `{shown}`"
                    ))
                        .with_primary(self.file, e.span, msg!(en: "may be absent", zh: "可能缺失"))
                        .with_help(msg!(
                            en: "give a fallback for when it is known to be absent with `otherwise`, e.g. `(x otherwise 0)`, or test it with `x is absent`",
                            zh: "用 `otherwise` 给出已知缺失时的替代值，例如 `(x otherwise 0)`，或用 `x is absent` 检验它"
                        )),
                );
            }
        }
        let (lt, rt) = (strip_optional(&lt).clone(), strip_optional(&rt).clone());
        if lt == Type::Duration
            && rt == Type::Duration
            && matches!(
                op,
                B::Eq | B::Ne | B::Lt | B::Le | B::Gt | B::Ge | B::Add | B::Sub
            )
        {
            self.mixed_units(op, l, r, span);
        }
        let result = match op {
            B::Eq | B::Ne => (lt.fits(&rt) || rt.fits(&lt)).then_some(Type::Bool),
            B::Lt | B::Le | B::Gt | B::Ge => {
                let ordered = |t: &Type| {
                    matches!(
                        t,
                        Type::Int | Type::Decimal | Type::Money | Type::Date | Type::Duration
                    )
                };
                (ordered(&lt) && (lt.fits(&rt) || rt.fits(&lt))).then_some(Type::Bool)
            }
            B::Add | B::Sub => arith_add(op, &lt, &rt),
            B::Mul | B::Div => arith_mul(op, &lt, &rt),
            B::And | B::Or | B::Otherwise | B::In => None,
        };
        match result {
            Some(t) => t,
            None => {
                let (a, b) = (self.show(&lt), self.show(&rt));
                self.incompatible(op, &a, &b, l.span, r.span, span)
            }
        }
    }

    fn incompatible(
        &mut self,
        op: BinaryOp,
        a: &str,
        b: &str,
        ls: TextRange,
        rs: TextRange,
        span: TextRange,
    ) -> Type {
        let message = match op {
            BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge => {
                msg!(en: "cannot compare `{a}` with `{b}`", zh: "不能将 `{a}` 与 `{b}` 比较")
            }
            BinaryOp::Add => {
                msg!(en: "cannot add `{b}` to `{a}`", zh: "不能将 `{b}` 加到 `{a}` 上")
            }
            BinaryOp::Sub => msg!(
                en: "cannot subtract `{b}` from `{a}`",
                zh: "不能从 `{a}` 中减去 `{b}`"
            ),
            BinaryOp::In => msg!(
                en: "cannot look for a `{a}` in a `{b}`",
                zh: "不能在 `{b}` 中查找 `{a}`"
            ),
            BinaryOp::Mul => msg!(
                en: "cannot multiply `{a}` and `{b}`",
                zh: "不能将 `{a}` 与 `{b}` 相乘"
            ),
            BinaryOp::Div => msg!(
                en: "cannot divide `{a}` and `{b}`",
                zh: "不能将 `{a}` 与 `{b}` 相除"
            ),
            _ => msg!(en: "cannot combine `{a}` and `{b}`", zh: "不能组合 `{a}` 和 `{b}`"),
        };
        let _ = span;
        self.diagnostics.push(
            Diagnostic::new(Code::T002, message)
                .with_primary(self.file, rs, this_is(b))
                .with_secondary(self.file, ls, this_is(a))
                .with_help(arith_help(op)),
        );
        Type::Error
    }

    fn variant(&mut self, enum_id: SymbolId, name: &str, span: TextRange) -> Type {
        let Some(members) = self.model.members(enum_id) else {
            return Type::Error;
        };
        if let Some(index) = members.get_index_of(name) {
            self.resolved(span, Ref::Variant(enum_id, index));
            let index = index as u32;
            self.occurs(span, Def::Variant { enum_id, index });
            return Type::Enum(enum_id);
        }
        let enum_name = self.model.symbol(enum_id).name.clone();
        let mut d = Diagnostic::new(
            Code::N005,
            msg!(
                en: "`{name}` is not a variant of `{enum_name}`",
                zh: "`{name}` 不是 `{enum_name}` 的变体"
            ),
        )
        .with_primary(
            self.file,
            span,
            msg!(en: "unknown variant", zh: "未知的变体"),
        );
        let candidates: Vec<&str> = members.keys().map(String::as_str).collect();
        d = match closest(name, candidates.iter().copied()) {
            Some(c) => d.with_did_you_mean(self.file, span, c),
            None => {
                let list = candidates
                    .iter()
                    .map(|c| format!("`.{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                d.with_help(msg!(en: "the variants are {list}", zh: "可用的变体有 {list}"))
            }
        };
        self.diagnostics.push(d);
        Type::Error
    }

    fn field(&mut self, record: SymbolId, name: &str, span: TextRange) -> Type {
        let Some(fields) = self.model.members(record) else {
            return Type::Error;
        };
        if let Some((index, _, (_, ty))) = fields.get_full(name) {
            let ty = ty.clone();
            self.resolved(span, Ref::Field(record, index));
            let index = index as u32;
            self.occurs(span, Def::Field { record, index });
            return ty;
        }
        let record_name = self.model.symbol(record).name.clone();
        let mut d = Diagnostic::new(
            Code::N006,
            msg!(
                en: "`{record_name}` has no field `{name}`",
                zh: "`{record_name}` 没有字段 `{name}`"
            ),
        )
        .with_primary(self.file, span, msg!(en: "unknown field", zh: "未知的字段"));
        if let Some(c) = closest(name, fields.keys().map(String::as_str)) {
            d = d.with_did_you_mean(self.file, span, c);
        }
        self.diagnostics.push(d);
        Type::Error
    }

    /// `facility.NAME`: a fact of this pack or a dependency.
    pub fn fact(&mut self, name: &str, span: TextRange) -> Type {
        let model = self.model;
        for p in model.visible_packs(self.pack) {
            if let Some(&id) = model.packs[p].facts.get(name) {
                self.use_symbol(id, span);
                self.resolved(span, Ref::Fact(id));
                self.occurs(span, Def::Symbol(id));
                return model.symbol(id).ty.clone();
            }
        }
        let candidates: Vec<&str> = model
            .visible_packs(self.pack)
            .flat_map(|p| model.packs[p].facts.keys().map(String::as_str))
            .collect();
        let mut d = Diagnostic::new(
            Code::N001,
            msg!(en: "unknown fact `{name}`", zh: "未知的事实 `{name}`"),
        )
        .with_primary(
            self.file,
            span,
            msg!(en: "no fact of this name is declared", zh: "没有声明此名称的事实"),
        );
        if let Some(c) = closest(name, candidates) {
            d = d.with_did_you_mean(self.file, span, c);
        }
        self.diagnostics.push(d);
        Type::Error
    }

    /// A value name: a local, then definitions/determinations/rules.
    fn name(&mut self, path: &PathName) -> Type {
        if path.pack.is_none()
            && let Some(index) = self
                .scope
                .names
                .iter()
                .rposition(|(n, _, _, _)| *n == path.name.name)
        {
            let ty = self.scope.names[index].1.clone();
            let def = self.scope.names[index].3;
            self.resolved(path.span, Ref::Local(index));
            self.occurs(path.name.span, def);
            return ty;
        }
        let Some(id) = self.lookup_value(path) else {
            return Type::Error;
        };
        let sym = self.model.symbol(id);
        match sym.kind {
            SymbolKind::Define | SymbolKind::Determination => {
                let ty = sym.ty.clone();
                self.use_symbol(id, path.span);
                self.resolved(path.span, Ref::Value(id));
                ty
            }
            kind => {
                let shown = path.display();
                let hint = match kind {
                    SymbolKind::Obligation | SymbolKind::Prohibition => Some(msg!(
                        en: "use `violated({shown})`, `satisfied({shown})` or `applies({shown})`",
                        zh: "请使用 `violated({shown})`、`satisfied({shown})` 或 `applies({shown})`"
                    )),
                    SymbolKind::Penalty => Some(msg!(
                        en: "use `triggered({shown})`",
                        zh: "请使用 `triggered({shown})`"
                    )),
                    SymbolKind::Extension => Some(msg!(
                        en: "call it: `{shown}()`",
                        zh: "应调用它：`{shown}()`"
                    )),
                    _ => None,
                };
                let (k, k_zh) = (kind.describe(), kind.describe_zh());
                let mut d = Diagnostic::new(
                    Code::T007,
                    msg!(en: "`{shown}` is a {k}, not a value", zh: "`{shown}` 是{k_zh}，不是值"),
                )
                .with_primary(
                    self.file,
                    path.span,
                    msg!(en: "used as a value", zh: "被当作值使用"),
                );
                if let Some(hint) = hint {
                    d = d.with_help(hint);
                }
                self.diagnostics.push(d);
                Type::Error
            }
        }
    }

    /// Looks a name up among the values of this pack and its dependencies,
    /// reporting unknown and ambiguous names; records what it found.
    pub fn lookup_value(&mut self, path: &PathName) -> Option<SymbolId> {
        let id = self.find_value(path)?;
        self.occurs(path.name.span, Def::Symbol(id));
        Some(id)
    }

    fn find_value(&mut self, path: &PathName) -> Option<SymbolId> {
        let model = self.model;
        let name = path.name.name.as_str();
        if let Some(q) = &path.pack {
            let Some(p) = qualifier(model, self.pack, self.file, q, &mut self.uses.occurrences)
            else {
                self.diagnostics
                    .push(unknown_pack(model, self.pack, self.file, q));
                return None;
            };
            if let Some(&id) = model.packs[p].values.get(name) {
                return Some(id);
            }
        } else {
            if let Some(&id) = model.packs[self.pack].values.get(name) {
                return Some(id);
            }
            let found: Vec<SymbolId> = model.packs[self.pack]
                .deps
                .iter()
                .filter_map(|&p| model.packs[p].values.get(name).copied())
                .collect();
            match found.as_slice() {
                [one] => return Some(*one),
                [first, second, ..] => {
                    self.uses.used.extend(found.iter().copied());
                    let (a, b) = (model.symbol(*first), model.symbol(*second));
                    // Both are declared in other items: placed later.
                    let (pa, pb) = (&model.packs[a.pack].ident, &model.packs[b.pack].ident);
                    let d = Diagnostic::new(
                        Code::N013,
                        msg!(
                            en: "`{name}` is declared by two dependencies",
                            zh: "`{name}` 在两个依赖中都有声明"
                        ),
                    )
                    .with_primary(self.file, path.span, msg!(en: "ambiguous", zh: "有歧义"))
                    .with_secondary(
                        a.file,
                        TextRange::default(),
                        msg!(en: "in `{pa}`", zh: "位于 `{pa}`"),
                    )
                    .with_secondary(
                        b.file,
                        TextRange::default(),
                        msg!(en: "in `{pb}`", zh: "位于 `{pb}`"),
                    )
                    .with_help(msg!(
                        en: "qualify it: `{pa}::{name}`",
                        zh: "请加上规则包限定：`{pa}::{name}`"
                    ));
                    let at = [(1, Def::Symbol(*first)), (2, Def::Symbol(*second))];
                    crate::scope::push_pointing(self.diagnostics, self.pending, d, &at);
                    return None;
                }
                [] => {}
            }
        }
        let mut candidates: Vec<&str> = model
            .visible_packs(self.pack)
            .flat_map(|p| model.packs[p].values.keys().map(String::as_str))
            .collect();
        candidates.extend(self.scope.names.iter().map(|(n, _, _, _)| n.as_str()));
        let shown = path.display();
        let mut d = Diagnostic::new(
            Code::N001,
            msg!(en: "unresolved name `{shown}`", zh: "无法解析的名称 `{shown}`"),
        )
        .with_primary(
            self.file,
            path.span,
            msg!(
                en: "not a definition, rule or local name",
                zh: "不是定义、规则或局部名称"
            ),
        );
        if let Some(c) = closest(name, candidates) {
            d = d.with_did_you_mean(self.file, path.name.span, c);
        } else if model
            .visible_packs(self.pack)
            .any(|p| model.packs[p].facts.contains_key(name))
        {
            d = d.with_help(msg!(
                en: "facts are read through the facility: `facility.{name}`",
                zh: "事实需通过 `facility` 读取：`facility.{name}`"
            ));
        }
        self.diagnostics.push(d);
        None
    }

    fn call(&mut self, callee: &PathName, args: &[Expr], span: TextRange) -> Type {
        let name = callee.name.name.as_str();
        if callee.pack.is_none() && BUILTINS.contains(&name) {
            return self.builtin(name, args, span);
        }
        let Some(id) = self.lookup_value(callee) else {
            for a in args {
                self.infer(a);
            }
            return Type::Error;
        };
        let sym = self.model.symbol(id);
        if sym.kind != SymbolKind::Extension {
            let (kind, kind_zh) = (sym.kind.describe(), sym.kind.describe_zh());
            let shown = callee.display();
            return self.error(
                Code::T007,
                msg!(
                    en: "`{shown}` is a {kind}, not a function",
                    zh: "`{shown}` 是{kind_zh}，不是函数"
                ),
                callee.span,
                msg!(en: "cannot be called", zh: "不能调用"),
            );
        }
        let ty = sym.ty.clone();
        if !args.is_empty() {
            let shown = callee.display();
            self.error(
                Code::T003,
                msg!(
                    en: "extension point `{shown}` takes no arguments",
                    zh: "扩展点 `{shown}` 不接受参数"
                ),
                span,
                msg!(en: "remove the arguments", zh: "请删除参数"),
            );
        }
        self.use_symbol(id, callee.span);
        self.resolved(callee.span, Ref::Extension(id));
        ty
    }

    fn builtin(&mut self, name: &str, args: &[Expr], span: TextRange) -> Type {
        let arity = match name {
            "min" | "max" => 2,
            _ => 1,
        };
        if args.len() != arity {
            for a in args {
                self.infer(a);
            }
            let s = if arity == 1 { "" } else { "s" };
            let found = args.len();
            return self.error(
                Code::T003,
                msg!(
                    en: "`{name}` takes {arity} argument{s}, found {found}",
                    zh: "`{name}` 需要 {arity} 个参数，实际有 {found} 个"
                ),
                span,
                msg!(en: "wrong number of arguments", zh: "参数个数不对"),
            );
        }
        match name {
            "known" => {
                self.infer(&args[0]);
                Type::Bool
            }
            "min" | "max" => {
                let a = self.infer(&args[0]);
                let b = self.infer_with(&args[1], Some(&a));
                let ordered = |t: &Type| {
                    matches!(
                        t,
                        Type::Int | Type::Decimal | Type::Money | Type::Date | Type::Duration
                    ) || t.is_error()
                };
                if !ordered(&a) {
                    let shown = self.show(&a);
                    return self.error(
                        Code::T003,
                        msg!(
                            en: "`{name}` needs numbers, amounts, dates or durations, found `{shown}`",
                            zh: "`{name}` 需要数字、金额、日期或期限，实际是 `{shown}`"
                        ),
                        args[0].span,
                        this_is(&shown),
                    );
                }
                self.unify(
                    &a,
                    &b,
                    args[0].span,
                    args[1].span,
                    &msg!(en: "the arguments of `{name}`", zh: "`{name}` 的参数"),
                )
            }
            "triggered" => {
                self.rule_arg(&args[0], name, &[SymbolKind::Penalty]);
                Type::Bool
            }
            _ => {
                self.rule_arg(
                    &args[0],
                    name,
                    &[SymbolKind::Obligation, SymbolKind::Prohibition],
                );
                Type::Bool
            }
        }
    }

    /// The argument of `violated(…)` and friends: a rule name or a citation.
    fn rule_arg(&mut self, arg: &Expr, func: &str, kinds: &[SymbolKind]) {
        match &arg.kind {
            ExprKind::Name(path) => {
                if let Some(id) = self.lookup_value(path) {
                    let kind = self.model.symbol(id).kind;
                    if kinds.contains(&kind) {
                        self.use_symbol(id, path.span);
                        self.resolved(path.span, Ref::Rules(vec![id]));
                    } else {
                        // Reported below; it is still a use, not an unused name.
                        self.uses.used.insert(id);
                        let message = wrong_kind(func, kinds, &path.display(), kind);
                        self.error(Code::T007, message, path.span, wrong_kind_label());
                    }
                }
            }
            ExprKind::Citation(c) if kinds.contains(&SymbolKind::Obligation) => {
                let duties = self.cited_duties(c);
                for &d in &duties {
                    self.use_symbol(d, c.span);
                }
                self.resolved(c.span, Ref::Rules(duties));
            }
            _ => {
                self.infer(arg);
                self.error(
                    Code::T003,
                    msg!(
                        en: "`{func}` takes a rule name or a citation",
                        zh: "`{func}` 的参数应为规则名称或引用"
                    ),
                    arg.span,
                    msg!(en: "not a rule", zh: "不是规则"),
                );
            }
        }
    }

    /// The obligations and prohibitions a citation covers; reports a
    /// citation of nothing.
    pub fn cited_duties(&mut self, c: &Citation) -> Vec<SymbolId> {
        let Some((pack, true)) = self.resolve_citation(c) else {
            return Vec::new();
        };
        let model = self.model;
        let info = &model.packs[pack].articles[&c.article];
        let duties: Vec<SymbolId> = info
            .rules
            .iter()
            .filter(|(id, para, item)| {
                model.symbol(*id).kind.is_duty()
                    && (c.para.is_none()
                        || *para == c.para
                        || para.is_none() && c.para == Some(1) && info.paras.len() == 1)
                    && (c.item.is_none() || *item == c.item)
            })
            .map(|(id, _, _)| *id)
            .collect();
        if duties.is_empty() {
            let shown = c.display();
            self.diagnostics.push(
                Diagnostic::new(
                    Code::T007,
                    msg!(
                        en: "`{shown}` owns no obligation or prohibition",
                        zh: "`{shown}` 之下没有义务或禁止性规定"
                    ),
                )
                .with_primary(
                    self.file,
                    c.span,
                    msg!(en: "nothing here can be violated", zh: "此处没有可违反的规定"),
                )
                .with_help(msg!(
                    en: "name the rule itself, or cite the article that owns it",
                    zh: "请直接写出规则名称，或引用包含该规则的条"
                )),
            );
        }
        duties
    }

    /// Finds the cited article (paragraph, item) and reports N004 if it does
    /// not exist. Returns the pack and whether it resolved.
    pub fn resolve_citation(&mut self, c: &Citation) -> Option<(usize, bool)> {
        check_citation(
            self.model,
            self.pack,
            self.file,
            c,
            self.diagnostics,
            &mut self.uses.occurrences,
        )
    }
}

/// Checks that a citation names something that exists.
pub(crate) fn check_citation(
    model: &Model,
    pack: usize,
    file: FileId,
    c: &Citation,
    diagnostics: &mut Vec<Diagnostic>,
    occurrences: &mut Sink,
) -> Option<(usize, bool)> {
    let target = match &c.pack {
        Some(q) => match qualifier(model, pack, file, q, occurrences) {
            Some(p) => p,
            None => {
                diagnostics.push(unknown_pack(model, pack, file, q));
                return None;
            }
        },
        None => pack,
    };
    // Sector packs cite the regulation they implement.
    let target = if model.packs[target].articles.is_empty() && c.pack.is_none() {
        model.packs[target]
            .deps
            .iter()
            .copied()
            .find(|&d| !model.packs[d].articles.is_empty())
            .unwrap_or(target)
    } else {
        target
    };
    let articles = &model.packs[target].articles;
    let shown = c.display();
    // A 0 anywhere was reported by the parser (S005).
    if c.article == 0 || c.para == Some(0) || c.item == Some(0) {
        return Some((target, false));
    }
    let Some(info) = articles.get(&c.article) else {
        let max = articles.keys().next_back().copied();
        let article = c.article;
        let mut d = Diagnostic::new(
            Code::N004,
            msg!(
                en: "`{shown}` cites an article that does not exist",
                zh: "`{shown}` 引用了不存在的条"
            ),
        )
        .with_primary(
            file,
            c.span,
            msg!(en: "no article {article}", zh: "没有第{article}条"),
        );
        if let Some(max) = max {
            let ident = &model.packs[target].ident;
            let first = articles.keys().next().copied().unwrap_or(1);
            d = d.with_help(msg!(
                en: "`{ident}` has articles {first}..={max}",
                zh: "`{ident}` 的条文为第{first}条至第{max}条"
            ));
        }
        diagnostics.push(d);
        return Some((target, false));
    };
    if let Some(p) = c.para {
        let Some(items) = info.paras.get(&p) else {
            let (article, count) = (c.article, info.paras.len());
            diagnostics.push(
                Diagnostic::new(
                    Code::N004,
                    msg!(
                        en: "`{shown}` cites a paragraph that does not exist",
                        zh: "`{shown}` 引用了不存在的款"
                    ),
                )
                .with_primary(
                    file,
                    c.span,
                    msg!(
                        en: "article {article} has {count} paragraph(s)",
                        zh: "第{article}条共有 {count} 款"
                    ),
                ),
            );
            return Some((target, false));
        };
        if let Some(i) = c.item
            && !items.contains(&i)
        {
            let (article, count) = (c.article, items.len());
            diagnostics.push(
                Diagnostic::new(
                    Code::N004,
                    msg!(
                        en: "`{shown}` cites an item that does not exist",
                        zh: "`{shown}` 引用了不存在的项"
                    ),
                )
                .with_primary(
                    file,
                    c.span,
                    msg!(
                        en: "paragraph {p} of article {article} has {count} item(s)",
                        zh: "第{article}条第{p}款共有 {count} 项"
                    ),
                ),
            );
            return Some((target, false));
        }
    }
    used(
        occurrences,
        file,
        citation_range(c),
        citation_def(target, c),
    );
    Some((target, true))
}

/// A citation without its pack qualifier (which is a name of its own).
fn citation_range(c: &Citation) -> TextRange {
    match &c.pack {
        Some(q) => TextRange::new((q.span.end() + 2).min(c.span.end()), c.span.end()),
        None => c.span,
    }
}

/// The article, paragraph or item a citation names.
fn citation_def(pack: usize, c: &Citation) -> Def {
    let article = c.article;
    match (c.para, c.item) {
        (Some(para), Some(item)) => Def::Item {
            pack,
            article,
            para,
            item,
        },
        (Some(para), None) => Def::Paragraph {
            pack,
            article,
            para,
        },
        _ => Def::Article { pack, article },
    }
}

/// The unit of a sum or difference of durations.
fn combine(a: Unit, b: Unit) -> Unit {
    match (a, b) {
        (x, y) if x == y => x,
        (Unit::Any, x) | (x, Unit::Any) => x,
        (Unit::Date, x) | (x, Unit::Date) => x,
        _ => Unit::Mixed,
    }
}

pub(crate) fn strip_optional(t: &Type) -> &Type {
    match t {
        Type::Optional(inner) => inner,
        t => t,
    }
}

fn arith_add(op: BinaryOp, l: &Type, r: &Type) -> Option<Type> {
    use Type as T;
    Some(match (l, r) {
        (T::Int, T::Int) => T::Int,
        (T::Int | T::Decimal, T::Int | T::Decimal) => T::Decimal,
        (T::Money, T::Money) => T::Money,
        (T::Date, T::Duration) => T::Date,
        (T::Duration, T::Date) if op == BinaryOp::Add => T::Date,
        (T::Date, T::Date) if op == BinaryOp::Sub => T::Duration,
        (T::Duration, T::Duration) => T::Duration,
        _ => return None,
    })
}

fn arith_mul(op: BinaryOp, l: &Type, r: &Type) -> Option<Type> {
    use Type as T;
    Some(match (l, r) {
        (T::Int, T::Int) if op == BinaryOp::Mul => T::Int,
        (T::Int | T::Decimal, T::Int | T::Decimal) => T::Decimal,
        (T::Money, T::Int | T::Decimal) => T::Money,
        (T::Int | T::Decimal, T::Money) if op == BinaryOp::Mul => T::Money,
        (T::Money, T::Money) if op == BinaryOp::Div => T::Decimal,
        (T::Duration, T::Int) if op == BinaryOp::Mul => T::Duration,
        (T::Int, T::Duration) if op == BinaryOp::Mul => T::Duration,
        _ => return None,
    })
}

fn arith_help(op: BinaryOp) -> Msg {
    match op {
        BinaryOp::Add | BinaryOp::Sub => msg!(
            en: "`+`/`-` work on numbers, on amounts of money, and on a date with a duration (`date + 1 year`, `date - date`)",
            zh: "`+`/`-` 适用于数字、金额，以及日期与期限（`date + 1 year`、`date - date`）"
        ),
        BinaryOp::Mul | BinaryOp::Div => msg!(
            en: "`*`/`/` work on numbers, and scale money or durations by a number",
            zh: "`*`/`/` 适用于数字，也可将金额或期限乘除以数字"
        ),
        BinaryOp::In => msg!(
            en: "`x in [a, b]` needs a list of values of the type of `x`",
            zh: "`x in [a, b]` 需要由与 `x` 同类型的值组成的列表"
        ),
        _ => msg!(
            en: "both sides must have the same type: numbers with numbers, money with money, dates with dates",
            zh: "两侧类型必须相同：数字对数字，金额对金额，日期对日期"
        ),
    }
}

/// The label on an expression of the wrong type: "this is `T`".
pub(crate) fn this_is(ty: &str) -> Msg {
    msg!(en: "this is `{ty}`", zh: "这是 `{ty}`")
}

fn never_absent(ty: &str) -> Msg {
    msg!(en: "this is `{ty}`, never absent", zh: "这是 `{ty}`，不会缺失")
}

fn after_after() -> Msg {
    msg!(en: "the start (after `after`)", zh: "起算日期（`after` 之后）")
}

/// T007: `what` (a builtin, `trigger`, `exempts`…) names a rule of another
/// kind than it takes.
pub(crate) fn wrong_kind(what: &str, kinds: &[SymbolKind], shown: &str, kind: SymbolKind) -> Msg {
    let wanted = kinds
        .iter()
        .map(|k| k.describe())
        .collect::<Vec<_>>()
        .join(" or ");
    let wanted_zh = kinds
        .iter()
        .map(|k| k.describe_zh())
        .collect::<Vec<_>>()
        .join("或");
    let (k, k_zh) = (kind.describe(), kind.describe_zh());
    msg!(
        en: "`{what}` needs an {wanted}, but `{shown}` is a {k}",
        zh: "`{what}` 需要{wanted_zh}，但 `{shown}` 是{k_zh}"
    )
}

pub(crate) fn wrong_kind_label() -> Msg {
    msg!(en: "wrong kind of rule", zh: "规则种类不对")
}
