//! Evaluates a compiled program for one facility, rule by rule in
//! dependency order. Three-valued: an absent fact is unknown, and unknown
//! results carry the facts that would decide them. Pure: "today" is the
//! `as_of` argument; nothing reads a clock.

use std::cmp::Ordering;
use std::sync::Arc;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::calendar;
use crate::ir::*;
use crate::outcome::{DutyOutcome, Evaluation, Exempted, FineOutcome, PenaltyOutcome, Status};
use crate::value::{Dur, Missing, Reason, Tri, Value};

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
    // `compile` puts every rule in `order`, so every entry is overwritten
    // and old entries can stay until then; otherwise start from scratch.
    let complete = program.order.len()
        == program.values.len()
            + program.duties.len()
            + program.penalties.len()
            + program.exceptions.len()
            + program.extensions.len();
    let mut ev = Evaluator {
        facts: &facility.facts,
        as_of,
        as_of_value: Value::Date(as_of),
        values: fit(&mut out.values, program.values.len(), complete, unknown),
        duties: fit(
            &mut out.duties,
            program.duties.len(),
            complete,
            DutyOutcome::default,
        ),
        penalties: fit(
            &mut out.penalties,
            program.penalties.len(),
            complete,
            PenaltyOutcome::default,
        ),
        exceptions: fit(
            &mut out.exceptions,
            program.exceptions.len(),
            complete,
            unknown,
        ),
        extensions: fit(
            &mut out.extensions,
            program.extensions.len(),
            complete,
            unknown,
        ),
        ext_locals: fit(
            &mut out.ext_locals,
            program.extensions.len(),
            complete,
            Vec::new,
        ),
        env: ENV.with(|e| std::mem::take(&mut *e.borrow_mut())),
    };
    for node in &program.order {
        match *node {
            Node::Value(i) => {
                let v = ev.eval(&program.values[i as usize].clause.expr);
                set(&mut ev.values[i as usize], v);
            }
            Node::Exception(i) => {
                let v = ev.eval(&program.exceptions[i as usize].when.expr);
                set(&mut ev.exceptions[i as usize], v);
            }
            Node::Extension(i) => {
                let v = ev.extension(&program.extensions[i as usize], i);
                set(&mut ev.extensions[i as usize], v);
            }
            Node::Duty(i) => ev.duty(&program.duties[i as usize], i as usize),
            Node::Penalty(i) => ev.penalty(&program.penalties[i as usize], i as usize),
        }
    }
    // Keep the locals' buffer for the next evaluation on this thread.
    let mut env = std::mem::take(&mut ev.env);
    env.clear();
    ENV.with(|e| *e.borrow_mut() = env);
    out.facility.clear();
    out.facility.push_str(&facility.id);
    out.as_of = as_of;
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

fn unknown() -> Tri {
    Tri::Unknown(Missing::default())
}

struct Evaluator<'a> {
    facts: &'a [Option<Value>],
    as_of: Date,
    /// `as_of` as a value, to lend.
    as_of_value: Value,
    values: &'a mut Vec<Tri>,
    duties: &'a mut Vec<DutyOutcome>,
    penalties: &'a mut Vec<PenaltyOutcome>,
    exceptions: &'a mut Vec<Tri>,
    extensions: &'a mut Vec<Tri>,
    ext_locals: &'a mut Vec<Vec<Tri>>,
    /// Locals: (value, the fact a record came from, for missing fields).
    env: Vec<(Tri, Option<u32>)>,
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

impl Evaluator<'_> {
    /// The value of a leaf `e` ([`is_leaf`]), lent; what [`Self::eval`]
    /// gives, without the clone.
    fn peek<'s>(&'s self, e: &'s Ex) -> Peek<'s> {
        match e {
            Ex::Const(v) => Peek::Known(v),
            Ex::AsOf => Peek::Known(&self.as_of_value),
            Ex::Fact(slot) => match self.facts.get(*slot as usize) {
                Some(Some(v)) => Peek::Known(v),
                _ => Peek::Fact(*slot),
            },
            Ex::Value(i) => Peek::of(&self.values[*i as usize]),
            Ex::Local(i) => self
                .env
                .get(*i as usize)
                .map_or(Peek::Unknown, |(t, _)| Peek::of(t)),
            Ex::Field(base, index) => match self.peek(base) {
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
            Ex::Value(i) => self.values[*i as usize].clone(),
            _ => self.eval_node(e),
        }
    }

    /// The common operators; the others are [`Self::eval_rare`]'s, so that
    /// this stays small (a cheap call).
    fn eval_node(&mut self, e: &Ex) -> Tri {
        match e {
            Ex::Local(i) => self
                .env
                .get(*i as usize)
                .map_or_else(unknown, |(t, _)| t.clone()),
            Ex::Not(x) => match self.eval(x) {
                Tri::Known(Value::Bool(b)) => Tri::bool(!b),
                other => other,
            },
            Ex::And(a, b) => {
                let l = self.eval(a);
                if l.as_bool() == Some(false) {
                    return l;
                }
                let r = self.eval(b);
                match (l.as_bool(), r.as_bool()) {
                    (Some(true), _) => r,
                    (_, Some(false)) => r,
                    _ => unknown2(&l, &r),
                }
            }
            Ex::Or(a, b) => {
                let l = self.eval(a);
                if l.as_bool() == Some(true) {
                    return l;
                }
                let r = self.eval(b);
                match (l.as_bool(), r.as_bool()) {
                    (Some(false), _) => r,
                    (_, Some(true)) => r,
                    _ => unknown2(&l, &r),
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
                    calendar::add(*d, *dur).map_or_else(overflow, |d| Tri::Known(Value::Date(d)))
                }
                (Peek::Known(x), Peek::Known(y)) => arith(*op, x.clone(), y.clone()),
                _ => unknown_peeks(l, r),
            }),
            Ex::In(a, b) => self.operands(a, b, |ev, l, r| match (l, r) {
                (Peek::Known(x), Peek::Known(Value::List(items))) => Tri::bool(
                    items
                        .iter()
                        .any(|i| compare(x, i, ev.as_of) == Some(Ordering::Equal)),
                ),
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
            Ex::Otherwise(a, b) => match self.eval(a) {
                Tri::Known(Value::Absent) | Tri::Unknown(_) => self.eval(b),
                known => known,
            },
            Ex::Known(x) => {
                Tri::bool(matches!(self.eval(x), Tri::Known(ref v) if *v != Value::Absent))
            }
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
            Ex::Applies(ds) => self.duty_test(ds, |s| s != Status::NotApplicable, false),
            Ex::Triggered(p) => self.penalties[*p as usize].triggered.clone(),
            Ex::Extension(i) => self.extensions[*i as usize].clone(),
        }
    }

    /// `violated(…)`/`applies(…)` hold if some named duty passes `test`
    /// (`all`: every one); unknown statuses make the answer unknown unless
    /// the known ones already decide it.
    fn duty_test(&self, duties: &[u32], test: impl Fn(Status) -> bool, all: bool) -> Tri {
        let mut missing = None::<Missing>;
        for &d in duties {
            let outcome = &self.duties[d as usize];
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
        let origin = match list {
            Ex::Fact(slot) => Some(*slot),
            _ => None,
        };
        let items = match self.eval(list) {
            Tri::Known(Value::List(items)) => items,
            Tri::Known(_) => Arc::from(Vec::new()),
            unknown => return unknown,
        };
        let mut missing = None::<Missing>;
        let mut count = 0i64;
        let mut total: Option<Value> = None;
        for item in items.iter() {
            self.env.push((Tri::Known(item.clone()), origin));
            let selected = match filter {
                Some(f) => self.eval(f),
                None => Tri::bool(true),
            };
            let value = match (selected.as_bool(), body) {
                (Some(false), _) => None,
                (_, Some(b)) => Some(self.eval(b)),
                (_, None) => Some(Tri::bool(true)),
            };
            self.env.pop();
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

    /// The extension's value; the values of the implementation's locals
    /// (definitions, then factors), for explanations, go to `ext_locals`.
    fn extension(&mut self, ext: &ExtensionRule, index: u32) -> Tri {
        self.ext_locals[index as usize].clear();
        let key = match self.eval(&ext.key.expr) {
            Tri::Known(Value::Enum(v)) => v,
            Tri::Known(_) => return Tri::Unknown(Missing::default()),
            unknown => return unknown,
        };
        let Some(imp) = ext.impls.get(&key) else {
            return Tri::Unknown(Missing::reason(Reason::NoImplementation(index, key)));
        };
        let base = self.env.len();
        for (_, clause) in &imp.locals {
            let v = self.eval(&clause.expr);
            self.env.push((v, None));
        }
        let result = self.eval(&imp.decide.expr);
        let locals = &mut self.ext_locals[index as usize];
        locals.extend(self.env.drain(base..).map(|(t, _)| t));
        result
    }

    fn exemption(&mut self, e: &Exemption) -> Tri {
        match e {
            Exemption::Inline(clause, _) => self.eval(&clause.expr),
            Exemption::Exception(i) => self.exceptions[*i as usize].clone(),
        }
    }

    /// Duty `index`'s outcome, written over the old one.
    fn duty(&mut self, d: &DutyRule, index: usize) {
        let applies = match &d.applies {
            Some(c) => self.eval(&c.expr),
            None => Tri::bool(true),
        };
        let condition = self.eval(&d.condition.expr);
        let holds = |b: bool| match (d.kind, b) {
            (DutyKind::Obligation, true) | (DutyKind::Prohibition, false) => Status::Satisfied,
            _ => Status::Violated,
        };
        let (mut status, mut missing) = match (applies.as_bool(), condition.as_bool()) {
            (Some(false), _) => (Status::NotApplicable, Missing::default()),
            (Some(true), Some(b)) => (holds(b), Missing::default()),
            (Some(true), None) => (
                Status::Unknown,
                condition.missing().cloned().unwrap_or_default(),
            ),
            (None, _) => {
                let mut m = applies.missing().cloned().unwrap_or_default();
                if let Tri::Unknown(c) = &condition {
                    m.merge(c);
                }
                (Status::Unknown, m)
            }
        };
        let mut exempted = None;
        for (k, e) in d.exemptions.iter().enumerate() {
            match self.exemption(e) {
                Tri::Known(Value::Bool(true)) => {
                    status = Status::NotApplicable;
                    missing = Missing::default();
                    exempted = Some(Exempted {
                        index: k,
                        certain: true,
                    });
                    break;
                }
                Tri::Unknown(m) if matches!(status, Status::Violated | Status::Unknown) => {
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
        let due = match (&d.due, status) {
            (Some(c), s) if s != Status::NotApplicable => Some(self.eval(&c.expr)),
            _ => None,
        };
        let o = &mut self.duties[index];
        o.status = status;
        set_missing(&mut o.missing, missing);
        let old = std::mem::replace(&mut o.due, due);
        if old.as_ref().is_none_or(Tri::is_plain) {
            std::mem::forget(old);
        }
        set(&mut o.applies, applies);
        set(&mut o.condition, condition);
        o.exempted = exempted;
    }

    /// Penalty `index`'s outcome, written over the old one (whose lists are
    /// reused).
    fn penalty(&mut self, p: &PenaltyRule, index: usize) {
        let old = &mut self.penalties[index];
        let mut triggered_by = std::mem::take(&mut old.triggered_by);
        let mut exempted = std::mem::take(&mut old.exempted);
        let mut fines = std::mem::take(&mut old.fines);
        let mut conditional_fines = std::mem::take(&mut old.conditional_fines);
        triggered_by.clear();
        exempted.clear();
        fines.clear();
        conditional_fines.clear();
        let mut missing = None::<Missing>;
        for (t, trigger) in p.triggers.iter().enumerate() {
            for &d in &trigger.duties {
                let outcome = &self.duties[d as usize];
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
        let triggered = if !triggered_by.is_empty() {
            Tri::bool(true)
        } else {
            match missing {
                Some(m) => Tri::Unknown(m),
                None => Tri::bool(false),
            }
        };
        for (k, e) in p.exemptions.iter().enumerate() {
            match self.exemption(e) {
                Tri::Known(Value::Bool(true)) => exempted.push((
                    Exempted {
                        index: k,
                        certain: true,
                    },
                    Missing::default(),
                )),
                Tri::Unknown(m) => exempted.push((
                    Exempted {
                        index: k,
                        certain: false,
                    },
                    m,
                )),
                _ => {}
            }
        }
        // Evaluated whatever the trigger, so explanations show its value.
        let escalation = match &p.escalate {
            Some((cond, _)) => self.eval(&cond.expr),
            None => unknown(),
        };
        if triggered.as_bool() == Some(true) && !exempted.iter().any(|(e, _)| e.certain) {
            for f in &p.fines {
                let fine = self.fine(f);
                fines.push(fine);
            }
            if let Some((_, escalated)) = &p.escalate {
                for f in escalated {
                    let fine = self.fine(f);
                    conditional_fines.push(fine);
                }
                if escalation.as_bool() == Some(true) {
                    // An escalated fine replaces the direct fine on its target.
                    fines.retain(|d| !conditional_fines.iter().any(|x| x.target == d.target));
                    fines.append(&mut conditional_fines);
                }
            }
        }
        let o = &mut self.penalties[index];
        set(&mut o.triggered, triggered);
        set(&mut o.escalation, escalation);
        o.triggered_by = triggered_by;
        o.exempted = exempted;
        o.fines = fines;
        o.conditional_fines = conditional_fines;
    }

    fn fine(&mut self, f: &FineRule) -> FineOutcome {
        match &f.amount {
            FineAmount::Fixed { min, max } => FineOutcome {
                target: f.target,
                min: Some(*min),
                max: Some(*max),
                missing: Missing::default(),
            },
            FineAmount::Multiple { min, max, basis } => match self.eval(&basis.expr) {
                Tri::Known(Value::Money(b)) => FineOutcome {
                    target: f.target,
                    min: min.checked_mul(b),
                    max: max.checked_mul(b),
                    missing: Missing::default(),
                },
                Tri::Known(Value::Int(0)) => FineOutcome {
                    target: f.target,
                    min: Some(Decimal::ZERO),
                    max: Some(Decimal::ZERO),
                    missing: Missing::default(),
                },
                Tri::Unknown(m) => FineOutcome {
                    target: f.target,
                    min: None,
                    max: None,
                    missing: m,
                },
                Tri::Known(_) => FineOutcome {
                    target: f.target,
                    min: None,
                    max: None,
                    missing: Missing::default(),
                },
            },
        }
    }
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
        Value::Duration(d) => Tri::Known(Value::Duration(d.negate())),
        other => Tri::Known(other),
    }
}

fn overflow() -> Tri {
    Tri::Unknown(Missing::reason(Reason::Overflow))
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
    let dec = |r: Option<Decimal>, money: bool| match r {
        Some(d) if money => k(V::Money(d)),
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
            let dur = if op == Arith::Sub { dur.negate() } else { *dur };
            calendar::add(*d, dur).map_or_else(overflow, |d| k(V::Date(d)))
        }
        (Arith::Add, V::Duration(dur), V::Date(d)) => {
            calendar::add(*d, *dur).map_or_else(overflow, |d| k(V::Date(d)))
        }
        (Arith::Sub, V::Date(x), V::Date(y)) => {
            calendar::days_between(*x, *y).map_or_else(overflow, |d| k(V::Duration(d)))
        }
        (Arith::Add | Arith::Sub, V::Duration(x), V::Duration(y)) => {
            let y = if op == Arith::Sub { y.negate() } else { *y };
            k(V::Duration(Dur {
                months: x.months.saturating_add(y.months),
                days: x.days.saturating_add(y.days),
            }))
        }
        // An empty `sum` of durations is the untyped `Int(0)`.
        (Arith::Add | Arith::Sub, V::Date(_) | V::Duration(_), V::Int(0)) => k(a),
        (Arith::Add, V::Int(0), V::Date(_) | V::Duration(_)) => k(b),
        (Arith::Sub, V::Int(0), V::Duration(d)) => k(V::Duration(d.negate())),
        (Arith::Mul, V::Duration(x), V::Int(n)) | (Arith::Mul, V::Int(n), V::Duration(x)) => {
            let n = i32::try_from(*n).unwrap_or(i32::MAX);
            k(V::Duration(Dur {
                months: x.months.saturating_mul(n),
                days: x.days.saturating_mul(n),
            }))
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
