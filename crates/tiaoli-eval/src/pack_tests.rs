//! Pack tests (`test "…" { given …; expect … }`): the facts a test gives
//! become a facility (through the same binding as facility files), and each
//! expectation is compared with the evaluation.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use tiaoli_check::{Model, Ref};
use tiaoli_syntax::ast::{Expect, ExpectedStatus, ExprKind, FactValue, TestDecl, TestValue};
use tiaoli_text::{FileId, TextRange};

use crate::bind::{RawKey, RawKind, RawNode};
use crate::eval::missing_names;
use crate::ir::Whose;
use crate::ir::{Node, Program};
use crate::outcome::{Evaluation, FineStatus, OutOfRange, Status};
use crate::value::{Tri, Value};

/// The facts a test gives inline, as the raw tree a facility file would
/// give (spans point into the test's file).
pub fn given_node(facts: &[FactValue], span: TextRange) -> RawNode {
    RawNode {
        kind: RawKind::Map(facts.iter().map(entry).collect()),
        span,
    }
}

fn entry(f: &FactValue) -> (RawKey, RawNode) {
    (
        RawKey {
            name: f.name.name.clone(),
            span: f.name.span,
        },
        node(&f.value),
    )
}

fn node(v: &TestValue) -> RawNode {
    let kind = match v {
        TestValue::List(items, _) => RawKind::List(items.iter().map(node).collect()),
        TestValue::Record(fields, _) => RawKind::Map(fields.iter().map(entry).collect()),
        // Known absent, as a facility file's `null`.
        TestValue::None(_) => RawKind::Null,
        TestValue::Scalar(e) => match &e.kind {
            ExprKind::Bool(b) => RawKind::Bool(*b),
            ExprKind::Int(i) => RawKind::Number(i.to_string()),
            ExprKind::Decimal(d) | ExprKind::Money(d) => RawKind::Number(d.to_string()),
            ExprKind::Date(d) => RawKind::Str(d.to_string()),
            ExprKind::Text(t) => RawKind::Str(t.clone()),
            ExprKind::Variant(v) => RawKind::Str(v.name.clone()),
            ExprKind::Duration(d) => {
                RawKind::Str(format!("{} {}", d.amount, d.unit.name(d.amount)))
            }
            _ => RawKind::Null,
        },
    };
    RawNode {
        kind,
        span: v.span(),
    }
}

/// An expectation of a test compared with an evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// Where the expectation is written.
    pub span: TextRange,
    pub expected: String,
    pub actual: String,
    /// The rule it is about, for printing its explanation.
    pub rule: Option<Node>,
    /// Whether the evaluation meets it.
    pub passed: bool,
}

/// An expectation the evaluation does not meet.
pub type Mismatch = Comparison;

/// The expectations of `test` that `e` does not meet.
pub fn check_expectations(
    p: &Program,
    model: &Model,
    file: FileId,
    test: &TestDecl,
    e: &Evaluation,
) -> Vec<Mismatch> {
    let mut all = compare_expectations(p, model, file, test, e);
    all.retain(|c| !c.passed);
    all
}

/// Every expectation of `test` compared with `e`, met or not, in the
/// order written (`tiaoli test --verbose` lists them all).
pub fn compare_expectations(
    p: &Program,
    model: &Model,
    file: FileId,
    test: &TestDecl,
    e: &Evaluation,
) -> Vec<Comparison> {
    let mut out = Vec::new();
    for expect in &test.expects {
        let node_of = |span: TextRange| match model.refs.get(&(file, span)) {
            Some(Ref::Rules(ids)) => ids.first().and_then(|id| p.by_symbol.get(id)).copied(),
            _ => None,
        };
        match expect {
            Expect::Status {
                target,
                status,
                missing,
                span,
                ..
            } => {
                let Some(node) = node_of(target.span) else {
                    continue;
                };
                let (actual, actual_missing) = status_of(p, e, node);
                let mut expected = status.as_str().to_owned();
                let mut actual_text = actual.to_owned();
                let ok_status = actual == status.as_str();
                let mut ok = ok_status;
                if !missing.is_empty() {
                    let want: BTreeSet<&str> = missing.iter().map(|m| m.name.as_str()).collect();
                    let have: BTreeSet<&str> = actual_missing.iter().copied().collect();
                    expected = format!(
                        "{expected} missing {}",
                        want.iter().copied().collect::<Vec<_>>().join(", ")
                    );
                    actual_text = format!(
                        "{actual_text} missing {}",
                        if have.is_empty() {
                            "nothing".to_owned()
                        } else {
                            have.iter().copied().collect::<Vec<_>>().join(", ")
                        }
                    );
                    ok &= want == have;
                }
                out.push(Comparison {
                    span: *span,
                    expected,
                    actual: actual_text,
                    rule: Some(node),
                    passed: ok,
                });
            }
            Expect::Due { target, date, span } => {
                let Some(node @ Node::Duty(i)) = node_of(target.span) else {
                    continue;
                };
                let actual = match &e.duties[i as usize].due {
                    Some(Tri::Known(Value::Date(d))) => d.to_string(),
                    Some(_) => "unknown".to_owned(),
                    None => "no due date (the obligation does not apply)".to_owned(),
                };
                out.push(Comparison {
                    span: *span,
                    expected: format!("due {date}"),
                    passed: actual == date.to_string(),
                    actual: format!("due {actual}"),
                    rule: Some(node),
                });
            }
            Expect::Exposure {
                persons,
                min,
                max,
                possible,
                span,
            } => {
                let x = e.exposure_of(if *persons {
                    Whose::OperatorPersons
                } else {
                    Whose::Operator
                });
                let o = x.out_of_range;
                let possible_text = |p: Option<Decimal>, out: bool| match p {
                    Some(d) => format!(" possible {}", show_bound(d, out)),
                    None => " possible unbounded".to_owned(),
                };
                // A bound out of range equals no amount a test can give.
                let mut ok = !o.min
                    && !o.max
                    && (x.min.normalize(), x.max.normalize()) == (min.normalize(), max.normalize());
                let mut expected = format!("exposure {} ..= {} CNY", show(*min), show(*max));
                let mut actual = if o.min || o.max {
                    format!(
                        "exposure {} ..= {}",
                        show_bound(x.min, o.min),
                        show_bound(x.max, o.max)
                    )
                } else {
                    format!("exposure {} ..= {} CNY", show(x.min), show(x.max))
                };
                if let Some(want) = possible {
                    ok &= !(o.possible_max && x.possible_max.is_some())
                        && want.map(|d| d.normalize()) == x.possible_max.map(|d| d.normalize());
                    expected.push_str(&possible_text(*want, false));
                    actual.push_str(&possible_text(x.possible_max, o.possible_max));
                }
                if *persons {
                    expected = format!("persons' {expected}");
                    actual = format!("persons' {actual}");
                }
                out.push(Comparison {
                    span: *span,
                    expected,
                    actual,
                    rule: None,
                    passed: ok,
                });
            }
            Expect::Fine {
                party,
                penalty,
                range,
                conditional,
                discretionary,
                missing,
                span,
            } => {
                let Some(node @ Node::Penalty(i)) = node_of(penalty.span) else {
                    continue;
                };
                let Some(Ref::Party(party_id)) = model.refs.get(&(file, party.span)) else {
                    continue;
                };
                let party_name = model.symbol(*party_id).name.as_str();
                let (r, o) = (&p.penalties[i as usize], &e.penalties[i as usize]);
                let found = o.fines.iter().find(|f| {
                    f.status != FineStatus::IfEscalated
                        && crate::report::fine_rule(r, f).is_some_and(|x| x.party == party_name)
                });
                let describe = |range: Option<(Decimal, Option<Decimal>)>,
                                out: OutOfRange,
                                conditional: bool,
                                discretionary: bool,
                                missing: &[&str]| {
                    let mut s = format!("fine {party_name} on {} ", penalty.display());
                    match range {
                        Some((a, Some(b))) if out.min || out.possible_max => {
                            s.push_str(&format!(
                                "{} ..= {}",
                                show_bound(a, out.min),
                                show_bound(b, out.possible_max)
                            ));
                        }
                        Some((a, Some(b))) => {
                            s.push_str(&format!("{} ..= {} CNY", show(a), show(b)))
                        }
                        Some((a, None)) => {
                            s.push_str(&format!("{} ..= unbounded", show_bound(a, out.min)))
                        }
                        None => s.push_str("none"),
                    }
                    if conditional {
                        s.push_str(" conditional");
                    }
                    if discretionary {
                        s.push_str(" discretionary");
                    }
                    if !missing.is_empty() {
                        s.push_str(" missing ");
                        s.push_str(&missing.join(", "));
                    }
                    s
                };
                let want_missing: BTreeSet<&str> =
                    missing.iter().map(|m| m.name.as_str()).collect();
                let want: Vec<&str> = want_missing.iter().copied().collect();
                let expected = describe(
                    range.map(|(a, b)| (a, Some(b))),
                    OutOfRange::default(),
                    *conditional,
                    *discretionary,
                    &want,
                );
                let (ok, actual) = match found {
                    None => (
                        range.is_none(),
                        describe(None, OutOfRange::default(), false, false, &[]),
                    ),
                    Some(f) => {
                        let have: BTreeSet<&str> =
                            missing_names(p, &f.missing).into_iter().collect();
                        let is_conditional = f.status == FineStatus::Possible;
                        let ok = range.is_some_and(|(a, b)| {
                            !f.out_of_range.min
                                && !f.out_of_range.possible_max
                                && a.normalize() == f.min.normalize()
                                && Some(b.normalize()) == f.max.map(|d| d.normalize())
                        }) && *conditional == is_conditional
                            && *discretionary == f.discretionary
                            && (missing.is_empty() || want_missing == have);
                        let shown: Vec<&str> = if missing.is_empty() {
                            Vec::new()
                        } else {
                            have.iter().copied().collect()
                        };
                        (
                            ok,
                            describe(
                                Some((f.min, f.max)),
                                f.out_of_range,
                                is_conditional,
                                f.discretionary,
                                &shown,
                            ),
                        )
                    }
                };
                out.push(Comparison {
                    span: *span,
                    expected,
                    actual,
                    rule: Some(node),
                    passed: ok,
                });
            }
        }
    }
    out
}

fn show(d: Decimal) -> String {
    crate::human::amount(d)
}

/// `1,000 CNY`, or, out of range, what it exceeds.
fn show_bound(d: Decimal, out_of_range: bool) -> String {
    if out_of_range {
        crate::human::money_bound(d, true, crate::human::Lang::En)
    } else {
        format!("{} CNY", show(d))
    }
}

/// A rule's status in the words tests use, and its missing facts.
fn status_of<'p>(p: &'p Program, e: &Evaluation, node: Node) -> (&'static str, Vec<&'p str>) {
    let tri = |t: &Tri| match t {
        Tri::Known(Value::Bool(true)) => "true",
        Tri::Known(Value::Bool(false)) => "false",
        _ => "unknown",
    };
    if !p.window(node).contains(e.as_of) {
        return (ExpectedStatus::NotInForce.as_str(), Vec::new());
    }
    match node {
        Node::Duty(i) => {
            let o = &e.duties[i as usize];
            let missing = if o.status == Status::Unknown {
                missing_names(p, &o.missing)
            } else {
                Vec::new()
            };
            (o.status.as_str(), missing)
        }
        Node::Penalty(i) => {
            let o = &e.penalties[i as usize];
            let word = match o.triggered.as_bool() {
                Some(true) => ExpectedStatus::Triggered.as_str(),
                Some(false) => ExpectedStatus::NotTriggered.as_str(),
                None => "unknown",
            };
            (word, missing_names(p, &o.missing()))
        }
        Node::Value(i) => {
            let t = &e.values[i as usize];
            (
                tri(t),
                t.missing().map(|m| missing_names(p, m)).unwrap_or_default(),
            )
        }
        Node::Exception(i) => (tri(&e.exceptions[i as usize]), Vec::new()),
        Node::Extension(i) => (tri(&e.extensions[i as usize]), Vec::new()),
    }
}
