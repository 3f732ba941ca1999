//! `tiaoli coverage [PACK...]`: for every article of the loaded packs,
//! whether it is text only, encoded as rules (which, citing which
//! paragraph or item), and exercised by the packs' tests — which tests
//! touch which rules — with totals per chapter, per pack and overall.
//!
//! The tests are run as `tiaoli test` runs them (through
//! `tiaoli_ide::pack_tests`, the runner the test lens shares); what a test
//! touches is `tiaoli_eval::coverage`'s answer for its facility: the rules
//! its expectations name and every rule evaluating them reads.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value as Json, json};
use tiaoli_check::{Model, SymbolId};
use tiaoli_eval::pack_tests::check_expectations;
use tiaoli_ide::pack_tests;
use tiaoli_syntax::ast::Item;

use crate::output::emit;
use crate::prepare;

#[derive(Debug, clap::Args)]
pub struct CoverageArgs {
    /// Packs or folders of packs [default: ./policies]
    paths: Vec<std::path::PathBuf>,
    /// Output format (json: documented in docs/output.md)
    #[arg(long, value_enum, default_value = "human")]
    format: CoverageFormat,
    /// The date tests without `as_of` are evaluated as of [default: today]
    #[arg(long)]
    as_of: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum CoverageFormat {
    Human,
    Json,
}

/// What "touches" means, in every output.
const LEGEND: &str = "A test touches the rules its expectations name (a status, a due date, a fine; \
an exposure: the penalties whose fines it adds up) and every rule that evaluating them for the \
test's facility reads, through definitions, duties, exceptions and penalties; an extension point \
through the implementation that decided it for that facility only. A rule is tested when a test \
touches it, an article when a test touches one of its rules.";

/// Chapter titles (zh, en) by pack index and chapter number.
type Titles = BTreeMap<(usize, u32), (Option<String>, Option<String>)>;

/// One pack test and what it touched.
struct TestRun {
    pack: usize,
    name: String,
    file: String,
    line: u32,
    /// `passed`, `failed`, or `no_facility` (its facts cannot be used).
    result: &'static str,
    expects: BTreeSet<SymbolId>,
    touches: BTreeSet<SymbolId>,
}

#[derive(Default, Clone, Copy)]
struct Totals {
    articles: usize,
    with_rules: usize,
    tested: usize,
    rules: usize,
    rules_tested: usize,
}

impl Totals {
    fn add(&mut self, o: Totals) {
        self.articles += o.articles;
        self.with_rules += o.with_rules;
        self.tested += o.tested;
        self.rules += o.rules;
        self.rules_tested += o.rules_tested;
    }

    fn json(self) -> Json {
        json!({
            "articles": self.articles,
            "articles_with_rules": self.with_rules,
            "articles_tested": self.tested,
            "rules": self.rules,
            "rules_tested": self.rules_tested,
        })
    }

    fn human(self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        format!(
            "{}, {} with rules, {} tested; {}, {} tested",
            plural(self.articles, "article"),
            self.with_rules,
            self.tested,
            plural(self.rules, "rule"),
            self.rules_tested
        )
    }
}

struct RuleCov {
    name: String,
    kind: &'static str,
    para: Option<u32>,
    item: Option<u32>,
    /// Indices into the test runs.
    tests: Vec<usize>,
}

struct ArticleCov {
    number: u32,
    rules: Vec<RuleCov>,
}

impl ArticleCov {
    fn state(&self) -> &'static str {
        if self.rules.is_empty() {
            "text_only"
        } else if self.rules.iter().any(|r| !r.tests.is_empty()) {
            "tested"
        } else {
            "rules"
        }
    }
}

struct ChapterCov {
    number: Option<u32>,
    title: (Option<String>, Option<String>),
    articles: Vec<ArticleCov>,
}

impl ChapterCov {
    fn totals(&self) -> Totals {
        let mut t = Totals::default();
        for a in &self.articles {
            t.articles += 1;
            t.with_rules += usize::from(!a.rules.is_empty());
            t.tested += usize::from(a.state() == "tested");
            t.rules += a.rules.len();
            t.rules_tested += a.rules.iter().filter(|r| !r.tests.is_empty()).count();
        }
        t
    }
}

struct PackCov {
    ident: String,
    name: String,
    version: String,
    model: bool,
    chapters: Vec<ChapterCov>,
    /// Rules no article owns (a sector pack's implementations).
    unplaced: Vec<RuleCov>,
}

impl PackCov {
    fn totals(&self) -> Totals {
        let mut t = Totals::default();
        for c in &self.chapters {
            t.add(c.totals());
        }
        t.rules += self.unplaced.len();
        t.rules_tested += self.unplaced.iter().filter(|r| !r.tests.is_empty()).count();
        t
    }
}

pub fn run(args: &CoverageArgs) -> u8 {
    let default_as_of = match prepare::as_of(args.as_of.as_deref()) {
        Ok(d) => d,
        Err(msg) => {
            stderr!("error: {msg}");
            return 2;
        }
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
    let model = &checked.model;
    let mut sources = tiaoli_text::Sources::clone(&sources);
    let packs = db.packs();
    let mut runs: Vec<TestRun> = Vec::new();
    let mut chapter_titles = Titles::new();
    for (index, pack) in packs.iter().enumerate() {
        for file in &pack.files {
            let Ok(parse) = db.parse(*file) else {
                return prepare::cancelled();
            };
            for item in &parse.file.items {
                let test = match item {
                    Item::Chapter(c) => {
                        let label = |zh: bool| {
                            let l = c.title.as_ref()?;
                            let s = if zh { l.zh.as_ref() } else { l.en.as_ref() };
                            s.map(|s| s.value.clone())
                        };
                        chapter_titles.insert((index, c.number.value), (label(true), label(false)));
                        continue;
                    }
                    Item::Test(test) => test,
                    _ => continue,
                };
                let at = sources.line_col(*file, test.name.span.start());
                let mut run = TestRun {
                    pack: index,
                    name: format!("{}::{}", pack.ident, test.name.value),
                    file: sources.name(*file).to_owned(),
                    line: at.line,
                    result: "no_facility",
                    expects: BTreeSet::new(),
                    touches: BTreeSet::new(),
                };
                let given = pack_tests::facility(
                    &tiaoli_workspace::Disk,
                    &mut sources,
                    *file,
                    test,
                    &program,
                );
                if let Ok(mut facility) = given.facility {
                    let as_of = test.as_of.map_or(default_as_of, |(d, _)| d);
                    tiaoli_eval::bind::withhold_future_facts(&mut facility, as_of);
                    let evaluation = tiaoli_eval::evaluate(&program, &facility, as_of);
                    let passed =
                        check_expectations(&program, model, *file, test, &evaluation).is_empty();
                    run.result = if passed { "passed" } else { "failed" };
                    let roots = tiaoli_eval::coverage::expected_rules(
                        &program,
                        model,
                        *file,
                        test,
                        &evaluation,
                    );
                    run.expects = roots
                        .iter()
                        .filter_map(|n| root_symbol(&program, *n))
                        .collect();
                    run.touches =
                        tiaoli_eval::coverage::touched(&program, model, &facility, &roots);
                }
                runs.push(run);
            }
        }
    }
    let covered = gather(model, &packs, &runs, &chapter_titles);
    match args.format {
        CoverageFormat::Json => emit(&format!(
            "{}\n",
            to_json(model, &covered, &runs, default_as_of)
        )),
        CoverageFormat::Human => emit(&to_human(&covered, &runs)),
    }
    0
}

/// The checker's symbol of a compiled rule.
fn root_symbol(p: &tiaoli_eval::Program, node: tiaoli_eval::ir::Node) -> Option<SymbolId> {
    use tiaoli_eval::ir::Node;
    let meta = match node {
        Node::Value(i) => p.values.get(i as usize).map(|r| &r.meta),
        Node::Duty(i) => p.duties.get(i as usize).map(|r| &r.meta),
        Node::Penalty(i) => p.penalties.get(i as usize).map(|r| &r.meta),
        Node::Exception(i) => p.exceptions.get(i as usize).map(|r| &r.meta),
        Node::Extension(i) => p.extensions.get(i as usize).map(|r| &r.meta),
    };
    meta.map(|m| m.symbol)
}

/// Each pack's articles by chapter, each rule with the tests touching it.
fn gather(
    model: &Model,
    packs: &[tiaoli_db::Pack],
    runs: &[TestRun],
    titles: &Titles,
) -> Vec<PackCov> {
    let mut by_rule: BTreeMap<SymbolId, Vec<usize>> = BTreeMap::new();
    for (i, run) in runs.iter().enumerate() {
        for id in &run.touches {
            by_rule.entry(*id).or_default().push(i);
        }
    }
    let rule = |id: SymbolId, para: Option<u32>, item: Option<u32>| {
        let s = model.symbol(id);
        RuleCov {
            name: s.name.clone(),
            kind: s.kind.describe(),
            para,
            item,
            tests: by_rule.get(&id).cloned().unwrap_or_default(),
        }
    };
    let mut out = Vec::new();
    for (index, pm) in model.packs.iter().enumerate() {
        let manifest = packs.get(index).and_then(|p| p.manifest.as_ref());
        let mut chapters: Vec<ChapterCov> = Vec::new();
        for (number, info) in &pm.articles {
            let article = ArticleCov {
                number: *number,
                rules: info
                    .rules
                    .iter()
                    .filter(|(id, _, _)| model.get(*id).is_some_and(|s| s.kind.is_rule()))
                    .map(|(id, para, item)| rule(*id, *para, *item))
                    .collect(),
            };
            match chapters.iter_mut().find(|c| c.number == info.chapter) {
                Some(c) => c.articles.push(article),
                None => chapters.push(ChapterCov {
                    number: info.chapter,
                    title: info
                        .chapter
                        .and_then(|n| titles.get(&(index, n)).cloned())
                        .unwrap_or_default(),
                    articles: vec![article],
                }),
            }
        }
        chapters.sort_by_key(|c| c.number.map_or(u32::MAX, |n| n));
        let unplaced = model
            .symbols
            .iter()
            .enumerate()
            .filter(|(_, s)| s.pack == index && s.article.is_none() && s.kind.is_rule())
            .map(|(i, _)| rule(SymbolId(i as u32), None, None))
            .collect();
        out.push(PackCov {
            ident: pm.ident.clone(),
            name: manifest.map_or_else(|| pm.ident.clone(), |m| m.name.clone()),
            version: manifest.map_or_else(String::new, |m| m.version.to_string()),
            model: pm.model,
            chapters,
            unplaced,
        });
    }
    out
}

fn qualified(model: &Model, id: SymbolId) -> String {
    let s = model.symbol(id);
    let pack = model.packs.get(s.pack).map_or("", |p| p.ident.as_str());
    format!("{pack}::{}", s.name)
}

/// `art9.2.1`: the article, and the paragraph and item the rule cites.
fn cite(article: Option<u32>, r: &RuleCov) -> Option<String> {
    let mut s = format!("art{}", article?);
    if let Some(p) = r.para {
        s.push_str(&format!(".{p}"));
        if let Some(i) = r.item {
            s.push_str(&format!(".{i}"));
        }
    }
    Some(s)
}

fn rule_json(runs: &[TestRun], article: Option<u32>, r: &RuleCov) -> Json {
    json!({
        "name": r.name,
        "kind": r.kind,
        "cite": cite(article, r),
        "paragraph": r.para,
        "item": r.item,
        "tests": r.tests.iter().map(|i| runs[*i].name.as_str()).collect::<Vec<_>>(),
    })
}

fn to_json(model: &Model, packs: &[PackCov], runs: &[TestRun], as_of: jiff::civil::Date) -> Json {
    let mut all = Totals::default();
    let packs_json: Vec<Json> = packs
        .iter()
        .enumerate()
        .map(|(index, p)| {
            let totals = p.totals();
            all.add(totals);
            let chapters: Vec<Json> = p
                .chapters
                .iter()
                .map(|c| {
                    let articles: Vec<Json> = c
                        .articles
                        .iter()
                        .map(|a| {
                            json!({
                                "number": a.number,
                                "state": a.state(),
                                "rules": a.rules.iter().map(|r| rule_json(runs, Some(a.number), r)).collect::<Vec<_>>(),
                            })
                        })
                        .collect();
                    json!({
                        "number": c.number,
                        "title": { "zh": c.title.0, "en": c.title.1 },
                        "articles": articles,
                        "totals": c.totals().json(),
                    })
                })
                .collect();
            let own: Vec<&TestRun> = runs.iter().filter(|r| r.pack == index).collect();
            let mut t = totals.json();
            t["tests"] = json!(own.len());
            t["tests_passed"] = json!(own.iter().filter(|r| r.result == "passed").count());
            json!({
                "name": p.name,
                "ident": p.ident,
                "version": p.version,
                "model": p.model,
                "chapters": chapters,
                "other_rules": p.unplaced.iter().map(|r| rule_json(runs, None, r)).collect::<Vec<_>>(),
                "totals": t,
            })
        })
        .collect();
    let tests: Vec<Json> = runs
        .iter()
        .map(|r| {
            json!({
                "name": r.name,
                "pack": packs.get(r.pack).map(|p| p.name.as_str()),
                "file": r.file,
                "line": r.line,
                "result": r.result,
                "expects": r.expects.iter().map(|id| qualified(model, *id)).collect::<Vec<_>>(),
                "touches": r.touches.iter().map(|id| qualified(model, *id)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut totals = all.json();
    totals["tests"] = json!(runs.len());
    totals["tests_passed"] = json!(runs.iter().filter(|r| r.result == "passed").count());
    json!({
        "version": 1,
        "as_of": as_of.to_string(),
        "legend": LEGEND,
        "packs": packs_json,
        "tests": tests,
        "totals": totals,
    })
}

fn to_human(packs: &[PackCov], runs: &[TestRun]) -> String {
    let mut out = String::new();
    let names: Vec<String> = packs
        .iter()
        .map(|p| {
            let model_note = if p.model { " (model rules)" } else { "" };
            format!("{} {}{model_note}", p.name, p.version)
        })
        .collect();
    out.push_str(&format!("tiaoli coverage · packs: {}\n", names.join(", ")));
    out.push_str(&wrap(LEGEND, 78));
    let rule_line = |out: &mut String, article: Option<u32>, r: &RuleCov| {
        let mark = if r.tests.is_empty() { '✗' } else { '✓' };
        let at = cite(article, r).map_or_else(String::new, |c| format!(" {c}"));
        let by = match r.tests.len() {
            0 => "untested".to_owned(),
            n => {
                let first: Vec<&str> = r
                    .tests
                    .iter()
                    .take(2)
                    .map(|i| runs[*i].name.as_str())
                    .collect();
                let more = if n > 2 {
                    format!(", … ({} more)", n - 2)
                } else {
                    String::new()
                };
                format!(
                    "{n} test{}: {}{more}",
                    if n == 1 { "" } else { "s" },
                    first.join(", ")
                )
            }
        };
        out.push_str(&format!("      {mark} {} {}{at} · {by}\n", r.kind, r.name));
    };
    let mut all = Totals::default();
    for (index, p) in packs.iter().enumerate() {
        let totals = p.totals();
        all.add(totals);
        let own: Vec<&TestRun> = runs.iter().filter(|r| r.pack == index).collect();
        let passed = own.iter().filter(|r| r.result == "passed").count();
        out.push_str(&format!(
            "\n{} {} — {}; {} tests ({passed} passed)\n",
            p.name,
            p.version,
            totals.human(),
            own.len()
        ));
        for c in &p.chapters {
            let (Some(first), Some(last)) = (c.articles.first(), c.articles.last()) else {
                continue;
            };
            let heading = match c.number {
                Some(n) => {
                    let title = c.title.1.as_deref().or(c.title.0.as_deref()).unwrap_or("");
                    format!("chapter {n} {title}")
                }
                None => "articles in no chapter".to_owned(),
            };
            out.push_str(&format!(
                "  {heading} (arts. {}–{}): {}\n",
                first.number,
                last.number,
                c.totals().human()
            ));
            for a in &c.articles {
                let state = match a.state() {
                    "text_only" => "text only",
                    "rules" => "rules, untested",
                    _ => "tested",
                };
                out.push_str(&format!("    art{:<4} {state}\n", a.number));
                for r in &a.rules {
                    rule_line(&mut out, Some(a.number), r);
                }
            }
        }
        if !p.unplaced.is_empty() {
            out.push_str("  rules in no article\n");
            for r in &p.unplaced {
                rule_line(&mut out, None, r);
            }
        }
    }
    let passed = runs.iter().filter(|r| r.result == "passed").count();
    out.push_str(&format!(
        "\ntotal: {}; {} tests ({passed} passed)\n",
        all.human(),
        runs.len()
    ));
    out
}

/// `text` wrapped at `width` columns, each line ending in a newline.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&line);
        out.push('\n');
    }
    out
}
