//! The resolution table: every name resolves to what it means, at the
//! right bytes, declarations included.
//!
//! Fixtures are packs written inline. `//- pack NAME [sector] [deps=A,B]`
//! starts a pack, `//- file NAME` a file of it. A line of carets under a
//! name says what the name means:
//!
//! ```text
//! fact sector: Sector { zh "行业" en "sector" }
//! //   ^^^^^^ decl fact reg::sector
//! //           ^^^^^^ use enum reg::Sector
//! ```
//!
//! Caret lines are comments, so they stay in the text. Columns count
//! characters (a Chinese character is one column), so the expected byte
//! offsets are computed here, apart from the checker. Several caret lines
//! may follow one line of code.
#![expect(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

use tiaoli_check::{Authority, CheckPack, Checked, Def, Model, Occurrence, Role, SymbolId, check};
use tiaoli_syntax::parse;
use tiaoli_text::{FileId, TextRange};

/// One expectation: the name at `range` of `file` is a `role` of what
/// `what` describes.
struct Mark {
    file: FileId,
    range: TextRange,
    role: Role,
    what: String,
    line: usize,
}

struct Fixture {
    texts: Vec<String>,
    checked: Checked,
    marks: Vec<Mark>,
}

fn fixture(src: &str) -> Fixture {
    let mut packs: Vec<CheckPack> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    for line in src.lines() {
        if let Some(rest) = line.strip_prefix("//- pack ") {
            let mut words = rest.split_whitespace();
            let ident = words.next().expect("a pack name").to_owned();
            let mut pack = CheckPack {
                ident,
                is_sector: false,
                authority: Authority::Regulation,
                model: false,
                deps: Vec::new(),
                files: Vec::new(),
                has_syntax_errors: false,
            };
            for w in words {
                if w == "sector" {
                    pack.is_sector = true;
                    pack.authority = Authority::Sector;
                } else if let Some(deps) = w.strip_prefix("deps=") {
                    for d in deps.split(',') {
                        let i = packs
                            .iter()
                            .position(|p| p.ident == d)
                            .expect("a known dep");
                        pack.deps.push(i);
                    }
                }
            }
            packs.push(pack);
        } else if line.starts_with("//- file ") {
            texts.push(String::new());
            let pack = packs.last_mut().expect("a pack before a file");
            pack.files
                .push((FileId(texts.len() as u32 - 1), Default::default()));
        } else if let Some(text) = texts.last_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    for pack in &mut packs {
        for (file, source) in &mut pack.files {
            let parsed = parse(&texts[file.0 as usize], *file);
            assert!(
                parsed.diagnostics.is_empty(),
                "fixture does not parse: {:?}",
                parsed.diagnostics
            );
            *source = parsed.file.into();
        }
    }
    let checked = check(&packs);
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "fixture has errors: {errors:#?}");
    let mut marks = Vec::new();
    for (f, text) in texts.iter().enumerate() {
        marks.extend(marks_of(FileId(f as u32), text));
    }
    Fixture {
        texts,
        checked,
        marks,
    }
}

/// The caret lines of a file, each against the last line of code above it.
fn marks_of(file: FileId, text: &str) -> Vec<Mark> {
    let mut marks = Vec::new();
    let mut offset = 0;
    let mut code: Option<(usize, &str, usize)> = None; // (start, line, number)
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let body = line.trim_end_matches('\n');
        let caret = body
            .strip_prefix("//")
            .filter(|r| r.trim_start().starts_with('^'));
        match (caret, code) {
            (Some(rest), Some((start, code_line, number))) => {
                let from = 2 + rest.chars().take_while(|c| *c == ' ').count();
                let len = rest.trim_start().chars().take_while(|c| *c == '^').count();
                let spec = rest.trim_start().trim_start_matches('^').trim();
                let (role, what) = match spec.split_once(' ') {
                    Some(("decl", w)) => (Role::Declaration, w),
                    Some(("use", w)) => (Role::Use, w),
                    _ => panic!("line {}: `decl …` or `use …` after the carets", n + 1),
                };
                let byte = |col: usize| {
                    code_line
                        .char_indices()
                        .nth(col)
                        .map_or(code_line.len(), |(b, _)| b)
                };
                marks.push(Mark {
                    file,
                    range: TextRange::new(start + byte(from), start + byte(from + len)),
                    role,
                    what: what.to_owned(),
                    line: number + 1,
                });
            }
            (Some(_), None) => panic!("line {}: carets under nothing", n + 1),
            (None, _) => code = Some((offset, body, n)),
        }
        offset += line.len();
    }
    marks
}

fn symbol_name(model: &Model, id: SymbolId) -> String {
    let s = model.get(id).expect("a symbol of this model");
    format!("{}::{}", model.packs[s.pack].ident, s.name)
}

fn member_name(model: &Model, owner: SymbolId, index: u32) -> String {
    let name = model
        .members(owner)
        .and_then(|m| m.get_index(index as usize))
        .map_or("?", |(n, _)| n.as_str());
    format!("{}.{name}", symbol_name(model, owner))
}

/// What a definition is, as the caret lines write it.
fn describe(fx: &Fixture, def: &Def) -> String {
    let model = &fx.checked.model;
    let ident = |p: usize| model.packs[p].ident.clone();
    match *def {
        Def::Symbol(id) => {
            let kind = model.get(id).expect("a symbol").kind.describe();
            format!("{kind} {}", symbol_name(model, id))
        }
        Def::Field { record, index } => format!("field {}", member_name(model, record, index)),
        Def::Variant { enum_id, index } => {
            format!("variant {}", member_name(model, enum_id, index))
        }
        Def::Factor { extension, index } => {
            let name = model
                .get(extension)
                .and_then(|s| {
                    let text = &fx.texts[s.file.0 as usize];
                    model
                        .occurrences(def)
                        .find(|o| o.role == Role::Declaration)
                        .map(|o| text[o.range.as_range()].to_owned())
                })
                .unwrap_or_else(|| index.to_string());
            format!("factor {}.{name}", symbol_name(model, extension))
        }
        Def::Local { file, decl } => {
            format!("local {}", &fx.texts[file.0 as usize][decl.as_range()])
        }
        Def::Article { pack, article } => format!("article {}::{article}", ident(pack)),
        Def::Paragraph {
            pack,
            article,
            para,
        } => format!("paragraph {}::{article}.{para}", ident(pack)),
        Def::Item {
            pack,
            article,
            para,
            item,
        } => format!("item {}::{article}.{para}.{item}", ident(pack)),
        Def::Chapter { pack, chapter } => format!("chapter {}::{chapter}", ident(pack)),
        Def::Pack(p) => format!("pack {}", ident(p)),
    }
}

/// Every mark resolves as it says, at every offset of its name; each use's
/// definition has its declaration among the occurrences.
fn assert_marks(fx: &Fixture) {
    let model = &fx.checked.model;
    let mut failures = Vec::new();
    for m in &fx.marks {
        let shown = &fx.texts[m.file.0 as usize][m.range.as_range()];
        let Some(o) = model.resolution_at(m.file, m.range.start()) else {
            failures.push(format!("line {}: `{shown}` resolves to nothing", m.line));
            continue;
        };
        let got = describe(fx, &o.def);
        if o.range != m.range || o.role != m.role || got != m.what {
            let text = &fx.texts[m.file.0 as usize][o.range.as_range()];
            failures.push(format!(
                "line {}: `{shown}` expected {:?} {}, found {:?} {got} at `{text}`",
                m.line, m.role, m.what, o.role
            ));
            continue;
        }
        for at in m.range.start()..=m.range.end() {
            if model.resolution_at(m.file, at) != Some(o) {
                failures.push(format!("line {}: `{shown}` not found at byte {at}", m.line));
            }
        }
        if !model.occurrences(&o.def).any(|x| x == o) {
            failures.push(format!(
                "line {}: `{shown}` not among its def's occurrences",
                m.line
            ));
        }
        if !matches!(o.def, Def::Pack(_)) && model.declaration(&o.def).is_none() {
            failures.push(format!("line {}: `{shown}` has no declaration", m.line));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

const REGULATION: &str = r#"
//- pack reg
//- file vocab.tiaoli
enum Sector {
//   ^^^^^^ decl enum reg::Sector
  title zh "行业" en "Sector"
  energy { zh "能源" en "energy" }
//^^^^^^ decl variant reg::Sector.energy
  e_government { zh "电子政务" en "e-government" }
//^^^^^^^^^^^^ decl variant reg::Sector.e_government
}

record Procurement {
//     ^^^^^^^^^^^ decl record reg::Procurement
  title zh "采购" en "Procurement"
  field amount: money { zh "金额" en "amount" }
//      ^^^^^^ decl field reg::Procurement.amount
  field secure: bool { zh "安全可信" en "secure" }
//      ^^^^^^ decl field reg::Procurement.secure
}

party operator { zh "运营者" en "operator" }
//    ^^^^^^^^ decl party reg::operator
party anyone { zh "任何个人和组织" en "anyone" }
party offender in anyone { zh "违法者" en "offender" }
//                ^^^^^^ use party reg::anyone
party person_in_charge of addressee { zh "主管人员" en "person in charge" }
//    ^^^^^^^^^^^^^^^^ decl party reg::person_in_charge
measure warning { zh "警告" en "warning" }
//      ^^^^^^^ decl measure reg::warning

//- file facts.tiaoli
fact sector: Sector { zh "行业领域" en "sector" cite art1 }
//   ^^^^^^ decl fact reg::sector
//           ^^^^^^ use enum reg::Sector
//                                               ^^^^ use article reg::1
fact procurements: list<Procurement> { zh "采购" en "procurements" }
//                      ^^^^^^^^^^^ use record reg::Procurement
fact reported: bool { zh "已报告" en "reported" cite art1.1.1 }
//   ^^^^^^^^ decl fact reg::reported
//                                                ^^^^^^^^ use item reg::1.1.1

//- file chapters.tiaoli
chapter 1 {
//      ^ decl chapter reg::1
  title zh "总则" en "General"
  articles 1..=3
//         ^ use article reg::1
//             ^ use article reg::3
}

//- file rules.tiaoli
article 1 {
//      ^ decl article reg::1
  title zh "报告" en "Reporting"
  para 1 {
//     ^ decl paragraph reg::1.1
    text zh "第一款" en "para one"
    item 1 zh "第一项" en "item one"
//       ^ decl item reg::1.1.1
  }
  para 2 {
    text zh "第二款" en "para two"
  }
  define large = sum(p in facility.procurements where p.secure: p.amount) > 100 CNY
//       ^^^^^ decl definition reg::large
//                   ^ decl local p
//                                 ^^^^^^^^^^^^ use fact reg::procurements
//                                                    ^ use local p
//                                                      ^^^^^^ use field reg::Procurement.secure
//                                                                ^^^^^^ use field reg::Procurement.amount
  define zh_large: bool = "大型采购" != "" and large
//                                         ^^^^^ use definition reg::large
  obligation report {
//           ^^^^^^ decl obligation reg::report
    title zh "报告" en "Report"
    cite art1.1.1
//       ^^^^^^^^ use item reg::1.1.1
    bearer operator
//         ^^^^^^^^ use party reg::operator
    requires facility.reported or zh_large
//                    ^^^^^^^^ use fact reg::reported
//                                ^^^^^^^^ use definition reg::zh_large
    unless facility.sector == .e_government cite art3
//                  ^^^^^^ use fact reg::sector
//                             ^^^^^^^^^^^^ use variant reg::Sector.e_government
//                                               ^^^^ use article reg::3
  }
}

article 2 {
  title zh "处罚" en "Penalty"
  text zh "违反第一条的，给予警告。" en "A breach of art. 1 is warned."
  penalty warn_reporting {
//        ^^^^^^^^^^^^^^ decl penalty reg::warn_reporting
    title zh "未报告的处罚" en "Penalty for not reporting"
    addressee operator
//            ^^^^^^^^ use party reg::operator
    trigger report
//          ^^^^^^ use obligation reg::report
    measures warning
//           ^^^^^^^ use measure reg::warning
    fine person_in_charge 1 CNY ..= 2 CNY
//       ^^^^^^^^^^^^^^^^ use party reg::person_in_charge
  }
  determination breached {
//              ^^^^^^^^ decl determination reg::breached
    title zh "违反" en "Breached"
    value violated(art1) or triggered(warn_reporting)
//                 ^^^^ use article reg::1
//                                    ^^^^^^^^^^^^^^ use penalty reg::warn_reporting
  }
}

article 3 {
  title zh "例外" en "Exception"
  text zh "电子政务除外。" en "Except e-government."
  exception e_gov {
//          ^^^^^ decl exception reg::e_gov
    title zh "电子政务例外" en "E-government exception"
    exempts art2, report
//          ^^^^ use article reg::2
//                ^^^^^^ use obligation reg::report
    when facility.sector == .e_government
  }
  extension rules {
//          ^^^^^ decl extension point reg::rules
    title zh "认定规则" en "Identification rules"
    key facility.sector
//               ^^^^^^ use fact reg::sector
    returns bool
    factor harm { zh "危害程度" en "harm" }
//         ^^^^ decl factor reg::rules.harm
  }
}

//- file tests.tiaoli
test "报告了就没有处罚 reported" {
  as_of 2025-01-01
  given {
    reported = true
//  ^^^^^^^^ use fact reg::reported
    sector = .energy
//  ^^^^^^ use fact reg::sector
//            ^^^^^^ use variant reg::Sector.energy
    procurements = [{ amount = 10 CNY, secure = true }]
//                    ^^^^^^ use field reg::Procurement.amount
//                                     ^^^^^^ use field reg::Procurement.secure
  }
  expect report is satisfied
//       ^^^^^^ use obligation reg::report
  expect fine person_in_charge on warn_reporting none
//            ^^^^^^^^^^^^^^^^ use party reg::person_in_charge
//                                ^^^^^^^^^^^^^^ use penalty reg::warn_reporting
}

test "未知 unknown" {
  as_of 2025-01-01
  given { sector = .energy }
  expect report is unknown missing reported
//                                 ^^^^^^^^ use fact reg::reported
}
"#;

const SECTOR: &str = r#"
//- pack sec sector deps=reg
//- file energy.tiaoli
// 能源行业的认定规则：用条例的事实。
implement reg::rules for .energy {
//        ^^^ use pack reg
//             ^^^^^ use extension point reg::rules
//                        ^^^^^^ use variant reg::Sector.energy
  title zh "能源行业认定规则" en "Energy rules"
  source zh "示范规则" en "model rules"
  define big: bool = reg::large and count(p in facility.procurements: p.secure) > 2
//       ^^^ decl local big
//                   ^^^ use pack reg
//                        ^^^^^ use definition reg::large
//                                        ^ decl local p
//                                                      ^^^^^^^^^^^^ use fact reg::procurements
//                                                                    ^ use local p
  factor harm = big or facility.reported
//       ^^^^ use factor reg::rules.harm
//              ^^^ use local big
//                              ^^^^^^^^ use fact reg::reported
  decide harm
//       ^^^^ use factor reg::rules.harm
}
"#;

#[test]
fn every_kind_of_name_resolves_where_marked() {
    let fx = fixture(REGULATION);
    assert!(fx.marks.len() > 50, "the fixture's marks were read");
    assert_marks(&fx);
}

#[test]
fn a_sector_pack_resolves_the_regulations_names() {
    let fx = fixture(&format!("{REGULATION}{SECTOR}"));
    assert_marks(&fx);
}

/// Chinese text before a name on its line: the offsets are bytes, and a
/// name found by characters is not.
#[test]
fn offsets_after_chinese_text_are_bytes() {
    let fx = fixture(REGULATION);
    let m = fx
        .marks
        .iter()
        .find(|m| {
            m.what == "article reg::1"
                && fx.texts[m.file.0 as usize][..m.range.start()].ends_with("cite ")
        })
        .expect("the fact's cite");
    let text = &fx.texts[m.file.0 as usize];
    let line_start = text[..m.range.start()].rfind('\n').map_or(0, |i| i + 1);
    let chars = text[line_start..m.range.start()].chars().count();
    assert!(
        m.range.start() - line_start > chars,
        "Chinese text before it"
    );
    // At the character column the name would be somewhere else entirely.
    assert_ne!(
        fx.checked
            .model
            .resolution_at(m.file, line_start + chars)
            .map(|o| o.range),
        Some(m.range)
    );
    assert_marks(&fx);
}

#[test]
fn rename_finds_every_occurrence_across_files_and_packs() {
    let fx = fixture(&format!("{REGULATION}{SECTOR}"));
    let model = &fx.checked.model;
    let id = model.packs[0].facts["reported"];
    let occurrences: Vec<&Occurrence> = model.occurrences(&Def::Symbol(id)).collect();
    let files: std::collections::BTreeSet<FileId> = occurrences.iter().map(|o| o.file).collect();
    // facts, rules, tests of the regulation and the sector's file.
    assert_eq!(files.len(), 4, "{occurrences:?}");
    assert_eq!(
        occurrences
            .iter()
            .filter(|o| o.role == Role::Declaration)
            .count(),
        1
    );
    for o in &occurrences {
        assert_eq!(&fx.texts[o.file.0 as usize][o.range.as_range()], "reported");
    }
    let marked = fx
        .marks
        .iter()
        .filter(|m| m.what == "fact reg::reported")
        .count();
    assert_eq!(occurrences.len(), marked);
    assert_eq!(
        model.declaration(&Def::Symbol(id)),
        occurrences
            .iter()
            .find(|o| o.role == Role::Declaration)
            .map(|o| (o.file, o.range))
    );
}

/// Between names, and past the end of a file, nothing resolves; an id
/// from nowhere is not a symbol.
#[test]
fn gaps_and_stale_ids_answer_nothing() {
    let fx = fixture(REGULATION);
    let model = &fx.checked.model;
    let facts = FileId(1);
    let text = &fx.texts[1];
    let fact_kw = text.find("fact sector").expect("the fact");
    assert_eq!(model.resolution_at(facts, fact_kw + 1), None);
    assert_eq!(model.resolution_at(facts, text.len() + 100), None);
    assert_eq!(model.resolution_at(FileId(99), 0), None);
    assert!(model.get(SymbolId(u32::MAX)).is_none());
    assert_eq!(model.declaration(&Def::Symbol(SymbolId(u32::MAX))), None);
    assert_eq!(
        model.occurrences(&Def::Symbol(SymbolId(u32::MAX))).count(),
        0
    );
}
