//! Turns pest's pairs into the AST, validating literals on the way (dates
//! that do not exist, numbers that overflow, escapes, citations of article
//! 0) and reporting attributes given twice.

use std::str::FromStr;

use pest::iterators::Pair;
use rust_decimal::Decimal;
use tiaoli_diagnostics::{Code, Diagnostic, Msg, msg};
use tiaoli_text::{FileId, TextRange};

use crate::ast::*;
use crate::grammar::Rule as R;

mod expr;
mod items;
mod rules;

pub(crate) struct Lower<'a> {
    /// Offset of the parsed slice in the file.
    pub base: usize,
    /// End of the real text: recovery may append closers, which must not
    /// show up in spans.
    pub limit: usize,
    pub file: FileId,
    /// The whole file and its comments, to trim spans (see `span`).
    pub text: &'a str,
    pub comments: &'a [TextRange],
    pub diagnostics: &'a mut Vec<Diagnostic>,
    /// How many expressions enclose the one being lowered.
    pub depth: usize,
}

type P<'i> = Pair<'i, R>;

impl Lower<'_> {
    pub fn span(&self, pair: &P<'_>) -> TextRange {
        let s = pair.as_span();
        let start = self.base + s.start();
        let mut end = (self.base + s.end()).min(self.limit).max(start);
        // pest keeps the whitespace and comments it skipped before an
        // optional that then matched nothing; they are not part of the node.
        loop {
            let trimmed = start + self.text.get(start..end).map_or(0, |t| t.trim_end().len());
            match self.comments.binary_search_by_key(&trimmed, |c| c.end()) {
                Ok(i) if self.comments[i].start() >= start => end = self.comments[i].start(),
                _ => {
                    end = trimmed;
                    break;
                }
            }
        }
        TextRange::new(start.min(end), end)
    }

    fn error(&mut self, code: Code, message: Msg, span: TextRange, label: Msg) {
        self.diagnostics
            .push(Diagnostic::new(code, message).with_primary(self.file, span, label));
    }

    pub fn ident(&mut self, pair: P<'_>) -> Ident {
        Ident {
            name: pair.as_str().to_owned(),
            span: self.span(&pair),
        }
    }

    pub fn path_name(&mut self, pair: P<'_>) -> PathName {
        let span = self.span(&pair);
        let mut idents: Vec<Ident> = pair.into_inner().map(|p| self.ident(p)).collect();
        let name = idents.pop().unwrap_or(Ident {
            name: String::new(),
            span,
        });
        PathName {
            pack: idents.pop(),
            name,
            span,
        }
    }

    /// A number used as an address: 1 or more, fitting in u32.
    pub fn number(&mut self, pair: P<'_>, what: &str) -> Number {
        let span = self.span(&pair);
        let digits: String = pair.as_str().chars().filter(|c| *c != '_').collect();
        let value = match digits.parse::<u32>() {
            Ok(0) => {
                self.error(
                    Code::S005,
                    Msg::new(
                        format!("{what} 0 does not exist"),
                        format!("第 0 {}不存在", unit_zh(what)),
                    ),
                    span,
                    msg!(en: "numbering starts at 1", zh: "编号从 1 开始"),
                );
                0
            }
            Ok(v) => v,
            Err(_) => {
                self.error(
                    Code::S004,
                    Msg::new(
                        format!("{what} number `{}` is too large", pair.as_str()),
                        format!("{}号 `{}` 过大", unit_zh(what), pair.as_str()),
                    ),
                    span,
                    msg!(en: "out of range", zh: "超出范围"),
                );
                0
            }
        };
        Number { value, span }
    }

    pub fn int(&mut self, pair: &P<'_>) -> i64 {
        let digits: String = pair.as_str().chars().filter(|c| *c != '_').collect();
        digits.parse::<i64>().unwrap_or_else(|_| {
            let span = self.span(pair);
            self.error(
                Code::S004,
                msg!(en: "integer `{}` is too large", zh: "整数 `{}` 过大", pair.as_str()),
                span,
                msg!(en: "does not fit in 64 bits", zh: "超出 64 位整数的范围"),
            );
            0
        })
    }

    pub fn decimal(&mut self, pair: &P<'_>) -> Decimal {
        let digits: String = pair.as_str().chars().filter(|c| *c != '_').collect();
        Decimal::from_str(&digits).unwrap_or_else(|_| {
            let span = self.span(pair);
            self.error(
                Code::S004,
                msg!(en: "number `{}` is out of range", zh: "数值 `{}` 超出范围", pair.as_str()),
                span,
                msg!(en: "too many digits", zh: "位数过多"),
            );
            Decimal::ZERO
        })
    }

    /// `int_lit` or `decimal_lit` as an exact decimal.
    pub fn number_value(&mut self, pair: &P<'_>) -> Decimal {
        match pair.as_rule() {
            R::int_lit => Decimal::from(self.int(pair)),
            _ => self.decimal(pair),
        }
    }

    /// An amount in CNY: a whole number of fen (at most two decimal
    /// places), below 10^15 yuan, as the evaluator holds money.
    pub fn money(&mut self, pair: P<'_>) -> Decimal {
        let span = self.span(&pair);
        let text = pair.as_str().to_owned();
        let Some(n) = pair.into_inner().next() else {
            return Decimal::ZERO;
        };
        let d = self.number_value(&n);
        if d.normalize().scale() > 2 {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::S004,
                    msg!(en: "`{text}` is finer than the fen", zh: "`{text}` 的精度细于分"),
                )
                .with_primary(
                    self.file,
                    span,
                    msg!(en: "more than two decimal places", zh: "小数超过两位"),
                )
                .with_help(msg!(
                    en: "amounts are whole fen (分): write at most two decimal places",
                    zh: "金额以分为最小单位：最多写两位小数"
                )),
            );
            return Decimal::ZERO;
        }
        if d >= Decimal::from(1_000_000_000_000_000_i64) {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::S004,
                    msg!(en: "`{text}` is out of range", zh: "`{text}` 超出范围"),
                )
                .with_primary(
                    self.file,
                    span,
                    msg!(
                        en: "at most 999,999,999,999,999.99 CNY",
                        zh: "最多为 999,999,999,999,999.99 元人民币"
                    ),
                )
                .with_help(msg!(
                    en: "amounts are below 10^15 yuan",
                    zh: "金额须小于 10^15 元"
                )),
            );
            return Decimal::ZERO;
        }
        d
    }

    pub fn date(&mut self, pair: &P<'_>) -> jiff::civil::Date {
        let text = pair.as_str();
        let part = |r: std::ops::Range<usize>| {
            text.get(r).and_then(|s| s.parse::<i16>().ok()).unwrap_or(0)
        };
        let (y, m, d) = (part(0..4), part(5..7), part(8..10));
        match jiff::civil::Date::new(y, m as i8, d as i8) {
            Ok(date) => date,
            Err(_) => {
                let span = self.span(pair);
                // Why, in words (`June 2025 has 30 days`), not the date
                // library's parameter ranges.
                let why = tiaoli_diagnostics::no_such_date(text)
                    .unwrap_or_else(|| msg!(en: "no such day", zh: "没有这一天"));
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::S004,
                        msg!(en: "`{text}` is not a valid date", zh: "`{text}` 不是有效的日期"),
                    )
                    .with_primary(self.file, span, why)
                    .with_help(msg!(
                        en: "dates are written YYYY-MM-DD and must exist in the calendar",
                        zh: "日期写作 YYYY-MM-DD，且须是日历上存在的日期"
                    )),
                );
                jiff::civil::Date::constant(1970, 1, 1)
            }
        }
    }

    pub fn string(&mut self, pair: P<'_>) -> Str {
        let span = self.span(&pair);
        let raw = pair.as_rule() == R::raw_string;
        let inner = pair.into_inner().next();
        let (content, content_start) = match &inner {
            Some(p) => (p.as_str(), self.span(p).start()),
            None => ("", span.start()),
        };
        let value = if raw {
            // A raw string's text is the same whatever line ending its file uses.
            content.replace("\r\n", "\n")
        } else {
            self.unescape(content, content_start)
        };
        Str { value, span }
    }

    fn unescape(&mut self, s: &str, start: usize) -> String {
        let mut out = String::with_capacity(s.len());
        let mut chars = s.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some((_, '"')) => out.push('"'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((j, other)) => {
                    let span = TextRange::new(start + i, start + j + other.len_utf8());
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::S007,
                            msg!(en: "unknown escape `\\{other}`", zh: "未知的转义 `\\{other}`"),
                        )
                        .with_primary(
                            self.file,
                            span,
                            msg!(en: "not an escape tiaoli knows", zh: "tiaoli 不认识此转义"),
                        )
                        .with_help(msg!(
                            en: "the escapes are \\\" \\\\ \\n \\t; use a \"\"\"raw string\"\"\" for text with backslashes",
                            zh: "可用的转义为 \\\" \\\\ \\n \\t；含反斜杠的文本请使用 \"\"\"原始字符串\"\"\""
                        )),
                    );
                }
                None => {}
            }
        }
        out
    }

    /// `label+` → Labels, reporting a language given twice.
    pub fn labels<'i>(&mut self, pairs: impl Iterator<Item = P<'i>>, span: TextRange) -> Labels {
        let mut labels = Labels {
            zh: None,
            en: None,
            span,
        };
        for pair in pairs {
            if pair.as_rule() != R::label {
                continue;
            }
            let mut inner = pair.into_inner();
            let (Some(lang), Some(text)) = (inner.next(), inner.next()) else {
                continue;
            };
            let lang_span = self.span(&lang);
            let text = self.string(text);
            let slot = if lang.as_str() == "zh" {
                &mut labels.zh
            } else {
                &mut labels.en
            };
            if slot.is_some() {
                self.error(
                    Code::S006,
                    msg!(en: "`{}` text given twice", zh: "`{}` 文本重复给出", lang.as_str()),
                    lang_span,
                    msg!(en: "a second text in the same language", zh: "同一语言的第二个文本"),
                );
            } else {
                *slot = Some(text);
            }
        }
        labels
    }

    /// `title zh … en …`, `text …`, `source …`
    pub fn labelled_attr(&mut self, pair: P<'_>) -> Labels {
        let span = self.span(&pair);
        self.labels(pair.into_inner(), span)
    }

    pub fn citation(&mut self, pair: P<'_>) -> Citation {
        let span = self.span(&pair);
        let text = pair.as_str();
        let (pack, rest, rest_start) = match text.find("::") {
            Some(i) => {
                let pack = Ident {
                    name: text[..i].to_owned(),
                    span: TextRange::new(span.start(), span.start() + i),
                };
                (Some(pack), &text[i + 2..], span.start() + i + 2)
            }
            None => (None, text, span.start()),
        };
        let mut parts = rest.trim_start_matches("art").split('.');
        let mut next = |what: &str, this: &mut Self| -> Option<u32> {
            let digits = parts.next()?;
            match digits.parse::<u32>() {
                Ok(0) => {
                    this.error(
                        Code::S005,
                        Msg::new(
                            format!("{what} 0 does not exist"),
                            format!("第 0 {}不存在", unit_zh(what)),
                        ),
                        TextRange::new(rest_start, span.end()),
                        msg!(en: "numbering starts at 1", zh: "编号从 1 开始"),
                    );
                    Some(0)
                }
                Ok(n) => Some(n),
                Err(_) => {
                    this.error(
                        Code::S004,
                        Msg::new(
                            format!("{what} number `{digits}` is too large"),
                            format!("{}号 `{digits}` 过大", unit_zh(what)),
                        ),
                        span,
                        msg!(en: "out of range", zh: "超出范围"),
                    );
                    Some(0)
                }
            }
        };
        let article = next("article", self).unwrap_or(0);
        let para = next("paragraph", self);
        let item = next("item", self);
        Citation {
            pack,
            article,
            para,
            item,
            span,
        }
    }

    /// The declared name: the next pair (an `ident`), or an empty name at
    /// `span` when recovery left none.
    pub fn name_in(&mut self, inner: &mut pest::iterators::Pairs<'_, R>, span: TextRange) -> Ident {
        match inner.next() {
            Some(p) => self.ident(p),
            None => Ident {
                name: String::new(),
                span,
            },
        }
    }

    /// `title zh … en …` into its slot (S006 if given twice).
    pub fn title_into(&mut self, slot: &mut Option<Labels>, pair: P<'_>) {
        let span = self.span(&pair);
        let labels = self.labelled_attr(pair);
        self.set_once(slot, labels, span, "title");
    }

    /// `cite artN` into its slot (S006 if given twice).
    pub fn cite_into(&mut self, slot: &mut Option<Citation>, pair: P<'_>) {
        let span = self.span(&pair);
        if let Some(c) = pair.into_inner().next() {
            let c = self.citation(c);
            self.set_once(slot, c, span, "cite");
        }
    }

    /// An attribute's expression (`requires …`, `value …`) into its slot.
    pub fn expr_into(&mut self, slot: &mut Option<Expr>, pair: P<'_>, what: &str) {
        let span = self.span(&pair);
        if let Some(e) = pair.into_inner().find(|p| p.as_rule() == R::expr) {
            let e = self.expr(e);
            self.set_once(slot, e, span, what);
        }
    }

    /// Stores `value` unless the slot is already set (then S006).
    pub fn set_once<T>(&mut self, slot: &mut Option<T>, value: T, span: TextRange, what: &str) {
        if slot.is_some() {
            self.error(
                Code::S006,
                msg!(en: "`{what}` given twice", zh: "`{what}` 重复给出"),
                span,
                msg!(en: "already set above; remove one", zh: "上文已设置；请删除其中一个"),
            );
        } else {
            *slot = Some(value);
        }
    }

    pub fn type_expr(&mut self, pair: P<'_>) -> TypeExpr {
        let span = self.span(&pair);
        let Some(inner) = pair.into_inner().next() else {
            return TypeExpr::Prim(PrimType::Bool, span);
        };
        match inner.as_rule() {
            R::prim_type => TypeExpr::Prim(
                PrimType::from_name(inner.as_str()).unwrap_or(PrimType::Bool),
                span,
            ),
            R::optional_type | R::list_type => {
                let optional = inner.as_rule() == R::optional_type;
                let element = inner.into_inner().find(|p| p.as_rule() == R::type_expr);
                let element = match element {
                    Some(e) => self.type_expr(e),
                    None => TypeExpr::Prim(PrimType::Bool, span),
                };
                if optional {
                    TypeExpr::Optional(Box::new(element), span)
                } else {
                    TypeExpr::List(Box::new(element), span)
                }
            }
            _ => TypeExpr::Named(self.path_name(inner)),
        }
    }

    pub fn int_bounds(&mut self, pair: P<'_>) -> IntBounds {
        let span = self.span(&pair);
        let mut ints = pair.into_inner();
        let min = ints.next().map(|p| self.int(&p)).unwrap_or(0);
        let max = ints.next().map(|p| self.int(&p)).unwrap_or(0);
        IntBounds { min, max, span }
    }
}

/// The Chinese name of a numbered unit (`article` → 条), for diagnostics.
fn unit_zh(what: &str) -> &str {
    match what {
        "chapter" => "章",
        "article" => "条",
        "paragraph" => "款",
        "item" => "项",
        other => other,
    }
}
