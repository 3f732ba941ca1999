//! What each construct looks like: the members of every block, and the
//! one-line forms.

use tiaoli_text::TextRange;

use super::text::{Cursor, width};
use super::{MAX_WIDTH, Printer};
use crate::ast::*;

/// One line-level piece of a block (or an item of the file). The tree
/// keeps a block's attributes in fields; a block's members are rebuilt from
/// them and put back in source order by their spans.
#[derive(Debug)]
pub(super) enum Member<'a> {
    Item(&'a Item),
    /// `title` / `text` / `source` with its labels.
    Attr(&'static str, &'a Labels),
    /// One `zh "…"` or `en "…"` line of a fact or record field.
    Label(Lang, &'a Str),
    Cite(&'a Citation),
    Articles(&'a Number, &'a Number),
    Para(&'a Para),
    ParaItem(&'a ParaItem),
    Rule(&'a Rule),
    Define(&'a Define),
    Variant(&'a VariantDecl),
    Field(&'a FieldDecl),
    /// `keyword expr`: `requires`, `applies when`, `value`, `decide`…
    Expr(&'static str, &'a Expr),
    Bearer(&'a PathName),
    Unless(&'a Unless),
    Reading(&'a Reading),
    InForce(&'a InForce),
    TextVersion(&'a TextVersion),
    Trigger(&'a Trigger),
    Addressee(&'a PathName),
    GivesWay(&'a GivesWay),
    Measures(&'a [PathName]),
    Fine(&'a Fine),
    Escalate(&'a Escalate),
    Exempts(Vec<&'a RuleRef>),
    Returns(&'a TypeExpr),
    FactorDecl(&'a FactorDecl),
    FactorDef(&'a FactorDef),
    AsOf(TextRange),
    Given(&'a Given),
    FactValue(&'a FactValue),
    Expect(&'a Expect),
}

impl Member<'_> {
    pub fn span(&self) -> TextRange {
        match self {
            Member::Item(i) => i.span(),
            Member::Attr(_, l) => l.span,
            Member::Label(_, s) => s.span,
            Member::Cite(c) => c.span,
            Member::Articles(a, b) => a.span.cover(b.span),
            Member::Para(p) => p.span,
            Member::ParaItem(p) => p.span,
            Member::Rule(r) => r.span(),
            Member::Define(d) => d.span,
            Member::Variant(v) => v.span,
            Member::Field(f) => f.span,
            Member::Expr(_, e) => e.span,
            Member::Bearer(p) => p.span,
            Member::Unless(u) => u.span,
            Member::Reading(r) => r.span,
            Member::InForce(f) => f.span,
            Member::TextVersion(v) => v.span,
            Member::Trigger(t) => t.span,
            Member::Addressee(p) => p.span,
            Member::GivesWay(g) => g.span,
            Member::Measures(ms) => cover(ms.iter().map(|m| m.span)),
            Member::Fine(f) => f.span,
            Member::Escalate(e) => e.span,
            Member::Exempts(refs) => cover(refs.iter().map(|r| r.span())),
            Member::Returns(t) => t.span(),
            Member::FactorDecl(f) => f.span,
            Member::FactorDef(f) => f.span,
            Member::AsOf(r) => *r,
            Member::Given(Given::Inline { span, .. }) => *span,
            Member::Given(Given::File(s)) => s.span,
            Member::FactValue(f) => f.span,
            Member::Expect(e) => e.span(),
        }
    }

    /// Printed as `header {`, members, `}` (otherwise on one line, or on
    /// lines that belong together such as a broken expression).
    pub fn is_block(&self) -> bool {
        match self {
            Member::Item(i) => !matches!(i, Item::Party(_) | Item::Measure(_) | Item::Define(_)),
            Member::Rule(r) => !matches!(r, Rule::Define(_)),
            Member::ParaItem(p) => !p.inline,
            Member::Para(_)
            | Member::Field(_)
            | Member::Escalate(_)
            | Member::Given(Given::Inline { .. }) => true,
            _ => false,
        }
    }
}

fn cover(mut spans: impl Iterator<Item = TextRange>) -> TextRange {
    let first = spans.next().unwrap_or_default();
    spans.fold(first, TextRange::cover)
}

/// `title` / `text` / `source` members of a block, if set.
fn attr<'a>(kw: &'static str, labels: &'a Option<Labels>) -> Option<Member<'a>> {
    labels.as_ref().map(|l| Member::Attr(kw, l))
}

fn type_expr(t: &TypeExpr) -> String {
    match t {
        TypeExpr::Prim(p, _) => p.as_str().to_owned(),
        TypeExpr::Named(p) => p.display(),
        TypeExpr::List(t, _) => format!("list<{}>", type_expr(t)),
        TypeExpr::Optional(t, _) => format!("optional {}", type_expr(t)),
    }
}

/// The labels in source order: `zh "…" en "…"`.
fn label_pieces<'a>(text: &'a str, labels: &'a Labels) -> Vec<String> {
    let mut pieces: Vec<(usize, Lang, &Str)> = [(Lang::Zh, &labels.zh), (Lang::En, &labels.en)]
        .into_iter()
        .filter_map(|(lang, s)| s.as_ref().map(|s| (s.span.start(), lang, s)))
        .collect();
    pieces.sort_by_key(|p| p.0);
    pieces
        .into_iter()
        .map(|(_, lang, s)| format!("{} {}", lang.as_str(), string(text, s)))
        .collect()
}

/// A string literal exactly as written.
fn string(text: &str, s: &Str) -> String {
    match text.get(s.span.as_range()) {
        Some(src) if src.starts_with('"') => src.to_owned(),
        _ => format!("{:?}", s.value),
    }
}

fn rule_ref(text: &str, r: &RuleRef) -> String {
    match r {
        RuleRef::Name(p) => p.display(),
        RuleRef::Citation(c) => super::expr::citation(text, c),
    }
}

fn join(parts: impl Iterator<Item = String>) -> String {
    parts.collect::<Vec<_>>().join(", ")
}

impl<'a> Printer<'a> {
    fn number(&self, n: &Number) -> String {
        match self.text.get(n.span.as_range()) {
            Some(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'_') => {
                s.to_owned()
            }
            _ => n.value.to_string(),
        }
    }

    /// `name { zh "…" en "…" }` (`name {}` without labels).
    fn labelled_line(&self, head: &str, labels: &'a Labels) -> String {
        let pieces = label_pieces(self.text, labels);
        if pieces.is_empty() {
            format!("{head} {{}}")
        } else {
            format!("{head} {{ {} }}", pieces.join(" "))
        }
    }

    /// `title zh "…" en "…"` on one line when it fits, otherwise each
    /// label after the first on its own line, aligned under the first.
    fn attr_lines(&self, kw: &str, labels: &'a Labels, indent: usize) -> Vec<String> {
        let pieces = label_pieces(self.text, labels);
        let one = format!("{kw} {}", pieces.join(" "));
        if indent * 2 + width(&one) <= MAX_WIDTH && !one.contains('\n') {
            return vec![one];
        }
        let pad = " ".repeat(kw.len() + 1);
        pieces
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                if i == 0 {
                    format!("{kw} {p}")
                } else {
                    format!("{pad}{p}")
                }
            })
            .collect()
    }

    /// `head` followed by an expression (and `tail`), broken if too long.
    fn expr_member(&mut self, indent: usize, head: &str, e: &Expr, tail: &str) {
        let lines = self.exprs.lines(head, e, tail, indent * 2);
        self.lines(indent, &lines);
    }

    pub(super) fn member(&mut self, m: &Member<'a>, indent: usize) {
        let text = self.text;
        match m {
            Member::Item(item) => self.item(item, indent),
            Member::Attr(kw, labels) => {
                let lines = self.attr_lines(kw, labels, indent);
                self.lines(indent, &lines);
            }
            Member::Label(lang, s) => {
                self.line(indent, &format!("{} {}", lang.as_str(), string(text, s)));
            }
            Member::Cite(c) => {
                self.line(indent, &format!("cite {}", super::expr::citation(text, c)));
            }
            Member::Articles(a, b) => {
                let s = format!("articles {}..={}", self.number(a), self.number(b));
                self.line(indent, &s);
            }
            Member::Para(p) => {
                let mut body: Vec<Member> = attr("text", &p.text).into_iter().collect();
                body.extend(p.versions.iter().map(Member::TextVersion));
                body.extend(p.items.iter().map(Member::ParaItem));
                let header = format!("para {}", self.number(&p.number));
                self.block(indent, vec![header], p.span, body);
            }
            Member::ParaItem(it) if it.inline => {
                let head = format!("item {}", self.number(&it.number));
                match &it.text {
                    Some(labels) => {
                        let lines = self.attr_lines(&head, labels, indent);
                        self.lines(indent, &lines);
                    }
                    None => self.line(indent, &head),
                }
            }
            Member::ParaItem(it) => {
                let mut body: Vec<Member> = attr("text", &it.text).into_iter().collect();
                body.extend(it.versions.iter().map(Member::TextVersion));
                let header = format!("item {}", self.number(&it.number));
                self.block(indent, vec![header], it.span, body);
            }
            Member::TextVersion(v) => {
                let date = text.get(v.from.1.as_range()).unwrap_or("");
                let mut lines = self.attr_lines(&format!("text from {date}"), &v.text, indent);
                if let Some(src) = &v.source {
                    // The amending instrument, one step in, under its text.
                    lines.extend(
                        self.attr_lines("source", src, indent + 1)
                            .into_iter()
                            .map(|l| format!("  {l}")),
                    );
                }
                self.lines(indent, &lines);
            }
            Member::Rule(r) => self.rule(r, indent),
            Member::Define(d) => self.define(d, indent),
            Member::Variant(v) => {
                let s = self.labelled_line(&v.name.name, &v.labels);
                self.line(indent, &s);
            }
            Member::Field(f) => {
                let header = format!(
                    "field {}: {}{}",
                    f.name.name,
                    type_expr(&f.ty),
                    self.bounds(f.bounds.as_ref())
                );
                let body = described(&f.labels, f.cite.as_ref());
                self.block(indent, vec![header], f.span, body);
            }
            Member::Expr(kw, e) => self.expr_member(indent, &format!("{kw} "), e, ""),
            Member::Bearer(p) => self.line(indent, &format!("bearer {}", p.display())),
            Member::Unless(u) => {
                let tail = u
                    .cite
                    .as_ref()
                    .map(|c| format!(" cite {}", super::expr::citation(text, c)))
                    .unwrap_or_default();
                self.expr_member(indent, "unless ", &u.condition, &tail);
            }
            Member::InForce(f) => {
                let mut line = "in force".to_owned();
                if let Some((d, _)) = f.from {
                    line.push_str(&format!(" from {d}"));
                }
                if let Some((d, _)) = f.until {
                    line.push_str(&format!(" until {d}"));
                }
                self.line(indent, &line);
            }
            Member::Reading(r) => {
                let mut lines = self.attr_lines("reading", &r.labels, indent);
                if let Some(c) = &r.cite {
                    let tail = format!("cite {}", super::expr::citation(text, c));
                    match lines.last_mut() {
                        Some(last)
                            if indent * 2 + width(last) + 1 + width(&tail) <= MAX_WIDTH
                                && !last.contains('\n') =>
                        {
                            last.push(' ');
                            last.push_str(&tail);
                        }
                        _ => lines.push(format!("{}{tail}", " ".repeat("reading ".len()))),
                    }
                }
                self.lines(indent, &lines);
            }
            Member::Trigger(t) => {
                let mut s = format!("trigger {}", rule_ref(text, &t.target));
                if let Some(c) = &t.cite {
                    s.push_str(&format!(" cite {}", super::expr::citation(text, c)));
                }
                self.line(indent, &s);
            }
            Member::Addressee(p) => self.line(indent, &format!("addressee {}", p.display())),
            Member::GivesWay(g) => {
                let s = format!(
                    "gives way to {} for {}",
                    g.to.display(),
                    join(g.rules.iter().map(|r| rule_ref(text, r)))
                );
                self.line(indent, &s);
            }
            Member::Measures(ms) => {
                let s = format!("measures {}", join(ms.iter().map(PathName::display)));
                self.line(indent, &s);
            }
            Member::Fine(f) => self.fine(f, indent),
            Member::Escalate(e) => {
                let header = self
                    .exprs
                    .lines("escalate when ", &e.condition, " {", indent * 2);
                let mut header = header;
                if let Some(last) = header.last_mut()
                    && last.ends_with(" {")
                {
                    last.truncate(last.len() - 2);
                }
                let body = e.fines.iter().map(Member::Fine).collect();
                self.block(indent, header, e.span, body);
            }
            Member::Exempts(refs) => {
                let s = format!("exempts {}", join(refs.iter().map(|r| rule_ref(text, r))));
                self.line(indent, &s);
            }
            Member::Returns(t) => self.line(indent, &format!("returns {}", type_expr(t))),
            Member::FactorDecl(f) => {
                let s = self.labelled_line(&format!("factor {}", f.name.name), &f.labels);
                self.line(indent, &s);
            }
            Member::FactorDef(f) => {
                self.expr_member(indent, &format!("factor {} = ", f.name.name), &f.value, "");
            }
            Member::AsOf(r) => {
                let date = Cursor::new(text, r.start()).date().unwrap_or("");
                self.line(indent, &format!("as_of {date}"));
            }
            Member::Given(Given::File(s)) => {
                self.line(indent, &format!("given file {}", string(text, s)));
            }
            Member::Given(Given::Inline { facts, span }) => {
                let body = facts.iter().map(Member::FactValue).collect();
                self.block(indent, vec!["given".to_owned()], *span, body);
            }
            Member::FactValue(f) => {
                let head = format!("{} = ", f.name.name);
                let lines = self.test_value_lines(&head, &f.value, "", indent * 2);
                self.lines(indent, &lines);
            }
            Member::Expect(e) => {
                let s = self.expect(e);
                self.line(indent, &s);
            }
        }
    }

    fn item(&mut self, item: &'a Item, indent: usize) {
        match item {
            Item::Chapter(c) => {
                let mut body: Vec<Member> = attr("title", &c.title).into_iter().collect();
                if let Some((a, b)) = &c.articles {
                    body.push(Member::Articles(a, b));
                }
                let header = format!("chapter {}", self.number(&c.number));
                self.block(indent, vec![header], c.span, body);
            }
            Item::Article(a) => {
                let body = a
                    .members
                    .iter()
                    .map(|m| match m {
                        ArticleMember::Title(l) => Member::Attr("title", l),
                        ArticleMember::Text(l) => Member::Attr("text", l),
                        ArticleMember::Applies { condition, .. } => {
                            Member::Expr("applies when", condition)
                        }
                        ArticleMember::InForce(f) => Member::InForce(f),
                        ArticleMember::TextVersion(v) => Member::TextVersion(v),
                        ArticleMember::Para(p) => Member::Para(p),
                        ArticleMember::Rule(r) => Member::Rule(r),
                    })
                    .collect();
                let header = format!("article {}", self.number(&a.number));
                self.block(indent, vec![header], a.span, body);
            }
            Item::Fact(f) => {
                let header = format!(
                    "{}fact {}: {}{}",
                    if f.meta { "meta " } else { "" },
                    f.name.name,
                    type_expr(&f.ty),
                    self.bounds(f.bounds.as_ref())
                );
                let body = described(&f.labels, f.cite.as_ref());
                self.block(indent, vec![header], f.span, body);
            }
            Item::Enum(e) => {
                let mut body: Vec<Member> = attr("title", &e.title).into_iter().collect();
                body.extend(e.variants.iter().map(Member::Variant));
                self.block(indent, vec![format!("enum {}", e.name.name)], e.span, body);
            }
            Item::Record(r) => {
                let mut body: Vec<Member> = attr("title", &r.title).into_iter().collect();
                body.extend(r.fields.iter().map(Member::Field));
                self.block(
                    indent,
                    vec![format!("record {}", r.name.name)],
                    r.span,
                    body,
                );
            }
            Item::Party(d) => {
                let scope = match &d.scope {
                    Some(PartyScope::In(p)) => format!(" in {}", p.display()),
                    Some(PartyScope::OfAddressee(_)) => " of addressee".to_owned(),
                    None => String::new(),
                };
                let s = self.labelled_line(&format!("party {}{scope}", d.name.name), &d.labels);
                self.line(indent, &s);
            }
            Item::Measure(d) => {
                let s = self.labelled_line(&format!("measure {}", d.name.name), &d.labels);
                self.line(indent, &s);
            }
            Item::Define(d) => self.define(d, indent),
            Item::Determination(d) => self.determination(d, indent),
            Item::Implement(imp) => {
                let mut body: Vec<Member> = attr("title", &imp.title).into_iter().collect();
                body.extend(attr("source", &imp.source));
                body.extend(imp.factors.iter().map(Member::FactorDef));
                body.extend(imp.defines.iter().map(Member::Define));
                body.extend(imp.decide.as_ref().map(|e| Member::Expr("decide", e)));
                let keys = join(imp.keys.iter().map(|k| format!(".{}", k.name)));
                let header = format!("implement {} for {keys}", imp.extension.display());
                self.block(indent, vec![header], imp.span, body);
            }
            Item::Test(t) => {
                let mut body: Vec<Member> = Vec::new();
                body.extend(t.as_of.as_ref().map(|(_, r)| Member::AsOf(*r)));
                body.extend(t.given.as_ref().map(Member::Given));
                body.extend(t.expects.iter().map(Member::Expect));
                let header = format!("test {}", string(self.text, &t.name));
                self.block(indent, vec![header], t.span, body);
            }
        }
    }

    fn rule(&mut self, rule: &'a Rule, indent: usize) {
        match rule {
            Rule::Duty(d) => {
                let mut body: Vec<Member> = attr("title", &d.title).into_iter().collect();
                body.extend(d.cite.as_ref().map(Member::Cite));
                body.extend(d.in_force.as_ref().map(Member::InForce));
                body.extend(d.bearer.as_ref().map(Member::Bearer));
                body.extend(d.applies.as_ref().map(|e| Member::Expr("applies when", e)));
                let kw = match d.kind {
                    DutyKind::Obligation => "requires",
                    DutyKind::Prohibition => "forbids",
                };
                body.extend(d.condition.as_ref().map(|e| Member::Expr(kw, e)));
                body.extend(d.due.as_ref().map(|e| Member::Expr("due", e)));
                body.extend(d.unless.iter().map(Member::Unless));
                body.extend(d.readings.iter().map(Member::Reading));
                let header = format!("{} {}", d.kind.keyword(), d.name.name);
                self.block(indent, vec![header], d.span, body);
            }
            Rule::Penalty(p) => {
                let mut body: Vec<Member> = attr("title", &p.title).into_iter().collect();
                body.extend(p.cite.as_ref().map(Member::Cite));
                body.extend(p.addressee.as_ref().map(Member::Addressee));
                body.extend(p.in_force.as_ref().map(Member::InForce));
                body.extend(p.triggers.iter().map(Member::Trigger));
                body.extend(p.gives_way.iter().map(Member::GivesWay));
                if !p.measures.is_empty() {
                    body.push(Member::Measures(&p.measures));
                }
                body.extend(p.fines.iter().map(Member::Fine));
                body.extend(p.escalate.as_ref().map(Member::Escalate));
                body.extend(p.unless.iter().map(Member::Unless));
                body.extend(p.readings.iter().map(Member::Reading));
                self.block(
                    indent,
                    vec![format!("penalty {}", p.name.name)],
                    p.span,
                    body,
                );
            }
            Rule::Define(d) => self.define(d, indent),
            Rule::Determination(d) => self.determination(d, indent),
            Rule::Extension(x) => {
                let mut body: Vec<Member> = attr("title", &x.title).into_iter().collect();
                body.extend(x.key.as_ref().map(|e| Member::Expr("key", e)));
                body.extend(x.returns.as_ref().map(Member::Returns));
                body.extend(x.default.as_ref().map(|e| Member::Expr("default", e)));
                body.extend(x.factors.iter().map(Member::FactorDecl));
                self.block(
                    indent,
                    vec![format!("extension {}", x.name.name)],
                    x.span,
                    body,
                );
            }
            Rule::Exception(x) => {
                let mut body: Vec<Member> = attr("title", &x.title).into_iter().collect();
                body.extend(x.cite.as_ref().map(Member::Cite));
                body.extend(
                    self.exempt_groups(&x.exempts)
                        .into_iter()
                        .map(Member::Exempts),
                );
                body.extend(x.when.as_ref().map(|e| Member::Expr("when", e)));
                body.extend(x.readings.iter().map(Member::Reading));
                body.extend(attr("instead", &x.instead));
                self.block(
                    indent,
                    vec![format!("exception {}", x.name.name)],
                    x.span,
                    body,
                );
            }
        }
    }

    /// Several `exempts` lines are merged in the tree; split them again
    /// where the source has something other than a comma between two names.
    fn exempt_groups(&self, refs: &'a [RuleRef]) -> Vec<Vec<&'a RuleRef>> {
        let mut groups: Vec<Vec<&RuleRef>> = Vec::new();
        let mut prev_end: Option<usize> = None;
        for r in refs {
            let same = prev_end.is_some_and(|end| {
                let mut c = Cursor::new(self.text, end);
                c.eat(",") && c.trivia().pos == r.span().start()
            });
            match groups.last_mut() {
                Some(g) if same => g.push(r),
                _ => groups.push(vec![r]),
            }
            prev_end = Some(r.span().end());
        }
        groups
    }

    fn define(&mut self, d: &Define, indent: usize) {
        let ty =
            d.ty.as_ref()
                .map(|t| format!(": {}", type_expr(t)))
                .unwrap_or_default();
        self.expr_member(
            indent,
            &format!("define {}{ty} = ", d.name.name),
            &d.value,
            "",
        );
    }

    fn determination(&mut self, d: &'a Determination, indent: usize) {
        let mut body: Vec<Member> = attr("title", &d.title).into_iter().collect();
        body.extend(d.cite.as_ref().map(Member::Cite));
        body.extend(d.in_force.as_ref().map(Member::InForce));
        body.extend(d.value.as_ref().map(|e| Member::Expr("value", e)));
        body.extend(d.readings.iter().map(Member::Reading));
        let header = format!("determination {}", d.name.name);
        self.block(indent, vec![header], d.span, body);
    }

    /// ` in 1..=5`
    fn bounds(&self, b: Option<&IntBounds>) -> String {
        let Some(b) = b else {
            return String::new();
        };
        let mut c = Cursor::new(self.text, b.span.start());
        let read = c
            .eat("in")
            .then(|| c.number())
            .flatten()
            .zip(c.eat("..=").then(|| c.number()).flatten());
        match read {
            Some((lo, hi)) => format!(" in {lo}..={hi}"),
            None => format!(" in {}..={}", b.min, b.max),
        }
    }

    /// `100_000 CNY ..= 1_000_000 CNY`, reading the amounts at `c`.
    fn money_range(
        &self,
        mut c: Cursor<'_>,
        min: &rust_decimal::Decimal,
        max: &rust_decimal::Decimal,
    ) -> String {
        let lo = c.money().map_or_else(|| min.to_string(), str::to_owned);
        let hi = c
            .eat("..=")
            .then(|| c.money())
            .flatten()
            .map_or_else(|| max.to_string(), str::to_owned);
        format!("{lo} CNY ..= {hi} CNY")
    }

    fn fine(&mut self, f: &Fine, indent: usize) {
        let head = format!(
            "{}fine {}",
            if f.discretionary { "may " } else { "" },
            f.party.display()
        );
        match &f.amount {
            FineAmount::Fixed { min, max, span } => {
                let range = self.money_range(Cursor::new(self.text, span.start()), min, max);
                self.line(indent, &format!("{head} {range}"));
            }
            FineAmount::Multiple {
                min,
                max,
                basis,
                span,
            } => {
                let mut c = Cursor::new(self.text, span.start());
                let lo = c.number().map_or_else(|| min.to_string(), str::to_owned);
                let hi = c
                    .eat("..=")
                    .then(|| c.number())
                    .flatten()
                    .map_or_else(|| max.to_string(), str::to_owned);
                self.expr_member(indent, &format!("{head} {lo} ..= {hi} times "), basis, "");
            }
        }
    }

    fn test_value(&self, v: &TestValue) -> String {
        match v {
            TestValue::Scalar(e) => self.exprs.expr(e),
            TestValue::None(_) => "none".to_owned(),
            TestValue::List(items, _) => {
                format!("[{}]", join(items.iter().map(|i| self.test_value(i))))
            }
            TestValue::Record(fields, _) if fields.is_empty() => "{}".to_owned(),
            TestValue::Record(fields, _) => {
                let fields = fields
                    .iter()
                    .map(|f| format!("{} = {}", f.name.name, self.test_value(&f.value)));
                format!("{{ {} }}", join(fields))
            }
        }
    }

    /// `head` + a test value + `tail`, on one line if it fits in
    /// [`MAX_WIDTH`] at `indent` columns; otherwise a list or record is
    /// opened and each element goes on its own line, with a comma after
    /// it, two spaces further in.
    fn test_value_lines(
        &self,
        head: &str,
        v: &TestValue,
        tail: &str,
        indent: usize,
    ) -> Vec<String> {
        let one = format!("{head}{}{tail}", self.test_value(v));
        let elements: Vec<(String, &TestValue)> = match v {
            TestValue::List(items, _) => items.iter().map(|i| (String::new(), i)).collect(),
            TestValue::Record(fields, _) => fields
                .iter()
                .map(|f| (format!("{} = ", f.name.name), &f.value))
                .collect(),
            TestValue::Scalar(_) | TestValue::None(_) => Vec::new(),
        };
        if indent + width(&one) <= MAX_WIDTH || elements.is_empty() || one.contains('\n') {
            return vec![one];
        }
        let (open, close) = match v {
            TestValue::List(..) => ("[", "]"),
            _ => ("{", "}"),
        };
        let mut lines = vec![format!("{head}{open}")];
        for (h, e) in elements {
            let inner = self.test_value_lines(&h, e, ",", indent + 2);
            lines.extend(inner.into_iter().map(|l| format!("  {l}")));
        }
        lines.push(format!("{close}{tail}"));
        lines
    }

    fn expect(&self, e: &Expect) -> String {
        match e {
            Expect::Status {
                target,
                status,
                missing,
                ..
            } => {
                let mut s = format!("expect {} is {}", target.display(), status.as_str());
                if !missing.is_empty() {
                    s.push_str(" missing ");
                    s.push_str(&join(missing.iter().map(|m| m.name.clone())));
                }
                s
            }
            Expect::Due { target, date, span } => {
                let written = span
                    .end()
                    .checked_sub(10)
                    .and_then(|at| Cursor::new(self.text, at).date());
                let date = written.map_or_else(|| date.to_string(), str::to_owned);
                format!("expect due {} == {date}", target.display())
            }
            Expect::Exposure {
                persons,
                min,
                max,
                possible,
                span,
            } => {
                let mut c = Cursor::new(self.text, span.start());
                c.eat("expect");
                c.eat("exposure");
                let mut s = "expect exposure ".to_owned();
                if *persons {
                    c.eat("persons");
                    s.push_str("persons ");
                }
                let certain = c.eat("certain");
                if certain || possible.is_some() {
                    s.push_str("certain ");
                }
                s.push_str(&self.money_range(c, min, max));
                if let Some(possible) = possible {
                    // Past the range: the second amount and its unit.
                    c.money();
                    c.eat("..=");
                    c.money();
                    c.eat("possible");
                    match possible {
                        Some(m) => {
                            let lo = c.money().map_or_else(|| m.to_string(), str::to_owned);
                            s.push_str(&format!(" possible {lo} CNY"));
                        }
                        None => s.push_str(" possible unbounded"),
                    }
                }
                s
            }
            Expect::Fine {
                party,
                penalty,
                range,
                conditional,
                discretionary,
                missing,
                ..
            } => {
                let mut s = format!("expect fine {} on {} ", party.display(), penalty.display());
                match range {
                    Some((min, max)) => {
                        let c = Cursor::new(self.text, penalty.span.end());
                        s.push_str(&self.money_range(c, min, max));
                    }
                    None => s.push_str("none"),
                }
                if *conditional {
                    s.push_str(" conditional");
                }
                if *discretionary {
                    s.push_str(" discretionary");
                }
                if !missing.is_empty() {
                    s.push_str(" missing ");
                    s.push_str(&join(missing.iter().map(|m| m.name.clone())));
                }
                s
            }
        }
    }
}

/// The `zh` / `en` / `cite` lines of a fact or record field.
fn described<'a>(labels: &'a Labels, cite: Option<&'a Citation>) -> Vec<Member<'a>> {
    let mut body = Vec::new();
    body.extend(labels.zh.as_ref().map(|s| Member::Label(Lang::Zh, s)));
    body.extend(labels.en.as_ref().map(|s| Member::Label(Lang::En, s)));
    body.extend(cite.map(Member::Cite));
    body
}
