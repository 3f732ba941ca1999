//! Top-level items: chapters, articles, the fact schema, tests, implementations.

use super::{Lower, P};
use crate::ast::*;
use crate::grammar::Rule as R;

impl Lower<'_> {
    pub fn item(&mut self, pair: P<'_>) -> Option<Item> {
        Some(match pair.as_rule() {
            R::chapter => Item::Chapter(self.chapter(pair)),
            R::article => Item::Article(self.article(pair)),
            R::fact_decl => Item::Fact(self.fact(pair)),
            R::enum_decl => Item::Enum(self.enum_decl(pair)),
            R::record_decl => Item::Record(self.record(pair)),
            R::party_decl => Item::Party(self.labelled_decl(pair)),
            R::measure_decl => Item::Measure(self.labelled_decl(pair)),
            R::define => Item::Define(self.define(pair)),
            R::determination => Item::Determination(self.determination(pair)),
            R::implement => Item::Implement(self.implement(pair)),
            R::test_decl => Item::Test(self.test(pair)),
            _ => return None,
        })
    }

    fn chapter(&mut self, pair: P<'_>) -> Chapter {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let number = match inner.next() {
            Some(n) => self.number(n, "chapter"),
            None => Number { value: 0, span },
        };
        let mut chapter = Chapter {
            number,
            title: None,
            articles: None,
            span,
        };
        for p in inner {
            let s = self.span(&p);
            match p.as_rule() {
                R::title => self.title_into(&mut chapter.title, p),
                R::article_range => {
                    let mut n = p.into_inner();
                    let (Some(a), Some(b)) = (n.next(), n.next()) else {
                        continue;
                    };
                    let range = (self.number(a, "article"), self.number(b, "article"));
                    self.set_once(&mut chapter.articles, range, s, "articles");
                }
                _ => {}
            }
        }
        chapter
    }

    pub fn article(&mut self, pair: P<'_>) -> Article {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let number = match inner.next() {
            Some(n) => self.number(n, "article"),
            None => Number { value: 0, span },
        };
        let mut article = Article {
            number,
            members: Vec::new(),
            broken: Vec::new(),
            span,
        };
        for p in inner {
            self.article_member(p, &mut article);
        }
        article
    }

    /// Adds one member to an article (also used by member-level recovery).
    pub fn article_member(&mut self, p: P<'_>, article: &mut Article) {
        let s = self.span(&p);
        let member = match p.as_rule() {
            R::title | R::text => {
                let is_title = p.as_rule() == R::title;
                let labels = self.labelled_attr(p);
                let exists = article.members.iter().any(|m| {
                    matches!(
                        (m, is_title),
                        (ArticleMember::Title(_), true) | (ArticleMember::Text(_), false)
                    )
                });
                if exists {
                    let what = if is_title { "title" } else { "text" };
                    self.set_once(&mut Some(()), (), s, what);
                    return;
                }
                if is_title {
                    ArticleMember::Title(labels)
                } else {
                    ArticleMember::Text(labels)
                }
            }
            R::applies => {
                let mut condition = None;
                self.expr_into(&mut condition, p, "applies when");
                let Some(condition) = condition else { return };
                if article.applies().is_some() {
                    self.set_once(&mut Some(()), (), s, "applies when");
                    return;
                }
                ArticleMember::Applies { condition, span: s }
            }
            R::in_force => {
                if article
                    .members
                    .iter()
                    .any(|m| matches!(m, ArticleMember::InForce(_)))
                {
                    self.set_once(&mut Some(()), (), s, "in force");
                    return;
                }
                ArticleMember::InForce(self.in_force(p))
            }
            R::text_version => ArticleMember::TextVersion(self.text_version(p)),
            R::para => ArticleMember::Para(self.para(p)),
            _ => match self.rule(p) {
                Some(rule) => ArticleMember::Rule(rule),
                None => return,
            },
        };
        article.members.push(member);
    }

    fn para(&mut self, pair: P<'_>) -> Para {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let number = match inner.next() {
            Some(n) => self.number(n, "paragraph"),
            None => Number { value: 0, span },
        };
        let mut para = Para {
            number,
            text: None,
            versions: Vec::new(),
            items: Vec::new(),
            span,
        };
        for p in inner {
            let s = self.span(&p);
            match p.as_rule() {
                R::text => {
                    let t = self.labelled_attr(p);
                    self.set_once(&mut para.text, t, s, "text");
                }
                R::text_version => {
                    let v = self.text_version(p);
                    para.versions.push(v);
                }
                R::para_item => {
                    let mut it = p.into_inner();
                    let number = match it.next() {
                        Some(n) => self.number(n, "item"),
                        None => Number { value: 0, span: s },
                    };
                    let mut text = None;
                    let (labels, texts): (Vec<P<'_>>, Vec<P<'_>>) =
                        it.partition(|t| t.as_rule() == R::label);
                    let inline = !labels.is_empty();
                    if inline {
                        let first = labels.first().map(|l| self.span(l));
                        let last = labels.last().map(|l| self.span(l));
                        let ls = match (first, last) {
                            (Some(a), Some(b)) => a.cover(b),
                            _ => s,
                        };
                        text = Some(self.labels(labels.into_iter(), ls));
                    }
                    let mut versions = Vec::new();
                    for t in texts {
                        let ts = self.span(&t);
                        if t.as_rule() == R::text_version {
                            versions.push(self.text_version(t));
                            continue;
                        }
                        let l = self.labelled_attr(t);
                        self.set_once(&mut text, l, ts, "text");
                    }
                    para.items.push(ParaItem {
                        number,
                        text,
                        versions,
                        inline,
                        span: s,
                    });
                }
                _ => {}
            }
        }
        para
    }

    /// `text from DATE zh "…" en "…" [source …]` (the date validated).
    fn text_version(&mut self, pair: P<'_>) -> TextVersion {
        let span = self.span(&pair);
        let mut from = (jiff::civil::Date::constant(1970, 1, 1), span);
        let mut labels = Vec::new();
        let mut source = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                R::date_lit => from = (self.date(&p), self.span(&p)),
                R::label => labels.push(p),
                R::source => source = Some(self.labelled_attr(p)),
                _ => {}
            }
        }
        let first = labels.first().map(|l| self.span(l));
        let last = labels.last().map(|l| self.span(l));
        let ls = match (first, last) {
            (Some(a), Some(b)) => a.cover(b),
            _ => span,
        };
        let text = self.labels(labels.into_iter(), ls);
        TextVersion {
            from,
            text,
            source,
            span,
        }
    }

    /// The `label | cite` body shared by facts and record fields.
    fn described<'i>(
        &mut self,
        body: impl Iterator<Item = P<'i>>,
        span: TextRange,
    ) -> (Labels, Option<Citation>) {
        let mut labels = Vec::new();
        let mut cite = None;
        for p in body {
            match p.as_rule() {
                R::label => labels.push(p),
                R::cite => {
                    let s = self.span(&p);
                    if let Some(c) = p.into_inner().next() {
                        let c = self.citation(c);
                        self.set_once(&mut cite, c, s, "cite");
                    }
                }
                _ => {}
            }
        }
        (self.labels(labels.into_iter(), span), cite)
    }

    fn fact(&mut self, pair: P<'_>) -> FactDecl {
        let span = self.span(&pair);
        let mut meta = false;
        let mut name = None;
        let mut ty = None;
        let mut bounds = None;
        let mut body = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                R::meta_kw => meta = true,
                R::ident => name = Some(self.ident(p)),
                R::type_expr => ty = Some(self.type_expr(p)),
                R::int_bounds => bounds = Some(self.int_bounds(p)),
                _ => body.push(p),
            }
        }
        let (labels, cite) = self.described(body.into_iter(), span);
        FactDecl {
            meta,
            name: name.unwrap_or(Ident {
                name: String::new(),
                span,
            }),
            ty: ty.unwrap_or(TypeExpr::Prim(PrimType::Bool, span)),
            bounds,
            labels,
            cite,
            span,
        }
    }

    fn enum_decl(&mut self, pair: P<'_>) -> EnumDecl {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = self.name_in(&mut inner, span);
        let mut decl = EnumDecl {
            name,
            title: None,
            variants: Vec::new(),
            span,
        };
        for p in inner {
            let s = self.span(&p);
            match p.as_rule() {
                R::title => self.title_into(&mut decl.title, p),
                R::variant_decl => {
                    let mut v = p.into_inner();
                    let name = self.name_in(&mut v, s);
                    let labels = self.labels(v, s);
                    decl.variants.push(VariantDecl {
                        name,
                        labels,
                        span: s,
                    });
                }
                _ => {}
            }
        }
        decl
    }

    fn record(&mut self, pair: P<'_>) -> RecordDecl {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = self.name_in(&mut inner, span);
        let mut decl = RecordDecl {
            name,
            title: None,
            fields: Vec::new(),
            span,
        };
        for p in inner {
            let s = self.span(&p);
            match p.as_rule() {
                R::title => self.title_into(&mut decl.title, p),
                R::field_decl => {
                    let f = self.fact(p);
                    decl.fields.push(FieldDecl {
                        name: f.name,
                        ty: f.ty,
                        bounds: f.bounds,
                        labels: f.labels,
                        cite: f.cite,
                        span: s,
                    });
                }
                _ => {}
            }
        }
        decl
    }

    fn labelled_decl(&mut self, pair: P<'_>) -> LabelledDecl {
        let span = self.span(&pair);
        let mut inner = pair.into_inner().peekable();
        let name = match inner.next() {
            Some(p) => self.ident(p),
            None => Ident {
                name: String::new(),
                span,
            },
        };
        let scope = match inner.peek() {
            Some(p) if p.as_rule() == R::party_scope => {
                let p = inner.next().and_then(|p| p.into_inner().next());
                match p {
                    Some(q) if q.as_rule() == R::party_in => q
                        .into_inner()
                        .find(|x| x.as_rule() == R::path_name)
                        .map(|x| PartyScope::In(self.path_name(x))),
                    Some(q) => Some(PartyScope::OfAddressee(self.span(&q))),
                    None => None,
                }
            }
            _ => None,
        };
        let labels = self.labels(inner, span);
        LabelledDecl {
            name,
            scope,
            labels,
            span,
        }
    }

    fn implement(&mut self, pair: P<'_>) -> Implement {
        let span = self.span(&pair);
        let mut imp = Implement {
            extension: PathName {
                pack: None,
                name: Ident {
                    name: String::new(),
                    span,
                },
                span,
            },
            keys: Vec::new(),
            title: None,
            source: None,
            factors: Vec::new(),
            defines: Vec::new(),
            decide: None,
            span,
        };
        for p in pair.into_inner() {
            let s = self.span(&p);
            match p.as_rule() {
                R::path_name => imp.extension = self.path_name(p),
                R::variant_lit => {
                    if let Some(i) = p.into_inner().next() {
                        let id = self.ident(i);
                        imp.keys.push(id);
                    }
                }
                R::title => self.title_into(&mut imp.title, p),
                R::source => {
                    let t = self.labelled_attr(p);
                    self.set_once(&mut imp.source, t, s, "source");
                }
                R::factor_def => {
                    let mut f = p.into_inner();
                    let (Some(n), Some(e)) = (f.next(), f.next()) else {
                        continue;
                    };
                    let name = self.ident(n);
                    let value = self.expr(e);
                    imp.factors.push(FactorDef {
                        name,
                        value,
                        span: s,
                    });
                }
                R::define => {
                    let d = self.define(p);
                    imp.defines.push(d);
                }
                R::decide => {
                    if let Some(e) = p.into_inner().next() {
                        let e = self.expr(e);
                        self.set_once(&mut imp.decide, e, s, "decide");
                    }
                }
                _ => {}
            }
        }
        imp
    }

    fn test(&mut self, pair: P<'_>) -> TestDecl {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = match inner.next() {
            Some(s) => self.string(s),
            None => Str {
                value: String::new(),
                span,
            },
        };
        let mut test = TestDecl {
            name,
            as_of: None,
            given: None,
            expects: Vec::new(),
            span,
        };
        for p in inner {
            let s = self.span(&p);
            match p.as_rule() {
                R::as_of_attr => {
                    if let Some(d) = p.into_inner().next() {
                        let ds = self.span(&d);
                        let date = self.date(&d);
                        self.set_once(&mut test.as_of, (date, ds), s, "as_of");
                    }
                }
                R::given => {
                    let facts = p.into_inner().map(|f| self.fact_value(f)).collect();
                    self.set_once(
                        &mut test.given,
                        Given::Inline { facts, span: s },
                        s,
                        "given",
                    );
                }
                R::given_file => {
                    if let Some(f) = p.into_inner().next() {
                        let f = self.string(f);
                        self.set_once(&mut test.given, Given::File(f), s, "given");
                    }
                }
                R::expect => {
                    if let Some(e) = p.into_inner().next() {
                        let e = self.expectation(e, s);
                        test.expects.push(e);
                    }
                }
                _ => {}
            }
        }
        test
    }

    fn fact_value(&mut self, pair: P<'_>) -> FactValue {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = self.name_in(&mut inner, span);
        let value = match inner.next() {
            Some(v) => self.test_value(v),
            None => TestValue::List(Vec::new(), span),
        };
        FactValue { name, value, span }
    }

    fn test_value(&mut self, pair: P<'_>) -> TestValue {
        let span = self.span(&pair);
        match pair.as_rule() {
            R::list_value => TestValue::List(
                pair.into_inner().map(|v| self.test_value(v)).collect(),
                span,
            ),
            R::record_value => TestValue::Record(
                pair.into_inner().map(|f| self.fact_value(f)).collect(),
                span,
            ),
            R::none_lit => TestValue::None(span),
            _ => TestValue::Scalar(self.primary(pair)),
        }
    }

    fn expectation(&mut self, pair: P<'_>, span: TextRange) -> Expect {
        let rule = pair.as_rule();
        let mut inner = pair.into_inner();
        match rule {
            R::expect_due => {
                let target = inner.next().map(|p| self.path_name(p));
                let date = inner.next().map(|d| self.date(&d));
                Expect::Due {
                    target: target.unwrap_or(PathName {
                        pack: None,
                        name: Ident {
                            name: String::new(),
                            span,
                        },
                        span,
                    }),
                    date: date.unwrap_or(jiff::civil::Date::constant(1970, 1, 1)),
                    span,
                }
            }
            R::expect_exposure => {
                let mut persons = false;
                let (mut min, mut max) = Default::default();
                let mut possible = None;
                let mut after_possible = false;
                for p in inner {
                    match p.as_rule() {
                        R::persons_kw => persons = true,
                        R::money_range => (min, max) = self.money_range(p),
                        R::possible_kw => after_possible = true,
                        R::unbounded_kw if after_possible => possible = Some(None),
                        R::money_lit if after_possible => possible = Some(Some(self.money(p))),
                        _ => {}
                    }
                }
                Expect::Exposure {
                    persons,
                    min,
                    max,
                    possible,
                    span,
                }
            }
            R::expect_fine => {
                let empty = PathName {
                    pack: None,
                    name: Ident {
                        name: String::new(),
                        span,
                    },
                    span,
                };
                let party = inner.next().map(|p| self.path_name(p));
                let penalty = inner.next().map(|p| self.path_name(p));
                let mut range = None;
                let (mut conditional, mut discretionary) = (false, false);
                let mut missing = Vec::new();
                for p in inner {
                    match p.as_rule() {
                        R::money_range => range = Some(self.money_range(p)),
                        R::fine_flag if p.as_str() == "conditional" => conditional = true,
                        R::fine_flag => discretionary = true,
                        R::ident => missing.push(self.ident(p)),
                        _ => {}
                    }
                }
                Expect::Fine {
                    party: party.unwrap_or(empty.clone()),
                    penalty: penalty.unwrap_or(empty),
                    range,
                    conditional,
                    discretionary,
                    missing,
                    span,
                }
            }
            _ => {
                let target = inner.next().map(|p| self.path_name(p));
                let status_pair = inner.next();
                let (status, status_span) = match &status_pair {
                    Some(s) => (
                        ExpectedStatus::from_name(s.as_str()).unwrap_or(ExpectedStatus::Unknown),
                        self.span(s),
                    ),
                    None => (ExpectedStatus::Unknown, span),
                };
                let missing = inner.map(|p| self.ident(p)).collect();
                Expect::Status {
                    target: target.unwrap_or(PathName {
                        pack: None,
                        name: Ident {
                            name: String::new(),
                            span,
                        },
                        span,
                    }),
                    status,
                    status_span,
                    missing,
                    span,
                }
            }
        }
    }

    pub fn money_range(&mut self, pair: P<'_>) -> (rust_decimal::Decimal, rust_decimal::Decimal) {
        let mut inner = pair.into_inner();
        let min = inner.next().map(|m| self.money(m)).unwrap_or_default();
        let max = inner.next().map(|m| self.money(m)).unwrap_or_default();
        (min, max)
    }
}
