//! A pack below the regulation may only tighten it (issue 11 item 8): fill
//! an extension point, add duties of its own; `tiaoli check` names all it
//! touched, and refuses, naming the regulation's rule, what would weaken or
//! replace one (R016, R017).

#![expect(
    clippy::expect_used,
    reason = "a test that cannot run the binary or write its files should fail loudly"
)]

use std::path::PathBuf;

use serde_json::Value;

mod common;
use common::{root, tiaoli};

/// A scratch sector pack depending on the real Decree 745, with `rules` as
/// its one file.
fn sector_pack(name: &str, rules: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tiaoli-tighten-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let decree = root()
        .join("policies/decree-745")
        .canonicalize()
        .expect("policies/decree-745");
    std::fs::write(
        dir.join("tiaoli.toml"),
        format!(
            "[pack]\nname = \"water-test\"\nversion = \"0.1.0\"\nkind = \"sector\"\n\
             effective = \"2021-09-01\"\nmodel = true\n\n[pack.title]\nzh = \"测试\"\nen = \"Test\"\n\n\
             [pack.issuer]\nzh = \"测试\"\nen = \"Test\"\n\n[dependencies]\n\
             decree-745 = {{ version = \"^1.0\", path = \"{}\" }}\n",
            decree.display()
        ),
    )
    .expect("manifest");
    std::fs::write(dir.join("rules.tiaoli"), rules).expect("rules");
    dir
}

const STRICTER: &str = r#"article 1 {
  title zh "更严格的要求" en "A stricter duty"
  text zh "运营者应当每季度开展一次应急演练。" en "The operator drills its emergency plan every quarter."

  obligation quarterly_drill {
    title zh "每季度演练" en "Drill every quarter"
    bearer decree_745::operator
    requires facility.duty_emergency_plan
  }

  exception drill_waived_for_new_systems {
    title zh "新系统首年免于演练" en "New systems are spared the drill in their first year"
    when not facility.identified_cii
    exempts quarterly_drill
  }
}
"#;

#[test]
fn the_bundled_sector_pack_only_fills_its_extension_point() {
    let out = tiaoli(&["check", "policies"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains(
            "energy (sector, model rules): implements decree-745::identification_rules for .energy; adds no duties\n"
        ),
        "{stdout}"
    );
    // The guidance adds duties of its own, beside the regulation's.
    assert!(
        stdout.contains("mps-2020-guidance (guidance): adds obligation mlps_filing"),
        "{stdout}"
    );
}

#[test]
fn a_stricter_duty_and_its_own_exception_are_named() {
    let dir = sector_pack("stricter", STRICTER);
    let path = dir.to_str().expect("utf-8 path");
    let out = tiaoli(&["check", "--deny-warnings", path]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains(
            "water-test (sector, model rules): adds obligation quarterly_drill; \
             sets aside water-test::quarterly_drill (by drill_waived_for_new_systems)"
        ),
        "{stdout}"
    );
    let json = tiaoli(&["check", "--format", "json", path]);
    let doc: Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let t = &doc["touches"][0];
    assert_eq!(t["pack"], "water-test");
    assert_eq!(t["adds"][0]["rule"], "quarterly_drill");
    assert_eq!(t["adds"][0]["article"], 1);
    assert_eq!(t["exempts"][0]["rule"], "quarterly_drill");
    assert_eq!(t["exempts"][0]["pack"], "water-test");
}

#[test]
fn weakening_or_replacing_the_regulation_is_refused_by_name() {
    let weaker = STRICTER
        .replace(
            "exempts quarterly_drill",
            "exempts decree_745::annual_assessment",
        )
        .replace("obligation quarterly_drill", "obligation annual_assessment")
        .replace("title zh \"每季度演练\"", "title zh \"年度评估\"");
    let dir = sector_pack("weaker", &weaker);
    let out = tiaoli(&[
        "check",
        "--format",
        "json",
        dir.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let messages: Vec<(&str, &str)> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or(""),
                d["message"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(
        messages
            .iter()
            .any(|(c, m)| *c == "R016" && m.contains("decree_745::annual_assessment")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|(c, m)| *c == "R017" && m.contains("annual_assessment")),
        "{messages:?}"
    );
}
