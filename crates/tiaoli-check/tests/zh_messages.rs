//! Every text the checker writes (message, labels, help, notes) is
//! bilingual: the Chinese differs from the English and is Chinese, while the
//! English stays what it was. Checked on a few representative diagnostics
//! word for word, then on everything the bad-input corpus (`tests/corpus/`)
//! and deliberately broken copies of the bundled packs make the checker say.
#![expect(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tiaoli_check::{Authority, CheckPack, check};
use tiaoli_diagnostics::{Code, Diagnostic, Msg};
use tiaoli_text::FileId;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// One file checked as a pack of its own.
fn check_text(text: &str) -> Vec<Diagnostic> {
    let parsed = tiaoli_syntax::parse(text, FileId(0));
    assert!(
        parsed.diagnostics.is_empty(),
        "fixture does not parse: {:?}",
        parsed.diagnostics
    );
    let pack = CheckPack {
        ident: "fixture".to_owned(),
        is_sector: false,
        authority: Authority::Regulation,
        model: false,
        deps: Vec::new(),
        files: vec![(FileId(0), Arc::new(parsed.file))],
        has_syntax_errors: false,
    };
    check(&[pack]).diagnostics
}

fn find(ds: &[Diagnostic], code: Code) -> &Diagnostic {
    ds.iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code:?} in {ds:#?}"))
}

fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Every text of `d`, with what it is.
fn texts(d: &Diagnostic) -> Vec<(&'static str, &Msg)> {
    let mut out = vec![("message", &d.message)];
    out.extend(d.labels.iter().map(|l| ("label", &l.message)));
    out.extend(d.help.iter().map(|h| ("help", h)));
    out.extend(d.notes.iter().map(|n| ("note", n)));
    out
}

/// The texts of `ds` that are not bilingual, described for a failure.
fn untranslated(origin: &str, ds: &[Diagnostic]) -> Vec<String> {
    let mut bad = Vec::new();
    for d in ds {
        for (what, m) in texts(d) {
            if m.zh() == m.en() || !has_chinese(m.zh()) {
                bad.push(format!(
                    "{origin}: {} {what}: en {:?}, zh {:?}",
                    d.code.as_str(),
                    m.en(),
                    m.zh()
                ));
            }
        }
    }
    bad
}

#[test]
fn representative_diagnostics_read_in_both_languages() {
    let ds = check_text(
        r#"fact budget: money { zh "年度安全预算" en "annual security budget" }
fact assessed: date { zh "上次检测评估日期" en "date of the last assessment" }
determination ok {
  title zh "预算充足" en "adequate budget"
  value facility.budgt > 0 CNY or facility.budget > facility.assessed or mystery
}
"#,
    );

    let unknown = find(&ds, Code::N001);
    assert_eq!(unknown.message, "unknown fact `budgt`");
    assert_eq!(unknown.message.zh(), "未知的事实 `budgt`");
    assert_eq!(unknown.labels[0].message.zh(), "没有声明此名称的事实");
    let help = unknown.help.as_ref().expect("a did-you-mean");
    assert_eq!(help.en(), "did you mean `budget`?");
    assert!(has_chinese(help.zh()), "{help:?}");

    let mismatch = find(&ds, Code::T002);
    assert_eq!(mismatch.message, "cannot compare `money` with `date`");
    assert_eq!(mismatch.message.zh(), "不能将 `money` 与 `date` 比较");
    let labels: Vec<&str> = mismatch.labels.iter().map(|l| l.message.zh()).collect();
    assert_eq!(labels, ["这是 `date`", "这是 `money`"]);

    let unresolved = ds
        .iter()
        .find(|d| d.message == "unresolved name `mystery`")
        .expect("N001 for `mystery`");
    assert_eq!(unresolved.message.zh(), "无法解析的名称 `mystery`");

    // A message assembled from parts: the kind of symbol is translated too.
    let ds = check_text(
        r#"party operator { zh "运营者" en "operator" }
article 1 {
  title zh "检测" en "Assessment"
  text zh "运营者应当每年进行检测评估。" en "Operators assess every year."
  obligation assess {
    bearer operator
    requires true
  }
  define twice: bool = assess
}
chapter 1 {
  title zh "总则" en "General"
  articles 1..=1
}
"#,
    );
    let kind = find(&ds, Code::T007);
    assert_eq!(kind.message, "`assess` is a obligation, not a value");
    assert_eq!(kind.message.zh(), "`assess` 是义务，不是值");
    assert_eq!(
        kind.help.as_ref().map(Msg::zh),
        Some("请使用 `violated(assess)`、`satisfied(assess)` 或 `applies(assess)`")
    );
    assert!(untranslated("fixture", &ds).is_empty());
}

/// The corpus cases: `NNN-name.tiaoli` files and `NNN-name/` folders.
fn corpus_cases() -> Vec<PathBuf> {
    let dir = Path::new(ROOT).join("tests/corpus");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/corpus exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "tiaoli"))
        .collect();
    cases.sort();
    cases
}

/// What the checker says about loaded packs: its own diagnostics and the
/// days-in-force ones (M010–M012) it adds while loading; not the parser's
/// or the manifest reader's, which other crates write.
fn checker_diagnostics(ws: &tiaoli_workspace::Workspace) -> Vec<Diagnostic> {
    let in_force = [Code::M010, Code::M011, Code::M012];
    let mut ds: Vec<Diagnostic> = ws
        .diagnostics
        .iter()
        .filter(|d| in_force.contains(&d.code))
        .cloned()
        .collect();
    ds.extend(ws.check().diagnostics);
    ds
}

#[test]
fn every_corpus_diagnostic_is_bilingual() {
    let mut bad = Vec::new();
    let mut codes = BTreeSet::new();
    let mut count = 0;
    for case in corpus_cases() {
        let ws = tiaoli_workspace::load(&tiaoli_workspace::Disk, std::slice::from_ref(&case))
            .expect("the case loads");
        let ds = checker_diagnostics(&ws);
        count += ds.len();
        codes.extend(ds.iter().map(|d| d.code));
        let name = case.file_name().map(|n| n.to_string_lossy().into_owned());
        bad.extend(untranslated(&name.unwrap_or_default(), &ds));
    }
    // The corpus exercises most of the checker's codes.
    assert!(
        count > 80 && codes.len() > 40,
        "{count} diagnostics, {} codes",
        codes.len()
    );
    for code in [Code::N001, Code::T001, Code::G001, Code::R008, Code::M011] {
        assert!(codes.contains(&code), "the corpus produces {code:?}");
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The bundled packs, whole and broken in a few ordinary ways (every fact
/// misspelt, `and` typed as `+`, bearers and titles left out): what the
/// checker says about each is bilingual.
#[test]
fn diagnostics_on_the_bundled_packs_are_bilingual() {
    let policies = Path::new(ROOT).join("policies");
    let ws = tiaoli_workspace::load(&tiaoli_workspace::Disk, &[policies]).expect("policies/ load");
    assert!(ws.packs.len() >= 3, "the decree, the guidance and a sector");
    let mut bad = untranslated("policies", &checker_diagnostics(&ws));

    type Breakage = fn(&str) -> String;
    let breakages: [(&str, Breakage, Code); 4] = [
        (
            "facts misspelt",
            |t| t.replace("facility.", "facility.x"),
            Code::N001,
        ),
        ("`and` as `+`", |t| t.replace(" and ", " + "), Code::T002),
        (
            "no bearers",
            |t| drop_lines(t, |l| l.trim_start().starts_with("bearer ")),
            Code::R001,
        ),
        (
            "no titles",
            |t| drop_lines(t, |l| l.trim_start().starts_with("title zh ")),
            Code::R008,
        ),
    ];
    for (what, breakage, expected) in breakages {
        let packs: Vec<CheckPack> = ws
            .packs
            .iter()
            .map(|p| {
                let mut p = p.clone();
                for (file, source) in &mut p.files {
                    let text = breakage(ws.sources.text(*file));
                    *source = Arc::new(tiaoli_syntax::parse(&text, *file).file);
                }
                p
            })
            .collect();
        let ds = check(&packs).diagnostics;
        assert!(
            ds.iter().any(|d| d.code == expected),
            "{what}: no {expected:?} among {} diagnostics",
            ds.len()
        );
        bad.extend(untranslated(what, &ds));
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

fn drop_lines(text: &str, drop: impl Fn(&str) -> bool) -> String {
    text.split_inclusive('\n').filter(|l| !drop(l)).collect()
}
