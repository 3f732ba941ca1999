//! `tiaoli explain` with a paragraph or item citation (issue 9, D18): what
//! exists is shown (the article, the cited part marked `▶`); what does not
//! exist is refused with exit 2 and a message naming it.

#![expect(clippy::expect_used)]

mod common;

use common::tiaoli;

fn explain(arg: &str) -> (Option<i32>, String, String) {
    let out = tiaoli(&["explain", arg]);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn citations_that_do_not_exist_are_refused() {
    for (arg, says) in [
        ("art17.9", "paragraph 9 of article 17 does not exist"),
        ("art39.2", "paragraph 2 of article 39 does not exist"),
        (
            "art39.1.99",
            "item 99 of paragraph 1 of article 39 does not exist",
        ),
        ("art17.x", "`x` is not a paragraph number"),
        ("art39.1.x", "`x` is not an item number"),
        ("art17.1.1.1", "`art17.1.1.1` is not a citation"),
        ("art17.", "`` is not a paragraph number"),
    ] {
        let (code, stdout, stderr) = explain(arg);
        assert_eq!(code, Some(2), "`explain {arg}` exits 2: {stdout}{stderr}");
        assert!(
            stdout.is_empty(),
            "`explain {arg}` prints no article: {stdout}"
        );
        assert!(
            stderr.contains(says),
            "`explain {arg}` says {says:?}: {stderr}"
        );
    }
}

#[test]
fn an_article_is_shown_whole_and_unmarked() {
    let (code, stdout, stderr) = explain("art17");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("第17条"), "{stdout}");
    assert!(!stdout.contains('▶'), "{stdout}");
}

#[test]
fn a_paragraph_is_shown_marked() {
    let (code, stdout, stderr) = explain("art39.1");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("第39条"), "{stdout}");
    assert!(stdout.contains("▶ cited: art. 39(1)"), "{stdout}");
    assert!(stdout.contains("▶ ¶1"), "{stdout}");
    assert_eq!(stdout.matches('▶').count(), 2, "{stdout}");
}

#[test]
fn an_item_is_shown_marked() {
    let (code, stdout, stderr) = explain("art39.1.8");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("▶ cited: art. 39(1)(8)"), "{stdout}");
    let marked: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains('▶') && !l.contains("cited"))
        .collect();
    assert_eq!(marked.len(), 1, "{stdout}");
    assert!(marked[0].contains("（八）"), "{marked:?}");
    // The rest of the article is still there, unmarked.
    assert!(stdout.contains("（一）"), "{stdout}");
}

#[test]
fn a_qualified_item_citation_is_checked_too() {
    let (code, _, stderr) = explain("decree-745::art39.1.99");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("item 99 of paragraph 1 of article 39"),
        "{stderr}"
    );
    let (code, stdout, stderr) = explain("decree-745::art39.1.8");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("▶ cited"), "{stdout}");
}

#[test]
fn a_fact_is_explained_with_its_type_descriptions_and_readers() {
    for arg in ["last_assessment_date", "facility.last_assessment_date"] {
        let (code, out, err) = explain(arg);
        assert_eq!(code, Some(0), "{arg}: {err}");
        assert!(
            out.starts_with("fact `last_assessment_date` (decree_745)"),
            "{out}"
        );
        assert!(
            out.contains("最近一次网络安全检测和风险评估"),
            "the Chinese description: {out}"
        );
        assert!(out.contains("read by:"), "{out}");
        assert!(
            out.contains("obligation annual_assessment (art17)"),
            "{out}"
        );
    }
    let zh = tiaoli(&["explain", "sector", "--lang", "zh"]);
    let zh = String::from_utf8_lossy(&zh.stdout);
    assert!(zh.starts_with("事实 `sector`"), "{zh}");
}

#[test]
fn a_pack_is_explained_with_its_manifest_and_contents() {
    let (code, out, err) = explain("energy");
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("energy 0."), "{out}");
    assert!(out.contains("model rules"), "{out}");
    assert!(out.contains("depends on decree-745"), "{out}");
    let (code, out, _) = explain("decree-745");
    assert_eq!(code, Some(0));
    assert!(out.contains("51 articles"), "{out}");
    let (code, _, err) = explain("no_such_thing_at_all");
    assert_eq!(code, Some(2));
    assert!(err.contains("nor a fact or a pack"), "{err}");
}
