//! Expressions: single spaces around operators, the parentheses that
//! precedence needs and no others, and (only when a line would be too
//! long) breaks before `and` / `or`.

use super::MAX_WIDTH;
use super::text::{Cursor, width};
use crate::ast::*;

/// Binding power of something that never needs parentheses.
const ATOM: u8 = u8::MAX;

/// How tightly `e` holds together when printed bare. An `if` swallows
/// every operator after it (its `else` branch is a whole expression), so it
/// is parenthesised whenever it is an operand.
fn precedence(e: &Expr) -> u8 {
    match &e.kind {
        ExprKind::Binary(op, ..) => op.precedence(),
        ExprKind::Unary(UnaryOp::Not, _) => NOT_PRECEDENCE,
        ExprKind::Unary(UnaryOp::Neg, _) => NEG_PRECEDENCE,
        ExprKind::If(..) => 0,
        _ => ATOM,
    }
}

/// Prints expressions of one file (literals are copied from its text).
#[derive(Debug, Clone, Copy)]
pub(super) struct ExprPrinter<'a> {
    pub text: &'a str,
}

impl ExprPrinter<'_> {
    /// `e` on one line.
    pub fn expr(&self, e: &Expr) -> String {
        let mut out = String::new();
        self.write(e, &mut out);
        out
    }

    fn operand(&self, e: &Expr, parens: bool, out: &mut String) {
        if parens {
            out.push('(');
            self.write(e, out);
            out.push(')');
        } else {
            self.write(e, out);
        }
    }

    fn operand_str(&self, e: &Expr, parens: bool) -> String {
        let mut out = String::new();
        self.operand(e, parens, &mut out);
        out
    }

    fn write(&self, e: &Expr, out: &mut String) {
        match &e.kind {
            ExprKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            ExprKind::Int(v) => {
                let n = Cursor::new(self.text, e.span.start()).parens().number();
                out.push_str(&n.map_or_else(|| v.to_string(), str::to_owned));
            }
            ExprKind::Decimal(v) => {
                let n = Cursor::new(self.text, e.span.start()).parens().number();
                out.push_str(&n.map_or_else(|| v.to_string(), str::to_owned));
            }
            ExprKind::Money(v) => {
                let n = Cursor::new(self.text, e.span.start()).parens().money();
                out.push_str(&n.map_or_else(|| v.to_string(), str::to_owned));
                out.push_str(" CNY");
            }
            ExprKind::Date(d) => {
                let s = Cursor::new(self.text, e.span.start()).parens().date();
                out.push_str(&s.map_or_else(|| d.to_string(), str::to_owned));
            }
            ExprKind::Duration(d) => {
                match Cursor::new(self.text, e.span.start()).parens().duration() {
                    Some((n, unit)) => {
                        out.push_str(n);
                        out.push(' ');
                        out.push_str(unit);
                    }
                    None => {
                        out.push_str(&format!("{} {}", d.amount, d.unit.name(d.amount)));
                    }
                }
            }
            ExprKind::Text(v) => match Cursor::new(self.text, e.span.start()).parens().string() {
                Some(s) => out.push_str(s),
                None => out.push_str(&format!("{v:?}")),
            },
            ExprKind::Variant(i) => {
                out.push('.');
                out.push_str(&i.name);
            }
            ExprKind::Citation(c) => out.push_str(&citation(self.text, c)),
            ExprKind::AsOf => out.push_str("as_of"),
            ExprKind::Facility => out.push_str("facility"),
            ExprKind::Name(p) => out.push_str(&p.display()),
            ExprKind::Field(base, name) => {
                self.operand(base, precedence(base) != ATOM, out);
                out.push('.');
                out.push_str(&name.name);
            }
            ExprKind::IsAbsent(x) => {
                self.operand(x, precedence(x) != ATOM, out);
                out.push_str(" is absent");
            }
            ExprKind::Unary(UnaryOp::Not, x) => {
                out.push_str("not ");
                self.operand(x, precedence(x) < NOT_PRECEDENCE, out);
            }
            ExprKind::Unary(UnaryOp::Neg, x) => {
                out.push('-');
                self.operand(x, precedence(x) < NEG_PRECEDENCE, out);
            }
            ExprKind::Binary(op, l, r) => {
                let p = op.precedence();
                self.operand(l, precedence(l) < p, out);
                out.push(' ');
                out.push_str(op.symbol());
                out.push(' ');
                // Operators are left-associative: an equal right operand
                // needs its parentheses.
                self.operand(r, precedence(r) <= p, out);
            }
            ExprKind::If(c, t, f) => {
                out.push_str("if ");
                self.write(c, out);
                out.push_str(" then ");
                self.write(t, out);
                out.push_str(" else ");
                self.write(f, out);
            }
            ExprKind::Call(callee, args) => {
                out.push_str(&callee.display());
                out.push('(');
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    let s = self.expr(a);
                    // `any(x in list)` would read as a quantifier.
                    if i == 0 && callee.pack.is_none() && is_quant_kind(&callee.name.name) {
                        let parens = looks_like_binding(&s);
                        out.push_str(&if parens { format!("({s})") } else { s });
                    } else {
                        out.push_str(&s);
                    }
                }
                out.push(')');
            }
            ExprKind::Quantifier(q) => {
                out.push_str(q.kind.as_str());
                out.push('(');
                out.push_str(&q.var.name);
                out.push_str(" in ");
                self.write(&q.list, out);
                if let Some(f) = &q.filter {
                    out.push_str(" where ");
                    self.write(f, out);
                }
                if let Some(b) = &q.body {
                    out.push_str(": ");
                    self.write(b, out);
                }
                out.push(')');
            }
            ExprKind::List(items) => {
                out.push('[');
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    self.write(x, out);
                }
                out.push(']');
            }
            ExprKind::Deadline(d) => match &**d {
                Deadline::Within {
                    done,
                    period,
                    start,
                } => {
                    self.write(done, out);
                    out.push_str(" within ");
                    self.write(period, out);
                    out.push_str(" after ");
                    self.write(start, out);
                }
                Deadline::Every {
                    period,
                    last,
                    first,
                } => {
                    out.push_str("every ");
                    self.write(period, out);
                    out.push_str(" since ");
                    self.write(last, out);
                    if let Some((p, start)) = first {
                        out.push_str(", first within ");
                        self.write(p, out);
                        out.push_str(" after ");
                        self.write(start, out);
                    }
                }
            },
        }
    }

    /// `head` + `e` + `tail` as lines relative to an indentation of
    /// `indent` columns: one line when it fits in [`MAX_WIDTH`], otherwise
    /// broken before each `and` / `or` of the outermost chain (continuation
    /// lines indented 4 more), nested chains likewise when still too long.
    pub fn lines(&self, head: &str, e: &Expr, tail: &str, indent: usize) -> Vec<String> {
        let one = format!("{head}{}{tail}", self.expr(e));
        if indent + width(&one) <= MAX_WIDTH {
            return vec![one];
        }
        let mut out = Vec::new();
        if self.broken(e, head, tail, indent, 4, &mut out) {
            out
        } else {
            vec![one]
        }
    }

    fn broken(
        &self,
        e: &Expr,
        head: &str,
        tail: &str,
        indent: usize,
        cont: usize,
        out: &mut Vec<String>,
    ) -> bool {
        let Some((op, operands)) = chain(e) else {
            return false;
        };
        let p = op.precedence();
        let last = operands.len() - 1;
        for (i, x) in operands.into_iter().enumerate() {
            let (h, parens) = if i == 0 {
                (head.to_owned(), precedence(x) < p)
            } else {
                (
                    format!("{}{} ", " ".repeat(cont), op.symbol()),
                    precedence(x) <= p,
                )
            };
            let t = if i == last { tail } else { "" };
            let line = format!("{h}{}{t}", self.operand_str(x, parens));
            if indent + width(&line) > MAX_WIDTH
                && !parens
                && self.broken(x, &h, t, indent, cont + 4, out)
            {
                continue;
            }
            out.push(line);
        }
        true
    }
}

/// The operands of a left-leaning chain of one `and` / `or` operator.
fn chain(e: &Expr) -> Option<(BinaryOp, Vec<&Expr>)> {
    let ExprKind::Binary(op @ (BinaryOp::And | BinaryOp::Or), ..) = &e.kind else {
        return None;
    };
    let mut operands = Vec::new();
    let mut cur = e;
    while let ExprKind::Binary(o, l, r) = &cur.kind {
        if o != op {
            break;
        }
        operands.push(&**r);
        cur = l;
    }
    operands.push(cur);
    operands.reverse();
    Some((*op, operands))
}

fn is_quant_kind(name: &str) -> bool {
    matches!(name, "any" | "all" | "count" | "sum")
}

/// Whether printed text starts with `name in`, which after `any(` would be
/// read as a quantifier's binding.
fn looks_like_binding(s: &str) -> bool {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    end > 0 && s[end..].starts_with(" in ")
}

/// A citation as written (`art39.1.8`, `decree_745::art48`).
pub(super) fn citation(text: &str, c: &Citation) -> String {
    match text.get(c.span.as_range()) {
        Some(s) if s.contains("art") => s.to_owned(),
        _ => match &c.pack {
            Some(p) => format!("{}::{}", p.name, c.display()),
            None => c.display(),
        },
    }
}
