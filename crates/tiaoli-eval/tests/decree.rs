mod common;

use jiff::civil::date;
use serde_json::json;
use tiaoli_eval::{FineStatus, Status, Tri, Value, evaluate, missing_names};

fn duty(p: &tiaoli_eval::Program, name: &str) -> usize {
    let found = p.duties.iter().position(|d| d.meta.name == name);
    assert!(found.is_some(), "no duty {name}");
    found.unwrap_or_default()
}

#[test]
fn an_identified_facility_with_a_stale_assessment_violates_art17() {
    let p = common::decree();
    let f = common::facility(
        &p,
        json!({
            "id": "grid-1", "sector": "energy", "identified_cii": true,
            "identification_date": "2022-01-10",
            "last_assessment_date": "2024-03-01",
            "refused_correction": false, "endangered_security": false
        }),
    );
    let e = evaluate(&p, &f, date(2025, 6, 1));
    let annual = &e.duties[duty(&p, "annual_assessment")];
    assert_eq!(annual.status, Status::Violated);
    // 2025-03-01 is a Saturday: the year ends on Monday (Civil Code art. 203).
    assert_eq!(annual.due, Some(Tri::Known(Value::Date(date(2025, 3, 3)))));
    // Facts the facility did not give leave other duties unknown, naming them.
    let body = &e.duties[duty(&p, "security_body")];
    assert_eq!(body.status, Status::Unknown);
    assert_eq!(
        missing_names(&p, &body.missing),
        vec!["security_body_established"]
    );
    // Art. 39 is triggered, without fines: no refusal, no harm.
    let pen = p
        .penalties
        .iter()
        .position(|x| x.meta.name == "general_noncompliance")
        .unwrap();
    assert_eq!(e.penalties[pen].triggered, Tri::bool(true));
    // Both fines would apply only if escalated.
    let fines = &e.penalties[pen].fines;
    assert_eq!(fines.len(), 2);
    assert!(fines.iter().all(|f| f.status == FineStatus::IfEscalated));
}
