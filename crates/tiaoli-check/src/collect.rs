//! Pass 1: every declaration gets a symbol, every article its structure,
//! every fact and field its type. Duplicates, chapter coverage, missing
//! texts and sector-pack overreach are reported here.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use tiaoli_diagnostics::{Code, Diagnostic, Msg, msg};
use tiaoli_syntax::ast::{self, Item, Labels, TypeExpr};
use tiaoli_text::{FileId, TextRange};

use crate::CheckPack;
use crate::defs::{Def, Sink, declared, used};
use crate::model::{ArticleInfo, Model, PackModel, Symbol, SymbolId, SymbolKind};
use crate::suggest::closest;
use crate::types::Type;

pub(crate) struct Collector<'a> {
    packs: &'a [CheckPack],
    pub model: Model,
    pub diagnostics: Vec<Diagnostic>,
    /// Declarations, and the names in declared types.
    pub occurrences: Sink,
}

/// What a sector pack may not declare at the top level, if `item` is one.
/// What a sector pack may not declare, in English and Chinese.
fn sector_forbidden(item: &Item) -> Option<(&'static str, &'static str)> {
    Some(match item {
        Item::Fact(_) => ("a fact", "事实"),
        Item::Enum(_) => ("an enum", "枚举"),
        Item::Record(_) => ("a record", "记录"),
        Item::Party(_) => ("a party", "主体"),
        Item::Measure(_) => ("a measure", "措施"),
        _ => return None,
    })
}

/// Which namespace of a pack a symbol lives in.
#[derive(Clone, Copy)]
enum Ns {
    Facts,
    Types,
    Parties,
    Measures,
    Values,
}

impl<'a> Collector<'a> {
    pub fn new(packs: &'a [CheckPack]) -> Self {
        let model = Model {
            packs: packs
                .iter()
                .map(|p| PackModel {
                    ident: p.ident.clone(),
                    is_sector: p.is_sector,
                    authority: p.authority,
                    model: p.model,
                    deps: p.deps.clone(),
                    has_syntax_errors: p.has_syntax_errors,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        Self {
            packs,
            model,
            diagnostics: Vec::new(),
            occurrences: Sink::new(),
        }
    }

    pub fn collect(&mut self) {
        for (pack, input) in self.packs.iter().enumerate() {
            let mut chapters = Vec::new();
            for (file, source) in &input.files {
                for item in &source.items {
                    if input.is_sector {
                        if let Some(what) = sector_forbidden(item) {
                            self.sector_overreach(*file, item.header_span(), what);
                            continue;
                        }
                        if let Item::Article(a) = item {
                            for r in a.rules() {
                                let what = match r {
                                    ast::Rule::Penalty(_) => ("a penalty", "处罚"),
                                    ast::Rule::Extension(_) => ("an extension point", "扩展点"),
                                    _ => continue,
                                };
                                let span = TextRange::new(r.span().start(), r.name().span.end());
                                self.sector_overreach(*file, span, what);
                            }
                        }
                    }
                    self.declare_item(pack, *file, item, &mut chapters);
                }
            }
            for (file, source) in &input.files {
                for broken in &source.broken {
                    self.declare_broken(pack, *file, broken);
                }
            }
            self.assign_chapters(pack, &chapters);
        }
        self.resolve_declared_types();
        self.conflicting_facts();
    }

    /// Facility files have one flat namespace of keys, shared by every
    /// loaded pack: two packs that declare a fact of the same name share
    /// its key (and its slot in evaluation), which is sound only if they
    /// agree on its type and bounds. If they do not, N015 at the later
    /// declaration, pointing at the first.
    fn conflicting_facts(&mut self) {
        // name → (pack, file, name span, type, bounds) of the first declaration.
        type Decl = (usize, FileId, TextRange, Type, Option<(i64, i64)>);
        let mut first: std::collections::HashMap<String, Decl> = std::collections::HashMap::new();
        for (pack, input) in self.packs.iter().enumerate() {
            for (file, source) in &input.files {
                for item in &source.items {
                    let Item::Fact(f) = item else { continue };
                    let Some(&id) = self.model.packs[pack].facts.get(&f.name.name) else {
                        continue;
                    };
                    let sym = &self.model.symbols[id.0 as usize];
                    if (sym.file, sym.span) != (*file, f.span) || sym.ty.is_error() {
                        continue;
                    }
                    let bounds = f.bounds.as_ref().map(|b| (b.min, b.max));
                    let Some((p0, file0, span0, ty0, bounds0)) = first.get(&f.name.name) else {
                        first.insert(
                            f.name.name.clone(),
                            (pack, *file, f.name.span, sym.ty.clone(), bounds),
                        );
                        continue;
                    };
                    if *p0 == pack || (*ty0 == sym.ty && *bounds0 == bounds) {
                        continue;
                    }
                    let show = |p: usize, ty: &Type, b: Option<(i64, i64)>| {
                        let mut t = ty.display(&self.model).to_string();
                        if let Some((lo, hi)) = b {
                            t.push_str(&format!(" in {lo}..={hi}"));
                        }
                        let ident = &self.model.packs[p].ident;
                        msg!(en: "`{t}` in pack `{ident}`", zh: "规则包 `{ident}` 中的 `{t}`")
                    };
                    let here = show(pack, &sym.ty, bounds);
                    let there = show(*p0, ty0, *bounds0);
                    let name = &f.name.name;
                    let (here_en, here_zh, there_en, there_zh) =
                        (here.en(), here.zh(), there.en(), there.zh());
                    let d = Diagnostic::new(
                        Code::N015,
                        msg!(
                            en: "fact `{name}` is declared as {here_en} and as {there_en}",
                            zh: "事实 `{name}` 既被声明为{here_zh}，又被声明为{there_zh}"
                        ),
                    )
                    .with_primary(
                        *file,
                        f.name.span,
                        msg!(en: "declared as {here_en}", zh: "声明为{here_zh}"),
                    )
                    .with_secondary(
                        *file0,
                        *span0,
                        msg!(en: "declared as {there_en}", zh: "声明为{there_zh}"),
                    )
                    .with_help(msg!(
                        en: "facility files have one key per fact name, shared by every loaded pack: give the two facts different names, or the same type and bounds",
                        zh: "设施文件中每个事实名称只有一个键，由所有已加载的规则包共用：请给两个事实起不同的名称，或使它们的类型和取值范围相同"
                    ))
                    .with_note(msg!(
                        en: "packs that agree on a fact's type share it: the facility gives it once, and both packs read the same value",
                        zh: "对同一事实声明相同类型的规则包共用该事实：设施只需给出一次，两个规则包读取同一个值"
                    ));
                    self.diagnostics.push(d);
                }
            }
        }
    }

    fn sector_overreach(&mut self, file: FileId, span: TextRange, what: (&str, &str)) {
        let (what, what_zh) = what;
        self.diagnostics.push(
            Diagnostic::new(
                Code::R004,
                msg!(
                    en: "a sector pack cannot declare {what}",
                    zh: "行业规则包不能声明{what_zh}"
                ),
            )
            .with_primary(
                file,
                span,
                msg!(en: "only the regulation declares this", zh: "只有法规才能声明此项"),
            )
            .with_help(msg!(
                en: "a sector pack fills the regulation's extension points (`implement EXTENSION for .sector {{ … }}`) and may add duties of its own in its articles; facts, types, parties, measures, penalties and extension points are declared by the regulation pack",
                zh: "行业规则包填充法规的扩展点（`implement EXTENSION for .sector {{ … }}`），并可在其条文中增加自己的义务；事实、类型、主体、措施、处罚和扩展点由法规规则包声明"
            )),
        );
    }

    fn add(&mut self, pack: usize, ns: Ns, symbol: Symbol) -> SymbolId {
        let name = symbol.name.clone();
        let (file, name_span, kind) = (symbol.file, symbol.name_span, symbol.kind);
        let id = self.model.add_symbol(symbol);
        declared(&mut self.occurrences, file, name_span, Def::Symbol(id));
        let table = match ns {
            Ns::Facts => &mut self.model.packs[pack].facts,
            Ns::Types => &mut self.model.packs[pack].types,
            Ns::Parties => &mut self.model.packs[pack].parties,
            Ns::Measures => &mut self.model.packs[pack].measures,
            Ns::Values => &mut self.model.packs[pack].values,
        };
        if let Some(&prev) = table.get(&name) {
            self.model.symbols[id.0 as usize].quiet = true;
            let p = &self.model.symbols[prev.0 as usize];
            let (k, k_zh) = (kind.describe(), kind.describe_zh());
            let (pk, pk_zh) = (p.kind.describe(), p.kind.describe_zh());
            self.diagnostics.push(
                Diagnostic::new(
                    Code::N002,
                    msg!(en: "`{name}` is declared twice", zh: "`{name}` 被声明了两次"),
                )
                .with_primary(
                    file,
                    name_span,
                    msg!(en: "this {k} reuses the name", zh: "此{k_zh}重复使用了该名称"),
                )
                .with_secondary(
                    p.file,
                    p.name_span,
                    msg!(en: "first declared here as a {pk}", zh: "首次在此声明为{pk_zh}"),
                )
                .with_help(msg!(
                    en: "rename one of them; names are unique within a pack",
                    zh: "请重命名其中之一；名称在规则包内必须唯一"
                )),
            );
        } else {
            table.insert(name, id);
        }
        id
    }

    fn symbol(
        pack: usize,
        file: FileId,
        kind: SymbolKind,
        name: &ast::Ident,
        span: TextRange,
        article: Option<u32>,
    ) -> Symbol {
        Symbol {
            name: name.name.clone(),
            pack,
            kind,
            file,
            name_span: name.span,
            span,
            article,
            ty: Type::Error,
            meta: false,
            quiet: false,
        }
    }

    fn declare_item(
        &mut self,
        pack: usize,
        file: FileId,
        item: &Item,
        chapters: &mut Vec<(FileId, ast::Chapter)>,
    ) {
        match item {
            Item::Chapter(c) => chapters.push((file, c.clone())),
            Item::Article(a) => self.declare_article(pack, file, a),
            Item::Fact(f) => {
                let mut s = Self::symbol(pack, file, SymbolKind::Fact, &f.name, f.span, None);
                s.meta = f.meta;
                self.add(pack, Ns::Facts, s);
                self.require_labels(
                    file,
                    &f.labels,
                    f.name.span,
                    ("fact", "事实"),
                    ("description", "说明"),
                );
            }
            Item::Enum(e) => {
                let id = self.add(
                    pack,
                    Ns::Types,
                    Self::symbol(pack, file, SymbolKind::Enum, &e.name, e.span, None),
                );
                self.model.symbols[id.0 as usize].ty = Type::Enum(id);
                let mut variants = IndexMap::new();
                for v in &e.variants {
                    if variants.contains_key(&v.name.name) {
                        self.duplicate_member(file, &v.name, ("variant", "变体"));
                    } else {
                        let def = Def::Variant {
                            enum_id: id,
                            index: variants.len() as u32,
                        };
                        declared(&mut self.occurrences, file, v.name.span, def);
                        variants.insert(v.name.name.clone(), (v.name.span, Type::Enum(id)));
                    }
                    self.require_labels(
                        file,
                        &v.labels,
                        v.name.span,
                        ("variant", "变体"),
                        ("label", "标签"),
                    );
                }
                self.model.packs[pack].members.insert(id, variants);
            }
            Item::Record(r) => {
                let id = self.add(
                    pack,
                    Ns::Types,
                    Self::symbol(pack, file, SymbolKind::Record, &r.name, r.span, None),
                );
                self.model.symbols[id.0 as usize].ty = Type::Record(id);
                let mut fields = IndexMap::new();
                for f in &r.fields {
                    if fields.contains_key(&f.name.name) {
                        self.duplicate_member(file, &f.name, ("field", "字段"));
                    } else {
                        let index = fields.len() as u32;
                        let def = Def::Field { record: id, index };
                        declared(&mut self.occurrences, file, f.name.span, def);
                        fields.insert(f.name.name.clone(), (f.name.span, Type::Error));
                    }
                    self.require_labels(
                        file,
                        &f.labels,
                        f.name.span,
                        ("field", "字段"),
                        ("description", "说明"),
                    );
                }
                self.model.packs[pack].members.insert(id, fields);
            }
            Item::Party(p) => {
                self.add(
                    pack,
                    Ns::Parties,
                    Self::symbol(pack, file, SymbolKind::Party, &p.name, p.span, None),
                );
                self.require_labels(
                    file,
                    &p.labels,
                    p.name.span,
                    ("party", "主体"),
                    ("label", "标签"),
                );
            }
            Item::Measure(m) => {
                self.add(
                    pack,
                    Ns::Measures,
                    Self::symbol(pack, file, SymbolKind::Measure, &m.name, m.span, None),
                );
                self.require_labels(
                    file,
                    &m.labels,
                    m.name.span,
                    ("measure", "措施"),
                    ("label", "标签"),
                );
            }
            Item::Define(d) => {
                self.add(
                    pack,
                    Ns::Values,
                    Self::symbol(pack, file, SymbolKind::Define, &d.name, d.span, None),
                );
            }
            Item::Determination(d) => {
                let id = self.add(
                    pack,
                    Ns::Values,
                    Self::symbol(pack, file, SymbolKind::Determination, &d.name, d.span, None),
                );
                self.model.symbols[id.0 as usize].ty = Type::Bool;
                for r in &d.readings {
                    self.require_labels(
                        file,
                        &r.labels,
                        r.span,
                        ("reading", "解读"),
                        ("text", "文本"),
                    );
                }
            }
            Item::Implement(_) | Item::Test(_) => {}
        }
    }

    /// A declaration whose body did not parse: its name resolves (quietly,
    /// with an unknown type) so the syntax error is the only report.
    fn declare_broken(&mut self, pack: usize, file: FileId, b: &ast::BrokenDecl) {
        let (ns, kind) = match b.keyword.as_str() {
            "fact" => (Ns::Facts, SymbolKind::Fact),
            "enum" => (Ns::Types, SymbolKind::Enum),
            "record" => (Ns::Types, SymbolKind::Record),
            "party" => (Ns::Parties, SymbolKind::Party),
            "measure" => (Ns::Measures, SymbolKind::Measure),
            "define" => (Ns::Values, SymbolKind::Define),
            "determination" => (Ns::Values, SymbolKind::Determination),
            "obligation" => (Ns::Values, SymbolKind::Obligation),
            "prohibition" => (Ns::Values, SymbolKind::Prohibition),
            "penalty" => (Ns::Values, SymbolKind::Penalty),
            "extension" => (Ns::Values, SymbolKind::Extension),
            "exception" => (Ns::Values, SymbolKind::Exception),
            _ => return,
        };
        let mut symbol = Self::symbol(pack, file, kind, &b.name, b.span, b.article);
        symbol.quiet = true;
        symbol.meta = true;
        if kind.is_duty() || kind == SymbolKind::Determination {
            symbol.ty = Type::Bool;
        }
        let id = self.add(pack, ns, symbol);
        if let Some(info) = b
            .article
            .and_then(|a| self.model.packs[pack].articles.get_mut(&a))
        {
            info.rules.push((id, None, None));
        }
    }

    fn duplicate_member(&mut self, file: FileId, name: &ast::Ident, what: (&str, &str)) {
        let ((what, what_zh), name_span, name) = (what, name.span, &name.name);
        self.diagnostics.push(
            Diagnostic::new(
                Code::N002,
                msg!(
                    en: "{what} `{name}` is declared twice",
                    zh: "{what_zh} `{name}` 被声明了两次"
                ),
            )
            .with_primary(
                file,
                name_span,
                msg!(en: "a second {what} with this name", zh: "同名的第二个{what_zh}"),
            ),
        );
    }

    fn declare_article(&mut self, pack: usize, file: FileId, a: &ast::Article) {
        let number = a.number.value;
        if number == 0 {
            return; // reported by the parser (S005)
        }
        if let Some(prev) = self.model.packs[pack].articles.get(&number) {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::N003,
                    msg!(en: "article {number} is declared twice", zh: "第{number}条被声明了两次"),
                )
                .with_primary(file, a.number.span, declared_again_here())
                .with_secondary(prev.file, prev.number_span, first_declared_here()),
            );
            return;
        }
        declared(
            &mut self.occurrences,
            file,
            a.number.span,
            Def::Article {
                pack,
                article: number,
            },
        );
        let mut info = ArticleInfo {
            file,
            span: a.span,
            number_span: a.number.span,
            ..Default::default()
        };
        let head = TextRange::new(a.span.start(), a.number.span.end());
        match a.title() {
            Some(t) => self.require_labels(file, t, t.span, ("title", "标题"), ("title", "标题")),
            // Broken, not missing: the syntax error says so.
            None if a.is_broken(None, None, "title") => {}
            None => self.missing_text(
                file,
                head,
                msg!(en: "article {number} has no title", zh: "第{number}条没有标题"),
                add_title(),
            ),
        }
        let paras: Vec<&ast::Para> = a.paras().collect();
        // Amended texts are bilingual like the text they replace.
        let versions = a.text_versions().chain(paras.iter().flat_map(|p| {
            p.versions
                .iter()
                .chain(p.items.iter().flat_map(|i| &i.versions))
        }));
        for v in versions {
            self.require_labels(
                file,
                &v.text,
                v.span,
                ("amended text", "修订文本"),
                ("text", "文本"),
            );
            if let Some(src) = &v.source {
                self.require_labels(
                    file,
                    src,
                    src.span,
                    ("amendment source", "修订来源"),
                    ("name", "名称"),
                );
            }
        }
        match (a.text(), paras.is_empty()) {
            (Some(t), true) => {
                self.require_labels(file, t, t.span, ("text", "文本"), ("text", "文本"));
                info.paras.insert(1, Default::default());
            }
            (None, true) if a.is_broken(None, None, "text") || a.broken.iter().any(|b| b.keyword == "para") => {}
            (None, true) => self.missing_text(
                file,
                head,
                msg!(en: "article {number} has no text", zh: "第{number}条没有文本"),
                msg!(
                    en: "every article carries its official Chinese text and an English rendering: add `text zh \"…\" en \"…\"`, or `para` blocks",
                    zh: "每一条都带有官方中文文本和英文译文：请添加 `text zh \"…\" en \"…\"` 或 `para` 块"
                ),
            ),
            (text, false) => {
                if let Some(t) = text {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::R008,
                            msg!(
                                en: "article {number} has both `text` and `para` blocks",
                                zh: "第{number}条同时有 `text` 和 `para` 块"
                            ),
                        )
                        .with_primary(
                            file,
                            t.span,
                            msg!(en: "put this text into `para 1`", zh: "请将此文本移入 `para 1`"),
                        )
                        .with_help(msg!(
                            en: "an article's text is either given whole (one paragraph) or paragraph by paragraph",
                            zh: "条的文本要么整体给出（一款），要么逐款给出"
                        )),
                    );
                }
                for p in paras {
                    self.declare_para(pack, file, a, p, &mut info);
                }
            }
        }
        for rule in a.rules() {
            for r in rule.readings() {
                self.require_labels(
                    file,
                    &r.labels,
                    r.span,
                    ("reading", "解读"),
                    ("text", "文本"),
                );
            }
            let id = self.declare_rule(pack, file, number, rule);
            let cite = match rule {
                ast::Rule::Duty(d) => d.cite.as_ref(),
                ast::Rule::Penalty(p) => p.cite.as_ref(),
                ast::Rule::Exception(e) => e.cite.as_ref(),
                ast::Rule::Determination(d) => d.cite.as_ref(),
                _ => None,
            };
            let own = |c: &ast::Citation| {
                c.article == number
                    && c.pack
                        .as_ref()
                        .is_none_or(|q| q.name == self.packs[pack].ident)
            };
            if let Some(c) = cite.filter(|c| !own(c)) {
                self.misplaced_cite(file, number, rule, c);
            }
            if let Some(c) = cite.filter(|c| own(c) && c.para.is_none()) {
                let rule_name = &rule.name().name;
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::W008,
                        msg!(
                            en: "`cite art{number}` repeats the article `{rule_name}` is written in",
                            zh: "`cite art{number}` 重复了 `{rule_name}` 所在的条"
                        ),
                    )
                    .with_primary(
                        file,
                        c.span,
                        msg!(
                            en: "the rule already belongs to this article",
                            zh: "该规则本来就属于这一条"
                        ),
                    )
                    .with_help(msg!(
                        en: "remove the `cite`, or narrow it to the paragraph or item that makes the rule (e.g. `cite art{number}.1`)",
                        zh: "请删除 `cite`，或将其缩小到规定该规则的款或项（例如 `cite art{number}.1`）"
                    )),
                );
            }
            let (para, item) = cite
                .filter(|c| own(c))
                .map_or((None, None), |c| (c.para, c.item));
            info.rules.push((id, para, item));
        }
        self.model.packs[pack].articles.insert(number, info);
    }

    /// R015: a rule's `cite` only narrows it within its own article (B2):
    /// citing another article would report the rule under a provision
    /// that does not make it.
    fn misplaced_cite(&mut self, file: FileId, number: u32, rule: &ast::Rule, c: &ast::Citation) {
        let shown = match &c.pack {
            Some(q) => format!("{}::{}", q.name, c.display()),
            None => c.display(),
        };
        let (rule_name, other) = (&rule.name().name, c.article);
        self.diagnostics.push(
            Diagnostic::new(
                Code::R015,
                msg!(
                    en: "`cite {shown}` names a provision outside article {number}",
                    zh: "`cite {shown}` 指向第{number}条之外的规定"
                ),
            )
            .with_primary(
                file,
                c.span,
                msg!(
                    en: "`{rule_name}` belongs to article {number}",
                    zh: "`{rule_name}` 属于第{number}条"
                ),
            )
            .with_help(msg!(
                en: "a rule's `cite` narrows it to a paragraph or item of its own article (e.g. `cite art{number}.1`); \
                     to make it a rule of article {other}, move it into that article",
                zh: "规则的 `cite` 只能将其缩小到本条的某款或某项（例如 `cite art{number}.1`）；\
                     若要使其成为第{other}条的规则，请将它移入该条"
            )),
        );
    }

    fn declare_para(
        &mut self,
        pack: usize,
        file: FileId,
        a: &ast::Article,
        p: &ast::Para,
        info: &mut ArticleInfo,
    ) {
        let article = a.number.value;
        if info.paras.contains_key(&p.number.value) {
            let para = p.number.value;
            self.diagnostics.push(
                Diagnostic::new(
                    Code::N011,
                    msg!(
                        en: "paragraph {para} of article {article} is declared twice",
                        zh: "第{article}条第{para}款被声明了两次"
                    ),
                )
                .with_primary(file, p.number.span, used_again_here()),
            );
            return;
        }
        let para = p.number.value;
        declared(
            &mut self.occurrences,
            file,
            p.number.span,
            Def::Paragraph {
                pack,
                article,
                para,
            },
        );
        match &p.text {
            Some(t) => self.require_labels(file, t, t.span, ("text", "文本"), ("text", "文本")),
            None if a.is_broken(Some(para), None, "text") => {}
            None => self.missing_text(
                file,
                TextRange::new(p.span.start(), p.number.span.end()),
                msg!(
                    en: "paragraph {para} of article {article} has no text",
                    zh: "第{article}条第{para}款没有文本"
                ),
                add_text(),
            ),
        }
        let mut items = std::collections::BTreeSet::new();
        for item in &p.items {
            if !items.insert(item.number.value) {
                let n = item.number.value;
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::N011,
                        msg!(
                            en: "item {n} of article {article} paragraph {para} is declared twice",
                            zh: "第{article}条第{para}款第{n}项被声明了两次"
                        ),
                    )
                    .with_primary(file, item.number.span, used_again_here()),
                );
            } else {
                declared(
                    &mut self.occurrences,
                    file,
                    item.number.span,
                    Def::Item {
                        pack,
                        article,
                        para,
                        item: item.number.value,
                    },
                );
            }
            match &item.text {
                Some(t) => self.require_labels(file, t, t.span, ("text", "文本"), ("text", "文本")),
                None if a.is_broken(Some(para), Some(item.number.value), "item") => {}
                None => {
                    let n = item.number.value;
                    self.missing_text(
                        file,
                        TextRange::new(item.span.start(), item.number.span.end()),
                        msg!(
                            en: "item {n} of article {article} has no text",
                            zh: "第{article}条第{para}款第{n}项没有文本"
                        ),
                        add_text(),
                    )
                }
            }
        }
        info.paras.insert(p.number.value, items);
    }

    fn declare_rule(
        &mut self,
        pack: usize,
        file: FileId,
        article: u32,
        rule: &ast::Rule,
    ) -> SymbolId {
        use ast::Rule as R;
        let kind = match rule {
            R::Duty(d) if d.kind == ast::DutyKind::Obligation => SymbolKind::Obligation,
            R::Duty(_) => SymbolKind::Prohibition,
            R::Penalty(_) => SymbolKind::Penalty,
            R::Define(_) => SymbolKind::Define,
            R::Determination(_) => SymbolKind::Determination,
            R::Extension(_) => SymbolKind::Extension,
            R::Exception(_) => SymbolKind::Exception,
        };
        let mut symbol = Self::symbol(pack, file, kind, rule.name(), rule.span(), Some(article));
        if matches!(
            kind,
            SymbolKind::Determination | SymbolKind::Obligation | SymbolKind::Prohibition
        ) {
            symbol.ty = Type::Bool;
        }
        let id = self.add(pack, Ns::Values, symbol);
        if let R::Extension(e) = rule {
            for (index, f) in e.factors.iter().enumerate() {
                let def = Def::Factor {
                    extension: id,
                    index: index as u32,
                };
                declared(&mut self.occurrences, file, f.name.span, def);
            }
        }
        id
    }

    /// Every article must be in exactly one chapter; ranges must not overlap.
    fn assign_chapters(&mut self, pack: usize, chapters: &[(FileId, ast::Chapter)]) {
        if chapters.is_empty() {
            return;
        }
        let mut seen: BTreeMap<u32, (FileId, TextRange)> = BTreeMap::new();
        for (file, c) in chapters {
            if let Some((pf, ps)) = seen.get(&c.number.value) {
                let chapter = c.number.value;
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::N002,
                        msg!(
                            en: "chapter {chapter} is declared twice",
                            zh: "第{chapter}章被声明了两次"
                        ),
                    )
                    .with_primary(*file, c.number.span, declared_again_here())
                    .with_secondary(*pf, *ps, first_declared_here()),
                );
                continue;
            }
            seen.insert(c.number.value, (*file, c.number.span));
            let chapter = c.number.value;
            declared(
                &mut self.occurrences,
                *file,
                c.number.span,
                Def::Chapter { pack, chapter },
            );
            for n in c.articles.iter().flat_map(|(from, to)| [from, to]) {
                if self.model.packs[pack].articles.contains_key(&n.value) {
                    let def = Def::Article {
                        pack,
                        article: n.value,
                    };
                    used(&mut self.occurrences, *file, n.span, def);
                }
            }
            match &c.title {
                Some(t) => {
                    self.require_labels(*file, t, t.span, ("title", "标题"), ("title", "标题"))
                }
                None => self.missing_text(
                    *file,
                    TextRange::new(c.span.start(), c.number.span.end()),
                    msg!(en: "chapter {chapter} has no title", zh: "第{chapter}章没有标题"),
                    add_title(),
                ),
            }
            let Some((from, to)) = c.articles else {
                continue;
            };
            if from.value > to.value {
                let (a, b) = (from.value, to.value);
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::T006,
                        msg!(en: "article range {a}..={b} is empty", zh: "条的范围 {a}..={b} 为空"),
                    )
                    .with_primary(
                        *file,
                        from.span.cover(to.span),
                        msg!(en: "the first article is after the last", zh: "起始条在末尾条之后"),
                    ),
                );
                continue;
            }
            // Only the declared articles in the range: a range like
            // `1..=4294967295` must not loop over every number in it.
            let declared: Vec<u32> = self.model.packs[pack]
                .articles
                .range(from.value..=to.value)
                .map(|(n, _)| *n)
                .collect();
            for n in declared {
                let Some(info) = self.model.packs[pack].articles.get_mut(&n) else {
                    continue;
                };
                if let Some(prev) = info.chapter {
                    let (ifile, ispan) = (info.file, info.number_span);
                    let chapter = c.number.value;
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::N010,
                            msg!(
                                en: "article {n} is in chapter {prev} and chapter {chapter}",
                                zh: "第{n}条同时属于第{prev}章和第{chapter}章"
                            ),
                        )
                        .with_primary(
                            *file,
                            from.span.cover(to.span),
                            msg!(en: "chapter {chapter} claims it", zh: "第{chapter}章也包含该条"),
                        )
                        .with_secondary(
                            ifile,
                            ispan,
                            msg!(en: "the article", zh: "该条"),
                        ),
                    );
                } else {
                    info.chapter = Some(c.number.value);
                }
            }
        }
        let orphans: Vec<(u32, FileId, TextRange)> = self.model.packs[pack]
            .articles
            .iter()
            .filter(|(_, a)| a.chapter.is_none())
            .map(|(n, a)| (*n, a.file, a.number_span))
            .collect();
        for (n, file, span) in orphans {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::N010,
                    msg!(en: "article {n} is in no chapter", zh: "第{n}条不属于任何章"),
                )
                .with_primary(
                    file,
                    span,
                    msg!(en: "no `chapter` range covers it", zh: "没有 `chapter` 范围包含它"),
                )
                .with_help(msg!(
                    en: "widen the `articles` range of the chapter it belongs to",
                    zh: "请扩大其所属章的 `articles` 范围"
                )),
            );
        }
    }

    /// R008 for each language missing from `labels`. `what` and `noun`
    /// are (English, Chinese): ("fact", "事实"), ("description", "说明").
    fn require_labels(
        &mut self,
        file: FileId,
        labels: &Labels,
        span: TextRange,
        what: (&str, &str),
        noun: (&str, &str),
    ) {
        let ((what, what_zh), (noun, noun_zh)) = (what, noun);
        for (lang, present, name, name_zh) in [
            ("zh", labels.zh.is_some(), "Chinese", "中文"),
            ("en", labels.en.is_some(), "English", "英文"),
        ] {
            if !present {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::R008,
                        msg!(
                            en: "{what} has no {name} {noun}",
                            zh: "{what_zh}没有{name_zh}{noun_zh}"
                        ),
                    )
                    .with_primary(
                        file,
                        span,
                        msg!(en: "`{lang}` missing", zh: "缺少 `{lang}`"),
                    )
                    .with_help(msg!(
                        en: "add `{lang} \"…\"`: tiaoli keeps every label in Chinese and English",
                        zh: "请添加 `{lang} \"…\"`：tiaoli 的每个标签都同时有中文和英文"
                    )),
                );
            }
        }
    }

    fn missing_text(&mut self, file: FileId, span: TextRange, message: Msg, help: Msg) {
        self.diagnostics.push(
            Diagnostic::new(Code::R008, message)
                .with_primary(file, span, msg!(en: "here", zh: "此处"))
                .with_help(help),
        );
    }

    /// Types of facts and record fields, now that every type name is known.
    fn resolve_declared_types(&mut self) {
        for (pack, input) in self.packs.iter().enumerate() {
            for (file, source) in &input.files {
                for item in &source.items {
                    match item {
                        Item::Fact(f) => {
                            let ty = self.resolve_type(pack, *file, &f.ty);
                            self.check_bounds(*file, &ty, f.bounds.as_ref());
                            if let Some(&id) = self.model.packs[pack].facts.get(&f.name.name)
                                && self.model.symbols[id.0 as usize].span == f.span
                                && self.model.symbols[id.0 as usize].file == *file
                            {
                                self.model.symbols[id.0 as usize].ty = ty;
                            }
                        }
                        Item::Record(r) => {
                            let Some(&id) = self.model.packs[pack].types.get(&r.name.name) else {
                                continue;
                            };
                            for f in &r.fields {
                                let ty = self.resolve_type(pack, *file, &f.ty);
                                self.check_bounds(*file, &ty, f.bounds.as_ref());
                                if let Some(entry) = self.model.packs[pack]
                                    .members
                                    .get_mut(&id)
                                    .and_then(|m| m.get_mut(&f.name.name))
                                    && entry.0 == f.name.span
                                {
                                    entry.1 = ty;
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    fn check_bounds(&mut self, file: FileId, ty: &Type, bounds: Option<&ast::IntBounds>) {
        let Some(b) = bounds else { return };
        if *ty != Type::Int && !ty.is_error() {
            let shown = ty.display(&self.model);
            self.diagnostics.push(
                Diagnostic::new(
                    Code::T001,
                    msg!(
                        en: "only `int` facts can have bounds",
                        zh: "只有 `int` 事实才能有取值范围"
                    ),
                )
                .with_primary(
                    file,
                    b.span,
                    msg!(en: "bounds on a `{shown}`", zh: "对 `{shown}` 设置了取值范围"),
                ),
            );
        } else if b.min > b.max {
            let (min, max) = (b.min, b.max);
            self.diagnostics.push(
                Diagnostic::new(
                    Code::T006,
                    msg!(en: "range {min}..={max} is empty", zh: "范围 {min}..={max} 为空"),
                )
                .with_primary(
                    file,
                    b.span,
                    msg!(en: "the lower bound is above the upper bound", zh: "下界高于上界"),
                ),
            );
        }
    }

    pub fn resolve_type(&mut self, pack: usize, file: FileId, ty: &TypeExpr) -> Type {
        resolve_type(
            &self.model,
            pack,
            file,
            ty,
            &mut self.diagnostics,
            &mut self.occurrences,
        )
    }
}

/// Resolves a written type against the packs visible from `pack`.
pub(crate) fn resolve_type(
    model: &Model,
    pack: usize,
    file: FileId,
    ty: &TypeExpr,
    diagnostics: &mut Vec<Diagnostic>,
    occurrences: &mut Sink,
) -> Type {
    match ty {
        TypeExpr::Prim(p, _) => match p {
            ast::PrimType::Bool => Type::Bool,
            ast::PrimType::Int => Type::Int,
            ast::PrimType::Decimal => Type::Decimal,
            ast::PrimType::Money => Type::Money,
            ast::PrimType::Date => Type::Date,
            ast::PrimType::Duration => Type::Duration,
            ast::PrimType::Text => Type::Text,
        },
        TypeExpr::List(t, _) => Type::List(Box::new(resolve_type(
            model,
            pack,
            file,
            t,
            diagnostics,
            occurrences,
        ))),
        TypeExpr::Optional(t, _) => Type::Optional(Box::new(resolve_type(
            model,
            pack,
            file,
            t,
            diagnostics,
            occurrences,
        ))),
        TypeExpr::Named(path) => {
            let packs: Vec<usize> = match &path.pack {
                Some(q) => match qualifier(model, pack, file, q, occurrences) {
                    Some(p) => vec![p],
                    None => {
                        diagnostics.push(unknown_pack(model, pack, file, q));
                        return Type::Error;
                    }
                },
                None => model.visible_packs(pack).collect(),
            };
            for p in packs {
                if let Some(&id) = model.packs[p].types.get(&path.name.name) {
                    used(occurrences, file, path.name.span, Def::Symbol(id));
                    return model.symbol(id).ty.clone();
                }
            }
            let candidates: Vec<&str> = model
                .visible_packs(pack)
                .flat_map(|p| model.packs[p].types.keys().map(String::as_str))
                .chain([
                    "bool", "int", "decimal", "money", "date", "duration", "text",
                ])
                .collect();
            let shown = path.display();
            let mut d = Diagnostic::new(
                Code::N014,
                msg!(en: "unknown type `{shown}`", zh: "未知的类型 `{shown}`"),
            )
            .with_primary(
                file,
                path.span,
                msg!(
                    en: "not a built-in type, enum or record",
                    zh: "不是内置类型、枚举或记录"
                ),
            );
            if let Some(c) = closest(&path.name.name, candidates) {
                d = d.with_did_you_mean(file, path.name.span, c);
            }
            diagnostics.push(d);
            Type::Error
        }
    }
}

/// The pack a qualifier (`decree_745::`) names, recorded as a use of it.
pub(crate) fn qualifier(
    model: &Model,
    pack: usize,
    file: FileId,
    q: &ast::Ident,
    occurrences: &mut Sink,
) -> Option<usize> {
    let p = model.pack_by_ident(pack, &q.name)?;
    used(occurrences, file, q.span, Def::Pack(p));
    Some(p)
}

pub(crate) fn unknown_pack(model: &Model, pack: usize, file: FileId, q: &ast::Ident) -> Diagnostic {
    let deps: Vec<&str> = model
        .visible_packs(pack)
        .map(|p| model.packs[p].ident.as_str())
        .collect();
    let name = &q.name;
    let mut d = Diagnostic::new(
        Code::N012,
        msg!(
            en: "`{name}` is not a dependency of this pack",
            zh: "`{name}` 不是本规则包的依赖"
        ),
    )
    .with_primary(file, q.span, msg!(en: "unknown pack", zh: "未知的规则包"));
    d = match closest(&q.name, deps.iter().copied()) {
        Some(c) => d.with_did_you_mean(file, q.span, c),
        None => d.with_help(msg!(
            en: "declare it under `[dependencies]` in `tiaoli.toml`",
            zh: "请在 `tiaoli.toml` 的 `[dependencies]` 中声明它"
        )),
    };
    d
}

fn declared_again_here() -> Msg {
    msg!(en: "declared again here", zh: "在此再次声明")
}

fn first_declared_here() -> Msg {
    msg!(en: "first declared here", zh: "首次在此声明")
}

fn used_again_here() -> Msg {
    msg!(en: "used again here", zh: "在此再次使用")
}

fn add_title() -> Msg {
    msg!(en: "add `title zh \"…\" en \"…\"`", zh: "请添加 `title zh \"…\" en \"…\"`")
}

fn add_text() -> Msg {
    msg!(en: "add `text zh \"…\" en \"…\"`", zh: "请添加 `text zh \"…\" en \"…\"`")
}
