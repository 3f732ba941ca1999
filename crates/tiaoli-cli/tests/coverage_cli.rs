//! `tiaoli coverage` over the real binary: the JSON over `policies/`
//! against docs/coverage.md (every field documented, every documented field
//! there), totals that add up, touches that agree both ways, and numbers
//! that move when a test is removed from a scratch copy of the packs.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test that cannot run the binary or parse its output should fail loudly"
)]

mod common;
#[path = "support/copy_dir.rs"]
mod copy;
use copy::copy_dir;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value as Json;

const AS_OF: &str = "2026-11-21";

fn coverage_in(dir: &Path, args: &[&str]) -> Json {
    let out = Command::new(env!("CARGO_BIN_EXE_tiaoli"))
        .arg("coverage")
        .args(args)
        .args(["--format", "json", "--as-of", AS_OF])
        .current_dir(dir)
        .output()
        .expect("run tiaoli");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("coverage JSON")
}

/// The fields each section of docs/coverage.md documents (the first cell of
/// each table row under a `## ` heading).
fn documented() -> BTreeMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(common::root().join("docs/coverage.md")).unwrap();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut section = String::new();
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            section = h.trim().to_owned();
        } else if let Some(row) = line.strip_prefix("| `")
            && let Some((field, _)) = row.split_once('`')
        {
            out.entry(section.clone())
                .or_default()
                .insert(field.to_owned());
        }
    }
    out
}

fn keys(v: &Json) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

fn names(v: &Json) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

/// Every object against its section of the page, and the totals and
/// touches against each other.
fn assert_documented_and_consistent(doc: &Json) {
    let d = documented();
    let totals = &d["Totals"];
    let chapter_totals: BTreeSet<String> = totals
        .iter()
        .filter(|k| !k.starts_with("tests"))
        .cloned()
        .collect();
    assert_eq!(keys(doc), d["The document"]);
    assert_eq!(&keys(&doc["totals"]), totals);
    let tests: BTreeMap<String, &Json> = doc["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].as_str().unwrap().to_owned(), t))
        .collect();
    for t in tests.values() {
        assert_eq!(keys(t), d["Test"]);
        let touches: BTreeSet<String> = names(&t["touches"]).into_iter().collect();
        for e in names(&t["expects"]) {
            assert!(touches.contains(&e), "{}: expects {e} untouched", t["name"]);
        }
    }
    let mut all = [0u64; 5];
    let mut touched_by: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in doc["packs"].as_array().unwrap() {
        assert_eq!(keys(p), d["Pack"]);
        let ident = p["ident"].as_str().unwrap();
        let mut sum = [0u64; 5];
        let mut rule = |r: &Json, in_article: bool| {
            assert_eq!(keys(r), d["Rule"]);
            assert_eq!(r["cite"].is_string(), in_article, "{r}");
            let name = format!("{ident}::{}", r["name"].as_str().unwrap());
            for t in names(&r["tests"]) {
                let test = tests.get(&t).unwrap_or_else(|| panic!("no test {t}"));
                assert!(
                    names(&test["touches"]).contains(&name),
                    "{t} is listed under {name} but does not touch it"
                );
                touched_by.entry(name.clone()).or_default().insert(t);
            }
            !r["tests"].as_array().unwrap().is_empty()
        };
        for c in p["chapters"].as_array().unwrap() {
            assert_eq!(keys(c), d["Chapter"]);
            assert_eq!(keys(&c["totals"]), chapter_totals);
            let mut own = [0u64; 5];
            for a in c["articles"].as_array().unwrap() {
                assert_eq!(keys(a), d["Article"]);
                let rules = a["rules"].as_array().unwrap();
                let tested = rules.iter().filter(|r| rule(r, true)).count() as u64;
                let state = match (rules.len(), tested) {
                    (0, _) => "text_only",
                    (_, 0) => "rules",
                    _ => "tested",
                };
                assert_eq!(a["state"], state, "{ident} art{}", a["number"]);
                own[0] += 1;
                own[1] += u64::from(!rules.is_empty());
                own[2] += u64::from(tested > 0);
                own[3] += rules.len() as u64;
                own[4] += tested;
            }
            assert_eq!(counts(&c["totals"]), own, "{ident} chapter {}", c["number"]);
            for (s, o) in sum.iter_mut().zip(own) {
                *s += o;
            }
        }
        for r in p["other_rules"].as_array().unwrap() {
            sum[3] += 1;
            sum[4] += u64::from(rule(r, false));
        }
        let t = &p["totals"];
        assert_eq!(&keys(t), totals);
        assert_eq!(counts(t), sum, "{ident}");
        for (a, s) in all.iter_mut().zip(sum) {
            *a += s;
        }
    }
    let t = &doc["totals"];
    assert_eq!(t["rules"].as_u64().unwrap(), all[3]);
    assert_eq!(t["rules_tested"].as_u64().unwrap(), all[4]);
    assert_eq!(t["tests"].as_u64().unwrap(), tests.len() as u64);
    // The other way round: every rule a test touches lists the test.
    for (name, t) in &tests {
        for r in names(&t["touches"]) {
            assert!(
                touched_by.get(&r).is_some_and(|s| s.contains(name)),
                "{name} touches {r}, which does not list it"
            );
        }
    }
}

/// A totals object's five counts, in the order of docs/coverage.md.
fn counts(t: &Json) -> [u64; 5] {
    [
        "articles",
        "articles_with_rules",
        "articles_tested",
        "rules",
        "rules_tested",
    ]
    .map(|k| t[k].as_u64().unwrap())
}

fn pack<'a>(doc: &'a Json, name: &str) -> &'a Json {
    doc["packs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no pack {name}"))
}

fn article(pack: &Json, number: u64) -> &Json {
    pack["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["articles"].as_array().unwrap())
        .find(|a| a["number"] == number)
        .unwrap()
}

fn rule<'a>(article: &'a Json, name: &str) -> &'a Json {
    article["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap()
}

#[test]
fn policies_coverage_is_documented_and_adds_up() {
    let doc = coverage_in(&common::root(), &[]);
    assert_documented_and_consistent(&doc);
    assert!(doc["legend"].as_str().unwrap().contains("touches"));
    let decree = pack(&doc, "decree-745");
    assert_eq!(decree["totals"]["articles"], 51);
    assert_eq!(decree["chapters"].as_array().unwrap().len(), 6);
    assert_eq!(decree["chapters"][0]["title"]["en"], "General provisions");
    assert_eq!(article(decree, 1)["state"], "text_only");
    let art15 = article(decree, 15);
    assert_eq!(rule(art15, "emergency_drill")["cite"], "art15.1.3");
    // Every test of the packs passes, so every one touches something.
    for t in doc["tests"].as_array().unwrap() {
        assert_eq!(t["result"], "passed", "{}", t["name"]);
        assert!(
            !t["touches"].as_array().unwrap().is_empty(),
            "{}",
            t["name"]
        );
    }
    // A test names its facility's sector: the energy rules are touched by
    // the energy pack's tests of energy facilities, never by its tests of
    // another sector's.
    let by = names(&implementation(pack(&doc, "energy"))["tests"]);
    let text = std::fs::read_to_string(common::root().join("policies/sectors/energy/tests.tiaoli"))
        .unwrap();
    let (mut own, mut other) = (0, 0);
    for (name, body) in tests_of(&text) {
        let listed = by.contains(&format!("energy::{name}"));
        if body.contains("sector = .energy") {
            own += 1;
            assert!(listed, "{name}");
        } else if body.contains("sector = .") {
            other += 1;
            assert!(!listed, "{name}");
        }
    }
    assert!(own > 0 && other > 0, "{own} {other}");
}

/// The implementation among a sector pack's rules in no article.
fn implementation(pack: &Json) -> &Json {
    pack["other_rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "implementation")
        .unwrap()
}

/// A tests file's tests: (name, the text from its name to the next test).
fn tests_of(text: &str) -> Vec<(String, String)> {
    text.split("\ntest \"")
        .skip(1)
        .map(|t| {
            let (name, _) = t.split_once('"').unwrap();
            (name.to_owned(), format!("test \"{t}"))
        })
        .collect()
}

#[test]
fn human_report_has_the_legend_articles_and_totals() {
    let out = common::tiaoli(&["coverage", "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("tiaoli coverage · packs: decree-745 1.0.0"));
    assert!(text.contains("A test touches the rules its expectations name"));
    assert!(text.contains("\ndecree-745 1.0.0 — 51 articles, "));
    assert!(text.contains("    art1    text only\n"));
    assert!(text.contains("✓ obligation emergency_drill art15.1.3 · "));
    assert!(text.contains("  rules in no article\n"));
    assert!(text.contains("\ntotal: "));
}

/// `text` without the tests whose names contain `needle` (a test runs from
/// its `test "` line to the next `}` at the start of a line).
fn without_tests(text: &str, needle: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in text.lines() {
        if line.starts_with("test \"") && line.contains(needle) {
            skipping = true;
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
        if skipping && line == "}" {
            skipping = false;
        }
    }
    out
}

#[test]
fn removing_tests_makes_their_rules_untested() {
    let tmp = tempfile::tempdir().unwrap();
    let root = common::root();
    let policies = tmp.path().join("policies");
    copy_dir(
        &root.join("policies/decree-745"),
        &policies.join("decree-745"),
    );
    copy_dir(
        &root.join("policies/sectors/energy"),
        &policies.join("sectors/energy"),
    );
    let before = coverage_in(tmp.path(), &[]);
    assert_documented_and_consistent(&before);
    let decree = pack(&before, "decree-745");
    let supervision = rule(article(decree, 20), "provider_supervision");
    assert_eq!(supervision["tests"].as_array().unwrap().len(), 2);
    let energy_rules = implementation(pack(&before, "energy"));
    assert!(!energy_rules["tests"].as_array().unwrap().is_empty());

    // The two tests of art. 20's supervision duty go: it is untested, and
    // only it (its article still is, through its other rule).
    let duties = policies.join("decree-745/tests-duties.tiaoli");
    let text = std::fs::read_to_string(&duties).unwrap();
    let fewer = without_tests(&text, "supervision duty");
    assert_eq!(
        fewer.matches("test \"").count() + 2,
        text.matches("test \"").count()
    );
    std::fs::write(&duties, fewer).unwrap();
    // Every energy test of an energy facility goes: the energy rules are
    // untested though the pack's tests of other sectors are left.
    let tests = policies.join("sectors/energy/tests.tiaoli");
    let text = std::fs::read_to_string(&tests).unwrap();
    let others: Vec<String> = tests_of(&text)
        .into_iter()
        .filter(|(_, body)| !body.contains("sector = .energy"))
        .map(|(_, body)| body)
        .collect();
    assert!(!others.is_empty());
    std::fs::write(&tests, others.concat()).unwrap();
    // energy is locked to decree-745 as it was: coverage refuses the edited
    // one (M015) until the change is locked, as an author would.
    let stale = Command::new(env!("CARGO_BIN_EXE_tiaoli"))
        .args(["coverage", "--as-of", AS_OF])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(stale.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&stale.stdout).contains("M015"));
    let lock = Command::new(env!("CARGO_BIN_EXE_tiaoli"))
        .arg("lock")
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(lock.status.code(), Some(0), "{lock:?}");

    let after = coverage_in(tmp.path(), &[]);
    assert_documented_and_consistent(&after);
    let decree_after = pack(&after, "decree-745");
    let art20 = article(decree_after, 20);
    assert_eq!(
        rule(art20, "provider_supervision")["tests"],
        Json::Array(vec![])
    );
    assert_eq!(art20["state"], "tested");
    assert_eq!(
        decree_after["totals"]["rules_tested"].as_u64().unwrap() + 1,
        decree["totals"]["rules_tested"].as_u64().unwrap()
    );
    let energy = pack(&after, "energy");
    assert_eq!(energy["totals"]["tests"], others.len());
    assert_eq!(energy["totals"]["rules_tested"], 0);
    assert_eq!(implementation(energy)["tests"], Json::Array(vec![]));

    // The human report says so too.
    let out = Command::new(env!("CARGO_BIN_EXE_tiaoli"))
        .args(["coverage", "--as-of", AS_OF, "policies/sectors/energy"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("✗ implementation identification_rules for .energy · untested"),
        "{text}"
    );
    assert!(text.contains("✗ obligation provider_supervision art20 · untested"));
}

#[test]
fn a_pack_with_errors_gives_exit_1() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("broken.tiaoli"),
        "article 1 {\n  title zh \"x\" en \"x\"\n  text zh \"x\" en \"x\"\n  obligation o { requires facility.nope }\n}\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tiaoli"))
        .args(["coverage", "broken.tiaoli"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the rule packs have the errors above"));
    // The errors, as `tiaoli test` shows them; no report.
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("unknown fact"), "{shown}");
    assert!(!shown.contains("tiaoli coverage"));
}
