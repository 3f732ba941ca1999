//! Runtime values, and the three-valued result of an expression: a known
//! value, or unknown together with the facts that would decide it.

use std::fmt;
use std::sync::Arc;

use jiff::civil::Date;
use rust_decimal::{Decimal, RoundingStrategy};

/// A value a fact or an expression can have.
#[derive(Debug, PartialEq)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Decimal(Decimal),
    /// CNY, exact.
    Money(Decimal),
    Date(Date),
    Duration(Dur),
    Text(Arc<str>),
    /// A variant, by its index in the enum's declaration.
    Enum(u32),
    List(Arc<[Value]>),
    /// Field slots in declaration order; `None` is an unknown field.
    Record(Arc<[Option<Value>]>),
    /// An `optional` value that is explicitly absent.
    Absent,
}

// By hand, to be inlined: evaluation clones values all the time, and most
// are copies (booleans, dates, enum variants).
impl Clone for Value {
    #[inline]
    fn clone(&self) -> Self {
        match self {
            Value::Bool(b) => Value::Bool(*b),
            Value::Int(i) => Value::Int(*i),
            Value::Decimal(d) => Value::Decimal(*d),
            Value::Money(d) => Value::Money(*d),
            Value::Date(d) => Value::Date(*d),
            Value::Duration(d) => Value::Duration(*d),
            Value::Text(t) => Value::Text(Arc::clone(t)),
            Value::Enum(e) => Value::Enum(*e),
            Value::List(l) => Value::List(Arc::clone(l)),
            Value::Record(r) => Value::Record(Arc::clone(r)),
            Value::Absent => Value::Absent,
        }
    }
}

/// Money is exact and counted in fen (分): every amount is a whole
/// number of fen between `-MAX` and [`money_max`]. An operation whose
/// result is money (an amount times or divided by a number) is rounded to
/// the fen, half away from zero (四舍五入: 0.005 → 0.01, -0.005 → -0.01);
/// a result outside the range is not a number but unknown (out of range).
pub fn money_max() -> Decimal {
    // 10^15 yuan less one fen: far above any turnover or fine, and well
    // inside what `Decimal` holds, so sums of amounts cannot overflow it.
    Decimal::new(99_999_999_999_999_999, 2)
}

/// `d` rounded to the fen (half away from zero), if within the range.
#[inline]
pub fn to_fen(d: Decimal) -> Option<Decimal> {
    let rounded = if d.scale() <= 2 {
        d
    } else {
        d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    };
    (rounded.abs() <= money_max()).then_some(rounded)
}

/// A bound of a fine or of a sum of fines, kept within the money range:
/// `(d rounded to the fen, false)`, or, outside the range (or beyond
/// `Decimal`: `None`, on the side `negative` says), the end of the range
/// it passed and `true` (out of range).
pub fn clamp_money(d: Option<Decimal>, negative: bool) -> (Decimal, bool) {
    match d {
        Some(x) => match to_fen(x) {
            Some(r) => (r, false),
            None if x.is_sign_negative() => (-money_max(), true),
            None => (money_max(), true),
        },
        None if negative => (-money_max(), true),
        None => (money_max(), true),
    }
}

/// Whether `d` is a whole number of fen (`1.50`, `1.500`, not `1.005`).
pub fn is_whole_fen(d: Decimal) -> bool {
    d.normalize().scale() <= 2
}

/// A calendar duration: months (years are 12 months) and days (weeks are 7
/// days). Months are applied before days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Dur {
    pub months: i32,
    pub days: i32,
}

impl Dur {
    /// `-self`; `None` for a count at `i32::MIN`, which has no negation.
    pub fn negate(self) -> Option<Dur> {
        Some(Dur {
            months: self.months.checked_neg()?,
            days: self.days.checked_neg()?,
        })
    }
}

impl fmt::Display for Dur {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (years, months) = (self.months / 12, self.months % 12);
        let mut parts = Vec::new();
        let mut push = |n: i32, one: &str, many: &str| {
            if n != 0 {
                parts.push(format!("{n} {}", if n.abs() == 1 { one } else { many }));
            }
        };
        push(years, "year", "years");
        push(months, "month", "months");
        push(self.days, "day", "days");
        if parts.is_empty() {
            f.write_str("0 days")
        } else {
            f.write_str(&parts.join(" "))
        }
    }
}

/// Why a result is unknown beyond missing facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// No pack implements this extension point for the facility's key
    /// (e.g. no identification rules for its sector): (extension, variant).
    NoImplementation(u32, u32),
    /// Arithmetic went out of range.
    Overflow,
    DivisionByZero,
    /// A date went outside the calendar (-9999-01-01 to 9999-12-31).
    DateOutOfRange,
    /// A duration went past what can be counted (a year count times a
    /// huge number).
    DurationOutOfRange,
    /// Two durations, one of days and one of months, have no order
    /// without a date (a duration fact compared with `30 days`).
    DurationsWithoutOrder,
}

/// The facts (by slot) that would decide an unknown result.
///
/// The first 128 slots are bits kept inline; only a pack with more facts
/// than that allocates, for the slots beyond. Small, so that unknown
/// results are cheap to copy.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FactSet {
    low: [u64; 2],
    #[expect(
        clippy::box_collection,
        reason = "one pointer, not a vector's three: unknown results are copied all the time"
    )]
    high: Option<Box<Vec<u64>>>,
}

impl Clone for FactSet {
    #[inline]
    fn clone(&self) -> Self {
        FactSet {
            low: self.low,
            high: self.high.as_deref().map(|high| clone_high(high)),
        }
    }
}

#[cold]
#[expect(clippy::box_collection, reason = "see `FactSet::high`")]
fn clone_high(high: &[u64]) -> Box<Vec<u64>> {
    Box::new(high.to_vec())
}

impl FactSet {
    #[inline]
    pub fn single(slot: u32) -> Self {
        let mut s = FactSet::default();
        s.insert(slot);
        s
    }

    #[inline]
    pub fn insert(&mut self, slot: u32) {
        if slot < 128 {
            self.low[(slot / 64) as usize] |= 1 << (slot % 64);
        } else {
            self.insert_high(slot);
        }
    }

    #[cold]
    fn insert_high(&mut self, slot: u32) {
        let i = (slot as usize - 128) / 64;
        let high = self.high.get_or_insert_with(Box::default);
        if high.len() <= i {
            high.resize(i + 1, 0);
        }
        high[i] |= 1 << ((slot as usize - 128) % 64);
    }

    #[inline]
    pub fn union(&mut self, other: &FactSet) {
        self.low[0] |= other.low[0];
        self.low[1] |= other.low[1];
        if other.high.is_some() {
            self.union_high(other);
        }
    }

    #[cold]
    fn union_high(&mut self, other: &FactSet) {
        if let Some(other) = &other.high {
            let high = self.high.get_or_insert_with(Box::default);
            if high.len() < other.len() {
                high.resize(other.len(), 0);
            }
            for (a, b) in high.iter_mut().zip(other.iter()) {
                *a |= b;
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.low == [0, 0] && self.high.as_ref().is_none_or(|h| h.iter().all(|w| *w == 0))
    }

    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        let words = self
            .low
            .iter()
            .chain(self.high.iter().flat_map(|h| h.iter()));
        words.enumerate().flat_map(|(w, bits)| {
            (0..64u32)
                .filter(move |b| bits & (1 << b) != 0)
                .map(move |b| w as u32 * 64 + b)
        })
    }
}

/// What is missing for an unknown result.
///
/// The reason is packed into one word ([`PackedReason`]), last, so that
/// an unknown [`Tri`] is no larger than the facts and that word: a known
/// value fits beside it, and a `Tri` is 32 bytes, not 40.
#[derive(Default, PartialEq, Eq)]
#[repr(C)]
pub struct Missing {
    pub facts: FactSet,
    reason: PackedReason,
}

/// An `Option<Reason>` in one non-zero word: 1 is none, 2 overflow, 3
/// division by zero, 4–6 a date or duration out of range and durations
/// without order, and `NoImplementation(e, v)` is `(e + 1) << 32 | v`.
#[derive(Clone, Copy, PartialEq, Eq)]
struct PackedReason(std::num::NonZeroU64);

impl PackedReason {
    const NONE: PackedReason = PackedReason(std::num::NonZeroU64::MIN);

    fn pack(reason: Option<Reason>) -> Self {
        let word = match reason {
            None => 1,
            Some(Reason::Overflow) => 2,
            Some(Reason::DivisionByZero) => 3,
            Some(Reason::DateOutOfRange) => 4,
            Some(Reason::DurationOutOfRange) => 5,
            Some(Reason::DurationsWithoutOrder) => 6,
            Some(Reason::NoImplementation(ext, variant)) => {
                // An extension index is an index into the program's
                // extensions, never `u32::MAX`; clamped rather than checked
                // so that no input can make this panic.
                ((u64::from(ext.min(u32::MAX - 1)) + 1) << 32) | u64::from(variant)
            }
        };
        PackedReason(std::num::NonZeroU64::new(word).unwrap_or(std::num::NonZeroU64::MIN))
    }

    fn unpack(self) -> Option<Reason> {
        match self.0.get() {
            1 => None,
            2 => Some(Reason::Overflow),
            3 => Some(Reason::DivisionByZero),
            4 => Some(Reason::DateOutOfRange),
            5 => Some(Reason::DurationOutOfRange),
            6 => Some(Reason::DurationsWithoutOrder),
            word => Some(Reason::NoImplementation(
                ((word >> 32) - 1) as u32,
                word as u32,
            )),
        }
    }
}

impl Default for PackedReason {
    fn default() -> Self {
        PackedReason::NONE
    }
}

impl fmt::Debug for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Missing")
            .field("facts", &self.facts)
            .field("reason", &self.cause())
            .finish()
    }
}

impl Clone for Missing {
    #[inline]
    fn clone(&self) -> Self {
        Missing {
            facts: self.facts.clone(),
            reason: self.reason,
        }
    }
}

impl Missing {
    /// Whether dropping this frees nothing.
    #[inline]
    pub(crate) fn is_plain(&self) -> bool {
        self.facts.high.is_none()
    }

    #[inline]
    pub fn fact(slot: u32) -> Self {
        Missing {
            facts: FactSet::single(slot),
            reason: PackedReason::NONE,
        }
    }

    /// Why this is unknown beyond missing facts, if anything.
    #[inline]
    pub fn cause(&self) -> Option<Reason> {
        self.reason.unpack()
    }

    pub fn reason(reason: Reason) -> Self {
        Missing {
            facts: FactSet::default(),
            reason: PackedReason::pack(Some(reason)),
        }
    }

    #[inline]
    pub fn merge(&mut self, other: &Missing) {
        self.facts.union(&other.facts);
        if self.reason == PackedReason::NONE {
            self.reason = other.reason;
        }
    }
}

/// A value, or unknown.
#[derive(Debug, PartialEq)]
pub enum Tri {
    Known(Value),
    Unknown(Missing),
}

impl Clone for Tri {
    #[inline]
    fn clone(&self) -> Self {
        match self {
            Tri::Known(v) => Tri::Known(v.clone()),
            Tri::Unknown(m) => Tri::Unknown(m.clone()),
        }
    }
}

impl Tri {
    /// Whether dropping this frees nothing (no shared text, list or
    /// record, no large fact set): then it may be forgotten instead.
    #[inline]
    pub(crate) fn is_plain(&self) -> bool {
        match self {
            Tri::Known(v) => !matches!(v, Value::Text(_) | Value::List(_) | Value::Record(_)),
            Tri::Unknown(m) => m.is_plain(),
        }
    }

    pub fn bool(b: bool) -> Tri {
        Tri::Known(Value::Bool(b))
    }

    /// `Some(b)` for a known boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Tri::Known(Value::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    pub fn missing(&self) -> Option<&Missing> {
        match self {
            Tri::Unknown(m) => Some(m),
            Tri::Known(_) => None,
        }
    }
}

// Unknown results are copied all the time: keep them at four words.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(size_of::<Tri>() == 32);
