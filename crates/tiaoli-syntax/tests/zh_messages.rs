//! Every diagnostic of the syntax phase is written in Chinese as well as in
//! English (`--lang zh`): its message, each label and the help.

#![expect(clippy::panic, reason = "a test that finds no diagnostic fails loudly")]

use tiaoli_diagnostics::{Code, Diagnostic, Msg};
use tiaoli_syntax::parse;
use tiaoli_text::FileId;

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A text with words in it is translated: its Chinese differs from its
/// English and has Chinese characters.
fn assert_translated(what: &str, m: &Msg) {
    assert!(
        m.zh() != m.en() && has_cjk(m.zh()),
        "{what} has no Chinese text: en {:?}, zh {:?}",
        m.en(),
        m.zh()
    );
}

fn diagnostics(text: &str) -> Vec<Diagnostic> {
    let p = parse(text, FileId(0));
    assert!(!p.diagnostics.is_empty(), "no diagnostic for {text:?}");
    p.diagnostics
}

fn assert_all_translated(text: &str) -> Vec<Diagnostic> {
    let ds = diagnostics(text);
    for d in &ds {
        assert_translated(&format!("{} message", d.code.as_str()), &d.message);
        for l in &d.labels {
            assert_translated(&format!("{} label", d.code.as_str()), &l.message);
        }
        for h in d.help.iter().chain(&d.notes) {
            assert_translated(&format!("{} help", d.code.as_str()), h);
        }
    }
    ds
}

fn find(ds: &[Diagnostic], code: Code) -> &Diagnostic {
    ds.iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code:?} in {ds:?}"))
}

#[test]
fn a_syntax_error_reads_in_chinese() {
    let ds = assert_all_translated("define x = \n");
    let d = find(&ds, Code::S001);
    assert_eq!(d.message.en(), "expected an expression");
    assert_eq!(d.message.zh(), "应为表达式");
    assert_eq!(
        d.primary().expect("a primary label").message.zh(),
        "条目在此结束"
    );
}

#[test]
fn alternatives_are_joined_in_chinese() {
    let ds = assert_all_translated("fact a: bool { zh \"甲\" en \"a\" } x\n");
    let d = find(&ds, Code::S001);
    assert!(d.message.en().starts_with("expected "), "{:?}", d.message);
    assert!(d.message.zh().starts_with("应为"), "{:?}", d.message.zh());
    assert!(!d.message.zh().contains(" or "), "{:?}", d.message.zh());
}

#[test]
fn lexical_errors_read_in_chinese() {
    let ds = assert_all_translated("fact a：bool { zh \"甲\" en \"a\" }\n");
    let d = find(&ds, Code::S010);
    assert_eq!(
        d.message.en(),
        "found the full-width colon '：' (U+FF1A); use ':'"
    );
    assert_eq!(d.message.zh(), "发现全角冒号 '：'（U+FF1A），请使用 ':'");
    assert_all_translated("party a { zh \"甲 }\nparty b { zh \"乙\" en \"b\" }\n");
    assert_all_translated("party a { zh \"甲\" en \"a\"\n");
    assert_all_translated("party a { zh \"甲\" en \"a\" }}\n");
}

#[test]
fn literal_errors_read_in_chinese() {
    let ds = assert_all_translated("article 0 { title zh \"甲\" en \"a\" }\n");
    assert_eq!(find(&ds, Code::S005).message.zh(), "第 0 条不存在");
    assert_all_translated("define x = 1.234 CNY\n");
    assert_all_translated("define x = \"a\\q\"\n");
    assert_all_translated("define x = 99999999999999999999\n");
    assert_all_translated("party a { zh \"甲\" zh \"乙\" en \"a\" }\n");
}
