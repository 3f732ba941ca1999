//! Rename: the exact edit set (declaration, uses across packs, tests'
//! given keys and expectations), the edited packs still check clean, and
//! every refusal says why.

#![expect(clippy::expect_used, reason = "tests")]

mod nav_support;

use nav_support::{file, fixture, offset_of, policies, word_occurrences};
use tiaoli_ide::{RenameError, TextEdit, prepare_rename, rename};

const FACTS: &str = "policies/decree-745/facts.tiaoli";
const CH3: &str = "policies/decree-745/ch3-operator-duties.tiaoli";

/// The database with the edits applied.
fn apply(db: &mut tiaoli_db::Database, edits: &[TextEdit]) {
    let mut files: Vec<_> = edits.iter().map(|e| e.file).collect();
    files.dedup();
    for f in files {
        let mut text = db.text(f).expect("text").to_string();
        // Back to front, so earlier ranges stay valid.
        for e in edits.iter().filter(|e| e.file == f).rev() {
            text.replace_range(e.range.as_range(), &e.new_text);
        }
        db.set_file_text(f, text);
    }
}

fn errors(db: &tiaoli_db::Database) -> Vec<String> {
    db.diagnostics()
        .expect("not cancelled")
        .into_iter()
        .filter(|d| d.is_error() || d.severity == tiaoli_diagnostics::Severity::Warning)
        .map(|d| format!("{:?} {}", d.code, d.message))
        .collect()
}

#[test]
fn renaming_a_fact_edits_every_occurrence_and_the_packs_still_check() {
    let mut db = policies();
    let before = errors(&db);
    let f = file(&db, FACTS);
    let at = offset_of(&db, f, "fact security_body_established", 8);
    let r = rename(&db, f, at, "security_body_set_up")
        .expect("not cancelled")
        .expect("renamed");
    let expected: Vec<TextEdit> = word_occurrences(&db, "security_body_established")
        .into_iter()
        .map(|(file, range)| TextEdit {
            file,
            range,
            new_text: "security_body_set_up".to_owned(),
        })
        .collect();
    assert_eq!(r.edits, expected);
    let tests = file(&db, "policies/decree-745/tests-duties.tiaoli");
    assert!(
        r.edits.iter().any(|e| e.file == tests),
        "a pack test's given key is edited"
    );
    let note = r.note.expect("a fact's rename has a note");
    assert!(
        note.contains("facility files") && note.contains("not edited"),
        "{note}"
    );
    apply(&mut db, &r.edits);
    assert_eq!(errors(&db), before);
    assert!(word_occurrences(&db, "security_body_established").is_empty());
}

#[test]
fn renaming_a_rule_from_a_trigger_edits_its_declaration_and_tests() {
    let mut db = policies();
    let before = errors(&db);
    let f = file(&db, "policies/decree-745/ch5-liability.tiaoli");
    let at = offset_of(&db, f, "trigger security_system", 8);
    assert_eq!(
        prepare_rename(&db, f, at)
            .expect("not cancelled")
            .map(|r| r.len()),
        Ok("security_system".len())
    );
    let r = rename(&db, f, at, "protection_regime")
        .expect("not cancelled")
        .expect("renamed");
    assert_eq!(r.note, None);
    let expected = word_occurrences(&db, "security_system");
    assert_eq!(
        r.edits
            .iter()
            .map(|e| (e.file, e.range))
            .collect::<Vec<_>>(),
        expected
    );
    apply(&mut db, &r.edits);
    assert_eq!(errors(&db), before);
}

#[test]
fn a_new_name_that_is_not_an_identifier_or_is_a_keyword_is_refused() {
    let db = policies();
    let f = file(&db, CH3);
    let at = offset_of(&db, f, "obligation security_body", 12);
    for bad in ["", "9lives", "a-b", "art5", "two words", "and", "facility"] {
        assert_eq!(
            rename(&db, f, at, bad).expect("not cancelled"),
            Err(RenameError::InvalidName(bad.to_owned())),
            "{bad}"
        );
    }
    for kw in ["obligation", "requires", "title", "given"] {
        let e = rename(&db, f, at, kw)
            .expect("not cancelled")
            .expect_err("refused");
        assert_eq!(e, RenameError::Keyword(kw.to_owned()));
        assert_eq!(
            e.to_string(),
            format!("`{kw}` is a keyword of the language")
        );
    }
}

#[test]
fn a_name_already_taken_is_refused_with_where() {
    let db = policies();
    let f = file(&db, CH3);
    let at = offset_of(&db, f, "obligation security_body", 12);
    let e = rename(&db, f, at, "background_checks")
        .expect("not cancelled")
        .expect_err("a clash");
    assert_eq!(
        e.to_string(),
        "`background_checks` is already the name of an obligation in `policies/decree-745/ch3-operator-duties.tiaoli`"
    );
    // A fact may share a rule's name (another namespace), not another fact's.
    assert!(
        rename(&db, f, at, "security_body_established")
            .expect("not cancelled")
            .is_ok()
    );
    let facts = file(&db, FACTS);
    let fact = offset_of(&db, facts, "fact security_body_established", 6);
    assert!(matches!(
        rename(&db, facts, fact, "background_checks_done").expect("not cancelled"),
        Err(RenameError::Clash { kind: "fact", .. })
    ));
}

#[test]
fn parties_articles_and_variants_are_not_renamed() {
    let db = policies();
    let f = file(&db, CH3);
    let party = offset_of(&db, f, "bearer operator", 9);
    assert_eq!(
        prepare_rename(&db, f, party).expect("not cancelled"),
        Err(RenameError::NotRenamable("a party".to_owned()))
    );
    let article = offset_of(&db, f, "article 12", 8);
    assert!(matches!(
        prepare_rename(&db, f, article).expect("not cancelled"),
        Err(RenameError::NotRenamable(_))
    ));
    let keyword = offset_of(&db, f, "requires", 2);
    assert_eq!(
        prepare_rename(&db, f, keyword).expect("not cancelled"),
        Err(RenameError::NothingHere)
    );
}

#[test]
fn renaming_a_definition_across_files_in_crlf_after_chinese_text() {
    let decl = "fact x: bool {\r\n  zh \"事实甲\"\r\n  en \"fact x\"\r\n}\r\n\r\ndefine 重要 = facility.x\r\n";
    let use_ = "determination d {\r\n  title zh \"认定\" en \"D\" value 重$0要 and 重要\r\n}\r\n";
    let (mut db, f, at) = fixture(&[("p", false, &[("a.tiaoli", decl), ("b.tiaoli", use_)])]);
    let a = file(&db, "a.tiaoli");
    let r = rename(&db, f, at, "关键")
        .expect("not cancelled")
        .expect("renamed");
    let b_text = db.text(f).expect("text");
    let first = b_text.find("重要").expect("use");
    let second = b_text.rfind("重要").expect("use");
    let a_at = db.text(a).expect("text").find("重要").expect("decl");
    let edit = |file, start: usize| TextEdit {
        file,
        range: tiaoli_text::TextRange::new(start, start + "重要".len()),
        new_text: "关键".to_owned(),
    };
    assert_eq!(r.edits, [edit(a, a_at), edit(f, first), edit(f, second)]);
    apply(&mut db, &r.edits);
    assert_eq!(
        db.text(f).expect("text").as_ref(),
        "determination d {\r\n  title zh \"认定\" en \"D\" value 关键 and 关键\r\n}\r\n"
    );
    assert_eq!(errors(&db), Vec::<String>::new());
}
