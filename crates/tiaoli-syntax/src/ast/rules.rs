use jiff::civil::Date;
use rust_decimal::Decimal;

use super::{Citation, Expr, Ident, Labels, PathName, TextRange, TypeExpr};

/// Everything an article can own besides its text.
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    Duty(Duty),
    Penalty(Penalty),
    Define(Define),
    Determination(Determination),
    Extension(Extension),
    Exception(Exception),
}

impl Rule {
    pub fn span(&self) -> TextRange {
        match self {
            Rule::Duty(x) => x.span,
            Rule::Penalty(x) => x.span,
            Rule::Define(x) => x.span,
            Rule::Determination(x) => x.span,
            Rule::Extension(x) => x.span,
            Rule::Exception(x) => x.span,
        }
    }

    /// The readings the rule names (`reading zh "…" en "…"`).
    pub fn readings(&self) -> &[Reading] {
        match self {
            Rule::Duty(x) => &x.readings,
            Rule::Penalty(x) => &x.readings,
            Rule::Determination(x) => &x.readings,
            Rule::Exception(x) => &x.readings,
            Rule::Define(_) | Rule::Extension(_) => &[],
        }
    }

    pub fn name(&self) -> &Ident {
        match self {
            Rule::Duty(x) => &x.name,
            Rule::Penalty(x) => &x.name,
            Rule::Define(x) => &x.name,
            Rule::Determination(x) => &x.name,
            Rule::Extension(x) => &x.name,
            Rule::Exception(x) => &x.name,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DutyKind {
    Obligation,
    Prohibition,
}

impl DutyKind {
    pub fn keyword(self) -> &'static str {
        match self {
            DutyKind::Obligation => "obligation",
            DutyKind::Prohibition => "prohibition",
        }
    }
}

/// An obligation (`requires`) or a prohibition (`forbids`).
#[derive(Clone, Debug, PartialEq)]
pub struct Duty {
    pub kind: DutyKind,
    pub name: Ident,
    pub title: Option<Labels>,
    pub cite: Option<Citation>,
    pub bearer: Option<PathName>,
    pub applies: Option<Expr>,
    /// `requires` for an obligation, `forbids` for a prohibition.
    pub condition: Option<Expr>,
    pub due: Option<Expr>,
    pub unless: Vec<Unless>,
    pub in_force: Option<InForce>,
    pub readings: Vec<Reading>,
    pub span: TextRange,
}

/// `in force from DATE until DATE` (either part may be left out): the days
/// an article or a rule is in force, `until` excluded.
#[derive(Clone, Debug, PartialEq)]
pub struct InForce {
    pub from: Option<(Date, TextRange)>,
    pub until: Option<(Date, TextRange)>,
    pub span: TextRange,
}

/// `reading zh "…" en "…" [cite artN]`: a reading the pack takes where the
/// text needs one, shown with the rule's outcome; `cite` names its
/// authority when there is one.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    pub labels: Labels,
    pub cite: Option<Citation>,
    pub span: TextRange,
}

/// `unless COND cite artN`: an inline exception.
#[derive(Clone, Debug, PartialEq)]
pub struct Unless {
    pub condition: Expr,
    pub cite: Option<Citation>,
    pub span: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Penalty {
    pub name: Ident,
    pub title: Option<Labels>,
    pub cite: Option<Citation>,
    /// `addressee operator`: the party the penalty punishes.
    pub addressee: Option<PathName>,
    pub triggers: Vec<Trigger>,
    /// `gives way to OTHER for RULE, …`.
    pub gives_way: Vec<GivesWay>,
    pub measures: Vec<PathName>,
    pub fines: Vec<Fine>,
    pub escalate: Option<Escalate>,
    pub unless: Vec<Unless>,
    pub in_force: Option<InForce>,
    pub readings: Vec<Reading>,
    pub span: TextRange,
}

/// `trigger rule_or_citation [cite artN]`: the penalty applies when that
/// rule is violated.
#[derive(Clone, Debug, PartialEq)]
pub struct Trigger {
    pub target: RuleRef,
    pub cite: Option<Citation>,
    pub span: TextRange,
}

/// A rule named directly, or every rule an article (paragraph, item) owns.
#[derive(Clone, Debug, PartialEq)]
pub enum RuleRef {
    Name(PathName),
    Citation(Citation),
}

impl RuleRef {
    pub fn span(&self) -> TextRange {
        match self {
            RuleRef::Name(p) => p.span,
            RuleRef::Citation(c) => c.span,
        }
    }
}

/// `gives way to incident_report_penalty for incident_and_matter_reporting`:
/// a violation of `rules` does not trigger the penalty where `to` is
/// triggered (the same act is fined once, under the specific provision).
#[derive(Clone, Debug, PartialEq)]
pub struct GivesWay {
    pub to: PathName,
    pub rules: Vec<RuleRef>,
    pub span: TextRange,
}

/// `[may] fine PARTY AMOUNT`.
#[derive(Clone, Debug, PartialEq)]
pub struct Fine {
    /// `may fine` (可以并处): the authority may add it, or not.
    pub discretionary: bool,
    /// The declared party fined.
    pub party: PathName,
    pub amount: FineAmount,
    pub span: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FineAmount {
    /// `100_000 CNY ..= 1_000_000 CNY`
    Fixed {
        min: Decimal,
        max: Decimal,
        span: TextRange,
    },
    /// `1 ..= 10 times <money expression>`
    Multiple {
        min: Decimal,
        max: Decimal,
        basis: Expr,
        span: TextRange,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Escalate {
    pub condition: Expr,
    pub fines: Vec<Fine>,
    pub span: TextRange,
}

/// An exception owned by the article that makes it (e.g. art. 48), naming
/// the rules it exempts.
#[derive(Clone, Debug, PartialEq)]
pub struct Exception {
    pub name: Ident,
    pub title: Option<Labels>,
    pub cite: Option<Citation>,
    pub exempts: Vec<RuleRef>,
    pub when: Option<Expr>,
    pub readings: Vec<Reading>,
    /// `instead zh "…" en "…"`: what follows instead where it applies.
    pub instead: Option<Labels>,
    pub span: TextRange,
}

/// `define name[: type] = expr`
#[derive(Clone, Debug, PartialEq)]
pub struct Define {
    pub name: Ident,
    pub ty: Option<TypeExpr>,
    pub value: Expr,
    pub span: TextRange,
}

/// A named conclusion reported for every facility (e.g. `cii`).
#[derive(Clone, Debug, PartialEq)]
pub struct Determination {
    pub name: Ident,
    pub title: Option<Labels>,
    /// Narrows it to a paragraph or item of its article (or, outside any
    /// article, names the provision it comes from).
    pub cite: Option<Citation>,
    pub value: Option<Expr>,
    pub in_force: Option<InForce>,
    pub readings: Vec<Reading>,
    pub span: TextRange,
}

/// A point the regulation leaves open for sector packs (art. 9).
#[derive(Clone, Debug, PartialEq)]
pub struct Extension {
    pub name: Ident,
    pub title: Option<Labels>,
    /// The expression whose enum value selects an implementation.
    pub key: Option<Expr>,
    pub returns: Option<TypeExpr>,
    /// `default EXPR`: the value where no loaded pack implements the point
    /// for the key's (known) value.
    pub default: Option<Expr>,
    pub factors: Vec<FactorDecl>,
    pub span: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FactorDecl {
    pub name: Ident,
    pub labels: Labels,
    pub span: TextRange,
}

/// `implement ext for .variant { … }` in a sector pack.
#[derive(Clone, Debug, PartialEq)]
pub struct Implement {
    pub extension: PathName,
    pub keys: Vec<Ident>,
    pub title: Option<Labels>,
    pub source: Option<Labels>,
    pub factors: Vec<FactorDef>,
    pub defines: Vec<Define>,
    pub decide: Option<Expr>,
    pub span: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FactorDef {
    pub name: Ident,
    pub value: Expr,
    pub span: TextRange,
}
