//! Decree 745 art. 15(3)'s drill interval (定期: no interval in the text) as
//! a user meets it: a sector pack sets it for its sector through the
//! `drill_interval` extension point; where no loaded pack does, the
//! regulation pack's `default 1 year` applies, and `--explain` says which.

#![expect(
    clippy::expect_used,
    reason = "a test that cannot run the binary should fail loudly"
)]

use std::path::{Path, PathBuf};
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

/// A model sector pack, in a fresh temporary folder, that sets a six-month
/// drill interval for finance; and facility files for a bank and a water
/// works, both last drilled on 2025-09-01.
fn fixture(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tiaoli-drill-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("pack")).expect("temp dir");
    let decree = root()
        .join("policies/decree-745")
        .canonicalize()
        .expect("policies/decree-745");
    let manifest = format!(
        r#"[pack]
name = "finance-drills"
version = "0.1.0"
kind = "sector"
effective = "2021-09-01"
model = true

[pack.title]
zh = "金融行业应急演练间隔（测试用示范）"
en = "Finance drill interval (test model)"

[pack.issuer]
zh = "tiaoli 测试"
en = "tiaoli tests"

[dependencies]
decree-745 = {{ version = "^1.0", path = "{}" }}
"#,
        decree.display()
    );
    std::fs::write(dir.join("pack/tiaoli.toml"), manifest).expect("write manifest");
    std::fs::write(
        dir.join("pack/rules.tiaoli"),
        r#"implement decree_745::drill_interval for .finance {
  title zh "金融行业每半年演练一次（测试用）" en "Finance drills every six months (test)"
  source zh "测试用规则，不是主管部门的规定" en "A rule made up for the tests, not a department's"
  decide 6 months
}
"#,
    )
    .expect("write rules");
    for (name, sector) in [("bank", "finance"), ("water", "water")] {
        std::fs::write(
            dir.join(format!("{name}.yaml")),
            format!(
                "id: {name}\nidentified_cii: true\nsector: {sector}\nduty_emergency_plan: true\nlast_emergency_drill_date: 2025-09-01\n"
            ),
        )
        .expect("write facility");
    }
    dir
}

fn eval(dir: &Path, facility: &str, as_of: &str, extra: &[&str]) -> String {
    let pack = dir.join("pack");
    let file = dir.join(facility);
    let mut args = vec![
        "eval",
        file.to_str().expect("utf-8 path"),
        "--pack",
        "policies/decree-745",
        "--pack",
        pack.to_str().expect("utf-8 path"),
        "--as-of",
        as_of,
        "--explain",
    ];
    args.extend_from_slice(extra);
    let out = tiaoli(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    text(&out)
}

#[test]
fn the_sector_pack_checks_clean() {
    let dir = fixture("check");
    let pack = dir.join("pack");
    let out = tiaoli(&[
        "check",
        "--deny-warnings",
        pack.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn a_sector_pack_sets_the_interval_for_its_sector() {
    let dir = fixture("sector");
    // Six months after 2025-09-01 is 2026-03-01, a Sunday: 2026-03-02.
    let t = eval(&dir, "bank.yaml", "2026-04-01", &[]);
    assert!(
        t.contains("✗ emergency_drill  Drill the incident response plan regularly · decree-745 art. 15(1)(3) · due 2026-03-02"),
        "{t}"
    );
    assert!(
        t.contains("drill_interval = 6 months  [decree-745 art15]"),
        "{t}"
    );
    assert!(t.contains("finance-drills (model rules) → 6 months"), "{t}");
    assert!(!t.contains("default (no loaded pack"), "{t}");
    // The other side: within the six months, in time.
    let t = eval(&dir, "bank.yaml", "2026-02-27", &[]);
    assert!(!t.contains("✗ emergency_drill"), "{t}");
    assert!(t.contains("2026-03-02  emergency_drill"), "{t}");
}

#[test]
fn another_sector_gets_the_yearly_default_and_says_so() {
    let dir = fixture("default");
    // The six-month rule is finance's: a water works drilled seven months
    // ago is in time under the default year.
    let t = eval(&dir, "water.yaml", "2026-04-01", &[]);
    assert!(!t.contains("✗ emergency_drill"), "{t}");
    assert!(t.contains("2026-09-01  emergency_drill"), "{t}");
    // Past the year it is overdue, and the explanation names the default.
    let t = eval(&dir, "water.yaml", "2026-09-10", &[]);
    assert!(t.contains("✗ emergency_drill"), "{t}");
    assert!(
        t.contains("drill_interval = 1 year  [decree-745 art15]"),
        "{t}"
    );
    assert!(
        t.contains("default (no loaded pack implements it for this key) → 1 year"),
        "{t}"
    );
    assert!(
        t.contains("reading: The text sets no interval for “regularly”"),
        "{t}"
    );
    let zh = eval(&dir, "water.yaml", "2026-09-10", &["--lang", "zh"]);
    assert!(
        zh.contains("默认值（没有加载的规则包为此键值实现） → 1 year"),
        "{zh}"
    );
    let json = eval(&dir, "water.yaml", "2026-09-10", &["--format", "json"]);
    assert!(
        json.contains(r#""extension":"drill_interval","pack":"decree-745","cite":"art15","value":"1 year","default":"1 year""#),
        "{json}"
    );
}

#[test]
fn an_unknown_sector_is_not_given_the_default() {
    let dir = fixture("unknown");
    std::fs::write(
        dir.join("nosector.yaml"),
        "id: x\nidentified_cii: true\nduty_emergency_plan: true\nlast_emergency_drill_date: 2025-09-01\n",
    )
    .expect("write facility");
    let t = eval(&dir, "nosector.yaml", "2026-04-01", &[]);
    assert!(!t.contains("✗ emergency_drill"), "{t}");
    assert!(!t.contains("default (no loaded pack"), "{t}");
    let line = t
        .lines()
        .skip_while(|l| !l.contains("? emergency_drill"))
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    assert!(line.contains("would be decided by: sector"), "{t}");
}
