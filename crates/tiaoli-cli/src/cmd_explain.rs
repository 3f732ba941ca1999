//! `tiaoli explain`: a diagnostic code's page, or an article (its text in
//! both languages, as in force on `--as-of` when it was amended, and the
//! rules it owns), or a rule (its definition, what it depends on and what
//! depends on it), or a fact or a pack (`explain_more.rs`).

use std::path::PathBuf;
use std::str::FromStr;

use jiff::civil::Date;
use tiaoli_check::{Model, SymbolId};
use tiaoli_diagnostics::{Code, Lang};
use tiaoli_syntax::ast::{ArticleMember, Item, Labels, TextVersion};

use tiaoli_workspace::Workspace;

use crate::lang::pick;
use crate::output::emit;
use crate::prepare;

pub fn run(arg: &str, packs: &[PathBuf], as_of: Option<&str>) -> u8 {
    if let Ok(code) = Code::from_str(arg) {
        let lang = crate::lang::get();
        match (
            tiaoli_diagnostics::page_in(arg, lang),
            tiaoli_diagnostics::page(arg),
        ) {
            (Some(page), _) => emit(page),
            (None, Some(page)) => {
                // On stderr: stdout stays the page itself, whatever the language.
                if lang == Lang::Zh {
                    stderr!("注：{code} 尚无中文说明页，以下为英文说明页。");
                }
                emit(page);
            }
            (None, None) => emit(&format!("{code}: {}\n", code.summary())),
        }
        return 0;
    }
    let as_of = match prepare::as_of(as_of) {
        Ok(d) => d,
        Err(msg) => {
            stderr!("error: {msg}");
            return 2;
        }
    };
    let (fs, paths) = prepare::source(packs);
    let ws = match prepare::load(fs, &paths) {
        Ok(ws) => ws,
        Err(code) => return code,
    };
    let checked = ws.check();
    let model = &checked.model;
    // `decree_745::art17`, `decree-745::annual_assessment`: that pack only.
    let qualifier = arg
        .rsplit_once("::")
        .map(|(q, _)| q.trim().replace('-', "_"));
    let in_scope = |pack: usize| {
        qualifier
            .as_deref()
            .is_none_or(|q| model.packs[pack].ident == q)
    };
    let cited = match crate::citation::parse(arg.rsplit("::").next().unwrap_or(arg)) {
        Ok(c) => c,
        Err(msg) => {
            stderr!("error: {msg}");
            return 2;
        }
    };
    if let Some(crate::citation::Cited {
        article: number,
        para,
        item,
    }) = cited
    {
        for (pack, input) in ws.packs.iter().enumerate() {
            if !in_scope(pack) {
                continue;
            }
            for (_, file) in &input.files {
                for item_ in &file.items {
                    if let Item::Article(a) = item_
                        && a.number.value == number
                    {
                        if let Err(msg) = check_part(a, para, item) {
                            stderr!("error: {msg}");
                            return 2;
                        }
                        emit(&article(&ws, model, pack, a, as_of, (para, item)));
                        return 0;
                    }
                }
            }
        }
        match (&qualifier, crate::lang::get()) {
            (Some(q), Lang::En) => stderr!("error: no loaded pack `{q}` has article {number}"),
            (Some(q), Lang::Zh) => stderr!("错误：已加载的规则包 `{q}` 中没有第{number}条"),
            (None, Lang::En) => stderr!("error: no loaded pack has article {number}"),
            (None, Lang::Zh) => stderr!("错误：已加载的规则包中均没有第{number}条"),
        }
        return 2;
    }
    let name = arg.rsplit("::").next().unwrap_or(arg);
    for (pack, p) in model.packs.iter().enumerate() {
        if !in_scope(pack) {
            continue;
        }
        if let Some(&id) = p.values.get(name) {
            emit(&rule(&ws, model, id));
            return 0;
        }
    }
    // A fact (`sector`, `facility.sector`), then a pack (`energy`).
    let fact = name.strip_prefix("facility.").unwrap_or(name);
    for (pack, p) in model.packs.iter().enumerate() {
        if in_scope(pack)
            && let Some(&id) = p.facts.get(fact)
        {
            emit(&crate::explain_more::fact(&ws, model, id));
            return 0;
        }
    }
    if qualifier.is_none()
        && let Some(pack) = crate::explain_more::find_pack(&ws, model, name)
    {
        emit(&crate::explain_more::pack(&ws, model, pack));
        return 0;
    }
    match crate::lang::get() {
        Lang::En => stderr!(
            "error: `{arg}` is not a diagnostic code, an article (art17) or a rule name, nor a fact or a pack"
        ),
        Lang::Zh => {
            stderr!("错误：`{arg}` 既不是诊断代码，也不是条文（art17）、规则名称、事实或规则包")
        }
    }
    let names: Vec<&str> = model
        .packs
        .iter()
        .flat_map(|p| p.values.keys().map(String::as_str))
        .collect();
    if let Some(best) = names
        .iter()
        .min_by_key(|n| strsim_distance(name, n))
        // Characters, not bytes: `第十七条` is 4 long, not 12 (review B3b).
        .filter(|n| strsim_distance(name, n) <= name.chars().count() / 3 + 1)
    {
        match crate::lang::get() {
            Lang::En => stderr!("help: did you mean `{best}`?"),
            Lang::Zh => stderr!("帮助：您是否想写 `{best}`？"),
        }
    }
    2
}

fn strsim_distance(a: &str, b: &str) -> usize {
    // Small edit distance, enough for a suggestion.
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Whether the cited paragraph and item exist in the article; the message
/// names what does not.
fn check_part(
    a: &tiaoli_syntax::ast::Article,
    para: Option<u32>,
    item: Option<u32>,
) -> Result<(), String> {
    let art = a.number.value;
    let Some(p) = para else {
        return Ok(());
    };
    let paras: Vec<&tiaoli_syntax::ast::Para> = a
        .members
        .iter()
        .filter_map(|m| match m {
            ArticleMember::Para(p) => Some(p),
            _ => None,
        })
        .collect();
    let Some(found) = paras.iter().find(|x| x.number.value == p) else {
        return Err(if paras.is_empty() {
            format!(
                "paragraph {p} of article {art} does not exist: article {art} is not divided into paragraphs (cite it as art{art})"
            )
        } else {
            format!(
                "paragraph {p} of article {art} does not exist: article {art} has {} paragraph(s)",
                paras.len()
            )
        });
    };
    if let Some(i) = item
        && !found.items.iter().any(|x| x.number.value == i)
    {
        return Err(if found.items.is_empty() {
            format!(
                "item {i} of paragraph {p} of article {art} does not exist: paragraph {p} has no items (cite it as art{art}.{p})"
            )
        } else {
            format!(
                "item {i} of paragraph {p} of article {art} does not exist: paragraph {p} has {} item(s)",
                found.items.len()
            )
        });
    }
    Ok(())
}

fn labels(l: Option<&Labels>) -> (String, String) {
    let get = |x: Option<&tiaoli_syntax::ast::Str>| x.map(|s| s.value.clone()).unwrap_or_default();
    l.map_or((String::new(), String::new()), |l| {
        (get(l.zh.as_ref()), get(l.en.as_ref()))
    })
}

/// The pack as reports name it: `decree-745`, or `energy (model rules)`;
/// and its kind.
fn pack_label(ws: &Workspace, model: &Model, pack: usize) -> (String, String, &'static str) {
    let m = ws.manifests.get(pack).and_then(Option::as_ref);
    let name = m.map_or_else(
        || model.packs[pack].ident.replace('_', "-"),
        |m| m.name.clone(),
    );
    let kind = m.map_or("regulation", |m| m.kind.as_str());
    if m.is_some_and(|m| m.status == tiaoli_pack::PackStatus::Draft) {
        (
            format!("{name}（征求意见稿，未施行）"),
            format!("{name} (draft, never in force)"),
            kind,
        )
    } else if m.is_some_and(|m| m.model) {
        (
            format!("{name}（示范规则）"),
            format!("{name} (model rules)"),
            kind,
        )
    } else {
        (name.clone(), name, kind)
    }
}

/// Whether the pack is cited by parts and sections (`citation = "parts"`).
fn by_parts(ws: &Workspace, pack: usize) -> bool {
    ws.manifests
        .get(pack)
        .and_then(Option::as_ref)
        .is_some_and(|m| m.citation == tiaoli_pack::CitationStyle::Parts)
}

/// `art. 15(1)(3)` for a rule narrowed by its `cite` (`part 2(2)` in a pack
/// cited by parts and sections).
fn cite_en(parts: bool, article: u32, para: Option<u32>, item: Option<u32>) -> String {
    let mut s = if parts {
        format!("part {article}")
    } else {
        format!("art. {article}")
    };
    if let Some(p) = para {
        s.push_str(&format!("({p})"));
        if let Some(i) = item {
            s.push_str(&format!("({i})"));
        }
    }
    s
}

/// The citation in the run's language: `art. 15(1)(3)`, or
/// `第15条第1款第3项` (`二（二）` in a pack cited by parts, as the report
/// cites them).
fn cite(parts: bool, article: u32, para: Option<u32>, item: Option<u32>) -> String {
    if crate::lang::get() == Lang::En {
        return cite_en(parts, article, para, item);
    }
    let numeral = tiaoli_eval::human::chinese_numeral;
    let mut s = match (parts, para) {
        (true, None) => format!("第{}部分", numeral(article)),
        (true, Some(p)) => format!("{}（{}）", numeral(article), numeral(p)),
        (false, None) => format!("第{article}条"),
        (false, Some(p)) => format!("第{article}条第{p}款"),
    };
    if let (Some(_), Some(i)) = (para, item) {
        s.push_str(&format!("第{i}项"));
    }
    s
}

/// One version of an amended text: the days it is in force (`until`
/// excluded) and what it says.
struct Version<'a> {
    from: Option<Date>,
    until: Option<Date>,
    text: Option<&'a Labels>,
    source: Option<&'a Labels>,
}

impl Version<'_> {
    fn days(&self) -> String {
        match (crate::lang::get(), self.from, self.until) {
            (Lang::En, None, Some(u)) => format!("before {u} (the original text)"),
            (Lang::En, Some(f), Some(u)) => format!("from {f}, before {u}"),
            (Lang::En, Some(f), None) => format!("from {f}"),
            (Lang::En, None, None) => "always".to_owned(),
            (Lang::Zh, None, Some(u)) => format!("{u}以前（原文）"),
            (Lang::Zh, Some(f), Some(u)) => format!("自{f}起，{u}以前"),
            (Lang::Zh, Some(f), None) => format!("自{f}起"),
            (Lang::Zh, None, None) => "始终".to_owned(),
        }
    }

    fn source(&self) -> String {
        let (zh, en) = labels(self.source);
        let by = pick(", amended by ", "，依据");
        match (zh.is_empty(), en.is_empty()) {
            (true, true) => String::new(),
            (false, false) => format!("{by}{zh} · {en}"),
            _ => format!("{by}{zh}{en}"),
        }
    }
}

/// The text of an article, paragraph or item in force on `as_of`, and
/// lines naming its version and listing the others with their days (none
/// for a text never amended).
pub(crate) fn text_on<'a>(
    original: Option<&'a Labels>,
    versions: &'a [TextVersion],
    as_of: Date,
) -> (Option<&'a Labels>, Vec<String>) {
    if versions.is_empty() {
        return (original, Vec::new());
    }
    let mut dated: Vec<&TextVersion> = versions.iter().collect();
    dated.sort_by_key(|v| v.from.0);
    let mut timeline = vec![Version {
        from: None,
        until: dated.first().map(|v| v.from.0),
        text: original,
        source: None,
    }];
    for (i, v) in dated.iter().enumerate() {
        timeline.push(Version {
            from: Some(v.from.0),
            until: dated.get(i + 1).map(|n| n.from.0),
            text: Some(&v.text),
            source: v.source.as_ref(),
        });
    }
    let current = timeline
        .iter()
        .rposition(|v| v.from.is_none_or(|f| f <= as_of))
        .unwrap_or(0);
    let mut notes = Vec::new();
    if let Some(v) = timeline.get(current) {
        notes.push(match crate::lang::get() {
            Lang::En => format!("[in force on {as_of}: the text {}{}]", v.days(), v.source()),
            Lang::Zh => format!("[{as_of}施行的文本：{}{}]", v.days(), v.source()),
        });
    }
    notes.push(pick("[other versions]", "[其他版本]").to_owned());
    for (i, v) in timeline.iter().enumerate() {
        if i == current {
            continue;
        }
        let (zh, en) = labels(v.text);
        notes.push(format!("  {}{}:", v.days(), v.source()));
        notes.push(format!("    {zh}"));
        notes.push(format!("    {en}"));
    }
    (timeline.get(current).and_then(|v| v.text), notes)
}

fn push_notes(out: &mut String, indent: &str, notes: &[String]) {
    for n in notes {
        out.push_str(&format!("{indent}{n}\n"));
    }
}

fn article(
    ws: &Workspace,
    model: &Model,
    pack: usize,
    a: &tiaoli_syntax::ast::Article,
    as_of: Date,
    cited: (Option<u32>, Option<u32>),
) -> String {
    let mut out = String::new();
    let (zh, en) = labels(a.title());
    let info = model.packs[pack].articles.get(&a.number.value);
    let chapter = info
        .and_then(|i| i.chapter)
        .map(|c| match crate::lang::get() {
            Lang::En => format!(", chapter {c}"),
            Lang::Zh => format!("，第{}章", tiaoli_eval::human::chinese_numeral(c)),
        })
        .unwrap_or_default();
    let (pack_zh, pack_en, kind) = pack_label(ws, model, pack);
    let parts = by_parts(ws, pack);
    let (head_zh, head_en) = if parts {
        (
            format!(
                "第{}部分",
                tiaoli_eval::human::chinese_numeral(a.number.value)
            ),
            format!("part {}", a.number.value),
        )
    } else {
        (
            format!("第{}条", a.number.value),
            format!("art. {}", a.number.value),
        )
    };
    // The kind and chapter go on the line of the run's language.
    out.push_str(&match crate::lang::get() {
        Lang::En => {
            format!("{pack_zh} {head_zh} {zh}\n{pack_en} {head_en} · {en}   ({kind}{chapter})\n\n")
        }
        Lang::Zh => format!(
            "{pack_zh} {head_zh} {zh}   （{kind}{chapter}）\n{pack_en} {head_en} · {en}\n\n"
        ),
    });
    // A cited paragraph or item is marked `▶`.
    if cited.0.is_some() {
        out.push_str(&format!(
            "  ▶ {}{}\n\n",
            pick("cited: ", "所引："),
            cite(parts, a.number.value, cited.0, cited.1)
        ));
    }
    let mark = |on: bool| if on { "▶ " } else { "" };
    let article_versions: Vec<TextVersion> = a.text_versions().cloned().collect();
    for m in &a.members {
        match m {
            ArticleMember::Text(l) => {
                let (text, notes) = text_on(Some(l), &article_versions, as_of);
                let (zh, en) = labels(text);
                out.push_str(&format!("  {zh}\n  {en}\n"));
                push_notes(&mut out, "  ", &notes);
                out.push('\n');
            }
            ArticleMember::Applies { span, .. } => {
                if let Some(i) = info {
                    out.push_str(&format!("  {}\n\n", ws.sources.slice(i.file, *span)));
                }
            }
            ArticleMember::Para(p) => {
                let (text, notes) = text_on(p.text.as_ref(), &p.versions, as_of);
                let (zh, en) = labels(text);
                let para_cited = cited.0 == Some(p.number.value);
                out.push_str(&format!(
                    "  {}¶{}  {zh}\n      {en}\n",
                    mark(para_cited && cited.1.is_none()),
                    p.number.value
                ));
                push_notes(&mut out, "      ", &notes);
                for i in &p.items {
                    let (text, notes) = text_on(i.text.as_ref(), &i.versions, as_of);
                    let (zh, en) = labels(text);
                    let on = para_cited && cited.1 == Some(i.number.value);
                    let lead = if on { "    ▶ " } else { "      " };
                    out.push_str(&format!("{lead}{zh}\n      {en}\n"));
                    push_notes(&mut out, "      ", &notes);
                }
                out.push('\n');
            }
            _ => {}
        }
    }
    let rules = info.map(|i| i.rules.clone()).unwrap_or_default();
    if rules.is_empty() {
        out.push_str(pick(
            "This article imposes nothing checkable: it is kept as text.\n",
            "本条未规定可检查的要求：仅保留其文本。\n",
        ));
    } else {
        out.push_str(pick("Rules:\n", "规则：\n"));
        for (id, para, item) in rules {
            if para.is_some() {
                out.push_str(&format!(
                    "  [{}]\n",
                    cite(parts, a.number.value, para, item)
                ));
            }
            out.push_str(&rule_summary(ws, model, id));
        }
    }
    out
}

fn rule_summary(_ws: &Workspace, model: &Model, id: SymbolId) -> String {
    let s = model.symbol(id);
    let names = |ids: Vec<SymbolId>| -> String {
        let v: Vec<String> = ids
            .iter()
            .map(|i| {
                let t = model.symbol(*i);
                let kind = t.kind.describe();
                if kind == "fact" {
                    format!("facility.{}", t.name)
                } else {
                    t.name.clone()
                }
            })
            .collect();
        if v.is_empty() {
            "—".to_owned()
        } else {
            v.join(", ")
        }
    };
    let (reads, read_by) = match crate::lang::get() {
        Lang::En => ("reads:   ", "read by: "),
        Lang::Zh => ("读取：", "被读取："),
    };
    format!(
        "  {} {}\n      {reads}{}\n      {read_by}{}\n",
        s.kind.describe(),
        s.name,
        names(model.graph.dependencies(id)),
        names(model.graph.dependents(id)),
    )
}

fn rule(ws: &Workspace, model: &Model, id: SymbolId) -> String {
    let s = model.symbol(id);
    let (_, pack, _) = pack_label(ws, model, s.pack);
    let cite = s.article.map(|a| {
        let (para, item) = model.packs[s.pack]
            .articles
            .get(&a)
            .and_then(|info| info.rules.iter().find(|(r, _, _)| *r == id))
            .map_or((None, None), |(_, p, i)| (*p, *i));
        cite(by_parts(ws, s.pack), a, para, item)
    });
    let mut out = format!(
        "{} `{}` ({pack}{})\n\n",
        s.kind.describe(),
        s.name,
        cite.map(|c| format!(" {c}")).unwrap_or_default()
    );
    out.push_str(&dedented(ws.sources.text(s.file), s.span));
    out.push_str("\n\n");
    out.push_str(&rule_summary(ws, model, id));
    out
}

/// The declaration at `span`, its lines moved left by its first line's
/// indentation, so that it reads as written (review B14: the first line
/// came at column 0, the body at 4, the `}` at 2).
pub(crate) fn dedented(text: &str, span: tiaoli_text::TextRange) -> String {
    let start = span.start().min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &text[line_start..start];
    let body = text
        .get(start..span.end().min(text.len()))
        .unwrap_or_default();
    if indent.is_empty() || !indent.chars().all(|c| c == ' ' || c == '\t') {
        return body.to_owned();
    }
    body.split('\n')
        .enumerate()
        .map(|(i, l)| match l.strip_prefix(indent) {
            Some(rest) if i > 0 => rest,
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}
