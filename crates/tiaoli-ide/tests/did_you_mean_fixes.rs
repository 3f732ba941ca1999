//! Every did-you-mean carries a `Fix` that replaces exactly the misspelt
//! word: applying it gives the intended text, and the diagnostic is gone.

#![expect(clippy::panic, reason = "a test fails by panicking")]

use tiaoli_check::{CheckPack, check};
use tiaoli_diagnostics::{Code, Diagnostic};
use tiaoli_text::FileId;

const SCHEMA: &str = r#"enum Level {
  title zh "级别" en "Level"
  low { zh "低" en "low" }
  high { zh "高" en "high" }
}

record Purchase {
  field amount: money { zh "金额" en "amount" }
}

party operator { zh "运营者" en "operator" }

fact level: Level { zh "级别" en "level" }
fact purchases: list<Purchase> { zh "采购" en "purchases" }
fact identified: bool { zh "认定" en "identified" }
"#;

fn diagnostics(rules: &str) -> Vec<Diagnostic> {
    let schema = tiaoli_syntax::parse(SCHEMA, FileId(0));
    let parsed = tiaoli_syntax::parse(rules, FileId(1));
    let mut out = parsed.diagnostics;
    let pack = CheckPack {
        ident: "fixture".into(),
        is_sector: false,
        authority: Default::default(),
        model: false,
        deps: Vec::new(),
        files: vec![
            (FileId(0), schema.file.into()),
            (FileId(1), parsed.file.into()),
        ],
        has_syntax_errors: !out.is_empty(),
    };
    out.extend(check(&[pack]).diagnostics);
    out
}

/// Applies the one fix of the diagnostic with `code` and returns the text.
fn fixed(rules: &str, code: Code) -> String {
    let all = diagnostics(rules);
    let d = all
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code:?} in {all:#?}"));
    assert_eq!(d.fixes.len(), 1, "{d:#?}");
    let fix = &d.fixes[0];
    assert!(fix.title.starts_with("replace with `"), "{}", fix.title);
    let mut text = rules.to_owned();
    for (file, range, new) in fix.edits.iter().rev() {
        assert_eq!(*file, FileId(1));
        text.replace_range(range.start()..range.end(), new);
    }
    let after = diagnostics(&text);
    assert!(
        !after.iter().any(|d| d.code == code),
        "{code:?} still there after the fix:\n{text}\n{after:#?}"
    );
    text
}

fn rule(body: &str) -> String {
    format!(
        "article 1 {{\n  title zh \"总则\" en \"General\"\n  obligation duty {{\n    title zh \"义务\" en \"Duty\"\n    bearer operator\n    {body}\n  }}\n}}\n"
    )
}

#[test]
fn a_misspelt_fact_after_chinese_text() {
    let text = "define 已认定 = facility.identifeid\n";
    assert_eq!(
        fixed(text, Code::N001),
        "define 已认定 = facility.identified\n"
    );
}

#[test]
fn a_misspelt_name() {
    let text = "define 已认定 = facility.identified\ndefine 二 = 已认宝 and true\n";
    assert!(fixed(text, Code::N001).ends_with("define 二 = 已认定 and true\n"));
}

#[test]
fn a_misspelt_variant() {
    let out = fixed(&rule("requires facility.level == .hihg"), Code::N005);
    assert!(out.contains("facility.level == .high\n"), "{out}");
}

#[test]
fn a_misspelt_field() {
    let out = fixed(
        &rule("requires all(p in facility.purchases: p.amout > 0 CNY)"),
        Code::N006,
    );
    assert!(out.contains("p.amount > 0 CNY"), "{out}");
}

#[test]
fn a_misspelt_party() {
    let out = fixed(
        &rule("requires facility.identified").replace("bearer operator", "bearer operatr"),
        Code::N008,
    );
    assert!(out.contains("bearer operator\n"), "{out}");
}

#[test]
fn a_misspelt_type() {
    let text = "fact 等级: Levl { zh \"等级\" en \"level\" }\n";
    let out = fixed(text, Code::N014);
    assert_eq!(out, "fact 等级: Level { zh \"等级\" en \"level\" }\n");
}

#[test]
fn a_misspelt_keyword() {
    let out = fixed(&rule("requirs facility.identified"), Code::S001);
    assert!(out.contains("    requires facility.identified\n"), "{out}");
}
