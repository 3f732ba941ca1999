//! Questions for an undecided facility: which missing facts, once given,
//! would decide the most of its undecided outcomes.
//!
//! An *outcome* is a determination (`cii`, `candidate`, …), an obligation
//! or prohibition, or a penalty. It is *undecided* when a determination is
//! unknown, a duty's status is unknown, or a penalty's trigger is unknown
//! or one of its fines may apply (an escalation, an exemption or an
//! amount is unknown).
//!
//! Scores are computed by evaluating again, not estimated: for each fact
//! that the facility does not give and that some undecided outcome names
//! among its missing facts, the facility is evaluated once for every value
//! tried for that fact (the others left as they are). A fact *decides* an
//! outcome when the outcome is decided under **every** value tried —
//! whichever way the question is answered. It *may decide* an outcome
//! decided under at least one of them. The values tried ([`Thresholds`]):
//! both booleans; every variant of an enum; for an `optional` fact, also
//! absent; for numbers, 0 and every constant of the packs with its
//! neighbours (c − 1, c, c + 1 for an `int`; ± 0.01 for money and
//! decimals), or every value of a small `int in a..=b`; for dates, the
//! evaluation day, the day before, and the days around each period the
//! packs count (as of less the period, and 1 and 15 days either side of
//! it, the margin a deadline moved past holidays needs), and the packs'
//! date constants with their neighbours, never after the evaluation day (a
//! later date is withheld as not yet happened); for durations, 0 and each
//! constant with a day either side; for text, the packs' text constants and
//! one other text; for a list, the empty list and a list of one element
//! (a record of unknown fields). For numbers, dates and text the values
//! tried are a sample, so "decides" there means "for every value at the
//! thresholds the rules compare against".
//!
//! A fact the facility gives in part (a list of records, one with a field
//! not given) is named as incomplete, not asked: its answer is not one
//! value.

use std::collections::BTreeSet;
use std::sync::Arc;

use jiff::civil::Date;
use rust_decimal::Decimal;
use tiaoli_check::Type;

use crate::calendar;
use crate::eval::{Facility, evaluate, evaluate_into};
use crate::ir::*;
use crate::outcome::{Evaluation, Exposure, FineStatus, PenaltyOutcome, Status};
use crate::value::{Dur, Missing, Tri, Value};

/// One outcome of a facility.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutcomeRef {
    /// A determination, by index in `Program::values`.
    Determination(u32),
    /// An obligation or prohibition, by index in `Program::duties`.
    Duty(u32),
    /// A penalty, by index in `Program::penalties`.
    Penalty(u32),
}

impl OutcomeRef {
    /// `determination`, `obligation`, `prohibition` or `penalty`.
    pub fn kind(self, p: &Program) -> &'static str {
        match self {
            OutcomeRef::Determination(_) => "determination",
            OutcomeRef::Duty(i) => match p.duties.get(i as usize).map(|d| d.kind) {
                Some(DutyKind::Prohibition) => "prohibition",
                _ => "obligation",
            },
            OutcomeRef::Penalty(_) => "penalty",
        }
    }

    pub fn meta(self, p: &Program) -> Option<&RuleMeta> {
        match self {
            OutcomeRef::Determination(i) => p.values.get(i as usize).map(|r| &r.meta),
            OutcomeRef::Duty(i) => p.duties.get(i as usize).map(|r| &r.meta),
            OutcomeRef::Penalty(i) => p.penalties.get(i as usize).map(|r| &r.meta),
        }
    }

    pub fn name(self, p: &Program) -> &str {
        self.meta(p).map_or("", |m| m.name.as_str())
    }
}

/// One missing fact and what giving it would decide.
#[derive(Clone, Debug)]
pub struct Question {
    /// The fact's slot in the schema.
    pub slot: u32,
    /// The undecided outcomes it decides whichever value it is given, in
    /// the order of [`Questions::undecided`].
    pub decides: Vec<OutcomeRef>,
    /// How many undecided outcomes some value of it decides (at least
    /// `decides.len()`).
    pub may_decide: usize,
    /// How many values were tried.
    pub tried: usize,
    /// The operator's own possible fines in the penalties some answer
    /// decides (the sum of their exposures: `possible_max` is what is at
    /// stake).
    pub stake: Exposure,
}

/// A facility's questions.
#[derive(Clone, Debug, Default)]
pub struct Questions {
    /// Every undecided outcome: determinations, then duties, then
    /// penalties, each in program order.
    pub undecided: Vec<OutcomeRef>,
    /// The facts worth asking, best first: most outcomes decided, then the
    /// most fines at stake (no upper bound first), then the most outcomes
    /// some answer decides, then by name. Only facts that decide or may
    /// decide something; at most the `limit` asked for.
    pub questions: Vec<Question>,
    /// A short list to answer first: greedily, the fact that decides the
    /// most outcomes not yet decided by those before it, while one adds
    /// any (at most `limit`); slots, in the order picked.
    pub plan: Vec<u32>,
    /// How many undecided outcomes the plan's facts decide between them,
    /// each whichever way it is answered (at least that many: answers
    /// together may decide more).
    pub plan_decides: usize,
    /// Facts that undecided outcomes name but the facility gives, in part:
    /// a list of records with a field not given (slots, in schema order).
    /// Not questions of one value; the report names them.
    pub incomplete: Vec<u32>,
}

/// The constants of a program that the values tried for numbers, dates,
/// durations and text are taken from. Computed once per program.
#[derive(Clone, Debug, Default)]
pub struct Thresholds {
    numbers: BTreeSet<Decimal>,
    money: BTreeSet<Decimal>,
    dates: BTreeSet<Date>,
    durations: Vec<Dur>,
    texts: BTreeSet<Arc<str>>,
}

impl Thresholds {
    pub fn of(p: &Program) -> Self {
        let mut t = Thresholds::default();
        let clause = |t: &mut Thresholds, c: &Clause| t.walk(&c.expr);
        for v in &p.values {
            clause(&mut t, &v.clause);
        }
        for d in &p.duties {
            if let Some(c) = &d.applies {
                clause(&mut t, c);
            }
            clause(&mut t, &d.condition);
            if let Some(c) = &d.due {
                clause(&mut t, c);
            }
            for x in &d.exemptions {
                if let Exemption::Inline(c, _) = x {
                    clause(&mut t, c);
                }
            }
        }
        for r in &p.penalties {
            if let Some((c, fines)) = &r.escalate {
                clause(&mut t, c);
                for f in fines {
                    if let FineAmount::Multiple { basis, .. } = &f.amount {
                        clause(&mut t, basis);
                    }
                }
            }
            for f in &r.fines {
                if let FineAmount::Multiple { basis, .. } = &f.amount {
                    clause(&mut t, basis);
                }
            }
            for x in &r.exemptions {
                if let Exemption::Inline(c, _) = x {
                    clause(&mut t, c);
                }
            }
        }
        for x in &p.exceptions {
            clause(&mut t, &x.when);
        }
        for x in &p.extensions {
            clause(&mut t, &x.key);
            if let Some(c) = &x.default {
                clause(&mut t, c);
            }
            for imp in x.impls.values() {
                for (_, c) in &imp.locals {
                    clause(&mut t, c);
                }
                clause(&mut t, &imp.decide);
            }
        }
        t.durations.sort_by_key(|d| (d.months, d.days));
        t.durations.dedup();
        t
    }

    fn constant(&mut self, v: &Value) {
        match v {
            Value::Int(i) => {
                self.numbers.insert(Decimal::from(*i));
            }
            Value::Decimal(d) => {
                self.numbers.insert(*d);
            }
            Value::Money(d) => {
                self.money.insert(*d);
            }
            Value::Date(d) => {
                self.dates.insert(*d);
            }
            Value::Duration(d) => self.durations.push(*d),
            Value::Text(s) => {
                self.texts.insert(Arc::clone(s));
            }
            Value::List(items) => items.iter().for_each(|v| self.constant(v)),
            _ => {}
        }
    }

    /// The constants and periods of `e` and its subexpressions.
    fn walk(&mut self, e: &Ex) {
        let mut stack = vec![e];
        while let Some(e) = stack.pop() {
            match e {
                Ex::Const(v) => self.constant(v),
                Ex::Deadline(d) | Ex::DueOf(d) => match &**d {
                    DeadlineEx::Within { period, .. } => self.durations.push(*period),
                    DeadlineEx::Every { period, first, .. } => {
                        if let Period::Fixed(d) = period {
                            self.durations.push(*d);
                        }
                        if let Some((d, _)) = first {
                            self.durations.push(*d);
                        }
                    }
                },
                _ => {}
            }
            e.push_subexpressions(&mut stack);
        }
    }

    /// The values tried for a fact of type `ty` (bounds: `int in a..=b`),
    /// evaluated as of `as_of`. Empty for a type no value can be made of.
    pub fn values(
        &self,
        p: &Program,
        ty: &Type,
        bounds: Option<(i64, i64)>,
        as_of: Date,
    ) -> Vec<Value> {
        match ty {
            Type::Bool => vec![Value::Bool(true), Value::Bool(false)],
            Type::Enum(id) => {
                let n = p
                    .schema
                    .enums
                    .get(id)
                    .map_or(0, |e| e.variants.len() as u32);
                (0..n).map(Value::Enum).collect()
            }
            Type::Int => self.ints(bounds),
            Type::Decimal => self
                .fractions(&self.numbers)
                .into_iter()
                .map(Value::Decimal)
                .collect(),
            Type::Money => self
                .fractions(&self.money)
                .into_iter()
                .map(Value::Money)
                .collect(),
            Type::Date => self.days(as_of).into_iter().map(Value::Date).collect(),
            Type::Duration => self.spans().into_iter().map(Value::Duration).collect(),
            Type::Text => {
                let mut v: Vec<Value> = self
                    .texts
                    .iter()
                    .map(|s| Value::Text(Arc::clone(s)))
                    .collect();
                // Stands for any text the packs do not name.
                let other: Arc<str> = Arc::from("\u{1}other");
                v.push(Value::Text(other));
                v
            }
            Type::Optional(inner) => {
                let mut v = vec![Value::Absent];
                v.extend(self.values(p, inner, bounds, as_of));
                v
            }
            Type::Record(id) => match p.schema.records.get(id) {
                Some(r) => vec![Value::Record(vec![None; r.fields.len()].into())],
                None => Vec::new(),
            },
            Type::List(inner) => {
                let mut v = vec![Value::List(Arc::from(Vec::new()))];
                // One element: for a record, one with every field unknown.
                let one = self.values(p, inner, bounds, as_of);
                v.extend(one.into_iter().map(|x| Value::List(Arc::from(vec![x]))));
                v
            }
            Type::Any | Type::Error => Vec::new(),
        }
    }

    fn ints(&self, bounds: Option<(i64, i64)>) -> Vec<Value> {
        if let Some((a, b)) = bounds
            && b >= a
            && b - a <= 32
        {
            return (a..=b).map(Value::Int).collect();
        }
        let mut set = BTreeSet::from([0i64]);
        for c in &self.numbers {
            let (lo, hi) = (c.floor(), c.ceil());
            for d in [lo - Decimal::ONE, lo, hi, hi + Decimal::ONE] {
                if let Ok(i) = i64::try_from(d) {
                    set.insert(i);
                }
            }
        }
        set.into_iter()
            .filter(|i| bounds.is_none_or(|(a, b)| *i >= a && *i <= b))
            .map(Value::Int)
            .collect()
    }

    fn fractions(&self, consts: &BTreeSet<Decimal>) -> Vec<Decimal> {
        let step = Decimal::new(1, 2);
        let mut set = BTreeSet::from([Decimal::ZERO]);
        for c in consts {
            set.insert(*c);
            set.extend(c.checked_sub(step));
            set.extend(c.checked_add(step));
        }
        set.into_iter().collect()
    }

    fn days(&self, as_of: Date) -> Vec<Date> {
        let mut set = BTreeSet::new();
        let shift = |d: Date, days: i32| calendar::add(d, Dur { months: 0, days });
        set.insert(as_of);
        set.extend(shift(as_of, -1));
        set.extend(calendar::add(
            as_of,
            Dur {
                months: -120,
                days: 0,
            },
        ));
        for d in &self.durations {
            let Some(back) = d.negate().and_then(|n| calendar::add(as_of, n)) else {
                continue;
            };
            for days in [-15, -1, 0, 1, 15] {
                set.extend(shift(back, days));
            }
        }
        for d in &self.dates {
            for days in [-1, 0, 1] {
                set.extend(shift(*d, days));
            }
        }
        set.into_iter().filter(|d| *d <= as_of).collect()
    }

    fn spans(&self) -> Vec<Dur> {
        let mut v = vec![Dur::default()];
        for d in &self.durations {
            v.push(*d);
            for days in [-1, 1] {
                if let Some(x) = d.days.checked_add(days) {
                    v.push(Dur {
                        months: d.months,
                        days: x,
                    });
                }
            }
        }
        v.sort_by_key(|d| (d.months, d.days));
        v.dedup();
        v
    }
}

/// Whether a penalty's outcome is undecided: its trigger is unknown, or a
/// fine may apply or its amount is not all known.
fn penalty_undecided(o: &PenaltyOutcome) -> bool {
    o.in_force
        && (matches!(o.triggered, Tri::Unknown(_))
            || o.fines.iter().any(|f| {
                f.status == FineStatus::Possible
                    || (f.status == FineStatus::Applies && f.max != Some(f.max_known))
            }))
}

/// Whether `o` is undecided in `e`.
fn undecided(p: &Program, e: &Evaluation, o: OutcomeRef) -> bool {
    match o {
        OutcomeRef::Determination(i) => {
            p.values[i as usize].meta.window.contains(e.as_of)
                && matches!(e.values[i as usize], Tri::Unknown(_))
        }
        OutcomeRef::Duty(i) => e.duties[i as usize].status == Status::Unknown,
        OutcomeRef::Penalty(i) => penalty_undecided(&e.penalties[i as usize]),
    }
}

/// What would decide `o` in `e` (an undecided outcome).
fn missing(e: &Evaluation, o: OutcomeRef) -> Missing {
    match o {
        OutcomeRef::Determination(i) => e.values[i as usize].missing().cloned().unwrap_or_default(),
        OutcomeRef::Duty(i) => e.duties[i as usize].missing.clone(),
        OutcomeRef::Penalty(i) => e.penalties[i as usize].missing(),
    }
}

/// Every undecided outcome of `e`.
pub fn undecided_outcomes(p: &Program, e: &Evaluation) -> Vec<OutcomeRef> {
    let dets = (0..p.values.len() as u32)
        .filter(|&i| p.values[i as usize].kind == ValueKind::Determination)
        .map(OutcomeRef::Determination);
    let duties = (0..p.duties.len() as u32).map(OutcomeRef::Duty);
    let penalties = (0..p.penalties.len() as u32).map(OutcomeRef::Penalty);
    dets.chain(duties)
        .chain(penalties)
        .filter(|&o| undecided(p, e, o))
        .collect()
}

/// A fine bound for ranking: no upper bound is above every amount.
fn stake_key(x: &Exposure) -> (bool, Decimal) {
    match x.possible_max {
        None => (true, Decimal::ZERO),
        Some(m) => (false, m),
    }
}

/// The questions for facility `f`, evaluated as `e` (by `p`, as of
/// `e.as_of`): at most `limit` facts, best first, and the plan. See the
/// module's documentation for what is tried and counted.
pub fn questions(
    p: &Program,
    thresholds: &Thresholds,
    f: &Facility,
    e: &Evaluation,
    limit: usize,
) -> Questions {
    let undecided_now = undecided_outcomes(p, e);
    if undecided_now.is_empty() || limit == 0 {
        return Questions {
            undecided: undecided_now,
            ..Questions::default()
        };
    }
    // Only the facts the undecided outcomes name, and only those the
    // facility does not give (a fact given but incomplete, such as a list
    // of records with unknown fields, is not a question of one value).
    let mut named = BTreeSet::new();
    for &o in &undecided_now {
        named.extend(missing(e, o).facts.iter());
    }
    let mut trial = f.clone();
    let mut buffer: Option<Evaluation> = None;
    let mut found: Vec<Question> = Vec::new();
    let mut incomplete = Vec::new();
    for slot in named {
        if !matches!(f.facts.get(slot as usize), Some(None) | None) {
            incomplete.push(slot);
            continue;
        }
        let Some(info) = p.schema.fact(slot) else {
            continue;
        };
        let values = thresholds.values(p, &info.ty, info.bounds, e.as_of);
        if values.is_empty() {
            continue;
        }
        if trial.facts.len() <= slot as usize {
            trial.facts.resize(slot as usize + 1, None);
        }
        let mut always = vec![true; undecided_now.len()];
        let mut ever = vec![false; undecided_now.len()];
        for v in &values {
            trial.facts[slot as usize] = Some(v.clone());
            let r = match buffer.as_mut() {
                Some(b) => {
                    evaluate_into(p, &trial, e.as_of, b);
                    &*b
                }
                None => &*buffer.insert(evaluate(p, &trial, e.as_of)),
            };
            for (k, &o) in undecided_now.iter().enumerate() {
                let decided = !undecided(p, r, o);
                always[k] &= decided;
                ever[k] |= decided;
            }
        }
        trial.facts[slot as usize] = None;
        let decides: Vec<OutcomeRef> = undecided_now
            .iter()
            .zip(&always)
            .filter(|(_, a)| **a)
            .map(|(o, _)| *o)
            .collect();
        let may_decide = ever.iter().filter(|x| **x).count();
        if may_decide == 0 {
            continue;
        }
        let mut stake = Exposure::zero();
        for (o, _) in undecided_now.iter().zip(&ever).filter(|(_, x)| **x) {
            if let OutcomeRef::Penalty(i) = o {
                stake.merge(&e.penalties[*i as usize].exposure());
            }
        }
        found.push(Question {
            slot,
            decides,
            may_decide,
            tried: values.len(),
            stake,
        });
    }
    let name = |q: &Question| p.schema.fact(q.slot).map_or("", |f| f.name.as_str());
    found.sort_by(|a, b| {
        b.decides
            .len()
            .cmp(&a.decides.len())
            .then_with(|| stake_key(&b.stake).cmp(&stake_key(&a.stake)))
            .then_with(|| b.may_decide.cmp(&a.may_decide))
            .then_with(|| name(a).cmp(name(b)))
    });
    // Greedy cover, over every question (not only the first `limit`).
    let mut covered: BTreeSet<OutcomeRef> = BTreeSet::new();
    let mut plan = Vec::new();
    while plan.len() < limit {
        let best = found
            .iter()
            .filter(|q| !plan.contains(&q.slot))
            .map(|q| (q, q.decides.iter().filter(|o| !covered.contains(o)).count()))
            .filter(|(_, gain)| *gain > 0)
            // First of the best gains, in ranking order.
            .fold(None::<(&Question, usize)>, |acc, (q, g)| match acc {
                Some((_, best)) if best >= g => acc,
                _ => Some((q, g)),
            });
        let Some((q, _)) = best else {
            break;
        };
        plan.push(q.slot);
        covered.extend(q.decides.iter().copied());
    }
    found.truncate(limit);
    Questions {
        undecided: undecided_now,
        questions: found,
        plan,
        plan_decides: covered.len(),
        incomplete,
    }
}

/// The type of a fact as the packs write it: `bool`, `optional date`,
/// `list<Procurement>`, an enum's or record's name.
pub fn type_name(p: &Program, ty: &Type) -> String {
    match ty {
        Type::Bool => "bool".to_owned(),
        Type::Int => "int".to_owned(),
        Type::Decimal => "decimal".to_owned(),
        Type::Money => "money".to_owned(),
        Type::Date => "date".to_owned(),
        Type::Duration => "duration".to_owned(),
        Type::Text => "text".to_owned(),
        Type::Enum(id) => p
            .schema
            .enums
            .get(id)
            .map_or_else(|| "enum".to_owned(), |e| e.name.clone()),
        Type::Record(id) => p
            .schema
            .records
            .get(id)
            .map_or_else(|| "record".to_owned(), |r| r.name.clone()),
        Type::List(t) => format!("list<{}>", type_name(p, t)),
        Type::Optional(t) => format!("optional {}", type_name(p, t)),
        Type::Any | Type::Error => "_".to_owned(),
    }
}

/// The values a fact may take, by name, where there are few: `true` and
/// `false`, an enum's variants (with `null`, known absent, for an
/// `optional` fact); None for any value of its type.
pub fn allowed_values(p: &Program, ty: &Type) -> Option<Vec<Named>> {
    let named = |name: &str, zh: &str, en: &str| Named {
        name: name.to_owned(),
        label: Text2 {
            zh: zh.to_owned(),
            en: en.to_owned(),
        },
    };
    match ty {
        Type::Bool => Some(vec![named("true", "是", "yes"), named("false", "否", "no")]),
        Type::Enum(id) => p.schema.enums.get(id).map(|e| e.variants.clone()),
        Type::Optional(inner) => {
            let mut v = allowed_values(p, inner)?;
            v.push(named(
                "null",
                "不存在（从未发生）",
                "absent (never happened, none)",
            ));
            Some(v)
        }
        _ => None,
    }
}

fn money_json(x: &Exposure) -> serde_json::Value {
    match x.possible_max {
        None => serde_json::Value::Null,
        Some(_) if x.out_of_range.possible_max => "out_of_range".into(),
        Some(m) => m.normalize().to_string().into(),
    }
}

fn outcome_json(p: &Program, o: OutcomeRef) -> serde_json::Value {
    let meta = o.meta(p);
    serde_json::json!({
        "kind": o.kind(p),
        "rule": o.name(p),
        "pack": meta.map(|m| p.pack_name(&m.pack)),
    })
}

/// The `questions` and `question_plan` fields of a facility's JSON (see
/// docs/output.md), as `(name, value)` pairs.
pub fn questions_json(p: &Program, q: &Questions) -> [(&'static str, serde_json::Value); 2] {
    let name = |slot: u32| p.schema.fact(slot).map_or("", |f| f.name.as_str());
    let list: Vec<serde_json::Value> = q
        .questions
        .iter()
        .filter_map(|x| {
            let info = p.schema.fact(x.slot)?;
            let values = allowed_values(p, &info.ty)
                .map(|v| v.into_iter().map(|n| n.name).collect::<Vec<_>>());
            Some(serde_json::json!({
                "fact": info.name,
                "type": type_name(p, &info.ty),
                "description": { "zh": info.label.zh, "en": info.label.en },
                "values": values,
                "decides": {
                    "count": x.decides.len(),
                    "outcomes": x.decides.iter().map(|o| outcome_json(p, *o)).collect::<Vec<_>>(),
                },
                "may_decide": x.may_decide,
                "tried": x.tried,
                "max_fine": money_json(&x.stake),
                "currency": "CNY",
            }))
        })
        .collect();
    [
        ("questions", serde_json::Value::Array(list)),
        (
            "question_plan",
            serde_json::json!({
                "facts": q.plan.iter().map(|s| name(*s)).collect::<Vec<_>>(),
                "decides": q.plan_decides,
                "undecided": q.undecided.len(),
                "incomplete": q.incomplete.iter().map(|s| name(*s)).collect::<Vec<_>>(),
            }),
        ),
    ]
}
