//! `tiaoli diff OLD NEW [--facilities FILE]` over the real binary: a copy of
//! Decree 745 edited as a new version might be (a duty's period shortened,
//! two articles' texts swapped), compared with the original, with and
//! without facilities; and what it refuses.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a test that cannot run the binary or write its files should fail loudly"
)]

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
#[path = "support/copy_dir.rs"]
mod copy;
use common::{root, tiaoli};
use copy::copy_dir;

/// A copy of `policies/decree-745` with `edit` applied to its files.
fn edited_decree(name: &str, edit: impl Fn(&Path)) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tiaoli-diff-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let to = dir.join("decree-745");
    copy_dir(&root().join("policies/decree-745"), &to);
    edit(&to);
    to
}

fn replace(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("read");
    assert!(text.contains(from), "{} has no {from:?}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).expect("write");
}

/// The text of `article N { … }` in `text` (up to the next article).
fn article_block(text: &str, n: u32) -> (usize, usize) {
    let start = text
        .find(&format!("\narticle {n} {{"))
        .unwrap_or_else(|| panic!("article {n}"))
        + 1;
    let end = text[start + 1..]
        .find("\narticle ")
        .map_or(text.len(), |i| start + 1 + i + 1);
    (start, end)
}

/// A new version: a duty's period shortened (art. 17), and the texts of
/// arts. 23 and 24 swapped (each under the other's number).
fn new_version() -> PathBuf {
    edited_decree("new", |dir| {
        let ch3 = dir.join("ch3-operator-duties.tiaoli");
        replace(
            &ch3,
            "requires every 1 year since facility.last_assessment_date, first within 1 year after facility.identification_date",
            "requires every 6 months since facility.last_assessment_date, first within 6 months after facility.identification_date",
        );
        let ch4 = dir.join("ch4-support.tiaoli");
        let text = std::fs::read_to_string(&ch4).expect("read");
        let (a, b) = (article_block(&text, 23), article_block(&text, 24));
        assert_eq!(a.1, b.0, "articles 23 and 24 are adjacent");
        let art23 = &text[a.0..a.1];
        let art24 = &text[b.0..b.1];
        let swapped = format!(
            "{}{}{}{}",
            &text[..a.0],
            art24.replacen("article 24 {", "article 23 {", 1),
            art23.replacen("article 23 {", "article 24 {", 1),
            &text[b.1..]
        );
        std::fs::write(&ch4, swapped).expect("write");
        let toml = dir.join("tiaoli.toml");
        replace(&toml, "version = \"1.0.0\"", "version = \"1.1.0\"");
    })
}

#[test]
fn a_pack_against_itself_has_no_changes() {
    let out = tiaoli(&[
        "diff",
        "policies/decree-745",
        "policies/decree-745",
        "--lang",
        "en",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("articles: 51 → 51; 51 the same, 0 changed, 0 moved, 0 added, 0 removed"),
        "{stdout}"
    );
    assert!(stdout.contains("0 changed, 0 added, 0 removed"), "{stdout}");
}

#[test]
fn articles_and_rules_changed_moved_and_added_are_named() {
    let new = new_version();
    let new = new.to_str().expect("utf-8 path");
    let out = tiaoli(&["diff", "policies/decree-745", new, "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["new"]["version"], "1.1.0");
    let articles = doc["articles"].as_array().expect("articles");
    // Arts. 23 and 24 swapped texts: two moves, not two changes.
    let moved: Vec<(u64, u64)> = articles
        .iter()
        .filter(|a| a["change"] == "moved")
        .map(|a| {
            (
                a["from"].as_u64().expect("from"),
                a["to"].as_u64().expect("to"),
            )
        })
        .collect();
    assert_eq!(moved, vec![(24, 23), (23, 24)], "{articles:#?}");
    assert_eq!(articles.len(), 2, "{articles:#?}");
    let rules = doc["rules"].as_array().expect("rules");
    let annual = rules
        .iter()
        .find(|r| r["rule"] == "annual_assessment")
        .expect("annual_assessment changed");
    assert_eq!(annual["change"], "changed");
    assert_eq!(annual["body_changed"], true);
    assert_eq!(rules.len(), 1, "{rules:#?}");
    assert_eq!(doc["same"]["articles"], 49);
    assert_eq!(doc["same"]["rules"], 46);
}

#[test]
fn facilities_whose_outcomes_change_and_how() {
    let new = new_version();
    let new = new.to_str().expect("utf-8 path");
    let args = [
        "diff",
        "policies/decree-745",
        new,
        "--facilities",
        "examples/inventory.jsonl",
        "--as-of",
        "2026-12-01",
        "--format",
        "json",
    ];
    let out = tiaoli(&args);
    // The inventory's two bad records are reported and make the exit 1.
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let f = &doc["facilities"];
    assert_eq!(f["compared"], 48);
    assert_eq!(f["not_evaluated"], 2);
    let codes: Vec<&str> = f["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, ["F005", "F003"]);
    let changed = f["changed"].as_array().expect("changed");
    // inv-003 was assessed 8 to 12 months before the as-of date: on time
    // yearly, late half-yearly, so art. 39's penalty is now triggered.
    let inv3 = changed
        .iter()
        .find(|c| c["id"] == "inv-003")
        .expect("inv-003 changed");
    let changes = inv3["changes"].as_array().expect("changes");
    assert!(
        changes.iter().any(|c| c["what"] == "duty"
            && c["rule"] == "annual_assessment"
            && c["old"] == "satisfied"
            && c["new"] == "violated"),
        "{changes:#?}"
    );
    // Every change is of a rule the new version touched or what follows from it.
    for c in changed
        .iter()
        .flat_map(|c| c["changes"].as_array().into_iter().flatten())
    {
        let rule = c["rule"].as_str().expect("rule");
        assert!(
            ["annual_assessment", "general_noncompliance"].contains(&rule),
            "unexpected change: {c}"
        );
    }
    // The human report says the same.
    let human = tiaoli(&args[..7]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("inv-003"), "{text}");
    assert!(
        text.contains("duty annual_assessment: satisfied → violated"),
        "{text}"
    );
    assert!(String::from_utf8_lossy(&human.stderr).contains("F005"));
}

#[test]
fn a_folder_of_several_packs_is_refused() {
    let out = tiaoli(&["diff", "policies", "policies/decree-745"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("diff compares one pack with another"),
        "{stderr}"
    );
}

#[test]
fn a_pack_with_errors_is_reported_not_compared() {
    let broken = edited_decree("broken", |dir| {
        replace(
            &dir.join("ch3-operator-duties.tiaoli"),
            "requires facility.assessment_issues_rectified",
            "requires facility.assessment_issues_rectifed",
        );
    });
    let out = tiaoli(&[
        "diff",
        "policies/decree-745",
        broken.to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    // The errors are shown as `tiaoli eval` shows them, and nothing is compared.
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("assessment_issues_rectifed"), "{stdout}");
    assert!(
        stderr.contains("the rule packs have the errors above"),
        "{stderr}"
    );
    assert!(!stdout.contains("diff:"), "{stdout}");
}

#[test]
fn the_2017_draft_against_decree_745_on_the_examples_inventory() {
    let out = tiaoli(&[
        "diff",
        "policies/draft-2017",
        "policies/decree-745",
        "--facilities",
        "examples/inventory.jsonl",
        "--as-of",
        "2026-12-01",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the inventory's two bad records"
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["old"]["pack"], "draft-2017");
    assert_eq!(doc["old"]["articles"], 55);
    assert_eq!(doc["new"]["articles"], 51);
    let articles = doc["articles"].as_array().expect("articles");
    // The draft's art. 53 (state secrets and cryptography) is the decree's
    // art. 50, nearly word for word.
    let secrets = articles
        .iter()
        .find(|a| a["change"] == "moved" && a["to"] == 50)
        .expect("art. 50 moved");
    assert_eq!(secrets["from"], 53);
    assert!(secrets["alike"].as_f64().expect("alike") > 0.9);
    // `cii` is the draft's art. 19 determination and the decree's art. 10.
    let cii = doc["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["rule"] == "cii")
        .expect("cii");
    assert_eq!(cii["article"]["old"], 19);
    assert_eq!(cii["article"]["new"], 10);
    let f = &doc["facilities"];
    assert_eq!(f["compared"], 48);
    // Under the decree every facility gets art. 9's candidate determination.
    let changed = f["changed"].as_array().expect("changed");
    assert_eq!(changed.len(), 48);
    assert!(changed.iter().all(|c| {
        c["changes"].as_array().is_some_and(|cs| {
            cs.iter()
                .any(|x| x["rule"] == "candidate" && x["old"].is_null())
        })
    }));
}
