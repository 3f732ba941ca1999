//! What evaluating a program for one facility yields.

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::ir::Whose;
use crate::value::{Missing, Tri, clamp_money};

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
/// the certain part alone. A bound beyond the money range is flagged in
/// `out_of_range` (its `max` is `max_known`, its `possible_max` is `max`:
/// what each adds to an [`Exposure`]).
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
    pub out_of_range: OutOfRange,
    /// What would decide whether it applies, and its amount.
    pub missing: Missing,
}

/// Which bounds of a range exceed what tiaoli represents exactly: the
/// money range, up to [`crate::value::money_max`] (CNY
/// 999,999,999,999,999.99). Such a bound holds the end of the range it
/// passed, so it is never read as less than it is, and a range never has
/// its minimum above its maximum.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutOfRange {
    pub min: bool,
    pub max: bool,
    pub possible_max: bool,
}

impl OutOfRange {
    pub fn any(self) -> bool {
        self.min || self.max || self.possible_max
    }
}

/// `acc + x` within the money range; out of range (`acc_out`) when either
/// side was, or the sum is.
fn add_bound(acc: &mut Decimal, acc_out: &mut bool, x: Decimal, x_out: bool) {
    let (sum, out) = clamp_money(acc.checked_add(x), x.is_sign_negative());
    *acc = sum;
    *acc_out |= x_out || out;
}

/// The larger of two bounds; of equal ones, out of range if either is (it
/// is at least that much).
fn max_bound(acc: &mut Decimal, acc_out: &mut bool, x: Decimal, x_out: bool) {
    if x > *acc {
        (*acc, *acc_out) = (x, x_out);
    } else if x == *acc {
        *acc_out |= x_out;
    }
}

/// What is certain, and the upper bound of what is possible, for one
/// addressee's fines. Sums are checked: a bound beyond the money range is
/// flagged in `out_of_range`, never wrapped, never a panic.
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
    pub out_of_range: OutOfRange,
}

impl Exposure {
    pub fn zero() -> Self {
        Exposure {
            min: Decimal::ZERO,
            max: Decimal::ZERO,
            possible_max: Some(Decimal::ZERO),
            out_of_range: OutOfRange::default(),
        }
    }

    /// Counts one fine.
    pub fn add(&mut self, f: &FineOutcome) {
        let o = f.out_of_range;
        match f.status {
            FineStatus::IfEscalated => return,
            FineStatus::Applies if !f.discretionary => {
                add_bound(&mut self.min, &mut self.out_of_range.min, f.min, o.min);
                add_bound(
                    &mut self.max,
                    &mut self.out_of_range.max,
                    f.max_known,
                    o.max,
                );
            }
            _ => {}
        }
        self.add_possible(f.max, o.possible_max);
    }

    /// Adds another addressee's (or facility's) exposure.
    pub fn merge(&mut self, x: &Exposure) {
        let o = x.out_of_range;
        add_bound(&mut self.min, &mut self.out_of_range.min, x.min, o.min);
        add_bound(&mut self.max, &mut self.out_of_range.max, x.max, o.max);
        self.add_possible(x.possible_max, o.possible_max);
    }

    fn add_possible(&mut self, x: Option<Decimal>, x_out: bool) {
        match (&mut self.possible_max, x) {
            (Some(acc), Some(x)) => add_bound(acc, &mut self.out_of_range.possible_max, x, x_out),
            // No upper bound: what it would have exceeded no longer matters.
            _ => (self.possible_max, self.out_of_range.possible_max) = (None, false),
        }
    }

    /// The larger of two, bound by bound (one case counted once).
    pub fn max_with(&mut self, x: &Exposure) {
        let o = x.out_of_range;
        max_bound(&mut self.min, &mut self.out_of_range.min, x.min, o.min);
        max_bound(&mut self.max, &mut self.out_of_range.max, x.max, o.max);
        match (&mut self.possible_max, x.possible_max) {
            (Some(acc), Some(x)) => {
                max_bound(acc, &mut self.out_of_range.possible_max, x, o.possible_max);
            }
            _ => (self.possible_max, self.out_of_range.possible_max) = (None, false),
        }
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
