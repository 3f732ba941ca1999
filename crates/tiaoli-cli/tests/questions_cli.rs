//! `tiaoli eval --questions` and `tiaoli template` as a user meets them:
//! the missing facts ranked by how many undecided outcomes each decides
//! whichever way it is answered (then by the fines at stake, then by
//! name), the short list to answer first, and a facility file to fill in
//! that evaluates as it is, every fact unknown.

#![expect(
    clippy::expect_used,
    reason = "a test that cannot run the binary or parse its output should fail loudly"
)]

use std::path::PathBuf;
use std::process::Output;

use serde_json::Value as Json;

mod common;
use common::tiaoli;

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tiaoli-questions-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A pack of its own where fact `a` alone decides three obligations, `b`
/// one (and, answered false, one more that also reads `c`), and `m` and
/// `n` each an obligation and the penalty it triggers — `n`'s with the
/// larger fine. And a facility that gives none of them.
fn fixture(test: &str) -> PathBuf {
    let dir = scratch(test);
    std::fs::create_dir_all(dir.join("pack")).expect("pack dir");
    std::fs::write(
        dir.join("pack/tiaoli.toml"),
        r#"[pack]
name = "gates"
version = "0.1.0"
kind = "regulation"
effective = "2021-09-01"

[pack.title]
zh = "门槛"
en = "Gates"

[pack.issuer]
zh = "测试"
en = "Tests"
"#,
    )
    .expect("write manifest");
    std::fs::write(
        dir.join("pack/rules.tiaoli"),
        r#"party operator { zh "运营者" en "operator" }
measure fine { zh "罚款" en "fine" }

meta fact id: text { zh "标识" en "identifier" }
fact a: bool { zh "事实甲" en "fact A" }
fact b: bool { zh "事实乙" en "fact B" }
fact c: bool { zh "事实丙" en "fact C" }
fact m: bool { zh "事实戊" en "fact M" }
fact n: bool { zh "事实己" en "fact N" }

chapter 1 {
  title zh "总则" en "General"
  articles 1..=3
}

article 1 {
  title zh "甲" en "A"
  text zh "甲。" en "A."
  obligation r1 {
    title zh "一" en "One"
    bearer operator
    requires facility.a
  }
  obligation r2 {
    title zh "二" en "Two"
    bearer operator
    requires facility.a
  }
  obligation r3 {
    title zh "三" en "Three"
    bearer operator
    requires facility.a
  }
}

article 2 {
  title zh "乙" en "B"
  text zh "乙。" en "B."
  obligation r4 {
    title zh "四" en "Four"
    bearer operator
    requires facility.b
  }
  obligation r5 {
    title zh "五" en "Five"
    bearer operator
    requires facility.b and facility.c
  }
}

article 3 {
  title zh "罚则" en "Penalties"
  text zh "罚则。" en "Penalties."
  obligation rm {
    title zh "戊" en "M"
    bearer operator
    requires facility.m
  }
  obligation rn {
    title zh "己" en "N"
    bearer operator
    requires facility.n
  }
  penalty pm {
    title zh "戊之罚" en "M's penalty"
    addressee operator
    trigger rm cite art3
    measures fine
    fine operator 100 CNY ..= 1_000 CNY
  }
  penalty pn {
    title zh "己之罚" en "N's penalty"
    addressee operator
    trigger rn cite art3
    measures fine
    fine operator 1_000 CNY ..= 10_000 CNY
  }
}
"#,
    )
    .expect("write rules");
    std::fs::write(dir.join("site.yaml"), "id: site\n").expect("write facility");
    dir
}

fn eval(dir: &std::path::Path, extra: &[&str]) -> Output {
    let pack = dir.join("pack");
    let site = dir.join("site.yaml");
    let mut args = vec![
        "eval",
        site.to_str().expect("utf-8 path"),
        "--pack",
        pack.to_str().expect("utf-8 path"),
        "--as-of",
        "2025-06-01",
    ];
    args.extend_from_slice(extra);
    tiaoli(&args)
}

fn facility(out: &Output) -> Json {
    assert_eq!(out.status.code(), Some(0), "{}", text(out));
    let doc: Json = serde_json::from_slice(&out.stdout).expect("JSON output");
    doc["facilities"][0].clone()
}

fn rules(q: &Json) -> Vec<String> {
    q["decides"]["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .map(|o| {
            format!(
                "{} {}",
                o["kind"].as_str().unwrap_or(""),
                o["rule"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn the_fact_that_decides_most_comes_first_then_the_larger_fine() {
    let dir = fixture("rank");
    let f = facility(&eval(&dir, &["--questions", "--format", "json"]));
    let qs = f["questions"].as_array().expect("questions");
    let order: Vec<&str> = qs
        .iter()
        .map(|q| q["fact"].as_str().unwrap_or(""))
        .collect();
    // a decides three; n and m two each (the obligation and its penalty),
    // n's fine the larger; b one; c none whichever the answer.
    assert_eq!(order, ["a", "n", "m", "b", "c"], "{f:#}");
    assert_eq!(qs[0]["decides"]["count"], 3);
    assert_eq!(
        rules(&qs[0]),
        ["obligation r1", "obligation r2", "obligation r3"]
    );
    assert_eq!(qs[0]["type"], "bool");
    assert_eq!(qs[0]["values"], serde_json::json!(["true", "false"]));
    assert_eq!(qs[0]["description"]["zh"], "事实甲");
    assert_eq!(qs[0]["description"]["en"], "fact A");
    assert_eq!(qs[0]["max_fine"], "0");
    assert_eq!(rules(&qs[1]), ["obligation rn", "penalty pn"]);
    assert_eq!(qs[1]["max_fine"], "10000");
    assert_eq!(qs[2]["max_fine"], "1000");
    // b decides r4 whichever the answer, and r5 only when false.
    assert_eq!(rules(&qs[3]), ["obligation r4"]);
    assert_eq!(qs[3]["may_decide"], 2);
    assert_eq!(qs[4]["decides"]["count"], 0);
    assert_eq!(qs[4]["may_decide"], 1);
    // Answer a, n, m and b to decide 8 of the 9 undecided outcomes.
    let plan = &f["question_plan"];
    assert_eq!(plan["facts"], serde_json::json!(["a", "n", "m", "b"]));
    assert_eq!(plan["decides"], 8);
    assert_eq!(plan["undecided"], 9);
}

#[test]
fn questions_n_caps_the_list_and_the_plan() {
    let dir = fixture("cap");
    let f = facility(&eval(&dir, &["--questions", "2", "--format", "json"]));
    let order: Vec<&str> = f["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| q["fact"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(order, ["a", "n"]);
    assert_eq!(f["question_plan"]["facts"], serde_json::json!(["a", "n"]));
    assert_eq!(f["question_plan"]["decides"], 5);
}

#[test]
fn a_fact_given_is_not_asked_and_a_decided_facility_has_no_questions() {
    let dir = fixture("given");
    std::fs::write(dir.join("site.yaml"), "id: site\na: true\nn: false\n").expect("write");
    let f = facility(&eval(&dir, &["--questions", "--format", "json"]));
    let order: Vec<&str> = f["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| q["fact"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(order, ["m", "b", "c"]);
    std::fs::write(
        dir.join("site.yaml"),
        "id: site\na: true\nb: true\nc: true\nm: true\nn: true\n",
    )
    .expect("write");
    let f = facility(&eval(&dir, &["--questions", "--format", "json"]));
    assert_eq!(f["questions"], serde_json::json!([]));
    assert_eq!(f["question_plan"]["undecided"], 0);
    let out = eval(&dir, &["--questions"]);
    assert!(!text(&out).contains("Questions"), "{}", text(&out));
}

#[test]
fn the_human_report_has_a_questions_section_in_either_language() {
    let dir = fixture("human");
    let out = eval(&dir, &["--questions"]);
    let t = text(&out);
    assert!(
        t.contains(
            "Questions — 9 undecided outcome(s); answer these 4 to decide at least 8: a, n, m, b"
        ),
        "{t}"
    );
    assert!(t.contains("  1. a  bool (true | false) · fact A"), "{t}");
    assert!(
        t.contains("decides 3 whichever the answer: r1, r2, r3"),
        "{t}"
    );
    assert!(
        t.contains("operator's fines at stake: up to CNY 10,000"),
        "{t}"
    );
    let out = eval(&dir, &["--questions", "--lang", "zh"]);
    let t = text(&out);
    assert!(
        t.contains("待补充事实 — 未决结果9项；补充以下4项事实，至少可判定其中8项：a、n、m、b"),
        "{t}"
    );
    assert!(t.contains("  1. a  bool (true | false) · 事实甲"), "{t}");
    assert!(t.contains("无论如何回答均可判定3项：r1、r2、r3"), "{t}");
    // Without --questions, no section.
    let t = text(&eval(&dir, &[]));
    assert!(!t.contains("Questions"), "{t}");
}

#[test]
fn other_formats_refuse_questions() {
    let dir = fixture("formats");
    let out = eval(&dir, &["--questions", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("--questions works with --format human, json or jsonl, not sarif"),
        "{}",
        text(&out)
    );
    let out = eval(&dir, &["--questions", "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let line = String::from_utf8_lossy(&out.stdout)
        .lines()
        .find(|l| l.contains("\"type\":\"facility\""))
        .map(str::to_owned)
        .expect("a facility line");
    let f: Json = serde_json::from_str(&line).expect("JSON line");
    assert_eq!(f["questions"][0]["fact"], "a");
}

#[test]
fn an_example_with_undecided_duties_gets_questions() {
    // bank-core.json leaves out three facts (examples/README.md).
    let out = tiaoli(&[
        "eval",
        "examples/bank-core.json",
        "--as-of",
        "2026-11-21",
        "--questions",
        "--format",
        "json",
    ]);
    let f = facility(&out);
    let qs = f["questions"].as_array().expect("questions");
    let facts: Vec<&str> = qs
        .iter()
        .map(|q| q["fact"].as_str().unwrap_or(""))
        .collect();
    assert!(facts.contains(&"background_checks_done"), "{facts:?}");
    let q = qs
        .iter()
        .find(|q| q["fact"] == "background_checks_done")
        .expect("asked");
    assert!(
        rules(q).contains(&"obligation background_checks".to_owned()),
        "{q:#}"
    );
    // Its purchases are given, one with a field left out: named, not asked.
    assert_eq!(
        f["question_plan"]["incomplete"],
        serde_json::json!(["procurements"])
    );
    assert!(!facts.contains(&"procurements"), "{facts:?}");
    let undecided = f["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .filter(|o| o["status"] == "unknown")
        .count();
    assert!(f["question_plan"]["undecided"].as_u64() >= Some(undecided as u64));
}

#[test]
fn the_template_evaluates_with_every_fact_unknown() {
    let dir = scratch("template");
    let file = dir.join("facility.yaml");
    let path = file.to_str().expect("utf-8 path");
    let out = tiaoli(&["template", "-o", path]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let template = std::fs::read_to_string(&file).expect("written");
    for fact in [
        "# identified_cii:",
        "# last_assessment_date:",
        "# procurements:",
        "# sector:",
    ] {
        assert!(template.contains(fact), "{fact} missing:\n{template}");
    }
    assert!(template.contains("设施"), "no Chinese descriptions");
    assert!(
        template.contains("#     energy — 能源 / energy"),
        "{template}"
    );
    let out = tiaoli(&["eval", path, "--as-of", "2026-11-21", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let doc: Json = serde_json::from_slice(&out.stdout).expect("JSON output");
    assert_eq!(doc["diagnostics"], serde_json::json!([]), "{doc:#}");
    let f = &doc["facilities"][0];
    assert_eq!(f["id"], "my-facility");
    for (name, value) in f["determinations"].as_object().expect("determinations") {
        assert_eq!(value, "unknown", "{name}");
    }
    for o in f["outcomes"].as_array().expect("outcomes") {
        assert_eq!(o["status"], "unknown", "{}", o["rule"]);
    }
    // And it is ready for --questions.
    let out = tiaoli(&[
        "eval",
        path,
        "--as-of",
        "2026-11-21",
        "--questions",
        "--format",
        "json",
    ]);
    let doc: Json = serde_json::from_slice(&out.stdout).expect("JSON output");
    assert!(
        !doc["facilities"][0]["questions"]
            .as_array()
            .expect("questions")
            .is_empty()
    );
}

#[test]
fn every_key_of_the_template_is_a_fact() {
    // Uncomment every key (a null each: warnings for facts that are not
    // optional, never an unknown key or an error).
    let dir = scratch("keys");
    let out = tiaoli(&["template"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let uncommented: String = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let rest = l.strip_prefix("# ").unwrap_or("");
            let key = rest.trim_start_matches(['-', ' ']);
            let is_key = key.ends_with(':')
                && key[..key.len() - 1]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_');
            if is_key {
                rest.to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        uncommented.contains("\nprocurements:\n  - amount_cny:\n"),
        "{uncommented}"
    );
    let file = dir.join("all.yaml");
    std::fs::write(&file, &uncommented).expect("write");
    let out = tiaoli(&[
        "eval",
        file.to_str().expect("utf-8 path"),
        "--as-of",
        "2026-11-21",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let doc: Json = serde_json::from_slice(&out.stdout).expect("JSON output");
    for d in doc["diagnostics"].as_array().expect("diagnostics") {
        assert_eq!(d["code"], "F009", "{d:#}");
    }
}

#[test]
fn the_template_refuses_to_overwrite_without_force() {
    let dir = scratch("force");
    let file = dir.join("facility.yaml");
    std::fs::write(&file, "id: mine\n").expect("write");
    let path = file.to_str().expect("utf-8 path");
    let out = tiaoli(&["template", "-o", path]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("exists"), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "id: mine\n");
    let out = tiaoli(&["template", "-o", path, "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        std::fs::read_to_string(&file)
            .expect("read")
            .contains("# identified_cii:")
    );
}

#[test]
fn the_template_lists_the_facts_of_the_packs_given() {
    let dir = fixture("template-pack");
    let pack = dir.join("pack");
    let out = tiaoli(&["template", "--pack", pack.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let t = String::from_utf8_lossy(&out.stdout);
    assert!(
        t.contains("# a · bool: true | false\n#   事实甲\n#   fact A\n# a:\n"),
        "{t}"
    );
    assert!(!t.contains("identified_cii"), "{t}");
}

#[test]
fn the_readme_shows_the_questions_as_they_are() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README.md");
    let shown = readme
        .split("$ tiaoli eval examples/bank-core.json --as-of 2026-11-21 --questions 3\n…\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("the README's example");
    let out = tiaoli(&[
        "eval",
        "examples/bank-core.json",
        "--as-of",
        "2026-11-21",
        "--questions",
        "3",
    ]);
    let t = String::from_utf8_lossy(&out.stdout);
    let section = t
        .split_once("Questions —")
        .map(|(_, s)| s)
        .expect("a section");
    assert_eq!(
        format!("Questions —{}", section.trim_end()),
        shown.trim_end()
    );
}

/// A pack where a number and a date each gate one obligation at a
/// threshold: below it the obligation does not apply (decided), at or past
/// it it applies and needs `y` (undecided). So neither decides it whichever
/// the answer — which only trying values on both sides of the threshold
/// shows (0 alone, or today alone, would seem to decide it).
#[test]
fn numbers_and_dates_are_tried_on_both_sides_of_the_thresholds() {
    let dir = scratch("thresholds");
    std::fs::create_dir_all(dir.join("pack")).expect("pack dir");
    std::fs::write(
        dir.join("pack/tiaoli.toml"),
        "[pack]\nname = \"thresholds\"\nversion = \"0.1.0\"\nkind = \"regulation\"\neffective = \"2021-09-01\"\n\n[pack.title]\nzh = \"门槛\"\nen = \"Thresholds\"\n\n[pack.issuer]\nzh = \"测试\"\nen = \"Tests\"\n",
    )
    .expect("write manifest");
    std::fs::write(
        dir.join("pack/rules.tiaoli"),
        r#"party operator { zh "运营者" en "operator" }

meta fact id: text { zh "标识" en "identifier" }
fact users: int { zh "用户数" en "users" }
fact since: date { zh "起始日期" en "since" }
fact y: bool { zh "事实" en "y" }

chapter 1 {
  title zh "总则" en "General"
  articles 1..=1
}

article 1 {
  title zh "门槛" en "Thresholds"
  text zh "门槛。" en "Thresholds."
  obligation big {
    title zh "大" en "Big"
    bearer operator
    applies when facility.users >= 1_000_000
    requires facility.y
  }
  obligation old {
    title zh "旧" en "Old"
    bearer operator
    applies when facility.since <= as_of - 1 year
    requires facility.y
  }
}
"#,
    )
    .expect("write rules");
    std::fs::write(dir.join("site.yaml"), "id: site\n").expect("write facility");
    let pack = dir.join("pack");
    let site = dir.join("site.yaml");
    let out = tiaoli(&[
        "eval",
        site.to_str().expect("utf-8 path"),
        "--pack",
        pack.to_str().expect("utf-8 path"),
        "--as-of",
        "2025-06-01",
        "--questions",
        "--format",
        "json",
    ]);
    let f = facility(&out);
    let qs = f["questions"].as_array().expect("questions");
    let find = |fact: &str| {
        qs.iter()
            .find(|q| q["fact"] == fact)
            .unwrap_or_else(|| panic!("{fact} not asked: {f:#}"))
    };
    // users and since decide only some ways; y alone decides nothing
    // (either way, whether the duty applies is still open), so it is not
    // asked.
    let order: Vec<&str> = qs
        .iter()
        .map(|q| q["fact"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(order, ["since", "users"], "{f:#}");
    assert_eq!(f["question_plan"]["facts"], serde_json::json!([]));
    for fact in ["users", "since"] {
        let q = find(fact);
        assert_eq!(q["decides"]["count"], 0, "{q:#}");
        assert_eq!(q["may_decide"], 1, "{q:#}");
        assert_eq!(q["values"], Json::Null);
    }
    assert!(find("users")["tried"].as_u64() >= Some(3));
    let human = |lang: &str| {
        let out = tiaoli(&[
            "eval",
            site.to_str().expect("utf-8 path"),
            "--pack",
            pack.to_str().expect("utf-8 path"),
            "--as-of",
            "2025-06-01",
            "--questions",
            "--lang",
            lang,
        ]);
        text(&out)
    };
    let t = human("en");
    assert!(
        t.contains("Questions — 2 undecided outcome(s); no single missing fact decides any of them whichever way it is answered"),
        "{t}"
    );
    assert!(
        t.contains("  1. since  date · since\n       what it decides depends on the answer: some answers decide 1\n"),
        "{t}"
    );
    let t = human("zh");
    assert!(
        t.contains("待补充事实 — 未决结果2项；没有哪一项缺失事实无论如何回答都能判定其中任一结论"),
        "{t}"
    );
    assert!(t.contains("能否判定取决于答案：部分答案可判定1项"), "{t}");
}

#[test]
fn an_inventory_gets_the_same_questions_for_any_jobs() {
    let run = |jobs: &str| {
        let out = tiaoli(&[
            "eval",
            "examples/inventory.jsonl",
            "--as-of",
            "2026-11-21",
            "--questions",
            "3",
            "--jobs",
            jobs,
        ]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let one = run("1");
    assert!(one.matches("\nQuestions — ").count() > 1, "{one}");
    assert_eq!(one, run("2"));
}
