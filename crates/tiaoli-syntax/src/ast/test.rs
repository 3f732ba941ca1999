use jiff::civil::Date;
use rust_decimal::Decimal;

use super::{Expr, Ident, PathName, Str, TextRange};

/// `test "name" { as_of …; given { … }; expect … }`
#[derive(Clone, Debug, PartialEq)]
pub struct TestDecl {
    pub name: Str,
    pub as_of: Option<(Date, TextRange)>,
    pub given: Option<Given>,
    pub expects: Vec<Expect>,
    pub span: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Given {
    Inline {
        facts: Vec<FactValue>,
        span: TextRange,
    },
    File(Str),
}

#[derive(Clone, Debug, PartialEq)]
pub struct FactValue {
    pub name: Ident,
    pub value: TestValue,
    pub span: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TestValue {
    /// A literal or a `.variant`.
    Scalar(Expr),
    /// `none`: an optional fact known to be absent.
    None(TextRange),
    List(Vec<TestValue>, TextRange),
    Record(Vec<FactValue>, TextRange),
}

impl TestValue {
    pub fn span(&self) -> TextRange {
        match self {
            TestValue::Scalar(e) => e.span,
            TestValue::None(s) => *s,
            TestValue::List(_, s) | TestValue::Record(_, s) => *s,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExpectedStatus {
    Satisfied,
    Violated,
    NotApplicable,
    Unknown,
    Triggered,
    NotTriggered,
    /// Evaluated as of a day the rule is not in force.
    NotInForce,
    True,
    False,
}

impl ExpectedStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ExpectedStatus::Satisfied => "satisfied",
            ExpectedStatus::Violated => "violated",
            ExpectedStatus::NotApplicable => "not_applicable",
            ExpectedStatus::Unknown => "unknown",
            ExpectedStatus::Triggered => "triggered",
            ExpectedStatus::NotTriggered => "not_triggered",
            ExpectedStatus::NotInForce => "not_in_force",
            ExpectedStatus::True => "true",
            ExpectedStatus::False => "false",
        }
    }

    pub fn from_name(s: &str) -> Option<Self> {
        Some(match s {
            "satisfied" => ExpectedStatus::Satisfied,
            "violated" => ExpectedStatus::Violated,
            "not_applicable" => ExpectedStatus::NotApplicable,
            "unknown" => ExpectedStatus::Unknown,
            "triggered" => ExpectedStatus::Triggered,
            "not_triggered" => ExpectedStatus::NotTriggered,
            "not_in_force" => ExpectedStatus::NotInForce,
            "true" => ExpectedStatus::True,
            "false" => ExpectedStatus::False,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expect {
    /// `expect name is status [missing a, b]`
    Status {
        target: PathName,
        status: ExpectedStatus,
        status_span: TextRange,
        missing: Vec<Ident>,
        span: TextRange,
    },
    /// `expect due name == 2025-03-01`
    Due {
        target: PathName,
        date: Date,
        span: TextRange,
    },
    /// `expect exposure [persons] [certain] 100_000 CNY ..= 1_000_000 CNY
    /// [possible 2_000_000 CNY | possible unbounded]`
    Exposure {
        /// The fines on the operator's persons, not the operator's own.
        persons: bool,
        min: Decimal,
        max: Decimal,
        /// `Some(None)`: possible without bound.
        possible: Option<Option<Decimal>>,
        span: TextRange,
    },
    /// `expect fine PARTY on PENALTY RANGE [conditional] [discretionary]
    /// [missing …]`, or `… none`.
    Fine {
        party: PathName,
        penalty: PathName,
        /// `None`: no fine on that party applies or may.
        range: Option<(Decimal, Decimal)>,
        conditional: bool,
        discretionary: bool,
        missing: Vec<Ident>,
        span: TextRange,
    },
}

impl Expect {
    pub fn span(&self) -> TextRange {
        match self {
            Expect::Status { span, .. }
            | Expect::Due { span, .. }
            | Expect::Exposure { span, .. }
            | Expect::Fine { span, .. } => *span,
        }
    }
}
