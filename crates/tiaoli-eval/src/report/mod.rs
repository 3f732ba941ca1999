//! The machine-readable result of evaluating one facility (the JSON schema
//! documented in docs/output.md): written field by field by [`writer`], and
//! the explanation tree of every outcome and penalty (the clauses of the
//! rule, and the facts and rules each read, with their values and
//! citations), built here as JSON for the JSON report and the human
//! `--explain` report alike.

use rust_decimal::Decimal;
use serde_json::{Value as Json, json};
use tiaoli_check::Type;

use crate::eval::{Facility, missing_names, reevaluate};
use crate::ir::*;
use crate::outcome::{DutyOutcome, Evaluation, Exposure, FineOutcome, PenaltyOutcome, Status};
use crate::value::{Dur, Missing, Reason, Tri, Value};

mod escape;
mod writer;

pub use writer::{JsonOptions, write_exposure, write_facility};

/// How deep explanation trees follow definitions into definitions.
const DEPTH: usize = 4;

/// One facility's result as a JSON tree, explanations included: what
/// [`write_facility`] writes, parsed (for tests and tools that index into
/// it; the CLI writes the text directly).
pub fn facility_json(
    p: &Program,
    f: &Facility,
    e: &Evaluation,
    facility_name: Option<&str>,
) -> Json {
    let mut out = String::new();
    let opts = JsonOptions {
        explain: true,
        record_type: false,
    };
    write_facility(&mut out, p, f, e, facility_name, opts);
    serde_json::from_str(&out).unwrap_or(Json::Null)
}

/// `{ min, max, possible_max, out_of_range, currency }`: certain, and the
/// upper bound of what is possible (`null`: no bound); a bound beyond the
/// money range is `"out_of_range"`, and then so is the flag. What
/// [`write_exposure`] writes.
pub fn exposure_json(x: &Exposure) -> Json {
    let mut out = String::new();
    write_exposure(&mut out, x);
    serde_json::from_str(&out).unwrap_or(Json::Null)
}

fn money(d: Decimal) -> String {
    d.normalize().to_string()
}

fn tri_bool(t: &Tri) -> Json {
    match t {
        Tri::Known(Value::Bool(b)) => json!(b),
        _ => json!("unknown"),
    }
}

fn title_json(t: &Option<Text2>) -> Json {
    match t {
        Some(t) => json!({ "zh": t.zh, "en": t.en }),
        None => Json::Null,
    }
}

fn missing_json(p: &Program, m: &Missing) -> Json {
    json!(missing_names(p, m))
}

/// Why a result is unknown apart from facts, if anything.
fn reason_json(p: &Program, m: &Missing) -> Json {
    reason_text(p, m).map_or(Json::Null, Json::String)
}

/// Why a result is unknown apart from facts, if anything.
pub(crate) fn reason_text(p: &Program, m: &Missing) -> Option<String> {
    match m.cause()? {
        Reason::NoImplementation(ext, key) => {
            let e = &p.extensions[ext as usize];
            let variant = key_name(p, e, key);
            Some(format!(
                "no loaded pack implements `{}` for `{variant}`",
                e.meta.name
            ))
        }
        Reason::Overflow => Some("an amount went out of range".to_owned()),
        Reason::DivisionByZero => Some("division by zero".to_owned()),
        Reason::DateOutOfRange => Some(
            "a date went out of range (the calendar runs from -9999-01-01 to 9999-12-31)"
                .to_owned(),
        ),
        Reason::DurationOutOfRange => Some("a duration went out of range".to_owned()),
        Reason::DurationsWithoutOrder => {
            Some("a duration of months and one of days have no order without a date".to_owned())
        }
    }
}

pub(crate) fn key_name(p: &Program, e: &ExtensionRule, key: u32) -> String {
    if let Ex::Fact(slot) = &e.key.expr
        && let Some(f) = p.schema.fact(*slot)
        && let Some(v) = p.schema.variant(&f.ty, key)
    {
        return v.name.clone();
    }
    key.to_string()
}

/// A value as JSON: money and decimals as strings, dates ISO, enum values
/// by name.
pub fn value_json(p: &Program, v: &Value, ty: Option<&Type>) -> Json {
    match v {
        Value::Bool(b) => json!(b),
        // An empty `sum` is an untyped zero: show it in its sum's type.
        Value::Int(i) if matches!(ty, Some(Type::Money | Type::Decimal)) => json!(i.to_string()),
        Value::Int(0) if matches!(ty, Some(Type::Duration)) => json!(Dur::default().to_string()),
        Value::Int(i) => json!(i),
        Value::Decimal(d) | Value::Money(d) => json!(money(*d)),
        Value::Date(d) => json!(d.to_string()),
        Value::Duration(d) => json!(d.to_string()),
        Value::Text(t) => json!(t.as_ref()),
        Value::Enum(i) => match ty.and_then(|t| p.schema.variant(t, *i)) {
            Some(n) => json!(n.name),
            None => json!(i),
        },
        Value::List(items) => {
            let elem = match ty {
                Some(Type::List(t)) => Some(&**t),
                _ => None,
            };
            Json::Array(items.iter().map(|i| value_json(p, i, elem)).collect())
        }
        Value::Record(fields) => {
            let names: Vec<&crate::schema::FactInfo> = match ty {
                Some(Type::Record(id)) => p
                    .schema
                    .records
                    .get(id)
                    .map(|r| r.fields.iter().collect())
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            let mut map = serde_json::Map::new();
            for (i, f) in fields.iter().enumerate() {
                let (name, ty) = names
                    .get(i)
                    .map_or((i.to_string(), None), |f| (f.name.clone(), Some(&f.ty)));
                map.insert(
                    name,
                    f.as_ref()
                        .map_or(json!("unknown"), |v| value_json(p, v, ty)),
                );
            }
            Json::Object(map)
        }
        Value::Absent => Json::Null,
    }
}

pub fn tri_json(p: &Program, t: &Tri, ty: Option<&Type>) -> Json {
    match t {
        Tri::Known(v) => value_json(p, v, ty),
        Tri::Unknown(_) => json!("unknown"),
    }
}

pub(crate) fn duty_kind(d: &DutyRule) -> &'static str {
    match d.kind {
        DutyKind::Obligation => "obligation",
        DutyKind::Prohibition => "prohibition",
    }
}

/// Whether the holiday calendar covered a due date derived from a
/// deadline: `"covered"`, `"not covered: 2031"` (computed without the
/// art. 203 shift), null for no such due date.
pub(crate) fn calendar_note(d: &DutyRule, o: &DutyOutcome) -> Option<String> {
    match &o.due {
        Some(Tri::Known(Value::Date(date))) if d.deadline => {
            Some(match crate::calendar::is_rest_day(*date) {
                Some(_) => "covered".to_owned(),
                None => format!("not covered: {}", date.year()),
            })
        }
        _ => None,
    }
}

/// The rule of a fine outcome: the penalty's direct fines, then its
/// escalated ones.
pub(crate) fn fine_rule<'r>(r: &'r PenaltyRule, f: &FineOutcome) -> Option<&'r FineRule> {
    let k = f.rule as usize;
    match r.fines.get(k) {
        Some(x) => Some(x),
        None => r
            .escalate
            .as_ref()
            .and_then(|(_, e)| e.get(k - r.fines.len())),
    }
}

/// The explanation tree of a penalty: each trigger's duty with its status
/// and citation, and the escalation condition with what it read.
pub fn penalty_explanation(
    p: &Program,
    f: &Facility,
    e: &Evaluation,
    r: &PenaltyRule,
    o: &PenaltyOutcome,
) -> Json {
    let triggers: Vec<Json> = r
        .triggers
        .iter()
        .flat_map(|t| {
            t.duties.iter().map(move |d| {
                let duty = &p.duties[*d as usize];
                json!({
                    duty_kind(duty): duty.meta.name,
                    "pack": p.pack_name(&duty.meta.cite.pack),
                    "cite": duty.meta.cite.short(),
                    "status": e.duties[*d as usize].status.as_str(),
                    "listed_in": t.cite.as_ref().map(Cite::short),
                })
            })
        })
        .collect();
    let mut clauses = Vec::new();
    if let Some((cond, _)) = &r.escalate {
        clauses.push(clause_json(
            p,
            f,
            e,
            "escalate when",
            cond,
            &reevaluate(f, e, &cond.expr),
            Some(&Type::Bool),
            DEPTH,
        ));
    }
    json!({
        "rule": r.meta.name,
        "pack": p.pack_name(&r.meta.cite.pack),
        "cite": r.meta.cite.short(),
        "triggered": if o.in_force { tri_bool(&o.triggered) } else { json!("not_in_force") },
        "triggers": triggers,
        "clauses": clauses,
    })
}

/// The explanation tree of a duty's outcome.
pub fn duty_explanation(
    p: &Program,
    f: &Facility,
    e: &Evaluation,
    d: &DutyRule,
    o: &DutyOutcome,
) -> Json {
    let mut clauses = Vec::new();
    // A rule not in force decides nothing: its clauses are not shown (their
    // values would read as if it bound).
    let in_force = o.status != Status::NotInForce;
    if in_force && let Some(a) = &d.applies {
        clauses.push(clause_json(
            p,
            f,
            e,
            "applies when",
            a,
            &reevaluate(f, e, &a.expr),
            Some(&Type::Bool),
            DEPTH,
        ));
    }
    let verb = if d.kind == DutyKind::Obligation {
        "requires"
    } else {
        "forbids"
    };
    if in_force {
        clauses.push(clause_json(
            p,
            f,
            e,
            verb,
            &d.condition,
            &reevaluate(f, e, &d.condition.expr),
            Some(&Type::Bool),
            DEPTH,
        ));
    }
    if let (Some(c), Some(v)) = (&d.due, &o.due) {
        clauses.push(clause_json(p, f, e, "due", c, v, Some(&Type::Date), DEPTH));
    }
    json!({
        "rule": d.meta.name,
        "kind": duty_kind(d),
        "pack": p.pack_name(&d.meta.cite.pack),
        "cite": d.meta.cite.short(),
        "status": o.status.as_str(),
        "clauses": clauses,
    })
}

#[expect(
    clippy::too_many_arguments,
    reason = "a clause's value and type come from different places"
)]
fn clause_json(
    p: &Program,
    f: &Facility,
    e: &Evaluation,
    role: &str,
    c: &Clause,
    value: &Tri,
    ty: Option<&Type>,
    depth: usize,
) -> Json {
    json!({
        "clause": role,
        "text": c.text,
        "value": tri_json(p, value, ty),
        "reads": c.reads.iter().map(|r| read_json(p, f, e, *r, depth)).collect::<Vec<_>>(),
    })
}

fn read_json(p: &Program, f: &Facility, e: &Evaluation, r: Read, depth: usize) -> Json {
    match r {
        Read::Fact(slot) => {
            let Some(info) = p.schema.fact(slot) else {
                return Json::Null;
            };
            // The facility's own value, as given.
            let value = match f.facts.get(slot as usize) {
                Some(Some(v)) => value_json(p, v, Some(&info.ty)),
                _ => json!("unknown"),
            };
            json!({ "fact": info.name, "value": value, "pack": info.cite.as_ref().map(|c| p.pack_name(&c.pack)), "cite": info.cite.as_ref().map(Cite::short) })
        }
        Read::Value(i) => {
            let v = &p.values[i as usize];
            let kind = if v.kind == ValueKind::Determination {
                "determination"
            } else {
                "definition"
            };
            let mut j = json!({
                kind: v.meta.name,
                "pack": p.pack_name(&v.meta.cite.pack),
                "cite": (v.meta.cite.article > 0).then(|| v.meta.cite.short()),
                "text": v.clause.text,
                "value": tri_json(p, &e.values[i as usize], Some(&v.ty)),
            });
            if depth > 0 {
                j["reads"] = json!(
                    v.clause
                        .reads
                        .iter()
                        .map(|r| read_json(p, f, e, *r, depth - 1))
                        .collect::<Vec<_>>()
                );
            }
            j
        }
        Read::Duty(i) => {
            let d = &p.duties[i as usize];
            json!({ duty_kind(d): d.meta.name, "pack": p.pack_name(&d.meta.cite.pack), "cite": d.meta.cite.short(), "status": e.duties[i as usize].status.as_str() })
        }
        Read::Penalty(i) => {
            let x = &p.penalties[i as usize];
            json!({ "penalty": x.meta.name, "pack": p.pack_name(&x.meta.cite.pack), "cite": x.meta.cite.short(), "triggered": tri_bool(&e.penalties[i as usize].triggered) })
        }
        Read::Extension(i) => extension_json(p, f, e, i, depth),
    }
}

fn extension_json(p: &Program, f: &Facility, e: &Evaluation, i: u32, depth: usize) -> Json {
    let x = &p.extensions[i as usize];
    let value = &e.extensions[i as usize];
    let mut j = json!({ "extension": x.meta.name, "pack": p.pack_name(&x.meta.cite.pack), "cite": x.meta.cite.short(), "value": tri_json(p, value, Some(&Type::Bool)) });
    if let Tri::Unknown(m) = value {
        j["reason"] = reason_json(p, m);
        j["missing"] = missing_json(p, m);
    }
    let key = match &x.key.expr {
        Ex::Fact(slot) => match f.facts.get(*slot as usize) {
            Some(Some(Value::Enum(k))) => *k,
            _ => return j,
        },
        _ => return j,
    };
    if !x.impls.contains_key(&key)
        && let Some(default) = &x.default
    {
        j["default"] = json!(default.text);
    }
    if let Some(imp) = x.impls.get(&key) {
        let locals = &e.ext_locals[i as usize];
        let first_factor = imp.locals.len() - imp.factor_count;
        let items: Vec<Json> = imp
            .locals
            .iter()
            .zip(locals)
            .enumerate()
            .map(|(k, ((name, clause), v))| {
                let mut item = json!({
                    if k >= first_factor { "factor" } else { "definition" }: name,
                    "text": clause.text,
                    "value": tri_json(p, v, None),
                });
                if depth > 0 {
                    item["reads"] = json!(
                        clause
                            .reads
                            .iter()
                            .map(|r| read_json(p, f, e, *r, depth - 1))
                            .collect::<Vec<_>>()
                    );
                }
                item
            })
            .collect();
        j["implementation"] = json!({ "pack": p.pack_name(&imp.pack), "model": p.is_model(&imp.pack), "title": title_json(&imp.title), "source": title_json(&imp.source), "decide": imp.decide.text, "steps": items });
    }
    j
}

/// The implementation an extension point used for this facility: the one
/// for the facility's key, if a loaded pack has it.
pub(crate) fn used_implementation<'p>(
    p: &'p Program,
    f: &Facility,
    ext: u32,
) -> Option<&'p ImplRule> {
    let x = p.extensions.get(ext as usize)?;
    let Ex::Fact(slot) = &x.key.expr else {
        return None;
    };
    match f.facts.get(*slot as usize)? {
        Some(Value::Enum(k)) => x.impls.get(k),
        _ => None,
    }
}

/// The packs whose implementations decided a definition or determination
/// for this facility (through the extension points it reads, directly or
/// through other definitions), in the order met, without repeats.
pub fn deciding_packs<'p>(p: &'p Program, f: &Facility, value: u32) -> Vec<&'p str> {
    let mut out: Vec<&str> = Vec::new();
    let mut seen = vec![false; p.values.len()];
    let mut stack = vec![value];
    while let Some(i) = stack.pop() {
        let Some(v) = p.values.get(i as usize) else {
            continue;
        };
        if std::mem::replace(&mut seen[i as usize], true) {
            continue;
        }
        for r in &v.clause.reads {
            match *r {
                Read::Value(j) => stack.push(j),
                Read::Extension(x) => {
                    if let Some(imp) = used_implementation(p, f, x)
                        && !out.contains(&imp.pack.as_str())
                    {
                        out.push(&imp.pack);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// One read of an explanation tree, as JSON (for the human renderer).
pub(crate) fn read_json_pub(p: &Program, f: &Facility, e: &Evaluation, r: Read) -> Json {
    read_json(p, f, e, r, DEPTH)
}
