//! Every name in the bundled policies resolves. The names are found here
//! by walking the syntax tree, apart from the checker: an identifier,
//! number or citation in a name position that the resolution table does
//! not cover (or covers at other bytes) fails the test, and so does an
//! occurrence that is not a name.

use std::collections::BTreeSet;

use tiaoli_check::{BUILTINS, check};
use tiaoli_syntax::ast::{
    ArticleMember, Citation, Deadline, Expect, Expr, ExprKind, FactValue, FineAmount, Given, Ident,
    Item, PathName, Rule, RuleRef, SourceFile, TestValue, TypeExpr,
};
use tiaoli_text::{FileId, TextRange};

const POLICIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../policies");

/// The names of a file, as (range, what) for messages.
#[derive(Default)]
struct Names(Vec<(TextRange, String)>);

impl Names {
    fn ident(&mut self, i: &Ident) {
        self.0.push((i.span, i.name.clone()));
    }

    fn path(&mut self, p: &PathName) {
        if let Some(q) = &p.pack {
            self.ident(q);
        }
        self.ident(&p.name);
    }

    fn number(&mut self, span: TextRange, n: u32) {
        self.0.push((span, n.to_string()));
    }

    fn citation(&mut self, c: &Citation) {
        let start = match &c.pack {
            Some(q) => {
                self.ident(q);
                q.span.end() + 2
            }
            None => c.span.start(),
        };
        self.0
            .push((TextRange::new(start, c.span.end()), c.display()));
    }

    fn cite(&mut self, c: Option<&Citation>) {
        if let Some(c) = c {
            self.citation(c);
        }
    }

    fn ty(&mut self, t: &TypeExpr) {
        match t {
            TypeExpr::Prim(..) => {}
            TypeExpr::Named(p) => self.path(p),
            TypeExpr::List(t, _) | TypeExpr::Optional(t, _) => self.ty(t),
        }
    }

    fn rule_ref(&mut self, r: &RuleRef) {
        match r {
            RuleRef::Name(p) => self.path(p),
            RuleRef::Citation(c) => self.citation(c),
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Variant(i) => self.ident(i),
            ExprKind::Citation(c) => self.citation(c),
            ExprKind::Name(p) => self.path(p),
            ExprKind::Field(base, f) => {
                self.expr(base);
                self.ident(f);
            }
            ExprKind::IsAbsent(x) | ExprKind::Unary(_, x) => self.expr(x),
            ExprKind::Binary(_, a, b) => {
                self.expr(a);
                self.expr(b);
            }
            ExprKind::If(a, b, c) => {
                self.expr(a);
                self.expr(b);
                self.expr(c);
            }
            ExprKind::Call(p, args) => {
                if p.pack.is_some() || !BUILTINS.contains(&p.name.name.as_str()) {
                    self.path(p);
                }
                args.iter().for_each(|a| self.expr(a));
            }
            ExprKind::Quantifier(q) => {
                self.ident(&q.var);
                self.expr(&q.list);
                q.filter.iter().chain(&q.body).for_each(|x| self.expr(x));
            }
            ExprKind::List(items) => items.iter().for_each(|a| self.expr(a)),
            ExprKind::Deadline(d) => match &**d {
                Deadline::Within {
                    done,
                    period,
                    start,
                } => [done, period, start].into_iter().for_each(|x| self.expr(x)),
                Deadline::Every {
                    period,
                    last,
                    first,
                } => {
                    self.expr(period);
                    self.expr(last);
                    if let Some((p, s)) = first {
                        self.expr(p);
                        self.expr(s);
                    }
                }
            },
            ExprKind::Bool(_)
            | ExprKind::Int(_)
            | ExprKind::Decimal(_)
            | ExprKind::Money(_)
            | ExprKind::Date(_)
            | ExprKind::Duration(_)
            | ExprKind::Text(_)
            | ExprKind::AsOf
            | ExprKind::Facility => {}
        }
    }

    fn fact_value(&mut self, f: &FactValue) {
        self.ident(&f.name);
        self.test_value(&f.value);
    }

    fn test_value(&mut self, v: &TestValue) {
        match v {
            TestValue::Scalar(e) => self.expr(e),
            TestValue::None(_) => {}
            TestValue::List(items, _) => items.iter().for_each(|i| self.test_value(i)),
            TestValue::Record(fields, _) => fields.iter().for_each(|f| self.fact_value(f)),
        }
    }

    fn rule(&mut self, r: &Rule) {
        self.ident(r.name());
        for reading in r.readings() {
            self.cite(reading.cite.as_ref());
        }
        match r {
            Rule::Duty(d) => {
                self.cite(d.cite.as_ref());
                d.bearer.iter().for_each(|b| self.path(b));
                d.applies
                    .iter()
                    .chain(&d.condition)
                    .chain(&d.due)
                    .for_each(|x| self.expr(x));
                for u in &d.unless {
                    self.expr(&u.condition);
                    self.cite(u.cite.as_ref());
                }
            }
            Rule::Penalty(p) => {
                self.cite(p.cite.as_ref());
                p.addressee.iter().for_each(|a| self.path(a));
                for t in &p.triggers {
                    self.rule_ref(&t.target);
                    self.cite(t.cite.as_ref());
                }
                for g in &p.gives_way {
                    self.path(&g.to);
                    g.rules.iter().for_each(|r| self.rule_ref(r));
                }
                p.measures.iter().for_each(|m| self.path(m));
                let fines = p
                    .fines
                    .iter()
                    .chain(p.escalate.iter().flat_map(|e| &e.fines));
                for f in fines {
                    self.path(&f.party);
                    if let FineAmount::Multiple { basis, .. } = &f.amount {
                        self.expr(basis);
                    }
                }
                if let Some(e) = &p.escalate {
                    self.expr(&e.condition);
                }
                for u in &p.unless {
                    self.expr(&u.condition);
                    self.cite(u.cite.as_ref());
                }
            }
            Rule::Define(d) => {
                d.ty.iter().for_each(|t| self.ty(t));
                self.expr(&d.value);
            }
            Rule::Determination(d) => {
                self.cite(d.cite.as_ref());
                d.value.iter().for_each(|v| self.expr(v));
            }
            Rule::Extension(e) => {
                e.key.iter().chain(&e.default).for_each(|x| self.expr(x));
                e.returns.iter().for_each(|t| self.ty(t));
                e.factors.iter().for_each(|f| self.ident(&f.name));
            }
            Rule::Exception(e) => {
                self.cite(e.cite.as_ref());
                e.exempts.iter().for_each(|r| self.rule_ref(r));
                e.when.iter().for_each(|w| self.expr(w));
            }
        }
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Chapter(c) => {
                self.number(c.number.span, c.number.value);
                if let Some((a, b)) = c.articles {
                    self.number(a.span, a.value);
                    self.number(b.span, b.value);
                }
            }
            Item::Article(a) => {
                self.number(a.number.span, a.number.value);
                for m in &a.members {
                    match m {
                        ArticleMember::Applies { condition, .. } => self.expr(condition),
                        ArticleMember::Para(p) => {
                            self.number(p.number.span, p.number.value);
                            for i in &p.items {
                                self.number(i.number.span, i.number.value);
                            }
                        }
                        ArticleMember::Rule(r) => self.rule(r),
                        ArticleMember::Title(_)
                        | ArticleMember::Text(_)
                        | ArticleMember::InForce(_)
                        | ArticleMember::TextVersion(_) => {}
                    }
                }
            }
            Item::Fact(f) => {
                self.ident(&f.name);
                self.ty(&f.ty);
                self.cite(f.cite.as_ref());
            }
            Item::Enum(e) => {
                self.ident(&e.name);
                e.variants.iter().for_each(|v| self.ident(&v.name));
            }
            Item::Record(r) => {
                self.ident(&r.name);
                for f in &r.fields {
                    self.ident(&f.name);
                    self.ty(&f.ty);
                    self.cite(f.cite.as_ref());
                }
            }
            Item::Party(d) | Item::Measure(d) => {
                self.ident(&d.name);
                if let Some(tiaoli_syntax::ast::PartyScope::In(p)) = &d.scope {
                    self.path(p);
                }
            }
            Item::Define(d) => self.rule(&Rule::Define(d.clone())),
            Item::Determination(d) => {
                self.rule(&Rule::Determination(d.clone()));
            }
            Item::Implement(imp) => {
                self.path(&imp.extension);
                imp.keys.iter().for_each(|k| self.ident(k));
                for d in &imp.defines {
                    self.ident(&d.name);
                    d.ty.iter().for_each(|t| self.ty(t));
                    self.expr(&d.value);
                }
                for f in &imp.factors {
                    self.ident(&f.name);
                    self.expr(&f.value);
                }
                imp.decide.iter().for_each(|d| self.expr(d));
            }
            Item::Test(t) => {
                if let Some(Given::Inline { facts, .. }) = &t.given {
                    facts.iter().for_each(|f| self.fact_value(f));
                }
                for e in &t.expects {
                    match e {
                        Expect::Status {
                            target, missing, ..
                        } => {
                            self.path(target);
                            missing.iter().for_each(|m| self.ident(m));
                        }
                        Expect::Due { target, .. } => self.path(target),
                        Expect::Fine {
                            party,
                            penalty,
                            missing,
                            ..
                        } => {
                            self.path(party);
                            self.path(penalty);
                            missing.iter().for_each(|m| self.ident(m));
                        }
                        Expect::Exposure { .. } => {}
                    }
                }
            }
        }
    }
}

#[test]
fn every_name_in_the_policies_resolves() {
    let ws = tiaoli_workspace::load(&tiaoli_workspace::Disk, &[POLICIES.into()])
        .expect("policies/ loads");
    assert!(ws.packs.len() >= 3, "the decree, the guidance and a sector");
    assert!(ws.diagnostics.is_empty(), "{:#?}", ws.diagnostics);
    let packs = &ws.packs;
    let checked = check(packs);
    assert!(
        !checked.diagnostics.iter().any(|d| d.is_error()),
        "{:#?}",
        checked.diagnostics
    );
    let model = &checked.model;

    let mut failures = Vec::new();
    let mut total = 0;
    let all: Vec<&(FileId, std::sync::Arc<SourceFile>)> =
        packs.iter().flat_map(|p| &p.files).collect();
    for (file, source) in all {
        let (path, text) = (ws.sources.name(*file), ws.sources.text(*file));
        let mut names = Names::default();
        source.items.iter().for_each(|i| names.item(i));
        total += names.0.len();
        let line = |at: usize| text[..at].matches('\n').count() + 1;
        let expected: BTreeSet<(usize, usize)> =
            names.0.iter().map(|(r, _)| (r.start(), r.end())).collect();
        for (range, what) in &names.0 {
            match model.resolution_at(*file, range.start()) {
                Some(o) if o.range == *range => {}
                Some(o) => failures.push(format!(
                    "{path}:{}: `{what}` resolves at `{}`",
                    line(range.start()),
                    &text[o.range.as_range()]
                )),
                None => failures.push(format!(
                    "{path}:{}: `{what}` is unresolved",
                    line(range.start())
                )),
            }
        }
        for o in model.resolutions.in_file(*file) {
            if !expected.contains(&(o.range.start(), o.range.end())) {
                failures.push(format!(
                    "{path}:{}: `{}` is in the table but not a name",
                    line(o.range.start()),
                    &text[o.range.as_range()]
                ));
            }
        }
    }
    assert!(total > 2000, "the walk found the names ({total})");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
