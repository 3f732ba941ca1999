//! The baseline's output: its results for one facility as a line of JSON,
//! through serde-derived structs, as a hand-written tool would print them —
//! the determinations, every duty's status, missing facts and due date,
//! every penalty's trigger and fines, and the exposure. (The engine's report
//! says more: titles, citations, readings, exemptions.)

use rust_decimal::Decimal;
use serde::Serialize;

use super::baseline::{
    DUTY_NAMES, FACT_NAMES, Facility, FineStatus, Outcome, PENALTY_NAMES, Status, Tv, Whose,
};

#[derive(Serialize)]
struct Report<'a> {
    id: Option<&'a str>,
    name: Option<&'a str>,
    determinations: Determinations,
    duties: Vec<DutyOut>,
    penalties: Vec<PenaltyOut>,
    exposure: ExposureOut,
}

#[derive(Serialize)]
struct Determinations {
    cii: Tri,
    candidate: Tri,
    national_escalation_due: Tri,
    secrecy_law_applies: Tri,
    cryptography_law_applies: Tri,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Tri {
    Known(bool),
    Unknown(&'static str),
}

#[derive(Serialize)]
struct DutyOut {
    rule: &'static str,
    status: &'static str,
    missing: Vec<&'static str>,
    due: Option<String>,
}

#[derive(Serialize)]
struct PenaltyOut {
    rule: &'static str,
    triggered: Tri,
    missing: Vec<&'static str>,
    fines: Vec<FineOut>,
}

#[derive(Serialize)]
struct FineOut {
    whose: &'static str,
    discretionary: bool,
    status: &'static str,
    min: Decimal,
    max: Option<Decimal>,
    max_known: Decimal,
}

#[derive(Serialize)]
struct ExposureOut {
    min: Decimal,
    max: Decimal,
    possible_max: Option<Decimal>,
}

fn tri(t: Tv) -> Tri {
    t.value.map_or(Tri::Unknown("unknown"), Tri::Known)
}

/// The facts of a `missing` set, by name (in bit order: declaration order).
fn names(mut missing: u128) -> Vec<&'static str> {
    let mut out = Vec::new();
    while missing != 0 {
        let i = missing.trailing_zeros() as usize;
        missing &= missing - 1;
        out.extend(FACT_NAMES.get(i));
    }
    out
}

/// Appends the facility's results to `out` as one line of JSON.
pub fn write(out: &mut Vec<u8>, f: &Facility, o: &Outcome) {
    let report = Report {
        id: f.id.as_deref(),
        name: f.name.as_deref(),
        determinations: Determinations {
            cii: tri(o.cii),
            candidate: tri(o.candidate),
            national_escalation_due: tri(o.national_escalation_due),
            secrecy_law_applies: tri(o.secrecy_law_applies),
            cryptography_law_applies: tri(o.cryptography_law_applies),
        },
        duties: o
            .duties
            .iter()
            .zip(DUTY_NAMES)
            .map(|(d, rule)| DutyOut {
                rule,
                status: match d.status {
                    Status::Satisfied => "satisfied",
                    Status::Violated => "violated",
                    Status::NotApplicable => "not_applicable",
                    Status::Unknown => "unknown",
                },
                missing: names(d.missing),
                due: d.due.map(|d| match d {
                    Ok(date) => date.to_string(),
                    Err(_) => "unknown".to_owned(),
                }),
            })
            .collect(),
        penalties: o
            .penalties
            .iter()
            .zip(PENALTY_NAMES)
            .map(|(p, rule)| PenaltyOut {
                rule,
                triggered: tri(p.triggered),
                missing: names(p.triggered.missing),
                fines: p
                    .fines
                    .iter()
                    .flatten()
                    .map(|x| FineOut {
                        whose: match x.whose {
                            Whose::Operator => "operator",
                            Whose::Persons => "operator_persons",
                            Whose::ThirdParty => "third_party",
                        },
                        discretionary: x.discretionary,
                        status: match x.status {
                            FineStatus::Applies => "applies",
                            FineStatus::Possible => "possible",
                            FineStatus::IfEscalated => "if_escalated",
                        },
                        min: x.min.normalize(),
                        max: x.max.map(|d| d.normalize()),
                        max_known: x.max_known.normalize(),
                    })
                    .collect(),
            })
            .collect(),
        exposure: {
            let x = o.exposure();
            ExposureOut {
                min: x.min.normalize(),
                max: x.max.normalize(),
                possible_max: x.possible_max.map(|d| d.normalize()),
            }
        },
    };
    // Writing into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, &report);
    out.push(b'\n');
}
