use jiff::civil::Date;
use rust_decimal::Decimal;

use super::{Citation, Ident, PathName, TextRange};

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: TextRange,
}

impl Expr {
    /// Calls `f` on this node and every node inside it, outermost first.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Expr)) {
        f(self);
        match &self.kind {
            ExprKind::Field(b, _) | ExprKind::Unary(_, b) | ExprKind::IsAbsent(b) => b.walk(f),
            ExprKind::Binary(_, a, b) => {
                a.walk(f);
                b.walk(f);
            }
            ExprKind::If(a, b, c) => {
                a.walk(f);
                b.walk(f);
                c.walk(f);
            }
            ExprKind::Call(_, args) | ExprKind::List(args) => args.iter().for_each(|a| a.walk(f)),
            ExprKind::Deadline(d) => match &**d {
                Deadline::Within {
                    done,
                    period,
                    start,
                } => [done, period, start].into_iter().for_each(|e| e.walk(f)),
                Deadline::Every {
                    period,
                    last,
                    first,
                } => {
                    period.walk(f);
                    last.walk(f);
                    if let Some((p, start)) = first {
                        p.walk(f);
                        start.walk(f);
                    }
                }
            },
            ExprKind::Quantifier(q) => {
                q.list.walk(f);
                q.filter.iter().for_each(|x| x.walk(f));
                q.body.iter().for_each(|x| x.walk(f));
            }
            ExprKind::Bool(_)
            | ExprKind::Int(_)
            | ExprKind::Decimal(_)
            | ExprKind::Money(_)
            | ExprKind::Date(_)
            | ExprKind::Duration(_)
            | ExprKind::Text(_)
            | ExprKind::Variant(_)
            | ExprKind::Citation(_)
            | ExprKind::AsOf
            | ExprKind::Facility
            | ExprKind::Name(_) => {}
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Bool(bool),
    Int(i64),
    Decimal(Decimal),
    /// An amount in CNY.
    Money(Decimal),
    Date(Date),
    Duration(DurationLit),
    Text(String),
    /// `.energy`: an enum variant whose enum the context decides.
    Variant(Ident),
    Citation(Citation),
    /// The evaluation date (`--as-of`).
    AsOf,
    /// The facility being evaluated; its fields are the facts.
    Facility,
    Name(PathName),
    Field(Box<Expr>, Ident),
    /// `x is absent`: whether an optional value is known to be absent.
    IsAbsent(Box<Expr>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    Call(PathName, Vec<Expr>),
    Quantifier(Box<Quantifier>),
    List(Vec<Expr>),
    /// A deadline, only as an obligation's `requires`: true when the act
    /// is done in time (or not yet due).
    Deadline(Box<Deadline>),
}

/// A deadline stated once, from which both an obligation's status and its
/// due date derive. Periods are duration literals (`3 months`), counted as
/// the Civil Code counts periods (arts. 200-204).
#[derive(Clone, Debug, PartialEq)]
pub enum Deadline {
    /// `done within period after start`: the act (its date, optional) is
    /// due within the period after the start event.
    Within {
        done: Expr,
        period: Expr,
        start: Expr,
    },
    /// `every period since last[, first within first_period after start]`:
    /// a recurring act, due within the period after it was last done, and
    /// (never done, or last done before `start`) within the first period
    /// after `start`.
    Every {
        period: Expr,
        last: Expr,
        first: Option<(Expr, Expr)>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    Day,
    Week,
    Month,
    Year,
}

impl DurationUnit {
    pub fn name(self, n: i64) -> &'static str {
        match (self, n == 1) {
            (DurationUnit::Day, true) => "day",
            (DurationUnit::Day, false) => "days",
            (DurationUnit::Week, true) => "week",
            (DurationUnit::Week, false) => "weeks",
            (DurationUnit::Month, true) => "month",
            (DurationUnit::Month, false) => "months",
            (DurationUnit::Year, true) => "year",
            (DurationUnit::Year, false) => "years",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DurationLit {
    pub amount: i64,
    pub unit: DurationUnit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    Not,
    Neg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    Otherwise,
    Add,
    Sub,
    Mul,
    Div,
}

impl BinaryOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::In => "in",
            BinaryOp::Otherwise => "otherwise",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
        }
    }

    /// Binding power: higher binds tighter. Shared by the parser and the
    /// formatter so that they agree on where parentheses are needed.
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => 1,
            BinaryOp::And => 2,
            BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge
            | BinaryOp::In => 4,
            BinaryOp::Otherwise => 5,
            BinaryOp::Add | BinaryOp::Sub => 6,
            BinaryOp::Mul | BinaryOp::Div => 7,
        }
    }
}

/// Precedence of `not` (between `and` and comparisons) and unary minus.
pub const NOT_PRECEDENCE: u8 = 3;
pub const NEG_PRECEDENCE: u8 = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuantKind {
    Any,
    All,
    Count,
    Sum,
}

impl QuantKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuantKind::Any => "any",
            QuantKind::All => "all",
            QuantKind::Count => "count",
            QuantKind::Sum => "sum",
        }
    }
}

/// `any(p in list: cond)`, `sum(p in list where cond: amount)`…
#[derive(Clone, Debug, PartialEq)]
pub struct Quantifier {
    pub kind: QuantKind,
    pub var: Ident,
    pub list: Expr,
    pub filter: Option<Expr>,
    pub body: Option<Expr>,
}
