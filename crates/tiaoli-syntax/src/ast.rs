//! The syntax tree: what a tiaoli file says, with the byte range of every
//! node. Parentheses leave no trace (the formatter puts back the ones that
//! precedence needs), and comments are kept beside the tree, not in it.

pub use tiaoli_text::TextRange;

mod expr;
mod rules;
mod schema;
mod shift;
mod test;

pub use expr::*;
pub use rules::*;
pub use schema::*;
pub use shift::Shift;
pub use test::*;

/// A parsed file: the items that parsed (a broken item is left out and
/// reported), in source order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceFile {
    pub items: Vec<Item>,
    /// Declarations that did not parse, kept by name so that their uses
    /// elsewhere are not reported as unresolved.
    pub broken: Vec<BrokenDecl>,
}

/// `obligation name { <syntax error> …`: what a broken declaration declares.
#[derive(Clone, Debug, PartialEq)]
pub struct BrokenDecl {
    /// `fact`, `obligation`, `define`…
    pub keyword: String,
    pub name: Ident,
    /// The article owning it, for a broken article member.
    pub article: Option<u32>,
    pub span: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Chapter(Chapter),
    Article(Article),
    Fact(FactDecl),
    Enum(EnumDecl),
    Record(RecordDecl),
    Party(LabelledDecl),
    Measure(LabelledDecl),
    Define(Define),
    Determination(Determination),
    Implement(Implement),
    Test(TestDecl),
}

impl Item {
    pub fn span(&self) -> TextRange {
        match self {
            Item::Chapter(x) => x.span,
            Item::Article(x) => x.span,
            Item::Fact(x) => x.span,
            Item::Enum(x) => x.span,
            Item::Record(x) => x.span,
            Item::Party(x) | Item::Measure(x) => x.span,
            Item::Define(x) => x.span,
            Item::Determination(x) => x.span,
            Item::Implement(x) => x.span,
            Item::Test(x) => x.span,
        }
    }

    /// From the keyword through the item's name or number: where a
    /// diagnostic about the whole item points.
    pub fn header_span(&self) -> TextRange {
        let end = match self {
            Item::Chapter(x) => x.number.span,
            Item::Article(x) => x.number.span,
            Item::Fact(x) => x.name.span,
            Item::Enum(x) => x.name.span,
            Item::Record(x) => x.name.span,
            Item::Party(x) | Item::Measure(x) => x.name.span,
            Item::Define(x) => x.name.span,
            Item::Determination(x) => x.name.span,
            Item::Implement(x) => x.extension.span,
            Item::Test(x) => x.name.span,
        };
        TextRange::new(self.span().start(), end.end())
    }
}

/// An identifier with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: TextRange,
}

/// `name` or `pack::name`.
#[derive(Clone, Debug, PartialEq)]
pub struct PathName {
    pub pack: Option<Ident>,
    pub name: Ident,
    pub span: TextRange,
}

impl PathName {
    pub fn display(&self) -> String {
        match &self.pack {
            Some(p) => format!("{}::{}", p.name, self.name.name),
            None => self.name.name.clone(),
        }
    }
}

/// A number used as an address (article, paragraph, item, chapter).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number {
    pub value: u32,
    pub span: TextRange,
}

/// A string literal; `value` has escapes resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Str {
    pub value: String,
    pub span: TextRange,
}

/// The one language type: of texts in packs, of diagnostics and reports.
pub use tiaoli_diagnostics::Lang;

/// `zh "..." en "..."`: a text in each language, either may be missing
/// (the checker says so).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Labels {
    pub zh: Option<Str>,
    pub en: Option<Str>,
    pub span: TextRange,
}

impl Labels {
    pub fn get(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Zh => self.zh.as_ref(),
            Lang::En => self.en.as_ref(),
        }
        .map(|s| s.value.as_str())
    }
}

/// `art39.1.8`, optionally `pack::art48`.
#[derive(Clone, Debug, PartialEq)]
pub struct Citation {
    pub pack: Option<Ident>,
    pub article: u32,
    pub para: Option<u32>,
    pub item: Option<u32>,
    pub span: TextRange,
}

impl Citation {
    /// `art39.1.8` (without the pack).
    pub fn display(&self) -> String {
        let mut s = format!("art{}", self.article);
        if let Some(p) = self.para {
            s.push_str(&format!(".{p}"));
        }
        if let Some(i) = self.item {
            s.push_str(&format!(".{i}"));
        }
        s
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Chapter {
    pub number: Number,
    pub title: Option<Labels>,
    pub articles: Option<(Number, Number)>,
    pub span: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Article {
    pub number: Number,
    pub members: Vec<ArticleMember>,
    /// Members that are present but did not parse (reported as syntax
    /// errors), so that the checker does not also report them missing.
    pub broken: Vec<BrokenMember>,
    pub span: TextRange,
}

/// `title zh "目的" xx "p"`: a member of an article (or of one of its
/// paragraphs) that is there but broken.
#[derive(Clone, Debug, PartialEq)]
pub struct BrokenMember {
    /// The word it starts with: `title`, `text`, `para`, `item`, `applies`…
    pub keyword: String,
    /// The paragraph it is in (or, for a broken `para N`, is), and the item
    /// a broken `item M` is.
    pub para: Option<u32>,
    pub item: Option<u32>,
    pub span: TextRange,
}

impl Article {
    /// Whether a member starting with `keyword` is present but broken: in
    /// the article itself (`para` None), in paragraph `para`, or (with
    /// `item`) item `item` of paragraph `para` as a whole.
    pub fn is_broken(&self, para: Option<u32>, item: Option<u32>, keyword: &str) -> bool {
        self.broken
            .iter()
            .any(|b| b.keyword == keyword && b.para == para && b.item == item)
    }

    pub fn title(&self) -> Option<&Labels> {
        self.members.iter().find_map(|m| match m {
            ArticleMember::Title(t) => Some(t),
            _ => None,
        })
    }

    pub fn text(&self) -> Option<&Labels> {
        self.members.iter().find_map(|m| match m {
            ArticleMember::Text(t) => Some(t),
            _ => None,
        })
    }

    /// The article's amended texts (`text from DATE …`), in source order.
    pub fn text_versions(&self) -> impl Iterator<Item = &TextVersion> {
        self.members.iter().filter_map(|m| match m {
            ArticleMember::TextVersion(v) => Some(v),
            _ => None,
        })
    }

    pub fn paras(&self) -> impl Iterator<Item = &Para> {
        self.members.iter().filter_map(|m| match m {
            ArticleMember::Para(p) => Some(p),
            _ => None,
        })
    }

    /// The article's `applies when`: a condition of every duty it makes.
    pub fn applies(&self) -> Option<&Expr> {
        self.members.iter().find_map(|m| match m {
            ArticleMember::Applies { condition, .. } => Some(condition),
            _ => None,
        })
    }

    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.members.iter().filter_map(|m| match m {
            ArticleMember::Rule(r) => Some(r),
            _ => None,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
#[expect(
    clippy::large_enum_variant,
    reason = "an article has a handful of members; boxing rules would burden every match"
)]
pub enum ArticleMember {
    Title(Labels),
    Text(Labels),
    /// `applies when COND`: every obligation and prohibition of the
    /// article applies only where COND holds.
    Applies {
        condition: Expr,
        span: TextRange,
    },
    /// `in force from … until …`: the article's days in force.
    InForce(InForce),
    /// `text from DATE …`: the article's amended text from a date on.
    TextVersion(TextVersion),
    Para(Para),
    Rule(Rule),
}

impl ArticleMember {
    pub fn span(&self) -> TextRange {
        match self {
            ArticleMember::Title(l) | ArticleMember::Text(l) => l.span,
            ArticleMember::Applies { span, .. } => *span,
            ArticleMember::InForce(f) => f.span,
            ArticleMember::TextVersion(v) => v.span,
            ArticleMember::Para(p) => p.span,
            ArticleMember::Rule(r) => r.span(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Para {
    pub number: Number,
    pub text: Option<Labels>,
    /// Amended texts of the paragraph (`text from DATE …`), in source order.
    pub versions: Vec<TextVersion>,
    pub items: Vec<ParaItem>,
    pub span: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ParaItem {
    pub number: Number,
    pub text: Option<Labels>,
    /// Amended texts of the item (`text from DATE …`, block form only).
    pub versions: Vec<TextVersion>,
    /// Written on one line, `item 1 zh "…" en "…"`, rather than as a
    /// block with a `text`; the formatter keeps the form.
    pub inline: bool,
    pub span: TextRange,
}

/// `text from DATE zh "…" en "…" [source zh "…" en "…"]`: the official
/// text of an article, paragraph or item from `from` on, replacing the text
/// (or the previous version) before it. `source` names the amending
/// instrument.
#[derive(Clone, Debug, PartialEq)]
pub struct TextVersion {
    pub from: (jiff::civil::Date, TextRange),
    pub text: Labels,
    pub source: Option<Labels>,
    pub span: TextRange,
}
