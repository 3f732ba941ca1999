//! Parse and check throughput.
//!
//! * `parse/decree-745`, `check/decree-745`: the real Decree 745 pack
//!   (`check` is parse + check).
//! * `parse/generated-10k`, `check/generated-10k`: a generated regulation
//!   pack with 10,000 rules (2,000 definitions chained in a DAG, 8,000
//!   obligations, prohibitions and penalties in 1,000 articles) that checks
//!   clean; `check-only/generated-10k` checks it pre-parsed.
//!
//! Quick run: `cargo bench -p tiaoli-check --bench check -- --warm-up-time 1 --measurement-time 3`

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{
    BatchSize, BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group,
    criterion_main, measurement::WallTime,
};
use tiaoli_check::{CheckPack, Checked, SymbolKind, check};
use tiaoli_syntax::ast::SourceFile;
use tiaoli_syntax::parse;
use tiaoli_text::FileId;

const DECREE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../policies/decree-745");

/// The files of a pack: (name, text).
struct Corpus {
    files: Vec<(String, String)>,
}

impl Corpus {
    fn bytes(&self) -> u64 {
        self.files.iter().map(|(_, t)| t.len() as u64).sum()
    }

    fn lines(&self) -> usize {
        self.files.iter().map(|(_, t)| t.lines().count()).sum()
    }
}

/// The `.tiaoli` files of the pack in `dir`, read as `tiaoli` reads them
/// (its `pack_files`, in path order). A read error leaves the corpus empty
/// (and the caller's assertion fails).
fn read_pack(dir: &str) -> Corpus {
    let layout = tiaoli_workspace::discover(&tiaoli_workspace::Disk, &[dir.into()]);
    let files = layout
        .iter()
        .flat_map(|l| {
            l.packs.iter().take(1).flat_map(|p| {
                p.files
                    .iter()
                    .map(|&f| (l.sources.name(f).to_owned(), l.sources.text(f).to_owned()))
            })
        })
        .collect();
    Corpus { files }
}

fn parse_all(corpus: &Corpus) -> Vec<(FileId, std::sync::Arc<SourceFile>)> {
    corpus
        .files
        .iter()
        .enumerate()
        .map(|(i, (_, text))| {
            let id = FileId(i as u32);
            (id, std::sync::Arc::new(parse(text, id).file))
        })
        .collect()
}

fn check_files(ident: &str, files: Vec<(FileId, std::sync::Arc<SourceFile>)>) -> Checked {
    check(&[CheckPack {
        ident: ident.to_owned(),
        is_sector: false,
        authority: tiaoli_check::Authority::Regulation,
        model: false,
        deps: Vec::new(),
        files,
        has_syntax_errors: false,
    }])
}

/// Outside the timing loop: the corpus parses without syntax errors and
/// checks with no errors (and, for the generated pack, no diagnostics at
/// all), so the benchmarks measure a clean run.
fn assert_clean(name: &str, corpus: &Corpus, ident: &str, allow_warnings: bool) {
    assert!(!corpus.files.is_empty(), "{name}: no .tiaoli files");
    let mut syntax = Vec::new();
    for (i, (file, text)) in corpus.files.iter().enumerate() {
        for d in parse(text, FileId(i as u32)).diagnostics {
            syntax.push(format!("{file}: {} {}", d.code.as_str(), d.message));
        }
    }
    assert!(syntax.is_empty(), "{name}: syntax errors: {syntax:#?}");
    let checked = check_files(ident, parse_all(corpus));
    let problems: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error() || !allow_warnings)
        .take(20)
        .map(|d| {
            let at = d
                .primary()
                .map(|l| {
                    let file = &corpus.files[l.file.0 as usize];
                    let line = file.1[..l.range.start().min(file.1.len())]
                        .matches('\n')
                        .count()
                        + 1;
                    format!("{}:{line}", file.0)
                })
                .unwrap_or_default();
            format!("{at}: {} {}", d.code.as_str(), d.message)
        })
        .collect();
    assert!(
        problems.is_empty(),
        "{name}: {} diagnostics, first: {problems:#?}",
        checked.diagnostics.len()
    );
}

fn bench_corpus(
    group_parse: &mut BenchmarkGroup<'_, WallTime>,
    id: &str,
    corpus: &Corpus,
    large: bool,
) {
    group_parse.throughput(Throughput::Bytes(corpus.bytes()));
    if large {
        group_parse
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat);
    }
    group_parse.bench_function(id, |b| b.iter(|| parse_all(black_box(corpus))));
}

fn benches(c: &mut Criterion) {
    let decree = read_pack(DECREE_DIR);
    assert_clean("decree-745", &decree, "decree_745", true);
    let cfg = GenConfig::default();
    let generated = generate(&cfg);
    assert_clean("generated-10k", &generated, "generated", false);
    let model = check_files("generated", parse_all(&generated)).model;
    let count = |kinds: &[SymbolKind]| {
        model
            .symbols
            .iter()
            .filter(|s| kinds.contains(&s.kind))
            .count()
    };
    let (defines, duties, penalties) = (
        count(&[SymbolKind::Define]),
        count(&[SymbolKind::Obligation, SymbolKind::Prohibition]),
        count(&[SymbolKind::Penalty]),
    );
    assert_eq!(defines, cfg.definitions);
    assert_eq!(duties + penalties, cfg.articles * cfg.rules_per_article);
    let edges = model.graph.graph.edge_count();
    eprintln!(
        "decree-745: {} files, {} bytes, {} lines\n\
         generated-10k: {} files, {} bytes, {} lines; {defines} definitions, \
         {duties} obligations/prohibitions, {penalties} penalties, {edges} graph edges",
        decree.files.len(),
        decree.bytes(),
        decree.lines(),
        generated.files.len(),
        generated.bytes(),
        generated.lines(),
    );
    if let Some(dir) = std::env::var_os("TIAOLI_BENCH_DUMP") {
        // Inspect the generated pack: TIAOLI_BENCH_DUMP=/tmp/gen cargo bench … -- --list
        let dir = std::path::PathBuf::from(dir);
        let _ = std::fs::create_dir_all(&dir);
        for (name, text) in &generated.files {
            let _ = std::fs::write(dir.join(name), text);
        }
    }

    let mut group = c.benchmark_group("parse");
    bench_corpus(&mut group, "decree-745", &decree, false);
    bench_corpus(&mut group, "generated-10k", &generated, true);
    group.finish();

    let mut group = c.benchmark_group("check");
    for (id, corpus, ident, large) in [
        ("decree-745", &decree, "decree_745", false),
        ("generated-10k", &generated, "generated", true),
    ] {
        group.throughput(Throughput::Bytes(corpus.bytes()));
        if large {
            group.sample_size(10).sampling_mode(SamplingMode::Flat);
        }
        group.bench_function(id, |b| {
            b.iter(|| {
                check_files(ident, parse_all(black_box(corpus)))
                    .diagnostics
                    .len()
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("check-only");
    let parsed = parse_all(&generated);
    group
        .throughput(Throughput::Bytes(generated.bytes()))
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat);
    group.bench_function("generated-10k", |b| {
        b.iter_batched(
            || parsed.clone(),
            |files| check_files("generated", files).diagnostics.len(),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(check_benches, benches);
criterion_main!(check_benches);

// ------------------------------------------------------------------ generator

/// Sizes of the generated pack.
struct GenConfig {
    seed: u64,
    articles: usize,
    chapters: usize,
    definitions: usize,
    rules_per_article: usize,
}

impl Default for GenConfig {
    fn default() -> Self {
        Self {
            seed: 0x7469_616f_6c69,
            articles: 1_000,
            chapters: 10,
            definitions: 2_000,
            rules_per_article: 8,
        }
    }
}

/// A 64-bit linear congruential generator (Knuth's MMIX constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ty {
    Bool,
    Int,
    OptInt,
    Decimal,
    Money,
    Date,
    OptDate,
    Duration,
    Text,
    Sector,
    Grade,
    Procurements,
}

/// (name, type, type as written, meta)
const FACTS: &[(&str, Ty, &str, bool)] = &[
    ("id", Ty::Text, "text", true),
    ("name", Ty::Text, "text", true),
    ("region", Ty::Text, "text", false),
    ("sector", Ty::Sector, "Sector", false),
    ("grade", Ty::Grade, "Grade", false),
    ("procurements", Ty::Procurements, "list<Procurement>", false),
    ("security_plan_adopted", Ty::Bool, "bool", false),
    ("security_body_established", Ty::Bool, "bool", false),
    ("background_checks_done", Ty::Bool, "bool", false),
    ("staff_trained", Ty::Bool, "bool", false),
    ("incident_reported", Ty::Bool, "bool", false),
    ("risk_assessed", Ty::Bool, "bool", false),
    ("issues_rectified", Ty::Bool, "bool", false),
    ("data_stored_domestically", Ty::Bool, "bool", false),
    ("crypto_assessed", Ty::Bool, "bool", false),
    ("remote_access_controlled", Ty::Bool, "bool", false),
    ("backups_tested", Ty::Bool, "bool", false),
    ("access_logged", Ty::Bool, "bool", false),
    ("vendor_agreement_signed", Ty::Bool, "bool", false),
    ("emergency_plan_adopted", Ty::Bool, "bool", false),
    ("drill_held", Ty::Bool, "bool", false),
    ("change_reported", Ty::Bool, "bool", false),
    ("merger_reported", Ty::Bool, "bool", false),
    ("inspection_cooperated", Ty::Bool, "bool", false),
    ("refused_correction", Ty::Bool, "bool", false),
    ("endangered_security", Ty::Bool, "bool", false),
    ("stores_state_secrets", Ty::Bool, "bool", false),
    ("uses_cryptography", Ty::Bool, "bool", false),
    ("mlps_filed", Ty::Bool, "bool", false),
    ("tested_before_operation", Ty::Bool, "bool", false),
    ("daily_visits", Ty::Int, "int", false),
    ("registered_users", Ty::Int, "int", false),
    ("daily_active_users", Ty::Int, "int", false),
    ("population_affected", Ty::Int, "int", false),
    ("staff_count", Ty::Int, "int", false),
    ("mlps_level", Ty::Int, "int in 1..=5", false),
    ("open_incidents", Ty::OptInt, "optional int", false),
    ("uptime_ratio", Ty::Decimal, "decimal", false),
    ("risk_score", Ty::Decimal, "decimal", false),
    ("daily_transaction_cny", Ty::Money, "money", false),
    ("annual_budget_cny", Ty::Money, "money", false),
    ("security_spend_cny", Ty::Money, "money", false),
    ("revenue_cny", Ty::Money, "money", false),
    ("identification_date", Ty::Date, "date", false),
    ("last_assessment_date", Ty::Date, "date", false),
    ("last_drill_date", Ty::Date, "date", false),
    ("last_mlps_test_date", Ty::Date, "date", false),
    ("commissioning_date", Ty::Date, "date", false),
    ("change_report_date", Ty::OptDate, "optional date", false),
    ("reidentification_date", Ty::OptDate, "optional date", false),
    ("max_outage", Ty::Duration, "duration", false),
    ("backup_interval", Ty::Duration, "duration", false),
];

const SECTORS: &[&str] = &[
    "public_communication",
    "energy",
    "transport",
    "water",
    "finance",
    "public_service",
    "e_government",
    "defense_industry",
    "other",
];
const CMP: &[&str] = &[">=", ">", "<", "=="];
const UNITS: &[&str] = &["months", "years", "weeks", "days"];
const REGIONS: &[&str] = &["north", "south", "east", "west", "华北"];
const GRADES: &[&str] = &["low", "medium", "high", "critical"];
const PARTIES: &[&str] = &[
    "operator",
    "operator",
    "operator",
    "protection_department",
    "anyone",
];

const ZH: &[&str] = &[
    "运营者应当",
    "建立健全网络安全保护制度和责任制",
    "保障人力、财力、物力投入",
    "定期开展网络安全检测和风险评估",
    "对发现的安全问题及时整改",
    "按照保护工作部门要求报送情况",
    "关键信息基础设施发生重大网络安全事件时",
    "按照有关规定向保护工作部门、公安机关报告",
    "优先采购安全可信的网络产品和服务",
    "与提供者签订安全保密协议",
    "由有关主管部门依据职责责令改正",
    "给予警告",
    "拒不改正或者导致危害网络安全等后果的",
    "处十万元以上一百万元以下罚款",
    "对直接负责的主管人员处一万元以上十万元以下罚款",
    "设置专门安全管理机构",
    "对关键岗位人员进行安全背景审查",
    "制定本单位应急预案并定期开展应急演练",
    "存储、处理涉及国家秘密信息的",
    "还应当遵守保密法律、行政法规的规定",
];
const EN: &[&str] = &[
    "the operator shall",
    "establish and improve cybersecurity protection rules and a responsibility system",
    "ensure the necessary human, financial and material resources",
    "carry out cybersecurity testing and risk assessment at least once a year",
    "promptly rectify any security problems found",
    "report on the situation as required by the protection department",
    "when a major cybersecurity incident occurs in critical information infrastructure",
    "report it to the protection department and the public security organs",
    "give priority to procuring secure and trustworthy network products and services",
    "sign a security and confidentiality agreement with the provider",
    "the competent department shall order corrections",
    "and give a warning",
    "where it refuses to make corrections or the breach results in harm",
    "it shall be fined not less than RMB 100,000 and not more than RMB 1,000,000",
    "and the person directly in charge shall be fined",
    "set up a dedicated security management body",
    "conduct security background checks on personnel in key positions",
    "formulate an emergency response plan and hold drills regularly",
    "where the facility stores or processes state secrets",
    "comply with the laws and administrative regulations on secrecy",
];
const WORDS: &[&str] = &[
    "report", "assess", "rectify", "procure", "review", "train", "drill", "backup", "audit",
    "file", "notify", "protect", "monitor", "restore", "encrypt", "disclose",
];

fn zh_sentence(rng: &mut Lcg, parts: usize) -> String {
    let mut s = String::new();
    for i in 0..parts {
        if i > 0 {
            s.push('，');
        }
        s.push_str(pick_str(rng, ZH));
    }
    s.push('。');
    s
}

fn en_sentence(rng: &mut Lcg, parts: usize) -> String {
    let mut s = String::new();
    for i in 0..parts {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(pick_str(rng, EN));
    }
    s.push('.');
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn zh_title(rng: &mut Lcg) -> String {
    let p = rng.pick(ZH);
    p.chars().take(4 + rng.below(6)).collect()
}

fn en_title(rng: &mut Lcg) -> String {
    let words: Vec<&str> = rng.pick(EN).split(' ').collect();
    let n = (2 + rng.below(5)).min(words.len());
    let mut t = words[..n].join(" ");
    if let Some(first) = t.get(..1) {
        t = first.to_uppercase() + &t[1..];
    }
    t
}

/// Definition types: what an expression of that type is built from.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum DefTy {
    Bool,
    Int,
    Money,
    Date,
}

struct Gen<'c> {
    cfg: &'c GenConfig,
    rng: Lcg,
    /// Definitions so far: (name, type).
    defs: Vec<(String, DefTy)>,
    /// Duties and penalties so far, for `violated(…)`/`triggered(…)`.
    duties: Vec<String>,
    penalties: Vec<String>,
    /// Round-robin cursors so that every fact and definition is read.
    fact_cursor: usize,
    def_cursor: usize,
}

impl Gen<'_> {
    fn used_facts() -> Vec<usize> {
        (0..FACTS.len()).filter(|&i| !FACTS[i].3).collect()
    }

    fn next_fact(&mut self) -> usize {
        let facts = Self::used_facts();
        let f = facts[self.fact_cursor % facts.len()];
        self.fact_cursor += 1;
        f
    }

    fn random_fact(&mut self) -> usize {
        let facts = Self::used_facts();
        *self.rng.pick(&facts)
    }

    /// A fact read as a condition.
    fn fact_bool(&mut self, f: usize) -> String {
        let (name, ty, _, _) = FACTS[f];
        let r = &mut self.rng;
        match ty {
            Ty::Bool => {
                if r.chance(25) {
                    format!("not facility.{name}")
                } else {
                    format!("facility.{name}")
                }
            }
            Ty::Int => format!(
                "facility.{name} {} {}",
                r.pick(CMP),
                1 + r.below(5) * 10_usize.pow(r.below(6) as u32)
            ),
            Ty::OptInt => {
                if r.chance(50) {
                    format!("known(facility.{name})")
                } else {
                    format!("(facility.{name} otherwise 0) > {}", r.below(10))
                }
            }
            Ty::Decimal => format!("facility.{name} < 0.{}", 1 + r.below(98)),
            Ty::Money => format!("facility.{name} > {}_000 CNY", 1 + r.below(999)),
            Ty::Date => format!(
                "facility.{name} + {} {} < as_of",
                1 + r.below(11),
                r.pick(UNITS)
            ),
            Ty::OptDate => {
                if r.chance(50) {
                    format!("known(facility.{name})")
                } else {
                    format!("(facility.{name} otherwise as_of) <= as_of - 3 months")
                }
            }
            Ty::Duration => format!("facility.{name} > {} days", 1 + r.below(30)),
            Ty::Text => format!("facility.{name} == \"{}\"", r.pick(REGIONS)),
            Ty::Sector => {
                if r.chance(50) {
                    format!("facility.{name} == .{}", r.pick(SECTORS))
                } else {
                    format!(
                        "facility.{name} in [.{}, .{}, .{}]",
                        r.pick(SECTORS),
                        r.pick(SECTORS),
                        r.pick(SECTORS)
                    )
                }
            }
            Ty::Grade => format!("facility.{name} != .{}", r.pick(GRADES)),
            Ty::Procurements => match r.below(3) {
                0 => format!(
                    "any(p in facility.{name} where p.affects_national_security: not p.security_review_passed)"
                ),
                1 => format!("all(p in facility.{name}: p.agreement_signed)"),
                _ => format!(
                    "count(p in facility.{name} where known(p.signed_on)) >= {}",
                    1 + r.below(4)
                ),
            },
        }
    }

    /// A fact read as a value of `want`.
    fn fact_as(&mut self, f: usize, want: DefTy) -> String {
        let (name, ty, _, _) = FACTS[f];
        match (want, ty) {
            (DefTy::Bool, _) => self.fact_bool(f),
            (DefTy::Int, Ty::Int) => format!("facility.{name}"),
            (DefTy::Int, Ty::OptInt) => format!("(facility.{name} otherwise 0)"),
            (DefTy::Int, Ty::Procurements) => {
                format!("count(p in facility.{name} where p.agreement_signed)")
            }
            (DefTy::Money, Ty::Money) => format!("facility.{name}"),
            (DefTy::Money, Ty::Int) => format!("facility.{name} * 10 CNY"),
            (DefTy::Money, Ty::Procurements) => {
                format!("sum(p in facility.{name}: p.amount_cny)")
            }
            (DefTy::Date, Ty::Date) => format!("facility.{name}"),
            (DefTy::Date, Ty::OptDate) => {
                format!("(facility.{name} otherwise facility.commissioning_date)")
            }
            (DefTy::Date, Ty::Duration) => format!("facility.commissioning_date + facility.{name}"),
            _ => {
                let cond = self.fact_bool(f);
                self.conditional(want, &cond)
            }
        }
    }

    /// `if COND then A else B` of the wanted type.
    fn conditional(&mut self, want: DefTy, cond: &str) -> String {
        let r = &mut self.rng;
        match want {
            DefTy::Bool => cond.to_owned(),
            DefTy::Int => format!("(if {cond} then {} else 0)", 1 + r.below(9)),
            DefTy::Money => format!("(if {cond} then {}_000 CNY else 0 CNY)", 1 + r.below(500)),
            DefTy::Date => format!(
                "(if {cond} then facility.last_drill_date + {} months else facility.identification_date)",
                1 + r.below(24)
            ),
        }
    }

    /// A definition read as a value of `want`.
    fn def_as(&mut self, d: usize, want: DefTy) -> String {
        let (name, ty) = self.defs[d].clone();
        let r = &mut self.rng;
        let cond = match ty {
            DefTy::Bool => name.clone(),
            DefTy::Int => format!("{name} > {}", r.below(20)),
            DefTy::Money => format!("{name} >= {}_000 CNY", 1 + r.below(900)),
            DefTy::Date => format!("{name} <= as_of"),
        };
        if ty == want {
            name
        } else {
            self.conditional(want, &cond)
        }
    }

    fn combine(&mut self, want: DefTy, parts: &[String]) -> String {
        let mut out = String::new();
        for (i, p) in parts.iter().enumerate() {
            if i == 0 {
                out.push_str(p);
                continue;
            }
            match want {
                DefTy::Bool => {
                    let op = if self.rng.chance(60) { "and" } else { "or" };
                    out = if self.rng.chance(30) {
                        format!("({out}) {op} {p}")
                    } else {
                        format!("{out} {op} {p}")
                    };
                }
                DefTy::Int | DefTy::Money => {
                    let op = if self.rng.chance(80) { "+" } else { "-" };
                    out = format!("{out} {op} {p}");
                }
                DefTy::Date => out = format!("max({out}, {p})"),
            }
        }
        out
    }

    fn definitions(&mut self) -> String {
        let mut out = String::from(
            "// Generated benchmark pack: definitions, each reading earlier ones and facts.\n\n",
        );
        for i in 0..self.cfg.definitions {
            let want = match self.rng.below(20) {
                0..=10 => DefTy::Bool,
                11..=13 => DefTy::Int,
                14..=16 => DefTy::Money,
                _ => DefTy::Date,
            };
            let mut parts = Vec::new();
            let f = self.next_fact();
            parts.push(self.fact_as(f, want));
            if !self.defs.is_empty() {
                for _ in 0..self.rng.below(4) {
                    // Mostly recent definitions: long chains, some fan-in.
                    let back = 1 + self.rng.below(self.defs.len().min(200));
                    let d = self.defs.len() - back;
                    parts.push(self.def_as(d, want));
                }
            }
            if self.rng.chance(30) {
                let f = self.random_fact();
                parts.push(self.fact_as(f, want));
            }
            let name = format!("def_{i:04}_{}", self.rng.pick(WORDS));
            let value = self.combine(want, &parts);
            let annotation = match (want, self.rng.chance(30)) {
                (_, false) => "",
                (DefTy::Bool, true) => ": bool",
                (DefTy::Int, true) => ": int",
                (DefTy::Money, true) => ": money",
                (DefTy::Date, true) => ": date",
            };
            let _ = writeln!(out, "define {name}{annotation} = {value}\n");
            self.defs.push((name, want));
        }
        out
    }

    /// A condition reading a random fact and maybe a definition.
    fn condition(&mut self) -> String {
        let mut parts = Vec::new();
        let f = self.random_fact();
        parts.push(self.fact_bool(f));
        if self.rng.chance(50) {
            let d = self.rng.below(self.defs.len());
            parts.push(self.def_as(d, DefTy::Bool));
        }
        self.combine(DefTy::Bool, &parts)
    }

    /// The condition of a duty: the next definition in turn (so that every
    /// definition is used) and a fact.
    fn duty_condition(&mut self) -> String {
        let d = self.def_cursor % self.defs.len();
        self.def_cursor += 1;
        let mut parts = vec![self.def_as(d, DefTy::Bool)];
        if self.rng.chance(60) {
            let f = self.random_fact();
            parts.push(self.fact_bool(f));
        }
        self.combine(DefTy::Bool, &parts)
    }

    fn title(&mut self, indent: &str) -> String {
        let (zh, en) = (zh_title(&mut self.rng), en_title(&mut self.rng));
        format!("{indent}title zh \"{zh}\" en \"{en}\"\n")
    }

    fn text(&mut self, indent: &str) -> String {
        let n = 2 + self.rng.below(4);
        let zh = zh_sentence(&mut self.rng, n);
        let en = en_sentence(&mut self.rng, n);
        format!("{indent}text zh \"{zh}\"\n{indent}     en \"{en}\"\n")
    }

    fn duty(&mut self, out: &mut String, article: usize, cite: &str, obligation: bool) {
        let n = self.duties.len();
        let (kw, prefix, verb) = if obligation {
            ("obligation", "ob", "requires")
        } else {
            ("prohibition", "pr", "forbids")
        };
        let name = format!("{prefix}_{n:05}_{}", self.rng.pick(WORDS));
        let _ = writeln!(out, "  {kw} {name} {{");
        out.push_str(&self.title("    "));
        let _ = writeln!(out, "    cite {cite}");
        let _ = writeln!(out, "    bearer {}", self.rng.pick(PARTIES));
        if self.rng.chance(70) {
            let mut applies = self.condition();
            if !self.duties.is_empty() && self.rng.chance(10) {
                let d = self.rng.below(self.duties.len());
                applies = format!("{applies} and not violated({})", self.duties[d]);
            }
            if !self.penalties.is_empty() && self.rng.chance(5) {
                let p = self.rng.below(self.penalties.len());
                applies = format!("{applies} or triggered({})", self.penalties[p]);
            }
            let _ = writeln!(out, "    applies when {applies}");
        }
        let condition = self.duty_condition();
        let _ = writeln!(out, "    {verb} {condition}");
        if obligation && self.rng.chance(30) {
            let dates: Vec<usize> = (0..self.defs.len())
                .filter(|&i| self.defs[i].1 == DefTy::Date)
                .collect();
            let due = if !dates.is_empty() && self.rng.chance(50) {
                let d = *self.rng.pick(&dates);
                format!("{} + {} days", self.defs[d].0, 1 + self.rng.below(90))
            } else {
                format!(
                    "facility.identification_date + {} months",
                    1 + self.rng.below(12)
                )
            };
            let _ = writeln!(out, "    due {due}");
        }
        if self.rng.chance(20) {
            let f = self.random_fact();
            let cond = self.fact_bool(f);
            let _ = writeln!(out, "    unless {cond} cite art{article}");
        }
        out.push_str("  }\n");
        self.duties.push(name);
    }

    fn penalty(&mut self, out: &mut String, article: usize, own_duty: &str) {
        let n = self.penalties.len();
        let name = format!("pen_{n:05}_{}", self.rng.pick(WORDS));
        let _ = writeln!(out, "  penalty {name} {{");
        out.push_str(&self.title("    "));
        let _ = writeln!(out, "    cite art{article}");
        let _ = writeln!(out, "    trigger {own_duty}");
        if article > 1 && self.rng.chance(30) {
            let _ = writeln!(out, "    trigger art{}", 1 + self.rng.below(article - 1));
        }
        let measures = match self.rng.below(3) {
            0 => "order_correction, warning",
            1 => "order_correction, warning, fine",
            _ => "confiscation, fine",
        };
        let _ = writeln!(out, "    measures {measures}");
        let lo = (1 + self.rng.below(10)) * 10_000;
        let hi = lo * (2 + self.rng.below(99));
        let _ = writeln!(out, "    fine entity {} ..= {}", cny(lo), cny(hi));
        if self.rng.chance(50) {
            out.push_str("    fine person 10_000 CNY ..= 100_000 CNY\n");
        }
        if self.rng.chance(20) {
            let basis = self.fact_as(5, DefTy::Money);
            let _ = writeln!(out, "    fine entity 1 ..= 10 times {basis}");
        }
        if self.rng.chance(30) {
            let cond = self.condition();
            let _ = writeln!(
                out,
                "    escalate when {cond} {{\n      fine entity 200_000 CNY ..= 2_000_000 CNY\n    }}"
            );
        }
        if self.rng.chance(10) {
            let f = self.random_fact();
            let cond = self.fact_bool(f);
            let _ = writeln!(out, "    unless {cond} cite art{article}");
        }
        out.push_str("  }\n");
        self.penalties.push(name);
    }

    fn article(&mut self, out: &mut String, number: usize) {
        let _ = writeln!(out, "article {number} {{");
        out.push_str(&self.title("  "));
        let with_paras = number.is_multiple_of(3);
        if with_paras {
            for p in 1..=2 {
                let _ = writeln!(out, "  para {p} {{");
                out.push_str(&self.text("    "));
                if p == 2 {
                    for item in 1..=3 {
                        let _ = writeln!(out, "    item {item} {{");
                        out.push_str(&self.text("      "));
                        out.push_str("    }\n");
                    }
                }
                out.push_str("  }\n");
            }
        } else {
            out.push_str(&self.text("  "));
        }
        let mut own_duty = String::new();
        for i in 0..self.cfg.rules_per_article {
            let cite = match (with_paras, self.rng.below(3)) {
                (true, 0) => format!("art{number}.1"),
                (true, _) => format!("art{number}.2.{}", 1 + self.rng.below(3)),
                (false, 0) => format!("art{number}.1"),
                (false, _) => format!("art{number}"),
            };
            let roll = self.rng.below(100);
            if i == 0 || roll < 45 || own_duty.is_empty() {
                self.duty(out, number, &cite, true);
                own_duty = self.duties.last().cloned().unwrap_or_default();
            } else if roll < 70 {
                self.duty(out, number, &cite, false);
                own_duty = self.duties.last().cloned().unwrap_or_default();
            } else {
                self.penalty(out, number, &own_duty);
            }
        }
        out.push_str("}\n\n");
    }
}

fn vocabulary() -> String {
    let mut out = String::from("// Generated benchmark pack: vocabulary.\n\n");
    out.push_str("enum Sector {\n  title zh \"行业领域\" en \"Sector\"\n");
    for s in SECTORS {
        let _ = writeln!(out, "  {s} {{ zh \"{s}行业\" en \"the {s} sector\" }}");
    }
    out.push_str("}\n\nenum Grade {\n  title zh \"等级\" en \"Grade\"\n");
    for g in GRADES {
        let _ = writeln!(out, "  {g} {{ zh \"{g}级\" en \"{g}\" }}");
    }
    out.push_str("}\n\n");
    out.push_str(
        "record Procurement {\n  title zh \"网络产品和服务采购\" en \"Procurement\"\n  \
         field amount_cny: money { zh \"采购金额\" en \"price paid\" }\n  \
         field affects_national_security: bool { zh \"可能影响国家安全\" en \"may affect national security\" }\n  \
         field security_review_passed: bool { zh \"通过安全审查\" en \"passed the security review\" }\n  \
         field agreement_signed: bool { zh \"签订安全保密协议\" en \"confidentiality agreement signed\" }\n  \
         field vendor: text { zh \"提供者\" en \"supplier\" }\n  \
         field signed_on: optional date { zh \"签订日期\" en \"date signed\" }\n}\n\n",
    );
    for p in ["operator", "protection_department", "anyone"] {
        let _ = writeln!(out, "party {p} {{ zh \"{p}方\" en \"{p}\" }}\n");
    }
    for m in ["order_correction", "warning", "fine", "confiscation"] {
        let _ = writeln!(out, "measure {m} {{ zh \"{m}措施\" en \"{m}\" }}\n");
    }
    out
}

fn facts(rng: &mut Lcg, articles: usize) -> String {
    let mut out = String::from("// Generated benchmark pack: fact schema.\n\n");
    for (i, (name, _, ty, meta)) in FACTS.iter().enumerate() {
        let meta = if *meta { "meta " } else { "" };
        let zh = zh_sentence(rng, 1);
        let en = en_sentence(rng, 1);
        let _ = writeln!(
            out,
            "{meta}fact {name}: {ty} {{\n  zh \"{zh}\"\n  en \"{en}\"\n  cite art{}\n}}\n",
            1 + (i * 37) % articles
        );
    }
    out
}

fn generate(cfg: &GenConfig) -> Corpus {
    let mut g = Gen {
        cfg,
        rng: Lcg(cfg.seed),
        defs: Vec::new(),
        duties: Vec::new(),
        penalties: Vec::new(),
        fact_cursor: 0,
        def_cursor: 0,
    };
    let mut files = vec![
        ("vocabulary.tiaoli".to_owned(), vocabulary()),
        ("facts.tiaoli".to_owned(), facts(&mut g.rng, cfg.articles)),
    ];
    let per_chapter = cfg.articles.div_ceil(cfg.chapters);
    let mut chapters = String::from("// Generated benchmark pack: chapters.\n\n");
    for c in 0..cfg.chapters {
        let (from, to) = (
            c * per_chapter + 1,
            ((c + 1) * per_chapter).min(cfg.articles),
        );
        let title = g.title("  ");
        let _ = writeln!(
            chapters,
            "chapter {} {{\n{title}  articles {from}..={to}\n}}\n",
            c + 1
        );
    }
    files.push(("chapters.tiaoli".to_owned(), chapters));
    let defs = g.definitions();
    files.push(("definitions.tiaoli".to_owned(), defs));
    for c in 0..cfg.chapters {
        let mut out = format!("// Generated benchmark pack: chapter {}.\n\n", c + 1);
        let (from, to) = (
            c * per_chapter + 1,
            ((c + 1) * per_chapter).min(cfg.articles),
        );
        for number in from..=to {
            g.article(&mut out, number);
        }
        files.push((format!("ch{:02}.tiaoli", c + 1), out));
    }
    Corpus { files }
}

fn pick_str(rng: &mut Lcg, xs: &[&'static str]) -> &'static str {
    xs[rng.below(xs.len())]
}

/// `1_000_000 CNY`
fn cny(amount: usize) -> String {
    let digits = amount.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('_');
        }
        out.push(c);
    }
    out + " CNY"
}
