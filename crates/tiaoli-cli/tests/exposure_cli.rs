//! `tiaoli eval` on penalties, as a user meets them: whose fines count in
//! the exposure (the operator's own, its persons' apart, third parties'
//! never), what is certain and what is only possible, discretionary fines,
//! the art. 48 route, and per-operator totals in an inventory.

#![expect(
    clippy::expect_used,
    reason = "a test that cannot run the binary or parse its output should fail loudly"
)]

use std::path::PathBuf;
use std::process::Output;

use serde_json::Value as Json;

mod common;
#[path = "support/copy_dir.rs"]
mod copy;
use common::{root, tiaoli};
use copy::copy_dir;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tiaoli-exposure-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Writes `text` as `name` in a scratch folder and evaluates it.
fn eval(name: &str, text: &str, extra: &[&str]) -> Output {
    let dir = scratch(name);
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write facility");
    let path = path.to_string_lossy().into_owned();
    let mut args = vec!["eval", path.as_str(), "--as-of", "2025-06-01"];
    args.extend_from_slice(extra);
    tiaoli(&args)
}

fn human(name: &str, text: &str, extra: &[&str]) -> String {
    let out = eval(name, text, extra);
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn json(name: &str, text: &str) -> Json {
    let out = eval(name, text, &["--format", "json"]);
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

fn penalty<'a>(f: &'a Json, rule: &str) -> &'a Json {
    f["penalties"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["rule"] == rule))
        .expect("the penalty is reported")
}

/// Every fact of chapters II–V given and met, but for the ones added.
const COMPLIANT: &str = r#"
identified_cii: true
sector: energy
identification_date: 2022-03-01
major_change: false
security_measures_synchronous: true
security_system_established: true
principal_in_charge_designated: true
security_body_established: true
background_checks_done: true
security_body_in_decisions: true
duty_security_plan: true
duty_monitoring_and_risk_assessment: true
duty_emergency_plan: true
last_emergency_drill_date: 2025-03-10
duty_key_positions_and_evaluation: true
duty_training: true
duty_data_protection_system: true
duty_service_security_management: true
duty_incident_reporting: true
last_assessment_date: 2024-11-20
assessment_issues_rectified: true
assessment_submission_required: true
assessment_submitted: true
procurements: []
merger_division_or_dissolution: false
major_incident_occurred: false
inspection_cooperation_refused: false
unauthorized_probing: false
offender_public_security_penalty: false
offender_criminal_penalty: false
"#;

#[test]
fn an_intruded_operator_is_not_exposed_to_its_intruders_fine() {
    let facility = format!(
        "id: intruded\noperator: 某电力公司\n{COMPLIANT}intrusion_or_sabotage: true\noffender_kind: unit\nintrusion_circumstances_serious: false\n"
    );
    let j = json("intruded.yaml", &facility);
    let f = &j["facilities"][0];
    assert_eq!(f["exposure"]["min"], "0");
    assert_eq!(f["exposure"]["max"], "0");
    assert_eq!(f["exposure"]["possible_max"], "0");
    let p = penalty(f, "intrusion_penalty");
    assert_eq!(p["addressee"], "offending_unit");
    assert_eq!(p["fines"][0]["on"], "offending_unit");
    assert_eq!(p["fines"][0]["whose"], "third_party");
    assert_eq!(p["fines"][0]["min"], "100000");
    // The unit's persons: a fine the organs may add, theirs too.
    assert_eq!(p["fines"][1]["on"], "person_in_charge");
    assert_eq!(p["fines"][1]["discretionary"], true);
    assert_eq!(p["fines"][1]["whose"], "third_party");
    assert_eq!(f["exposure"]["persons"]["possible_max"], "0");

    let text = human("intruded.yaml", &facility, &[]);
    assert!(
        text.contains(
            "the unit that committed the act CNY 100,000–1,000,000 (theirs, not the operator's)"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "Exposure (the operator's own fines): certain CNY 0 – CNY 0; possible up to CNY 0"
        ),
        "{text}"
    );
    let zh = human("intruded.yaml", &facility, &["--lang", "zh"]);
    assert!(
        zh.contains("罚款风险（运营者本身的罚款）: 确定 0元 – 0元"),
        "{zh}"
    );
    assert!(zh.contains("可以并处"), "{zh}");
    assert!(zh.contains("由行为人承担，不计入运营者"), "{zh}");
}

#[test]
fn an_unknown_exemption_makes_the_fines_conditional_and_names_the_fact() {
    // Art. 39 breached and not corrected, the sector (art. 48) not given.
    let facility = "id: no-sector\nidentified_cii: true\nsecurity_body_established: false\nrefused_correction: true\nprocurements: []\n";
    let j = json("no-sector.yaml", facility);
    let f = &j["facilities"][0];
    let p = penalty(f, "general_noncompliance");
    assert_eq!(p["triggered"], "unknown");
    assert_eq!(p["missing"], serde_json::json!(["sector"]));
    assert_eq!(p["fines"], serde_json::json!([]));
    let c = &p["conditional_fines"][0];
    assert_eq!(c["status"], "possible");
    assert_eq!(c["on"], "operator");
    assert_eq!(c["min"], "100000");
    assert_eq!(c["max"], "1000000");
    assert_eq!(c["missing"], serde_json::json!(["sector"]));
    // Nothing certain; the art. 39 fine among what is possible.
    assert_eq!(f["exposure"]["min"], "0");
    assert_eq!(f["exposure"]["max"], "0");
    let possible: rust_decimal::Decimal = f["exposure"]["possible_max"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("bounded");
    assert!(
        possible >= rust_decimal::Decimal::from(1_000_000),
        "{possible}"
    );
    assert!(
        f["exposure"]["missing"]
            .as_array()
            .is_some_and(|m| m.iter().any(|x| x == "sector")),
        "{}",
        f["exposure"]
    );

    let text = human("no-sector.yaml", facility, &[]);
    assert!(
        text.contains("may be set aside by E-government operators are dealt with under the Cybersecurity Law (decree-745 art. 48) — would be decided by: sector"),
        "{text}"
    );
    assert!(
        text.contains("fines that may apply (would be decided by: sector"),
        "{text}"
    );
    assert!(
        text.contains("certain CNY 0 – CNY 0; possible up to CNY "),
        "{text}"
    );
}

#[test]
fn art_48_shows_what_follows_under_the_cybersecurity_law() {
    let facility = format!(
        "id: egov\n{}\nrefused_correction: true\n",
        COMPLIANT
            .replace("sector: energy", "sector: e_government")
            .replace(
                "security_body_established: true",
                "security_body_established: false"
            )
    );
    let text = human("egov.yaml", &facility, &[]);
    assert!(text.contains("set aside by E-government operators are dealt with under the Cybersecurity Law (decree-745 art. 48)"), "{text}");
    assert!(
        text.contains("instead: Handled under the PRC Cybersecurity Law instead."),
        "{text}"
    );
    assert!(text.contains("CSL art. 72"), "{text}");
    let j = json("egov.yaml", &facility);
    let p = penalty(&j["facilities"][0], "general_noncompliance");
    assert!(
        p["exceptions"][0]["instead"]["zh"]
            .as_str()
            .is_some_and(|s| s.contains("网络安全法第七十二条")),
        "{p}"
    );
}

#[test]
fn an_inventory_counts_one_operators_systems_once_per_penalty() {
    // Two systems of one operator, each with an art. 39 breach it refused
    // to correct; a third record names no operator.
    let record = |id: &str, operator: Option<&str>| {
        let mut r = serde_json::json!({
            "id": id, "identified_cii": true, "sector": "energy",
            "security_body_established": false, "refused_correction": true,
        });
        if let Some(o) = operator {
            r["operator"] = Json::from(o);
        }
        r.to_string()
    };
    let inventory = [
        record("a", Some("某电力公司")),
        record("b", Some("某电力公司")),
        record("c", None),
    ]
    .join("\n");
    let j = json("inventory.jsonl", &inventory);
    let summary = &j["summary"];
    // One operator's art. 39 fine once, plus the record without operator.
    assert_eq!(summary["exposure"]["min"], "200000");
    assert_eq!(summary["exposure"]["max"], "2000000");
    assert_eq!(summary["operators"][0]["operator"], "某电力公司");
    assert_eq!(summary["operators"][0]["facilities"], 2);
    assert_eq!(summary["operators"][0]["exposure"]["min"], "100000");
    assert_eq!(summary["operators"][0]["exposure"]["max"], "1000000");
    assert_eq!(summary["without_operator"], 1);
    // Each facility still shows its own exposure.
    for f in j["facilities"].as_array().expect("facilities") {
        assert_eq!(f["exposure"]["min"], "100000");
    }

    let text = human("inventory.jsonl", &inventory, &[]);
    assert!(
        text.contains("exposure per operator: 1 operator(s), each penalty counted once per operator (at the highest among its facilities); 1 record(s) without `operator`, each counted as its own operator"),
        "{text}"
    );
    assert!(
        text.contains("exposure certain CNY 200,000 – 2,000,000"),
        "{text}"
    );
    let zh = human("inventory.jsonl", &inventory, &["--lang", "zh"]);
    assert!(zh.contains("按运营者计：1 个运营者"), "{zh}");
}

#[test]
fn art_39_triggered_by_the_protection_departments_duty_is_rejected() {
    // Language review B6: `trigger art11` would fine the operator because
    // the protection department re-identified late.
    let dir = scratch("b6").join("policies");
    copy_dir(&root().join("policies"), &dir);
    let ch5 = dir.join("decree-745/ch5-liability.tiaoli");
    let text = std::fs::read_to_string(&ch5).expect("read ch5");
    let edited = text.replace(
        "trigger major_change_report cite art39.1.1",
        "trigger art11 cite art39.1.1",
    );
    assert_ne!(text, edited, "the art. 39 item 1 trigger is in the pack");
    std::fs::write(&ch5, edited).expect("write ch5");
    let dir = dir.to_string_lossy().into_owned();
    let out = tiaoli(&["check", dir.as_str(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(text.contains("\"R012\""), "{text}");
    assert!(text.contains("reidentification"), "{text}");
    assert!(text.contains("protection_department"), "{text}");
}

#[test]
fn an_unknown_amount_leaves_what_is_possible_without_bound() {
    // Nothing but the identification: the purchases (art. 41's basis) are
    // not known, so no upper bound can be given, and the report says so.
    let facility = "id: sparse\nidentified_cii: true\nsector: energy\n";
    let j = json("sparse.yaml", facility);
    let x = &j["facilities"][0]["exposure"];
    assert_eq!(x["min"], "0");
    assert_eq!(x["possible_max"], Json::Null);
    assert!(
        x["missing"]
            .as_array()
            .is_some_and(|m| m.iter().any(|f| f == "procurements")),
        "{x}"
    );
    let text = human("sparse.yaml", facility, &[]);
    assert!(
        text.contains("certain CNY 0 – CNY 0; possible: no upper bound — would be decided by:"),
        "{text}"
    );
    let zh = human("sparse.yaml", facility, &["--lang", "zh"]);
    assert!(zh.contains("确定 0元 – 0元；可能：无上限"), "{zh}");
}
