//! Parsing and checking never panic, however a pack is broken, and every
//! diagnostic points into the file it names, on character boundaries.
//!
//! The packs under test are Decree 745 (facts, articles and rules of every
//! kind) and a small sector pack implementing its extension point (below).
//! Each case mutates one file (deletions, insertions, duplications) or
//! replaces one with a soup of tokens, then parses it and checks both packs
//! together.
//!
//! Case counts are modest so that the suite stays fast in debug builds; set
//! `PROPTEST_CASES` to run more.

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::Index;
use tiaoli_check::{CheckPack, Def, Model, Role, check};
use tiaoli_diagnostics::Diagnostic;
use tiaoli_fuzz::{Mutation, cases};
use tiaoli_syntax::ast::SourceFile;
use tiaoli_syntax::parse;
use tiaoli_text::{FileId, Sources};

const DECREE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../policies/decree-745");

/// A sector pack implementing the decree's extension point (art. 9).
const SECTOR: &str = r#"// Test sector pack: identification rules for two sectors.

implement identification_rules for .energy, .finance {
  title zh "能源和金融行业认定规则" en "Energy and finance identification rules"
  source zh "行业认定规则" en "sector identification rules"
  define large: bool = facility.daily_active_users > 1_000_000 or facility.population_affected >= 100_000
  define spend = sum(p in facility.procurements where p.affects_national_security: p.amount_cny)
  factor core_business = facility.core_business_importance in [.high, .critical] or large
  factor harm = facility.harm_if_compromised != .general or spend > 10_000_000 CNY
  factor cross_sector = facility.cross_sector_impact == .broad
  decide core_business and harm or cross_sector
}
"#;

/// (pack index, file name, text) of every file, sector last.
fn corpus() -> &'static [(usize, String, String)] {
    static CORPUS: OnceLock<Vec<(usize, String, String)>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut files: Vec<(usize, String, String)> = std::fs::read_dir(DECREE_DIR)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "tiaoli"))
            .filter_map(|p| {
                let text = std::fs::read_to_string(&p).ok()?;
                Some((0, p.file_name()?.to_string_lossy().into_owned(), text))
            })
            .collect();
        files.sort();
        files.push((1, "sector.tiaoli".to_owned(), SECTOR.to_owned()));
        files
    })
}

/// The corpus parsed once; a case re-parses only the file it mutates.
fn parsed() -> &'static [SourceFile] {
    static PARSED: OnceLock<Vec<SourceFile>> = OnceLock::new();
    PARSED.get_or_init(|| {
        corpus()
            .iter()
            .enumerate()
            .map(|(i, (_, _, text))| parse(text, FileId(i as u32)).file)
            .collect()
    })
}

/// Checks the corpus with file `replace` swapped for a new text (which is
/// parsed), and `extra` added to a pack; returns the sources, every
/// diagnostic (syntax ones included) and the model.
fn run(
    replace: Option<(usize, &str)>,
    extra: Option<(usize, &str)>,
) -> (Sources, Vec<Diagnostic>, Model) {
    let mut sources = Sources::new();
    let mut diagnostics = Vec::new();
    let mut packs = vec![
        CheckPack {
            ident: "decree_745".to_owned(),
            is_sector: false,
            authority: tiaoli_check::Authority::Regulation,
            model: false,
            deps: Vec::new(),
            files: Vec::new(),
            has_syntax_errors: false,
        },
        CheckPack {
            ident: "sector".to_owned(),
            is_sector: true,
            authority: tiaoli_check::Authority::Sector,
            model: true,
            deps: vec![0],
            files: Vec::new(),
            has_syntax_errors: false,
        },
    ];
    for (i, (pack, name, text)) in corpus().iter().enumerate() {
        // Sources hands out ids in order, so file i is FileId(i).
        let id = FileId(i as u32);
        let file = match replace {
            Some((r, new)) if r == i => {
                sources.add(name.clone(), new);
                let p = parse(new, id);
                diagnostics.extend(p.diagnostics);
                p.file
            }
            _ => {
                sources.add(name.clone(), text.as_str());
                parsed()[i].clone()
            }
        };
        packs[*pack].files.push((id, std::sync::Arc::new(file)));
    }
    if let Some((pack, text)) = extra {
        let id = sources.add("extra.tiaoli", text);
        let p = parse(text, id);
        diagnostics.extend(p.diagnostics);
        packs[pack].files.push((id, std::sync::Arc::new(p.file)));
    }
    // So far only syntax diagnostics: as the CLI does, tell each pack
    // whether one of its files had any.
    for p in &mut packs {
        p.has_syntax_errors = diagnostics.iter().any(|d| {
            d.file()
                .is_some_and(|f| p.files.iter().any(|(id, _)| *id == f))
        });
    }
    let checked = check(&packs);
    diagnostics.extend(checked.diagnostics);
    (sources, diagnostics, checked.model)
}

/// Every occurrence of the resolution table lies in its file on char
/// boundaries and is found at each of its bytes; every definition it names
/// is in the model and (but for a pack) declared somewhere; no offset of
/// the file `probe` panics a lookup.
fn assert_resolutions(
    sources: &Sources,
    model: &Model,
    probe: Option<FileId>,
) -> Result<(), TestCaseError> {
    for (file, _) in sources.iter() {
        let text = sources.text(file);
        for o in model.resolutions.in_file(file) {
            let (start, end) = (o.range.start(), o.range.end());
            prop_assert!(
                start < end
                    && end <= text.len()
                    && text.is_char_boundary(start)
                    && text.is_char_boundary(end),
                "{:?} outside {} or inside a character",
                o,
                sources.name(file)
            );
            prop_assert_eq!(model.resolution_at(file, start), Some(o));
            prop_assert!(model.occurrences(&o.def).any(|x| x == o));
            if let Def::Symbol(id) = o.def {
                prop_assert!(model.get(id).is_some());
            }
            prop_assert!(
                matches!(o.def, Def::Pack(_)) || model.declaration(&o.def).is_some(),
                "{:?} `{}` has no declaration",
                o,
                &text[o.range.as_range()]
            );
            if o.role == Role::Declaration {
                prop_assert_eq!(model.declaration(&o.def), Some((o.file, o.range)));
            }
        }
    }
    if let Some(file) = probe {
        for at in 0..=sources.text(file).len() + 1 {
            let _ = model.resolution_at(file, at);
        }
    }
    Ok(())
}

/// Every label names a known file and lies within it, on char boundaries.
fn assert_in_files(sources: &Sources, diagnostics: &[Diagnostic]) -> Result<(), TestCaseError> {
    for d in diagnostics {
        for l in &d.labels {
            let file = sources.get(l.file);
            prop_assert!(
                file.is_some(),
                "{}: unknown file {:?}",
                d.code.as_str(),
                l.file
            );
            let text = sources.text(l.file);
            let (start, end) = (l.range.start(), l.range.end());
            prop_assert!(
                start <= end
                    && end <= text.len()
                    && text.is_char_boundary(start)
                    && text.is_char_boundary(end),
                "{} `{}`: label {:?} outside {} (len {}) or inside a character",
                d.code.as_str(),
                d.message,
                l.range,
                sources.name(l.file),
                text.len()
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- mutations

/// Pieces of the language, and of what breaks it.
const TOKENS: &[&str] = &[
    "article 1 {",
    "article 52 {",
    "chapter 7 {",
    "fact",
    "meta",
    "enum",
    "record",
    "party",
    "measure",
    "define",
    "determination",
    "implement",
    "test",
    "title",
    "text",
    "para",
    "item",
    "obligation",
    "prohibition",
    "penalty",
    "extension",
    "exception",
    "bearer",
    "applies when",
    "requires",
    "forbids",
    "due",
    "unless",
    "cite",
    "trigger",
    "measures",
    "fine entity",
    "fine person",
    "escalate when",
    "exempts",
    "key",
    "returns",
    "factor",
    "decide",
    "for",
    "source",
    "given",
    "given file",
    "expect",
    "is",
    "missing",
    "exposure",
    "value",
    "field",
    "articles",
    "as_of",
    "facility",
    "zh",
    "en",
    "art17",
    "art52",
    "art53.1.1",
    "art39.1.8",
    "art0",
    "art99999999999",
    "decree_745::art48",
    "sector::art1",
    "x::y",
    "decree_745::cii",
    "operator",
    "facility.sector",
    "facility.procurements",
    "p.amount_cny",
    ".energy",
    ".e_government",
    "cii",
    "candidate",
    "annual_assessment",
    "general_noncompliance",
    "incident_report_penalty",
    "e_government_under_csl",
    "identification_rules",
    "large",
    "spend",
    "identification_rules()",
    "violated(annual_assessment)",
    "triggered(general_noncompliance)",
    "satisfied(art52)",
    "applies(art53)",
    "known(facility.id)",
    "0",
    "1",
    "42",
    "99999999999999999999999",
    "4294967295",
    "4294967296",
    "1.5",
    "2021-09-01",
    "2021-02-30",
    "100 CNY",
    "3 days",
    "1 year",
    "9223372036854775807 days",
    "true",
    "false",
    "bool",
    "int",
    "money",
    "date",
    "list<Procurement>",
    "optional",
    "in",
    "1..=5",
    "4294967295..=1",
    "..=",
    "and",
    "or",
    "not",
    "if",
    "then",
    "else",
    "otherwise",
    "any(",
    "all(",
    "count(",
    "sum(",
    "p in",
    "where",
    "times",
    "min(",
    "max(",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "<",
    ">",
    "\"",
    "\"\"\"",
    "//",
    "\\",
    "\n",
    "\r\n",
    " ",
    "\t",
    ":",
    "::",
    ",",
    ".",
    "=",
    "==",
    "!=",
    "+",
    "-",
    "*",
    "/",
    "运营者",
    "\"运营者\"",
    "，",
    "😀",
    "\u{0}",
    "\u{1b}",
    "\u{feff}",
    "e\u{301}",
];

fn token_soup(max: usize) -> impl Strategy<Value = String> {
    tiaoli_fuzz::token_soup(TOKENS, max)
}

fn mutation() -> impl Strategy<Value = Mutation> {
    tiaoli_fuzz::mutation(TOKENS)
}

/// Every distinct ASCII word of the corpus (names, keywords, numbers,
/// English label words), and the tokens.
fn vocabulary() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        tiaoli_fuzz::vocabulary(corpus().iter().map(|(_, _, t)| t.as_str()), TOKENS, true)
    })
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    tiaoli_fuzz::mutate(text, mutations, vocabulary())
}

// ---------------------------------------------------------------- properties

/// The unmutated packs check without errors, so mutations start from a
/// pack that reaches every phase of the checker.
#[test]
fn corpus_checks_without_errors() {
    let files = corpus();
    assert!(
        files.len() >= 7,
        "decree-745 files not found in {DECREE_DIR}"
    );
    let (sources, diagnostics, model) = run(None, None);
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let at = d.primary().map_or_else(String::new, |l| {
                let lc = sources.line_col(l.file, l.range.start());
                format!("{}:{}:{}", sources.name(l.file), lc.line, lc.column)
            });
            format!("{at}: {} {}", d.code.as_str(), d.message)
        })
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let table = assert_resolutions(&sources, &model, None);
    assert!(table.is_ok(), "{table:?}");
}

/// A chapter range is checked against the declared articles, not walked
/// number by number (`1..=4294967295` used to take minutes).
#[test]
fn huge_chapter_range_is_quick() {
    let text = "chapter 1 {\n  title zh \"总则\" en \"General\"\n  articles 1..=4294967295\n}\n\n\
                article 1 {\n  title zh \"目的\" en \"Purpose\"\n  text zh \"目的。\" en \"Purpose.\"\n}\n";
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let parsed = parse(text, FileId(0));
        let checked = check(&[CheckPack {
            ident: "p".to_owned(),
            is_sector: false,
            authority: tiaoli_check::Authority::Regulation,
            model: false,
            deps: Vec::new(),
            files: vec![(FileId(0), parsed.file.into())],
            has_syntax_errors: false,
        }]);
        let _ = tx.send(checked.diagnostics.iter().filter(|d| d.is_error()).count());
    });
    let errors = rx.recv_timeout(std::time::Duration::from_secs(20));
    assert_eq!(errors, Ok(0), "checking timed out or reported errors");
}

proptest! {
    #![proptest_config(cases(128))]

    #[test]
    fn mutated_packs_never_panic_the_checker(
        file in any::<Index>(),
        mutations in prop::collection::vec(mutation(), 1..8),
    ) {
        let files = corpus();
        let i = file.index(files.len());
        let text = mutate(&files[i].2, &mutations);
        let (sources, diagnostics, model) = run(Some((i, &text)), None);
        assert_in_files(&sources, &diagnostics)?;
        assert_resolutions(&sources, &model, Some(FileId(i as u32)))?;
    }

    #[test]
    fn renamed_words_never_panic_the_checker(
        file in any::<Index>(),
        renames in prop::collection::vec((any::<Index>(), any::<Index>()), 1..4),
    ) {
        // Word replacements mostly keep a file parsing, so they reach name
        // resolution, types, the graph and the lints.
        let files = corpus();
        let i = file.index(files.len());
        let mutations: Vec<Mutation> = renames
            .into_iter()
            .map(|(at, with)| Mutation::ReplaceWord { at, with })
            .collect();
        let text = mutate(&files[i].2, &mutations);
        let (sources, diagnostics, model) = run(Some((i, &text)), None);
        assert_in_files(&sources, &diagnostics)?;
        assert_resolutions(&sources, &model, Some(FileId(i as u32)))?;
    }

    #[test]
    fn token_soup_files_never_panic_the_checker(
        soup in token_soup(100),
        prefix in proptest::sample::select(&["", "article 52 {\n", "article 9 {\n  ", "define d = ", "test \"t\" {\n", "implement identification_rules for .water {\n"][..]),
        sector in any::<bool>(),
    ) {
        // An extra file in one of the packs: the soup can name the decree's
        // facts, articles and rules.
        let text = format!("{prefix}{soup}");
        let (sources, diagnostics, model) = run(None, Some((usize::from(sector), &text)));
        assert_in_files(&sources, &diagnostics)?;
        let extra = FileId(sources.len() as u32 - 1);
        assert_resolutions(&sources, &model, Some(extra))?;
    }
}
