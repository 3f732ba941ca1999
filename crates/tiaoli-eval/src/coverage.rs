//! What a pack test touches, for `tiaoli coverage`: the rules its
//! expectations are about, and every rule evaluating them for the test's
//! facility reads, through the compiled program's expressions — an
//! extension point through the one implementation that decided it for
//! that facility (the one for its key's value), not through every
//! sector's. This is finer than the checker's dependency graph
//! (`Model::graph`), which links an extension point to every
//! implementation of it, and cheap: no second evaluation, a walk over the
//! expressions of the rules reached.

use std::collections::BTreeSet;

use tiaoli_check::{Model, Ref, SymbolId, SymbolKind};
use tiaoli_syntax::ast::{Expect, TestDecl};
use tiaoli_text::FileId;

use crate::eval::Facility;
use crate::ir::{Ex, Exemption, FineAmount, FineRule, Node, Program, Whose};
use crate::outcome::Evaluation;
use crate::report::used_implementation;

/// The rules `test`'s expectations are about (in `file`, resolved through
/// `model` as [`crate::pack_tests::check_expectations`] resolves them): a
/// status, a due date or a fine names its rule; an exposure is about the
/// penalties whose fines it adds up in `e` (the operator's, or its
/// persons').
pub fn expected_rules(
    p: &Program,
    model: &Model,
    file: FileId,
    test: &TestDecl,
    e: &Evaluation,
) -> Vec<Node> {
    let mut out = Vec::new();
    let node_of = |span| match model.refs.get(&(file, span)) {
        Some(Ref::Rules(ids)) => ids.first().and_then(|id| p.by_symbol.get(id)).copied(),
        _ => None,
    };
    for expect in &test.expects {
        match expect {
            Expect::Status { target, .. } | Expect::Due { target, .. } => {
                out.extend(node_of(target.span));
            }
            Expect::Fine { penalty, .. } => out.extend(node_of(penalty.span)),
            Expect::Exposure { persons, .. } => {
                let whose = if *persons {
                    Whose::OperatorPersons
                } else {
                    Whose::Operator
                };
                let adds = e
                    .penalties
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| o.fines.iter().any(|f| f.whose == whose));
                out.extend(adds.map(|(i, _)| Node::Penalty(i as u32)));
            }
        }
    }
    out
}

/// Every rule (by symbol, implementations included) that evaluating
/// `roots` for facility `f` reads, `roots` themselves included.
pub fn touched(p: &Program, model: &Model, f: &Facility, roots: &[Node]) -> BTreeSet<SymbolId> {
    let mut seen: BTreeSet<(u8, u32)> = BTreeSet::new();
    let mut out = BTreeSet::new();
    let mut nodes: Vec<Node> = roots.to_vec();
    while let Some(node) = nodes.pop() {
        let key = match node {
            Node::Value(i) => (0, i),
            Node::Duty(i) => (1, i),
            Node::Penalty(i) => (2, i),
            Node::Exception(i) => (3, i),
            Node::Extension(i) => (4, i),
        };
        if !seen.insert(key) {
            continue;
        }
        let mut exprs: Vec<&Ex> = Vec::new();
        let symbol = match node {
            Node::Value(i) => p.values.get(i as usize).map(|r| {
                exprs.push(&r.clause.expr);
                r.meta.symbol
            }),
            Node::Duty(i) => p.duties.get(i as usize).map(|r| {
                exprs.extend(r.applies.iter().map(|c| &c.expr));
                exprs.push(&r.condition.expr);
                exprs.extend(r.due.iter().map(|c| &c.expr));
                exempt(&r.exemptions, &mut exprs, &mut nodes);
                r.meta.symbol
            }),
            Node::Penalty(i) => p.penalties.get(i as usize).map(|r| {
                for t in &r.triggers {
                    nodes.extend(t.duties.iter().map(|d| Node::Duty(*d)));
                }
                for g in &r.gives_way {
                    nodes.push(Node::Penalty(g.to));
                    nodes.extend(g.duties.iter().map(|d| Node::Duty(*d)));
                }
                bases(&r.fines, &mut exprs);
                if let Some((when, fines)) = &r.escalate {
                    exprs.push(&when.expr);
                    bases(fines, &mut exprs);
                }
                exempt(&r.exemptions, &mut exprs, &mut nodes);
                r.meta.symbol
            }),
            Node::Exception(i) => p.exceptions.get(i as usize).map(|r| {
                exprs.push(&r.when.expr);
                r.meta.symbol
            }),
            Node::Extension(i) => p.extensions.get(i as usize).map(|r| {
                exprs.push(&r.key.expr);
                exprs.extend(r.default.iter().map(|c| &c.expr));
                if let Some(imp) = used_implementation(p, f, i) {
                    exprs.extend(imp.locals.iter().map(|(_, c)| &c.expr));
                    exprs.push(&imp.decide.expr);
                    out.extend(implementation_symbol(model, r.meta.symbol, &imp.pack));
                }
                r.meta.symbol
            }),
        };
        out.extend(symbol);
        while let Some(ex) = exprs.pop() {
            reads(ex, &mut exprs, &mut nodes);
        }
    }
    out
}

/// An exemption's condition, or the exception it names.
fn exempt<'p>(ex: &'p [Exemption], exprs: &mut Vec<&'p Ex>, nodes: &mut Vec<Node>) {
    for x in ex {
        match x {
            Exemption::Inline(c, _) => exprs.push(&c.expr),
            Exemption::Exception(j) => nodes.push(Node::Exception(*j)),
        }
    }
}

/// The bases of fines that are multiples of an amount.
fn bases<'p>(fines: &'p [FineRule], exprs: &mut Vec<&'p Ex>) {
    for fine in fines {
        if let FineAmount::Multiple { basis, .. } = &fine.amount {
            exprs.push(&basis.expr);
        }
    }
}

/// The checker's symbol of `pack`'s implementation of extension `ext`.
fn implementation_symbol(model: &Model, ext: SymbolId, pack: &str) -> Option<SymbolId> {
    model.graph.dependencies(ext).into_iter().find(|id| {
        model.get(*id).is_some_and(|s| {
            s.kind == SymbolKind::Implementation
                && model.packs.get(s.pack).is_some_and(|m| m.ident == pack)
        })
    })
}

/// The rules `ex` names directly (into `nodes`) and its subexpressions
/// (into `exprs`): an explicit stack, so that no expression is too deep.
fn reads<'p>(ex: &'p Ex, exprs: &mut Vec<&'p Ex>, nodes: &mut Vec<Node>) {
    match ex {
        Ex::Value(i) => nodes.push(Node::Value(*i)),
        Ex::Violated(d) | Ex::Satisfied(d) | Ex::Applies(d) => {
            nodes.extend(d.iter().map(|i| Node::Duty(*i)));
        }
        Ex::Triggered(i) => nodes.push(Node::Penalty(*i)),
        Ex::Extension(i) => nodes.push(Node::Extension(*i)),
        _ => {}
    }
    ex.push_subexpressions(exprs);
}
