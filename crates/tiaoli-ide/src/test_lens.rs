//! A code lens on each pack test, and running one: the program compiled
//! from the database's checked packs and the test's facility
//! ([`crate::pack_tests`], as `tiaoli test`), evaluated, its expectations
//! compared (`tiaoli_eval::pack_tests`).

use jiff::civil::Date;
use tiaoli_db::{Cancellable, Database};
use tiaoli_eval::Program;
use tiaoli_eval::pack_tests::check_expectations;
use tiaoli_syntax::ast::{Item, TestDecl};
use tiaoli_text::{FileId, Sources, TextRange};
use tiaoli_workspace::Host;

use crate::pack_tests::{self, NoFacility, NotRunnable};

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
/// `default_as_of`: the caller's today, as `tiaoli test` uses), reading a
/// `given file` through `host` (the editor's open documents over the disk).
/// `None` if the file has no such test.
pub fn run_test(
    db: &Database,
    host: &dyn Host,
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
    let program = match pack_tests::program(db)? {
        Ok(p) => p,
        Err(NotRunnable::Errors(errors)) => {
            return Ok(Some(not_run(format!(
                "not run: the packs have {} error(s); `tiaoli check` shows them",
                errors.len()
            ))));
        }
        Err(NotRunnable::Compile(e)) => {
            return Ok(Some(not_run(format!(
                "not run: the packs cannot be evaluated: {e}"
            ))));
        }
    };
    let checked = db.checked()?;
    let mut facility = match facility(db, host, file, test, &program)? {
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

/// The facility the test gives (a `given file` read through `host`), or
/// why the test cannot run.
fn facility(
    db: &Database,
    host: &dyn Host,
    file: FileId,
    test: &TestDecl,
    program: &Program,
) -> Cancellable<Result<tiaoli_eval::Facility, String>> {
    let mut sources = Sources::clone(&*db.sources()?);
    let given = pack_tests::facility(host, &mut sources, file, test, program);
    let first_error = || {
        given
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .map_or("", |d| d.message.as_str())
    };
    Ok(given.facility.map_err(|why| match why {
        NoFacility::NoFacts => "not run: the test gives no facts".to_owned(),
        NoFacility::Unusable => format!(
            "not run: its `given file` cannot be used: {}",
            first_error()
        ),
        NoFacility::Unfit => format!(
            "not run: its facts do not fit the schema: {}",
            first_error()
        ),
    }))
}
