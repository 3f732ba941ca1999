//! Expression checking: resolves every name (facts through `facility.`,
//! definitions, determinations, locals, rule references in `violated(…)`)
//! and infers types, reporting mismatches. Every resolved reference is
//! recorded as a use (for the dependency graph and the unused lints).

use std::collections::HashMap;

use tiaoli_diagnostics::{Code, Diagnostic};
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
    fn error(
        &mut self,
        code: Code,
        message: String,
        span: TextRange,
        label: impl Into<tiaoli_diagnostics::Msg>,
    ) -> Type {
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

    /// Checks `e` and requires it to have type `expected`.
    pub fn expect(&mut self, e: &Expr, expected: &Type, what: &str) -> Type {
        let ty = self.infer_with(e, Some(expected));
        if let Type::Optional(inner) = &ty
            && !matches!(expected, Type::Optional(_))
            && inner.fits(expected)
        {
            self.diagnostics.push(
                    Diagnostic::new(Code::T004, format!("{what} is an optional `{}`", self.show(inner)))
                        .with_primary(self.file, e.span, "may be absent")
                        .with_help("give a fallback for when it is known to be absent with `otherwise`, e.g. `x otherwise false`, or test it with `x is absent`"),
                );
            return Type::Error;
        }
        if !ty.fits(expected) {
            let (t, x) = (self.show(&ty), self.show(expected));
            return self.error(
                Code::T001,
                format!("{what} must be `{x}`, found `{t}`"),
                e.span,
                format!("this is `{t}`"),
            );
        }
        ty
    }

    /// A date a deadline reads: `date`, or `optional date` (absent: the
    /// act was never done).
    fn deadline_date(&mut self, e: &Expr, what: &str) {
        let ty = self.infer(e);
        if !ty.is_error() && !strip_optional(&ty).fits(&Type::Date) {
            let t = self.show(&ty);
            self.error(
                Code::T001,
                format!("{what} must be a `date`, found `{t}`"),
                e.span,
                format!("this is `{t}`"),
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
        self.diagnostics.push(
            Diagnostic::new(
                Code::T009,
                format!(
                    "`{}` between a duration of {} and one of {}",
                    op.symbol(),
                    name(a),
                    name(b)
                ),
            )
            .with_primary(
                self.file,
                span,
                "no date says how many days a month is here",
            )
            .with_help(
                "anchor both to a date and compare the dates, e.g. `as_of <= d + 1 month` \
                 rather than `as_of - d <= 1 month`",
            ),
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
                _ => self.error(
                    Code::T001,
                    format!("cannot tell which enum `.{}` belongs to", v.name),
                    e.span,
                    "compare it with an enum value, e.g. `facility.sector == .energy`",
                ),
            },
            ExprKind::Citation(c) => self.error(
                Code::T001,
                format!("a citation (`{}`) is not a value", c.display()),
                c.span,
                "citations go inside `violated(…)`, `satisfied(…)` or `applies(…)`",
            ),
            ExprKind::IsAbsent(x) => {
                let ty = self.infer(x);
                if !matches!(ty, Type::Optional(_)) && !ty.is_error() {
                    let shown = self.show(&ty);
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::T001,
                            format!("`is absent` needs an optional value, found `{shown}`"),
                        )
                        .with_primary(self.file, x.span, format!("this is `{shown}`, never absent"))
                        .with_help("only an `optional` fact can be known to be absent; to ask whether a fact was given at all, use `known(x)`"),
                    );
                }
                Type::Bool
            }
            ExprKind::Facility => self.error(
                Code::T001,
                "`facility` needs a fact name".to_owned(),
                e.span,
                "write `facility.NAME`",
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
                        self.error(
                            Code::N006,
                            format!("`{shown}` has no fields"),
                            field.span,
                            format!("`.{}` on a `{shown}`", field.name),
                        )
                    }
                }
            }
            ExprKind::Name(path) => self.name(path),
            ExprKind::Unary(op, operand) => match op {
                UnaryOp::Not => self.expect(operand, &Type::Bool, "the operand of `not`"),
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
                            format!("cannot negate a `{shown}`"),
                            operand.span,
                            format!("this is `{shown}`"),
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
                        self.deadline_date(done, "the act's date (before `within`)");
                        self.infer(period);
                        self.deadline_date(start, "the start (after `after`)");
                    }
                    tiaoli_syntax::ast::Deadline::Every {
                        period,
                        last,
                        first,
                    } => {
                        // A literal, or a computed duration
                        // (`every drill_interval() since …`).
                        self.expect(period, &Type::Duration, "the period after `every`");
                        self.deadline_date(last, "the last time it was done (after `since`)");
                        if let Some((p, start)) = first {
                            self.infer(p);
                            self.deadline_date(start, "the start (after `after`)");
                        }
                    }
                }
                Type::Bool
            }
            ExprKind::If(c, t, f) => {
                self.expect(c, &Type::Bool, "the condition of `if`");
                let tt = self.infer_with(t, hint);
                let ft = self.infer_with(f, Some(&tt).filter(|t| !t.is_error()).or(hint));
                self.unify(&tt, &ft, t.span, f.span, "the branches of `if`")
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
                                format!("list elements must all be `{a}`, found `{b}`"),
                                item.span,
                                format!("this is `{b}`"),
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
                        self.error(
                            Code::T005,
                            format!("`{}` iterates over a `{shown}`", q.kind.as_str()),
                            q.list.span,
                            "not a list",
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
                    self.expect(f, &Type::Bool, "a `where` filter");
                }
                let result = match q.kind {
                    QuantKind::Any | QuantKind::All | QuantKind::Count => {
                        match &q.body {
                            Some(b) => {
                                self.expect(b, &Type::Bool, "the condition");
                            }
                            None if q.kind != QuantKind::Count => {
                                self.error(Code::T003, format!("`{}` needs a condition after `:`", q.kind.as_str()), e.span, "e.g. `any(p in facility.procurements: p.affects_national_security)`");
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
                                    format!("cannot sum `{shown}` values"),
                                    b.span,
                                    format!("this is `{shown}`"),
                                )
                            }
                        }
                        None => self.error(
                            Code::T003,
                            "`sum` needs a value after `:`".to_owned(),
                            e.span,
                            "e.g. `sum(p in facility.procurements: p.amount_cny)`",
                        ),
                    },
                };
                self.scope.names.pop();
                result
            }
        }
    }

    fn unify(&mut self, a: &Type, b: &Type, sa: TextRange, sb: TextRange, what: &str) -> Type {
        if b.fits(a) {
            a.clone()
        } else if a.fits(b) {
            b.clone()
        } else {
            let (x, y) = (self.show(a), self.show(b));
            self.diagnostics.push(
                Diagnostic::new(
                    Code::T001,
                    format!("{what} have different types, `{x}` and `{y}`"),
                )
                .with_primary(self.file, sb, format!("this is `{y}`"))
                .with_secondary(self.file, sa, format!("this is `{x}`")),
            );
            Type::Error
        }
    }

    fn binary(&mut self, op: BinaryOp, l: &Expr, r: &Expr, span: TextRange) -> Type {
        use BinaryOp as B;
        match op {
            B::And | B::Or => {
                self.expect(
                    l,
                    &Type::Bool,
                    &format!("the left side of `{}`", op.symbol()),
                );
                self.expect(
                    r,
                    &Type::Bool,
                    &format!("the right side of `{}`", op.symbol()),
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
                            format!("the left side of `otherwise` must be optional, found `{shown}`"),
                        )
                        .with_primary(self.file, l.span, format!("this is `{shown}`, never absent"))
                        .with_help("`x otherwise y` gives `y` when the optional `x` is known to be absent; a fact that is not given stays unknown and cannot be defaulted"),
                    );
                }
                let inner = strip_optional(&lt).clone();
                self.expect(r, &inner, "the fallback after `otherwise`");
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
                self.diagnostics.push(
                    Diagnostic::new(Code::T004, format!("the operand of `{}` is an optional `{shown}`", op.symbol()))
                        .with_primary(self.file, e.span, "may be absent")
                        .with_help("give a fallback for when it is known to be absent with `otherwise`, e.g. `(x otherwise 0)`, or test it with `x is absent`"),
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
        let verb = match op {
            BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge => "compare",
            BinaryOp::Add => "add",
            BinaryOp::Sub => "subtract",
            BinaryOp::Mul => "multiply",
            BinaryOp::Div => "divide",
            _ => "combine",
        };
        let message = match op {
            BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge => {
                format!("cannot compare `{a}` with `{b}`")
            }
            BinaryOp::Add => format!("cannot add `{b}` to `{a}`"),
            BinaryOp::Sub => format!("cannot subtract `{b}` from `{a}`"),
            BinaryOp::In => format!("cannot look for a `{a}` in a `{b}`"),
            _ => format!("cannot {verb} `{a}` and `{b}`"),
        };
        let _ = span;
        self.diagnostics.push(
            Diagnostic::new(Code::T002, message)
                .with_primary(self.file, rs, format!("this is `{b}`"))
                .with_secondary(self.file, ls, format!("this is `{a}`"))
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
            format!("`{name}` is not a variant of `{enum_name}`"),
        )
        .with_primary(self.file, span, "unknown variant");
        let candidates: Vec<&str> = members.keys().map(String::as_str).collect();
        d = match closest(name, candidates.iter().copied()) {
            Some(c) => d.with_did_you_mean(self.file, span, c),
            None => d.with_help(format!(
                "the variants are {}",
                candidates
                    .iter()
                    .map(|c| format!("`.{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
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
        let mut d = Diagnostic::new(Code::N006, format!("`{record_name}` has no field `{name}`"))
            .with_primary(self.file, span, "unknown field");
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
        let mut d = Diagnostic::new(Code::N001, format!("unknown fact `{name}`")).with_primary(
            self.file,
            span,
            "no fact of this name is declared",
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
                let hint = match kind {
                    SymbolKind::Obligation | SymbolKind::Prohibition => format!(
                        "use `violated({0})`, `satisfied({0})` or `applies({0})`",
                        path.display()
                    ),
                    SymbolKind::Penalty => format!("use `triggered({})`", path.display()),
                    SymbolKind::Extension => format!("call it: `{}()`", path.display()),
                    _ => String::new(),
                };
                let mut d = Diagnostic::new(
                    Code::T007,
                    format!("`{}` is a {}, not a value", path.display(), kind.describe()),
                )
                .with_primary(self.file, path.span, "used as a value");
                if !hint.is_empty() {
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
                    let d = Diagnostic::new(
                        Code::N013,
                        format!("`{name}` is declared by two dependencies"),
                    )
                    .with_primary(self.file, path.span, "ambiguous")
                    .with_secondary(
                        a.file,
                        TextRange::default(),
                        format!("in `{}`", model.packs[a.pack].ident),
                    )
                    .with_secondary(
                        b.file,
                        TextRange::default(),
                        format!("in `{}`", model.packs[b.pack].ident),
                    )
                    .with_help(format!(
                        "qualify it: `{}::{name}`",
                        model.packs[a.pack].ident
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
        let mut d = Diagnostic::new(Code::N001, format!("unresolved name `{}`", path.display()))
            .with_primary(self.file, path.span, "not a definition, rule or local name");
        if let Some(c) = closest(name, candidates) {
            d = d.with_did_you_mean(self.file, path.name.span, c);
        } else if model
            .visible_packs(self.pack)
            .any(|p| model.packs[p].facts.contains_key(name))
        {
            d = d.with_help(format!(
                "facts are read through the facility: `facility.{name}`"
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
            let kind = sym.kind.describe();
            return self.error(
                Code::T007,
                format!("`{}` is a {kind}, not a function", callee.display()),
                callee.span,
                "cannot be called",
            );
        }
        let ty = sym.ty.clone();
        if !args.is_empty() {
            self.error(
                Code::T003,
                format!("extension point `{}` takes no arguments", callee.display()),
                span,
                "remove the arguments",
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
            return self.error(
                Code::T003,
                format!("`{name}` takes {arity} argument{s}, found {}", args.len()),
                span,
                "wrong number of arguments",
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
                        format!(
                            "`{name}` needs numbers, amounts, dates or durations, found `{shown}`"
                        ),
                        args[0].span,
                        format!("this is `{shown}`"),
                    );
                }
                self.unify(
                    &a,
                    &b,
                    args[0].span,
                    args[1].span,
                    &format!("the arguments of `{name}`"),
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
                        let wanted = kinds
                            .iter()
                            .map(|k| k.describe())
                            .collect::<Vec<_>>()
                            .join(" or ");
                        self.error(
                            Code::T007,
                            format!(
                                "`{func}` needs an {wanted}, but `{}` is a {}",
                                path.display(),
                                kind.describe()
                            ),
                            path.span,
                            "wrong kind of rule",
                        );
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
                    format!("`{func}` takes a rule name or a citation"),
                    arg.span,
                    "not a rule",
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
            self.diagnostics.push(
                Diagnostic::new(
                    Code::T007,
                    format!("`{}` owns no obligation or prohibition", c.display()),
                )
                .with_primary(self.file, c.span, "nothing here can be violated")
                .with_help("name the rule itself, or cite the article that owns it"),
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
        let mut d = Diagnostic::new(
            Code::N004,
            format!("`{shown}` cites an article that does not exist"),
        )
        .with_primary(file, c.span, format!("no article {}", c.article));
        if let Some(max) = max {
            d = d.with_help(format!(
                "`{}` has articles {}..={max}",
                model.packs[target].ident,
                articles.keys().next().copied().unwrap_or(1)
            ));
        }
        diagnostics.push(d);
        return Some((target, false));
    };
    if let Some(p) = c.para {
        let Some(items) = info.paras.get(&p) else {
            diagnostics.push(
                Diagnostic::new(
                    Code::N004,
                    format!("`{shown}` cites a paragraph that does not exist"),
                )
                .with_primary(
                    file,
                    c.span,
                    format!(
                        "article {} has {} paragraph(s)",
                        c.article,
                        info.paras.len()
                    ),
                ),
            );
            return Some((target, false));
        };
        if let Some(i) = c.item
            && !items.contains(&i)
        {
            diagnostics.push(
                Diagnostic::new(
                    Code::N004,
                    format!("`{shown}` cites an item that does not exist"),
                )
                .with_primary(
                    file,
                    c.span,
                    format!(
                        "paragraph {p} of article {} has {} item(s)",
                        c.article,
                        items.len()
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

fn arith_help(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Add | BinaryOp::Sub => {
            "`+`/`-` work on numbers, on amounts of money, and on a date with a duration (`date + 1 year`, `date - date`)"
        }
        BinaryOp::Mul | BinaryOp::Div => {
            "`*`/`/` work on numbers, and scale money or durations by a number"
        }
        BinaryOp::In => "`x in [a, b]` needs a list of values of the type of `x`",
        _ => {
            "both sides must have the same type: numbers with numbers, money with money, dates with dates"
        }
    }
}
