//! Definition keys survive edits that leave the declarations alone; ids
//! do not.
#![expect(clippy::expect_used, reason = "tests fail loudly")]

use tiaoli_check::{Authority, CheckPack, DefKey, Model, Namespace, SymbolId, check};
use tiaoli_syntax::parse;
use tiaoli_text::FileId;

const PACK: &str = r#"
party operator { zh "运营者" en "operator" }

fact reported: bool { zh "已报告" en "reported" }
fact amount: money { zh "金额" en "amount" }

define large = facility.amount > 100 CNY

article 1 {
  title zh "报告" en "Reporting"
  text zh "应当报告。" en "Report."
  obligation report {
    title zh "报告" en "Report"
    bearer operator
    requires facility.reported or large
  }
}
"#;

fn model_of(text: &str) -> Model {
    let pack = CheckPack {
        ident: "reg".to_owned(),
        is_sector: false,
        authority: Authority::Regulation,
        model: false,
        deps: Vec::new(),
        files: vec![(FileId(0), parse(text, FileId(0)).file.into())],
        has_syntax_errors: false,
    };
    check(&[pack]).model
}

fn keys(model: &Model) -> Vec<DefKey> {
    (0..model.symbols.len() as u32)
        .map(|i| {
            model
                .key(SymbolId(i))
                .expect("every symbol has a key")
                .clone()
        })
        .collect()
}

#[test]
fn an_edit_inside_a_body_keeps_every_key() {
    let before = model_of(PACK);
    let after = model_of(&PACK.replace("> 100 CNY", "> 2_000 CNY + 1 CNY"));
    assert_eq!(keys(&before), keys(&after));
}

#[test]
fn a_new_declaration_renumbers_ids_but_not_keys() {
    let before = model_of(PACK);
    let after = model_of(&PACK.replacen(
        "party operator",
        "fact first: bool { zh \"新\" en \"new\" }\nparty operator",
        1,
    ));
    assert_eq!(after.symbols.len(), before.symbols.len() + 1);
    let mut moved = 0;
    for (i, key) in keys(&before).iter().enumerate() {
        let old = SymbolId(i as u32);
        let new = after.by_key(key).expect("the key is still there");
        let (a, b) = (before.symbol(old), after.symbol(new));
        assert_eq!((&a.name, a.kind), (&b.name, b.kind));
        moved += usize::from(old != new);
    }
    assert!(moved > 0, "ids moved, so the keys did the work");
}

#[test]
fn keys_name_pack_namespace_and_name() {
    let model = model_of(PACK);
    let id = model.packs[0].values["report"];
    assert_eq!(
        model.key(id),
        Some(&DefKey {
            pack: "reg".to_owned(),
            ns: Namespace::Values,
            name: "report".to_owned(),
            disambiguator: 0,
        })
    );
    assert_eq!(model.by_key(model.key(id).expect("a key")), Some(id));
    assert_eq!(model.key(SymbolId(u32::MAX)), None);
}

/// A duplicate (reported) gets the next disambiguator, so both keep a key.
#[test]
fn duplicates_are_told_apart() {
    let model = model_of(&format!(
        "{PACK}\nfact reported: bool {{ zh \"再\" en \"again\" }}\n"
    ));
    let key = |d| DefKey {
        pack: "reg".to_owned(),
        ns: Namespace::Facts,
        name: "reported".to_owned(),
        disambiguator: d,
    };
    let (first, second) = (model.by_key(&key(0)), model.by_key(&key(1)));
    assert!(first.is_some() && second.is_some() && first != second);
}
