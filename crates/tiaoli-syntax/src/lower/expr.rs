//! Expressions: precedence climbing over the flat `expr` sequence that the
//! grammar produces, using the precedences in `ast::expr` (which the
//! formatter uses too).

use std::iter::Peekable;

use tiaoli_diagnostics::{Code, Diagnostic, msg};

use super::{Lower, P};
use crate::ast::*;
use crate::grammar::Rule as R;

type Tokens<'i> = Peekable<pest::iterators::Pairs<'i, R>>;

/// Limits on one expression (see `Lower::expr`).
const MAX_EXPR_TOKENS: usize = 256;
const MAX_EXPR_DEPTH: usize = 32;

fn binary_op(rule: R) -> Option<BinaryOp> {
    Some(match rule {
        R::op_or => BinaryOp::Or,
        R::op_and => BinaryOp::And,
        R::op_eq => BinaryOp::Eq,
        R::op_ne => BinaryOp::Ne,
        R::op_lt => BinaryOp::Lt,
        R::op_le => BinaryOp::Le,
        R::op_gt => BinaryOp::Gt,
        R::op_ge => BinaryOp::Ge,
        R::op_in => BinaryOp::In,
        R::op_otherwise => BinaryOp::Otherwise,
        R::op_add => BinaryOp::Add,
        R::op_sub => BinaryOp::Sub,
        R::op_mul => BinaryOp::Mul,
        R::op_div => BinaryOp::Div,
        _ => return None,
    })
}

impl Lower<'_> {
    pub fn expr(&mut self, pair: P<'_>) -> Expr {
        let span = self.span(&pair);
        // Every later phase walks expressions recursively; an expression
        // this large is not a rule anyone writes, and would exhaust the stack.
        let tokens = pair.clone().into_inner().count();
        if tokens > MAX_EXPR_TOKENS || self.depth >= MAX_EXPR_DEPTH {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::S008,
                    msg!(en: "expression is too large", zh: "表达式过大"),
                )
                .with_primary(
                    self.file,
                    span,
                    msg!(
                        en: "at most {MAX_EXPR_TOKENS} operators and operands, nested at most {MAX_EXPR_DEPTH} deep",
                        zh: "最多 {MAX_EXPR_TOKENS} 个运算符和操作数，嵌套最多 {MAX_EXPR_DEPTH} 层"
                    ),
                )
                .with_help(msg!(
                    en: "split it into definitions (`define part = …`) and combine those",
                    zh: "请将其拆分为若干定义（`define part = …`），再加以组合"
                )),
            );
            return Expr {
                kind: ExprKind::Bool(false),
                span,
            };
        }
        self.depth += 1;
        let mut tokens = pair.into_inner().peekable();
        let e = self.climb(&mut tokens, 0, span);
        self.depth -= 1;
        // A lone parenthesised expression keeps the outer span.
        Expr { span, ..e }
    }

    fn climb(&mut self, tokens: &mut Tokens<'_>, min_prec: u8, span: TextRange) -> Expr {
        let mut lhs = self.unary(tokens, span);
        while let Some(op) = tokens.peek().and_then(|t| binary_op(t.as_rule())) {
            let prec = op.precedence();
            if prec < min_prec {
                break;
            }
            tokens.next();
            let rhs = self.climb(tokens, prec + 1, span);
            let s = lhs.span.cover(rhs.span);
            lhs = Expr {
                kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)),
                span: s,
            };
        }
        lhs
    }

    fn unary(&mut self, tokens: &mut Tokens<'_>, span: TextRange) -> Expr {
        let Some(tok) = tokens.next() else {
            return Expr {
                kind: ExprKind::Bool(false),
                span,
            };
        };
        let tok_span = self.span(&tok);
        let op = match tok.as_rule() {
            R::op_not => Some((UnaryOp::Not, NOT_PRECEDENCE)),
            R::op_neg => Some((UnaryOp::Neg, NEG_PRECEDENCE)),
            _ => None,
        };
        if let Some((op, prec)) = op {
            let operand = self.climb(tokens, prec, span);
            let s = tok_span.cover(operand.span);
            return Expr {
                kind: ExprKind::Unary(op, Box::new(operand)),
                span: s,
            };
        }
        let mut e = self.primary(tok);
        while let Some(field) = tokens.next_if(|t| matches!(t.as_rule(), R::field | R::is_absent)) {
            let fs = self.span(&field);
            if field.as_rule() == R::is_absent {
                let s = e.span.cover(fs);
                e = Expr {
                    kind: ExprKind::IsAbsent(Box::new(e)),
                    span: s,
                };
                continue;
            }
            let Some(name) = field.into_inner().next().map(|i| self.ident(i)) else {
                continue;
            };
            let s = e.span.cover(fs);
            e = Expr {
                kind: ExprKind::Field(Box::new(e), name),
                span: s,
            };
        }
        e
    }

    pub fn primary(&mut self, pair: P<'_>) -> Expr {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            R::paren => match pair.into_inner().next() {
                Some(e) => return self.expr(e),
                None => ExprKind::Bool(false),
            },
            R::bool_lit => ExprKind::Bool(pair.as_str() == "true"),
            R::int_lit => ExprKind::Int(self.int(&pair)),
            R::decimal_lit => ExprKind::Decimal(self.decimal(&pair)),
            R::money_lit => ExprKind::Money(self.money(pair)),
            R::date_lit => ExprKind::Date(self.date(&pair)),
            R::duration_lit => {
                let mut inner = pair.into_inner();
                let amount = inner.next().map(|n| self.int(&n)).unwrap_or(0);
                let unit = match inner
                    .next()
                    .map(|u| u.as_str().trim_end_matches('s').to_owned())
                    .as_deref()
                {
                    Some("week") => DurationUnit::Week,
                    Some("month") => DurationUnit::Month,
                    Some("year") => DurationUnit::Year,
                    _ => DurationUnit::Day,
                };
                ExprKind::Duration(DurationLit { amount, unit })
            }
            R::string | R::raw_string => ExprKind::Text(self.string(pair).value),
            R::variant_lit => match pair.into_inner().next() {
                Some(i) => ExprKind::Variant(self.ident(i)),
                None => ExprKind::Bool(false),
            },
            R::citation => ExprKind::Citation(self.citation(pair)),
            R::as_of => ExprKind::AsOf,
            R::facility => ExprKind::Facility,
            R::path_name => ExprKind::Name(self.path_name(pair)),
            R::if_expr => {
                let mut parts = pair.into_inner().filter(|p| p.as_rule() == R::expr);
                let mut next = |this: &mut Self| match parts.next() {
                    Some(e) => this.expr(e),
                    None => Expr {
                        kind: ExprKind::Bool(false),
                        span,
                    },
                };
                let (c, t, e) = (next(self), next(self), next(self));
                ExprKind::If(Box::new(c), Box::new(t), Box::new(e))
            }
            R::quantifier => return self.quantifier(pair),
            R::call => {
                let mut inner = pair.into_inner();
                let callee = match inner.next() {
                    Some(p) => self.path_name(p),
                    None => PathName {
                        pack: None,
                        name: Ident {
                            name: String::new(),
                            span,
                        },
                        span,
                    },
                };
                let args = inner.map(|a| self.expr(a)).collect();
                ExprKind::Call(callee, args)
            }
            R::list_expr => ExprKind::List(pair.into_inner().map(|e| self.expr(e)).collect()),
            _ => ExprKind::Bool(false),
        };
        Expr { kind, span }
    }

    fn quantifier(&mut self, pair: P<'_>) -> Expr {
        let span = self.span(&pair);
        let mut kind = QuantKind::Any;
        let mut var = Ident {
            name: String::new(),
            span,
        };
        let mut exprs: Vec<(bool, Expr)> = Vec::new();
        let mut after_where = false;
        for p in pair.into_inner() {
            match p.as_rule() {
                R::quant_kind => {
                    kind = match p.as_str() {
                        "all" => QuantKind::All,
                        "count" => QuantKind::Count,
                        "sum" => QuantKind::Sum,
                        _ => QuantKind::Any,
                    }
                }
                R::ident => var = self.ident(p),
                R::where_kw => after_where = true,
                R::expr => {
                    let e = self.expr(p);
                    exprs.push((after_where, e));
                    after_where = false;
                }
                _ => {}
            }
        }
        let mut exprs = exprs.into_iter();
        let list = exprs.next().map(|(_, e)| e).unwrap_or(Expr {
            kind: ExprKind::List(Vec::new()),
            span,
        });
        let mut filter = None;
        let mut body = None;
        for (is_filter, e) in exprs {
            if is_filter {
                filter = Some(e)
            } else {
                body = Some(e)
            }
        }
        let q = Quantifier {
            kind,
            var,
            list,
            filter,
            body,
        };
        Expr {
            kind: ExprKind::Quantifier(Box::new(q)),
            span,
        }
    }
}
