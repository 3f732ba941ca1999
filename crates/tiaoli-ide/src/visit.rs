//! Walks a file's syntax tree: every expression. (Citations are found in
//! the checker's resolution table.)

use tiaoli_syntax::ast::{self, ArticleMember, Expr, FineAmount, Given, Item, Rule, TestValue};

/// Calls `f` on every expression of the file, outermost first.
pub(crate) fn each_expr<'a>(file: &'a ast::SourceFile, f: &mut dyn FnMut(&'a Expr)) {
    for item in &file.items {
        item_exprs(item, f);
    }
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
