//! What evaluating a program for one facility yields.

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::ir::Whose;
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

/// Whether a fine applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FineStatus {
    /// It applies to the facts given.
    Applies,
    /// It may apply: the trigger, an exemption or the escalation is
    /// unknown (`FineOutcome::missing` says what would decide it).
    Possible,
    /// It would apply only if the escalation held, which it does not.
    IfEscalated,
}

/// A fine range in CNY. A relative fine whose basis is partly known is an
/// interval: `min` on what is certainly counted, `max` on everything that
/// may be (`None`: no upper bound, an amount is unknown), `max_known` on
/// the certain part alone.
#[derive(Clone, Debug, PartialEq)]
pub struct FineOutcome {
    /// Its index among the penalty's fines (direct, then escalated).
    pub rule: u32,
    pub whose: Whose,
    pub discretionary: bool,
    pub status: FineStatus,
    pub min: Decimal,
    pub max_known: Decimal,
    pub max: Option<Decimal>,
    /// What would decide whether it applies, and its amount.
    pub missing: Missing,
}

/// What is certain, and the upper bound of what is possible, for one
/// addressee's fines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Exposure {
    /// Sum of the minima of the mandatory fines that apply
    /// (a discretionary fine adds 0).
    pub min: Decimal,
    /// Sum of their maxima on what is known.
    pub max: Decimal,
    /// Adding every fine that may apply, discretionary fines' maxima and
    /// the unknown part of a relative fine's basis; `None`: no upper bound.
    pub possible_max: Option<Decimal>,
}

impl Exposure {
    pub fn zero() -> Self {
        Exposure {
            min: Decimal::ZERO,
            max: Decimal::ZERO,
            possible_max: Some(Decimal::ZERO),
        }
    }

    /// Counts one fine.
    pub fn add(&mut self, f: &FineOutcome) {
        let possible = match f.status {
            FineStatus::IfEscalated => return,
            FineStatus::Applies if !f.discretionary => {
                self.min += f.min;
                self.max += f.max_known;
                f.max
            }
            _ => f.max,
        };
        self.possible_max = match (self.possible_max, possible) {
            (Some(a), Some(b)) => a.checked_add(b),
            _ => None,
        };
    }

    /// Adds another addressee's (or facility's) exposure.
    pub fn merge(&mut self, o: &Exposure) {
        self.min += o.min;
        self.max += o.max;
        self.possible_max = match (self.possible_max, o.possible_max) {
            (Some(a), Some(b)) => a.checked_add(b),
            _ => None,
        };
    }

    /// The larger of two, bound by bound (one case counted once).
    pub fn max_with(&mut self, o: &Exposure) {
        self.min = self.min.max(o.min);
        self.max = self.max.max(o.max);
        self.possible_max = match (self.possible_max, o.possible_max) {
            (Some(a), Some(b)) => Some(a.max(b)),
            _ => None,
        };
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PenaltyOutcome {
    pub triggered: Tri,
    /// (trigger index, duty index) of each violation that triggers it.
    pub triggered_by: Vec<(usize, u32)>,
    /// Exemptions that apply (certainly or possibly), with what would
    /// decide a possible one.
    pub exempted: Vec<(Exempted, Missing)>,
    /// (duty, penalty) of each violation that gave way to another
    /// penalty triggered for the same act.
    pub gave_way: Vec<(u32, u32)>,
    /// Its fines, where it is triggered or may be: those that apply, those
    /// that may, and those that would only if escalated.
    pub fines: Vec<FineOutcome>,
    /// The escalation condition's value (unknown when the penalty has
    /// none, or when it is not triggered: explanations evaluate it again).
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
            gave_way: Vec::new(),
            fines: Vec::new(),
            escalation: Tri::Unknown(Missing::default()),
            in_force: true,
        }
    }
}

impl PenaltyOutcome {
    /// The exposure of `whose` from this penalty.
    pub fn exposure_of(&self, whose: Whose) -> Exposure {
        let mut e = Exposure::zero();
        for f in self.fines.iter().filter(|f| f.whose == whose) {
            e.add(f);
        }
        e
    }

    /// The operator's own exposure from this penalty.
    pub fn exposure(&self) -> Exposure {
        self.exposure_of(Whose::Operator)
    }

    /// What would decide it: its trigger when that is unknown, otherwise
    /// whether (and how much) its possible fines apply.
    pub fn missing(&self) -> Missing {
        if let Tri::Unknown(m) = &self.triggered {
            return m.clone();
        }
        let mut m = Missing::default();
        for f in &self.fines {
            if f.status != FineStatus::IfEscalated {
                m.merge(&f.missing);
            }
        }
        m
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
    /// The exposure of `whose` over every penalty.
    pub fn exposure_of(&self, whose: Whose) -> Exposure {
        let mut e = Exposure::zero();
        for p in &self.penalties {
            for f in p.fines.iter().filter(|f| f.whose == whose) {
                e.add(f);
            }
        }
        e
    }

    /// The operator's own exposure: fines on it, never its persons' or
    /// third parties'.
    pub fn exposure(&self) -> Exposure {
        self.exposure_of(Whose::Operator)
    }

    /// What would decide the operator's possible fines.
    pub fn exposure_missing(&self) -> Missing {
        let mut m = Missing::default();
        for p in &self.penalties {
            for f in &p.fines {
                if f.whose == Whose::Operator
                    && (f.status == FineStatus::Possible || f.max != Some(f.max_known))
                {
                    m.merge(&f.missing);
                }
            }
        }
        m
    }
}
