//! One facility's result (the schema of docs/output.md) written straight
//! into a `String`, field by field, with no intermediate JSON tree: the
//! fast path of `tiaoli eval --format json` and `jsonl`. Explanation trees
//! are built as `serde_json::Value`s (the human `--explain` report walks
//! the same trees) and written only when asked for.

use rust_decimal::Decimal;

use super::escape::{number, opt_number, opt_string, quoted, string, strings};
use super::{duty_explanation, duty_kind, fine_rule, penalty_explanation, reason_text};
use crate::eval::Facility;
use crate::ir::*;
use crate::outcome::{
    DutyOutcome, Evaluation, Exposure, FineOutcome, FineStatus, PenaltyOutcome, Status,
};
use crate::value::{Missing, Tri, Value};

/// What a facility's JSON holds beyond the report itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct JsonOptions {
    /// The explanation trees of outcomes and penalties (`--explain`).
    pub explain: bool,
    /// `"type":"facility"` first, to tell records apart in JSON lines.
    pub record_type: bool,
}

/// Appends one facility's result to `out` as one line of JSON (no newline).
/// With `explain`, the explanation trees too, as `serde_json` serializes
/// them.
pub fn write_facility(
    out: &mut String,
    p: &Program,
    f: &Facility,
    e: &Evaluation,
    name: Option<&str>,
    opts: JsonOptions,
) {
    out.push('{');
    if opts.record_type {
        out.push_str("\"type\":\"facility\",");
    }
    out.push_str("\"id\":");
    string(out, &e.facility);
    out.push_str(",\"name\":");
    opt_string(out, name);

    out.push_str(",\"not_in_force\":[");
    for (k, x) in p.packs_not_in_force(e.as_of).enumerate() {
        comma(out, k);
        out.push_str("{\"pack\":");
        string(out, &x.name);
        // A draft never came into force: no `effective`, the day it was
        // published instead.
        let draft = p.is_draft(&x.ident);
        out.push_str(",\"effective\":");
        opt_quoted(out, x.window.from.filter(|_| !draft));
        if draft {
            out.push_str(",\"draft\":true,\"published\":");
            opt_quoted(out, x.window.from);
        }
        out.push_str(",\"expires\":");
        opt_quoted(out, x.window.until);
        out.push('}');
    }
    out.push(']');

    let determinations: Vec<(&str, usize)> = p
        .values
        .iter()
        .enumerate()
        .filter(|(_, v)| v.kind == ValueKind::Determination)
        .map(|(i, v)| (v.meta.name.as_str(), i))
        .collect();
    out.push_str(",\"determinations\":");
    object(out, &determinations, |out, &i| {
        let (v, t) = (&p.values[i], &e.values[i]);
        if v.meta.window.contains(e.as_of) {
            tri_bool(out, t);
        } else {
            out.push_str("\"not_in_force\"");
        }
    });

    let decided_by: Vec<(&str, Vec<&str>)> = determinations
        .iter()
        .filter_map(|&(name, i)| {
            let packs = super::deciding_packs(p, f, i as u32);
            (!packs.is_empty()).then_some((name, packs))
        })
        .collect();
    out.push_str(",\"decided_by\":");
    object(out, &decided_by, |out, packs| {
        out.push('[');
        for (k, pack) in packs.iter().enumerate() {
            comma(out, k);
            out.push_str("{\"pack\":");
            string(out, p.pack_name(pack));
            out.push_str(",\"model\":");
            out.push_str(bool_str(p.is_model(pack)));
            out.push('}');
        }
        out.push(']');
    });

    let with_readings: Vec<(&str, usize)> = determinations
        .iter()
        .copied()
        .filter(|&(_, i)| !p.values[i].meta.readings.is_empty())
        .collect();
    out.push_str(",\"determination_readings\":");
    object(out, &with_readings, |out, &i| {
        readings(out, &p.values[i].meta)
    });

    out.push_str(",\"outcomes\":[");
    for (k, (d, o)) in p.duties.iter().zip(&e.duties).enumerate() {
        comma(out, k);
        outcome(out, p, f, e, d, o, opts.explain);
    }
    out.push_str("],\"penalties\":[");
    for (k, (r, o)) in p.penalties.iter().zip(&e.penalties).enumerate() {
        comma(out, k);
        penalty(out, p, f, e, r, o, opts.explain);
    }
    out.push_str("],\"exposure\":");
    exposure_fields(out, &e.exposure());
    out.push_str(",\"missing\":");
    missing(out, p, &e.exposure_missing());
    out.push_str(",\"persons\":");
    write_exposure(out, &e.exposure_of(Whose::OperatorPersons));
    out.push_str("}}");
}

/// `{ min, max, possible_max, currency }` (what [`super::exposure_json`]
/// holds).
pub fn write_exposure(out: &mut String, x: &Exposure) {
    exposure_fields(out, x);
    out.push('}');
}

/// An exposure's object, left open for more fields. A bound beyond the
/// money range is `"out_of_range"`, and then so is the flag.
fn exposure_fields(out: &mut String, x: &Exposure) {
    let o = x.out_of_range;
    out.push_str("{\"min\":");
    bound(out, x.min, o.min);
    out.push_str(",\"max\":");
    bound(out, x.max, o.max);
    out.push_str(",\"possible_max\":");
    match x.possible_max {
        Some(m) => bound(out, m, o.possible_max),
        None => out.push_str("null"),
    }
    out.push_str(",\"out_of_range\":");
    out.push_str(bool_str(o.any()));
    out.push_str(",\"currency\":\"CNY\"");
}

fn comma(out: &mut String, k: usize) {
    if k > 0 {
        out.push(',');
    }
}

fn bool_str(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// An amount, or `"out_of_range"` for one beyond the money range.
fn bound(out: &mut String, d: Decimal, out_of_range: bool) {
    if out_of_range {
        out.push_str("\"out_of_range\"");
        return;
    }
    let d = d.normalize();
    // Whole yuan, the common case, without Decimal's formatting.
    match u64::try_from(d.mantissa()) {
        Ok(m) if d.scale() == 0 => {
            out.push('"');
            number(out, m);
            out.push('"');
        }
        _ => quoted(out, d),
    }
}

fn opt_quoted(out: &mut String, v: Option<impl std::fmt::Display>) {
    match v {
        Some(v) => quoted(out, v),
        None => out.push_str("null"),
    }
}

fn tri_bool(out: &mut String, t: &Tri) {
    match t {
        Tri::Known(Value::Bool(b)) => out.push_str(bool_str(*b)),
        _ => out.push_str("\"unknown\""),
    }
}

/// The names of a `missing` set (as `missing_names`, without the `Vec`).
fn missing(out: &mut String, p: &Program, m: &Missing) {
    strings(
        out,
        m.facts
            .iter()
            .filter_map(|s| p.schema.fact(s).map(|f| f.name.as_str())),
    );
}

/// Entries as an object the way a `serde_json::Map` in insertion order
/// holds them: a repeated key keeps its first place and its last value.
fn object<T>(out: &mut String, entries: &[(&str, T)], mut value: impl FnMut(&mut String, &T)) {
    out.push('{');
    let mut first = true;
    for (i, (key, v)) in entries.iter().enumerate() {
        if entries[..i].iter().any(|(k, _)| k == key) {
            continue;
        }
        let last = entries[i + 1..]
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map_or(v, |(_, v)| v);
        if !first {
            out.push(',');
        }
        first = false;
        string(out, key);
        out.push(':');
        value(out, last);
    }
    out.push('}');
}

fn title(out: &mut String, t: Option<&Text2>) {
    match t {
        Some(t) => {
            out.push_str("{\"zh\":");
            string(out, &t.zh);
            out.push_str(",\"en\":");
            string(out, &t.en);
            out.push('}');
        }
        None => out.push_str("null"),
    }
}

/// The readings a rule names: `[{ "zh", "en", "cite" }]`. A citation into
/// another pack is qualified by it (`decree_745::art50.2`).
fn readings(out: &mut String, meta: &RuleMeta) {
    out.push('[');
    for (k, r) in meta.readings.iter().enumerate() {
        comma(out, k);
        out.push_str("{\"zh\":");
        string(out, &r.text.zh);
        out.push_str(",\"en\":");
        string(out, &r.text.en);
        out.push_str(",\"cite\":");
        match &r.cite {
            Some(c) if c.pack == meta.pack => string(out, &c.short()),
            Some(c) => string(out, &format!("{}::{}", c.pack, c.short())),
            None => out.push_str("null"),
        }
        out.push('}');
    }
    out.push(']');
}

/// A tree of [`super`] (built as a `serde_json::Value`), serialized.
fn tree(out: &mut String, tree: &serde_json::Value) {
    out.push_str(&tree.to_string());
}

fn outcome(
    out: &mut String,
    p: &Program,
    f: &Facility,
    e: &Evaluation,
    d: &DutyRule,
    o: &DutyOutcome,
    explain: bool,
) {
    let cite = &d.meta.cite;
    out.push_str("{\"rule\":");
    string(out, &d.meta.name);
    out.push_str(",\"kind\":\"");
    out.push_str(duty_kind(d));
    out.push_str("\",\"title\":");
    title(out, d.meta.title.as_ref());
    pack_article(out, p, cite);
    out.push_str(",\"paragraph\":");
    opt_number(out, cite.para);
    out.push_str(",\"item\":");
    opt_number(out, cite.item);
    out.push_str(",\"status\":\"");
    out.push_str(o.status.as_str());
    out.push_str("\",\"bearer\":");
    opt_string(out, d.bearer.as_deref());
    out.push_str(",\"due\":");
    match &o.due {
        Some(Tri::Known(Value::Date(date))) => quoted(out, date),
        Some(_) => out.push_str("\"unknown\""),
        None => out.push_str("null"),
    }
    out.push_str(",\"calendar\":");
    opt_string(out, super::calendar_note(d, o).as_deref());
    let unknown = o.status == Status::Unknown;
    out.push_str(",\"missing\":");
    if unknown {
        missing(out, p, &o.missing);
    } else {
        out.push_str("[]");
    }
    out.push_str(",\"reason\":");
    opt_string(
        out,
        unknown
            .then(|| reason_text(p, &o.missing))
            .flatten()
            .as_deref(),
    );
    out.push_str(",\"exempted_by\":");
    match o.exempted {
        Some(x) => exemption(out, p, &d.exemptions[x.index], x.certain),
        None => out.push_str("null"),
    }
    out.push_str(",\"readings\":");
    readings(out, &d.meta);
    if explain {
        out.push_str(",\"explanation\":");
        tree(out, &duty_explanation(p, f, e, d, o));
    }
    out.push('}');
}

fn exemption(out: &mut String, p: &Program, ex: &Exemption, certain: bool) {
    let applies = if certain { "true" } else { "\"unknown\"" };
    match ex {
        Exemption::Inline(clause, cite) => {
            out.push_str("{\"condition\":");
            string(out, &clause.text);
            pack_article(out, p, cite);
            out.push_str(",\"cite\":");
            string(out, &cite.short());
            out.push_str(",\"applies\":");
            out.push_str(applies);
            out.push('}');
        }
        Exemption::Exception(i) => {
            let x = &p.exceptions[*i as usize];
            out.push_str("{\"exception\":");
            string(out, &x.meta.name);
            out.push_str(",\"title\":");
            title(out, x.meta.title.as_ref());
            pack_article(out, p, &x.meta.cite);
            out.push_str(",\"cite\":");
            string(out, &x.meta.cite.short());
            out.push_str(",\"applies\":");
            out.push_str(applies);
            out.push_str(",\"readings\":");
            readings(out, &x.meta);
            out.push_str(",\"instead\":");
            title(out, x.instead.as_ref());
            out.push('}');
        }
    }
}

/// `,"pack":…,"article":N`: where a rule or an exemption is cited.
fn pack_article(out: &mut String, p: &Program, cite: &Cite) {
    out.push_str(",\"pack\":");
    string(out, p.pack_name(&cite.pack));
    out.push_str(",\"article\":");
    number(out, u64::from(cite.article));
}

/// A fine's fields, the object left open (conditional fines add three).
fn fine_fields(out: &mut String, p: &Program, r: &PenaltyRule, x: &FineOutcome) {
    let party = fine_rule(r, x).map_or("", |x| x.party.as_str());
    out.push_str("{\"on\":");
    string(out, party);
    out.push_str(",\"party\":");
    title(out, p.parties.get(party));
    out.push_str(",\"whose\":\"");
    out.push_str(x.whose.as_str());
    out.push_str("\",\"discretionary\":");
    out.push_str(bool_str(x.discretionary));
    let o = x.out_of_range;
    out.push_str(",\"min\":");
    bound(out, x.min, o.min);
    out.push_str(",\"max\":");
    match x.max {
        Some(m) => bound(out, m, o.possible_max),
        None => out.push_str("null"),
    }
    out.push_str(",\"max_known\":");
    bound(out, x.max_known, o.max);
    out.push_str(",\"missing\":");
    missing(out, p, &x.missing);
    out.push_str(",\"currency\":\"CNY\"");
}

fn penalty(
    out: &mut String,
    p: &Program,
    f: &Facility,
    e: &Evaluation,
    r: &PenaltyRule,
    o: &PenaltyOutcome,
    explain: bool,
) {
    out.push_str("{\"rule\":");
    string(out, &r.meta.name);
    out.push_str(",\"title\":");
    title(out, r.meta.title.as_ref());
    pack_article(out, p, &r.meta.cite);
    out.push_str(",\"addressee\":");
    string(out, &r.addressee);
    out.push_str(",\"triggered\":");
    if o.in_force {
        tri_bool(out, &o.triggered);
    } else {
        out.push_str("\"not_in_force\"");
    }
    out.push_str(",\"triggered_by\":[");
    for (k, (t, d)) in o.triggered_by.iter().enumerate() {
        comma(out, k);
        let cite = r.triggers[*t].cite.as_ref();
        out.push_str("{\"rule\":");
        string(out, &p.duties[*d as usize].meta.name);
        out.push_str(",\"pack\":");
        opt_string(out, cite.map(|c| p.pack_name(&c.pack)));
        out.push_str(",\"cite\":");
        opt_string(out, cite.map(Cite::short).as_deref());
        out.push('}');
    }
    out.push_str("],\"gave_way\":[");
    for (k, (d, to)) in o.gave_way.iter().enumerate() {
        comma(out, k);
        out.push_str("{\"rule\":");
        string(out, &p.duties[*d as usize].meta.name);
        out.push_str(",\"to\":");
        string(out, &p.penalties[*to as usize].meta.name);
        out.push('}');
    }
    out.push_str("],\"missing\":");
    missing(out, p, &o.missing());
    out.push_str(",\"measures\":");
    strings(out, r.measures.iter().map(String::as_str));
    out.push_str(",\"fines\":[");
    let applies = o.fines.iter().filter(|x| x.status == FineStatus::Applies);
    for (k, x) in applies.enumerate() {
        comma(out, k);
        fine_fields(out, p, r, x);
        out.push('}');
    }
    out.push_str("],\"conditional_fines\":[");
    let conditional = o.fines.iter().filter(|x| x.status != FineStatus::Applies);
    for (k, x) in conditional.enumerate() {
        comma(out, k);
        fine_fields(out, p, r, x);
        out.push_str(if x.status == FineStatus::Possible {
            ",\"status\":\"possible\""
        } else {
            ",\"status\":\"if_escalated\""
        });
        let condition = r.escalate.as_ref().map(|(c, _)| c.text.as_str());
        let escalated = x.rule as usize >= r.fines.len();
        out.push_str(",\"condition\":");
        opt_string(out, condition.filter(|_| escalated));
        out.push_str(",\"condition_value\":");
        if escalated {
            tri_bool(out, &o.escalation);
        } else {
            out.push_str("null");
        }
        out.push('}');
    }
    out.push_str("],\"exceptions\":[");
    for (k, (x, _)) in o.exempted.iter().enumerate() {
        comma(out, k);
        exemption(out, p, &r.exemptions[x.index], x.certain);
    }
    out.push_str("],\"exposure\":");
    write_exposure(out, &o.exposure());
    out.push_str(",\"readings\":");
    readings(out, &r.meta);
    if explain {
        out.push_str(",\"explanation\":");
        tree(out, &penalty_explanation(p, f, e, r, o));
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    proptest! {
        #[test]
        fn amounts_as_decimal_writes_them(m in any::<i64>(), scale in 0u32..6) {
            let d = Decimal::new(m, scale);
            let mut out = String::new();
            super::bound(&mut out, d, false);
            prop_assert_eq!(out, format!("\"{}\"", d.normalize()));
        }
    }

    #[test]
    fn whole_and_fractional_amounts() {
        for (d, shown) in [
            (Decimal::new(0, 0), "\"0\""),
            (Decimal::new(0, 2), "\"0\""),
            (Decimal::new(86000000, 2), "\"860000\""),
            (Decimal::new(33333, 2), "\"333.33\""),
            (Decimal::new(-5, 0), "\"-5\""),
            (Decimal::MAX, "\"79228162514264337593543950335\""),
        ] {
            let mut out = String::new();
            super::bound(&mut out, d, false);
            assert_eq!(out, shown);
        }
        let mut out = String::new();
        super::bound(&mut out, Decimal::ONE, true);
        assert_eq!(out, "\"out_of_range\"");
    }
}
