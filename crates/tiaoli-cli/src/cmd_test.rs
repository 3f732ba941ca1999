//! `tiaoli test`: runs the pack tests, checked and compiled through the
//! language server's database (`tiaoli_ide::pack_tests`, as the test lens
//! runs one), so that the command line and the editor cannot disagree.

use tiaoli_diagnostics::Diagnostic;
use tiaoli_eval::human::{self, Lang};
use tiaoli_eval::pack_tests::check_expectations;
use tiaoli_ide::pack_tests::{self, NoFacility};
use tiaoli_syntax::ast::Item;

use crate::output::{self, emit};
use crate::prepare;
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
    let prepare::ForTests {
        db,
        program,
        checked,
        sources,
    } = match prepare::for_tests(&prepare::default_paths(&args.paths)) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut sources = tiaoli_text::Sources::clone(&sources);
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut problems: Vec<Diagnostic> = Vec::new();
    for pack in &db.packs() {
        for file in &pack.files {
            let Ok(parse) = db.parse(*file) else {
                return prepare::cancelled();
            };
            for item in &parse.file.items {
                let Item::Test(test) = item else { continue };
                let name = format!("{}::{}", pack.ident, test.name.value);
                let given = pack_tests::facility(
                    &tiaoli_workspace::Disk,
                    &mut sources,
                    *file,
                    test,
                    &program,
                );
                problems.extend(given.diagnostics);
                let mut facility = match given.facility {
                    Ok(f) => f,
                    Err(why) => {
                        failed += 1;
                        let why = match why {
                            NoFacility::Unusable => "its `given file` cannot be used: T010",
                            NoFacility::NoFacts | NoFacility::Unfit => {
                                "its facts do not fit the schema"
                            }
                        };
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
                    let at = sources.line_col(*file, m.span.start());
                    emit(&format!(
                        "  {}:{}:{}\n",
                        sources.name(*file),
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
        output::print(&problems, &sources, Format::Human, Color::Auto);
    }
    emit(&format!("\n{passed} passed, {failed} failed\n"));
    u8::from(failed > 0)
}
