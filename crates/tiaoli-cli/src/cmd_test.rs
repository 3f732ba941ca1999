//! `tiaoli test`: runs the pack tests, checked and compiled through the
//! language server's database (`tiaoli_ide::pack_tests`, as the test lens
//! runs one), so that the command line and the editor cannot disagree.

use tiaoli_diagnostics::{Diagnostic, Lang};
use tiaoli_eval::human;
use tiaoli_eval::pack_tests::compare_expectations;
use tiaoli_ide::pack_tests::{self, NoFacility};
use tiaoli_syntax::ast::Item;

use crate::formats::junit::{self, TestCase};
use crate::lang::pick;
use crate::output::{self, emit};
use crate::prepare;
use crate::{Color, Format, TestArgs, TestFormat};

pub fn run(args: &TestArgs) -> u8 {
    let default_as_of = match prepare::as_of(args.as_of.as_deref()) {
        Ok(d) => d,
        Err(msg) => {
            stderr!("error: {msg}");
            return 2;
        }
    };
    let lang = crate::lang::get();
    let paths = prepare::default_paths(&args.paths);
    let words = Words::of(lang);
    let prepare::ForTests {
        db,
        program,
        checked,
        sources,
    } = match prepare::for_tests(&paths) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut sources = tiaoli_text::Sources::clone(&sources);
    let human = args.format == TestFormat::Human;
    // Only the human report is written as the tests run; the others are
    // written at the end (a pack's tests are few: they are held).
    let emit = |text: &str| {
        if human {
            emit(text);
        }
    };
    let mut cases: Vec<(TestCase, Vec<serde_json::Value>)> = Vec::new();
    let (mut passed, mut failed, mut filtered_out) = (0usize, 0usize, 0usize);
    let mut problems: Vec<Diagnostic> = Vec::new();
    let requested = requested_packs(&paths);
    for pack in &db.packs() {
        if !args.include_deps && !requested(pack) {
            continue;
        }
        for file in &pack.files {
            let Ok(parse) = db.parse(*file) else {
                return prepare::cancelled();
            };
            for item in &parse.file.items {
                let Item::Test(test) = item else { continue };
                let name = format!("{}::{}", pack.ident, test.name.value);
                if !args.filter.is_empty() && !args.filter.iter().any(|f| name.contains(f.as_str()))
                {
                    filtered_out += 1;
                    continue;
                }
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
                        // The JSON and JUnit reason stays English (a stable
                        // text); the line for people is in the run's language.
                        let (why, why_zh) = match why {
                            NoFacility::Unusable => (
                                "its `given file` cannot be used: T010",
                                "其 `given file` 无法使用：T010",
                            ),
                            NoFacility::NoFacts | NoFacility::Unfit => {
                                ("its facts do not fit the schema", "其事实与事实定义不符")
                            }
                        };
                        let (en, zh) = (format!(" ({why})"), format!("（{why_zh}）"));
                        let reason = pick(&en, &zh);
                        emit(&format!(
                            "{} {name} ... {}{reason}\n",
                            words.test, words.failed
                        ));
                        cases.push((
                            TestCase {
                                pack: pack.ident.clone(),
                                name: name.clone(),
                                failure: Some(why.to_owned()),
                            },
                            Vec::new(),
                        ));
                        continue;
                    }
                };
                let as_of = test.as_of.map_or(default_as_of, |(d, _)| d);
                // As in `eval`: a date after `as_of` had not happened yet.
                tiaoli_eval::bind::withhold_future_facts(&mut facility, as_of);
                let evaluation = tiaoli_eval::evaluate(&program, &facility, as_of);
                let mut compared =
                    compare_expectations(&program, &checked.model, *file, test, &evaluation);
                // `-v`: every expectation, under the test's line.
                let listed: String = if args.verbose {
                    compared
                        .iter()
                        .map(|c| {
                            let at = sources.line_col(*file, c.span.start());
                            // The expectation as written (its first line).
                            let written = sources
                                .text(*file)
                                .get(c.span.start()..c.span.end())
                                .and_then(|t| t.lines().next())
                                .unwrap_or_default()
                                .trim();
                            let (mark, what) = if c.passed {
                                ("ok", format!("{written}  → {}", c.actual))
                            } else {
                                (
                                    "FAILED",
                                    format!(
                                        "{written}  → expected {}, actual {}",
                                        c.expected, c.actual
                                    ),
                                )
                            };
                            format!(
                                "    {mark:<6} {}:{}:{}  {what}\n",
                                sources.name(*file),
                                at.line,
                                at.column
                            )
                        })
                        .collect()
                } else {
                    String::new()
                };
                compared.retain(|c| !c.passed);
                let mismatches = compared;
                if mismatches.is_empty() {
                    passed += 1;
                    emit(&format!("{} {name} ... {}\n{listed}", words.test, words.ok));
                    cases.push((
                        TestCase {
                            pack: pack.ident.clone(),
                            name: name.clone(),
                            failure: None,
                        },
                        Vec::new(),
                    ));
                    continue;
                }
                failed += 1;
                emit(&format!(
                    "{} {name} ... {}\n{listed}",
                    words.test, words.failed
                ));
                let mut why = String::new();
                let mut found = Vec::new();
                for m in mismatches {
                    let at = sources.line_col(*file, m.span.start());
                    why.push_str(&format!(
                        "{}:{}:{}: expected {}, actual {}\n",
                        sources.name(*file),
                        at.line,
                        at.column,
                        m.expected,
                        m.actual
                    ));
                    found.push(serde_json::json!({
                        "file": sources.name(*file),
                        "line": at.line,
                        "column": at.column,
                        "expected": m.expected,
                        "actual": m.actual,
                    }));
                    emit(&format!(
                        "  {}:{}:{}\n",
                        sources.name(*file),
                        at.line,
                        at.column
                    ));
                    emit(&format!(
                        "    {}{}\n    {}{}\n",
                        words.expected, m.expected, words.actual, m.actual
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
                cases.push((
                    TestCase {
                        pack: pack.ident.clone(),
                        name,
                        failure: Some(why),
                    },
                    found,
                ));
            }
        }
    }
    // With --deny-warnings, the packs' own warnings (as `tiaoli check`
    // reports them) fail the run too.
    let mut warned = problems
        .iter()
        .any(|d| d.severity == tiaoli_diagnostics::Severity::Warning);
    if args.deny_warnings {
        let Ok(diagnostics) = db.diagnostics() else {
            return prepare::cancelled();
        };
        let warnings: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.severity == tiaoli_diagnostics::Severity::Warning)
            .cloned()
            .collect();
        if !warnings.is_empty() {
            warned = true;
            output::to_stderr(&tiaoli_diagnostics::render_human(
                &warnings,
                &sources,
                output::human_options(false),
            ));
            stderr!(
                "{}",
                pick(
                    "error: checking the packs gave warnings (--deny-warnings)",
                    "错误：检查规则包时出现警告（--deny-warnings）"
                )
            );
        }
    }
    if !problems.is_empty() {
        if human {
            output::print(&problems, &sources, Format::Human, Color::Auto);
        } else {
            output::to_stderr(&tiaoli_diagnostics::render_human(
                &problems,
                &sources,
                output::human_options(false),
            ));
        }
    }
    let zh = crate::lang::get() == Lang::Zh;
    let filtered = match (filtered_out, zh) {
        (0, _) => String::new(),
        (n, false) => format!(", {n} filtered out"),
        (n, true) => format!("，{n} 个被 --filter 排除"),
    };
    emit(&if zh {
        format!("\n{passed} 个通过，{failed} 个失败{filtered}\n")
    } else {
        format!("\n{passed} passed, {failed} failed{filtered}\n")
    });
    if passed + failed == 0 && !args.filter.is_empty() {
        if zh {
            stderr!("warning: 没有名称包含 {} 的测试", args.filter.join(" 或 "));
        } else {
            stderr!(
                "warning: no test name contains {}",
                args.filter.join(" or ")
            );
        }
    }
    let json_case = |(c, mismatches): &(TestCase, Vec<serde_json::Value>)| {
        serde_json::json!({
            "pack": c.pack,
            "test": c.name,
            "passed": c.failure.is_none(),
            "reason": c.failure.as_deref().filter(|_| mismatches.is_empty()),
            "mismatches": mismatches,
        })
    };
    let totals =
        serde_json::json!({ "passed": passed, "failed": failed, "filtered_out": filtered_out });
    match args.format {
        TestFormat::Human => {}
        TestFormat::Json => {
            let doc = serde_json::json!({
                "tests": cases.iter().map(json_case).collect::<Vec<_>>(),
                "summary": totals,
            });
            output::emit(&format!("{doc:#}\n"));
        }
        TestFormat::Jsonl => {
            let mut out = String::new();
            for c in &cases {
                out.push_str(&crate::eval_piece::with_type("test", json_case(c)).to_string());
                out.push('\n');
            }
            out.push_str(&crate::eval_piece::with_type("summary", totals).to_string());
            out.push('\n');
            output::emit(&out);
        }
        TestFormat::Junit => {
            let cases: Vec<TestCase> = cases.into_iter().map(|(c, _)| c).collect();
            output::emit(&junit::test_document(&cases));
        }
    }
    u8::from(failed > 0 || (args.deny_warnings && warned))
}

/// Whether a pack was asked for: its folder is (under) one of `paths`, or
/// one of its files is. The packs discovery adds as their dependencies are
/// not: their tests are theirs to run (`--include-deps` runs them too).
fn requested_packs(paths: &[std::path::PathBuf]) -> impl Fn(&tiaoli_db::Pack) -> bool {
    let given: Vec<std::path::PathBuf> = paths
        .iter()
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
        .collect();
    move |pack| {
        let dir = std::fs::canonicalize(&pack.dir).unwrap_or_else(|_| pack.dir.clone());
        given
            .iter()
            .any(|g| dir.starts_with(g) || (g.is_file() && g.starts_with(&dir)))
    }
}

/// The words of the human report, in the run's language.
struct Words {
    test: &'static str,
    ok: &'static str,
    failed: &'static str,
    /// Padded so that the two values line up.
    expected: &'static str,
    actual: &'static str,
}

impl Words {
    fn of(lang: Lang) -> Self {
        match lang {
            Lang::En => Words {
                test: "test",
                ok: "ok",
                failed: "FAILED",
                expected: "expected: ",
                actual: "actual:   ",
            },
            Lang::Zh => Words {
                test: "测试",
                ok: "通过",
                failed: "失败",
                expected: "预期：",
                actual: "实际：",
            },
        }
    }
}
