//! `parse`: never fails. The file is split into items by the lexical scan;
//! each item is parsed alone; an article that does not parse is parsed
//! member by member, so a mistake costs at most the member it is in.

use pest::Parser as _;
use pest::error::{ErrorVariant, InputLocation};
use tiaoli_diagnostics::{Code, Diagnostic, Msg, msg};
use tiaoli_text::{FileId, TextRange};

use crate::ast::{
    Article, ArticleMember, BrokenDecl, BrokenMember, Ident, Item, Number, Para, ParaItem,
    SourceFile,
};
use crate::grammar::{Rule, TiaoliParser, describe};
use crate::lower::Lower;
use crate::scan::{self, Chunk};

/// What parsing a file gives: the tree of what parsed, every syntax
/// diagnostic, and the comments (which the tree does not hold).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parse {
    pub file: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
    pub comments: Vec<TextRange>,
}

/// Parses a whole file. Never panics, never fails: broken items are
/// reported and left out (their names are kept, see [`BrokenDecl`]), the
/// rest is kept.
///
/// Each item is parsed in place here; [`crate::item_chunks`] and
/// [`crate::parse_chunk`] parse the same items one by one, with spans
/// relative to each item, for callers that memoise per item.
pub fn parse(text: &str, file: FileId) -> Parse {
    let scan::Scan {
        chunks,
        comments,
        lines,
        mut diagnostics,
    } = scan::scan(text, file);
    let lexical = lexical_ranges(&diagnostics);
    let mut cx = Cx::new(text, file, &lines, &comments, &lexical);
    for chunk in &chunks {
        cx.chunk(chunk);
    }
    let (out, syntax) = cx.finish();
    diagnostics.extend(syntax);
    diagnostics.sort_by_key(Diagnostic::sort_key);
    Parse {
        file: out,
        diagnostics,
        comments,
    }
}

/// Where the scan reported lexical errors: no syntax error is added there.
pub(crate) fn lexical_ranges(diagnostics: &[Diagnostic]) -> Vec<TextRange> {
    diagnostics
        .iter()
        .filter_map(|d| d.primary().map(|l| l.range))
        .collect()
}

/// Parses the chunks of one text: the whole file (spans are file offsets),
/// or one item's text alone (spans relative to the item).
pub(crate) struct Cx<'a> {
    text: &'a str,
    file: FileId,
    lines: &'a [scan::LineStart],
    comments: &'a [TextRange],
    /// Where lexical errors were reported: no syntax error is added there.
    lexical: &'a [TextRange],
    diagnostics: Vec<Diagnostic>,
    out: SourceFile,
}

impl<'a> Cx<'a> {
    pub(crate) fn new(
        text: &'a str,
        file: FileId,
        lines: &'a [scan::LineStart],
        comments: &'a [TextRange],
        lexical: &'a [TextRange],
    ) -> Self {
        Cx {
            text,
            file,
            lines,
            comments,
            lexical,
            diagnostics: Vec::new(),
            out: SourceFile::default(),
        }
    }

    /// What parsed, and the syntax diagnostics in the order they were found.
    pub(crate) fn finish(self) -> (SourceFile, Vec<Diagnostic>) {
        (self.out, self.diagnostics)
    }
}

impl Cx<'_> {
    fn lower(&mut self, base: usize, limit: usize) -> Lower<'_> {
        Lower {
            base,
            limit,
            file: self.file,
            text: self.text,
            comments: self.comments,
            diagnostics: &mut self.diagnostics,
            depth: 0,
        }
    }

    fn has_lexical_error(&self, range: TextRange) -> bool {
        self.lexical
            .iter()
            .any(|l| range.contains(l.start()) || l.contains(range.start()))
    }

    pub(crate) fn chunk(&mut self, chunk: &Chunk) {
        let text = self.text;
        let slice = &text[chunk.range.as_range()];
        let input = with_closers(slice, &chunk.missing_closers);
        let base = chunk.range.start();
        if let Some(at) = chunk.too_deep {
            // pest would recurse once per level and run out of stack at a
            // depth that differs from run to run; the scan counted instead.
            self.diagnostics.push(
                Diagnostic::new(
                    Code::S008,
                    msg!(en: "expression is too large", zh: "表达式过大"),
                )
                .with_primary(
                    self.file,
                    TextRange::new(at, at + 1),
                    msg!(
                        en: "nested more than {} deep here",
                        zh: "此处嵌套超过 {} 层",
                        if text[at..].starts_with("if") {
                            scan::MAX_IFS
                        } else {
                            scan::MAX_NESTING
                        }
                    ),
                )
                .with_help(msg!(
                    en: "split the expression into named definitions",
                    zh: "请将表达式拆分为若干具名定义"
                )),
            );
            self.salvage(chunk.range, None);
            return;
        }
        match TiaoliParser::parse(Rule::item_eoi, &input) {
            Ok(mut pairs) => {
                let item = pairs
                    .next()
                    .and_then(|p| self.lower(base, chunk.range.end()).item(p));
                if let Some(item) = item {
                    self.out.items.push(item);
                }
            }
            Err(err) => {
                if let Some(article) = self.recover_article(chunk) {
                    self.out.items.push(Item::Article(article));
                    return;
                }
                // A lexical error already explains why this chunk is broken.
                if !chunk.lexical_error {
                    let d = syntax_error(text, chunk.range, self.file, base, &err);
                    self.diagnostics.push(d);
                }
                self.salvage(chunk.range, None);
            }
        }
    }

    /// Parses an article member by member. Members start on the lines
    /// indented like the first one; each member's own braces are balanced
    /// before parsing, so a missing `}` costs only its member. Returns None
    /// when even the header `article N {` is broken.
    fn recover_article(&mut self, chunk: &Chunk) -> Option<Article> {
        let text = self.text;
        let slice = &text[chunk.range.as_range()];
        let header = slice.strip_prefix("article")?;
        let digits_at = header.len() - header.trim_start().len();
        let digits: String = header[digits_at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let after_digits = &header[digits_at + digits.len()..];
        if digits.is_empty() || !after_digits.trim_start().starts_with('{') {
            return None;
        }
        let number_start = chunk.range.start() + "article".len() + digits_at;
        let number = Number {
            value: digits.parse().ok()?,
            span: TextRange::new(number_start, number_start + digits.len()),
        };
        let body_start = chunk.range.start() + slice.find('{')? + 1;
        // The body ends at the article's closing brace (the chunk's last `}`).
        let body_end = if slice.ends_with('}') {
            chunk.range.end() - 1
        } else {
            chunk.range.end()
        };
        let member_starts = self.member_starts(body_start, body_end, 1)?;
        let mut article = Article {
            number,
            members: Vec::new(),
            broken: Vec::new(),
            span: chunk.range,
        };
        for (i, &start) in member_starts.iter().enumerate() {
            let end = member_starts.get(i + 1).copied().unwrap_or(body_end);
            let end = start + text[start..end].trim_end().len();
            let member_text = &text[start..end];
            let input = with_closers(member_text, &scan::missing_closers(member_text));
            let range = TextRange::new(start, end);
            match TiaoliParser::parse(Rule::member_eoi, &input) {
                Ok(mut pairs) => {
                    if let Some(p) = pairs.next() {
                        self.lower(start, end).article_member(p, &mut article);
                    }
                }
                Err(err) => {
                    let keyword = leading_word(member_text);
                    let before = article.broken.len();
                    if keyword == "para"
                        && let Some(para) = self.recover_para(chunk.range, range, &mut article)
                    {
                        // A paragraph whose members each parse yet which
                        // does not as a whole: its own error is the one.
                        if article.broken.len() == before && !self.has_lexical_error(range) {
                            let d = syntax_error(text, chunk.range, self.file, start, &err);
                            self.diagnostics.push(d);
                        }
                        article.members.push(ArticleMember::Para(para));
                        continue;
                    }
                    if !self.has_lexical_error(range) {
                        let d = syntax_error(text, chunk.range, self.file, start, &err);
                        self.diagnostics.push(d);
                    }
                    article.broken.push(BrokenMember {
                        para: (keyword == "para")
                            .then(|| leading_number(member_text))
                            .flatten(),
                        keyword: keyword.to_owned(),
                        item: None,
                        span: range,
                    });
                    self.salvage(range, Some(number.value));
                }
            }
        }
        Some(article)
    }

    /// Where the members of a block body start: the lines (at brace depth
    /// `depth` or more, not a closing `}`) indented like the first one.
    /// None for a body with no line of its own.
    fn member_starts(
        &self,
        body_start: usize,
        body_end: usize,
        depth: usize,
    ) -> Option<Vec<usize>> {
        let text = self.text;
        let lines: Vec<&scan::LineStart> = self
            .lines
            .iter()
            .filter(|l| {
                l.offset >= body_start
                    && l.offset < body_end
                    && l.depth >= depth
                    && !text[l.offset..].starts_with('}')
            })
            .collect();
        let column = lines.first().map(|l| l.column)?;
        Some(
            lines
                .iter()
                .filter(|l| l.column == column)
                .map(|l| l.offset)
                .collect(),
        )
    }

    /// Parses a broken `para N { … }` member by member, as an article is:
    /// each member alone, inside a `para N {` of its own (the text between
    /// blanked, so spans stay the file's). A broken member is recorded on
    /// the article; a broken `item M` is kept as an item without text, so
    /// that citations of it still resolve. None when the header `para N {`
    /// is broken or the members do not start on lines of their own.
    fn recover_para(
        &mut self,
        chunk: TextRange,
        range: TextRange,
        article: &mut Article,
    ) -> Option<Para> {
        let text = self.text;
        let (start, end) = (range.start(), range.end());
        let slice = &text[range.as_range()];
        let value = leading_number(slice)?;
        let number_start = start + slice.find(|c: char| c.is_ascii_digit())?;
        let number = Number {
            value,
            span: TextRange::new(number_start, number_start + value.to_string().len()),
        };
        let open = start + slice.find('{')?;
        if !text[number.span.end()..open].trim().is_empty() {
            return None;
        }
        let body_start = open + 1;
        let body_end = if slice.ends_with('}') { end - 1 } else { end };
        let starts = self.member_starts(body_start, body_end, 2)?;
        let mut para = Para {
            number,
            text: None,
            versions: Vec::new(),
            items: Vec::new(),
            span: range,
        };
        for (i, &from) in starts.iter().enumerate() {
            let to = starts.get(i + 1).copied().unwrap_or(body_end);
            let to = from + text[from..to].trim_end().len();
            let member = &text[from..to];
            // `para N {`, blanks up to the member, the member, `}`.
            let mut input = String::with_capacity(to - start + 8);
            input.push_str(&text[start..body_start]);
            input.extend(text[body_start..from].chars().map(|c| {
                if c == '\n' {
                    "\n".to_owned()
                } else {
                    " ".repeat(c.len_utf8())
                }
            }));
            input.push_str(member);
            input.push_str(&scan::missing_closers(member));
            input.push_str("\n}");
            let member_range = TextRange::new(from, to);
            match TiaoliParser::parse(Rule::member_eoi, &input) {
                Ok(mut pairs) => {
                    let mut scratch = Article {
                        number: article.number,
                        members: Vec::new(),
                        broken: Vec::new(),
                        span: article.span,
                    };
                    if let Some(p) = pairs.next() {
                        self.lower(start, end).article_member(p, &mut scratch);
                    }
                    for m in scratch.members {
                        if let ArticleMember::Para(p) = m {
                            if para.text.is_none() {
                                para.text = p.text;
                            }
                            para.versions.extend(p.versions);
                            para.items.extend(p.items);
                        }
                    }
                }
                Err(err) => {
                    if !self.has_lexical_error(member_range) {
                        let d = syntax_error(text, chunk, self.file, start, &err);
                        self.diagnostics.push(d);
                    }
                    let keyword = leading_word(member);
                    let item = (keyword == "item")
                        .then(|| leading_number(member))
                        .flatten();
                    if let Some(value) = item
                        && let Some(at) = member.find(|c: char| c.is_ascii_digit())
                    {
                        let span = TextRange::new(from + at, from + at + value.to_string().len());
                        para.items.push(ParaItem {
                            number: Number { value, span },
                            text: None,
                            versions: Vec::new(),
                            inline: false,
                            span: member_range,
                        });
                    }
                    article.broken.push(BrokenMember {
                        keyword: keyword.to_owned(),
                        para: Some(value),
                        item,
                        span: member_range,
                    });
                }
            }
        }
        Some(para)
    }

    /// Keeps the name a broken declaration declares (`obligation x { …`,
    /// `meta fact y: …`), so that its uses elsewhere are not reported too.
    fn salvage(&mut self, range: TextRange, article: Option<u32>) {
        let text = &self.text[range.as_range()];
        let (text, skipped) = match text.strip_prefix("meta") {
            Some(rest) if rest.starts_with(char::is_whitespace) => {
                (rest.trim_start(), range.len() - rest.trim_start().len())
            }
            _ => (text, 0),
        };
        let keyword: String = text
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !DECLARING_KEYWORDS.contains(&keyword.as_str()) {
            return;
        }
        let rest = &text[keyword.len()..];
        let gap = rest.len() - rest.trim_start().len();
        let name: String = rest[gap..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
            return;
        }
        let name_start = range.start() + skipped + keyword.len() + gap;
        self.out.broken.push(BrokenDecl {
            keyword,
            name: Ident {
                name: name.clone(),
                span: TextRange::new(name_start, name_start + name.len()),
            },
            article,
            span: range,
        });
    }
}

/// The word a member starts with (`title`, `para`…).
fn leading_word(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// The number after a member's keyword (`para 2 {` is 2), if written.
fn leading_number(text: &str) -> Option<u32> {
    let rest = text[leading_word(text).len()..].trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Keywords whose declarations are kept by name when their body is broken.
const DECLARING_KEYWORDS: &[&str] = &[
    "fact",
    "enum",
    "record",
    "party",
    "measure",
    "define",
    "determination",
    "obligation",
    "prohibition",
    "penalty",
    "extension",
    "exception",
];

fn with_closers<'t>(text: &'t str, closers: &str) -> std::borrow::Cow<'t, str> {
    if closers.is_empty() {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(format!("{text}\n{closers}"))
    }
}

/// Converts pest's error into S001 with friendly names for what was
/// expected and the token that was found instead. Only the text of the
/// item (`chunk`) is looked at, so that the item's diagnostic does not
/// depend on what surrounds it; an error in the closers that recovery
/// appended is put at the item's end.
fn syntax_error(
    text: &str,
    chunk: TextRange,
    file: FileId,
    base: usize,
    err: &pest::error::Error<Rule>,
) -> Diagnostic {
    let origin = chunk.start();
    let text = &text[chunk.as_range()];
    let at = (base - origin
        + match err.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((s, _)) => s,
        })
    .min(text.len());
    let mut keywords: Vec<&'static str> = Vec::new();
    let expected = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            keywords = positives
                .iter()
                .flat_map(|r| keywords_of(*r))
                .copied()
                .collect();
            // Everything that can start an expression reads better as one word.
            // A bare name is "a name" unless an expression could start here.
            let expression = positives
                .iter()
                .any(|r| starts_expression(*r) && !matches!(r, Rule::ident | Rule::path_name));
            let mut names: Vec<(&str, &str)> = positives
                .iter()
                .filter_map(|r| {
                    if expression && starts_expression(*r) {
                        Some(("an expression", "表达式"))
                    } else {
                        describe(*r)
                    }
                })
                .collect();
            names.dedup();
            // "another zh/en text" is rarely what was meant when anything
            // else was also possible.
            if names.len() > 1 {
                names.retain(|n| n.0 != "`zh` or `en`" && n.0 != "a `zh`/`en` text");
            }
            let mut seen = Vec::new();
            names.retain(|n| {
                if seen.contains(n) {
                    false
                } else {
                    seen.push(*n);
                    true
                }
            });
            let en: Vec<&str> = names.iter().map(|n| n.0).collect();
            let zh: Vec<&str> = names.iter().map(|n| n.1).collect();
            Msg::new(join_alternatives(&en), join_alternatives_zh(&zh))
        }
        // pest's own text, passed on as it is.
        ErrorVariant::CustomError { message } => Msg::verbatim(message.clone()),
    };
    // A word right after a number is probably a misspelt duration unit.
    if text[..at.min(text.len())]
        .trim_end()
        .ends_with(|c: char| c.is_ascii_digit())
    {
        keywords.extend(keywords_of(Rule::duration_unit));
    }
    let mut d = unexpected(text, origin, file, at, &expected);
    let found = token_at(text, at);
    if let Some(best) = closest_keyword(found, &keywords) {
        let range = TextRange::new(origin + at, origin + at + found.len());
        d = d.with_did_you_mean(file, range, best);
    }
    d
}

/// The keywords a rule can start with, for "did you mean".
fn keywords_of(rule: Rule) -> &'static [&'static str] {
    use Rule as R;
    match rule {
        R::duration_lit | R::duration_unit => &[
            "day", "days", "week", "weeks", "month", "months", "year", "years",
        ],
        R::title => &["title"],
        R::text => &["text"],
        R::cite => &["cite"],
        R::source => &["source"],
        R::para => &["para"],
        R::para_item => &["item"],
        R::article_range => &["articles"],
        R::bearer => &["bearer"],
        R::applies => &["applies"],
        R::requires => &["requires"],
        R::forbids => &["forbids"],
        R::due => &["due"],
        R::unless => &["unless"],
        R::trigger => &["trigger"],
        R::measures => &["measures"],
        R::fine => &["fine", "may"],
        R::may_kw => &["may"],
        R::addressee => &["addressee"],
        R::gives_way => &["gives"],
        R::instead => &["instead"],
        R::escalate => &["escalate"],
        R::exempts => &["exempts"],
        R::when => &["when"],
        R::key => &["key"],
        R::returns => &["returns"],
        R::factor_decl | R::factor_def => &["factor"],
        R::decide => &["decide"],
        R::value => &["value"],
        R::obligation => &["obligation"],
        R::prohibition => &["prohibition"],
        R::penalty => &["penalty"],
        R::define => &["define"],
        R::determination => &["determination"],
        R::extension => &["extension"],
        R::exception => &["exception"],
        R::chapter => &["chapter"],
        R::article => &["article"],
        R::fact_decl => &["fact"],
        R::meta_kw => &["fact", "meta"],
        R::enum_decl => &["enum"],
        R::record_decl => &["record"],
        R::field_decl => &["field"],
        R::party_decl => &["party"],
        R::measure_decl => &["measure"],
        R::implement => &["implement"],
        R::test_decl => &["test"],
        R::as_of_attr => &["as_of"],
        R::given | R::given_file => &["given"],
        R::expect => &["expect"],
        R::lang => &["zh", "en"],
        R::prim_type | R::type_expr => &[
            "bool", "int", "decimal", "money", "date", "duration", "text",
        ],
        R::status => &[
            "satisfied",
            "violated",
            "not_applicable",
            "not_in_force",
            "unknown",
            "triggered",
            "not_triggered",
        ],
        _ => &[],
    }
}

/// The keyword closest to a misspelled word, if it is close enough.
fn closest_keyword<'a>(found: &str, keywords: &[&'a str]) -> Option<&'a str> {
    if found.is_empty() || keywords.contains(&found) {
        return None;
    }
    let limit = (found.chars().count() / 3).max(1);
    keywords
        .iter()
        .map(|k| (strsim::osa_distance(found, k), *k))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, k)| k)
}

fn starts_expression(rule: Rule) -> bool {
    use Rule as R;
    matches!(
        rule,
        R::expr
            | R::path_name
            | R::ident
            | R::int_lit
            | R::decimal_lit
            | R::date_lit
            | R::money_lit
            | R::duration_lit
            | R::bool_lit
            | R::string
            | R::raw_string
            | R::citation
            | R::paren
            | R::if_expr
            | R::if_kw
            | R::quantifier
            | R::quant_kind
            | R::call
            | R::list_expr
            | R::variant_lit
            | R::as_of
            | R::facility
            | R::op_not
            | R::op_neg
    )
}

/// S001 at `at` in `text`, which starts at `origin` in the file.
fn unexpected(text: &str, origin: usize, file: FileId, at: usize, expected: &Msg) -> Diagnostic {
    let at = at.min(text.len());
    let token = token_at(text, at);
    let (en, zh) = (expected.en(), expected.zh());
    // A space between Chinese and a backticked name, none before a Chinese word.
    let sep = if zh.starts_with(|c: char| c.is_ascii()) {
        " "
    } else {
        ""
    };
    let (message, label) = if token.is_empty() {
        (
            msg!(en: "expected {en}", zh: "应为{sep}{zh}"),
            msg!(en: "the item ends here", zh: "条目在此结束"),
        )
    } else {
        (
            msg!(en: "expected {en}, found `{token}`", zh: "应为{sep}{zh}，实际为 `{token}`"),
            msg!(en: "unexpected here", zh: "此处不应出现"),
        )
    };
    let end = at + token.len().max(if token.is_empty() { 0 } else { 1 });
    Diagnostic::new(Code::S001, message).with_primary(
        file,
        TextRange::new(origin + at, origin + end),
        label,
    )
}

/// The word or single character at `at`.
fn token_at(text: &str, at: usize) -> &str {
    let rest = &text[at..];
    let word = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    if word > 0 {
        return &rest[..word];
    }
    rest.chars().next().map_or("", |c| {
        if c.is_whitespace() {
            ""
        } else {
            &rest[..c.len_utf8()]
        }
    })
}

fn join_alternatives(names: &[&str]) -> String {
    match names {
        [] => "something else".to_owned(),
        [one] => (*one).to_owned(),
        [init @ .., last] => {
            let shown: Vec<&str> = init.iter().take(14).copied().collect();
            if init.len() > 14 {
                format!("{}, … or {last}", shown.join(", "))
            } else {
                format!("{} or {last}", shown.join(", "))
            }
        }
    }
}

/// [`join_alternatives`] in Chinese: `A、B或C`, with a space between 或
/// and a backticked name.
fn join_alternatives_zh(names: &[&str]) -> String {
    match names {
        [] => "其他内容".to_owned(),
        [one] => (*one).to_owned(),
        [init @ .., last] => {
            let shown: Vec<&str> = init.iter().take(14).copied().collect();
            let mut out = shown.join("、");
            if init.len() > 14 {
                out.push_str("、…");
            } else if out.ends_with(|c: char| c.is_ascii()) {
                out.push(' ');
            }
            out.push('或');
            if last.starts_with(|c: char| c.is_ascii()) {
                out.push(' ');
            }
            out.push_str(last);
            out
        }
    }
}
