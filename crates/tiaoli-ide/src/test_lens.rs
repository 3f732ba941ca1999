//! A code lens on each pack test, and running one: the program compiled
//! from the database's checked packs, the test's facts bound and evaluated,
//! its expectations compared (`tiaoli_eval::pack_tests`, as `tiaoli test`).

use jiff::civil::Date;
use tiaoli_check::CheckPack;
use tiaoli_db::{Cancellable, Database};
use tiaoli_eval::Program;
use tiaoli_eval::pack_tests::{check_expectations, given_node};
use tiaoli_syntax::ast::{Given, Item, TestDecl};
use tiaoli_text::{FileId, TextRange};

/// A pack test of a file: its name and where to show the lens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestLens {
    pub name: String,
    /// The `test "…"` line: the keyword to the end of the name.
    pub range: TextRange,
}

/// The outcome of running one test.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestRun {
    pub passed: bool,
    /// `ok`, or what failed: each unmet expectation (`expected …, actual
    /// …`), or why the test could not run.
    pub message: String,
    /// Each unmet expectation where it is written, with its message.
    pub failures: Vec<(TextRange, String)>,
}

pub fn test_lenses(db: &Database, file: FileId) -> Cancellable<Vec<TestLens>> {
    let parse = db.parse(file)?;
    Ok(parse
        .file
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Test(t) => Some(TestLens {
                name: t.name.value.clone(),
                range: TextRange::new(t.span.start(), t.name.span.end()),
            }),
            _ => None,
        })
        .collect())
}

/// Runs the test named `name` of `file`, as of its `as_of` (else
/// `default_as_of`: the caller's today, as `tiaoli test` uses). `None` if
/// the file has no such test.
pub fn run_test(
    db: &Database,
    file: FileId,
    name: &str,
    default_as_of: Date,
) -> Cancellable<Option<TestRun>> {
    let parse = db.parse(file)?;
    let Some(test) = parse.file.items.iter().find_map(|i| match i {
        Item::Test(t) if t.name.value == name => Some(t),
        _ => None,
    }) else {
        return Ok(None);
    };
    let checked = db.checked()?;
    let program = match program(db, &checked)? {
        Ok(p) => p,
        Err(why) => return Ok(Some(not_run(why))),
    };
    let mut facility = match facility(file, test, &program) {
        Ok(f) => f,
        Err(why) => return Ok(Some(not_run(why))),
    };
    let as_of = test.as_of.map_or(default_as_of, |(d, _)| d);
    // As in `tiaoli test`: a date after `as_of` had not happened yet.
    tiaoli_eval::bind::withhold_future_facts(&mut facility, as_of);
    let evaluation = tiaoli_eval::evaluate(&program, &facility, as_of);
    let mismatches = check_expectations(&program, &checked.model, file, test, &evaluation);
    let failures: Vec<(TextRange, String)> = mismatches
        .iter()
        .map(|m| {
            (
                m.span,
                format!("expected {}, actual {}", m.expected, m.actual),
            )
        })
        .collect();
    Ok(Some(TestRun {
        passed: failures.is_empty(),
        message: if failures.is_empty() {
            "ok".to_owned()
        } else {
            failures
                .iter()
                .map(|(_, m)| m.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        },
        failures,
    }))
}

fn not_run(why: String) -> TestRun {
    TestRun {
        passed: false,
        message: why,
        failures: Vec::new(),
    }
}

/// The program of the database's packs, or why there is none.
fn program(db: &Database, checked: &tiaoli_check::Checked) -> Cancellable<Result<Program, String>> {
    let errors = db.diagnostics()?.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        return Ok(Err(format!(
            "not run: the packs have {errors} error(s); `tiaoli check` shows them"
        )));
    }
    let packs = db.packs();
    let mut check_packs = Vec::with_capacity(packs.len());
    for p in &packs {
        let mut files = Vec::with_capacity(p.files.len());
        for &f in &p.files {
            files.push((f, std::sync::Arc::new(db.parse(f)?.file.clone())));
        }
        check_packs.push(CheckPack {
            ident: p.ident.clone(),
            is_sector: p.is_sector,
            authority: p.authority,
            model: p.model,
            deps: p.deps.clone(),
            files,
            has_syntax_errors: false,
        });
    }
    let texts: Vec<(FileId, std::sync::Arc<str>)> = packs
        .iter()
        .flat_map(|p| p.files.iter().copied())
        .filter_map(|f| db.text(f).map(|t| (f, t)))
        .collect();
    let text = |f: FileId| -> &str {
        texts
            .iter()
            .find(|(id, _)| *id == f)
            .map_or("", |(_, t)| &**t)
    };
    let mut program = match tiaoli_eval::compile(&check_packs, &checked.model, &text) {
        Ok(p) => p,
        Err(e) => return Ok(Err(format!("not run: the packs cannot be evaluated: {e}"))),
    };
    // Each pack's days in force: the database's one definition of them.
    let windows = packs.iter().filter_map(|p| {
        let m = p.manifest.as_ref()?;
        let (from, until) = p.in_force();
        let window = tiaoli_eval::Window { from, until };
        let (ident, name) = (m.ident(), m.name.clone());
        Some(tiaoli_eval::PackInForce {
            ident,
            name,
            window,
        })
    });
    program.set_packs_in_force(windows.collect());
    for m in packs.iter().filter_map(|p| p.manifest.as_ref()) {
        let style = match m.citation {
            tiaoli_pack::CitationStyle::Articles => tiaoli_eval::CiteStyle::Articles,
            tiaoli_pack::CitationStyle::Parts => tiaoli_eval::CiteStyle::Parts,
        };
        program.set_citation_style(&m.ident(), style);
    }
    Ok(Ok(program))
}

/// The facility an inline `given` describes. A `given file` reads a file
/// from disk, which the database does not hold: `tiaoli test` runs those.
fn facility(
    file: FileId,
    test: &TestDecl,
    program: &Program,
) -> Result<tiaoli_eval::Facility, String> {
    let node = match &test.given {
        Some(Given::Inline { facts, span }) => given_node(facts, *span),
        Some(Given::File(path)) => {
            return Err(format!(
                "not run here: it reads `given file \"{}\"`; run `tiaoli test`",
                path.value
            ));
        }
        None => return Err("not run: the test gives no facts".to_owned()),
    };
    let (facility, diags) = tiaoli_eval::bind::bind(&program.schema, file, &node, &test.name.value);
    match diags.iter().find(|d| d.is_error()) {
        Some(d) => Err(format!(
            "not run: its facts do not fit the schema: {}",
            d.message
        )),
        None => Ok(facility),
    }
}
