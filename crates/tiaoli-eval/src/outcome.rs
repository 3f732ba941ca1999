//! What evaluating a program for one facility yields.

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::ir::FineTarget;
use crate::value::{Missing, Tri};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Status {
    Satisfied,
    Violated,
    NotApplicable,
    #[default]
    Unknown,
    /// Evaluated as of a day the rule (or its article, or its pack) is
    /// not in force.
    NotInForce,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Satisfied => "satisfied",
            Status::Violated => "violated",
            Status::NotApplicable => "not_applicable",
            Status::Unknown => "unknown",
            Status::NotInForce => "not_in_force",
        }
    }
}

/// Which of a rule's exemptions applied: its index among the rule's
/// exemptions, and whether it certainly applies (or may).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exempted {
    pub index: usize,
    pub certain: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DutyOutcome {
    pub status: Status,
    /// For an unknown status: what would decide it.
    pub missing: Missing,
    /// The due date, where the rule has one and applies (or may).
    pub due: Option<Tri>,
    /// (The values of the `applies` and `requires`/`forbids` clauses are
    /// not kept: `eval::reevaluate` gives them, for explanations.)
    pub exempted: Option<Exempted>,
}

impl Default for DutyOutcome {
    fn default() -> Self {
        DutyOutcome {
            status: Status::Unknown,
            missing: Missing::default(),
            due: None,
            exempted: None,
        }
    }
}

/// A fine range in CNY; `None` bounds when a relative fine's basis is
/// unknown (`missing` says why).
#[derive(Clone, Debug, PartialEq)]
pub struct FineOutcome {
    pub target: FineTarget,
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
    pub missing: Missing,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PenaltyOutcome {
    pub triggered: Tri,
    /// (trigger index, duty index) of each violation that triggers it.
    pub triggered_by: Vec<(usize, u32)>,
    /// Exemptions that apply (certainly or possibly), with what would
    /// decide a possible one.
    pub exempted: Vec<(Exempted, Missing)>,
    /// Fines that apply to the facts given.
    pub fines: Vec<FineOutcome>,
    /// Fines that would apply if the escalation condition held.
    pub conditional_fines: Vec<FineOutcome>,
    /// The escalation condition's value (unknown when the penalty has none).
    pub escalation: Tri,
    /// False when evaluated as of a day the penalty is not in force: then
    /// it does not apply (not triggered, no fines), which is reported as
    /// such, not as "not triggered".
    pub in_force: bool,
}

impl Default for PenaltyOutcome {
    fn default() -> Self {
        PenaltyOutcome {
            triggered: Tri::Unknown(Missing::default()),
            triggered_by: Vec::new(),
            exempted: Vec::new(),
            fines: Vec::new(),
            conditional_fines: Vec::new(),
            escalation: Tri::Unknown(Missing::default()),
            in_force: true,
        }
    }
}

impl PenaltyOutcome {
    /// Sum of the entity fines that apply: (min, max).
    pub fn exposure(&self) -> (Decimal, Decimal) {
        self.fines
            .iter()
            .filter(|f| f.target == FineTarget::Entity)
            .fold((Decimal::ZERO, Decimal::ZERO), |(a, b), f| {
                (a + f.min.unwrap_or_default(), b + f.max.unwrap_or_default())
            })
    }
}

/// Every rule's result for one facility.
#[derive(Clone, Debug)]
pub struct Evaluation {
    pub facility: String,
    pub as_of: Date,
    /// Definitions and determinations, by index in `Program::values`.
    pub values: Vec<Tri>,
    pub duties: Vec<DutyOutcome>,
    pub penalties: Vec<PenaltyOutcome>,
    pub exceptions: Vec<Tri>,
    pub extensions: Vec<Tri>,
    /// Per extension: the values of the implementation's locals
    /// (definitions, then factors) that decided it.
    pub ext_locals: Vec<Vec<Tri>>,
}

impl Evaluation {
    /// Sum of the entity fines of every penalty.
    pub fn exposure(&self) -> (Decimal, Decimal) {
        self.penalties
            .iter()
            .map(PenaltyOutcome::exposure)
            .fold((Decimal::ZERO, Decimal::ZERO), |(a, b), (c, d)| {
                (a + c, b + d)
            })
    }
}
