//! Pass 1: every declaration gets a symbol, every article its structure,
//! every fact and field its type. Duplicates, chapter coverage, missing
//! texts and sector-pack overreach are reported here.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use tiaoli_diagnostics::{Code, Diagnostic};
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
fn sector_forbidden(item: &Item) -> Option<&'static str> {
    Some(match item {
        Item::Fact(_) => "a fact",
        Item::Enum(_) => "an enum",
        Item::Record(_) => "a record",
        Item::Party(_) => "a party",
        Item::Measure(_) => "a measure",
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
                                    ast::Rule::Penalty(_) => "a penalty",
                                    ast::Rule::Extension(_) => "an extension point",
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
                        format!("`{t}` in pack `{}`", self.model.packs[p].ident)
                    };
                    let here = show(pack, &sym.ty, bounds);
                    let there = show(*p0, ty0, *bounds0);
                    let d = Diagnostic::new(
                        Code::N015,
                        format!(
                            "fact `{}` is declared as {here} and as {there}",
                            f.name.name
                        ),
                    )
                    .with_primary(*file, f.name.span, format!("declared as {here}"))
                    .with_secondary(*file0, *span0, format!("declared as {there}"))
                    .with_help("facility files have one key per fact name, shared by every loaded pack: give the two facts different names, or the same type and bounds")
                    .with_note("packs that agree on a fact's type share it: the facility gives it once, and both packs read the same value");
                    self.diagnostics.push(d);
                }
            }
        }
    }

    fn sector_overreach(&mut self, file: FileId, span: TextRange, what: &str) {
        self.diagnostics.push(
            Diagnostic::new(Code::R004, format!("a sector pack cannot declare {what}"))
                .with_primary(file, span, "only the regulation declares this")
                .with_help("a sector pack fills the regulation's extension points (`implement EXTENSION for .sector { … }`) and may add duties of its own in its articles; facts, types, parties, measures, penalties and extension points are declared by the regulation pack"),
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
            self.diagnostics.push(
                Diagnostic::new(Code::N002, format!("`{name}` is declared twice"))
                    .with_primary(
                        file,
                        name_span,
                        format!("this {} reuses the name", kind.describe()),
                    )
                    .with_secondary(
                        p.file,
                        p.name_span,
                        format!("first declared here as a {}", p.kind.describe()),
                    )
                    .with_help("rename one of them; names are unique within a pack"),
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
                self.require_labels(file, &f.labels, f.name.span, "fact", "description");
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
                        self.duplicate_member(file, &v.name, "variant");
                    } else {
                        let def = Def::Variant {
                            enum_id: id,
                            index: variants.len() as u32,
                        };
                        declared(&mut self.occurrences, file, v.name.span, def);
                        variants.insert(v.name.name.clone(), (v.name.span, Type::Enum(id)));
                    }
                    self.require_labels(file, &v.labels, v.name.span, "variant", "label");
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
                        self.duplicate_member(file, &f.name, "field");
                    } else {
                        let index = fields.len() as u32;
                        let def = Def::Field { record: id, index };
                        declared(&mut self.occurrences, file, f.name.span, def);
                        fields.insert(f.name.name.clone(), (f.name.span, Type::Error));
                    }
                    self.require_labels(file, &f.labels, f.name.span, "field", "description");
                }
                self.model.packs[pack].members.insert(id, fields);
            }
            Item::Party(p) => {
                self.add(
                    pack,
                    Ns::Parties,
                    Self::symbol(pack, file, SymbolKind::Party, &p.name, p.span, None),
                );
                self.require_labels(file, &p.labels, p.name.span, "party", "label");
            }
            Item::Measure(m) => {
                self.add(
                    pack,
                    Ns::Measures,
                    Self::symbol(pack, file, SymbolKind::Measure, &m.name, m.span, None),
                );
                self.require_labels(file, &m.labels, m.name.span, "measure", "label");
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
                    self.require_labels(file, &r.labels, r.span, "reading", "text");
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

    fn duplicate_member(&mut self, file: FileId, name: &ast::Ident, what: &str) {
        self.diagnostics.push(
            Diagnostic::new(
                Code::N002,
                format!("{what} `{}` is declared twice", name.name),
            )
            .with_primary(file, name.span, format!("a second {what} with this name")),
        );
    }

    fn declare_article(&mut self, pack: usize, file: FileId, a: &ast::Article) {
        let number = a.number.value;
        if number == 0 {
            return; // reported by the parser (S005)
        }
        if let Some(prev) = self.model.packs[pack].articles.get(&number) {
            self.diagnostics.push(
                Diagnostic::new(Code::N003, format!("article {number} is declared twice"))
                    .with_primary(file, a.number.span, "declared again here")
                    .with_secondary(prev.file, prev.number_span, "first declared here"),
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
            Some(t) => self.require_labels(file, t, t.span, "title", "title"),
            // Broken, not missing: the syntax error says so.
            None if a.is_broken(None, None, "title") => {}
            None => self.missing_text(
                file,
                head,
                format!("article {number} has no title"),
                "add `title zh \"…\" en \"…\"`",
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
            self.require_labels(file, &v.text, v.span, "amended text", "text");
            if let Some(src) = &v.source {
                self.require_labels(file, src, src.span, "amendment source", "name");
            }
        }
        match (a.text(), paras.is_empty()) {
            (Some(t), true) => {
                self.require_labels(file, t, t.span, "text", "text");
                info.paras.insert(1, Default::default());
            }
            (None, true) if a.is_broken(None, None, "text") || a.broken.iter().any(|b| b.keyword == "para") => {}
            (None, true) => self.missing_text(file, head, format!("article {number} has no text"), "every article carries its official Chinese text and an English rendering: add `text zh \"…\" en \"…\"`, or `para` blocks"),
            (text, false) => {
                if let Some(t) = text {
                    self.diagnostics.push(
                        Diagnostic::new(Code::R008, format!("article {number} has both `text` and `para` blocks"))
                            .with_primary(file, t.span, "put this text into `para 1`")
                            .with_help("an article's text is either given whole (one paragraph) or paragraph by paragraph"),
                    );
                }
                for p in paras {
                    self.declare_para(pack, file, a, p, &mut info);
                }
            }
        }
        for rule in a.rules() {
            for r in rule.readings() {
                self.require_labels(file, &r.labels, r.span, "reading", "text");
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
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::W008,
                        format!(
                            "`cite art{number}` repeats the article `{}` is written in",
                            rule.name().name
                        ),
                    )
                    .with_primary(file, c.span, "the rule already belongs to this article")
                    .with_help(format!(
                        "remove the `cite`, or narrow it to the paragraph or item that makes the rule (e.g. `cite art{number}.1`)"
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
        self.diagnostics.push(
            Diagnostic::new(
                Code::R015,
                format!("`cite {shown}` names a provision outside article {number}"),
            )
            .with_primary(
                file,
                c.span,
                format!("`{}` belongs to article {number}", rule.name().name),
            )
            .with_help(format!(
                "a rule's `cite` narrows it to a paragraph or item of its own article (e.g. `cite art{number}.1`); \
                 to make it a rule of article {}, move it into that article",
                c.article
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
            self.diagnostics.push(
                Diagnostic::new(
                    Code::N011,
                    format!(
                        "paragraph {} of article {article} is declared twice",
                        p.number.value
                    ),
                )
                .with_primary(file, p.number.span, "used again here"),
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
            Some(t) => self.require_labels(file, t, t.span, "text", "text"),
            None if a.is_broken(Some(para), None, "text") => {}
            None => self.missing_text(
                file,
                TextRange::new(p.span.start(), p.number.span.end()),
                format!(
                    "paragraph {} of article {article} has no text",
                    p.number.value
                ),
                "add `text zh \"…\" en \"…\"`",
            ),
        }
        let mut items = std::collections::BTreeSet::new();
        for item in &p.items {
            if !items.insert(item.number.value) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::N011,
                        format!(
                            "item {} of article {article} paragraph {} is declared twice",
                            item.number.value, p.number.value
                        ),
                    )
                    .with_primary(file, item.number.span, "used again here"),
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
                Some(t) => self.require_labels(file, t, t.span, "text", "text"),
                None if a.is_broken(Some(para), Some(item.number.value), "item") => {}
                None => self.missing_text(
                    file,
                    TextRange::new(item.span.start(), item.number.span.end()),
                    format!(
                        "item {} of article {article} has no text",
                        item.number.value
                    ),
                    "add `text zh \"…\" en \"…\"`",
                ),
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
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::N002,
                        format!("chapter {} is declared twice", c.number.value),
                    )
                    .with_primary(*file, c.number.span, "declared again here")
                    .with_secondary(*pf, *ps, "first declared here"),
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
                Some(t) => self.require_labels(*file, t, t.span, "title", "title"),
                None => self.missing_text(
                    *file,
                    TextRange::new(c.span.start(), c.number.span.end()),
                    format!("chapter {} has no title", c.number.value),
                    "add `title zh \"…\" en \"…\"`",
                ),
            }
            let Some((from, to)) = c.articles else {
                continue;
            };
            if from.value > to.value {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::T006,
                        format!("article range {}..={} is empty", from.value, to.value),
                    )
                    .with_primary(
                        *file,
                        from.span.cover(to.span),
                        "the first article is after the last",
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
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::N010,
                            format!(
                                "article {n} is in chapter {prev} and chapter {}",
                                c.number.value
                            ),
                        )
                        .with_primary(
                            *file,
                            from.span.cover(to.span),
                            format!("chapter {} claims it", c.number.value),
                        )
                        .with_secondary(ifile, ispan, "the article"),
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
                Diagnostic::new(Code::N010, format!("article {n} is in no chapter"))
                    .with_primary(file, span, "no `chapter` range covers it")
                    .with_help("widen the `articles` range of the chapter it belongs to"),
            );
        }
    }

    fn require_labels(
        &mut self,
        file: FileId,
        labels: &Labels,
        span: TextRange,
        what: &str,
        noun: &str,
    ) {
        for (lang, present, name) in [
            ("zh", labels.zh.is_some(), "Chinese"),
            ("en", labels.en.is_some(), "English"),
        ] {
            if !present {
                self.diagnostics.push(
                    Diagnostic::new(Code::R008, format!("{what} has no {name} {noun}"))
                        .with_primary(file, span, format!("`{lang}` missing"))
                        .with_help(format!(
                            "add `{lang} \"…\"`: tiaoli keeps every label in Chinese and English"
                        )),
                );
            }
        }
    }

    fn missing_text(&mut self, file: FileId, span: TextRange, message: String, help: &str) {
        self.diagnostics.push(
            Diagnostic::new(Code::R008, message)
                .with_primary(file, span, "here")
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
            self.diagnostics.push(
                Diagnostic::new(Code::T001, "only `int` facts can have bounds").with_primary(
                    file,
                    b.span,
                    format!("bounds on a `{}`", ty.display(&self.model)),
                ),
            );
        } else if b.min > b.max {
            self.diagnostics.push(
                Diagnostic::new(Code::T006, format!("range {}..={} is empty", b.min, b.max))
                    .with_primary(file, b.span, "the lower bound is above the upper bound"),
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
            let mut d = Diagnostic::new(Code::N014, format!("unknown type `{}`", path.display()))
                .with_primary(file, path.span, "not a built-in type, enum or record");
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
    let mut d = Diagnostic::new(
        Code::N012,
        format!("`{}` is not a dependency of this pack", q.name),
    )
    .with_primary(file, q.span, "unknown pack");
    d = match closest(&q.name, deps.iter().copied()) {
        Some(c) => d.with_did_you_mean(file, q.span, c),
        None => d.with_help("declare it under `[dependencies]` in `tiaoli.toml`"),
    };
    d
}
