//! Moving a tree: every span of a node shifted right by the same number of
//! bytes. An item is parsed alone with spans relative to its own start (so
//! an unchanged item parses to an equal tree wherever it moves) and then
//! shifted to where it is in the file.
//!
//! Every struct is destructured without `..`, so a field added to the AST
//! does not compile until it is shifted here too.

use jiff::civil::Date;

use super::*;

/// Shifts every span of a node right by `delta` bytes.
pub trait Shift {
    fn shift(&mut self, delta: usize);
}

impl Shift for TextRange {
    fn shift(&mut self, delta: usize) {
        *self = self.shifted(delta);
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift(&mut self, delta: usize) {
        if let Some(x) = self {
            x.shift(delta);
        }
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift(&mut self, delta: usize) {
        for x in self {
            x.shift(delta);
        }
    }
}

impl<T: Shift> Shift for Box<T> {
    fn shift(&mut self, delta: usize) {
        (**self).shift(delta);
    }
}

impl<T: Shift, U: Shift> Shift for (T, U) {
    fn shift(&mut self, delta: usize) {
        self.0.shift(delta);
        self.1.shift(delta);
    }
}

/// Dates carry no span (the `TextRange` beside them does).
impl Shift for Date {
    fn shift(&mut self, _delta: usize) {}
}

/// `shift!(Type { fields… })`: shifts each named field; the pattern lists
/// every field, so a new one is a compile error until it is added.
macro_rules! shift_struct {
    ($($ty:ident { $($field:ident),* $(,)? } $(ignoring { $($skip:ident),* })?;)*) => {
        $(
            impl Shift for $ty {
                fn shift(&mut self, delta: usize) {
                    let $ty { $($field,)* $($($skip: _,)*)? } = self;
                    $($field.shift(delta);)*
                }
            }
        )*
    };
}

shift_struct! {
    SourceFile { items, broken };
    BrokenDecl { name, span } ignoring { keyword, article };
    Ident { span } ignoring { name };
    PathName { pack, name, span };
    Number { span } ignoring { value };
    Str { span } ignoring { value };
    Labels { zh, en, span };
    Citation { pack, span } ignoring { article, para, item };
    Chapter { number, title, articles, span };
    Article { number, members, broken, span };
    BrokenMember { span } ignoring { keyword, para, item };
    Para { number, text, versions, items, span };
    ParaItem { number, text, versions, span } ignoring { inline };
    TextVersion { from, text, source, span };
    Expr { kind, span };
    Quantifier { var, list, filter, body } ignoring { kind };
    Duty { name, title, cite, bearer, applies, condition, due, unless, in_force, readings, span } ignoring { kind };
    InForce { from, until, span };
    Reading { labels, cite, span };
    Unless { condition, cite, span };
    Penalty { name, title, cite, addressee, triggers, gives_way, measures, fines, escalate, unless, in_force, readings, span };
    Trigger { target, cite, span };
    GivesWay { to, rules, span };
    Fine { party, amount, span } ignoring { discretionary };
    Escalate { condition, fines, span };
    Exception { name, title, cite, exempts, when, readings, instead, span };
    Define { name, ty, value, span };
    Determination { name, title, cite, value, in_force, readings, span };
    Extension { name, title, key, returns, default, factors, span };
    FactorDecl { name, labels, span };
    Implement { extension, keys, title, source, factors, defines, decide, span };
    FactorDef { name, value, span };
    FactDecl { name, ty, bounds, labels, cite, span } ignoring { meta };
    IntBounds { span } ignoring { min, max };
    EnumDecl { name, title, variants, span };
    VariantDecl { name, labels, span };
    RecordDecl { name, title, fields, span };
    FieldDecl { name, ty, bounds, labels, cite, span };
    LabelledDecl { name, scope, labels, span };
    TestDecl { name, as_of, given, expects, span };
    FactValue { name, value, span };
}

impl Shift for Item {
    fn shift(&mut self, delta: usize) {
        match self {
            Item::Chapter(x) => x.shift(delta),
            Item::Article(x) => x.shift(delta),
            Item::Fact(x) => x.shift(delta),
            Item::Enum(x) => x.shift(delta),
            Item::Record(x) => x.shift(delta),
            Item::Party(x) | Item::Measure(x) => x.shift(delta),
            Item::Define(x) => x.shift(delta),
            Item::Determination(x) => x.shift(delta),
            Item::Implement(x) => x.shift(delta),
            Item::Test(x) => x.shift(delta),
        }
    }
}

impl Shift for ArticleMember {
    fn shift(&mut self, delta: usize) {
        match self {
            ArticleMember::Title(l) | ArticleMember::Text(l) => l.shift(delta),
            ArticleMember::Applies { condition, span } => {
                condition.shift(delta);
                span.shift(delta);
            }
            ArticleMember::InForce(x) => x.shift(delta),
            ArticleMember::TextVersion(x) => x.shift(delta),
            ArticleMember::Para(x) => x.shift(delta),
            ArticleMember::Rule(x) => x.shift(delta),
        }
    }
}

impl Shift for ExprKind {
    fn shift(&mut self, delta: usize) {
        match self {
            ExprKind::Bool(_)
            | ExprKind::Int(_)
            | ExprKind::Decimal(_)
            | ExprKind::Money(_)
            | ExprKind::Date(_)
            | ExprKind::Duration(_)
            | ExprKind::Text(_)
            | ExprKind::AsOf
            | ExprKind::Facility => {}
            ExprKind::Variant(x) => x.shift(delta),
            ExprKind::Citation(x) => x.shift(delta),
            ExprKind::Name(x) => x.shift(delta),
            ExprKind::Field(e, f) => {
                e.shift(delta);
                f.shift(delta);
            }
            ExprKind::IsAbsent(e) | ExprKind::Unary(_, e) => e.shift(delta),
            ExprKind::Binary(_, a, b) => {
                a.shift(delta);
                b.shift(delta);
            }
            ExprKind::If(c, t, e) => {
                c.shift(delta);
                t.shift(delta);
                e.shift(delta);
            }
            ExprKind::Call(name, args) => {
                name.shift(delta);
                args.shift(delta);
            }
            ExprKind::Quantifier(q) => q.shift(delta),
            ExprKind::List(xs) => xs.shift(delta),
            ExprKind::Deadline(d) => d.shift(delta),
        }
    }
}

impl Shift for Deadline {
    fn shift(&mut self, delta: usize) {
        match self {
            Deadline::Within {
                done,
                period,
                start,
            } => {
                done.shift(delta);
                period.shift(delta);
                start.shift(delta);
            }
            Deadline::Every {
                period,
                last,
                first,
            } => {
                period.shift(delta);
                last.shift(delta);
                first.shift(delta);
            }
        }
    }
}

impl Shift for Rule {
    fn shift(&mut self, delta: usize) {
        match self {
            Rule::Duty(x) => x.shift(delta),
            Rule::Penalty(x) => x.shift(delta),
            Rule::Define(x) => x.shift(delta),
            Rule::Determination(x) => x.shift(delta),
            Rule::Extension(x) => x.shift(delta),
            Rule::Exception(x) => x.shift(delta),
        }
    }
}

impl Shift for RuleRef {
    fn shift(&mut self, delta: usize) {
        match self {
            RuleRef::Name(x) => x.shift(delta),
            RuleRef::Citation(x) => x.shift(delta),
        }
    }
}

impl Shift for FineAmount {
    fn shift(&mut self, delta: usize) {
        match self {
            FineAmount::Fixed { span, .. } => span.shift(delta),
            FineAmount::Multiple { basis, span, .. } => {
                basis.shift(delta);
                span.shift(delta);
            }
        }
    }
}

impl Shift for PartyScope {
    fn shift(&mut self, delta: usize) {
        match self {
            PartyScope::In(x) => x.shift(delta),
            PartyScope::OfAddressee(span) => span.shift(delta),
        }
    }
}

impl Shift for TypeExpr {
    fn shift(&mut self, delta: usize) {
        match self {
            TypeExpr::Prim(_, span) => span.shift(delta),
            TypeExpr::Named(x) => x.shift(delta),
            TypeExpr::List(t, span) | TypeExpr::Optional(t, span) => {
                t.shift(delta);
                span.shift(delta);
            }
        }
    }
}

impl Shift for Given {
    fn shift(&mut self, delta: usize) {
        match self {
            Given::Inline { facts, span } => {
                facts.shift(delta);
                span.shift(delta);
            }
            Given::File(x) => x.shift(delta),
        }
    }
}

impl Shift for TestValue {
    fn shift(&mut self, delta: usize) {
        match self {
            TestValue::Scalar(e) => e.shift(delta),
            TestValue::None(span) => span.shift(delta),
            TestValue::List(xs, span) => {
                xs.shift(delta);
                span.shift(delta);
            }
            TestValue::Record(xs, span) => {
                xs.shift(delta);
                span.shift(delta);
            }
        }
    }
}

impl Shift for Expect {
    fn shift(&mut self, delta: usize) {
        match self {
            Expect::Status {
                target,
                status_span,
                missing,
                span,
                ..
            } => {
                target.shift(delta);
                status_span.shift(delta);
                missing.shift(delta);
                span.shift(delta);
            }
            Expect::Due { target, span, .. } => {
                target.shift(delta);
                span.shift(delta);
            }
            Expect::Exposure { span, .. } => span.shift(delta),
            Expect::Fine {
                party,
                penalty,
                missing,
                span,
                ..
            } => {
                party.shift(delta);
                penalty.shift(delta);
                missing.shift(delta);
                span.shift(delta);
            }
        }
    }
}
