//! Citation and authority integrity, as a user meets it: packs rank by
//! their manifest's kind, and a lower pack cannot exempt or re-declare the
//! rules of Decree 745 (language review §3.4, B3).

#![expect(
    clippy::expect_used,
    reason = "a test that cannot run the binary should fail loudly"
)]

use std::path::PathBuf;
use std::process::Output;

mod common;
use common::{root, tiaoli};

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A pack of the given kind in a fresh temporary folder, depending on the
/// real `policies/decree-745`, with one file of rules.
fn pack(test: &str, kind: &str, rules: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tiaoli-authority-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let decree = root()
        .join("policies/decree-745")
        .canonicalize()
        .expect("policies/decree-745");
    let manifest = format!(
        r#"[pack]
name = "finance-advice"
version = "0.1.0"
kind = "{kind}"
effective = "2021-09-01"

[pack.title]
zh = "金融行业合规建议"
en = "Compliance advice for finance"

[pack.issuer]
zh = "某咨询机构"
en = "A consultancy"

[dependencies]
decree-745 = {{ version = "^1.0", path = "{}" }}
"#,
        decree.display()
    );
    std::fs::write(dir.join("tiaoli.toml"), manifest).expect("write manifest");
    std::fs::write(dir.join("rules.tiaoli"), rules).expect("write rules");
    dir
}

/// Language review §3.4: an advisory pack's art. 18 waiver of Decree 745's
/// annual assessment and of its art. 39 penalty.
const FINANCE_WAIVER: &str = r#"chapter 1 {
  title zh "建议" en "Advice"
  articles 18..=18
}

article 18 {
  title zh "金融行业豁免" en "Finance waiver"
  text zh "金融行业可不进行年度检测评估。" en "Finance need not assess every year."

  exception finance_waiver {
    title zh "金融行业豁免" en "Finance waiver"
    exempts decree_745::annual_assessment, decree_745::general_noncompliance
    when facility.sector == .finance
  }
}
"#;

#[test]
fn an_advisory_pack_cannot_exempt_the_regulations_rules() {
    let dir = pack("waiver", "advisory", FINANCE_WAIVER);
    let out = tiaoli(&[
        "check",
        "--format",
        "json",
        dir.to_str().expect("utf-8 path"),
    ]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert_eq!(t.matches("R016").count(), 2, "{t}");
    assert!(
        t.contains("exception `finance_waiver` exempts `decree_745::annual_assessment`, a rule of a higher-ranked pack (regulation above advisory)"),
        "{t}"
    );
    assert!(
        t.contains("exempts `decree_745::general_noncompliance`"),
        "{t}"
    );

    // And evaluation refuses the packs rather than switching art. 17 off.
    let out = tiaoli(&[
        "eval",
        "examples/bank-core.json",
        "--pack",
        "policies/decree-745",
        "--pack",
        dir.to_str().expect("utf-8 path"),
        "--as-of",
        "2025-06-01",
    ]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("R016"), "{t}");
    assert!(!t.contains("finance_waiver (art. 18)"), "{t}");
}

#[test]
fn a_guidance_pack_is_outranked_by_the_regulation_too() {
    let dir = pack("guidance", "guidance", FINANCE_WAIVER);
    let out = tiaoli(&[
        "check",
        "--format",
        "json",
        dir.to_str().expect("utf-8 path"),
    ]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("(regulation above guidance)"), "{t}");
}

#[test]
fn a_lower_pack_may_exempt_its_own_rules_and_add_stricter_duties() {
    let rules = r#"chapter 1 {
  title zh "建议" en "Advice"
  articles 1..=2
}

fact assessed_this_half_year: bool { zh "本半年是否已检测评估" en "whether assessed in the current half-year" }

article 1 {
  title zh "金融行业半年评估" en "Six-monthly assessment in finance"
  text zh "金融行业宜每半年进行一次检测评估。" en "Finance should assess every six months."

  obligation semiannual_assessment {
    bearer decree_745::operator
    applies when decree_745::cii and facility.sector == .finance
    requires facility.assessed_this_half_year
  }
}

article 2 {
  title zh "试点豁免" en "Pilot waiver"
  text zh "试点单位可不适用第一条。" en "Pilots are exempt from Article 1."

  exception pilot_waiver {
    title zh "试点豁免" en "Pilot waiver"
    exempts semiannual_assessment
    when facility.sector == .energy
  }
}
"#;
    let dir = pack("own", "advisory", rules);
    let out = tiaoli(&[
        "check",
        "--deny-warnings",
        dir.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn a_lower_pack_cannot_redeclare_a_regulation_duty() {
    let rules = r#"chapter 1 {
  title zh "建议" en "Advice"
  articles 17..=17
}

fact assessed_this_half_year: bool { zh "本半年是否已检测评估" en "whether assessed in the current half-year" }

article 17 {
  title zh "年度检测评估（金融）" en "Assessment (finance)"
  text zh "金融行业每半年至少一次。" en "Finance: at least every six months."

  obligation annual_assessment {
    bearer decree_745::operator
    applies when decree_745::cii and facility.sector == .finance
    requires facility.assessed_this_half_year
  }
}
"#;
    let dir = pack("redeclare", "advisory", rules);
    let out = tiaoli(&[
        "check",
        "--format",
        "json",
        dir.to_str().expect("utf-8 path"),
    ]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.contains("`annual_assessment` re-declares `decree_745::annual_assessment`"),
        "{t}"
    );
}

fn eval(args: &[&str]) -> (String, Output) {
    let mut all = vec!["eval"];
    all.extend_from_slice(args);
    let out = tiaoli(&all);
    (String::from_utf8_lossy(&out.stdout).into_owned(), out)
}

#[test]
fn citations_are_pack_qualified_and_model_rules_marked_in_english() {
    let (t, out) = eval(&["examples/grid-dispatch.yaml", "--as-of", "2026-11-21"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let first = t.lines().next().unwrap_or_default();
    assert!(
        first.ends_with(
            "packs: decree-745 1.0.0, mps-2020-guidance 1.0.0, \
             defense-industry 0.1.0 (model rules), e-government 0.1.0 (model rules), \
             energy 0.2.0 (model rules), finance 0.1.0 (model rules), \
             public-communication 0.1.0 (model rules), public-service 0.1.0 (model rules), \
             transport 0.1.0 (model rules), water 0.1.0 (model rules)"
        ),
        "{first}"
    );
    let candidate = t
        .lines()
        .find(|l| l.trim_start().starts_with("candidate"))
        .unwrap_or_default();
    assert!(
        candidate.ends_with("(decree-745 art. 9) — decided by energy (model rules)"),
        "{candidate}"
    );
    let cii = t
        .lines()
        .find(|l| l.trim_start().starts_with("cii "))
        .unwrap_or_default();
    assert!(cii.ends_with("(decree-745 art. 10)"), "{cii}");
    assert!(t.contains("· decree-745 art. 17 · due 2026-06-18"), "{t}");
    assert!(t.contains("(decree-745 art. 39(1)(8))"), "{t}");
    assert!(
        t.contains("Secrecy laws also apply (decree-745 art. 50(1))"),
        "{t}"
    );
}

#[test]
fn citations_are_pack_qualified_and_model_rules_marked_in_chinese() {
    let (t, out) = eval(&[
        "examples/grid-dispatch.yaml",
        "--as-of",
        "2026-11-21",
        "--lang",
        "zh",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        t.lines().next().unwrap_or_default().ends_with(
            "tiaoli eval · 评估日期 2026-11-21 · 来自 policies（当前文件夹） · 规则包：decree-745 1.0.0、mps-2020-guidance 1.0.0、\
             defense-industry 0.1.0（示范规则）、e-government 0.1.0（示范规则）、\
             energy 0.2.0（示范规则）、finance 0.1.0（示范规则）、\
             public-communication 0.1.0（示范规则）、public-service 0.1.0（示范规则）、\
             transport 0.1.0（示范规则）、water 0.1.0（示范规则）"
        ),
        "{t}"
    );
    let candidate = t
        .lines()
        .find(|l| l.trim_start().starts_with("candidate"))
        .unwrap_or_default();
    assert!(
        candidate.ends_with("(decree-745 第9条) — 依据 energy（示范规则）"),
        "{candidate}"
    );
    assert!(t.contains("· decree-745 第17条 · 期限 2026-06-18"), "{t}");
    assert!(t.contains("(decree-745 第39条第1款第8项)"), "{t}");
}

#[test]
fn explain_says_the_implementation_is_a_model() {
    for (lang, marker) in [
        ("en", "energy (model rules) → "),
        ("zh", "energy（示范规则） → "),
    ] {
        let (t, out) = eval(&[
            "examples/grid-dispatch.yaml",
            "--as-of",
            "2026-11-21",
            "--explain",
            "--lang",
            lang,
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        assert!(t.contains(marker), "{lang}: {t}");
        assert!(t.contains("[decree-745 art17]"), "{lang}: {t}");
    }
}

#[test]
fn a_sector_without_rules_is_not_marked_as_decided() {
    // Every named sector has a bundled (model) pack; `other` has none.
    let dir = std::env::temp_dir().join(format!("tiaoli-other-sector-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("other.yaml");
    std::fs::write(
        &file,
        "id: o\nsector: other\ncore_business_importance: critical\nharm_if_compromised: especially_serious\ncross_sector_impact: broad\nidentified_cii: false\n",
    )
    .expect("write facility");
    let path = file.to_string_lossy().into_owned();
    let (t, out) = eval(&[&path, "--as-of", "2025-06-01"]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let candidate = t
        .lines()
        .find(|l| l.trim_start().starts_with("candidate"))
        .unwrap_or_default();
    assert!(!candidate.contains("decided by"), "{candidate}");
    assert!(!candidate.contains("model"), "{candidate}");
}

#[test]
fn json_names_the_pack_of_every_citation_and_marks_model_packs() {
    let (t, out) = eval(&[
        "examples/grid-dispatch.yaml",
        "--as-of",
        "2026-11-21",
        "--format",
        "json",
        "--explain",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let doc: serde_json::Value = serde_json::from_str(&t).expect("json");
    let packs = doc["packs"].as_array().expect("packs");
    let decree = packs
        .iter()
        .find(|p| p["name"] == "decree-745")
        .expect("decree");
    assert_eq!(decree["kind"], "regulation");
    assert_eq!(decree["model"], false);
    let energy = packs
        .iter()
        .find(|p| p["name"] == "energy")
        .expect("energy");
    assert_eq!(energy["kind"], "sector");
    assert_eq!(energy["model"], true);
    let f = &doc["facilities"][0];
    assert_eq!(
        f["decided_by"]["candidate"],
        serde_json::json!([{ "pack": "energy", "model": true }])
    );
    assert!(f["decided_by"].get("cii").is_none());
    let annual = f["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .find(|o| o["rule"] == "annual_assessment")
        .expect("annual_assessment");
    assert_eq!(annual["pack"], "decree-745");
    assert_eq!(annual["article"], 17);
    assert_eq!(annual["explanation"]["pack"], "decree-745");
    let penalty = &f["penalties"][0];
    assert_eq!(penalty["pack"], "decree-745");
    assert_eq!(penalty["triggered_by"][0]["pack"], "decree-745");
}

#[test]
fn explain_qualifies_articles_and_rules_by_pack() {
    let out = tiaoli(&["explain", "decree-745::art17"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(
        t.starts_with("decree-745 第17条 年度检测评估\ndecree-745 art. 17 · "),
        "{t}"
    );
    let out = tiaoli(&["explain", "emergency_response"]);
    let t = text(&out);
    assert!(
        t.starts_with("obligation `emergency_response` (decree-745 art. 15(1)(3))"),
        "{t}"
    );
    let out = tiaoli(&["explain", "energy::art17"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn a_failing_pack_test_names_the_pack_of_each_citation() {
    let rules = r#"test "a wrong expectation about the regulation" {
  as_of 2025-06-01
  given {
    identified_cii = true
    identification_date = 2020-01-10
    last_assessment_date = 2023-01-01
  }
  expect decree_745::annual_assessment is satisfied
}
"#;
    let dir = pack("packtest", "advisory", rules);
    let out = tiaoli(&["test", dir.to_str().expect("utf-8 path")]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("[decree-745 art17]"), "{t}");
}

/// Language review §2 S2: an article states `applies when` once for all
/// its duties.
#[test]
fn an_articles_applies_when_conditions_each_of_its_duties() {
    let dir = std::env::temp_dir().join(format!("tiaoli-authority-{}-s2", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("rules.tiaoli");
    std::fs::write(
        &file,
        r#"chapter 1 {
  title zh "总则" en "General"
  articles 1..=1
}

party operator { zh "运营者" en "operator" }

fact identified: bool { zh "已认定" en "identified" }
fact a: bool { zh "甲" en "a" }
fact b: bool { zh "乙" en "b" }
fact c: bool { zh "丙" en "c" }

determination cii {
  title zh "关键信息基础设施" en "CII"
  value facility.identified
}

article 1 {
  title zh "第一条" en "One"
  text zh "运营者应当甲、乙。" en "Operators do a and b."
  applies when cii

  obligation do_a {
    bearer operator
    requires facility.a
  }

  obligation do_b {
    bearer operator
    applies when facility.c or facility.a
    requires facility.b
  }
}
"#,
    )
    .expect("write rules");
    let facility = dir.join("f.json");
    let f = file.to_str().expect("utf-8");
    let run = |facts: &str| {
        std::fs::write(&facility, facts).expect("write facility");
        let out = tiaoli(&[
            "eval",
            facility.to_str().expect("utf-8"),
            "--pack",
            f,
            "--as-of",
            "2025-06-01",
            "--explain",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let t = run(r#"{"identified": true, "a": false, "b": false, "c": true}"#);
    assert!(t.contains("✗ do_a"), "{t}");
    assert!(t.contains("applies when cii  ⇒ true"), "{t}");
    assert!(
        t.contains("applies when cii and (facility.c or facility.a)  ⇒ true"),
        "{t}"
    );
    let t = run(r#"{"identified": false, "a": false, "b": false, "c": true}"#);
    assert!(t.contains("not applicable 2"), "{t}");
    let t = run(r#"{"a": false, "b": false, "c": true}"#);
    assert!(t.contains("? do_a"), "{t}");
    assert!(t.contains("would be decided by: identified"), "{t}");
}

/// A sector pack fills extension points and may add stricter duties of its
/// own; they are reported under its own citations, beside the regulation's.
#[test]
fn a_sector_pack_may_add_a_stricter_duty_of_its_own() {
    let rules = r#"article 3 {
  title zh "半年检测评估" en "Six-monthly assessment"
  text zh "运营者应当每半年至少进行一次网络安全检测和风险评估。"
       en "Operators test and assess risks at least every six months."
  applies when decree_745::cii

  obligation semiannual_assessment {
    bearer decree_745::operator
    requires every 6 months since facility.last_assessment_date
  }
}
"#;
    let dir = pack("sector-duty", "sector", rules);
    let d = dir.to_str().expect("utf-8 path");
    let out = tiaoli(&["check", "--deny-warnings", d]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let (t, out) = eval(&[
        "examples/grid-dispatch.yaml",
        "--pack",
        "policies/decree-745",
        "--pack",
        d,
        "--as-of",
        "2026-01-01",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        t.contains("✗ semiannual_assessment · finance-advice art. 3"),
        "{t}"
    );
    // The regulation's own duty is still there, under its own citation.
    assert!(!t.contains("✗ annual_assessment"), "{t}");
    assert!(t.contains("annual_assessment  decree-745 art. 17"), "{t}");
}

#[test]
fn a_sector_pack_cannot_set_penalties() {
    let rules = r#"article 3 {
  title zh "罚则" en "Penalties"
  text zh "违反的，罚款。" en "A breach is fined."

  penalty sector_fine {
    trigger decree_745::annual_assessment
    measures decree_745::warning
  }
}
"#;
    let dir = pack("sector-penalty", "sector", rules);
    let out = tiaoli(&[
        "check",
        "--format",
        "json",
        dir.to_str().expect("utf-8 path"),
    ]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("a sector pack cannot declare a penalty"), "{t}");
}

#[test]
fn every_sector_example_gets_a_decided_candidate_from_model_rules() {
    // One example facility per sector of art. 2, each decided by its
    // bundled sector pack, which every report marks as model rules.
    for (file, sector_pack, value) in [
        ("examples/telecom-cloud.yaml", "public-communication", "yes"),
        ("examples/grid-dispatch.yaml", "energy", "yes"),
        ("examples/metro-signalling.yaml", "transport", "yes"),
        ("examples/county-waterworks.yaml", "water", "no"),
        ("examples/bank-core.json", "finance", "yes"),
        ("examples/hospital-his.yaml", "public-service", "yes"),
        ("examples/e-gov-platform.yaml", "e-government", "yes"),
        ("examples/defense-plant.yaml", "defense-industry", "yes"),
    ] {
        let (t, out) = eval(&[file, "--as-of", "2026-11-21"]);
        assert_eq!(out.status.code(), Some(0), "{file}: {}", text(&out));
        let candidate = t
            .lines()
            .find(|l| l.trim_start().starts_with("candidate"))
            .unwrap_or_default();
        let words: Vec<&str> = candidate.split_whitespace().collect();
        assert_eq!(words.get(1).copied(), Some(value), "{file}: {candidate}");
        assert!(
            candidate.ends_with(&format!("decided by {sector_pack} (model rules)")),
            "{file}: {candidate}"
        );
    }
}
