//! Walks a file's syntax tree: every expression and every citation, with
//! the article that encloses it (an article's rules cite within it).

use tiaoli_syntax::ast::{
    self, ArticleMember, Citation, Expr, ExprKind, FineAmount, Given, Item, Reading, Rule, RuleRef,
    TestValue, Unless,
};

/// Calls `f` on every citation of the file: `cite` clauses, triggers and
/// exemptions by article, and citations inside expressions.
pub(crate) fn each_citation<'a>(file: &'a ast::SourceFile, f: &mut dyn FnMut(&'a Citation)) {
    for item in &file.items {
        item_citations(item, f);
        item_exprs(item, &mut |e| {
            if let ExprKind::Citation(c) = &e.kind {
                f(c);
            }
        });
    }
}

/// Calls `f` on every expression of the file, outermost first.
pub(crate) fn each_expr<'a>(file: &'a ast::SourceFile, f: &mut dyn FnMut(&'a Expr)) {
    for item in &file.items {
        item_exprs(item, f);
    }
}

fn item_citations<'a>(item: &'a Item, f: &mut dyn FnMut(&'a Citation)) {
    match item {
        Item::Fact(x) => x.cite.iter().for_each(&mut *f),
        Item::Record(r) => r.fields.iter().filter_map(|x| x.cite.as_ref()).for_each(f),
        Item::Determination(d) => {
            d.cite.iter().for_each(&mut *f);
            readings(&d.readings, f);
        }
        Item::Article(a) => {
            for m in &a.members {
                if let ArticleMember::Rule(r) = m {
                    rule_citations(r, f);
                }
            }
        }
        Item::Chapter(_)
        | Item::Enum(_)
        | Item::Party(_)
        | Item::Measure(_)
        | Item::Define(_)
        | Item::Implement(_)
        | Item::Test(_) => {}
    }
}

fn rule_citations<'a>(rule: &'a Rule, f: &mut dyn FnMut(&'a Citation)) {
    readings(rule.readings(), f);
    match rule {
        Rule::Duty(d) => {
            d.cite.iter().for_each(&mut *f);
            unless(&d.unless, f);
        }
        Rule::Penalty(p) => {
            p.cite.iter().for_each(&mut *f);
            for t in &p.triggers {
                rule_ref(&t.target, f);
                t.cite.iter().for_each(&mut *f);
            }
            for g in &p.gives_way {
                g.rules.iter().for_each(|r| rule_ref(r, f));
            }
            unless(&p.unless, f);
        }
        Rule::Determination(d) => d.cite.iter().for_each(f),
        Rule::Exception(e) => {
            e.cite.iter().for_each(&mut *f);
            e.exempts.iter().for_each(|r| rule_ref(r, f));
        }
        Rule::Define(_) | Rule::Extension(_) => {}
    }
}

fn rule_ref<'a>(r: &'a RuleRef, f: &mut dyn FnMut(&'a Citation)) {
    if let RuleRef::Citation(c) = r {
        f(c);
    }
}

fn readings<'a>(rs: &'a [Reading], f: &mut dyn FnMut(&'a Citation)) {
    rs.iter().filter_map(|r| r.cite.as_ref()).for_each(f);
}

fn unless<'a>(us: &'a [Unless], f: &mut dyn FnMut(&'a Citation)) {
    us.iter().filter_map(|u| u.cite.as_ref()).for_each(f);
}

fn item_exprs<'a>(item: &'a Item, f: &mut dyn FnMut(&'a Expr)) {
    match item {
        Item::Article(a) => {
            for m in &a.members {
                match m {
                    ArticleMember::Applies { condition, .. } => condition.walk(f),
                    ArticleMember::Rule(r) => rule_exprs(r, f),
                    _ => {}
                }
            }
        }
        Item::Define(d) => d.value.walk(f),
        Item::Determination(d) => d.value.iter().for_each(|e| e.walk(f)),
        Item::Implement(i) => {
            i.factors.iter().for_each(|x| x.value.walk(f));
            i.defines.iter().for_each(|d| d.value.walk(f));
            i.decide.iter().for_each(|e| e.walk(f));
        }
        Item::Test(t) => {
            if let Some(Given::Inline { facts, .. }) = &t.given {
                facts.iter().for_each(|v| test_value(&v.value, f));
            }
        }
        Item::Chapter(_)
        | Item::Fact(_)
        | Item::Enum(_)
        | Item::Record(_)
        | Item::Party(_)
        | Item::Measure(_) => {}
    }
}

fn test_value<'a>(v: &'a TestValue, f: &mut dyn FnMut(&'a Expr)) {
    match v {
        TestValue::Scalar(e) => e.walk(f),
        TestValue::None(_) => {}
        TestValue::List(vs, _) => vs.iter().for_each(|v| test_value(v, f)),
        TestValue::Record(fs, _) => fs.iter().for_each(|x| test_value(&x.value, f)),
    }
}

fn rule_exprs<'a>(rule: &'a Rule, f: &mut dyn FnMut(&'a Expr)) {
    match rule {
        Rule::Duty(d) => {
            [&d.applies, &d.condition, &d.due]
                .into_iter()
                .flatten()
                .for_each(|e| e.walk(f));
            d.unless.iter().for_each(|u| u.condition.walk(f));
        }
        Rule::Penalty(p) => {
            p.fines.iter().for_each(|x| fine(x, f));
            if let Some(e) = &p.escalate {
                e.condition.walk(f);
                e.fines.iter().for_each(|x| fine(x, f));
            }
            p.unless.iter().for_each(|u| u.condition.walk(f));
        }
        Rule::Define(d) => d.value.walk(f),
        Rule::Determination(d) => d.value.iter().for_each(|e| e.walk(f)),
        Rule::Extension(x) => [&x.key, &x.default]
            .into_iter()
            .flatten()
            .for_each(|e| e.walk(f)),
        Rule::Exception(e) => e.when.iter().for_each(|e| e.walk(f)),
    }
}

fn fine<'a>(x: &'a ast::Fine, f: &mut dyn FnMut(&'a Expr)) {
    if let FineAmount::Multiple { basis, .. } = &x.amount {
        basis.walk(f);
    }
}
