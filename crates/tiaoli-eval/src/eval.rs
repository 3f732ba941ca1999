//! Evaluates a compiled program for one facility, rule by rule in
//! dependency order. Three-valued: a fact the facility does not give is
//! unknown, and unknown results carry the facts that would decide them (an
//! optional fact may also be known to be absent, `Value::Absent`, which is
//! a value, not unknown). Pure: "today" is the
//! `as_of` argument; nothing reads a clock.

use std::cmp::Ordering;
use std::sync::Arc;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::calendar;
use crate::ir::*;
use crate::outcome::{
    DutyOutcome, Evaluation, Exempted, FineOutcome, FineStatus, OutOfRange, PenaltyOutcome, Status,
};
use crate::value::{Dur, Missing, Reason, Tri, Value, clamp_money, to_fen};

/// One facility's facts, by slot (`None`: not given, so unknown).
#[derive(Clone, Debug, Default)]
pub struct Facility {
    pub id: String,
    pub facts: Vec<Option<Value>>,
}

/// Evaluates every rule of `program` for `facility` as of `as_of`.
pub fn evaluate(program: &Program, facility: &Facility, as_of: Date) -> Evaluation {
    let mut out = Evaluation {
        facility: String::new(),
        as_of,
        values: Vec::new(),
        duties: Vec::new(),
        penalties: Vec::new(),
        exceptions: Vec::new(),
        extensions: Vec::new(),
        ext_locals: Vec::new(),
    };
    evaluate_into(program, facility, as_of, &mut out);
    out
}

/// [`evaluate`] into `out`, reusing its buffers: for evaluating many
/// facilities in a row without allocating for each. Whatever `out` held
/// (an evaluation of any facility, by any program) is replaced; the
/// result is the same as `evaluate`'s.
pub fn evaluate_into(program: &Program, facility: &Facility, as_of: Date, out: &mut Evaluation) {
    touch(&facility.facts);
    // `compile` puts every rule in `order`, so every entry is overwritten
    // and old entries can stay until then; otherwise start from scratch.
    let complete = program.order.len()
        == program.values.len()
            + program.duties.len()
            + program.penalties.len()
            + program.exceptions.len()
            + program.extensions.len();
    fit(&mut out.values, program.values.len(), complete, unknown);
    fit(
        &mut out.duties,
        program.duties.len(),
        complete,
        DutyOutcome::default,
    );
    fit(
        &mut out.penalties,
        program.penalties.len(),
        complete,
        PenaltyOutcome::default,
    );
    fit(
        &mut out.exceptions,
        program.exceptions.len(),
        complete,
        unknown,
    );
    fit(
        &mut out.extensions,
        program.extensions.len(),
        complete,
        unknown,
    );
    fit(
        &mut out.ext_locals,
        program.extensions.len(),
        complete,
        Vec::new,
    );
    let mut env = ENV.with(|e| std::mem::take(&mut *e.borrow_mut()));
    let as_of_value = Value::Date(as_of);
    // The rules evaluated so far, read through a fresh view for each rule;
    // its result is then written.
    macro_rules! view {
        () => {
            Evaluator {
                facts: &facility.facts,
                as_of,
                as_of_value: &as_of_value,
                done: out,
                env: &mut env,
                elem: None,
            }
        };
    }
    // Whether some rule may be out of force as of this day: nearly never,
    // and then no rule's dates are looked at.
    let dated = !program.all_in_force.contains(as_of);
    for node in &program.order {
        if dated && !program.window(*node).contains(as_of) {
            not_in_force(out, *node);
            continue;
        }
        match *node {
            Node::Value(i) => {
                let v = view!().eval(&program.values[i as usize].clause.expr);
                set(&mut out.values[i as usize], v);
            }
            Node::Exception(i) => {
                let v = view!().eval(&program.exceptions[i as usize].when.expr);
                set(&mut out.exceptions[i as usize], v);
            }
            Node::Extension(i) => {
                let mut locals = std::mem::take(&mut out.ext_locals[i as usize]);
                let v = view!().extension(&program.extensions[i as usize], i, &mut locals);
                out.ext_locals[i as usize] = locals;
                set(&mut out.extensions[i as usize], v);
            }
            Node::Duty(i) => {
                let d = &program.duties[i as usize];
                let mut missing = Missing::default();
                let (status, exempted) = view!().duty(d, &mut missing);
                // The due date, where the duty applies (or may).
                let due = match &d.due {
                    Some(c) if status != Status::NotApplicable => match view!().eval(&c.expr) {
                        // A deadline whose period never started: nothing is due.
                        Tri::Known(Value::Absent) => None,
                        t => Some(t),
                    },
                    _ => None,
                };
                let o = &mut out.duties[i as usize];
                o.status = status;
                set_missing(&mut o.missing, missing);
                // Most duties have no due date: then nothing to replace.
                if due.is_some() || o.due.is_some() {
                    let old = std::mem::replace(&mut o.due, due);
                    if old.as_ref().is_none_or(Tri::is_plain) {
                        std::mem::forget(old);
                    }
                }
                o.exempted = exempted;
            }
            Node::Penalty(i) => {
                // The old outcome's lists, reused.
                let old = &mut out.penalties[i as usize];
                let mut lists = PenaltyLists {
                    triggered_by: std::mem::take(&mut old.triggered_by),
                    exempted: std::mem::take(&mut old.exempted),
                    gave_way: std::mem::take(&mut old.gave_way),
                    fines: std::mem::take(&mut old.fines),
                };
                let (triggered, escalation) =
                    view!().penalty(&program.penalties[i as usize], &mut lists);
                let o = &mut out.penalties[i as usize];
                set(&mut o.triggered, triggered);
                set(&mut o.escalation, escalation);
                o.triggered_by = lists.triggered_by;
                o.exempted = lists.exempted;
                o.gave_way = lists.gave_way;
                o.fines = lists.fines;
                o.in_force = true;
            }
        }
    }
    // Keep the locals' buffer for the next evaluation on this thread.
    env.clear();
    ENV.with(|e| *e.borrow_mut() = env);
    out.facility.clear();
    out.facility.push_str(&facility.id);
    out.as_of = as_of;
}

/// The outcome of a rule not in force as of the evaluation's day: a duty
/// is `not_in_force`, a penalty does not apply, an exception exempts
/// nothing, and a determination or definition is not asserted (unknown,
/// with no fact that would decide it).
fn not_in_force(out: &mut Evaluation, node: Node) {
    match node {
        Node::Value(i) => out.values[i as usize] = unknown(),
        Node::Exception(i) => out.exceptions[i as usize] = Tri::Known(Value::Bool(false)),
        Node::Extension(i) => {
            out.extensions[i as usize] = unknown();
            out.ext_locals[i as usize].clear();
        }
        Node::Duty(i) => {
            out.duties[i as usize] = DutyOutcome {
                status: Status::NotInForce,
                ..DutyOutcome::default()
            };
        }
        Node::Penalty(i) => {
            out.penalties[i as usize] = PenaltyOutcome {
                triggered: Tri::Known(Value::Bool(false)),
                in_force: false,
                ..PenaltyOutcome::default()
            };
        }
    }
}

/// The value of `expr` for `facility`, read against `e` (its evaluation):
/// the same as evaluating it along with the rules would have given, since
/// evaluation is pure and the rules it reads are all in `e`. For
/// explanations, which show values the evaluation does not keep (such as
/// a duty's `applies` and `requires`/`forbids` clauses).
pub fn reevaluate(facility: &Facility, e: &Evaluation, expr: &Ex) -> Tri {
    let as_of_value = Value::Date(e.as_of);
    let mut env = Vec::new();
    Evaluator {
        facts: &facility.facts,
        as_of: e.as_of,
        as_of_value: &as_of_value,
        done: e,
        env: &mut env,
        elem: None,
    }
    .eval(expr)
}

/// Reads every cache line of the facts and of the records among them
/// (the facility's own fields), in order. The rules read facts and fields
/// in no particular order, each read waiting on memory when the facility
/// is not in cache (bound a while ago, as in an inventory evaluated after
/// it is all read); read here in order and independently of one another,
/// the waits overlap. Changes nothing but the time (and costs little when
/// the facility is in cache already).
#[inline(never)]
fn touch(facts: &[Option<Value>]) {
    let mut given = 0usize;
    for fact in facts {
        if let Some(Value::Record(fields)) = fact {
            // A slot is 24 bytes: every second one starts a cache line or
            // is in the one after.
            for field in fields.iter().step_by(2) {
                given += usize::from(field.is_some());
            }
        }
    }
    std::hint::black_box(given);
}

thread_local! {
    /// The locals' buffer of [`Evaluator::env`], reused from one
    /// evaluation to the next (it would be allocated for each).
    static ENV: std::cell::RefCell<Vec<(Tri, Option<u32>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// `buffer`, `len` entries long: kept as they are if `keep` (they will all
/// be overwritten), else all made with `make`.
fn fit<T>(buffer: &mut Vec<T>, len: usize, keep: bool, make: impl FnMut() -> T) -> &mut Vec<T> {
    if !keep || buffer.len() != len {
        buffer.clear();
        buffer.resize_with(len, make);
    }
    buffer
}

/// `*slot = value`, forgetting the old value rather than dropping it when
/// that would free nothing (most values: the drop is a call).
#[inline]
fn set(slot: &mut Tri, value: Tri) {
    let old = std::mem::replace(slot, value);
    if old.is_plain() {
        std::mem::forget(old);
    }
}

#[inline]
fn set_missing(slot: &mut Missing, value: Missing) {
    let old = std::mem::replace(slot, value);
    if old.is_plain() {
        std::mem::forget(old);
    }
}

/// A deadline's result: whether the act is in time and the due date
/// (`Some(None)`: nothing is due), each None when unknown, then decided by
/// `missing`.
struct DeadlineResult {
    in_time: Option<bool>,
    due: Option<Option<calendar::PeriodEnd>>,
    missing: Missing,
    /// What would decide an unknown due date, when not all of `missing`.
    due_missing: Option<Missing>,
}

/// `applies(rule)`: a duty applies unless it does not, or is not in force.
fn applies(s: Status) -> bool {
    !matches!(s, Status::NotApplicable | Status::NotInForce)
}

fn unknown() -> Tri {
    Tri::Unknown(Missing::default())
}

struct Evaluator<'a> {
    facts: &'a [Option<Value>],
    as_of: Date,
    /// `as_of` as a value, to lend.
    as_of_value: &'a Value,
    /// The rules evaluated so far.
    done: &'a Evaluation,
    /// Locals: (value, the fact a record came from, for missing fields).
    env: &'a mut Vec<(Tri, Option<u32>)>,
    /// A quantifier's current element, lent from a fact's list rather
    /// than cloned into `env`: (its local's index, the element). Its
    /// `env` entry then holds only the fact it came from.
    elem: Option<(u32, &'a Value)>,
}

/// Merges the missing facts of any unknown operands.
fn unknown2(a: &Tri, b: &Tri) -> Tri {
    let mut m = Missing::default();
    for t in [a, b] {
        if let Tri::Unknown(x) = t {
            m.merge(x);
        }
    }
    Tri::Unknown(m)
}

/// The value of a leaf expression (a constant, a fact, a rule's value, a
/// local, a field of one of these), lent rather than cloned: operators on
/// leaves (most of them) then neither clone nor drop their operands.
#[derive(Clone, Copy)]
enum Peek<'v> {
    Known(&'v Value),
    Missing(&'v Missing),
    /// Unknown: this fact is not given.
    Fact(u32),
    /// Unknown, with nothing to name.
    Unknown,
}

static ABSENT: Value = Value::Absent;

impl<'v> Peek<'v> {
    fn of(t: &'v Tri) -> Peek<'v> {
        match t {
            Tri::Known(v) => Peek::Known(v),
            Tri::Unknown(m) => Peek::Missing(m),
        }
    }

    fn tri(self) -> Tri {
        match self {
            Peek::Known(v) => Tri::Known(v.clone()),
            Peek::Missing(m) => Tri::Unknown(m.clone()),
            Peek::Fact(slot) => Tri::Unknown(Missing::fact(slot)),
            Peek::Unknown => unknown(),
        }
    }

    fn add_missing(self, m: &mut Missing) {
        match self {
            Peek::Missing(x) => m.merge(x),
            Peek::Fact(slot) => m.facts.insert(slot),
            Peek::Known(_) | Peek::Unknown => {}
        }
    }
}

/// Whether [`Evaluator::peek`] lends the value of `e`.
fn is_leaf(e: &Ex) -> bool {
    match e {
        Ex::Const(_) | Ex::AsOf | Ex::Fact(_) | Ex::Value(_) | Ex::Local(_) => true,
        Ex::Field(base, _) => is_leaf(base),
        _ => false,
    }
}

/// Missing facts of two operands, one of them unknown.
fn unknown_peeks(a: Peek<'_>, b: Peek<'_>) -> Tri {
    let mut m = Missing::default();
    a.add_missing(&mut m);
    b.add_missing(&mut m);
    Tri::Unknown(m)
}

impl<'a> Evaluator<'a> {
    /// The value of a leaf `e` ([`is_leaf`]), lent; what [`Self::eval`]
    /// gives, without the clone.
    fn peek<'s>(&'s self, e: &'s Ex) -> Peek<'s> {
        match e {
            Ex::Const(v) => Peek::Known(v),
            Ex::AsOf => Peek::Known(self.as_of_value),
            Ex::Fact(slot) => self.peek_fact(*slot),
            Ex::Value(i) => Peek::of(&self.done.values[*i as usize]),
            Ex::Local(i) => self.peek_local(*i),
            // A field of a fact or a local (nearly all of them) without
            // recursing.
            Ex::Field(base, index) => match match &**base {
                Ex::Local(i) => self.peek_local(*i),
                Ex::Fact(slot) => self.peek_fact(*slot),
                _ => self.peek(base),
            } {
                Peek::Known(Value::Record(fields)) => match fields.get(*index as usize) {
                    Some(Some(v)) => Peek::Known(v),
                    // A field not given names the fact the record is from.
                    _ => match &**base {
                        Ex::Local(i) => self
                            .env
                            .get(*i as usize)
                            .and_then(|(_, o)| *o)
                            .map_or(Peek::Unknown, Peek::Fact),
                        Ex::Fact(slot) => Peek::Fact(*slot),
                        _ => Peek::Unknown,
                    },
                },
                Peek::Known(Value::Absent) => Peek::Known(&ABSENT),
                other => other,
            },
            _ => Peek::Unknown,
        }
    }

    #[inline]
    fn peek_fact(&self, slot: u32) -> Peek<'_> {
        match self.facts.get(slot as usize) {
            Some(Some(v)) => Peek::Known(v),
            _ => Peek::Fact(slot),
        }
    }

    #[inline]
    fn peek_local(&self, i: u32) -> Peek<'_> {
        match self.elem {
            Some((j, v)) if j == i => Peek::Known(v),
            _ => self
                .env
                .get(i as usize)
                .map_or(Peek::Unknown, |(t, _)| Peek::of(t)),
        }
    }

    /// A binary operator's operands: evaluated if they are not leaves,
    /// then lent.
    fn operands<R>(&mut self, a: &Ex, b: &Ex, f: impl FnOnce(&Self, Peek<'_>, Peek<'_>) -> R) -> R {
        let ta = (!is_leaf(a)).then(|| self.eval(a));
        let tb = (!is_leaf(b)).then(|| self.eval(b));
        let l = ta.as_ref().map_or_else(|| self.peek(a), Peek::of);
        let r = tb.as_ref().map_or_else(|| self.peek(b), Peek::of);
        f(self, l, r)
    }

    /// The value of `e`. Leaves are read here, inline at every call;
    /// everything else is [`Self::eval_node`]'s.
    #[inline]
    fn eval(&mut self, e: &Ex) -> Tri {
        match e {
            Ex::Const(v) => Tri::Known(v.clone()),
            Ex::AsOf => Tri::Known(Value::Date(self.as_of)),
            Ex::Fact(slot) => match self.facts.get(*slot as usize) {
                Some(Some(v)) => Tri::Known(v.clone()),
                _ => Tri::Unknown(Missing::fact(*slot)),
            },
            Ex::Value(i) => self.done.values[*i as usize].clone(),
            _ => self.eval_node(e),
        }
    }

    /// The common operators; the others are [`Self::eval_rare`]'s, so that
    /// this stays small (a cheap call).
    fn eval_node(&mut self, e: &Ex) -> Tri {
        match e {
            Ex::Field(..) if is_leaf(e) => self.peek(e).tri(),
            Ex::Local(i) => match self.elem {
                Some((j, v)) if j == *i => Tri::Known(v.clone()),
                _ => self
                    .env
                    .get(*i as usize)
                    .map_or_else(unknown, |(t, _)| t.clone()),
            },
            Ex::Not(x) => match self.eval(x) {
                Tri::Known(Value::Bool(b)) => Tri::bool(!b),
                other => other,
            },
            Ex::And(..) | Ex::Or(..) => {
                let mut m = Missing::default();
                match self.test(e, &mut m) {
                    Test::True => Tri::bool(true),
                    Test::False => Tri::bool(false),
                    Test::Unknown => Tri::Unknown(m),
                    // A known value that is not a boolean: which one.
                    Test::Other => self.logic(e),
                }
            }
            Ex::Cmp(op, a, b) => self.operands(a, b, |ev, l, r| match (l, r) {
                (Peek::Known(x), Peek::Known(y)) => {
                    match fast_compare(x, y).or_else(|| compare(x, y, ev.as_of)) {
                        Some(ord) => Tri::bool(match op {
                            Cmp::Eq => ord == Ordering::Equal,
                            Cmp::Ne => ord != Ordering::Equal,
                            Cmp::Lt => ord == Ordering::Less,
                            Cmp::Le => ord != Ordering::Greater,
                            Cmp::Gt => ord == Ordering::Greater,
                            Cmp::Ge => ord != Ordering::Less,
                        }),
                        // Durations of days and of months: no order, not
                        // unequal.
                        None if without_order(x, y) => {
                            Tri::Unknown(Missing::reason(Reason::DurationsWithoutOrder))
                        }
                        // Values of different kinds (only an absent optional
                        // can get here) are unequal.
                        None => Tri::bool(*op == Cmp::Ne),
                    }
                }
                _ => unknown_peeks(l, r),
            }),
            _ => self.eval_rare(e),
        }
    }

    /// `and` (`decisive` false) or `or` (`decisive` true) in Kleene logic: a
    /// decisive side decides; after an undecisive left side the right one
    /// decides; otherwise unknown with both sides' missing facts.
    fn kleene(&mut self, a: &Ex, b: &Ex, decisive: bool) -> Tri {
        let l = self.eval(a);
        if l.as_bool() == Some(decisive) {
            return l;
        }
        let r = self.eval(b);
        if l.as_bool() == Some(!decisive) || r.as_bool() == Some(decisive) {
            r
        } else {
            unknown2(&l, &r)
        }
    }

    /// `and` and `or`, by their values (see [`Self::test`]).
    #[inline(never)]
    fn logic(&mut self, e: &Ex) -> Tri {
        match e {
            Ex::And(a, b) => self.kleene(a, b, false),
            Ex::Or(a, b) => self.kleene(a, b, true),
            _ => self.eval(e),
        }
    }

    #[inline(never)]
    fn eval_rare(&mut self, e: &Ex) -> Tri {
        match e {
            Ex::Const(_) | Ex::AsOf | Ex::Fact(_) | Ex::Value(_) => self.eval(e),
            Ex::Local(_) | Ex::Not(_) | Ex::And(..) | Ex::Or(..) | Ex::Cmp(..) => self.eval_node(e),
            Ex::Field(..) if is_leaf(e) => self.peek(e).tri(),
            Ex::Field(base, index) => {
                let origin = match &**base {
                    Ex::Local(i) => self.env.get(*i as usize).and_then(|(_, o)| *o),
                    Ex::Fact(slot) => Some(*slot),
                    _ => None,
                };
                match self.eval(base) {
                    Tri::Known(Value::Record(fields)) => match fields.get(*index as usize) {
                        Some(Some(v)) => Tri::Known(v.clone()),
                        _ => Tri::Unknown(origin.map(Missing::fact).unwrap_or_default()),
                    },
                    Tri::Known(Value::Absent) => Tri::Known(Value::Absent),
                    other => other,
                }
            }
            Ex::Neg(x) => match self.eval(x) {
                Tri::Known(v) => neg(v),
                other => other,
            },
            Ex::Arith(op, a, b) => self.operands(a, b, |_, l, r| match (l, r) {
                // The common case (a deadline), without `arith`'s dispatch.
                (Peek::Known(Value::Date(d)), Peek::Known(Value::Duration(dur)))
                    if *op == Arith::Add =>
                {
                    calendar::add(*d, *dur)
                        .map_or_else(date_out_of_range, |d| Tri::Known(Value::Date(d)))
                }
                (Peek::Known(x), Peek::Known(y)) => arith(*op, x.clone(), y.clone()),
                _ => unknown_peeks(l, r),
            }),
            Ex::In(a, b) => self.operands(a, b, |ev, l, r| match (l, r) {
                (Peek::Known(x), Peek::Known(Value::List(items))) => {
                    if items
                        .iter()
                        .any(|i| compare(x, i, ev.as_of) == Some(Ordering::Equal))
                    {
                        Tri::bool(true)
                    } else if items.iter().any(|i| without_order(x, i)) {
                        Tri::Unknown(Missing::reason(Reason::DurationsWithoutOrder))
                    } else {
                        Tri::bool(false)
                    }
                }
                _ => unknown_peeks(l, r),
            }),
            Ex::List(items) => {
                let mut out = Vec::with_capacity(items.len());
                let mut missing = None::<Missing>;
                for i in items {
                    match self.eval(i) {
                        Tri::Known(v) => out.push(v),
                        Tri::Unknown(m) => missing.get_or_insert_with(Missing::default).merge(&m),
                    }
                }
                match missing {
                    Some(m) => Tri::Unknown(m),
                    None => Tri::Known(Value::List(Arc::from(out))),
                }
            }
            // Only a value known to be absent falls back: an unknown one
            // stays unknown, with the facts that would decide it.
            Ex::Otherwise(a, b) => match self.eval(a) {
                Tri::Known(Value::Absent) => self.eval(b),
                other => other,
            },
            // Whether the facility told us: a value, or known absent.
            // A leaf is read where it is (a list fact is not cloned).
            Ex::Known(x) if is_leaf(x) => Tri::bool(matches!(self.peek(x), Peek::Known(_))),
            Ex::Known(x) => Tri::bool(matches!(self.eval(x), Tri::Known(_))),
            Ex::IsAbsent(x) => match self.eval(x) {
                Tri::Known(v) => Tri::bool(v == Value::Absent),
                unknown => unknown,
            },
            Ex::If(c, t, f) => match self.eval(c) {
                Tri::Known(Value::Bool(true)) => self.eval(t),
                Tri::Known(Value::Bool(false)) => self.eval(f),
                cond => {
                    let (t, f) = (self.eval(t), self.eval(f));
                    match (&t, &f) {
                        (Tri::Known(a), Tri::Known(b)) if a == b => t,
                        _ => {
                            let mut m = cond.missing().cloned().unwrap_or_default();
                            for x in [&t, &f] {
                                if let Tri::Unknown(y) = x {
                                    m.merge(y);
                                }
                            }
                            Tri::Unknown(m)
                        }
                    }
                }
            },
            Ex::Min(a, b) | Ex::Max(a, b) => {
                let (l, r) = (self.eval(a), self.eval(b));
                match (&l, &r) {
                    (Tri::Known(x), Tri::Known(y)) if without_order(x, y) => {
                        Tri::Unknown(Missing::reason(Reason::DurationsWithoutOrder))
                    }
                    (Tri::Known(x), Tri::Known(y)) => {
                        let less = compare(x, y, self.as_of) == Some(Ordering::Less);
                        let pick_left = if matches!(e, Ex::Min(..)) {
                            less
                        } else {
                            !less
                        };
                        if pick_left { l } else { r }
                    }
                    _ => unknown2(&l, &r),
                }
            }
            Ex::Quant {
                kind,
                list,
                filter,
                body,
            } => self.quantifier(*kind, list, filter.as_deref(), body.as_deref()),
            Ex::Violated(ds) => self.duty_test(ds, |s| s == Status::Violated, false),
            Ex::Satisfied(ds) => self.duty_test(ds, |s| s == Status::Satisfied, true),
            Ex::Applies(ds) => self.duty_test(ds, applies, false),
            Ex::Triggered(p) => self.done.penalties[*p as usize].triggered.clone(),
            Ex::Extension(i) => self.done.extensions[*i as usize].clone(),
            Ex::Deadline(d) => {
                let r = self.deadline(d);
                match r.in_time {
                    Some(b) => Tri::bool(b),
                    None => Tri::Unknown(r.missing),
                }
            }
            Ex::DueOf(d) => {
                let r = self.deadline(d);
                match r.due {
                    Some(Some(end)) => Tri::Known(Value::Date(end.last_day)),
                    // Nothing is due: the period never started.
                    Some(None) => Tri::Known(Value::Absent),
                    None => Tri::Unknown(r.due_missing.unwrap_or(r.missing)),
                }
            }
        }
    }

    /// `violated(…)`/`applies(…)` hold if some named duty passes `test`
    /// (`all`: every one); unknown statuses make the answer unknown unless
    /// the known ones already decide it.
    fn duty_test(&self, duties: &[u32], test: impl Fn(Status) -> bool, all: bool) -> Tri {
        let mut missing = None::<Missing>;
        for &d in duties {
            let outcome = &self.done.duties[d as usize];
            if outcome.status == Status::Unknown {
                missing
                    .get_or_insert_with(Missing::default)
                    .merge(&outcome.missing);
                continue;
            }
            let passes = test(outcome.status);
            if passes != all {
                return Tri::bool(passes);
            }
        }
        match missing {
            Some(m) => Tri::Unknown(m),
            None => Tri::bool(all),
        }
    }

    fn quantifier(
        &mut self,
        kind: Quant,
        list: &Ex,
        filter: Option<&Ex>,
        body: Option<&Ex>,
    ) -> Tri {
        let (lent, owned, origin) = match self.quantified(list) {
            Ok(items) => items,
            Err(unknown) => return unknown,
        };
        let len = owned.as_ref().map_or(lent.len(), |o| o.len());
        let mut missing = None::<Missing>;
        let mut count = 0i64;
        let mut total: Option<Value> = None;
        for k in 0..len {
            let lend = self.bind_element(lent, owned.as_ref(), k, origin);
            let selected = match filter {
                Some(f) => self.eval(f),
                None => Tri::bool(true),
            };
            let value = match (selected.as_bool(), body) {
                (Some(false), _) => None,
                (_, Some(b)) => Some(self.eval(b)),
                (_, None) => Some(Tri::bool(true)),
            };
            self.unbind_element(lend);
            let Some(value) = value else { continue };
            // A filter that is unknown leaves this element undecided.
            let value = match (&selected, value) {
                (Tri::Unknown(m), v) => {
                    let mut m = m.clone();
                    if let Tri::Unknown(x) = &v {
                        m.merge(x);
                    }
                    match (kind, v.as_bool()) {
                        // any: a false body decides nothing either way; all: a true body neither.
                        (Quant::Any, Some(false)) | (Quant::All, Some(true)) => continue,
                        _ => Tri::Unknown(m),
                    }
                }
                (_, v) => v,
            };
            match kind {
                Quant::Any => match value.as_bool() {
                    Some(true) => return Tri::bool(true),
                    Some(false) => {}
                    None => merge_into(&mut missing, &value),
                },
                Quant::All => match value.as_bool() {
                    Some(false) => return Tri::bool(false),
                    Some(true) => {}
                    None => merge_into(&mut missing, &value),
                },
                Quant::Count => match value.as_bool() {
                    Some(true) => count += 1,
                    Some(false) => {}
                    None => merge_into(&mut missing, &value),
                },
                Quant::Sum => match value {
                    Tri::Known(v) => {
                        total = Some(match total.take() {
                            None => v,
                            Some(t) => match arith(Arith::Add, t, v) {
                                Tri::Known(s) => s,
                                u => return u,
                            },
                        })
                    }
                    u => merge_into(&mut missing, &u),
                },
            }
        }
        if let Some(m) = missing {
            return Tri::Unknown(m);
        }
        match kind {
            Quant::Any => Tri::bool(false),
            Quant::All => Tri::bool(true),
            Quant::Count => Tri::Known(Value::Int(count)),
            Quant::Sum => Tri::Known(total.unwrap_or(Value::Int(0))),
        }
    }

    /// A quantifier's list: a fact's list lent in place (neither it nor
    /// its elements are cloned; the elements are lent through `elem`),
    /// any other list evaluated; with the fact it comes from. `Err` is the
    /// quantifier's value when the list is unknown.
    #[expect(clippy::type_complexity, reason = "a private helper's one return")]
    fn quantified(
        &mut self,
        list: &Ex,
    ) -> Result<(&'a [Value], Option<Arc<[Value]>>, Option<u32>), Tri> {
        let facts: &'a [Option<Value>] = self.facts;
        match list {
            Ex::Fact(slot) => match facts.get(*slot as usize) {
                Some(Some(Value::List(items))) => Ok((&items[..], None, Some(*slot))),
                Some(Some(_)) => Ok((&[], None, Some(*slot))),
                _ => Err(Tri::Unknown(Missing::fact(*slot))),
            },
            _ => match self.eval(list) {
                Tri::Known(Value::List(items)) => Ok((&[], Some(items), None)),
                Tri::Known(_) => Ok((&[], None, None)),
                unknown => Err(unknown),
            },
        }
    }

    /// Makes element `k` the quantifier's variable (the next local):
    /// lent if it can be, else cloned into `env`. Whether it was lent,
    /// for [`Self::unbind_element`].
    #[inline]
    fn bind_element(
        &mut self,
        lent: &'a [Value],
        owned: Option<&Arc<[Value]>>,
        k: usize,
        origin: Option<u32>,
    ) -> bool {
        // An enclosing quantifier's element is lent already: clone.
        let lend = owned.is_none() && self.elem.is_none();
        if lend {
            self.elem = Some((self.env.len() as u32, &lent[k]));
            self.env.push((Tri::Known(Value::Absent), origin));
        } else {
            let item = match owned {
                Some(o) => o[k].clone(),
                None => lent[k].clone(),
            };
            self.env.push((Tri::Known(item), origin));
        }
        lend
    }

    #[inline]
    fn unbind_element(&mut self, lend: bool) {
        if let Some((t, _)) = self.env.pop()
            && t.is_plain()
        {
            std::mem::forget(t);
        }
        if lend {
            self.elem = None;
        }
    }

    /// `any` (`decisive` true) or `all` (`decisive` false) as a
    /// [`Self::test`]: what [`Self::quantifier`] gives, without making a
    /// value for each element.
    fn quantifier_test(
        &mut self,
        decisive: bool,
        list: &Ex,
        filter: Option<&Ex>,
        body: Option<&Ex>,
        missing: &mut Missing,
    ) -> Test {
        let (lent, owned, origin) = match self.quantified(list) {
            Ok(items) => items,
            Err(unknown) => return Test::tri(&unknown, missing),
        };
        let len = owned.as_ref().map_or(lent.len(), |o| o.len());
        // What would decide the elements left undecided, if any.
        let mut undecided = None::<Missing>;
        for k in 0..len {
            let lend = self.bind_element(lent, owned.as_ref(), k, origin);
            let mut selection = Missing::default();
            let selected = match filter {
                Some(f) => self.test(f, &mut selection),
                None => Test::True,
            };
            let mut value = Missing::default();
            let holds = match (selected, body) {
                (Test::False, _) => None,
                (_, Some(b)) => Some(self.test(b, &mut value)),
                (_, None) => Some(Test::True),
            };
            self.unbind_element(lend);
            let Some(holds) = holds else { continue };
            if selected == Test::Unknown {
                // An element that may or may not be selected: undecided,
                // unless its body is the undecisive value (then it settles
                // nothing either way).
                if holds != Test::of(!decisive) {
                    let m = undecided.get_or_insert_with(Missing::default);
                    m.merge(&selection);
                    m.merge(&value);
                }
                continue;
            }
            match holds {
                h if h == Test::of(decisive) => return h,
                Test::Unknown => undecided.get_or_insert_with(Missing::default).merge(&value),
                _ => {}
            }
        }
        match undecided {
            Some(m) => {
                missing.merge(&m);
                Test::Unknown
            }
            None => Test::of(!decisive),
        }
    }

    /// The extension's value; the values of the implementation's locals
    /// (definitions, then factors), for explanations, go to `ext_locals`.
    fn extension(&mut self, ext: &ExtensionRule, index: u32, locals: &mut Vec<Tri>) -> Tri {
        locals.clear();
        let key = match self.eval(&ext.key.expr) {
            Tri::Known(Value::Enum(v)) => v,
            Tri::Known(_) => return Tri::Unknown(Missing::default()),
            unknown => return unknown,
        };
        let Some(imp) = ext.impls.get(&key) else {
            // The point's default applies only where no loaded pack
            // implements it for this (known) key value.
            if let Some(default) = &ext.default {
                return self.eval(&default.expr);
            }
            return Tri::Unknown(Missing::reason(Reason::NoImplementation(index, key)));
        };
        let base = self.env.len();
        for (_, clause) in &imp.locals {
            let v = self.eval(&clause.expr);
            self.env.push((v, None));
        }
        let result = self.eval(&imp.decide.expr);
        locals.extend(self.env.drain(base..).map(|(t, _)| t));
        result
    }

    /// Whether exemption `e` applies, as a [`Self::test`].
    #[inline]
    fn exemption(&mut self, e: &Exemption, missing: &mut Missing) -> Test {
        match e {
            Exemption::Inline(clause, _) => self.test(&clause.expr, missing),
            Exemption::Exception(i) => Test::tri(&self.done.exceptions[*i as usize], missing),
        }
    }

    /// Whether the boolean `e` holds, without making its value: `Other`
    /// for a known value that is not a boolean (an absent optional), and
    /// for `Unknown` the facts that would decide it are added to
    /// `missing`, which is left alone otherwise. What [`Self::eval`] gives,
    /// for the callers that only need to know which of these it is.
    fn test(&mut self, e: &Ex, missing: &mut Missing) -> Test {
        match e {
            Ex::Fact(slot) => self.fact_test(*slot, missing),
            Ex::Value(i) => Test::tri(&self.done.values[*i as usize], missing),
            Ex::Field(..) | Ex::Local(_) if is_leaf(e) => match self.peek(e) {
                Peek::Known(Value::Bool(b)) => Test::of(*b),
                Peek::Known(_) => Test::Other,
                p => {
                    p.add_missing(missing);
                    Test::Unknown
                }
            },
            Ex::Not(x) => match self.test(x, missing) {
                Test::True => Test::False,
                Test::False => Test::True,
                other => other,
            },
            Ex::And(a, b) => self.junction(a, b, false, missing),
            Ex::Or(a, b) => self.junction(a, b, true, missing),
            Ex::Cmp(op, a, b) if is_leaf(a) && is_leaf(b) => {
                let (l, r) = (self.peek(a), self.peek(b));
                cmp_test(*op, l, r, self.as_of, missing)
            }
            _ => self.test_rare(e, missing),
        }
    }

    /// A fact as a [`Self::test`].
    #[inline(always)]
    fn fact_test(&self, slot: u32, missing: &mut Missing) -> Test {
        match self.facts.get(slot as usize) {
            Some(Some(Value::Bool(b))) => Test::of(*b),
            Some(Some(_)) => Test::Other,
            _ => {
                missing.facts.insert(slot);
                Test::Unknown
            }
        }
    }

    /// [`Self::test`], with the commonest clauses (a rule's value, a fact,
    /// a field of a fact) read inline, at the caller.
    #[inline(always)]
    fn test_inline(&mut self, e: &Ex, missing: &mut Missing) -> Test {
        let leaf = |v: &Value| match v {
            Value::Bool(b) => Test::of(*b),
            _ => Test::Other,
        };
        match e {
            Ex::Value(i) => Test::tri(&self.done.values[*i as usize], missing),
            Ex::Fact(slot) => self.fact_test(*slot, missing),
            Ex::Field(base, index) => match **base {
                // What `peek` reads.
                Ex::Fact(slot) => match self.facts.get(slot as usize) {
                    Some(Some(Value::Record(fields))) => match fields.get(*index as usize) {
                        Some(Some(v)) => leaf(v),
                        _ => {
                            missing.facts.insert(slot);
                            Test::Unknown
                        }
                    },
                    Some(Some(v)) => leaf(v),
                    _ => {
                        missing.facts.insert(slot);
                        Test::Unknown
                    }
                },
                _ => self.test(e, missing),
            },
            _ => self.test(e, missing),
        }
    }

    /// The rest of [`Self::test`], so that it stays small.
    #[inline(never)]
    fn test_rare(&mut self, e: &Ex, missing: &mut Missing) -> Test {
        match e {
            Ex::Cmp(op, a, b) => {
                // `as_of <= facility.date + 1 year`, the commonest shape,
                // without making the deadline a `Tri`.
                if let Ex::Arith(Arith::Add, x, y) = &**b
                    && is_leaf(a)
                    && is_leaf(x)
                    && is_leaf(y)
                    && let (Peek::Known(Value::Date(d)), Peek::Known(Value::Duration(dur))) =
                        (self.peek(x), self.peek(y))
                    && let Some(sum) = calendar::add(*d, *dur)
                {
                    let sum = Value::Date(sum);
                    return cmp_test(*op, self.peek(a), Peek::Known(&sum), self.as_of, missing);
                }
                self.operands(a, b, |ev, l, r| cmp_test(*op, l, r, ev.as_of, missing))
            }
            // `known(x)` and `x is absent` of a fact or a field, without
            // building the value.
            Ex::Known(x) if is_leaf(x) => Test::of(matches!(self.peek(x), Peek::Known(_))),
            Ex::IsAbsent(x) if is_leaf(x) => match self.peek(x) {
                Peek::Known(v) => Test::of(*v == Value::Absent),
                unknown => {
                    unknown.add_missing(missing);
                    Test::Unknown
                }
            },
            Ex::Violated(ds) => self.duty_check(ds, |s| s == Status::Violated, false, missing),
            Ex::Satisfied(ds) => self.duty_check(ds, |s| s == Status::Satisfied, true, missing),
            Ex::Applies(ds) => self.duty_check(ds, applies, false, missing),
            Ex::Triggered(p) => Test::tri(&self.done.penalties[*p as usize].triggered, missing),
            Ex::Extension(i) => Test::tri(&self.done.extensions[*i as usize], missing),
            Ex::Deadline(d) => {
                let r = self.deadline(d);
                match r.in_time {
                    Some(b) => Test::of(b),
                    None => {
                        missing.merge(&r.missing);
                        Test::Unknown
                    }
                }
            }
            Ex::Quant {
                kind: kind @ (Quant::Any | Quant::All),
                list,
                filter,
                body,
            } => self.quantifier_test(
                *kind == Quant::Any,
                list,
                filter.as_deref(),
                body.as_deref(),
                missing,
            ),
            _ => {
                let t = self.eval(e);
                Test::tri(&t, missing)
            }
        }
    }

    /// [`Self::duty_test`], as a [`Self::test`].
    fn duty_check(
        &self,
        duties: &[u32],
        test: impl Fn(Status) -> bool,
        all: bool,
        missing: &mut Missing,
    ) -> Test {
        let mut unknown = false;
        for &d in duties {
            let outcome = &self.done.duties[d as usize];
            if outcome.status == Status::Unknown {
                unknown = true;
                continue;
            }
            let passes = test(outcome.status);
            if passes != all {
                return Test::of(passes);
            }
        }
        if !unknown {
            return Test::of(all);
        }
        for &d in duties {
            let outcome = &self.done.duties[d as usize];
            if outcome.status == Status::Unknown {
                missing.merge(&outcome.missing);
            }
        }
        Test::Unknown
    }

    /// A duty's status and exemption; for an unknown status, what would
    /// decide it goes to `missing` (empty when called).
    #[inline]
    fn duty(&mut self, d: &DutyRule, missing: &mut Missing) -> (Status, Option<Exempted>) {
        let holds = |b: bool| match (d.kind, b) {
            (DutyKind::Obligation, true) | (DutyKind::Prohibition, false) => Status::Satisfied,
            _ => Status::Violated,
        };
        // Evaluation is pure: once the duty does not apply, its condition
        // decides nothing (explanations evaluate it again).
        let applies = match &d.applies {
            Some(c) => self.test_inline(&c.expr, missing),
            None => Test::True,
        };
        let mut status = match applies {
            Test::False => Status::NotApplicable,
            _ => match (applies, self.test_inline(&d.condition.expr, missing)) {
                (Test::True, Test::True) => holds(true),
                (Test::True, Test::False) => holds(false),
                _ => Status::Unknown,
            },
        };
        let mut exempted = None;
        for (k, e) in d.exemptions.iter().enumerate() {
            let mut m = Missing::default();
            match self.exemption(e, &mut m) {
                Test::True => {
                    status = Status::NotApplicable;
                    *missing = Missing::default();
                    exempted = Some(Exempted {
                        index: k,
                        certain: true,
                    });
                    break;
                }
                Test::Unknown if matches!(status, Status::Violated | Status::Unknown) => {
                    status = Status::Unknown;
                    missing.merge(&m);
                    exempted.get_or_insert(Exempted {
                        index: k,
                        certain: false,
                    });
                }
                _ => {}
            }
        }
        (status, exempted)
    }

    /// A date a deadline reads: `Some(Some(d))` a date, `Some(None)`
    /// known absent (never happened), None unknown (its facts added to
    /// `missing`).
    fn deadline_date(&mut self, e: &Ex, missing: &mut Missing) -> Option<Option<Date>> {
        let t = if is_leaf(e) {
            match self.peek(e) {
                Peek::Known(Value::Date(d)) => return Some(Some(*d)),
                Peek::Known(Value::Absent) => return Some(None),
                p => {
                    p.add_missing(missing);
                    return None;
                }
            }
        } else {
            self.eval(e)
        };
        match t {
            Tri::Known(Value::Date(d)) => Some(Some(d)),
            Tri::Known(Value::Absent) => Some(None),
            Tri::Known(_) => None,
            Tri::Unknown(m) => {
                missing.merge(&m);
                None
            }
        }
    }

    /// A deadline as of the evaluation date (docs/language.md, Deadlines):
    /// whether the act is in time, and its due date.
    fn deadline(&mut self, d: &DeadlineEx) -> DeadlineResult {
        let mut missing = Missing::default();
        let mut due_missing = None;
        let as_of = self.as_of;
        let end = |start: Date, period: Dur| calendar::period_end(start, period);
        let (in_time, due) = match d {
            DeadlineEx::Within {
                done,
                period,
                start,
            } => {
                // The due date depends on the start alone.
                let mut start_missing = Missing::default();
                let start = self.deadline_date(start, &mut start_missing);
                let done = self.deadline_date(done, &mut missing);
                if start.is_none() {
                    missing.merge(&start_missing);
                    due_missing = Some(start_missing);
                }
                match start {
                    // The event that starts the period never happened.
                    Some(None) => (Some(true), Some(None)),
                    None => (None, None),
                    Some(Some(s)) => match end(s, *period) {
                        None => {
                            missing.merge(&Missing::reason(Reason::DateOutOfRange));
                            (None, None)
                        }
                        Some(due) => {
                            let last = due.last_day;
                            let in_time = match done {
                                Some(Some(done)) => Some(done <= last),
                                // Never done: in time until the period ends.
                                Some(None) => Some(as_of <= last),
                                // Whatever it is, nothing is late yet.
                                None if as_of <= last => Some(true),
                                None => None,
                            };
                            (in_time, Some(Some(due)))
                        }
                    },
                }
            }
            DeadlineEx::Every {
                period,
                last,
                first,
            } => {
                let period = match period {
                    Period::Fixed(p) => Some(*p),
                    Period::Computed(e) => match self.eval(e) {
                        Tri::Known(Value::Duration(p)) => Some(p),
                        Tri::Known(_) => None,
                        Tri::Unknown(m) => {
                            missing.merge(&m);
                            None
                        }
                    },
                };
                let last = self.deadline_date(last, &mut missing);
                // A computed period not known leaves undecided what turns on
                // it (never done and no first period is overdue whatever
                // the period).
                let after_last = |l: Date| period.and_then(|p| end(l, p));
                // The first period's end: Some(None) when there is none.
                let first_end = match first {
                    None => Some(None),
                    Some((p, start)) => match self.deadline_date(start, &mut missing) {
                        Some(Some(s)) => {
                            let e = end(s, *p);
                            if e.is_none() {
                                missing.merge(&Missing::reason(Reason::DateOutOfRange));
                            }
                            e.map(Some)
                        }
                        Some(None) => Some(None),
                        None => None,
                    },
                };
                if let (Some(Some(l)), Some(p)) = (last, period)
                    && end(l, p).is_none()
                {
                    missing.merge(&Missing::reason(Reason::DateOutOfRange));
                }
                let later = |a: calendar::PeriodEnd, b: Option<calendar::PeriodEnd>| match b {
                    Some(b) if b.last_day > a.last_day => b,
                    _ => a,
                };
                let due: Option<Option<calendar::PeriodEnd>> = match (last, first_end) {
                    (Some(Some(l)), Some(f)) => after_last(l).map(|e| Some(later(e, f))),
                    (Some(None), Some(f)) => Some(f),
                    _ => None,
                };
                let in_time = match (&due, last, first_end) {
                    (Some(Some(due)), _, _) => Some(as_of <= due.last_day),
                    // Never done, and no first period: overdue.
                    (Some(None), _, _) => Some(false),
                    // The due date is not earlier than either end known.
                    (None, Some(Some(l)), _) => match after_last(l) {
                        Some(e) if as_of <= e.last_day => Some(true),
                        _ => None,
                    },
                    (None, _, Some(Some(f))) if as_of <= f.last_day => Some(true),
                    (None, _, _) => None,
                };
                (in_time, due)
            }
        };
        DeadlineResult {
            in_time,
            due,
            missing,
            due_missing,
        }
    }

    /// A penalty's trigger and escalation; the rest goes to `lists` (the
    /// old outcome's, cleared here).
    fn penalty(&mut self, p: &PenaltyRule, lists: &mut PenaltyLists) -> (Tri, Tri) {
        let PenaltyLists {
            triggered_by,
            exempted,
            gave_way,
            fines,
        } = lists;
        triggered_by.clear();
        exempted.clear();
        gave_way.clear();
        fines.clear();
        let mut missing = None::<Missing>;
        for (t, trigger) in p.triggers.iter().enumerate() {
            for &d in &trigger.duties {
                let outcome = &self.done.duties[d as usize];
                match outcome.status {
                    Status::Violated => {
                        triggered_by.push((t, d));
                    }
                    Status::Unknown => missing
                        .get_or_insert_with(Missing::default)
                        .merge(&outcome.missing),
                    _ => {}
                }
            }
        }
        // A violation that gives way to another penalty triggered for the
        // same act does not count; where that penalty may be triggered,
        // it counts only as a possibility.
        for g in &p.gives_way {
            let other = &self.done.penalties[g.to as usize].triggered;
            if other.as_bool() == Some(false) {
                continue;
            }
            let before = triggered_by.len();
            triggered_by.retain(|(_, d)| {
                if g.duties.contains(d) {
                    gave_way.push((*d, g.to));
                    false
                } else {
                    true
                }
            });
            if triggered_by.len() < before
                && let Tri::Unknown(m) = other
            {
                missing.get_or_insert_with(Missing::default).merge(m);
            }
        }
        let triggered = if !triggered_by.is_empty() {
            Tri::bool(true)
        } else {
            match missing {
                Some(m) => Tri::Unknown(m),
                None => Tri::bool(false),
            }
        };
        if triggered.as_bool() == Some(false) {
            return (triggered, unknown());
        }
        let mut certainly_exempted = false;
        // What would decide whether its fines apply at all.
        let mut condition = triggered.missing().cloned();
        for (k, e) in p.exemptions.iter().enumerate() {
            let mut m = Missing::default();
            match self.exemption(e, &mut m) {
                Test::True => {
                    certainly_exempted = true;
                    exempted.push((
                        Exempted {
                            index: k,
                            certain: true,
                        },
                        Missing::default(),
                    ));
                }
                Test::Unknown => {
                    condition.get_or_insert_with(Missing::default).merge(&m);
                    exempted.push((
                        Exempted {
                            index: k,
                            certain: false,
                        },
                        m,
                    ));
                }
                Test::False | Test::Other => {}
            }
        }
        if certainly_exempted {
            return (triggered, unknown());
        }
        // Triggered, but an exemption may set it aside: undecided, as a
        // duty in the same position is, and its fines only possible.
        let triggered = match (&triggered, &condition) {
            (Tri::Known(_), Some(m)) => Tri::Unknown(m.clone()),
            _ => triggered,
        };
        let escalation = match &p.escalate {
            Some((cond, _)) => self.eval(&cond.expr),
            None => unknown(),
        };
        // true, false, or unknown with what would decide it.
        let escalated = match &escalation {
            Tri::Known(Value::Bool(b)) => Some(*b),
            Tri::Known(_) => Some(false),
            Tri::Unknown(_) => None,
        };
        let with = |base: &Option<Missing>, extra: Option<&Missing>| {
            let mut m = base.clone().unwrap_or_default();
            if let Some(x) = extra {
                m.merge(x);
            }
            m
        };
        let esc_missing = escalation.missing();
        for (k, f) in p.fines.iter().enumerate() {
            let (status, m) = match (f.replaced_on_escalation, escalated) {
                (true, Some(true)) => continue,
                (true, None) => (FineStatus::Possible, with(&condition, esc_missing)),
                _ if condition.is_some() => (FineStatus::Possible, with(&condition, None)),
                _ => (FineStatus::Applies, Missing::default()),
            };
            let fine = self.fine(f, k as u32, status, m);
            fines.push(fine);
        }
        if let Some((_, escalated_fines)) = &p.escalate {
            let base = p.fines.len();
            for (k, f) in escalated_fines.iter().enumerate() {
                let (status, m) = match escalated {
                    Some(false) => (FineStatus::IfEscalated, with(&condition, None)),
                    None => (FineStatus::Possible, with(&condition, esc_missing)),
                    Some(true) if condition.is_some() => {
                        (FineStatus::Possible, with(&condition, None))
                    }
                    Some(true) => (FineStatus::Applies, Missing::default()),
                };
                let fine = self.fine(f, (base + k) as u32, status, m);
                fines.push(fine);
            }
        }
        (triggered, escalation)
    }

    /// One fine's amount, with its status and what decides it.
    fn fine(&mut self, f: &FineRule, rule: u32, status: FineStatus, mut m: Missing) -> FineOutcome {
        // Rounded to the fen like every money result; a bound beyond the
        // money range is flagged out of range, never a wrong number.
        let bound = |x: Decimal| clamp_money(Some(x), false);
        let scale = |x: Decimal, by: Decimal| {
            clamp_money(
                x.checked_mul(by),
                x.is_sign_negative() != by.is_sign_negative(),
            )
        };
        let ((min, min_out), (max_known, known_out), max) = match &f.amount {
            FineAmount::Fixed { min, max } => (bound(*min), bound(*max), Some(bound(*max))),
            FineAmount::Multiple { min, max, basis } => {
                let (lo, known, hi) = match &basis.expr {
                    Ex::Quant {
                        kind: Quant::Sum,
                        list,
                        filter,
                        body: Some(body),
                    } => self.sum_bounds(list, filter.as_deref(), body, &mut m),
                    e => match self.eval(e) {
                        Tri::Known(Value::Money(b)) => (b, b, Some(b)),
                        Tri::Known(_) => (Decimal::ZERO, Decimal::ZERO, Some(Decimal::ZERO)),
                        Tri::Unknown(u) => {
                            m.merge(&u);
                            (Decimal::ZERO, Decimal::ZERO, None)
                        }
                    },
                };
                (
                    scale(lo, *min),
                    scale(known, *max),
                    hi.map(|h| scale(h, *max)),
                )
            }
        };
        FineOutcome {
            rule,
            whose: f.whose,
            discretionary: f.discretionary,
            status,
            min,
            max_known,
            max: max.map(|(b, _)| b),
            out_of_range: OutOfRange {
                min: min_out,
                max: known_out,
                possible_max: max.is_some_and(|(_, out)| out),
            },
            missing: m,
        }
    }

    /// Bounds of `sum(x in list where filter: body)` over money: what is
    /// certainly counted (the lower bound), and with every element that
    /// may be (the upper bound; `None` when an amount is unknown). Amounts
    /// of fines' bases are never negative. What would decide it goes to
    /// `missing`.
    fn sum_bounds(
        &mut self,
        list: &Ex,
        filter: Option<&Ex>,
        body: &Ex,
        missing: &mut Missing,
    ) -> (Decimal, Decimal, Option<Decimal>) {
        let (lent, owned, origin) = match self.quantified(list) {
            Ok(items) => items,
            Err(unknown) => {
                if let Tri::Unknown(m) = &unknown {
                    missing.merge(m);
                }
                return (Decimal::ZERO, Decimal::ZERO, None);
            }
        };
        let len = owned.as_ref().map_or(lent.len(), |o| o.len());
        let (mut lo, mut hi) = (Decimal::ZERO, Some(Decimal::ZERO));
        let money = |t: &Tri| match t {
            Tri::Known(Value::Money(d)) => Some(*d),
            Tri::Known(Value::Int(i)) => Some(Decimal::from(*i)),
            _ => None,
        };
        for k in 0..len {
            let lend = self.bind_element(lent, owned.as_ref(), k, origin);
            let selected = match filter {
                Some(f) => self.eval(f),
                None => Tri::bool(true),
            };
            let value = match selected.as_bool() {
                Some(false) => None,
                _ => Some(self.eval(body)),
            };
            self.unbind_element(lend);
            let Some(value) = value else { continue };
            if let Tri::Unknown(m) = &selected {
                missing.merge(m);
            }
            if let Tri::Unknown(m) = &value {
                missing.merge(m);
            }
            let amount = money(&value);
            if selected.as_bool() == Some(true)
                && let Some(a) = amount
            {
                // Saturated: beyond `Decimal` is beyond the money range,
                // and the fine flags it out of range.
                lo = lo.saturating_add(a);
            }
            hi = match (hi, amount) {
                (Some(h), Some(a)) => Some(h.saturating_add(a)),
                _ => None,
            };
        }
        (lo, lo, hi)
    }
}

/// A comparison's [`Test`].
#[inline]
fn cmp_test(op: Cmp, l: Peek<'_>, r: Peek<'_>, as_of: Date, missing: &mut Missing) -> Test {
    match (l, r) {
        (Peek::Known(x), Peek::Known(y)) => {
            match fast_compare(x, y).or_else(|| compare(x, y, as_of)) {
                Some(ord) => Test::of(match op {
                    Cmp::Eq => ord == Ordering::Equal,
                    Cmp::Ne => ord != Ordering::Equal,
                    Cmp::Lt => ord == Ordering::Less,
                    Cmp::Le => ord != Ordering::Greater,
                    Cmp::Gt => ord == Ordering::Greater,
                    Cmp::Ge => ord != Ordering::Less,
                }),
                None if without_order(x, y) => {
                    missing.merge(&Missing::reason(Reason::DurationsWithoutOrder));
                    Test::Unknown
                }
                // Values of different kinds are unequal.
                None => Test::of(op == Cmp::Ne),
            }
        }
        _ => {
            l.add_missing(missing);
            r.add_missing(missing);
            Test::Unknown
        }
    }
}

impl Evaluator<'_> {
    /// `and` (`decisive` false) and `or` (`decisive` true) in Kleene logic:
    /// a decisive side decides; otherwise unknown with the left side's
    /// missing facts first, as `eval` has them.
    fn junction(&mut self, a: &Ex, b: &Ex, decisive: bool, missing: &mut Missing) -> Test {
        let mut left = Missing::default();
        let l = self.test_inline(a, &mut left);
        if l == Test::of(decisive) {
            return l;
        }
        if l == Test::of(!decisive) {
            return self.test_inline(b, missing);
        }
        let mut right = Missing::default();
        let r = self.test_inline(b, &mut right);
        if r == Test::of(decisive) {
            return r;
        }
        missing.merge(&left);
        missing.merge(&right);
        Test::Unknown
    }
}

/// What [`Evaluator::test`] finds a boolean expression to be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Test {
    True,
    False,
    /// Known, but not a boolean.
    Other,
    Unknown,
}

impl Test {
    #[inline]
    fn of(b: bool) -> Test {
        if b { Test::True } else { Test::False }
    }

    /// Which of these `t` is, adding its missing facts to `missing`.
    #[inline]
    fn tri(t: &Tri, missing: &mut Missing) -> Test {
        match t {
            Tri::Known(Value::Bool(b)) => Test::of(*b),
            Tri::Known(_) => Test::Other,
            Tri::Unknown(m) => {
                missing.merge(m);
                Test::Unknown
            }
        }
    }
}

/// A penalty outcome's lists.
struct PenaltyLists {
    triggered_by: Vec<(usize, u32)>,
    exempted: Vec<(Exempted, Missing)>,
    gave_way: Vec<(u32, u32)>,
    fines: Vec<FineOutcome>,
}

fn merge_into(acc: &mut Option<Missing>, t: &Tri) {
    if let Tri::Unknown(m) = t {
        acc.get_or_insert_with(Missing::default).merge(m);
    }
}

fn neg(v: Value) -> Tri {
    match v {
        Value::Int(i) => i
            .checked_neg()
            .map_or_else(overflow, |n| Tri::Known(Value::Int(n))),
        Value::Decimal(d) => Tri::Known(Value::Decimal(-d)),
        Value::Money(d) => Tri::Known(Value::Money(-d)),
        Value::Duration(d) => d
            .negate()
            .map_or_else(duration_out_of_range, |n| Tri::Known(Value::Duration(n))),
        other => Tri::Known(other),
    }
}

fn overflow() -> Tri {
    Tri::Unknown(Missing::reason(Reason::Overflow))
}

fn date_out_of_range() -> Tri {
    Tri::Unknown(Missing::reason(Reason::DateOutOfRange))
}

/// `d`, negated for a subtraction (`None`: it has no negation).
fn signed(op: Arith, d: Dur) -> Option<Dur> {
    if op == Arith::Sub {
        d.negate()
    } else {
        Some(d)
    }
}

fn duration_out_of_range() -> Tri {
    Tri::Unknown(Missing::reason(Reason::DurationOutOfRange))
}

/// Two durations (or a duration and an empty `sum`, `Int(0)`) that have no
/// order of their own: one of days, one of months (`calendar::compare`).
#[cold]
fn without_order(a: &Value, b: &Value) -> bool {
    let dur = |v: &Value| match v {
        Value::Duration(d) => Some(*d),
        Value::Int(0) => Some(Dur::default()),
        _ => None,
    };
    match (a, b, dur(a), dur(b)) {
        (Value::Int(_), Value::Int(_), ..) => false,
        (_, _, Some(x), Some(y)) => calendar::compare(x, y, Date::MIN).is_none(),
        _ => false,
    }
}

fn decimal(v: &Value) -> Option<Decimal> {
    match v {
        Value::Int(i) => Some(Decimal::from(*i)),
        Value::Decimal(d) | Value::Money(d) => Some(*d),
        _ => None,
    }
}

/// [`compare`] for the kinds compared most (dates, booleans, whole
/// numbers, enum variants), inline; `None` for the others.
#[inline]
fn fast_compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Enum(x), Value::Enum(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// Orders two values of compatible types (the checker guarantees that).
fn compare(a: &Value, b: &Value, anchor: Date) -> Option<Ordering> {
    use Value as V;
    match (a, b) {
        (V::Int(x), V::Int(y)) => Some(x.cmp(y)),
        (V::Int(_) | V::Decimal(_), V::Int(_) | V::Decimal(_)) | (V::Money(_), V::Money(_)) => {
            Some(decimal(a)?.cmp(&decimal(b)?))
        }
        // An empty `sum` is the untyped `Int(0)`; the checker lets nothing
        // else compare an int with money or a duration.
        (V::Int(_), V::Money(_)) | (V::Money(_), V::Int(_)) => Some(decimal(a)?.cmp(&decimal(b)?)),
        (V::Int(0), V::Duration(y)) => calendar::compare(Dur::default(), *y, anchor),
        (V::Duration(x), V::Int(0)) => calendar::compare(*x, Dur::default(), anchor),
        (V::Date(x), V::Date(y)) => Some(x.cmp(y)),
        (V::Duration(x), V::Duration(y)) => calendar::compare(*x, *y, anchor),
        (V::Bool(x), V::Bool(y)) => Some(x.cmp(y)),
        (V::Text(x), V::Text(y)) => Some(x.cmp(y)),
        (V::Enum(x), V::Enum(y)) => Some(x.cmp(y)),
        (V::Absent, V::Absent) => Some(Ordering::Equal),
        _ => (a == b).then_some(Ordering::Equal),
    }
}

fn arith(op: Arith, a: Value, b: Value) -> Tri {
    use Value as V;
    let k = Tri::Known;
    // Money results are rounded to the fen and kept within range
    // (`value::to_fen`); out of range is unknown, never a wrong number.
    let dec = |r: Option<Decimal>, money: bool| match r {
        Some(d) if money => to_fen(d).map_or_else(overflow, |d| k(V::Money(d))),
        Some(d) => k(V::Decimal(d)),
        None => overflow(),
    };
    match (op, &a, &b) {
        (_, V::Int(x), V::Int(y)) if op != Arith::Div => {
            let r = match op {
                Arith::Add => x.checked_add(*y),
                Arith::Sub => x.checked_sub(*y),
                _ => x.checked_mul(*y),
            };
            r.map_or_else(overflow, |n| k(V::Int(n)))
        }
        (Arith::Div, _, _) if decimal(&b) == Some(Decimal::ZERO) => {
            Tri::Unknown(Missing::reason(Reason::DivisionByZero))
        }
        (Arith::Add | Arith::Sub, V::Date(d), V::Duration(dur)) => {
            let Some(dur) = signed(op, *dur) else {
                return duration_out_of_range();
            };
            calendar::add(*d, dur).map_or_else(date_out_of_range, |d| k(V::Date(d)))
        }
        (Arith::Add, V::Duration(dur), V::Date(d)) => {
            calendar::add(*d, *dur).map_or_else(date_out_of_range, |d| k(V::Date(d)))
        }
        (Arith::Sub, V::Date(x), V::Date(y)) => {
            calendar::days_between(*x, *y).map_or_else(duration_out_of_range, |d| k(V::Duration(d)))
        }
        // Checked, not saturated: a saturated duration would be a wrong one.
        (Arith::Add | Arith::Sub, V::Duration(x), V::Duration(y)) => {
            let Some(y) = signed(op, *y) else {
                return duration_out_of_range();
            };
            match (x.months.checked_add(y.months), x.days.checked_add(y.days)) {
                (Some(months), Some(days)) => k(V::Duration(Dur { months, days })),
                _ => duration_out_of_range(),
            }
        }
        // An empty `sum` of durations is the untyped `Int(0)`.
        (Arith::Add | Arith::Sub, V::Date(_) | V::Duration(_), V::Int(0)) => k(a),
        (Arith::Add, V::Int(0), V::Date(_) | V::Duration(_)) => k(b),
        (Arith::Sub, V::Int(0), V::Duration(d)) => d
            .negate()
            .map_or_else(duration_out_of_range, |n| k(V::Duration(n))),
        (Arith::Mul, V::Duration(x), V::Int(n)) | (Arith::Mul, V::Int(n), V::Duration(x)) => {
            let times = |u: i32| i32::try_from(*n).ok().and_then(|n| u.checked_mul(n));
            match (times(x.months), times(x.days)) {
                (Some(months), Some(days)) => k(V::Duration(Dur { months, days })),
                _ => duration_out_of_range(),
            }
        }
        _ => {
            let money = matches!(a, V::Money(_)) || matches!(b, V::Money(_));
            // money / money is a ratio, not an amount.
            let money =
                money && !(op == Arith::Div && matches!((&a, &b), (V::Money(_), V::Money(_))));
            let (Some(x), Some(y)) = (decimal(&a), decimal(&b)) else {
                return Tri::Unknown(Missing::default());
            };
            let r = match op {
                Arith::Add => x.checked_add(y),
                Arith::Sub => x.checked_sub(y),
                Arith::Mul => x.checked_mul(y),
                Arith::Div => x.checked_div(y),
            };
            dec(r, money)
        }
    }
}

/// The facts (by slot) an unknown result needs, as names.
pub fn missing_names<'p>(program: &'p Program, m: &Missing) -> Vec<&'p str> {
    m.facts
        .iter()
        .filter_map(|s| program.schema.fact(s).map(|f| f.name.as_str()))
        .collect()
}
