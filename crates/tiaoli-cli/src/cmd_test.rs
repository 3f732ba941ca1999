//! `tiaoli test`: runs the pack tests.

mod given_file;

use std::path::Path;

use tiaoli_diagnostics::Diagnostic;
use tiaoli_eval::human::{self, Lang};
use tiaoli_eval::pack_tests::{check_expectations, given_node};
use tiaoli_syntax::ast::{Given, Item};
use tiaoli_text::FileId;

use crate::output::{self, emit};
use crate::prepare::{self, Prepared};
use crate::{Color, Format, TestArgs};

pub fn run(args: &TestArgs) -> u8 {
    let default_as_of = match prepare::as_of(args.as_of.as_deref()) {
        Ok(d) => d,
        Err(msg) => {
            stderr!("error: {msg}");
            return 2;
        }
    };
    let lang = match args.lang {
        crate::LangArg::Zh => Lang::Zh,
        crate::LangArg::En => Lang::En,
    };
    let paths = prepare::default_paths(&args.paths);
    let Prepared {
        mut ws,
        checked,
        program,
    } = match prepare::prepare(&tiaoli_workspace::Disk, &paths, Format::Human) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut problems: Vec<Diagnostic> = Vec::new();
    let packs = ws.packs.clone();
    for pack in &packs {
        for (file, source) in &pack.files {
            for item in &source.items {
                let Item::Test(test) = item else { continue };
                let name = format!("{}::{}", pack.ident, test.name.value);
                let mut facility =
                    match facility_of(&mut ws.sources, *file, test, &program, &mut problems) {
                        Ok(f) => f,
                        Err(why) => {
                            failed += 1;
                            emit(&format!("test {name} ... FAILED ({why})\n"));
                            continue;
                        }
                    };
                let as_of = test.as_of.map_or(default_as_of, |(d, _)| d);
                // As in `eval`: a date after `as_of` had not happened yet.
                tiaoli_eval::bind::withhold_future_facts(&mut facility, as_of);
                let evaluation = tiaoli_eval::evaluate(&program, &facility, as_of);
                let mismatches =
                    check_expectations(&program, &checked.model, *file, test, &evaluation);
                if mismatches.is_empty() {
                    passed += 1;
                    emit(&format!("test {name} ... ok\n"));
                    continue;
                }
                failed += 1;
                emit(&format!("test {name} ... FAILED\n"));
                for m in mismatches {
                    let at = ws.sources.line_col(*file, m.span.start());
                    emit(&format!(
                        "  {}:{}:{}\n",
                        ws.sources.name(*file),
                        at.line,
                        at.column
                    ));
                    emit(&format!(
                        "    expected: {}\n    actual:   {}\n",
                        m.expected, m.actual
                    ));
                    if let Some(node) = m.rule {
                        emit(&human::explain_node(
                            &program,
                            &facility,
                            &evaluation,
                            node,
                            lang,
                        ));
                    }
                }
            }
        }
    }
    if !problems.is_empty() {
        output::print(&problems, &ws.sources, Format::Human, Color::Auto);
    }
    emit(&format!("\n{passed} passed, {failed} failed\n"));
    u8::from(failed > 0)
}

/// The facility a test gives, inline or from a file next to the test; or
/// why there is none (its diagnostics go to `problems`).
fn facility_of(
    sources: &mut tiaoli_text::Sources,
    file: FileId,
    test: &tiaoli_syntax::ast::TestDecl,
    program: &tiaoli_eval::Program,
    problems: &mut Vec<Diagnostic>,
) -> Result<tiaoli_eval::Facility, &'static str> {
    const UNFIT: &str = "its facts do not fit the schema";
    let (node, node_file) = match &test.given {
        Some(Given::Inline { facts, span }) => (given_node(facts, *span), file),
        Some(Given::File(path)) => {
            let test_file = Path::new(sources.name(file)).to_path_buf();
            let pack = given_file::pack_folder(&test_file);
            let full = test_file
                .parent()
                .unwrap_or(Path::new(""))
                .join(&path.value);
            let unusable = |why: given_file::Unusable, problems: &mut Vec<Diagnostic>| {
                problems.push(given_file::diagnostic(&why, &path.value, file, path.span));
                "its `given file` cannot be used: T010"
            };
            let text = match given_file::read(&full, &pack) {
                Ok(t) => t,
                Err(why) => return Err(unusable(why, problems)),
            };
            let name = full.display().to_string();
            let format = tiaoli_input::detect(&name, &text);
            let id = sources.add(name, text);
            let mut records = tiaoli_input::records(sources.text(id), id, format);
            let Some(record) = records.next() else {
                return Err(unusable(given_file::Unusable::NoRecord, problems));
            };
            if records.next().is_some() {
                return Err(unusable(given_file::Unusable::SeveralRecords, problems));
            }
            match record.node {
                Ok(n) => (n, id),
                Err(diags) => {
                    problems.extend(diags);
                    return Err(UNFIT);
                }
            }
        }
        None => return Err(UNFIT),
    };
    let (facility, diags) =
        tiaoli_eval::bind::bind(&program.schema, node_file, &node, &test.name.value);
    let bad = diags.iter().any(Diagnostic::is_error);
    problems.extend(diags);
    if bad { Err(UNFIT) } else { Ok(facility) }
}
