//! The machine-readable result of evaluating one facility (the JSON schema
//! documented in docs/output.md), with an explanation tree for every
//! outcome: the clauses of the rule, and the facts and rules each read,
//! with their values and citations.

use rust_decimal::Decimal;
use serde_json::{Value as Json, json};
use tiaoli_check::Type;

use crate::eval::{Facility, missing_names, reevaluate};
use crate::ir::*;
use crate::outcome::{
    DutyOutcome, Evaluation, Exposure, FineOutcome, FineStatus, PenaltyOutcome, Status,
};
use crate::value::{Dur, Missing, Reason, Tri, Value};

mod escape;
mod writer;

pub use writer::{JsonOptions, write_exposure, write_facility};

/// How deep explanation trees follow definitions into definitions.
const DEPTH: usize = 4;

/// One facility's result as JSON.
pub fn facility_json(
    p: &Program,
    f: &Facility,
    e: &Evaluation,
    facility_name: Option<&str>,
) -> Json {
    let determinations: serde_json::Map<String, Json> = p
        .values
        .iter()
        .zip(&e.values)
        .filter(|(v, _)| v.kind == ValueKind::Determination)
        .map(|(v, t)| {
            let value = if v.meta.window.contains(e.as_of) {
                tri_bool(t)
            } else {
                json!("not_in_force")
            };
            (v.meta.name.clone(), value)
        })
        .collect();
    let not_in_force: Vec<Json> = p
        .packs_not_in_force(e.as_of)
        .map(|x| {
            json!({
                "pack": x.name,
                "effective": x.window.from.map(|d| d.to_string()),
                "expires": x.window.until.map(|d| d.to_string()),
            })
        })
        .collect();
    let outcomes: Vec<Json> = p
        .duties
        .iter()
        .zip(&e.duties)
        .map(|(d, o)| outcome_json(p, f, e, d, o))
        .collect();
    let penalties: Vec<Json> = p
        .penalties
        .iter()
        .zip(&e.penalties)
        .map(|(r, o)| penalty_json(p, f, e, r, o))
        .collect();
    let decided_by: serde_json::Map<String, Json> = p
        .values
        .iter()
        .enumerate()
        .filter(|(_, v)| v.kind == ValueKind::Determination)
        .filter_map(|(i, v)| {
            let packs = deciding_packs(p, f, i as u32);
            (!packs.is_empty()).then(|| {
                let packs: Vec<Json> = packs
                    .into_iter()
                    .map(|k| json!({ "pack": p.pack_name(k), "model": p.is_model(k) }))
                    .collect();
                (v.meta.name.clone(), Json::Array(packs))
            })
        })
        .collect();
    let determination_readings: serde_json::Map<String, Json> = p
        .values
        .iter()
        .filter(|v| v.kind == ValueKind::Determination && !v.meta.readings.is_empty())
        .map(|v| (v.meta.name.clone(), readings_json(&v.meta)))
        .collect();
    let mut exposure = exposure_json(&e.exposure());
    exposure["missing"] = missing_json(p, &e.exposure_missing());
    exposure["persons"] = exposure_json(&e.exposure_of(Whose::OperatorPersons));
    json!({
        "id": e.facility,
        "name": facility_name,
        "not_in_force": not_in_force,
        "determinations": determinations,
        "decided_by": decided_by,
        "determination_readings": determination_readings,
        "outcomes": outcomes,
        "penalties": penalties,
        "exposure": exposure,
    })
}

/// `{ min, max, possible_max, out_of_range, currency }`: certain, and the
/// upper bound of what is possible (`null`: no bound); a bound beyond the
/// money range is `"out_of_range"`, and then so is the flag.
pub fn exposure_json(x: &Exposure) -> Json {
    let o = x.out_of_range;
    json!({
        "min": bound(x.min, o.min),
        "max": bound(x.max, o.max),
        "possible_max": x.possible_max.map(|d| bound(d, o.possible_max)),
        "out_of_range": o.any(),
        "currency": "CNY",
    })
}

/// An amount, or `"out_of_range"` for one beyond the money range.
fn bound(d: Decimal, out_of_range: bool) -> String {
    if out_of_range {
        "out_of_range".to_owned()
    } else {
        money(d)
    }
}

/// The readings a rule names: `[{ "zh", "en", "cite" }]`. A citation into
/// another pack is qualified by it (`decree_745::art50.2`).
fn readings_json(meta: &RuleMeta) -> Json {
    let readings: Vec<Json> = meta
        .readings
        .iter()
        .map(|r| {
            let cite = r.cite.as_ref().map(|c| {
                if c.pack == meta.pack {
                    c.short()
                } else {
                    format!("{}::{}", c.pack, c.short())
                }
            });
            json!({ "zh": r.text.zh, "en": r.text.en, "cite": cite })
        })
        .collect();
    Json::Array(readings)
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

fn cite_json(c: &Cite) -> (Json, Json, Json) {
    (json!(c.article), json!(c.para), json!(c.item))
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

fn duty_kind(d: &DutyRule) -> &'static str {
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

fn calendar_json(d: &DutyRule, o: &DutyOutcome) -> Json {
    calendar_note(d, o).map_or(Json::Null, |c| json!(c))
}

fn outcome_json(p: &Program, f: &Facility, e: &Evaluation, d: &DutyRule, o: &DutyOutcome) -> Json {
    let (article, paragraph, item) = cite_json(&d.meta.cite);
    let due = match &o.due {
        Some(Tri::Known(Value::Date(date))) => json!(date.to_string()),
        Some(_) => json!("unknown"),
        None => Json::Null,
    };
    let missing = if o.status == Status::Unknown {
        missing_json(p, &o.missing)
    } else {
        json!([])
    };
    json!({
        "rule": d.meta.name,
        "kind": duty_kind(d),
        "title": title_json(&d.meta.title),
        "pack": p.pack_name(&d.meta.cite.pack),
        "article": article,
        "paragraph": paragraph,
        "item": item,
        "status": o.status.as_str(),
        "bearer": d.bearer,
        "due": due,
        "calendar": calendar_json(d, o),
        "missing": missing,
        "reason": if o.status == Status::Unknown { reason_json(p, &o.missing) } else { Json::Null },
        "exempted_by": o.exempted.map(|x| exemption_json(p, e, &d.exemptions[x.index], x.certain)),
        "readings": readings_json(&d.meta),
        "explanation": duty_explanation(p, f, e, d, o),
    })
}

fn exemption_json(p: &Program, _e: &Evaluation, ex: &Exemption, certain: bool) -> Json {
    let applies = if certain {
        json!(true)
    } else {
        json!("unknown")
    };
    match ex {
        Exemption::Inline(clause, cite) => {
            json!({ "condition": clause.text, "pack": p.pack_name(&cite.pack), "article": cite.article, "cite": cite.short(), "applies": applies })
        }
        Exemption::Exception(i) => {
            let x = &p.exceptions[*i as usize];
            json!({ "exception": x.meta.name, "title": title_json(&x.meta.title), "pack": p.pack_name(&x.meta.cite.pack), "article": x.meta.cite.article, "cite": x.meta.cite.short(), "applies": applies, "readings": readings_json(&x.meta), "instead": title_json(&x.instead) })
        }
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

fn fine_json(p: &Program, r: &PenaltyRule, f: &FineOutcome) -> Json {
    let party = fine_rule(r, f).map(|x| x.party.clone()).unwrap_or_default();
    json!({
        "on": party,
        "party": title_json(&p.parties.get(&party).cloned()),
        "whose": f.whose.as_str(),
        "discretionary": f.discretionary,
        "min": bound(f.min, f.out_of_range.min),
        "max": f.max.map(|d| bound(d, f.out_of_range.possible_max)),
        "max_known": bound(f.max_known, f.out_of_range.max),
        "missing": missing_json(p, &f.missing),
        "currency": "CNY",
    })
}

fn penalty_json(
    p: &Program,
    f: &Facility,
    e: &Evaluation,
    r: &PenaltyRule,
    o: &PenaltyOutcome,
) -> Json {
    let triggered_by: Vec<Json> = o
        .triggered_by
        .iter()
        .map(|(t, d)| {
            let duty = &p.duties[*d as usize];
            let cite = r.triggers[*t].cite.as_ref();
            json!({ "rule": duty.meta.name, "pack": cite.map(|c| p.pack_name(&c.pack)), "cite": cite.map(Cite::short) })
        })
        .collect();
    let condition = r.escalate.as_ref().map(|(c, _)| c.text.clone());
    let applies: Vec<Json> = o
        .fines
        .iter()
        .filter(|x| x.status == FineStatus::Applies)
        .map(|x| fine_json(p, r, x))
        .collect();
    let conditional: Vec<Json> = o
        .fines
        .iter()
        .filter(|x| x.status != FineStatus::Applies)
        .map(|x| {
            let mut j = fine_json(p, r, x);
            let escalated = x.rule as usize >= r.fines.len();
            j["status"] = json!(if x.status == FineStatus::Possible {
                "possible"
            } else {
                "if_escalated"
            });
            j["condition"] = json!(if escalated { condition.clone() } else { None });
            j["condition_value"] = if escalated {
                tri_bool(&o.escalation)
            } else {
                Json::Null
            };
            j
        })
        .collect();
    let exceptions: Vec<Json> = o
        .exempted
        .iter()
        .map(|(x, _)| exemption_json(p, e, &r.exemptions[x.index], x.certain))
        .collect();
    let gave_way: Vec<Json> = o
        .gave_way
        .iter()
        .map(|(d, to)| json!({ "rule": p.duties[*d as usize].meta.name, "to": p.penalties[*to as usize].meta.name }))
        .collect();
    let missing = missing_json(p, &o.missing());
    let explanation = penalty_explanation(p, f, e, r, o);
    json!({
        "rule": r.meta.name,
        "title": title_json(&r.meta.title),
        "pack": p.pack_name(&r.meta.cite.pack),
        "article": r.meta.cite.article,
        "addressee": r.addressee,
        "triggered": if o.in_force { tri_bool(&o.triggered) } else { json!("not_in_force") },
        "triggered_by": triggered_by,
        "gave_way": gave_way,
        "missing": missing,
        "measures": r.measures,
        "fines": applies,
        "conditional_fines": conditional,
        "exceptions": exceptions,
        "exposure": exposure_json(&o.exposure()),
        "readings": readings_json(&r.meta),
        "explanation": explanation,
    })
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
